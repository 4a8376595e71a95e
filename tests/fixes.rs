//! Every suggested edit is applied and proven right: each fixture is copied to a temp
//! directory, every safe and unsafe fix is applied (in passes, like `--fix` will), and the
//! result is checked again: the fixed diagnostics are gone, nothing new appears, every
//! changed Python file still compiles and every changed Rust file still parses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use ssot::diagnostic::{Applicability, Edit};

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

/// (code, path, line) of every diagnostic, and the report.
fn check(dir: &Path) -> (Found, ssot::Report) {
    let cfg = ssot::config::load(&dir.join("lint.toml")).expect("valid lint.toml");
    let report = ssot::check(&cfg, &ssot::Options::default());
    let found = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.diag.code.as_str().to_string(),
                d.diag.location.path.clone(),
                d.line,
            )
        })
        .collect();
    (found, report)
}

/// Apply every applicable fix whose edits do not overlap an edit already taken; returns
/// how many fixes were applied and the files changed.
fn apply_pass(dir: &Path, report: &ssot::Report, changed: &mut BTreeSet<String>) -> usize {
    let mut taken: BTreeMap<String, Vec<Edit>> = BTreeMap::new();
    let mut applied = 0;
    for d in &report.diagnostics {
        let Some(fix) = &d.diag.fix else { continue };
        if !ssot::fix::applicable(fix, Applicability::Unsafe) || fix.edits.is_empty() {
            continue;
        }
        let clashes = fix.edits.iter().any(|e| {
            taken.get(&e.path).is_some_and(|es| {
                es.iter().any(|o| {
                    o != e
                        && o.span.start < e.span.end.max(e.span.start + 1)
                        && e.span.start < o.span.end.max(o.span.start + 1)
                })
            })
        });
        if clashes {
            continue;
        }
        for e in &fix.edits {
            taken.entry(e.path.clone()).or_default().push(e.clone());
        }
        applied += 1;
    }
    for (path, edits) in &taken {
        let text = report.source_text(path);
        let refs: Vec<&Edit> = edits.iter().collect();
        let new = ssot::fix::apply(&text, &refs).unwrap_or_else(|e| panic!("{path}: {e:?}"));
        std::fs::write(dir.join(path), new).unwrap();
        changed.insert(path.clone());
    }
    applied
}

/// (code, path, line) of each diagnostic.
type Found = BTreeSet<(String, String, usize)>;

/// Fix `fixture` in a temp copy; returns the diagnostics before and after, the fixed
/// tree and the files changed.
fn fix_fixture(fixture: &str) -> (Found, Found, tempfile::TempDir, BTreeSet<String>) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join(fixture), tmp.path());
    let (before, mut report) = check(tmp.path());
    let mut changed = BTreeSet::new();
    for _ in 0..5 {
        if apply_pass(tmp.path(), &report, &mut changed) == 0 {
            break;
        }
        report = check(tmp.path()).1;
    }
    let (after, report) = check(tmp.path());
    // Nothing left with an applicable fix: a second run changes nothing.
    let mut again = BTreeSet::new();
    assert_eq!(
        apply_pass(tmp.path(), &report, &mut again),
        0,
        "{fixture}: a second pass still finds fixes"
    );
    (before, after, tmp, changed)
}

fn python_compiles(dir: &Path, files: &BTreeSet<String>) {
    let py: Vec<&String> = files.iter().filter(|f| f.ends_with(".py")).collect();
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

fn codes(set: &Found) -> Vec<String> {
    set.iter()
        .map(|(c, p, l)| format!("{p}:{l}: {c}"))
        .collect()
}

#[test]
fn every_fix_on_the_incident_fixture_is_right() {
    let (before, after, tmp, changed) = fix_fixture("fixtures/netra_before");
    assert!(before.len() > after.len(), "{:?}", codes(&after));
    python_compiles(tmp.path(), &changed);
    // Nothing new appeared.
    let before_kinds: BTreeSet<&str> = before.iter().map(|(c, _, _)| c.as_str()).collect();
    for (c, p, l) in &after {
        assert!(before_kinds.contains(c.as_str()), "new {c} at {p}:{l}");
        assert_ne!(c, "SSOT000", "a fix broke {p}:{l}");
        // Every SSOT003 had a fix: none is left.
        assert_ne!(c, "SSOT003", "SSOT003 left at {p}:{l}");
    }
    insta::assert_snapshot!("netra_before_after_fixes", codes(&after).join("\n"));
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
            let (before, after, tmp, changed) = fix_fixture(&fixture);
            python_compiles(tmp.path(), &changed);
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
            insta::assert_snapshot!(
                format!("{}_{d}_after_fixes", group.trim_start_matches("fixtures/")),
                codes(&after).join("\n")
            );
        }
    }
}
