//! `--format github`: GitHub Actions workflow commands, one annotation per diagnostic
//! (`::error file=..,line=..,col=..::message`), shown inline on pull requests.

use std::io::{self, Write};

use crate::Report;
use crate::diagnostic::Severity;

/// Escape a command's message (GitHub's rules: `%`, CR, LF).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace('\0', "%00")
}

/// Escape a property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn emit(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        let level = match d.diag.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.diag.message.clone();
        if let Some(h) = &d.diag.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&d.diag.location.path),
            d.line,
            d.column,
            d.end_line,
            d.end_column,
            property(&format!("{} {}", d.diag.code, d.diag.code.name())),
            data(&message)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
