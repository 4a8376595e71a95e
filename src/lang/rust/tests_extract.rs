//! `use` trees, references, definitions and parse problems.

use super::tests::{at, facts, info};
use super::*;
use crate::facts::DefKind;

/// `(module, name, alias, glob, exported, span text)` of an import.
type Imp = (String, Option<String>, Option<String>, bool, bool, String);

fn imports(module: &str, text: &str) -> Vec<Imp> {
    facts(module, text)
        .imports
        .iter()
        .map(|i| {
            (
                i.module.clone(),
                i.name.clone(),
                i.alias.clone(),
                i.glob,
                i.exported,
                at(text, i.span).to_string(),
            )
        })
        .collect()
}

fn imp(m: &str, n: Option<&str>, a: Option<&str>, glob: bool, exported: bool, span: &str) -> Imp {
    (
        m.into(),
        n.map(Into::into),
        a.map(Into::into),
        glob,
        exported,
        span.into(),
    )
}

#[test]
fn use_tree_shapes() {
    let cases: Vec<(&str, &str, Vec<_>)> = vec![
        (
            "app::a",
            "use std::collections::HashMap;",
            vec![imp(
                "std::collections",
                Some("HashMap"),
                None,
                false,
                false,
                "HashMap",
            )],
        ),
        (
            "app::a",
            "use crate::b::{self, c::{d as e, self}};",
            vec![
                imp("app", Some("b"), None, false, false, "self"),
                imp("app::b::c", Some("d"), Some("e"), false, false, "d as e"),
                imp("app::b", Some("c"), None, false, false, "self"),
            ],
        ),
        (
            "app::a::b",
            "use super::super::x::y;",
            vec![imp("app::x", Some("y"), None, false, false, "y")],
        ),
        (
            "app::a::b",
            "use self::inner::h as g;",
            vec![imp(
                "app::a::b::inner",
                Some("h"),
                Some("g"),
                false,
                false,
                "h as g",
            )],
        ),
        (
            "app::a",
            "use super::*;",
            vec![imp("app", None, None, true, false, "*")],
        ),
        (
            "app::a",
            "use ::tokio::sync::Mutex;",
            vec![imp(
                "tokio::sync",
                Some("Mutex"),
                None,
                false,
                false,
                "Mutex",
            )],
        ),
        (
            "app::a",
            "use tokio::sync::{Mutex, RwLock};",
            vec![
                imp("tokio::sync", Some("Mutex"), None, false, false, "Mutex"),
                imp("tokio::sync", Some("RwLock"), None, false, false, "RwLock"),
            ],
        ),
        (
            "app::a",
            "pub use relay_core::utils::h;",
            vec![imp("relay_core::utils", Some("h"), None, false, true, "h")],
        ),
        (
            "app::a",
            "pub(crate) use foo::utils::{h, g as gg};",
            vec![
                imp("relay_core::utils", Some("h"), None, false, true, "h"),
                imp(
                    "relay_core::utils",
                    Some("g"),
                    Some("gg"),
                    false,
                    true,
                    "g as gg",
                ),
            ],
        ),
        (
            "app::a",
            "use foo;",
            vec![imp("relay_core", None, Some("foo"), false, false, "foo")],
        ),
        (
            "app::a",
            "extern crate foo as bar;",
            vec![imp(
                "relay_core",
                None,
                Some("bar"),
                false,
                false,
                "foo as bar",
            )],
        ),
        (
            "app::a",
            "extern crate serde;",
            vec![imp("serde", None, None, false, false, "serde")],
        ),
        (
            "app::a",
            "use foo::*;",
            vec![imp("relay_core", None, None, true, false, "*")],
        ),
        (
            "app",
            "mod utils; pub use utils::h;",
            vec![imp("app::utils", Some("h"), None, false, true, "h")],
        ),
        (
            "app",
            "use MessageType::*; enum MessageType { A }",
            vec![imp("app::MessageType", None, None, true, false, "*")],
        ),
        // A use-bound name as the first segment of another use.
        (
            "app::a",
            "use crate::net as n; use n::ws::{Pool};",
            vec![
                imp("app", Some("net"), Some("n"), false, false, "net as n"),
                imp("app::net::ws", Some("Pool"), None, false, false, "Pool"),
            ],
        ),
        (
            "app::a",
            "pub(self) use crate::b::c; pub(super) use crate::b::d;",
            vec![
                imp("app::b", Some("c"), None, false, false, "c"),
                imp("app::b", Some("d"), None, false, true, "d"),
            ],
        ),
        (
            "app::a",
            "use std::io::Write as _;",
            vec![imp(
                "std::io",
                Some("Write"),
                Some("_"),
                false,
                false,
                "Write as _",
            )],
        ),
    ];
    for (module, text, want) in cases {
        assert_eq!(imports(module, text), want, "{text}");
    }
}

