//! Unit tests: imports, references, definitions, fingerprints.

use super::extract;
use crate::facts::{DefKind, ModuleFacts, RefKind, Span};

pub(super) fn facts(src: &str) -> ModuleFacts {
    extract("pkg/sub/mod.py", "pkg.sub.mod", false, src)
}

pub(super) fn at(src: &str, span: Span) -> &str {
    &src[span.start as usize..span.end as usize]
}

/// `(module, name, alias, glob, exported)` of every import.
type Imp = (String, Option<String>, Option<String>, bool, bool);

fn imports_of(module: &str, is_package: bool, src: &str) -> Vec<Imp> {
    extract("x.py", module, is_package, src)
        .imports
        .into_iter()
        .map(|i| (i.module, i.name, i.alias, i.glob, i.exported))
        .collect()
}

fn imp(module: &str, name: Option<&str>, alias: Option<&str>, glob: bool, exported: bool) -> Imp {
    (
        module.to_string(),
        name.map(str::to_string),
        alias.map(str::to_string),
        glob,
        exported,
    )
}

#[test]
fn import_resolution_table() {
    let cases: &[(&str, bool, &str, Vec<Imp>)] = &[
        (
            "m",
            false,
            "import a.b.c",
            vec![imp("a.b.c", None, None, false, true)],
        ),
        (
            "m",
            false,
            "import a.b as m",
            vec![imp("a.b", None, Some("m"), false, true)],
        ),
        (
            "m",
            false,
            "import os, a.b as ab",
            vec![
                imp("os", None, None, false, true),
                imp("a.b", None, Some("ab"), false, true),
            ],
        ),
        (
            "m",
            false,
            "from a.b import h",
            vec![imp("a.b", Some("h"), None, false, true)],
        ),
        (
            "m",
            false,
            "from a.b import h as g",
            vec![imp("a.b", Some("h"), Some("g"), false, true)],
        ),
        (
            "m",
            false,
            "from a import *",
            vec![imp("a", None, None, true, true)],
        ),
        // relative, from a plain module `a.b.c`
        (
            "a.b.c",
            false,
            "from . import x",
            vec![imp("a.b", Some("x"), None, false, true)],
        ),
        (
            "a.b.c",
            false,
            "from .. import x",
            vec![imp("a", Some("x"), None, false, true)],
        ),
        (
            "a.b.c",
            false,
            "from .utils import h",
            vec![imp("a.b.utils", Some("h"), None, false, true)],
        ),
        (
            "a.b.c",
            false,
            "from ..utils import h",
            vec![imp("a.utils", Some("h"), None, false, true)],
        ),
        (
            "a.b.c",
            false,
            "from ...x.y import c",
            vec![imp("x.y", Some("c"), None, false, true)],
        ),
        (
            "a.b.c",
            false,
            "from .... import z",
            vec![imp("", Some("z"), None, false, true)],
        ),
        (
            "a.b.c",
            false,
            "from .....deep import z",
            vec![imp("deep", Some("z"), None, false, true)],
        ),
        // relative, from the package `a.b` (`a/b/__init__.py`)
        (
            "a.b",
            true,
            "from . import x",
            vec![imp("a.b", Some("x"), None, false, true)],
        ),
        (
            "a.b",
            true,
            "from .. import x",
            vec![imp("a", Some("x"), None, false, true)],
        ),
        (
            "a.b",
            true,
            "from .utils import h",
            vec![imp("a.b.utils", Some("h"), None, false, true)],
        ),
        (
            "a.b",
            true,
            "from ..utils import h as g",
            vec![imp("a.utils", Some("h"), Some("g"), false, true)],
        ),
        (
            "a.b",
            true,
            "from . import *",
            vec![imp("a.b", None, None, true, true)],
        ),
        // local imports are not exported
        (
            "m",
            false,
            "def f():\n    import a.b\n    from c import d\n",
            vec![
                imp("a.b", None, None, false, false),
                imp("c", Some("d"), None, false, false),
            ],
        ),
        (
            "m",
            false,
            "class C:\n    from c import d\n",
            vec![imp("c", Some("d"), None, false, false)],
        ),
        // module-level blocks still export
        (
            "m",
            false,
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from a.b import T\n",
            vec![
                imp("typing", Some("TYPE_CHECKING"), None, false, true),
                imp("a.b", Some("T"), None, false, true),
            ],
        ),
        (
            "m",
            false,
            "try:\n    import ujson as json\nexcept ImportError:\n    import json\n",
            vec![
                imp("ujson", None, Some("json"), false, true),
                imp("json", None, None, false, true),
            ],
        ),
        (
            "m",
            false,
            "with ctx():\n    for i in x:\n        while y:\n            from p import q\n",
            vec![imp("p", Some("q"), None, false, true)],
        ),
    ];
    for (module, is_package, src, want) in cases {
        assert_eq!(
            &imports_of(module, *is_package, src),
            want,
            "{module} {is_package}: {src}"
        );
    }
}

