//! Unit tests of lint.toml parsing and validation.
use super::*;

fn p(text: &str) -> Result<Config, Box<ConfigErrors>> {
    parse(Path::new("/x/lint.toml"), text)
}

/// The one error `text` has (fails when it has none or several).
fn e1(text: &str) -> ConfigError {
    one(*p(text).unwrap_err())
}

fn one(mut errs: ConfigErrors) -> ConfigError {
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
    let e = one(*e);
    assert_eq!(e.line_col().unwrap().0, 4);
    assert!(e.message.starts_with("invalid Cargo.toml"), "{}", e.message);
    let none = parse(Path::new("/w/Cargo.toml"), "[package]\nname = \"a\"\n").unwrap_err();
    let none = one(*none);
    assert!(none.message.contains("no [workspace.metadata.ssot]"));
}

#[test]
fn pyproject_tool_table() {
    let py = "[project]\nname = \"shop\"\n\n[tool.ruff]\nline-length = 100\n\n[tool.ssot]\nfiles = { python-roots = [\"src\"] }\n\n[[tool.ssot.symbol]]\nname = \"slugify\"\ncanonical = \"shop.text\"\n\n[tool.ssot.rules]\nignore = [\"SSOT002\"]\n";
    let c = parse(Path::new("/w/pyproject.toml"), py).unwrap();
    assert_eq!(c.symbols[0].canonical, "shop.text");
    assert_eq!(c.files.python_roots, vec!["src"]);
    assert_eq!(c.rules.ignore, vec![crate::rules::Code::Ssot002]);
    let bad = "[tool.ssot]\nsymbl = []\n";
    let e = one(*parse(Path::new("/w/pyproject.toml"), bad).unwrap_err());
    assert_eq!(e.line_col().unwrap().0, 2);
    assert!(e.message.contains("unknown key `symbl`"), "{}", e.message);
    let none =
        one(*parse(Path::new("/w/pyproject.toml"), "[project]\nname = \"a\"\n").unwrap_err());
    assert!(
        none.message.contains("has no [tool.ssot] table"),
        "{}",
        none.message
    );
}

#[test]
fn config_is_discovered_in_pyproject() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("src/shop");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(dir.path().join("pyproject.toml"), "[tool.ruff]\n").unwrap();
    assert!(
        discover(&sub).is_none(),
        "a pyproject.toml without [tool.ssot] is not a config"
    );
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.ssot]\n[[tool.ssot.symbol]]\nname = \"f\"\ncanonical = \"shop\"\n",
    )
    .unwrap();
    let found = discover(&sub).unwrap();
    assert!(found.ends_with("pyproject.toml"), "{}", found.display());
    std::fs::write(dir.path().join("lint.toml"), "").unwrap();
    assert!(
        discover(&sub).unwrap().ends_with("lint.toml"),
        "lint.toml wins"
    );
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
    let e = one(*load(&path).unwrap_err());
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

#[test]
fn every_error_of_a_file_is_reported_at_its_own_line() {
    let errs = all(
        "[[symbol]]\nnme = \"f\"\ncanonical = \"a.b\"\n\n[[table]]\nenum = \"E\"\ncanonical = \"a.b\"\nmin-entrys = 3\n\n[files]\nexclud = [\"x\"]\n",
    );
    let lines: Vec<usize> = errs.iter().map(|e| e.0).collect();
    // `nme` is reported once, as a misspelling of `name`, not also as `name` missing.
    assert_eq!(lines, vec![2, 8, 11], "{errs:#?}");
    assert!(errs.iter().all(|e| !e.2.contains("missing")), "{errs:#?}");
    // An unknown key that is not a misspelling leaves `name` missing.
    let errs = all("[[symbol]]
label = \"f\"\ncanonical = \"a.b\"\n");
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!((errs[0].0, errs[1].0), (1, 2));
}

#[test]
fn three_distinct_errors_give_three_lines() {
    let errs = all(
        "[[symbol]]\nname = \"f\"\ncanonical = \"a.b\"\nsimlarity = 0.9\ncopies = \"nearr\"\nfacades = [\"a/b.py\"]\n",
    );
    assert_eq!(errs.len(), 3, "{errs:#?}");
    let mut lines: Vec<usize> = errs.iter().map(|e| e.0).collect();
    lines.dedup();
    assert_eq!(lines, vec![4, 5, 6]);
}

