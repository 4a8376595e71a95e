//! `--format gitlab`: a GitLab Code Quality report (a JSON array of issues with
//! `description`, `check_name`, `fingerprint`, `severity` and `location.path` /
//! `location.lines.begin`), for merge-request widgets. The fingerprint is stable when code
//! moves (see [`super::fingerprint`]), so GitLab tracks a finding across commits.

use std::io::{self, Write};

use serde::Serialize;

use super::Emitter;
use crate::Report;
use crate::diagnostic::Severity;

/// `--format gitlab`.
pub struct Gitlab;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'static str,
    fingerprint: &'a str,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

impl Emitter for Gitlab {
    fn emit(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let prints = super::fingerprint::fingerprints(report);
        let issues: Vec<Issue> = report
            .diagnostics
            .iter()
            .zip(&prints)
            .map(|(d, fp)| Issue {
                description: format!("{} {}", d.diag.code, d.diag.message),
                check_name: d.diag.code.as_str(),
                fingerprint: fp,
                severity: match d.diag.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path: &d.diag.location.path,
                    lines: Lines {
                        begin: d.line,
                        end: d.end_line.max(d.line),
                    },
                },
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &issues)?;
        writeln!(out)
    }
}
