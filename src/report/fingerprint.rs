//! A finding's fingerprint: stable when code moves (line numbers are not in it), different
//! for different findings. It hashes the rule, the file, the symbol and the normalised text
//! of the diagnostic's line (whitespace collapsed), plus how many identical findings come
//! before it in the file, with the fixed-seed FNV-1a hash (stable across runs and
//! platforms). SARIF's `partialFingerprints`, GitLab's `fingerprint` and the baseline use it.

use std::collections::HashMap;

use crate::Report;
use crate::diagnostic::Resolved;
use crate::lang::shape::Fnv;

/// The key of `d` before the occurrence count: rule, path, symbol, normalised line.
fn key(report: &Report, d: &Resolved) -> u64 {
    let text = report.source_text(&d.diag.location.path);
    let span = d.diag.location.span;
    let start = crate::rules::edits::line_start(&text, span.start) as usize;
    let end = crate::rules::edits::next_line_start(&text, span.end.max(span.start)) as usize;
    let line = text.get(start..end.max(start)).unwrap_or("");
    let mut h = Fnv::new();
    h.str(d.diag.code.as_str());
    h.byte(0);
    h.str(&d.diag.location.path);
    h.byte(0);
    h.str(d.diag.symbol.as_deref().unwrap_or(""));
    h.byte(0);
    for (i, word) in line.split_whitespace().enumerate() {
        if i > 0 {
            h.byte(b' ');
        }
        h.str(word);
    }
    h.finish()
}

/// The fingerprint of every diagnostic of `report`, in order, as 16 hex digits.
pub fn fingerprints(report: &Report) -> Vec<String> {
    let mut seen: HashMap<u64, u32> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let k = key(report, d);
            let n = seen.entry(k).or_default();
            let mut h = Fnv::new();
            h.u64(k);
            h.u32(*n);
            *n += 1;
            format!("{:016x}", h.finish())
        })
        .collect()
}
