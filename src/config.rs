//! `lint.toml`: discovery, strict parsing and validation.
//!
//! Owns turning a config file into a validated [`Config`]. The file is read bounded (a
//! regular file of at most [`MAX_CONFIG_BYTES`]), parsed with toml's span-keeping document
//! API (`DeTable::parse_recoverable`) and validated by hand, so that every problem is
//! collected ([`ConfigErrors`]) instead of stopping at the first as serde would. Every error
//! points at its line and column in lint.toml (kept as byte spans) with a did-you-mean hint
//! where one helps, and maps to exit code 2. Validation is linear (hash sets for repeats).

use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

pub use crate::config_error::{ConfigError, ConfigErrors};
use crate::facts::Lang;
pub use crate::hint::did_you_mean;

/// Default `min-tokens`, counted in the normalised stream (about two per source token:
/// `return obj.name` is 12, `key = item.id; return str(key)` about 20, a three-statement
/// helper 50 or more): a body smaller than this (a getter, a one-line wrapper) never matches.
pub const DEFAULT_MIN_TOKENS: usize = 24;

/// The file name ssot looks for.
pub const CONFIG_FILE: &str = "lint.toml";

/// The largest config file ssot reads (16 MiB); a larger one is refused.
pub const MAX_CONFIG_BYTES: u64 = 16 * 1024 * 1024;

/// How far copies of a symbol are looked for (SSOT002; SSOT001 always checks names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Copies {
    Off,
    Exact,
    Renamed,
    #[default]
    Near,
}

/// `[files]`.
#[derive(Debug, Clone, Default)]
pub struct FilesConfig {
    /// When non-empty, only files matching one of these globs are checked.
    pub include: Vec<String>,
    /// Globs excluded on top of .gitignore.
    pub exclude: Vec<String>,
    /// Directories (relative to the config file) under which `a/b/c.py` is module `a.b.c`.
    pub python_roots: Vec<String>,
    /// Span of each `python-roots` entry (empty when defaulted).
    pub python_root_spans: Vec<Range<usize>>,
}

/// A `[[symbol]]`: a helper that must live in exactly one place.
#[derive(Debug, Clone)]
pub struct SymbolConfig {
    pub name: String,
    pub canonical: String,
    pub aliases: Vec<String>,
    pub facades: Vec<String>,
    pub copies: Copies,
    pub similarity: f64,
    /// Bodies with fewer normalised tokens never count as copies (SSOT002).
    pub min_tokens: usize,
    pub reason: Option<String>,
    /// The languages whose module-path syntax `canonical` fits (two for a single
    /// segment, settled by the plan).
    pub langs: Vec<Lang>,
    /// Span of the `[[symbol]]` entry in lint.toml.
    pub span: Range<usize>,
    pub name_span: Range<usize>,
    pub canonical_span: Range<usize>,
}

impl SymbolConfig {
    /// The symbol's name followed by its aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
    pub fn is_name(&self, n: &str) -> bool {
        self.names().any(|x| x == n)
    }
    /// True when `module` may provide the symbol: the canonical module or a facade.
    pub fn allowed_from(&self, module: &str) -> bool {
        module == self.canonical || self.facades.iter().any(|f| f == module)
    }
}

/// A `[[table]]`: a string -> enum alias table that must live in one place.
#[derive(Debug, Clone)]
pub struct TableConfig {
    pub enum_name: String,
    pub canonical: String,
    pub name: Option<String>,
    pub min_entries: usize,
    pub required: Vec<String>,
    pub reason: Option<String>,
    /// The languages whose module-path syntax `canonical` fits.
    pub langs: Vec<Lang>,
    pub span: Range<usize>,
    pub canonical_span: Range<usize>,
    /// Span of `name` (or of `enum` when no name is given).
    pub name_span: Range<usize>,
    /// Span of `enum`.
    pub enum_span: Range<usize>,
    /// Span of each required key in lint.toml, in the order of `required`.
    pub required_spans: Vec<Range<usize>>,
}

/// One entry of `[[guard]] values`: an attribute pattern (`*.client_state`,
/// `ws.client_state`, `self.*.state`; segments split on `.` or `::`, a `*` segment matches
/// one or more segments) or, written as one plain name, a type (`WebSocketState`: its
/// members, values constructed from it, and names declared with it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValuePattern {
    /// As written in lint.toml.
    pub text: String,
    pub segments: Vec<String>,
    pub span: Range<usize>,
}

impl ValuePattern {
    /// The type this pattern names, when it is a single plain name.
    pub fn type_name(&self) -> Option<&str> {
        match self.segments.as_slice() {
            [one] if one != "*" => Some(one),
            _ => None,
        }
    }
}

/// A `[[guard]]`: values that must pass through a helper before reaching a sink (SSOT008).
#[derive(Debug, Clone)]
pub struct GuardConfig {
    pub values: Vec<ValuePattern>,
    /// Calls that make a value safe (plain names; a declared `[[symbol]]` among them also
    /// matches its aliases). The first is the helper a fix wraps values in.
    pub through: Vec<String>,
    pub through_spans: Vec<Range<usize>>,
    /// Attributes of a value that are already safe (`.name`, `.value`).
    pub safe_attributes: Vec<String>,
    /// Extra callables that are sinks, as name chains (`json.dumps` -> `["json", "dumps"]`).
    pub sinks: Vec<Vec<String>>,
    pub reason: Option<String>,
    /// Span of the `[[guard]]` entry.
    pub span: Range<usize>,
}

