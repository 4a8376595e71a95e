//! # SSOT003 non-canonical-import
//!
//! ## What it does
//! Checks that every way of reaching a canonical symbol goes through its canonical module
//! (or one of its declared `facades`): `from x import sym` (absolute or relative, with or
//! without `as`, at module level, inside functions, under `if TYPE_CHECKING:` or in a
//! `try/except ImportError` fallback), attribute chains through imported modules
//! (`import x as m; m.sym(...)`), glob imports that bring the symbol in, Rust `use` trees
//! and qualified paths, and dotted string targets such as `mock.patch("x.sym")` and
//! `patch.object(x, "sym")`.
//!
//! A module that imports the symbol and is then imported from (a re-export) is accepted
//! only when it is a configured facade; otherwise the consumer is reported with the chain
//! of modules named.
//!
//! Not reported: a module that merely shares the symbol's name (`from app import slugify`
//! where `app/slugify.py` is the module), and a `patch("app.audit.now_utc")` target whose
//! module imports the canonical helper — that patches the name where it is looked up,
//! which is what a test must do; stale targets (a copy, a missing name) are reported.
//!
//! ## Why is this bad?
//! An import through a copy keeps the copy alive; an import through a re-export breaks
//! when the middle module changes; a stale `mock.patch` string silently patches nothing
//! the code under test still uses, so the test passes while testing the wrong thing.
//!
//! ## Example
//! ```python
//! from netra_backend.app.routes.websocket import _safe_websocket_state_for_logging as safe
//! ```
//! Use instead:
//! ```python
//! from netra_backend.app.websocket_core.utils import _safe_websocket_state_for_logging as safe
//! ```
//!
//! ## How to fix
//! Import from the canonical module (the help line gives the exact statement, keeping your
//! local name), patch the canonical dotted path in tests, or add the middle module to the
//! symbol's `facades` in lint.toml if it is meant to be a public re-export.

use super::Context;
use crate::config::SymbolConfig;
use crate::diagnostic::Diagnostic;
use crate::facts::{Lang, ModuleFacts, RefKind};
use crate::index::{Index, Provision};

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let names = ctx.symbol_names();
    let mentions = |f: &ModuleFacts| {
        f.imports
            .iter()
            .any(|i| i.name.as_deref().is_some_and(|n| names.contains(n)))
            || f.glob_names.iter().any(|n| names.contains(n.as_str()))
            || f.references
                .iter()
                .any(|r| r.target.split(f.lang.sep()).any(|seg| names.contains(seg)))
    };
    let files: Vec<&ModuleFacts> = ctx.index.files.iter().filter(|f| mentions(f)).collect();
    for sym in &ctx.config.symbols {
        for file in files.iter().copied().filter(|f| f.lang == sym.lang) {
            check_imports(ctx.index, sym, file, &mut out);
            check_references(ctx.index, sym, file, &mut out);
        }
    }
    out
}

fn check_imports(index: &Index, sym: &SymbolConfig, file: &ModuleFacts, out: &mut Vec<Diagnostic>) {
    for imp in &file.imports {
        if imp.glob {
            if sym.allowed_from(&imp.module) || !index.is_project_module(&imp.module) {
                continue;
            }
            for n in file.glob_names.iter().filter(|n| sym.is_name(n)) {
                let bound_here = file.imports.iter().any(|i| i.local_name() == Some(n))
                    || file.defs.iter().any(|d| &d.name == n);
                let provided = matches!(
                    index.provides(&imp.module, n),
                    Provision::Defines(_) | Provision::Imports(_)
                );
                if bound_here || !provided {
                    continue;
                }
                let message = format!(
                    "`{n}` comes in through a glob import of `{}`, not from its canonical module `{}`",
                    imp.module, sym.canonical
                );
                out.push(with_reason(
                    base(
                        sym,
                        file,
                        imp.span,
                        message,
                        "glob import brings in a non-canonical copy",
                    )
                    .help(format!(
                        "import it explicitly from the canonical module: `{}`",
                        sym.lang
                            .import_statement(&file.spell(&sym.canonical), &sym.name, Some(n))
                    ))
                    .note(explain(index, sym, &imp.module, n)),
                    sym,
                ));
            }
            continue;
        }
        let Some(name) = imp.name.as_deref() else {
            continue;
        };
        if !sym.is_name(name) || sym.allowed_from(&imp.module) {
            continue;
        }
        if !index.is_project_module(&imp.module) || is_submodule(index, sym, &imp.module, name) {
            continue;
        }
        let local = imp.local_name().unwrap_or(name);
        let message = format!(
            "`{name}` is imported from `{}`, not from its canonical module `{}`",
            imp.module, sym.canonical
        );
        out.push(with_reason(
            base(sym, file, imp.span, message, "non-canonical import")
                .help(format!(
                    "write `{}` instead",
                    sym.lang
                        .import_statement(&file.spell(&sym.canonical), &sym.name, Some(local))
                ))
                .note(explain(index, sym, &imp.module, name)),
            sym,
        ));
    }
}

