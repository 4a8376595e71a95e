//! `--format junit`: JUnit XML, which CI systems show as test results: one test suite per
//! file with findings, one failing test case per finding (its message, help and place);
//! a clean run is one passing test case, so the check still shows up.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::Emitter;
use crate::Report;
use crate::diagnostic::Resolved;

/// `--format junit`.
pub struct Junit;

/// `s` escaped for XML text and attributes (control characters other than tab and
/// newline, which XML 1.0 cannot carry, become U+FFFD).
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

impl Emitter for Junit {
    fn emit(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut by_file: BTreeMap<&str, Vec<&Resolved>> = BTreeMap::new();
        for d in &report.diagnostics {
            by_file.entry(&d.diag.location.path).or_default().push(d);
        }
        let n = report.diagnostics.len();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="ssot" tests="{}" failures="{n}" errors="0">"#,
            n.max(1)
        )?;
        if by_file.is_empty() {
            writeln!(
                out,
                r#"  <testsuite name="ssot" tests="1" failures="0" errors="0">"#
            )?;
            writeln!(out, r#"    <testcase name="ssot check" classname="ssot"/>"#)?;
            writeln!(out, "  </testsuite>")?;
        }
        for (path, diags) in by_file {
            let p = xml(path);
            writeln!(
                out,
                r#"  <testsuite name="{p}" tests="{0}" failures="{0}" errors="0">"#,
                diags.len()
            )?;
            for d in diags {
                let code = d.diag.code;
                writeln!(
                    out,
                    r#"    <testcase name="{code} {} at line {}, column {}" classname="{p}" file="{p}" line="{}">"#,
                    code.name(),
                    d.line,
                    d.column,
                    d.line
                )?;
                let mut body = format!("{path}:{}:{}: {}", d.line, d.column, d.diag.message);
                if let Some(h) = &d.diag.help {
                    body.push_str(&format!("\nhelp: {h}"));
                }
                for note in &d.diag.notes {
                    body.push_str(&format!("\nnote: {note}"));
                }
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{code}">{}</failure>"#,
                    xml(&d.diag.message),
                    xml(&body)
                )?;
                writeln!(out, "    </testcase>")?;
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}
