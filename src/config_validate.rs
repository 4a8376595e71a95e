//! Validating lint.toml by hand over toml's span-keeping document, collecting every
//! problem (see the parent module's doc).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::*;
use crate::lang::is_ident;

pub(super) const TOP_KEYS: &[&str] = &[
    "files",
    "symbol",
    "table",
    "guard",
    "rules",
    "suppressions",
    "baseline",
];
pub(super) const RULES_KEYS: &[&str] = &[
    "select",
    "extend-select",
    "ignore",
    "severity",
    "per-file-ignores",
    "unfixable",
];
pub(super) const FILES_KEYS: &[&str] = &["include", "exclude", "python-roots"];
pub(super) const SYMBOL_KEYS: &[&str] = &[
    "name",
    "canonical",
    "aliases",
    "facades",
    "copies",
    "similarity",
    "min-tokens",
    "reason",
];
pub(super) const TABLE_KEYS: &[&str] = &[
    "enum",
    "canonical",
    "name",
    "min-entries",
    "required",
    "reason",
];
pub(super) const GUARD_KEYS: &[&str] = &["values", "through", "safe-attributes", "sinks", "reason"];
/// `[[guard]] safe-attributes` when not given.
const SAFE_ATTRIBUTES: &[&str] = &["name", "value"];
const COPIES: &[(&str, Copies)] = &[
    ("off", Copies::Off),
    ("exact", Copies::Exact),
    ("renamed", Copies::Renamed),
    ("near", Copies::Near),
];

pub(super) fn parse_checked(
    path: &Path,
    text: &str,
    check_dirs: bool,
) -> Result<Config, Box<ConfigErrors>> {
    // `lint.toml` given bare has the parent "": that is the current directory.
    let root = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut v = Validator {
        path,
        text: Arc::from(text),
        file: path
            .file_name()
            .map_or(CONFIG_FILE.into(), |n| n.to_string_lossy().into_owned()),
        root: root.clone(),
        check_dirs,
        errors: Vec::new(),
        suggested: Vec::new(),
        extra: Default::default(),
    };
    let (doc, mut syntax) = DeTable::parse_recoverable(text);
    // The parser's recovery can report several errors for one mistake: keep the first
    // of each line.
    syntax.sort_by_key(|e| e.span().map(|s| (s.start, s.end)));
    let mut syntax_lines = HashSet::new();
    syntax.retain(|e| {
        e.span()
            .is_none_or(|s| syntax_lines.insert(line_of(text, s.start)))
    });
    for e in &syntax {
        let msg = e.message().trim();
        v.error(
            format!("invalid {}: {}", v.file, first_line(msg)),
            e.span(),
            "TOML syntax error",
            Some("see https://toml.io for the syntax".into()),
        );
    }
    let n_syntax = v.errors.len();
    let ssot = if is_manifest(path) {
        v.manifest_table(doc.get_ref())
    } else if is_pyproject(path) {
        v.tool_table(doc.get_ref())
    } else {
        Some(doc.get_ref())
    };
    let (files, symbols, tables, guards, rules) = match ssot {
        Some(t) => v.config(t),
        None if n_syntax == 0 => {
            v.error(
                if is_pyproject(path) {
                    format!("{} has no [tool.ssot] table", path.display())
                } else {
                    format!(
                        "{} has no [workspace.metadata.ssot] or [package.metadata.ssot] table",
                        path.display()
                    )
                },
                None,
                "",
                Some("add the table, or put the configuration in lint.toml".into()),
            );
            Default::default()
        }
        None => Default::default(),
    };
    if n_syntax > 0 {
        // What the parser recovered is partial: keep only the schema errors on lines
        // without a syntax error, and no "missing key" (the key may be the broken line).
        let mut kept: Vec<ConfigError> = v.errors.drain(..n_syntax).collect();
        kept.extend(v.errors.drain(..).filter(|e| {
            e.span
                .as_ref()
                .is_some_and(|s| !syntax_lines.contains(&line_of(text, s.start)))
                && !e.label.starts_with("missing")
        }));
        v.errors = kept;
    }
    if !v.errors.is_empty() {
        let mut errors = ConfigErrors {
            errors: std::mem::take(&mut v.errors),
        };
        errors.sort();
        return Err(Box::new(errors));
    }
    Ok(Config {
        path: path.to_path_buf(),
        root,
        text: text.to_string(),
        files,
        symbols,
        tables,
        guards,
        rules,
        suppressions: v.extra.suppressions.clone(),
        baseline: v.extra.baseline.as_ref().map(|b| v.root.join(b)),
    })
}

