//! Cargo.toml -> packages, their targets (crates) and the extern names each crate sees.
//!
//! Only the manifest text is read, never `cargo metadata`: packages (`[package]`),
//! workspaces (`[workspace] members` globs and `exclude`, `[workspace.dependencies]`),
//! targets (`[lib]`, `src/main.rs`, `[[bin]]`, `src/bin/*`, `tests/`, `examples/`,
//! `benches/`, `build.rs`) and dependency renames (`foo = { package = "relay-core" }`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use toml::{Table, Value};

use super::tree::{is_under, join, parent};
use super::{CrateCtx, Layout, TargetKind};
use crate::facts::{Problem, Span};

/// Crates every target can name without a dependency.
const BUILTIN_CRATES: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];

/// Dependency tables of a manifest (also under `[target.'cfg(..)']`).
const DEP_TABLES: &[&str] = &[
    "dependencies",
    "dev-dependencies",
    "dev_dependencies",
    "build-dependencies",
    "build_dependencies",
];

/// A package: its directory and its crates.
#[derive(Debug)]
pub(super) struct Package {
    /// Root-relative directory of the manifest (`""` at the root).
    pub dir: String,
    /// Indices into [`Layout::crates`].
    pub crates: Vec<usize>,
    /// The crate files under the package that no target root owns are laid out in.
    pub fallback: Arc<CrateCtx>,
}

/// `name` as a crate name: `relay-core` -> `relay_core`.
pub(super) fn crate_name(name: &str) -> String {
    name.replace('-', "_")
}

struct Workspace {
    dir: String,
    members: Vec<globset::GlobMatcher>,
    exclude: Vec<String>,
    deps: Table,
}

struct Parsed<'a> {
    dir: String,
    path: &'a str,
    table: Table,
}

fn str_of<'t>(t: &'t Table, key: &str) -> Option<&'t str> {
    t.get(key).and_then(Value::as_str)
}

fn bool_of(t: &Table, key: &str) -> Option<bool> {
    t.get(key).and_then(Value::as_bool)
}

fn table_of<'t>(t: &'t Table, key: &str) -> Option<&'t Table> {
    t.get(key).and_then(Value::as_table)
}

fn strings(t: &Table, key: &str) -> Vec<String> {
    t.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn workspace(p: &Parsed, ws: &Table) -> Workspace {
    let members = strings(ws, "members")
        .iter()
        .filter_map(|m| {
            let pattern = join(&p.dir, m.trim_end_matches('/'));
            globset::GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build()
                .ok()
                .map(|g| g.compile_matcher())
        })
        .collect();
    let exclude = strings(ws, "exclude")
        .iter()
        .map(|e| join(&p.dir, e.trim_end_matches('/')))
        .collect();
    Workspace {
        dir: p.dir.clone(),
        members,
        exclude,
        deps: table_of(ws, "dependencies").cloned().unwrap_or_default(),
    }
}

/// The workspace package directory `dir` belongs to: `package.workspace` if given, else the
/// nearest enclosing workspace that lists it as a member (and does not exclude it).
fn workspace_of<'w>(
    dir: &str,
    explicit: Option<&str>,
    workspaces: &'w [Workspace],
) -> Option<&'w Workspace> {
    if let Some(e) = explicit {
        let target = join(dir, e);
        return workspaces.iter().find(|w| w.dir == target);
    }
    let nearest = workspaces
        .iter()
        .filter(|w| is_under(dir, &w.dir) || w.dir == dir)
        .max_by_key(|w| w.dir.len())?;
    let member = nearest.dir == dir
        || (nearest.members.iter().any(|m| m.is_match(dir))
            && !nearest.exclude.iter().any(|e| e == dir || is_under(dir, e)));
    member.then_some(nearest)
}

