//! Structural fingerprints of function bodies, for copy detection.
//!
//! The hash covers node kinds, operators, attribute names and the names of non-local
//! (global / builtin / imported-elsewhere) identifiers. Local variables and parameters are
//! numbered by first use, so consistently renamed locals hash the same; docstrings (and any
//! other bare string statement), string / number constants and annotations are left out.
//! A recursive call through the function's own name hashes as "self", so a renamed copy of a
//! recursive function matches too.
//!
//! One walk does it all: the structure goes into a byte buffer with a slot wherever a name
//! occurs, and the bound (local) names are collected on the way; the slots are filled in
//! when the buffer is hashed.
//!
//! The same walk writes the body's normalised token stream for its [`Shape`] (see
//! [`crate::lang::shape`]): one `u32` per node kind, operator, count, attribute / keyword /
//! imported name and name occurrence (locals as `LOCAL + n`, the function's own name as
//! `OWN`, other names hashed; a name expression is its name token alone), literals by kind (a number also as int / float / complex,
//! each literal part of an f-string as a part). Literal values and names as written go
//! into `exact` only. The fingerprint's byte buffer is unchanged by all this.

use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hasher};

use ruff_python_ast::visitor::{self, Visitor};

use super::util::binop_spine;
use crate::facts::Shape;
use crate::lang::shape::{self, Fnv, lit, tag, tok, tok_str};
use ruff_python_ast::{
    AnyNodeRef, BytesLiteral, ExceptHandler, Expr, ExprLambda, InterpolatedStringElement, Keyword,
    Number, Parameter, Parameters, Pattern, Stmt, StmtFunctionDef, StringLiteral,
};

/// How deep the fingerprint walks; deeper nodes are not hashed.
const MAX_DEPTH: u32 = 400;

/// Fingerprint and shape of a `def` (parameters and body; not its name, decorators or
/// annotations). With `receiver`, the first parameter (`self` / `cls`) is left out, so a
/// helper pasted into a class as a method hashes like the helper. The shape's `lines` are
/// left `(0, 0)` for the caller.
pub(super) fn of_function(f: &StmtFunctionDef, receiver: bool) -> (u64, Box<Shape>) {
    let mut fp = Fingerprint::default();
    fp.buf.push(u8::from(f.is_async));
    fp.toks.push(tok(tag::COUNT, u32::from(f.is_async)));
    fp.parameters(&f.parameters, usize::from(receiver));
    fp.visit_body(&f.body);
    fp.finish(f.name.as_str())
}

/// Fingerprint and shape of a lambda bound to `name` (parameters and body).
pub(super) fn of_lambda(l: &ExprLambda, name: &str) -> (u64, Box<Shape>) {
    let mut fp = Fingerprint::default();
    if let Some(p) = &l.parameters {
        fp.visit_parameters(p);
    }
    fp.visit_expr(&l.body);
    fp.finish(name)
}

/// Token tags in the hashed stream; node kinds are written as their own byte, and there are
/// fewer than `0xF0` of them, so a kind byte never looks like a tag.
const LOCAL: u8 = 0xF1;
const SELF: u8 = 0xF2;
const GLOBAL: u8 = 0xF3;
const ATTR: u8 = 0xF4;
const OP: u8 = 0xF5;

#[derive(Default)]
struct Fingerprint<'a> {
    /// The structure, with the names left out.
    buf: Vec<u8>,
    /// Each name occurrence: where it goes in `buf` and in `toks`, and the name.
    slots: Vec<(usize, usize, &'a str)>,
    /// The normalised token stream (names are placeholders until `finish`).
    toks: Vec<u32>,
    /// Literal values, in stream order (for `exact`).
    values: Fnv,
    /// Names bound in the function (parameters, assignment / loop / with / except / match
    /// targets, imports, nested defs and classes).
    bound: Vec<&'a str>,
    /// `global` / `nonlocal` names (not local even when assigned).
    global: Vec<&'a str>,
    depth: u32,
}

impl<'a> Fingerprint<'a> {
    /// Parameter counts, defaults, then each parameter in order, leaving out the first
    /// `skip` positional ones (a method's receiver).
    fn parameters(&mut self, p: &'a Parameters, skip: usize) {
        let positional = p.posonlyargs.len() + p.args.len();
        let skip = skip.min(positional);
        let skip_po = skip.min(p.posonlyargs.len());
        self.count(p.posonlyargs.len() - skip_po);
        self.count(p.args.len() - (skip - skip_po));
        self.count(usize::from(p.vararg.is_some()));
        self.count(p.kwonlyargs.len());
        self.count(usize::from(p.kwarg.is_some()));
        let kept = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .skip(skip)
            .chain(&p.kwonlyargs);
        for d in kept.clone().filter_map(|a| a.default.as_deref()) {
            self.visit_expr(d);
        }
        let positional = p.posonlyargs.iter().chain(&p.args).skip(skip);
        for a in positional {
            self.visit_parameter(&a.parameter);
        }
        if let Some(v) = &p.vararg {
            self.visit_parameter(v);
        }
        for a in &p.kwonlyargs {
            self.visit_parameter(&a.parameter);
        }
        if let Some(k) = &p.kwarg {
            self.visit_parameter(k);
        }
    }