#[test]
fn import_spans() {
    let src = "from .utils import h as g, k\nimport a.b.c\n";
    let f = facts(src);
    assert_eq!(at(src, f.imports[0].span), "h as g");
    assert_eq!(at(src, f.imports[1].span), "k");
    assert_eq!(
        at(src, f.imports[0].stmt_span),
        "from .utils import h as g, k"
    );
    assert_eq!(at(src, f.imports[2].span), "a.b.c");
    assert_eq!(at(src, f.imports[2].stmt_span), "import a.b.c");
    assert_eq!(f.imports[0].module, "pkg.sub.utils");
}

/// `(target, kind, source text of span, written)` of every reference.
fn refs(src: &str) -> Vec<(String, RefKind, String, Option<String>)> {
    facts(src)
        .references
        .into_iter()
        .map(|r| (r.target, r.kind, at(src, r.span).to_string(), r.written))
        .collect()
}

fn path(
    target: &str,
    text: &str,
    written: Option<&str>,
) -> (String, RefKind, String, Option<String>) {
    (
        target.into(),
        RefKind::Path,
        text.into(),
        written.map(str::to_string),
    )
}

fn string_ref(
    target: &str,
    text: &str,
    written: &str,
) -> (String, RefKind, String, Option<String>) {
    (
        target.into(),
        RefKind::String,
        text.into(),
        Some(written.to_string()),
    )
}

#[test]
fn attribute_chains() {
    let src = "import a.b.c\nimport a.b as m\nfrom a import b\nfrom . import ws\n\
               a.b.c.h(x)\nm.h()\nb.h\nws._safe_state(1).attr\nself.x.y\nlocal.z\nm\n";
    assert_eq!(
        refs(src),
        vec![
            path("a.b.c.h", "a.b.c.h", None),
            path("a.b.h", "m.h", Some("m.h")),
            path("a.b.h", "b.h", Some("b.h")),
            path(
                "pkg.sub.ws._safe_state",
                "ws._safe_state",
                Some("ws._safe_state")
            ),
        ]
    );
}

#[test]
fn chains_resolve_against_later_imports_and_last_binding_wins() {
    let src = "def f():\n    return m.h()\nimport x as m\nimport y as m\n";
    assert_eq!(refs(src), vec![path("y.h", "m.h", Some("m.h"))]);
}

#[test]
fn chains_inside_nested_expressions() {
    let src = "from p import q\nx = [q.a for _ in q.b if q.c]\ny = f(k=q.d)[q.e]\n";
    let targets: Vec<String> = refs(src).into_iter().map(|r| r.0).collect();
    assert_eq!(targets, ["p.q.a", "p.q.b", "p.q.c", "p.q.d", "p.q.e"]);
}

