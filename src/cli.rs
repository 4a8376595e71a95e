//! Command-line interface shared by `ssot` and `cargo ssot`: argument parsing, config
//! discovery, output selection and exit codes (0 clean, 1 errors found, 2 usage or
//! configuration error).

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use std::collections::HashSet;

use crate::config;
use crate::diagnostic::Applicability;
use crate::report::{self, Format, visible};
use crate::rules::Code;

#[derive(Parser, Debug)]
#[command(
    name = "ssot",
    version,
    about = "Keep a codebase's single sources of truth single",
    long_about = "Keep a codebase's single sources of truth single: canonical helpers, \
                  canonical imports and string -> enum alias tables, declared in lint.toml."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check the project (lint.toml is found upward from the first path, or the current directory)
    Check(Box<CheckArgs>),
    /// Explain a rule (`ssot rule SSOT003`), or list all rules
    Rule {
        /// A rule code (SSOT003) or name (non-canonical-import)
        code: Option<String>,
    },
    /// Find copies nobody named: functions copied across modules and alias tables for one
    /// enum in several modules, with a suggested canonical and lint.toml block (no lint.toml needed)
    Discover(DiscoverArgs),
    /// Write a starter lint.toml from what `discover` finds (never overwrites one)
    Init(InitArgs),
    /// Print the effective configuration and where each part came from, or (--schema)
    /// lint.toml's JSON Schema
    Config(ConfigArgs),
    // --- cache (src/cache.rs) ---
    /// Delete the project's facts cache (`.ssot_cache/` next to lint.toml, found as `check`
    /// finds it)
    Clean(CleanArgs),
    // --- end cache ---
}

// --- cache (src/cache.rs) ---
/// Where the facts cache goes: `--no-cache`, `--cache-dir DIR`.
#[derive(clap::Args, Debug, Default)]
struct CacheArgs {
    /// Do not read or write the facts cache (every file is parsed)
    #[arg(long)]
    no_cache: bool,
    /// Keep the facts cache in DIR instead of `.ssot_cache/` at the project root
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    cache_dir: Option<PathBuf>,
}

impl CacheArgs {
    /// The cache directory for the project at `root`, or `None` when off.
    fn dir(&self, root: &std::path::Path) -> Option<PathBuf> {
        (!self.no_cache).then(|| {
            self.cache_dir
                .clone()
                .unwrap_or_else(|| crate::cache::default_dir(root))
        })
    }
}

#[derive(clap::Args, Debug)]
struct CleanArgs {
    /// Where to look for the configuration (default: the current directory, upward)
    path: Option<PathBuf>,
    /// Path to lint.toml (default: searched upward)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Delete this cache directory instead of the project's `.ssot_cache/`
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
}

fn clean(a: &CleanArgs) -> Run {
    let dir = match &a.cache_dir {
        Some(d) => d.clone(),
        None => {
            let config = a.config.clone().or_else(|| {
                let start = a.path.clone().unwrap_or_else(|| {
                    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
                });
                config::discover(&start)
            });
            let Some(config) = config else {
                say(
                    "error: no lint.toml (nor a Cargo.toml or pyproject.toml with ssot settings) found here or in any parent directory; pass --cache-dir DIR",
                )?;
                return Ok(ExitCode::from(2));
            };
            let root = config
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), PathBuf::from);
            crate::cache::default_dir(&root)
        }
    };
    let shown = dir.display().to_string();
    let print = |line: String| {
        let mut out = io::stdout().lock();
        quiet_pipe(writeln!(out, "{}", visible(&line, true)).and_then(|_| out.flush()))
    };
    match crate::cache::clean(&dir) {
        Ok(Some((files, bytes))) => {
            print(format!(
                "removed {shown} ({}, {:.1} MB)",
                count(files, "file"),
                bytes as f64 / 1e6
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(None) => {
            print(format!("no cache at {shown}: nothing to remove"))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            say(&format!("error: cannot remove {shown}: {e}"))?;
            Ok(ExitCode::from(2))
        }
    }
}
// --- end cache ---

#[derive(clap::Args, Debug)]
struct ConfigArgs {
    /// Where to look for the configuration (default: the current directory, upward)
    path: Option<PathBuf>,
    /// The configuration file to show (lint.toml, Cargo.toml or pyproject.toml)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print lint.toml's JSON Schema instead (for editors: `#:schema ./lint.schema.json`)
    #[arg(long)]
    schema: bool,
}

#[derive(clap::Args, Debug)]
struct FindArgs {
    /// The project directory (default: the current directory); a lint.toml there supplies
    /// `[files]` (python roots, excludes)
    path: Option<PathBuf>,
    /// Near copies: similarity at least this (0.0-1.0)
    #[arg(long, default_value_t = 0.85)]
    similarity: f64,
    /// Bodies with fewer normalised tokens are never grouped
    #[arg(long, default_value_t = crate::config::DEFAULT_MIN_TOKENS)]
    min_tokens: usize,
    #[command(flatten)]
    cache: CacheArgs,
}

#[derive(clap::Args, Debug)]
struct DiscoverArgs {
    #[command(flatten)]
    find: FindArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = report::discover::DiscoverFormat::Human)]
    format: report::discover::DiscoverFormat,
}