    /// Fill in the name slots and hash the stream; the shape of the token stream.
    fn finish(mut self, self_name: &str) -> (u64, Box<Shape>) {
        self.bound.sort_unstable();
        self.bound.dedup();
        if !self.global.is_empty() {
            let global = std::mem::take(&mut self.global);
            self.bound.retain(|b| !global.contains(b));
        }
        // First-use number of each bound name (`u32::MAX` = not used yet).
        let mut ids = vec![u32::MAX; self.bound.len()];
        let mut next = 0u32;
        let mut out = Vec::with_capacity(self.buf.len() + 8 * self.slots.len());
        let mut from = 0;
        for &(at, ti, name) in &self.slots {
            out.extend_from_slice(&self.buf[from..at]);
            from = at;
            if let Ok(i) = self.bound.binary_search(&name) {
                if ids[i] == u32::MAX {
                    ids[i] = next;
                    next += 1;
                }
                out.push(LOCAL);
                out.extend_from_slice(&ids[i].to_le_bytes());
                self.toks[ti] = tok(tag::LOCAL, ids[i]);
            } else if name == self_name {
                out.push(SELF);
                self.toks[ti] = tok(tag::OWN, 0);
            } else {
                out.push(GLOBAL);
                out.extend_from_slice(name.as_bytes());
                out.push(0);
                self.toks[ti] = tok_str(tag::GLOBAL, name);
            }
        }
        out.extend_from_slice(&self.buf[from..]);
        let mut h = DefaultHasher::new();
        h.write(&out);
        (h.finish(), Box::new(self.shape()))
    }

    /// The shape of the filled-in token stream; `exact` also sees names as written and
    /// literal values.
    fn shape(&self) -> Shape {
        let mut names = Fnv::new();
        for &(_, _, name) in &self.slots {
            names.str(name);
        }
        let mut written = Fnv::new();
        written.u64(names.finish());
        written.u64(self.values.finish());
        shape::shape(&self.toks, written.finish(), (0, 0))
    }

    fn kind(&mut self, node: AnyNodeRef) {
        self.buf.push(node.kind() as u8);
        // A name's token says it is a name: its kind would only lengthen the stream.
        if !matches!(node, AnyNodeRef::ExprName(_)) {
            self.toks.push(tok(tag::KIND, node.kind() as u32));
        }
    }

    /// A named token: `tag` is the fingerprint's, `token_tag` the stream's.
    fn text(&mut self, tag: u8, token_tag: u8, s: &str) {
        self.buf.push(tag);
        self.buf.extend_from_slice(s.as_bytes());
        self.buf.push(0);
        self.toks.push(tok_str(token_tag, s));
    }

    fn name(&mut self, id: &'a str) {
        self.slots.push((self.buf.len(), self.toks.len(), id));
        self.toks.push(0);
    }

    fn count(&mut self, n: usize) {
        self.buf.extend_from_slice(&(n as u32).to_le_bytes());
        self.toks.push(tok(tag::COUNT, n as u32));
    }

    /// An operator: its number in the fingerprint, its text in the stream.
    fn op(&mut self, n: u8, s: &str) {
        self.buf.extend([OP, n]);
        self.toks.push(tok_str(tag::OP, s));
    }

    /// A literal value (in `exact` only).
    fn value(&mut self, f: impl FnOnce(&mut Fnv)) {
        f(&mut self.values);
        // A separator, so that `1, 2` and `12` differ.
        self.values.byte(0xFE);
    }
}

