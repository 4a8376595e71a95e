//! Calls that may be sinks and the values reaching them (SSOT008).

use std::collections::HashSet;
use std::sync::Arc;

use super::calls::captures;
use super::tests::{at, info};
use super::*;
use crate::facts::Call;
use crate::lang::ExtractOptions;

const NAMES: &[&str] = &[
    "trace",
    "debug",
    "info",
    "warn",
    "error",
    "event",
    "log",
    "to_string",
    "send_json",
];

fn opts(names: &[&str]) -> ExtractOptions {
    ExtractOptions {
        fingerprints: false,
        call_names: Arc::new(names.iter().map(|s| s.to_string()).collect::<HashSet<_>>()),
    }
}

fn calls_with(text: &str, names: &[&str]) -> Vec<Call> {
    extract_with("src/x.rs", &info("app::x"), text, &opts(names))
        .facts
        .into_iter()
        .flat_map(|f| f.calls)
        .collect()
}

fn calls(text: &str) -> Vec<Call> {
    calls_with(text, NAMES)
}

/// `(callee, span text)` of every call.
fn callees(text: &str) -> Vec<(String, String)> {
    calls(text)
        .iter()
        .map(|c| (c.callee.join("::"), at(text, c.span).to_string()))
        .collect()
}

/// A flow as `(chain, ty, span text, origin text, inline)`, chain joined with `.`.
type F = (String, Option<String>, String, Option<String>, bool);

fn flows_of(text: &str, c: &Call) -> Vec<F> {
    c.values
        .iter()
        .map(|f| {
            (
                f.chain.join("."),
                f.ty.clone(),
                at(text, f.span).to_string(),
                f.origin.map(|o| at(text, o).to_string()),
                f.inline,
            )
        })
        .collect()
}

/// The flows of the only call in `text`.
fn flows(text: &str) -> Vec<F> {
    let c = calls(text);
    assert_eq!(c.len(), 1, "{text}: {c:#?}");
    flows_of(text, &c[0])
}

/// A raw flow (no type, no origin, not inline) with the same span text as chain.
fn raw(chain: &str, span: &str) -> F {
    (chain.into(), None, span.into(), None, false)
}

fn typed(chain: &str, ty: &str, span: &str) -> F {
    (chain.into(), Some(ty.into()), span.into(), None, false)
}

fn bound(chain: &str, span: &str, origin: &str) -> F {
    (chain.into(), None, span.into(), Some(origin.into()), false)
}

/// `f` as a `tracing` field shorthand (`?x`): it takes only a name, so it is "inline".
fn sh(mut f: F) -> F {
    f.4 = true;
    f
}

fn inline(chain: &str, span: &str) -> F {
    (chain.into(), None, span.into(), None, true)
}

/// `body` as the body of a fn with untyped parameters `ws`, `a`, `b`, `x`, `y`.
fn in_fn(body: &str) -> String {
    format!("fn f(ws: _, a: _, b: _, x: _, y: _) {{\n{body}\n}}\n")
}

#[test]
fn macro_callees_resolve_through_uses() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "fn f() { tracing::info!(\"m\"); }",
            "tracing::info",
            "tracing::info",
        ),
        ("fn f() { log::warn!(\"m\"); }", "log::warn", "log::warn"),
        (
            "fn f() { ::log::warn!(\"m\"); }",
            "log::warn",
            "::log::warn",
        ),
        (
            "use tracing as tr;\nfn f() { tr::debug!(\"m\"); }",
            "tracing::debug",
            "tr::debug",
        ),
        (
            "use log::info;\nfn f() { info!(\"m\"); }",
            "log::info",
            "info",
        ),
        (
            "use tracing::{info, warn};\nfn f() { warn!(\"m\"); }",
            "tracing::warn",
            "warn",
        ),
        ("use log::*;\nfn f() { info!(\"m\"); }", "log::info", "info"),
        (
            "use super::*;\nuse tracing::*;\nfn f() { info!(\"m\"); }",
            "tracing::info",
            "info",
        ),
        (
            "#[macro_use]\nextern crate log;\nfn f() { info!(\"m\"); }",
            "log::info",
            "info",
        ),
        (
            "fn f() { use log::error; error!(\"m\"); }",
            "log::error",
            "error",
        ),
        ("fn f() { info!(\"m\"); }", "info", "info"),
        // A use binding wins over `#[macro_use]`.
        (
            "#[macro_use]\nextern crate log;\nuse tracing::info;\nfn f() { info!(\"m\"); }",
            "tracing::info",
            "info",
        ),
    ];
    for (text, callee, span) in cases {
        assert_eq!(
            callees(text),
            vec![(callee.to_string(), span.to_string())],
            "{text}"
        );
    }
}

