//! Calls that may be sinks (SSOT008) and the values that reach them: macro calls
//! (`tracing::info!(..)`, `info!(..)`) and function / method calls whose last name
//! [`crate::lang::ExtractOptions::call_names`] asks for, each with the [`Flow`]s of its
//! arguments, traced back through the `let` bindings and parameters of the enclosing fn.
//!
//! Only compact records are kept during the walk ([`RawCall`]); their paths are resolved
//! through `use` declarations once the walk is over, like references. With no call names
//! asked for, nothing here runs (the walker holds no [`Calls`]).
//!
//! Spans: a flow's `span` (and a binding's `origin`) covers the expression that carries the
//! value without transparent wrappers (`ws.client_state` in `&ws.client_state.clone()`);
//! a constructor's flow covers the whole call (`WebSocketState::from(raw)`).

use std::collections::HashSet;
use std::sync::Arc;

use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, FnArg, Lit, Pat, Type, UnOp};

use super::CrateCtx;
use super::items::name;
use super::resolve::{RawRef, Resolver, Scope};
use super::walker::Walker;
use crate::facts::{Call, Flow, Span};
use crate::lang::ExtractOptions;

/// Deepest expression nesting followed when collecting values.
const MAX_VALUE_DEPTH: u32 = 256;

/// Zero-argument methods that keep their receiver's substance.
const TRANSPARENT: &[&str] = &["clone", "to_string", "to_owned", "as_ref", "borrow"];

/// Associated functions of a type (`WebSocketState::from(raw)`) that construct it.
const CONSTRUCTORS: &[&str] = &["from", "try_from", "new", "parse"];

/// Types whose `new` only wraps its argument (`Box::new(x)`).
const WRAPPERS: &[&str] = &["Box", "Rc", "Arc"];

/// Macros whose first positional argument is a level (`log!(Level::Info, ..)`,
/// `event!(Level::INFO, ..)`), not a value.
const LEVELLED: &[&str] = &["log", "event", "span"];

/// A chain of names as written; its first `path` names (none when `path` is 0: a local,
/// `self`) are a path resolved through `use` declarations at the end.
#[derive(Debug, Clone, Default)]
struct RawChain {
    segs: Vec<String>,
    path: usize,
    leading_colon: bool,
}

impl RawChain {
    fn local(segs: Vec<String>) -> Self {
        RawChain {
            segs,
            path: 0,
            leading_colon: false,
        }
    }
}

#[derive(Debug, Clone)]
struct RawFlow {
    chain: RawChain,
    ty: Option<String>,
    span: Span,
    origin: Option<Span>,
    inline: bool,
}

#[derive(Debug)]
struct RawCall {
    scope: usize,
    callee: RawChain,
    /// A macro: a bare name may come from a glob import or `#[macro_use]`.
    is_macro: bool,
    receiver_from: Option<RawChain>,
    span: Span,
    values: Vec<RawFlow>,
}

/// What a local name is bound to.
#[derive(Debug, Clone)]
enum Bound {
    /// `let x = <init>`: the values the initializer carries (none for a call's result),
    /// the declared type, the span of the initializer, and the call it is the result of.
    Values {
        flows: Vec<RawFlow>,
        ty: Option<String>,
        init: Span,
        call: Option<RawChain>,
    },
    /// A parameter, a pattern binding or an uninitialised `let`: the value is the name.
    Opaque { ty: Option<String> },
}

/// The call-recording state of a walk.
pub(super) struct Calls {
    names: Arc<HashSet<String>>,
    calls: Vec<RawCall>,
    /// Callee spans already recorded (a macro body may be visited twice).
    seen: HashSet<(u32, u32)>,
    /// Local bindings, innermost last (shadowing: the last one of a name wins).
    locals: Vec<(String, Bound)>,
    /// Where each enclosing fn's bindings start in `locals`.
    fns: Vec<usize>,
    /// Crates named by `#[macro_use] extern crate x;` in this file.
    macro_use: Vec<String>,
}

impl Calls {
    /// The state for a walk, or `None` when no calls are asked for.
    pub(super) fn new(opts: &ExtractOptions) -> Option<Box<Calls>> {
        if opts.call_names.is_empty() {
            return None;
        }
        Some(Box::new(Calls {
            names: opts.call_names.clone(),
            calls: Vec::new(),
            seen: HashSet::new(),
            locals: Vec::new(),
            fns: Vec::new(),
            macro_use: Vec::new(),
        }))
    }

