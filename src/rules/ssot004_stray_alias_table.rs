//! # SSOT004 stray-alias-table
//!
//! ## What it does
//! Flags a string -> enum alias table for a configured enum outside its canonical module.
//! A table is any mapping of string keys to members of the enum with at least
//! `min-entries` entries: dict literals (annotated or not, class attributes, function
//! locals), `dict(key=Enum.X)`, `{**BASE, "k": Enum.X}` merges (which count with a single
//! entry, since they extend another table), `match` statements and if/elif chains whose
//! arms return members, Rust `match` arms, `HashMap::from`, const arrays of tuples, map
//! macros and `FromStr` / `TryFrom<&str>` impls.
//!
//! ## Why is this bad?
//! Two tables disagree. In the incident, a route module carried its own copy of the
//! message-type aliases with `execute_agent`, the canonical table lacked it, and messages
//! routed through the canonical table were silently dropped.
//!
//! ## Example
//! ```python
//! # netra_backend/app/routes/websocket.py
//! ROUTE_ALIASES = {"execute_agent": MessageType.START_AGENT, "ping": MessageType.PING,
//!                  "pong": MessageType.PONG}
//! ```
//! Use instead:
//! ```python
//! from netra_backend.app.websocket_core.types import MESSAGE_TYPE_ALIASES
//! ```
//!
//! ## How to fix
//! Move any keys only the stray table has into the canonical table (the note lists them),
//! delete the stray table, and import the canonical one.

use super::{Context, tables};
use crate::diagnostic::Diagnostic;

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for cfg in &ctx.config.tables {
        let home = tables::home(ctx.index, cfg);
        let found = tables::canonical(ctx.index, cfg, home);
        let canonical = found.as_ref().map(|(f, t, _)| (*f, *t));
        let canonical_keys: Vec<&str> = found
            .as_ref()
            .map(|(f, t, names)| {
                tables::all_keys(f, t, names)
                    .iter()
                    .map(|e| e.key.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let canonical_name = cfg
            .name
            .clone()
            .or_else(|| canonical.and_then(|(_, t)| t.name.clone()));
        for file in ctx.index.files.iter().filter(|f| f.lang == cfg.lang) {
            if file.module == cfg.canonical {
                continue;
            }
            let names = tables::Names::of(ctx.index, cfg, file, home);
            for table in file
                .tables
                .iter()
                .filter(|t| tables::is_alias_table(t, cfg, &names))
            {
                let n = tables::entries(table, &names).count();
                let message = format!(
                    "{} maps {n} string{} to `{}` outside its canonical module `{}`",
                    tables::describe(table),
                    if n == 1 { "" } else { "s" },
                    cfg.enum_name,
                    cfg.canonical
                );
                let help = match &canonical_name {
                    Some(name) => format!(
                        "delete this table and use the canonical one: `{}`",
                        cfg.lang
                            .import_statement(&file.spell(&cfg.canonical), name, None)
                    ),
                    None => format!(
                        "delete this table and use the canonical table in `{}`",
                        cfg.canonical
                    ),
                };
                let mut d = Diagnostic::new("SSOT004", &file.path, table.span, message)
                    .label("stray alias table")
                    .symbol(&cfg.enum_name)
                    .canonical(&cfg.canonical)
                    .help(help);
                if let Some((cf, ct)) = canonical {
                    d = d.related(&cf.path, ct.span, "the canonical table");
                    let extra: Vec<String> = tables::entries(table, &names)
                        .filter(|e| !canonical_keys.contains(&e.key.as_str()))
                        .map(|e| {
                            tables::entry_text(
                                cfg.lang,
                                ct.kind,
                                &e.key,
                                &cfg.enum_name,
                                &e.variant,
                            )
                        })
                        .collect();
                    if !extra.is_empty() {
                        d = d.note(format!(
                            "keys only this table has (move them to the canonical table first): {}",
                            extra.join(", ")
                        ));
                    }
                }
                if let Some(r) = &cfg.reason {
                    d = d.note(format!("why it matters: {r}"));
                }
                out.push(d);
            }
        }
    }
    out
}