#[test]
fn several_syntax_errors_are_all_reported() {
    let errs = all("[[symbol]]\nname = \ncanonical = \"a.b\"\nreason = 'x\n");
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!((errs[0].0, errs[1].0), (2, 4));
    assert!(errs.iter().all(|e| e.2.starts_with("invalid lint.toml:")));
}

#[test]
fn unknown_keys_everywhere_get_a_did_you_mean_among_the_keys_of_that_place() {
    let e = e1("[files]\nexlude = []\n");
    assert_eq!(e.line_col(), Some((2, 1)));
    assert_eq!(e.label, "unknown key");
    let help = e.help.unwrap();
    assert!(help.contains("did you mean `exclude`?"), "{help}");
    assert!(!help.contains("`canonical`"), "{help}");
    let e = e1("[[table]]\nenum = \"E\"\ncanonical = \"a\"\nrequird = [\"x\"]\n");
    assert!(e.help.unwrap().contains("did you mean `required`?"));
    let e = e1("[[symbol]]\nname = \"f\"\ncanonical = \"a\"\n[tabel]\n");
    assert!(e.message.contains("unknown key `tabel`"), "{}", e.message);
}

#[test]
fn wrong_types_are_named_in_words() {
    let cases = [
        ("name = 1", "expected a string, found an integer"),
        (
            "aliases = \"g\"",
            "expected a list of strings, found a string",
        ),
        (
            "aliases = [1]",
            "expected a string in the list, found an integer",
        ),
        ("facades = {}", "expected a list of strings, found a table"),
        (
            "similarity = \"high\"",
            "expected a number between 0.0 and 1.0, found a string",
        ),
        (
            "copies = true",
            "expected one of `off`, `exact`, `renamed`, `near`, found a boolean",
        ),
        ("reason = 1.5", "expected a string, found a float"),
    ];
    for (line, want) in cases {
        let text = format!("[[symbol]]\nname = \"f\"\ncanonical = \"a\"\n{line}\n");
        // `name = 1` repeats a key: put it on its own symbol.
        let text = if line.starts_with("name") {
            format!("[[symbol]]\ncanonical = \"a\"\n{line}\n")
        } else {
            text
        };
        let e = e1(&text);
        assert!(e.message.contains(want), "{line}: {}", e.message);
        assert!(!e.message.contains("i64") && !e.message.contains("f64"));
    }
    let e = e1("[[table]]\nenum = \"E\"\ncanonical = \"a\"\nmin-entries = 2.5\n");
    assert!(e.message.contains("expected an integer, found a float"));
    let e = e1("files = 1\n");
    assert!(e.message.contains("expected a table, found an integer"));
    let e = e1("[symbol]\nname = \"f\"\ncanonical = \"a\"\n");
    assert!(
        e.message.contains("expected a list of tables"),
        "{}",
        e.message
    );
    assert!(e.help.unwrap().contains("[[symbol]]"));
}

#[test]
fn unknown_copies_value_gets_a_did_you_mean() {
    let e = e1("[[symbol]]\nname = \"f\"\ncanonical = \"a\"\ncopies = \"exakt\"\n");
    assert!(
        e.message
            .contains("expected one of `off`, `exact`, `renamed`, `near`"),
        "{}",
        e.message
    );
    assert_eq!(e.help.as_deref(), Some("did you mean `exact`?"));
    assert_eq!(e.line_col(), Some((4, 10)));
}

#[test]
fn numbers_out_of_range() {
    let e = e1("[[symbol]]\nname = \"f\"\ncanonical = \"a\"\nsimilarity = -0.5\n");
    assert!(
        e.message.contains("between 0.0 and 1.0, got -0.5"),
        "{}",
        e.message
    );
    let e = e1("[[symbol]]\nname = \"f\"\ncanonical = \"a\"\nsimilarity = nan\n");
    assert_eq!(e.label, "out of range");
    let c = p("[[symbol]]\nname = \"f\"\ncanonical = \"a\"\nsimilarity = 1\n").unwrap();
    assert_eq!(c.symbols[0].similarity, 1.0);
    let e = e1("[[table]]\nenum = \"E\"\ncanonical = \"a\"\nmin-entries = 0\n");
    assert!(e.message.contains("at least 1, got 0"), "{}", e.message);
    let c = p("[[table]]\nenum = \"E\"\ncanonical = \"a\"\nmin-entries = 0x10\n").unwrap();
    assert_eq!(c.tables[0].min_entries, 16);
}

