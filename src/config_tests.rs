//! Unit tests of lint.toml parsing and validation.
use super::*;

fn p(text: &str) -> Result<Config, Box<ConfigErrors>> {
    parse(Path::new("/x/lint.toml"), text)
}

/// The one error `text` has (fails when it has none or several).
fn e1(text: &str) -> ConfigError {
    one(p(text).unwrap_err())
}

fn one(mut errs: Box<ConfigErrors>) -> ConfigError {
    let msgs: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(errs.len(), 1, "{msgs:#?}");
    errs.errors.remove(0)
}

/// All errors of `text`: (line, column, message).
fn all(text: &str) -> Vec<(usize, usize, String)> {
    p(text)
        .unwrap_err()
        .iter()
        .map(|e| {
            let (l, c) = e.line_col().expect("a place");
            (l, c, e.message.clone())
        })
        .collect()
}

const GOOD: &str = r#"
[files]
exclude = ["build/**"]
python-roots = ["src"]

[[symbol]]
name = "fmt"
canonical = "pkg.utils"
aliases = ["format_it"]
facades = ["pkg"]

[[table]]
enum = "Status"
canonical = "pkg.types"
required = ["done"]
"#;

#[test]
fn good_config_parses_with_defaults() {
    let c = p(GOOD).unwrap();
    assert_eq!(c.files.python_roots, vec!["src"]);
    assert_eq!(c.symbols[0].similarity, 0.85);
    assert_eq!(c.symbols[0].copies, Copies::Near);
    assert_eq!(c.tables[0].min_entries, 3);
    assert_eq!(c.tables[0].langs, vec![Lang::Python]);
    assert_eq!(c.root, Path::new("/x"));
}

#[test]
fn unknown_key_points_at_line_with_hint() {
    let e = e1("[[symbol]]\nname = \"f\"\ncanonical = \"a.b\"\nsimlarity = 0.9\n");
    assert_eq!(e.line_col(), Some((4, 1)));
    assert!(e.help.unwrap().contains("did you mean `similarity`?"));
}

#[test]
fn unknown_top_level_section() {
    let e = e1("[symbols]\nname = \"f\"\n");
    assert!(e.help.unwrap().contains("`symbol`"), "{}", e.message);
}

#[test]
fn wrong_type_is_reported_at_value() {
    let e = e1("[[table]]\nenum = \"E\"\ncanonical = \"a.b\"\nmin-entries = \"three\"\n");
    assert_eq!(e.line_col().unwrap().0, 4);
}

#[test]
fn file_path_instead_of_module_gets_a_suggestion() {
    let e = e1("[[symbol]]\nname = \"f\"\ncanonical = \"pkg/utils.py\"\n");
    assert_eq!(e.line_col(), Some((3, 13)));
    assert!(e.help.unwrap().contains("`pkg.utils`"));
}

#[test]
fn empty_name_is_an_error() {
    let e = e1("[[symbol]]\nname = \"\"\ncanonical = \"a.b\"\n");
    assert!(e.message.contains("must not be empty"));
    assert_eq!(e.line_col().unwrap().0, 2);
}

#[test]
fn missing_required_key() {
    let e = e1("[[symbol]]\nname = \"f\"\n");
    assert!(e.message.contains("canonical"), "{}", e.message);
}

#[test]
fn rust_paths_start_with_the_crate_name() {
    let e = e1("[[symbol]]\nname = \"f\"\ncanonical = \"crate::utils\"\n");
    let help = e.help.unwrap();
    assert!(help.contains("must start with the crate name"), "{help}");
    assert!(help.contains("`my_crate::utils`"));
}

#[test]
fn dashes_in_crate_names_get_a_hint() {
    let e = e1("[[symbol]]\nname = \"f\"\ncanonical = \"my-core::utils\"\n");
    assert!(e.help.unwrap().contains("`my_core::utils`"));
}

