//! The diagnostic record rules produce and reports consume.
//!
//! Rules fill in byte spans, text and an optional [`Fix`]; [`crate::check`] resolves
//! line/column once, at the edge, and reports only format. A diagnostic's code is stamped
//! by the rule registry ([`crate::rules::RULES`]) from the rule that produced it, so the
//! code a rule emits cannot drift from its registry line.

use serde::Serialize;

use crate::facts::Span;
use crate::rules::Code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a file: path relative to the root plus a byte span.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub path: String,
    pub span: Span,
}

/// A secondary location, e.g. where the canonical definition lives.
#[derive(Debug, Clone)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// How safely a fix may be applied (ruff's `Applicability`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Keeps behaviour: applied by `--fix`.
    Safe,
    /// May change behaviour (bodies that differ, a table entry's value): needs
    /// `--unsafe-fixes`.
    Unsafe,
    /// Shown, never applied: a human must decide (a placeholder, a choice between two
    /// entries).
    DisplayOnly,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// Replace the bytes `span` of `path` with `content` (an insertion when the span is
/// empty, a deletion when the content is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub path: String,
    pub span: Span,
    pub content: String,
}

impl Edit {
    pub fn replace(path: &str, span: Span, content: impl Into<String>) -> Self {
        Edit {
            path: path.to_string(),
            span,
            content: content.into(),
        }
    }
    pub fn insert(path: &str, at: u32, content: impl Into<String>) -> Self {
        Edit::replace(path, Span::new(at, at), content)
    }
    pub fn delete(path: &str, span: Span) -> Self {
        Edit::replace(path, span, "")
    }
}

/// A set of edits that resolves a diagnostic, with a one-line description of what it does.
#[derive(Debug, Clone)]
pub struct Fix {
    pub applicability: Applicability,
    pub message: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(Applicability::Safe, message, edits)
    }
    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(Applicability::Unsafe, message, edits)
    }
    pub fn display_only(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(Applicability::DisplayOnly, message, edits)
    }
    pub fn new(applicability: Applicability, message: impl Into<String>, edits: Vec<Edit>) -> Self {
        let mut edits = edits;
        edits.sort_by(|a, b| (&a.path, a.span).cmp(&(&b.path, b.span)));
        edits.dedup();
        Fix {
            applicability,
            message: message.into(),
            edits,
        }
    }
}

/// One finding.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Set by the registry from the rule that produced the diagnostic.
    pub code: Code,
    pub severity: Severity,
    pub location: Location,
    /// One-line statement of what is wrong (lowercase, no trailing period).
    pub message: String,
    /// Short label under the primary span.
    pub label: String,
    pub symbol: Option<String>,
    pub canonical: Option<String>,
    pub related: Vec<Related>,
    /// What to write instead.
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// The edits that resolve it, built from the same data as `help`.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A new error; its code is filled in by the registry.
    pub fn new(path: &str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code: Code::Ssot000,
            severity: Severity::Error,
            location: Location {
                path: path.to_string(),
                span,
            },
            message: message.into(),
            label: String::new(),
            symbol: None,
            canonical: None,
            related: Vec::new(),
            help: None,
            notes: Vec::new(),
            fix: None,
        }
    }
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }
    pub fn label(mut self, l: impl Into<String>) -> Self {
        self.label = l.into();
        self
    }
    pub fn symbol(mut self, s: impl Into<String>) -> Self {
        self.symbol = Some(s.into());
        self
    }
    pub fn canonical(mut self, c: impl Into<String>) -> Self {
        self.canonical = Some(c.into());
        self
    }
    pub fn help(mut self, h: impl Into<String>) -> Self {
        self.help = Some(h.into());
        self
    }
    pub fn note(mut self, n: impl Into<String>) -> Self {
        self.notes.push(n.into());
        self
    }
    /// The lint.toml `reason`, as a note, when there is one.
    pub fn reason(self, reason: Option<&str>) -> Self {
        match reason {
            Some(r) => self.note(format!("why it matters: {r}")),
            None => self,
        }
    }
    pub fn related(mut self, path: &str, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            location: Location {
                path: path.to_string(),
                span,
            },
            message: message.into(),
        });
        self
    }
    pub fn fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }
}

/// 1-based (line, column) of byte `offset`, given line starts and the text (for
/// counting characters; without text, columns count bytes).
pub fn line_col(line_starts: &[u32], offset: u32, text: Option<&str>) -> (usize, usize) {
    let line = match line_starts.binary_search(&offset) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    };
    let start = line_starts.get(line).copied().unwrap_or(0);
    let mut col = match text {
        Some(t) => t
            .get(start as usize..(offset as usize).min(t.len()))
            .map_or((offset.saturating_sub(start)) as usize, |s| {
                s.chars().count()
            }),
        None => (offset.saturating_sub(start)) as usize,
    };
    // A byte-order mark is not a column.
    if line == 0 && col > 0 && text.is_some_and(|t| t.starts_with('\u{feff}')) {
        col -= 1;
    }
    (line + 1, col + 1)
}

/// A 1-based line/column position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// An edit with its positions resolved.
#[derive(Debug, Clone)]
pub struct ResolvedEdit {
    pub start: Pos,
    pub end: Pos,
}

/// A diagnostic with its positions resolved, ready for a report.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub diag: Diagnostic,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// Resolved positions of `diag.related`, in order: (line, column).
    pub related_pos: Vec<(usize, usize)>,
    /// Resolved positions of `diag.fix`'s edits, in order.
    pub edit_pos: Vec<ResolvedEdit>,
}

#[cfg(test)]
mod tests {
    use super::line_col;
    use crate::facts::line_starts;

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let text = "ab\ncé d\n";
        let ls = line_starts(text);
        assert_eq!(line_col(&ls, 0, Some(text)), (1, 1));
        assert_eq!(line_col(&ls, 3, Some(text)), (2, 1));
        // 'd' is after a two-byte char: byte 7, char column 4
        assert_eq!(line_col(&ls, 7, Some(text)), (2, 4));
        assert_eq!(line_col(&ls, 9, Some(text)), (3, 1));
        let bom = "\u{feff}def f(): pass\n";
        assert_eq!(line_col(&line_starts(bom), 7, Some(bom)), (1, 5));
    }
}
