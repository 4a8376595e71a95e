//! Help text is the product: each test here follows what a diagnostic says to do, on a
//! small project, and shows the result is right (the user's tests still pass, the code
//! still compiles, the finding is gone) — or that what it says is exactly the right line.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use ssot::diagnostic::Applicability;

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn check(dir: &Path) -> ssot::Report {
    let cfg = ssot::config::load(&dir.join("lint.toml")).expect("valid lint.toml");
    ssot::check(&cfg, &ssot::Options::default())
}

/// Apply every safe and unsafe fix of `report` (they must not overlap).
fn apply_all(dir: &Path, report: &ssot::Report) {
    let mut by_file: std::collections::BTreeMap<String, Vec<ssot::diagnostic::Edit>> =
        Default::default();
    for d in &report.diagnostics {
        if let Some(f) = &d.diag.fix
            && ssot::fix::applicable(f, Applicability::Unsafe)
        {
            for e in &f.edits {
                by_file.entry(e.path.clone()).or_default().push(e.clone());
            }
        }
    }
    for (path, edits) in by_file {
        let refs: Vec<_> = edits.iter().collect();
        let new = ssot::fix::apply(&report.source_text(&path), &refs).unwrap();
        std::fs::write(dir.join(&path), new).unwrap();
    }
}

/// A `shop` package whose `shop.text` defines `slugify`, with lint.toml naming `canonical`.
fn shop(d: &Path, canonical: &str) {
    write(
        d,
        "lint.toml",
        &format!("[[symbol]]\nname = \"slugify\"\ncanonical = \"{canonical}\"\n"),
    );
    write(d, "shop/__init__.py", "");
    write(d, "shop/text.py", "def slugify(s):\n    return s\n");
}

fn python_ok() -> bool {
    Command::new("python3").arg("--version").output().is_ok()
}

