//! `--fix` on every fixture, through the library entry point the CLI uses
//! (`ssot::fixer::fix`): each fixture is copied to a temp directory and fixed with unsafe
//! fixes on. The diff of what changed is snapshotted, the written tree is checked again
//! (the fixed diagnostics are gone, nothing new appears, what is left is snapshotted), every
//! changed Python file still compiles and every changed Rust file still parses, and a second
//! run changes nothing. A property test repeats this on layout variants of the fixtures
//! (CRLF, a byte-order mark, tab or two-space indentation, blank lines and comments between
//! statements):
//! the output must still parse, keep the file's line endings and BOM, and leave the same
//! findings as the unmutated fixture.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use ssot::diagnostic::Applicability;
use ssot::fixer::{FixOptions, Outcome};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let ft = entry.file_type().unwrap();
        if ft.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if ft.is_file() {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// (code, path, line) of each diagnostic.
type Found = BTreeSet<(String, String, usize)>;

fn found(report: &ssot::Report) -> Found {
    report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.diag.code.as_str().to_string(),
                d.diag.location.path.clone(),
                d.line,
            )
        })
        .collect()
}

fn config(dir: &Path) -> ssot::config::Config {
    ssot::config::load(&dir.join("lint.toml")).expect("valid lint.toml")
}

fn check(dir: &Path) -> Found {
    found(&ssot::check(&config(dir), &ssot::Options::default()))
}

/// `--fix --unsafe-fixes` on the project in `dir`.
fn fix(dir: &Path) -> Outcome {
    ssot::fixer::fix(
        &config(dir),
        &ssot::Options::default(),
        &FixOptions {
            level: Applicability::Unsafe,
            unfixable: Default::default(),
            write: true,
        },
    )
}

/// Fix `dir` in place; returns the findings before, the outcome and the findings after
/// (read back from disk, which must agree with what the fixer saw).
fn fix_dir(dir: &Path, what: &str) -> (Found, Outcome, Found) {
    let before = check(dir);
    let outcome = fix(dir);
    assert!(
        outcome.write_errors.is_empty(),
        "{what}: {:?}",
        outcome.write_errors
    );
    let after = check(dir);
    assert_eq!(
        after,
        found(&outcome.report),
        "{what}: the written tree differs"
    );
    // A second run finds nothing to apply.
    let again = fix(dir);
    assert!(
        again.changes.is_empty(),
        "{what}: a second --fix still changes {:?}",
        again.changes.keys().collect::<Vec<_>>()
    );
    (before, outcome, after)
}

fn python_compiles(dir: &Path, files: &[&String]) {
    let py: Vec<&&String> = files.iter().filter(|f| f.ends_with(".py")).collect();
    if py.is_empty() {
        return;
    }
    let ok = Command::new("python3")
        .arg("-m")
        .arg("py_compile")
        .args(py.iter().map(|f| dir.join(f)))
        .status();
    match ok {
        Ok(s) => assert!(s.success(), "fixed Python files do not compile: {py:?}"),
        Err(e) => eprintln!("python3 not available ({e}); compile check skipped"),
    }
}

/// Every changed file parses with its front end.
fn all_parse(dir: &Path, outcome: &Outcome, what: &str) {
    for rel in outcome.changes.keys() {
        let text = std::fs::read_to_string(dir.join(rel)).unwrap();
        let ok = if rel.ends_with(".py") {
            ssot::lang::python::syntax_ok(&text)
        } else if rel.ends_with(".rs") {
            syn::parse_file(&text).is_ok()
        } else {
            text.parse::<toml::Table>().is_ok()
        };
        assert!(ok, "{what}: {rel} no longer parses");
    }
}

fn codes(set: &Found) -> Vec<String> {
    set.iter()
        .map(|(c, p, l)| format!("{p}:{l}: {c}"))
        .collect()
}

