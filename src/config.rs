//! `lint.toml`: discovery, strict parsing and validation.
//!
//! Owns turning a config file into a validated [`Config`]. Every error points at its line
//! and column in lint.toml (kept as byte spans) with a did-you-mean hint where one helps,
//! and maps to exit code 2.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

pub use crate::config_error::ConfigError;
use crate::facts::Lang;
pub use crate::hint::did_you_mean;

/// The file name ssot looks for.
pub const CONFIG_FILE: &str = "lint.toml";

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

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFiles {
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    python_roots: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSymbol {
    name: Spanned<String>,
    canonical: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    facades: Vec<Spanned<String>>,
    #[serde(default)]
    copies: Copies,
    #[serde(default)]
    similarity: Option<Spanned<f64>>,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawTable {
    #[serde(rename = "enum")]
    enum_name: Spanned<String>,
    canonical: Spanned<String>,
    #[serde(default)]
    name: Option<Spanned<String>>,
    #[serde(default)]
    min_entries: Option<Spanned<i64>>,
    #[serde(default)]
    required: Vec<Spanned<String>>,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    files: RawFiles,
    #[serde(default)]
    symbol: Vec<Spanned<RawSymbol>>,
    #[serde(default)]
    table: Vec<Spanned<RawTable>>,
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
}

/// Walk up from `start` looking for lint.toml.
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
        if std::fs::read_to_string(&manifest).is_ok_and(|t| t.contains("metadata.ssot")) {
            return Some(manifest);
        }
        dir = d.parent().map(Path::to_path_buf);
    }
    None
}

/// `[workspace.metadata.ssot]` / `[package.metadata.ssot]` in a Cargo.toml: the same
/// keys as lint.toml; spans stay relative to the whole manifest.
#[derive(Debug, Deserialize)]
struct Manifest {
    workspace: Option<MetadataHolder>,
    package: Option<MetadataHolder>,
}

#[derive(Debug, Deserialize)]
struct MetadataHolder {
    metadata: Option<Metadata>,
}

#[derive(Debug, Deserialize)]
struct Metadata {
    ssot: Option<RawConfig>,
}

/// True when `path` names a Cargo manifest (config read from its metadata table).
pub fn is_manifest(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "Cargo.toml")
}

fn parse_raw(path: &Path, text: &str) -> Result<Option<RawConfig>, toml::de::Error> {
    if !is_manifest(path) {
        return toml::from_str(text).map(Some);
    }
    let m: Manifest = toml::from_str(text)?;
    let from = |h: Option<MetadataHolder>| h.and_then(|h| h.metadata).and_then(|m| m.ssot);
    Ok(from(m.workspace).or_else(|| from(m.package)))
}

/// Read and validate the config at `path`, including that its directories exist.
pub fn load(path: &Path) -> Result<Config, Box<ConfigError>> {
    let config = load_text(path)?;
    for (root, span) in config
        .files
        .python_roots
        .iter()
        .zip(&config.files.python_root_spans)
    {
        if !config.root.join(root).is_dir() {
            return Err(Box::new(ConfigError {
                path: config.path.clone(),
                text: config.text.clone(),
                source: miette::NamedSource::new(
                    config.path.display().to_string(),
                    config.text.clone(),
                ),
                message: format!("`python-roots` entry `{root}` is not a directory"),
                span: Some(span.clone()),
                label: "no such directory".into(),
                help: Some(
                    "python roots are directories relative to lint.toml, e.g. \"src\" or \".\""
                        .into(),
                ),
            }));
        }
    }
    Ok(config)
}

fn load_text(path: &Path) -> Result<Config, Box<ConfigError>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Box::new(ConfigError {
            path: path.to_path_buf(),
            text: String::new(),
            source: miette::NamedSource::new(path.display().to_string(), String::new()),
            message: format!("cannot read {}: {e}", path.display()),
            span: None,
            label: String::new(),
            help: Some("pass an existing file with --config, or create lint.toml".into()),
        })
    })?;
    parse(path, &text)
}

const TOP_KEYS: &[&str] = &["files", "symbol", "table"];
const FILES_KEYS: &[&str] = &["include", "exclude", "python-roots"];
const SYMBOL_KEYS: &[&str] = &[
    "name",
    "canonical",
    "aliases",
    "facades",
    "copies",
    "similarity",
    "reason",
];
const TABLE_KEYS: &[&str] = &[
    "enum",
    "canonical",
    "name",
    "min-entries",
    "required",
    "reason",
];