#[test]
fn rust_paths_are_recognised() {
    let c = p("[[symbol]]\nname = \"f\"\ncanonical = \"my_crate::utils\"\n").unwrap();
    assert_eq!(c.symbols[0].langs, vec![Lang::Rust]);
    let e = e1("[[symbol]]\nname = \"f\"\ncanonical = \"my_crate::\"\n");
    assert!(e.message.contains("not a valid module path"));
}

#[test]
fn similarity_out_of_range() {
    let e = e1("[[symbol]]\nname = \"f\"\ncanonical = \"a\"\nsimilarity = 2.0\n");
    assert!(e.message.contains("between 0.0 and 1.0"));
}

#[test]
fn cargo_metadata_tables() {
    let ws = "[workspace]\nmembers = [\"a\"]\n\n[workspace.metadata.ssot]\nfiles = { exclude = [\"x\"] }\n\n[[workspace.metadata.ssot.symbol]]\nname = \"f\"\ncanonical = \"a::utils\"\n";
    let c = parse(Path::new("/w/Cargo.toml"), ws).unwrap();
    assert_eq!(c.symbols[0].canonical, "a::utils");
    assert_eq!(c.files.exclude, vec!["x"]);
    let pkg = "[package]\nname = \"a\"\n[package.metadata.ssot]\nfile = 1\n";
    let e = parse(Path::new("/w/Cargo.toml"), pkg).unwrap_err();
    let e = one(e);
    assert_eq!(e.line_col().unwrap().0, 4);
    assert!(e.message.starts_with("invalid Cargo.toml"), "{}", e.message);
    let none = parse(Path::new("/w/Cargo.toml"), "[package]\nname = \"a\"\n").unwrap_err();
    let none = one(none);
    assert!(none.message.contains("no [workspace.metadata.ssot]"));
}

#[test]
fn repeated_names_are_rejected() {
    let e = e1("[[symbol]]\nname = \"f\"\ncanonical = \"a\"\naliases = [\"g\", \"f\"]\n");
    assert_eq!(e.line_col(), Some((4, 17)));
    let e = e1(
        "[[symbol]]\nname = \"f\"\ncanonical = \"a\"\naliases = [\"g\"]\n[[symbol]]\nname = \"g\"\ncanonical = \"b\"\n",
    );
    assert!(
        e.message.contains("both a symbol and an alias"),
        "{}",
        e.message
    );
    let e = e1("[[table]]\nenum = \"E\"\ncanonical = \"a\"\nrequired = [\"x\", \"x\"]\n");
    assert!(e.message.contains("listed twice"), "{}", e.message);
}

#[test]
fn type_errors_say_what_was_expected() {
    let e = e1("[[symbol]]\nname = \"f\"\ncanonical = \"a\"\naliases = \"g\"\n");
    assert!(e.message.contains("expected"), "{}", e.message);
    let e = e1("[[symbol]]\nname = \"f\"\ncanonical = \"a\"\ncopies = \"fuzzy\"\n");
    assert!(e.message.contains("`near`"), "{}", e.message);
}

#[test]
fn python_roots_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lint.toml");
    std::fs::write(&path, "[files]\npython-roots = [\"srcc\"]\n").unwrap();
    let e = one(load(&path).unwrap_err());
    assert_eq!(e.line_col(), Some((2, 17)));
    std::fs::create_dir(dir.path().join("srcc")).unwrap();
    assert!(load(&path).is_ok());
}

#[test]
fn did_you_mean_is_conservative() {
    assert_eq!(
        did_you_mean("canonicl", &["canonical", "name"]),
        Some("canonical")
    );
    assert_eq!(did_you_mean("zzz", &["canonical", "name"]), None);
    assert_eq!(did_you_mean("JYP", &["USD", "JPY", "EUR"]), Some("JPY"));
    assert_eq!(did_you_mean("D", &["A", "B"]), None);
}
