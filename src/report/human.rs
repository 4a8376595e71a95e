//! `--format human`: miette's graphical report, one block per diagnostic, with the
//! offending span, related locations (the canonical definition) and the help line.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, Severity as MSeverity, SourceCode, SourceSpan, SpanContents,
};

use super::{Emitter, visible};
use crate::Report;
use crate::config_error::ConfigError;
use crate::diagnostic::{Resolved, Severity};

/// A file's text as miette shows it: control characters escaped (`\u{1b}`), tabs and line
/// breaks kept, a lone `\r` shown as the line break positions count it; labels are moved
/// by [`Shown::map`]. The header (`[file:line:col]`) gives the position every other format
/// gives (columns in characters), not miette's byte count.
#[derive(Debug)]
struct Shown {
    name: String,
    text: String,
    /// (original offset of an escaped character, bytes added up to and including it).
    grow: Vec<(usize, usize)>,
    /// The primary span (as shown) and its 1-based line and column in characters.
    header: Option<(SourceSpan, usize, usize)>,
}

impl Shown {
    fn new(name: &str, text: &str) -> Shown {
        let mut shown = String::with_capacity(text.len());
        let mut grow = Vec::new();
        let mut added = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '\n' | '\t' => shown.push(c),
                '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => shown.push(c),
                '\r' => shown.push('\n'),
                c if c.is_control() => {
                    let before = shown.len();
                    shown.extend(c.escape_default());
                    added += shown.len() - before - c.len_utf8();
                    grow.push((i, added));
                }
                c => shown.push(c),
            }
        }
        Shown {
            name: visible(name, false).into_owned(),
            text: shown,
            grow,
            header: None,
        }
    }

    /// Where original byte `offset` is in the shown text.
    fn map(&self, offset: usize) -> usize {
        let i = self.grow.partition_point(|&(o, _)| o < offset);
        offset + if i == 0 { 0 } else { self.grow[i - 1].1 }
    }

    /// An original (start, len) span as shown.
    fn span(&self, (start, len): (usize, usize)) -> (usize, usize) {
        let s = self.map(start);
        (s, self.map(start + len) - s)
    }

    /// The primary label's span (original offsets) and its position.
    fn with_header(mut self, span: (usize, usize), line: usize, column: usize) -> Shown {
        let span = self.span(span);
        self.header = Some((span.into(), line, column));
        self
    }
}

impl SourceCode for Shown {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        let (line, column) = match self.header {
            // miette reads the primary span without context for the header only.
            Some((h, line, column)) if before == 0 && after == 0 && h == *span => {
                (line.saturating_sub(1), column.saturating_sub(1))
            }
            _ => (inner.line(), inner.column()),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
}

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
    source: Option<Shown>,
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
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
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

/// A label's text, escaped.
fn label(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| visible(text, false).into_owned())
}