#[test]
fn patch_targets_in_each_spelling() {
    let src = r#"import unittest.mock
from unittest import mock
from unittest.mock import patch
from pkg.routes import websocket as ws

@patch("pkg.a.h")
def t1(mocker, monkeypatch):
    with mock.patch("pkg.b.h"), unittest.mock.patch(target="pkg.c.h"):
        mocker.patch("pkg.d.h")
    patch("not a path")
    patch("single")
    monkeypatch.setattr("pkg.e.h", None)
    patch.object(ws, "_safe")
    mock.patch.object(ws.inner, "g")
    mocker.patch.object(local, "nope")
    monkeypatch.setattr(ws, "k", None)
    patch.dict("pkg.f.TABLE", {})
    patch.object(attribute="kw", target=ws)
"#;
    let got: Vec<_> = refs(src)
        .into_iter()
        .filter(|r| r.1 == RefKind::String)
        .collect();
    assert_eq!(
        got,
        vec![
            string_ref("pkg.a.h", "\"pkg.a.h\"", "\"pkg.a.h\""),
            string_ref("pkg.b.h", "\"pkg.b.h\"", "\"pkg.b.h\""),
            string_ref("pkg.c.h", "\"pkg.c.h\"", "\"pkg.c.h\""),
            string_ref("pkg.d.h", "\"pkg.d.h\"", "\"pkg.d.h\""),
            string_ref("pkg.e.h", "\"pkg.e.h\"", "\"pkg.e.h\""),
            string_ref(
                "pkg.routes.websocket._safe",
                "\"_safe\"",
                "patch.object(ws, \"_safe\")"
            ),
            string_ref(
                "pkg.routes.websocket.inner.g",
                "\"g\"",
                "mock.patch.object(ws.inner, \"g\")"
            ),
            string_ref(
                "pkg.routes.websocket.k",
                "\"k\"",
                "monkeypatch.setattr(ws, \"k\")"
            ),
            string_ref("pkg.f.TABLE", "\"pkg.f.TABLE\"", "\"pkg.f.TABLE\""),
            string_ref(
                "pkg.routes.websocket.kw",
                "\"kw\"",
                "patch.object(\"kw\", target=ws)"
            ),
        ]
    );
}

/// `(name, kind, container, source text of span, value)` of a definition.
type Def = (String, DefKind, Option<String>, String, Option<String>);

fn defs(src: &str) -> Vec<Def> {
    facts(src)
        .defs
        .into_iter()
        .map(|d| {
            (
                d.name,
                d.kind,
                d.container,
                at(src, d.span).to_string(),
                d.value,
            )
        })
        .collect()
}

fn def(name: &str, kind: DefKind, container: Option<&str>, value: Option<&str>) -> Def {
    (
        name.into(),
        kind,
        container.map(str::to_string),
        name.into(),
        value.map(str::to_string),
    )
}

#[test]
fn definitions_of_each_kind() {
    let src = r#"from pkg import utils
from pkg.utils import helper
import pkg.other as other

def f(): pass
async def af(): pass
if True:
    def in_if(): pass
try:
    def in_try(): pass
except ImportError:
    pass

class C:
    def m(self):
        def inner(): pass
    async def am(self): pass
    key = lambda s: s
    if True:
        def cond_m(self): pass

def outer():
    async def anested(): pass
    local = lambda: 1
    class Local:
        def lm(self): pass

lam = lambda s: s.lower()
typed: Callable[[str], str] = lambda s: s
a1 = utils.helper
a2 = helper
a3 = other.deep.fn
a4 = not_imported.fn
a5 = local_name
x = y = f
n = 1
s = "str"
c = f()
t: int = 3
"#;
    use DefKind::*;
    assert_eq!(
        defs(src),
        vec![
            def("f", Function, None, None),
            def("af", AsyncFunction, None, None),
            def("in_if", Function, None, None),
            def("in_try", Function, None, None),
            def("m", Method, Some("C"), None),
            def("inner", Nested, Some("m"), None),
            def("am", Method, Some("C"), None),
            def("key", Lambda, Some("C"), None),
            def("cond_m", Method, Some("C"), None),
            def("outer", Function, None, None),
            def("anested", Nested, Some("outer"), None),
            def("local", Lambda, Some("outer"), None),
            def("lm", Method, Some("Local"), None),
            def("lam", Lambda, None, None),
            def("typed", Lambda, None, None),
            def("a1", Assignment, None, Some("pkg.utils.helper")),
            def("a2", Assignment, None, Some("pkg.utils.helper")),
            def("a3", Assignment, None, Some("pkg.other.deep.fn")),
            def("a4", Assignment, None, Some("not_imported.fn")),
            def("a5", Assignment, None, Some("local_name")),
            def("x", Assignment, None, Some("f")),
            def("y", Assignment, None, Some("f")),
        ]
    );
}

