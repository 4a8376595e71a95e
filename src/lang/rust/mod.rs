//! Rust front end: Cargo manifests + source text -> [`ModuleFacts`].
//!
//! Two phases, no filesystem access (the caller reads every file and hands over the text):
//!
//! 1. [`discover`] reads every `Cargo.toml` (packages, workspaces, targets, dependency
//!    renames) and returns a [`Layout`]. [`Layout::file`] gives each `.rs` file a
//!    *location-derived* module path (`src/a/b.rs` -> `my_crate::a::b`), which is right for
//!    every file laid out the conventional way.
//! 2. [`extract`] parses one file once with `syn` and returns its facts plus its `mod x;`
//!    declarations ([`ModDecl`]). When every file is extracted, [`Layout::resolve_tree`]
//!    walks the real module tree from each crate root (`mod x;` -> `x.rs` / `x/mod.rs`,
//!    `#[path]`), reports `mod` declarations with no file, notes files no crate reaches, and
//!    lists the files whose module differs from the guess (a `#[path]`, a file shared by
//!    several crates, ...). Only those few files are extracted a second time.
//!
//! Inline `mod x { ... }` blocks become modules of their own: [`extract`] returns one
//! [`ModuleFacts`] for the file's module followed by one per inline module (same `path`,
//! module `parent::x`), so every fact inside carries the inner module path.
//!
//! Wiring (what the caller does):
//!
//! ```text
//! let (layout, manifest_problems) = rust::discover(&manifests, &rust_paths);
//! // phase 1, in parallel on 64 MiB stacks:
//! let ex = rust::extract(&rel, &layout.file(&rel), &text);       // for every .rs file
//! // phase 2:
//! let decls: HashMap<String, Vec<ModDecl>> = /* rel -> std::mem::take(&mut ex.mods) */;
//! let tree = layout.resolve_tree(&decls);
//! for (rel, info) in &tree.changed { /* extract `rel` again with `info`, replace */ }
//! for (rel, p) in tree.problems { /* push onto the first facts of `rel` */ }
//! // verbose notes: layout.notes(), tree.notes
//! ```
//!
//! Submodules:
//! - `manifest`: Cargo.toml -> packages, targets, dependency renames.
//! - `tree`: location-derived module paths and the `mod` tree walk.
//! - `prescan`: refuses pathologically nested input before `syn` sees it.
//! - `walker`: the single pass over the syntax tree; `items` handles items, `macros`
//!   macro bodies.
//! - `resolve`: scopes, `use` trees, and path resolution to absolute targets.
//! - `tables`, `enums`, `fingerprint`: alias tables, enum definitions, body hashes;
//!   `table_walk` names and places the tables during the walk.
//! - `calls`: calls that may be sinks and the values reaching them (SSOT008), recorded
//!   only when `ExtractOptions::call_names` asks for some.

mod calls;
mod enums;
mod fingerprint;
mod frontend;
mod items;
mod macros;
mod manifest;
mod offsets;
mod prescan;
mod resolve;
mod table_walk;
mod tables;
mod tree;
mod walker;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_calls;
#[cfg(test)]
mod tests_defs;
#[cfg(test)]
mod tests_extract;
#[cfg(test)]
mod tests_table_forms;
#[cfg(test)]
mod tests_tables;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::facts::{Lang, ModuleFacts, Problem, Span};

pub use frontend::Rust;
pub use tree::Tree;

/// What kind of Cargo target a crate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TargetKind {
    Lib,
    Bin,
    Test,
    Example,
    Bench,
    BuildScript,
    /// Files under no package (or under a package with no target reaching them): a crate
    /// named after the location.
    Detached,
}

impl TargetKind {
    /// A stable name (cache keys).
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Lib => "lib",
            TargetKind::Bin => "bin",
            TargetKind::Test => "test",
            TargetKind::Example => "example",
            TargetKind::Bench => "bench",
            TargetKind::BuildScript => "build-script",
            TargetKind::Detached => "detached",
        }
    }
}

/// One crate (a Cargo target) and the names its code may start a path with.
#[derive(Debug, PartialEq, Eq)]
pub struct CrateCtx {
    /// The crate name as code writes it (`relay_core`; `-` normalised to `_`).
    pub name: String,
    pub kind: TargetKind,
    /// Root file (root-relative, `/`-separated); empty for a detached crate.
    pub root: String,
    /// Extern crate names usable as a path's first segment -> the crate they denote
    /// (`foo` -> `relay_core` for `foo = { package = "relay-core" }`; `std` -> `std`).
    pub externs: HashMap<String, String>,
    /// Crates whose macros the root brings into every module with
    /// `#[macro_use] extern crate log;` (the real crate names): a bare `info!` anywhere in
    /// the crate is `log::info!`.
    pub macro_use: Vec<String>,
}

impl CrateCtx {
    /// The crate a first path segment names, if it names one.
    pub fn extern_crate(&self, name: &str) -> Option<&str> {
        self.externs.get(name).map(String::as_str)
    }
}

/// Which crate and module a `.rs` file is.
#[derive(Debug, Clone)]
pub struct FileInfo {
    /// `relay_core::websocket_core::utils`.
    pub module: String,
    /// True for crate roots (`lib.rs`, `main.rs`, `tests/x.rs`, ...) and `mod.rs`.
    pub is_package: bool,
    pub krate: Arc<CrateCtx>,
}

impl FileInfo {
    /// Same module path, package flag and crate.
    pub fn same_as(&self, other: &FileInfo) -> bool {
        self.module == other.module
            && self.is_package == other.is_package
            && self.krate.name == other.krate.name
            && self.krate.root == other.krate.root
    }
}

