//! Unit tests: calls that may be sinks and the values reaching them (SSOT008).

use std::collections::HashSet;
use std::sync::Arc;

use super::extract_with;
use super::tests::{at, facts};
use crate::facts::Call;
use crate::lang::ExtractOptions;

const NAMES: &[&str] = &[
    "debug",
    "info",
    "warning",
    "error",
    "exception",
    "critical",
    "log",
    "dumps",
];

fn opts(names: &[&str]) -> ExtractOptions {
    ExtractOptions {
        fingerprints: false,
        call_names: Arc::new(names.iter().map(|s| s.to_string()).collect::<HashSet<_>>()),
    }
}

fn calls_with(src: &str, names: &[&str]) -> Vec<Call> {
    extract_with("app/ws.py", "app.ws", false, src, &opts(names)).calls
}

/// One call, compactly: `callee [<- receiver_from]`, checking the callee span's text.
fn head(src: &str, c: &Call) -> String {
    let written = at(src, c.span);
    let last = c.callee.last().expect("a callee has a name");
    assert!(
        written.ends_with(last.as_str()),
        "{written} vs {:?}",
        c.callee
    );
    match &c.receiver_from {
        Some(r) => format!("{} <- {}", c.callee.join("."), r.join(".")),
        None => c.callee.join("."),
    }
}

/// One flow per string: `chain[: ty] @ span text[ <- origin text]`.
fn flows(src: &str, c: &Call) -> Vec<String> {
    c.values
        .iter()
        .map(|f| {
            assert!(!f.inline);
            let mut s = f.chain.join(".");
            if let Some(ty) = &f.ty {
                s.push_str(&format!(": {ty}"));
            }
            s.push_str(&format!(" @ {}", at(src, f.span)));
            if let Some(o) = f.origin {
                s.push_str(&format!(" <- {}", at(src, o)));
            }
            s
        })
        .collect()
}

/// The calls of `src` (with [`NAMES`] asked for) as `(head, flows)`.
fn run(src: &str) -> Vec<(String, Vec<String>)> {
    calls_with(src, NAMES)
        .iter()
        .map(|c| (head(src, c), flows(src, c)))
        .collect()
}

/// The only call of `src`.
fn one(src: &str) -> (String, Vec<String>) {
    let mut all = run(src);
    assert_eq!(all.len(), 1, "{all:?}");
    all.pop().unwrap()
}

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------- callee chains

#[test]
fn callee_chains_resolve_through_imports() {
    let cases: &[(&str, &str)] = &[
        ("import logging\nlogging.info(x)\n", "logging.info"),
        ("import logging as lg\nlg.warning(x)\n", "logging.warning"),
        ("from logging import info\ninfo(x)\n", "logging.info"),
        (
            "from loguru import logger\nlogger.info(x)\n",
            "loguru.logger.info",
        ),
        (
            "class A:\n    def f(self):\n        self.logger.debug(x)\n",
            "self.logger.debug",
        ),
        ("def f(log):\n    log.info(x)\n", "log.info"),
        ("log.info(x)\n", "log.info"),
        ("import json\njson.dumps(x)\n", "json.dumps"),
        // An import below its first use still resolves.
        (
            "def f():\n    lg.error(x)\nimport logging as lg\n",
            "logging.error",
        ),
        // A relative import resolves to the absolute module.
        (
            "from .log import logger\nlogger.info(x)\n",
            "app.log.logger.info",
        ),
        // A parameter shadowing an import is the parameter.
        (
            "import logging\ndef f(logging):\n    logging.info(x)\n",
            "logging.info",
        ),
    ];
    for (src, want) in cases {
        let (got, _) = one(src);
        assert_eq!(&got, want, "{src}");
    }
}

#[test]
fn callee_span_is_the_callee_expression() {
    let src = "import logging\nlogging.info('x')\n";
    let c = calls_with(src, NAMES);
    assert_eq!(at(src, c[0].span), "logging.info");
}

