//! # SSOT001 duplicate-definition
//!
//! ## What it does
//! Flags any definition of a declared canonical symbol (or of one of its `aliases`)
//! outside its canonical module (top-level alias shims inside the canonical module are
//! fine): functions, async functions, methods, nested functions and
//! lambdas bound to the name (Python); free functions, associated functions, trait
//! methods with a default body and closures bound to the name (Rust).
//!
//! ## Why is this bad?
//! A copy drifts. The incident that started ssot: a helper that turns a WebSocket state
//! into a log-safe string was pasted into six modules; when one copy was fixed, the other
//! five kept crashing JSON logging.
//!
//! ## Example
//! ```python
//! # netra_backend/app/routes/websocket.py
//! def _safe_websocket_state_for_logging(state) -> str:
//!     return state.name.lower()
//! ```
//! Use instead:
//! ```python
//! from netra_backend.app.websocket_core.utils import _safe_websocket_state_for_logging
//! ```
//!
//! ## How to fix
//! Delete the copy and import the canonical definition (keeping a local alias if the copy
//! was known under another name). A method copy becomes a call of the canonical helper.

use super::Context;
use crate::config::SymbolConfig;
use crate::diagnostic::Diagnostic;
use crate::facts::{DefKind, Definition, ModuleFacts};
use crate::index::Index;

/// True for the canonical definition itself, and for top-level aliases of it in the
/// canonical module (`old_name = name`, or a deprecated `def old_name(): return name()`
/// shim): the single source of truth may keep its old names.
fn is_canonical(sym: &SymbolConfig, file: &ModuleFacts, d: &Definition) -> bool {
    file.module == sym.canonical
        && d.container.is_none()
        && matches!(
            d.kind,
            DefKind::Function | DefKind::AsyncFunction | DefKind::Lambda | DefKind::Assignment
        )
}

/// `h = canonical.h` elsewhere re-binds the canonical function: not a copy (SSOT003 covers
/// how it is imported).
fn binds_canonical(sym: &SymbolConfig, d: &Definition) -> bool {
    d.kind == DefKind::Assignment
        && d.value.as_deref().is_some_and(|v| {
            let full = sym.lang.join(&sym.canonical, &sym.name);
            v == full
                || v == sym.name
                || sym.facades.iter().any(|f| v == sym.lang.join(f, &sym.name))
        })
}

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let names = ctx.symbol_names();
    let files: Vec<&ModuleFacts> = ctx
        .index
        .files
        .iter()
        .filter(|f| f.defs.iter().any(|d| names.contains(d.name.as_str())))
        .collect();
    for sym in &ctx.config.symbols {
        let canonical_file = ctx.index.module(&sym.canonical);
        let canonical_def = canonical_file.and_then(|f| Index::top_level_def(f, &sym.name));
        for file in files.iter().copied().filter(|f| f.lang == sym.lang) {
            // Two files can claim the canonical module (`x.py` beside `x/__init__.py`, two
            // python-roots, two crates of one name): only the one the index holds is it.
            let is_the_canonical_file = canonical_file.is_some_and(|c| std::ptr::eq(c, file));
            for d in file.defs.iter().filter(|d| sym.is_name(&d.name)) {
                if (is_the_canonical_file && is_canonical(sym, file, d)) || binds_canonical(sym, d)
                {
                    continue;
                }
                let mut diag = diagnose(sym, file, d, canonical_file.zip(canonical_def));
                if file.module == sym.canonical
                    && let Some(c) = canonical_file
                {
                    diag = diag.note(format!(
                        "this file is also module `{}`, but `{}` is the one imports resolve to: two files cannot both be the single source of truth",
                        sym.canonical, c.path
                    ));
                }
                out.push(diag);
            }
        }
    }
    out
}

fn diagnose(
    sym: &SymbolConfig,
    file: &ModuleFacts,
    d: &Definition,
    canonical: Option<(&ModuleFacts, &Definition)>,
) -> Diagnostic {
    let what = match (&d.container, d.kind) {
        (Some(c), DefKind::Method) => format!("method of `{c}`"),
        (Some(c), DefKind::TraitMethod) => format!("method of trait `{c}`"),
        (Some(c), DefKind::Nested) => format!("function nested in `{c}`"),
        (Some(c), k) => format!("{} in `{c}`", k.describe()),
        (None, k) => k.describe().to_string(),
    };
    let under = if d.name == sym.name {
        String::new()
    } else {
        format!(" (under its alias `{}`)", d.name)
    };
    let message = format!(
        "`{}` is defined again here{under}, as {} {what}; its single source of truth is `{}`",
        sym.name,
        if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        },
        sym.canonical
    );
    let import = sym
        .lang
        .import_statement(&file.spell(&sym.canonical), &sym.name, Some(&d.name));
    let help = match d.kind {
        DefKind::Method | DefKind::TraitMethod => {
            format!("delete this {what} and call the canonical helper instead: `{import}`")
        }
        _ => format!("delete this copy and import the canonical one: `{import}`"),
    };
    let mut diag = Diagnostic::new("SSOT001", &file.path, d.span, message)
        .label("duplicate definition")
        .symbol(&sym.name)
        .canonical(&sym.canonical)
        .help(help);
    if let Some((cf, cd)) = canonical {
        diag = diag.related(&cf.path, cd.span, "the canonical definition");
    }
    if let Some(r) = &sym.reason {
        diag = diag.note(format!("why it matters: {r}"));
    }
    diag
}
