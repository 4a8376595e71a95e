//! ssot: keeps a codebase's single sources of truth single.
//!
//! The data flows one way: `lint.toml` -> [`config`] -> [`walk`] -> parse + extract per
//! file in parallel ([`lang`], reading each file once into the [`source::SourceDb`]) ->
//! [`facts`] -> [`index`] -> [`plan`] (lint.toml resolved against the index) ->
//! [`rules`] -> [`report`].
//! [`check`] runs the whole pipeline and returns a [`Report`]; the binaries only parse
//! arguments, call it and pick an output format.

pub mod baseline;
pub mod cache;
pub mod cli;
pub mod config;
pub mod config_error;
pub mod copies;
pub mod diagnostic;
pub mod discover;
pub mod extract;
pub mod facts;
pub mod fix;
pub mod fixer;
pub mod hint;
pub mod index;
pub mod lang;
pub mod plan;
pub mod progress;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod walk;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::config::Config;
use crate::diagnostic::{Pos, Resolved, ResolvedEdit, Severity, line_col};
use crate::facts::ModuleFacts;
use crate::rules::Code;
use crate::source::SourceDb;

/// What to check.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// When non-empty, index the whole project but report only on these files or
    /// directories (as given on the command line: relative to the current directory).
    pub only: Vec<PathBuf>,
    /// Text to check in place of what is on disk for one file (an editor's unsaved
    /// buffer, `--stdin-filename`): the path as given and the text. Only that file is
    /// reported on.
    pub stdin: Option<(PathBuf, String)>,
    /// Text to check in place of what is on disk for files of the project (root-relative,
    /// `/`-separated paths): the state `--fix` has reached before it writes anything. Unlike
    /// `stdin`, every file is still reported on.
    pub overlays: Vec<(String, String)>,
    /// `--select`: the rules to run instead of lint.toml's `[rules] select` (all when
    /// neither says).
    pub select: Option<Vec<Code>>,
    /// `--extend-select`: rules added to the selection.
    pub extend_select: Vec<Code>,
    /// `--ignore`: rules taken out of the selection.
    pub ignore: Vec<Code>,
    /// Collect notes about skipped files and the like.
    pub verbose: bool,
    /// The facts cache directory ([`cache`]); `None`: no cache (the library's default;
    /// the CLI turns it on at `<root>/.ssot_cache` unless `--no-cache`).
    pub cache: Option<PathBuf>,
}

impl Options {
    /// The rules that run: `--select` (else lint.toml's `select`, else all), plus both
    /// `extend-select`s, minus both `ignore`s and the rules whose severity is `off`.
    pub fn enabled(&self, config: &Config) -> HashSet<Code> {
        let rules = &config.rules;
        let mut on: HashSet<Code> = match self.select.as_ref().or(rules.select.as_ref()) {
            Some(codes) => codes.iter().copied().collect(),
            None => crate::rules::RULES.iter().map(|r| r.code).collect(),
        };
        on.extend(rules.extend_select.iter().chain(&self.extend_select));
        for c in rules.ignore.iter().chain(&self.ignore) {
            on.remove(c);
        }
        for (c, level) in &rules.severity {
            if *level == config::RuleLevel::Off {
                on.remove(c);
            }
        }
        on
    }
}

/// The outcome of a run.
#[derive(Debug)]
pub struct Report {
    pub root: PathBuf,
    /// lint.toml's path relative to the root.
    pub config_path: String,
    /// Every file's text, as checked (lint.toml included).
    pub sources: SourceDb,
    pub diagnostics: Vec<Resolved>,
    /// Number of source files checked (in file-argument mode, those named).
    pub files: usize,
    pub duration_ms: u128,
    /// Verbose notes (skipped symlinks, files outside the root, ...).
    pub notes: Vec<String>,
    /// The root-relative files or directories reported on (file-argument mode); empty:
    /// the whole project.
    pub scope: Vec<String>,
    /// Findings left out because the baseline holds them ([`baseline::Baseline::apply`]).
    pub baselined: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }
    fn count(&self, s: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.diag.severity == s)
            .count()
    }
    /// Number of distinct files with at least one diagnostic.
    pub fn files_with_diagnostics(&self) -> usize {
        self.diagnostics
            .iter()
            .map(|d| d.diag.location.path.as_str())
            .collect::<HashSet<_>>()
            .len()
    }
    /// Whether `path` (root-relative) is reported on in this run.
    pub fn in_scope(&self, path: &str) -> bool {
        self.scope.is_empty() || self.scope.iter().any(|p| is_under(path, p))
    }
    /// The text of a file named in a diagnostic, as it was checked.
    pub fn source_text(&self, rel: &str) -> Arc<str> {
        self.sources.text(rel)
    }
}