#[test]
fn assignments_only_at_module_level() {
    let src = "class C:\n    alias = other\ndef f():\n    alias = other\n";
    assert!(defs(src).iter().all(|d| d.1 != DefKind::Assignment));
}

fn fingerprint(src: &str, name: &str) -> u64 {
    let f = facts(src);
    f.defs
        .iter()
        .find(|d| d.name == name)
        .expect(name)
        .fingerprint
}

#[test]
fn fingerprints_ignore_local_names_docstrings_and_constants() {
    let a = "def safe_state(ws):\n    \"\"\"Doc.\"\"\"\n    state = getattr(ws, 'client_state', None)\n    return state.name if state else 'unknown'\n";
    let b = "def _safe(websocket):\n    st = getattr(websocket, \"other\", None)\n    return st.name if st else \"?\"\n";
    let c = "def _safe(websocket):\n    st = getattr(websocket, \"other\", None)\n    return st.value if st else \"?\"\n";
    let d = "def _safe(websocket):\n    st = hasattr(websocket, \"other\", None)\n    return st.name if st else \"?\"\n";
    let e = "def _safe(websocket):\n    st = getattr(websocket, \"other\", None)\n    return websocket.name if st else \"?\"\n";
    let fa = fingerprint(a, "safe_state");
    assert_ne!(fa, 0);
    assert_eq!(fa, fingerprint(b, "_safe"));
    assert_ne!(fa, fingerprint(c, "_safe"), "attribute names matter");
    assert_ne!(fa, fingerprint(d, "_safe"), "global names matter");
    assert_ne!(fa, fingerprint(e, "_safe"), "which local is used matters");
    let rec_a = "def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n";
    let rec_b = "def f2(k):\n    return 1 if k < 2 else k * f2(k - 1)\n";
    assert_eq!(fingerprint(rec_a, "fact"), fingerprint(rec_b, "f2"));
    let la = "x = lambda s: s.lower()\n";
    let lb = "y = lambda t: t.lower()\n";
    assert_eq!(fingerprint(la, "x"), fingerprint(lb, "y"));
    assert_eq!(facts("a = b\n").defs[0].fingerprint, 0);
}

#[test]
fn patch_multiple_targets_one_per_keyword() {
    let src = r#"import unittest.mock
from unittest import mock
from unittest.mock import patch, DEFAULT
from pkg.routes import websocket as ws

@patch.multiple("pkg.a", helper=DEFAULT, other=DEFAULT)
def t1(mocker):
    with mock.patch.multiple("pkg.b", h=DEFAULT):
        mocker.patch.multiple(ws, g=DEFAULT, spec=True, create=True)
    unittest.mock.patch.multiple(target="pkg.c", k=1, autospec=True)
    mock.patch.multiple(ws.inner, m=DEFAULT, **extra)
    patch.multiple("top", x=DEFAULT)
"#;
    let got: Vec<_> = refs(src)
        .into_iter()
        .filter(|r| r.1 == RefKind::String)
        .collect();
    assert_eq!(
        got,
        vec![
            string_ref(
                "pkg.a.helper",
                "helper",
                "patch.multiple(\"pkg.a\", helper=...)"
            ),
            string_ref(
                "pkg.a.other",
                "other",
                "patch.multiple(\"pkg.a\", other=...)"
            ),
            string_ref("pkg.b.h", "h", "mock.patch.multiple(\"pkg.b\", h=...)"),
            string_ref(
                "pkg.routes.websocket.g",
                "g",
                "mocker.patch.multiple(ws, g=...)"
            ),
            string_ref(
                "pkg.c.k",
                "k",
                "unittest.mock.patch.multiple(target=\"pkg.c\", k=...)"
            ),
            string_ref(
                "pkg.routes.websocket.inner.m",
                "m",
                "mock.patch.multiple(ws.inner, m=...)"
            ),
            string_ref("top.x", "x", "patch.multiple(\"top\", x=...)"),
        ]
    );
}

