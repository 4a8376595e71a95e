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
    /// Non-fatal problems met on the way (a bad pattern in a `.gitignore`, ...), as
    /// (path, message): verbose notes.
    pub problems: Vec<(String, String)>,
    /// Places the walk could not check (an unreadable directory, a source file whose name
    /// is not valid UTF-8): each becomes an SSOT000 error, never a silent skip.
    pub errors: Vec<WalkError>,
    /// Symlinks skipped, for verbose output.
    pub skipped_symlinks: Vec<String>,
}

/// A place the walk could not check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    /// Root-relative, `/`-separated; bytes that are not UTF-8 are written `\xNN`.
    pub rel: String,
    /// The front end that would have read the file (for a directory: none).
    pub lang: Option<Lang>,
    pub message: String,
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

/// [`rel_path`] when every component is valid UTF-8; otherwise `Err` with the path written
/// with `\xNN` for each byte that is not (so two such names never collapse into one
/// `\u{fffd}` spelling, and the report names the bytes).
fn rel_path_exact(root: &Path, path: &Path) -> Result<String, String> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    if rel.to_str().is_some() {
        return Ok(rel_path(Path::new(""), rel));
    }
    Err(rel
        .components()
        .map(|c| escape_os(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/"))
}

/// An OS string as text, with `\xNN` for bytes that are not UTF-8.
fn escape_os(s: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in s.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        s.to_string_lossy().into_owned()
    }
}

/// The path an `ignore` error is about, if it names one.
fn error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errs) => errs.iter().find_map(error_path),
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}

/// The I/O error inside an `ignore` error, if it is one.
fn error_io(e: &ignore::Error) -> Option<&std::io::Error> {
    match e {
        ignore::Error::Io(io) => Some(io),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_io(err),
        ignore::Error::Partial(errs) => errs.iter().find_map(error_io),
        _ => None,
    }
}

/// An error of the walk: an I/O error on a path (a directory that cannot be listed) is a
/// place ssot could not check; anything else (a bad `.gitignore` pattern) is a note.
fn classify(root: &Path, e: &ignore::Error) -> Result<WalkError, (String, String)> {
    let path = error_path(e);
    let rel = path.map(|p| match rel_path_exact(root, p) {
        Ok(r) | Err(r) if r.is_empty() => ".".to_string(),
        Ok(r) | Err(r) => r,
    });
    match (rel, error_io(e)) {
        (Some(rel), Some(io)) => {
            let what = if path.is_some_and(|p| p.is_file()) {
                "file"
            } else {
                "directory"
            };
            // The OS's words without the path the error repeats.
            let reason = match io.raw_os_error() {
                Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
                None => io.kind().to_string(),
            };
            let fix = if io.kind() == std::io::ErrorKind::PermissionDenied {
                "fix its permissions, or "
            } else {
                ""
            };
            Ok(WalkError {
                rel,
                lang: None,
                message: format!(
                    "cannot read {what} ({reason}): nothing below it is checked ({fix}exclude it \
                     under [files] exclude in lint.toml)"
                ),
            })
        }
        (rel, _) => Err((rel.unwrap_or_default(), e.to_string())),
    }
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
                match classify(root, &e) {
                    Ok(err) => out.errors.push(err),
                    Err(note) => out.problems.push(note),
                }
                continue;
            }
        };
        let path = entry.path();
        let (rel, exact) = match rel_path_exact(root, path) {
            Ok(r) => (r, true),
            Err(r) => (r, false),
        };
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
        if exclude.is_match(&rel) || exclude.is_match(path.strip_prefix(root).unwrap_or(path)) {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let Some((lang, claim)) = FRONTENDS
            .iter()
            .find_map(|f| f.claims(&name).map(|c| (f.lang(), c)))
        else {
            continue;
        };
        if !exact {
            // Reports, module paths and globs are text: such a file cannot be named.
            out.errors.push(WalkError {
                rel,
                lang: Some(lang),
                message: "the file's path is not valid UTF-8, so ssot cannot check or name it; \
                          rename it (or exclude it under [files] exclude in lint.toml)"
                    .to_string(),
            });
            continue;
        }
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
    out.errors.sort_by(|a, b| a.rel.cmp(&b.rel));
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
        assert!(w.errors.is_empty(), "{:?}", w.errors);
    }

    #[test]
    fn io_errors_on_a_path_are_errors_others_notes() {
        let root = Path::new("/r");
        let denied = ignore::Error::WithDepth {
            depth: 1,
            err: Box::new(ignore::Error::WithPath {
                path: PathBuf::from("/r/locked/in"),
                err: Box::new(ignore::Error::Io(std::io::Error::from(
                    std::io::ErrorKind::PermissionDenied,
                ))),
            }),
        };
        let e = classify(root, &denied).unwrap();
        assert_eq!(e.rel, "locked/in");
        assert!(
            e.message
                .starts_with("cannot read directory (permission denied): nothing below it"),
            "{}",
            e.message
        );
        assert!(e.message.contains("fix its permissions"), "{}", e.message);
        let glob = ignore::Error::Glob {
            glob: Some("[".into()),
            err: "unclosed".into(),
        };
        assert!(classify(root, &glob).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_names_are_errors() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let name = std::ffi::OsStr::from_bytes(b"bad\xff.py");
        if std::fs::write(root.join(name), "x = 1\n").is_err() {
            return; // a file system that refuses such names
        }
        std::fs::write(root.join(std::ffi::OsStr::from_bytes(b"n\xfe.txt")), "").unwrap();
        std::fs::write(root.join("ok.py"), "").unwrap();
        let w = walk(root, &FilesConfig::default());
        assert_eq!(w.langs[&Lang::Python].sources.len(), 1);
        assert_eq!(w.errors.len(), 1, "{:?}", w.errors);
        assert_eq!(w.errors[0].rel, "bad\\xff.py");
        assert_eq!(w.errors[0].lang, Some(Lang::Python));
    }
}