/// Every source file of a project, parsed once: what commands that need no rules (such as
/// `discover`) work on.
pub struct Project {
    pub files: Vec<ModuleFacts>,
    pub sources: SourceDb,
    pub notes: Vec<String>,
}

/// Walk `root` with `files` (include / exclude / python roots) and extract every file.
pub fn load_project(root: &Path, files: &config::FilesConfig) -> Project {
    load_project_cached(root, files, None)
}

/// [`load_project`] through the facts cache in `cache` (a directory), when given.
pub fn load_project_cached(
    root: &Path,
    files: &config::FilesConfig,
    cache: Option<&Path>,
) -> Project {
    let sources = SourceDb::new(root);
    let walked = walk::walk(root, files);
    let mut notes = Vec::new();
    let opts = lang::ExtractOptions::default();
    let cache = cache.map(|dir| cache::Cache::open(dir, &opts));
    let facts = extract::all(
        &files.python_roots,
        &walked,
        &sources,
        opts,
        cache.as_ref(),
        &mut notes,
    );
    if let Some(c) = cache {
        notes.extend(save_cache(c));
    }
    Project {
        files: facts,
        sources,
        notes,
    }
}

/// Write the cache for the next run; a verbose note on what it served and wrote. A cache
/// that cannot be written is only a note: the run does not depend on it.
fn save_cache(c: cache::Cache) -> Option<String> {
    let (hits, misses) = c.stats();
    let path = c.path().display().to_string();
    match c.save() {
        Ok(wrote) => Some(format!(
            "cache: {hits} file(s) from {path}, {misses} extracted{}",
            if wrote { "; cache written" } else { "" }
        )),
        Err(e) => Some(format!("cache: cannot write {path}: {e}")),
    }
}

/// Turn command-line paths into root-relative prefixes.
fn only_prefixes(root: &Path, only: &[PathBuf], notes: &mut Vec<String>) -> Vec<String> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut out = Vec::new();
    for p in only {
        let abs = std::fs::canonicalize(p).unwrap_or_else(|_| {
            let joined = std::env::current_dir()
                .map(|d| d.join(p))
                .unwrap_or_else(|_| p.clone());
            // A file that does not exist yet (an unsaved buffer): canonicalise its folder.
            match (joined.parent(), joined.file_name()) {
                (Some(dir), Some(name)) => std::fs::canonicalize(dir)
                    .map(|d| d.join(name))
                    .unwrap_or(joined),
                _ => joined,
            }
        });
        match abs.strip_prefix(&root) {
            Ok(rel) => out.push(walk::rel_path(Path::new(""), rel)),
            Err(_) => notes.push(format!(
                "{} is outside the project root {}; ignored",
                p.display(),
                root.display()
            )),
        }
    }
    out
}

fn is_under(path: &str, prefix: &str) -> bool {
    prefix.is_empty() || path == prefix || path.starts_with(&format!("{prefix}/"))
}

/// Turns byte offsets into 1-based line/column, with each file's text from the database.
struct Positions<'a> {
    db: &'a SourceDb,
    facts: HashMap<&'a str, &'a ModuleFacts>,
    /// Line starts of files without facts (lint.toml, manifests).
    other: HashMap<String, Vec<u32>>,
}

