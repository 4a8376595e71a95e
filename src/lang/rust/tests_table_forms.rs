//! Every table form the Rust front end recognises, each with a look-alike that is not a
//! table. Spans are checked by slicing the text: the key literal (quotes included), the
//! member as written, the whole value (`Some(..)` / `Ok(..)` included) and the whole item.

use super::tests::{at, facts};
use crate::facts::{AliasTable, TableKind};

/// `(key as written, enum, variant, member as written, value as written)`.
type Entry = (String, String, String, String, String);

/// One table: name, container, kind, span text, item text, entries.
#[derive(Debug, PartialEq)]
struct Table {
    name: Option<String>,
    container: Option<String>,
    kind: TableKind,
    span: String,
    item: String,
    entries: Vec<Entry>,
}

fn table(text: &str, t: &AliasTable) -> Table {
    Table {
        name: t.name.clone(),
        container: t.container.clone(),
        kind: t.kind,
        span: at(text, t.span).to_string(),
        item: at(text, t.item_span).to_string(),
        entries: t
            .entries
            .iter()
            .map(|e| {
                (
                    at(text, e.key_span).to_string(),
                    e.enum_name.clone(),
                    e.variant.clone(),
                    at(text, e.variant_span).to_string(),
                    at(text, e.value_span).to_string(),
                )
            })
            .collect(),
    }
}

fn tables(text: &str) -> Vec<Table> {
    facts("app::types", text)
        .tables
        .iter()
        .map(|t| table(text, t))
        .collect()
}

