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
//! local name), or add the middle module to the symbol's `facades` in lint.toml if it is
//! meant to be a public re-export. A `mock.patch` target naming a module that holds a
//! copy is fixed by consolidating the copy (replace it with an import of the canonical
//! helper): the target then patches the name where that module looks it up, which is
//! what the test needs. Patching the canonical path instead would patch nothing the code
//! under test uses.
//!
//! ## Fix safety
//! Rewriting an import or a path is safe: it keeps local names and the statement's other
//! names (a multi-name import is split). Consolidating a copy for a string target is
//! unsafe (the bodies may differ), and so is re-pointing a stale string target.

use super::Context;
use super::edits;
use super::ssot001_duplicate_definition::consolidation;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::facts::{Import, ModuleFacts, RefKind, Reference, Span};
use crate::index::{Index, Provision};
use crate::plan::SymbolPlan;

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let names = ctx.plan.symbol_names();
    let mentions = |f: &ModuleFacts| {
        f.imports
            .iter()
            .any(|i| i.name.as_deref().is_some_and(|n| names.contains(n)))
            || f.glob_names.iter().any(|n| names.contains(n.as_str()))
            || f.references
                .iter()
                .any(|r| f.lang.segments(&r.target).any(|seg| names.contains(seg)))
    };
    let files: Vec<&ModuleFacts> = ctx.index.files.iter().filter(|f| mentions(f)).collect();
    for sym in &ctx.plan.symbols {
        for file in files.iter().copied().filter(|f| f.lang == sym.lang) {
            check_imports(ctx, sym, file, &mut out);
            check_references(ctx, sym, file, &mut out);
        }
    }
    out
}

fn check_imports(ctx: &Context, sym: &SymbolPlan, file: &ModuleFacts, out: &mut Vec<Diagnostic>) {
    let index = ctx.index;
    for imp in &file.imports {
        if imp.glob {
            if sym.allowed_from(&imp.module) || !index.is_project_module(sym.lang, &imp.module) {
                continue;
            }
            for n in file.glob_names.iter().filter(|n| sym.is_name(n)) {
                let bound_here = file.imports.iter().any(|i| i.local_name() == Some(n))
                    || file.defs.iter().any(|d| &d.name == n);
                let provided = matches!(
                    index.provides(sym.lang, &imp.module, n),
                    Provision::Defines(_) | Provision::Imports(_)
                );
                if bound_here || !provided {
                    continue;
                }
                let message = format!(
                    "`{n}` comes in through a glob import of `{}`, not from its canonical module `{}`",
                    imp.module,
                    sym.canonical()
                );
                let stmt = sym.import_for(file, n, false);
                let text = ctx.db.text(&file.path);
                let fix = Fix::safe(
                    format!("import `{n}` explicitly from `{}`", sym.canonical()),
                    vec![edits::insert_line_after(
                        &file.path,
                        &text,
                        imp.stmt_span,
                        &stmt,
                    )],
                );
                out.push(
                    base(sym, file, imp.span, message, "glob import brings in a non-canonical copy")
                        .help(format!(
                            "import it explicitly from the canonical module, after the glob import: `{stmt}`"
                        ))
                        .note(explain(index, sym, &imp.module, n))
                        .reason(sym.reason())
                        .fix(Some(fix)),
                );
            }
            continue;
        }
        let Some(name) = imp.name.as_deref() else {
            continue;
        };
        if !sym.is_name(name) || sym.allowed_from(&imp.module) {
            continue;
        }
        if !index.is_project_module(sym.lang, &imp.module)
            || is_submodule(index, sym, &imp.module, name)
        {
            continue;
        }
        let local = imp.local_name().unwrap_or(name);
        let message = format!(
            "`{name}` is imported from `{}`, not from its canonical module `{}`",
            imp.module,
            sym.canonical()
        );
        // A relative import stays relative (`from ..utils import h`).
        let text = ctx.db.text(&file.path);
        let relative = edits::slice(&text, imp.stmt_span)
            .strip_prefix("from")
            .is_some_and(|rest| rest.trim_start().starts_with('.'));
        let stmt = match relative
            .then(|| sym.fe().relative(file, sym.canonical()))
            .flatten()
        {
            Some(module) => {
                sym.fe()
                    .import_statement(&module, sym.name(), Some(local), imp.exported)
            }
            None => sym.import_for(file, local, imp.exported),
        };
        out.push(
            base(sym, file, imp.span, message, "non-canonical import")
                .help(format!("write `{stmt}` instead"))
                .note(explain(index, sym, &imp.module, name))
                .reason(sym.reason())
                .fix(import_fix(ctx, sym, file, imp, &stmt)),
        );
    }
}