#[test]
fn only_asked_names_are_recorded() {
    let src = "import logging\nprint(ws.client_state)\nlogging.info(ws.client_state)\n";
    assert!(
        facts(src).calls.is_empty(),
        "default options record nothing"
    );
    let none = extract_with("a.py", "a", false, src, &ExtractOptions::default()).calls;
    assert!(none.is_empty());
    let got = run(src);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "logging.info");
    let printed = calls_with(src, &["print"]);
    assert_eq!(printed.len(), 1);
    assert_eq!(printed[0].callee, v(&["print"]));
}

// ---------------------------------------------------------------- receivers

#[test]
fn receivers_bound_to_calls() {
    let cases: &[(&str, &str)] = &[
        (
            "import logging\nlogger = logging.getLogger(__name__)\ndef f():\n    logger.info(x)\n",
            "logger.info <- logging.getLogger",
        ),
        // The module-level binding may come below the function.
        (
            "import logging\ndef f():\n    logger.info(x)\nlogger = logging.getLogger(__name__)\n",
            "logger.info <- logging.getLogger",
        ),
        (
            "import logging\ndef f():\n    log = logging.getLogger('x')\n    log.info(x)\n",
            "log.info <- logging.getLogger",
        ),
        (
            "import structlog\nclass A:\n    def __init__(self):\n        self.logger = structlog.get_logger()\n    def f(self):\n        self.logger.info(x)\n",
            "self.logger.info <- structlog.get_logger",
        ),
        // Assigned in a later method, in a nested block.
        (
            "from app.log import get_logger\nclass A:\n    def f(self):\n        self._log.info(x)\n    def setup(self):\n        if True:\n            self._log = get_logger('a')\n",
            "self._log.info <- app.log.get_logger",
        ),
        (
            "def get_logger(): ...\nclass A:\n    def f(self):\n        self._log.info(x)\n    def setup(self):\n        self._log = get_logger()\n",
            "self._log.info <- get_logger",
        ),
        (
            "import logging\nclass A:\n    logger = logging.getLogger('a')\n    def f(self):\n        self.logger.info(x)\n    @classmethod\n    def g(cls):\n        cls.logger.info(x)\n",
            "self.logger.info <- logging.getLogger",
        ),
        (
            "from loguru import logger\ndef f():\n    log = logger.bind(x=1)\n    log.info(x)\n",
            "log.info <- loguru.logger.bind",
        ),
        (
            "import logging\nlogging.getLogger(__name__).info(x)\n",
            "info <- logging.getLogger",
        ),
        (
            "import structlog\nstructlog.get_logger().info(x)\n",
            "info <- structlog.get_logger",
        ),
        // Plain aliases of a receiver.
        (
            "import logging\nclass A:\n    def __init__(self):\n        self.logger = logging.getLogger('a')\n    def f(self):\n        log = self.logger\n        log.info(x)\n",
            "log.info <- logging.getLogger",
        ),
        (
            "import logging\nlogger = logging.getLogger('a')\ndef f():\n    log = logger\n    log.info(x)\n",
            "log.info <- logging.getLogger",
        ),
        // A nested function sees its enclosing function's binding.
        (
            "import logging\ndef f():\n    log = logging.getLogger('x')\n    def g():\n        log.info(x)\n",
            "log.info <- logging.getLogger",
        ),
    ];
    for (src, want) in cases {
        let got = run(src);
        assert_eq!(&got[0].0, want, "{src}");
    }
    let src = cases[6].0;
    let got = run(src);
    assert_eq!(got[1].0, "cls.logger.info <- logging.getLogger");
}