#[test]
fn use_spans_and_statement_spans() {
    let text = "fn f() {}\npub use crate::a::{b, c};\n";
    let f = facts("app", text);
    assert_eq!(
        at(text, f.imports[0].stmt_span),
        "pub use crate::a::{b, c};"
    );
    assert_eq!(at(text, f.imports[1].span), "c");
}

#[test]
fn inline_modules_resolve_relative_to_themselves() {
    let text = r#"
mod outer {
    use super::top;
    pub mod inner {
        use super::super::x::y;
        use self::deep::z;
        pub fn h() { super::sibling(); crate::a::b(); }
    }
    fn sibling() {}
}
fn top() {}
"#;
    let ex = extract("src/m.rs", &info("app::m"), text);
    let modules: Vec<&str> = ex.facts.iter().map(|f| f.module.as_str()).collect();
    assert_eq!(modules, ["app::m", "app::m::outer", "app::m::outer::inner"]);
    assert!(
        ex.facts
            .iter()
            .all(|f| f.path == "src/m.rs" && f.line_starts.len() == 12)
    );
    let outer = &ex.facts[1];
    assert_eq!(
        (
            outer.imports[0].module.as_str(),
            outer.imports[0].name.as_deref()
        ),
        ("app::m", Some("top"))
    );
    assert_eq!(
        outer
            .defs
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>(),
        ["sibling"]
    );
    let inner = &ex.facts[2];
    let got: Vec<(&str, Option<&str>)> = inner
        .imports
        .iter()
        .map(|i| (i.module.as_str(), i.name.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("app::m::x", Some("y")),
            ("app::m::outer::inner::deep", Some("z"))
        ]
    );
    assert_eq!(
        (
            inner.defs[0].name.as_str(),
            inner.defs[0].kind,
            inner.defs[0].container.as_deref()
        ),
        ("h", DefKind::Function, None)
    );
    let targets: Vec<&str> = inner.references.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(targets, ["app::m::outer::sibling", "app::a::b"]);
    assert_eq!(
        ex.facts[0]
            .defs
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>(),
        ["top"]
    );
}

/// `(target, written, span text)` of every reference.
fn refs(module: &str, text: &str) -> Vec<(String, Option<String>, String)> {
    facts(module, text)
        .references
        .iter()
        .map(|r| {
            (
                r.target.clone(),
                r.written.clone(),
                at(text, r.span).to_string(),
            )
        })
        .collect()
}

fn r(t: &str, w: Option<&str>, span: &str) -> (String, Option<String>, String) {
    (t.into(), w.map(Into::into), span.into())
}

#[test]
fn references_resolve_to_absolute_targets() {
    let cases: Vec<(&str, &str, Vec<_>)> = vec![
        (
            "app::routes",
            "fn f() { crate::routes::ws::safe_state(&s); }",
            vec![r(
                "app::routes::ws::safe_state",
                Some("crate::routes::ws::safe_state"),
                "crate::routes::ws::safe_state",
            )],
        ),
        (
            "app::a::b",
            "fn f() { super::utils::h(); }",
            vec![r(
                "app::a::utils::h",
                Some("super::utils::h"),
                "super::utils::h",
            )],
        ),
        (
            "app::a",
            "fn f() { relay_core::utils::h(); app::x::y(); }",
            vec![
                r("relay_core::utils::h", None, "relay_core::utils::h"),
                r("app::x::y", None, "app::x::y"),
            ],
        ),
        (
            "app::a",
            "use relay_core::utils as u;\nfn f() { u::h(1) }",
            vec![r("relay_core::utils::h", Some("u::h"), "u::h")],
        ),
        (
            "app::a",
            "fn f() { foo::utils::h() }",
            vec![r(
                "relay_core::utils::h",
                Some("foo::utils::h"),
                "foo::utils::h",
            )],
        ),
        (
            "app::a",
            "fn f() { ::std::mem::take(x); }",
            vec![r(
                "std::mem::take",
                Some("::std::mem::take"),
                "::std::mem::take",
            )],
        ),
        // Types, struct literals and patterns are paths too.
        (
            "app::a",
            "fn f(x: crate::t::Pool) -> self::Out { let crate::t::P { a } = crate::t::P { a: 1 }; }",
            vec![
                r("app::t::Pool", Some("crate::t::Pool"), "crate::t::Pool"),
                r("app::a::Out", Some("self::Out"), "self::Out"),
                r("app::t::P", Some("crate::t::P"), "crate::t::P"),
                r("app::t::P", Some("crate::t::P"), "crate::t::P"),
            ],
        ),
        // A `use` inside the function body binds for that body.
        (
            "app::a",
            "fn f() { use crate::net as n; n::send(); }",
            vec![r("app::net::send", Some("n::send"), "n::send")],
        ),
        // Local modules are paths; local types, generics and prelude names are not.
        (
            "app",
            "mod util; struct S; fn f<T: Default>() { util::h(); S::new(); T::default(); String::new(); Self::x(); }",
            vec![r("app::util::h", Some("util::h"), "util::h")],
        ),
        // `<T as Trait>::f` is not a module path.
        ("app", "fn f() { <u8 as crate::Tr>::g(); }", vec![]),
        // Single segments never are.
        ("app::a", "use crate::x::h; fn f() { h(); }", vec![]),
    ];
    for (module, text, want) in cases {
        assert_eq!(refs(module, text), want, "{text}");
    }
}

