//! Definitions, fingerprints, parse problems, spans and pathological input.

use super::tests::{at, facts, info};
use super::*;
use crate::facts::DefKind;

/// `(name, kind, container, span text)` of every definition.
fn defs(text: &str) -> Vec<(String, DefKind, Option<String>, String)> {
    facts("app::a", text)
        .defs
        .iter()
        .map(|d| {
            (
                d.name.clone(),
                d.kind,
                d.container.clone(),
                at(text, d.span).to_string(),
            )
        })
        .collect()
}

fn d(n: &str, k: DefKind, c: Option<&str>) -> (String, DefKind, Option<String>, String) {
    (n.into(), k, c.map(Into::into), n.into())
}

#[test]
fn definitions_of_every_kind() {
    let text = r#"
pub fn free() {}
async fn fetch() {}
struct ConnectionPool;
impl ConnectionPool { pub fn new() -> Self { Self } fn safe_state(&self) -> String { String::new() } }
impl std::fmt::Display for ConnectionPool { fn fmt(&self, f: &mut Formatter) -> Result { Ok(()) } }
impl<T> Helper for Vec<T> { fn help() {} }
trait Helper { fn help(); fn default_help() { fn deep() {} } }
fn outer() { fn inner() {} let cb = |s: &str| s.len(); let not_a_closure = 3; }
const F: fn(&S) -> String = |s| format!("{}", s.0);
static G: fn() = (|| ()) as fn();
mod m { fn in_mod() {} }
fn r#type() {}
pub const SAFE: fn(&S) -> String = crate::utils::safe_state;
static ALIAS: fn() = free as fn();
"#;
    use DefKind::*;
    assert_eq!(
        defs(text),
        [
            d("free", Function, None),
            d("fetch", AsyncFunction, None),
            d("new", Method, Some("ConnectionPool")),
            d("safe_state", Method, Some("ConnectionPool")),
            d("fmt", Method, Some("ConnectionPool")),
            d("help", Method, Some("Vec")),
            // `fn help();` has no body: a requirement, not a definition.
            d("default_help", TraitMethod, Some("Helper")),
            d("deep", Nested, Some("default_help")),
            d("outer", Function, None),
            d("inner", Nested, Some("outer")),
            d("cb", Lambda, Some("outer")),
            d("F", Lambda, None),
            d("G", Lambda, None),
            ("type".into(), Function, None, "r#type".into()),
            d("SAFE", Assignment, None),
            d("ALIAS", Assignment, None),
        ]
    );
    let ex = extract("src/a.rs", &info("app::a"), text);
    let values: Vec<Option<&str>> = ex.facts[0]
        .defs
        .iter()
        .map(|d| d.value.as_deref())
        .collect();
    assert_eq!(
        values[values.len() - 2..],
        [Some("app::utils::safe_state"), Some("app::a::free")]
    );
    assert_eq!(ex.facts[1].defs[0].name, "in_mod");
}

#[test]
fn fingerprints_see_through_renamed_locals() {
    let fp = |text: &str| facts("app::a", text).defs[0].fingerprint;
    let a = fp(
        "fn safe(state: &State) -> String { let name = state.name(); format!(\"{}\", name.to_lowercase()) }",
    );
    let renamed =
        fp("fn other(s: &State) -> String { let n = s.name(); format!(\"{}\", n.to_lowercase()) }");
    let literal = fp(
        "fn other(s: &State) -> String { let n = s.name(); format!(\"<{}>\", n.to_lowercase()) }",
    );
    let different =
        fp("fn other(s: &State) -> String { let n = s.name(); format!(\"{}\", n.to_uppercase()) }");
    assert_ne!(a, 0);
    assert_eq!(a, renamed);
    assert_eq!(a, literal);
    assert_ne!(a, different);
    let rec = fp("fn fact(n: u64) -> u64 { if n == 0 { 1 } else { n * fact(n - 1) } }");
    let rec2 = fp("fn f2(k: u64) -> u64 { if k == 0 { 1 } else { k * f2(k - 1) } }");
    assert_eq!(rec, rec2);
}

