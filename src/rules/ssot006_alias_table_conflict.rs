//! # SSOT006 alias-table-conflict
//!
//! ## What it does
//! Checks the canonical alias table for keys that appear more than once, and for entries
//! that name a member the enum does not define (members are read from the enum's own
//! definition in the project).
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

use std::collections::HashMap;

use super::{Context, tables};
use crate::config::did_you_mean;
use crate::diagnostic::Diagnostic;

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for cfg in &ctx.config.tables {
        let home = tables::home(ctx.index, cfg);
        let Some((file, table, names)) = tables::canonical(ctx.index, cfg, home) else {
            continue;
        };
        let mut seen: HashMap<&str, &crate::facts::TableEntry> = HashMap::new();
        for e in tables::entries(table, &names) {
            if let Some(first) = seen.get(e.key.as_str()) {
                let same = first.variant == e.variant;
                let message = if same {
                    format!("key {:?} appears twice in the canonical alias table", e.key)
                } else {
                    format!(
                        "key {:?} maps to both {}{sep}{} and {}{sep}{} in the canonical alias table",
                        e.key,
                        cfg.enum_name,
                        first.variant,
                        cfg.enum_name,
                        e.variant,
                        sep = cfg.lang.sep()
                    )
                };
                out.push(
                    Diagnostic::new("SSOT006", &file.path, e.key_span, message)
                        .label("repeated key")
                        .symbol(&cfg.enum_name)
                        .canonical(&cfg.canonical)
                        .related(&file.path, first.key_span, "first entry for this key")
                        .help("keep one entry for this key and delete the other"),
                );
            } else {
                seen.insert(&e.key, e);
            }
        }
        let Some((enum_file, enum_def)) = tables::find_enum(ctx.index, cfg) else {
            continue; // SSOT007 warns that the enum is not found
        };
        let variants: Vec<&str> = enum_def.variants.iter().map(String::as_str).collect();
        for e in tables::entries(table, &names) {
            if variants.contains(&e.variant.as_str()) {
                continue;
            }
            let help = match did_you_mean(&e.variant, &variants) {
                Some(v) => format!("did you mean `{}{}{v}`?", cfg.enum_name, cfg.lang.sep()),
                None => format!("use one of: {}", variants.join(", ")),
            };
            out.push(
                Diagnostic::new(
                    "SSOT006",
                    &file.path,
                    e.variant_span,
                    format!(
                        "`{}` has no member `{}` (key {:?})",
                        cfg.enum_name, e.variant, e.key
                    ),
                )
                .label("not a member of the enum")
                .symbol(&cfg.enum_name)
                .canonical(&cfg.canonical)
                .related(&enum_file.path, enum_def.span, "the enum is defined here")
                .help(help),
            );
        }
    }
    out
}
