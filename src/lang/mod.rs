//! Language front ends: source text -> [`crate::facts::ModuleFacts`], and everything else
//! that depends on which language a file is written in.
//!
//! Each front end parses a file once, extracts compact, language-neutral facts and drops
//! its syntax tree. Front ends know nothing about rules or lint.toml. The [`Frontend`]
//! trait is the seam: config, index, rules and reports ask a front end (through
//! [`Lang::frontend`]) how a module path is written, how an import or a table entry is
//! spelled, which files it claims; they never branch on the language themselves.
//!
//! Adding a language: one module implementing [`Frontend`], one variant in [`Lang`] and
//! one line in [`FRONTENDS`] (see docs/architecture.md).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::facts::{ModuleFacts, TableKind};
use crate::source::{DecodeError, SourceDb};
use crate::walk::Found;

pub mod pypath;
pub mod python;
pub mod rust;
pub mod shape;

/// What a front end computes beyond the facts every rule needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractOptions {
    /// Structural fingerprints and shapes of function bodies (`Definition::fingerprint`,
    /// `Definition::shape`), read by SSOT001 (methods), SSOT002 and `discover`; about 12%
    /// of extraction. The pipeline turns them on.
    pub fingerprints: bool,
    /// Record a [`crate::facts::Call`] for every call (and, in Rust, macro call) whose
    /// callee's last name is in this set (`info`, `debug`, `dumps`, ...), with the values
    /// that reach it. Empty (the default): no calls are recorded. SSOT008 fills it from
    /// its sink methods and the `[[guard]] sinks` of lint.toml.
    pub call_names: std::sync::Arc<std::collections::HashSet<String>>,
}

impl ExtractOptions {
    /// Whether calls of this (last) name are recorded.
    pub fn records_call(&self, name: &str) -> bool {
        !self.call_names.is_empty() && self.call_names.contains(name)
    }
}

impl Default for ExtractOptions {
    /// Fingerprints on; no calls recorded.
    fn default() -> Self {
        ExtractOptions {
            fingerprints: true,
            call_names: Default::default(),
        }
    }
}

/// Which front end produced a file's facts: an identifier, never a reason for a rule to
/// branch. Ask [`Lang::frontend`] for anything language-specific.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Lang {
    Python,
    Rust,
}

/// Every front end, in the order files are reported when two claim the same name.
pub static FRONTENDS: &[&dyn Frontend] = &[&python::Python, &rust::Rust];

impl Lang {
    /// The front end for this language.
    pub fn frontend(self) -> &'static dyn Frontend {
        FRONTENDS
            .iter()
            .copied()
            .find(|f| f.lang() == self)
            .expect("every Lang has a front end in FRONTENDS (tested)")
    }
    /// The separator between module path segments.
    pub fn sep(self) -> &'static str {
        self.frontend().sep()
    }
    /// Join a module path and a name.
    pub fn join(self, module: &str, name: &str) -> String {
        if module.is_empty() {
            name.to_string()
        } else {
            format!("{module}{}{name}", self.sep())
        }
    }
    /// Split a target `a.b.c` into (`a.b`, `c`).
    pub fn split_last(self, target: &str) -> Option<(&str, &str)> {
        target.rsplit_once(self.sep())
    }
    /// The segments of a module path.
    pub fn segments(self, path: &str) -> impl Iterator<Item = &str> {
        path.split(self.sep())
    }
}

/// What a front end does with a file it claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// A source file: parsed and extracted.
    Source,
    /// A project manifest (`Cargo.toml`): read for the layout of the sources.
    Manifest,
}

/// The files of one language, as the walk found them.
#[derive(Debug, Default)]
pub struct LangFiles {
    pub sources: Vec<Found>,
    pub manifests: Vec<Found>,
    /// Manifests outside `[files] include`: layout context only, never reported on.
    pub context_manifests: Vec<Found>,
}

/// What extraction gets besides the files.
pub struct ExtractCtx<'a> {
    /// `[files] python-roots` (front ends that do not need them ignore them).
    pub python_roots: &'a [String],
    pub db: &'a SourceDb,
    pub opts: ExtractOptions,
    /// The facts cache, when on ([`crate::cache`]).
    pub cache: Option<&'a crate::cache::Cache>,
}

impl ExtractCtx<'_> {
    /// The cache to use for the file `rel`: none when the cache is off, or when the file's
    /// text is not on disk (an overlay: `--stdin-filename`, `--fix`), which bypasses the
    /// cache (its previous entries are kept as they were).
    pub fn cache_for(&self, rel: &str) -> Option<&crate::cache::Cache> {
        let cache = self.cache?;
        if self.db.has_overlay(rel) {
            cache.keep(rel);
            return None;
        }
        Some(cache)
    }
}

/// A language front end.
pub trait Frontend: Sync + Send {
    fn lang(&self) -> Lang;
    /// "Python", "Rust".
    fn name(&self) -> &'static str;
    /// Whether the front end owns a file of this name, and as what.
    fn claims(&self, file_name: &str) -> Option<Claim>;

    /// The separator between module path segments (`.`, `::`).
    fn sep(&self) -> &'static str;
    /// What starts a line comment (`#`, `//`): where suppression markers are read.
    fn comment_prefix(&self) -> &'static str;
    /// Whether `path` (as written in lint.toml) is a module path of this language:
    /// `Ok(())` when it is, `Err(Some(hint))` when it looks meant for this language but is
    /// malformed (the hint says how to write it), `Err(None)` when it is not this
    /// language's syntax at all.
    fn check_module_path(&self, path: &str) -> Result<(), Option<String>>;

