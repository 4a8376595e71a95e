//! # SSOT006 alias-table-conflict
//!
//! ## What it does
//! Checks the canonical alias table for keys that appear more than once, and every alias
//! table for the enum — canonical or stray — for entries that name a member the enum does
//! not define (members are read from the enum's own definition in the project). A stray
//! table's repeated keys are not reported: the stray table itself is SSOT004.
//!
//! ## Why is this bad?
//! A repeated key means one of the two entries is dead: in a Python dict literal the last
//! one silently wins, in a `match` the first does. A member the enum lacks raises at
//! import time (Python) or fails to compile only once the table is reached.
//!
//! ## Example
//! ```python
//! MESSAGE_TYPE_ALIASES = {"ping": MessageType.PING, "ping": MessageType.PONG,
//!                         "start": MessageType.START_AGNT}
//! ```
//! Use instead:
//! ```python
//! MESSAGE_TYPE_ALIASES = {"ping": MessageType.PING, "start": MessageType.START_AGENT}
//! ```
//!
//! ## How to fix
//! Keep one entry per key (the diagnostic points at both), and use a member the enum
//! defines (the help suggests the closest one).
//!
//! ## Fix safety
//! Deleting an entry that repeats another exactly (same key, same member) is safe.
//! Choosing between two members for one key needs a human: no fix. Replacing an unknown
//! member with the closest one is unsafe.

use std::collections::HashMap;

use super::{Context, edits, entries};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::facts::{AliasTable, ModuleFacts, Span, TableEntry};
use crate::hint::did_you_mean;
use crate::plan;

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in &ctx.plan.tables {
        let path = &t.file.path;
        let text = ctx.db.text(path);
        let mut seen: HashMap<&str, &TableEntry> = HashMap::new();
        for e in plan::entries(t.table, &t.names) {
            let Some(first) = seen.get(e.key.as_str()) else {
                seen.insert(&e.key, e);
                continue;
            };
            let same = first.variant == e.variant;
            let message = if same {
                format!("key {:?} appears twice in the canonical alias table", e.key)
            } else {
                format!(
                    "key {:?} maps to both `{}` and `{}` in the canonical alias table",
                    e.key,
                    t.member(&first.variant),
                    t.member(&e.variant)
                )
            };
            let fix = if same {
                removal(&text, e).map(|span| {
                    Fix::safe(
                        format!("delete the repeated entry for {:?}", e.key),
                        vec![Edit::delete(path, span)],
                    )
                })
            } else {
                None
            };
            let help = if same {
                "delete the repeated entry".to_string()
            } else {
                format!(
                    "decide which member {:?} stands for: keep that entry and delete the other",
                    e.key
                )
            };
            out.push(
                Diagnostic::new(path, e.key_span, message)
                    .label("repeated key")
                    .symbol(&t.cfg.enum_name)
                    .canonical(&t.cfg.canonical)
                    .related(path, first.key_span, "first entry for this key")
                    .help(help)
                    .fix(fix),
            );
        }
        let Some((enum_file, enum_def)) = t.enum_def else {
            continue; // SSOT007 warns that the enum is not found
        };
        let variants: Vec<&str> = enum_def.variants.iter().map(String::as_str).collect();
        // Unknown members in the canonical table and in every stray alias table.
        let mut tables: Vec<(&ModuleFacts, &AliasTable, plan::Names)> =
            vec![(t.file, t.table, t.names.clone())];
        for f in ctx.index.files.iter().filter(|f| f.lang == t.lang) {
            if f.module == t.cfg.canonical {
                continue;
            }
            let names = t.names_in(ctx.index, f);
            for table in f
                .tables
                .iter()
                .filter(|s| plan::is_alias_table(s, t.cfg, &names))
            {
                tables.push((f, table, names.clone()));
            }
        }
        for (file, table, names) in &tables {
            let path = &file.path;
            let text = ctx.db.text(path);
            let canonical = std::ptr::eq(*table, t.table);
            for e in plan::entries(table, names) {
                if t.has_member(&e.variant) {
                    continue;
                }
                let (help, fix) = match did_you_mean(&e.variant, &variants) {
                    Some(v) => (
                        format!("did you mean `{}`?", t.member(v)),
                        entries::member_name(&text, e).map(|at| {
                            Fix::unsafe_(
                                format!("use `{}`", t.member(v)),
                                vec![Edit::replace(path, at, v)],
                            )
                        }),
                    ),
                    None => (
                        format!(
                            "use one of: {}",
                            variants
                                .iter()
                                .map(|v| format!("`{}`", t.member(v)))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        None,
                    ),
                };
                let whose = if canonical {
                    String::new()
                } else {
                    format!(" in stray table {}", plan::describe(table))
                };
                out.push(
                    Diagnostic::new(
                        path,
                        e.variant_span,
                        format!(
                            "`{}` has no member `{}` (key {:?}){whose}",
                            t.cfg.enum_name, e.variant, e.key
                        ),
                    )
                    .label("not a member of the enum")
                    .symbol(&t.cfg.enum_name)
                    .canonical(&t.cfg.canonical)
                    .related(&enum_file.path, enum_def.span, "the enum is defined here")
                    .help(help)
                    .fix(fix),
                );
            }
        }
    }
    out
}

/// The bytes that remove entry `e`: its whole line(s) when it stands alone, else the
/// entry and one neighbouring comma.
fn removal(text: &str, e: &TableEntry) -> Option<Span> {
    let span = entries::extent(text, e)?;
    edits::whole_lines(text, span).or_else(|| edits::list_item_removal(text, span))
}