#[test]
fn receivers_not_bound_to_calls() {
    let cases: &[(&str, &str)] = &[
        ("def f(log):\n    log.info(x)\n", "log.info"),
        // A local binding shadows the module-level one.
        (
            "import logging\nlogger = logging.getLogger('a')\ndef f(logger):\n    logger.info(x)\n",
            "logger.info",
        ),
        ("def f():\n    log = other\n    log.info(x)\n", "log.info"),
        // Reassignment replaces.
        (
            "import logging\ndef f():\n    log = logging.getLogger('x')\n    log = thing\n    log.info(x)\n",
            "log.info",
        ),
        // Only `self` of a method reads the class's attributes.
        (
            "import logging\nclass A:\n    def f(self, other):\n        other.logger.info(x)\n    def g(self):\n        self.logger = logging.getLogger('a')\n",
            "other.logger.info",
        ),
        // An alias of something not bound to a call.
        (
            "def f(self):\n    log = self.other\n    log.info(x)\n",
            "log.info",
        ),
        // A call deeper in the receiver: no single call it comes from.
        ("make().loggers.main.info(x)\n", "loggers.main.info"),
    ];
    for (src, want) in cases {
        let got = run(src);
        assert_eq!(&got[0].0, want, "{src}");
    }
}

// ---------------------------------------------------------------- flows: forms

#[test]
fn plain_arguments_positional_and_keyword() {
    let (_, f) = one("logger.info(ws.client_state, state=ws.application_state)\n");
    assert_eq!(
        f,
        v(&[
            "ws.client_state @ ws.client_state",
            "ws.application_state @ ws.application_state"
        ])
    );
}

#[test]
fn f_string_parts() {
    let src = "logger.info(f\"a {ws.client_state} b {ws.x!r} c {y:>{width}} d {z=}\")\n";
    let (_, f) = one(src);
    assert_eq!(
        f,
        v(&[
            "ws.client_state @ ws.client_state",
            "ws.x @ ws.x",
            "y @ y",
            "width @ width",
            "z @ z"
        ])
    );
    // Implicit concatenation with plain strings.
    let (_, f) = one("logger.info('a' f'{s!s}' 'b')\n");
    assert_eq!(f, v(&["s @ s"]));
}

#[test]
fn percent_formatting() {
    let (_, f) = one("logger.info('%s' % ws.client_state)\n");
    assert_eq!(f, v(&["ws.client_state @ ws.client_state"]));
    let (_, f) = one("logger.info('%s %s' % (a, b.c))\n");
    assert_eq!(f, v(&["a @ a", "b.c @ b.c"]));
    let (_, f) = one("logger.info('%(k)s' % {'k': v})\n");
    assert_eq!(f, v(&["v @ v"]));
    let (_, f) = one("logger.info('%s %s', a, ws.client_state)\n");
    assert_eq!(f, v(&["a @ a", "ws.client_state @ ws.client_state"]));
    // Arithmetic is not formatting; concatenation onto a string builds the message.
    let (_, f) = one("logger.info(n % 3, 'a' + s, -x, 1 + y)\n");
    assert_eq!(f, v(&["s @ s"]));
}