#[test]
fn macro_calls_in_every_position() {
    let text = "
use tracing::info;
const C: () = info!(\"const\");
fn f() {
    info!(\"stmt\");
    let _x = { info!(\"block\"); 1 };
    let g = || info!(\"closure\");
    match 1 { _ => info!(\"arm\") }
    if true { tracing::warn!(\"if\") } else { tracing::error!(\"else\") }
}
struct S;
impl S {
    fn m(&self) { tracing::debug!(\"method\"); }
}
trait T {
    fn d(&self) { tracing::trace!(\"default\"); }
}
";
    let got: Vec<String> = calls(text).iter().map(|c| c.callee.join("::")).collect();
    assert_eq!(
        got,
        [
            "tracing::info",
            "tracing::info",
            "tracing::info",
            "tracing::info",
            "tracing::info",
            "tracing::warn",
            "tracing::error",
            "tracing::debug",
            "tracing::trace"
        ]
    );
}

#[test]
fn calls_go_to_the_module_they_are_in() {
    let text = "fn f() { tracing::info!(\"a\"); }\nmod inner {\n    fn g() { tracing::warn!(\"b\"); }\n}\n";
    let ex = extract_with("src/x.rs", &info("app::x"), text, &opts(NAMES));
    let per: Vec<(String, Vec<String>)> = ex
        .facts
        .iter()
        .map(|f| {
            (
                f.module.clone(),
                f.calls.iter().map(|c| c.callee.join("::")).collect(),
            )
        })
        .collect();
    assert_eq!(
        per,
        vec![
            ("app::x".to_string(), vec!["tracing::info".to_string()]),
            (
                "app::x::inner".to_string(),
                vec!["tracing::warn".to_string()]
            ),
        ]
    );
}

#[test]
fn function_and_method_calls() {
    let text = in_fn(
        "serde_json::to_string(&x);
ws.send_json(y);
self.ws.send(a);
logging::get_logger(\"n\").info(b);
let logger = log_facade::logger();
logger.warn(x);
Logger::new().unwrap().error(x);
ws.state().debug(a);",
    );
    let names = [
        "to_string",
        "send_json",
        "send",
        "info",
        "warn",
        "error",
        "debug",
    ];
    let got: Vec<_> = calls_with(&text, &names)
        .iter()
        .map(|c| {
            (
                c.callee.join("::"),
                c.receiver_from.as_ref().map(|r| r.join("::")),
                at(&text, c.span).to_string(),
                flows_of(&text, c),
            )
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        got,
        vec![
            (
                s("serde_json::to_string"),
                None,
                s("serde_json::to_string"),
                vec![raw("x", "x")]
            ),
            (
                s("ws::send_json"),
                None,
                s("ws.send_json"),
                vec![raw("y", "y")]
            ),
            (
                s("self::ws::send"),
                None,
                s("self.ws.send"),
                vec![raw("a", "a")]
            ),
            (
                s("info"),
                Some(s("logging::get_logger")),
                s("info"),
                vec![raw("b", "b")]
            ),
            (
                s("logger::warn"),
                Some(s("log_facade::logger")),
                s("logger.warn"),
                vec![raw("x", "x")]
            ),
            (
                s("error"),
                Some(s("Logger::new")),
                s("error"),
                vec![raw("x", "x")]
            ),
            (
                s("debug"),
                Some(s("ws::state")),
                s("debug"),
                vec![raw("a", "a")]
            ),
        ]
    );
    // A bare function through its `use`.
    let text = "use serde_json::to_string;\nfn f(x: X) { to_string(&x); }";
    assert_eq!(
        callees(text),
        vec![(s("serde_json::to_string"), s("to_string"))]
    );
}

#[test]
fn log_macro_arguments() {
    let text = in_fn(r#"log::info!(target: "t", "fmt {} {x} {y:?} {0}", a, y = b);"#);
    assert_eq!(
        flows(&text),
        vec![inline("x", "x"), raw("a", "a"), raw("b", "b")]
    );
    let text = in_fn(r#"log::log!(Level::Info, "m {}", a);"#);
    assert_eq!(flows(&text), vec![raw("a", "a")]);
    let text = in_fn(r#"log::log!(target: "t", Level::Info, "m {} {x}", a);"#);
    assert_eq!(flows(&text), vec![inline("x", "x"), raw("a", "a")]);
    let text = in_fn(r#"log::info!(logger: l, parent: p, name: "n", "m {}", a);"#);
    assert_eq!(flows(&text), vec![raw("a", "a")]);
}

#[test]
fn tracing_macro_arguments() {
    let text = in_fn(
        r#"tracing::info!(?x, %ws.state, s = ?a, t = %b, field.sub = y, "c" = ws.id, "msg {}", ws.name);"#,
    );
    assert_eq!(
        flows(&text),
        vec![
            sh(raw("x", "x")),
            sh(raw("ws.state", "ws.state")),
            raw("a", "a"),
            raw("b", "b"),
            raw("y", "y"),
            raw("ws.id", "ws.id"),
            raw("ws.name", "ws.name"),
        ]
    );
    let text = in_fn(r#"tracing::info!(x, "msg");"#);
    assert_eq!(flows(&text), vec![sh(raw("x", "x"))]);
    let text = in_fn(r#"tracing::event!(Level::INFO, ?x, "m");"#);
    assert_eq!(flows(&text), vec![sh(raw("x", "x"))]);
    let text = in_fn(r#"tracing::event!(target: "t", Level::INFO, n = 1, "m {y}");"#);
    assert_eq!(flows(&text), vec![inline("y", "y")]);
    // Fields before the message do not hide captures of locals of the same name.
    let text = in_fn(r#"tracing::info!(x = 1, "m {x}");"#);
    assert_eq!(flows(&text), vec![inline("x", "x")]);
}

#[test]
fn inline_captures_of_the_format_string() {
    let text = in_fn(r#"tracing::info!("{x} {y:?} {a:>10} {{b}} {} {0} {}", b, b);"#);
    let f = flows(&text);
    assert_eq!(
        f,
        vec![
            inline("x", "x"),
            inline("y", "y"),
            inline("a", "a"),
            raw("b", "b"),
            raw("b", "b"),
        ]
    );
    // Spans point into the literal.
    let c = &calls(&text)[0];
    let x = c.values[0].span.start as usize;
    assert_eq!(&text[x - 1..x + 2], "{x}");
    for lit in [r##"r"{x}""##, r###"r#"{x} "q""#"###, r#""\u{7f} {x}\n""#] {
        let text = in_fn(&format!("tracing::info!({lit});"));
        assert_eq!(flows(&text), vec![inline("x", "x")], "{lit}");
    }
    // Only the format string is a format string.
    let text = in_fn(r#"tracing::info!("m {x}", "{y}");"#);
    assert_eq!(flows(&text), vec![inline("x", "x")]);
}

#[test]
fn capture_scanner() {
    let names = |s: &str| -> Vec<String> { captures(s).into_iter().map(|c| c.0).collect() };
    assert_eq!(
        names(r#""{a} {b:?} {c:>10} {d:width$}""#),
        ["a", "b", "c", "d"]
    );
    assert!(names(r#""{} {0} {{a}} {_} {1x} {:?}""#).is_empty());
    assert_eq!(names(r#""\"{a}\" \\{b}""#), ["a", "b"]);
    assert_eq!(names(r##"r#"{a}"#"##), ["a"]);
    assert_eq!(names(r#""é{ä}""#), ["ä"]);
    for odd in [
        "", "\"", "r", "r#", "\"{", "\"{a", "\"\\", "\"\\u{", "b\"{a}\"",
    ] {
        let _ = captures(odd);
    }
    let (_, s, e) = &captures(r#""x {abc:?}""#)[0];
    assert_eq!((*s, *e), (4, 7));
}

#[test]
fn values_of_paths_and_chains() {
    let text = "
use crate::types::WebSocketState as Ws;
enum WebSocketState { Connected }
struct S { state: u8 }
impl WebSocketState {
    fn m(&self, ws: W) {
        tracing::info!(
            ?Self::Connected,
            ?WebSocketState::Connected,
            ?crate::types::WebSocketState::Connected,
            ?Ws::Open,
            ?self.state,
            ?ws.inner.client_state,
            ?ws.client_state(),
            ?ws.state().name(),
            ?ws.t.0,
            ?CONST
        );
    }
}
";
    assert_eq!(
        flows(text),
        vec![
            raw("app.x.WebSocketState.Connected", "Self::Connected"),
            raw(
                "app.x.WebSocketState.Connected",
                "WebSocketState::Connected"
            ),
            raw(
                "app.types.WebSocketState.Connected",
                "crate::types::WebSocketState::Connected"
            ),
            raw("app.types.WebSocketState.Open", "Ws::Open"),
            sh(raw("self.state", "self.state")),
            sh(raw("ws.inner.client_state", "ws.inner.client_state")),
            raw("ws.client_state", "ws.client_state()"),
            raw("ws.state.name", "ws.state().name()"),
            raw("ws.t.0", "ws.t.0"),
            sh(raw("CONST", "CONST")),
        ]
    );
    // `self` itself carries the impl's type.
    let text = "impl WebSocketState { fn m(&self) { tracing::info!(?self); } }";
    assert_eq!(
        flows(text),
        vec![sh(typed("self", "WebSocketState", "self"))]
    );
}

#[test]
fn transparent_wrappers_and_containers() {
    let text = in_fn(
        r#"tracing::info!("{:?}",
            (&x, &mut y, *a, (b),
             ws.s1.clone(), ws.s2.to_string(), ws.s3.to_owned(), ws.s4.as_ref(), ws.s5.borrow(),
             [ws.s6], vec![ws.s7, ws.s8], Some(ws.s9), Ok(ws.s10), Box::new(ws.s11),
             format!("{} {x}", ws.s12), format_args!("{}", ws.s13), S { f: ws.s14 },
             ws.s15.clone().name(), ws.s16?));"#,
    );
    let c = calls_with(&text, &["info"]);
    assert_eq!(c.len(), 1);
    let f = flows_of(&text, &c[0]);
    let got: Vec<&str> = f.iter().map(|f| f.2.as_str()).collect();
    assert_eq!(
        got,
        [
            "x",
            "y",
            "a",
            "b",
            "ws.s1",
            "ws.s2",
            "ws.s3",
            "ws.s4",
            "ws.s5",
            "ws.s6",
            "ws.s7",
            "ws.s8",
            "ws.s9",
            "ws.s10",
            "ws.s11",
            "x",
            "ws.s12",
            "ws.s13",
            "ws.s14",
            "ws.s15.clone().name()",
            "ws.s16"
        ]
    );
    assert_eq!(f[15], inline("x", "x"));
    assert_eq!(f[19].0, "ws.s15.name");
}

#[test]
fn constructors_carry_their_type() {
    let text = in_fn(
        r#"tracing::info!("{} {} {} {}", WebSocketState::from(x), types::WebSocketState::try_from(y)?, WebSocketState::new(a, b), Ws::parse("s"));"#,
    );
    assert_eq!(
        flows(&text),
        vec![
            typed("", "WebSocketState", "WebSocketState::from(x)"),
            typed("", "WebSocketState", "types::WebSocketState::try_from(y)"),
            typed("", "WebSocketState", "WebSocketState::new(a, b)"),
            typed("", "Ws", "Ws::parse(\"s\")"),
        ]
    );
    let text = "impl E { fn m() { tracing::info!(\"{}\", Self::from(1)); } }";
    assert_eq!(flows(text), vec![typed("", "E", "Self::from(1)")]);
}

#[test]
fn what_carries_no_value() {
    let text = in_fn(
        r#"tracing::info!("{} {} {} {} {} {} {} {} {}", safe_state(&ws.state), ws.state.fmt(f), 1, "s", a + b, -x, |z| z, match y { _ => 1 }, if true { a } else { b });"#,
    );
    assert_eq!(flows(&text), vec![]);
    // A zero-argument method is a getter segment; the rule decides by its name.
    let text = in_fn(r#"tracing::info!(?ws.state.name(), "{}", x.as_str());"#);
    assert_eq!(
        flows(&text),
        vec![
            raw("ws.state.name", "ws.state.name()"),
            raw("x.as_str", "x.as_str()")
        ]
    );
}

#[test]
fn local_bindings() {
    let text = in_fn(
        r#"let state = ws.client_state.clone();
tracing::info!(?state, st = %state, "{state}");"#,
    );
    let b = bound("ws.client_state", "state", "ws.client_state");
    let mut i = b.clone();
    i.4 = true;
    assert_eq!(flows(&text), vec![i.clone(), b, i]);
    // A named format argument hides the capture.
    let text = in_fn(r#"let state = ws.s; log::info!("{state}", state = x);"#);
    assert_eq!(flows(&text), vec![raw("x", "x")]);
    // Through several bindings, the origin stays where the value was read.
    let text = in_fn("let s = &ws.state; let t = s; tracing::info!(?t, ?s.name);");
    assert_eq!(
        flows(&text),
        vec![
            sh(bound("ws.state", "t", "ws.state")),
            sh(bound("ws.state.name", "s.name", "ws.state")),
        ]
    );
    // Declared types.
    let text = in_fn(
        "let s: WebSocketState = ws.get(); let t: Option<Ws> = None; let u: &crate::t::W = x; tracing::info!(?s, ?t, ?u);",
    );
    assert_eq!(
        flows(&text),
        vec![
            (
                "ws.get".into(),
                Some("WebSocketState".into()),
                "s".into(),
                Some("ws.get()".into()),
                true
            ),
            (
                "".into(),
                Some("Ws".into()),
                "t".into(),
                Some("None".into()),
                true
            ),
            (
                "x".into(),
                Some("W".into()),
                "u".into(),
                Some("x".into()),
                true
            ),
        ]
    );
    // A constructed value; a call's result (guarded) carries nothing.
    let text = in_fn(
        "let s = WebSocketState::from(x); let g = safe_state(&ws.state); tracing::info!(?s, ?g);",
    );
    assert_eq!(
        flows(&text),
        vec![(
            "".into(),
            Some("WebSocketState".into()),
            "s".into(),
            Some("WebSocketState::from(x)".into()),
            true
        )]
    );
}

#[test]
fn parameters() {
    let text = "fn f(a: WebSocketState, b: &WebSocketState, c: &mut crate::t::WebSocketState, d: Option<WebSocketState>, e: impl Display, (g, h): (u8, u8)) {
        tracing::info!(?a, ?b, ?c, ?d, ?e, ?g, ?b.name);
    }";
    assert_eq!(
        flows(text),
        vec![
            sh(typed("a", "WebSocketState", "a")),
            sh(typed("b", "WebSocketState", "b")),
            sh(typed("c", "WebSocketState", "c")),
            sh(typed("d", "WebSocketState", "d")),
            sh(raw("e", "e")),
            sh(raw("g", "g")),
            sh(raw("b.name", "b.name")),
        ]
    );
    // Closure parameters.
    let text = in_fn("let s = ws.state; let g = |s: WebSocketState, t| tracing::info!(?s, ?t);");
    assert_eq!(
        flows(&text),
        vec![sh(typed("s", "WebSocketState", "s")), sh(raw("t", "t"))]
    );
}

#[test]
fn shadowing_and_scopes() {
    // Re-binding replaces.
    let text = in_fn("let s = ws.a; let s = ws.b; tracing::info!(?s);");
    assert_eq!(flows(&text), vec![sh(bound("ws.b", "s", "ws.b"))]);
    // A binding inside a block ends with it.
    let text = in_fn("let s = ws.a; { let s = ws.b; } tracing::info!(?s);");
    assert_eq!(flows(&text), vec![sh(bound("ws.a", "s", "ws.a"))]);
    // Nested blocks see the outer bindings.
    let text = in_fn("let s = ws.a; if true { loop { tracing::info!(?s); } }");
    assert_eq!(flows(&text), vec![sh(bound("ws.a", "s", "ws.a"))]);
    // Other patterns clear the names they bind.
    let text = in_fn("let s = ws.a; let (s, t) = pair; tracing::info!(?s);");
    assert_eq!(flows(&text), vec![sh(raw("s", "s"))]);
    let text = in_fn("let s = ws.a; match o { Some(s) => tracing::info!(?s), None => {} }");
    assert_eq!(flows(&text), vec![sh(raw("s", "s"))]);
    let text =
        in_fn("let s = ws.a; if let Some(s) = o { tracing::info!(?s); } tracing::warn!(?s);");
    let c = calls(&text);
    assert_eq!(flows_of(&text, &c[0]), vec![sh(raw("s", "s"))]);
    assert_eq!(flows_of(&text, &c[1]), vec![sh(bound("ws.a", "s", "ws.a"))]);
    let text = in_fn("let s = ws.a; for s in list { tracing::info!(?s); }");
    assert_eq!(flows(&text), vec![sh(raw("s", "s"))]);
    // A nested fn does not see the outer fn's locals.
    let text = in_fn("let s = ws.a; fn inner() { tracing::info!(?s); }");
    assert_eq!(flows(&text), vec![sh(raw("s", "s"))]);
    // Parameters of one fn do not leak into the next.
    let text = "fn f(s: WebSocketState) {}\nfn g() { tracing::info!(?s); }";
    assert_eq!(flows(text), vec![sh(raw("s", "s"))]);
}

#[test]
fn nested_calls_in_macro_arguments() {
    let text = "use serde_json::to_string;\nfn f(x: X) { tracing::info!(\"{}\", to_string(&x)); }";
    assert_eq!(
        callees(text),
        vec![
            ("tracing::info".into(), "tracing::info".into()),
            ("serde_json::to_string".into(), "to_string".into()),
        ]
    );
    // Recorded once when the walker visits the body too.
    let text = "fn f(x: X) { println!(\"{}\", serde_json::to_string(&x)); tracing::info!(\"{}\", format!(\"{}\", serde_json::to_string(&x))); }";
    assert_eq!(
        callees(text),
        vec![
            (
                "serde_json::to_string".into(),
                "serde_json::to_string".into()
            ),
            ("tracing::info".into(), "tracing::info".into()),
            (
                "serde_json::to_string".into(),
                "serde_json::to_string".into()
            ),
        ]
    );
    // The outer call gets no flow from the consumed argument.
    assert!(calls(text)[1].values.is_empty());
}

#[test]
fn nothing_recorded_unless_asked() {
    let text = in_fn(
        r#"let state = ws.state; tracing::info!(?state); println!("{state}"); let s = format!("{state}"); serde_json::to_string(&state);"#,
    );
    let ex = extract_with(
        "src/x.rs",
        &info("app::x"),
        &text,
        &ExtractOptions::default(),
    );
    assert!(ex.facts.iter().all(|f| f.calls.is_empty()));
    let got: Vec<String> = calls(&text).iter().map(|c| c.callee.join("::")).collect();
    assert_eq!(got, ["tracing::info", "serde_json::to_string"]);
    // Asked for, `println!` is recorded with its capture.
    let c = calls_with(&text, &["println"]);
    assert_eq!(c.len(), 1);
    assert_eq!(
        flows_of(&text, &c[0]),
        vec![(
            "ws.state".into(),
            None,
            "state".into(),
            Some("ws.state".into()),
            true
        )]
    );
}

#[test]
fn guarded_values_do_not_flow() {
    let text = in_fn(r#"tracing::info!("{}", safe_state(&ws.state));"#);
    assert_eq!(flows(&text), vec![]);
    let text = in_fn(r#"log::info!("{}", crate::utils::safe_state(&ws.state));"#);
    assert_eq!(flows(&text), vec![]);
}

#[test]
fn odd_macro_bodies_never_panic() {
    for body in [
        "info!()",
        "info!(,,)",
        "info!(= x)",
        "info!(x =)",
        "info!(?)",
        "info!(%)",
        "info!(target:)",
        "info!(:)",
        "info!(\"{\", x)",
        "info!(\"}\")",
        "info!(\"{x:}\")",
        "info!({ a = ?b }, \"m\")",
        "info![x; 3]",
        "info!{x}",
        "info!(a.b.c = 1)",
        "info!(r#type = 1)",
        "info!(x => y)",
        "info!(x == y)",
        "info!(fn f() {})",
        "event!()",
        "log!(Level::Info)",
        "info!(\"{}\", vec![x; 3])",
        "info!(\"{}\", format!())",
    ] {
        let text = in_fn(&format!("{body};"));
        let c = calls(&text);
        assert_eq!(c.len(), 1, "{body}");
    }
    let c = calls(&in_fn("info!(x == y, a.b = ?c);"));
    assert_eq!(c[0].values.len(), 1);
}

#[test]
fn macro_use_in_the_crate_root_reaches_every_module() {
    let root = "#[macro_use]\nextern crate serde;\n#[cfg(feature = \"x\")]\n#[macro_use]\nextern crate log;\nmod a;\n";
    assert_eq!(
        super::manifest::root_macro_use_crates(root),
        vec!["serde".to_string(), "log".to_string()]
    );
    assert!(super::manifest::root_macro_use_crates("extern crate log;").is_empty());
}
