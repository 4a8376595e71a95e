//! Unit tests: syntax errors, odd files, deep nesting.

use super::extract;
use super::tests::{at, facts};
use crate::facts::Span;

#[test]
fn syntax_errors_are_problems_and_recovered_facts_survive() {
    let src = "import os\ndef f(:\n    pass\nfrom a import b\nx = )\n";
    let f = facts(src);
    assert!(f.problems.len() >= 2, "{:?}", f.problems);
    assert!(
        f.problems
            .iter()
            .all(|p| p.is_error && !p.message.is_empty())
    );
    let first = &f.problems[0];
    assert_eq!(first.span.start, 16, "{first:?}");
    let modules: Vec<&str> = f.imports.iter().map(|i| i.module.as_str()).collect();
    assert_eq!(modules, ["os", "a"]);
    assert!(f.defs.iter().any(|d| d.name == "f"));
}

#[test]
fn empty_comment_only_and_bom_files() {
    for src in [
        "",
        "# just a comment\n",
        "\n\n\n",
        "\u{feff}",
        "\u{feff}# c",
    ] {
        let f = facts(src);
        assert!(f.problems.is_empty(), "{src:?}: {:?}", f.problems);
        assert!(f.defs.is_empty() && f.imports.is_empty());
    }
    let src = "\u{feff}from a import b\ndef f(): pass\n";
    let f = facts(src);
    assert_eq!(at(src, f.imports[0].span), "b");
    assert_eq!(at(src, f.imports[0].stmt_span), "from a import b");
    assert_eq!(at(src, f.defs[0].span), "f");
    assert_eq!(f.line_starts, vec![0, 19, 33]);
}

#[test]
fn package_flag_and_line_starts() {
    let f = extract("a/b/__init__.py", "a.b", true, "x = 1\ny = 2\n");
    assert!(f.is_package);
    assert_eq!(f.module, "a.b");
    assert_eq!(f.path, "a/b/__init__.py");
    assert_eq!(f.line_starts, vec![0, 6, 12]);
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "def",
        "class",
        "import",
        "from",
        "from . import",
        "from .",
        "import a.",
        "x = a.",
        "@",
        "match x:\n case",
        "f'{",
        "'''",
        "lambda",
        "patch(",
        "patch.object(",
        "{**",
        "dict(**",
        "if s == \"a\":\n return E.",
        "\\",
        "\t\t\tx\n  y",
        "from .... import",
        "é = 1",
        "x = (((",
        "]]]]",
        "async",
        "yield",
        "del",
        "class E(Enum):\n  A =",
    ];
    for src in inputs {
        let _ = facts(src);
        let _ = extract("x/__init__.py", "x", true, src);
        let _ = extract("x.py", "", false, src);
    }
}

/// Run `f` on a thread with a 64 MiB stack (as the caller does).
fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic")
}

#[test]
fn deep_brackets_are_rejected_before_parsing() {
    on_big_stack(|| {
        for (open, close) in [("(", ")"), ("[", "]"), ("{", "}")] {
            let src = format!(
                "import a\nx = {}1{}\n",
                open.repeat(50_000),
                close.repeat(50_000)
            );
            let f = facts(&src);
            assert_eq!(f.problems.len(), 1);
            let p = &f.problems[0];
            assert!(p.is_error);
            assert_eq!(
                p.message,
                "too many nested parentheses (50000 levels; Python allows at most 200)"
            );
            // the 201st bracket
            assert_eq!(p.span, Span::new(13 + 200, 13 + 201));
            assert!(f.imports.is_empty());
        }
    });
    // 200 levels is allowed; brackets in strings and comments do not count.
    let src = format!("x = {}1{}\n", "(".repeat(200), ")".repeat(200));
    assert!(on_big_stack(move || facts(&src).problems.is_empty()));
    let src = format!(
        "s = '{}'\n# {}\nt = \"\"\"{}\"\"\"\n",
        "(".repeat(300),
        "[".repeat(300),
        "{".repeat(300)
    );
    assert!(facts(&src).problems.is_empty());
}

