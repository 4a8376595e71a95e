//! `--format concise`: `path:line:col: CODE message`, one line per diagnostic.

use std::io::{self, Write};

use crate::Report;

pub fn emit(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        let sev = match d.diag.severity {
            crate::diagnostic::Severity::Error => "",
            crate::diagnostic::Severity::Warning => "[warning] ",
        };
        writeln!(
            out,
            "{}:{}:{}: {} {sev}{}",
            d.diag.location.path, d.line, d.column, d.diag.code, d.diag.message
        )?;
    }
    Ok(())
}
