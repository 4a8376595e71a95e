//! Baselines: record today's findings (`ssot check --write-baseline FILE`) and report only
//! new ones afterwards (`--baseline FILE`, or `baseline = "path"` in lint.toml).
//!
//! An entry is keyed by rule code, file path, symbol and a fingerprint of the offending
//! code, never by line: the fingerprint is FNV-1a 64 ([`crate::lang::shape::Fnv`], fixed
//! seed, the same on every platform) of the diagnostic's span text and the text of the line
//! it starts on, whitespace collapsed. Moving code up or down, or editing other lines, keeps
//! the key. Identical keys in one file are counted (an entry per occurrence): two
//! identical findings recorded and a third appears, the third is reported.
//!
//! The file is JSON, versioned and sorted for stable diffs:
//! `{"version": 1, "entries": [{"code", "path", "symbol", "fingerprint", "message"}]}`
//! (`message` is informative only). Entries that no longer occur are counted so the caller
//! can ask for the file to be rewritten (a ratchet: the baseline only shrinks).
//!
//! Filtering runs after suppressions, on the finished [`Report`], so it holds for every
//! output format.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Report;
use crate::diagnostic::Resolved;
use crate::lang::shape::Fnv;

/// The format version this ssot reads and writes.
pub const VERSION: u64 = 1;

/// The largest baseline file read (64 MiB).
const MAX_BYTES: u64 = 64 << 20;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Entry {
    pub code: String,
    pub path: String,
    #[serde(default)]
    pub symbol: Option<String>,
    pub fingerprint: String,
    /// Informative only: not part of the key.
    #[serde(default)]
    pub message: String,
}

impl Entry {
    fn key(&self) -> Key {
        (
            self.code.clone(),
            self.path.clone(),
            self.symbol.clone(),
            self.fingerprint.clone(),
        )
    }
}

type Key = (String, String, Option<String>, String);

/// A loaded baseline.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    pub entries: Vec<Entry>,
}

/// What applying a baseline did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    /// Findings left out of the report.
    pub baselined: usize,
    /// Entries (of the files reported on) that matched nothing: the baseline can shrink.
    pub removable: usize,
}

/// The fingerprint of a finding: its span's text and its line, whitespace collapsed.
pub fn fingerprint(text: &str, start: usize, end: usize) -> String {
    let start = floor_char(text, start.min(text.len()));
    let end = floor_char(text, end.clamp(start, text.len()));
    let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..start]).map_or(0, |i| i + 1);
    let line_end =
        memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
    let mut h = Fnv::new();
    for w in text[start..end].split_whitespace() {
        h.str(w);
    }
    h.byte(0xFE);
    for w in text[line_start..line_end].split_whitespace() {
        h.str(w);
    }
    format!("{:016x}", h.finish())
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The entry of one reported finding.
pub fn entry(report: &Report, r: &Resolved) -> Entry {
    let d = &r.diag;
    let text = report.source_text(&d.location.path);
    Entry {
        code: d.code.as_str().to_string(),
        path: d.location.path.clone(),
        symbol: d.symbol.clone(),
        fingerprint: fingerprint(
            &text,
            d.location.span.start as usize,
            d.location.span.end as usize,
        ),
        message: d.message.clone(),
    }
}

impl Baseline {
    /// Read a baseline file; the error says what is wrong, ready to print.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let shown = path.display();
        let meta = std::fs::metadata(path).map_err(|e| {
            format!("cannot read baseline {shown}: {e} (create it with --write-baseline {shown})")
        })?;
        if !meta.is_file() {
            return Err(format!("cannot read baseline {shown}: not a regular file"));
        }
        if meta.len() > MAX_BYTES {
            return Err(format!(
                "baseline {shown} is larger than {} MiB",
                MAX_BYTES >> 20
            ));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read baseline {shown}: {e}"))?;
        Self::parse(&text).map_err(|e| format!("baseline {shown} is not usable: {e}"))
    }

    /// Parse a baseline's JSON text.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
        let version = v
            .get("version")
            .ok_or("no `version` field (not a baseline written by ssot?)")?;
        if version.as_u64() != Some(VERSION) {
            return Err(format!(
                "version {version}, but this ssot reads version {VERSION}: rewrite it with --write-baseline"
            ));
        }
        let entries = v.get("entries").ok_or("no `entries` field")?.clone();
        let entries: Vec<Entry> =
            serde_json::from_value(entries).map_err(|e| format!("malformed entries: {e}"))?;
        Ok(Baseline { entries })
    }

    /// Every finding of `report`.
    pub fn from_report(report: &Report) -> Baseline {
        Baseline {
            entries: report
                .diagnostics
                .iter()
                .map(|r| entry(report, r))
                .collect(),
        }
    }

    /// The file's text: versioned JSON, entries sorted, one per line.
    pub fn to_json(&self) -> String {
        let mut entries = self.entries.clone();
        entries.sort();
        let mut out = format!("{{\n  \"version\": {VERSION},\n  \"entries\": [");
        for (i, e) in entries.iter().enumerate() {
            let json = serde_json::to_string(e).expect("entries serialise");
            let _ = write!(out, "{}\n    {json}", if i == 0 { "" } else { "," });
        }
        out.push_str(if entries.is_empty() {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        });
        out
    }

    /// The baseline to write for `report`: its findings, plus the entries of `previous`
    /// for files the run did not report on (file-argument mode), so those are kept.
    pub fn rewrite(report: &Report, previous: Option<&Baseline>) -> Baseline {
        let mut b = Baseline::from_report(report);
        if let Some(p) = previous {
            b.entries.extend(
                p.entries
                    .iter()
                    .filter(|e| !report.in_scope(&e.path))
                    .cloned(),
            );
        }
        b
    }

    /// Drop the findings of `report` this baseline holds (each entry matches one finding),
    /// setting `report.baselined`.
    pub fn apply(&self, report: &mut Report) -> Applied {
        let mut left: HashMap<Key, usize> = HashMap::new();
        for e in &self.entries {
            *left.entry(e.key()).or_default() += 1;
        }
        let diags = std::mem::take(&mut report.diagnostics);
        let mut kept = Vec::with_capacity(diags.len());
        let mut baselined = 0;
        for r in diags {
            let key = entry(report, &r).key();
            match left.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    baselined += 1;
                }
                _ => kept.push(r),
            }
        }
        report.diagnostics = kept;
        report.baselined += baselined;
        let removable = left
            .iter()
            .filter(|((_, path, _, _), _)| report.in_scope(path))
            .map(|(_, n)| n)
            .sum();
        Applied {
            baselined,
            removable,
        }
    }
}

