//! Output formats: one file per format, each an [`Emitter`] writing a [`Report`] to a
//! writer. Rules never format output; formats never decide what is wrong.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::Report;
use crate::diagnostic::Fix;

mod concise;
pub mod discover;
pub mod fingerprint;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;
mod statistics;

pub use concise::Concise;
pub use github::Github;
pub use gitlab::Gitlab;
pub use human::{Human, render_config_error};
pub use json::{Json, JsonLines};
pub use junit::Junit;
pub use sarif::Sarif;
pub use statistics::statistics;

/// Writes a whole report in one format.
pub trait Emitter {
    fn emit(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One block per diagnostic with the source snippet, help, notes and fix
    #[value(alias = "full")]
    Human,
    /// One line per diagnostic: `path:line:col: CODE message`
    Concise,
    /// One JSON object (the documented contract)
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards
    Sarif,
    /// GitHub Actions annotations
    Github,
    /// GitLab Code Quality report (JSON)
    Gitlab,
    /// JUnit XML: one failing test case per finding
    Junit,
    /// One JSON object per finding per line (the `json` format's diagnostic objects)
    JsonLines,
}

impl Format {
    /// The emitter for this format; `color` applies to the human format only.
    pub fn emitter(self, color: bool) -> Box<dyn Emitter> {
        self.emitter_quiet(color, false)
    }

