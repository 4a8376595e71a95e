//! The errors a bad lint.toml produces: each a miette diagnostic pointing at its line and
//! column, with a label and a help line. A file's errors are reported together
//! ([`ConfigErrors`]); any of them maps to exit code 2.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One configuration error with its place in the config file.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    /// The config file's text (shared by all errors of one file).
    pub text: Arc<str>,
    /// The text again, named after the file, for miette.
    pub(crate) source: miette::NamedSource<Arc<str>>,
    pub message: String,
    pub span: Option<Range<usize>>,
    pub label: String,
    pub help: Option<String>,
}

impl ConfigError {
    /// An error in the file at `path` whose text is `text`.
    pub fn new(
        path: &Path,
        text: &Arc<str>,
        message: String,
        span: Option<Range<usize>>,
        label: &str,
        help: Option<String>,
    ) -> Self {
        ConfigError {
            path: path.to_path_buf(),
            text: Arc::clone(text),
            source: miette::NamedSource::new(path.display().to_string(), Arc::clone(text)),
            message,
            span,
            label: label.to_string(),
            help,
        }
    }

    /// 1-based `(line, column)` of the error's start, when it has a place.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let span = self.span.as_ref()?;
        let mut start = span.start.min(self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let before = &self.text[..start];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Some((line, col))
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ConfigError {}

impl miette::Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("ssot::config"))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.span
            .as_ref()
            .map(|_| &self.source as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span.clone()?;
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some(self.label.clone()), span),
        )))
    }
}

/// Every error found in one config file, in the order they appear in it (errors without
/// a place first). Never empty when returned by [`crate::config::load`] or
/// [`crate::config::parse`].
#[derive(Debug, Default)]
pub struct ConfigErrors {
    pub errors: Vec<ConfigError>,
}

impl ConfigErrors {
    /// A single error.
    pub fn one(e: ConfigError) -> Self {
        ConfigErrors { errors: vec![e] }
    }
    pub fn len(&self) -> usize {
        self.errors.len()
    }
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, ConfigError> {
        self.errors.iter()
    }
    /// The first error (in file order).
    pub fn first(&self) -> Option<&ConfigError> {
        self.errors.first()
    }
    /// Sort by place in the file, keeping the order of errors at the same place.
    pub(crate) fn sort(&mut self) {
        self.errors
            .sort_by_key(|e| e.span.as_ref().map(|s| (s.start, s.end)));
    }
}

impl<'a> IntoIterator for &'a ConfigErrors {
    type Item = &'a ConfigError;
    type IntoIter = std::slice::Iter<'a, ConfigError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

impl std::fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.errors.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                let file = all
                    .first()
                    .and_then(|e| e.path.file_name())
                    .map_or("lint.toml".into(), |n| n.to_string_lossy());
                write!(f, "{file} has {} errors", all.len())
            }
        }
    }
}

impl std::error::Error for ConfigErrors {}
