//! String -> enum-member tables: `match` arms, arrays of `("k", E::X)` tuples (also inside
//! `HashMap::from(..)`, `.collect()`, `LazyLock::new(|| ..)`), map macros (`phf_map!`,
//! `hashmap!`, `btreemap!`), `recv.insert("k", E::X)` calls, and the statics of
//! `lazy_static!` / `thread_local!`. Only entries are computed here; the walker names and
//! places the tables (a map built inside a static's initializer or a `get_or_init` closure
//! is named after the static / cell: see `table_walk::Holder`).
//!
//! An enum member is a path whose last two segments are `Enum::Variant` with a capitalised
//! variant (`E::parse` is a function; `Self::X` inside an `impl` reads as the impl's type),
//! possibly wrapped in `Some(..)` / `Ok(..)`, or a bare capitalised name (`Pending`) that a
//! `use Enum::*` or `use Enum::Pending` in scope turns into one.

use syn::parse::{ParseStream, Result};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Ident, Lit, Pat, Stmt, Token, Type};

use super::items::name;
use super::walker::Spans;
use crate::facts::{Span, TableEntry};

/// How deep [`collect`] looks through calls, closures and method chains.
const MAX_COLLECT_DEPTH: u32 = 32;

/// Entries of one table, and the table expressions it consumed.
#[derive(Default)]
pub(super) struct Found {
    pub entries: Vec<TableEntry>,
    /// Addresses of the array / macro expressions consumed (so the walker does not report
    /// them again as anonymous tables).
    pub claimed: Vec<usize>,
}

/// The enum name of a *bare* member (`"850" => Pending`): a variant named without its
/// enum, which only a glob `use E::*` in scope can give one. The walker resolves these once
/// every `use` is known and drops the ones no glob explains.
pub(super) const BARE: &str = "";

/// `(enum name, variant, span)` when `e` produces an enum member (enum name [`BARE`] for a
/// single capitalised identifier, which may be a variant brought in by a glob).
pub(super) fn member(e: &Expr, self_ty: Option<&str>, sp: Spans) -> Option<(String, String, Span)> {
    match e {
        Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            let seg = &p.path.segments[0];
            let variant = name(&seg.ident);
            let bare = p.path.leading_colon.is_none()
                && seg.arguments.is_none()
                && variant.starts_with(|c: char| c.is_uppercase())
                && !matches!(variant.as_str(), "None" | "Self");
            bare.then(|| (BARE.to_string(), variant, sp.path(&p.path)))
        }
        Expr::Path(p) if p.qself.is_none() && p.path.segments.len() >= 2 => {
            let segs = &p.path.segments;
            let n = segs.len();
            // `E::parse` / `handlers::start`: a function, not a member.
            if !name(&segs[n - 1].ident).starts_with(|c: char| c.is_uppercase()) {
                return None;
            }
            let enum_ident = &segs[n - 2].ident;
            let enum_name = if enum_ident == "Self" {
                self_ty?.to_string()
            } else {
                name(enum_ident)
            };
            Some((enum_name, name(&segs[n - 1].ident), sp.path(&p.path)))
        }
        Expr::Call(c) if c.args.len() == 1 => match &*c.func {
            Expr::Path(f) if f.path.is_ident("Some") || f.path.is_ident("Ok") => {
                member(&c.args[0], self_ty, sp)
            }
            _ => None,
        },
        Expr::Paren(p) => member(&p.expr, self_ty, sp),
        Expr::Group(g) => member(&g.expr, self_ty, sp),
        Expr::Return(r) => member(r.expr.as_deref()?, self_ty, sp),
        Expr::Block(b) => match b.block.stmts.last()? {
            Stmt::Expr(e, None) => member(e, self_ty, sp),
            Stmt::Expr(e @ Expr::Return(_), Some(_)) => member(e, self_ty, sp),
            _ => None,
        },
        _ => None,
    }
}

/// The value an arm / branch yields, without a leading `return`, and its span.
fn value_span(e: &Expr, sp: Spans) -> Span {
    let e = match e {
        Expr::Return(r) => r.expr.as_deref().unwrap_or(e),
        _ => e,
    };
    sp.of(e.span())
}

/// A string literal's value and span.
fn lit_str(e: &Expr, sp: Spans) -> Option<(String, Span)> {
    match e {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Some((s.value(), sp.of(s.span()))),
            _ => None,
        },
        Expr::Group(g) => lit_str(&g.expr, sp),
        _ => None,
    }
}

/// `"k"` paired with `E::X`.
pub(super) fn entry(
    key: &Expr,
    value: &Expr,
    self_ty: Option<&str>,
    sp: Spans,
) -> Option<TableEntry> {
    let (key, key_span) = lit_str(key, sp)?;
    let (enum_name, variant, variant_span) = member(value, self_ty, sp)?;
    Some(TableEntry {
        key,
        key_span,
        enum_name,
        variant,
        variant_span,
        value_span: value_span(value, sp),
    })
}