#[test]
fn str_format_calls_are_transparent() {
    let (_, f) = one("logger.info('{} {b}'.format(a, b=ws.client_state))\n");
    assert_eq!(f, v(&["a @ a", "ws.client_state @ ws.client_state"]));
    // `.format` on anything but a string literal is just a call.
    let (_, f) = one("logger.info(fmt.format(a))\n");
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn containers() {
    let cases: &[(&str, &[&str])] = &[
        (
            "logger.info('x', extra={'state': ws.client_state, k: 1})\n",
            &["ws.client_state @ ws.client_state"],
        ),
        ("logger.info([a, (b, {c})])\n", &["a @ a", "b @ b", "c @ c"]),
        ("logger.info(extra=dict(state=s, n=1))\n", &["s @ s"]),
        ("logger.info(extra=dict({'s': s}))\n", &["s @ s"]),
        (
            "logger.info(list((a, b)), tuple([c]))\n",
            &["a @ a", "b @ b", "c @ c"],
        ),
        (
            "logger.info(extra={'a': {'b': [s]}, **{'c': t}})\n",
            &["s @ s", "t @ t"],
        ),
        ("logger.info('%s %s', *(a, b))\n", &["a @ a", "b @ b"]),
        ("logger.info(extra={**base})\n", &["base @ base"]),
        // Comprehensions are not followed.
        ("logger.info([str(s) for s in states])\n", &[]),
        // `list(x)` of a call consumes it.
        ("logger.info(list(get(s)))\n", &[]),
    ];
    for (src, want) in cases {
        let (_, f) = one(src);
        assert_eq!(f, v(want), "{src}");
    }
}

#[test]
fn conditionals_and_boolean_operators() {
    let (_, f) = one("logger.info(a if c else (b.x))\n");
    assert_eq!(f, v(&["a @ a", "b.x @ b.x"]));
    let (_, f) = one("logger.info(a or b, c and d)\n");
    assert_eq!(f, v(&["a @ a", "b @ b", "c @ c", "d @ d"]));
}

#[test]
fn transparent_conversions() {
    let (_, f) = one(
        "logger.info(str(ws.client_state), repr(a), format(b, '>10'), ascii(c), f'{str(d)}')\n",
    );
    assert_eq!(
        f,
        v(&[
            "ws.client_state @ ws.client_state",
            "a @ a",
            "b @ b",
            "c @ c",
            "d @ d"
        ])
    );
}

#[test]
fn other_calls_consume_their_arguments() {
    let cases = [
        "logger.info('%s', safe(ws.client_state))\n",
        "logger.info(len(x), x.upper(), ws.state())\n",
        "logger.info(getattr(ws, 'client_state'))\n",
        "logger.info(f'{safe(s)}')\n",
    ];
    for src in cases {
        let (_, f) = one(src);
        assert!(f.is_empty(), "{src}: {f:?}");
    }
}

#[test]
fn constructors_are_typed_values() {
    let (_, f) = one(
        "from app.types import WebSocketState as WS\nlogger.info(WebSocketState(raw), WS['X'], types.WebSocketState[name], WS(raw).name)\n",
    );
    assert_eq!(
        f,
        v(&[
            ": WebSocketState @ WebSocketState(raw)",
            ": WebSocketState @ WS['X']",
            ": WebSocketState @ types.WebSocketState[name]"
        ])
    );
    // Typing forms and lowercase subscripts are not constructors.
    let (_, f) = one("logger.info(Optional[X], data['k'], items[0])\n");
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn names_and_attribute_chains() {
    let src = "from app.types import WebSocketState as WS\nimport app.types as t\nclass A:\n    def f(self):\n        logger.info(WS.CONNECTED, t.WebSocketState.CLOSED, ws.client_state.name, self.websocket.application_state)\n";
    let (_, f) = one(src);
    assert_eq!(
        f,
        v(&[
            "app.types.WebSocketState.CONNECTED @ WS.CONNECTED",
            "app.types.WebSocketState.CLOSED @ t.WebSocketState.CLOSED",
            "ws.client_state.name @ ws.client_state.name",
            "self.websocket.application_state @ self.websocket.application_state"
        ])
    );
}

#[test]
fn values_without_flows() {
    let (_, f) = one(
        "logger.info('text', 3, None, lambda: s, x[0], await_me, -n, a + b, a == b, {k for k in ks})\n",
    );
    assert_eq!(f, v(&["await_me @ await_me"]));
    let (_, f) = one("async def f():\n    logger.info(await get(s))\n");
    assert!(f.is_empty(), "{f:?}");
}

// ---------------------------------------------------------------- local bindings

#[test]
fn local_bindings_carry_their_values() {
    let src = "def f(ws):\n    state = ws.client_state\n    logger.debug(f'{state}')\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["ws.client_state @ state <- ws.client_state"]));

    let src = "def f(ws):\n    s = str(ws.client_state)\n    logger.debug(s)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["ws.client_state @ s <- ws.client_state"]));

    let src = "def f(ws):\n    s = safe(ws.client_state)\n    logger.debug(s)\n";
    let (_, f) = one(src);
    assert!(f.is_empty(), "{f:?}");

    let src = "def f(ws):\n    d = {'state': ws.client_state}\n    logger.info('x', extra=d)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["ws.client_state @ d <- ws.client_state"]));

    let src = "def f(ws):\n    a = ws.client_state\n    b = a\n    logger.info(b)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["ws.client_state @ b <- ws.client_state"]));

    let src = "def f(ws):\n    msg = f'state {ws.client_state}'\n    logger.info(msg)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["ws.client_state @ msg <- ws.client_state"]));

    // An attribute of a bound name continues the bound chain.
    let src = "def f(self):\n    ws = self.websocket\n    logger.info(ws.client_state)\n";
    let (_, f) = one(src);
    assert_eq!(
        f,
        v(&["self.websocket.client_state @ ws.client_state <- self.websocket"])
    );

    // ... or, when the name holds no chain, is the attribute as written.
    let src = "def f(self):\n    ws = self.get_socket()\n    logger.info(ws.client_state, ws)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["ws.client_state @ ws.client_state"]));

    // A constructed value through a binding.
    let src = "def f(raw):\n    s = WebSocketState(raw)\n    logger.info(s)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&[": WebSocketState @ s <- WebSocketState(raw)"]));
}

#[test]
fn bindings_follow_statement_order_and_blocks() {
    // Reassignment replaces.
    let src = "def f(ws):\n    s = ws.client_state\n    s = safe(s)\n    logger.info(s)\n";
    let (_, f) = one(src);
    assert!(f.is_empty(), "{f:?}");
    // A use before the binding is the name as written.
    let src = "def f(ws):\n    logger.info(s)\n    s = ws.client_state\n    logger.info(s)\n";
    let got = run(src);
    assert_eq!(got[0].1, v(&["s @ s"]));
    assert_eq!(got[1].1, v(&["ws.client_state @ s <- ws.client_state"]));
    // Nested blocks count, in order.
    let src = "def f(ws):\n    if ok:\n        s = ws.client_state\n        for i in x:\n            logger.info(s)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["ws.client_state @ s <- ws.client_state"]));
    // Augmented assignment and unpacking clear the name.
    let src = "def f(ws):\n    s = ws.client_state\n    s += 'x'\n    a = ws.client_state\n    a, b = g()\n    logger.info(s, a)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["s @ s", "a @ a"]));
    // Loop variables, `with .. as`, walrus.
    let src = "def f(ws):\n    s = ws.client_state\n    t = s\n    u = s\n    for s in xs:\n        with open(p) as t:\n            if (u := g()):\n                logger.info(s, t, u)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["s @ s", "t @ t", "u @ u"]));
    // A binding in the call's own statement counts after it.
    let src = "def f(ws):\n    s = ws.client_state\n    s = logger.info(s)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["ws.client_state @ s <- ws.client_state"]));
}

#[test]
fn scopes_of_bindings() {
    // Bindings of one function do not leak into another.
    let src = "def f(ws):\n    s = ws.client_state\ndef g():\n    logger.info(s)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["s @ s"]));
    // Module-level code has its own pass.
    let src = "import app\ns = app.ws.client_state\nlogger.info(s)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["app.ws.client_state @ s <- app.ws.client_state"]));
    // ... which functions do not see.
    let src = "s = ws.client_state\ndef f():\n    logger.info(s)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["s @ s"]));
    // A nested function sees its enclosing function's bindings.
    let src = "def f(ws):\n    s = ws.client_state\n    def g():\n        logger.info(s)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["ws.client_state @ s <- ws.client_state"]));
    // Lambda parameters and comprehension variables are their own names.
    let src = "def f(ws):\n    s = ws.client_state\n    g = lambda s: logger.info(s)\n    [logger.info(s) for s in xs]\n    logger.info(s)\n";
    let got = run(src);
    assert_eq!(got[0].1, v(&["s @ s"]));
    assert_eq!(got[1].1, v(&["s @ s"]));
    assert_eq!(got[2].1, v(&["ws.client_state @ s <- ws.client_state"]));
    // ... but see the enclosing function's other bindings.
    let src = "def f(ws):\n    t = ws.client_state\n    g = lambda s: logger.info(t)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["ws.client_state @ t <- ws.client_state"]));
    // A class body is its own scope, not its methods'.
    let src = "class A:\n    s = ws.client_state\n    def f(self):\n        logger.info(s)\n";
    let (_, f) = one(src);
    assert_eq!(f, v(&["s @ s"]));
}

#[test]
fn annotated_parameters_and_locals_give_types() {
    let cases: &[(&str, &[&str])] = &[
        (
            "def f(state: WebSocketState):\n    logger.info(state)\n",
            &["state: WebSocketState @ state"],
        ),
        (
            "def f(state: 'WebSocketState'):\n    logger.info(state)\n",
            &["state: WebSocketState @ state"],
        ),
        (
            "def f(state: Optional[WebSocketState] = None):\n    logger.info(state)\n",
            &["state: WebSocketState @ state"],
        ),
        (
            "def f(*, state: WebSocketState | None):\n    logger.info(state)\n",
            &["state: WebSocketState @ state"],
        ),
        (
            "def f(state: types.WebSocketState):\n    logger.info(state)\n",
            &["state: WebSocketState @ state"],
        ),
        (
            "def f(state: 'Optional[app.WebSocketState]'):\n    logger.info(state)\n",
            &["state: WebSocketState @ state"],
        ),
        (
            "def f(state: Union[None, WebSocketState]):\n    logger.info(state)\n",
            &["state: WebSocketState @ state"],
        ),
        (
            "from app.types import WebSocketState as WS\ndef f(state: WS):\n    logger.info(state)\n",
            &["state: WebSocketState @ state"],
        ),
        // Unannotated, or not one type.
        (
            "def f(state):\n    logger.info(state)\n",
            &["state @ state"],
        ),
        (
            "def f(state: A | B, items: list[WebSocketState]):\n    logger.info(state, items)\n",
            &["state @ state", "items @ items"],
        ),
        // An attribute of a typed value is not of that type.
        (
            "def f(state: WebSocketState):\n    logger.info(state.name)\n",
            &["state.name @ state.name"],
        ),
        // Annotated locals.
        (
            "def f():\n    state: WebSocketState = get()\n    logger.info(state)\n",
            &["state: WebSocketState @ state <- get()"],
        ),
        (
            "def f():\n    state: WebSocketState\n    logger.info(state)\n",
            &["state: WebSocketState @ state"],
        ),
        (
            "def f(ws):\n    state: WebSocketState = ws.client_state\n    logger.info(state)\n",
            &["ws.client_state: WebSocketState @ state <- ws.client_state"],
        ),
        // Reassignment replaces the parameter's type.
        (
            "def f(state: WebSocketState):\n    state = safe(state)\n    logger.info(state)\n",
            &[],
        ),
    ];
    for (src, want) in cases {
        let (_, f) = one(src);
        assert_eq!(f, v(want), "{src}");
    }
}

// ---------------------------------------------------------------- nesting, oddities

#[test]
fn nested_calls_are_each_recorded() {
    let src = "import json\nlogger.info(json.dumps(x))\n";
    let got = run(src);
    assert_eq!(
        got,
        vec![
            ("logger.info".to_string(), vec![]),
            ("json.dumps".to_string(), v(&["x @ x"])),
        ]
    );
    // Only the inner one when only it is asked for.
    let c = calls_with(src, &["dumps"]);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].callee, v(&["json", "dumps"]));
}

