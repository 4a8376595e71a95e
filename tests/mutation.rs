//! Mutation test (stable Rust, runs under `cargo test`): the fixture files, mutated with a
//! seeded PRNG (byte flips, deletions, duplicated ranges, tokens such as `(`, `"`, `'''`,
//! `#`, NUL, invalid UTF-8, very long lines, deep nesting, CRLF/CR, a BOM, a `#!` line, ...)
//! must never make ssot panic.
//!
//! - `front_ends_and_config_never_panic`: `lang::python::extract`, `lang::rust::extract`
//!   and `config::parse` on every mutated input, in-process under `catch_unwind`.
//! - `binary_never_panics_on_mutated_projects`: copies of every fixture project with
//!   mutated sources (and mutated Cargo.toml files), and copies with a mutated lint.toml,
//!   checked by the real binary with `--format json` and, in turn, `human`, `sarif`,
//!   `concise` or `github`: exit code 0, 1 or 2, never a panic, and on 0/1 the JSON report
//!   parses with `version == 1` (SARIF: `2.1.0`).
//!
//! Everything is deterministic. `SSOT_MUTATION_SEED=<n>` picks another base seed and
//! `SSOT_MUTATION_SCALE=<n>` multiplies the number of cases (for a longer local run). A
//! failure names the case seed and keeps the offending input on disk.
//! The fuzz targets under `fuzz/` (cargo-fuzz, nightly) cover the same entry points.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Cases known to crash, by case seed, each with what goes wrong; they are skipped so
/// the test stays green until the bug is fixed (then delete the entry to re-enable it,
/// and drop the `#[ignore]` of the matching regression test at the end of this file).
const KNOWN_CRASHES: &[(u64, &str)] = &[
    // None known. (A lint.toml error past column 65,535 used to panic in miette; it is
    // now printed as `path:line:col: message`, see the regression test at the end.)
];

const DEFAULT_SEED: u64 = 0x5eed_5507;

