//! # SSOT008 unguarded-value
//!
//! ## What it does
//! Finds values named in a `[[guard]]` that reach a log call (or a configured sink) raw,
//! without passing through the guard's canonical helper. Values are attribute patterns
//! (`*.client_state`: any chain ending in `.client_state`; `*` stands for one or more
//! names) or an enum's name (`WebSocketState`: its members, values constructed from it, and
//! names declared with it, such as a parameter `state: WebSocketState`). A value is
//! followed through local bindings in the same function (`state = ws.client_state`), through
//! conversions that keep it (`str(x)`, `!r`, format specs; Rust `&x`, `x.clone()`,
//! `x.to_string()`) and into containers passed to the sink (`extra={"state": state}`).
//! It is safe once it passes through a `through` call, or reduced by a safe attribute
//! (`.name`, `.value` by default).
//!
//! Sinks are recognised by their receiver and method, not by one spelling:
//! - log methods `debug`, `info`, `warning`, `warn`, `error`, `exception`, `critical`,
//!   `fatal`, `log`, `trace`, `event`, `msg`, `success`;
//! - on the `logging`, `loguru`, `structlog`, `log` and `tracing` modules and crates (also
//!   when imported: `from logging import info`, `use tracing::info;` then `info!`);
//! - on loggers: names bound from `getLogger(..)`, `get_logger(..)` (the project's own
//!   wrappers too), `getChild(..)`, `get_task_logger(..)`, `LoggerAdapter(..)`, or from
//!   `bind(..)` / `opt(..)` / `new(..)` on a logger; and names and attributes called
//!   `logger`, `log`, `*_logger`, `*_log` (`self._logger`, `LOG`);
//! - and the callables in the guard's `sinks` (`json.dumps`, `websocket.send_json`),
//!   matched on the end of the call's path.
//!
//! `print`, `format!` and `println!` are not sinks unless listed in `sinks`.
//!
//! ## Why is this bad?
//! It is how the incident began: raw `WebSocketState` values were interpolated into log
//! calls, the structured logger could not serialise them, and connections died with 1011
//! errors. The canonical helper existed precisely to turn such values into safe strings;
//! a value that skips it crashes the process, or logs something nobody can search for.
//!
//! ## Example
//! ```toml
//! [[guard]]
//! values = ["*.client_state", "WebSocketState"]
//! through = ["_safe_websocket_state_for_logging"]
//! ```
//! ```python
//! state = websocket.client_state
//! logger.info(f"closing, state={state}")
//! ```
//! Use instead:
//! ```python
//! from app.websocket_core.utils import _safe_websocket_state_for_logging
//!
//! logger.info(f"closing, state={_safe_websocket_state_for_logging(state)}")
//! ```
//!
//! ## How to fix
//! Wrap the value in the helper where it reaches the log call (the help shows the exact
//! expression, and the import when the file lacks it), or log a safe attribute
//! (`state.name`). A Rust inline capture (`"{state}"`) or a `tracing` field shorthand
//! (`?state`) takes only a name, so it must first become an argument or a named field:
//! `info!("closing, state={}", safe_state_for_logging(&state))`,
//! `info!(state = %safe_state_for_logging(&state))`.
//!
//! ## Fix safety
//! Safe: wrapping a value in the helper and importing the helper changes only what is
//! logged. No fix is offered for a Rust inline capture or field shorthand, or when the
//! helper is unknown.

use std::collections::HashSet;

use super::{Context, edits};
use crate::config::{Config, GuardConfig, ValuePattern};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::facts::{Call, Flow, ModuleFacts, Span};
use crate::index::Index;
use crate::plan::GuardPlan;

/// Methods and macros that write a log record.
pub const LOG_METHODS: &[&str] = &[
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "exception",
    "critical",
    "fatal",
    "log",
    "trace",
    "event",
    "msg",
    "success",
];

/// Modules and crates whose functions and macros write log records.
const LOG_ROOTS: &[&str] = &["logging", "loguru", "structlog", "log", "tracing"];

/// Calls that return a logger, wherever they are defined.
const LOGGER_FACTORIES: &[&str] = &[
    "getLogger",
    "get_logger",
    "getChild",
    "get_task_logger",
    "LoggerAdapter",
    "wrap_logger",
];

/// Calls on a logger that return a logger.
const LOGGER_DERIVED: &[&str] = &["bind", "opt", "new", "patch", "bind_contextvars"];

