//! The facts cache (src/cache.rs) through the real binary: invisible when it works (warm
//! runs report exactly what cold runs and `--no-cache` runs report), never stale, never an
//! error.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ssot(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ssot"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The JSON report of `ssot check` in `dir` with `extra` arguments, without `duration_ms`;
/// and the exit code.
fn report(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = ssot(dir, &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let mut v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{stderr}", String::from_utf8_lossy(&out.stdout)));
    v["summary"]
        .as_object_mut()
        .unwrap()
        .remove("duration_ms")
        .unwrap();
    (out.status.code().unwrap(), v)
}

/// `ssot check -v` with the cache in `cache`: the cache note (`N file(s) from .., M
/// extracted`).
fn cache_note(dir: &Path, cache: &Path) -> String {
    let out = ssot(
        dir,
        &[
            "check",
            "-v",
            "--format",
            "concise",
            "--cache-dir",
            cache.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    stderr
        .lines()
        .find(|l| l.contains("cache:"))
        .unwrap_or_else(|| panic!("no cache note in {stderr}"))
        .to_string()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            if e.file_name() != ".ssot_cache" {
                copy_dir(&e.path(), &t);
            }
        } else {
            std::fs::copy(e.path(), t).unwrap();
        }
    }
}

fn fixtures() -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        if d.join("lint.toml").is_file() {
            out.push(d.to_path_buf());
            return;
        }
        for e in std::fs::read_dir(d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                walk(&e.path(), out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("fixtures"), &mut out);
    out.sort();
    out
}

#[test]
fn warm_equals_cold_on_every_fixture() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 20, "{fixtures:?}");
    for f in fixtures {
        let tmp = tempfile::tempdir().unwrap();
        let cache = tmp.path().join("c");
        let c = cache.to_str().unwrap();
        let (code_none, none) = report(&f, &["--no-cache"]);
        let (code_cold, cold) = report(&f, &["--cache-dir", c]);
        assert!(cache.join(".gitignore").is_file(), "{}", f.display());
        let (code_warm, warm) = report(&f, &["--cache-dir", c]);
        assert_eq!(cold, none, "{}: cold differs from --no-cache", f.display());
        assert_eq!(warm, cold, "{}: warm differs from cold", f.display());
        assert_eq!((code_cold, code_warm), (code_none, code_none));
        let note = cache_note(&f, &cache);
        assert!(note.contains(" 0 extracted"), "{}: {note}", f.display());
    }
}

