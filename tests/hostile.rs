//! Hostile input (GitHub issue #7, item 4): shebangs, unreadable directories and
//! non-UTF-8 names, failing output streams, terminal control characters, loose
//! suppression comments, huge files, multi-byte columns. Each runs the real binary.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn ssot() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ssot"));
    c.env_remove("NO_COLOR");
    c
}

/// A project in a temp directory: `files` as (path, content).
fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = ssot()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run ssot");
    decode(out)
}

fn decode(out: Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const RUST_LINT: &[u8] = b"[[symbol]]\nname = \"helper\"\ncanonical = \"app::util\"\n";
const CARGO: &[u8] = b"[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";
const UTIL: &[u8] = b"pub fn helper() {}\n";

const PY_LINT: &[u8] = b"[[symbol]]\nname = \"helper\"\ncanonical = \"pkg.util\"\n";

// ---- 1. shebang -------------------------------------------------------------------------

#[test]
fn shebang_keeps_positions_and_suppressions() {
    let main = b"#!/usr/bin/env run-cargo-script\nmod util;\npub fn helper() {}\n";
    let dir = project(&[
        ("lint.toml", RUST_LINT),
        ("Cargo.toml", CARGO),
        ("src/util.rs", UTIL),
        ("src/lib.rs", main),
    ]);
    let (code, out, err) = run_in(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("src/lib.rs:3:8: SSOT001"),
        "position shifted by the shebang:\n{out}"
    );
    // A suppression on the real line works.
    std::fs::write(
        dir.path().join("src/lib.rs"),
        "#!/usr/bin/env run-cargo-script\nmod util;\npub fn helper() {} // ssot: ignore[SSOT001]\n",
    )
    .unwrap();
    let (code, out, err) = run_in(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out, "");
}

#[test]
fn inner_attribute_is_not_a_shebang() {
    let main = b"#![allow(dead_code)]\nmod util;\npub fn helper() {}\n";
    let dir = project(&[
        ("lint.toml", RUST_LINT),
        ("Cargo.toml", CARGO),
        ("src/util.rs", UTIL),
        ("src/lib.rs", main),
    ]);
    let (code, out, err) = run_in(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("src/lib.rs:3:8: SSOT001"), "{out}");
    assert!(!out.contains("SSOT000"), "{out}");
}

// ---- 2. unreadable directories, non-UTF-8 names -----------------------------------------

#[cfg(unix)]
#[test]
fn unreadable_directory_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[("lint.toml", PY_LINT), ("locked/inner/a.py", b"x = 1\n")]);
    let locked = dir.path().join("locked/inner");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&locked).is_ok();
    let (code, out, err) = run_in(dir.path(), &["check", "--format", "concise"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if readable {
        // Running as root: permissions do not stop reads (the conversion of walk errors
        // into SSOT000 is unit-tested in walk.rs).
        eprintln!("skipped: permissions do not stop this user from reading");
        return;
    }
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("locked/inner:1:1: SSOT000 cannot read directory (permission denied)"),
        "{out}"
    );
}

