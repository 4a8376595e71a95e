//! Module paths of files: the location-derived guess ([`Layout::file`]) and the real `mod`
//! tree walked from every crate root ([`Layout::resolve_tree`]).

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use super::{CrateCtx, FileInfo, Layout, ModDecl, TargetKind};
use crate::facts::Problem;

/// The directory part of a `/`-separated path (`""` for a top-level file).
pub(super) fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// True when `path` lies strictly inside directory `dir` (`""` is the root).
pub(super) fn is_under(path: &str, dir: &str) -> bool {
    dir.is_empty()
        || (path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/')
}

/// `dir` joined with the relative path `rel`, `.` and `..` resolved (`\` read as `/`).
pub(super) fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let rel = rel.replace('\\', "/");
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A path segment as an identifier: `my-dir` -> `my_dir`, `1x` -> `_1x`.
fn ident(seg: &str) -> String {
    let mut s: String = seg
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    s
}

/// Module segments of `rel` (a path below a module directory): `a/b.rs` -> `[a, b]`,
/// `a/mod.rs` -> `[a]` (a package).
fn segments(rel: &str) -> (Vec<String>, bool) {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.strip_suffix(".rs").unwrap_or(last);
    let is_package = stem == "mod";
    if !is_package || parts.is_empty() {
        parts.push(stem);
    }
    (parts.into_iter().map(ident).collect(), is_package)
}

fn module_of(krate: &str, segs: &[String]) -> String {
    let mut m = krate.to_string();
    for s in segs {
        m.push_str("::");
        m.push_str(s);
    }
    m
}

/// What [`Layout::resolve_tree`] found.
#[derive(Debug, Default)]
pub struct Tree {
    /// Files whose module (or crate) differs from [`Layout::file`]'s guess, with the right
    /// layout: extract these again with the new [`FileInfo`].
    pub changed: Vec<(String, FileInfo)>,
    /// Warnings on declaring files: `mod x;` with no file.
    pub problems: Vec<(String, Problem)>,
    /// Verbose notes: files no crate root reaches (checked under their guessed module).
    pub notes: Vec<String>,
}

impl Layout {
    /// The location-derived layout of `rel`: a crate root is its crate; `src/a/b.rs` under
    /// a root in `src/` is `<crate>::a::b`; a file under no target root is laid out under
    /// its package's main crate, or (outside every package) under a crate named after its
    /// first directory.
    pub fn file(&self, rel: &str) -> FileInfo {
        if let Some(&c) = self.roots.get(rel) {
            let krate = self.crates[c].clone();
            return FileInfo {
                module: krate.name.clone(),
                is_package: true,
                krate,
            };
        }
        let package = self
            .packages
            .iter()
            .filter(|p| is_under(rel, &p.dir))
            .max_by_key(|p| p.dir.len());
        let Some(package) = package else {
            let (segs, is_package) = segments(rel);
            let name = segs[0].clone();
            let krate = Arc::new(CrateCtx {
                name: name.clone(),
                kind: TargetKind::Detached,
                root: String::new(),
                externs: ["std", "core", "alloc", name.as_str()]
                    .iter()
                    .map(|c| (c.to_string(), c.to_string()))
                    .collect(),
                macro_use: Vec::new(),
            });
            return FileInfo {
                module: segs.join("::"),
                is_package,
                krate,
            };
        };
        let owner = package
            .crates
            .iter()
            .map(|&c| &self.crates[c])
            .filter(|c| c.kind != TargetKind::BuildScript && is_under(rel, parent(&c.root)))
            .min_by_key(|c| {
                (
                    std::cmp::Reverse(parent(&c.root).len()),
                    c.kind,
                    c.root.as_str(),
                )
            });
        let (krate, dir) = match owner {
            Some(c) => (c.clone(), parent(&c.root)),
            None => (package.fallback.clone(), package.dir.as_str()),
        };
        let below = if dir.is_empty() {
            rel
        } else {
            &rel[dir.len() + 1..]
        };
        let (segs, is_package) = segments(below);
        FileInfo {
            module: module_of(&krate.name, &segs),
            is_package,
            krate,
        }
    }

    /// Walk the `mod` tree from every crate root (libraries first) using each file's
    /// declarations (`decls`: root-relative path -> the `mods` of its [`super::Extracted`]).
    pub fn resolve_tree(&self, decls: &HashMap<String, Vec<ModDecl>>) -> Tree {
        let mut tree = Tree::default();
        // Reached file -> (layout, whether its children live next to it).
        let mut reached: HashMap<String, FileInfo> = HashMap::new();
        let mut queue: VecDeque<(String, bool)> = VecDeque::new();
        for krate in &self.crates {
            if reached.contains_key(&krate.root) {
                continue;
            }
            let info = FileInfo {
                module: krate.name.clone(),
                is_package: true,
                krate: krate.clone(),
            };
            reached.insert(krate.root.clone(), info);
            queue.push_back((krate.root.clone(), true));
            while let Some((file, mod_rs)) = queue.pop_front() {
                let info = reached[&file].clone();
                for d in decls.get(&file).into_iter().flatten() {
                    let Some((child, child_mod_rs)) = self.locate(&file, mod_rs, d, &mut tree)
                    else {
                        continue;
                    };
                    if reached.contains_key(&child) {
                        continue;
                    }
                    let mut module = info.module.clone();
                    for (name, _) in &d.inline {
                        module = format!("{module}::{name}");
                    }
                    let child_info = FileInfo {
                        module: format!("{module}::{}", d.name),
                        is_package: child == "mod.rs" || child.ends_with("/mod.rs"),
                        krate: info.krate.clone(),
                    };
                    reached.insert(child.clone(), child_info);
                    queue.push_back((child, child_mod_rs));
                }
            }
        }
        let mut files: Vec<&String> = self.files.iter().collect();
        files.sort();
        for f in files {
            let guess = self.file(f);
            match reached.get(f.as_str()) {
                Some(info) if !info.same_as(&guess) => tree.changed.push((f.clone(), info.clone())),
                Some(_) => {}
                None => tree.notes.push(format!(
                    "{f}: no crate root reaches this file through `mod` declarations; checked as module `{}`",
                    guess.module
                )),
            }
        }
        tree
    }

    /// The file a `mod` declaration in `file` names, and whether that file's own children
    /// live next to it (`mod.rs`-like); records a warning when there is no such file.
    fn locate(
        &self,
        file: &str,
        mod_rs: bool,
        d: &ModDecl,
        tree: &mut Tree,
    ) -> Option<(String, bool)> {
        let here = parent(file);
        let mut dir = if mod_rs {
            here.to_string()
        } else {
            let stem = file.rsplit('/').next().unwrap_or(file);
            join(here, stem.strip_suffix(".rs").unwrap_or(stem))
        };
        for (name, path) in &d.inline {
            dir = join(&dir, path.as_deref().unwrap_or(name));
        }
        let candidates: Vec<(String, bool)> = match &d.path_attr {
            Some(p) if d.inline.is_empty() => vec![(join(here, p), true)],
            Some(p) => vec![(join(&dir, p), true)],
            None => vec![
                (join(&dir, &format!("{}.rs", d.name)), false),
                (join(&dir, &format!("{}/mod.rs", d.name)), true),
            ],
        };
        if let Some(found) = candidates.iter().find(|(c, _)| self.files.contains(c)) {
            return Some(found.clone());
        }
        let looked: Vec<&str> = candidates.iter().map(|(c, _)| c.as_str()).collect();
        tree.problems.push((
            file.to_string(),
            Problem {
                message: format!("module file not found: looked for {}", looked.join(" and ")),
                span: d.span,
                is_error: false,
            },
        ));
        None
    }
}