#[test]
fn patch_multiple_look_alikes_are_ignored() {
    let src = r#"from unittest.mock import patch, DEFAULT
import helpers

patch.multiple("pkg.a")
patch.multiple("pkg.a", spec=True, create=True, spec_set=None, autospec=None, new_callable=None)
patch.multiple("pkg.a", **names)
patch.multiple("not a path", h=DEFAULT)
patch.multiple("", h=DEFAULT)
patch.multiple(f"pkg.{x}", h=DEFAULT)
patch.multiple(local_obj, h=DEFAULT)
patch.multiple(*args, h=DEFAULT)
patch.multiple(h=DEFAULT)
patch.multiple(make(), h=DEFAULT)
helpers.multiple("pkg.a", h=DEFAULT)
multiple("pkg.a", h=DEFAULT)
patcher.multiple("pkg.a", h=DEFAULT)
"#;
    let got: Vec<_> = refs(src)
        .into_iter()
        .filter(|r| r.1 == RefKind::String)
        .collect();
    assert_eq!(got, vec![]);
}

/// `(name, item_span text, public)` of every definition.
fn item_spans(src: &str) -> Vec<(String, String, bool)> {
    facts(src)
        .defs
        .iter()
        .map(|d| (d.name.clone(), at(src, d.item_span).to_string(), d.public))
        .collect()
}

#[test]
fn definition_item_spans() {
    let src = "import functools\n\n\
               # comment\n\
               @functools.cache\n\
               @other(1)\n\
               def decorated(x):\n    return x\n\n\
               async def fetch():\n    await x\n\n\
               class Pool:\n    @staticmethod\n    def method(self):\n        pass\n\n\
               def outer():\n    def inner():\n        return 1\n    return inner\n\n\
               h = lambda s: s.strip()  # trailing\n\
               g: Callable = functools.partial\n";
    let s = |n: &str, t: &str| (n.to_string(), t.to_string(), false);
    assert_eq!(
        item_spans(src),
        vec![
            s(
                "decorated",
                "@functools.cache\n@other(1)\ndef decorated(x):\n    return x"
            ),
            s("fetch", "async def fetch():\n    await x"),
            s(
                "method",
                "@staticmethod\n    def method(self):\n        pass"
            ),
            s(
                "outer",
                "def outer():\n    def inner():\n        return 1\n    return inner"
            ),
            s("inner", "def inner():\n        return 1"),
            s("h", "h = lambda s: s.strip()"),
            s("g", "g: Callable = functools.partial"),
        ]
    );
}

/// What the existing import / reference spans cover (callers build text edits from them).
#[test]
fn import_and_reference_span_coverage() {
    let src = "from a import (b, c as d)\n";
    let f = facts(src);
    let spans: Vec<(&str, &str)> = f
        .imports
        .iter()
        .map(|i| (at(src, i.span), at(src, i.stmt_span)))
        .collect();
    assert_eq!(
        spans,
        vec![
            ("b", "from a import (b, c as d)"),
            ("c as d", "from a import (b, c as d)"),
        ]
    );
    let src = "from pkg import ws\nfrom unittest import mock\nfrom unittest.mock import patch\n\
               import pkg.mod as mod\n\
               ws.h(x)\nmock.patch(\"a.b.h\")\npatch.object(mod, \"h\")\npatch.object(mod, 'h')\n";
    let r: Vec<(String, &str)> = facts(src)
        .references
        .iter()
        .map(|r| (r.target.clone(), at(src, r.span)))
        .collect();
    assert_eq!(
        r,
        vec![
            ("pkg.ws.h".to_string(), "ws.h"),
            ("unittest.mock.patch".to_string(), "mock.patch"),
            ("a.b.h".to_string(), "\"a.b.h\""),
            ("unittest.mock.patch.object".to_string(), "patch.object"),
            ("pkg.mod.h".to_string(), "\"h\""),
            ("unittest.mock.patch.object".to_string(), "patch.object"),
            ("pkg.mod.h".to_string(), "'h'"),
        ]
    );
}