/// `a.b::c` -> `["a", "b", "c"]` (either separator; empty segments kept, so they fail
/// the identifier check).
fn split_chain(s: &str) -> Vec<String> {
    if s.trim().is_empty() {
        return Vec::new();
    }
    s.trim()
        .replace("::", ".")
        .split('.')
        .map(|x| x.trim().to_string())
        .collect()
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    memchr::memchr_iter(b'\n', &text.as_bytes()[..end]).count()
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

type Value<'i> = Spanned<DeValue<'i>>;

/// A value's type in words: "a string", "a list", ...
fn kind(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// Walks the parsed document by hand, collecting every problem instead of stopping at
/// the first. Each check is linear in the size of the file.
struct Validator<'p> {
    path: &'p Path,
    text: Arc<str>,
    /// The file name, for messages: `lint.toml` or `Cargo.toml`.
    file: String,
    root: PathBuf,
    check_dirs: bool,
    errors: Vec<ConfigError>,
    /// The did-you-mean keys of the table [`Validator::entries`] last looked at.
    suggested: Vec<&'static str>,
    /// `[suppressions]` and `baseline` (validated in `config_extra.rs`).
    extra: extra::Extra,
}

#[path = "config_extra.rs"]
pub(super) mod extra;

/// A `[[symbol]]` with the spans of its aliases, for the cross-symbol checks.
struct SymbolDraft {
    cfg: SymbolConfig,
    alias_spans: Vec<Range<usize>>,
}

impl<'p> Validator<'p> {
    fn error(
        &mut self,
        message: String,
        span: Option<Range<usize>>,
        label: &str,
        help: Option<String>,
    ) {
        self.errors.push(ConfigError::new(
            self.path, &self.text, message, span, label, help,
        ));
    }

    fn wrong_type(&mut self, key: &str, v: &Value, expected: &str, help: Option<String>) {
        self.error(
            format!(
                "invalid {}: wrong type for `{key}`: expected {expected}, found {}",
                self.file,
                kind(v.get_ref())
            ),
            Some(v.span()),
            &format!("expected {expected}"),
            help,
        );
    }

    /// The entries of `table`, reporting keys not in `allowed` (with a did-you-mean).
    fn entries<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        allowed: &'static [&'static str],
        place: &str,
    ) -> Vec<(&'t str, &'t Value<'i>)> {
        let mut out = Vec::with_capacity(table.len());
        self.suggested.clear();
        for (k, v) in table.iter() {
            let key: &str = k.get_ref();
            if allowed.contains(&key) {
                out.push((key, v));
                continue;
            }
            let list = allowed
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let help = match did_you_mean(key, allowed) {
                Some(b) => {
                    self.suggested.push(b);
                    format!("did you mean `{b}`? (valid keys here: {list})")
                }
                None => format!("valid keys here: {list}"),
            };
            self.error(
                format!("invalid {}: unknown key `{key}` in {place}", self.file),
                Some(k.span()),
                "unknown key",
                Some(help),
            );
        }
        out
    }

    /// `[tool.ssot]` in a pyproject.toml.
    fn tool_table<'t, 'i>(&mut self, doc: &'t DeTable<'i>) -> Option<&'t DeTable<'i>> {
        let (_, tool) = doc.iter().find(|(k, _)| k.get_ref() == "tool")?;
        let DeValue::Table(tool) = tool.get_ref() else {
            return None;
        };
        let (_, ssot) = tool.iter().find(|(k, _)| k.get_ref() == "ssot")?;
        match ssot.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type("tool.ssot", ssot, "a table", None);
                None
            }
        }
    }

    /// `[workspace.metadata.ssot]`, else `[package.metadata.ssot]`, in a Cargo manifest.
    fn manifest_table<'t, 'i>(&mut self, doc: &'t DeTable<'i>) -> Option<&'t DeTable<'i>> {
        for top in ["workspace", "package"] {
            let mut t = doc;
            let mut found = true;
            for key in [top, "metadata", "ssot"] {
                let Some((_, v)) = t.iter().find(|(k, _)| k.get_ref() == key) else {
                    found = false;
                    break;
                };
                match v.get_ref() {
                    DeValue::Table(inner) => t = inner,
                    _ => {
                        let at = format!("{top}.metadata.ssot");
                        if key == "ssot" {
                            self.wrong_type(&at, v, "a table", None);
                        }
                        found = false;
                        break;
                    }
                }
            }
            if found {
                return Some(t);
            }
        }
        None
    }

    fn config(
        &mut self,
        doc: &DeTable,
    ) -> (
        FilesConfig,
        Vec<SymbolConfig>,
        Vec<TableConfig>,
        Vec<GuardConfig>,
        RulesConfig,
    ) {
        let mut rules = RulesConfig::default();
        let mut files = FilesConfig::default();
        let mut symbols = Vec::new();
        let mut tables = Vec::new();
        let mut guards = Vec::new();
        for (key, v) in self.entries(doc, TOP_KEYS, "the top level") {
            match key {
                "files" => match v.get_ref() {
                    DeValue::Table(t) => files = self.files(t),
                    _ => self.wrong_type(
                        "files",
                        v,
                        "a table",
                        Some("write it as a [files] section".into()),
                    ),
                },
                "symbol" => {
                    for entry in self.array_of_tables("symbol", v) {
                        if let Some(s) = self.symbol(entry) {
                            symbols.push(s);
                        }
                    }
                }
                "rules" => match v.get_ref() {
                    DeValue::Table(t) => rules = self.rules(t),
                    _ => self.wrong_type(
                        "rules",
                        v,
                        "a table",
                        Some("write it as a [rules] section".into()),
                    ),
                },
                "suppressions" | "baseline" => self.extra(key, v),
                "guard" => {
                    for entry in self.array_of_tables("guard", v) {
                        if let Some(g) = self.guard(entry) {
                            guards.push(g);
                        }
                    }
                }
                _ => {
                    for entry in self.array_of_tables("table", v) {
                        if let Some(t) = self.table(entry) {
                            tables.push(t);
                        }
                    }
                }
            }
        }
        if files.python_roots.is_empty() {
            files.python_roots.push(".".into());
        }
        let symbols = self.cross_check_symbols(symbols);
        (files, symbols, tables, guards, rules)
    }

    /// `[rules]`.
    fn rules(&mut self, t: &DeTable) -> RulesConfig {
        let mut out = RulesConfig::default();
        for (key, v) in self.entries(t, RULES_KEYS, "[rules]") {
            match key {
                "select" => out.select = Some(self.rule_list(key, v)),
                "extend-select" => out.extend_select = self.rule_list(key, v),
                "ignore" => out.ignore = self.rule_list(key, v),
                "unfixable" => out.unfixable = self.rule_list(key, v),
                "severity" => {
                    let DeValue::Table(levels) = v.get_ref() else {
                        self.wrong_type(
                            key,
                            v,
                            "a table of rule = level",
                            Some("write severity = { SSOT002 = \"warning\" }".into()),
                        );
                        continue;
                    };
                    for (k, level) in levels.iter() {
                        let codes = self.selector(k.get_ref(), k.span());
                        let lvl = match level.get_ref() {
                            DeValue::String(l) => match l.as_ref() {
                                "error" => Some(RuleLevel::Error),
                                "warning" => Some(RuleLevel::Warning),
                                "off" => Some(RuleLevel::Off),
                                other => {
                                    self.error(
                                        format!("unknown level \"{other}\" for `{}`", k.get_ref()),
                                        Some(level.span()),
                                        "unknown level",
                                        Some("write \"error\", \"warning\" or \"off\"".into()),
                                    );
                                    None
                                }
                            },
                            _ => {
                                self.wrong_type(
                                    k.get_ref(),
                                    level,
                                    "\"error\", \"warning\" or \"off\"",
                                    None,
                                );
                                None
                            }
                        };
                        if let Some(lvl) = lvl {
                            out.severity.extend(codes.into_iter().map(|c| (c, lvl)));
                        }
                    }
                }
                _ => {
                    let DeValue::Table(globs) = v.get_ref() else {
                        self.wrong_type(
                            key,
                            v,
                            "a table of glob = [rules]",
                            Some(
                                "write per-file-ignores = { \"tests/**\" = [\"SSOT003\"] }".into(),
                            ),
                        );
                        continue;
                    };
                    for (glob, codes) in globs.iter() {
                        let g: &str = glob.get_ref();
                        if let Err(e) = globset::Glob::new(g) {
                            self.error(
                                format!("invalid glob `{g}` in `per-file-ignores`: {e}"),
                                Some(glob.span()),
                                "invalid glob",
                                Some(
                                    "write a path glob relative to lint.toml, e.g. \"tests/**\""
                                        .into(),
                                ),
                            );
                            continue;
                        }
                        let codes = self.rule_list(g, codes);
                        out.per_file_ignores.push((g.to_string(), codes));
                    }
                }
            }
        }
        out
    }

    /// A list of rule selectors (`SSOT003`, `non-canonical-import`, a prefix such as
    /// `SSOT00`, or `ALL`), each reported at its place when unknown.
    fn rule_list(&mut self, key: &str, v: &Value) -> Vec<crate::rules::Code> {
        let mut out = Vec::new();
        for item in self.strings(key, v) {
            out.extend(self.selector(item.get_ref(), item.span()));
        }
        out
    }

    fn selector(&mut self, s: &str, span: Range<usize>) -> Vec<crate::rules::Code> {
        if let Some(codes) = crate::rules::select(s) {
            return codes;
        }
        let known: Vec<&str> = crate::rules::RULES
            .iter()
            .flat_map(|r| [r.id, r.name])
            .collect();
        let help = match did_you_mean(s, &known) {
            Some(b) => format!("did you mean `{b}`?"),
            None => "write a rule code (`SSOT003`), a name (`non-canonical-import`), a code prefix (`SSOT00`) or `ALL`; `ssot rule` lists them".into(),
        };
        self.error(
            format!("unknown rule `{s}`"),
            Some(span),
            "unknown rule",
            Some(help),
        );
        Vec::new()
    }

    fn array_of_tables<'t, 'i>(&mut self, key: &str, v: &'t Value<'i>) -> Vec<&'t Value<'i>> {
        let help = || {
            Some(format!(
                "write each entry as a [[{key}]] section (double brackets)"
            ))
        };
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter(|item| {
                    let ok = item.get_ref().is_table();
                    if !ok {
                        self.wrong_type(key, item, "a table", help());
                    }
                    ok
                })
                .collect(),
            _ => {
                self.wrong_type(key, v, "a list of tables", help());
                Vec::new()
            }
        }
    }

    fn string(&mut self, key: &str, v: &Value) -> Option<Spanned<String>> {
        match v.get_ref() {
            DeValue::String(s) => Some(Spanned::new(v.span(), s.to_string())),
            _ => {
                self.wrong_type(key, v, "a string", None);
                None
            }
        }
    }

    fn strings(&mut self, key: &str, v: &Value) -> Vec<Spanned<String>> {
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => out.push(Spanned::new(item.span(), s.to_string())),
                        _ => self.wrong_type(key, item, "a string in the list", None),
                    }
                }
                out
            }
            DeValue::String(s) => {
                self.wrong_type(
                    key,
                    v,
                    "a list of strings",
                    Some(format!("write {key} = [\"{s}\"]")),
                );
                Vec::new()
            }
            _ => {
                self.wrong_type(key, v, "a list of strings", None);
                Vec::new()
            }
        }
    }

    fn ident(&mut self, v: &Spanned<String>, key: &str) -> Option<String> {
        let s = v.get_ref().trim();
        if s.is_empty() {
            self.error(
                format!("`{key}` must not be empty"),
                Some(v.span()),
                "empty",
                Some(format!(
                    "write the identifier, e.g. {key} = \"format_amount\""
                )),
            );
            return None;
        }
        if !is_ident(s) {
            self.error(
                format!("`{key}` must be a plain identifier, got `{s}`"),
                Some(v.span()),
                "not an identifier",
                Some(match key {
                    "through" => "write the helper's name only (`safe_state`, not `pkg.safe_state`): ssot finds where it is defined".into(),
                    "safe-attributes" => "write attribute names only, e.g. safe-attributes = [\"name\", \"value\"]".into(),
                    _ => "put the module path in `canonical` and only the name here".into(),
                }),
            );
            return None;
        }
        Some(s.to_string())
    }

    fn module(&mut self, v: &Spanned<String>, key: &str) -> Option<(String, Vec<Lang>)> {
        let s = v.get_ref().trim();
        if s.is_empty() {
            self.error(
                format!("`{key}` must not be empty"),
                Some(v.span()),
                "empty",
                Some(
                    "write a module path: `pkg.module` (Python) or `my_crate::module` (Rust)"
                        .into(),
                ),
            );
            return None;
        }
        match crate::lang::module_path_langs(s) {
            Ok(langs) => Some((s.to_string(), langs)),
            Err(hint) => {
                self.error(
                    format!("`{key}` is not a valid module path: `{s}`"),
                    Some(v.span()),
                    "not a module path",
                    Some(hint),
                );
                None
            }
        }
    }

    /// A required key absent from the `[[section]]` at `header` (unless a misspelling
    /// of it was already reported: one mistake, one error).
    fn missing(&mut self, section: &str, key: &str, header: &Range<usize>, example: &str) {
        if self.suggested.contains(&key) {
            return;
        }
        self.error(
            format!("`[[{section}]]` is missing `{key}`"),
            Some(header.clone()),
            &format!("missing `{key}`"),
            Some(format!("add {key} = {example}")),
        );
    }

    fn files(&mut self, t: &DeTable) -> FilesConfig {
        let mut files = FilesConfig::default();
        for (key, v) in self.entries(t, FILES_KEYS, "[files]") {
            let list = self.strings(key, v);
            match key {
                "include" | "exclude" => {
                    for g in list {
                        if let Err(e) = globset::Glob::new(g.get_ref()) {
                            self.error(
                                format!("invalid glob in `files.{key}`: {}", e.kind()),
                                Some(g.span()),
                                "not a valid glob",
                                Some(
                                    "globs use `*`, `**`, `?` and `[..]`, e.g. \"build/**\"".into(),
                                ),
                            );
                            continue;
                        }
                        let out = if key == "include" {
                            &mut files.include
                        } else {
                            &mut files.exclude
                        };
                        out.push(g.into_inner());
                    }
                }
                _ => {
                    for r in list {
                        let dir = r.get_ref();
                        if Path::new(dir).is_absolute() || dir.split('/').any(|p| p == "..") {
                            self.error(
                                format!("`python-roots` entry `{dir}` leaves the project"),
                                Some(r.span()),
                                "must be a directory inside the project",
                                Some(
                                    "python roots are relative to lint.toml, e.g. \"src\" or \".\""
                                        .into(),
                                ),
                            );
                            continue;
                        }
                        if self.check_dirs && !self.root.join(dir).is_dir() {
                            self.error(
                                format!("`python-roots` entry `{dir}` is not a directory"),
                                Some(r.span()),
                                "no such directory",
                                Some(
                                    "python roots are directories relative to lint.toml, e.g. \"src\" or \".\""
                                        .into(),
                                ),
                            );
                        }
                        files.python_root_spans.push(r.span());
                        files.python_roots.push(r.into_inner());
                    }
                }
            }
        }
        files
    }

    fn symbol(&mut self, entry: &Value) -> Option<SymbolDraft> {
        let DeValue::Table(t) = entry.get_ref() else {
            return None;
        };
        let header = entry.span();
        let (mut name, mut canonical) = (None, None);
        let (mut aliases, mut facades) = (Vec::new(), Vec::new());
        let (mut copies, mut similarity, mut reason) = (Copies::default(), 0.85, None);
        let mut min_tokens = DEFAULT_MIN_TOKENS;
        for (key, v) in self.entries(t, SYMBOL_KEYS, "[[symbol]]") {
            match key {
                "name" => name = Some(self.string(key, v)),
                "canonical" => canonical = Some(self.string(key, v)),
                "aliases" => aliases = self.strings(key, v),
                "facades" => facades = self.strings(key, v),
                "copies" => copies = self.copies(v).unwrap_or_default(),
                "similarity" => similarity = self.similarity(v).unwrap_or(0.85),
                "min-tokens" => min_tokens = self
                    .at_least_one(
                        "min-tokens",
                        v,
                        "24 is the default (about 12 source tokens): smaller bodies never match",
                    )
                    .unwrap_or(DEFAULT_MIN_TOKENS),
                _ => reason = self.string(key, v).map(Spanned::into_inner),
            }
        }
        if name.is_none() {
            self.missing("symbol", "name", &header, "\"format_amount\"");
        }
        if canonical.is_none() {
            self.missing("symbol", "canonical", &header, "\"pkg.module\"");
        }
        let name_v = name.flatten();
        let name = name_v.as_ref().and_then(|n| self.ident(n, "name"));
        let canonical_v = canonical.flatten();
        let module = canonical_v
            .as_ref()
            .and_then(|c| self.module(c, "canonical"));

        let mut seen: HashSet<String> = name.iter().cloned().collect();
        let mut alias_names = Vec::with_capacity(aliases.len());
        let mut alias_spans = Vec::with_capacity(aliases.len());
        for a in &aliases {
            let Some(alias) = self.ident(a, "aliases") else {
                continue;
            };
            if !seen.insert(alias.clone()) {
                self.error(
                    format!(
                        "alias `{alias}` is listed twice for `{}`",
                        name.as_deref().unwrap_or("this symbol")
                    ),
                    Some(a.span()),
                    "repeated name",
                    Some(
                        "`aliases` lists the other names copies were known under; remove this one"
                            .into(),
                    ),
                );
                continue;
            }
            alias_names.push(alias);
            alias_spans.push(a.span());
        }
        let mut facade_paths = Vec::with_capacity(facades.len());
        for f in &facades {
            let Some((m, facade_langs)) = self.module(f, "facades") else {
                continue;
            };
            // A single-segment facade (a Rust crate root, a Python top-level package)
            // fits either language.
            if let Some((canonical, langs)) = &module
                && !facade_langs.iter().any(|l| langs.contains(l))
            {
                self.error(
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
                );
                continue;
            }
            facade_paths.push(m);
        }
        let (name, (canonical, langs)) = (name?, module?);
        Some(SymbolDraft {
            cfg: SymbolConfig {
                name,
                canonical,
                aliases: alias_names,
                facades: facade_paths,
                copies,
                similarity,
                min_tokens,
                reason,
                langs,
                span: header,
                name_span: name_v?.span(),
                canonical_span: canonical_v?.span(),
            },
            alias_spans,
        })
    }

    fn copies(&mut self, v: &Value) -> Option<Copies> {
        let names: Vec<&str> = COPIES.iter().map(|(n, _)| *n).collect();
        let expected = format!(
            "one of {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let DeValue::String(s) = v.get_ref() else {
            self.wrong_type("copies", v, &expected, None);
            return None;
        };
        if let Some((_, c)) = COPIES.iter().find(|(n, _)| *n == s.as_ref()) {
            return Some(*c);
        }
        self.error(
            format!(
                "invalid {}: unknown value \"{s}\" for `copies`: expected {expected}",
                self.file
            ),
            Some(v.span()),
            "unknown value",
            Some(match did_you_mean(s, &names) {
                Some(b) => format!("did you mean `{b}`?"),
                None => "`near` (the default) finds renamed copies with small edits".into(),
            }),
        );
        None
    }

    fn similarity(&mut self, v: &Value) -> Option<f64> {
        let expected = "a number between 0.0 and 1.0";
        let x = match v.get_ref() {
            DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|i| i as f64),
            _ => {
                self.wrong_type("similarity", v, expected, None);
                return None;
            }
        };
        match x {
            Some(x) if (0.0..=1.0).contains(&x) => Some(x),
            _ => {
                let shown = &self.text[v.span()];
                self.error(
                    format!("`similarity` must be between 0.0 and 1.0, got {shown}"),
                    Some(v.span()),
                    "out of range",
                    Some("0.85 is a good start: 1.0 means identical bodies only".into()),
                );
                None
            }
        }
    }

    /// A name is one symbol's only (per language): no second `[[symbol]]` with the same
    /// name, no alias that is another symbol's name or alias. Linear: hash maps, not
    /// pairwise comparison.
    fn cross_check_symbols(&mut self, drafts: Vec<SymbolDraft>) -> Vec<SymbolConfig> {
        let mut names: HashMap<(&str, &[Lang]), usize> = HashMap::with_capacity(drafts.len());
        let mut aliases: HashMap<(&str, &[Lang]), usize> = HashMap::new();
        let mut problems = Vec::new();
        for (i, d) in drafts.iter().enumerate() {
            let s = &d.cfg;
            if names.insert((&s.name, &s.langs), i).is_some() {
                problems.push((
                    format!("symbol `{}` is declared twice", s.name),
                    s.name_span.clone(),
                    "second declaration",
                    "merge the two [[symbol]] entries into one",
                ));
            }
            for (a, span) in s.aliases.iter().zip(&d.alias_spans) {
                if let Some(&j) = aliases.get(&(a.as_str(), s.langs.as_slice())) {
                    problems.push((
                        format!(
                            "alias `{a}` is listed for both `{}` and `{}`",
                            drafts[j].cfg.name, s.name
                        ),
                        span.clone(),
                        "repeated alias",
                        "a name can belong to one symbol only: keep it in one `aliases` list",
                    ));
                } else {
                    aliases.insert((a, &s.langs), i);
                }
            }
        }
        for (i, d) in drafts.iter().enumerate() {
            let s = &d.cfg;
            if let Some(&j) = aliases.get(&(s.name.as_str(), s.langs.as_slice()))
                && j != i
            {
                problems.push((
                    format!(
                        "`{}` is both a symbol and an alias of `{}`",
                        s.name, drafts[j].cfg.name
                    ),
                    s.name_span.clone(),
                    "also an alias",
                    "a name can belong to one symbol only: remove it from the other's `aliases`",
                ));
            }
        }
        for (message, span, label, help) in problems {
            self.error(message, Some(span), label, Some(help.into()));
        }
        drafts.into_iter().map(|d| d.cfg).collect()
    }

    fn table(&mut self, entry: &Value) -> Option<TableConfig> {
        let DeValue::Table(t) = entry.get_ref() else {
            return None;
        };
        let header = entry.span();
        let (mut enum_v, mut canonical, mut name) = (None, None, None);
        let (mut min_entries, mut required, mut reason) = (3, Vec::new(), None);
        for (key, v) in self.entries(t, TABLE_KEYS, "[[table]]") {
            match key {
                "enum" => enum_v = Some(self.string(key, v)),
                "canonical" => canonical = Some(self.string(key, v)),
                "name" => name = self.string(key, v),
                "min-entries" => min_entries = self.min_entries(v).unwrap_or(3),
                "required" => required = self.strings(key, v),
                _ => reason = self.string(key, v).map(Spanned::into_inner),
            }
        }
        if enum_v.is_none() {
            self.missing("table", "enum", &header, "\"MessageType\"");
        }
        if canonical.is_none() {
            self.missing("table", "canonical", &header, "\"pkg.module\"");
        }
        let enum_v = enum_v.flatten();
        let enum_name = enum_v.as_ref().and_then(|e| self.ident(e, "enum"));
        let canonical_v = canonical.flatten();
        let module = canonical_v
            .as_ref()
            .and_then(|c| self.module(c, "canonical"));
        let table_name = name.as_ref().map(|n| self.ident(n, "name"));
        let name_ok = !matches!(table_name, Some(None));
        let mut seen = HashSet::with_capacity(required.len());
        let mut keys = Vec::with_capacity(required.len());
        let mut required_spans = Vec::with_capacity(required.len());
        for r in required {
            if r.get_ref().is_empty() {
                self.error(
                    "empty string in `required`".into(),
                    Some(r.span()),
                    "empty key",
                    Some("remove it, or write the key the table must carry".into()),
                );
                continue;
            }
            if !seen.insert(r.get_ref().clone()) {
                self.error(
                    format!("required key \"{}\" is listed twice", r.get_ref()),
                    Some(r.span()),
                    "repeated key",
                    Some("remove the repetition".into()),
                );
                continue;
            }
            required_spans.push(r.span());
            keys.push(r.into_inner());
        }
        let (enum_name, (canonical, langs)) = (enum_name?, module?);
        let enum_span = enum_v?.span();
        if !name_ok {
            return None;
        }
        Some(TableConfig {
            enum_name,
            canonical,
            name: table_name.flatten(),
            min_entries,
            required: keys,
            reason,
            langs,
            span: header,
            canonical_span: canonical_v?.span(),
            name_span: name.as_ref().map_or(enum_span.clone(), |n| n.span()),
            enum_span,
            required_spans,
        })
    }

    fn guard(&mut self, entry: &Value) -> Option<GuardConfig> {
        let DeValue::Table(t) = entry.get_ref() else {
            return None;
        };
        let header = entry.span();
        let (mut values, mut through) = (None, None);
        let (mut safe, mut sinks, mut reason) = (None, Vec::new(), None);
        for (key, v) in self.entries(t, GUARD_KEYS, "[[guard]]") {
            match key {
                "values" => values = Some((self.strings(key, v), v.span())),
                "through" => through = Some((self.strings(key, v), v.span())),
                "safe-attributes" => safe = Some(self.strings(key, v)),
                "sinks" => sinks = self.strings(key, v),
                _ => reason = self.string(key, v).map(Spanned::into_inner),
            }
        }
        if values.is_none() {
            self.missing("guard", "values", &header, "[\"*.client_state\"]");
        }
        if through.is_none() {
            self.missing("guard", "through", &header, "[\"safe_state_for_logging\"]");
        }
        let mut ok = values.is_some() && through.is_some();
        let mut patterns = Vec::new();
        for v in values.iter().flat_map(|(v, _)| v) {
            match self.value_pattern(v) {
                Some(p) => patterns.push(p),
                None => ok = false,
            }
        }
        if let Some((values, at)) = &values
            && values.is_empty()
        {
            self.error(
                "`values` must list at least one value".into(),
                Some(at.clone()),
                "empty list",
                Some("write values = [\"*.client_state\"] or the enum's name".into()),
            );
            ok = false;
        }
        let (mut names, mut spans) = (Vec::new(), Vec::new());
        for v in through.iter().flat_map(|(v, _)| v) {
            match self.ident(v, "through") {
                Some(n) => {
                    names.push(n);
                    spans.push(v.span());
                }
                None => ok = false,
            }
        }
        if let Some((list, at)) = &through
            && list.is_empty()
        {
            self.error(
                "`through` must name at least one helper".into(),
                Some(at.clone()),
                "empty list",
                Some("write through = [\"the_canonical_helper\"]".into()),
            );
            ok = false;
        }
        let safe_attributes = match &safe {
            None => SAFE_ATTRIBUTES.iter().map(|s| s.to_string()).collect(),
            Some(list) => list
                .iter()
                .filter_map(|a| {
                    let n = self.ident(a, "safe-attributes");
                    ok &= n.is_some();
                    n
                })
                .collect(),
        };
        let mut sink_chains = Vec::with_capacity(sinks.len());
        for s in &sinks {
            let segments = split_chain(s.get_ref());
            if segments.is_empty() || !segments.iter().all(|x| is_ident(x)) {
                self.error(
                    format!("`sinks` entry is not a callable's path: `{}`", s.get_ref()),
                    Some(s.span()),
                    "not a path",
                    Some(
                        "write the callable as names joined by `.` or `::`, e.g. \"json.dumps\""
                            .into(),
                    ),
                );
                ok = false;
                continue;
            }
            sink_chains.push(segments);
        }
        ok.then_some(GuardConfig {
            values: patterns,
            through: names,
            through_spans: spans,
            safe_attributes,
            sinks: sink_chains,
            reason,
            span: header,
        })
    }

    fn value_pattern(&mut self, v: &Spanned<String>) -> Option<ValuePattern> {
        let text = v.get_ref().trim();
        let segments = split_chain(text);
        let bad = |why: &str| (why.to_string(), v.span());
        let problem = if text.is_empty() {
            Some(bad("empty pattern"))
        } else if segments.iter().any(|s| s != "*" && !is_ident(s)) || segments.is_empty() {
            Some(bad("not a pattern"))
        } else if segments.iter().all(|s| s == "*") {
            Some(bad("matches everything"))
        } else {
            None
        };
        if let Some((label, span)) = problem {
            self.error(
                format!("`values` entry `{text}` is not a value pattern"),
                Some(span),
                &label,
                Some(
                    "write an attribute pattern such as \"*.client_state\" (`*` stands for one or more names) or an enum's name such as \"WebSocketState\""
                        .into(),
                ),
            );
            return None;
        }
        Some(ValuePattern {
            text: text.to_string(),
            segments,
            span: v.span(),
        })
    }

    fn min_entries(&mut self, v: &Value) -> Option<usize> {
        self.at_least_one(
            "min-entries",
            v,
            "a table needs at least one entry; 3 is the default",
        )
    }

    /// A whole number of at least 1 for `key`.
    fn at_least_one(&mut self, key: &str, v: &Value, why: &str) -> Option<usize> {
        let DeValue::Integer(i) = v.get_ref() else {
            self.wrong_type(
                key,
                v,
                "an integer",
                Some(format!("write a whole number, e.g. {key} = 3")),
            );
            return None;
        };
        let shown = &self.text[v.span()];
        match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(x) if x >= 1 => usize::try_from(x).ok(),
            Ok(x) => {
                self.error(
                    format!("`{key}` must be at least 1, got {x}"),
                    Some(v.span()),
                    "too small",
                    Some(why.into()),
                );
                None
            }
            Err(_) => {
                self.error(
                    format!("`{key}` is out of range: {shown}"),
                    Some(v.span()),
                    "out of range",
                    Some(why.into()),
                );
                None
            }
        }
    }
}
