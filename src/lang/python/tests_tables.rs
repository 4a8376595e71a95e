//! Unit tests: alias tables, enums, glob names.

use super::tests::{at, facts};
use crate::facts::{AliasTable, TableKind};

/// `(key, enum, variant)` of a table's entries, checking each span's text on the way.
fn entries(src: &str, t: &AliasTable) -> Vec<(String, String, String)> {
    t.entries
        .iter()
        .map(|e| {
            let key_text = at(src, e.key_span);
            assert!(key_text.contains(e.key.as_str()), "{key_text} vs {}", e.key);
            let member = at(src, e.variant_span);
            let dotted = format!("{}.{}", e.enum_name, e.variant);
            let indexed = [
                format!("{}[\"{}\"]", e.enum_name, e.variant),
                format!("{}['{}']", e.enum_name, e.variant),
            ];
            assert!(
                member.ends_with(&dotted) || indexed.iter().any(|i| member.ends_with(i)),
                "{member}"
            );
            (e.key.clone(), e.enum_name.clone(), e.variant.clone())
        })
        .collect()
}

fn e(key: &str, enum_name: &str, variant: &str) -> (String, String, String) {
    (key.into(), enum_name.into(), variant.into())
}

/// `(name, container, kind, span text)` of a table.
fn head(src: &str, t: &AliasTable) -> (Option<String>, Option<String>, TableKind, String) {
    (
        t.name.clone(),
        t.container.clone(),
        t.kind,
        at(src, t.span).to_string(),
    )
}

fn h(
    name: Option<&str>,
    container: Option<&str>,
    kind: TableKind,
    text: &str,
) -> (Option<String>, Option<String>, TableKind, String) {
    (
        name.map(Into::into),
        container.map(Into::into),
        kind,
        text.into(),
    )
}

#[test]
fn dict_literal_tables_by_binding() {
    let src = r#"
ALIASES = {"start": MessageType.START_AGENT, "go": types.MessageType.START_AGENT}
TYPED: dict[str, MessageType] = {"x": MessageType.X}
class Handler:
    TABLE = {"c": MessageType.C}
    def __init__(self):
        self.aliases = {"s": MessageType.S}
def build():
    local = {"l": MessageType.L}
    return {"r": MessageType.R}
register({"anon": MessageType.A})
ALIASES |= {"more": MessageType.M}
"#;
    let f = facts(src);
    let got: Vec<_> = f.tables.iter().map(|t| head(src, t)).collect();
    use TableKind::Map;
    assert_eq!(
        got,
        vec![
            h(Some("ALIASES"), None, Map, "ALIASES"),
            h(Some("TYPED"), None, Map, "TYPED"),
            h(Some("TABLE"), Some("Handler"), Map, "TABLE"),
            h(Some("aliases"), Some("Handler"), Map, "aliases"),
            h(Some("local"), Some("build"), Map, "local"),
            h(None, Some("build"), Map, "{\"r\": MessageType.R}"),
            h(None, None, Map, "{\"anon\": MessageType.A}"),
            h(Some("ALIASES"), None, Map, "ALIASES"),
        ]
    );
    assert_eq!(
        entries(src, &f.tables[0]),
        vec![
            e("start", "MessageType", "START_AGENT"),
            e("go", "MessageType", "START_AGENT")
        ]
    );
    assert_eq!(at(src, f.tables[0].entries[0].key_span), "\"start\"");
    assert_eq!(
        at(src, f.tables[0].entries[1].variant_span),
        "types.MessageType.START_AGENT"
    );
    let sizes: Vec<usize> = f.tables.iter().map(|t| t.entries.len()).collect();
    assert_eq!(sizes, [2, 1, 1, 1, 1, 1, 1, 1]);
    assert_eq!(
        entries(src, &f.tables[7]),
        vec![e("more", "MessageType", "M")]
    );
}