fn base_seed() -> u64 {
    std::env::var("SSOT_MUTATION_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

fn scale() -> usize {
    std::env::var("SSOT_MUTATION_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

fn known_crash(seed: u64) -> bool {
    KNOWN_CRASHES.iter().any(|&(s, _)| s == seed)
}

/// xorshift64*: small, fast, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // splitmix64 of the seed, so that nearby seeds give unrelated streams.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

/// The seed of one case: the base seed, what is mutated and the round.
fn case_seed(base: u64, file: &str, round: usize) -> u64 {
    // FNV-1a of the path, so adding a fixture does not renumber the other cases.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in file.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    base ^ h ^ (round as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Python,
    Rust,
    Config,
    Manifest,
}

impl Kind {
    fn of(path: &Path) -> Option<Kind> {
        let name = path.file_name()?.to_str()?;
        match name {
            "lint.toml" => Some(Kind::Config),
            "Cargo.toml" => Some(Kind::Manifest),
            _ if name.ends_with(".py") => Some(Kind::Python),
            _ if name.ends_with(".rs") => Some(Kind::Rust),
            _ => None,
        }
    }
}

const COMMON_TOKENS: &[&str] = &[
    "(", ")", "[", "]", "{", "}", "\"", "'", "'''", "\"\"\"", "#", "\0", "\\", ":", "::", "=", ".",
    ",", ";", "\n", "\r", "\r\n", "\t", " ", "    ", "\u{feff}", "\u{2028}", "\u{0085}", "é", "🦀",
    "\u{200b}", "ß", "$", "@", "!", "*", "**", "->", "=>", "<", ">", "&", "|", "`", "\x0c", "\x1b",
];

const PYTHON_TOKENS: &[&str] = &[
    "def ",
    "class ",
    "import ",
    "from ",
    " as ",
    "lambda",
    "async ",
    "await ",
    "yield ",
    "return ",
    "global ",
    "nonlocal ",
    "match ",
    "case ",
    "if ",
    "elif ",
    "else:",
    "try:",
    "except* ",
    "with ",
    "del ",
    "f\"",
    "rb'",
    "u'",
    "{x!r:>{w}}",
    "{{",
    "}}",
    ":=",
    "...",
    "from . import ",
    "from .. import *",
    "__all__ = [",
    "mock.patch(\"",
    "# ssot: ignore[",
    "# noqa: ",
    "# -*- coding: latin-1 -*-\n",
    "# coding: utf-16\n",
    "\\\n",
    "\n    ",
    "\n        ",
    "\n\t",
    "@decorator\n",
    "type X = ",
    "print ",
];

const RUST_TOKENS: &[&str] = &[
    "fn ",
    "pub ",
    "pub(crate) ",
    "mod ",
    "use ",
    "impl ",
    "trait ",
    "struct ",
    "enum ",
    "match ",
    "macro_rules! m { () => {} }",
    "const ",
    "static ",
    "extern crate ",
    "crate::",
    "self::",
    "super::",
    "::{",
    "as _",
    "r#\"",
    "\"#",
    "r##",
    "b'",
    "'a",
    "'\\u{",
    "/*",
    "*/",
    "//",
    "///",
    "//!",
    "#[",
    "#![",
    "#[test]",
    "#[path = \"",
    "#[cfg(test)]",
    "$x:expr",
    "<T>",
    "where ",
    "dyn ",
    "async move ",
    "?",
    "..=",
    "include!(\"",
];

const TOML_TOKENS: &[&str] = &[
    "[[symbol]]\n",
    "[[table]]\n",
    "[files]\n",
    "[symbol]\n",
    "[table]\n",
    "[package.metadata.ssot]\n",
    "[workspace]\n",
    "[lib]\n",
    "[[bin]]\n",
    "[dependencies]\n",
    "name = ",
    "canonical = ",
    "aliases = ",
    "facades = ",
    "reason = ",
    "enum = ",
    "min-entries = ",
    "required = ",
    "include = ",
    "exclude = ",
    "python-roots = ",
    "members = ",
    "path = ",
    "package = ",
    "= { path = \"",
    "\"\"",
    "\".\"",
    "\"::\"",
    "\"a..b\"",
    "\"**\"",
    "\"[\"",
    "\"{a,\"",
    "\"../..\"",
    "\"/\"",
    "[]",
    "[\"\"]",
    "{}",
    "true",
    "-1",
    "0",
    "18446744073709551616",
    "1e400",
    "nan",
    "inf",
    "1979-05-27T07:32:00Z",
    "'''",
    "\"\"\"",
    "\\u0000",
    "\\",
];

/// Bytes that are never valid UTF-8 where they land (or start a truncated sequence).
const INVALID_UTF8: &[&[u8]] = &[
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xe2\x82",
    b"\xed\xa0\x80",
    b"\xf8\x88\x80\x80\x80",
    b"\xc0\xaf",
    b"\x80",
    b"\xf4\x90\x80\x80",
];

fn tokens(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Python => PYTHON_TOKENS,
        Kind::Rust => RUST_TOKENS,
        Kind::Config | Kind::Manifest => TOML_TOKENS,
    }
}

/// A random range of `data` (possibly empty), biased towards short ones.
fn range(rng: &mut Rng, len: usize) -> (usize, usize) {
    if len == 0 {
        return (0, 0);
    }
    let start = rng.below(len);
    let max = if rng.chance(80) { 16 } else { len - start };
    let n = rng.below(max.min(len - start) + 1);
    (start, start + n)
}

/// One random edit of `data`; `other` is another fixture file, for splicing.
fn mutate_once(rng: &mut Rng, kind: Kind, data: &mut Vec<u8>, other: &[u8]) {
    let pos = rng.below(data.len() + 1);
    match rng.below(16) {
        0 => {
            if !data.is_empty() {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
        }
        1 => {
            if !data.is_empty() {
                let i = rng.below(data.len());
                data[i] = rng.next() as u8;
            }
        }
        2 => {
            let (a, b) = range(rng, data.len());
            data.drain(a..b);
        }
        3 => {
            let (a, b) = range(rng, data.len());
            let copy = data[a..b].to_vec();
            let times = if rng.chance(90) { 1 } else { rng.below(50) + 2 };
            let at = rng.below(data.len() + 1);
            for _ in 0..times {
                data.splice(at..at, copy.iter().copied());
            }
        }
        4 | 5 => {
            let t = if rng.chance(50) {
                rng.pick(COMMON_TOKENS)
            } else {
                rng.pick(tokens(kind))
            };
            data.splice(pos..pos, t.bytes());
        }
        6 => {
            let bad = rng.pick(INVALID_UTF8);
            data.splice(pos..pos, bad.iter().copied());
        }
        7 => {
            // A very long line.
            let unit: &[u8] = rng.pick(&[&b"x"[..], b"a + ", b"\"s\" ", b"1,", b" ", b"\t"]);
            let n = [1000, 10_000, 100_000][rng.below(3)];
            let long: Vec<u8> = unit.iter().copied().cycle().take(n).collect();
            data.splice(pos..pos, long);
        }
        8 => {
            // Deep nesting, closed or not; around and beyond the 200 / 1,000 limits.
            let (open, close) = rng.pick(&[("(", ")"), ("[", "]"), ("{", "}"), ("x(", ")")]);
            let depth = rng.pick(&[50, 199, 201, 999, 1001, 5000]);
            let mut s = open.repeat(depth);
            if rng.chance(60) {
                s.push('1');
                s.push_str(&close.repeat(depth));
            }
            data.splice(pos..pos, s.into_bytes());
        }
        9 => {
            let nl: &[u8] = if rng.chance(50) { b"\r\n" } else { b"\r" };
            let mut out = Vec::with_capacity(data.len() + data.len() / 16);
            for &b in data.iter() {
                if b == b'\n' {
                    out.extend_from_slice(nl);
                } else {
                    out.push(b);
                }
            }
            *data = out;
        }
        10 => {
            let head: &[u8] = rng.pick(&[
                &b"\xef\xbb\xbf"[..],
                b"#!/usr/bin/env python3\n",
                b"#!/usr/bin/env rust-script\n",
                b"#![allow(unused)]\n",
                b"\xef\xbb\xbf#!x\n",
                b"#!",
            ]);
            data.splice(0..0, head.iter().copied());
        }
        11 => {
            let cut = rng.below(data.len() + 1);
            data.truncate(cut);
        }
        12 => {
            // Splice a range of another fixture file in.
            let (a, b) = range(rng, other.len());
            data.splice(pos..pos, other[a..b].iter().copied());
        }
        13 => {
            // Swap two bytes far apart (often a bracket or a quote).
            if data.len() > 1 {
                let i = rng.below(data.len());
                let j = rng.below(data.len());
                data.swap(i, j);
            }
        }
        14 => {
            // Indentation noise: a line's leading spaces become tabs or vanish.
            let starts: Vec<usize> = std::iter::once(0)
                .chain(
                    data.iter()
                        .enumerate()
                        .filter(|(_, b)| **b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .filter(|&i| i < data.len())
                .collect();
            if !starts.is_empty() {
                let s = rng.pick(&starts);
                let n = data[s..].iter().take_while(|b| **b == b' ').count();
                let with: &[u8] = rng.pick(&[&b""[..], b"\t", b" ", b"        \t"]);
                data.splice(s..s + n, with.iter().copied());
            }
        }
        _ => {
            let n = rng.below(8) + 1;
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            data.splice(pos..pos, bytes);
        }
    }
}

/// `data` with 1 to 4 random edits (rarely up to 16).
fn mutate(seed: u64, kind: Kind, data: &[u8], other: &[u8]) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut out = data.to_vec();
    let edits = if rng.chance(90) {
        rng.below(4) + 1
    } else {
        rng.below(16) + 1
    };
    for _ in 0..edits {
        mutate_once(&mut rng, kind, &mut out, other);
    }
    out
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Files as (relative path, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// Every file under `dir`, sorted, as (path relative to `dir` with `/`, bytes).
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).expect("read fixture dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                let rel = rel.to_str().unwrap().replace('\\', "/");
                out.push((rel, std::fs::read(&path).expect("read fixture")));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The fixture inputs that are mutated: (path under fixtures/, kind, bytes).
fn inputs() -> Vec<(String, Kind, Vec<u8>)> {
    files_under(&fixtures_dir())
        .into_iter()
        .filter_map(|(rel, bytes)| Some((rel.clone(), Kind::of(Path::new(&rel))?, bytes)))
        .collect()
}

/// Run `f` on a thread with a large stack (as ssot's own parse pool does), catching panics.
fn on_big_stack<F: FnOnce() + Send>(f: F) -> Result<(), String> {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn_scoped(s, move || {
                catch_unwind(AssertUnwindSafe(f)).map_err(|e| {
                    e.downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| e.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "non-string panic".into())
                })
            })
            .expect("spawn")
            .join()
            .unwrap_or_else(|_| Err("thread died".into()))
    })
}

/// The library entry point for one input kind.
fn run_library(kind: Kind, rel: &str, bytes: &[u8]) {
    match kind {
        Kind::Python => {
            let text = match ssot::source::decode_pep263(bytes) {
                Ok(t) => t.into_owned(),
                Err(_) => String::from_utf8_lossy(bytes).into_owned(),
            };
            let is_package = rel.ends_with("__init__.py");
            let facts = ssot::lang::python::extract(rel, "pkg.sub.mod", is_package, &text);
            std::hint::black_box(facts);
        }
        Kind::Rust => {
            let text = match ssot::source::decode_utf8(bytes) {
                Ok(t) => t.into_owned(),
                Err(_) => String::from_utf8_lossy(bytes).into_owned(),
            };
            let files = [rel.to_string()];
            let (layout, _) = ssot::lang::rust::discover(&[], &files);
            let info = layout.file(rel);
            std::hint::black_box(ssot::lang::rust::extract(rel, &info, &text));
        }
        Kind::Config => {
            let text = String::from_utf8_lossy(bytes);
            let _ = std::hint::black_box(ssot::config::parse(Path::new("lint.toml"), &text));
        }
        Kind::Manifest => {
            let text = String::from_utf8_lossy(bytes);
            let manifests = [("Cargo.toml".to_string(), text.into_owned())];
            let files = ["src/lib.rs".to_string(), "src/a/mod.rs".to_string()];
            let (layout, _) = ssot::lang::rust::discover(&manifests, &files);
            std::hint::black_box(layout.file("src/a/mod.rs"));
        }
    }
}

/// Where failing inputs are kept.
fn failure_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("ssot-mutation-failures-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("create failure dir");
    d
}

/// Run `n` jobs on `threads` worker threads; `job(i)` returns failure messages.
fn parallel<F: Fn(usize) -> Vec<String> + Sync>(n: usize, threads: usize, job: F) -> Vec<String> {
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let f = job(i);
                    failures.lock().unwrap().extend(f);
                }
            });
        }
    });
    failures.into_inner().unwrap()
}

fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(2, 8)
}

/// Rounds of library mutations per fixture file.
const LIBRARY_ROUNDS: usize = 12;

#[test]
fn front_ends_and_config_never_panic() {
    let started = std::time::Instant::now();
    let base = base_seed();
    let inputs = inputs();
    let rounds = LIBRARY_ROUNDS * scale();
    let jobs: Vec<(usize, usize)> = (0..inputs.len())
        .flat_map(|f| (0..rounds).map(move |r| (f, r)))
        .collect();
    // Silence the default panic message per caught panic; failures are listed below.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let failures = parallel(jobs.len(), threads(), |j| {
        let (f, round) = jobs[j];
        let (rel, kind, bytes) = &inputs[f];
        let seed = case_seed(base, rel, round);
        if known_crash(seed) {
            return Vec::new();
        }
        let other = &inputs[(f + round + 1) % inputs.len()].2;
        let mutated = mutate(seed, *kind, bytes, other);
        let name = Path::new(rel).file_name().unwrap().to_str().unwrap();
        match on_big_stack(|| run_library(*kind, rel, &mutated)) {
            Ok(()) => Vec::new(),
            Err(msg) => {
                let keep = failure_dir().join(format!("{seed:016x}-{name}"));
                std::fs::write(&keep, &mutated).expect("keep failing input");
                vec![format!(
                    "{kind:?} front end panicked: {msg}\n  fixture: fixtures/{rel}\n  case seed: {seed} (base {base}, round {round})\n  input: {}",
                    keep.display()
                )]
            }
        }
    });
    std::panic::set_hook(hook);
    eprintln!(
        "mutation (library): {} cases in {:.1}s, base seed {base}",
        jobs.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} mutated inputs made a front end panic:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Rounds of mutated-source projects and of mutated-lint.toml projects per fixture project.
