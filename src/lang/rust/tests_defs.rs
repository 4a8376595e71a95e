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

fn shape(text: &str, name: &str) -> crate::facts::Shape {
    let f = facts("app::a", text);
    let d = f.defs.iter().find(|d| d.name == name).expect(name);
    *d.shape.clone().expect("a shape")
}

/// The share of `a`'s grams that `b` has too.
fn containment(a: &crate::facts::Shape, b: &crate::facts::Shape) -> f64 {
    let n = a.grams.iter().filter(|g| b.grams.contains(g)).count();
    n as f64 / a.grams.len() as f64
}

const SUMMARY: &str = r#"use std::collections::HashMap;

/// Totals per kind.
#[inline]
pub fn summarize(records: &[Record], limit: u64) -> Vec<String> {
    let mut totals: HashMap<&str, u64> = HashMap::new();
    for record in records {
        let kind = record.kind.as_deref().unwrap_or("unknown");
        if record.size > limit {
            *totals.entry(kind).or_insert(0) += record.size;
        } else {
            totals.entry(kind).or_default();
        }
    }
    let mut ordered: Vec<_> = totals.into_iter().collect();
    ordered.sort_by(|a, b| b.1.cmp(&a.1));
    ordered.iter().take(5).map(|(name, size)| format!("{name}: {size}")).collect()
}
"#;

#[test]
fn shapes_see_through_renamed_locals_and_literals() {
    let a = shape(SUMMARY, "summarize");
    assert_eq!(
        a.lines,
        (3, 18),
        "from the doc comment to the closing brace"
    );
    assert!(a.tokens > 60, "{}", a.tokens);
    assert!(
        a.grams.windows(2).all(|w| w[0] < w[1]),
        "sorted, deduplicated"
    );
    let renamed = SUMMARY
        .replace("records", "items")
        .replace("record", "it")
        .replace("totals", "acc")
        .replace("\"unknown\"", "\"other\"")
        .replace("take(5)", "take(3)")
        .replace("{name}: {size}", "{name}={size}");
    let b = shape(&renamed, "summarize");
    assert_eq!(a.renamed, b.renamed);
    assert_eq!(a.grams, b.grams);
    assert_ne!(a.exact, b.exact);
    let one = SUMMARY.replace("take(5)", "take(6)");
    assert_ne!(a.exact, shape(&one, "summarize").exact);
    assert_eq!(a.renamed, shape(&one, "summarize").renamed);
}

#[test]
fn shapes_ignore_layout_comments_and_doc_comments() {
    let a = shape(SUMMARY, "summarize");
    let relaid = SUMMARY
        .replace("/// Totals per kind.\n", "/// Totals per kind of record.\n/// Sorted.\n")
        .replace(
            "    let mut ordered",
            "    // Largest first.\n    let mut ordered",
        )
        .replace(
            ".map(|(name, size)| format!(\"{name}: {size}\"))",
            "\n        .map(|(name, size)| format!(\n            \"{name}: {size}\" /* ok */\n        ))",
        )
        .replace("-> Vec<String>", "-> Vec<std::string::String>");
    let b = shape(&relaid, "summarize");
    assert_eq!(a.exact, b.exact);
    assert_eq!(a.renamed, b.renamed);
    assert_eq!(b.lines, (3, 23));
}

#[test]
fn shapes_of_a_copy_with_a_log_line_share_most_grams() {
    let a = shape(SUMMARY, "summarize");
    let logged = SUMMARY.replace(
        "    let mut ordered",
        "    log::debug!(\"{} kinds\", totals.len());\n    let mut ordered",
    );
    let b = shape(&logged, "summarize");
    assert_ne!(a.renamed, b.renamed);
    assert!(containment(&a, &b) >= 0.7, "{}", containment(&a, &b));
    let other = shape(
        "fn g(path: &Path) -> Vec<String> { std::fs::read_to_string(path).unwrap().lines().map(str::trim).map(String::from).collect() }",
        "g",
    );
    assert!(containment(&a, &other) < 0.2, "{}", containment(&a, &other));
}

#[test]
fn shapes_keep_calls_operators_and_fields() {
    let a = shape(SUMMARY, "summarize").renamed;
    for (from, to, why) in [
        (
            "HashMap::new()",
            "HashMap::default()",
            "a different called function",
        ),
        (
            "record.size > limit",
            "record.size < limit",
            "a flipped comparison",
        ),
        (
            "record.kind.as_deref()",
            "record.name.as_deref()",
            "a different field",
        ),
        ("b.1.cmp(&a.1)", "a.1.cmp(&b.1)", "which local is used"),
        (".or_default()", ".or_insert(1)", "a different method"),
        ("b.1.cmp", "b.0.cmp", "a different tuple field"),
    ] {
        let changed = SUMMARY.replace(from, to);
        assert_ne!(changed, SUMMARY);
        assert_ne!(a, shape(&changed, "summarize").renamed, "{why}");
    }
}

#[test]
fn shapes_of_methods_leave_the_receiver_out() {
    let free = "fn f(x: u32, y: u32) -> u32 { let total = x + y; helper(total) * 2 }";
    let method = "impl S { fn f(&self, a: u32, b: u32) -> u32 { let s = a + b; helper(s) * 2 } }";
    let fs = shape(free, "f");
    assert_eq!(fs.renamed, shape(method, "f").renamed);
    assert_ne!(fs.exact, shape(method, "f").exact, "local names as written");
    let default =
        "trait T { fn f(self: &Self, a: u32, b: u32) -> u32 { let s = a + b; helper(s) * 2 } }";
    assert_eq!(
        fs.renamed,
        shape(default, "f").renamed,
        "a typed receiver too"
    );
    let uses =
        "impl S { fn f(&self, a: u32, b: u32) -> u32 { let s = a + self.b; helper(s) * 2 } }";
    assert_ne!(fs.renamed, shape(uses, "f").renamed);
}

#[test]
fn shapes_of_closures_nested_fns_and_none_elsewhere() {
    let text = "fn outer(v: u32) -> u32 {\n    fn inner(w: u32) -> u32 {\n        w + 1\n    }\n    let cb = |s: &str| s.len();\n    inner(v)\n}\nconst ALIAS: fn() = crate::free;\n";
    let f = facts("app::a", text);
    for name in ["outer", "inner", "cb"] {
        let d = f.defs.iter().find(|d| d.name == name).expect(name);
        assert!(d.shape.is_some(), "{name}");
    }
    let alias = f.defs.iter().find(|d| d.name == "ALIAS").unwrap();
    assert!(alias.shape.is_none());
    assert_eq!(shape(text, "inner").lines, (2, 4));
    assert_eq!(shape(text, "cb").lines, (5, 5));
    assert_eq!(shape(text, "outer").lines, (1, 7));
    assert_eq!(
        shape(text, "cb").renamed,
        shape("fn g() { let f = |t: &str| t.len(); }", "f").renamed
    );
    let rec_a = shape(
        "fn fact(n: u64) -> u64 { if n == 0 { 1 } else { n * fact(n - 1) } }",
        "fact",
    );
    let rec_b = shape(
        "fn f2(k: u64) -> u64 { if k == 0 { 1 } else { k * f2(k - 1) } }",
        "f2",
    );
    assert_eq!(rec_a.renamed, rec_b.renamed);
    assert_ne!(rec_a.exact, rec_b.exact);
    // Lines count `\r\n` once.
    let crlf = shape("fn a() {}\r\n\r\nfn b() {\r\n    1;\r\n}\r\n", "b");
    assert_eq!(crlf.lines, (3, 5));
}