#[test]
fn spreads_dict_calls_and_wrappers() {
    let src = r#"
A = {**BASE, "k": E.K, **mod.OTHER}
B = dict(a=E.A, **BASE)
C = dict({"c": E.C}, d=E.D)
D = dict([("p", E.P), ("q", 1)])
F = MappingProxyType({"f": E.F})
G = dict(x=1)
"#;
    let f = facts(src);
    let got: Vec<_> = f
        .tables
        .iter()
        .map(|t| (t.name.clone().unwrap(), entries(src, t), t.spreads.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "A".into(),
                vec![e("k", "E", "K")],
                vec!["BASE".to_string(), "mod.OTHER".into()]
            ),
            ("B".into(), vec![e("a", "E", "A")], vec!["BASE".to_string()]),
            ("C".into(), vec![e("c", "E", "C"), e("d", "E", "D")], vec![]),
            ("D".into(), vec![e("p", "E", "P")], vec![]),
            ("F".into(), vec![e("f", "E", "F")], vec![]),
        ]
    );
    assert_eq!(at(src, f.tables[1].entries[0].key_span), "a");
    let anon = facts("register(dict(a=E.A))\n");
    assert_eq!(anon.tables.len(), 1);
    assert_eq!(anon.tables[0].name, None);
    assert_eq!(
        at("register(dict(a=E.A))\n", anon.tables[0].span),
        "dict(a=E.A)"
    );
}

#[test]
fn non_tables_are_ignored_and_other_enums_kept() {
    let src = r#"
S = {"a": "b"}
I = {"a": 1, "b": 2}
ONE = {"a": foo}
SELF = {"a": self.x, "b": os.sep, "c": Color.__members__}
NONSTR = {1: E.A, E.B: E.C}
MIXED = {"a": E.A, "b": 2, 3: E.C}
OTHER = {"x": Color.RED}
"#;
    let f = facts(src);
    let got: Vec<_> = f
        .tables
        .iter()
        .map(|t| (t.name.clone().unwrap(), entries(src, t)))
        .collect();
    assert_eq!(
        got,
        vec![
            ("MIXED".to_string(), vec![e("a", "E", "A")]),
            ("OTHER".to_string(), vec![e("x", "Color", "RED")]),
        ]
    );
}

#[test]
fn match_tables() {
    let src = r#"
class Parser:
    def parse(self, s):
        match s.lower():
            case "start" | "begin":
                return MessageType.START
            case "stop" as x:
                result = MessageType.STOP
            case "noop":
                return None
            case other:
                return MessageType.UNKNOWN
def top(s):
    match s:
        case "a":
            log(s)
            return E.A
match x:
    case "mod":
        y = E.M
"#;
    let f = facts(src);
    let got: Vec<_> = f
        .tables
        .iter()
        .map(|t| (head(src, t), entries(src, t)))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                h(Some("parse"), Some("Parser"), TableKind::Match, "parse"),
                vec![
                    e("start", "MessageType", "START"),
                    e("begin", "MessageType", "START"),
                    e("stop", "MessageType", "STOP"),
                ]
            ),
            (
                h(Some("top"), None, TableKind::Match, "top"),
                vec![e("a", "E", "A")]
            ),
        ]
    );
}

#[test]
fn if_chain_tables() {
    let src = r#"
def to_type(s):
    if s == "a":
        return E.A
    elif "b" == s:
        return E.B
    elif s in ("c", "d"):
        return E.C
    elif s in {"e"} or s == "f":
        kind = E.E
    elif s.startswith("g"):
        return E.G
    else:
        return E.DEFAULT
    if s != "h":
        return E.H
    if s == "i":
        return "not a member"
def other(s):
    if s:
        return E.X
if mode == "module":
    M = E.M
"#;
    let f = facts(src);
    assert_eq!(f.tables.len(), 1, "{:?}", f.tables);
    let t = &f.tables[0];
    assert_eq!(
        head(src, t),
        h(Some("to_type"), None, TableKind::IfChain, "to_type")
    );
    assert_eq!(
        entries(src, t),
        vec![
            e("a", "E", "A"),
            e("b", "E", "B"),
            e("c", "E", "C"),
            e("d", "E", "C"),
            e("e", "E", "E"),
            e("f", "E", "E"),
        ]
    );
}