    fn lookup(&self, name: &str) -> Option<&Bound> {
        let base = self.fns.last().copied().unwrap_or(0);
        self.locals[base.min(self.locals.len())..]
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b)
    }
}

/// A type's last name, through references, parentheses and `Option<..>`.
fn type_last(ty: &Type) -> Option<String> {
    match ty {
        Type::Reference(r) => type_last(&r.elem),
        Type::Paren(p) => type_last(&p.elem),
        Type::Group(g) => type_last(&g.elem),
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            if last.ident == "Option"
                && let syn::PathArguments::AngleBracketed(a) = &last.arguments
                && let Some(syn::GenericArgument::Type(inner)) = a.args.first()
            {
                return type_last(inner);
            }
            Some(name(&last.ident))
        }
        _ => None,
    }
}

/// Every identifier a pattern binds.
fn pat_idents(p: &Pat, out: &mut Vec<String>, depth: u32) {
    if depth > MAX_VALUE_DEPTH {
        return;
    }
    let d = depth + 1;
    match p {
        Pat::Ident(i) => {
            out.push(name(&i.ident));
            if let Some((_, sub)) = &i.subpat {
                pat_idents(sub, out, d);
            }
        }
        Pat::Or(o) => o.cases.iter().for_each(|c| pat_idents(c, out, d)),
        Pat::Paren(x) => pat_idents(&x.pat, out, d),
        Pat::Reference(x) => pat_idents(&x.pat, out, d),
        Pat::Slice(x) => x.elems.iter().for_each(|c| pat_idents(c, out, d)),
        Pat::Struct(x) => x.fields.iter().for_each(|f| pat_idents(&f.pat, out, d)),
        Pat::Tuple(x) => x.elems.iter().for_each(|c| pat_idents(c, out, d)),
        Pat::TupleStruct(x) => x.elems.iter().for_each(|c| pat_idents(c, out, d)),
        Pat::Type(x) => pat_idents(&x.pat, out, d),
        _ => {}
    }
}

/// `x` or `x: T` (with `T`'s name): a pattern binding a single name.
fn single_ident(p: &Pat) -> Option<(String, Option<String>)> {
    match p {
        Pat::Ident(i) if i.subpat.is_none() => Some((name(&i.ident), None)),
        Pat::Type(t) => match &*t.pat {
            Pat::Ident(i) if i.subpat.is_none() => Some((name(&i.ident), type_last(&t.ty))),
            _ => None,
        },
        _ => None,
    }
}

/// Strip what keeps a value as it is (`&x`, `*x`, `(x)`, `x?`, `x.await`, `x as T`,
/// `x.clone()`, ...).
fn strip(mut e: &Expr) -> &Expr {
    for _ in 0..MAX_VALUE_DEPTH {
        e = match e {
            Expr::Reference(r) => &r.expr,
            Expr::Unary(u) if matches!(u.op, UnOp::Deref(_)) => &u.expr,
            Expr::Paren(p) => &p.expr,
            Expr::Group(g) => &g.expr,
            Expr::Try(t) => &t.expr,
            Expr::Await(a) => &a.base,
            Expr::Cast(c) => &c.expr,
            Expr::MethodCall(m)
                if m.args.is_empty() && TRANSPARENT.iter().any(|t| m.method == t) =>
            {
                &m.receiver
            }
            _ => return e,
        };
    }
    e
}

/// A call's result unwrapped (`f()?`, `f().unwrap()`, `f().await`, `f().expect("..")`).
fn unwrap_call(mut e: &Expr) -> &Expr {
    for _ in 0..MAX_VALUE_DEPTH {
        e = match e {
            Expr::Paren(p) => &p.expr,
            Expr::Group(g) => &g.expr,
            Expr::Try(t) => &t.expr,
            Expr::Await(a) => &a.base,
            Expr::MethodCall(m)
                if (m.method == "unwrap" && m.args.is_empty())
                    || (m.method == "expect" && m.args.len() == 1) =>
            {
                &m.receiver
            }
            _ => return e,
        };
    }
    e
}