#[test]
fn syntax_errors_are_problems_at_the_right_place() {
    let cases = [
        ("fn f() { let x = ; }", "expected an expression", "; }"),
        (
            "fn f() {\n    let x = 1;\n",
            "unclosed delimiter `{`",
            "{\n    let x = 1;\n",
        ),
        (
            "fn f() { (1, 2]; }",
            "unexpected closing delimiter `]`",
            "]; }",
        ),
        ("fn", "unexpected end of input, expected identifier", ""),
        (
            "\u{feff}fn é() { let = 1; }",
            "expected one of: identifier",
            "= 1; }",
        ),
    ];
    for (text, message, from) in cases {
        let f = facts("app::a", text);
        assert_eq!(f.problems.len(), 1, "{text}");
        let p = &f.problems[0];
        assert!(p.is_error);
        assert!(p.message.starts_with(message), "{text}: {}", p.message);
        assert_eq!(&text[p.span.start as usize..], from, "{text}");
        assert!(f.defs.is_empty() && f.imports.is_empty());
    }
}

#[test]
fn spans_are_bytes_after_multibyte_text_and_a_bom() {
    let text = "\u{feff}// héllo wörld ✓\nfn é() { crate::ünï::h(\"✓✓\"); }";
    let f = facts("app::a", text);
    assert_eq!(at(text, f.defs[0].span), "é");
    assert_eq!(at(text, f.references[0].span), "crate::ünï::h");
}

fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn pathological_nesting_is_refused_not_overflowed() {
    let deep: Vec<(&str, String, bool)> = vec![
        (
            "parens",
            format!(
                "fn f() {{ let x = {}1{}; }}",
                "(".repeat(50_000),
                ")".repeat(50_000)
            ),
            true,
        ),
        (
            "blocks",
            format!("fn f() {}{}", "{".repeat(50_000), "}".repeat(50_000)),
            true,
        ),
        ("unclosed", format!("fn f() {}", "[".repeat(50_000)), true),
        (
            "unary",
            format!("fn f() {{ let x = {}1; }}", "-".repeat(50_000)),
            true,
        ),
        (
            "closures",
            format!("fn f() {{ let x = {}1; }}", "|| ".repeat(50_000)),
            true,
        ),
        (
            "assign",
            format!("fn f() {{ {}1; }}", "a = ".repeat(50_000)),
            true,
        ),
        ("use path", format!("use {}a;", "a::".repeat(50_000)), true),
        (
            "generics",
            format!(
                "type T = {}u8{};",
                "Vec<".repeat(50_000),
                ">".repeat(50_000)
            ),
            true,
        ),
        (
            "mixed below the limits",
            format!(
                "fn f() {{ let x = {}1{}; }}",
                "(-".repeat(495),
                ")".repeat(495)
            ),
            false,
        ),
        (
            "worst parens",
            format!(
                "fn f() {{ let x = {}1{}; }}",
                "(".repeat(996),
                ")".repeat(996)
            ),
            false,
        ),
        (
            "worst blocks",
            format!("fn f() {}{}", "{".repeat(999), "}".repeat(999)),
            false,
        ),
        (
            "worst closures",
            format!("fn f() {{ x = {}1; }}", "|| ".repeat(997)),
            false,
        ),
        (
            "worst mixed",
            format!(
                "fn f() {{ let x = {}1{}; }}",
                "(|| ".repeat(497),
                ")".repeat(497)
            ),
            false,
        ),
        (
            "many items",
            "impl<'a> X<'a> { pub fn f(&self) -> Vec<u8> { vec![] } }\n".repeat(3_000),
            false,
        ),
        (
            "long builder chain",
            format!(
                "fn f() {{ let x = a{}; }}",
                ".map(move |x| X::y(!x, &x))".repeat(5_000)
            ),
            false,
        ),
        (
            "long expression path",
            format!("fn f() {{ {}a(); }}", "a::".repeat(50_000)),
            false,
        ),
        (
            "long type path",
            format!("type T = {}a;", "a::".repeat(50_000)),
            false,
        ),
        (
            "else-if chain",
            format!("fn f() {{ if a {{}} {} }}", "else if a {} ".repeat(20_000)),
            false,
        ),
    ];
    for (name, text, refused) in deep {
        let f = on_big_stack(move || extract("a.rs", &info("app::a"), &text).facts.remove(0));
        let errors: Vec<&str> = f
            .problems
            .iter()
            .filter(|p| p.is_error)
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(!errors.is_empty(), refused, "{name}: {errors:?}");
        if refused {
            assert!(
                errors[0].contains("ssot does not analyse this file"),
                "{name}: {errors:?}"
            );
        }
    }
}

