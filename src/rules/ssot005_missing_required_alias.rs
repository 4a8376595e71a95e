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
//! Add the key to the canonical table. When a stray table elsewhere already maps the key,
//! the help line shows its entry, ready to move.

use super::{Context, tables};
use crate::diagnostic::Diagnostic;

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for cfg in &ctx.config.tables {
        let home = tables::home(ctx.index, cfg);
        let Some((file, table, names)) = tables::canonical(ctx.index, cfg, home) else {
            continue; // SSOT007 reports it
        };
        let keys = tables::all_keys(file, table, &names);
        let declared: Vec<String> = tables::find_enum(ctx.index, cfg)
            .map(|(_, e)| e.declared_keys.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default();
        for (key, key_span) in cfg.required.iter().zip(&cfg.required_spans) {
            if keys.iter().any(|e| &e.key == key) || declared.contains(key) {
                continue;
            }
            // A stray table that already maps the key shows what to add.
            let elsewhere = ctx
                .index
                .files
                .iter()
                .filter(|f| f.lang == cfg.lang)
                .find_map(|f| {
                    let names = tables::Names::of(ctx.index, cfg, f, home);
                    f.tables
                        .iter()
                        .flat_map(|t| &t.entries)
                        .find(|e| &e.key == key && names.has(&e.enum_name))
                        .map(|e| (f, e))
                });
            let entry = match elsewhere {
                Some((_, e)) => {
                    tables::entry_text(cfg.lang, table.kind, key, &cfg.enum_name, &e.variant)
                }
                None => tables::entry_text(cfg.lang, table.kind, key, &cfg.enum_name, "<MEMBER>"),
            };
            let message = format!(
                "{} (the canonical alias table) has no entry for required key {key:?}",
                tables::describe(table)
            );
            let mut d = Diagnostic::new("SSOT005", &file.path, table.span, message)
                .label(format!("missing {key:?}"))
                .symbol(&cfg.enum_name)
                .canonical(&cfg.canonical)
                .help(format!("add `{entry}` to this table"))
                .related(
                    ctx.config_path,
                    crate::facts::Span::new(key_span.start as u32, key_span.end as u32),
                    "required by lint.toml",
                );
            if let Some((f, e)) = elsewhere {
                d = d
                    .related(&f.path, e.key_span, "a stray table maps it here")
                    .note(format!(
                        "`{}` maps {key:?} to {}{}{}; until the canonical table has it, messages routed through the canonical table are dropped",
                        f.path,
                        e.enum_name,
                        cfg.lang.sep(),
                        e.variant
                    ));
            }
            out.push(d);
        }
    }
    out
}