#[test]
fn discover_warm_equals_cold() {
    let f = root().join("fixtures/clones");
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("c");
    let run = |extra: &[&str]| {
        let mut args = vec!["discover", ".", "--format", "json"];
        args.extend_from_slice(extra);
        let out = ssot(&f, &args);
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let none = run(&["--no-cache"]);
    let cold = run(&["--cache-dir", c.to_str().unwrap()]);
    assert!(c.join(".gitignore").is_file());
    let warm = run(&["--cache-dir", c.to_str().unwrap()]);
    assert_eq!(cold, none);
    assert_eq!(warm, cold);
}

/// A small Python project: a canonical helper and a module that may copy it.
fn python_project(dir: &Path) {
    write(
        dir,
        "lint.toml",
        "[files]\npython-roots = [\"src\"]\n\n[[symbol]]\nname = \"helper\"\ncanonical = \"pkg.utils\"\n",
    );
    write(
        dir,
        "src/pkg/utils.py",
        "def helper(x):\n    return x * 2 + 1\n",
    );
    write(dir, "src/pkg/__init__.py", "");
    write(dir, "src/pkg/other.py", "VALUE = 1\n");
}

#[test]
fn default_cache_is_at_the_root_with_a_gitignore_and_no_cache_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    python_project(dir);
    let (code, _) = report(dir, &["--no-cache"]);
    assert_eq!(code, 0);
    assert!(
        !dir.join(".ssot_cache").exists(),
        "--no-cache wrote a cache"
    );
    // From a subdirectory too: the cache goes next to lint.toml.
    let (code, _) = report(&dir.join("src/pkg"), &[]);
    assert_eq!(code, 0);
    let gi = std::fs::read_to_string(dir.join(".ssot_cache/.gitignore")).unwrap();
    assert!(gi.lines().any(|l| l == "*"), "{gi}");
    assert!(!dir.join("src/pkg/.ssot_cache").exists());

    // `ssot clean` says what it removed, then that there is nothing.
    let out = ssot(&dir.join("src"), &["clean"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.starts_with("removed ") && said.contains(".ssot_cache"),
        "{said}"
    );
    assert!(!dir.join(".ssot_cache").exists());
    let out = ssot(dir, &["clean"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing to remove"));
    // --cache-dir elsewhere; `clean --cache-dir` removes that one.
    let other = tmp.path().join("elsewhere");
    report(dir, &["--cache-dir", other.to_str().unwrap()]);
    assert!(other.join(".gitignore").is_file());
    assert!(!dir.join(".ssot_cache").exists());
    assert!(
        ssot(dir, &["clean", "--cache-dir", other.to_str().unwrap()])
            .status
            .success()
    );
    assert!(!other.exists());
}

#[test]
fn an_edited_file_is_extracted_again() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    python_project(dir);
    let c = tmp.path().join("c");
    let (code, v) = report(dir, &["--cache-dir", c.to_str().unwrap()]);
    assert_eq!(code, 0, "{v}");
    assert!(cache_note(dir, &c).contains(" 0 extracted"));
    // Same size, new content: a copy of the helper.
    write(
        dir,
        "src/pkg/other.py",
        "def helper(y):\n    return y * 2 + 1\n",
    );
    let (code, warm) = report(dir, &["--cache-dir", c.to_str().unwrap()]);
    let (_, none) = report(dir, &["--no-cache"]);
    assert_eq!(code, 1, "{warm}");
    assert_eq!(warm, none);
    assert!(warm.to_string().contains("SSOT001"), "{warm}");
    let note = cache_note(dir, &c);
    assert!(note.contains(" 0 extracted"), "{note}");
    // Back as it was: the finding goes away again.
    write(dir, "src/pkg/other.py", "VALUE = 1\n");
    let note = cache_note(dir, &c);
    assert!(note.contains(" 1 extracted"), "{note}");
    assert_eq!(report(dir, &["--cache-dir", c.to_str().unwrap()]).0, 0);
}

#[test]
fn a_config_that_changes_extraction_is_not_served_stale_facts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    python_project(dir);
    write(
        dir,
        "src/pkg/other.py",
        "def helper(y):\n    return y * 2 + 1\n",
    );
    let c = tmp.path().join("c");
    let cd = c.to_str().unwrap();
    let (_, roots_src) = report(dir, &["--cache-dir", cd]);
    // python-roots: module paths change (src.pkg.utils), so the canonical is missing.
    let lint = std::fs::read_to_string(dir.join("lint.toml")).unwrap();
    write(
        dir,
        "lint.toml",
        &lint.replace("python-roots = [\"src\"]", "python-roots = [\".\"]"),
    );
    let (_, warm) = report(dir, &["--cache-dir", cd]);
    let (_, none) = report(dir, &["--no-cache"]);
    assert_eq!(warm, none);
    assert_ne!(warm, roots_src);
    assert!(warm.to_string().contains("src.pkg"), "{warm}");

    // A [[guard]] turns on call recording (SSOT008): facts cached without calls must not
    // be served.
    let f = root().join("fixtures/rules/ssot008_unguarded_value");
    let g = tmp.path().join("guard");
    copy_dir(&f, &g);
    let lint = std::fs::read_to_string(g.join("lint.toml")).unwrap();
    let at = lint.find("[[guard]]").unwrap();
    write(&g, "lint.toml", &lint[..at]);
    let (_, unguarded) = report(&g, &["--cache-dir", cd]);
    assert!(!unguarded.to_string().contains("SSOT008"));
    write(&g, "lint.toml", &lint);
    let (_, warm) = report(&g, &["--cache-dir", cd]);
    let (_, none) = report(&g, &["--no-cache"]);
    assert_eq!(warm, none);
    assert!(warm.to_string().contains("SSOT008"), "{warm}");
}

#[test]
fn a_rust_file_is_keyed_by_its_module_from_the_mod_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(
        dir,
        "Cargo.toml",
        "[package]\nname = \"krate\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write(
        dir,
        "lint.toml",
        "[[symbol]]\nname = \"helper\"\ncanonical = \"krate::util\"\n",
    );
    write(
        dir,
        "src/lib.rs",
        "#[path = \"other/x.rs\"]\npub mod util;\npub mod b;\n",
    );
    write(
        dir,
        "src/other/x.rs",
        "pub fn helper(x: u32) -> u32 {\n    x * 2 + 1\n}\n",
    );
    write(
        dir,
        "src/b.rs",
        "pub fn f() -> u32 {\n    crate::util::helper(1)\n}\n",
    );
    let c = tmp.path().join("c");
    let cd = c.to_str().unwrap();
    let modules = |cache: bool| {
        let p = ssot::load_project_cached(
            dir,
            &ssot::config::FilesConfig::default(),
            cache.then_some(c.as_path()),
        );
        let mut m: Vec<(String, String)> = p
            .files
            .iter()
            .map(|f| (f.path.clone(), f.module.clone()))
            .collect();
        m.sort();
        m
    };
    let (code, cold) = report(dir, &["--cache-dir", cd]);
    assert_eq!(code, 0, "{cold}");
    let (_, warm) = report(dir, &["--cache-dir", cd]);
    assert_eq!(warm, cold);
    assert!(cache_note(dir, &c).contains(" 0 extracted"));
    let first = modules(true);
    assert!(
        first.contains(&("src/other/x.rs".into(), "krate::util".into())),
        "{first:?}"
    );
    assert_eq!(first, modules(false));
    // The same file, now reached as another module: its facts follow.
    write(
        dir,
        "src/lib.rs",
        "#[path = \"other/x.rs\"]\npub mod tools;\npub mod b;\n",
    );
    let again = modules(true);
    assert!(
        again.contains(&("src/other/x.rs".into(), "krate::tools".into())),
        "{again:?}"
    );
    assert_eq!(again, modules(false));
    let (_, warm) = report(dir, &["--cache-dir", cd]);
    let (_, none) = report(dir, &["--no-cache"]);
    assert_eq!(warm, none);
    assert_ne!(warm, cold);
}