impl Positions<'_> {
    fn starts(&mut self, path: &str) -> (Vec<u32>, Arc<str>) {
        let text = self.db.text(path);
        let starts = match self.facts.get(path) {
            Some(f) => f.line_starts.clone(),
            None => self
                .other
                .entry(path.to_string())
                .or_insert_with(|| facts::line_starts(&text))
                .clone(),
        };
        (starts, text)
    }

    fn pos(&mut self, path: &str, offset: u32) -> (usize, usize) {
        let text = self.db.text(path);
        match self.facts.get(path) {
            Some(f) => line_col(&f.line_starts, offset, Some(&text)),
            None => {
                let starts = self
                    .other
                    .entry(path.to_string())
                    .or_insert_with(|| facts::line_starts(&text));
                line_col(starts, offset, Some(&text))
            }
        }
    }

    /// `d` with its positions resolved.
    fn resolve(&mut self, d: diagnostic::Diagnostic) -> Resolved {
        let (line, column) = self.pos(&d.location.path, d.location.span.start);
        let (end_line, end_column) = self.pos(&d.location.path, d.location.span.end);
        let related_pos = d
            .related
            .iter()
            .map(|r| self.pos(&r.location.path, r.location.span.start))
            .collect();
        let edit_pos = d
            .fix
            .iter()
            .flat_map(|f| &f.edits)
            .map(|e| {
                let (l, c) = self.pos(&e.path, e.span.start);
                let (el, ec) = self.pos(&e.path, e.span.end);
                ResolvedEdit {
                    start: Pos { line: l, column: c },
                    end: Pos {
                        line: el,
                        column: ec,
                    },
                }
            })
            .collect();
        Resolved {
            diag: d,
            line,
            column,
            end_line,
            end_column,
            related_pos,
            edit_pos,
        }
    }

    /// The text of 1-based `line` (without its line ending), cut at the same line breaks
    /// as positions are.
    fn line_text(&mut self, path: &str, line: usize) -> String {
        let (starts, text) = self.starts(path);
        let i = line.saturating_sub(1);
        let Some(&a) = starts.get(i) else {
            return String::new();
        };
        let end = starts.get(i + 1).map_or(text.len(), |&e| e as usize);
        text.get(a as usize..end)
            .unwrap_or("")
            .trim_end_matches(['\r', '\n'])
            .to_string()
    }
}

/// `[rules] per-file-ignores` compiled: a pattern matches a path, or everything under it
/// (`tests` = `tests/**`).
fn per_file_ignores(rules: &config::RulesConfig) -> Vec<(globset::GlobSet, &[Code])> {
    rules
        .per_file_ignores
        .iter()
        .filter_map(|(g, codes)| {
            let g = g.trim_end_matches('/');
            let mut set = globset::GlobSetBuilder::new();
            set.add(globset::Glob::new(g).ok()?);
            set.add(globset::Glob::new(&format!("{g}/**")).ok()?);
            Some((set.build().ok()?, codes.as_slice()))
        })
        .collect()
}

/// lint.toml's `[rules]` on the rules' output: severity overrides, and per-file ignores
/// (globs relative to the root).
fn apply_rule_settings(rules: &config::RulesConfig, diags: &mut Vec<diagnostic::Diagnostic>) {
    for d in diags.iter_mut() {
        if let Some((_, level)) = rules.severity.iter().rev().find(|(c, _)| *c == d.code) {
            d.severity = match level {
                config::RuleLevel::Warning => Severity::Warning,
                _ => Severity::Error,
            };
        }
    }
    if rules.per_file_ignores.is_empty() {
        return;
    }
    let sets = per_file_ignores(rules);
    diags.retain(|d| {
        !sets
            .iter()
            .any(|(m, codes)| codes.contains(&d.code) && m.is_match(&d.location.path))
    });
}