const SOURCE_ROUNDS: usize = 6;
const CONFIG_ROUNDS: usize = 8;

/// How often each exit code was seen, per format (printed, to show the mix is sane).
static EXIT_CODES: Mutex<BTreeMap<(&str, Option<i32>), usize>> = Mutex::new(BTreeMap::new());

/// The other output formats, one per run after `json`, in turn.
const OTHER_FORMATS: &[&str] = &["human", "sarif", "concise", "github"];

/// Runs of the real binary (`--format json`, then `other`); failure messages (empty when
/// all is well).
fn check_binary(dir: &Path, what: &str, other: &'static str) -> Vec<String> {
    let mut failures = Vec::new();
    for format in ["json", other] {
        let out = Command::new(env!("CARGO_BIN_EXE_ssot"))
            .args(["check"])
            .arg(dir)
            .args(["--format", format, "--color", "never"])
            .env_remove("NO_COLOR")
            .output()
            .expect("run ssot");
        let code = out.status.code();
        *EXIT_CODES
            .lock()
            .unwrap()
            .entry((format, code))
            .or_default() += 1;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: String = stderr
            .chars()
            .rev()
            .take(3000)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let fail = |why: String| format!("{what}\n  --format {format}: {why}\n  stderr: {tail}");
        if code == Some(101) || stderr.contains("panicked") {
            failures.push(fail(format!("panicked (exit {code:?})")));
            continue;
        }
        match code {
            Some(0..=2) => {}
            _ => {
                failures.push(fail(format!("exit code {code:?} (a signal: crash?)")));
                continue;
            }
        }
        if format == "json" && code != Some(2) {
            match serde_json::from_str::<serde_json::Value>(&stdout) {
                Ok(v) if v["version"] == 1 => {}
                Ok(v) => failures.push(fail(format!("JSON version is {}", v["version"]))),
                Err(e) => failures.push(fail(format!("stdout is not JSON ({e})"))),
            }
        }
        if format == "sarif" && code != Some(2) {
            match serde_json::from_str::<serde_json::Value>(&stdout) {
                Ok(v) if v["version"] == "2.1.0" => {}
                Ok(v) => failures.push(fail(format!("SARIF version is {}", v["version"]))),
                Err(e) => failures.push(fail(format!("SARIF stdout is not JSON ({e})"))),
            }
        }
    }
    failures
}