#[test]
fn enums() {
    let src = r#"
import enum
class MessageType(str, Enum):
    START = "start"
    STOP: str = "stop"
    _private = 1
    AUTO = auto()
    annotated_only: int
    def describe(self): return self.value
class Color(enum.IntFlag):
    RED = 1
class S(StrEnum): pass
class NotEnum(Base):
    X = 1
class Plain:
    Y = 2
"#;
    let f = facts(src);
    let got: Vec<_> = f
        .enums
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                at(src, e.span),
                e.variants.clone(),
                e.declared_keys.is_empty(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "MessageType",
                "MessageType",
                vec!["START".to_string(), "STOP".into(), "AUTO".into()],
                true
            ),
            ("Color", "Color", vec!["RED".to_string()], true),
            ("S", "S", vec![], true),
        ]
    );
}

#[test]
fn glob_names_only_with_a_glob_import() {
    let src = "from x import *\nfoo(bar.baz, qux)\nqux = 1\nfoo()\n";
    assert_eq!(facts(src).glob_names, ["bar", "foo", "qux"]);
    assert!(facts("from x import y\nfoo(bar)\n").glob_names.is_empty());
    // a mention of `import *` in a string is not a glob import
    assert!(facts("s = 'import *'\nfoo(bar)\n").glob_names.is_empty());
    let local = "def f():\n    from x import *\n    return name\n";
    assert_eq!(facts(local).glob_names, ["name"]);
}

#[test]
fn subscript_members_in_every_table_form() {
    let src = r#"
A = {"a": MessageType["START"], "b": types.MessageType['STOP'], **BASE}
B = dict(c=MessageType["C"], **BASE)
C = dict([("d", E["D"])])
def parse(s):
    match s:
        case "m":
            return E["M"]
def chain(s):
    if s == "i":
        return E["I"]
    elif s in ("j", "k"):
        kind = mod.E["J"]
register({"anon": E["ANON"]})
"#;
    let f = facts(src);
    let got: Vec<_> = f
        .tables
        .iter()
        .map(|t| (head(src, t), entries(src, t), t.spreads.clone()))
        .collect();
    use TableKind::*;
    assert_eq!(
        got,
        vec![
            (
                h(Some("A"), None, Map, "A"),
                vec![
                    e("a", "MessageType", "START"),
                    e("b", "MessageType", "STOP")
                ],
                vec!["BASE".to_string()]
            ),
            (
                h(Some("B"), None, Map, "B"),
                vec![e("c", "MessageType", "C")],
                vec!["BASE".to_string()]
            ),
            (h(Some("C"), None, Map, "C"), vec![e("d", "E", "D")], vec![]),
            (
                h(Some("parse"), None, Match, "parse"),
                vec![e("m", "E", "M")],
                vec![]
            ),
            (
                h(Some("chain"), None, IfChain, "chain"),
                vec![e("i", "E", "I"), e("j", "E", "J"), e("k", "E", "J")],
                vec![]
            ),
            (
                h(None, None, Map, "{\"anon\": E[\"ANON\"]}"),
                vec![e("anon", "E", "ANON")],
                vec![]
            ),
        ]
    );
    assert_eq!(
        at(src, f.tables[0].entries[1].variant_span),
        "types.MessageType['STOP']"
    );
    assert_eq!(at(src, f.tables[0].entries[0].key_span), "\"a\"");
}

#[test]
fn subscript_and_call_look_alikes_are_not_members() {
    let src = r#"
CALLS = {"a": MessageType("start"), "b": types.MessageType("stop")}
KEYS = {"a": data["START"], "b": self.table["X"], "c": cfg.lower["Y"]}
BAD = {"a": E["not valid"], "b": E["1X"], "c": E[""], "d": E["__dunder__"], "e": E["A.B"]}
NONSTR = {"a": E[0], "b": E[name], "c": E[f"{x}"], "d": E[b"X"], "e": E["A", "B"]}
TYPES = {"a": Optional["Foo"], "b": typing.Literal["x"], "c": List["Bar"]}
CALLED = {"a": get()["X"], "b": E()["X"]}
"#;
    let f = facts(src);
    assert!(f.tables.is_empty(), "{:?}", f.tables);
    let mixed = "M = {\"a\": E(\"a\"), \"b\": E[\"B\"], \"c\": E.C}\n";
    let f = facts(mixed);
    assert_eq!(f.tables.len(), 1);
    assert_eq!(
        entries(mixed, &f.tables[0]),
        vec![e("b", "E", "B"), e("c", "E", "C")]
    );
}