#[test]
fn references_inside_macros() {
    let text = r#"fn f() {
    println!("{}", crate::fmt::show(&x));
    let s = format!("{a}", a = super::name());
    tracing::info!("state {}", crate::ws::safe_state(&s));
    assert_eq!(crate::a::one(), 1, "msg");
    let v = vec![crate::a::two(); 3];
    let w = vec![crate::a::three(), crate::a::four()];
    my_dsl! { this is not rust };
}"#;
    let got: Vec<String> = refs("app::m", text)
        .into_iter()
        .map(|(t, _, _)| t)
        .collect();
    assert_eq!(
        got,
        [
            "app::fmt::show",
            "app::name",
            "tracing::info",
            "app::ws::safe_state",
            "app::a::one",
            "app::a::two",
            "app::a::three",
            "app::a::four",
        ]
    );
}

#[test]
fn glob_names_only_with_a_glob_import() {
    let f = facts(
        "app::a",
        "use super::*;\nfn f() { helper(1); let x: Pool = utils::make(); }",
    );
    assert_eq!(f.glob_names, ["Pool", "helper", "utils"]);
    assert!(
        facts("app::a", "use super::h;\nfn f() { helper(1); }")
            .glob_names
            .is_empty()
    );
}

/// Macro bodies that are not comma-separated expressions are scanned token by token.
#[test]
fn references_in_macro_bodies_that_are_not_expressions() {
    let text = r#"use relay_core::utils as u;
fn f() {
    tracing::info!(user, state = %crate::routes::ws::safe(&state), "presence changed");
    debug!(?self::x::y, %u::h(1));
    info!(target: "t", "{}", foo::utils::g(), ::std::mem::take(&mut v));
    warn!(a = %format!("{}", super::n::m()), "nested");
    my_dsl! { x => (crate::p::q) [Vec::<u8>::new, s.len(), crate::a::{b, c::{self, d as e}}] };
    cfg_if! { if #[cfg(x)] { use super::super::*; use ::std::{mem::swap}; } else { super::super } }
    trace!(?v, ..crate::d::e());
    info!("{}", crate::once::only());
}"#;
    assert_eq!(
        refs("app::m", text),
        [
            r("tracing::info", None, "tracing::info"),
            r(
                "app::routes::ws::safe",
                Some("crate::routes::ws::safe"),
                "crate::routes::ws::safe"
            ),
            r("app::m::x::y", Some("self::x::y"), "self::x::y"),
            r("relay_core::utils::h", Some("u::h"), "u::h"),
            r(
                "relay_core::utils::g",
                Some("foo::utils::g"),
                "foo::utils::g"
            ),
            r(
                "std::mem::take",
                Some("::std::mem::take"),
                "::std::mem::take"
            ),
            r("app::n::m", Some("super::n::m"), "super::n::m"),
            r("app::p::q", Some("crate::p::q"), "crate::p::q"),
            r("app::a::b", Some("crate::a::b"), "b"),
            r("app::a::c", Some("crate::a::c"), "self"),
            r("app::a::c::d", Some("crate::a::c::d"), "d as e"),
            r("std::mem::swap", Some("::std::mem::swap"), "swap"),
            r("app::d::e", Some("crate::d::e"), "crate::d::e"),
            // Parsed as an expression: found once.
            r(
                "app::once::only",
                Some("crate::once::only"),
                "crate::once::only"
            ),
        ]
    );
}

#[test]
fn glob_names_inside_macro_bodies_that_are_not_expressions() {
    let f = facts(
        "app::a",
        "use super::*;\nfn f() { info!(?helper(1), key = 1, other: 2, same == 3, \"{}\", x.field); }",
    );
    assert_eq!(f.glob_names, ["helper", "info", "same", "x"]);
}
