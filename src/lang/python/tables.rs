//! String -> enum-member alias tables: dict literals, `dict(...)` calls, `match` arms and
//! `if`/`elif` chains. Values are members written `E.X` or `E["X"]` (see [`member`]). Only the
//! entries are computed here; the walker names and places them.

use ruff_python_ast::{CmpOp, ElifElseClause, Expr, ExprCall, ExprDict, Pattern, Stmt, StmtIf};
use ruff_text_size::Ranged;

use super::util::{member, source, span_of, string};
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

/// `dict(k=E.X)`, `dict({"k": E.X})`, `dict([("k", E.X)])`, `dict(**BASE)`.
pub(super) fn dict_call(call: &ExprCall, text: &str, found: &mut Found) -> bool {
    if !matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "dict") {
        return false;
    }
    found.claimed.push(call.range().start().to_u32());
    if let Some(first) = call.arguments.args.first() {
        match first {
            Expr::Dict(d) => dict_literal(d, text, found),
            Expr::List(l) => pairs(&l.elts, found),
            Expr::Tuple(t) => pairs(&t.elts, found),
            _ => {}
        }
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
    true
}

/// `[("k", E.X), ...]` as passed to `dict(...)`.
fn pairs(elts: &[Expr], found: &mut Found) {
    for elt in elts {
        let Expr::Tuple(t) = elt else { continue };
        if let [k, v] = &t.elts[..]
            && let Some(key) = string(k)
            && let Some(e) = entry(key, span_of(k), v)
        {
            found.entries.push(e);
        }
    }
}

/// The table an assigned value holds: a dict literal, `dict(...)`, or a dict literal passed
/// as the first argument of a call (`MappingProxyType({...})`).
pub(super) fn from_value(value: &Expr, text: &str) -> Found {
    let mut found = Found::default();
    match value {
        Expr::Dict(d) => dict_literal(d, text, &mut found),
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
