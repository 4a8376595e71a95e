//! `--format concise`: `path:line:col: CODE message`, one line per diagnostic.

use std::io::{self, Write};

use super::Emitter;
use crate::Report;

/// `--format concise`.
pub struct Concise;

/// One line per diagnostic: control characters (a NUL a parser quotes, a newline in a
/// key, an ESC in a file name) are written as escapes.
fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    super::visible(s, false)
}

impl Emitter for Concise {
    fn emit(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(one_line("a\nb\u{0}c"), "a\\nb\\u{0}c");
    }

    #[test]
    fn one_line_per_diagnostic() {
        let mut out = Vec::new();
        Concise
            .emit(&crate::report::tests::sample(), &mut out)
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a.py:1:6: SSOT000 imported from the wrong place\n\
             a.py:3:5: SSOT000 defined again\n\
             b.py:1:5: SSOT000 [warning] unused\n"
        );
    }
}