    /// [`Format::emitter`]; `quiet` leaves out the human format's summary line.
    pub fn emitter_quiet(self, color: bool, quiet: bool) -> Box<dyn Emitter> {
        if self == Format::Human {
            return Box::new(Human {
                color,
                summary: !quiet,
            });
        }
        match self {
            Format::Human => Box::new(Human {
                color,
                summary: true,
            }),
            Format::Concise => Box::new(Concise),
            Format::Json => Box::new(Json),
            Format::Sarif => Box::new(Sarif),
            Format::Github => Box::new(Github),
            Format::Gitlab => Box::new(Gitlab),
            Format::Junit => Box::new(Junit),
            Format::JsonLines => Box::new(JsonLines),
        }
    }
}

/// `s` with every control character (ESC, BEL, CR, NUL, DEL, C1 controls, and `\n`
/// unless `newlines`) written as a visible escape (`\u{1b}`, `\r`), so no file name,
/// source line, parser message or lint.toml text can drive the terminal.
pub fn visible(s: &str, newlines: bool) -> Cow<'_, str> {
    let escaped = |c: char| c.is_control() && !(newlines && c == '\n');
    if !s.chars().any(escaped) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if escaped(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `1789` -> `1,789`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 file`, `1,789 files`.
fn count(n: usize, word: &str) -> String {
    format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// `Found 3 errors and 1 warning in 2 files (1,789 files checked).`, or
/// `All checks passed (1,789 files checked).`
pub fn summary(report: &Report) -> String {
    let line = summary_line(
        report.errors(),
        report.warnings(),
        report.files_with_diagnostics(),
        report.files,
    );
    crate::baseline::summary_suffix(line, report.baselined)
}

fn summary_line(errors: usize, warnings: usize, with_diags: usize, checked: usize) -> String {
    let checked = count(checked, "file");
    let found = match (errors, warnings) {
        (0, 0) => return format!("All checks passed ({checked} checked)."),
        (e, 0) => count(e, "error"),
        (0, w) => count(w, "warning"),
        (e, w) => format!("{} and {}", count(e, "error"), count(w, "warning")),
    };
    format!(
        "Found {found} in {} ({checked} checked).",
        count(with_diags, "file")
    )
}

/// `fix (safe): message`, the one line the human and GitHub formats show for a fix.
fn fix_line(fix: &Fix) -> String {
    format!("fix ({}): {}", fix.applicability.as_str(), fix.message)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Edit, Pos, Resolved, ResolvedEdit};
    use crate::facts::Span;
    use crate::source::SourceDb;
    use std::path::PathBuf;

    /// A report over `files` (path, text) holding `diags`, with positions resolved.
    pub(crate) fn report(files: &[(&str, &str)], diags: Vec<Diagnostic>) -> Report {
        let root = PathBuf::from("/nonexistent-root");
        let db = SourceDb::new(&root);
        for (p, t) in files {
            db.insert(p, t);
        }
        let pos = |path: &str, off: u32| {
            let text = files.iter().find(|(p, _)| *p == path).map_or("", |f| f.1);
            let ls = crate::facts::line_starts(text);
            crate::diagnostic::line_col(&ls, off, Some(text))
        };
        let diagnostics = diags
            .into_iter()
            .map(|d| {
                let (line, column) = pos(&d.location.path, d.location.span.start);
                let (end_line, end_column) = pos(&d.location.path, d.location.span.end);
                let related_pos = d
                    .related
                    .iter()
                    .map(|r| pos(&r.location.path, r.location.span.start))
                    .collect();
                let edit_pos = d
                    .fix
                    .iter()
                    .flat_map(|f| &f.edits)
                    .map(|e| {
                        let s = pos(&e.path, e.span.start);
                        let t = pos(&e.path, e.span.end);
                        ResolvedEdit {
                            start: Pos {
                                line: s.0,
                                column: s.1,
                            },
                            end: Pos {
                                line: t.0,
                                column: t.1,
                            },
                        }
                    })
                    .collect();
                Resolved {
                    diag: d,
                    line,
                    column,
                    end_line,
                    end_column,
                    related_pos,
                    edit_pos,
                }
            })
            .collect();
        Report {
            root,
            config_path: "lint.toml".into(),
            sources: db,
            diagnostics,
            files: 1789,
            duration_ms: 7,
            notes: Vec::new(),
            scope: Vec::new(),
            baselined: 0,
        }
    }

    pub(crate) const A: &str = "from b import f\n\ndef f():\n    pass\n";
    pub(crate) const B: &str = "def f():\n    return 1\n";

    /// Two diagnostics in `a.py`: one with a safe fix touching two files, one with a
    /// display-only fix; and a warning in `b.py` without a fix.
    pub(crate) fn sample() -> Report {
        let d1 = Diagnostic::new("a.py", Span::new(5, 6), "imported from the wrong place")
            .help("import it from `c`")
            .note("b only re-exports it")
            .related("b.py", Span::new(4, 5), "the canonical definition")
            .fix(Some(Fix::safe(
                "import from `c`",
                vec![
                    Edit::replace("b.py", Span::new(0, 3), "fn"),
                    Edit::replace("a.py", Span::new(5, 6), "c"),
                    Edit::insert("a.py", 16, "# moved\n"),
                ],
            )));
        let d2 = Diagnostic::new("a.py", Span::new(21, 22), "defined again")
            .fix(Some(Fix::display_only("pick one", vec![])));
        let d3 = Diagnostic::new("b.py", Span::new(4, 5), "unused").warning();
        report(&[("a.py", A), ("b.py", B)], vec![d1, d2, d3])
    }

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(visible("plain", false), "plain");
        assert_eq!(
            visible("a\u{1b}[2Jb\u{7}c\rd\ne\u{9b}f\u{7f}", false),
            "a\\u{1b}[2Jb\\u{7}c\\rd\\ne\\u{9b}f\\u{7f}"
        );
        assert_eq!(visible("a\nb\tc", true), "a\nb\\tc");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1789), "1,789");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn summary_wording() {
        assert_eq!(
            summary_line(3, 0, 2, 1789),
            "Found 3 errors in 2 files (1,789 files checked)."
        );
        assert_eq!(
            summary_line(1, 0, 1, 1),
            "Found 1 error in 1 file (1 file checked)."
        );
        assert_eq!(
            summary_line(3, 1, 2, 10),
            "Found 3 errors and 1 warning in 2 files (10 files checked)."
        );
        assert_eq!(
            summary_line(0, 2, 1, 10),
            "Found 2 warnings in 1 file (10 files checked)."
        );
        assert_eq!(
            summary_line(0, 0, 0, 1789),
            "All checks passed (1,789 files checked)."
        );
        assert_eq!(
            summary_line(0, 0, 0, 1),
            "All checks passed (1 file checked)."
        );
        assert_eq!(
            summary(&sample()),
            "Found 2 errors and 1 warning in 2 files (1,789 files checked)."
        );
    }

    #[test]
    fn every_format_has_an_emitter() {
        use clap::ValueEnum;
        let r = sample();
        for f in Format::value_variants() {
            let mut out = Vec::new();
            f.emitter(false).emit(&r, &mut out).unwrap();
            assert!(!out.is_empty(), "{f:?}");
        }
        assert_eq!(Format::from_str("full", false), Ok(Format::Human));
    }
}
