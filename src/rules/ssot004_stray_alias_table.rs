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
//! Move any keys only the stray table has into the canonical table (the note lists them,
//! written in the canonical table's style), delete the stray table, and import the
//! canonical one.
//!
//! ## Fix safety
//! When every entry of the stray table is already in the canonical one (same key, same
//! member) and both are named tables, the fix replaces the stray table by an import of
//! the canonical table under the stray name. It is unsafe: the two objects may differ in
//! type (a `dict` and a read-only mapping, a slice and a map). Otherwise there is no
//! automatic fix: the note lists what to move first.

use super::{Context, edits, entries};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::facts::{AliasTable, Span, TableKind};
use crate::plan;

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in &ctx.plan.tables {
        let canonical_text = ctx.db.text(&t.file.path);
        let canonical_name = t.cfg.name.as_deref().or(t.table.name.as_deref());
        for file in ctx.index.files.iter().filter(|f| f.lang == t.lang) {
            if file.module == t.cfg.canonical {
                continue;
            }
            let names = t.names_in(ctx.index, file);
            for table in file
                .tables
                .iter()
                .filter(|s| plan::is_alias_table(s, t.cfg, &names))
            {
                let mine: Vec<_> = plan::entries(table, &names).collect();
                let n = mine.len();
                let message = format!(
                    "{} maps {n} string{} to `{}` outside its canonical module `{}`",
                    plan::describe(table),
                    if n == 1 { "" } else { "s" },
                    t.cfg.enum_name,
                    t.cfg.canonical
                );
                // A map can be replaced by the canonical map under its own name; a
                // `match`, an `if` chain or a conversion becomes a lookup in it.
                let text = ctx.db.text(&file.path);
                let both_maps = table.kind == TableKind::Map
                    && t.table.kind == TableKind::Map
                    && construction(&text, table).is_some_and(|c| {
                        construction(&canonical_text, t.table).as_deref() == Some(c.as_str())
                    });
                let local = table.name.as_deref().filter(|_| both_maps);
                let import = canonical_name.map(|name| {
                    t.fe()
                        .import_statement(&file.spell(&t.cfg.canonical), name, local, false)
                });
                // A table filled statement by statement (`X["k"] = E.A`, `X.update(..)`)
                // has no single item: those statements go too.
                let this = if table.item_span.is_empty() {
                    "this table and the statements that add to it"
                } else {
                    "this table"
                };
                let help = match (&import, both_maps) {
                    (Some(stmt), true) => {
                        format!("delete {this} and use the canonical one: `{stmt}`")
                    }
                    (Some(stmt), false) => format!(
                        "replace the mapping in {} with a lookup in the canonical table (`{stmt}`)",
                        plan::describe(table)
                    ),
                    (None, _) => format!(
                        "delete {this} and use the canonical table in `{}`",
                        t.cfg.canonical
                    ),
                };
                let mut d = Diagnostic::new(&file.path, table.span, message)
                    .label("stray alias table")
                    .symbol(&t.cfg.enum_name)
                    .canonical(&t.cfg.canonical)
                    .help(help)
                    .related(&t.file.path, t.table.span, "the canonical table");
                // Keys only this table has, once each, with members the enum defines.
                let mut extra: Vec<String> = Vec::new();
                let mut unknown: Vec<String> = Vec::new();
                for e in &mine {
                    if t.has_key(&e.key) {
                        continue;
                    }
                    if !t.has_member(&e.variant) {
                        let m = format!("{:?} -> `{}`", e.key, t.member(&e.variant));
                        if !unknown.contains(&m) {
                            unknown.push(m);
                        }
                        continue;
                    }
                    let spelled = entries::spelled(t, &canonical_text, &e.key, &e.variant);
                    if !extra.iter().any(|x| x == &spelled)
                        && !mine.iter().any(|o| {
                            o.key == e.key && !std::ptr::eq(*o, *e) && o.variant != e.variant
                        })
                    {
                        extra.push(spelled);
                    }
                }
                if !extra.is_empty() {
                    d = d.note(format!(
                        "keys only this table has (move them to the canonical table first): {}",
                        extra
                            .iter()
                            .map(|x| format!("`{x}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                if !unknown.is_empty() {
                    d = d.note(format!(
                        "entries mapping to members `{}` does not define: {}",
                        t.cfg.enum_name,
                        unknown.join(", ")
                    ));
                }
                let covered = mine.iter().all(|e| {
                    t.keys
                        .iter()
                        .any(|c| c.key == e.key && c.variant == e.variant)
                });
                let fix = match (&import, &table.name) {
                    (Some(stmt), Some(_))
                        if covered
                            && both_maps
                            && table.container.is_none()
                            && t.table.container.is_none()
                            && !table.item_span.is_empty() =>
                    {
                        (!edits::slice(&text, table.item_span).is_empty()).then(|| {
                            Fix::unsafe_(
                                format!("replace the stray table with `{stmt}`"),
                                vec![Edit::replace(&file.path, table.item_span, stmt.clone())],
                            )
                        })
                    }
                    _ => None,
                };
                out.push(d.reason(t.reason()).fix(fix));
            }
        }
    }
    out
}

/// How a named table's value is built, as written after its `=` up to the first
/// bracket (`{`, `MappingProxyType(`, `LazyLock::new(`, `phf_map!`): two tables built
/// alike are interchangeable, so one can be replaced by an import of the other. `None`
/// when the table is not a single binding of its name (filled statement by statement,
/// one `static ref` of several in a macro block).
fn construction(text: &str, table: &AliasTable) -> Option<String> {
    let item = table.item_span;
    let first = table.entries.first()?;
    if item.is_empty() || table.span.end > first.key_span.start || table.span.start < item.start {
        return None;
    }
    let head = edits::slice(text, Span::new(table.span.end, first.key_span.start));
    if edits::slice(text, item).contains("static ref") {
        return None;
    }
    let value = head[head.find('=')? + 1..].trim_start();
    let end = value.find(['{', '[', '(', '!'])?;
    let shape: String = value[..=end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    Some(shape)
}
