//! String -> enum-member alias tables: dict literals, mapping constructors (`dict(...)`,
//! `OrderedDict(...)`, `MappingProxyType(...)`, ...), dict comprehensions over literal pairs,
//! lists of pairs, `match` arms and `if`/`elif` chains. Values are members written `E.X` or `E["X"]` (see [`member`]). Only the
//! entries are computed here; the walker names and places them.

use ruff_python_ast::{
    CmpOp, ElifElseClause, Expr, ExprCall, ExprDict, ExprDictComp, Pattern, Stmt, StmtIf,
};
use ruff_text_size::Ranged;

use super::util::{chain, member, source, span_of, string};
use crate::facts::{Span, TableEntry};

/// Entries and `**spread` expressions of one table literal.
#[derive(Default)]
pub(super) struct Found {
    pub entries: Vec<TableEntry>,
    pub spreads: Vec<String>,
    /// Start offsets of the dict / call nodes this table consumed (so the walker does not
    /// report them again as anonymous tables).
    pub claimed: Vec<u32>,
}

fn entry(key: &str, key_span: Span, value: &Expr) -> Option<TableEntry> {
    let (enum_name, variant, variant_span) = member(value)?;
    Some(TableEntry {
        key: key.to_string(),
        key_span,
        enum_name: enum_name.to_string(),
        variant: variant.to_string(),
        variant_span,
        value_span: span_of(value),
    })
}

/// `{"k": E.X, **BASE}`.
pub(super) fn dict_literal(d: &ExprDict, text: &str, found: &mut Found) {
    found.claimed.push(d.range.start().to_u32());
    for item in &d.items {
        match &item.key {
            None => found
                .spreads
                .push(source(text, item.value.range()).to_string()),
            Some(k) => {
                if let Some(key) = string(k)
                    && let Some(e) = entry(key, span_of(k), &item.value)
                {
                    found.entries.push(e);
                }
            }
        }
    }
}

/// Callables (last segment of the callee) that build a mapping from a mapping, from
/// `(key, value)` pairs or from keyword arguments: `dict`, `collections.OrderedDict`,
/// `types.MappingProxyType` (read-only view) and the common frozen-dict packages.
const MAPPING_CTORS: &[&str] = &[
    "dict",
    "OrderedDict",
    "MappingProxyType",
    "frozendict",
    "immutabledict",
    "FrozenDict",
    "FrozenOrderedDict",
];

/// True when `call` calls one of [`MAPPING_CTORS`] (`dict(...)`, `types.MappingProxyType(...)`).
pub(super) fn is_mapping_ctor(call: &ExprCall) -> bool {
    chain(&call.func).is_some_and(|segs| segs.last().is_some_and(|l| MAPPING_CTORS.contains(l)))
}

/// `dict(k=E.X)`, `dict({"k": E.X})`, `dict([("k", E.X)])`, `dict(**BASE)`, and the same
/// for every mapping constructor (`OrderedDict([...])`, `MappingProxyType(dict(...))`).
pub(super) fn dict_call(call: &ExprCall, text: &str, found: &mut Found) -> bool {
    if !is_mapping_ctor(call) {
        return false;
    }
    found.claimed.push(call.range().start().to_u32());
    mapping_args(call, text, found);
    true
}

/// The entries of a mapping passed as arguments: a mapping (literal, constructor call or
/// comprehension) or a list of pairs first, then `k=E.X` / `**BASE` keywords. Shared by
/// the constructors and `X.update(...)`.
pub(super) fn mapping_args(call: &ExprCall, text: &str, found: &mut Found) {
    if let Some(first) = call.arguments.args.first() {
        mapping_arg(first, text, found);
    }
    for kw in &call.arguments.keywords {
        match &kw.arg {
            None => found
                .spreads
                .push(source(text, kw.value.range()).to_string()),
            Some(arg) => {
                if let Some(e) = entry(arg.as_str(), span_of(arg), &kw.value) {
                    found.entries.push(e);
                }
            }
        }
    }
}