/// ruff's `StmtFunctionDef` range already starts at the first decorator (`item_span` also
/// takes the minimum over the decorators, so it does not depend on this).
#[test]
fn ruff_function_range_starts_at_the_first_decorator() {
    use ruff_python_parser::{ParseOptions, parse_unchecked};
    use ruff_text_size::Ranged;
    let src = "@a\n@b(1)\nasync def f():\n    pass\n";
    let options = ParseOptions::from(ruff_python_ast::PySourceType::Python);
    let module = parse_unchecked(src, options).try_into_module().unwrap();
    let stmt = &module.syntax().body[0];
    assert_eq!(&src[stmt.range().to_std_range()], src.trim_end());
}

#[test]
fn attribute_builtins_on_imported_modules() {
    let src = r#"import pytest
from pkg.routes import websocket as ws
import pkg.old as old

def test_it(monkeypatch, obj, name):
    getattr(ws, "_safe")
    hasattr(old, 'h', )
    getattr(ws.inner, "g", None)
    setattr(ws, "k", None)
    delattr(old, "d")
    getattr(obj, "x")
    getattr(self, "y")
    local = make()
    getattr(local, "z")
    getattr(ws, name)
    getattr(ws, f"{name}")
    getattr(ws, "a.b")
    getattr(ws)
    getattr(*args)
    setattr(obj, "inst", 1)
    builtins_getattr = getattr
"#;
    let got: Vec<_> = refs(src)
        .into_iter()
        .filter(|r| r.1 == RefKind::String)
        .collect();
    assert_eq!(
        got,
        vec![
            string_ref(
                "pkg.routes.websocket._safe",
                "\"_safe\"",
                "getattr(ws, \"_safe\")"
            ),
            string_ref("pkg.old.h", "'h'", "hasattr(old, 'h')"),
            string_ref(
                "pkg.routes.websocket.inner.g",
                "\"g\"",
                "getattr(ws.inner, \"g\")"
            ),
            string_ref("pkg.routes.websocket.k", "\"k\"", "setattr(ws, \"k\")"),
            string_ref("pkg.old.d", "\"d\"", "delattr(old, \"d\")"),
        ]
    );
}

#[test]
fn monkeypatch_in_every_spelling() {
    let src = r#"import pytest
import unittest.mock
from pkg.routes import websocket as ws

def test_it(mp_fixture):
    mp_fixture.setattr(ws, "a", None)
    mp_fixture.setattr("pkg.b.h", None)
    pytest.MonkeyPatch().setattr(ws, "c", None)
    pytest.MonkeyPatch().setattr("pkg.d.h", None)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ws, "e", None)
        mp.delattr(ws, "f")
    unittest.mock.patch.object(ws, "g")
    mp_fixture.setattr(instance, "no", None)
    make().setattr(local, "no", None)
"#;
    let got: Vec<_> = refs(src)
        .into_iter()
        .filter(|r| r.1 == RefKind::String)
        .collect();
    assert_eq!(
        got,
        vec![
            string_ref(
                "pkg.routes.websocket.a",
                "\"a\"",
                "mp_fixture.setattr(ws, \"a\")"
            ),
            string_ref("pkg.b.h", "\"pkg.b.h\"", "\"pkg.b.h\""),
            string_ref(
                "pkg.routes.websocket.c",
                "\"c\"",
                "pytest.MonkeyPatch().setattr(ws, \"c\")"
            ),
            string_ref("pkg.d.h", "\"pkg.d.h\"", "\"pkg.d.h\""),
            string_ref("pkg.routes.websocket.e", "\"e\"", "mp.setattr(ws, \"e\")"),
            string_ref("pkg.routes.websocket.f", "\"f\"", "mp.delattr(ws, \"f\")"),
            string_ref(
                "pkg.routes.websocket.g",
                "\"g\"",
                "unittest.mock.patch.object(ws, \"g\")"
            ),
        ]
    );
}