/// A dependency as declared: `(key, package rename, path)`.
fn dependencies(
    p: &Parsed,
    ws: Option<&Workspace>,
) -> Vec<(String, Option<String>, Option<String>)> {
    let mut tables: Vec<&Table> = DEP_TABLES
        .iter()
        .filter_map(|k| table_of(&p.table, k))
        .collect();
    if let Some(targets) = table_of(&p.table, "target") {
        for t in targets.values().filter_map(Value::as_table) {
            tables.extend(DEP_TABLES.iter().filter_map(|k| table_of(t, k)));
        }
    }
    let mut out = Vec::new();
    for t in tables {
        for (key, v) in t {
            let (mut package, mut path) = (None, None);
            if let Some(d) = v.as_table() {
                package = str_of(d, "package").map(str::to_string);
                path = str_of(d, "path").map(|x| join(&p.dir, x));
                if bool_of(d, "workspace") == Some(true)
                    && let Some(w) = ws
                    && let Some(wd) = table_of(&w.deps, key)
                {
                    package = package.or_else(|| str_of(wd, "package").map(str::to_string));
                    path = path.or_else(|| str_of(wd, "path").map(|x| join(&w.dir, x)));
                }
            }
            out.push((key.clone(), package, path));
        }
    }
    out
}

/// One target before its extern names are known.
struct Target {
    name: String,
    kind: TargetKind,
    root: String,
}

/// Files `<dir>/<sub>/x.rs` and `<dir>/<sub>/x/main.rs`, as `(name, path)`.
fn auto_targets(files: &[&str], dir: &str, sub: &str) -> Vec<(String, String)> {
    let prefix = join(dir, sub);
    let mut out = Vec::new();
    for f in files {
        let Some(rest) = f.strip_prefix(&prefix).and_then(|r| r.strip_prefix('/')) else {
            continue;
        };
        match rest.split('/').collect::<Vec<_>>()[..] {
            [file] => {
                if let Some(stem) = file.strip_suffix(".rs") {
                    out.push((stem.to_string(), f.to_string()));
                }
            }
            [name, "main.rs"] => out.push((name.to_string(), f.to_string())),
            _ => {}
        }
    }
    out
}

/// Every target of the package in `p`, given the files that exist.
fn targets(p: &Parsed, pkg: &Table, files: &HashSet<&str>, under: &[&str]) -> Vec<Target> {
    let name = str_of(pkg, "name").unwrap_or_default();
    let exists = |path: &str| files.contains(path);
    let mut out: Vec<Target> = Vec::new();
    let push = |out: &mut Vec<Target>, name: &str, kind: TargetKind, root: String| {
        if exists(&root) && !out.iter().any(|t| t.root == root) {
            out.push(Target {
                name: crate_name(name),
                kind,
                root,
            });
        }
    };
    // [lib]
    let lib = table_of(&p.table, "lib");
    let lib_path = lib
        .and_then(|l| str_of(l, "path"))
        .map_or_else(|| join(&p.dir, "src/lib.rs"), |x| join(&p.dir, x));
    let lib_name = lib.and_then(|l| str_of(l, "name")).unwrap_or(name);
    push(&mut out, lib_name, TargetKind::Lib, lib_path);

    // [[bin]], [[test]], [[example]], [[bench]], then the auto-discovered ones.
    let kinds = [
        ("bin", "autobins", "src/bin", TargetKind::Bin),
        ("test", "autotests", "tests", TargetKind::Test),
        ("example", "autoexamples", "examples", TargetKind::Example),
        ("bench", "autobenches", "benches", TargetKind::Bench),
    ];
    for (key, auto_key, sub, kind) in kinds {
        let declared = p.table.get(key).and_then(Value::as_array);
        for t in declared.into_iter().flatten().filter_map(Value::as_table) {
            let Some(tname) = str_of(t, "name") else {
                continue;
            };
            let root = match str_of(t, "path") {
                Some(x) => join(&p.dir, x),
                None => {
                    let main = join(&p.dir, "src/main.rs");
                    let flat = join(&p.dir, &format!("{sub}/{tname}.rs"));
                    let nested = join(&p.dir, &format!("{sub}/{tname}/main.rs"));
                    if kind == TargetKind::Bin && tname == name && exists(&main) {
                        main
                    } else if exists(&flat) {
                        flat
                    } else {
                        nested
                    }
                }
            };
            push(&mut out, tname, kind, root);
        }
        if bool_of(pkg, auto_key) == Some(false) {
            continue;
        }
        if kind == TargetKind::Bin {
            push(&mut out, name, kind, join(&p.dir, "src/main.rs"));
        }
        for (tname, root) in auto_targets(under, &p.dir, sub) {
            push(&mut out, &tname, kind, root);
        }
    }
    // build.rs
    let build = match pkg.get("build") {
        Some(Value::String(s)) => Some(join(&p.dir, s)),
        Some(Value::Boolean(false)) => None,
        _ => Some(join(&p.dir, "build.rs")),
    };
    if let Some(b) = build {
        push(&mut out, "build_script_build", TargetKind::BuildScript, b);
    }
    out
}