/// Copy `files` (relative to the project) into `dir`, each through `edit`.
fn write_project(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    mut edit: impl FnMut(&str, &[u8]) -> Vec<u8>,
) {
    for (rel, bytes) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).expect("mkdir");
        std::fs::write(&path, edit(rel, bytes)).expect("write");
    }
}

#[test]
fn binary_never_panics_on_mutated_projects() {
    let started = std::time::Instant::now();
    let base = base_seed();
    let fixtures = fixtures_dir();
    // Every fixture project: a directory with a lint.toml.
    let all = files_under(&fixtures);
    let projects: Vec<(String, Files)> = all
        .iter()
        .filter_map(|(rel, _)| rel.strip_suffix("lint.toml"))
        .map(|dir| {
            let files: Files = all
                .iter()
                .filter_map(|(rel, bytes)| {
                    let inner = rel.strip_prefix(dir)?;
                    Some((inner.to_string(), bytes.clone()))
                })
                .collect();
            (dir.trim_end_matches('/').to_string(), files)
        })
        .collect();
    assert!(projects.len() >= 10, "fixture projects not found");
    let srcs: Vec<&[u8]> = all.iter().map(|(_, b)| b.as_slice()).collect();

    let tmp = tempfile::Builder::new()
        .prefix("ssot-mutation-")
        .tempdir()
        .expect("tempdir");
    let rounds_src = SOURCE_ROUNDS * scale();
    let rounds_cfg = CONFIG_ROUNDS * scale();
    // Job j: project j / per, then round; the first `rounds_src` rounds mutate sources,
    // the rest lint.toml.
    let per = rounds_src + rounds_cfg;
    let mutated_files = AtomicUsize::new(0);
    let failures = parallel(projects.len() * per, threads(), |j| {
        let (name, files) = &projects[j / per];
        let round = j % per;
        let dir = tmp
            .path()
            .join(format!("{}-{round}", name.replace('/', "_")));
        let mut seeds = Vec::new();
        if round < rounds_src {
            // Mutate most source files (and now and then a Cargo.toml) of one copy.
            write_project(&dir, files, |rel, bytes| {
                let kind = Kind::of(Path::new(rel));
                let seed = case_seed(base, &format!("{name}/{rel}"), round);
                let mut rng = Rng::new(seed ^ 1);
                let go = match kind {
                    Some(Kind::Python | Kind::Rust) => rng.chance(70),
                    Some(Kind::Manifest) => rng.chance(15),
                    _ => false,
                };
                if !go || known_crash(seed) {
                    return bytes.to_vec();
                }
                seeds.push(format!("{rel}: {seed}"));
                mutated_files.fetch_add(1, Ordering::Relaxed);
                let other = srcs[rng.below(srcs.len())];
                mutate(seed, kind.unwrap(), bytes, other)
            });
        } else {
            let seed = case_seed(base, &format!("{name}/lint.toml"), round + 1000);
            if known_crash(seed) {
                return Vec::new();
            }
            seeds.push(format!("lint.toml: {seed}"));
            write_project(&dir, files, |rel, bytes| {
                if rel != "lint.toml" {
                    return bytes.to_vec();
                }
                mutated_files.fetch_add(1, Ordering::Relaxed);
                let other = srcs[Rng::new(seed).below(srcs.len())];
                mutate(seed, Kind::Config, bytes, other)
            });
        }
        let what = format!(
            "project fixtures/{name}, round {round}, base seed {base}\n  mutated copy: {}\n  case seeds: {}",
            dir.display(),
            seeds.join(", ")
        );
        let other = OTHER_FORMATS[j % OTHER_FORMATS.len()];
        let failures = check_binary(&dir, &what, other);
        if failures.is_empty() {
            let _ = std::fs::remove_dir_all(&dir);
        } else {
            // Keep the offending project: copy it out of the temporary directory.
            let keep = failure_dir().join(dir.file_name().unwrap());
            let _ = std::fs::rename(&dir, &keep).or_else(|_| {
                write_project(&keep, &files_under(&dir), |_, b| b.to_vec());
                Ok::<(), ()>(())
            });
            return failures
                .into_iter()
                .map(|f| format!("{f}\n  kept at: {}", keep.display()))
                .collect();
        }
        Vec::new()
    });
    eprintln!(
        "mutation (binary): {} runs, {} mutated files in {:.1}s, base seed {base}; exit codes {:?}",
        projects.len() * per * 2,
        mutated_files.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64(),
        EXIT_CODES.lock().unwrap()
    );
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &failures {
        *by_kind
            .entry(if f.contains("panicked") {
                "panic"
            } else {
                "other"
            })
            .or_default() += 1;
    }
    assert!(
        failures.is_empty(),
        "{} failing runs ({by_kind:?}):\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Run the binary on a project whose lint.toml is `config`: (exit code, stderr).
fn run_with_config(config: &str) -> (Option<i32>, String) {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("lint.toml"), config).expect("write lint.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_ssot"))
        .arg("check")
        .arg(tmp.path())
        .args(["--format", "json"])
        .output()
        .expect("run ssot");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Regression (found by this test with seed 1, scale 6): an invalid lint.toml whose error is
/// past column 65,535 made miette panic while the error was printed; such errors are now
/// printed without a snippet, like source lines too long to show.
#[test]
fn config_error_on_a_very_long_line_is_reported_not_a_panic() {
    let syntax = format!("x = \"{}\" ]\n", "a".repeat(70_000));
    let invalid = format!("[files]\ninclude = [{}3]\n", "\"a\", ".repeat(20_000));
    for config in [syntax, invalid] {
        let (code, stderr) = run_with_config(&config);
        assert_eq!(code, Some(2), "stderr: {stderr}");
        assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    }
}

/// The same kind of error on a short line is reported with exit code 2.
#[test]
fn config_error_is_reported_not_a_panic() {
    let (code, stderr) = run_with_config("x = \"a\" ]\n");
    assert_eq!(code, Some(2), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
}