impl<'a> Visitor<'a> for Fingerprint<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        if let Stmt::Expr(e) = stmt
            && matches!(&*e.value, Expr::StringLiteral(_))
        {
            return;
        }
        self.depth += 1;
        self.kind(stmt.into());
        match stmt {
            Stmt::FunctionDef(f) => {
                self.bound.push(f.name.as_str());
                self.buf.push(u8::from(f.is_async));
            }
            Stmt::ClassDef(c) => self.bound.push(c.name.as_str()),
            Stmt::AugAssign(a) => self.op(a.op as u8, a.op.as_str()),
            Stmt::Import(i) => {
                for a in &i.names {
                    self.text(GLOBAL, tag::GLOBAL, a.name.as_str());
                    let local = a.asname.as_ref().unwrap_or(&a.name).as_str();
                    self.bound.push(local.split('.').next().unwrap_or(local));
                }
            }
            Stmt::ImportFrom(i) => {
                self.count(i.level as usize);
                self.text(
                    GLOBAL,
                    tag::GLOBAL,
                    i.module.as_ref().map_or("", |m| m.as_str()),
                );
                for a in &i.names {
                    self.text(GLOBAL, tag::GLOBAL, a.name.as_str());
                    self.bound
                        .push(a.asname.as_ref().unwrap_or(&a.name).as_str());
                }
            }
            Stmt::Global(g) => self.global.extend(g.names.iter().map(|n| n.as_str())),
            Stmt::Nonlocal(n) => self.global.extend(n.names.iter().map(|n| n.as_str())),
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
        self.depth -= 1;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.kind(expr.into());
        match expr {
            Expr::Name(n) => {
                if !n.ctx.is_load() {
                    self.bound.push(n.id.as_str());
                }
                self.name(n.id.as_str());
            }
            Expr::Attribute(a) => self.text(ATTR, tag::ATTR, a.attr.as_str()),
            Expr::BinOp(_) => {
                // Walk a long left-nested chain in a loop (see `walker`).
                let spine = binop_spine(expr);
                for b in &spine {
                    self.op(b.op as u8, b.op.as_str());
                }
                if let Some(last) = spine.last() {
                    self.visit_expr(&last.left);
                }
                for b in spine.iter().rev() {
                    self.visit_expr(&b.right);
                }
                self.depth -= 1;
                return;
            }
            Expr::UnaryOp(u) => self.op(u.op as u8, u.op.as_str()),
            Expr::BoolOp(b) => {
                self.op(b.op as u8, b.op.as_str());
                self.count(b.values.len());
            }
            Expr::Compare(c) => {
                self.buf.push(OP);
                self.buf.extend(c.ops.iter().map(|op| *op as u8));
                self.toks
                    .extend(c.ops.iter().map(|op| tok_str(tag::OP, op.as_str())));
            }
            Expr::BooleanLiteral(b) => {
                self.buf.push(u8::from(b.value));
                self.value(|h| h.byte(u8::from(b.value)));
            }
            Expr::NumberLiteral(n) => {
                let kind = match &n.value {
                    Number::Int(i) => {
                        self.value(|h| _ = write!(h, "{i}"));
                        lit::INT
                    }
                    Number::Float(f) => {
                        self.value(|h| h.u64(f.to_bits()));
                        lit::FLOAT
                    }
                    Number::Complex { real, imag } => {
                        self.value(|h| {
                            h.u64(real.to_bits());
                            h.u64(imag.to_bits());
                        });
                        lit::COMPLEX
                    }
                };
                self.toks.push(tok(tag::LIT, kind));
            }
            Expr::Call(c) => self.count(c.arguments.args.len()),
            _ => {}
        }
        visitor::walk_expr(self, expr);
        self.depth -= 1;
    }

    fn visit_keyword(&mut self, keyword: &'a Keyword) {
        let arg = keyword.arg.as_ref().map_or("**", |a| a.as_str());
        self.text(ATTR, tag::ATTR, arg);
        visitor::walk_keyword(self, keyword);
    }

    fn visit_parameters(&mut self, parameters: &'a Parameters) {
        self.parameters(parameters, 0);
    }

    fn visit_parameter(&mut self, parameter: &'a Parameter) {
        // Number the parameter in order, so positional order matters but names do not.
        self.bound.push(parameter.name.as_str());
        self.name(parameter.name.as_str());
    }

    fn visit_pattern(&mut self, pattern: &'a Pattern) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.kind(pattern.into());
        let capture = match pattern {
            Pattern::MatchAs(p) => p.name.as_ref(),
            Pattern::MatchStar(p) => p.name.as_ref(),
            Pattern::MatchMapping(p) => p.rest.as_ref(),
            _ => None,
        };
        if let Some(name) = capture {
            self.bound.push(name.as_str());
            self.name(name.as_str());
        }
        visitor::walk_pattern(self, pattern);
        self.depth -= 1;
    }

    fn visit_except_handler(&mut self, handler: &'a ExceptHandler) {
        let ExceptHandler::ExceptHandler(h) = handler;
        if let Some(name) = &h.name {
            self.bound.push(name.as_str());
            self.name(name.as_str());
        }
        visitor::walk_except_handler(self, handler);
    }

    fn visit_annotation(&mut self, _expr: &'a Expr) {}

    fn visit_string_literal(&mut self, s: &'a StringLiteral) {
        self.value(|h| h.str(&s.value));
    }

    fn visit_bytes_literal(&mut self, b: &'a BytesLiteral) {
        self.value(|h| h.bytes(&b.value));
    }

    fn visit_interpolated_string_element(&mut self, e: &'a InterpolatedStringElement) {
        match e {
            InterpolatedStringElement::Literal(l) => {
                self.value(|h| h.str(&l.value));
                self.toks.push(tok(tag::LIT, lit::FSTR_PART));
            }
            InterpolatedStringElement::Interpolation(i) => {
                self.toks.push(tok(
                    tag::OPEN,
                    u32::from(i.conversion.to_byte().unwrap_or(0)),
                ));
            }
        }
        visitor::walk_interpolated_string_element(self, e);
    }
}
