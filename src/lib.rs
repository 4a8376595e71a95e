//! ssot: keeps a codebase's single sources of truth single.
//!
//! The data flows one way: `lint.toml` -> [`config`] -> [`walk`] -> parse + extract per
//! file in parallel ([`lang`]) -> [`facts`] -> [`index`] -> [`rules`] -> [`report`].
//! [`check`] runs the whole pipeline and returns a [`Report`]; the binaries only parse
//! arguments, call it and pick an output format.

pub mod cli;
pub mod config;
pub mod config_error;
pub mod diagnostic;
pub mod extract;
pub mod facts;
pub mod hint;
pub mod index;
pub mod lang;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod walk;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::Config;
use crate::diagnostic::{Resolved, Severity, line_col};
use crate::facts::{Lang, ModuleFacts};

/// What to check.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// When non-empty, index the whole project but report only on these files or
    /// directories (as given on the command line: relative to the current directory).
    pub only: Vec<PathBuf>,
    /// Collect notes about skipped files and the like.
    pub verbose: bool,
}

/// The outcome of a run.
#[derive(Debug)]
pub struct Report {
    pub root: PathBuf,
    /// lint.toml's path relative to the root, and its text.
    pub config_path: String,
    pub config_text: String,
    pub diagnostics: Vec<Resolved>,
    /// Number of source files checked.
    pub files: usize,
    pub duration_ms: u128,
    /// Verbose notes (skipped symlinks, files outside the root, ...).
    pub notes: Vec<String>,
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
    /// The text of a file named in a diagnostic (re-read from disk; lint.toml from memory).
    pub fn source_text(&self, rel: &str) -> String {
        if rel == self.config_path {
            return self.config_text.clone();
        }
        let lang = if rel.ends_with(".rs") {
            Lang::Rust
        } else {
            Lang::Python
        };
        std::fs::read(self.root.join(rel))
            .map(|b| source::display_text(&b, lang))
            .unwrap_or_default()
    }
}

/// Turn command-line paths into root-relative prefixes.
fn only_prefixes(root: &Path, only: &[PathBuf], notes: &mut Vec<String>) -> Vec<String> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut out = Vec::new();
    for p in only {
        let abs = std::fs::canonicalize(p).unwrap_or_else(|_| {
            std::env::current_dir()
                .map(|d| d.join(p))
                .unwrap_or_else(|_| p.clone())
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

/// Turns byte offsets into 1-based line/column, reading each file's text at most once.
struct Positions<'a> {
    root: &'a Path,
    config: &'a Config,
    config_path: &'a str,
    config_lines: &'a [u32],
    facts: HashMap<&'a str, &'a ModuleFacts>,
    texts: HashMap<String, String>,
}

impl<'a> Positions<'a> {
    fn text(&mut self, path: &str) -> &str {
        if !self.texts.contains_key(path) {
            let text = if path == self.config_path {
                self.config.text.clone()
            } else {
                let lang = self.facts.get(path).map_or(Lang::Python, |f| f.lang);
                std::fs::read(self.root.join(path))
                    .map(|b| source::display_text(&b, lang))
                    .unwrap_or_default()
            };
            self.texts.insert(path.to_string(), text);
        }
        &self.texts[path]
    }

    fn pos(&mut self, path: &str, offset: u32) -> (usize, usize) {
        let starts: &'a [u32] = match self.facts.get(path).copied() {
            _ if path == self.config_path => self.config_lines,
            Some(f) => &f.line_starts,
            None => {
                // A file without facts (e.g. a manifest): index its lines on the spot.
                let text = self.text(path);
                return line_col(&facts::line_starts(text), offset, Some(text));
            }
        };
        line_col(starts, offset, Some(self.text(path)))
    }

    /// The text of 1-based `line` (without its line ending), cut at the same line breaks
    /// as positions are.
    fn line_text(&mut self, path: &str, line: usize) -> &str {
        let owned;
        let starts: &[u32] = match self.facts.get(path).copied() {
            _ if path == self.config_path => self.config_lines,
            Some(f) => &f.line_starts,
            None => {
                owned = facts::line_starts(self.text(path));
                &owned
            }
        };
        let i = line.saturating_sub(1);
        let Some(&a) = starts.get(i) else {
            return "";
        };
        let end = starts.get(i + 1).map(|&e| e as usize);
        let text = self.text(path);
        text.get(a as usize..end.unwrap_or(text.len()))
            .unwrap_or("")
            .trim_end_matches(['\r', '\n'])
    }
}

/// Run every rule over the project configured by `config`.
pub fn check(config: &Config, opts: &Options) -> Report {
    let start = Instant::now();
    let root = &config.root;
    let mut notes = Vec::new();
    let walked = walk::walk(root, &config.files);
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
    let files = extract::all(config, &walked, &mut layout_notes);
    if opts.verbose {
        notes.extend(layout_notes);
    }
    let t_parse = start.elapsed();
    let index = index::Index::new(&files);
    let mut config = config.clone();
    config.settle_languages(|m| {
        let mut langs = files.iter().filter(|f| f.module == m).map(|f| f.lang);
        let first = langs.next()?;
        langs.all(|l| l == first).then_some(first)
    });
    let config = &config;
    let config_path = walk::rel_path(root, &config.path);
    let ctx = rules::Context {
        index: &index,
        config,
        config_path: &config_path,
    };
    let mut diags = rules::run_all(&ctx);
    let t_rules = start.elapsed();

    if !opts.only.is_empty() {
        let prefixes = only_prefixes(root, &opts.only, &mut notes);
        diags.retain(|d| {
            d.location.path == config_path || prefixes.iter().any(|p| is_under(&d.location.path, p))
        });
    }

    // Resolve positions once, at the edge.
    let config_lines = facts::line_starts(&config.text);
    let mut positions = Positions {
        root,
        config,
        config_path: &config_path,
        config_lines: &config_lines,
        facts: files.iter().rev().map(|f| (f.path.as_str(), f)).collect(),
        texts: HashMap::new(),
    };
    let mut seen = HashSet::new();
    let mut resolved: Vec<Resolved> = diags
        .into_iter()
        .filter(|d| seen.insert((d.code, d.location.clone(), d.message.clone())))
        .filter_map(|d| {
            let (line, column) = positions.pos(&d.location.path, d.location.span.start);
            if d.code != "SSOT000"
                && suppress::suppresses(positions.line_text(&d.location.path, line), d.code)
            {
                return None;
            }
            let (end_line, end_column) = positions.pos(&d.location.path, d.location.span.end);
            let related_pos = d
                .related
                .iter()
                .map(|r| positions.pos(&r.location.path, r.location.span.start))
                .collect();
            Some(Resolved {
                diag: d,
                line,
                column,
                end_line,
                end_column,
                related_pos,
            })
        })
        .collect();
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
    Report {
        root: root.clone(),
        config_path,
        config_text: config.text.clone(),
        diagnostics: resolved,
        files: files
            .iter()
            .map(|f| f.path.as_str())
            .collect::<HashSet<_>>()
            .len(),
        duration_ms: start.elapsed().as_millis(),
        notes,
    }
}