/// The incident's test trap: `mock.patch("shop.orders.slugify")` where `shop.orders` holds
/// a copy. Patching the canonical path instead would patch nothing `shop.orders` uses;
/// the fix is the consolidation, after which the target is a correct lookup-site patch
/// and the user's test still passes.
#[test]
fn a_patch_target_at_a_copy_is_fixed_by_consolidating_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "lint.toml",
        "[[symbol]]\nname = \"slugify\"\ncanonical = \"shop.text\"\n",
    );
    write(d, "shop/__init__.py", "");
    write(
        d,
        "shop/text.py",
        "def slugify(s):\n    return s.strip().lower().replace(' ', '-')\n",
    );
    write(
        d,
        "shop/orders.py",
        "import functools\n\n\n@functools.lru_cache(maxsize=None)\ndef slugify(s):\n    \"\"\"Old copy.\"\"\"\n    return s.lower().replace(' ', '-')\n\n\ndef order_slug(name):\n    return 'order-' + slugify(name)\n",
    );
    write(d, "tests/__init__.py", "");
    write(
        d,
        "tests/test_orders.py",
        "import unittest\nfrom unittest import mock\n\nfrom shop.orders import order_slug\n\n\nclass T(unittest.TestCase):\n    def test_patched(self):\n        with mock.patch(\"shop.orders.slugify\", return_value=\"x\"):\n            self.assertEqual(order_slug(\"A B\"), \"order-x\")\n\n\nif __name__ == \"__main__\":\n    unittest.main()\n",
    );
    let report = check(d);
    let stale = report
        .diagnostics
        .iter()
        .find(|r| r.diag.code.as_str() == "SSOT003")
        .expect("the stale patch target is reported");
    let help = stale.diag.help.as_deref().unwrap();
    assert!(
        help.contains("replace the copy in `shop.orders` with `from shop.text import slugify`"),
        "{help}"
    );
    assert!(!help.contains("target the canonical path"), "{help}");
    apply_all(d, &report);
    let orders = std::fs::read_to_string(d.join("shop/orders.py")).unwrap();
    assert!(
        orders.contains("from shop.text import slugify\n"),
        "{orders}"
    );
    assert!(
        !orders.contains("lru_cache(maxsize"),
        "decorators go with the copy"
    );
    let after = check(d);
    assert!(
        after.diagnostics.is_empty(),
        "{:?}",
        after
            .diagnostics
            .iter()
            .map(|r| &r.diag.message)
            .collect::<Vec<_>>()
    );
    if python_ok() {
        let out = Command::new("python3")
            .args(["-m", "unittest", "tests.test_orders"])
            .current_dir(d)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "the user's test fails after the fix:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// SSOT005 takes a missing key's member only from a real alias table, and only a member
/// the enum has; the SSOT004 note lists each key once and names unknown members.
#[test]
fn table_help_uses_only_alias_tables_and_real_members() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "lint.toml",
        "[[table]]\nenum = \"Kind\"\ncanonical = \"app.kinds\"\nname = \"ALIASES\"\nrequired = [\"go\", \"halt\"]\n",
    );
    write(d, "app/__init__.py", "");
    write(
        d,
        "app/kinds.py",
        "import enum\n\n\nclass Kind(enum.Enum):\n    START = 1\n    STOP = 2\n    PAUSE = 3\n\n\nALIASES = {\n    \"start\": Kind.START,\n    \"stop\": Kind.STOP,\n}\n",
    );
    // Two entries: below min-entries, so not an alias table; it must not feed SSOT005.
    write(
        d,
        "app/labels.py",
        "from app.kinds import Kind\n\nLABELS = {\"go\": Kind.PAUSE, \"x\": Kind.STOP}\n",
    );
    // A stray table: "halt" twice, and a member Kind does not have.
    write(
        d,
        "app/routes.py",
        "from app.kinds import Kind\n\nROUTES = {\n    \"halt\": Kind.STOP,\n    \"halt\": Kind.STOP,\n    \"go\": Kind.GO,\n    \"start\": Kind.START,\n}\n",
    );
    let report = check(d);
    let missing_go = report
        .diagnostics
        .iter()
        .find(|r| r.diag.code.as_str() == "SSOT005" && r.diag.message.contains("\"go\""))
        .unwrap();
    let help = missing_go.diag.help.as_deref().unwrap();
    assert_eq!(help, "add `\"go\": Kind.<MEMBER>` to this table", "{help}");
    assert_eq!(
        missing_go.diag.fix.as_ref().unwrap().applicability,
        Applicability::DisplayOnly
    );
    let missing_halt = report
        .diagnostics
        .iter()
        .find(|r| r.diag.code.as_str() == "SSOT005" && r.diag.message.contains("\"halt\""))
        .unwrap();
    assert_eq!(
        missing_halt.diag.help.as_deref(),
        Some("add `\"halt\": Kind.STOP` to this table")
    );
    let stray = report
        .diagnostics
        .iter()
        .find(|r| r.diag.code.as_str() == "SSOT004")
        .unwrap();
    let notes = stray.diag.notes.join("\n");
    assert_eq!(notes.matches("\"halt\"").count(), 1, "{notes}");
    assert!(notes.contains("`\"halt\": Kind.STOP`"), "{notes}");
    assert!(
        notes.contains("members `Kind` does not define: \"go\" -> `Kind.GO`"),
        "{notes}"
    );
    // Applying the SSOT005 fix for "halt" leaves a valid table that carries the key.
    apply_all(d, &report);
    let kinds = std::fs::read_to_string(d.join("app/kinds.py")).unwrap();
    assert!(
        kinds.contains("    \"stop\": Kind.STOP,\n    \"halt\": Kind.STOP,\n}"),
        "{kinds}"
    );
    if python_ok() {
        let ok = Command::new("python3")
            .args([
                "-c",
                "import app.kinds as k; assert k.ALIASES['halt'] is k.Kind.STOP",
            ])
            .current_dir(d)
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

/// For a Rust `match` whose arms return `Some(E::X)`, the suggested entry is an arm of
/// the same shape, and applying it compiles (checked by re-parsing and by the shape).
#[test]
fn rust_match_entries_keep_their_some_wrapper() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "lint.toml",
        "[[table]]\nenum = \"Kind\"\ncanonical = \"app::kinds\"\nname = \"parse_kind\"\nrequired = [\"halt\"]\n",
    );
    write(
        d,
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write(d, "src/lib.rs", "pub mod kinds;\npub mod routes;\n");
    write(
        d,
        "src/kinds.rs",
        "pub enum Kind {\n    Start,\n    Stop,\n}\n\npub fn parse_kind(s: &str) -> Option<Kind> {\n    match s {\n        \"start\" => Some(Kind::Start),\n        \"stop\" => Some(Kind::Stop),\n        _ => None,\n    }\n}\n",
    );
    write(
        d,
        "src/routes.rs",
        "use crate::kinds::Kind;\n\npub fn route(s: &str) -> Option<Kind> {\n    match s {\n        \"halt\" => Some(Kind::Stop),\n        \"go\" => Some(Kind::Start),\n        \"begin\" => Some(Kind::Start),\n        _ => None,\n    }\n}\n",
    );
    let report = check(d);
    let missing = report
        .diagnostics
        .iter()
        .find(|r| r.diag.code.as_str() == "SSOT005")
        .expect("missing key reported");
    assert_eq!(
        missing.diag.help.as_deref(),
        Some("add `\"halt\" => Some(Kind::Stop)` to this table")
    );
    apply_all(d, &report);
    let kinds = std::fs::read_to_string(d.join("src/kinds.rs")).unwrap();
    assert!(
        kinds.contains(
            "        \"stop\" => Some(Kind::Stop),\n        \"halt\" => Some(Kind::Stop),\n        _ => None,"
        ),
        "{kinds}"
    );
    // The fixed file parses, and the key is now there.
    let after = check(d);
    assert!(
        !after
            .diagnostics
            .iter()
            .any(|r| matches!(r.diag.code.as_str(), "SSOT000" | "SSOT005")),
        "{:?}",
        after
            .diagnostics
            .iter()
            .map(|r| &r.diag.message)
            .collect::<Vec<_>>()
    );
}