fn check_references(
    index: &Index,
    sym: &SymbolConfig,
    file: &ModuleFacts,
    out: &mut Vec<Diagnostic>,
) {
    let sep = sym.lang.sep();
    for r in &file.references {
        let segments: Vec<&str> = r.target.split(sep).collect();
        // The first segment (after the module prefix) that names the symbol and is not a
        // module of that name (`app.slugify.slugify`: the middle one is the module).
        let Some(i) = (1..segments.len()).find(|&i| {
            sym.is_name(segments[i])
                && !is_submodule(index, sym, &segments[..i].join(sep), segments[i])
        }) else {
            continue;
        };
        let module = segments[..i].join(sep);
        let name = segments[i];
        if sym.allowed_from(&module) || !index.is_project_module(&module) {
            continue;
        }
        // `patch("app.audit.now_utc")` where `app.audit` imports `now_utc` from the
        // canonical module patches the name where it is looked up: that is correct
        // mocking practice, and patching the canonical path instead would not affect
        // `app.audit`. Only stale targets (copies, missing names) are reported.
        if r.kind == RefKind::String && reexports_canonical(index, sym, &module, name) {
            continue;
        }
        let canonical_target = sym.lang.join(&sym.canonical, &sym.name);
        let spelled_target = sym.lang.join(&file.spell(&sym.canonical), &sym.name);
        let written = r.written.as_deref().unwrap_or(&r.target);
        let (message, label, help) = match r.kind {
            RefKind::String => (
                format!(
                    "{} reaches `{name}` through `{module}`, not its canonical module `{}`",
                    if written.starts_with(['"', '\'']) {
                        format!("string target {written}")
                    } else {
                        format!("`{written}`")
                    },
                    sym.canonical
                ),
                "stale target",
                format!("target the canonical path instead: \"{canonical_target}\""),
            ),
            RefKind::Path => (
                format!(
                    "`{written}` reaches `{name}` through `{module}`, not its canonical module `{}`",
                    sym.canonical
                ),
                "non-canonical path",
                match sym.lang {
                    Lang::Python => format!(
                        "import it from the canonical module: `{}`, then call `{name}(...)`",
                        sym.lang.import_statement(
                            &file.spell(&sym.canonical),
                            &sym.name,
                            Some(name)
                        )
                    ),
                    Lang::Rust => format!("write `{spelled_target}` instead"),
                },
            ),
        };
        let d = base(sym, file, r.span, message, label)
            .help(help)
            .note(explain(index, sym, &module, name));
        out.push(with_reason(d, sym));
    }
}

/// True when `module.name` is a module (and `module` binds no `name` itself): then
/// `from module import name` / `module.name` names the module, not the symbol.
fn is_submodule(index: &Index, sym: &SymbolConfig, module: &str, name: &str) -> bool {
    matches!(
        index.provides(module, name),
        Provision::Missing | Provision::UnknownModule
    ) && index.module(&sym.lang.join(module, name)).is_some()
}

/// True when `module` imports `name` and the re-export chain ends at the canonical module
/// (or a facade).
fn reexports_canonical(index: &Index, sym: &SymbolConfig, module: &str, name: &str) -> bool {
    matches!(index.provides(module, name), Provision::Imports(_))
        && index
            .chain(module, name)
            .last()
            .is_some_and(|m| sym.allowed_from(m))
}

fn base(
    sym: &SymbolConfig,
    file: &ModuleFacts,
    span: crate::facts::Span,
    message: String,
    label: &str,
) -> Diagnostic {
    Diagnostic::new("SSOT003", &file.path, span, message)
        .label(label)
        .symbol(&sym.name)
        .canonical(&sym.canonical)
}

/// The lint.toml `reason`, as a last note.
fn with_reason(d: Diagnostic, sym: &SymbolConfig) -> Diagnostic {
    match &sym.reason {
        Some(r) => d.note(format!("why it matters: {r}")),
        None => d,
    }
}

/// Why `module` is the wrong place: it holds a copy, re-exports, or has nothing.
fn explain(index: &Index, sym: &SymbolConfig, module: &str, name: &str) -> String {
    match index.provides(module, name) {
        Provision::Defines(_) => format!(
            "`{module}` defines its own copy of `{name}` (reported as SSOT001); the copy is not kept in step with `{}`",
            sym.canonical
        ),
        Provision::Imports(_) => {
            let chain = index.chain(module, name);
            let reaches = chain
                .last()
                .is_some_and(|m| m == &sym.canonical || sym.allowed_from(m));
            let shown = chain
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(" -> ");
            if reaches {
                format!(
                    "`{module}` only re-exports it ({shown}); re-exports are allowed only through the facades listed in lint.toml"
                )
            } else {
                format!("`{module}` re-exports it from a non-canonical place ({shown})")
            }
        }
        Provision::Missing => format!("`{module}` does not define `{name}`: this path is stale"),
        Provision::UnknownModule => {
            format!("there is no module `{module}` in this project: this path is stale")
        }
    }
}