/// The package crate name of `dir`'s library, for path dependencies.
fn lib_name(p: &Parsed, pkg: &Table) -> String {
    let lib = table_of(&p.table, "lib").and_then(|l| str_of(l, "name"));
    crate_name(lib.or(str_of(pkg, "name")).unwrap_or_default())
}

pub(super) fn discover(
    manifests: &[(String, String)],
    rust_files: &[String],
) -> (Layout, Vec<(String, Problem)>) {
    let mut problems = Vec::new();
    let mut parsed: Vec<Parsed> = Vec::new();
    for (path, text) in manifests {
        match text.parse::<Table>() {
            Ok(table) => parsed.push(Parsed {
                dir: parent(path).to_string(),
                path,
                table,
            }),
            Err(e) => {
                let span = e
                    .span()
                    .map_or(Span::default(), |r| Span::new(r.start as u32, r.end as u32));
                problems.push((
                    path.clone(),
                    Problem {
                        message: format!("invalid Cargo.toml: {}", e.message().trim()),
                        span,
                        is_error: true,
                    },
                ));
            }
        }
    }
    parsed.sort_by(|a, b| a.path.cmp(b.path));

    let workspaces: Vec<Workspace> = parsed
        .iter()
        .filter_map(|p| table_of(&p.table, "workspace").map(|w| workspace(p, w)))
        .collect();
    let files: HashSet<&str> = rust_files.iter().map(String::as_str).collect();
    let mut notes = Vec::new();

    // Library crate names by package directory, for path dependencies.
    let packages: Vec<(&Parsed, &Table)> = parsed
        .iter()
        .filter_map(|p| table_of(&p.table, "package").map(|pkg| (p, pkg)))
        .filter(|(_, pkg)| str_of(pkg, "name").is_some())
        .collect();
    let libs: HashMap<&str, String> = packages
        .iter()
        .map(|(p, pkg)| (p.dir.as_str(), lib_name(p, pkg)))
        .collect();

    // (target, its package's extern names, package index)
    type Pending = (Target, Arc<HashMap<String, String>>, usize);
    let mut crates: Vec<Pending> = Vec::new();
    let mut layout_packages = Vec::new();
    for (i, (p, pkg)) in packages.iter().enumerate() {
        let explicit = str_of(pkg, "workspace");
        let ws = workspace_of(&p.dir, explicit, &workspaces);
        if ws.is_none() && workspaces.iter().any(|w| is_under(&p.dir, &w.dir)) {
            notes.push(format!(
                "{}: package is not a member of the enclosing workspace; laid out on its own",
                p.path
            ));
        }
        let mut externs: HashMap<String, String> = BUILTIN_CRATES
            .iter()
            .map(|c| (c.to_string(), c.to_string()))
            .collect();
        for (key, package, path) in dependencies(p, ws) {
            let target_lib = path.as_deref().and_then(|d| libs.get(d)).cloned();
            let real = target_lib
                .clone()
                .unwrap_or_else(|| crate_name(package.as_deref().unwrap_or(&key)));
            let code = match (&package, target_lib) {
                (None, Some(lib)) => lib,
                _ => crate_name(&key),
            };
            externs.insert(code, real);
        }
        let lib = libs.get(p.dir.as_str()).cloned().unwrap_or_default();
        externs.insert(lib.clone(), lib.clone());
        let externs = Arc::new(externs);
        let under: Vec<&str> = rust_files
            .iter()
            .map(String::as_str)
            .filter(|f| is_under(f, &p.dir))
            .collect();
        for t in targets(p, pkg, &files, &under) {
            crates.push((t, externs.clone(), i));
        }
        layout_packages.push((p.dir.clone(), lib, externs));
    }

    crates.sort_by(|a, b| (a.0.kind, &a.0.root).cmp(&(b.0.kind, &b.0.root)));
    let mut layout = Layout {
        files: rust_files.iter().cloned().collect(),
        notes,
        ..Layout::default()
    };
    let mut by_package: Vec<Vec<usize>> = vec![Vec::new(); layout_packages.len()];
    for (t, externs, pkg) in crates {
        let mut externs = (*externs).clone();
        externs.insert(t.name.clone(), t.name.clone());
        let idx = layout.crates.len();
        layout.roots.entry(t.root.clone()).or_insert(idx);
        by_package[pkg].push(idx);
        layout.crates.push(Arc::new(CrateCtx {
            name: t.name,
            kind: t.kind,
            root: t.root,
            externs,
            macro_use: Vec::new(),
        }));
    }
    for ((dir, lib, externs), crates) in layout_packages.into_iter().zip(by_package) {
        let fallback = crates
            .iter()
            .map(|&c| layout.crates[c].clone())
            .find(|c| matches!(c.kind, TargetKind::Lib | TargetKind::Bin))
            .unwrap_or_else(|| {
                Arc::new(CrateCtx {
                    name: lib,
                    kind: TargetKind::Detached,
                    root: String::new(),
                    externs: (*externs).clone(),
                    macro_use: Vec::new(),
                })
            });
        layout.packages.push(Package {
            dir,
            crates,
            fallback,
        });
    }
    (layout, problems)
}

