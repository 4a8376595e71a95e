//! `ssot check --fix`: apply the diagnostics' fixes, re-check, repeat; then write.
//!
//! Everything happens in memory first. Each round checks the project with the texts
//! reached so far as overlays, takes every applicable fix whose edits do not overlap one
//! already taken (a fix is all its edits or none), applies them file by file, and verifies
//! that each changed file still parses; a fix that breaks a file is rolled back, with the
//! other fixes of that file, and reported. Overlapping fixes wait for the next round, where
//! the re-check recomputes them against the new text. Rounds stop when nothing changes (at
//! most [`MAX_ROUNDS`]). Only then are the changed files written, each atomically (a
//! temporary file beside it, permissions copied, then a rename), in its own encoding,
//! byte-order mark and line endings. Files not named in an applied fix are never touched,
//! and a second run finds nothing to apply.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use crate::config::Config;
use crate::diagnostic::{Applicability, Edit};
use crate::lang::{Claim, FRONTENDS};
use crate::rules::Code;
use crate::{Options, Report};

/// At most this many check-and-fix rounds.
pub const MAX_ROUNDS: usize = 6;

/// What `--fix` may apply.
#[derive(Debug, Clone)]
pub struct FixOptions {
    /// `Safe`: safe fixes only; `Unsafe`: safe and unsafe fixes.
    pub level: Applicability,
    /// Rules whose fixes are never applied (lint.toml `[rules] unfixable`).
    pub unfixable: HashSet<Code>,
    /// Write the changed files (false for `--diff`).
    pub write: bool,
}

/// A diagnostic whose fix was applied (or rolled back).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fixed {
    pub path: String,
    pub line: usize,
    pub code: Code,
    pub message: String,
}

/// One changed file: its text before the first fix and after the last.
#[derive(Debug, Clone)]
pub struct Change {
    pub before: String,
    pub after: String,
}

/// What `--fix` did.
#[derive(Debug)]
pub struct Outcome {
    /// The diagnostics of the first check, before any fix.
    pub found: usize,
    /// Every applied fix's diagnostic, in application order.
    pub fixed: Vec<Fixed>,
    /// Fixes not applied because the file would not parse afterwards, with the reason.
    pub rolled_back: Vec<(Fixed, String)>,
    /// Changed files (root-relative path -> texts).
    pub changes: BTreeMap<String, Change>,
    /// Files that could not be written, with the error.
    pub write_errors: Vec<(String, String)>,
    /// The check after the last round: what is left.
    pub report: Report,
}

/// Whether `fix` of `d` may be applied under `opts`.
fn wanted(d: &crate::diagnostic::Resolved, opts: &FixOptions) -> bool {
    d.diag.fix.as_ref().is_some_and(|f| {
        crate::fix::applicable(f, opts.level)
            && !f.edits.is_empty()
            && !opts.unfixable.contains(&d.diag.code)
    })
}

/// How many diagnostics of `report` `--fix` (at `level`) would fix, ignoring overlaps.
pub fn fixable(report: &Report, level: Applicability, unfixable: &HashSet<Code>) -> usize {
    let opts = FixOptions {
        level,
        unfixable: unfixable.clone(),
        write: false,
    };
    report
        .diagnostics
        .iter()
        .filter(|d| wanted(d, &opts))
        .count()
}

fn overlaps(a: &Edit, b: &Edit) -> bool {
    a.path == b.path
        && a != b
        && a.span.start < b.span.end.max(b.span.start + 1)
        && b.span.start < a.span.end.max(a.span.start + 1)
}