/// The only table of `text`.
fn one(text: &str) -> Table {
    let mut all = tables(text);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

/// An entry `"key" -> enum::variant`, written `member`, whole value `value`.
fn en(key: &str, enum_name: &str, variant: &str, member: &str, value: &str) -> Entry {
    (
        format!("{key:?}"),
        enum_name.into(),
        variant.into(),
        member.into(),
        value.into(),
    )
}

/// An entry whose value is the member itself (`E::X`).
fn bare(key: &str, enum_name: &str, variant: &str, member: &str) -> Entry {
    en(key, enum_name, variant, member, member)
}

/// `(key, enum, variant)` of every entry of every table.
fn keys(text: &str) -> Vec<(String, String, String)> {
    tables(text)
        .into_iter()
        .flat_map(|t| t.entries)
        .map(|(k, e, v, _, _)| (k, e, v))
        .collect()
}

fn check(t: &Table, name: &str, container: Option<&str>, kind: TableKind, item: &str) {
    assert_eq!(t.name.as_deref(), Some(name), "{t:#?}");
    assert_eq!(t.container.as_deref(), container, "{t:#?}");
    assert_eq!(t.kind, kind, "{t:#?}");
    assert_eq!(t.item, item, "{t:#?}");
}

// ---------------------------------------------------------------------------------------
// const / static / let arrays and slices of `(&str, E)` tuples, `vec![..]`
// ---------------------------------------------------------------------------------------

#[test]
fn const_slice_of_tuples() {
    let item = "pub const ALIASES: &[(&str, MessageType)] = &[\n    (\"a\", MessageType::A),\n    (\"b\", MessageType::B),\n];";
    let t = one(&format!("{item}\n"));
    check(&t, "ALIASES", None, TableKind::Map, item);
    assert_eq!(t.span, "ALIASES");
    assert_eq!(
        t.entries,
        [
            bare("a", "MessageType", "A", "MessageType::A"),
            bare("b", "MessageType", "B", "MessageType::B"),
        ]
    );
}

#[test]
fn static_array_of_tuples() {
    let item = "static CODES: [(&str, E); 3] = [(\"x\", E::X), (\"y\", E::Y), (\"z\", E::Z)];";
    let t = one(item);
    check(&t, "CODES", None, TableKind::Map, item);
    assert_eq!(
        t.entries,
        [
            bare("x", "E", "X", "E::X"),
            bare("y", "E", "Y", "E::Y"),
            bare("z", "E", "Z", "E::Z"),
        ]
    );
}

#[test]
fn let_array_and_vec_of_tuples() {
    let arr = "let pairs = [(\"a\", E::A), (\"b\", E::B)];";
    let vec = "let v: Vec<(&str, E)> = vec![(\"c\", E::C)];";
    let text = format!("fn f() {{\n    {arr}\n    {vec}\n}}\n");
    let all = tables(&text);
    assert_eq!(all.len(), 2, "{all:#?}");
    check(&all[0], "pairs", Some("f"), TableKind::Map, arr);
    assert_eq!(
        all[0].entries,
        [bare("a", "E", "A", "E::A"), bare("b", "E", "B", "E::B")]
    );
    check(&all[1], "v", Some("f"), TableKind::Map, vec);
    assert_eq!(all[1].entries, [bare("c", "E", "C", "E::C")]);
}

/// Tuples that are not `(string, member)`: reversed, three elements, string values,
/// numbers, a member inside a collection, a constructor call, a fn pointer.
#[test]
fn tuple_arrays_that_are_not_tables() {
    let text = r#"
const REVERSE: &[(E, &str)] = &[(E::A, "a"), (E::B, "b")];
const LABELS: &[(&str, &str)] = &[("a", "alpha"), ("b", "beta")];
const NUMS: [(&str, u8); 2] = [("a", 1), ("b", 2)];
fn f() {
    let many: HashMap<&str, Vec<E>> = HashMap::from([("a", vec![E::A, E::B]), ("b", vec![E::B])]);
    let made = [("a", E::new("a")), ("b", E::from_code(2))];
    let ptrs: &[(&str, fn(&str) -> E)] = &[("a", E::parse), ("b", E::from_alias)];
    let wrapped = [("a", Wrapper(E::A)), ("b", (E::B, 1))];
    let e = E::new("a");
}
"#;
    assert_eq!(tables(text), []);
}

// ---------------------------------------------------------------------------------------
// LazyLock / OnceLock / once_cell Lazy / lazy_static! / phf_map! / thread_local!
// ---------------------------------------------------------------------------------------

#[test]
fn lazy_lock_hashmap_from() {
    let item = "static M: LazyLock<HashMap<&str, E>> =\n    LazyLock::new(|| HashMap::from([(\"a\", E::A), (\"b\", E::B)]));";
    let t = one(item);
    check(&t, "M", None, TableKind::Map, item);
    assert_eq!(t.span, "M");
    assert_eq!(
        t.entries,
        [bare("a", "E", "A", "E::A"), bare("b", "E", "B", "E::B")]
    );
}

/// A map filled with `insert` inside the initializer is the static's table.
#[test]
fn lazy_lock_inserts_are_the_static() {
    let item = "pub static M: LazyLock<HashMap<&'static str, E>> = LazyLock::new(|| {\n    let mut m = HashMap::new();\n    m.insert(\"a\", E::A);\n    m.insert(\"b\", Some(E::B));\n    m\n});";
    let t = one(item);
    check(&t, "M", None, TableKind::Map, item);
    assert_eq!(t.span, "M");
    assert_eq!(
        t.entries,
        [
            bare("a", "E", "A", "E::A"),
            en("b", "E", "B", "E::B", "Some(E::B)"),
        ]
    );
}

#[test]
fn once_cell_lazy_collect() {
    let item = "static M: once_cell::sync::Lazy<HashMap<&str, E>> = once_cell::sync::Lazy::new(|| {\n    [(\"a\", E::A), (\"b\", E::B)].into_iter().collect()\n});";
    let t = one(item);
    check(&t, "M", None, TableKind::Map, item);
    assert_eq!(t.entries.len(), 2);
    let item = "static N: Lazy<BTreeMap<&str, E>> = Lazy::new(|| { let m = BTreeMap::from([(\"c\", E::C)]); m });";
    let t = one(item);
    check(&t, "N", None, TableKind::Map, item);
    assert_eq!(t.entries, [bare("c", "E", "C", "E::C")]);
}

/// `CELL.get_or_init(|| ..)`: the table is the cell's, held by the fn that fills it.
#[test]
fn once_lock_get_or_init() {
    let f = "fn aliases() -> &'static HashMap<&'static str, E> {\n    static CELL: OnceLock<HashMap<&'static str, E>> = OnceLock::new();\n    CELL.get_or_init(|| HashMap::from([(\"a\", E::A), (\"b\", Ok(E::B))]))\n}";
    let t = one(f);
    check(&t, "CELL", Some("aliases"), TableKind::Map, f);
    assert_eq!(t.span, "CELL");
    assert_eq!(
        t.entries,
        [
            bare("a", "E", "A", "E::A"),
            en("b", "E", "B", "E::B", "Ok(E::B)"),
        ]
    );
    let g = "fn g() -> &'static HashMap<&'static str, E> {\n    TABLE.get_or_init(|| {\n        let mut m = HashMap::new();\n        m.insert(\"c\", E::C);\n        m\n    })\n}";
    let t = one(g);
    check(&t, "TABLE", Some("g"), TableKind::Map, g);
    assert_eq!(t.entries, [bare("c", "E", "C", "E::C")]);
}

#[test]
fn lazy_static_blocks() {
    let item = "lazy_static! {\n    static ref M: HashMap<&'static str, E> = {\n        let mut m = HashMap::new();\n        m.insert(\"a\", E::A);\n        m.insert(\"b\", E::B);\n        m\n    };\n}";
    let t = one(item);
    // The only static of the block: the table is the whole invocation.
    check(&t, "M", None, TableKind::Map, item);
    assert_eq!(
        t.entries,
        [bare("a", "E", "A", "E::A"), bare("b", "E", "B", "E::B")]
    );
    let item = "lazy_static::lazy_static! { pub static ref P: Vec<(&'static str, E)> = vec![(\"p\", E::P)]; }";
    let t = one(item);
    check(&t, "P", None, TableKind::Map, item);
    // Several statics in one block: each table is its own declaration.
    let a = "static ref A: HashMap<&'static str, E> = hashmap! { \"a\" => E::A };";
    let b = "/// B.\n    pub static ref B: Vec<(&'static str, E)> = vec![(\"b\", E::B)];";
    let text = format!("#[allow(unused)]\nlazy_static! {{\n    {a}\n    {b}\n}}\n");
    let all = tables(&text);
    assert_eq!(all.len(), 2, "{all:#?}");
    check(&all[0], "A", None, TableKind::Map, a);
    check(&all[1], "B", None, TableKind::Map, b);
}

#[test]
fn phf_and_thread_local() {
    let item = "static PHF: phf::Map<&'static str, E> = phf::phf_map! {\n    \"a\" => E::A,\n    \"b\" => E::B,\n};";
    let t = one(item);
    check(&t, "PHF", None, TableKind::Map, item);
    assert_eq!(
        t.entries,
        [bare("a", "E", "A", "E::A"), bare("b", "E", "B", "E::B")]
    );
    let item = "thread_local! {\n    static TL: HashMap<&'static str, E> = HashMap::from([(\"t\", E::T)]);\n}";
    let t = one(item);
    check(&t, "TL", None, TableKind::Map, item);
    assert_eq!(t.entries, [bare("t", "E", "T", "E::T")]);
    let item =
        "fn f() {\n    thread_local!(static IN_FN: Vec<(&str, E)> = vec![(\"f\", E::F)]);\n}";
    let t = one(item);
    check(
        &t,
        "IN_FN",
        Some("f"),
        TableKind::Map,
        &item[13..item.len() - 2],
    );
}

/// Lazy statics of other shapes: string values, counters, a set of strings.
#[test]
fn lazy_statics_that_are_not_tables() {
    let text = r#"
static LABELS: LazyLock<HashMap<E, &str>> = LazyLock::new(|| HashMap::from([(E::A, "a")]));
static COUNTS: LazyLock<HashMap<&str, usize>> = LazyLock::new(|| { let mut m = HashMap::new(); m.insert("a", 1); m });
static SET: phf::Set<&'static str> = phf_set! { "a", "b" };
static NAMES: phf::Map<&'static str, &'static str> = phf_map! { "a" => "alpha" };
lazy_static! { static ref RE: Regex = Regex::new("a|b").unwrap(); }
thread_local! { static N: Cell<u8> = const { Cell::new(0) }; }
fn f() -> &'static Vec<E> { V.get_or_init(|| vec![E::A, E::B]) }
"#;
    assert_eq!(tables(text), []);
}

// ---------------------------------------------------------------------------------------
// Conversions: FromStr, TryFrom<&str>, From<&str>, TryFrom<&'a str>
// ---------------------------------------------------------------------------------------

#[test]
fn from_str_impl() {
    let item = "impl FromStr for MessageType {\n    type Err = String;\n    fn from_str(s: &str) -> Result<Self, Self::Err> {\n        match s {\n            \"start\" => Ok(Self::Start),\n            \"stop\" => Ok(MessageType::Stop),\n            other => Err(format!(\"unknown {other}\")),\n        }\n    }\n}";
    let t = one(item);
    check(
        &t,
        "FromStr",
        Some("MessageType"),
        TableKind::Conversion,
        item,
    );
    assert_eq!(t.span, "from_str");
    assert_eq!(
        t.entries,
        [
            en(
                "start",
                "MessageType",
                "Start",
                "Self::Start",
                "Ok(Self::Start)"
            ),
            en(
                "stop",
                "MessageType",
                "Stop",
                "MessageType::Stop",
                "Ok(MessageType::Stop)"
            ),
        ]
    );
}

#[test]
fn try_from_and_from_impls() {
    let try_from = "impl TryFrom<&str> for E {\n    type Error = ();\n    fn try_from(s: &str) -> Result<Self, ()> {\n        match s { \"a\" => Ok(E::A), _ => Err(()) }\n    }\n}";
    let t = one(try_from);
    check(&t, "TryFrom", Some("E"), TableKind::Conversion, try_from);
    assert_eq!(t.entries, [en("a", "E", "A", "E::A", "Ok(E::A)")]);

    let from = "impl From<&str> for E {\n    fn from(s: &str) -> Self {\n        match s { \"a\" => Self::A, \"b\" | \"bee\" => Self::B, _ => Self::Other }\n    }\n}";
    let t = one(from);
    check(&t, "From", Some("E"), TableKind::Conversion, from);
    assert_eq!(
        t.entries,
        [
            bare("a", "E", "A", "Self::A"),
            bare("b", "E", "B", "Self::B"),
            bare("bee", "E", "B", "Self::B"),
        ]
    );

    let lifetime = "impl<'a> TryFrom<&'a str> for crate::types::E {\n    type Error = &'a str;\n    fn try_from(s: &'a str) -> Result<Self, Self::Error> {\n        Ok(match s { \"x\" => Self::X, _ => return Err(s) })\n    }\n}";
    let t = one(lifetime);
    check(&t, "TryFrom", Some("E"), TableKind::Conversion, lifetime);
    assert_eq!(t.entries, [bare("x", "E", "X", "Self::X")]);
}

/// An `if` chain in `from_str` is a conversion too.
#[test]
fn from_str_if_chain() {
    let item = "impl std::str::FromStr for E {\n    type Err = ();\n    fn from_str(s: &str) -> Result<E, ()> {\n        if s == \"a\" { Ok(E::A) } else if s == \"b\" { Ok(E::B) } else { Err(()) }\n    }\n}";
    let t = one(item);
    check(&t, "FromStr", Some("E"), TableKind::Conversion, item);
    assert_eq!(
        t.entries,
        [
            en("a", "E", "A", "E::A", "Ok(E::A)"),
            en("b", "E", "B", "E::B", "Ok(E::B)"),
        ]
    );
}

/// A conversion impl for another type that happens to map a string to an enum is a plain
/// `match` (it is not the enum's parser); conversions from numbers have no string keys.
#[test]
fn conversions_that_are_not_alias_tables() {
    let text = r#"
impl FromStr for Config {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let mode = match s { "fast" => Mode::Fast, _ => Mode::Slow };
        Ok(Config { mode })
    }
}
impl TryFrom<u8> for E {
    type Error = ();
    fn try_from(n: u8) -> Result<Self, ()> { match n { 1 => Ok(E::A), _ => Err(()) } }
}
impl From<E> for &'static str {
    fn from(e: E) -> Self { match e { E::A => "a", E::B => "b" } }
}
impl FromStr for Level {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> { match s { "a" => Ok(Level(1)), _ => Err(()) } }
}
"#;
    let all = tables(text);
    assert_eq!(all.len(), 1, "{all:#?}");
    let start = text.find("fn from_str").unwrap();
    let end = text.find("\n}\nimpl TryFrom").unwrap();
    check(
        &all[0],
        "from_str",
        Some("Config"),
        TableKind::Match,
        &text[start..end],
    );
    assert_eq!(all[0].entries, [bare("fast", "Mode", "Fast", "Mode::Fast")]);
}