#[test]
fn prescan_skips_strings_chars_and_comments() {
    let text = r####"
// ((((( [[[ {{{
/* nested /* ((( */ ))) */
fn f<'a>(x: &'a str) -> char {
    let s = "(((( \" [[[";
    let r = r##"(( "# ]]] "##;
    let b = br##"{{{"##;
    let c = '(';
    let e = '\'';
    let u = '\u{1F600}';
    'outer: loop { break 'outer; }
    c
}
"####;
    let scan = prescan::scan(text);
    assert!(
        scan.too_deep.is_none() && scan.unbalanced.is_none(),
        "{:?}",
        scan.unbalanced
    );
    assert!(facts("app", text).problems.is_empty());
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "",
        "\u{feff}",
        "#!/usr/bin/env run\nfn main() {}",
        "fn",
        "}}}}",
        "'",
        "\"",
        "r#\"",
        "/*",
        "mod;",
        "use ;",
        "use a::{;",
        "impl for {}",
        "\0\u{1}",
        "fn f() { match x { \"a\" => } }",
        "macro_rules! m { ($x:expr) => { $x } }",
    ];
    for text in inputs {
        let _ = extract("a.rs", &info("app::a"), text);
    }
}

/// Every `.rs` file under `$SSOT_RUST_CORPUS` (e.g. `~/.cargo/registry/src`): no panic,
/// spans that cover what they name. `cargo test --release --lib corpus -- --ignored --nocapture`
#[test]
#[ignore = "needs SSOT_RUST_CORPUS"]
fn corpus() {
    let Ok(root) = std::env::var("SSOT_RUST_CORPUS") else {
        return;
    };
    let mut files = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(root)];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(d).into_iter().flatten().flatten() {
            let p = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                files.push(p);
            }
        }
    }
    let (n, bytes, problems, elapsed) = on_big_stack(move || {
        let (mut bytes, mut problems) = (0usize, 0usize);
        let mut spent = std::time::Duration::ZERO;
        for p in &files {
            let Ok(text) = std::fs::read_to_string(p) else {
                continue;
            };
            bytes += text.len();
            let started = std::time::Instant::now();
            let ex = extract("x.rs", &info("app::x"), &text);
            spent += started.elapsed();
            for f in &ex.facts {
                problems += f.problems.len();
                for pr in &f.problems {
                    println!("{}: {} at {:?}", p.display(), pr.message, pr.span);
                }
                for d in &f.defs {
                    assert_eq!(
                        at(&text, d.span).trim_start_matches("r#"),
                        d.name,
                        "{}",
                        p.display()
                    );
                }
                for r in &f.references {
                    let last = r.target.rsplit("::").next().unwrap();
                    assert!(at(&text, r.span).ends_with(last), "{} {:?}", p.display(), r);
                }
                for t in &f.tables {
                    for e in &t.entries {
                        assert!(
                            at(&text, e.key_span).starts_with(['"', 'r']),
                            "{} {:?}",
                            p.display(),
                            e
                        );
                    }
                }
            }
        }
        (files.len(), bytes, problems, spent)
    });
    println!(
        "{n} files, {} MB, {problems} problems, {elapsed:?}",
        bytes >> 20
    );
}

/// `(name, item_span text, public)` of every definition.
fn item_spans(text: &str) -> Vec<(String, String, bool)> {
    facts("app::a", text)
        .defs
        .iter()
        .map(|d| (d.name.clone(), at(text, d.item_span).to_string(), d.public))
        .collect()
}