/// Write `baseline` to `path`.
pub fn write(path: &Path, baseline: &Baseline) -> Result<(), String> {
    std::fs::write(path, baseline.to_json())
        .map_err(|e| format!("cannot write baseline {}: {e}", path.display()))
}

/// The summary line with the number of baselined findings: `... (3 files checked; 12 in
/// the baseline).`
pub fn summary_suffix(line: String, baselined: usize) -> String {
    if baselined == 0 {
        return line;
    }
    match line.strip_suffix(").") {
        Some(head) => format!("{head}; {baselined} in the baseline)."),
        None => format!("{line} ({baselined} in the baseline)"),
    }
}

/// The baseline to filter with: the command line's, else lint.toml's, loaded; an error
/// (missing, unreadable, corrupt, another version) is a usage error for the caller.
pub fn load_chosen(
    cli: Option<&Path>,
    config: Option<&Path>,
) -> Result<Option<(PathBuf, Baseline)>, String> {
    match cli.or(config) {
        None => Ok(None),
        Some(p) => Baseline::load(p).map(|b| Some((p.to_path_buf(), b))),
    }
}

/// `--write-baseline`: rewrite `path` with the findings of `report` (keeping a readable
/// previous baseline's entries for files this run did not report on); the number of
/// entries written.
pub fn write_for(path: &Path, report: &Report) -> Result<usize, String> {
    let previous = if report.scope.is_empty() {
        None
    } else {
        Baseline::load(path).ok()
    };
    let b = Baseline::rewrite(report, previous.as_ref());
    write(path, &b)?;
    Ok(b.entries.len())
}

/// The ratchet note: entries that no longer occur.
pub fn ratchet_note(path: &Path, removable: usize) -> String {
    let shown = path.display();
    if removable == 1 {
        format!(
            "note: 1 baseline entry no longer occurs: rewrite it with --write-baseline {shown} to shrink it"
        )
    } else {
        format!(
            "note: {removable} baseline entries no longer occur: rewrite it with --write-baseline {shown} to shrink it"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PINNED: &str = "6ba0c11f2bbe022d";

    #[test]
    fn fingerprints_ignore_layout_and_position() {
        let a = "x = 1\n\nfrom a import h  # note\n";
        let b = "\n\n\nx = 2\nfrom  a import   h  # note\n";
        let fa = fingerprint(a, 7, 22);
        let at = b.find("from").unwrap();
        let fb = fingerprint(b, at, at + 18);
        assert_eq!(fa, fb);
        assert_ne!(fa, fingerprint("from a import g  # note\n", 0, 15));
        assert_eq!(fa.len(), 16);
        assert_eq!(fingerprint("a b", 0, 1), fingerprint("a  b", 0, 1));
        // Stable across runs and platforms: a fixed value.
        assert_eq!(fingerprint("from a import h\n", 5, 6), PINNED);
    }

    #[test]
    fn parse_checks_the_version_and_shape() {
        assert!(Baseline::parse("{").unwrap_err().contains("invalid JSON"));
        assert!(
            Baseline::parse(r#"{"version": 2, "entries": []}"#)
                .unwrap_err()
                .contains("version 2")
        );
        assert!(Baseline::parse(r#"{"version": 1}"#).is_err());
        let b = Baseline {
            entries: vec![Entry {
                code: "SSOT001".into(),
                path: "a.py".into(),
                symbol: Some("h".into()),
                fingerprint: "00".into(),
                message: "m".into(),
            }],
        };
        let again = Baseline::parse(&b.to_json()).unwrap();
        assert_eq!(again.entries, b.entries);
        assert_eq!(
            Baseline::parse(&Baseline::default().to_json())
                .unwrap()
                .entries,
            vec![]
        );
    }

    #[test]
    fn summary_mentions_the_baseline() {
        assert_eq!(
            summary_suffix("All checks passed (3 files checked).".into(), 12),
            "All checks passed (3 files checked; 12 in the baseline)."
        );
        assert_eq!(summary_suffix("x".into(), 0), "x");
    }
}