/// `content` with its line endings made the file's (`\r\n` files get `\r\n`).
fn with_newlines(content: &str, crlf: bool) -> String {
    if !crlf || !content.contains('\n') {
        return content.to_string();
    }
    let mut out = String::with_capacity(content.len() + 8);
    let mut prev = '\0';
    for c in content.chars() {
        if c == '\n' && prev != '\r' {
            out.push('\r');
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Whether `text` (the file `rel`) is well-formed for what reads it: the front end's
/// parser for a source file, TOML for lint.toml and manifests. Unknown kinds pass.
fn parses(rel: &str, text: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    for fe in FRONTENDS {
        match fe.claims(name) {
            Some(Claim::Source) => return fe.syntax_ok(text),
            Some(Claim::Manifest) => return text.parse::<toml::Table>().is_ok(),
            None => {}
        }
    }
    if name.ends_with(".toml") {
        return text.parse::<toml::Table>().is_ok();
    }
    true
}

/// [`parses`] for several files, on a thread with a large stack (parsers recurse).
fn all_parse(files: Vec<(String, String)>) -> Vec<(String, bool)> {
    let work = move || {
        files
            .into_iter()
            .map(|(rel, text)| {
                let ok = parses(&rel, &text);
                (rel, ok)
            })
            .collect::<Vec<_>>()
    };
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(work)
        .ok()
        .and_then(|h| h.join().ok())
        .unwrap_or_default()
}

/// Fix the project of `config` (see the module doc). `opts` are the check's options
/// (file-argument mode limits the fixes to the diagnostics reported for those files).
pub fn fix(config: &Config, opts: &Options, fopts: &FixOptions) -> Outcome {
    let config_rel = crate::walk::rel_path(&config.root, &config.path);
    let mut config = config.clone();
    // Current text of every file changed so far, and its text before the first fix.
    let mut current: BTreeMap<String, String> = BTreeMap::new();
    let mut original: BTreeMap<String, String> = BTreeMap::new();
    let mut fixed = Vec::new();
    let mut rolled_back = Vec::new();
    let run = |config: &Config, current: &BTreeMap<String, String>| {
        let mut o = opts.clone();
        o.overlays = current
            .iter()
            .filter(|(rel, _)| **rel != config_rel)
            .map(|(r, t)| (r.clone(), t.clone()))
            .collect();
        crate::check(config, &o)
    };
    let mut report = run(&config, &current);
    let found = report.diagnostics.len();
    // Fixes rolled back once are not tried again (their file would break again).
    let mut refused: HashSet<(Code, String, usize)> = HashSet::new();
    for _ in 0..MAX_ROUNDS {
        let mut taken: Vec<&crate::diagnostic::Resolved> = Vec::new();
        let mut edits: Vec<&Edit> = Vec::new();
        for d in &report.diagnostics {
            if !wanted(d, fopts)
                || refused.contains(&(d.diag.code, d.diag.location.path.clone(), d.line))
            {
                continue;
            }
            let fix = d.diag.fix.as_ref().expect("wanted has a fix");
            if fix
                .edits
                .iter()
                .any(|e| edits.iter().any(|o| overlaps(o, e)))
            {
                continue; // next round, against the new text
            }
            edits.extend(&fix.edits);
            taken.push(d);
        }
        if taken.is_empty() {
            break;
        }
        // Apply per file; a file whose result does not parse drops every fix touching it.
        let mut dropped: BTreeSet<String> = BTreeSet::new();
        let new_texts = loop {
            let mut by_file: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
            for d in taken.iter().filter(|d| {
                !d.diag
                    .fix
                    .as_ref()
                    .is_some_and(|f| f.edits.iter().any(|e| dropped.contains(&e.path)))
            }) {
                for e in &d.diag.fix.as_ref().expect("taken").edits {
                    by_file.entry(e.path.as_str()).or_default().push(e);
                }
            }
            let mut texts: Vec<(String, String, String)> = Vec::new();
            for (rel, es) in &by_file {
                let old = report.source_text(rel).to_string();
                let crlf = crate::rules::edits::newline(&old) == "\r\n";
                let owned: Vec<Edit> = es
                    .iter()
                    .map(|e| Edit {
                        content: with_newlines(&e.content, crlf),
                        ..(*e).clone()
                    })
                    .collect();
                let refs: Vec<&Edit> = owned.iter().collect();
                match crate::fix::apply(&old, &refs) {
                    Ok(new) if new != old => texts.push((rel.to_string(), old, new)),
                    Ok(_) => {}
                    Err(_) => {
                        dropped.insert(rel.to_string());
                    }
                }
            }
            let checks = all_parse(
                texts
                    .iter()
                    .filter(|(rel, old, _)| parses(rel, old) || **rel == config_rel)
                    .map(|(rel, _, new)| (rel.clone(), new.clone()))
                    .collect(),
            );
            let broken: Vec<String> = checks
                .into_iter()
                .filter(|(_, ok)| !ok)
                .map(|(rel, _)| rel)
                .collect();
            // lint.toml must also stay a valid configuration.
            let bad_config = texts.iter().any(|(rel, _, new)| {
                *rel == config_rel && crate::config::parse(&config.path, new).is_err()
            });
            if broken.is_empty() && !bad_config {
                break texts;
            }
            dropped.extend(broken);
            if bad_config {
                dropped.insert(config_rel.clone());
            }
        };
        let as_fixed = |d: &crate::diagnostic::Resolved| Fixed {
            path: d.diag.location.path.clone(),
            line: d.line,
            code: d.diag.code,
            message: d.diag.message.clone(),
        };
        let mut applied = 0;
        for d in &taken {
            let fix = d.diag.fix.as_ref().expect("taken");
            if fix.edits.iter().any(|e| dropped.contains(&e.path)) {
                let file = fix
                    .edits
                    .iter()
                    .find(|e| dropped.contains(&e.path))
                    .map_or("", |e| e.path.as_str());
                rolled_back.push((
                    as_fixed(d),
                    format!("the fix would leave `{file}` unparsable, so it was not applied"),
                ));
                refused.insert((d.diag.code, d.diag.location.path.clone(), d.line));
            } else if fix
                .edits
                .iter()
                .any(|e| new_texts.iter().any(|(rel, _, _)| *rel == e.path))
            {
                fixed.push(as_fixed(d));
                applied += 1;
            }
        }
        if new_texts.is_empty() || applied == 0 {
            break;
        }
        for (rel, old, new) in new_texts {
            original.entry(rel.clone()).or_insert(old);
            if rel == config_rel
                && let Ok(c) = crate::config::parse(&config.path, &new)
            {
                config = c;
            }
            current.insert(rel, new);
        }
        report = run(&config, &current);
    }
    let changes: BTreeMap<String, Change> = current
        .into_iter()
        .filter_map(|(rel, after)| {
            let before = original.remove(&rel)?;
            (before != after).then_some((rel, Change { before, after }))
        })
        .collect();
    let mut write_errors = Vec::new();
    if fopts.write {
        for (rel, c) in &changes {
            if let Err(e) = write_atomic(&config.root.join(rel), &c.after) {
                write_errors.push((rel.clone(), e.to_string()));
            }
        }
    }
    Outcome {
        found,
        fixed,
        rolled_back,
        changes,
        write_errors,
        report,
    }
}

/// The bytes to write for `text` read from a file whose bytes were `old`: UTF-8, unless
/// the file was decoded byte for byte from a single-byte encoding (then each character is
/// one byte again; `None` if a new character does not fit in one).
fn encode(text: &str, old: &[u8]) -> Option<Vec<u8>> {
    if std::str::from_utf8(old).is_ok() {
        return Some(text.as_bytes().to_vec());
    }
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}

/// Replace `path`'s content with `text` atomically: write a temporary file in the same
/// directory with the original's permissions, then rename it over the original.
fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let old = std::fs::read(path)?;
    let bytes = encode(text, &old).ok_or_else(|| {
        std::io::Error::other("the fixed text does not fit the file's single-byte encoding")
    })?;
    let meta = std::fs::metadata(path)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.ssot-fix-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::set_permissions(&tmp, meta.permissions())?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A unified diff of every change (`--diff`), `a/` and `b/` prefixed like git's.
pub fn unified_diff(changes: &BTreeMap<String, Change>) -> String {
    let mut out = String::new();
    for (rel, c) in changes {
        let diff = similar::TextDiff::from_lines(&c.before, &c.after);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{rel}"), &format!("b/{rel}"))
                .to_string(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_files_get_crlf_in_inserted_lines() {
        assert_eq!(with_newlines("a\nb\r\nc", true), "a\r\nb\r\nc");
        assert_eq!(with_newlines("a\nb", false), "a\nb");
    }

    #[test]
    fn single_byte_files_are_written_back_in_their_encoding() {
        let latin1 = b"# -*- coding: latin-1 -*-\ns = '\xe9'\n";
        let text: String = latin1.iter().map(|&b| b as char).collect();
        let new = text.replace("s =", "t =");
        assert_eq!(
            encode(&new, latin1).unwrap(),
            b"# -*- coding: latin-1 -*-\nt = '\xe9'\n"
        );
        assert!(encode("\u{20ac}", latin1).is_none());
        assert_eq!(
            encode("\u{feff}x", "\u{feff}y".as_bytes()).unwrap(),
            "\u{feff}x".as_bytes()
        );
    }

    #[test]
    fn syntax_checks_per_kind() {
        assert!(parses("a/b.py", "x = 1\n"));
        assert!(!parses("a/b.py", "def (:\n"));
        assert!(parses("src/lib.rs", "fn f() {}\n"));
        assert!(!parses("src/lib.rs", "fn f( {}\n"));
        assert!(!parses("lint.toml", "[[symbol]\n"));
        assert!(parses("notes.txt", "anything"));
    }
}