// ---------------------------------------------------------------------------------------
// `match` on a string inside a function
// ---------------------------------------------------------------------------------------

#[test]
fn let_match_in_a_function() {
    let f = "fn route(s: &str) -> E {\n    let kind = match s {\n        \"a\" => E::A,\n        \"b\" => E::B,\n        _ => E::Other,\n    };\n    kind\n}";
    let t = one(f);
    check(&t, "route", None, TableKind::Match, f);
    assert_eq!(t.span, "route");
    assert_eq!(
        t.entries,
        [bare("a", "E", "A", "E::A"), bare("b", "E", "B", "E::B")]
    );
}

/// Whatever the scrutinee (`s.as_str()`, `&*s`, `s.as_ref()`, `&s[..]`, `s.trim()`,
/// `s.to_lowercase().as_str()`), string arms make the table.
#[test]
fn match_scrutinees() {
    for scrutinee in [
        "s",
        "s.as_str()",
        "&*s",
        "s.as_ref()",
        "s.to_lowercase().as_str()",
        "&s[..]",
        "s.trim()",
        "&s.to_ascii_lowercase()[..]",
    ] {
        let text =
            format!("fn f(s: String) -> E {{ match {scrutinee} {{ \"a\" => E::A, _ => E::B }} }}");
        assert_eq!(
            keys(&text),
            [("\"a\"".into(), "E".into(), "A".into())],
            "{scrutinee}"
        );
    }
}

