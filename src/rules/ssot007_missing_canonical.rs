//! # SSOT007 missing-canonical
//!
//! ## What it does
//! Checks that what lint.toml declares exists: every `[[symbol]]`'s canonical module and
//! its definition of the symbol, and every `[[table]]`'s canonical module, its alias table
//! (by `name` when given) and the enum it maps to (a warning: the table is still checked,
//! its members are not), and that every `[[guard]] through` helper is defined somewhere.
//! Reported at the entry in lint.toml.
//!
//! ## Why is this bad?
//! A rule anchored to nothing checks nothing: after a module is moved or renamed, every
//! other ssot rule for that symbol would quietly pass. This rule makes the move explicit.
//!
//! ## Example
//! ```toml
//! [[symbol]]
//! name = "_safe_websocket_state_for_logging"
//! canonical = "netra_backend.app.websocket_core.util"   # the module is `utils`
//! ```
//!
//! ## How to fix
//! Point `canonical` at the module that holds the single source of truth (the help
//! suggests modules with a similar name or that define the symbol), or restore the
//! definition there. An entry that does not resolve is checked by no other rule until it
//! does, so one typo gives one diagnostic.
//!
//! ## Fix safety
//! Replacing a misspelt module or table name in lint.toml with the one suggested is
//! unsafe: only you know which module was meant.

use std::ops::Range;

use super::Context;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::facts::Span;
use crate::hint::did_you_mean;
use crate::plan::Unresolved;

fn span(r: &Range<usize>) -> Span {
    Span::new(r.start as u32, r.end as u32)
}

/// When `hint` is a did-you-mean, the fix that writes the suggestion into lint.toml.
fn rewrite(ctx: &Context, at: &Range<usize>, hint: Option<&str>) -> Option<Fix> {
    let hint = hint?;
    let best = hint[hint.find("did you mean `")? + "did you mean `".len()..].strip_suffix("`?")?;
    Some(Fix::unsafe_(
        format!("write `{best}` in lint.toml"),
        vec![Edit::replace(
            ctx.config_path,
            span(at),
            format!("{best:?}"),
        )],
    ))
}

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    ctx.plan
        .unresolved
        .iter()
        .map(|u| diagnose(ctx, u))
        .collect()
}

/// A `canonical` module that does not exist, for `what` (a symbol or a table), at
/// `at` in lint.toml: the hint (a did-you-mean becomes the fix) or `fallback` as help.
fn missing_module(
    ctx: &Context,
    at: &Range<usize>,
    canonical: &str,
    what: String,
    symbol: &str,
    hint: Option<&str>,
    fallback: String,
) -> Diagnostic {
    Diagnostic::new(
        ctx.config_path,
        span(at),
        format!("canonical module `{canonical}` of {what} does not exist"),
    )
    .label("no such module")
    .symbol(symbol)
    .canonical(canonical)
    .note(format!(
        "no other rule checks {what} until its canonical module resolves"
    ))
    .fix(rewrite(ctx, at, hint))
    .help(hint.map_or(fallback, str::to_string))
}

