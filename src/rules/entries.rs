//! Writing a table entry the way the table itself writes them: an existing entry is the
//! template (its quotes, its `Some(..)` / `Ok(..)` wrapper, its tuple parentheses, its
//! `case` / `if` / `=>` around it), with the key and the member swapped. So a suggested
//! entry compiles in any language and any table form the front ends recognise; the front
//! end's own spelling is the fallback when no entry can serve.

use super::edits;
use crate::diagnostic::Edit;
use crate::facts::{AliasTable, Span, TableEntry};
use crate::plan::TablePlan;

/// `entry`'s text from its key to the end of its value, widened to the tuple parentheses
/// around it (`("k", E::X)`), when there are any.
pub(super) fn extent(text: &str, entry: &TableEntry) -> Option<Span> {
    if entry.value_span.is_empty() || entry.value_span.end < entry.key_span.end {
        return None;
    }
    let (mut s, mut e) = (entry.key_span.start as usize, entry.value_span.end as usize);
    let before = text.get(..s)?.trim_end();
    let after = text.get(e..)?;
    let after_trim = after.trim_start();
    if before.ends_with('(') && after_trim.starts_with(')') {
        s = before.len() - 1;
        e = text.len() - after_trim.len() + 1;
    }
    Some(Span::new(s as u32, e as u32))
}

/// The key as a literal in the template's style (its quote character), or bare when the
/// template's key is bare (`dict(k=E.X)`) and the key is an identifier.
fn key_literal(template: &str, key: &str) -> Option<String> {
    match template.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let escaped: String = key
                .chars()
                .flat_map(|c| match c {
                    '\\' => vec!['\\', '\\'],
                    c if c == q => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            Some(format!("{q}{escaped}{q}"))
        }
        _ => crate::lang::is_ident(key).then(|| key.to_string()),
    }
}

/// The span of the member's own name inside `e.variant_span` (`START` in
/// `MessageType.START`, `MessageType["START"]` or `Self::Start`).
pub(super) fn member_name(text: &str, e: &TableEntry) -> Option<Span> {
    let written = edits::slice(text, e.variant_span);
    let end = e.variant_span.end;
    let len = e.variant.len() as u32;
    if written.ends_with(e.variant.as_str()) && end >= len {
        return Some(Span::new(end - len, end));
    }
    // `E["X"]`: the name sits inside the quotes before the closing bracket.
    let inner = written.strip_suffix(']')?;
    let q = inner.chars().last().filter(|c| *c == '"' || *c == '\'')?;
    let inner = inner.strip_suffix(q)?;
    inner.ends_with(e.variant.as_str()).then(|| {
        let stop = end - 2;
        Span::new(stop - len, stop)
    })
}

/// `template`'s text over `span` with its key and member replaced.
fn render(
    text: &str,
    span: Span,
    template: &TableEntry,
    key: &str,
    variant: &str,
) -> Option<String> {
    let inside = |s: Span| s.start >= span.start && s.end <= span.end && s.start <= s.end;
    let v = member_name(text, template)?;
    if !inside(template.key_span) || !inside(v) {
        return None;
    }
    let key_text = key_literal(edits::slice(text, template.key_span), key)?;
    let mut out = String::new();
    let at = |o: u32| (o - span.start) as usize;
    let body = edits::slice(text, span);
    let k = template.key_span;
    if k.end > v.start {
        return None;
    }
    out.push_str(body.get(..at(k.start))?);
    out.push_str(&key_text);
    out.push_str(body.get(at(k.end)..at(v.start))?);
    out.push_str(variant);
    out.push_str(body.get(at(v.end)..)?);
    Some(out)
}

/// The last entry of `table` whose key no other entry shares a value with (an arm
/// `"a" | "b" => ..` cannot be a template).
fn template(table: &AliasTable) -> Option<&TableEntry> {
    table.entries.iter().rev().find(|e| {
        !e.value_span.is_empty()
            && !table
                .entries
                .iter()
                .any(|o| !std::ptr::eq(o, *e) && o.value_span == e.value_span)
    })
}

/// The entry `key -> variant` written in the canonical table's style (for help text).
pub fn spelled(plan: &TablePlan, text: &str, key: &str, variant: &str) -> String {
    template(plan.table)
        .and_then(|t| render(text, extent(text, t)?, t, key, variant))
        .unwrap_or_else(|| {
            plan.fe()
                .entry_text(plan.table.kind, key, &plan.member(variant))
        })
}

/// True when the entry over `span` is followed by a comma.
fn comma_after(text: &str, span: Span) -> bool {
    text.get(span.end as usize..)
        .is_some_and(|t| t.trim_start_matches([' ', '\t']).starts_with(','))
}

/// The edits adding `key -> variant` to the canonical table, after its last entry: a new
/// line shaped like that entry's line(s) when it stands alone on them, else inline after
/// it. Also returns the entry as written.
pub fn insertion(
    plan: &TablePlan,
    text: &str,
    key: &str,
    variant: &str,
) -> Option<(String, Vec<Edit>)> {
    let path = &plan.file.path;
    let t = template(plan.table)?;
    let span = extent(text, t)?;
    let entry = render(text, span, t, key, variant)?;
    // A comma-separated list whose last entry has no trailing comma gets one.
    let listed = plan
        .table
        .entries
        .iter()
        .filter(|o| !std::ptr::eq(*o, t))
        .filter_map(|o| extent(text, o))
        .any(|o| comma_after(text, o));
    let needs_comma = listed && !comma_after(text, span);
    if let Some(lines) = edits::whole_lines(text, span)
        && !plan.table.entries.iter().any(|o| {
            !std::ptr::eq(o, t) && o.key_span.start >= lines.start && o.key_span.start < lines.end
        })
    {
        let mut new = render(text, lines, t, key, variant)?;
        if !new.ends_with(['\n', '\r']) {
            new.push_str(edits::newline(text));
        }
        let mut out = vec![Edit::insert(path, lines.end, new)];
        if needs_comma {
            out.push(Edit::insert(path, span.end, ","));
        }
        return Some((entry, out));
    }
    // Inline: `{"a": E.A, "b": E.B}` -> `{"a": E.A, "b": E.B, "k": E.K}`.
    let sep = if listed || plan.table.entries.len() == 1 {
        ", "
    } else {
        " "
    };
    Some((
        entry.clone(),
        vec![Edit::insert(path, span.end, format!("{sep}{entry}"))],
    ))
}
