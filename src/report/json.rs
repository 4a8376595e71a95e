//! `--format json`: one object on stdout, exactly the contract in DESIGN.md.

use std::io::{self, Write};

use serde::Serialize;

use crate::Report;

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<Diag<'a>>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    duration_ms: u128,
}

#[derive(Serialize)]
struct Diag<'a> {
    code: &'a str,
    rule: &'a str,
    severity: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    symbol: Option<&'a str>,
    canonical: Option<&'a str>,
}

pub fn emit(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let doc = Out {
        version: 1,
        summary: Summary {
            files: report.files,
            errors: report.errors(),
            warnings: report.warnings(),
            duration_ms: report.duration_ms,
        },
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| Diag {
                code: d.diag.code.as_str(),
                rule: d.diag.code.name(),
                severity: d.diag.severity.as_str(),
                path: &d.diag.location.path,
                line: d.line,
                column: d.column,
                end_line: d.end_line,
                end_column: d.end_column,
                message: &d.diag.message,
                symbol: d.diag.symbol.as_deref(),
                canonical: d.diag.canonical.as_deref(),
            })
            .collect(),
    };
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)
}