/// Inline captures `{name}`, `{name:?}`, `{name:>10}` in a string literal's source text
/// (`"..."`, `r"..."`, `r#"..."#`): each name with its byte range in `lit`. Positional
/// `{}` / `{0}` and escaped `{{` are not captures.
pub(super) fn captures(lit: &str) -> Vec<(String, usize, usize)> {
    let b = lit.as_bytes();
    let (raw, start, hashes) = match b.first() {
        Some(b'"') => (false, 1, 0),
        Some(b'r') => {
            let h = b[1..].iter().take_while(|&&c| c == b'#').count();
            if b.get(1 + h) != Some(&b'"') {
                return Vec::new();
            }
            (true, 2 + h, h)
        }
        _ => return Vec::new(),
    };
    let end = b.len().saturating_sub(1 + hashes).max(start);
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        match b[i] {
            b'\\' if !raw => {
                i += 1;
                if b.get(i) == Some(&b'u') && b.get(i + 1) == Some(&b'{') {
                    while i < end && b[i] != b'}' {
                        i += 1;
                    }
                }
                i += 1;
            }
            b'{' if b.get(i + 1) == Some(&b'{') => i += 2,
            b'{' => {
                let s = i + 1;
                let mut j = s;
                while j < end && b[j] != b'}' && b[j] != b':' {
                    j += 1;
                }
                if let Some(n) = lit.get(s..j)
                    && n != "_"
                    && crate::lang::is_ident(n)
                {
                    out.push((n.to_string(), s, j));
                }
                while j < end && b[j] != b'}' {
                    j += 1;
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// One comma-separated argument of a macro.
enum Piece {
    /// `target: ..`, `parent: ..`: not a logged value; or an argument that is no expression.
    Skip,
    /// `name = value`, `name = ?value`, `field.sub = %value`, `"name" = value`.
    Named(String, Expr),
    /// `value`, `?value`, `%value`; `true` when it is a dotted name that may be a `tracing`
    /// field shorthand (`?ws.state`, or a bare `ws.state` before the message), which takes
    /// only names: a wrapped value cannot stand there.
    Value(Expr, bool),
}

fn punct(t: Option<&TokenTree>, c: char) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

/// Split a macro body on its top-level commas.
fn split_args(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut out = vec![Vec::new()];
    for t in tokens {
        match &t {
            TokenTree::Punct(p) if p.as_char() == ',' => out.push(Vec::new()),
            _ => {
                if let Some(last) = out.last_mut() {
                    last.push(t);
                }
            }
        }
    }
    if out.last().is_some_and(Vec::is_empty) {
        out.pop();
    }
    out
}

/// Parse `toks` (after any `?` / `%`) as an expression.
fn parse_value(toks: &[TokenTree]) -> Option<Expr> {
    let toks = match toks.first() {
        Some(TokenTree::Punct(p)) if matches!(p.as_char(), '?' | '%') => &toks[1..],
        _ => toks,
    };
    if toks.is_empty() {
        return None;
    }
    syn::parse2::<Expr>(toks.iter().cloned().collect()).ok()
}

fn piece(toks: &[TokenTree]) -> Piece {
    // `key: value` (not `a::b`).
    if let (Some(TokenTree::Ident(_)), Some(TokenTree::Punct(p))) = (toks.first(), toks.get(1))
        && p.as_char() == ':'
        && !(p.spacing() == Spacing::Joint && punct(toks.get(2), ':'))
    {
        return Piece::Skip;
    }
    // `name = value`: a dotted name or a string, then a lone `=`.
    let mut k = 0;
    let mut field = String::new();
    match toks.first() {
        Some(TokenTree::Literal(l)) => {
            field = l.to_string().trim_matches('"').to_string();
            k = 1;
        }
        Some(TokenTree::Ident(_)) => {
            while let Some(TokenTree::Ident(i)) = toks.get(k) {
                field.push_str(&i.to_string());
                k += 1;
                if punct(toks.get(k), '.') && matches!(toks.get(k + 1), Some(TokenTree::Ident(_))) {
                    field.push('.');
                    k += 1;
                } else {
                    break;
                }
            }
        }
        _ => {}
    }
    if k > 0
        && let Some(TokenTree::Punct(p)) = toks.get(k)
        && p.as_char() == '='
        && p.spacing() == Spacing::Alone
    {
        return match parse_value(&toks[k + 1..]) {
            Some(e) => Piece::Named(field, e),
            None => Piece::Skip,
        };
    }
    let names = match toks.first() {
        Some(TokenTree::Punct(p)) if matches!(p.as_char(), '?' | '%') => &toks[1..],
        _ => toks,
    };
    let dotted = !names.is_empty()
        && names.iter().enumerate().all(|(i, t)| match t {
            TokenTree::Ident(_) => i % 2 == 0,
            TokenTree::Punct(p) => i % 2 == 1 && p.as_char() == '.',
            _ => false,
        });
    match parse_value(toks) {
        Some(e) => Piece::Value(e, dotted),
        None => Piece::Skip,
    }
}

/// The pieces of a macro body.
fn pieces(m: &syn::Macro) -> Vec<Piece> {
    split_args(m.tokens.clone())
        .iter()
        .map(|t| piece(t))
        .collect()
}

/// Call, method call and macro expressions inside an expression (macro bodies excepted).
#[derive(Default)]
struct Nested<'ast> {
    found: Vec<&'ast Expr>,
}

impl<'ast> Visit<'ast> for Nested<'ast> {
    fn visit_expr(&mut self, e: &'ast Expr) {
        if matches!(e, Expr::Call(_) | Expr::MethodCall(_) | Expr::Macro(_)) {
            self.found.push(e);
        }
        syn::visit::visit_expr(self, e);
    }
}

/// A chain's root: where its first names come from.
enum Root<'b> {
    /// A path resolved at the end (or `self`, a local kept as written).
    Chain(RawChain),
    /// A local binding.
    Local(String, &'b Bound),
}

impl Walker<'_> {
    fn recorded(&self, name: &str) -> bool {
        self.calls.as_ref().is_some_and(|c| c.names.contains(name))
    }

    /// The path `p` as a chain (`Self` replaced by the impl's type).
    fn path_chain(&self, p: &syn::Path) -> RawChain {
        let mut segs: Vec<String> = p.segments.iter().map(|s| name(&s.ident)).collect();
        let mut path = segs.len();
        if segs.first().is_some_and(|s| s == "Self") {
            match self.self_ty() {
                Some(t) => segs[0] = t.to_string(),
                None => path = 0,
            }
        }
        if segs.len() == 1 && segs[0] == "self" {
            path = 0;
        }
        RawChain {
            segs,
            path,
            leading_colon: p.leading_colon.is_some(),
        }
    }

    fn root<'b>(&'b self, p: &syn::Path) -> Root<'b> {
        if p.leading_colon.is_none()
            && p.segments.len() == 1
            && let Some(calls) = &self.calls
        {
            let n = name(&p.segments[0].ident);
            if let Some(b) = calls.lookup(&n) {
                return Root::Local(n, b);
            }
        }
        Root::Chain(self.path_chain(p))
    }

    /// A chain of fields and getters (`ws.inner.state`, `ws.state().name()`): its root path
    /// and the names after it. Transparent calls are skipped; anything else ends it.
    fn chain_parts<'e>(&self, e: &'e Expr, getters: bool) -> Option<(&'e syn::Path, Vec<String>)> {
        let mut rest = Vec::new();
        let mut e = e;
        for _ in 0..MAX_VALUE_DEPTH {
            match e {
                Expr::Path(p) if p.qself.is_none() => {
                    rest.reverse();
                    return Some((&p.path, rest));
                }
                Expr::Field(f) => {
                    rest.push(match &f.member {
                        syn::Member::Named(i) => name(i),
                        syn::Member::Unnamed(i) => i.index.to_string(),
                    });
                    e = &f.base;
                }
                Expr::MethodCall(m) if getters && m.args.is_empty() => {
                    if !TRANSPARENT.iter().any(|t| m.method == t) {
                        rest.push(name(&m.method));
                    }
                    e = &m.receiver;
                }
                Expr::Paren(p) => e = &p.expr,
                Expr::Group(g) => e = &g.expr,
                _ => return None,
            }
        }
        None
    }

    /// The flows of a chain expression `e` (carrying span `span`).
    fn chain_values(&self, e: &Expr, span: Span, inline: bool, out: &mut Vec<RawFlow>) {
        let Some((path, rest)) = self.chain_parts(e, true) else {
            return;
        };
        self.root_values(path, rest, span, inline, out);
    }

    fn root_values(
        &self,
        path: &syn::Path,
        rest: Vec<String>,
        span: Span,
        inline: bool,
        out: &mut Vec<RawFlow>,
    ) {
        let flow = |chain: RawChain, ty: Option<String>, origin: Option<Span>| RawFlow {
            chain,
            ty,
            span,
            origin,
            inline,
        };
        match self.root(path) {
            Root::Chain(mut c) => {
                c.segs.extend(rest);
                out.push(flow(c, None, None));
            }
            Root::Local(n, Bound::Opaque { ty }) => {
                let ty = if rest.is_empty() { ty.clone() } else { None };
                let mut segs = vec![n];
                segs.extend(rest);
                out.push(flow(RawChain::local(segs), ty, None));
            }
            Root::Local(
                n,
                Bound::Values {
                    flows, ty, init, ..
                },
            ) => {
                let chained: Vec<&RawFlow> =
                    flows.iter().filter(|f| !f.chain.segs.is_empty()).collect();
                if rest.is_empty() {
                    for f in flows {
                        out.push(flow(
                            f.chain.clone(),
                            ty.clone().or_else(|| f.ty.clone()),
                            f.origin,
                        ));
                    }
                    if flows.is_empty() && ty.is_some() {
                        out.push(flow(RawChain::default(), ty.clone(), Some(*init)));
                    }
                } else if chained.is_empty() {
                    let mut segs = vec![n];
                    segs.extend(rest);
                    out.push(flow(RawChain::local(segs), None, None));
                } else {
                    for f in chained {
                        let mut c = f.chain.clone();
                        c.segs.extend(rest.iter().cloned());
                        out.push(flow(c, None, f.origin));
                    }
                }
            }
        }
    }

    /// The values `e` carries to a call (see [`crate::facts::Flow`]).
    fn values(&self, e: &Expr, out: &mut Vec<RawFlow>, depth: u32) {
        if depth > MAX_VALUE_DEPTH {
            return;
        }
        let d = depth + 1;
        let e = strip(e);
        match e {
            Expr::Tuple(t) => t.elems.iter().for_each(|x| self.values(x, out, d)),
            Expr::Array(a) => a.elems.iter().for_each(|x| self.values(x, out, d)),
            Expr::Struct(s) => s.fields.iter().for_each(|f| self.values(&f.expr, out, d)),
            Expr::Macro(m) => self.macro_values(&m.mac, out, d),
            Expr::Call(c) => self.call_values(c, out, d),
            Expr::Path(p) if p.path.is_ident("None") => {}
            Expr::Path(_) | Expr::Field(_) | Expr::MethodCall(_) => {
                self.chain_values(e, self.sp.of(e.span()), false, out)
            }
            _ => {}
        }
    }

    /// `Some(x)`, `Box::new(x)`: `x`'s values; `WebSocketState::from(raw)`: a value of that
    /// type; any other call consumes its arguments.
    fn call_values(&self, c: &syn::ExprCall, out: &mut Vec<RawFlow>, depth: u32) {
        let Expr::Path(p) = &*c.func else { return };
        if p.qself.is_some() {
            return;
        }
        let segs: Vec<String> = p.path.segments.iter().map(|s| name(&s.ident)).collect();
        let last = segs.last().map(String::as_str).unwrap_or_default();
        let ty = segs.len().checked_sub(2).map(|i| segs[i].as_str());
        let wrapper = matches!(last, "Some" | "Ok" | "Err")
            || (last == "new" && ty.is_some_and(|t| WRAPPERS.contains(&t)));
        if wrapper {
            c.args.iter().for_each(|a| self.values(a, out, depth));
            return;
        }
        let ty = match ty {
            Some("Self") => self.self_ty(),
            t => t,
        };
        if CONSTRUCTORS.contains(&last)
            && let Some(ty) = ty.filter(|t| t.starts_with(|c: char| c.is_uppercase()))
        {
            out.push(RawFlow {
                chain: RawChain::default(),
                ty: Some(ty.to_string()),
                span: self.sp.of(c.span()),
                origin: None,
                inline: false,
            });
        }
    }

    /// The values of `vec![..]`, `format!(..)`, `format_args!(..)` in a value position.
    fn macro_values(&self, m: &syn::Macro, out: &mut Vec<RawFlow>, depth: u32) {
        let Some(last) = m.path.segments.last() else {
            return;
        };
        if matches!(name(&last.ident).as_str(), "vec" | "format" | "format_args") {
            self.macro_args(&pieces(m), false, out, depth);
        }
    }

    /// The values of a macro's arguments: fields, format arguments, inline captures of the
    /// format string (the first plain string literal).
    fn macro_args(&self, pieces: &[Piece], levelled: bool, out: &mut Vec<RawFlow>, depth: u32) {
        let mut format: Option<(usize, &syn::LitStr)> = None;
        let mut skip_level = levelled;
        for (i, p) in pieces.iter().enumerate() {
            match p {
                Piece::Skip => {}
                Piece::Named(_, e) => self.values(e, out, depth),
                Piece::Value(e, dotted) => {
                    if std::mem::take(&mut skip_level) {
                        continue;
                    }
                    if format.is_none()
                        && let Expr::Lit(l) = e
                        && let Lit::Str(s) = &l.lit
                    {
                        format = Some((i, s));
                        continue;
                    }
                    let from = out.len();
                    self.values(e, out, depth);
                    // A field shorthand (before the message) takes only a name.
                    if *dotted && format.is_none() {
                        out[from..].iter_mut().for_each(|f| f.inline = true);
                    }
                }
            }
        }
        let Some((at, lit)) = format else { return };
        // Named format arguments (`"{x}", x = a`) are not captures of locals.
        let named: Vec<&str> = pieces[at..]
            .iter()
            .filter_map(|p| match p {
                Piece::Named(n, _) => Some(n.as_str()),
                _ => None,
            })
            .collect();
        let range = super::offsets::byte_range(lit.span());
        let Some(text) = self.src.get(range.clone()) else {
            return;
        };
        for (n, s, e) in captures(text) {
            if named.contains(&n.as_str()) {
                continue;
            }
            let span = Span::new(
                self.sp.base + (range.start + s) as u32,
                self.sp.base + (range.start + e) as u32,
            );
            let path = syn::Path::from(proc_macro2::Ident::new(&n, proc_macro2::Span::call_site()));
            self.root_values(&path, Vec::new(), span, true, out);
        }
    }

    /// The chain of the call `e` (unwrapped): a function's path, a method's callee.
    fn call_chain(&self, e: &Expr) -> Option<RawChain> {
        match unwrap_call(e) {
            Expr::Call(c) => match &*c.func {
                Expr::Path(p) if p.qself.is_none() => Some(self.path_chain(&p.path)),
                _ => None,
            },
            Expr::MethodCall(m) => Some(self.method_callee(m).0),
            _ => None,
        }
    }

    /// A method call's callee chain, where its receiver came from, and its span.
    fn method_callee(&self, m: &syn::ExprMethodCall) -> (RawChain, Option<RawChain>, Span) {
        let method = name(&m.method);
        let mspan = self.sp.ident(&m.method);
        let mut recv = &*m.receiver;
        while let Expr::Reference(r) = recv {
            recv = &r.expr;
        }
        if let Some((path, rest)) = self.chain_parts(recv, false) {
            let span = Span::new(self.sp.of(m.receiver.span()).start, mspan.end);
            let (mut chain, from) = match self.root(path) {
                Root::Chain(c) => (c, None),
                Root::Local(n, b) => {
                    let from = match b {
                        Bound::Values { call, .. } if rest.is_empty() => call.clone(),
                        _ => None,
                    };
                    (RawChain::local(vec![n]), from)
                }
            };
            chain.segs.extend(rest);
            chain.segs.push(method);
            return (chain, from, span);
        }
        (RawChain::local(vec![method]), self.call_chain(recv), mspan)
    }

    fn push_call(&mut self, call: RawCall) {
        if let Some(c) = &mut self.calls
            && c.seen.insert((call.span.start, call.span.end))
        {
            c.calls.push(call);
        }
    }

    /// Hook for every expression: record a call or method call asked for.
    pub(super) fn call_expr(&mut self, e: &Expr) {
        let call = match e {
            Expr::Call(c) => {
                let Expr::Path(p) = &*c.func else { return };
                let Some(last) = p.path.segments.last() else {
                    return;
                };
                if p.qself.is_some() || !self.recorded(&name(&last.ident)) {
                    return;
                }
                let mut values = Vec::new();
                c.args.iter().for_each(|a| self.values(a, &mut values, 0));
                RawCall {
                    scope: self.cur,
                    callee: self.path_chain(&p.path),
                    is_macro: false,
                    receiver_from: None,
                    span: self.sp.path(&p.path),
                    values,
                }
            }
            Expr::MethodCall(m) => {
                if !self.recorded(&name(&m.method)) {
                    return;
                }
                let (callee, receiver_from, span) = self.method_callee(m);
                let mut values = Vec::new();
                m.args.iter().for_each(|a| self.values(a, &mut values, 0));
                RawCall {
                    scope: self.cur,
                    callee,
                    is_macro: false,
                    receiver_from,
                    span,
                    values,
                }
            }
            _ => return,
        };
        self.push_call(call);
    }

    /// Hook for every macro invocation: record it when asked for, and the calls asked for
    /// inside its arguments (the walker does not visit every macro body).
    pub(super) fn call_macro(&mut self, m: &syn::Macro) {
        let Some(last) = m.path.segments.last() else {
            return;
        };
        let last = name(&last.ident);
        if last == "macro_rules" {
            return;
        }
        let record = self.recorded(&last);
        // A body with no `(` holds no call.
        let body = m.delimiter.span().join().byte_range();
        if !record && self.src.get(body).is_some_and(|b| !b.contains('(')) {
            return;
        }
        let pieces = pieces(m);
        if record {
            let mut values = Vec::new();
            let levelled = LEVELLED.contains(&last.as_str());
            self.macro_args(&pieces, levelled, &mut values, 0);
            self.push_call(RawCall {
                scope: self.cur,
                callee: self.path_chain(&m.path),
                is_macro: true,
                receiver_from: None,
                span: self.sp.path(&m.path),
                values,
            });
        }
        for p in &pieces {
            let (Piece::Named(_, e) | Piece::Value(e, _)) = p else {
                continue;
            };
            let mut nested = Nested::default();
            nested.visit_expr(e);
            for n in nested.found {
                match n {
                    Expr::Macro(x) => {
                        if self.guard() {
                            self.call_macro(&x.mac);
                            self.unguard();
                        }
                    }
                    _ => self.call_expr(n),
                }
            }
        }
    }

    /// Hook for every item: note `#[macro_use] extern crate x;`.
    pub(super) fn call_item(&mut self, i: &syn::Item) {
        if let syn::Item::ExternCrate(e) = i
            && e.attrs.iter().any(|a| a.path().is_ident("macro_use"))
        {
            let n = name(&e.ident);
            let krate = self.info.krate.extern_crate(&n).unwrap_or(&n).to_string();
            if let Some(c) = &mut self.calls {
                c.macro_use.push(krate);
            }
        }
    }

    /// Hook after a `let`: bind its name to what its initializer carries.
    pub(super) fn bind_local(&mut self, l: &syn::Local) {
        if self.calls.is_none() {
            return;
        }
        let Some((n, ty)) = single_ident(&l.pat) else {
            self.bind_pat(&l.pat);
            return;
        };
        let bound = match &l.init {
            Some(init) => {
                let mut flows = Vec::new();
                self.values(&init.expr, &mut flows, 0);
                for f in &mut flows {
                    f.origin = f.origin.or(Some(f.span));
                }
                Bound::Values {
                    flows,
                    ty,
                    init: self.sp.of(init.expr.span()),
                    call: self.call_chain(&init.expr),
                }
            }
            None => Bound::Opaque { ty },
        };
        if let Some(c) = &mut self.calls {
            c.locals.push((n, bound));
        }
    }

    /// Bind every name of a pattern (`for`, `match` arms, `if let`, closure parameters):
    /// its value is the name (typed for `x: T`).
    pub(super) fn bind_pat(&mut self, p: &Pat) {
        let Some(c) = &mut self.calls else { return };
        if let Some((n, ty)) = single_ident(p) {
            c.locals.push((n, Bound::Opaque { ty }));
            return;
        }
        let mut names = Vec::new();
        pat_idents(p, &mut names, 0);
        for n in names {
            c.locals.push((n, Bound::Opaque { ty: None }));
        }
    }

    /// Start a block of bindings (`None` when calls are not recorded).
    pub(super) fn locals_mark(&self) -> Option<usize> {
        self.calls.as_ref().map(|c| c.locals.len())
    }

    /// End a block started with [`Walker::locals_mark`].
    pub(super) fn locals_reset(&mut self, mark: Option<usize>) {
        if let (Some(c), Some(m)) = (&mut self.calls, mark) {
            c.locals.truncate(m);
        }
    }

    /// Enter a fn body: its parameters are its first bindings.
    pub(super) fn calls_enter_fn(&mut self, sig: &syn::Signature) -> Option<usize> {
        let self_ty = self.self_ty().map(str::to_string);
        let c = self.calls.as_mut()?;
        let mark = c.locals.len();
        c.fns.push(mark);
        for arg in &sig.inputs {
            match arg {
                FnArg::Receiver(_) => c.locals.push((
                    "self".to_string(),
                    Bound::Opaque {
                        ty: self_ty.clone(),
                    },
                )),
                FnArg::Typed(t) => {
                    if let Pat::Ident(i) = &*t.pat
                        && i.subpat.is_none()
                    {
                        let ty = type_last(&t.ty);
                        c.locals.push((name(&i.ident), Bound::Opaque { ty }));
                    } else {
                        let mut names = Vec::new();
                        pat_idents(&t.pat, &mut names, 0);
                        for n in names {
                            c.locals.push((n, Bound::Opaque { ty: None }));
                        }
                    }
                }
            }
        }
        Some(mark)
    }

    /// Leave a fn body entered with [`Walker::calls_enter_fn`].
    pub(super) fn calls_leave_fn(&mut self, mark: Option<usize>) {
        if let (Some(c), Some(m)) = (&mut self.calls, mark) {
            c.locals.truncate(m);
            c.fns.pop();
        }
    }
}

