//! # SSOT001 duplicate-definition
//!
//! ## What it does
//! Flags any definition of a declared canonical symbol (or of one of its `aliases`)
//! outside its canonical module (top-level alias shims inside the canonical module are
//! fine): functions, async functions, nested functions and lambdas bound to the name
//! (Python); free functions, closures bound to the name and trait default methods
//! (Rust) — and methods, under one rule:
//!
//! - a method counts when it does not use its instance: a `@staticmethod`, a Rust
//!   associated function without `self`, or a method whose body never mentions `self` /
//!   `cls` — a function parked in a class;
//! - a method that uses its instance counts only when its body is the helper's (same
//!   structure, receiver aside): a pasted copy;
//! - otherwise (`Article.slugify(self)` reading `self.title`) it is the type's own
//!   behaviour that happens to share the name, and is not reported.
//!
//! Parameters, local variables, keyword arguments, attributes and struct fields named like
//! the helper are never definitions; neither are Rust test functions (`#[test]`, ...).
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
//!
//! ## Fix safety
//! The fix replaces the copy (with its decorators and doc comment) by an import of the
//! canonical helper (`pub use` for a public Rust item). It is unsafe: the copy's body may
//! differ from the canonical one. Methods and trait methods get no automatic edit.

use super::Context;
use super::edits;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::facts::{DefKind, Definition, ModuleFacts};
use crate::plan::SymbolPlan;
use crate::source::SourceDb;

/// True for the canonical definition itself, and for top-level aliases of it in the
/// canonical module (`old_name = name`, or a deprecated `def old_name(): return name()`
/// shim): the single source of truth may keep its old names.
fn is_canonical(d: &Definition) -> bool {
    d.container.is_none()
        && matches!(
            d.kind,
            DefKind::Function | DefKind::AsyncFunction | DefKind::Lambda | DefKind::Assignment
        )
}

/// A method that takes its instance and has a body of its own is the class's behaviour
/// that happens to share the helper's name (`Article.slugify(self)`), not a copy. A
/// method without a receiver (`@staticmethod`, a Rust associated fn) is a function
/// parked in a class, and one whose body is the helper's (receiver aside) is a pasted
/// copy: both are reported.
fn own_method(sym: &SymbolPlan, d: &Definition) -> bool {
    matches!(d.kind, DefKind::Method | DefKind::TraitMethod)
        && d.receiver
        && (d.fingerprint == 0 || d.fingerprint != sym.def.fingerprint)
}

/// `h = canonical.h` elsewhere re-binds the canonical function: not a copy (SSOT003 covers
/// how it is imported).
fn binds_canonical(sym: &SymbolPlan, d: &Definition) -> bool {
    d.kind == DefKind::Assignment
        && d.value.as_deref().is_some_and(|v| {
            v == sym.target()
                || v == sym.name()
                || sym
                    .cfg
                    .facades
                    .iter()
                    .any(|f| v == sym.lang.join(f, sym.name()))
        })
}

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let names = ctx.plan.symbol_names();
    let files: Vec<&ModuleFacts> = ctx
        .index
        .files
        .iter()
        .filter(|f| f.defs.iter().any(|d| names.contains(d.name.as_str())))
        .collect();
    for sym in &ctx.plan.symbols {
        for file in files.iter().copied().filter(|f| f.lang == sym.lang) {
            // Two files can claim the canonical module (`x.py` beside `x/__init__.py`, two
            // python-roots, two crates of one name): only the one the index holds is it.
            let is_the_canonical_file = std::ptr::eq(sym.file, file);
            for d in file.defs.iter().filter(|d| sym.is_name(&d.name)) {
                if (is_the_canonical_file && is_canonical(d))
                    || binds_canonical(sym, d)
                    || own_method(sym, d)
                {
                    continue;
                }
                let mut diag = diagnose(sym, file, d, ctx.db);
                if file.module == sym.canonical() && !is_the_canonical_file {
                    diag = diag
                        .note(format!(
                            "this file is also module `{}`, but `{}` is the one imports resolve to: two files cannot both be the single source of truth",
                            sym.canonical(),
                            sym.file.path
                        ))
                        .fix(None);
                }
                out.push(diag);
            }
        }
    }
    out
}