/// Parse and validate config text (the file at `path`).
pub fn parse(path: &Path, text: &str) -> Result<Config, Box<ConfigError>> {
    let err = |message: String, span: Option<Range<usize>>, label: &str, help: Option<String>| {
        Box::new(ConfigError {
            path: path.to_path_buf(),
            text: text.to_string(),
            source: miette::NamedSource::new(path.display().to_string(), text.to_string()),
            message,
            span,
            label: label.to_string(),
            help,
        })
    };
    let raw = parse_raw(path, text).map_err(|e| {
        let msg = e.message().trim().to_string();
        let help = unknown_field_hint(&msg);
        let label = if msg.starts_with("unknown field") {
            "unknown key"
        } else {
            "here"
        };
        let file = path
            .file_name()
            .map_or(CONFIG_FILE.into(), |n| n.to_string_lossy());
        err(
            format!(
                "invalid {file}: {}",
                if msg.starts_with("unknown field") {
                    first_line(&msg)
                        .split(", expected")
                        .next()
                        .unwrap_or_default()
                } else {
                    first_line(&msg)
                }
            ),
            e.span(),
            label,
            help,
        )
    })?;
    let Some(raw) = raw else {
        return Err(err(
            format!(
                "{} has no [workspace.metadata.ssot] or [package.metadata.ssot] table",
                path.display()
            ),
            None,
            "",
            Some("add the table, or put the configuration in lint.toml".into()),
        ));
    };
    // `lint.toml` given bare has the parent "": that is the current directory.
    let root = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));

    let mut files = FilesConfig::default();
    for (list, out, what) in [
        (&raw.files.include, &mut files.include, "include"),
        (&raw.files.exclude, &mut files.exclude, "exclude"),
    ] {
        for g in list {
            if let Err(e) = globset::Glob::new(g.get_ref()) {
                return Err(err(
                    format!("invalid glob in `files.{what}`: {e}"),
                    Some(g.span()),
                    "not a valid glob",
                    Some("globs use `*`, `**`, `?` and `[..]`, e.g. \"build/**\"".into()),
                ));
            }
            out.push(g.get_ref().clone());
        }
    }
    for r in &raw.files.python_roots {
        if Path::new(r.get_ref()).is_absolute() || r.get_ref().split('/').any(|p| p == "..") {
            return Err(err(
                format!("`python-roots` entry `{}` leaves the project", r.get_ref()),
                Some(r.span()),
                "must be a directory inside the project",
                Some("python roots are relative to lint.toml, e.g. \"src\" or \".\"".into()),
            ));
        }
        files.python_roots.push(r.get_ref().clone());
        files.python_root_spans.push(r.span());
    }
    if files.python_roots.is_empty() {
        files.python_roots.push(".".into());
    }

    let mut symbols = Vec::new();
    for entry in &raw.symbol {
        let s = entry.get_ref();
        let name = check_ident(&s.name, "name", &err)?;
        let (canonical, langs) = check_module(&s.canonical, "canonical", &err)?;
        let mut aliases: Vec<String> = Vec::new();
        for a in &s.aliases {
            let alias = check_ident(a, "aliases", &err)?;
            if alias == name || aliases.contains(&alias) {
                return Err(err(
                    format!("alias `{alias}` is listed twice for `{name}`"),
                    Some(a.span()),
                    "repeated name",
                    Some(
                        "`aliases` lists the other names copies were known under; remove this one"
                            .into(),
                    ),
                ));
            }
            aliases.push(alias);
        }
        let mut facades = Vec::new();
        for f in &s.facades {
            let (m, facade_langs) = check_module(f, "facades", &err)?;
            // A single-segment facade (a Rust crate root, a Python top-level package)
            // fits either language.
            if !facade_langs.iter().any(|l| langs.contains(l)) {
                return Err(err(
                    format!("facade `{m}` is not in the same language as `{canonical}`"),
                    Some(f.span()),
                    "other language",
                    Some(format!(
                        "`canonical` is written as a {} module path",
                        langs
                            .iter()
                            .map(|l| l.frontend().name())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )),
                ));
            }
            facades.push(m);
        }
        let similarity = match &s.similarity {
            None => 0.85,
            Some(v) => {
                let x = *v.get_ref();
                if !(0.0..=1.0).contains(&x) {
                    return Err(err(
                        format!("`similarity` must be between 0.0 and 1.0, got {x}"),
                        Some(v.span()),
                        "out of range",
                        Some("0.85 is a good start: 1.0 means identical bodies only".into()),
                    ));
                }
                x
            }
        };
        symbols.push(SymbolConfig {
            name,
            canonical,
            aliases,
            facades,
            copies: s.copies,
            similarity,
            reason: s.reason.clone(),
            langs,
            span: entry.span(),
            name_span: s.name.span(),
            canonical_span: s.canonical.span(),
        });
    }
    for (i, a) in symbols.iter().enumerate() {
        for b in symbols
            .iter()
            .filter(|b| b.langs == a.langs && !std::ptr::eq(*b, a))
        {
            if b.aliases.contains(&a.name) {
                return Err(err(
                    format!("`{}` is both a symbol and an alias of `{}`", a.name, b.name),
                    Some(a.name_span.clone()),
                    "also an alias",
                    Some("a name can belong to one symbol only: remove it from the other's `aliases`".into()),
                ));
            }
        }
        for b in &symbols[..i] {
            if a.name == b.name && a.langs == b.langs {
                return Err(err(
                    format!("symbol `{}` is declared twice", a.name),
                    Some(a.name_span.clone()),
                    "second declaration",
                    Some("merge the two [[symbol]] entries into one".into()),
                ));
            }
        }
    }

    let mut tables = Vec::new();
    for entry in &raw.table {
        let t = entry.get_ref();
        let enum_name = check_ident(&t.enum_name, "enum", &err)?;
        let (canonical, langs) = check_module(&t.canonical, "canonical", &err)?;
        let name = match &t.name {
            Some(n) => Some(check_ident(n, "name", &err)?),
            None => None,
        };
        let min_entries = match &t.min_entries {
            None => 3,
            Some(v) => {
                let x = *v.get_ref();
                if x < 1 {
                    return Err(err(
                        format!("`min-entries` must be at least 1, got {x}"),
                        Some(v.span()),
                        "too small",
                        Some("a table needs at least one entry; 3 is the default".into()),
                    ));
                }
                x as usize
            }
        };
        let mut required = Vec::new();
        let mut required_spans = Vec::new();
        for r in &t.required {
            if r.get_ref().is_empty() {
                return Err(err(
                    "empty string in `required`".into(),
                    Some(r.span()),
                    "empty key",
                    Some("remove it, or write the key the table must carry".into()),
                ));
            }
            if required.contains(r.get_ref()) {
                return Err(err(
                    format!("required key \"{}\" is listed twice", r.get_ref()),
                    Some(r.span()),
                    "repeated key",
                    Some("remove the repetition".into()),
                ));
            }
            required.push(r.get_ref().clone());
            required_spans.push(r.span());
        }
        tables.push(TableConfig {
            langs,
            enum_name,
            canonical,
            name,
            min_entries,
            required,
            reason: t.reason.clone(),
            span: entry.span(),
            canonical_span: t.canonical.span(),
            name_span: t.name.as_ref().map_or(t.enum_name.span(), |n| n.span()),
            enum_span: t.enum_name.span(),
            required_spans,
        });
    }

    Ok(Config {
        path: path.to_path_buf(),
        root,
        text: text.to_string(),
        files,
        symbols,
        tables,
    })
}