/// `extern crate x;` / `extern crate x as y;` items at the top level of a crate root's
/// `text`, as `(name bound, crate as written)`. Such an item adds its name to the crate's
/// extern prelude, so every module of the crate may start a path with it. Only lexes (no
/// parse): the crate root is read once more, cheaply, before the files are extracted.
pub(super) fn root_extern_crates(text: &str) -> Vec<(String, String)> {
    use proc_macro2::{TokenStream, TokenTree};
    let mut text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.starts_with("#!") && !text.starts_with("#![") {
        text = text.find('\n').map_or("", |n| &text[n..]);
    }
    let Ok(tokens) = text.parse::<TokenStream>() else {
        return Vec::new();
    };
    let toks: Vec<TokenTree> = tokens.into_iter().collect();
    let ident = |i: usize| match toks.get(i) {
        Some(TokenTree::Ident(id)) => {
            let s = id.to_string();
            Some(
                s.strip_prefix("r#")
                    .map_or_else(|| s.clone(), str::to_string),
            )
        }
        _ => None,
    };
    let semi = |i: usize| matches!(toks.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ';');
    let mut out = Vec::new();
    for i in 0..toks.len() {
        if ident(i).as_deref() != Some("extern") || ident(i + 1).as_deref() != Some("crate") {
            continue;
        }
        let Some(krate) = ident(i + 2) else { continue };
        let bound = if semi(i + 3) {
            Some(krate.clone())
        } else if ident(i + 3).as_deref() == Some("as") && semi(i + 5) {
            ident(i + 4)
        } else {
            None
        };
        if let Some(b) = bound.filter(|b| b != "_") {
            out.push((b, krate));
        }
    }
    drop(toks);
    // The lexer recorded the text in this thread's span map; nothing refers to it now.
    proc_macro2::extra::invalidate_current_thread_spans();
    out
}