#[test]
fn import_module_binds_a_module() {
    let src = r#"import importlib
from importlib import import_module as im

mod = importlib.import_module("pkg.routes.websocket")
mod._safe(1)
other = im("pkg.old")
other.h
rel = importlib.import_module(".rel", __package__)
rel.x
dyn = importlib.import_module(name)
dyn.y
fake = loader.import_module("pkg.fake")
fake.z
"#;
    assert_eq!(
        refs(src),
        vec![
            path("importlib.import_module", "importlib.import_module", None),
            path("pkg.routes.websocket._safe", "mod._safe", Some("mod._safe")),
            path("pkg.old.h", "other.h", Some("other.h")),
            path("importlib.import_module", "importlib.import_module", None),
            path("importlib.import_module", "importlib.import_module", None),
        ]
    );
}

fn shape(src: &str, name: &str) -> crate::facts::Shape {
    let f = facts(src);
    let d = f.defs.iter().find(|d| d.name == name).expect(name);
    *d.shape.clone().expect("a shape")
}

/// The share of `a`'s grams that `b` has too.
fn containment(a: &crate::facts::Shape, b: &crate::facts::Shape) -> f64 {
    let n = a.grams.iter().filter(|g| b.grams.contains(g)).count();
    n as f64 / a.grams.len() as f64
}

const SUMMARY: &str = r#"import logging

log = logging.getLogger(__name__)


@cached
def summarize(records, limit=10):
    """Totals per kind."""
    totals = {}
    for record in records:
        kind = record.kind or "unknown"
        if record.size > limit:
            totals[kind] = totals.get(kind, 0) + record.size
        else:
            totals.setdefault(kind, 0)
    ordered = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)
    return [f"{name}: {size}" for name, size in ordered][:5]
"#;

#[test]
fn shapes_see_through_renamed_locals_and_literals() {
    let a = shape(SUMMARY, "summarize");
    assert_eq!(a.lines, (6, 17), "from the decorator to the last line");
    assert!(a.tokens > 50, "{}", a.tokens);
    assert!(!a.grams.is_empty());
    assert!(
        a.grams.windows(2).all(|w| w[0] < w[1]),
        "sorted, deduplicated"
    );
    let renamed = SUMMARY
        .replace("records", "items")
        .replace("record", "it")
        .replace("totals", "acc")
        .replace("\"unknown\"", "'other'")
        .replace("limit=10", "limit=20")
        .replace("[:5]", "[:3]");
    let b = shape(&renamed, "summarize");
    assert_eq!(a.renamed, b.renamed);
    assert_eq!(a.tokens, b.tokens);
    assert_eq!(a.grams, b.grams);
    assert_ne!(a.exact, b.exact);
    // Only one literal differs: still not exact.
    let one = SUMMARY.replace("[:5]", "[:6]");
    assert_ne!(a.exact, shape(&one, "summarize").exact);
    let flipped = SUMMARY.replace("reverse=True", "reverse=False");
    assert_eq!(a.renamed, shape(&flipped, "summarize").renamed);
    assert_ne!(a.exact, shape(&flipped, "summarize").exact);
}

#[test]
fn shapes_ignore_layout_comments_and_docstrings() {
    let a = shape(SUMMARY, "summarize");
    let relaid = SUMMARY
        .replace(
            "    \"\"\"Totals per kind.\"\"\"\n",
            "    # Totals per kind.\n",
        )
        .replace(
            "key=lambda kv: kv[1], reverse=True)",
            "\n        key=lambda kv: kv[1],  # by size\n        reverse=True,\n    )",
        )
        .replace("@cached\n", "@other_decorator\n");
    let b = shape(&relaid, "summarize");
    assert_eq!(a.exact, b.exact);
    assert_eq!(a.renamed, b.renamed);
    assert_eq!(b.lines, (6, 20));
}

#[test]
fn shapes_of_a_copy_with_a_log_line_share_most_grams() {
    let a = shape(SUMMARY, "summarize");
    let logged = SUMMARY.replace(
        "    ordered =",
        "    log.debug(\"%d kinds\", len(totals))\n    ordered =",
    );
    let b = shape(&logged, "summarize");
    assert_ne!(a.renamed, b.renamed);
    assert!(containment(&a, &b) >= 0.7, "{}", containment(&a, &b));
    let other = shape(
        "def g(path):\n    with open(path) as fh:\n        return [l.strip() for l in fh if l]\n",
        "g",
    );
    assert!(containment(&a, &other) < 0.2, "{}", containment(&a, &other));
}