/// Or-patterns, guards, bindings, blocks, `return`, `Some` / `Ok` wrappers; `Err`, `None`
/// and other values are skipped.
#[test]
fn match_arm_shapes() {
    let text = r#"fn parse(s: &str, strict: bool) -> Option<E> {
    match s {
        "a" | "alpha" => Some(E::A),
        "b" if strict => Some(E::B),
        x @ "c" => { log(x); Some(E::C) }
        "d" => return Some(E::D),
        "e" => { return Some(E::E); }
        "f" => Ok(E::F).ok(),
        "g" => Err(E::G).ok(),
        "h" => None,
        "i" => Some(E::I.into()),
        ("j") => (Some(E::J)),
        _ => None,
    }
}"#;
    let t = one(text);
    assert_eq!(
        t.entries,
        [
            en("a", "E", "A", "E::A", "Some(E::A)"),
            en("alpha", "E", "A", "E::A", "Some(E::A)"),
            en("b", "E", "B", "E::B", "Some(E::B)"),
            en("c", "E", "C", "E::C", "{ log(x); Some(E::C) }"),
            en("d", "E", "D", "E::D", "Some(E::D)"),
            en("e", "E", "E", "E::E", "{ return Some(E::E); }"),
            en("j", "E", "J", "E::J", "(Some(E::J))"),
        ]
    );
}