/// The fixture fixed in a temp copy; the diff and what is left are snapshotted as `name`.
fn fix_fixture(fixture: &str, name: &str) -> (Found, Outcome, Found) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join(fixture), tmp.path());
    let (before, outcome, after) = fix_dir(tmp.path(), fixture);
    let changed: Vec<&String> = outcome.changes.keys().collect();
    python_compiles(tmp.path(), &changed);
    all_parse(tmp.path(), &outcome, fixture);
    let had_parse_errors = before.iter().any(|(c, _, _)| c == "SSOT000");
    for (c, p, l) in &after {
        assert!(
            before.iter().any(|(b, _, _)| b == c),
            "{fixture}: new {c} at {p}:{l}"
        );
        if !had_parse_errors {
            assert_ne!(c, "SSOT000", "{fixture}: a fix broke {p}:{l}");
        }
    }
    insta::assert_snapshot!(format!("{name}_after_fixes"), codes(&after).join("\n"));
    insta::assert_snapshot!(
        format!("{name}_fix_diff"),
        ssot::fixer::unified_diff(&outcome.changes)
    );
    (before, outcome, after)
}

#[test]
fn every_fix_on_the_incident_fixture_is_right() {
    let (before, outcome, after) = fix_fixture("fixtures/netra_before", "netra_before");
    assert!(before.len() > after.len(), "{:?}", codes(&after));
    assert!(outcome.rolled_back.is_empty(), "{:?}", outcome.rolled_back);
    for (c, p, l) in &after {
        // Every SSOT003 had a fix: none is left.
        assert_ne!(c, "SSOT003", "SSOT003 left at {p}:{l}");
    }
}

#[test]
fn every_fix_on_the_rule_fixtures_is_right() {
    for group in ["fixtures/rules", "fixtures/rules_rust"] {
        let mut dirs: Vec<_> = std::fs::read_dir(root().join(group))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        dirs.sort();
        for d in dirs {
            let fixture = format!("{group}/{d}");
            let name = format!("{}_{d}", group.trim_start_matches("fixtures/"));
            fix_fixture(&fixture, &name);
        }
    }
}

/// A tiny deterministic PRNG (xorshift), so the variants are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[derive(Debug, Clone, Copy)]
enum Layout {
    Crlf,
    Bom,
    Tabs,
    TwoSpaces,
    Blank,
}

/// `text` (a Python or Rust file) in another layout that means the same program.
fn relayout(text: &str, layout: Layout, python: bool, rng: &mut Rng) -> String {
    match layout {
        Layout::Crlf => text.replace("\r\n", "\n").replace('\n', "\r\n"),
        Layout::Bom => format!("\u{feff}{text}"),
        // Python: block indentation in tabs (four spaces each); Rust: any indentation.
        Layout::Tabs => {
            text.lines()
                .map(|l| {
                    let n = l.len() - l.trim_start_matches(' ').len();
                    format!("{}{}{}", "\t".repeat(n / 4), " ".repeat(n % 4), &l[n..])
                })
                .collect::<Vec<_>>()
                .join("\n")
                + if text.ends_with('\n') { "\n" } else { "" }
        }
        // Odd indentation: every four spaces of leading indentation become two.
        Layout::TwoSpaces => {
            text.lines()
                .map(|l| {
                    let n = l.len() - l.trim_start_matches(' ').len();
                    format!("{}{}{}", "  ".repeat(n / 4), " ".repeat(n % 4), &l[n..])
                })
                .collect::<Vec<_>>()
                .join("\n")
                + if text.ends_with('\n') { "\n" } else { "" }
        }
        // A comment line or a blank line after some lines that end a statement at the
        // top level (no open bracket, no continuation).
        Layout::Blank => {
            let mut out = String::new();
            let mut depth: i32 = 0;
            let mut in_str = false;
            for l in text.lines() {
                out.push_str(l);
                out.push('\n');
                for c in l.chars() {
                    match c {
                        '(' | '[' | '{' if !in_str => depth += 1,
                        ')' | ']' | '}' if !in_str => depth -= 1,
                        _ => {}
                    }
                }
                if l.matches("\"\"\"").count() % 2 == 1 {
                    in_str = !in_str;
                }
                let closed = depth == 0 && !in_str && !l.trim_end().ends_with('\\');
                if closed && !l.trim().is_empty() && rng.below(4) == 0 {
                    out.push_str(if rng.below(2) == 0 {
                        "\n"
                    } else if python {
                        "# layout variant\n"
                    } else {
                        "// layout variant\n"
                    });
                }
            }
            if !text.ends_with('\n') {
                out.pop();
            }
            out
        }
    }
}

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            source_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "py" || e == "rs") {
            out.push(p);
        }
    }
}

