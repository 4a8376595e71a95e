//! Language front ends: source text -> [`crate::facts::ModuleFacts`].
//!
//! Each front end parses a file once, extracts compact, language-neutral facts and drops
//! its syntax tree. Front ends know nothing about rules or lint.toml.

/// What a front end computes beyond the facts every rule needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtractOptions {
    /// Structural fingerprints of function bodies (`Definition::fingerprint`); costly
    /// (~15% of extraction) and read by no rule yet, so the pipeline turns them off.
    pub fingerprints: bool,
}

impl Default for ExtractOptions {
    /// Everything.
    fn default() -> Self {
        ExtractOptions { fingerprints: true }
    }
}

pub mod pypath;
pub mod python;
pub mod rust;