/// The callee names front ends must record calls for (log methods and the last name of
/// every configured sink); empty when lint.toml has no `[[guard]]`, so extraction records
/// nothing.
pub fn call_names(config: &Config) -> HashSet<String> {
    if config.guards.is_empty() {
        return HashSet::new();
    }
    LOG_METHODS
        .iter()
        .map(|m| m.to_string())
        .chain(
            config
                .guards
                .iter()
                .flat_map(|g| &g.sinks)
                .filter_map(|s| s.last().cloned()),
        )
        .collect()
}

/// A name that, by convention, holds a logger: `logger`, `_log`, `LOGGER`, `audit_logger`.
fn logger_name(n: &str) -> bool {
    let n = n.trim_start_matches('_').to_ascii_lowercase();
    n == "logger" || n == "log" || n.ends_with("_logger") || n.ends_with("_log")
}

/// Whether a call of `from` returns a logger.
fn makes_logger(from: &[String]) -> bool {
    let Some((last, receiver)) = from.split_last() else {
        return false;
    };
    LOGGER_FACTORIES.contains(&last.as_str())
        || (LOGGER_DERIVED.contains(&last.as_str()) && is_logger(receiver, None))
        || (from.len() > 1
            && LOG_ROOTS.contains(&from[0].as_str())
            && last.to_ascii_lowercase().contains("logger"))
}

/// Whether `receiver` (a callee without its last name) is a logger or a logging module.
fn is_logger(receiver: &[String], receiver_from: Option<&[String]>) -> bool {
    if receiver_from.is_some_and(makes_logger) {
        return true;
    }
    match receiver {
        [] => false,
        [root, ..] if LOG_ROOTS.contains(&root.as_str()) => true,
        [.., last] => logger_name(last),
    }
}

/// Whether `call` is a sink for `guard`: a log call, or a configured callable.
fn is_sink(call: &Call, guard: &GuardConfig) -> bool {
    let chain = &call.callee;
    if guard.sinks.iter().any(|s| chain.ends_with(s)) {
        return true;
    }
    let Some((method, receiver)) = chain.split_last() else {
        return false;
    };
    LOG_METHODS.contains(&method.as_str()) && is_logger(receiver, call.receiver_from.as_deref())
}

/// `chain` matches `pattern` (`*` stands for one or more names).
fn glob(pattern: &[String], chain: &[String]) -> bool {
    match pattern.split_first() {
        None => chain.is_empty(),
        Some((p, rest)) if p == "*" => (1..=chain.len()).any(|k| glob(rest, &chain[k..])),
        Some((p, rest)) => chain.first() == Some(p) && glob(rest, &chain[1..]),
    }
}

/// What a value is, for one pattern.
enum Verdict {
    /// The pattern's value, raw.
    Raw,
    /// The pattern's value reduced by a safe attribute.
    Safe,
}

/// Judge what follows the matched value: nothing (raw), a safe attribute (safe), or
/// another attribute (another value: no verdict).
fn judge(rest: &[String], guard: &GuardConfig) -> Option<Verdict> {
    match rest.first() {
        None => Some(Verdict::Raw),
        Some(a) if guard.safe_attributes.contains(a) => Some(Verdict::Safe),
        Some(_) => None,
    }
}

fn verdict(p: &ValuePattern, flow: &Flow, guard: &GuardConfig) -> Option<Verdict> {
    let chain = &flow.chain;
    if let Some(ty) = p.type_name() {
        // A member: `WebSocketState.CONNECTED`, `crate::t::WebSocketState::Open`.
        if let Some(i) = chain.iter().position(|s| s == ty)
            && i + 1 < chain.len()
        {
            return judge(&chain[i + 2..], guard);
        }
        // A value of the type: declared (`state: WebSocketState`) or constructed.
        if flow.ty.as_deref() == Some(ty) {
            return judge(chain.get(1..).unwrap_or_default(), guard);
        }
        return None;
    }
    (1..=chain.len())
        .find(|&k| glob(&p.segments, &chain[..k]))
        .and_then(|k| judge(&chain[k..], guard))
}