/// Run every rule over the project configured by `config`.
pub fn check(config: &Config, opts: &Options) -> Report {
    let start = Instant::now();
    let root = &config.root;
    let mut notes = Vec::new();
    let config_path = walk::rel_path(root, &config.path);
    let mut db = SourceDb::new(root);
    let mut walked = walk::walk(root, &config.files);
    let mut only = opts.only.clone();
    if let Some((path, text)) = &opts.stdin {
        match only_prefixes(root, std::slice::from_ref(path), &mut notes).pop() {
            Some(rel) => {
                if walked.add_virtual(root, &rel) {
                    db.set_overlay(&rel, text.clone());
                } else {
                    notes.push(format!(
                        "{}: no front end checks files of this kind; nothing to check",
                        path.display()
                    ));
                }
            }
            None => notes.push(format!(
                "{}: --stdin-filename is outside the project; nothing to check",
                path.display()
            )),
        }
        only = vec![path.clone()];
    }
    for (rel, text) in &opts.overlays {
        db.set_overlay(rel, text.clone());
    }
    db.insert(&config_path, &config.text);
    if opts.verbose {
        for s in &walked.skipped_symlinks {
            notes.push(format!("{s}: symbolic link, not followed"));
        }
        for (p, m) in &walked.problems {
            notes.push(format!("{p}: {m}"));
        }
    }
    let t_walk = start.elapsed();
    let mut layout_notes = Vec::new();
    let enabled = opts.enabled(config);
    let extract_opts = lang::ExtractOptions {
        // Body shapes tell a method copy from a method of the same name (SSOT001) and
        // find renamed copies (SSOT002): only worth computing for declared symbols.
        fingerprints: !config.symbols.is_empty()
            && (enabled.contains(&Code::Ssot001) || enabled.contains(&Code::Ssot002)),
        call_names: Arc::new(if enabled.contains(&Code::Ssot008) {
            rules::ssot008_unguarded_value::call_names(config)
        } else {
            Default::default()
        }),
    };
    let cache = opts
        .cache
        .as_deref()
        .map(|dir| cache::Cache::open(dir, &extract_opts));
    let files = extract::all(
        &config.files.python_roots,
        &walked,
        &db,
        extract_opts,
        cache.as_ref(),
        &mut layout_notes,
    );
    if let Some(c) = cache {
        layout_notes.extend(save_cache(c));
    }
    if opts.verbose {
        notes.extend(layout_notes);
    }
    let t_parse = start.elapsed();
    let index = index::Index::new(&files);
    let plan = plan::Plan::resolve(config, &index);
    let ctx = rules::Context {
        index: &index,
        plan: &plan,
        config_path: &config_path,
        db: &db,
    };
    let mut diags = rules::run_selected(&ctx, &enabled);
    apply_rule_settings(&config.rules, &mut diags);
    let t_rules = start.elapsed();

    let all_files: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut checked = all_files.len();
    let mut scope = Vec::new();
    if !only.is_empty() {
        let prefixes = only_prefixes(root, &only, &mut notes);
        diags.retain(|d| {
            d.location.path == config_path || prefixes.iter().any(|p| is_under(&d.location.path, p))
        });
        checked = all_files
            .iter()
            .filter(|f| prefixes.iter().any(|p| is_under(f, p)))
            .count();
        scope = prefixes;
    }

    // Resolve positions once, at the edge.
    let mut positions = Positions {
        db: &db,
        facts: files.iter().rev().map(|f| (f.path.as_str(), f)).collect(),
        other: HashMap::new(),
    };
    let mut seen = HashSet::new();
    let mut tracker = suppress::Tracker::new(config.suppressions.require_reason);
    let mut resolved: Vec<Resolved> = Vec::new();
    for d in diags {
        if !seen.insert((d.code, d.location.clone(), d.message.clone())) {
            continue;
        }
        let (line, _) = positions.pos(&d.location.path, d.location.span.start);
        let prefix = positions
            .facts
            .get(d.location.path.as_str())
            .map(|f| f.lang.frontend().comment_prefix());
        if d.code != Code::Ssot000
            && tracker.suppresses(
                &d.location.path,
                line,
                &positions.line_text(&d.location.path, line),
                prefix,
                d.code.as_str(),
            )
        {
            continue;
        }
        resolved.push(positions.resolve(d));
    }
    // SSOT009: the suppressions of the files reported on that suppressed nothing.
    let judged: Vec<&ModuleFacts> = files
        .iter()
        .filter(|f| scope.is_empty() || scope.iter().any(|p| is_under(&f.path, p)))
        .collect();
    if enabled.contains(&Code::Ssot009) {
        let ignored = per_file_ignores(&config.rules);
        let active = |path: &str, code: Code| {
            enabled.contains(&code)
                && !ignored
                    .iter()
                    .any(|(m, codes)| codes.contains(&code) && m.is_match(path))
        };
        let mut unused = rules::ssot009_unused_suppression::unused(&judged, &db, &tracker, &active);
        apply_rule_settings(&config.rules, &mut unused);
        for d in unused {
            resolved.push(positions.resolve(d));
        }
    }
    resolved.sort_by(|a, b| {
        (&a.diag.location.path, a.line, a.column, a.diag.code).cmp(&(
            &b.diag.location.path,
            b.line,
            b.column,
            b.diag.code,
        ))
    });
    if opts.verbose {
        notes.push(format!(
            "timings: walk {} ms, parse+extract {} ms, index+rules {} ms, positions {} ms",
            t_walk.as_millis(),
            (t_parse - t_walk).as_millis(),
            (t_rules - t_parse).as_millis(),
            (start.elapsed() - t_rules).as_millis()
        ));
    }
    drop(positions);
    Report {
        root: root.clone(),
        config_path,
        sources: db,
        diagnostics: resolved,
        files: checked,
        duration_ms: start.elapsed().as_millis(),
        notes,
        scope,
        baselined: 0,
    }
}