#[test]
fn comprehensions_are_not_tables() {
    let src = r#"
BY_VALUE = {m.value: m for m in MessageType}
BY_NAME = {m.name.lower(): MessageType[m.name] for m in MessageType}
FIXED = {"k": E.K for _ in range(1)}
FIXED_SUB = {"k": E["K"] for _ in range(1)}
GEN = dict((m.value, m) for m in MessageType)
PAIRS = dict([(m.value, m) for m in MessageType])
def lookup():
    return {m.value: m for m in E}
"#;
    let f = facts(src);
    assert!(f.tables.is_empty(), "{:?}", f.tables);
}

/// `(key text, variant_span text, value_span text)` of an entry.
type Spans = (String, String, String);

/// `(item_span text, [entry spans])` of every table.
fn table_spans(src: &str) -> Vec<(String, Vec<Spans>)> {
    facts(src)
        .tables
        .iter()
        .map(|t| {
            let entries = t
                .entries
                .iter()
                .map(|e| {
                    (
                        at(src, e.key_span).to_string(),
                        at(src, e.variant_span).to_string(),
                        at(src, e.value_span).to_string(),
                    )
                })
                .collect();
            (at(src, t.item_span).to_string(), entries)
        })
        .collect()
}

fn es(k: &str, variant: &str, value: &str) -> Spans {
    (k.into(), variant.into(), value.into())
}

#[test]
fn table_item_and_value_spans() {
    let src = "ALIASES: Dict[str, MessageType] = {\n    \"start\": MessageType.START_AGENT,\n    \
               \"stop\": mt.MessageType[\"STOP\"],\n}\n\n\
               @cache\ndef parse(s):\n    match s:\n        case \"a\" | \"b\":\n            \
               return MessageType.A\n    return None\n\n\
               def chain(s):\n    if s == \"x\":\n        return MessageType.X\n    \
               elif s in (\"y\",):\n        return MessageType.Y\n\n\
               class C:\n    TABLE = {\"k\": E.K}\n\n\
               call({\"anon\": E.A})\n";
    let dict = "ALIASES: Dict[str, MessageType] = {\n    \"start\": MessageType.START_AGENT,\n    \
                \"stop\": mt.MessageType[\"STOP\"],\n}";
    let parse = "@cache\ndef parse(s):\n    match s:\n        case \"a\" | \"b\":\n            \
                 return MessageType.A\n    return None";
    let chain = "def chain(s):\n    if s == \"x\":\n        return MessageType.X\n    \
                 elif s in (\"y\",):\n        return MessageType.Y";
    // `variant_span` covers the whole member expression, like `value_span`.
    assert_eq!(
        table_spans(src),
        vec![
            (
                dict.to_string(),
                vec![
                    es(
                        "\"start\"",
                        "MessageType.START_AGENT",
                        "MessageType.START_AGENT"
                    ),
                    es(
                        "\"stop\"",
                        "mt.MessageType[\"STOP\"]",
                        "mt.MessageType[\"STOP\"]"
                    ),
                ]
            ),
            (
                parse.to_string(),
                vec![
                    es("\"a\"", "MessageType.A", "MessageType.A"),
                    es("\"b\"", "MessageType.A", "MessageType.A"),
                ]
            ),
            (
                chain.to_string(),
                vec![
                    es("\"x\"", "MessageType.X", "MessageType.X"),
                    es("\"y\"", "MessageType.Y", "MessageType.Y"),
                ]
            ),
            (
                "TABLE = {\"k\": E.K}".to_string(),
                vec![es("\"k\"", "E.K", "E.K")]
            ),
            (
                "call({\"anon\": E.A})".to_string(),
                vec![es("\"anon\"", "E.A", "E.A")]
            ),
        ]
    );
}

/// `(key, enum, variant)` of an entry.
type Entry = (String, String, String);

/// `(name, [(key, enum, variant)])` of every table, spans checked.
fn named(src: &str) -> Vec<(Option<String>, Vec<Entry>)> {
    facts(src)
        .tables
        .iter()
        .map(|t| (t.name.clone(), entries(src, t)))
        .collect()
}

