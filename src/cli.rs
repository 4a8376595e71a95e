//! Command-line interface shared by `ssot` and `cargo ssot`: argument parsing, config
//! discovery, output selection and exit codes (0 clean, 1 errors found, 2 usage or
//! configuration error).

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config;
use crate::report::{self, Format};

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
    Check(CheckArgs),
    /// Explain a rule (`ssot rule SSOT003`), or list all rules
    Rule {
        /// A rule code (SSOT003) or name (non-canonical-import)
        code: Option<String>,
    },
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
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Rule { code } => rule(code.as_deref()),
        Command::Check(a) => check(a),
    }
}

fn rule(code: Option<&str>) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match code {
        None => {
            let width = crate::rules::RULES
                .iter()
                .map(|r| r.name.len())
                .max()
                .unwrap_or(0);
            for r in crate::rules::RULES {
                let _ = writeln!(out, "{}  {:<width$}  {}", r.id, r.name, r.summary);
            }
            ExitCode::SUCCESS
        }
        Some(c) => match crate::rules::find(c) {
            Some(r) => {
                let _ = writeln!(out, "{}", r.doc());
                ExitCode::SUCCESS
            }
            None => {
                let codes: Vec<&str> = crate::rules::RULES.iter().map(|r| r.id).collect();
                eprintln!("error: unknown rule `{c}`; rules are {}", codes.join(", "));
                ExitCode::from(2)
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

fn check(a: CheckArgs) -> ExitCode {
    let color = use_color(a.color);
    let format = a.format;
    if let Some(missing) = a.paths.iter().find(|p| !p.exists()) {
        eprintln!("error: {}: no such file or directory", missing.display());
        return ExitCode::from(2);
    }
    let config_path = match &a.config {
        Some(p) => p.clone(),
        None => {
            let start = a
                .paths
                .first()
                .cloned()
                .or_else(|| stdin_start(a.stdin_filename.as_deref()))
                .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
            match config::discover(&start) {
                Some(p) => p,
                None => {
                    eprintln!(
                        "error: no {} (or Cargo.toml with [workspace.metadata.ssot] / [package.metadata.ssot]) found in {} or any parent directory\n  help: create lint.toml at the project root (see README.md, lint.toml reference), or pass --config FILE",
                        config::CONFIG_FILE,
                        start.display()
                    );
                    return ExitCode::from(2);
                }
            }
        }
    };
    let cfg = match config::load(&config_path) {
        Ok(c) => c,
        Err(e) => {
            print_config_error(&e, color);
            return ExitCode::from(2);
        }
    };
    if cfg.symbols.is_empty() && cfg.tables.is_empty() {
        eprintln!(
            "warning: {} declares no [[symbol]] or [[table]]: only parse errors will be reported",
            cfg.path.display()
        );
    }
    let stdin = match &a.stdin_filename {
        None => None,
        Some(p) => match read_stdin() {
            Ok(text) => Some((p.clone(), text)),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let opts = crate::Options {
        stdin,
        only: a.paths.clone(),
        verbose: a.verbose,
    };
    let report = crate::check(&cfg, &opts);
    for n in &report.notes {
        eprintln!("note: {n}");
    }
    let mut out = std::io::stdout().lock();
    let res = format
        .emitter(color)
        .emit(&report, &mut out)
        .and_then(|_| out.flush());
    if let Err(e) = res
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write output: {e}");
        return ExitCode::from(2);
    }
    if format == Format::Concise {
        eprintln!("{}", report::summary(&report));
    }
    if report.errors() > 0 && !a.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// At most this many config errors are rendered; the count line gives the rest.
const MAX_CONFIG_ERRORS_SHOWN: usize = 100;

/// Print every error of a config file (miette's graphical rendering for those with a
/// place), then `error: lint.toml has N errors` when there are several.
fn print_config_error(errors: &config::ConfigErrors, color: bool) {
    let theme = if color && std::io::stderr().is_terminal() {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut err = std::io::stderr().lock();
    for e in errors.iter().take(MAX_CONFIG_ERRORS_SHOWN) {
        let mut s = String::new();
        if e.span.is_some() && handler.render_report(&mut s, e).is_ok() {
            let _ = writeln!(err, "{s}");
        } else {
            let _ = writeln!(err, "error: {}", e.message);
            if let Some(h) = &e.help {
                let _ = writeln!(err, "  help: {h}");
            }
        }
    }
    let n = errors.len();
    if n > MAX_CONFIG_ERRORS_SHOWN {
        let _ = writeln!(
            err,
            "note: {} more errors not shown",
            n - MAX_CONFIG_ERRORS_SHOWN
        );
    }
    if n > 1 {
        let _ = writeln!(err, "error: {errors}");
    }
}