/// A typo in `canonical` is one diagnostic, with the right module suggested, and nothing
/// computed against the module that does not exist.
#[test]
fn a_config_typo_gives_one_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    shop(d, "shop.textz");
    write(d, "shop/a.py", "def slugify(s):\n    return s\n");
    write(d, "shop/b.py", "from shop.a import slugify\n");
    let report = check(d);
    assert_eq!(report.diagnostics.len(), 1);
    let only = &report.diagnostics[0].diag;
    assert_eq!(only.code.as_str(), "SSOT007");
    assert_eq!(only.help.as_deref(), Some("did you mean `shop.text`?"));
    apply_all(d, &report);
    let after = check(d);
    let codes: Vec<&str> = after
        .diagnostics
        .iter()
        .map(|r| r.diag.code.as_str())
        .collect();
    // Now the rules run: the copy in shop/a.py and the import of it in shop/b.py.
    assert_eq!(codes, ["SSOT001", "SSOT003"]);
}

/// `--stdin-filename` checks an unsaved buffer against the project on disk, reporting
/// only on that file.
#[test]
fn stdin_filename_checks_unsaved_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    shop(d, "shop.text");
    write(d, "shop/a.py", "def slugify(s):\n    return s\n");
    write(d, "shop/b.py", "x = 1\n");
    let run = |file: &str, text: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ssot"))
            .current_dir(d)
            .args(["check", "--format", "concise", "--stdin-filename", file])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    // On disk b.py is clean; the buffer imports the copy.
    let (code, out) = run("shop/b.py", "from shop.a import slugify\n");
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("shop/b.py:1:20: SSOT003"), "{out}");
    assert_eq!(out.lines().count(), 1, "only the buffer is reported: {out}");
    // A new file that is not on disk yet.
    let (code, out) = run("shop/new.py", "from shop.text import slugify\n");
    assert_eq!((code, out.as_str()), (0, ""));
    let (code, out) = run("shop/new.py", "def slugify(s):\n    return s\n");
    assert_eq!(code, 1);
    assert!(out.starts_with("shop/new.py:1:5: SSOT001"), "{out}");
}

/// `canonical = "module.symbol"` (the symbol's name written into the path) is named as
/// such, and the fix writes the module.
#[test]
fn a_canonical_path_ending_in_the_symbol_names_the_module() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    shop(d, "shop.text.slugify");
    let report = check(d);
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(
        report.diagnostics[0].diag.help.as_deref(),
        Some("`canonical` names the module, not the symbol: did you mean `shop.text`?")
    );
    apply_all(d, &report);
    assert!(check(d).diagnostics.is_empty());
}