/// A `mod x;` declaration (a module whose body lives in another file).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ModDecl {
    pub name: String,
    /// `#[path = "..."]` on the declaration.
    pub path_attr: Option<String>,
    /// Enclosing inline modules in the declaring file, outermost first, each with its own
    /// `#[path]` (`mod a { mod b; }` -> `[("a", None)]`).
    pub inline: Vec<(String, Option<String>)>,
    /// The whole `mod x;` item.
    pub span: Span,
}

/// Crates discovered from Cargo manifests, and the files they may contain.
#[derive(Debug, Default)]
pub struct Layout {
    /// Every target, sorted by (kind, root): libraries first.
    crates: Vec<Arc<CrateCtx>>,
    packages: Vec<manifest::Package>,
    files: HashSet<String>,
    /// Root file -> index into `crates`.
    roots: HashMap<String, usize>,
    notes: Vec<String>,
}

impl Layout {
    /// Every crate (target) found, libraries first.
    pub fn crates(&self) -> &[Arc<CrateCtx>] {
        &self.crates
    }

    /// Notes from discovery for verbose output (packages outside their workspace, ...).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }
}

/// Read every manifest (`(root-relative path, text)`) and lay the `.rs` files out in crates.
///
/// A manifest that is not valid TOML yields an error [`Problem`] for that manifest (span:
/// the byte range the TOML parser blames) and is otherwise ignored.
pub fn discover(
    manifests: &[(String, String)],
    rust_files: &[String],
) -> (Layout, Vec<(String, Problem)>) {
    manifest::discover(manifests, rust_files)
}

/// What [`extract`] returns for one file.
#[derive(Debug)]
pub struct Extracted {
    /// The file's own module first, then one entry per inline `mod x { .. }` block.
    pub facts: Vec<ModuleFacts>,
    /// `mod x;` declarations, for [`Layout::resolve_tree`].
    pub mods: Vec<ModDecl>,
}

/// The largest Rust file parsed. `syn`'s syntax tree takes ~170 bytes of memory per
/// byte of source (measured peak RSS: 740 MB for a 4 MiB file, 3.4 GB for 20 MB), so
/// bigger files (generated code) are refused with an SSOT000 naming the size, the limit
/// and how to exclude the file. The largest file among this project's 163 dependencies
/// is 1.5 MB.
pub const MAX_FILE_BYTES: usize = 4 << 20;

/// The SSOT000 message for the file `rel` of `len` bytes, over [`MAX_FILE_BYTES`].
fn too_large(rel: &str, len: usize) -> String {
    format!(
        "file is {:.1} MiB, over the {} MiB limit for Rust files (parsing it would take about \
         {} MiB of memory); if it is generated, exclude it in lint.toml: \
         `[files] exclude = [{rel:?}]`",
        len as f64 / f64::from(1 << 20),
        MAX_FILE_BYTES >> 20,
        len.saturating_mul(170) >> 20,
    )
}

/// Parse `text` (the file at `rel_path`, laid out as `info`) and extract its facts.
///
/// Never panics on any input. Run it on a thread with a large stack (64 MiB): nesting is
/// bounded by a pre-scan, but `syn` recurses.
pub fn extract(rel_path: &str, info: &FileInfo, text: &str) -> Extracted {
    extract_with(
        rel_path,
        info,
        text,
        &crate::lang::ExtractOptions::default(),
    )
}

/// [`extract`], computing only what `opts` asks for beyond the essential facts.
pub fn extract_with(
    rel_path: &str,
    info: &FileInfo,
    text: &str,
    opts: &crate::lang::ExtractOptions,
) -> Extracted {
    let mut facts = ModuleFacts::new(rel_path.to_string(), Lang::Rust, info.module.clone(), text);
    facts.is_package = info.is_package;
    if text.len() > MAX_FILE_BYTES {
        facts.problems.push(Problem {
            message: too_large(rel_path, text.len()),
            span: Span::new(0, 0),
            is_error: true,
        });
        return Extracted {
            facts: vec![facts],
            mods: Vec::new(),
        };
    }
    // `syn::parse_file` drops a shebang line before lexing, so its spans would start
    // after it; blank the line instead (same length), keeping every offset in place.
    let blanked;
    let text = match prescan::shebang_len(text) {
        Some(n) => {
            let mut bytes = text.as_bytes().to_vec();
            let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
            bytes[bom..bom + n].fill(b' ');
            blanked = String::from_utf8(bytes).unwrap_or_default();
            blanked.as_str()
        }
        None => text,
    };
    let scan = prescan::scan(text);
    if let Some(deep) = &scan.too_deep {
        facts.problems.push(Problem {
            message: deep.message.clone(),
            span: Span::new(deep.offset as u32, deep.offset as u32 + 1),
            is_error: true,
        });
        return Extracted {
            facts: vec![facts],
            mods: Vec::new(),
        };
    }
    let mut out = walker::run(facts, info, text, &scan, opts);
    // Every span of this file is dead now; free the thread's source map.
    proc_macro2::extra::invalidate_current_thread_spans();
    let mut aliases: Vec<(String, String)> = info
        .krate
        .externs
        .iter()
        // A crate the code can also name by itself is spelled by itself.
        .filter(|(local, real)| local != real && info.krate.extern_crate(real) != Some(real))
        .map(|(l, r)| (l.clone(), r.clone()))
        .collect();
    aliases.sort();
    for f in &mut out.facts {
        f.package_aliases = aliases.clone();
    }
    out
}