#[test]
fn long_chains_and_deep_blocks_do_not_overflow() {
    on_big_stack(|| {
        // Left-nested sums are walked in a loop: every term is seen.
        let src = format!(
            "import m\nx = m.a + {}m.b\ny = m.h\n",
            "a + ".repeat(100_000)
        );
        let f = facts(&src);
        assert!(f.problems.is_empty(), "{:?}", f.problems);
        let targets: Vec<&str> = f.references.iter().map(|r| r.target.as_str()).collect();
        assert_eq!(targets, ["m.a", "m.b", "m.h"]);
        let src = format!("def f(x):\n    return {}x\n", "x * ".repeat(100_000));
        assert_ne!(facts(&src).defs[0].fingerprint, 0);

        // Other deep nesting is cut off at the depth limit, with a warning.
        let src = format!("import m\nx = {}m.a\ny = m.h\n", "a ** ".repeat(100_000));
        let f = facts(&src);
        assert_eq!(f.problems.len(), 1, "{:?}", f.problems);
        assert!(!f.problems[0].is_error);
        assert!(
            f.problems[0]
                .message
                .contains("nested more than 500 levels")
        );
        assert_eq!(f.references.len(), 1);
        assert_eq!(f.references[0].target, "m.h");

        let src = format!("import m\nx = m{}\n", ".a".repeat(100_000));
        let f = facts(&src);
        assert!(f.problems.iter().all(|p| !p.is_error));

        let src = format!("x = {}y\n", "not ".repeat(100_000));
        let _ = facts(&src);
        let src = format!("x = {}y\n", "-".repeat(100_000));
        let _ = facts(&src);
        let src = format!("x = y{}\n", "()".repeat(50_000));
        let _ = facts(&src);

        let mut src = String::from("import m\ndef f(s):\n");
        for i in 1..=500 {
            src.push_str(&" ".repeat(i));
            src.push_str("if s:\n");
        }
        src.push_str(&" ".repeat(501));
        src.push_str("m.h()\n");
        let f = facts(&src);
        assert!(f.problems.iter().all(|p| !p.is_error), "{:?}", f.problems);
        assert_eq!(f.defs.len(), 1);
    });
}

#[test]
fn deep_binary_chain_drops_on_a_small_stack() {
    // Without the iterative teardown, dropping this tree needs far more than 4 MiB.
    let done = std::thread::Builder::new()
        .stack_size(4 << 20)
        .spawn(|| {
            let src = format!("x = {}a\n", "a + ".repeat(100_000));
            let sum = facts(&src).references.len();
            let src = format!("x = {}a\n", "a ** ".repeat(100_000));
            sum + facts(&src).references.len()
        })
        .expect("spawn")
        .join();
    assert_eq!(done.ok(), Some(0));
}

#[test]
fn prescan_string_edge_cases_do_not_miscount() {
    let open = "(".repeat(150);
    let close = ")".repeat(150);
    for src in [
        // an unterminated string ends at its line
        format!("s = \"unterminated ((((\ny = {open}1{close}\nz = {open}2{close}\n"),
        // PEP 701: the same quote nested in an f-string
        format!("x = f\"{{d[\"k\"]}}\"\ny = {open}1{close}\nz = {open}2{close}\n"),
        // escaped quotes and triple-quoted strings with quotes inside
        format!("a = 'it\\'s ((('\nb = \"\"\"say \"hi\" (((\"\"\"\ny = {open}1{close}\n"),
    ] {
        let f = facts(&src);
        assert!(
            f.problems
                .iter()
                .all(|p| !p.message.contains("nested parentheses")),
            "{src}: {:?}",
            f.problems
        );
    }
    let src = format!("x = {}1{}\n", "[".repeat(201), "]".repeat(201));
    let f = facts(&src);
    assert_eq!(
        f.problems[0].message,
        "too many nested parentheses (201 levels; Python allows at most 200)"
    );
    assert_eq!(at(&src, f.problems[0].span), "[");
    assert_eq!(f.problems[0].span.start, 4 + 200);
}