#[test]
fn ok_and_err_arms() {
    let text = "fn p(s: &str) -> Result<E, String> { match s { \"a\" => Ok(E::A), \"b\" => Ok(E::B), \"c\" => Err(E::C.to_string()), e => Err(e.into()) } }";
    let t = one(text);
    assert_eq!(
        t.entries,
        [
            en("a", "E", "A", "E::A", "Ok(E::A)"),
            en("b", "E", "B", "E::B", "Ok(E::B)"),
        ]
    );
}

/// `matches!` maps to a bool; matches mapping to numbers, strings or calls; a match on a
/// number, a char, a tuple or a byte string.
#[test]
fn matches_that_are_not_tables() {
    let text = r#"
fn is_start(s: &str) -> bool { matches!(s, "a" | "b") }
fn is_e(s: &str) -> bool { matches!(s, "a" | "b" if s.len() > 0) }
fn num(s: &str) -> u8 { match s { "a" => 1, "b" => 2, _ => 0 } }
fn label(s: &str) -> &str { match s { "a" => "alpha", "b" => "beta", _ => "?" } }
fn call(s: &str) -> Option<Handler> { match s { "a" => Some(handlers::start()), "b" => Some(E::new("b")), _ => None } }
fn ptr(s: &str) -> fn() { match s { "a" => handlers::start, "b" => E::reset, _ => noop } }
fn by_int(n: u8) -> E { match n { 1 => E::A, 2 => E::B, _ => E::C } }
fn by_char(c: char) -> E { match c { 'a' => E::A, _ => E::C } }
fn by_pair(s: &str, n: u8) -> E { match (s, n) { ("a", 1) => E::A, _ => E::C } }
fn by_bytes(b: &[u8]) -> E { match b { b"a" => E::A, _ => E::C } }
fn by_enum(e: E) -> E { match e { E::A => E::B, _ => E::C } }
fn variant_data(s: &str) -> E { match s { "a" => E::Named(s.to_string()), _ => E::Other { raw: s.into() } } }
"#;
    assert_eq!(tables(text), []);
}

