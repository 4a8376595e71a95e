//! `--statistics`: how many findings each rule has, and how many `--fix` would fix,
//! instead of the findings themselves. A table for people (every text format), a JSON
//! array for machines (`json`, and any other machine format).

use std::collections::{BTreeMap, HashSet};
use std::io::{self, Write};

use super::Format;
use crate::Report;
use crate::diagnostic::Applicability;
use crate::rules::Code;

/// Per rule: (findings, fixable by `--fix`, fixable with `--unsafe-fixes` too).
fn counts(report: &Report, unfixable: &HashSet<Code>) -> BTreeMap<Code, (usize, usize, usize)> {
    let mut out: BTreeMap<Code, (usize, usize, usize)> = BTreeMap::new();
    for d in &report.diagnostics {
        let e = out.entry(d.diag.code).or_default();
        e.0 += 1;
        if let Some(f) = &d.diag.fix
            && !f.edits.is_empty()
            && !unfixable.contains(&d.diag.code)
        {
            e.1 += usize::from(crate::fix::applicable(f, Applicability::Safe));
            e.2 += usize::from(crate::fix::applicable(f, Applicability::Unsafe));
        }
    }
    out
}

/// Write the statistics of `report` for `format`.
pub fn statistics(
    report: &Report,
    format: Format,
    unfixable: &HashSet<Code>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let counts = counts(report, unfixable);
    if matches!(format, Format::Human | Format::Concise | Format::Github) {
        let width = counts
            .values()
            .map(|c| c.0.to_string().len())
            .max()
            .unwrap_or(1);
        for (code, (n, safe, all)) in &counts {
            let fixable = match (safe, all - safe) {
                (0, 0) => String::new(),
                (s, 0) => format!("  ({s} fixable with --fix)"),
                (0, u) => format!("  ({u} fixable with --unsafe-fixes)"),
                (s, u) => format!("  ({s} fixable with --fix, {u} more with --unsafe-fixes)"),
            };
            writeln!(out, "{n:>width$}  {code}  {}{fixable}", code.name())?;
        }
        return Ok(());
    }
    let rows: Vec<serde_json::Value> = counts
        .iter()
        .map(|(code, (n, safe, all))| {
            serde_json::json!({
                "code": code.as_str(),
                "name": code.name(),
                "count": n,
                "fixable": safe,
                "unsafe_fixable": all - safe,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows).map_err(io::Error::other)?;
    writeln!(out)
}