/// The crates a crate root brings macros in from: `#[macro_use] extern crate log;` (any
/// attribute list holding `macro_use` right before the item).
pub(super) fn root_macro_use_crates(text: &str) -> Vec<String> {
    use proc_macro2::{Delimiter, TokenStream, TokenTree};
    let mut text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.starts_with("#!") && !text.starts_with("#![") {
        text = text.find('\n').map_or("", |n| &text[n..]);
    }
    let Ok(tokens) = text.parse::<TokenStream>() else {
        return Vec::new();
    };
    let toks: Vec<TokenTree> = tokens.into_iter().collect();
    let is_ident = |i: usize, s: &str| matches!(toks.get(i), Some(TokenTree::Ident(id)) if id == s);
    let mut out = Vec::new();
    for i in 0..toks.len() {
        if !is_ident(i, "extern") || !is_ident(i + 1, "crate") {
            continue;
        }
        // Walk back over the item's attributes (`#` then `[...]`).
        let mut j = i;
        let mut macro_use = false;
        while j >= 2 {
            match (&toks[j - 2], &toks[j - 1]) {
                (TokenTree::Punct(p), TokenTree::Group(g))
                    if p.as_char() == '#' && g.delimiter() == Delimiter::Bracket =>
                {
                    macro_use |=
                        g.stream().into_iter().next().is_some_and(
                            |t| matches!(t, TokenTree::Ident(id) if id == "macro_use"),
                        );
                    j -= 2;
                }
                _ => break,
            }
        }
        if macro_use && let Some(TokenTree::Ident(k)) = toks.get(i + 2) {
            out.push(k.to_string());
        }
    }
    drop(toks);
    proc_macro2::extra::invalidate_current_thread_spans();
    out
}

impl Layout {
    /// The crate roots among the files, for [`Layout::add_root_externs`].
    pub fn is_crate_root(&self, rel: &str) -> bool {
        self.roots.contains_key(rel)
    }

    /// Read the `extern crate` items of the crate root `root` (its `text`) into the extern
    /// names of every crate rooted there: after `extern crate price_core as px;` in
    /// `lib.rs`, `px::..` names the dependency `price_core` in every module of the crate.
    /// Call before [`Layout::file`] hands out the crates. Returns whether anything changed.
    pub fn add_root_externs(&mut self, root: &str, text: &str) -> bool {
        if !text.contains("extern") || !self.roots.contains_key(root) {
            return false;
        }
        let names = root_extern_crates(text);
        let macro_use = if text.contains("macro_use") {
            root_macro_use_crates(text)
        } else {
            Vec::new()
        };
        if names.is_empty() && macro_use.is_empty() {
            return false;
        }
        let mut changed = false;
        for c in 0..self.crates.len() {
            let old = &self.crates[c];
            if old.root != root {
                continue;
            }
            let mut externs = old.externs.clone();
            for (bound, krate) in &names {
                let real = match krate.as_str() {
                    "self" => old.name.clone(),
                    k => old.extern_crate(k).unwrap_or(k).to_string(),
                };
                externs.insert(bound.clone(), real);
            }
            let macro_use: Vec<String> = macro_use
                .iter()
                .map(|k| old.extern_crate(k).unwrap_or(k).to_string())
                .collect();
            if externs == old.externs && macro_use == old.macro_use {
                continue;
            }
            let new = Arc::new(CrateCtx {
                name: old.name.clone(),
                kind: old.kind,
                root: old.root.clone(),
                externs,
                macro_use,
            });
            for p in &mut self.packages {
                if Arc::ptr_eq(&p.fallback, old) {
                    p.fallback = new.clone();
                }
            }
            self.crates[c] = new;
            changed = true;
        }
        changed
    }
}
