//! Integration tests: run the real binary on the fixtures and on generated projects.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ssot() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ssot"));
    c.env_remove("NO_COLOR");
    c
}

/// Run `ssot check <dir> --format <format>` from the repository root.
fn run(dir: &str, format: &str) -> (i32, String, String) {
    let out = ssot()
        .current_dir(root())
        .args(["check", dir, "--format", format])
        .output()
        .expect("run ssot");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// JSON output with the timing zeroed, pretty-printed for readable snapshots.
fn json(dir: &str) -> (i32, serde_json::Value) {
    let (code, stdout, stderr) = run(dir, "json");
    let mut v: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("bad json ({e}): {stdout}\n{stderr}"));
    v["summary"]["duration_ms"] = 0.into();
    (code, v)
}

fn concise(dir: &str) -> (i32, String) {
    let (code, stdout, _) = run(dir, "concise");
    (code, stdout)
}

/// Human output without colour, checked to be free of absolute paths and timings.
fn human(dir: &str) -> (i32, String) {
    let out = ssot()
        .current_dir(root())
        .args(["check", dir, "--format", "human", "--color", "never"])
        .output()
        .expect("run ssot");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let abs = root().display().to_string();
    assert!(!stdout.contains(&abs), "absolute path in output:\n{stdout}");
    assert!(!stdout.contains(" ms"), "timing in output:\n{stdout}");
    assert!(!stdout.contains('\u{1b}'), "colour in output:\n{stdout}");
    (out.status.code().unwrap_or(-1), stdout)
}

#[test]
fn netra_before_reports_every_planted_violation() {
    let (code, out) = concise("fixtures/netra_before");
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("netra_before_concise", out);
}

#[test]
fn netra_before_json_matches_the_contract() {
    let (code, v) = json("fixtures/netra_before");
    assert_eq!(code, 1);
    assert_eq!(v["version"], 1);
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(
        v["summary"]["errors"].as_u64().unwrap() as usize,
        diags.len()
    );
    for d in diags {
        let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut want = [
            "code",
            "rule",
            "severity",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "message",
            "symbol",
            "canonical",
            "help",
            "notes",
            "related",
            "fix",
        ];
        want.sort_unstable();
        assert_eq!(keys, want);
        assert!(!d["path"].as_str().unwrap().contains('\\'));
        assert!(d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1);
        // On the incident every diagnostic says what to do and where the truth lives,
        // and every SSOT003 carries the edits that fix it.
        assert!(d["help"].as_str().is_some_and(|h| !h.is_empty()), "{d}");
        assert!(!d["related"].as_array().unwrap().is_empty(), "{d}");
        if d["code"] == "SSOT003" {
            assert!(!d["fix"]["edits"].as_array().unwrap().is_empty(), "{d}");
        }
    }
    insta::assert_json_snapshot!("netra_before_json", v);
}

#[test]
fn json_fixes_point_at_their_edits() {
    let (_, v) = json("fixtures/netra_before");
    let diags = v["diagnostics"].as_array().unwrap();
    let mut fixes = 0;
    for d in diags {
        assert!(d["help"].is_string() || d["help"].is_null());
        assert!(d["notes"].is_array() && d["related"].is_array());
        for r in d["related"].as_array().unwrap() {
            assert!(r["line"].as_u64().unwrap() >= 1 && r["column"].as_u64().unwrap() >= 1);
        }
        let fix = &d["fix"];
        if fix.is_null() {
            continue;
        }
        fixes += 1;
        assert!(
            ["safe", "unsafe", "display-only"].contains(&fix["applicability"].as_str().unwrap()),
            "{fix}"
        );
        for e in fix["edits"].as_array().unwrap() {
            let (start, end) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
            assert!(start <= end, "{e}");
            assert!(e["line"].as_u64().unwrap() >= 1 && e["column"].as_u64().unwrap() >= 1);
            let text = std::fs::read(
                root()
                    .join("fixtures/netra_before")
                    .join(e["path"].as_str().unwrap()),
            )
            .unwrap();
            assert!(end as usize <= text.len(), "{e}");
        }
    }
    assert!(fixes > 0, "no fixes in netra_before");
}

#[test]
fn netra_before_human() {
    let (code, out) = human("fixtures/netra_before");
    assert_eq!(code, 1);
    insta::assert_snapshot!("netra_before_human", out);
}

#[test]
fn netra_after_is_clean() {
    let (code, stdout, stderr) = run("fixtures/netra_after", "human");
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.ends_with("All checks passed (26 files checked).\n"),
        "{stdout}"
    );
}

