//! Structural fingerprints of function and closure bodies, for copy detection.
//!
//! The hash walks node kinds, operators, field / method names and the names of non-local
//! identifiers. Identifiers bound inside the function (parameters, `let`, closure and
//! `match` bindings) are numbered by first use, so consistently renamed locals hash the
//! same; literals hash by kind only (booleans by value); types and attributes are left out.
//! A recursive call through the function's own name hashes as "self", so a renamed copy of
//! a recursive function matches. Macro bodies hash token by token.
//!
//! The same walk writes the body's normalised token stream for its [`Shape`] (see
//! [`crate::lang::shape`]): one `u32` per expression / statement / pattern kind, operator,
//! count, path segment, method and field name, name occurrence (locals as `LOCAL + n` by
//! first use, the function's own name as `OWN`, other names hashed) and macro token;
//! literals by kind. Literal values (their source text) and names as written go into
//! `exact` only.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::mem::discriminant;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{BinOp, Block, Expr, ExprClosure, Ident, Lit, Member, Pat, Signature, Stmt, UnOp};

use crate::facts::Shape;
use crate::lang::shape::{self, Fnv, lit, tag, tok, tok_str};

/// How deep the fingerprint walks; deeper nodes are not hashed.
const MAX_DEPTH: u32 = 400;

/// Fingerprint and shape of a function (parameters and body; not its name, attributes or
/// types); `src` is the parsed text (literal values are read from it). The shape's `lines`
/// are left `(0, 0)` for the caller.
pub(super) fn of_fn(sig: &Signature, body: &Block, src: &str) -> (u64, Box<Shape>) {
    let mut locals = Locals::default();
    locals.visit_signature(sig);
    locals.visit_block(body);
    let mut fp = Fingerprint::new(locals.bound, Some(sig.ident.to_string()), src);
    sig.asyncness.is_some().hash(&mut fp.hasher);
    fp.push(tok(tag::COUNT, u32::from(sig.asyncness.is_some())));
    // The receiver is left out, so a helper pasted into an `impl` as a method hashes like
    // the helper (a body that uses `self` differs anyway).
    let typed: Vec<&syn::PatType> = sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => Some(t),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    typed.len().hash(&mut fp.hasher);
    fp.push(tok(tag::COUNT, typed.len() as u32));
    for t in typed {
        fp.visit_pat(&t.pat);
    }
    fp.visit_block(body);
    fp.finish()
}

/// Fingerprint and shape of a closure (parameters and body), as [`of_fn`].
pub(super) fn of_closure(c: &ExprClosure, src: &str) -> (u64, Box<Shape>) {
    let mut locals = Locals::default();
    locals.visit_expr_closure(c);
    let mut fp = Fingerprint::new(locals.bound, None, src);
    c.inputs.len().hash(&mut fp.hasher);
    fp.push(tok(tag::COUNT, c.inputs.len() as u32));
    fp.visit_expr_closure(c);
    fp.finish()
}

/// Names bound by patterns inside the function.
#[derive(Default)]
struct Locals {
    bound: HashSet<String>,
    depth: u32,
}

impl<'ast> Visit<'ast> for Locals {
    fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
        self.bound.insert(p.ident.to_string());
        visit::visit_pat_ident(self, p);
    }

    fn visit_expr(&mut self, e: &'ast Expr) {
        if self.depth < MAX_DEPTH {
            self.depth += 1;
            visit::visit_expr(self, e);
            self.depth -= 1;
        }
    }

    fn visit_type(&mut self, _: &'ast syn::Type) {}

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

struct Fingerprint<'s> {
    hasher: DefaultHasher,
    /// The normalised token stream.
    toks: Vec<u32>,
    /// Names as written and literal values, in stream order (for `exact`).
    written: Fnv,
    src: &'s str,
    locals: HashSet<String>,
    ids: HashMap<String, u32>,
    self_name: Option<String>,
    depth: u32,
}

impl<'s> Fingerprint<'s> {
    fn new(locals: HashSet<String>, self_name: Option<String>, src: &'s str) -> Self {
        Fingerprint {
            hasher: DefaultHasher::new(),
            toks: Vec::new(),
            written: Fnv::new(),
            src,
            locals,
            ids: HashMap::new(),
            self_name,
            depth: 0,
        }
    }

    fn finish(self) -> (u64, Box<Shape>) {
        let shape = shape::shape(&self.toks, self.written.finish(), (0, 0));
        (self.hasher.finish(), Box::new(shape))
    }

    fn push(&mut self, t: u32) {
        self.toks.push(t);
    }

    /// A literal of kind `kind` whose source text is at `span` (in `exact` only).
    fn literal(&mut self, kind: u32, span: proc_macro2::Span) {
        self.push(tok(tag::LIT, kind));
        self.written.str(
            self.src
                .get(super::offsets::byte_range(span))
                .unwrap_or_default(),
        );
    }