fn n(name: &str, es: &[(&str, &str)]) -> (Option<String>, Vec<Entry>) {
    (
        Some(name.into()),
        es.iter().map(|(k, v)| e(k, "E", v)).collect(),
    )
}

#[test]
fn annotated_assignments_of_every_shape() {
    let src = r#"
A: Dict[str, E] = {"a": E.A}
B: dict[str, E] = {"b": E.B}
C: Final[Dict[str, E]] = {"c": E.C}
D: Final = {"d": E.D}
F: typing.Mapping[str, E] = {"f": E.F}
G: "Mapping[str, E]" = {"g": E.G}
class K:
    H: ClassVar[dict[str, E]] = {"h": E.H}
    I: Final = {"i": E.I}
    Final = {"j": E.J}
"#;
    assert_eq!(
        named(src),
        vec![
            n("A", &[("a", "A")]),
            n("B", &[("b", "B")]),
            n("C", &[("c", "C")]),
            n("D", &[("d", "D")]),
            n("F", &[("f", "F")]),
            n("G", &[("g", "G")]),
            n("H", &[("h", "H")]),
            n("I", &[("i", "I")]),
            n("Final", &[("j", "J")]),
        ]
    );
    assert_eq!(facts(src).tables[6].container.as_deref(), Some("K"));
}

#[test]
fn type_aliases_are_not_tables() {
    let src = r#"
Table: TypeAlias = dict[str, E]
Odd: TypeAlias = {"a": E.A}
Also: typing.TypeAlias = {"b": E.B}
type Alias = dict[str, E]
Plain: Mapping[str, E]
"#;
    assert!(facts(src).tables.is_empty(), "{:?}", facts(src).tables);
}

#[test]
fn read_only_and_ordered_wrappers() {
    let src = r#"
A = types.MappingProxyType({"a": E.A})
B = MappingProxyType({"b": E.B})
C = frozendict({"c": E.C})
D = immutabledict({"d": E.D})
F = dict({"f": E.F})
G = OrderedDict({"g": E.G})
H = collections.OrderedDict([("h", E.H), ("h2", E.H)])
I = MappingProxyType(dict(i=E.I))
J = MappingProxyType(OrderedDict([("j", E.J)]))
K = frozendict(k=E.K)
L = OrderedDict((("l", E.L),))
"#;
    assert_eq!(
        named(src),
        vec![
            n("A", &[("a", "A")]),
            n("B", &[("b", "B")]),
            n("C", &[("c", "C")]),
            n("D", &[("d", "D")]),
            n("F", &[("f", "F")]),
            n("G", &[("g", "G")]),
            n("H", &[("h", "H"), ("h2", "H")]),
            n("I", &[("i", "I")]),
            n("J", &[("j", "J")]),
            n("K", &[("k", "K")]),
            n("L", &[("l", "L")]),
        ]
    );
    let f = facts(src);
    assert_eq!(at(src, f.tables[7].entries[0].key_span), "i");
    assert_eq!(at(src, f.tables[6].entries[0].key_span), "\"h\"");
    assert_eq!(
        at(src, f.tables[0].item_span),
        "A = types.MappingProxyType({\"a\": E.A})"
    );
    // anonymous constructor calls are tables too, once
    let anon = "register(OrderedDict([(\"a\", E.A)]))\nuse(MappingProxyType({\"b\": E.B}))\n";
    let got: Vec<_> = facts(anon)
        .tables
        .iter()
        .map(|t| (t.name.clone(), at(anon, t.span).to_string()))
        .collect();
    assert_eq!(
        got,
        vec![
            (None, "OrderedDict([(\"a\", E.A)])".to_string()),
            (None, "MappingProxyType({\"b\": E.B})".to_string()),
        ]
    );
}

#[test]
fn wrapper_look_alikes_are_not_tables() {
    let src = r#"
A = MappingProxyType({"a": 1})
B = OrderedDict([("b", "x"), ("c", E)])
C = frozendict(b=e.value)
D = register(k=E.K)
F = OrderedDict([(name, E.A), (f"x{y}", E.B)])
G = defaultdict(list)
H = dict([[E.A, "a"]])
"#;
    assert!(facts(src).tables.is_empty(), "{:?}", facts(src).tables);
}

