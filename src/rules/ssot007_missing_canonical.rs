//! # SSOT007 missing-canonical
//!
//! ## What it does
//! Checks that what lint.toml declares exists: every `[[symbol]]`'s canonical module and
//! its definition of the symbol, and every `[[table]]`'s canonical module, its alias table
//! (by `name` when given) and the enum it maps to. Reported at the entry in lint.toml.
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
//! definition there.

use super::{Context, tables};
use crate::config::did_you_mean;
use crate::diagnostic::Diagnostic;
use crate::facts::Span;
use crate::index::Index;

fn span(r: &std::ops::Range<usize>) -> Span {
    Span::new(r.start as u32, r.end as u32)
}

/// A hint naming the modules that look like `missing`.
fn similar_modules(index: &Index, missing: &str) -> Option<String> {
    let names: Vec<&str> = index.module_names().collect();
    // `src.pkg.mod` exists where `pkg.mod` is configured: a source root is not declared.
    let suffix = format!(".{missing}");
    if let Some(longer) = names
        .iter()
        .filter(|n| n.ends_with(&suffix))
        .min_by_key(|n| n.len())
    {
        let root = longer[..longer.len() - suffix.len()].replace('.', "/");
        return Some(format!(
            "`{longer}` exists: modules are named from `[files] python-roots`; add `python-roots = [\"{root}\"]`"
        ));
    }
    if let Some(best) = did_you_mean(missing, &names) {
        return Some(format!("did you mean `{best}`?"));
    }
    let last = missing.rsplit(['.', ':']).next().unwrap_or(missing);
    let mut same_tail: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| n.rsplit(['.', ':']).next() == Some(last))
        .collect();
    same_tail.sort_unstable();
    (!same_tail.is_empty()).then(|| {
        let list: Vec<String> = same_tail.iter().take(5).map(|n| format!("`{n}`")).collect();
        format!("modules with the same name: {}", list.join(", "))
    })
}

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let cfg_path = ctx.config_path;
    for sym in &ctx.config.symbols {
        let Some(file) = ctx.index.module(&sym.canonical) else {
            let mut d = Diagnostic::new(
                "SSOT007",
                cfg_path,
                span(&sym.canonical_span),
                format!(
                    "canonical module `{}` of `{}` does not exist",
                    sym.canonical, sym.name
                ),
            )
            .label("no such module")
            .symbol(&sym.name)
            .canonical(&sym.canonical);
            if let Some(h) = similar_modules(ctx.index, &sym.canonical) {
                d = d.help(h);
            }
            out.push(d);
            continue;
        };
        if Index::top_level_def(file, &sym.name).is_some() {
            continue;
        }
        let defined_in: Vec<&str> = ctx
            .index
            .files
            .iter()
            .filter(|f| f.lang == sym.lang && Index::top_level_def(f, &sym.name).is_some())
            .map(|f| f.module.as_str())
            .collect();
        let mut d = Diagnostic::new(
            "SSOT007",
            cfg_path,
            span(&sym.name_span),
            format!(
                "canonical module `{}` does not define `{}`",
                sym.canonical, sym.name
            ),
        )
        .label("not defined in the canonical module")
        .symbol(&sym.name)
        .canonical(&sym.canonical)
        .related(&file.path, Span::default(), "the canonical module");
        d = match defined_in.first() {
            Some(m) => d.help(format!(
                "it is defined in `{m}`: move the definition to `{}` or set canonical = \"{m}\"",
                sym.canonical
            )),
            None => d.help(format!("define `{}` in `{}`", sym.name, file.path)),
        };
        out.push(d);
    }
    for cfg in &ctx.config.tables {
        let what = cfg.name.as_deref().unwrap_or(&cfg.enum_name).to_string();
        let Some(file) = ctx.index.module(&cfg.canonical) else {
            let mut d = Diagnostic::new(
                "SSOT007",
                cfg_path,
                span(&cfg.canonical_span),
                format!(
                    "canonical module `{}` of the `{}` alias table does not exist",
                    cfg.canonical, cfg.enum_name
                ),
            )
            .label("no such module")
            .symbol(&what)
            .canonical(&cfg.canonical);
            if let Some(h) = similar_modules(ctx.index, &cfg.canonical) {
                d = d.help(h);
            }
            out.push(d);
            continue;
        };
        if tables::canonical(ctx.index, cfg, tables::home(ctx.index, cfg)).is_none() {
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
            out.push(
                Diagnostic::new("SSOT007", cfg_path, span(&cfg.name_span), message)
                    .label("no such table")
                    .symbol(&what)
                    .canonical(&cfg.canonical)
                    .related(&file.path, Span::default(), "the canonical module")
                    .help(format!(
                        "define the table in `{}` (e.g. {}) or fix `name` / `canonical`",
                        file.path,
                        match cfg.lang {
                            crate::facts::Lang::Python => format!(
                                "{} = {{\"key\": {}.MEMBER}}",
                                cfg.name.as_deref().unwrap_or("ALIASES"),
                                cfg.enum_name
                            ),
                            crate::facts::Lang::Rust => format!(
                                "`fn {}(s: &str) -> Option<{e}> {{ match s {{ \"key\" => Some({e}::Member), _ => None }} }}`",
                                cfg.name.as_deref().unwrap_or("from_alias"),
                                e = cfg.enum_name
                            ),
                        }
                    )),
            );
        }
        if tables::find_enum(ctx.index, cfg).is_none() {
            let defined_in: Vec<String> = ctx
                .index
                .files
                .iter()
                .filter(|f| f.lang == cfg.lang && f.enums.iter().any(|e| e.name == cfg.enum_name))
                .map(|f| format!("`{}`", f.module))
                .collect();
            let message = if defined_in.is_empty() {
                format!(
                    "enum `{}` is not defined in the project, so the table's members cannot be checked",
                    cfg.enum_name
                )
            } else {
                format!(
                    "enum `{}` is defined in {} and the canonical module imports none of them, so the table's members cannot be checked",
                    cfg.enum_name,
                    defined_in.join(", ")
                )
            };
            out.push(
                Diagnostic::new("SSOT007", cfg_path, span(&cfg.enum_span), message)
                    .warning()
                    .label("enum not found")
                    .symbol(&cfg.enum_name)
                    .canonical(&cfg.canonical)
                    .help(format!(
                        "define `{}` as an enum class, or import it into `{}` from the module that defines it",
                        cfg.enum_name, cfg.canonical
                    )),
            );
        }
    }
    out
}