#[test]
fn corrupt_and_foreign_caches_are_ignored_silently() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    python_project(dir);
    write(
        dir,
        "src/pkg/other.py",
        "def helper(y):\n    return y * 2 + 1\n",
    );
    let (_, expected) = report(dir, &["--no-cache"]);
    report(dir, &[]);
    let cache = dir.join(".ssot_cache");
    let file = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "bin"))
        .unwrap();
    let good = std::fs::read(&file).unwrap();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"not a cache at all".to_vec()),
        ("empty", Vec::new()),
        ("truncated", good[..good.len() / 2].to_vec()),
    ];
    // Flipped bytes in the middle (the blobs) and a version ssot never had.
    let mut flipped = good.clone();
    for b in flipped.iter_mut().skip(good.len() / 2).step_by(7) {
        *b ^= 0xa5;
    }
    cases.push(("corrupt", flipped));
    let at = good.windows(5).position(|w| w == b"0.1.0").unwrap_or(15);
    let mut other = good.clone();
    other[at] = b'7';
    cases.push(("other version", other));
    for (what, bytes) in cases {
        std::fs::write(&file, &bytes).unwrap();
        let out = ssot(dir, &["check", "--format", "json"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
        assert!(stderr.is_empty(), "{what}: {stderr}");
        let (_, v) = report(dir, &[]);
        assert_eq!(v, expected, "{what}");
        // Rebuilt: the next run is served from it.
        assert_ne!(
            std::fs::read(&file).unwrap(),
            bytes,
            "{what}: not rewritten"
        );
        assert!(cache_note(dir, &cache).contains(" 0 extracted"), "{what}");
    }
    // A cache directory that cannot be created (a file is in the way): no error either.
    let blocked = tmp.path().join("blocked");
    std::fs::write(&blocked, "").unwrap();
    let (code, v) = report(dir, &["--cache-dir", blocked.to_str().unwrap()]);
    assert_eq!((code, v), (1, expected));
}

#[test]
fn concurrent_runs_both_succeed_and_leave_a_readable_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    python_project(dir);
    for i in 0..150 {
        write(
            dir,
            &format!("src/pkg/m{i}.py"),
            &format!(
                "from pkg.utils import helper\n\ndef f{i}(a, b):\n    return helper(a) + b * {i}\n"
            ),
        );
    }
    let (_, expected) = report(dir, &["--no-cache"]);
    for round in 0..3 {
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_ssot"))
                .current_dir(dir)
                .args(["check", "--format", "json"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.code() == Some(0),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            v["summary"].as_object_mut().unwrap().remove("duration_ms");
            assert_eq!(v, expected);
        }
        let note = cache_note(dir, &dir.join(".ssot_cache"));
        assert!(note.contains(" 0 extracted"), "round {round}: {note}");
        // No temporary file left behind.
        let names: Vec<String> = std::fs::read_dir(dir.join(".ssot_cache"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.iter().any(|n| n.starts_with(".tmp")), "{names:?}");
        // Touch one file so that the next round writes again.
        write(dir, "src/pkg/m0.py", &format!("X = {round}\n"));
    }
}

#[test]
fn stdin_and_fix_overlays_bypass_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    python_project(dir);
    let c = tmp.path().join("c");
    let cd = c.to_str().unwrap();
    report(dir, &["--cache-dir", cd]);
    // The buffer has a copy of the helper; the file on disk does not.
    let mut child = Command::new(env!("CARGO_BIN_EXE_ssot"))
        .current_dir(dir)
        .args([
            "check",
            "--format",
            "concise",
            "--cache-dir",
            cd,
            "--stdin-filename",
            "src/pkg/other.py",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"def helper(y):\n    return y * 2 + 1\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("SSOT001"),
        "{out:?}"
    );
    // The file on disk is still served from the cache, as it is on disk.
    assert_eq!(report(dir, &["--cache-dir", cd]).0, 0);
    assert!(cache_note(dir, &c).contains(" 0 extracted"));
}