fn block(report: &Report, r: &Resolved) -> Block {
    let d = &r.diag;
    let text = report.source_text(&d.location.path);
    let shown = Shown::new(&d.location.path, &text);
    let primary = clamp(&text, d.location.span.start, d.location.span.end);
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        label(&d.label),
        shown.span(primary),
    )];
    let mut related = Vec::new();
    for (rel, (line, col)) in d.related.iter().zip(&r.related_pos) {
        if rel.location.path == d.location.path {
            let span = clamp(&text, rel.location.span.start, rel.location.span.end);
            labels.push(LabeledSpan::new_with_span(
                label(&rel.message),
                shown.span(span),
            ));
        } else {
            let other = report.source_text(&rel.location.path);
            let span = clamp(&other, rel.location.span.start, rel.location.span.end);
            let visible_line = !long_line(&other, span.0);
            let other_shown = Shown::new(&rel.location.path, &other);
            let header = other_shown.span(span);
            let labels = vec![LabeledSpan::new_with_span(
                label(&rel.message),
                other_shown.span(span),
            )];
            related.push(Block {
                code: String::new(),
                message: visible(
                    &format!("{}: {}:{line}:{col}", rel.message, rel.location.path),
                    false,
                )
                .into_owned(),
                severity: MSeverity::Advice,
                source: visible_line.then(|| Shown {
                    header: Some((header.into(), *line, *col)),
                    ..other_shown
                }),
                labels,
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
    let snippet = !long_line(&text, d.location.span.start as usize);
    let message = if snippet {
        d.message.clone()
    } else {
        format!(
            "{}\n  at {}:{}:{} (the line is too long to show)",
            d.message, d.location.path, r.line, r.column
        )
    };
    Block {
        code: format!("{}({})", d.code, d.code.name()),
        message: visible(&message, true).into_owned(),
        severity: match d.severity {
            Severity::Error => MSeverity::Error,
            Severity::Warning => MSeverity::Warning,
        },
        source: snippet.then(|| shown.with_header(primary, r.line, r.column)),
        labels,
        help: (!help.is_empty()).then(|| visible(&help, true).into_owned()),
        related,
    }
}

/// A lint.toml error as the human format shows a diagnostic: miette's snippet with
/// control characters escaped. `None` when the error has no place in the file.
pub fn render_config_error(e: &ConfigError, color: bool) -> Option<String> {
    let span = e.span.as_ref()?;
    let (s, len) = clamp(&e.text, span.start as u32, span.end as u32);
    // A line too long to show (miette cannot draw past column 65,535): the caller prints
    // the plain `error:` / `help:` form, with the position in the message.
    if long_line(&e.text, s) || long_line(&e.text, s + len) {
        return None;
    }
    let (line, column) = e.line_col().unwrap_or((1, 1));
    let shown = Shown::new(&e.path.display().to_string(), &e.text);
    let labels = vec![LabeledSpan::new_primary_with_span(
        label(&e.label),
        shown.span((s, len)),
    )];
    let block = Block {
        code: "ssot::config".into(),
        message: visible(&e.message, true).into_owned(),
        severity: MSeverity::Error,
        source: Some(shown.with_header((s, len), line, column)),
        labels,
        help: e.help.as_ref().map(|h| visible(h, true).into_owned()),
        related: Vec::new(),
    };
    let mut out = String::new();
    handler(color, false).render_report(&mut out, &block).ok()?;
    Some(out)
}

fn handler(color: bool, human: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let h = GraphicalReportHandler::new_themed(theme).with_width(100);
    if human {
        h.with_wrap_lines(false).with_links(false)
    } else {
        h
    }
}

/// `--format human`: miette's graphical report, with colour when `color`.
pub struct Human {
    pub color: bool,
    /// End with the summary line (`--quiet` drops it).
    pub summary: bool,
}

impl Emitter for Human {
    fn emit(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let handler = handler(self.color, true);
        for r in &report.diagnostics {
            let mut s = String::new();
            if handler.render_report(&mut s, &block(report, r)).is_err() {
                s = format!("{}: {}\n", r.diag.code, visible(&r.diag.message, true));
            }
            writeln!(out, "{s}")?;
        }
        if self.summary {
            writeln!(out, "{}", super::summary(report))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(color: bool) -> String {
        let mut out = Vec::new();
        Human {
            color,
            summary: true,
        }
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
    fn header_columns_count_characters_and_escapes_keep_spans() {
        use crate::diagnostic::Diagnostic;
        use crate::facts::Span;
        let text = "x = \"日本語\"; y\n";
        let hostile = "\u{1b}[2J\u{7}; y\rz\n";
        let d = Diagnostic::new("a.py", Span::new(17, 18), "m")
            .label("here")
            .related("b.py", Span::new(17, 18), "canon");
        let e = Diagnostic::new("c.py", Span::new(7, 8), "n").label("there");
        let r = crate::report::tests::report(
            &[("a.py", text), ("b.py", text), ("c.py", hostile)],
            vec![d, e],
        );
        let mut out = Vec::new();
        Human {
            color: false,
            summary: true,
        }
        .emit(&r, &mut out)
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("[a.py:1:12]"), "{out}");
        assert!(out.contains("[b.py:1:12]"), "{out}");
        assert!(out.contains("[c.py:1:8]"), "{out}");
        assert!(out.contains(r"\u{1b}[2J\u{7}; y"), "{out}");
        assert!(!out.contains('\r') && !out.contains('\u{7}'), "{out}");
        // The label still sits under `y` after the escapes widened the line.
        let line = out.lines().find(|l| l.contains("[2J")).unwrap();
        let under = out
            .lines()
            .skip_while(|l| !l.contains("[2J"))
            .nth(1)
            .unwrap();
        let col = |s: &str, c: char| s.chars().position(|x| x == c).unwrap();
        assert_eq!(col(line, 'y'), col(under, '┬'), "{out}");
        // The bare CR ends the line, as positions count it.
        assert!(out.lines().any(|l| l.ends_with("│ z")), "{out}");
    }

    #[test]
    fn colour_only_when_asked() {
        assert!(render(true).contains('\u{1b}'));
    }
}