#[test]
fn summary_counts_files_with_diagnostics_and_files_checked() {
    let (_, stdout, _) = run("fixtures/netra_before", "human");
    let last = stdout.lines().last().unwrap();
    assert_eq!(last, "Found 28 errors in 14 files (27 files checked).");
    // Concise: the same line, on stderr.
    let (_, _, stderr) = run("fixtures/netra_before", "concise");
    assert!(stderr.lines().any(|l| l == last), "{stderr}");
    // File-argument mode counts only the named files.
    let dir = project();
    let (_, _, err) = check_in(dir.path(), &["--format", "concise", "pay/b.py"]);
    assert_eq!(
        err.trim(),
        "Found 1 error in 1 file (1 file checked).\n1 error fixable with `--fix`."
    );
}

#[test]
fn format_and_color_are_checked_values() {
    let dir = project();
    let (code, out, _) = check_in(dir.path(), &["--format", "full", "--color", "never"]);
    assert_eq!(code, 1);
    assert!(out.contains("SSOT001(duplicate-definition)"), "{out}");
    let (code, _, err) = check_in(dir.path(), &["--color", "sometimes"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("possible values: auto, always, never"),
        "{err}"
    );
}

#[test]
fn human_output_shows_span_canonical_location_and_fix() {
    let (code, stdout, _) = run("fixtures/netra_before", "human");
    assert_eq!(code, 1);
    assert!(stdout.contains("SSOT001(duplicate-definition)"));
    assert!(stdout.contains("the canonical definition"));
    assert!(stdout.contains(
        "from netra_backend.app.websocket_core.utils import _safe_websocket_state_for_logging"
    ));
    // No colour when stdout is not a terminal.
    assert!(!stdout.contains('\u{1b}'));
}

/// Snapshot the concise and human output of every fixture under `fixtures/<dir>` (each reports
/// something), named `<prefix><fixture>`.
fn snapshot_fixtures(dir: &str, prefix: &str, at_least: usize) {
    let mut names: Vec<_> = std::fs::read_dir(root().join("fixtures").join(dir))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("lint.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= at_least, "{names:?}");
    for name in names {
        let (code, out) = concise(&format!("fixtures/{dir}/{name}"));
        assert_eq!(code, 1, "{name} should report something:\n{out}");
        insta::assert_snapshot!(format!("{prefix}{name}"), out);
        let (code, out) = human(&format!("fixtures/{dir}/{name}"));
        assert_eq!(code, 1, "{name}");
        insta::assert_snapshot!(format!("{prefix}{name}_human"), out);
    }
}

#[test]
fn rule_fixtures() {
    snapshot_fixtures("rules", "rule_", 7);
}

fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const LINT: &str = r#"
[[symbol]]
name = "fmt_amount"
canonical = "pay.utils"
"#;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "lint.toml", LINT);
    write(dir.path(), "pay/__init__.py", "");
    write(
        dir.path(),
        "pay/utils.py",
        "def fmt_amount(x):\n    return f'{x:.2f}'\n",
    );
    write(
        dir.path(),
        "pay/a.py",
        "def fmt_amount(x):\n    return str(x)\n",
    );
    write(dir.path(), "pay/b.py", "from pay.a import fmt_amount\n");
    dir
}

fn check_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = ssot()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn file_arguments_report_only_on_those_files() {
    let dir = project();
    let (code, out, _) = check_in(dir.path(), &["--format", "concise", "pay/b.py"]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("pay/b.py:1:19: SSOT003"), "{out}");
    // The whole project is still indexed: the note knows pay.a holds a copy.
    let (_, all, _) = check_in(dir.path(), &["--format", "concise"]);
    assert_eq!(all.lines().count(), 2, "{all}");
    // A clean file passes on its own.
    let (code, out, _) = check_in(dir.path(), &["--format", "concise", "pay/utils.py"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn config_is_found_upward_from_a_subdirectory() {
    let dir = project();
    let (code, out, _) = check_in(&dir.path().join("pay"), &["--format", "concise"]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 2, "{out}");
}

#[test]
fn config_errors_exit_2_and_point_at_the_line() {
    let dir = project();
    write(
        dir.path(),
        "lint.toml",
        "[[symbol]]\nname = \"fmt_amount\"\ncanonical = \"pay.utils\"\nalias = [\"x\"]\n",
    );
    let (code, _, err) = check_in(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("lint.toml:4:1"), "{err}");
    assert!(err.contains("did you mean `aliases`?"), "{err}");
}

#[test]
fn no_config_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = check_in(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("no lint.toml"), "{err}");
}

#[test]
fn bad_input_is_reported_and_the_run_goes_on() {
    let dir = project();
    write(dir.path(), "pay/broken.py", "def f(:\n    pass\n");
    write(dir.path(), "pay/latin.py", b"x = 'caf\xe9'\n");
    write(dir.path(), "pay/empty.py", "");
    write(
        dir.path(),
        "pay/deep.py",
        "(".repeat(50_000) + &")".repeat(50_000),
    );
    write(
        dir.path(),
        "pay/deep2.py",
        "x = ".to_string() + &"1+".repeat(100_000) + "1\n",
    );
    // A 20 MB generated module.
    let mut big = String::from("TABLE = {\n");
    while big.len() < 20 << 20 {
        big.push_str("    'key_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa': 12345678,\n");
    }
    big.push_str("}\n");
    write(dir.path(), "pay/generated.py", big);
    let (code, out, err) = check_in(dir.path(), &["--format", "concise"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("pay/broken.py:1:7: SSOT000"), "{out}");
    assert!(
        out.contains("pay/latin.py:1:9: SSOT000 file is not valid UTF-8"),
        "{out}"
    );
    assert!(out.contains("pay/deep.py:1:"), "{out}");
    assert!(!out.contains("empty.py"), "{out}");
    assert!(!out.contains("generated.py"), "{out}");
    // Other files are still checked.
    assert!(out.contains("pay/a.py:1:5: SSOT001"), "{out}");
}

#[test]
fn rule_command_explains_rules() {
    let out = ssot().args(["rule", "SSOT003"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("# SSOT003 non-canonical-import"));
    assert!(text.contains("## How to fix"));
    let out = ssot().args(["rule", "SSOT999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = ssot().args(["rule"]).output().unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    assert_eq!(list.lines().count(), rules_count());
    // `CODE  name  summary`, the whole summary.
    for (line, r) in list.lines().zip(ssot::rules::RULES) {
        assert!(line.starts_with(&format!("{}  {}", r.id, r.name)), "{line}");
        assert!(line.ends_with(&format!("  {}", r.summary)), "{line}");
    }
}

fn rules_count() -> usize {
    ssot::rules::RULES.len()
}

#[test]
fn bad_arguments_exit_2() {
    let out = ssot().args(["check", "--format", "xml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = ssot().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cargo_subcommand_skips_its_own_name() {
    let dir = project();
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-ssot"))
        .current_dir(dir.path())
        .args(["ssot", "check", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let help = Command::new(env!("CARGO_BIN_EXE_cargo-ssot"))
        .args(["ssot", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("Usage: cargo ssot"));
}

/// A two-crate workspace configured through `[workspace.metadata.ssot]`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "Cargo.toml",
        r#"[workspace]
members = ["crates/*"]

[workspace.metadata.ssot]
[[workspace.metadata.ssot.symbol]]
name = "safe_state"
canonical = "relay_core::utils"
"#,
    );
    write(
        d,
        "crates/core/Cargo.toml",
        "[package]\nname = \"relay-core\"\nversion = \"0.1.0\"\n",
    );
    write(d, "crates/core/src/lib.rs", "pub mod utils;\n");
    write(
        d,
        "crates/core/src/utils.rs",
        "pub fn safe_state(s: &str) -> String {\n    s.to_lowercase()\n}\n",
    );
    write(
        d,
        "crates/svc/Cargo.toml",
        "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n\n[dependencies]\ncore_dep = { package = \"relay-core\", path = \"../core\" }\n",
    );
    write(
        d,
        "crates/svc/src/lib.rs",
        "pub mod ws;\npub use ws::safe_state;\n",
    );
    write(
        d,
        "crates/svc/src/ws.rs",
        "pub fn safe_state(s: &str) -> String {\n    s.into()\n}\n",
    );
    write(
        d,
        "crates/svc/src/main.rs",
        "use core_dep::utils::safe_state;\nuse svc::safe_state as stale;\n\nfn main() {\n    println!(\"{}\", safe_state(\"x\"));\n}\n",
    );
    dir
}

#[test]
fn cargo_ssot_in_a_workspace_member_reads_workspace_metadata() {
    let dir = workspace();
    let out = Command::new(env!("CARGO_BIN_EXE_cargo-ssot"))
        .current_dir(dir.path().join("crates/svc/src"))
        .args(["ssot", "check", "--format", "concise"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].starts_with("crates/svc/src/lib.rs:2:13: SSOT003"),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("crates/svc/src/main.rs:2:10: SSOT003"),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with("crates/svc/src/ws.rs:1:8: SSOT001"),
        "{stdout}"
    );
}

#[test]
fn rust_help_suggests_a_use_line() {
    let dir = workspace();
    let (_, out, _) = check_in(dir.path(), &["--format", "human", "crates/svc/src/main.rs"]);
    assert!(
        out.contains("use core_dep::utils::safe_state as stale;"),
        "{out}"
    );
}

#[test]
fn github_and_sarif_formats_carry_every_diagnostic() {
    let (_, concise_out) = concise("fixtures/netra_before");
    let n = concise_out.lines().count();
    let (code, gh, _) = run("fixtures/netra_before", "github");
    assert_eq!(code, 1);
    assert_eq!(gh.lines().count(), n);
    assert!(gh.lines().all(|l| l.starts_with("::error file=")), "{gh}");
    assert!(
        gh.contains("title=SSOT005 missing-required-alias::"),
        "{gh}"
    );
    assert!(
        gh.contains("%0Afix (unsafe): ") || gh.contains("%0Afix (safe): "),
        "{gh}"
    );
    let (code, sarif, _) = run("fixtures/netra_before", "sarif");
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), n);
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
    }
    for (r, rule) in rules.iter().zip(ssot::rules::RULES) {
        assert_eq!(r["shortDescription"]["text"], rule.summary);
    }
    // Safe and unsafe fixes travel with their results.
    assert!(results.iter().any(|r| r["fixes"].is_array()));
    for r in results {
        for f in r["fixes"].as_array().into_iter().flatten() {
            assert!(!f["artifactChanges"].as_array().unwrap().is_empty(), "{f}");
        }
    }
    // SSOT001 points at the canonical definition as a related location.
    let dup = results.iter().find(|r| r["ruleId"] == "SSOT001").unwrap();
    assert_eq!(
        dup["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "netra_backend/app/websocket_core/utils.py"
    );
}

#[test]
fn rust_before_reports_every_planted_violation() {
    let (code, out) = concise("fixtures/rust_before");
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("rust_before_concise", out);
    let (_, out) = human("fixtures/rust_before");
    insta::assert_snapshot!("rust_before_human", out);
    let (_, v) = json("fixtures/rust_before");
    insta::assert_json_snapshot!("rust_before_json", v);
}

#[test]
fn rust_after_is_clean() {
    let (code, stdout, stderr) = run("fixtures/rust_after", "human");
    assert_eq!(code, 0, "{stdout}{stderr}");
    // Layout notes (files parsed twice, unreachable files) only under --verbose.
    assert!(!stderr.contains("note:"), "{stderr}");
    assert!(stdout.contains("All checks passed"), "{stdout}");
}

#[test]
fn mixed_repository_reports_both_languages_in_one_json() {
    let (code, v) = json("fixtures/mixed");
    assert_eq!(code, 1);
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(paths.iter().any(|p| p.ends_with(".py")), "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with(".rs")), "{paths:?}");
    insta::assert_json_snapshot!("mixed_json", v);
}

#[test]
fn rust_rule_fixtures() {
    snapshot_fixtures("rules_rust", "rust_rule_", 6);
}

#[test]
fn modules_named_like_the_symbol_and_lookup_site_patches_are_not_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "lint.toml",
        "[[symbol]]\nname = \"slugify\"\ncanonical = \"app.slugify\"\n",
    );
    write(d, "app/__init__.py", "");
    write(
        d,
        "app/slugify.py",
        "def slugify(s):\n    return s.lower()\n",
    );
    write(
        d,
        "app/views.py",
        "from app import slugify\nimport app.slugify\nfrom . import slugify as sl\n\n\ndef v(x):\n    return slugify.slugify(x), app.slugify.slugify(x), sl.slugify(x)\n",
    );
    write(
        d,
        "app/audit.py",
        "from app.slugify import slugify\n\n\ndef stamp(x):\n    return slugify(x)\n",
    );
    write(d, "app/copy.py", "def slugify(s):\n    return s\n");
    write(
        d,
        "tests/test_audit.py",
        "from unittest.mock import patch\n\n\n@patch(\"app.audit.slugify\")\ndef test_lookup_site(m):\n    pass\n\n\n@patch(\"app.copy.slugify\")\ndef test_stale(m):\n    pass\n",
    );
    let (code, out, _) = check_in(d, &["--format", "concise"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("app/copy.py:1:5: SSOT001"), "{out}");
    assert!(
        lines[1].starts_with("tests/test_audit.py:9:8: SSOT003"),
        "{out}"
    );
}

#[test]
fn tables_follow_the_enum_not_its_bare_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "lint.toml",
        "[[table]]\nenum = \"Status\"\ncanonical = \"svc.orders.status\"\n",
    );
    write(d, "svc/__init__.py", "");
    write(d, "svc/orders/__init__.py", "");
    write(
        d,
        "svc/orders/status.py",
        "from enum import Enum\n\n\nclass Status(Enum):\n    OPEN = 1\n    CLOSED = 2\n    HELD = 3\n\n\nALIASES = {\"o\": Status.OPEN, \"c\": Status.CLOSED, \"h\": Status.HELD}\n",
    );
    // A different enum that happens to be called Status: not this table.
    write(
        d,
        "svc/payments.py",
        "from enum import Enum\n\n\nclass Status(Enum):\n    OPEN = 1\n    SETTLED = 2\n    FAILED = 3\n\n\nPAYMENT = {\"o\": Status.OPEN, \"s\": Status.SETTLED, \"f\": Status.FAILED}\n",
    );
    // The configured enum under another name: a stray table.
    write(
        d,
        "svc/forms.py",
        "from svc.orders.status import Status as OrderStatus\n\nCHOICES = {\"o\": OrderStatus.OPEN, \"c\": OrderStatus.CLOSED, \"h\": OrderStatus.HELD}\n",
    );
    let (code, out, _) = check_in(d, &["--format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("svc/forms.py:3:1: SSOT004"), "{out}");
}

#[test]
fn a_path_that_does_not_exist_is_a_usage_error() {
    let dir = project();
    for p in ["nonexist.py", "./nonexist.py", "pay/nonexist.py"] {
        let (code, _, err) = check_in(dir.path(), &[p]);
        assert_eq!(code, 2, "{p}: {err}");
        assert!(err.contains("no such file or directory"), "{err}");
    }
}

#[test]
fn two_files_claiming_the_canonical_module_are_two_sources_of_truth() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "lint.toml",
        "[files]\npython-roots = [\"svc_a\", \"svc_b\"]\n\n[[symbol]]\nname = \"helper\"\ncanonical = \"app.utils\"\n",
    );
    write(
        d,
        "svc_a/app/utils.py",
        "def helper(x):\n    return str(x)\n",
    );
    write(
        d,
        "svc_b/app/utils.py",
        "def helper(x):\n    return repr(x)\n",
    );
    let (code, out, _) = check_in(d, &["--format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("svc_b/app/utils.py:1:5: SSOT001"), "{out}");
    // `--config` given as a bare file name means the current directory.
    let (code2, out2, _) = check_in(d, &["--config", "lint.toml", "--format", "concise"]);
    assert_eq!((code2, out2), (code, out));
}

#[test]
fn very_long_lines_are_reported_without_a_snippet() {
    let dir = project();
    let line = format!(
        "X = [{}0]; fmt_amount = lambda x: x\n",
        "1, ".repeat(30_000)
    );
    write(dir.path(), "pay/gen.py", line);
    let (code, out, err) = check_in(dir.path(), &["--format", "human"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("pay/gen.py:1:90010 (the line is too long to show)"),
        "{out}"
    );
}

#[test]
fn an_undeclared_source_root_gets_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "lint.toml",
        "[[symbol]]\nname = \"f\"\ncanonical = \"pkg.util\"\n",
    );
    write(d, "src/pkg/__init__.py", "");
    write(d, "src/pkg/util.py", "def f():\n    pass\n");
    let (code, out, _) = check_in(d, &["--format", "human"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("`src.pkg.util` exists: modules are named from `[files] python-roots`; add `python-roots = [\"src\"]`"),
        "{out}"
    );
}

#[test]
fn config_with_three_typos_prints_three_locations_and_exits_2() {
    let dir = project();
    write(
        dir.path(),
        "lint.toml",
        "[[symbol]]\nname = \"fmt_amount\"\ncanonical = \"pay.utils\"\nalias = [\"x\"]\n\n[[table]]\nenmu = \"E\"\ncanonical = \"pay.types\"\n\n[files]\nexlude = [\"build\"]\n",
    );
    let (code, out, err) = check_in(dir.path(), &["--color", "never"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    for place in ["lint.toml:4:1", "lint.toml:7:1", "lint.toml:11:1"] {
        assert!(err.contains(place), "{place} missing in:\n{err}");
    }
    for hint in [
        "did you mean `aliases`?",
        "did you mean `enum`?",
        "did you mean `exclude`?",
    ] {
        assert!(err.contains(hint), "{hint} missing in:\n{err}");
    }
    // One mistake, one error: the misspelt `enum` is not reported missing as well.
    assert!(!err.contains("missing `enum`"), "{err}");
    assert!(
        err.trim_end().ends_with("error: lint.toml has 3 errors"),
        "{err}"
    );
}

#[test]
fn config_that_is_not_a_regular_file_exits_2_quickly() {
    let dir = project();
    let start = std::time::Instant::now();
    #[cfg(unix)]
    {
        let (code, _, err) = check_in(dir.path(), &["--config", "/dev/zero"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("not a regular file"), "{err}");
    }
    let (code, _, err) = check_in(dir.path(), &["--config", "pay"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a directory"), "{err}");
    assert!(start.elapsed() < std::time::Duration::from_secs(30));
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

#[test]
fn diff_shows_what_fix_would_change_and_writes_nothing() {
    let dir = project();
    let d = dir.path();
    let (code, out, err) = check_in(d, &["--diff"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out,
        "--- a/pay/b.py\n+++ b/pay/b.py\n@@ -1 +1 @@\n-from pay.a import fmt_amount\n+from pay.utils import fmt_amount\n"
    );
    assert!(err.contains("Would fix 1 error in 1 file."), "{err}");
    assert_eq!(read(d, "pay/b.py"), "from pay.a import fmt_amount\n");
    // Unsafe fixes too: the copy becomes an import.
    let (code, out, _) = check_in(d, &["--diff", "--unsafe-fixes"]);
    assert_eq!(code, 1);
    assert!(out.contains("+from pay.utils import fmt_amount\n"), "{out}");
    assert!(out.contains("--- a/pay/a.py"), "{out}");
}

#[test]
fn fix_applies_safe_fixes_and_reports_what_is_left() {
    let dir = project();
    let d = dir.path();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(d.join("pay/b.py"), std::fs::Permissions::from_mode(0o640))
            .unwrap();
    }
    let (code, out, err) = check_in(d, &["--fix", "--format", "concise", "--show-fixes"]);
    assert_eq!(code, 1, "the copy is left: {out}{err}");
    assert_eq!(read(d, "pay/b.py"), "from pay.utils import fmt_amount\n");
    assert!(out.starts_with("pay/a.py:1:5: SSOT001"), "{out}");
    assert!(
        err.contains("Fixed 1 error:\n- pay/b.py:\n    1 × SSOT003 (non-canonical-import)"),
        "{err}"
    );
    assert!(
        err.contains("Fixed 1 error in 1 file (1 remaining)."),
        "{err}"
    );
    assert!(
        err.contains("1 error fixable with `--fix --unsafe-fixes`"),
        "{err}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(d.join("pay/b.py"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640, "permissions are kept");
    }
    // Unsafe fixes: nothing is left; a second run changes nothing.
    let (code, _, err) = check_in(d, &["--fix", "--unsafe-fixes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read(d, "pay/a.py"), "from pay.utils import fmt_amount\n");
    let (code, out, err) = check_in(d, &["--diff", "--unsafe-fixes"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(d.join("pay"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("ssot-fix"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn fix_only_exits_0_and_unfixable_rules_are_left_alone() {
    let dir = project();
    let d = dir.path();
    let (code, out, err) = check_in(d, &["--fix-only", "--unsafe-fixes"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(err.contains("Fixed 2 errors in 2 files."), "{err}");

    let dir = project();
    let d = dir.path();
    write(
        d,
        "lint.toml",
        format!("{LINT}\n[rules]\nunfixable = [\"non-canonical-import\"]\n"),
    );
    let (code, _, err) = check_in(d, &["--fix"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(read(d, "pay/b.py"), "from pay.a import fmt_amount\n");
    write(
        d,
        "lint.toml",
        format!("{LINT}\n[rules]\nunfixable = [\"SSOT03\"]\n"),
    );
    let (code, _, err) = check_in(d, &["--fix"]);
    assert_eq!(code, 2, "an unknown rule is a config error");
    assert!(err.contains("did you mean `SSOT003`?"), "{err}");
}

#[test]
fn fix_with_stdin_filename_prints_the_fixed_buffer() {
    let dir = project();
    let d = dir.path();
    let mut child = ssot()
        .current_dir(d)
        .args(["check", "--fix", "--stdin-filename", "pay/b.py"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"import os\nfrom pay.a import fmt_amount\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "import os\nfrom pay.utils import fmt_amount\n"
    );
    assert_eq!(
        read(d, "pay/b.py"),
        "from pay.a import fmt_amount\n",
        "disk untouched"
    );
}

#[test]
fn select_ignore_and_rule_settings_choose_what_is_reported() {
    let dir = project();
    let d = dir.path();
    let codes = |args: &[&str]| -> (i32, Vec<String>) {
        let mut all = vec!["--format", "concise", "-q"];
        all.extend_from_slice(args);
        let (code, out, _) = check_in(d, &all);
        let mut c: Vec<String> = out
            .lines()
            .filter_map(|l| l.split_whitespace().nth(1).map(str::to_string))
            .collect();
        c.sort();
        (code, c)
    };
    assert_eq!(codes(&[]).1, ["SSOT001", "SSOT003"]);
    assert_eq!(codes(&["--select", "SSOT003"]).1, ["SSOT003"]);
    assert_eq!(codes(&["--select", "duplicate-definition"]).1, ["SSOT001"]);
    assert_eq!(codes(&["--ignore", "SSOT001"]).1, ["SSOT003"]);
    assert_eq!(
        codes(&["--select", "SSOT003", "--extend-select", "SSOT001"]).1,
        ["SSOT001", "SSOT003"]
    );
    assert_eq!(
        codes(&["--select", "ALL", "--ignore", "SSOT00"]),
        (0, vec![])
    );
    let (code, _, err) = check_in(d, &["--select", "SSOT0003"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown rule `SSOT0003`"), "{err}");

    // lint.toml: a rule turned into a warning does not fail the run; per-file ignores.
    write(
        d,
        "lint.toml",
        format!(
            "{LINT}\n[rules]\nseverity = {{ SSOT001 = \"warning\" }}\nper-file-ignores = {{ \"pay/b.py\" = [\"non-canonical-import\"] }}\n"
        ),
    );
    let (code, out, err) = check_in(d, &["--format", "concise"]);
    assert_eq!(code, 0, "only a warning is left: {out}{err}");
    assert!(out.starts_with("pay/a.py:1:5: SSOT001 [warning]"), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    write(
        d,
        "lint.toml",
        format!("{LINT}\n[rules]\nseverity = {{ SSOT001 = \"off\" }}\nselect = [\"SSOT9\"]\n"),
    );
    let (code, _, err) = check_in(d, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown rule `SSOT9`"), "{err}");
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = project();
    let (code, out, _) = check_in(dir.path(), &["--statistics"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "1  SSOT001  duplicate-definition  (1 fixable with --unsafe-fixes)\n1  SSOT003  non-canonical-import  (1 fixable with --fix)\n"
    );
    let (_, out, _) = check_in(dir.path(), &["--statistics", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[1]["code"], "SSOT003");
    assert_eq!(v[1]["count"], 1);
    assert_eq!(v[1]["fixable"], 1);
}

#[test]
fn output_files_take_one_report_each() {
    let dir = project();
    let d = dir.path();
    // Annotations on stdout, SARIF and GitLab reports to files, in one run.
    let (code, out, err) = check_in(
        d,
        &[
            "--format",
            "github",
            "--output-file",
            "sarif:ssot.sarif",
            "--output-file",
            "gitlab:quality.json",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(out.starts_with("::error file=pay/a.py"), "{out}");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("ssot.sarif")).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let gitlab: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("quality.json")).unwrap()).unwrap();
    let issues = gitlab.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    // SARIF and GitLab agree on fingerprints.
    for (r, i) in results.iter().zip(issues) {
        assert_eq!(r["partialFingerprints"]["ssot/v1"], i["fingerprint"]);
    }
    // The main report to a file: nothing on stdout.
    let (code, out, _) = check_in(d, &["--format", "json", "--output-file", "report.json"]);
    assert_eq!((code, out.as_str()), (1, ""));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("report.json")).unwrap()).unwrap();
    assert_eq!(v["summary"]["errors"], 2);
    let (code, _, err) = check_in(d, &["--output-file", "/nonexistent/dir/x.json"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn gitlab_junit_and_json_lines_have_the_expected_shapes() {
    let dir = project();
    let d = dir.path();
    let (_, gitlab, _) = check_in(d, &["--format", "gitlab"]);
    let issues: serde_json::Value = serde_json::from_str(&gitlab).unwrap();
    for i in issues.as_array().unwrap() {
        assert!(i["description"].as_str().unwrap().starts_with("SSOT00"));
        assert!(i["check_name"].is_string());
        assert_eq!(i["fingerprint"].as_str().unwrap().len(), 16);
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap())
        );
        assert!(i["location"]["path"].is_string());
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
    // Fingerprints survive moved code: shift every line of the files down.
    let before: Vec<String> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap().to_string())
        .collect();
    for f in ["pay/a.py", "pay/b.py"] {
        let text = std::fs::read_to_string(d.join(f)).unwrap();
        write(d, f, format!("\n\n# moved down\n{text}"));
    }
    let (_, gitlab, _) = check_in(d, &["--format", "gitlab"]);
    let issues: serde_json::Value = serde_json::from_str(&gitlab).unwrap();
    let after: Vec<String> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(before, after);
    assert_eq!(issues[0]["location"]["lines"]["begin"], 4);

    let (_, lines, _) = check_in(d, &["--format", "json-lines"]);
    assert_eq!(lines.lines().count(), 2);
    for l in lines.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["code"].is_string() && v["line"].is_u64());
    }

    let (_, junit, _) = check_in(d, &["--format", "junit"]);
    assert!(junit.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ssot\" tests=\"2\" failures=\"2\""), "{junit}");
    assert_eq!(junit.matches("<testcase ").count(), 2);
    assert_eq!(junit.matches("<failure ").count(), 2);
    if let Ok(out) = std::process::Command::new("python3")
        .args(["-c", "import sys, xml.etree.ElementTree as E; r = E.fromstring(sys.stdin.read()); print(len(r.findall('testsuite/testcase/failure')))"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write as _;
            c.stdin.take().unwrap().write_all(junit.as_bytes())?;
            c.wait_with_output()
        })
    {
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2", "well-formed XML");
    }
}

#[test]
fn cargo_style_package_and_manifest_path_options() {
    let ws = root().join("fixtures/rust_before");
    let out = ssot()
        .current_dir(&ws)
        .args(["check", "-p", "relay-core", "--format", "concise", "-q"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !text.is_empty() && text.lines().all(|l| l.starts_with("crates/core/")),
        "{text}"
    );
    let out = ssot()
        .current_dir(&ws)
        .args(["check", "-p", "relay_srvice"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `relay-service`?"));
    let tmp = tempfile::tempdir().unwrap();
    let out = ssot()
        .current_dir(tmp.path())
        .args(["check", "--format", "concise", "--manifest-path"])
        .arg(root().join("fixtures/rust_after/Cargo.toml"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn config_command_shows_origins_and_the_schema() {
    let (code, out, _) = {
        let o = ssot()
            .args(["config", "fixtures/netra_before"])
            .current_dir(root())
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            (),
        )
    };
    assert_eq!(code, Some(0));
    assert!(out.contains("[[symbol]]  # lint.toml:5"), "{out}");
    let o = ssot().args(["config", "--schema"]).output().unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("lint.schema.json")).unwrap())
            .unwrap();
    assert_eq!(schema, committed);
}

#[test]
fn fix_merges_into_an_existing_canonical_import_only_when_nothing_runs_between() {
    let dir = project();
    let d = dir.path();
    write(
        d,
        "pay/utils.py",
        "def fmt_amount(x):\n    return f'{x:.2f}'\n\n\ndef other():\n    return 1\n",
    );
    write(
        d,
        "pay/b.py",
        "from pay.a import fmt_amount\nfrom pay.utils import other\n",
    );
    write(
        d,
        "pay/c.py",
        "from pay.a import fmt_amount\nX = fmt_amount(1)\nfrom pay.utils import other\n",
    );
    let (_, _, err) = check_in(d, &["--fix"]);
    assert_eq!(
        read(d, "pay/b.py"),
        "from pay.utils import other, fmt_amount\n",
        "{err}"
    );
    assert_eq!(
        read(d, "pay/c.py"),
        "from pay.utils import fmt_amount\nX = fmt_amount(1)\nfrom pay.utils import other\n"
    );
}

#[test]
fn a_crate_roots_macro_use_makes_bare_log_macros_sinks_in_every_module() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "Cargo.toml",
        "[package]\nname = \"relay\"\nversion = \"0.1.0\"\nedition = \"2018\"\n\n[dependencies]\nlog = \"0.4\"\n",
    );
    write(
        d,
        "lint.toml",
        "[[guard]]\nvalues = [\"*.client_state\"]\nthrough = [\"safe_state\"]\n",
    );
    write(
        d,
        "src/lib.rs",
        "#[macro_use]\nextern crate log;\n\npub mod conn;\n\npub fn safe_state(s: &u8) -> String {\n    s.to_string()\n}\n",
    );
    write(
        d,
        "src/conn.rs",
        "pub struct Ws {\n    pub client_state: u8,\n}\n\npub fn close(ws: &Ws) {\n    info!(\"closing {:?}\", ws.client_state);\n    debug!(\"closing {}\", crate::safe_state(&ws.client_state));\n}\n",
    );
    let (code, out, err) = check_in(d, &["--format", "concise", "-q"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("src/conn.rs:6:27: SSOT008"), "{out}");
}
