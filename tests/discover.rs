//! `ssot discover` and `ssot init` on the incident fixture and on fresh projects.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ssot(dir: &Path, args: &[&str]) -> (i32, String, String) {
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

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// On the incident, discover proposes the logging helper and the alias table, with the
/// canonical modules the consolidation chose, and ready config blocks.
#[test]
fn discover_finds_the_incident_helper_and_table() {
    let (code, out, err) = ssot(
        &root(),
        &["discover", "fixtures/netra_before", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["version"], 1);
    let groups = v["groups"].as_array().unwrap();
    let helper = groups
        .iter()
        .find(|g| g["name"] == "_safe_websocket_state_for_logging")
        .unwrap_or_else(|| panic!("no group for the helper: {out}"));
    assert_eq!(
        helper["suggested_canonical"],
        "netra_backend.app.websocket_core.utils"
    );
    assert_eq!(helper["section"], "main");
    let members = helper["members"].as_array().unwrap();
    assert!(members.len() >= 5, "{helper}");
    for m in members {
        for key in ["path", "line", "end_line", "module", "name", "similarity"] {
            assert!(!m[key].is_null(), "{key} in {m}");
        }
        assert!(m["line"].as_u64().unwrap() <= m["end_line"].as_u64().unwrap());
    }
    let config = helper["config"].as_str().unwrap();
    assert!(
        config.starts_with(
            "[[symbol]]\nname = \"_safe_websocket_state_for_logging\"\ncanonical = \"netra_backend.app.websocket_core.utils\"\n"
        ),
        "{config}"
    );
    let tables = v["tables"].as_array().unwrap();
    let table = tables
        .iter()
        .find(|t| t["enum"] == "MessageType")
        .unwrap_or_else(|| panic!("no MessageType table group: {out}"));
    assert_eq!(
        table["suggested_canonical"],
        "netra_backend.app.websocket_core.types"
    );
    assert!(
        table["config"]
            .as_str()
            .unwrap()
            .contains("name = \"MESSAGE_TYPE_ALIASES\""),
        "{table}"
    );
    // Human and TOML formats render the same findings.
    let (code, human, _) = ssot(&root(), &["discover", "fixtures/netra_before"]);
    assert_eq!(code, 0);
    assert!(
        human.contains("`_safe_websocket_state_for_logging`"),
        "{human}"
    );
    let (_, toml, _) = ssot(
        &root(),
        &["discover", "fixtures/netra_before", "--format", "toml"],
    );
    assert!(toml.contains("[[table]]\nenum = \"MessageType\""), "{toml}");
}

/// `ssot init` writes a lint.toml that `ssot check` accepts (every entry resolves) and
/// that makes the copies fail; it never overwrites.
#[test]
fn init_writes_a_config_that_check_accepts_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures/netra_before"), dir.path());
    std::fs::remove_file(dir.path().join("lint.toml")).unwrap();
    let (code, printed, err) = ssot(dir.path(), &["init", "--print"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !dir.path().join("lint.toml").exists(),
        "--print writes nothing"
    );
    let (code, _, err) = ssot(dir.path(), &["init"]);
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(dir.path().join("lint.toml")).unwrap();
    assert_eq!(written, printed);
    assert!(
        written.contains("[[symbol]]") && written.contains("[[table]]"),
        "{written}"
    );
    let (code, out, err) = ssot(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(!out.contains("SSOT007"), "every entry resolves:\n{out}");
    assert!(out.contains("SSOT001") || out.contains("SSOT002"), "{out}");
    // A second init refuses.
    let (code, _, err) = ssot(dir.path(), &["init"]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("lint.toml")).unwrap(),
        written
    );
}

/// With nothing to find, init still writes a commented starter file.
#[test]
fn init_on_a_project_without_copies() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.py"), "def f(x):\n    return x\n").unwrap();
    let (code, _, err) = ssot(dir.path(), &["init"]);
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(dir.path().join("lint.toml")).unwrap();
    assert!(written.contains("# [[symbol]]"), "{written}");
    let (code, _, err) = ssot(dir.path(), &["check"]);
    assert_eq!(code, 0, "{err}");
}