/// Whether only import statements, blank lines and comments stand between `a` and `b`
/// (in either order): moving a name from one to the other changes nothing that runs in
/// between.
fn only_imports_between(file: &ModuleFacts, text: &str, a: Span, b: Span) -> bool {
    let (from, to) = if a.start < b.start {
        (a.end, b.start)
    } else {
        (b.end, a.start)
    };
    let mut at = edits::next_line_start(text, from.saturating_sub(1));
    while at < to {
        let next = edits::next_line_start(text, at);
        let line = text.get(at as usize..next as usize).unwrap_or("").trim();
        let in_import = file
            .imports
            .iter()
            .any(|i| i.stmt_span.start <= at && at < i.stmt_span.end.max(i.stmt_span.start + 1));
        if !(line.is_empty() || line.starts_with('#') || line.starts_with("//") || in_import) {
            return false;
        }
        if next <= at {
            break;
        }
        at = next;
    }
    true
}

/// Re-point one imported name: replace the statement when it imports only this name,
/// else take the name out of it and add the canonical import on the next line.
fn import_fix(
    ctx: &Context,
    sym: &SymbolPlan,
    file: &ModuleFacts,
    imp: &Import,
    stmt: &str,
) -> Option<Fix> {
    let text = ctx.db.text(&file.path);
    let siblings = file
        .imports
        .iter()
        .filter(|i| i.stmt_span == imp.stmt_span)
        .count();
    let message = format!("import `{}` from `{}`", sym.name(), sym.canonical());
    // The file already imports from the canonical module at its top level: add the name
    // there instead of a second statement. Only between top-level statements (an import
    // in a block may be all the block holds), and never a name the statement has.
    let local = imp.local_name().unwrap_or(sym.name());
    let top =
        |span| edits::starts_line(&text, span) && edits::indent_at(&text, span.start).is_empty();
    let binds_local = |stmt| {
        file.imports
            .iter()
            .any(|i| i.stmt_span == stmt && i.local_name() == Some(local))
    };
    let merged = file
        .imports
        .iter()
        .filter(|i| {
            i.module == sym.canonical()
                && !i.glob
                && i.name.is_some()
                && i.stmt_span != imp.stmt_span
                && i.exported == imp.exported
                && top(imp.stmt_span)
                && top(i.stmt_span)
                && !binds_local(i.stmt_span)
                && only_imports_between(file, &text, imp.stmt_span, i.stmt_span)
        })
        .find_map(|i| {
            let stmt = edits::slice(&text, i.stmt_span);
            Some((i, sym.fe().merge_import(stmt, sym.name(), local)?))
        });
    if let Some((target, merged)) = merged {
        let removal = if siblings <= 1 {
            edits::whole_lines(&text, imp.stmt_span).unwrap_or(imp.stmt_span)
        } else {
            let element = edits::with_path_prefix(&text, imp.span, file.lang.sep());
            edits::list_item_removal(&text, element)?
        };
        return Some(Fix::safe(
            format!("{message}, in the existing import of `{}`", sym.canonical()),
            vec![
                Edit::replace(&file.path, target.stmt_span, merged),
                Edit::delete(&file.path, removal),
            ],
        ));
    }
    if siblings <= 1 {
        if edits::slice(&text, imp.stmt_span).is_empty() {
            return None;
        }
        return Some(Fix::safe(
            message,
            vec![Edit::replace(&file.path, imp.stmt_span, stmt)],
        ));
    }
    let element = edits::with_path_prefix(&text, imp.span, file.lang.sep());
    let removal = edits::list_item_removal(&text, element)?;
    Some(Fix::safe(
        message,
        vec![
            Edit::delete(&file.path, removal),
            edits::insert_line_after(&file.path, &text, imp.stmt_span, stmt),
        ],
    ))
}