#[test]
fn shapes_keep_calls_operators_and_attributes() {
    let a = shape(SUMMARY, "summarize").renamed;
    for (from, to, why) in [
        ("sorted(", "reversed(", "a different called function"),
        (
            "record.size > limit",
            "record.size < limit",
            "a flipped comparison",
        ),
        ("record.kind or", "record.name or", "a different attribute"),
        (
            "totals.get(kind, 0) + record",
            "totals.get(kind, 0) - record",
            "an operator",
        ),
        ("key=lambda", "cmp=lambda", "a keyword argument"),
    ] {
        let changed = SUMMARY.replace(from, to);
        assert_ne!(changed, SUMMARY);
        assert_ne!(a, shape(&changed, "summarize").renamed, "{why}");
    }
}

#[test]
fn shapes_of_methods_leave_the_receiver_out() {
    let free = "def f(x, y):\n    total = x + y\n    return helper(total) * 2\n";
    let method =
        "class C:\n    def f(self, a, b):\n        s = a + b\n        return helper(s) * 2\n";
    let cls = "class C:\n    @classmethod\n    def f(cls, a, b):\n        s = a + b\n        return helper(s) * 2\n";
    let fs = shape(free, "f");
    assert_eq!(fs.renamed, shape(method, "f").renamed);
    assert_eq!(fs.renamed, shape(cls, "f").renamed);
    assert_ne!(fs.exact, shape(method, "f").exact, "local names as written");
    let stat = "class C:\n    @staticmethod\n    def f(self, a, b):\n        s = a + b\n        return helper(s) * 2\n";
    assert_ne!(
        fs.renamed,
        shape(stat, "f").renamed,
        "a static method's first parameter counts"
    );
}

#[test]
fn shapes_of_lambdas_nested_functions_and_none_elsewhere() {
    let src = "def outer(v):\n    def inner(w):\n        return w + 1\n    return inner(v)\nh = lambda s: s.lower()\nalias = os.path\n";
    let f = facts(src);
    for name in ["outer", "inner", "h"] {
        let d = f.defs.iter().find(|d| d.name == name).expect(name);
        assert!(d.shape.is_some(), "{name}");
    }
    let alias = f.defs.iter().find(|d| d.name == "alias").unwrap();
    assert!(alias.shape.is_none());
    assert_eq!(shape(src, "inner").lines, (2, 3));
    assert_eq!(shape(src, "h").lines, (5, 5));
    assert_eq!(
        shape(src, "h").renamed,
        shape("g = lambda t: t.lower()\n", "g").renamed
    );
    // Recursion through the function's own name.
    let rec_a = shape(
        "def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n",
        "fact",
    );
    let rec_b = shape(
        "def f2(k):\n    return 1 if k < 2 else k * f2(k - 1)\n",
        "f2",
    );
    assert_eq!(rec_a.renamed, rec_b.renamed);
    assert_ne!(rec_a.exact, rec_b.exact);
}

#[test]
fn merging_a_name_into_an_import() {
    use crate::lang::Frontend;
    let fe = super::frontend::Python;
    let m = |s: &str| fe.merge_import(s, "h", "h");
    assert_eq!(m("from a.b import f").unwrap(), "from a.b import f, h");
    assert_eq!(
        m("from a.b import (f, g,)").unwrap(),
        "from a.b import (f, g, h)"
    );
    assert_eq!(
        m("from a.b import (\n    f,\n    g,\n)").unwrap(),
        "from a.b import (\n    f,\n    g,\n    h,\n)"
    );
    assert_eq!(
        m("from a.b import (\n    f,\n    g\n)").unwrap(),
        "from a.b import (\n    f,\n    g,\n    h\n)"
    );
    assert_eq!(
        fe.merge_import("from . import f", "h", "old").unwrap(),
        "from . import f, h as old"
    );
    assert!(m("from a.b import *").is_none());
    assert!(m("import a.b").is_none());
    assert!(m("from a.b import f  # noqa").is_none());
    assert!(m("from a.b import \\\n    f").is_none());
}