/// Names that only look like the helper: parameters, locals, keyword arguments, loop
/// variables and methods that use their instance with a body of their own are not
/// definitions; a static method, a method that ignores `self`, and a method whose body is
/// the helper's are.
#[test]
fn names_that_only_look_the_same_are_not_definitions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "lint.toml",
        "[[symbol]]\nname = \"slugify\"\ncanonical = \"shop.text\"\n\n[[symbol]]\nname = \"slug\"\ncanonical = \"core::text\"\n",
    );
    write(d, "shop/__init__.py", "");
    write(
        d,
        "shop/text.py",
        "def slugify(s):\n    return s.strip().lower()\n",
    );
    write(
        d,
        "shop/other.py",
        r#"def use(slugify):
    return slugify("x")


def local():
    slugify = str.lower
    return slugify("x") + str(dict(slugify=1))


class Article:
    def slugify(self):
        return self.title.replace(" ", "-")


class Util:
    @staticmethod
    def slugify(s):
        return s.lower()


class Lazy:
    def slugify(self, s):
        return s.lower()


class Pasted:
    def slugify(self, s):
        return s.strip().lower()


for slugify in []:
    pass
"#,
    );
    write(
        d,
        "Cargo.toml",
        "[package]\nname = \"core\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write(d, "src/lib.rs", "pub mod text;\npub mod other;\n");
    write(
        d,
        "src/text.rs",
        "pub fn slug(s: &str) -> String {\n    s.trim().to_lowercase()\n}\n",
    );
    write(
        d,
        "src/other.rs",
        r#"pub struct Article { title: String }
impl Article {
    pub fn slug(&self) -> String { self.title.replace(' ', "-") }
}
pub struct Util;
impl Util {
    pub fn slug(s: &str) -> String { s.to_lowercase() }
}
pub struct Pasted;
impl Pasted {
    pub fn slug(&self, s: &str) -> String {
        s.trim().to_lowercase()
    }
}
pub fn takes(slug: &str) -> usize { let slug2 = slug; slug2.len() }
#[test]
fn slug() {}
"#,
    );
    let report = check(d);
    let found: Vec<String> = report
        .diagnostics
        .iter()
        .map(|r| {
            format!(
                "{}:{} {}",
                r.diag.location.path,
                r.line,
                r.diag.code.as_str()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "shop/other.py:17 SSOT001", // Util: a static method
            "shop/other.py:22 SSOT001", // Lazy: never uses self
            "shop/other.py:27 SSOT001", // Pasted: the helper's body
            "src/other.rs:7 SSOT001",   // Util::slug: no receiver
            "src/other.rs:11 SSOT001",  // Pasted::slug: the helper's body
        ]
    );
}

/// The incident itself: a JSON log formatter cannot serialise a raw enum, so the log call
/// raises. Following SSOT008's help (wrap the value in the helper, importing it) makes the
/// same program log a plain string, and the finding goes away.
#[test]
fn wrapping_a_guarded_value_makes_the_json_log_line_serialisable() {
    if !python_ok() {
        eprintln!("python3 not available; skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "lint.toml",
        "[[symbol]]\nname = \"safe_state\"\ncanonical = \"app.util\"\n\n[[guard]]\nvalues = [\"*.client_state\"]\nthrough = [\"safe_state\"]\n",
    );
    write(d, "app/__init__.py", "");
    write(
        d,
        "app/util.py",
        "import enum\n\n\nclass State(enum.Enum):\n    OPEN = 1\n\n\ndef safe_state(state):\n    return state.name.lower()\n",
    );
    write(
        d,
        "app/conn.py",
        r#"import json
import logging

from app.util import State


class JsonFormatter(logging.Formatter):
    def format(self, record):
        return json.dumps({"msg": record.getMessage(), "state": record.__dict__.get("state")})


logger = logging.getLogger("conn")
handler = logging.StreamHandler()
handler.setFormatter(JsonFormatter())
logger.addHandler(handler)
logger.propagate = False


class Socket:
    client_state = State.OPEN


def close(ws):
    state = ws.client_state
    logger.warning("closing", extra={"state": state})


if __name__ == "__main__":
    close(Socket())
"#,
    );
    let run = || {
        Command::new("python3")
            .args(["-m", "app.conn"])
            .current_dir(d)
            .output()
            .unwrap()
    };
    let before = String::from_utf8_lossy(&run().stderr).into_owned();
    assert!(
        before.contains("not JSON serializable"),
        "the raw value breaks the log line: {before}"
    );
    let report = check(d);
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|r| (r.diag.code.as_str(), r.line))
        .collect();
    assert_eq!(found, [("SSOT008", 25)], "{:#?}", report.diagnostics);
    let help = report.diagnostics[0].diag.help.clone().unwrap_or_default();
    assert_eq!(
        help,
        "wrap it: `safe_state(state)`, with `from app.util import safe_state`"
    );
    apply_all(d, &report);
    let after = String::from_utf8_lossy(&run().stderr).into_owned();
    assert!(
        after.contains(r#""state": "open""#),
        "the helper's string is logged: {after}"
    );
    assert!(check(d).diagnostics.is_empty());
}