fn diagnose(ctx: &Context, u: &Unresolved) -> Diagnostic {
    let cfg_path = ctx.config_path;
    match u {
        Unresolved::SymbolModule { cfg, hint } => missing_module(
            ctx,
            &cfg.canonical_span,
            &cfg.canonical,
            format!("`{}`", cfg.name),
            &cfg.name,
            hint.as_deref(),
            format!(
                "point `canonical` at the module that defines `{}`",
                cfg.name
            ),
        ),
        Unresolved::SymbolDefinition {
            cfg,
            file,
            defined_in,
        } => {
            let d = Diagnostic::new(
                cfg_path,
                span(&cfg.name_span),
                format!(
                    "canonical module `{}` does not define `{}`",
                    cfg.canonical, cfg.name
                ),
            )
            .label("not defined in the canonical module")
            .symbol(&cfg.name)
            .canonical(&cfg.canonical)
            .related(&file.path, Span::default(), "the canonical module");
            match defined_in.as_slice() {
                [] => d.help(format!("define `{}` in `{}`", cfg.name, file.path)),
                [m] => d
                    .help(format!(
                        "it is defined in `{m}`: move the definition to `{}`, or set canonical = \"{m}\"",
                        cfg.canonical
                    ))
                    .fix(Some(Fix::unsafe_(
                        format!("set canonical = \"{m}\""),
                        vec![Edit::replace(cfg_path, span(&cfg.canonical_span), format!("{m:?}"))],
                    ))),
                many => d.help(format!(
                    "it is defined in {}: move the single source of truth to `{}`, or point `canonical` at the one that should stay",
                    many.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "),
                    cfg.canonical
                )),
            }
        }
        Unresolved::TableModule { cfg, hint } => missing_module(
            ctx,
            &cfg.canonical_span,
            &cfg.canonical,
            format!("the `{}` alias table", cfg.enum_name),
            cfg.name.as_deref().unwrap_or(&cfg.enum_name),
            hint.as_deref(),
            "point `canonical` at the module that holds the alias table".into(),
        ),
        Unresolved::Table {
            cfg,
            lang,
            file,
            available,
        } => {
            let message = match &cfg.name {
                Some(n) => format!(
                    "canonical module `{}` has no alias table `{n}`",
                    cfg.canonical
                ),
                None => format!(
                    "canonical module `{}` has no table mapping strings to `{}`",
                    cfg.canonical, cfg.enum_name
                ),
            };
            let suggestion = cfg.name.as_deref().and_then(|n| did_you_mean(n, available));
            let help = match (suggestion, available.as_slice()) {
                (Some(best), _) => format!("did you mean `{best}`?"),
                (None, []) => format!(
                    "define the table in `{}` (e.g. `{}`) or fix `name` / `canonical`",
                    file.path,
                    lang.frontend()
                        .table_example(cfg.name.as_deref(), &cfg.enum_name)
                ),
                (None, names) => format!(
                    "`{}` has the tables {}: set `name` to one of them",
                    cfg.canonical,
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let fix = suggestion.map(|best| {
                Fix::unsafe_(
                    format!("write `{best}` in lint.toml"),
                    vec![Edit::replace(
                        cfg_path,
                        span(&cfg.name_span),
                        format!("{best:?}"),
                    )],
                )
            });
            Diagnostic::new(cfg_path, span(&cfg.name_span), message)
                .label("no such table")
                .symbol(cfg.name.as_deref().unwrap_or(&cfg.enum_name))
                .canonical(&cfg.canonical)
                .related(&file.path, Span::default(), "the canonical module")
                .help(help)
                .fix(fix)
        }
        Unresolved::Enum { cfg, defined_in } => {
            let message = if defined_in.is_empty() {
                format!(
                    "enum `{}` is not defined in the project, so the table's members cannot be checked",
                    cfg.enum_name
                )
            } else {
                format!(
                    "enum `{}` is defined in {} and the canonical module imports none of them, so the table's members cannot be checked",
                    cfg.enum_name,
                    defined_in
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            Diagnostic::new(cfg_path, span(&cfg.enum_span), message)
                .warning()
                .label("enum not found")
                .symbol(&cfg.enum_name)
                .canonical(&cfg.canonical)
                .help(format!(
                    "define `{}` as an enum, or import it into `{}` from the module that defines it",
                    cfg.enum_name, cfg.canonical
                ))
        }
        Unresolved::GuardThrough { cfg, at, hint } => {
            let name = &cfg.through[*at];
            let place = &cfg.through_spans[*at];
            Diagnostic::new(
                cfg_path,
                span(place),
                format!("`through` helper `{name}` is not defined anywhere in the project"),
            )
            .label("no such helper")
            .symbol(name)
            .note("SSOT008 still accepts calls to it, but has no helper to suggest where it is missing")
            .fix(rewrite(ctx, place, hint.as_deref()))
            .help(hint.clone().unwrap_or_else(|| {
                format!("define `{name}` (the helper that makes these values safe), or name the existing one in `through`")
            }))
        }
    }
}