/// One positional argument holding a mapping: `{...}`, `[("k", E.X)]`, `dict(...)`,
/// `{k: v for k, v in [...]}`.
fn mapping_arg(arg: &Expr, text: &str, found: &mut Found) {
    match arg {
        Expr::Dict(d) => dict_literal(d, text, found),
        Expr::List(l) => pairs(&l.elts, found),
        Expr::Tuple(t) => pairs(&t.elts, found),
        Expr::Call(c) => {
            dict_call(c, text, found);
        }
        Expr::DictComp(dc) => {
            comprehension(dc, found);
        }
        _ => {}
    }
}

/// `("k", E.X)` or `["k", E.X]`: the key and the value.
fn pair(elt: &Expr) -> Option<(&Expr, &Expr)> {
    let elts = match elt {
        Expr::Tuple(t) => &t.elts[..],
        Expr::List(l) => &l.elts[..],
        _ => return None,
    };
    match elts {
        [k, v] => Some((k, v)),
        _ => None,
    }
}

/// `[("k", E.X), ...]` as passed to `dict(...)`.
fn pairs(elts: &[Expr], found: &mut Found) {
    for elt in elts {
        if let Some((k, v)) = pair(elt)
            && let Some(key) = string(k)
            && let Some(e) = entry(key, span_of(k), v)
        {
            found.entries.push(e);
        }
    }
}

/// A list or tuple bound to a name, every element a `(string, value)` pair:
/// `PAIRS = [("a", E.A), ("b", E.B)]`. Any other element makes it not a table.
pub(super) fn pair_list(value: &Expr) -> Found {
    let mut found = Found::default();
    let elts = match value {
        Expr::List(l) => &l.elts[..],
        Expr::Tuple(t) => &t.elts[..],
        _ => return found,
    };
    let all_pairs = elts
        .iter()
        .all(|e| pair(e).is_some_and(|(k, _)| string(k).is_some()));
    if all_pairs {
        pairs(elts, &mut found);
    }
    found
}

/// `{k: v for k, v in [("a", E.A), ("b", E.B)]}`: one unfiltered `for` over a literal
/// list / tuple of pairs, unpacked into two names that are the key and the value as they
/// are. True when the comprehension has that shape (its entries are then in `found`).
pub(super) fn comprehension(dc: &ExprDictComp, found: &mut Found) -> bool {
    let ([generator], Some(Expr::Name(key))) = (&dc.generators[..], dc.key.as_deref()) else {
        return false;
    };
    let Expr::Name(value) = &*dc.value else {
        return false;
    };
    let names = match &generator.target {
        Expr::Tuple(t) => &t.elts[..],
        Expr::List(l) => &l.elts[..],
        _ => return false,
    };
    let [Expr::Name(k), Expr::Name(v)] = names else {
        return false;
    };
    if generator.is_async
        || !generator.ifs.is_empty()
        || k.id != key.id
        || v.id != value.id
        || k.id == v.id
    {
        return false;
    }
    let elts = match &generator.iter {
        Expr::List(l) => &l.elts[..],
        Expr::Tuple(t) => &t.elts[..],
        _ => return false,
    };
    found.claimed.push(dc.range.start().to_u32());
    pairs(elts, found);
    true
}

/// The table an assigned value holds: a dict literal, a mapping constructor call, a dict
/// comprehension over literal pairs, or a dict literal passed as the first argument of any
/// other call (`register({...})`).
pub(super) fn from_value(value: &Expr, text: &str) -> Found {
    let mut found = Found::default();
    match value {
        Expr::Dict(d) => dict_literal(d, text, &mut found),
        Expr::DictComp(dc) => {
            comprehension(dc, &mut found);
        }
        Expr::Call(c) => {
            if !dict_call(c, text, &mut found)
                && let Some(Expr::Dict(d)) = c.arguments.args.first()
            {
                dict_literal(d, text, &mut found);
            }
        }
        _ => {}
    }
    found
}