#[test]
fn safe_attribute_is_recorded_for_the_rule_to_judge() {
    let (_, f) = one("logger.info('%s', ws.client_state.name)\n");
    assert_eq!(f, v(&["ws.client_state.name @ ws.client_state.name"]));
    let (_, f) = one("logger.info('%s', ws.client_state.value, ws.other)\n");
    assert_eq!(
        f,
        v(&[
            "ws.client_state.value @ ws.client_state.value",
            "ws.other @ ws.other"
        ])
    );
}

#[test]
fn odd_calls_do_not_panic() {
    let cases = [
        "logging.info()\n",
        "getattr(logger, 'info')(x)\n",
        "loggers[0].info(x)\n",
        "(lambda: 1)().info(x)\n",
        "info\n",
        "logger.info(*, x)\n",
        "logger.info(x=)\n",
        "def f(:\n    logger.info(s)\n",
        "logger.info(f'{')\n",
        "logger.info('%s' % )\n",
        "class A:\n    def f():\n        self.logger.info(x)\n",
        "x: 'Optional[' = 1\nlogger.info(x)\n",
        "def f(s: ''):\n    logger.info(s)\n",
    ];
    for src in cases {
        let _ = run(src);
    }
    assert!(run("getattr(logger, 'info')(x)\n").is_empty());
    assert!(run("loggers[0].info(x)\n").is_empty());
    let got = run("logging.info()\n");
    assert_eq!(got, vec![("logging.info".to_string(), vec![])]);
}