/// String keys of an arm pattern: `"k"`, `"a" | "b"`, `"k" if ..`, `x @ "k"`.
fn pattern_keys<'p>(p: &'p Pat, out: &mut Vec<&'p syn::LitStr>) {
    match p {
        Pat::Lit(l) => {
            if let Lit::Str(s) = &l.lit {
                out.push(s);
            }
        }
        Pat::Or(o) => o.cases.iter().for_each(|c| pattern_keys(c, out)),
        Pat::Guard(g) => pattern_keys(&g.pat, out),
        Pat::Paren(p) => pattern_keys(&p.pat, out),
        Pat::Ident(i) => {
            if let Some((_, sub)) = &i.subpat {
                pattern_keys(sub, out);
            }
        }
        _ => {}
    }
}

/// `match s { "a" | "b" => E::X, "c" => Ok(Self::Y), .. }`.
pub(super) fn match_entries(
    m: &syn::ExprMatch,
    self_ty: Option<&str>,
    sp: Spans,
) -> Vec<TableEntry> {
    let mut out = Vec::new();
    for arm in &m.arms {
        let Some((enum_name, variant, variant_span)) = member(&arm.body, self_ty, sp) else {
            continue;
        };
        let mut keys = Vec::new();
        pattern_keys(&arm.pat, &mut keys);
        let value_span = value_span(&arm.body, sp);
        for k in keys {
            out.push(TableEntry {
                key: k.value(),
                key_span: sp.of(k.span()),
                enum_name: enum_name.clone(),
                variant: variant.clone(),
                variant_span,
                value_span,
            });
        }
    }
    out
}

/// `("k", E::X)` tuples among `elems`.
pub(super) fn array_entries<'e>(
    elems: impl IntoIterator<Item = &'e Expr>,
    self_ty: Option<&str>,
    sp: Spans,
) -> Vec<TableEntry> {
    elems
        .into_iter()
        .filter_map(|e| match e {
            Expr::Tuple(t) if t.elems.len() == 2 => entry(&t.elems[0], &t.elems[1], self_ty, sp),
            _ => None,
        })
        .collect()
}

/// `phf_map!`, `hashmap!`, `maplit::btreemap!`, ...: a macro named like a map.
pub(super) fn is_map_macro(m: &syn::Macro) -> bool {
    m.path
        .segments
        .last()
        .is_some_and(|s| s.ident.to_string().to_ascii_lowercase().contains("map"))
}

/// `key => value` in a map macro.
pub(super) struct Pair {
    pub key: Expr,
    pub value: Expr,
}

impl syn::parse::Parse for Pair {
    fn parse(input: ParseStream) -> Result<Self> {
        let key = input.parse()?;
        input.parse::<Token![=>]>()?;
        let value = input.parse()?;
        Ok(Pair { key, value })
    }
}

/// `vec![x; n]`.
pub(super) fn parse_repeat(input: ParseStream) -> Result<(Expr, Expr)> {
    let a = input.parse()?;
    input.parse::<Token![;]>()?;
    let b = input.parse()?;
    Ok((a, b))
}

/// One `[pub] static [ref] NAME: T = value;` of a `lazy_static!` / `thread_local!` block.
pub(super) struct LazyStatic {
    pub ident: Ident,
    pub ty: Type,
    pub expr: Expr,
    pub vis: syn::Visibility,
    /// From its first attribute (or `pub` / `static`) to its `;`.
    pub span: proc_macro2::Span,
}

/// `lazy_static! { [pub] static ref NAME: T = value; ... }`, `thread_local! { static NAME: T
/// = value; ... }`.
pub(super) fn parse_lazy_statics(input: ParseStream) -> Result<Vec<LazyStatic>> {
    let mut out = Vec::new();
    while !input.is_empty() {
        let start = input.span();
        input.call(syn::Attribute::parse_outer)?;
        let vis = input.parse::<syn::Visibility>()?;
        input.parse::<Token![static]>()?;
        // `ref` in `lazy_static!`; none in `thread_local!`.
        input.parse::<Option<Token![ref]>>()?;
        let ident: Ident = input.parse()?;
        input.parse::<Token![:]>()?;
        let ty: Type = input.parse()?;
        input.parse::<Token![=]>()?;
        let expr: Expr = input.parse()?;
        // `thread_local!` allows the last declaration without its `;`.
        let end = match input.parse::<Option<Token![;]>>()? {
            Some(semi) => semi.span,
            None if input.is_empty() => expr.span(),
            None => return Err(input.error("expected `;`")),
        };
        let span = start.join(end).unwrap_or(start);
        out.push(LazyStatic {
            ident,
            ty,
            expr,
            vis,
            span,
        });
    }
    Ok(out)
}