/// Resolve the recorded calls: `(facts index, call)` for each.
pub(super) fn resolve(
    calls: Calls,
    scopes: &[Scope],
    resolver: &mut Resolver,
    krate: &CrateCtx,
) -> Vec<(usize, Call)> {
    let Calls {
        calls,
        mut macro_use,
        ..
    } = calls;
    // The crate root's `#[macro_use] extern crate x;` apply to every module.
    macro_use.extend(krate.macro_use.iter().cloned());
    let mut out: Vec<(usize, Call)> = calls
        .into_iter()
        .map(|c| {
            let chain = |r: &mut Resolver, ch: RawChain| resolve_chain(r, c.scope, ch);
            let callee = if c.is_macro && c.callee.segs.len() == 1 && c.callee.path == 1 {
                macro_name(resolver, scopes, krate, &macro_use, c.scope, c.callee)
            } else {
                chain(resolver, c.callee)
            };
            let mut call = Call {
                callee,
                receiver_from: c.receiver_from.map(|r| chain(resolver, r)),
                span: c.span,
                values: c
                    .values
                    .into_iter()
                    .map(|f| Flow {
                        chain: chain(resolver, f.chain),
                        ty: f.ty,
                        span: f.span,
                        origin: f.origin,
                        inline: f.inline,
                    })
                    .collect(),
            };
            call.values.sort_by_key(|f| (f.span.start, f.span.end));
            (scopes[c.scope].facts, call)
        })
        .collect();
    out.sort_by_key(|(f, c)| (*f, c.span.start, c.span.end));
    out
}