#[test]
fn deep_nesting_does_not_overflow() {
    let mut src = String::from("logger.info(");
    for _ in 0..150 {
        src.push('[');
    }
    src.push('x');
    for _ in 0..150 {
        src.push(']');
    }
    src.push_str(")\n");
    let _ = run(&src);
    // Deep f-strings and conditionals.
    let mut e = String::from("x");
    for _ in 0..300 {
        e = format!("(a if c else {e})");
    }
    let _ = run(&format!("logger.info({e})\n"));
    // Many values: bounded.
    let mut src = String::from("def f(ws):\n    a0 = ws.client_state\n");
    for i in 1..40 {
        src.push_str(&format!("    a{i} = (a{p}, a{p})\n", p = i - 1));
    }
    src.push_str("    logger.info(a39)\n");
    let got = run(&src);
    assert!(!got[0].1.is_empty() && got[0].1.len() <= 256);
    // Long sums and deep blocks.
    let sum = vec!["x"; 5000].join(" + ");
    let _ = run(&format!("logger.info({sum})\n"));
    let mut src = String::new();
    for d in 0..90 {
        src.push_str(&"    ".repeat(d));
        src.push_str("if x:\n");
    }
    src.push_str(&"    ".repeat(90));
    src.push_str("logger.info(s)\n");
    let _ = run(&src);
}