// ---------------------------------------------------------------------------------------
// How the member is written
// ---------------------------------------------------------------------------------------

/// However the enum is reached, `enum_name` is its own name (the rules settle identity).
#[test]
fn member_paths() {
    let text = r#"
use MessageType::*;
use crate::types::Kind::{First, Second as Deuxieme};
fn f(s: &str) -> Option<MessageType> {
    match s {
        "crate" => Some(crate::types::MessageType::Crate),
        "other" => Some(other_crate::types::MessageType::Other),
        "renamed" => Some(core_dep::MessageType::Renamed),
        "super" => Some(super::MessageType::Super),
        "self" => Some(self::types::MessageType::SelfPath),
        "root" => Some(::relay_core::MessageType::Root),
        "glob" => Some(Start),
        _ => None,
    }
}
fn g(s: &str) -> Kind { match s { "one" => First, "two" => Deuxieme, _ => Kind::Third } }
"#;
    let all = tables(text);
    assert_eq!(all.len(), 2, "{all:#?}");
    assert_eq!(
        all[0].entries,
        [
            en(
                "crate",
                "MessageType",
                "Crate",
                "crate::types::MessageType::Crate",
                "Some(crate::types::MessageType::Crate)"
            ),
            en(
                "other",
                "MessageType",
                "Other",
                "other_crate::types::MessageType::Other",
                "Some(other_crate::types::MessageType::Other)"
            ),
            en(
                "renamed",
                "MessageType",
                "Renamed",
                "core_dep::MessageType::Renamed",
                "Some(core_dep::MessageType::Renamed)"
            ),
            en(
                "super",
                "MessageType",
                "Super",
                "super::MessageType::Super",
                "Some(super::MessageType::Super)"
            ),
            en(
                "self",
                "MessageType",
                "SelfPath",
                "self::types::MessageType::SelfPath",
                "Some(self::types::MessageType::SelfPath)"
            ),
            en(
                "root",
                "MessageType",
                "Root",
                "::relay_core::MessageType::Root",
                "Some(::relay_core::MessageType::Root)"
            ),
            en("glob", "MessageType", "Start", "Start", "Some(Start)"),
        ]
    );
    // Variants imported by name (`use Kind::{First, Second as Deuxieme}`).
    assert_eq!(
        all[1].entries,
        [
            bare("one", "Kind", "First", "First"),
            bare("two", "Kind", "Second", "Deuxieme"),
        ]
    );
}

/// `Self::X` in the enum's own `impl` is a member of the impl's type.
#[test]
fn self_in_inherent_impl() {
    let f = "    pub fn from_alias(s: &str) -> Option<Self> {\n        match s {\n            \"a\" => Some(Self::A),\n            \"b\" => Some(Self::B),\n            _ => None,\n        }\n    }";
    let text = format!("impl MessageType {{\n{f}\n}}\n");
    let t = one(&text);
    check(
        &t,
        "from_alias",
        Some("MessageType"),
        TableKind::Match,
        f.trim_start(),
    );
    assert_eq!(
        t.entries,
        [
            en("a", "MessageType", "A", "Self::A", "Some(Self::A)"),
            en("b", "MessageType", "B", "Self::B", "Some(Self::B)"),
        ]
    );
    // Generic and path-qualified impl types name the type itself.
    let text = "impl<T> crate::types::Wrapper<T> { fn w(s: &str) -> Self { match s { \"a\" => Self::A, _ => Self::B } } }";
    assert_eq!(keys(text), [("\"a\"".into(), "Wrapper".into(), "A".into())]);
}

/// `Self` outside an impl (a trait's default method) names no type; a bare capitalised
/// name with no `use` that brings it in is no member; `Self::new()` / `Self::from(..)`
/// are calls.
#[test]
fn members_that_are_not_members() {
    let text = r#"
trait Parse: Sized { fn parse(s: &str) -> Option<Self> { match s { "a" => Some(Self::A), _ => None } } }
fn f(s: &str) -> Option<E> { match s { "a" => Some(Start), "b" => Some(Stop), _ => None } }
impl E { fn g(s: &str) -> Self { match s { "a" => Self::new(), "b" => Self::from(1), _ => Self::default() } } }
use Kind::{First};
fn h(s: &str) -> Kind { match s { "a" => Second, _ => First } }
"#;
    assert_eq!(tables(text), []);
}