fn resolve_chain(r: &mut Resolver, scope: usize, c: RawChain) -> Vec<String> {
    if c.path == 0 || c.path > c.segs.len() {
        return c.segs;
    }
    let raw = RawRef {
        scope,
        segs: c.segs[..c.path].to_vec(),
        leading_colon: c.leading_colon,
        span: Span::default(),
    };
    match r.value(&raw) {
        Some(t) => {
            let mut out: Vec<String> = t.split("::").map(str::to_string).collect();
            out.extend(c.segs[c.path..].iter().cloned());
            out
        }
        None => c.segs,
    }
}

/// A bare macro name: through a `use` binding, else a glob import of a crate
/// (`use log::*;`), else `#[macro_use] extern crate x;`, else as written.
fn macro_name(
    r: &mut Resolver,
    scopes: &[Scope],
    krate: &CrateCtx,
    macro_use: &[String],
    scope: usize,
    c: RawChain,
) -> Vec<String> {
    let n = &c.segs[0];
    let mut cur = Some(scope);
    while let Some(s) = cur {
        if scopes[s].bindings.contains_key(n) {
            return resolve_chain(r, scope, c);
        }
        cur = scopes[s].parent;
    }
    let mut cur = Some(scope);
    while let Some(s) = cur {
        for (u, raw) in scopes[s].uses.iter().enumerate() {
            if !raw.glob {
                continue;
            }
            if let Some(i) = r.import(s, u)
                && !i.module.contains("::")
                && i.module != krate.name
            {
                return vec![i.module, n.clone()];
            }
        }
        cur = scopes[s].parent;
    }
    // Several `#[macro_use]` crates (`serde` and `log`): which one exports the macro is
    // not in the source; the logging crates are the ones whose macros are recorded.
    let from = macro_use
        .iter()
        .find(|k| matches!(k.as_str(), "log" | "tracing" | "slog"))
        .or(macro_use.first());
    match from {
        Some(k) => vec![k.clone(), n.clone()],
        None => c.segs,
    }
}
