//! Baselines end to end: `--write-baseline`, `--baseline`, lint.toml's `baseline`, the
//! ratchet note and usage errors; and suppression reasons (`[suppressions] require-reason`).

use std::path::Path;
use std::process::Command;

const LINT: &str = "[[symbol]]\nname = \"helper\"\ncanonical = \"pkg.util\"\n";

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        write(dir.path(), rel, text);
    }
    dir
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ssot"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run ssot");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn base() -> tempfile::TempDir {
    project(&[
        ("lint.toml", LINT),
        ("pkg/__init__.py", ""),
        ("pkg/util.py", "def helper(x):\n    return x\n"),
        (
            "pkg/a.py",
            "import os\n\n\ndef helper(x):\n    return x\n\n\ndef other():\n    return os\n",
        ),
    ])
}

#[test]
fn baseline_survives_line_shifts_and_still_fails_new_findings() {
    let dir = base();
    let d = dir.path();
    let (code, out, err) = run(d, &["check", "--write-baseline", "ssot-baseline.json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("Recorded 1 finding in the baseline"), "{err}");
    assert_eq!(out, "");
    let json = std::fs::read_to_string(d.join("ssot-baseline.json")).unwrap();
    assert!(json.contains("\"version\": 1"), "{json}");
    assert!(json.contains("\"code\":\"SSOT001\""), "{json}");
    assert!(json.contains("\"path\":\"pkg/a.py\""), "{json}");
    assert!(!json.contains("\"line\""), "{json}");

    let (code, out, err) = run(
        d,
        &[
            "check",
            "--baseline",
            "ssot-baseline.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "");
    assert!(err.contains("1 in the baseline"), "{err}");

    // Lines inserted above and code edited elsewhere: still baselined.
    write(
        d,
        "pkg/a.py",
        "\"\"\"Docs.\"\"\"\nimport os\nimport sys\n\n\n\ndef helper(x):\n    return x\n\n\ndef other():\n    return os, sys\n",
    );
    let (code, out, err) = run(
        d,
        &[
            "check",
            "--baseline",
            "ssot-baseline.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "");

    // A second identical copy in the same file is a new finding (occurrences count), and
    // so is another copy of the same rule in the same file.
    write(
        d,
        "pkg/a.py",
        "import os\n\n\ndef helper(x):\n    return x\n\n\ndef outer():\n    def helper(x):\n        return x\n\n    return helper\n",
    );
    let (code, out, err) = run(
        d,
        &[
            "check",
            "--baseline",
            "ssot-baseline.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("pkg/a.py:9:9: SSOT001"), "{out}");
    // JSON output is filtered the same way.
    let (code, out, _) = run(
        d,
        &[
            "check",
            "--baseline",
            "ssot-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(out.matches("\"SSOT001\"").count(), 1, "{out}");
}

#[test]
fn removable_entries_are_reported_and_write_baseline_shrinks_the_file() {
    let dir = base();
    let d = dir.path();
    let (code, _, _) = run(d, &["check", "--write-baseline", "b.json"]);
    assert_eq!(code, 0);
    write(d, "pkg/a.py", "import os\n");
    let (code, out, err) = run(d, &["check", "--baseline", "b.json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains(
            "1 baseline entry no longer occurs: rewrite it with --write-baseline b.json to shrink it"
        ),
        "{err}"
    );
    let (code, _, err) = run(d, &["check", "--write-baseline", "b.json"]);
    assert_eq!(code, 0);
    assert!(err.contains("Recorded 0 findings"), "{err}");
    let json = std::fs::read_to_string(d.join("b.json")).unwrap();
    assert!(!json.contains("SSOT001"), "{json}");
    let (_, _, err) = run(d, &["check", "--baseline", "b.json"]);
    assert!(!err.contains("no longer occur"), "{err}");
}

#[test]
fn lint_toml_baseline_is_relative_to_it_and_the_flag_wins() {
    let dir = base();
    let d = dir.path();
    std::fs::write(
        d.join("lint.toml"),
        format!("baseline = \"ci/baseline.json\"\n{LINT}"),
    )
    .unwrap();
    std::fs::create_dir_all(d.join("ci")).unwrap();
    // Missing baseline named in lint.toml: a usage error.
    let (code, _, err) = run(&d.join("pkg"), &["check"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("ci/baseline.json"), "{err}");
    let (code, _, _) = run(d, &["check", "--write-baseline", "ci/baseline.json"]);
    assert_eq!(code, 0);
    // From a subdirectory: found relative to lint.toml.
    let (code, out, err) = run(&d.join("pkg"), &["check", "--format", "concise"]);
    assert_eq!(code, 0, "{out}{err}");
    // An empty baseline on the command line wins over lint.toml's.
    std::fs::write(d.join("empty.json"), "{\"version\": 1, \"entries\": []}").unwrap();
    let (code, out, _) = run(
        d,
        &["check", "--baseline", "empty.json", "--format", "concise"],
    );
    assert_eq!(code, 1);
    assert!(out.contains("SSOT001"), "{out}");
}

#[test]
fn bad_baselines_are_usage_errors() {
    let dir = base();
    let d = dir.path();
    let (code, _, err) = run(d, &["check", "--baseline", "missing.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read baseline missing.json"), "{err}");
    std::fs::write(d.join("corrupt.json"), "{\"version\": 1, \"entries\": [").unwrap();
    let (code, _, err) = run(d, &["check", "--baseline", "corrupt.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("baseline corrupt.json is not usable: invalid JSON"),
        "{err}"
    );
    std::fs::write(d.join("v9.json"), "{\"version\": 9, \"entries\": []}").unwrap();
    let (code, _, err) = run(d, &["check", "--baseline", "v9.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("version 9"), "{err}");
    std::fs::write(
        d.join("shape.json"),
        "{\"version\": 1, \"entries\": [{\"code\": 1}]}",
    )
    .unwrap();
    let (code, _, err) = run(d, &["check", "--baseline", "shape.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("malformed entries"), "{err}");
}

#[test]
fn suppressions_apply_before_the_baseline() {
    let dir = base();
    let d = dir.path();
    write(
        d,
        "pkg/a.py",
        "def helper(x):  # ssot: ignore[SSOT001] legacy\n    return x\n",
    );
    let (code, _, _) = run(d, &["check", "--write-baseline", "b.json"]);
    assert_eq!(code, 0);
    let json = std::fs::read_to_string(d.join("b.json")).unwrap();
    assert!(
        !json.contains("SSOT"),
        "suppressed findings are not recorded: {json}"
    );
    // The suppression is used (it suppressed the copy): no SSOT009.
    let (code, out, _) = run(d, &["check", "--baseline", "b.json", "--format", "concise"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn require_reason_makes_a_bare_suppression_report() {
    let dir = base();
    let d = dir.path();
    std::fs::write(
        d.join("lint.toml"),
        format!("[suppressions]\nrequire-reason = true\n\n{LINT}"),
    )
    .unwrap();
    write(
        d,
        "pkg/a.py",
        "def helper(x):  # ssot: ignore[SSOT001]\n    return x\n",
    );
    write(
        d,
        "pkg/d.py",
        "def helper(x):  # ssot: ignore[SSOT001]: a reason\n    return x\n",
    );
    let (code, out, _) = run(d, &["check", "--format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("pkg/a.py:1:5: SSOT001"), "{out}");
    assert!(
        out.contains("pkg/a.py:1:19: SSOT009 [warning] suppression without a reason"),
        "{out}"
    );
    assert!(!out.contains("pkg/d.py"), "{out}");
    // An unknown key in [suppressions] is a config error at its line.
    std::fs::write(
        d.join("lint.toml"),
        format!("[suppressions]\nrequire-reasons = true\n\n{LINT}"),
    )
    .unwrap();
    let (code, _, err) = run(d, &["check"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown key `require-reasons`"), "{err}");
    assert!(err.contains("did you mean `require-reason`"), "{err}");
}

#[test]
fn file_argument_mode_judges_only_the_named_files() {
    let dir = base();
    let d = dir.path();
    write(d, "pkg/b.py", "import os  # ssot: ignore[SSOT003]\n");
    write(d, "pkg/c.py", "import os  # ssot: ignore[SSOT003]\n");
    let (_, out, _) = run(d, &["check", "pkg/b.py", "--format", "concise"]);
    assert!(out.contains("pkg/b.py:1:14: SSOT009"), "{out}");
    assert!(!out.contains("pkg/c.py"), "{out}");
    assert!(!out.contains("pkg/a.py"), "{out}");
    // --write-baseline in file-argument mode keeps the other files' entries.
    let (code, _, _) = run(d, &["check", "--write-baseline", "b.json"]);
    assert_eq!(code, 0);
    let (code, _, _) = run(d, &["check", "pkg/b.py", "--write-baseline", "b.json"]);
    assert_eq!(code, 0);
    let json = std::fs::read_to_string(d.join("b.json")).unwrap();
    assert!(
        json.contains("pkg/a.py") && json.contains("pkg/c.py"),
        "{json}"
    );
}
