//! Calls that may be sinks and the values reaching them (SSOT008).

use std::collections::HashSet;
use std::sync::Arc;

use super::tests::{at, info};
use super::*;
use crate::facts::Call;
use crate::lang::ExtractOptions;

const NAMES: &[&str] = &[
    "trace", "debug", "info", "warn", "error", "event", "log", "to_string", "send_json",
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

#[test]
fn smoke() {
    let text = "use crate::types::WebSocketState as Ws;\nfn f(ws: &Ws) { let state = ws.client_state.clone(); tracing::info!(?state, s = %Ws::Open, \"x {state} {}\", ws.state()); }";
    let c = calls(text);
    eprintln!("{c:#?}");
    for f in &c[0].values {
        eprintln!("{} / {:?}", at(text, f.span), f.origin.map(|o| at(text, o)));
    }
}
