//! `--format concise`: `path:line:col: CODE message`, one line per diagnostic.

use std::io::{self, Write};

use crate::Report;

/// One line per diagnostic: control characters (a NUL a parser quotes, a newline in a
/// key) are written as escapes.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

pub fn emit(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        let sev = match d.diag.severity {
            crate::diagnostic::Severity::Error => "",
            crate::diagnostic::Severity::Warning => "[warning] ",
        };
        writeln!(
            out,
            "{}:{}:{}: {} {sev}{}",
            one_line(&d.diag.location.path),
            d.line,
            d.column,
            d.diag.code,
            one_line(&d.diag.message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(super::one_line("a\nb\u{0}c"), "a\\nb\\u{0}c");
    }
}