    /// Bytes -> text (encoding declarations, where the language has them).
    fn decode<'a>(&self, bytes: &'a [u8]) -> Result<Cow<'a, str>, DecodeError> {
        crate::source::decode_utf8(bytes)
    }

    /// Parse and extract every file of this language (in parallel: this runs on the
    /// parser pool). Verbose notes go to the returned list.
    fn extract_all(&self, files: &LangFiles, ctx: &ExtractCtx) -> (Vec<ModuleFacts>, Vec<String>);

    /// `module` written relative to `file`'s package (`..websocket_core.utils`), for files
    /// that import that way; `None` when the language has no relative imports or the two
    /// share no package.
    fn relative(&self, file: &ModuleFacts, module: &str) -> Option<String> {
        let _ = (file, module);
        None
    }
    /// `stmt` (an import statement as written, which imports from the module a name
    /// should come from) with `name` (bound as `local`) added to it, when its form allows
    /// (`from m import a` -> `from m import a, name`; `use m::a;` -> `use m::{a, name};`).
    fn merge_import(&self, stmt: &str, name: &str, local: &str) -> Option<String> {
        let _ = (stmt, name, local);
        None
    }
    /// `value` (an expression as written) passed to `helper`: `helper(value)`.
    fn wrap_call(&self, helper: &str, value: &str) -> String {
        format!("{helper}({value})")
    }
    /// Whether `text` parses without a syntax error (`--fix` refuses an edit that would
    /// break a file). Runs on a thread with a large stack.
    fn syntax_ok(&self, text: &str) -> bool;
    /// The statement importing `name` from `module`, bound locally as `local`
    /// (`from m import n as l`, `use m::n as l;`); `public` re-exports it (`pub use`).
    fn import_statement(
        &self,
        module: &str,
        name: &str,
        local: Option<&str>,
        public: bool,
    ) -> String;
    /// `path` (an absolute module path) as code in `file` must write it (Rust: `crate::..`
    /// inside the crate, a renamed dependency's local name).
    fn spell(&self, file: &ModuleFacts, path: &str) -> String {
        let _ = file;
        path.to_string()
    }
    /// The text that names `module`'s `name` in place of another path, when the language
    /// allows a fully qualified path without an import (Rust: `crate::utils::h`); `None`
    /// when the name must be imported first (Python).
    fn qualified(&self, spelled_module: &str, name: &str) -> Option<String>;
    /// An enum member as written in code (`MessageType.START`, `MessageType::Start`).
    fn member(&self, enum_name: &str, variant: &str) -> String {
        format!("{enum_name}{}{variant}", self.sep())
    }
    /// One table entry in this language, for a table of `kind`, when no entry of the
    /// table itself can serve as a template.
    fn entry_text(&self, kind: TableKind, key: &str, member: &str) -> String;
    /// A minimal alias table, for help text about a missing one.
    fn table_example(&self, name: Option<&str>, enum_name: &str) -> String;
    /// Why a configured module is missing while `found` (= `prefix` + separator + the
    /// configured path) exists, when the language knows (Python: an undeclared source
    /// root); `None` otherwise.
    fn nested_module_hint(&self, found: &str, prefix: &str) -> Option<String> {
        let _ = (found, prefix);
        None
    }
}

/// The languages whose module-path syntax `path` fits (several for a single segment,
/// which the plan settles once it knows which language has such a module), or the best
/// hint for writing it.
pub fn module_path_langs(path: &str) -> Result<Vec<Lang>, String> {
    let mut fits = Vec::new();
    let mut hint = None;
    for f in FRONTENDS {
        match f.check_module_path(path) {
            Ok(()) => fits.push(f.lang()),
            Err(Some(h)) => hint = hint.or(Some(h)),
            Err(None) => {}
        }
    }
    if !fits.is_empty() {
        return Ok(fits);
    }
    Err(hint.unwrap_or_else(|| {
        let seps: Vec<String> = FRONTENDS
            .iter()
            .map(|f| format!("`{}` ({})", f.sep(), f.name()))
            .collect();
        format!(
            "a module path is identifiers joined by {}",
            seps.join(" or ")
        )
    }))
}

/// True for an identifier (Unicode letters, digits, `_`; not starting with a digit).
pub fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lang_has_one_front_end() {
        for l in [Lang::Python, Lang::Rust] {
            assert_eq!(l.frontend().lang(), l);
        }
        assert_eq!(FRONTENDS.len(), 2);
    }

    #[test]
    fn module_paths_are_claimed_by_their_language() {
        assert_eq!(module_path_langs("a.b").unwrap(), vec![Lang::Python]);
        assert_eq!(module_path_langs("a::b").unwrap(), vec![Lang::Rust]);
        assert_eq!(
            module_path_langs("orders").unwrap(),
            vec![Lang::Python, Lang::Rust]
        );
        assert!(module_path_langs("a/b.py").unwrap_err().contains("`a.b`"));
        assert!(
            module_path_langs("my-crate::x")
                .unwrap_err()
                .contains("my_crate::x")
        );
        assert!(
            module_path_langs("crate::x")
                .unwrap_err()
                .contains("crate name")
        );
    }
}