    fn name(&mut self, id: &str) {
        let t = if self.locals.contains(id) {
            let next = self.ids.len() as u32;
            let n = *self.ids.entry(id.to_string()).or_insert(next);
            (1u8, n).hash(&mut self.hasher);
            tok(tag::LOCAL, n)
        } else if self.self_name.as_deref() == Some(id) {
            2u8.hash(&mut self.hasher);
            tok(tag::OWN, 0)
        } else {
            (3u8, id).hash(&mut self.hasher);
            tok_str(tag::GLOBAL, id)
        };
        self.toks.push(t);
        self.written.str(id);
    }

    fn tokens(&mut self, ts: &TokenStream, depth: u32) {
        if depth > MAX_DEPTH {
            return;
        }
        for tt in ts.clone() {
            match tt {
                TokenTree::Ident(i) => self.name(&i.to_string()),
                TokenTree::Punct(p) => {
                    (4u8, p.as_char()).hash(&mut self.hasher);
                    self.push(tok(tag::PUNCT, p.as_char() as u32));
                }
                TokenTree::Literal(l) => {
                    5u8.hash(&mut self.hasher);
                    self.literal(lit::OTHER, l.span());
                }
                TokenTree::Group(g) => {
                    (6u8, g.delimiter() as u8).hash(&mut self.hasher);
                    let d = delimiter(g.delimiter());
                    self.push(tok(tag::OPEN, d));
                    self.tokens(&g.stream(), depth + 1);
                    self.push(tok(tag::CLOSE, d));
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Fingerprint<'_> {
    fn visit_expr(&mut self, e: &'ast Expr) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        discriminant(e).hash(&mut self.hasher);
        self.push(tok(tag::KIND, expr_kind(e)));
        visit::visit_expr(self, e);
        self.depth -= 1;
    }

    fn visit_stmt(&mut self, s: &'ast Stmt) {
        discriminant(s).hash(&mut self.hasher);
        self.push(tok(tag::KIND, stmt_kind(s)));
        visit::visit_stmt(self, s);
    }

    fn visit_pat(&mut self, p: &'ast Pat) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        discriminant(p).hash(&mut self.hasher);
        self.push(tok(tag::KIND, pat_kind(p)));
        visit::visit_pat(self, p);
        self.depth -= 1;
    }

    fn visit_ident(&mut self, i: &'ast Ident) {
        self.name(&i.to_string());
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.leading_colon.is_none() && p.segments.len() == 1 {
            self.name(&p.segments[0].ident.to_string());
        } else {
            for s in &p.segments {
                let seg = s.ident.to_string();
                self.push(tok_str(tag::SEGMENT, &seg));
                (9u8, seg).hash(&mut self.hasher);
            }
        }
    }

    fn visit_expr_method_call(&mut self, c: &'ast syn::ExprMethodCall) {
        let method = c.method.to_string();
        self.push(tok_str(tag::METHOD, &method));
        self.push(tok(tag::COUNT, c.args.len() as u32));
        (10u8, method, c.args.len()).hash(&mut self.hasher);
        self.visit_expr(&c.receiver);
        for a in &c.args {
            self.visit_expr(a);
        }
    }

    fn visit_member(&mut self, m: &'ast Member) {
        match m {
            Member::Named(i) => {
                let field = i.to_string();
                self.push(tok_str(tag::ATTR, &field));
                (7u8, field).hash(&mut self.hasher);
            }
            Member::Unnamed(i) => {
                self.push(tok(tag::FIELD, i.index));
                (8u8, i.index).hash(&mut self.hasher);
            }
        }
    }

    fn visit_lit(&mut self, l: &'ast Lit) {
        discriminant(l).hash(&mut self.hasher);
        if let Lit::Bool(b) = l {
            b.value.hash(&mut self.hasher);
        }
        let kind = match l {
            Lit::Str(_) => lit::STR,
            Lit::ByteStr(_) => lit::BYTES,
            Lit::CStr(_) => lit::CSTR,
            Lit::Byte(_) => lit::BYTE,
            Lit::Char(_) => lit::CHAR,
            Lit::Int(_) => lit::INT,
            Lit::Float(_) => lit::FLOAT,
            Lit::Bool(_) => lit::BOOL,
            _ => lit::OTHER,
        };
        self.literal(kind, l.span());
    }

    fn visit_bin_op(&mut self, op: &'ast BinOp) {
        discriminant(op).hash(&mut self.hasher);
        self.push(tok_str(tag::OP, bin_op(op)));
    }

    fn visit_un_op(&mut self, op: &'ast UnOp) {
        discriminant(op).hash(&mut self.hasher);
        let s = match op {
            UnOp::Deref(_) => "deref",
            UnOp::Not(_) => "!",
            UnOp::Neg(_) => "neg",
            _ => "?",
        };
        self.push(tok_str(tag::OP, s));
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.visit_path(&m.path);
        self.tokens(&m.tokens, 0);
    }

    fn visit_type(&mut self, _: &'ast syn::Type) {}

    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}

    fn visit_lifetime(&mut self, _: &'ast syn::Lifetime) {}
}

/// A fixed number per delimiter.
fn delimiter(d: proc_macro2::Delimiter) -> u32 {
    use proc_macro2::Delimiter as D;
    match d {
        D::Parenthesis => 1,
        D::Brace => 2,
        D::Bracket => 3,
        D::None => 4,
    }
}

/// A fixed number per statement kind (`0x100..`, apart from expressions and patterns).
fn stmt_kind(s: &Stmt) -> u32 {
    0x100
        + match s {
            Stmt::Local(_) => 1,
            Stmt::Item(_) => 2,
            Stmt::Expr(_, None) => 3,
            Stmt::Expr(_, Some(_)) => 4,
            Stmt::Macro(_) => 5,
        }
}

/// A fixed number per pattern kind (`0x200..`).
fn pat_kind(p: &Pat) -> u32 {
    0x200
        + match p {
            Pat::Const(_) => 1,
            Pat::Guard(_) => 2,
            Pat::Ident(_) => 3,
            Pat::Lit(_) => 4,
            Pat::Macro(_) => 5,
            Pat::Or(_) => 6,
            Pat::Paren(_) => 7,
            Pat::Path(_) => 8,
            Pat::Range(_) => 9,
            Pat::Reference(_) => 10,
            Pat::Rest(_) => 11,
            Pat::Slice(_) => 12,
            Pat::Struct(_) => 13,
            Pat::Tuple(_) => 14,
            Pat::TupleStruct(_) => 15,
            Pat::Type(_) => 16,
            Pat::Wild(_) => 17,
            _ => 0,
        }
}

/// A fixed number per expression kind (stable whatever the order of syn's variants).
fn expr_kind(e: &Expr) -> u32 {
    match e {
        Expr::Array(_) => 1,
        Expr::Assign(_) => 2,
        Expr::Async(_) => 3,
        Expr::Await(_) => 4,
        Expr::Binary(_) => 5,
        Expr::Block(_) => 6,
        Expr::Break(_) => 7,
        Expr::Call(_) => 8,
        Expr::Cast(_) => 9,
        Expr::Closure(_) => 10,
        Expr::Const(_) => 11,
        Expr::Continue(_) => 12,
        Expr::Field(_) => 13,
        Expr::ForLoop(_) => 14,
        Expr::Group(_) => 15,
        Expr::If(_) => 16,
        Expr::Index(_) => 17,
        Expr::Infer(_) => 18,
        Expr::Let(_) => 19,
        Expr::Lit(_) => 20,
        Expr::Loop(_) => 21,
        Expr::Macro(_) => 22,
        Expr::Match(_) => 23,
        Expr::MethodCall(_) => 24,
        Expr::Paren(_) => 25,
        Expr::Path(_) => 26,
        Expr::Range(_) => 27,
        Expr::RawAddr(_) => 28,
        Expr::Reference(_) => 29,
        Expr::Repeat(_) => 30,
        Expr::Return(_) => 31,
        Expr::Struct(_) => 32,
        Expr::Try(_) => 33,
        Expr::TryBlock(_) => 34,
        Expr::Tuple(_) => 35,
        Expr::Unary(_) => 36,
        Expr::Unsafe(_) => 37,
        Expr::While(_) => 38,
        Expr::Yield(_) => 39,
        _ => 0,
    }
}

/// An operator's text.
fn bin_op(op: &BinOp) -> &'static str {
    match op {
        BinOp::Add(_) => "+",
        BinOp::Sub(_) => "-",
        BinOp::Mul(_) => "*",
        BinOp::Div(_) => "/",
        BinOp::Rem(_) => "%",
        BinOp::And(_) => "&&",
        BinOp::Or(_) => "||",
        BinOp::BitXor(_) => "^",
        BinOp::BitAnd(_) => "&",
        BinOp::BitOr(_) => "|",
        BinOp::Shl(_) => "<<",
        BinOp::Shr(_) => ">>",
        BinOp::Eq(_) => "==",
        BinOp::Lt(_) => "<",
        BinOp::Le(_) => "<=",
        BinOp::Ne(_) => "!=",
        BinOp::Ge(_) => ">=",
        BinOp::Gt(_) => ">",
        BinOp::AddAssign(_) => "+=",
        BinOp::SubAssign(_) => "-=",
        BinOp::MulAssign(_) => "*=",
        BinOp::DivAssign(_) => "/=",
        BinOp::RemAssign(_) => "%=",
        BinOp::BitXorAssign(_) => "^=",
        BinOp::BitAndAssign(_) => "&=",
        BinOp::BitOrAssign(_) => "|=",
        BinOp::ShlAssign(_) => "<<=",
        BinOp::ShrAssign(_) => ">>=",
        _ => "?",
    }
}