/// A directory the walk cannot list even as root: its path is longer than PATH_MAX.
#[cfg(target_os = "linux")]
#[test]
fn directory_that_cannot_be_listed_is_an_error() {
    let dir = project(&[("lint.toml", PY_LINT), ("ok.py", b"x = 1\n")]);
    let made = Command::new("sh")
        .current_dir(dir.path())
        .args([
            "-c",
            "n=$(printf '%0200d' 0); for i in $(seq 1 25); do mkdir \"$n\" && cd \"$n\" || exit 0; done",
        ])
        .status()
        .unwrap();
    assert!(made.success());
    let (code, out, err) = run_in(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(!err.contains("All checks passed"), "{err}");
    assert!(out.contains("SSOT000 cannot read directory ("), "{out}");
}

#[cfg(target_os = "linux")]
#[test]
fn non_utf8_file_name_is_an_error() {
    use std::os::unix::ffi::OsStrExt;
    let dir = project(&[("lint.toml", PY_LINT)]);
    let name = std::ffi::OsStr::from_bytes(b"bad\xff.py");
    if std::fs::write(dir.path().join(name), "def helper(): pass\n").is_err() {
        return;
    }
    for format in ["concise", "human", "json"] {
        let (code, out, err) = run_in(dir.path(), &["check", "--format", format]);
        assert_eq!(code, 1, "{format}: {out}{err}");
        assert!(!out.contains("All checks passed"), "{out}");
        assert!(out.contains("SSOT000"), "{format}: {out}");
        assert!(
            out.contains(r"bad\xff.py") || out.contains(r"bad\\xff.py"),
            "{out}"
        );
    }
}

// ---- 5. suppression comments ---------------------------------------------------------------

#[test]
fn loose_suppression_comments_do_not_suppress() {
    let dir = project(&[
        ("lint.toml", PY_LINT),
        ("pkg/__init__.py", b""),
        ("pkg/util.py", b"def helper(): pass\n"),
        ("pkg/a.py", b"def helper(): pass  # xssot: ignore\n"),
        (
            "pkg/b.py",
            b"def helper(): pass  # TODO: remove ssot: ignore later\n",
        ),
        (
            "pkg/c.py",
            b"def helper(): pass  # type: ignore # ssot: ignore[SSOT001]\n",
        ),
        ("pkg/d.py", b"def helper(): pass  # noqa: E501, SSOT001\n"),
    ]);
    let (code, out, err) = run_in(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("pkg/a.py:1:5: SSOT001"), "{out}");
    assert!(out.contains("pkg/b.py:1:5: SSOT001"), "{out}");
    assert!(!out.contains("pkg/c.py"), "{out}");
    assert!(!out.contains("pkg/d.py"), "{out}");
}

// ---- 6. huge files ---------------------------------------------------------------------------

#[test]
fn rust_file_over_the_limit_is_refused_with_the_size() {
    let mut big = String::from("mod util;\n");
    let line = "pub fn filler_0000000() -> u32 { 1 + 2 + 3 }\n";
    while big.len() <= (4 << 20) {
        big.push_str(line);
    }
    let dir = project(&[
        ("lint.toml", RUST_LINT),
        ("Cargo.toml", CARGO),
        ("src/util.rs", UTIL),
        ("src/lib.rs", big.as_bytes()),
    ]);
    let (code, out, err) = run_in(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("src/lib.rs:1:1: SSOT000 file is 4.0 MiB, over the 4 MiB limit"),
        "{out}"
    );
    assert!(out.contains(r#"exclude = ["src/lib.rs"]"#), "{out}");
}

// ---- 3. failing output streams --------------------------------------------------------------

/// A project with one SSOT001 (exit 1 when the output is written).
fn one_error() -> tempfile::TempDir {
    project(&[
        ("lint.toml", PY_LINT),
        ("pkg/__init__.py", b""),
        ("pkg/util.py", b"def helper(): pass\n"),
        ("pkg/a.py", b"def helper(): pass\n"),
    ])
}

#[cfg(target_os = "linux")]
fn full() -> Stdio {
    Stdio::from(
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn full_stdout_or_stderr_fails_the_run() {
    let dir = one_error();
    let run = |args: &[&str], stdout: Stdio, stderr: Stdio| {
        let out = ssot()
            .current_dir(dir.path())
            .args(args)
            .stdout(stdout)
            .stderr(stderr)
            .output()
            .unwrap();
        decode(out)
    };
    // stdout full.
    for args in [
        &["rule"][..],
        &["rule", "SSOT001"],
        &["--help"],
        &["--version"],
        &["check"],
        &["check", "--format", "concise"],
        &["check", "--format", "json"],
        &["check", "--format", "sarif"],
        &["check", "--format", "github"],
    ] {
        let (code, _, err) = run(args, full(), Stdio::piped());
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("cannot write output"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    // stderr full: exit 2, never a panic (101).
    for args in [
        &["check", "--format", "concise"][..],
        &["check", "--verbose"],
        &["rule", "NOPE"],
        &["check", "no/such/path"],
        &["--bogus"],
    ] {
        let (code, _, _) = run(args, Stdio::null(), full());
        assert_eq!(code, 2, "{args:?}");
    }
}

#[test]
fn closed_pipe_is_quiet_and_keeps_the_exit_code() {
    // Enough diagnostics to overflow a pipe buffer.
    let copies = "def helper(): pass\n".repeat(3000);
    let dir = project(&[
        ("lint.toml", PY_LINT),
        ("pkg/__init__.py", b""),
        ("pkg/util.py", b"def helper(): pass\n"),
        ("pkg/a.py", copies.as_bytes()),
    ]);
    for format in ["human", "concise", "json"] {
        let mut child = ssot()
            .current_dir(dir.path())
            .args(["check", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let (code, _, err) = decode(out);
        assert_eq!(code, 1, "{format}: {err}");
        assert!(!err.contains("panicked"), "{format}: {err}");
        assert!(!err.contains("cannot write"), "{format}: {err}");
    }
    // stderr closed: the concise summary cannot be written; still exit 1.
    let mut child = ssot()
        .current_dir(dir.path())
        .args(["check", "--format", "concise"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

// ---- 4. terminal control characters ---------------------------------------------------------

/// A file named with an ESC whose lines hold an OSC-8 link, ESC, BEL and a bare CR.
#[cfg(unix)]
fn hostile_text() -> tempfile::TempDir {
    project(&[
        ("lint.toml", PY_LINT),
        ("pkg/__init__.py", b""),
        ("pkg/util.py", b"def helper(): pass\n"),
        (
            "pkg/ev\x1b[2Jil.py",
            b"# \x1b]8;;http://x\x07link\x1b]8;;\x07\n\
              def helper(): pass  # \x1b[2J\x07 \"\x1b\"\n\
              x = 1\r# All checks passed\n",
        ),
        ("pkg/bad.py", b"def f(:\n    \x1b[31m\x07\n"),
    ])
}

#[cfg(unix)]
#[test]
fn control_characters_never_reach_the_output() {
    let dir = hostile_text();
    for format in ["human", "concise", "github", "json", "sarif"] {
        for color in ["never", "always"] {
            let (code, out, err) = run_in(
                dir.path(),
                &["check", "--format", format, "--color", color, "--verbose"],
            );
            assert_eq!(code, 1, "{format}: {out}{err}");
            for (stream, text) in [("stdout", &out), ("stderr", &err)] {
                let raw: Vec<char> = text
                    .chars()
                    .filter(|&c| c.is_control() && c != '\n' && c != '\u{1b}')
                    .collect();
                assert!(raw.is_empty(), "{format} {stream}: raw {raw:?} in\n{text}");
                // Colour codes are ESC [ digits m; nothing else may start with ESC.
                let esc_ok = text.split('\u{1b}').skip(1).all(|after| {
                    color == "always"
                        && format == "human"
                        && after.starts_with('[')
                        && after[1..]
                            .find(|c: char| !c.is_ascii_digit() && c != ';')
                            .is_some_and(|i| after.as_bytes()[1 + i] == b'm')
                });
                assert!(esc_ok, "{format} {stream} ({color}): raw ESC in\n{text}");
            }
            assert!(
                out.contains("ev") && out.contains("il.py"),
                "{format}: {out}"
            );
            if matches!(format, "human" | "concise" | "github") {
                assert!(out.contains(r"ev\u{1b}[2Jil.py"), "{format}: {out}");
            }
            if format == "human" {
                assert!(out.contains(r"\u{1b}]8;;http://x\u{7}link"), "{out}");
                assert!(out.contains(r"pkg/ev\u{1b}[2Jil.py:2:5"), "{out}");
            }
        }
    }
    // JSON keeps the real name (serde escapes it as \u001b).
    let (_, out, _) = run_in(dir.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"pkg/ev\u{1b}[2Jil.py"), "{paths:?}");
}

#[test]
fn control_characters_in_lint_toml_are_escaped() {
    let dir = project(&[(
        "lint.toml",
        b"[[symbol]]\nname = \"helper\"\ncanonical = \"pkg.util\"\nbogus\x1b[2J = 1\x07\n",
    )]);
    for color in ["never", "always"] {
        let (code, out, err) = run_in(dir.path(), &["check", "--color", color]);
        assert_eq!(code, 2, "{out}{err}");
        assert!(!err.contains('\u{7}'), "{err}");
        assert!(!err.contains("\u{1b}[2J"), "{err}");
    }
}

// ---- 7. columns in characters -----------------------------------------------------------------

#[test]
fn human_header_counts_characters_like_every_other_format() {
    let dir = project(&[
        ("lint.toml", PY_LINT),
        ("pkg/__init__.py", b""),
        ("pkg/util.py", b"def helper(): pass\n"),
        ("pkg/other.py", b"from pkg.util import helper\n"),
        (
            "pkg/mb.py",
            "x = \"日本語\"; from pkg.other import helper\n".as_bytes(),
        ),
    ]);
    let (_, concise, _) = run_in(dir.path(), &["check", "--format", "concise"]);
    assert!(concise.contains("pkg/mb.py:1:34: SSOT003"), "{concise}");
    let (_, human, _) = run_in(dir.path(), &["check", "--color", "never"]);
    assert!(human.contains("[pkg/mb.py:1:34]"), "{human}");
    let (_, json, _) = run_in(dir.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["diagnostics"][0]["column"], 34, "{json}");
}