#[derive(clap::Args, Debug)]
struct InitArgs {
    #[command(flatten)]
    find: FindArgs,
    /// Print the starter lint.toml instead of writing it
    #[arg(long)]
    print: bool,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Report only on these files or directories (the whole project is still indexed)
    paths: Vec<PathBuf>,
    /// Path to lint.toml (default: searched upward)
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to use colour in human output (NO_COLOR is honoured under `auto`)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Exit 0 even when errors are found
    #[arg(long)]
    exit_zero: bool,
    /// Print notes about skipped files to stderr
    #[arg(short, long)]
    verbose: bool,
    /// Check the text on standard input as the content of this file (an editor's unsaved
    /// buffer), against the rest of the project on disk; only it is reported on
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Apply safe fixes, then report what is left
    #[arg(long)]
    fix: bool,
    /// Also apply unsafe fixes (with --fix, --fix-only or --diff)
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of what the fixes would change and write nothing (exit 1 when
    /// there is something to fix)
    #[arg(long, conflicts_with = "fix_only")]
    diff: bool,
    /// Apply fixes and report nothing else (exit 0 unless a file cannot be written)
    #[arg(long)]
    fix_only: bool,
    /// List the fixes applied (on stderr)
    #[arg(long)]
    show_fixes: bool,
    /// Run only these rules (codes, names, code prefixes or ALL; comma-separated),
    /// instead of lint.toml's `[rules] select`
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Option<Vec<String>>,
    /// Add these rules to the selection
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    extend_select: Vec<String>,
    /// Do not run these rules
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Print how many findings each rule has (and how many are fixable) instead of them
    #[arg(long)]
    statistics: bool,
    /// Print the findings only: no summary, notes or hints
    #[arg(short, long)]
    quiet: bool,
    /// Write the report to FILE instead of stdout; `FORMAT:FILE` (e.g.
    /// `sarif:ssot.sarif`) writes that format to FILE in addition to --format on stdout.
    /// Repeatable
    #[arg(long, value_name = "[FORMAT:]FILE")]
    output_file: Vec<String>,
    /// Look for the configuration from this Cargo.toml's directory (as cargo's own
    /// subcommands take it)
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,
    /// Report only on this Cargo package (the whole workspace is still indexed);
    /// repeatable
    #[arg(short, long, value_name = "NAME")]
    package: Vec<String>,
    /// Report only findings not recorded in this baseline file (default: lint.toml's
    /// `baseline`)
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in FILE (rewriting it), print how many, and exit 0
    #[arg(long, value_name = "FILE", conflicts_with_all = ["diff", "fix_only", "stdin_filename"])]
    write_baseline: Option<PathBuf>,
    #[command(flatten)]
    cache: CacheArgs,
}

/// The directories of the Cargo packages named `names` under `root` (package names, or
/// their `_` spelling); `Err` names the first that does not exist, with the known ones.
fn package_dirs(root: &std::path::Path, names: &[String]) -> Result<Vec<PathBuf>, String> {
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    for entry in ignore::WalkBuilder::new(root).build().flatten() {
        let p = entry.path();
        if p.file_name().is_none_or(|n| n != "Cargo.toml") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(p) else {
            continue;
        };
        let Ok(doc) = text.parse::<toml::Table>() else {
            continue;
        };
        if let Some(name) = doc
            .get("package")
            .and_then(|pk| pk.get("name"))
            .and_then(|n| n.as_str())
            && let Some(dir) = p.parent()
        {
            found.push((name.to_string(), dir.to_path_buf()));
        }
    }
    let mut out = Vec::new();
    for want in names {
        let norm = |s: &str| s.replace('-', "_");
        match found.iter().find(|(n, _)| norm(n) == norm(want)) {
            Some((_, dir)) => out.push(dir.clone()),
            None => {
                let known: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
                let hint = match config::did_you_mean(want, &known) {
                    Some(b) => format!("did you mean `{b}`?"),
                    None if known.is_empty() => "the project has no Cargo packages".into(),
                    None => format!("the packages are: {}", known.join(", ")),
                };
                return Err(format!(
                    "-p {want}: no such package in the project\n  help: {hint}"
                ));
            }
        }
    }
    Ok(out)
}

/// Rule selectors from the command line, resolved; `Err` is the message of the first
/// that names no rule.
fn selectors(flag: &str, specs: &[String]) -> Result<Vec<Code>, String> {
    let mut out = Vec::new();
    for s in specs.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match crate::rules::select(s) {
            Some(codes) => out.extend(codes),
            None => {
                let known: Vec<&str> = crate::rules::RULES
                    .iter()
                    .flat_map(|r| [r.id, r.name])
                    .collect();
                let hint = match config::did_you_mean(s, &known) {
                    Some(b) => format!("did you mean `{b}`?"),
                    None => "write rule codes (`SSOT003`), names (`non-canonical-import`), code prefixes (`SSOT00`) or `ALL`; `ssot rule` lists them".into(),
                };
                return Err(format!("{flag}: unknown rule `{s}`\n  help: {hint}"));
            }
        }
    }
    Ok(out)
}