/// A validated lint.toml.
#[derive(Debug, Clone)]
pub struct Config {
    /// The config file.
    pub path: PathBuf,
    /// The directory holding it: the root of the checked tree.
    pub root: PathBuf,
    /// The file's text, for diagnostics that point into it.
    pub text: String,
    pub files: FilesConfig,
    pub symbols: Vec<SymbolConfig>,
    pub tables: Vec<TableConfig>,
    pub guards: Vec<GuardConfig>,
    /// `[rules]`.
    pub rules: RulesConfig,
    /// `[suppressions]`.
    pub suppressions: SuppressionsConfig,
    /// `baseline = "path"`, resolved against the config file's directory.
    pub baseline: Option<PathBuf>,
}

/// A rule's level in `[rules] severity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    Error,
    Warning,
    Off,
}

/// `[rules]`: which rules run, how loud they are, where they do not apply, which fixes
/// are never applied.
#[derive(Debug, Clone, Default)]
pub struct RulesConfig {
    /// The rules to run (`None`: all).
    pub select: Option<Vec<crate::rules::Code>>,
    pub extend_select: Vec<crate::rules::Code>,
    pub ignore: Vec<crate::rules::Code>,
    /// Per-rule level overrides.
    pub severity: Vec<(crate::rules::Code, RuleLevel)>,
    /// Globs (relative to the root) -> rules that do not apply to matching files.
    pub per_file_ignores: Vec<(String, Vec<crate::rules::Code>)>,
    /// Rules whose fixes `--fix` never applies.
    pub unfixable: Vec<crate::rules::Code>,
}

/// `[suppressions]`.
#[derive(Debug, Clone, Default)]
pub struct SuppressionsConfig {
    /// A suppression comment without a reason after its codes suppresses nothing (and is
    /// reported as SSOT009).
    pub require_reason: bool,
}

/// Walk up from `start` looking for lint.toml, else a Cargo.toml with
/// `[workspace.metadata.ssot]` / `[package.metadata.ssot]`, else a pyproject.toml with
/// `[tool.ssot]`, in each directory from `start` upwards.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = if start.is_file() {
        start.parent().map(Path::to_path_buf)
    } else {
        Some(start)
    };
    while let Some(d) = dir {
        let candidate = d.join(CONFIG_FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        let manifest = d.join("Cargo.toml");
        if read_limited(&manifest).is_ok_and(|t| t.contains("metadata.ssot")) {
            return Some(manifest);
        }
        let pyproject = d.join(PYPROJECT);
        if read_limited(&pyproject).is_ok_and(|t| t.contains("tool.ssot")) {
            return Some(pyproject);
        }
        dir = d.parent().map(Path::to_path_buf);
    }
    None
}

/// True when `path` names a Cargo manifest (config read from its metadata table).
pub fn is_manifest(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "Cargo.toml")
}

/// Python projects keep tool configuration in `pyproject.toml`, under `[tool.ssot]`.
pub const PYPROJECT: &str = "pyproject.toml";

/// True when `path` names a `pyproject.toml` (config read from `[tool.ssot]`).
pub fn is_pyproject(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == PYPROJECT)
}

/// Read `path` as UTF-8 text: only a regular file (or a symlink to one), and at most
/// [`MAX_CONFIG_BYTES`], so `/dev/zero`, a FIFO or a huge file never hang the run.
fn read_limited(path: &Path) -> Result<String, (String, Option<String>)> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| {
        (
            format!("cannot read {shown}: {e}"),
            Some("pass an existing file with --config, or create lint.toml".into()),
        )
    })?;
    if meta.is_dir() {
        return Err((
            format!("cannot read {shown}: it is a directory"),
            Some(format!(
                "pass the config file itself, e.g. --config {}",
                path.join(CONFIG_FILE).display()
            )),
        ));
    }
    if !meta.is_file() {
        return Err((
            format!("cannot read {shown}: not a regular file"),
            Some("the config must be a regular file (not a device, FIFO or socket)".into()),
        ));
    }
    let too_big = || {
        (
            format!(
                "{shown} is larger than {} MiB, the limit for a config file",
                MAX_CONFIG_BYTES / (1024 * 1024)
            ),
            Some("lint.toml should be a few kilobytes; is this the right file?".into()),
        )
    };
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    let file = std::fs::File::open(path)
        .map_err(|e| (format!("cannot read {shown}: {e}"), None::<String>))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| (format!("cannot read {shown}: {e}"), None))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|e| {
        (
            format!(
                "cannot read {shown}: not UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            Some("save the file as UTF-8".into()),
        )
    })
}

/// Read and validate the config at `path`, including that its directories exist.
/// Every problem in the file is reported, each at its place.
pub fn load(path: &Path) -> Result<Config, Box<ConfigErrors>> {
    let text = read_limited(path).map_err(|(message, help)| {
        Box::new(ConfigErrors::one(ConfigError::new(
            path,
            &Arc::from(""),
            message,
            None,
            "",
            help,
        )))
    })?;
    parse_checked(path, &text, true)
}

/// Parse and validate config text (the file at `path`); directories are not checked.
pub fn parse(path: &Path, text: &str) -> Result<Config, Box<ConfigErrors>> {
    parse_checked(path, text, false)
}

#[path = "config_validate.rs"]
mod validate;

#[path = "config_schema.rs"]
pub mod schema;

#[path = "config_show.rs"]
pub mod show;
use validate::parse_checked;

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