/// Entries of a map macro or `vec![..]` of tuples.
pub(super) fn macro_entries(m: &syn::Macro, self_ty: Option<&str>, sp: Spans, found: &mut Found) {
    if is_map_macro(m) {
        if let Ok(pairs) = m.parse_body_with(Punctuated::<Pair, Token![,]>::parse_terminated) {
            found.entries.extend(
                pairs
                    .iter()
                    .filter_map(|p| entry(&p.key, &p.value, self_ty, sp)),
            );
        }
    } else if m.path.is_ident("vec")
        && let Ok(elems) = m.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
    {
        found.entries.extend(array_entries(&elems, self_ty, sp));
    }
}

/// The table a bound value holds: an array of tuples, possibly behind `&`, inside a call
/// (`HashMap::from([..])`, `LazyLock::new(|| ..)`), a method chain
/// (`[..].into_iter().collect()`), a closure or block, or a map / `vec!` macro.
pub(super) fn collect(e: &Expr, self_ty: Option<&str>, sp: Spans, found: &mut Found, depth: u32) {
    if depth > MAX_COLLECT_DEPTH {
        return;
    }
    let next = depth + 1;
    match e {
        Expr::Array(a) => {
            found.claimed.push(e as *const Expr as usize);
            found.entries.extend(array_entries(&a.elems, self_ty, sp));
        }
        Expr::Macro(m) => {
            found.claimed.push(e as *const Expr as usize);
            macro_entries(&m.mac, self_ty, sp, found);
        }
        Expr::Reference(r) => collect(&r.expr, self_ty, sp, found, next),
        Expr::Paren(p) => collect(&p.expr, self_ty, sp, found, next),
        Expr::Group(g) => collect(&g.expr, self_ty, sp, found, next),
        Expr::Call(c) => c
            .args
            .iter()
            .for_each(|a| collect(a, self_ty, sp, found, next)),
        Expr::MethodCall(c) => collect(&c.receiver, self_ty, sp, found, next),
        Expr::Closure(c) => collect(&c.body, self_ty, sp, found, next),
        Expr::Block(b) => {
            if let Some(Stmt::Expr(last, None)) = b.block.stmts.last() {
                collect(last, self_ty, sp, found, next);
            }
        }
        _ => {}
    }
}

/// The keys an `if` condition compares an expression with: `x == "k"`, `"k" == x`,
/// `x.eq("k")`, `x.eq_ignore_ascii_case("k")`, and `||` of those (every side must be one).
/// Empty when the condition is anything else.
fn condition_keys(c: &Expr, sp: Spans, out: &mut Vec<(String, Span)>) -> bool {
    match c {
        Expr::Binary(b) => match b.op {
            syn::BinOp::Or(_) => {
                condition_keys(&b.left, sp, out) && condition_keys(&b.right, sp, out)
            }
            syn::BinOp::Eq(_) => match (lit_str(&b.left, sp), lit_str(&b.right, sp)) {
                (Some(k), None) | (None, Some(k)) => {
                    out.push(k);
                    true
                }
                _ => false,
            },
            _ => false,
        },
        Expr::MethodCall(m)
            if m.args.len() == 1
                && (m.method == "eq" || m.method == "eq_ignore_ascii_case")
                && lit_str(&m.receiver, sp).is_none() =>
        {
            let arg = match &m.args[0] {
                Expr::Reference(r) => &*r.expr,
                a => a,
            };
            match lit_str(arg, sp) {
                Some(k) => {
                    out.push(k);
                    true
                }
                None => false,
            }
        }
        Expr::Paren(p) => condition_keys(&p.expr, sp, out),
        Expr::Group(g) => condition_keys(&g.expr, sp, out),
        _ => false,
    }
}

/// The enum member a branch yields: its tail expression, or the value of a `return`
/// statement in it.
fn branch_member(
    b: &syn::Block,
    self_ty: Option<&str>,
    sp: Spans,
) -> Option<((String, String, Span), Span)> {
    if let Some(Stmt::Expr(e, None)) = b.stmts.last()
        && let Some(m) = member(e, self_ty, sp)
    {
        return Some((m, value_span(e, sp)));
    }
    b.stmts.iter().find_map(|s| match s {
        Stmt::Expr(e @ Expr::Return(_), _) => Some((member(e, self_ty, sp)?, value_span(e, sp))),
        _ => None,
    })
}

/// `if s == "a" || s.eq("b") { return Some(E::X); }`: the entries of one `if` (its
/// `else if` branches are `if` expressions of their own, visited separately).
pub(super) fn if_entries(i: &syn::ExprIf, self_ty: Option<&str>, sp: Spans) -> Vec<TableEntry> {
    let mut keys = Vec::new();
    if !condition_keys(&i.cond, sp, &mut keys) {
        return Vec::new();
    }
    let Some(((enum_name, variant, variant_span), value_span)) =
        branch_member(&i.then_branch, self_ty, sp)
    else {
        return Vec::new();
    };
    keys.into_iter()
        .map(|(key, key_span)| TableEntry {
            key,
            key_span,
            enum_name: enum_name.clone(),
            variant: variant.clone(),
            variant_span,
            value_span,
        })
        .collect()
}