/// The pattern a raw value matches, if any (a value reduced to a safe attribute matches
/// none).
fn raw_match<'g>(flow: &Flow, guard: &'g GuardConfig) -> Option<&'g ValuePattern> {
    for p in &guard.values {
        match verdict(p, flow, guard) {
            Some(Verdict::Raw) => return Some(p),
            Some(Verdict::Safe) => return None,
            None => {}
        }
    }
    None
}

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashSet<(&str, Span)> = HashSet::new();
    for guard in &ctx.plan.guards {
        for file in ctx.index.files.iter().filter(|f| !f.calls.is_empty()) {
            for call in file.calls.iter().filter(|c| is_sink(c, guard.cfg)) {
                for flow in &call.values {
                    let Some(pattern) = raw_match(flow, guard.cfg) else {
                        continue;
                    };
                    if seen.insert((file.path.as_str(), flow.span)) {
                        out.push(diagnose(ctx, guard, file, call, flow, pattern));
                    }
                }
            }
        }
    }
    out
}

/// Whether `file` can call `name` without an import (it imports or defines it).
fn in_scope(file: &ModuleFacts, module: &str, name: &str) -> bool {
    file.module == module
        || file.imports.iter().any(|i| i.local_name() == Some(name))
        || Index::top_level_def(file, name).is_some()
}

/// The edit that imports `statement` after the file's last top-level import.
fn import_edit(file: &ModuleFacts, text: &str, statement: &str) -> Option<Edit> {
    let last = file
        .imports
        .iter()
        .filter(|i| {
            edits::starts_line(text, i.stmt_span)
                && edits::indent_at(text, i.stmt_span.start).is_empty()
        })
        .max_by_key(|i| i.stmt_span.end)?;
    Some(edits::insert_line_after(
        &file.path,
        text,
        last.stmt_span,
        statement,
    ))
}

fn diagnose(
    ctx: &Context,
    guard: &GuardPlan,
    file: &ModuleFacts,
    call: &Call,
    flow: &Flow,
    pattern: &ValuePattern,
) -> Diagnostic {
    let text = ctx.db.text(&file.path);
    let written = edits::slice(&text, flow.span);
    // A macro is named with its `!` (`info!`).
    let callee = match text
        .get(call.span.end as usize..)
        .and_then(|t| t.strip_prefix('!'))
    {
        Some(_) => format!("{}!", edits::slice(&text, call.span)),
        None => edits::slice(&text, call.span).to_string(),
    };
    let sink = if guard.cfg.sinks.iter().any(|s| call.callee.ends_with(s)) {
        "the sink"
    } else {
        "the log call"
    };
    let fe = file.lang.frontend();
    let helper = guard.helper(file.lang);
    let helper_name = helper.map_or(guard.cfg.through[0].as_str(), |(_, n)| n);
    let origin = flow.origin.map(|o| edits::slice(&text, o).to_string());
    let what = match &origin {
        Some(o) if o != written => format!("`{written}` (read from `{o}`)"),
        _ => format!("`{written}`"),
    };
    let mut d = Diagnostic::new(
        &file.path,
        flow.span,
        format!("raw {what} reaches {sink} `{callee}` without passing through `{helper_name}`"),
    )
    .label(format!("not passed through `{helper_name}`"))
    .symbol(&pattern.text)
    .note(format!(
        "`{}` matches `{}` in a [[guard]] of {}",
        origin.as_deref().unwrap_or(written),
        pattern.text,
        ctx.config_path
    ))
    .reason(guard.reason());
    if let Some(o) = flow.origin {
        d = d.related(&file.path, o, "the value is read here");
    }
    let Some((module, name)) = helper else {
        return d.help(format!(
            "pass it through `{helper_name}` before logging it, or log a safe attribute ({})",
            safe_list(guard.cfg)
        ));
    };
    d = d.canonical(module);
    if let Some(home) = ctx.index.module(file.lang, module)
        && let Some(def) = Index::top_level_def(home, name)
    {
        d = d.related(&home.path, def.span, "the canonical helper");
    }
    let wrapped = fe.wrap_call(name, written);
    let import = (!in_scope(file, module, name))
        .then(|| fe.import_statement(&file.spell(module), name, None, false));
    let mut help = if flow.inline {
        format!(
            "it cannot be wrapped where it stands (an inline format capture or a field shorthand takes only a name): pass it as an argument or a named field, wrapped: `{wrapped}`"
        )
    } else {
        format!("wrap it: `{wrapped}`")
    };
    if let Some(i) = &import {
        help.push_str(&format!(", with `{i}`"));
    }
    d = d.help(help);
    if flow.inline {
        return d;
    }
    let mut fix_edits = vec![Edit::replace(&file.path, flow.span, wrapped.clone())];
    let complete = match &import {
        None => true,
        Some(i) => match import_edit(file, &text, i) {
            Some(e) => {
                fix_edits.push(e);
                true
            }
            None => false,
        },
    };
    let message = format!("wrap `{written}` in `{name}`");
    d.fix(Some(if complete {
        Fix::safe(message, fix_edits)
    } else {
        Fix::display_only(message, fix_edits)
    }))
}

