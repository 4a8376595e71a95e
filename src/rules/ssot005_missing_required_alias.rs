//! # SSOT005 missing-required-alias
//!
//! ## What it does
//! Checks that the canonical alias table carries every key listed under `required` in its
//! `[[table]]` entry. Keys merged in from another table of the same module (`**BASE`)
//! count; for Rust, so do the enum's own `#[serde(rename = "..")]` / `#[serde(alias = "..")]`
//! attributes.
//!
//! ## Why is this bad?
//! A missing key is a message that is silently dropped: the incident's canonical table
//! lacked `"execute_agent"`, so every `execute_agent` message from the client went nowhere,
//! with no error anywhere.
//!
//! ## Example
//! ```python
//! MESSAGE_TYPE_ALIASES = {"agent_started": MessageType.AGENT_STARTED, ...}  # no "execute_agent"
//! ```
//! Use instead:
//! ```python
//! MESSAGE_TYPE_ALIASES = {"execute_agent": MessageType.START_AGENT,
//!                         "agent_started": MessageType.AGENT_STARTED, ...}
//! ```
//!
//! ## How to fix
//! Add the key to the canonical table. When a stray table elsewhere already maps the key
//! to a member of the enum, the help line shows the entry, written in the canonical
//! table's own style (quotes, `Some(..)` arms, tuples), ready to paste.
//!
//! ## Fix safety
//! Unsafe when a stray alias table supplies the member (a human should confirm it);
//! display-only, with a `<MEMBER>` placeholder, when no table knows the member.

use super::{Context, entries};
use crate::diagnostic::{Diagnostic, Fix};
use crate::facts::{ModuleFacts, Span, TableEntry};
use crate::plan::{self, TablePlan};

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in &ctx.plan.tables {
        let text = ctx.db.text(&t.file.path);
        for (key, key_span) in t.cfg.required.iter().zip(&t.cfg.required_spans) {
            if t.has_key(key) {
                continue;
            }
            let elsewhere = stray_entry(ctx, t, key);
            let variant = elsewhere.map_or("<MEMBER>", |(_, e)| e.variant.as_str());
            let (entry, fix) = match (elsewhere, entries::insertion(t, &text, key, variant)) {
                (Some(_), Some((entry, edits))) => (
                    entry.clone(),
                    Some(Fix::unsafe_(
                        format!("add `{entry}` to the canonical table"),
                        edits,
                    )),
                ),
                (None, Some((entry, edits))) => (
                    entry.clone(),
                    Some(Fix::display_only(
                        format!("add `{entry}` to the canonical table, with the right member"),
                        edits,
                    )),
                ),
                (_, None) => (entries::spelled(t, &text, key, variant), None),
            };
            let message = format!(
                "{} (the canonical alias table) has no entry for required key {key:?}",
                plan::describe(t.table)
            );
            let mut d = Diagnostic::new(&t.file.path, t.table.span, message)
                .label(format!("missing {key:?}"))
                .symbol(&t.cfg.enum_name)
                .canonical(&t.cfg.canonical)
                .help(format!("add `{entry}` to this table"))
                .related(
                    ctx.config_path,
                    Span::new(key_span.start as u32, key_span.end as u32),
                    "required by lint.toml",
                )
                .fix(fix);
            match elsewhere {
                Some((f, e)) => {
                    d = d
                        .related(&f.path, e.key_span, "a stray table maps it here")
                        .note(format!(
                            "`{}` maps {key:?} to `{}`; until the canonical table has it, messages routed through the canonical table are dropped",
                            f.path,
                            t.member(&e.variant)
                        ));
                }
                None => {
                    d = d.note(format!(
                        "no alias table in the project maps {key:?}: replace `<MEMBER>` with the `{}` member it stands for",
                        t.cfg.enum_name
                    ));
                }
            }
            out.push(d.reason(t.reason()));
        }
    }
    out
}

/// A stray alias table (one SSOT004 reports: outside the canonical module, counted as a
/// table for this enum) that maps `key` to a member the enum has. Other tables of the
/// canonical module are deliberately different tables (fallbacks, legacy spellings).
fn stray_entry<'a>(
    ctx: &Context<'a>,
    t: &TablePlan,
    key: &str,
) -> Option<(&'a ModuleFacts, &'a TableEntry)> {
    ctx.index
        .files
        .iter()
        .filter(|f| f.lang == t.lang && f.module != t.cfg.canonical)
        .find_map(|f| {
            let names = t.names_in(ctx.index, f);
            f.tables
                .iter()
                .filter(|table| plan::is_alias_table(table, t.cfg, &names))
                .find_map(|table| {
                    plan::entries(table, &names).find(|e| e.key == key && t.has_member(&e.variant))
                })
                .map(|e| (f, e))
        })
}