type ErrFn<'a> =
    dyn Fn(String, Option<Range<usize>>, &str, Option<String>) -> Box<ConfigError> + 'a;

use crate::lang::is_ident;

fn check_ident(v: &Spanned<String>, key: &str, err: &ErrFn) -> Result<String, Box<ConfigError>> {
    let s = v.get_ref().trim();
    if s.is_empty() {
        return Err(err(
            format!("`{key}` must not be empty"),
            Some(v.span()),
            "empty",
            Some(format!(
                "write the identifier, e.g. {key} = \"format_amount\""
            )),
        ));
    }
    if !is_ident(s) {
        return Err(err(
            format!("`{key}` must be a plain identifier, got `{s}`"),
            Some(v.span()),
            "not an identifier",
            Some("put the module path in `canonical` and only the name here".into()),
        ));
    }
    Ok(s.to_string())
}

fn check_module(
    v: &Spanned<String>,
    key: &str,
    err: &ErrFn,
) -> Result<(String, Vec<Lang>), Box<ConfigError>> {
    let s = v.get_ref().trim();
    if s.is_empty() {
        return Err(err(
            format!("`{key}` must not be empty"),
            Some(v.span()),
            "empty",
            Some("write a module path: `pkg.module` (Python) or `my_crate::module` (Rust)".into()),
        ));
    }
    match crate::lang::module_path_langs(s) {
        Ok(langs) => Ok((s.to_string(), langs)),
        Err(hint) => Err(err(
            format!("`{key}` is not a valid module path: `{s}`"),
            Some(v.span()),
            "not a module path",
            Some(hint),
        )),
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// "unknown field `simlarity`, expected one of ..." -> "did you mean `similarity`?"
fn unknown_field_hint(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let field = &rest[..rest.find('`')?];
    let all: Vec<&str> = TOP_KEYS
        .iter()
        .chain(FILES_KEYS)
        .chain(SYMBOL_KEYS)
        .chain(TABLE_KEYS)
        .copied()
        .collect();
    // Prefer the keys serde says are expected here.
    let mut expected: Vec<&str> = Vec::new();
    for k in all
        .iter()
        .copied()
        .filter(|k| msg.contains(&format!("`{k}`")))
    {
        if !expected.contains(&k) {
            expected.push(k);
        }
    }
    let pool = if expected.is_empty() { &all } else { &expected };
    let best = did_you_mean(field, pool);
    let list = pool
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(match best {
        Some(b) => format!("did you mean `{b}`? (valid keys here: {list})"),
        None => format!("valid keys here: {list}"),
    })
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
