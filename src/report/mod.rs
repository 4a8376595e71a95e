//! Output formats: one file per format, each a sink writing a [`Report`] to a writer.
//! Rules never format output; formats never decide what is wrong.

use std::io::{self, Write};

use crate::Report;

mod concise;
mod github;
mod human;
mod json;
mod sarif;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &["human", "concise", "json", "sarif", "github"];

    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "human" | "full" => Format::Human,
            "concise" => Format::Concise,
            "json" => Format::Json,
            "sarif" => Format::Sarif,
            "github" => Format::Github,
            _ => return None,
        })
    }
}

/// Write `report` in `format`. `color` applies to the human format only.
pub fn emit(report: &Report, format: Format, color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::emit(report, color, out),
        Format::Concise => concise::emit(report, out),
        Format::Json => json::emit(report, out),
        Format::Sarif => sarif::emit(report, out),
        Format::Github => github::emit(report, out),
    }
}

/// "Found 3 errors and 1 warning in 2 files (12 ms)." style summary.
pub fn summary(report: &Report) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let (e, w) = (report.errors(), report.warnings());
    if e == 0 && w == 0 {
        return format!(
            "All checks passed: {} checked in {} ms.",
            plural(report.files, "file"),
            report.duration_ms
        );
    }
    let mut s = format!("Found {}", plural(e, "error"));
    if w > 0 {
        s += &format!(" and {}", plural(w, "warning"));
    }
    s + &format!(
        " in {} ({} ms).",
        plural(report.files, "file"),
        report.duration_ms
    )
}
