//! # SSOT000 parse-error
//!
//! ## What it does
//! Reports a file ssot could not read or parse: a syntax error (at the parser's position,
//! with its message), a file that is not valid UTF-8, an unreadable file, or nesting too
//! deep to be valid code. One error is reported per file (the first; a note counts the
//! rest). The run goes on with every other file.
//!
//! ## Why is this bad?
//! A file ssot cannot parse is a file it cannot check: a copy of a canonical helper or a
//! stale import could hide in it. The error makes the blind spot visible instead of
//! passing silently.
//!
//! ## Example
//! ```python
//! def _safe_state(state)      # missing ':'
//!     return state.name
//! ```
//!
//! ## How to fix
//! Fix the syntax error, or re-save the file as UTF-8. Generated or vendored files that
//! are not meant to be checked can be excluded in lint.toml:
//! ```toml
//! [files]
//! exclude = ["vendor/**"]
//! ```

use super::Context;
use crate::diagnostic::Diagnostic;

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for f in ctx.index.files {
        // One error per file: the first; later ones are often knock-on effects.
        let mut errors = f.problems.iter().filter(|p| p.is_error);
        if let Some(p) = errors.next() {
            let more = errors.count();
            let mut d = Diagnostic::new(&f.path, p.span, lowercase_first(&p.message))
                .label("cannot parse past this point")
                .help(
                    "fix the file so it parses: ssot cannot check what it cannot read \
                     (generated or vendored files can be excluded under [files] exclude in lint.toml)",
                );
            if more > 0 {
                d = d.note(format!(
                    "{more} more syntax error{} in this file",
                    if more == 1 { "" } else { "s" }
                ));
            }
            out.push(d);
        }
        for p in f.problems.iter().filter(|p| !p.is_error) {
            out.push(
                Diagnostic::new(&f.path, p.span, lowercase_first(&p.message))
                    .warning()
                    .label("here"),
            );
        }
    }
    out
}

/// Messages are lowercase, like every other diagnostic: a parser's `Expected `:`` becomes
/// `expected `:``; an acronym (`UTF-8`) keeps its capitals.
fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => a
            .to_lowercase()
            .chain(message[a.len_utf8()..].chars())
            .collect(),
        _ => message.to_string(),
    }
}