fn safe_list(g: &GuardConfig) -> String {
    if g.safe_attributes.is_empty() {
        return "none is configured".into();
    }
    g.safe_attributes
        .iter()
        .map(|a| format!("`.{a}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn loggers_are_known_by_receiver_and_method() {
        let call = |callee: &[&str], from: Option<&[&str]>| Call {
            callee: v(callee),
            receiver_from: from.map(v),
            span: Span::default(),
            values: Vec::new(),
        };
        let g = GuardConfig {
            values: Vec::new(),
            through: v(&["safe"]),
            through_spans: Vec::new(),
            safe_attributes: v(&["name", "value"]),
            sinks: vec![v(&["json", "dumps"])],
            reason: None,
            span: 0..0,
        };
        for (callee, from) in [
            (&["logging", "info"][..], None),
            (&["loguru", "logger", "debug"], None),
            (&["self", "_logger", "warning"], None),
            (&["LOG", "error"], None),
            (&["audit_logger", "exception"], None),
            (&["log", "info"], None),
            (&["tracing", "event"], None),
            (&["x", "info"], Some(&["logging", "getLogger"][..])),
            (&["info"], Some(&["structlog", "get_logger"])),
            (&["log", "msg"], Some(&["logger", "bind"])),
            (&["self", "ws", "json", "dumps"], None),
        ] {
            assert!(is_sink(&call(callee, from), &g), "{callee:?} {from:?}");
        }
        for (callee, from) in [
            (&["print"][..], None),
            (&["info"], None),
            (&["math", "log"], None),
            (&["catalog", "info"], None),
            (&["dialog", "error"], None),
            (&["x", "info"], Some(&["make_connection"][..])),
            (&["self", "log", "append"], None),
            (&["socket", "bind"], None),
        ] {
            assert!(!is_sink(&call(callee, from), &g), "{callee:?} {from:?}");
        }
    }

    #[test]
    fn patterns_match_chains_and_types() {
        let g = GuardConfig {
            values: vec![
                ValuePattern {
                    text: "*.client_state".into(),
                    segments: v(&["*", "client_state"]),
                    span: 0..0,
                },
                ValuePattern {
                    text: "WebSocketState".into(),
                    segments: v(&["WebSocketState"]),
                    span: 0..0,
                },
            ],
            through: v(&["safe"]),
            through_spans: Vec::new(),
            safe_attributes: v(&["name", "value"]),
            sinks: Vec::new(),
            reason: None,
            span: 0..0,
        };
        let flow = |chain: &[&str], ty: Option<&str>| Flow {
            chain: v(chain),
            ty: ty.map(str::to_string),
            span: Span::default(),
            origin: None,
            inline: false,
        };
        for (chain, ty) in [
            (&["ws", "client_state"][..], None),
            (&["self", "websocket", "client_state"], None),
            (&["app", "types", "WebSocketState", "CONNECTED"], None),
            (&["WebSocketState", "Open"], None),
            (&["state"], Some("WebSocketState")),
            (&[], Some("WebSocketState")),
        ] {
            assert!(raw_match(&flow(chain, ty), &g).is_some(), "{chain:?}");
        }
        for (chain, ty) in [
            (&["client_state"][..], None),
            (&["ws", "client_state", "name"], None),
            (&["ws", "client_state_changed"], None),
            (&["ws", "client_state", "value", "lower"], None),
            (&["WebSocketState", "CONNECTED", "value"], None),
            (&["WebSocketState"], None),
            (&["OtherState", "OPEN"], None),
            (&["state", "name"], Some("WebSocketState")),
            (&["state"], Some("OtherState")),
            (&["state"], None),
        ] {
            assert!(raw_match(&flow(chain, ty), &g).is_none(), "{chain:?}");
        }
    }
}