#[test]
fn tables_built_step_by_step() {
    let src = r#"
X = {}
X["a"] = E.A
X.update({"b": E.B})
X.update(c=E.C, **BASE)
X.setdefault("d", E.D)
Y = {"y": E.Y}
Y["z"] = E.Z
def build():
    local = dict()
    local["l"] = E.L
    if cond:
        local.update([("m", E.M)])
    X["not_here"] = E.N
class Holder:
    def __init__(self):
        self.table = OrderedDict()
        self.table["s"] = E.S
"#;
    let f = facts(src);
    assert_eq!(
        named(src),
        vec![
            n("X", &[("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")]),
            n("Y", &[("y", "Y"), ("z", "Z")]),
            n("local", &[("l", "L"), ("m", "M")]),
            n("table", &[("s", "S")]),
        ]
    );
    assert_eq!(at(src, f.tables[0].span), "X");
    assert_eq!(f.tables[0].spreads, ["BASE"]);
    assert_eq!(f.tables[2].container.as_deref(), Some("build"));
    assert_eq!(f.tables[3].container.as_deref(), Some("Holder"));
    // Several statements hold these tables: no single item span.
    assert!(f.tables.iter().all(|t| t.item_span.is_empty()));
    let k = &f.tables[0].entries;
    assert_eq!(at(src, k[0].key_span), "\"a\"");
    assert_eq!(at(src, k[1].value_span), "E.B");
    assert_eq!(at(src, k[2].key_span), "c");
    assert_eq!(at(src, k[3].key_span), "\"d\"");
    assert_eq!(at(src, k[3].variant_span), "E.D");
}

#[test]
fn step_by_step_look_alikes() {
    let src = r#"
X = {}
X[name] = E.A
X["v"] = [E.A]
X.update(other)
X.get("k", E.A)
Y["y"] = E.Y
Z = {}
Z = load()
Z["z"] = E.Z
W = []
W.append(("w", E.W))
def f():
    X["f"] = E.F
V = {}
def g():
    V = {}
V["late"] = E.L
"#;
    let f = facts(src);
    assert_eq!(named(src), vec![n("V", &[("late", "L")])], "{:?}", f.tables);
    let lone = "X = {}\nX[\"a\"] = E.A\n";
    assert_eq!(facts(lone).tables.len(), 1);
    assert!(facts("X = {}\nX.update()\n").tables.is_empty());
}

#[test]
fn comprehensions_over_literal_pairs() {
    let src = r#"
A = {k: v for k, v in [("a", E.A), ("b", E.B)]}
B = {k: v for k, v in (("c", E.C),)}
C = MappingProxyType({key: m for (key, m) in [("d", E.D)]})
register({k: v for k, v in [("e", E.E)]})
"#;
    let f = facts(src);
    assert_eq!(
        named(src),
        vec![
            n("A", &[("a", "A"), ("b", "B")]),
            n("B", &[("c", "C")]),
            n("C", &[("d", "D")]),
            (None, vec![e("e", "E", "E")]),
        ]
    );
    assert_eq!(at(src, f.tables[0].entries[1].key_span), "\"b\"");
    assert_eq!(
        at(src, f.tables[3].span),
        "{k: v for k, v in [(\"e\", E.E)]}"
    );
    let negatives = r#"
R = {v: k for k, v in [("a", E.A)]}
S = {k: v for k, v in PAIRS}
T = {k: v for k, v in [("a", E.A)] if k}
U = {k.lower(): v for k, v in [("a", E.A)]}
V = {k: v for k, v in [("a", E.A)] for _ in x}
W = {k: k for k, v in [("a", E.A)]}
"#;
    assert!(
        facts(negatives).tables.is_empty(),
        "{:?}",
        facts(negatives).tables
    );
}

#[test]
fn lists_of_pairs() {
    let src = r#"
PAIRS = [("a", E.A), ("b", E.B)]
TUPLES = (("c", E.C), ["d", E.D])
class K:
    CHOICES = [("k", E.K)]
def f():
    local = [("l", E.L)]
MIXED = [("a", E.A), "b"]
LABELS = [("a", "A label")]
NOTSTR = [(1, E.A)]
TRIPLES = [("a", E.A, 1)]
"#;
    let f = facts(src);
    assert_eq!(
        named(src),
        vec![
            n("PAIRS", &[("a", "A"), ("b", "B")]),
            n("TUPLES", &[("c", "C"), ("d", "D")]),
            n("CHOICES", &[("k", "K")]),
        ]
    );
    assert_eq!(at(src, f.tables[0].entries[1].key_span), "\"b\"");
    assert_eq!(at(src, f.tables[0].entries[1].value_span), "E.B");
}

