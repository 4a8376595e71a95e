//! `--format github`: GitHub Actions workflow commands, one annotation per diagnostic
//! (`::error file=..,line=..,col=..::message`), shown inline on pull requests.

use std::io::{self, Write};

use super::Emitter;
use crate::Report;
use crate::diagnostic::Severity;

/// Escape a command's message: control characters other than `\n` made visible (an ESC
/// must not reach the log viewer), then GitHub's rules (`%`, CR, LF).
fn data(s: &str) -> String {
    super::visible(s, true)
        .replace('%', "%25")
        .replace('\n', "%0A")
}

/// Escape a property value (also `:` and `,`; every control character made visible).
fn property(s: &str) -> String {
    data(&super::visible(s, false))
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// `--format github`.
pub struct Github;

impl Emitter for Github {
    fn emit(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
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
            if let Some(f) = &d.diag.fix {
                message.push('\n');
                message.push_str(&super::fix_line(f));
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(data("a\u{1b}[2J\r\u{7}"), "a\\u{1b}[2J\\r\\u{7}");
        assert_eq!(property("x\u{1b}\n.py"), "x\\u{1b}\\n.py");
    }

    #[test]
    fn annotations_carry_help_and_fix() {
        let mut out = Vec::new();
        Github
            .emit(&crate::report::tests::sample(), &mut out)
            .unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert_eq!(
            lines[0],
            "::error file=a.py,line=1,col=6,endLine=1,endColumn=7,title=SSOT000 parse-error::\
             imported from the wrong place%0Ahelp: import it from `c`%0Afix (safe): import from `c`"
        );
        assert!(lines[1].ends_with("::defined again%0Afix (display-only): pick one"));
        assert!(lines[2].starts_with("::warning file=b.py"));
    }
}