/// True when `value` makes a new mapping a table can be built in step by step: `{}`,
/// `{...}`, `dict()`, `OrderedDict()`, a comprehension.
pub(super) fn is_new_mapping(value: &Expr) -> bool {
    match value {
        Expr::Dict(_) | Expr::DictComp(_) => true,
        Expr::Call(c) => is_mapping_ctor(c),
        _ => false,
    }
}

/// An entry added to a table by `X["k"] = E.X` / `X.setdefault("k", E.X)`.
pub(super) fn added(key: &Expr, value: &Expr) -> Option<TableEntry> {
    entry(string(key)?, span_of(key), value)
}

/// The enum member a branch body produces: `return E.X` or `x = E.X`.
fn body_member(body: &[Stmt]) -> Option<&Expr> {
    body.iter().find_map(|stmt| {
        let value = match stmt {
            Stmt::Return(r) => r.value.as_deref()?,
            Stmt::Assign(a) => &a.value,
            Stmt::AnnAssign(a) => a.value.as_deref()?,
            _ => return None,
        };
        member(value).map(|_| value)
    })
}

/// String keys of a `case` pattern: `"k"`, `"a" | "b"`, `"k" as x`.
fn pattern_keys<'a>(pattern: &'a Pattern, out: &mut Vec<&'a Expr>) {
    match pattern {
        Pattern::MatchValue(v) if string(&v.value).is_some() => out.push(&v.value),
        Pattern::MatchOr(or) => or.patterns.iter().for_each(|p| pattern_keys(p, out)),
        Pattern::MatchAs(a) => {
            if let Some(p) = &a.pattern {
                pattern_keys(p, out);
            }
        }
        _ => {}
    }
}

/// `match s: case "k": return E.X`.
pub(super) fn match_entries(cases: &[ruff_python_ast::MatchCase]) -> Vec<TableEntry> {
    let mut entries = Vec::new();
    for case in cases {
        let Some(value) = body_member(&case.body) else {
            continue;
        };
        let mut keys = Vec::new();
        pattern_keys(&case.pattern, &mut keys);
        for k in keys {
            if let Some(key) = string(k)
                && let Some(e) = entry(key, span_of(k), value)
            {
                entries.push(e);
            }
        }
    }
    entries
}

/// String keys a branch test compares against: `s == "k"`, `"k" == s`, `s in ("a", "b")`,
/// and `or` of those.
fn test_keys<'a>(test: &'a Expr, out: &mut Vec<&'a Expr>) {
    match test {
        Expr::BoolOp(b) => b.values.iter().for_each(|v| test_keys(v, out)),
        Expr::Compare(c) if c.ops.len() == 1 && c.comparators.len() == 1 => {
            let right = &c.comparators[0];
            match c.ops[0] {
                CmpOp::Eq => {
                    if string(&c.left).is_some() {
                        out.push(&c.left);
                    } else if string(right).is_some() {
                        out.push(right);
                    }
                }
                CmpOp::In => {
                    let elts = match right {
                        Expr::Tuple(t) => &t.elts[..],
                        Expr::List(l) => &l.elts[..],
                        Expr::Set(s) => &s.elts[..],
                        _ => return,
                    };
                    out.extend(elts.iter().filter(|e| string(e).is_some()));
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// `if s == "k": return E.X elif s in ("a", "b"): return E.Y`.
pub(super) fn if_entries(stmt: &StmtIf, out: &mut Vec<TableEntry>) {
    let first = std::iter::once((Some(&*stmt.test), &stmt.body[..]));
    let rest = stmt
        .elif_else_clauses
        .iter()
        .map(|c: &ElifElseClause| (c.test.as_ref(), &c.body[..]));
    for (test, body) in first.chain(rest) {
        let (Some(test), Some(value)) = (test, body_member(body)) else {
            continue;
        };
        let mut keys = Vec::new();
        test_keys(test, &mut keys);
        for k in keys {
            if let Some(key) = string(k)
                && let Some(e) = entry(key, span_of(k), value)
            {
                out.push(e);
            }
        }
    }
}