#[test]
fn members_reached_through_modules() {
    let src = r#"
import pkg.types as t
import pkg.types
from pkg import types
A = {"a": types.MessageType.A, "b": t.MessageType.B, "c": pkg.types.MessageType.C}
"#;
    let f = facts(src);
    assert_eq!(
        entries(src, &f.tables[0]),
        vec![
            e("a", "MessageType", "A"),
            e("b", "MessageType", "B"),
            e("c", "MessageType", "C"),
        ]
    );
    let spans: Vec<&str> = f.tables[0]
        .entries
        .iter()
        .map(|x| at(src, x.variant_span))
        .collect();
    assert_eq!(
        spans,
        [
            "types.MessageType.A",
            "t.MessageType.B",
            "pkg.types.MessageType.C"
        ]
    );
}

#[test]
fn match_with_alternatives_guards_and_assignments() {
    let src = r#"
def parse(s, flag):
    match s:
        case "a" | "b":
            return E.A
        case "c" if flag:
            return E.C
        case "d":
            x = E.D
        case f"{y}":
            return E.Y
        case "e":
            return [E.E]
"#;
    let f = facts(src);
    assert_eq!(
        named(src),
        vec![n(
            "parse",
            &[("a", "A"), ("b", "A"), ("c", "C"), ("d", "D")]
        )]
    );
    let t = &f.tables[0];
    assert_eq!(t.kind, TableKind::Match);
    assert_eq!(at(src, t.entries[1].key_span), "\"b\"");
    assert_eq!(at(src, t.entries[1].value_span), "E.A");
    assert_eq!(at(src, t.entries[3].value_span), "E.D");
}

#[test]
fn if_chains_that_assign() {
    let src = r#"
def kind_of(s):
    if s == "a":
        kind = E.A
    elif s in ("b", "c"):
        kind = E.B
    elif s == "d" or s == "e":
        kind = E.D
    elif "f" == s:
        kind = E.F
    return kind
def negatives(s, name):
    if s == name:
        return E.A
    if s == f"x{name}":
        return E.B
    if s is "g":
        return E.G
    if s == "h":
        return E
    if s == "i":
        return e.value
    if s == "j":
        return E("j")
"#;
    let f = facts(src);
    assert_eq!(
        named(src),
        vec![n(
            "kind_of",
            &[
                ("a", "A"),
                ("b", "B"),
                ("c", "B"),
                ("d", "D"),
                ("e", "D"),
                ("f", "F")
            ]
        )]
    );
    assert_eq!(f.tables[0].kind, TableKind::IfChain);
    assert_eq!(at(src, f.tables[0].entries[5].key_span), "\"f\"");
}

#[test]
fn values_that_are_not_members() {
    let src = r#"
A = {"a": 1, "b": 2}
B = {"a": E, "b": E}
C = {"a": e.value, "b": e.VALUE}
D = {f"{x}": E.A, name: E.B}
F = {"a": E("a"), "b": E("b")}
G = {"a": [E.A, E.B], "b": (E.C,)}
H = {"a": {"nested": 1}}
"#;
    assert!(facts(src).tables.is_empty(), "{:?}", facts(src).tables);
}

#[test]
fn tables_inside_tests_are_test_data() {
    let text = "def test_routing():\n    cases = {\"a\": E.A, \"b\": E.B, \"c\": E.C}\n\n\nclass TestRouting:\n    CASES = {\"a\": E.A, \"b\": E.B, \"c\": E.C}\n\n\ndef route():\n    table = {\"a\": E.A, \"b\": E.B, \"c\": E.C}\n    return table\n";
    let f = crate::lang::python::extract("t.py", "t", false, text);
    let containers: Vec<_> = f.tables.iter().map(|t| t.container.clone()).collect();
    assert_eq!(containers, [Some("route".to_string())]);
}