#[test]
fn definition_item_spans_and_visibility() {
    let text = "//! module doc\n\
                // a plain comment\n\
                /// Doc.\n/// More.\n#[inline]\npub fn documented() {}\n\
                pub(crate) async unsafe fn krate() { inner_block(); }\n\
                fn private() {\n    #![allow(unused)]\n    fn nested() {}\n}\n\
                struct S;\n\
                impl S {\n    /// Method doc.\n    pub(super) fn method(&self) {}\n    \
                fn private_method() {}\n}\n\
                pub trait T {\n    fn provided() {}\n    fn required();\n}\n\
                fn holder() {\n    #[allow(unused)]\n    let cb = |s: &str| s.len();\n    \
                let plain = |x| x;\n}\n\
                pub const F: fn() = || ();\n\
                pub static H: fn() = other::h;\n";
    let s = |n: &str, t: &str, p: bool| (n.to_string(), t.to_string(), p);
    assert_eq!(
        item_spans(text),
        vec![
            s(
                "documented",
                "/// Doc.\n/// More.\n#[inline]\npub fn documented() {}",
                true
            ),
            s(
                "krate",
                "pub(crate) async unsafe fn krate() { inner_block(); }",
                true
            ),
            s(
                "private",
                "fn private() {\n    #![allow(unused)]\n    fn nested() {}\n}",
                false
            ),
            s("nested", "fn nested() {}", false),
            s(
                "method",
                "/// Method doc.\n    pub(super) fn method(&self) {}",
                true
            ),
            s("private_method", "fn private_method() {}", false),
            s("provided", "fn provided() {}", true),
            s(
                "holder",
                "fn holder() {\n    #[allow(unused)]\n    let cb = |s: &str| s.len();\n    \
                 let plain = |x| x;\n}",
                false
            ),
            s(
                "cb",
                "#[allow(unused)]\n    let cb = |s: &str| s.len();",
                false
            ),
            s("plain", "let plain = |x| x;", false),
            s("F", "pub const F: fn() = || ();", true),
            s("H", "pub static H: fn() = other::h;", true),
        ]
    );
}

/// What the existing import / reference spans cover (callers build text edits from them).
#[test]
fn import_and_reference_span_coverage() {
    let text = "/// Doc.\n#[allow(unused)]\nuse a::{b, c as d};\npub use a::b;\n\
                pub(crate) use ::x::{self as y, z::*};\n\
                fn f() { crate::a::h(x); }\n";
    let f = facts("app::a", text);
    let imports: Vec<(&str, &str)> = f
        .imports
        .iter()
        .map(|i| (at(text, i.span), at(text, i.stmt_span)))
        .collect();
    assert_eq!(
        imports,
        vec![
            ("b", "use a::{b, c as d};"),
            ("c as d", "use a::{b, c as d};"),
            ("b", "pub use a::b;"),
            ("self as y", "pub(crate) use ::x::{self as y, z::*};"),
            ("*", "pub(crate) use ::x::{self as y, z::*};"),
        ]
    );
    let refs: Vec<(&str, &str)> = f
        .references
        .iter()
        .map(|r| (r.target.as_str(), at(text, r.span)))
        .collect();
    assert_eq!(refs, vec![("app::a::h", "crate::a::h")]);
}

#[test]
fn test_functions_are_not_definitions() {
    let text = "#[test]\nfn escape() {}\n#[tokio::test]\nasync fn fetch() {}\n#[cfg(test)]\nfn helper() {}\n";
    let names: Vec<String> = defs(text).into_iter().map(|d| d.0).collect();
    assert_eq!(names, ["helper"]);
}

#[test]
fn tables_inside_test_functions_are_test_data() {
    let text = "pub fn parse(s: &str) -> Option<E> {\n    match s { \"a\" => Some(E::A), \"b\" => Some(E::B), \"c\" => Some(E::C), _ => None }\n}\n#[test]\nfn parses() {\n    for (k, v) in [(\"a\", E::A), (\"b\", E::B), (\"c\", E::C)] {\n        assert_eq!(parse(k), Some(v));\n    }\n}\n";
    let f = facts("app::a", text);
    assert_eq!(f.tables.len(), 1, "{:?}", f.tables);
    assert_eq!(f.tables[0].name.as_deref(), Some("parse"));
}
