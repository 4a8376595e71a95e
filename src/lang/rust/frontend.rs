//! The Rust [`Frontend`]: `.rs` sources and `Cargo.toml` manifests, how Rust paths, `use`
//! lines and table entries are written, and the two-phase extraction of a project.
//!
//! Before the parallel phase, crate roots are read first and lexed for
//! `extern crate x as y;` (which names `x` as `y` in every module of the crate). After it,
//! the real module tree is known from every file's `mod x;` declarations, so files whose
//! module differs from the location-derived guess (a `#[path]`, ...) are extracted again.
//! Everything else is parsed once; every file is read once (through the source database).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Extracted, FileInfo, Layout, ModDecl, discover, extract_with};
use crate::facts::{ModuleFacts, Problem, Span, TableKind};
use crate::lang::{Claim, ExtractCtx, Frontend, Lang, LangFiles, is_ident};
use crate::walk::Found;

/// The Rust front end.
pub struct Rust;

/// A file's text, or the facts that say why it could not be read.
type Read = Result<Arc<str>, Box<ModuleFacts>>;

impl Rust {
    fn read(&self, found: &Found, module: &str, ctx: &ExtractCtx) -> Read {
        ctx.db.load(&found.rel, &found.abs, self).map_err(|e| {
            let text = ctx.db.text(&found.rel);
            let mut f = ModuleFacts::new(found.rel.clone(), Lang::Rust, module.to_string(), &text);
            f.problems.push(Problem {
                message: e.message,
                span: Span::new(e.offset as u32, e.offset as u32),
                is_error: true,
            });
            Box::new(f)
        })
    }

    fn file(&self, found: &Found, info: &FileInfo, ctx: &ExtractCtx) -> Extracted {
        match self.read(found, &info.module, ctx) {
            Ok(text) => {
                let Some(cache) = ctx.cache_for(&found.rel) else {
                    return extract_with(&found.rel, info, &text, &ctx.opts);
                };
                let key = cache.key(Lang::Rust, &found.rel, &cache_context(info), &text);
                if let Some(e) = cache.get(key, &found.rel) {
                    return Extracted {
                        facts: e.facts,
                        mods: e.mods,
                    };
                }
                let ex = extract_with(&found.rel, info, &text, &ctx.opts);
                cache.put(key, &found.rel, &ex.facts, &ex.mods);
                ex
            }
            Err(f) => Extracted {
                facts: vec![*f],
                mods: Vec::new(),
            },
        }
    }

    /// Read every crate root first and let its `extern crate x as y;` items into its
    /// crate's extern names (they apply to every module of the crate).
    fn crate_roots(&self, files: &[Found], layout: &mut Layout, ctx: &ExtractCtx) {
        let roots: Vec<(usize, Read)> = files
            .par_iter()
            .enumerate()
            .filter(|(_, f)| layout.is_crate_root(&f.rel))
            .map(|(i, f)| (i, self.read(f, &layout.file(&f.rel).module, ctx)))
            .collect();
        for (i, text) in roots {
            if let Ok(t) = &text {
                layout.add_root_externs(&files[i].rel, t);
            }
        }
    }
}

/// Everything a Rust file's facts depend on besides its text and path, for its cache key:
/// its module path and package flag, and its whole crate context (name, kind, root, and
/// the extern names the crate can use, sorted).
fn cache_context(info: &FileInfo) -> Vec<&str> {
    let k = &info.krate;
    let mut externs: Vec<(&String, &String)> = k.externs.iter().collect();
    externs.sort();
    let mut v = Vec::with_capacity(5 + 2 * externs.len());
    v.push(info.module.as_str());
    v.push(if info.is_package { "1" } else { "0" });
    v.push(k.name.as_str());
    v.push(k.kind.as_str());
    v.push(k.root.as_str());
    for (local, real) in externs {
        v.push(local.as_str());
        v.push(real.as_str());
    }
    // The root's `#[macro_use]` crates resolve bare macros in every module (SSOT008).
    v.push("#macro_use");
    v.extend(k.macro_use.iter().map(String::as_str));
    v
}