#[test]
fn keyword_spread_of_a_literal() {
    let (_, f) = one("logger.info('x', **{'extra': {'s': ws.client_state}}, **kw)\n");
    assert_eq!(f, v(&["ws.client_state @ ws.client_state", "kw @ kw"]));
}

#[test]
fn recording_calls_changes_no_other_fact() {
    let src = "import logging\nfrom app.types import WebSocketState as WS\nlogger = logging.getLogger(__name__)\nMAP = {'a': WS.A}\nclass H:\n    def on(self, ws, state: WS):\n        s = ws.client_state\n        logger.info('%s', s, extra={'k': WS.B})\n        for s in ws:\n            self.log.debug(lambda s: s, [s for s in xs])\n";
    let plain = extract_with("app/ws.py", "app.ws", false, src, &opts(&[]));
    let with = extract_with("app/ws.py", "app.ws", false, src, &opts(NAMES));
    assert!(plain.calls.is_empty());
    assert_eq!(with.calls.len(), 2);
    let mut json = serde_json::to_value(&with).unwrap();
    json["calls"] = serde_json::Value::Array(Vec::new());
    assert_eq!(json, serde_json::to_value(&plain).unwrap());
}

#[test]
fn aliased_log_functions_and_concatenated_messages() {
    let calls = calls_with(
        "from logging import warning as warn_about\n\ndef f(ws):\n    warn_about(\"state \" + str(ws.client_state) + \".\")\n    warn_about(1 + ws.count)\n",
        &["warning"],
    );
    assert_eq!(calls.len(), 2, "{calls:#?}");
    assert_eq!(calls[0].callee, ["logging", "warning"]);
    assert_eq!(calls[0].values.len(), 1);
    assert_eq!(calls[0].values[0].chain, ["ws", "client_state"]);
    assert!(calls[1].values.is_empty(), "arithmetic carries no value");
}