/// (code, path) -> count: what is left, whatever the line numbers.
fn tally(found: &Found) -> BTreeMap<(String, String), usize> {
    let mut t = BTreeMap::new();
    for (c, p, _) in found {
        *t.entry((c.clone(), p.clone())).or_default() += 1;
    }
    t
}

#[test]
fn fixes_keep_each_file_layout_and_mean_the_same_on_every_layout() {
    let fixtures = [
        "fixtures/netra_before",
        "fixtures/rules/ssot003_non_canonical_import",
        "fixtures/rules/ssot001_duplicate_definition",
        "fixtures/rules/ssot002_renamed_copy",
        "fixtures/rules/ssot008_unguarded_value",
        "fixtures/rust_before",
        "fixtures/rules_rust/ssot003_non_canonical_import",
        "fixtures/rules_rust/ssot008_unguarded_value",
    ];
    let mut rng = Rng(0x5eed_f1c5);
    for fixture in fixtures {
        let plain = tempfile::tempdir().unwrap();
        copy_dir(&root().join(fixture), plain.path());
        let (_, _, plain_after) = fix_dir(plain.path(), fixture);
        for layout in [
            Layout::Crlf,
            Layout::Bom,
            Layout::Tabs,
            Layout::TwoSpaces,
            Layout::Blank,
        ] {
            let what = format!("{fixture} ({layout:?})");
            let tmp = tempfile::tempdir().unwrap();
            copy_dir(&root().join(fixture), tmp.path());
            let mut files = Vec::new();
            source_files(tmp.path(), &mut files);
            for f in &files {
                let python = f.extension().is_some_and(|e| e == "py");
                let text = std::fs::read_to_string(f).unwrap();
                std::fs::write(f, relayout(&text, layout, python, &mut rng)).unwrap();
            }
            let (_, outcome, after) = fix_dir(tmp.path(), &what);
            assert!(!outcome.fixed.is_empty(), "{what}: nothing was fixed");
            assert!(
                outcome.rolled_back.is_empty(),
                "{what}: {:?}",
                outcome.rolled_back
            );
            all_parse(tmp.path(), &outcome, &what);
            let changed: Vec<&String> = outcome.changes.keys().collect();
            python_compiles(tmp.path(), &changed);
            for rel in outcome.changes.keys() {
                let text = std::fs::read_to_string(tmp.path().join(rel)).unwrap();
                match layout {
                    Layout::Crlf => assert!(
                        !text.replace("\r\n", "").contains('\n'),
                        "{what}: {rel} got a bare LF"
                    ),
                    Layout::Bom => {
                        assert!(text.starts_with('\u{feff}'), "{what}: {rel} lost its BOM")
                    }
                    _ => {}
                }
            }
            assert_eq!(
                tally(&after),
                tally(&plain_after),
                "{what}: other findings are left than on the plain fixture"
            );
        }
    }
}

#[test]
fn a_latin1_file_is_fixed_in_its_encoding() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(
        d.join("lint.toml"),
        "[[symbol]]\nname = \"slugify\"\ncanonical = \"shop.text\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(d.join("shop")).unwrap();
    std::fs::write(d.join("shop/__init__.py"), "").unwrap();
    std::fs::write(d.join("shop/text.py"), "def slugify(s):\n    return s\n").unwrap();
    std::fs::write(d.join("shop/legacy.py"), "def slugify(s):\n    return s\n").unwrap();
    std::fs::write(
        d.join("shop/orders.py"),
        b"# -*- coding: latin-1 -*-\nfrom shop.legacy import slugify\n\nLABEL = 'caf\xe9'\n",
    )
    .unwrap();
    let (_, outcome, after) = fix_dir(d, "latin-1");
    assert!(after.is_empty(), "{after:?}");
    assert!(outcome.changes.contains_key("shop/orders.py"));
    assert_eq!(
        std::fs::read(d.join("shop/orders.py")).unwrap(),
        b"# -*- coding: latin-1 -*-\nfrom shop.text import slugify\n\nLABEL = 'caf\xe9'\n"
    );
}
