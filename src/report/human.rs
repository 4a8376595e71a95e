//! `--format human`: miette's graphical report, one block per diagnostic, with the
//! offending span, related locations (the canonical definition) and the help line.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    NamedSource, Severity as MSeverity,
};

use super::Emitter;
use crate::Report;
use crate::diagnostic::{Resolved, Severity};

/// Lines longer than this (minified or generated code) are not shown as snippets.
const MAX_SNIPPET_LINE: usize = 1000;

/// True when the line holding byte `at` of `text` is too long to show.
fn long_line(text: &str, at: usize) -> bool {
    let at = at.min(text.len());
    let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
    end - start > MAX_SNIPPET_LINE
}

#[derive(Debug)]
struct Block {
    code: String,
    message: String,
    severity: MSeverity,
    /// None when the snippet cannot be shown (a very long line).
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
    related: Vec<Block>,
}

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Block {}

impl MietteDiagnostic for Block {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<MSeverity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn MietteDiagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|b| b as &dyn MietteDiagnostic),
        ))
    }
}

fn clamp(text: &str, start: u32, end: u32) -> (usize, usize) {
    let s = (start as usize).min(text.len());
    let e = (end as usize).clamp(s, text.len());
    (s, e - s)
}

fn block(report: &Report, r: &Resolved) -> Block {
    let d = &r.diag;
    let text = report.source_text(&d.location.path);
    let (s, len) = clamp(&text, d.location.span.start, d.location.span.end);
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        (!d.label.is_empty()).then(|| d.label.clone()),
        (s, len),
    )];
    let mut related = Vec::new();
    for (rel, (line, col)) in d.related.iter().zip(&r.related_pos) {
        if rel.location.path == d.location.path {
            let (s, len) = clamp(&text, rel.location.span.start, rel.location.span.end);
            labels.push(LabeledSpan::new_with_span(
                Some(rel.message.clone()),
                (s, len),
            ));
        } else {
            let other = report.source_text(&rel.location.path);
            let (s, len) = clamp(&other, rel.location.span.start, rel.location.span.end);
            let shown = !long_line(&other, s);
            related.push(Block {
                code: String::new(),
                message: format!("{}: {}:{line}:{col}", rel.message, rel.location.path),
                severity: MSeverity::Advice,
                source: shown.then(|| NamedSource::new(&rel.location.path, other.to_string())),
                labels: vec![LabeledSpan::new_with_span(
                    Some(rel.message.clone()),
                    (s, len),
                )],
                help: None,
                related: Vec::new(),
            });
        }
    }
    let mut help = d.help.clone().unwrap_or_default();
    for n in &d.notes {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str("note: ");
        help.push_str(n);
    }
    if let Some(f) = &d.fix {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str(&super::fix_line(f));
    }
    let shown = !long_line(&text, d.location.span.start as usize);
    let message = if shown {
        d.message.clone()
    } else {
        format!(
            "{}\n  at {}:{}:{} (the line is too long to show)",
            d.message, d.location.path, r.line, r.column
        )
    };
    Block {
        code: format!("{}({})", d.code, d.code.name()),
        message,
        severity: match d.severity {
            Severity::Error => MSeverity::Error,
            Severity::Warning => MSeverity::Warning,
        },
        source: shown.then(|| NamedSource::new(&d.location.path, text.to_string())),
        labels,
        help: (!help.is_empty()).then_some(help),
        related,
    }
}

/// `--format human`: miette's graphical report, with colour when `color`.
pub struct Human {
    pub color: bool,
}

impl Emitter for Human {
    fn emit(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_wrap_lines(false)
            .with_links(false);
        for r in &report.diagnostics {
            let mut s = String::new();
            if handler.render_report(&mut s, &block(report, r)).is_err() {
                s = format!("{}: {}\n", r.diag.code, r.diag.message);
            }
            writeln!(out, "{s}")?;
        }
        writeln!(out, "{}", super::summary(report))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(color: bool) -> String {
        let mut out = Vec::new();
        Human { color }
            .emit(&crate::report::tests::sample(), &mut out)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn help_notes_and_fix_follow_the_snippet() {
        let out = render(false);
        assert!(!out.contains('\u{1b}'), "{out}");
        let help = out.find("help: import it from `c`").expect(&out);
        let note = out.find("note: b only re-exports it").expect(&out);
        let fix = out.find("fix (safe): import from `c`").expect(&out);
        assert!(help < note && note < fix, "{out}");
        assert!(out.contains("help: fix (display-only): pick one"), "{out}");
        assert!(out.contains("[a.py:1:6]"), "{out}");
        assert!(out.contains("the canonical definition: b.py:1:5"), "{out}");
        assert!(
            out.ends_with("Found 2 errors and 1 warning in 2 files (1,789 files checked).\n"),
            "{out}"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        assert!(render(true).contains('\u{1b}'));
    }
}