fn check_references(
    ctx: &Context,
    sym: &SymbolPlan,
    file: &ModuleFacts,
    out: &mut Vec<Diagnostic>,
) {
    let index = ctx.index;
    let sep = sym.lang.sep();
    for r in &file.references {
        let segments: Vec<&str> = sym.lang.segments(&r.target).collect();
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
        if sym.allowed_from(&module) || !index.is_project_module(sym.lang, &module) {
            continue;
        }
        // `patch("app.audit.now_utc")` where `app.audit` imports `now_utc` from the
        // canonical module patches the name where it is looked up: that is correct
        // mocking practice, and patching the canonical path instead would not affect
        // `app.audit`. Only stale targets (copies, missing names) are reported.
        if r.kind == RefKind::String && reexports_canonical(index, sym, &module, name) {
            continue;
        }
        let ends_at_symbol = i + 1 == segments.len();
        let written = r.written.as_deref().unwrap_or(&r.target);
        let d = match r.kind {
            RefKind::String => string_target(ctx, sym, file, r, &module, name, written),
            RefKind::Path => {
                let message = format!(
                    "`{written}` reaches `{name}` through `{module}`, not its canonical module `{}`",
                    sym.canonical()
                );
                let (help, fix) = path_fix(ctx, sym, file, r, name, ends_at_symbol);
                base(sym, file, r.span, message, "non-canonical path")
                    .help(help)
                    .note(explain(index, sym, &module, name))
                    .fix(fix)
            }
        };
        out.push(d.reason(sym.reason()));
    }
}

/// The help and fix for a path in code: a qualified path where the language has them,
/// else the bare name plus an import next to the import that binds the path's head.
fn path_fix(
    ctx: &Context,
    sym: &SymbolPlan,
    file: &ModuleFacts,
    r: &Reference,
    name: &str,
    ends_at_symbol: bool,
) -> (String, Option<Fix>) {
    let fe = sym.fe();
    let spelled = file.spell(sym.canonical());
    let message = format!("reach `{}` through `{}`", sym.name(), sym.canonical());
    if let Some(path) = fe.qualified(&spelled, sym.name()) {
        let fix = ends_at_symbol.then(|| {
            Fix::safe(
                message,
                vec![Edit::replace(&file.path, r.span, path.clone())],
            )
        });
        return (format!("write `{path}` instead"), fix);
    }
    let stmt = sym.import_for(file, name, false);
    let help = format!("import it from the canonical module: `{stmt}`, then call `{name}(...)`");
    let written = r.written.as_deref().unwrap_or(&r.target);
    let head = file.lang.segments(written).next().unwrap_or(written);
    let binder = file.imports.iter().find(|i| binding(file, i) == Some(head));
    let fix = match binder {
        Some(b) if ends_at_symbol => {
            let text = ctx.db.text(&file.path);
            let clash = file.defs.iter().any(|d| d.name == name)
                || file
                    .imports
                    .iter()
                    .any(|i| i.local_name() == Some(name) && !i.module.ends_with(sym.canonical()));
            let edits = vec![
                Edit::replace(&file.path, r.span, name),
                edits::insert_line_after(&file.path, &text, b.stmt_span, &stmt),
            ];
            Some(if clash {
                Fix::unsafe_(
                    format!("{message} (`{name}` is also bound in this file)"),
                    edits,
                )
            } else {
                Fix::safe(message, edits)
            })
        }
        _ => None,
    };
    (help, fix)
}

/// The local name an import binds (`import a.b` binds `a`).
fn binding<'a>(file: &ModuleFacts, i: &'a Import) -> Option<&'a str> {
    match (&i.alias, &i.name) {
        (Some(a), _) => Some(a),
        (None, Some(n)) => Some(n),
        (None, None) => file.lang.segments(&i.module).find(|s| !s.is_empty()),
    }
}