#[test]
fn missing_keys_point_at_the_header() {
    let errs = all("[files]\nexclude = []\n\n[[table]]\nname = \"T\"\n");
    assert_eq!(errs.len(), 2, "{errs:#?}");
    for (line, col, msg) in &errs {
        assert_eq!((*line, *col), (4, 1), "{msg}");
    }
    assert!(errs[0].2.contains("`[[table]]` is missing `enum`"));
    assert!(errs[1].2.contains("`[[table]]` is missing `canonical`"));
    let e = e1("[[symbol]]\ncanonical = \"a\"\n");
    assert_eq!(e.line_col(), Some((1, 1)));
    assert_eq!(e.help.as_deref(), Some("add name = \"format_amount\""));
}

#[test]
fn identifiers_module_paths_and_globs_are_checked_one_by_one() {
    let errs = all(
        "[files]\ninclude = [\"a[\", \"ok/**\", \"{x\"]\npython-roots = [\"../up\", \"/abs\"]\n\n[[symbol]]\nname = \"a.f\"\ncanonical = \"\"\naliases = [\"\", \"ok\", \"b c\"]\nfacades = [\"x::y\", \"q/r\"]\n",
    );
    let msgs: Vec<&str> = errs.iter().map(|e| e.2.as_str()).collect();
    assert_eq!(errs.len(), 9, "{msgs:#?}");
    assert_eq!(
        msgs.iter()
            .filter(|m| m.starts_with("invalid glob in `files.include`"))
            .count(),
        2
    );
    assert_eq!(
        msgs.iter()
            .filter(|m| m.contains("leaves the project"))
            .count(),
        2
    );
    assert!(msgs.contains(&"`name` must be a plain identifier, got `a.f`"));
    assert!(msgs.contains(&"`canonical` must not be empty"));
    assert!(msgs.contains(&"`aliases` must not be empty"));
    assert!(msgs.contains(&"`aliases` must be a plain identifier, got `b c`"));
    assert!(msgs.contains(&"`facades` is not a valid module path: `q/r`"));
}

#[test]
fn a_facade_in_another_language_is_an_error() {
    let e =
        e1("[[symbol]]\nname = \"f\"\ncanonical = \"pkg.utils\"\nfacades = [\"my_crate::x\"]\n");
    assert!(
        e.message.contains("not in the same language"),
        "{}",
        e.message
    );
    assert_eq!(e.line_col(), Some((4, 12)));
}

#[test]
fn repeated_symbols_and_aliases_across_symbols() {
    let errs = all(
        "[[symbol]]\nname = \"f\"\ncanonical = \"a\"\naliases = [\"h\"]\n[[symbol]]\nname = \"f\"\ncanonical = \"b\"\n[[symbol]]\nname = \"g\"\ncanonical = \"c\"\naliases = [\"h\"]\n",
    );
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!(errs[0].0, 6);
    assert!(errs[0].2.contains("symbol `f` is declared twice"));
    assert_eq!(errs[1].0, 11);
    assert!(
        errs[1]
            .2
            .contains("alias `h` is listed for both `f` and `g`")
    );
    // The same name in two languages is two symbols.
    p("[[symbol]]\nname = \"f\"\ncanonical = \"a.b\"\n[[symbol]]\nname = \"f\"\ncanonical = \"k::b\"\n")
        .unwrap();
}

#[test]
fn a_hundred_thousand_aliases_validate_linearly() {
    let mut text = String::from("[[symbol]]\nname = \"f\"\ncanonical = \"a.b\"\naliases = [\n");
    for i in 0..100_000 {
        text.push_str(&format!("  \"alias_{i}\",\n"));
    }
    text.push_str("]\n");
    for i in 0..1_000 {
        text.push_str(&format!(
            "[[symbol]]\nname = \"s{i}\"\ncanonical = \"a.b\"\naliases = [\"t{i}\"]\n"
        ));
    }
    let c = p(&text).unwrap();
    assert_eq!(c.symbols.len(), 1_001);
    assert_eq!(c.symbols[0].aliases.len(), 100_000);
    // And one repetition among them is still found, at its line.
    text.push_str("[[symbol]]\nname = \"z\"\ncanonical = \"a.b\"\naliases = [\"alias_99999\"]\n");
    let e = e1(&text);
    assert!(
        e.message.contains("alias `alias_99999` is listed for both"),
        "{}",
        e.message
    );
}

