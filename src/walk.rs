//! Finding the files to check: a gitignore-aware walk of the root that honours
//! `[files] include/exclude` and never leaves the root through a symlink.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::config::FilesConfig;
use crate::lang::{Claim, FRONTENDS, Lang, LangFiles};

/// A source file found by the walk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    /// Absolute (or root-joined) path on disk.
    pub abs: PathBuf,
    /// Path relative to the root, `/`-separated.
    pub rel: String,
}

/// Source files and manifests under the root, by the front end that claimed them.
#[derive(Debug, Default)]
pub struct Walked {
    pub langs: BTreeMap<Lang, LangFiles>,
    /// Non-fatal problems met on the way (unreadable directories, ...), as (path, message).
    pub problems: Vec<(String, String)>,
    /// Symlinks skipped, for verbose output.
    pub skipped_symlinks: Vec<String>,
}

fn globset(globs: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        // Validated in config; a bad glob here is skipped rather than fatal.
        if let Ok(glob) = Glob::new(g) {
            b.add(glob);
        }
        // `dir` also means everything below it.
        if !g.contains('*')
            && let Ok(glob) = Glob::new(&format!("{}/**", g.trim_end_matches('/')))
        {
            b.add(glob);
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Relative `/`-separated form of `path` under `root`.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Walk `root` and collect Python and Rust sources.
pub fn walk(root: &Path, files: &FilesConfig) -> Walked {
    let include = globset(&files.include);
    let exclude = globset(&files.exclude);
    let mut out = Walked::default();
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(false)
        .require_git(false)
        .hidden(true)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.problems.push((String::new(), e.to_string()));
                continue;
            }
        };
        let path = entry.path();
        let rel = rel_path(root, path);
        let Some(ft) = entry.file_type() else {
            continue;
        };
        if ft.is_symlink() {
            out.skipped_symlinks.push(rel);
            continue;
        }
        if !ft.is_file() {
            continue;
        }
        if exclude.is_match(&rel) {
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some((lang, claim)) = FRONTENDS
            .iter()
            .find_map(|f| f.claims(name).map(|c| (f.lang(), c)))
        else {
            continue;
        };
        let included = files.include.is_empty() || include.is_match(&rel);
        if !included && claim != Claim::Manifest {
            continue;
        }
        let found = Found {
            abs: path.to_path_buf(),
            rel,
        };
        let bucket = out.langs.entry(lang).or_default();
        match claim {
            Claim::Source => bucket.sources.push(found),
            Claim::Manifest if included => bucket.manifests.push(found),
            Claim::Manifest => bucket.context_manifests.push(found),
        }
    }
    for files in out.langs.values_mut() {
        files.sources.sort();
        files.manifests.sort();
        files.context_manifests.sort();
    }
    out
}

impl Walked {
    /// Add a file that is not on disk (in-memory text), if a front end claims it.
    pub fn add_virtual(&mut self, root: &Path, rel: &str) -> bool {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let Some(lang) = FRONTENDS
            .iter()
            .find_map(|f| (f.claims(name) == Some(Claim::Source)).then(|| f.lang()))
        else {
            return false;
        };
        let sources = &mut self.langs.entry(lang).or_default().sources;
        if !sources.iter().any(|f| f.rel == rel) {
            sources.push(Found {
                abs: root.join(rel),
                rel: rel.to_string(),
            });
            sources.sort();
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_honours_gitignore_exclude_and_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("pkg/build")).unwrap();
        std::fs::create_dir_all(root.join("ignored")).unwrap();
        std::fs::write(root.join("pkg/a.py"), "x = 1\n").unwrap();
        std::fs::write(root.join("pkg/build/b.py"), "").unwrap();
        std::fs::write(root.join("ignored/c.py"), "").unwrap();
        std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        std::fs::write(root.join("notes.txt"), "").unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("evil.py"), "").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path(), root.join("link")).unwrap();
        let cfg = FilesConfig {
            exclude: vec!["pkg/build".into()],
            ..Default::default()
        };
        let w = walk(root, &cfg);
        let rels: Vec<_> = w.langs[&Lang::Python]
            .sources
            .iter()
            .map(|f| f.rel.as_str())
            .collect();
        assert_eq!(rels, vec!["pkg/a.py"]);
    }
}