/// A dotted string target (`mock.patch("a.b.h")`) reaching the symbol through `module`.
fn string_target(
    ctx: &Context,
    sym: &SymbolPlan,
    file: &ModuleFacts,
    r: &Reference,
    module: &str,
    name: &str,
    written: &str,
) -> Diagnostic {
    let index = ctx.index;
    let shown = if written.starts_with(['"', '\'']) {
        format!("string target {written}")
    } else {
        format!("`{written}`")
    };
    let message = format!(
        "{shown} reaches `{name}` through `{module}`, not its canonical module `{}`",
        sym.canonical()
    );
    let d =
        base(sym, file, r.span, message, "stale target").note(explain(index, sym, module, name));
    // Where the copy lives: the module itself, or the end of its re-export chain.
    let chain = index.chain(sym.lang, module, name);
    let end = chain.last().map_or(module, String::as_str);
    let copy = index.module(sym.lang, end).and_then(|f| {
        Index::top_level_def(f, name)
            .filter(|_| !sym.allowed_from(end))
            .map(|d| (f, d))
    });
    if let Some((f, def)) = copy {
        let stmt = sym.import_for(f, &def.name, def.public);
        return d
            .help(format!(
                "replace the copy in `{end}` with `{stmt}` (SSOT001): `{module}` then holds the canonical helper, and this string reaches it where `{module}` looks it up (so a patch there patches what that module uses)"
            ))
            .fix(consolidation(sym, f, def, ctx.db));
    }
    // A stale target (no such name or module): point it at the canonical path, when the
    // string spells the whole target.
    let target = sym.target();
    let text = ctx.db.text(&file.path);
    let literal = edits::slice(&text, r.span);
    let quote = literal.chars().next().filter(|c| *c == '"' || *c == '\'');
    let fix = match quote {
        Some(q) if literal.len() >= 2 && literal[1..literal.len() - 1] == r.target => {
            Some(Fix::unsafe_(
                format!("target `{target}`"),
                vec![Edit::replace(
                    &file.path,
                    Span::new(r.span.start + 1, r.span.end - 1),
                    target.clone(),
                )],
            ))
            .filter(|_| literal.ends_with(q))
        }
        _ => None,
    };
    d.help(format!(
        "the target names nothing that exists: target the canonical path \"{target}\" (or the module that imports it, where the code under test looks it up)"
    ))
    .fix(fix)
}

/// True when `module.name` is a module (and `module` binds no `name` itself): then
/// `from module import name` / `module.name` names the module, not the symbol.
fn is_submodule(index: &Index, sym: &SymbolPlan, module: &str, name: &str) -> bool {
    matches!(
        index.provides(sym.lang, module, name),
        Provision::Missing | Provision::UnknownModule
    ) && index
        .module(sym.lang, &sym.lang.join(module, name))
        .is_some()
}

/// True when `module` imports `name` and the re-export chain ends at the canonical module
/// (or a facade).
fn reexports_canonical(index: &Index, sym: &SymbolPlan, module: &str, name: &str) -> bool {
    matches!(
        index.provides(sym.lang, module, name),
        Provision::Imports(_)
    ) && index
        .chain(sym.lang, module, name)
        .last()
        .is_some_and(|m| sym.allowed_from(m))
}

fn base(
    sym: &SymbolPlan,
    file: &ModuleFacts,
    span: Span,
    message: String,
    label: &str,
) -> Diagnostic {
    Diagnostic::new(&file.path, span, message)
        .label(label)
        .symbol(sym.name())
        .canonical(sym.canonical())
        .related(&sym.file.path, sym.def.span, "the canonical definition")
}

/// Why `module` is the wrong place: it holds a copy, re-exports, or has nothing.
fn explain(index: &Index, sym: &SymbolPlan, module: &str, name: &str) -> String {
    match index.provides(sym.lang, module, name) {
        Provision::Defines(_) => format!(
            "`{module}` defines its own copy of `{name}` (reported as SSOT001); the copy is not kept in step with `{}`",
            sym.canonical()
        ),
        Provision::Imports(_) => {
            let chain = index.chain(sym.lang, module, name);
            let reaches = chain.last().is_some_and(|m| sym.allowed_from(m));
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