/// Extra reports: `FORMAT:FILE` given to `--output-file`.
type ExtraReports = Vec<(Format, PathBuf)>;

/// Where `--output-file` sends reports: the main one (when a plain FILE is given), and
/// extra `FORMAT:FILE` ones.
fn output_files(specs: &[String]) -> Result<(Option<PathBuf>, ExtraReports), String> {
    let mut main = None;
    let mut extra = Vec::new();
    for spec in specs {
        let (fmt, file) = match spec.split_once(':') {
            Some((f, rest)) if !rest.is_empty() && Format::from_str(f, true).is_ok() => {
                (Format::from_str(f, true).ok(), rest)
            }
            _ => (None, spec.as_str()),
        };
        match fmt {
            Some(f) => extra.push((f, PathBuf::from(file))),
            None if main.is_none() => main = Some(PathBuf::from(file)),
            None => {
                return Err(
                    "--output-file: only one FILE without a FORMAT: prefix (the --format report)"
                        .into(),
                );
            }
        }
    }
    Ok((main, extra))
}

/// Read standard input (an unsaved buffer) as text.
fn read_stdin() -> Result<String, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_STDIN + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    if bytes.len() as u64 > MAX_STDIN {
        return Err(format!(
            "standard input is larger than {} MiB",
            MAX_STDIN >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "standard input is not valid UTF-8 (byte {} is not); send UTF-8 text",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The largest buffer `--stdin-filename` reads.
const MAX_STDIN: u64 = 64 << 20;

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset
    Auto,
    Always,
    Never,
}

/// Run the CLI on `args` (argv including the program name). `cargo` is true for the
/// `cargo-ssot` binary, which cargo calls as `cargo-ssot ssot ...`.
pub fn main(mut args: Vec<OsString>, cargo: bool) -> ExitCode {
    if cargo {
        if args.get(1).is_some_and(|a| a == "ssot") {
            args.remove(1);
        }
        if let Some(first) = args.first_mut() {
            *first = OsString::from("cargo ssot");
        }
    }
    let run = match Cli::try_parse_from(args) {
        Ok(cli) => match cli.command {
            Command::Rule { code } => rule(code.as_deref()),
            Command::Check(a) => check(*a),
            Command::Discover(a) => discover(a),
            Command::Init(a) => init(a),
            Command::Config(a) => show_config(&a),
            Command::Clean(a) => clean(&a),
        },
        Err(e) => {
            let code = ExitCode::from(if e.use_stderr() { 2 } else { 0 });
            quiet_pipe(e.print()).map(|_| code)
        }
    };
    match run {
        Ok(code) => code,
        // stdout or stderr cannot be written (a full disk, /dev/full): the output is
        // incomplete, so the run fails. Say so on stderr if it still works.
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: cannot write output: {e}");
            ExitCode::from(2)
        }
    }
}

/// What a command returns: its exit code, or the write error that cut its output short.
type Run = io::Result<ExitCode>;

/// A broken pipe (the reader has gone: `ssot ... | head`) is not an error: the rest of
/// the output is simply not wanted.
fn quiet_pipe(r: io::Result<()>) -> io::Result<()> {
    match r {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

/// Write one line to stderr, control characters escaped; a write error other than a
/// broken pipe is returned (`eprintln!` would panic).
/// Write a report to `path` (created or truncated).
fn write_report(
    path: &std::path::Path,
    _report: &crate::Report,
    emit: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut f = io::BufWriter::new(std::fs::File::create(path)?);
    emit(&mut f)?;
    f.flush()
}

/// [`say`], even under `--quiet` (errors).
fn say_always(line: &str) -> io::Result<()> {
    say(line)
}

fn say(line: &str) -> io::Result<()> {
    let mut err = io::stderr().lock();
    quiet_pipe(writeln!(err, "{}", visible(line, true)).and_then(|_| err.flush()))
}

fn rule(code: Option<&str>) -> Run {
    let mut out = io::stdout().lock();
    let res = rule_to(code, &mut out).and_then(|c| out.flush().map(|_| c));
    match res {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        r => r,
    }
}

fn rule_to(code: Option<&str>, out: &mut dyn Write) -> Run {
    match code {
        None => {
            let width = crate::rules::RULES
                .iter()
                .map(|r| r.name.len())
                .max()
                .unwrap_or(0);
            for r in crate::rules::RULES {
                writeln!(out, "{}  {:<width$}  {}", r.id, r.name, r.summary)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(c) => match crate::rules::find(c) {
            Some(r) => {
                writeln!(out, "{}", r.doc())?;
                Ok(ExitCode::SUCCESS)
            }
            None => {
                let codes: Vec<&str> = crate::rules::RULES.iter().map(|r| r.id).collect();
                say(&format!(
                    "error: unknown rule `{c}`; rules are {}",
                    codes.join(", ")
                ))?;
                Ok(ExitCode::from(2))
            }
        },
    }
}

/// Where to look for lint.toml for a `--stdin-filename` (the file may not exist yet).
fn stdin_start(path: Option<&std::path::Path>) -> Option<PathBuf> {
    let p = path?;
    if p.exists() {
        return Some(p.to_path_buf());
    }
    let parent = p.parent().filter(|d| !d.as_os_str().is_empty())?;
    parent.exists().then(|| parent.to_path_buf())
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn check(a: CheckArgs) -> Run {
    let color = use_color(a.color);
    let format = a.format;
    if let Some(missing) = a.paths.iter().find(|p| !p.exists()) {
        say(&format!(
            "error: {}: no such file or directory",
            missing.display()
        ))?;
        return Ok(ExitCode::from(2));
    }
    let config_path = match &a.config {
        Some(p) => p.clone(),
        None => {
            let start = a
                .paths
                .first()
                .cloned()
                .or_else(|| {
                    a.manifest_path
                        .as_ref()
                        .map(|m| m.parent().map(PathBuf::from).unwrap_or_default())
                        .map(|d| {
                            if d.as_os_str().is_empty() {
                                PathBuf::from(".")
                            } else {
                                d
                            }
                        })
                })
                .or_else(|| stdin_start(a.stdin_filename.as_deref()))
                .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
            match config::discover(&start) {
                Some(p) => p,
                None => {
                    say(&format!(
                        "error: no {} (nor a Cargo.toml with [workspace.metadata.ssot] / [package.metadata.ssot], nor a pyproject.toml with [tool.ssot]) found in {} or any parent directory\n  help: create lint.toml at the project root (see README.md, lint.toml reference), or pass --config FILE",
                        config::CONFIG_FILE,
                        start.display()
                    ))?;
                    return Ok(ExitCode::from(2));
                }
            }
        }
    };
    let cfg = match config::load(&config_path) {
        Ok(c) => c,
        Err(e) => {
            print_config_error(&e, color)?;
            return Ok(ExitCode::from(2));
        }
    };
    if cfg.symbols.is_empty() && cfg.tables.is_empty() && cfg.guards.is_empty() {
        say(&format!(
            "warning: {} declares no [[symbol]], [[table]] or [[guard]]: only parse errors will be reported",
            cfg.path.display()
        ))?;
    }
    // --- baseline (src/baseline.rs) ---
    let baseline = if a.write_baseline.is_some() {
        None
    } else {
        match crate::baseline::load_chosen(a.baseline.as_deref(), cfg.baseline.as_deref()) {
            Ok(b) => b,
            Err(e) => {
                say(&format!("error: {e}"))?;
                return Ok(ExitCode::from(2));
            }
        }
    };
    // --- end baseline ---
    let stdin = match &a.stdin_filename {
        None => None,
        Some(p) => match read_stdin() {
            Ok(text) => Some((p.clone(), text)),
            Err(e) => {
                say(&format!("error: {e}"))?;
                return Ok(ExitCode::from(2));
            }
        },
    };
    let resolved = (|| -> Result<_, String> {
        let select = match &a.select {
            Some(specs) => Some(selectors("--select", specs)?),
            None => None,
        };
        let extend = selectors("--extend-select", &a.extend_select)?;
        let ignore = selectors("--ignore", &a.ignore)?;
        let files = output_files(&a.output_file)?;
        Ok((select, extend, ignore, files))
    })();
    let mut only = a.paths.clone();
    match package_dirs(&cfg.root, &a.package) {
        Ok(dirs) => only.extend(dirs),
        Err(e) => {
            say(&format!("error: {e}"))?;
            return Ok(ExitCode::from(2));
        }
    }
    let (select, extend_select, ignore, (main_file, extra_files)) = match resolved {
        Ok(r) => r,
        Err(e) => {
            say(&format!("error: {e}"))?;
            return Ok(ExitCode::from(2));
        }
    };
    let quiet = a.quiet;
    let say = |line: &str| if quiet { Ok(()) } else { say(line) };
    let opts = crate::Options {
        cache: a.cache.dir(&cfg.root),
        stdin,
        only,
        verbose: a.verbose,
        select,
        extend_select,
        ignore,
        ..Default::default()
    };
    let level = if a.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let unfixable: HashSet<Code> = cfg.rules.unfixable.iter().copied().collect();
    let fixing = a.fix || a.fix_only || a.diff;
    let mut fixed_note = None;
    let mut progress = Some(crate::progress::Progress::start(
        if fixing { "fixing" } else { "checking" },
        !quiet && main_file.is_none() && matches!(format, Format::Human | Format::Concise),
    ));
    let report = if fixing {
        let from_stdin = opts.stdin.is_some();
        let outcome = crate::fixer::fix(
            &cfg,
            &opts,
            &crate::fixer::FixOptions {
                level,
                unfixable: unfixable.clone(),
                write: !a.diff && !from_stdin,
            },
        );
        progress.take();
        for (f, why) in &outcome.rolled_back {
            say(&format!(
                "warning: {}:{}: {} not fixed: {why}",
                visible(&f.path, true),
                f.line,
                f.code
            ))?;
        }
        for (path, e) in &outcome.write_errors {
            say(&format!("error: cannot write {}: {e}", visible(path, true)))?;
        }
        if a.show_fixes {
            say(&show_fixes(&outcome.fixed, a.diff || from_stdin))?;
        }
        if from_stdin {
            // An editor's buffer: the fixed text goes to stdout, nothing is written.
            // The buffer's own path among the overlays (a fix may also have changed
            // another file in memory).
            let given = a.stdin_filename.clone().unwrap_or_default();
            let rel = outcome
                .report
                .sources
                .overlay_paths()
                .filter(|r| given.ends_with(r))
                .max_by_key(|r| r.len())
                .map(str::to_string);
            let text = rel
                .map(|r| outcome.report.source_text(&r).to_string())
                .unwrap_or_default();
            let mut out = io::stdout().lock();
            quiet_pipe(out.write_all(text.as_bytes()).and_then(|_| out.flush()))?;
            return Ok(ExitCode::SUCCESS);
        }
        if a.diff {
            let mut out = io::stdout().lock();
            quiet_pipe(
                out.write_all(crate::fixer::unified_diff(&outcome.changes).as_bytes())
                    .and_then(|_| out.flush()),
            )?;
            let n = outcome.fixed.len();
            say(&if n == 0 {
                "No fixes available.".to_string()
            } else {
                format!(
                    "Would fix {} in {}.",
                    count(n, "error"),
                    count(outcome.changes.len(), "file")
                )
            })?;
            return Ok(ExitCode::from(u8::from(!outcome.changes.is_empty())));
        }
        if !outcome.write_errors.is_empty() {
            return Ok(ExitCode::from(2));
        }
        if a.fix_only {
            say(&format!(
                "Fixed {} in {}.",
                count(outcome.fixed.len(), "error"),
                count(outcome.changes.len(), "file")
            ))?;
            return Ok(ExitCode::SUCCESS);
        }
        fixed_note = Some((outcome.fixed.len(), outcome.changes.len()));
        outcome.report
    } else {
        crate::check(&cfg, &opts)
    };
    progress.take();
    let fixed_note = fixed_note.map(|(fixed, files)| {
        format!(
            "Fixed {} in {} ({} remaining).",
            count(fixed, "error"),
            count(files, "file"),
            report.diagnostics.len()
        )
    });
    // --- baseline (src/baseline.rs) ---
    if let Some(path) = &a.write_baseline {
        return match crate::baseline::write_for(path, &report) {
            Ok(n) => say(&format!(
                "Recorded {} in the baseline {}.",
                count(n, "finding"),
                visible(&path.display().to_string(), true)
            ))
            .map(|_| ExitCode::SUCCESS),
            Err(e) => say(&format!("error: {e}")).map(|_| ExitCode::from(2)),
        };
    }
    let mut report = report;
    let ratchet = baseline.map(|(path, b)| (path, b.apply(&mut report).removable));
    // --- end baseline ---
    for n in &report.notes {
        say(&format!("note: {n}"))?;
    }
    for (f, path) in &extra_files {
        if let Err(e) = write_report(path, &report, |w| f.emitter(false).emit(&report, w)) {
            say_always(&format!("error: cannot write {}: {e}", path.display()))?;
            return Ok(ExitCode::from(2));
        }
    }
    let statistics = a.statistics;
    let emit = |w: &mut dyn Write| -> io::Result<()> {
        if statistics {
            return report::statistics(&report, format, &unfixable, w);
        }
        format.emitter_quiet(color, quiet).emit(&report, w)
    };
    match &main_file {
        Some(path) => {
            if let Err(e) = write_report(path, &report, emit) {
                say_always(&format!("error: cannot write {}: {e}", path.display()))?;
                return Ok(ExitCode::from(2));
            }
        }
        None => {
            let mut out = io::stdout().lock();
            quiet_pipe(emit(&mut out).and_then(|_| out.flush()))?;
        }
    }
    if format == Format::Concise || (main_file.is_some() && format == Format::Human) {
        say(&report::summary(&report))?;
    }
    if let Some(n) = fixed_note {
        say(&n)?;
    }
    if let Some((path, n)) = ratchet.filter(|(_, n)| *n > 0) {
        say(&crate::baseline::ratchet_note(&path, n))?;
    }
    if matches!(format, Format::Human | Format::Concise) {
        let safe = crate::fixer::fixable(&report, Applicability::Safe, &unfixable);
        let all = crate::fixer::fixable(&report, Applicability::Unsafe, &unfixable);
        if let Some(hint) = fix_hint(safe, all, fixing, a.unsafe_fixes) {
            say(&hint)?;
        }
    }
    Ok(if report.errors() > 0 && !a.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// At most this many config errors are rendered; the count line gives the rest.
const MAX_CONFIG_ERRORS_SHOWN: usize = 100;

/// Print every error of a config file (miette's graphical rendering for those with a
/// place), then `error: lint.toml has N errors` when there are several.
fn print_config_error(errors: &config::ConfigErrors, color: bool) -> io::Result<()> {
    let mut err = io::stderr().lock();
    quiet_pipe(write_config_error(errors, color, &mut err).and_then(|_| err.flush()))
}

fn write_config_error(
    errors: &config::ConfigErrors,
    color: bool,
    err: &mut dyn Write,
) -> io::Result<()> {
    let color = color && io::stderr().is_terminal();
    for e in errors.iter().take(MAX_CONFIG_ERRORS_SHOWN) {
        if let Some(s) = report::render_config_error(e, color) {
            writeln!(err, "{s}")?;
        } else {
            match e.line_col() {
                Some((line, col)) => writeln!(
                    err,
                    "error: {}:{line}:{col}: {} (the line is too long to show)",
                    visible(&e.path.display().to_string(), true),
                    visible(&e.message, true)
                )?,
                None => writeln!(err, "error: {}", visible(&e.message, true))?,
            }
            if let Some(h) = &e.help {
                writeln!(err, "  help: {}", visible(h, true))?;
            }
        }
    }
    let n = errors.len();
    if n > MAX_CONFIG_ERRORS_SHOWN {
        writeln!(
            err,
            "note: {} more errors not shown",
            n - MAX_CONFIG_ERRORS_SHOWN
        )?;
    }
    if n > 1 {
        writeln!(err, "error: {}", visible(&errors.to_string(), true))?;
    }
    Ok(())
}

/// The project `discover` and `init` look at: the directory, its `[files]`, and what was
/// found. `Err` is the exit code of a usage or config error (already reported).
fn find(a: &FindArgs) -> Result<(PathBuf, crate::Project), Run> {
    let root = a
        .path
        .clone()
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
    if !root.is_dir() {
        let mut err = io::stderr();
        return Err(writeln!(
            err,
            "error: {}: not a directory (discover looks at a project directory)",
            visible(&root.display().to_string(), true)
        )
        .map(|_| ExitCode::from(2)));
    }
    if !(0.0..=1.0).contains(&a.similarity) {
        let mut err = io::stderr();
        return Err(writeln!(
            err,
            "error: --similarity must be between 0.0 and 1.0, got {}",
            a.similarity
        )
        .map(|_| ExitCode::from(2)));
    }
    let lint = root.join(config::CONFIG_FILE);
    let files = if lint.is_file() {
        match config::load(&lint) {
            Ok(c) => c.files,
            Err(e) => {
                return Err(print_config_error(&e, false).map(|_| ExitCode::from(2)));
            }
        }
    } else {
        config::FilesConfig {
            python_roots: vec![".".into()],
            ..Default::default()
        }
    };
    let project = crate::load_project_cached(&root, &files, a.cache.dir(&root).as_deref());
    Ok((root, project))
}

fn find_options(a: &FindArgs) -> crate::discover::Options {
    crate::discover::Options {
        similarity: a.similarity,
        min_tokens: a.min_tokens,
        ..Default::default()
    }
}

fn discover(a: DiscoverArgs) -> Run {
    let (_, project) = match find(&a.find) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let index = crate::index::Index::new(&project.files);
    let found = crate::discover::discover(&index, find_options(&a.find));
    let mut out = io::stdout().lock();
    let res = report::discover::emit(
        &found,
        project.files.len(),
        &project.sources,
        a.format,
        &mut out,
    )
    .and_then(|_| out.flush());
    quiet_pipe(res).map(|_| ExitCode::SUCCESS)
}

/// How many groups `init` puts in the starter lint.toml.
const INIT_GROUPS: usize = 10;

fn init(a: InitArgs) -> Run {
    let (root, project) = match find(&a.find) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let index = crate::index::Index::new(&project.files);
    let found = crate::discover::discover(&index, find_options(&a.find));
    let mut text: Vec<u8> = Vec::new();
    writeln!(
        text,
        "# lint.toml written by `ssot init` from what `ssot discover` found: the strongest\n# copies across modules and the alias tables kept in several modules. Check each\n# suggested canonical (the member most imported), then run `ssot check`.\n# Reference: README.md, \"lint.toml reference\".\n"
    )?;
    if found
        .groups
        .iter()
        .all(|g| g.section != crate::discover::Section::Main)
        && found.tables.is_empty()
    {
        writeln!(
            text,
            "# Nothing was found to declare yet. Declare a helper like this:\n#\n# [[symbol]]\n# name = \"format_amount\"\n# canonical = \"pkg.money\"\n"
        )?;
    }
    report::discover::toml(&found, &mut text, INIT_GROUPS)?;
    if a.print {
        let mut out = io::stdout().lock();
        return quiet_pipe(out.write_all(&text).and_then(|_| out.flush()))
            .map(|_| ExitCode::SUCCESS);
    }
    let path = root.join(config::CONFIG_FILE);
    let mut err = io::stderr();
    if path.exists() {
        writeln!(
            err,
            "error: {} already exists; `ssot init` never overwrites it (use `ssot init --print` to see the suggestion)",
            visible(&path.display().to_string(), true)
        )?;
        return Ok(ExitCode::from(2));
    }
    // `create_new`: a file appearing meanwhile is not overwritten either.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| f.write_all(&text));
    match written {
        Ok(()) => {
            writeln!(
                err,
                "wrote {}; run `ssot check` next",
                visible(&path.display().to_string(), true)
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            writeln!(
                err,
                "error: cannot write {}: {e}",
                visible(&path.display().to_string(), true)
            )?;
            Ok(ExitCode::from(2))
        }
    }
}

/// `3 errors`, `1 file`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// How many of the findings `--fix` (and `--unsafe-fixes`) would fix, as one line; `None`
/// when there is nothing to say.
fn fix_hint(safe: usize, all: usize, fixing: bool, unsafe_on: bool) -> Option<String> {
    let hidden = all - safe;
    if fixing && (unsafe_on || hidden == 0) {
        return None;
    }
    match (safe, hidden, fixing) {
        (0, 0, _) => None,
        (0, h, _) => Some(format!(
            "{} fixable with `--fix --unsafe-fixes` (unsafe: review the changes).",
            count(h, "error")
        )),
        (s, 0, _) => Some(format!("{} fixable with `--fix`.", count(s, "error"))),
        (s, h, false) => Some(format!(
            "{} fixable with `--fix` ({h} more with `--unsafe-fixes`).",
            count(s, "error")
        )),
        (_, h, true) => Some(format!(
            "{} more fixable with `--unsafe-fixes`.",
            count(h, "error")
        )),
    }
}

/// `--show-fixes`: the applied fixes per file and rule.
fn show_fixes(fixed: &[crate::fixer::Fixed], dry_run: bool) -> String {
    let verb = if dry_run { "Would fix" } else { "Fixed" };
    if fixed.is_empty() {
        return format!("{verb} nothing.");
    }
    let mut per: std::collections::BTreeMap<&str, std::collections::BTreeMap<Code, usize>> =
        Default::default();
    for f in fixed {
        *per.entry(&f.path).or_default().entry(f.code).or_default() += 1;
    }
    let mut out = format!("{verb} {}:", count(fixed.len(), "error"));
    for (path, codes) in per {
        out.push_str(&format!("\n- {}:", visible(path, true)));
        for (code, n) in codes {
            out.push_str(&format!("\n    {n} \u{d7} {code} ({})", code.name()));
        }
    }
    out
}

/// `ssot config`.
fn show_config(a: &ConfigArgs) -> Run {
    let mut out = io::stdout().lock();
    if a.schema {
        let text = serde_json::to_string_pretty(&config::schema::schema()).unwrap_or_default();
        quiet_pipe(writeln!(out, "{text}").and_then(|_| out.flush()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = match &a.config {
        Some(p) => p.clone(),
        None => {
            let start = a
                .path
                .clone()
                .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
            match config::discover(&start) {
                Some(p) => p,
                None => {
                    say(&format!(
                        "error: no configuration found in {} or any parent directory (lint.toml, Cargo.toml with [workspace.metadata.ssot], pyproject.toml with [tool.ssot])",
                        start.display()
                    ))?;
                    return Ok(ExitCode::from(2));
                }
            }
        }
    };
    let cfg = match config::load(&path) {
        Ok(c) => c,
        Err(e) => {
            print_config_error(&e, false)?;
            return Ok(ExitCode::from(2));
        }
    };
    quiet_pipe(
        out.write_all(config::show::show(&cfg).as_bytes())
            .and_then(|_| out.flush()),
    )?;
    Ok(ExitCode::SUCCESS)
}