/// What kind of copy `d` is, in words.
fn describe(d: &Definition) -> String {
    match (&d.container, d.kind) {
        (Some(c), DefKind::Method) => format!("method of `{c}`"),
        (Some(c), DefKind::TraitMethod) => format!("method of trait `{c}`"),
        (Some(c), DefKind::Nested) => format!("function nested in `{c}`"),
        (Some(c), k) => format!("{} in `{c}`", k.describe()),
        (None, k) => k.describe().to_string(),
    }
}

/// True for a copy that an import can stand in for (not a method of a class or trait).
fn importable(d: &Definition) -> bool {
    !matches!(d.kind, DefKind::Method | DefKind::TraitMethod)
}

/// The consolidation of a copy: replace the whole definition by an import of the
/// canonical helper, under the copy's name. `None` for methods and for copies whose
/// extent the front end did not record.
pub(super) fn consolidation(
    sym: &SymbolPlan,
    file: &ModuleFacts,
    d: &Definition,
    db: &SourceDb,
) -> Option<Fix> {
    if !importable(d) || d.item_span.is_empty() || file.module == sym.canonical() {
        return None;
    }
    let import = sym.import_for(file, &d.name, d.public);
    let text = db.text(&file.path);
    // Keep what follows the definition on its last line (a comment, a `;`) untouched.
    let span = d.item_span;
    if edits::slice(&text, span).is_empty() {
        return None;
    }
    let edits = vec![Edit::replace(&file.path, span, import.clone())];
    // An `async` copy of a plain helper (or the reverse) is called differently: its
    // callers `await` it, so the import alone would break them at run time.
    let is_async = |d: &Definition| d.kind == DefKind::AsyncFunction;
    if is_async(d) != is_async(sym.def) {
        return Some(Fix::display_only(
            format!(
                "replace the copy in `{}` with `{import}`, and change its callers: the copy is {}async, the canonical helper is {}",
                file.path,
                if is_async(d) { "" } else { "not " },
                if is_async(sym.def) { "async" } else { "not" }
            ),
            edits,
        ));
    }
    Some(Fix::unsafe_(
        format!("replace the copy in `{}` with `{import}`", file.path),
        edits,
    ))
}

fn diagnose(sym: &SymbolPlan, file: &ModuleFacts, d: &Definition, db: &SourceDb) -> Diagnostic {
    let what = describe(d);
    let under = if d.name == sym.name() {
        String::new()
    } else {
        format!(" (under its alias `{}`)", d.name)
    };
    let message = format!(
        "`{}` is defined again here{under}, as {} {what}; its single source of truth is `{}`",
        sym.name(),
        if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        },
        sym.canonical()
    );
    let import = sym.import_for(file, &d.name, d.public);
    let help = if importable(d) {
        format!("delete this copy and import the canonical one: `{import}`")
    } else {
        let call = sym.import_for(file, sym.name(), false);
        format!("delete this {what} and call the canonical helper instead: `{call}`")
    };
    let fix = consolidation(sym, file, d, db);
    // What the consolidation would change in behaviour: the copy's lines the canonical
    // body does not have.
    let differing = match (&fix, d.kind) {
        (Some(_), kind) if kind != DefKind::Assignment => {
            super::ssot002_renamed_copy::differing_lines(
                db,
                sym.file,
                sym.def.item_span,
                file,
                d.item_span,
            )
        }
        _ => Vec::new(),
    };
    let mut diag = Diagnostic::new(&file.path, d.span, message)
        .label("duplicate definition")
        .symbol(sym.name())
        .canonical(sym.canonical())
        .help(help)
        .related(&sym.file.path, sym.def.span, "the canonical definition");
    if let Some(note) = super::ssot002_renamed_copy::differing_note(&differing) {
        diag = diag.note(note);
    }
    diag.reason(sym.reason())
        .fix(fix.map(|f| super::ssot002_renamed_copy::with_difference(f, &differing)))
}