#[test]
fn cargo_manifest_errors_are_placed_in_the_whole_manifest() {
    let m = "[package]\nname = \"a\"\n\n[package.metadata.ssot.files]\nexclude = 3\n\n[[package.metadata.ssot.symbol]]\nname = \"f\"\n";
    let errs = parse(Path::new("/w/Cargo.toml"), m).unwrap_err();
    let places: Vec<_> = errs.iter().map(|e| e.line_col().unwrap()).collect();
    assert_eq!(places, vec![(5, 11), (7, 1)]);
    assert_eq!(errs.to_string(), "Cargo.toml has 2 errors");
    // Unknown keys elsewhere in the manifest are cargo's business.
    parse(
        Path::new("/w/Cargo.toml"),
        "[package]\nname = \"a\"\nwhatever = 1\n[package.metadata.ssot]\n",
    )
    .unwrap();
}

#[test]
fn reading_is_limited_to_regular_files_of_bounded_size() {
    let dir = tempfile::tempdir().unwrap();
    let e = one(*load(dir.path()).unwrap_err());
    assert!(e.message.contains("is a directory"), "{}", e.message);
    let big = dir.path().join("lint.toml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(MAX_CONFIG_BYTES + 1).unwrap();
    let e = one(*load(&big).unwrap_err());
    assert!(e.message.contains("larger than 16 MiB"), "{}", e.message);
    std::fs::write(&big, b"name = \"\xff\"\n").unwrap();
    let e = one(*load(&big).unwrap_err());
    assert!(e.message.contains("not UTF-8"), "{}", e.message);
    let e = one(*load(&dir.path().join("missing.toml")).unwrap_err());
    assert!(e.message.starts_with("cannot read"), "{}", e.message);
    #[cfg(unix)]
    {
        let e = one(*load(Path::new("/dev/zero")).unwrap_err());
        assert!(e.message.contains("not a regular file"), "{}", e.message);
    }
}

#[test]
fn guards_parse_with_defaults_and_patterns() {
    let c = p(r#"
[[guard]]
values = ["*.client_state", "ws::state", "WebSocketState"]
through = ["safe_state"]
sinks = ["json.dumps", "serde_json::to_string"]
reason = "raw states crash the JSON logger"
"#)
    .unwrap();
    let g = &c.guards[0];
    assert_eq!(g.values[0].segments, ["*", "client_state"]);
    assert_eq!(g.values[1].segments, ["ws", "state"]);
    assert_eq!(g.values[0].type_name(), None);
    assert_eq!(g.values[2].type_name(), Some("WebSocketState"));
    assert_eq!(g.through, ["safe_state"]);
    assert_eq!(g.safe_attributes, ["name", "value"]);
    assert_eq!(
        g.sinks,
        [vec!["json", "dumps"], vec!["serde_json", "to_string"]]
    );
    assert_eq!(
        g.reason.as_deref(),
        Some("raw states crash the JSON logger")
    );
}

#[test]
fn bad_guards_are_reported_at_their_lines() {
    let errs = all(r#"
[[guard]]
values = ["", "*", "a..b", "ok.*"]
through = ["pkg.safe"]
sinks = ["json..dumps"]
safe-attributes = []
colour = "red"

[[guard]]
values = []
through = []

[[guard]]
reason = "x"
"#);
    let msgs: Vec<String> = errs.iter().map(|(l, _, m)| format!("{l}: {m}")).collect();
    for want in [
        "3: `values` entry `` is not a value pattern",
        "3: `values` entry `*` is not a value pattern",
        "3: `values` entry `a..b` is not a value pattern",
        "4: `through` must be a plain identifier, got `pkg.safe`",
        "5: `sinks` entry is not a callable's path: `json..dumps`",
        "7: invalid lint.toml: unknown key `colour` in [[guard]]",
        "10: `values` must list at least one value",
        "11: `through` must name at least one helper",
        "13: `[[guard]]` is missing `values`",
        "13: `[[guard]]` is missing `through`",
    ] {
        assert!(msgs.iter().any(|m| m == want), "{want} not in {msgs:#?}");
    }
    assert_eq!(msgs.len(), 10, "{msgs:#?}");
}