impl Frontend for Rust {
    fn lang(&self) -> Lang {
        Lang::Rust
    }
    fn name(&self) -> &'static str {
        "Rust"
    }
    fn claims(&self, file_name: &str) -> Option<Claim> {
        if file_name == "Cargo.toml" {
            Some(Claim::Manifest)
        } else {
            file_name.ends_with(".rs").then_some(Claim::Source)
        }
    }
    fn sep(&self) -> &'static str {
        "::"
    }
    fn comment_prefix(&self) -> &'static str {
        "//"
    }
    fn check_module_path(&self, path: &str) -> Result<(), Option<String>> {
        if let Some(head) = ["crate::", "self::", "super::"]
            .iter()
            .find(|h| path.starts_with(**h))
        {
            return Err(Some(format!(
                "a path in lint.toml must start with the crate name, not `{}`: write the crate's name (with `-` as `_`), e.g. `my_crate::{}`",
                head.trim_end_matches(':'),
                &path[head.len()..]
            )));
        }
        if path.contains('.') {
            return Err(if path.ends_with(".rs") {
                let guess = path
                    .trim_end_matches(".rs")
                    .trim_end_matches("/mod")
                    .trim_matches('/')
                    .replace('/', "::");
                Some(format!("write a module path, not a file path: `{guess}`"))
            } else {
                None
            });
        }
        let parts: Vec<&str> = path.split("::").collect();
        if parts.iter().all(|p| is_ident(p)) {
            return Ok(());
        }
        if path.contains('-') && parts.iter().all(|p| is_ident(&p.replace('-', "_"))) {
            return Err(Some(format!(
                "crate names are written with `_` in paths: `{}`",
                path.replace('-', "_")
            )));
        }
        Err(path.contains("::").then(|| {
            "a Rust module path is identifiers joined by `::`, e.g. `my_crate::module`".into()
        }))
    }
    fn extract_all(&self, files: &LangFiles, ctx: &ExtractCtx) -> (Vec<ModuleFacts>, Vec<String>) {
        let mut out = Vec::new();
        let mut manifests = Vec::new();
        for m in &files.manifests {
            match self.read(m, "", ctx) {
                Ok(text) => manifests.push((m.rel.clone(), text.to_string())),
                Err(f) => out.push(*f),
            }
        }
        // Outside `include`: used for the crate layout, never reported on.
        let context: HashSet<&str> = files
            .context_manifests
            .iter()
            .map(|m| m.rel.as_str())
            .collect();
        for m in &files.context_manifests {
            if let Ok(text) = self.read(m, "", ctx) {
                manifests.push((m.rel.clone(), text.to_string()));
            }
        }
        let rust_paths: Vec<String> = files.sources.iter().map(|f| f.rel.clone()).collect();
        let (mut layout, manifest_problems) = discover(&manifests, &rust_paths);
        for (path, p) in manifest_problems
            .into_iter()
            .filter(|(p, _)| !context.contains(p.as_str()))
        {
            let text = ctx.db.text(&path);
            let mut f = ModuleFacts::new(path.clone(), Lang::Rust, String::new(), &text);
            f.problems.push(p);
            out.push(f);
        }
        drop(manifests);

        self.crate_roots(&files.sources, &mut layout, ctx);
        let layout = layout;
        let mut rs: Vec<Extracted> = files
            .sources
            .par_iter()
            .map(|f| self.file(f, &layout.file(&f.rel), ctx))
            .collect();
        // Phase 2: the real module tree.
        let decls: HashMap<String, Vec<ModDecl>> = rs
            .iter_mut()
            .zip(&files.sources)
            .map(|(ex, f)| (f.rel.clone(), std::mem::take(&mut ex.mods)))
            .collect();
        let tree = layout.resolve_tree(&decls);
        let index: HashMap<&str, usize> = files
            .sources
            .iter()
            .enumerate()
            .map(|(i, f)| (f.rel.as_str(), i))
            .collect();
        let redo: Vec<(usize, Extracted)> = tree
            .changed
            .par_iter()
            .filter_map(|(rel, info)| {
                index
                    .get(rel.as_str())
                    .map(|&i| (i, self.file(&files.sources[i], info, ctx)))
            })
            .collect();
        let redone = redo.len();
        for (i, ex) in redo {
            rs[i] = ex;
        }
        for (rel, p) in tree.problems {
            if let Some(&i) = index.get(rel.as_str())
                && let Some(first) = rs[i].facts.first_mut()
            {
                first.problems.push(p);
            }
        }
        let mut notes: Vec<String> = layout.notes().to_vec();
        notes.extend(tree.notes);
        if redone > 0 {
            notes.push(format!(
                "{redone} Rust file(s) extracted a second time (parsed, unless the cache holds them): their module (from the `mod` tree) differs from their location"
            ));
        }
        out.extend(rs.into_iter().flat_map(|ex| ex.facts));
        (out, notes)
    }
    /// Helpers take what they format by reference (`fn f(state: &State)`); `&&T` coerces
    /// to `&T`, so borrowing a value that is already a reference still compiles.
    fn wrap_call(&self, helper: &str, value: &str) -> String {
        if value.starts_with('&') {
            format!("{helper}({value})")
        } else {
            format!("{helper}(&{value})")
        }
    }
    fn merge_import(&self, stmt: &str, name: &str, local: &str) -> Option<String> {
        let item = if local == name {
            name.to_string()
        } else {
            format!("{name} as {local}")
        };
        let body = stmt.trim_end().strip_suffix(';')?;
        let (vis, tree) = match body.find("use ") {
            Some(at) => (&body[..at + 4], &body[at + 4..]),
            None => return None,
        };
        if tree.contains("//") || tree.contains("/*") || tree.contains('*') {
            return None;
        }
        // `use m::{a, b}`: a group at the end of a plain path.
        if let Some(open) = tree.find('{') {
            let (path, group) = tree.split_at(open);
            if path.contains('}') || !group.ends_with('}') || group[1..].contains('{') {
                return None;
            }
            let inner = group[1..group.len() - 1].trim_end();
            let inner = inner.strip_suffix(',').unwrap_or(inner);
            return Some(format!("{vis}{path}{{{inner}, {item}}};"));
        }
        // `use m::a;` / `use m::a as b;`
        let (path, last) = tree.rsplit_once("::")?;
        Some(format!("{vis}{path}::{{{last}, {item}}};"))
    }
    fn syntax_ok(&self, text: &str) -> bool {
        let ok = syn::parse_file(text).is_ok();
        proc_macro2::extra::invalidate_current_thread_spans();
        ok
    }
    fn import_statement(
        &self,
        module: &str,
        name: &str,
        local: Option<&str>,
        public: bool,
    ) -> String {
        let vis = if public { "pub " } else { "" };
        match local.filter(|l| *l != name) {
            None => format!("{vis}use {module}::{name};"),
            Some(a) => format!("{vis}use {module}::{name} as {a};"),
        }
    }
    fn spell(&self, file: &ModuleFacts, path: &str) -> String {
        let (head, rest) = path.split_once("::").unwrap_or((path, ""));
        let own = file.module.split("::").next().unwrap_or("");
        let local = if head == own {
            "crate"
        } else {
            file.package_aliases
                .iter()
                .find(|(_, real)| real == head)
                .map_or(head, |(l, _)| l.as_str())
        };
        if rest.is_empty() {
            local.to_string()
        } else {
            format!("{local}::{rest}")
        }
    }
    fn qualified(&self, spelled_module: &str, name: &str) -> Option<String> {
        Some(format!("{spelled_module}::{name}"))
    }
    fn entry_text(&self, kind: TableKind, key: &str, member: &str) -> String {
        match kind {
            TableKind::Map => format!("({key:?}, {member})"),
            _ => format!("{key:?} => {member}"),
        }
    }
    fn table_example(&self, name: Option<&str>, enum_name: &str) -> String {
        format!(
            "fn {}(s: &str) -> Option<{enum_name}> {{ match s {{ \"key\" => Some({enum_name}::Member), _ => None }} }}",
            name.unwrap_or("from_alias")
        )
    }
}
