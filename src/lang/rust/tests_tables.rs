//! Alias tables and enum definitions.

use super::extract;
use super::tests::{at, facts};
use crate::facts::{AliasTable, TableKind};

/// `(name, container, kind, span text, [(key, enum, variant)])` of every table.
type Row = (
    Option<String>,
    Option<String>,
    TableKind,
    String,
    Vec<(String, String, String)>,
);

fn tables(text: &str) -> Vec<Row> {
    facts("app::types", text)
        .tables
        .iter()
        .map(|t| row(text, t))
        .collect()
}

fn row(text: &str, t: &AliasTable) -> Row {
    let entries = t
        .entries
        .iter()
        .map(|e| {
            assert_eq!(at(text, e.key_span), format!("{:?}", e.key));
            assert!(
                at(text, e.variant_span).ends_with(&e.variant),
                "{}",
                at(text, e.variant_span)
            );
            (e.key.clone(), e.enum_name.clone(), e.variant.clone())
        })
        .collect();
    (
        t.name.clone(),
        t.container.clone(),
        t.kind,
        at(text, t.span).to_string(),
        entries,
    )
}

fn e(k: &str, en: &str, v: &str) -> (String, String, String) {
    (k.into(), en.into(), v.into())
}

fn named(
    name: &str,
    container: Option<&str>,
    kind: TableKind,
    span: &str,
    entries: Vec<(String, String, String)>,
) -> Row {
    (
        Some(name.into()),
        container.map(Into::into),
        kind,
        span.into(),
        entries,
    )
}

#[test]
fn match_tables() {
    let text = r#"
fn parse(s: &str) -> Option<MessageType> {
    match s {
        "start" | "begin" => Some(MessageType::AgentStarted),
        "think" if true => Some(MessageType::AgentThinking),
        "x" => { MessageType::Tool }
        _ => None,
    }
}
impl Router { fn kind(s: &str) -> Kind { match s.to_lowercase().as_str() { "a" => Kind::A, _ => Kind::B } } }
"#;
    use TableKind::*;
    assert_eq!(
        tables(text),
        [
            named(
                "parse",
                None,
                Match,
                "parse",
                vec![
                    e("start", "MessageType", "AgentStarted"),
                    e("begin", "MessageType", "AgentStarted"),
                    e("think", "MessageType", "AgentThinking"),
                    e("x", "MessageType", "Tool"),
                ]
            ),
            named(
                "kind",
                Some("Router"),
                Match,
                "kind",
                vec![e("a", "Kind", "A")]
            ),
        ]
    );
}

/// A conversion table is named after the trait and placed on the fn holding the match.
#[test]
fn conversion_impls() {
    let text = r#"
impl FromStr for MessageType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s { "ping" => Ok(Self::Ping), "pong" => Ok(MessageType::Pong), other => Err(other.into()) }
    }
}
impl TryFrom<&str> for Kind {
    type Error = ();
    fn try_from(s: &str) -> Result<Self, ()> { Ok(match s { "a" => Self::A, _ => return Err(()) }) }
}
"#;
    use TableKind::*;
    assert_eq!(
        tables(text),
        [
            named(
                "FromStr",
                Some("MessageType"),
                Conversion,
                "from_str",
                vec![
                    e("ping", "MessageType", "Ping"),
                    e("pong", "MessageType", "Pong"),
                ]
            ),
            named(
                "TryFrom",
                Some("Kind"),
                Conversion,
                "try_from",
                vec![e("a", "Kind", "A")]
            ),
        ]
    );
}

#[test]
fn map_tables() {
    let text = r#"
const ALIASES: &[(&str, MessageType)] = &[("a", MessageType::A), ("b", MessageType::B)];
static ARR: [(&str, E); 1] = [("x", E::X)];
static MAP: LazyLock<HashMap<&str, E>> = LazyLock::new(|| HashMap::from([("k", E::K)]));
static PHF: phf::Map<&'static str, E> = phf_map! { "p" => E::P, "q" => E::Q };
fn build() {
    let m: BTreeMap<&str, E> = BTreeMap::from([("b1", E::B1)]);
    let c: HashMap<_, _> = [("c1", E::C1), ("c2", E::C2)].into_iter().collect();
    let v: HashMap<_, _> = vec![("v1", E::V1)].into_iter().collect();
    let h = hashmap! { "h1" => E::H1 };
    let l = maplit::btreemap! { "l1" => E::L1 };
}
impl Registry { const TABLE: &'static [(&'static str, E)] = &[("r", E::R)]; }
"#;
    use TableKind::*;
    assert_eq!(
        tables(text),
        [
            named(
                "ALIASES",
                None,
                Map,
                "ALIASES",
                vec![e("a", "MessageType", "A"), e("b", "MessageType", "B")]
            ),
            named("ARR", None, Map, "ARR", vec![e("x", "E", "X")]),
            named("MAP", None, Map, "MAP", vec![e("k", "E", "K")]),
            named(
                "PHF",
                None,
                Map,
                "PHF",
                vec![e("p", "E", "P"), e("q", "E", "Q")]
            ),
            named("m", Some("build"), Map, "m", vec![e("b1", "E", "B1")]),
            named(
                "c",
                Some("build"),
                Map,
                "c",
                vec![e("c1", "E", "C1"), e("c2", "E", "C2")]
            ),
            named("v", Some("build"), Map, "v", vec![e("v1", "E", "V1")]),
            named("h", Some("build"), Map, "h", vec![e("h1", "E", "H1")]),
            named("l", Some("build"), Map, "l", vec![e("l1", "E", "L1")]),
            named(
                "TABLE",
                Some("Registry"),
                Map,
                "TABLE",
                vec![e("r", "E", "R")]
            ),
        ]
    );
}

#[test]
fn anonymous_insert_and_lazy_static_tables() {
    let text = r#"
fn aliases() -> HashMap<&'static str, E> { HashMap::from([("a", E::A), ("b", E::B)]) }
fn with_inserts() {
    let mut m = HashMap::new();
    m.insert("i1", E::I1);
    m.insert("i2", E::I2);
    other.insert("n", 3);
}
lazy_static! { static ref LAZY: HashMap<&'static str, E> = hashmap! { "z" => E::Z }; }
"#;
    use TableKind::*;
    assert_eq!(
        tables(text),
        [
            (
                None,
                Some("aliases".into()),
                Map,
                "\"a\", E::A), (\"b\", E::B".into(),
                vec![e("a", "E", "A"), e("b", "E", "B")]
            ),
            named("LAZY", None, Map, "LAZY", vec![e("z", "E", "Z")]),
            named(
                "m",
                Some("with_inserts"),
                Map,
                "m",
                vec![e("i1", "E", "I1"), e("i2", "E", "I2")]
            ),
        ]
    );
}

#[test]
fn not_tables() {
    let text = r#"
fn label(s: &str) -> &str { match s { "a" => "alpha", "b" => "beta", _ => "?" } }
fn counts() { let m: HashMap<&str, i32> = HashMap::from([("a", 1), ("b", 2)]); }
const NAMES: &[(&str, &str)] = &[("a", "b")];
fn by_int(n: u8) -> E { match n { 1 => E::A, _ => E::B } }
"#;
    assert_eq!(tables(text), []);
}

#[test]
fn enums_and_declared_keys() {
    let text = r#"
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageType {
    AgentStarted,
    #[serde(rename = "tool", alias = "tool_call", alias = "t")]
    ToolExecuting,
    #[serde(skip)]
    Internal,
    #[cfg_attr(feature = "serde", serde(alias = "done"))]
    AgentCompleted,
}
enum Plain { A, B(u8), C { x: u8 } }
#[derive(EnumString)]
#[strum(serialize_all = "kebab-case")]
enum Kind { #[strum(serialize = "first", serialize = "1")] First, SecondOne }
"#;
    let f = facts("app::types", text);
    let mt = &f.enums[0];
    assert_eq!(mt.name, "MessageType");
    assert_eq!(at(text, mt.span), "MessageType");
    assert_eq!(
        mt.variants,
        [
            "AgentStarted",
            "ToolExecuting",
            "Internal",
            "AgentCompleted"
        ]
    );
    let keys: Vec<(&str, &str)> = mt
        .declared_keys
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("agent_started", "AgentStarted"),
            ("tool", "ToolExecuting"),
            ("tool_call", "ToolExecuting"),
            ("t", "ToolExecuting"),
            ("agent_completed", "AgentCompleted"),
            ("done", "AgentCompleted"),
        ]
    );
    assert_eq!(
        (
            f.enums[1].name.as_str(),
            f.enums[1].variants.len(),
            f.enums[1].declared_keys.len()
        ),
        ("Plain", 3, 0)
    );
    let kind: Vec<(&str, &str)> = f.enums[2]
        .declared_keys
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        kind,
        [
            ("first", "First"),
            ("1", "First"),
            ("second-one", "SecondOne")
        ]
    );
}

#[test]
fn rename_all_rules() {
    let cases = [
        ("lowercase", "agentstarted"),
        ("UPPERCASE", "AGENTSTARTED"),
        ("PascalCase", "AgentStarted"),
        ("camelCase", "agentStarted"),
        ("snake_case", "agent_started"),
        ("SCREAMING_SNAKE_CASE", "AGENT_STARTED"),
        ("kebab-case", "agent-started"),
        ("SCREAMING-KEBAB-CASE", "AGENT-STARTED"),
    ];
    for (rule, want) in cases {
        assert_eq!(
            super::enums::rename(rule, "AgentStarted").as_deref(),
            Some(want),
            "{rule}"
        );
        let text =
            format!("#[serde(rename_all(deserialize = \"{rule}\"))] enum E {{ AgentStarted }}");
        assert_eq!(
            facts("app", &text).enums[0].declared_keys,
            [(want.to_string(), "AgentStarted".to_string())]
        );
    }
    assert_eq!(super::enums::rename("nonsense", "A"), None);
}

/// A bare capitalised name in a table value is a member of the enum a glob `use E::*`
/// in scope brings in (whatever the `use`'s position); without such a glob it is nothing.
#[test]
fn glob_imported_variants() {
    let text = r#"
use crate::status::OrderStatus;
fn from_edi(code: &str) -> Option<OrderStatus> {
    use OrderStatus::*;
    match code { "850" => Some(Pending), "856" => Some(Shipped), "x" => None, _ => None }
}
fn no_glob(code: &str) -> Option<OrderStatus> {
    match code { "a" => Some(Pending), "b" => Some(OrderStatus::Shipped), _ => None }
}
const WMS: &[(&str, Kind)] = &[("k1", First), ("k2", DEFAULT), ("k3", Second)];
const DEFAULT: Kind = Kind::First;
fn inserts() { let mut m = HashMap::new(); m.insert("i", Second); }
use self::Kind::*;
use super::*;
enum Kind { First, Second }
mod inner {
    fn f(s: &str) -> E { match s { "a" => First, _ => Other } }
}
mod picky {
    use self::Color::*;
    use crate::a::Loose::*;
    use crate::b::Other::*;
    enum Color { Red }
    fn f(s: &str) -> Color { match s { "r" => Red, "g" => Green, _ => Red } }
}
"#;
    let f = facts("app::types", text);
    let rows: Vec<Row> = f.tables.iter().map(|t| row(text, t)).collect();
    use TableKind::*;
    assert_eq!(
        rows,
        [
            named(
                "from_edi",
                None,
                Match,
                "from_edi",
                vec![
                    e("850", "OrderStatus", "Pending"),
                    e("856", "OrderStatus", "Shipped")
                ]
            ),
            // The only glob in scope is `Kind::*`, and `Kind` (defined here) has no
            // `Pending`.
            named(
                "no_glob",
                None,
                Match,
                "no_glob",
                vec![e("b", "OrderStatus", "Shipped")]
            ),
            // `DEFAULT` is a const of this module, not a variant.
            named(
                "WMS",
                None,
                Map,
                "WMS",
                vec![e("k1", "Kind", "First"), e("k3", "Kind", "Second")]
            ),
            named(
                "m",
                Some("inserts"),
                Map,
                "m",
                vec![e("i", "Kind", "Second")]
            ),
        ]
    );
    let modules: Vec<Vec<Row>> = extract("src/x.rs", &super::tests::info("app::types"), text)
        .facts
        .iter()
        .map(|m| m.tables.iter().map(|t| row(text, t)).collect())
        .collect();
    // An inline module does not see its parent's glob.
    assert_eq!(modules[1], []);
    // Several globs: the one whose enum (defined in this file) has the variant wins;
    // otherwise the first whose enum is defined elsewhere.
    assert_eq!(
        modules[2],
        [named(
            "f",
            None,
            Match,
            "f",
            vec![e("r", "Color", "Red"), e("g", "Loose", "Green"),]
        )]
    );
}

#[test]
fn bare_names_without_a_glob_are_not_members() {
    let text = r#"
use super::*;
fn f(s: &str) -> Option<E> { match s { "a" => Some(Foo), "b" => Some(Bar), _ => None } }
fn g() -> Vec<(&'static str, E)> { vec![("x", Foo), ("y", E::Y)] }
"#;
    assert_eq!(
        tables(text),
        [(
            None,
            Some("g".into()),
            TableKind::Map,
            "\"y\", E::Y".into(),
            vec![e("y", "E", "Y")]
        )]
    );
}

/// `impl E { const X: E = ..; }` (or `: Self`) in the file that defines `enum E`: `X` is
/// one more member of `E`.
#[test]
fn associated_consts_are_members() {
    let text = r#"
pub enum Currency { Usd, Eur }
impl Currency {
    pub const US_DOLLAR: Currency = Currency::Usd;
    const EURO: Self = Self::Eur;
    const COUNT: usize = 2;
    const US_DOLLAR: Currency = Currency::Usd;
}
impl Default for Currency { const X: Currency = Currency::Usd; }
impl Other { const Y: Other = Other::A; }
mod inner { impl super::Currency { const INNER: Currency = Currency::Eur; } }
"#;
    let f = extract("src/x.rs", &super::tests::info("app::types"), text);
    assert_eq!(f.facts[0].enums.len(), 1);
    assert_eq!(
        f.facts[0].enums[0].variants,
        ["Usd", "Eur", "US_DOLLAR", "EURO", "INNER"]
    );
    assert!(
        facts("app", "impl Currency { const A: Currency = Currency::B; }")
            .enums
            .is_empty()
    );
}

/// `rename_all` gives every variant its key, unless the variant renames itself.
#[test]
fn rename_all_applies_to_every_variant() {
    let text = r#"
#[serde(rename_all = "kebab-case")]
enum Channel {
    InApp,
    Sms(String),
    Push { token: String },
    #[serde(rename = "http")]
    Webhook,
    #[serde(alias = "mail")]
    EmailDigest,
    #[serde(skip)]
    Internal,
}
"#;
    let keys: Vec<(String, String)> = facts("app", text).enums[0].declared_keys.clone();
    let want = [
        ("in-app", "InApp"),
        ("sms", "Sms"),
        ("push", "Push"),
        ("http", "Webhook"),
        ("email-digest", "EmailDigest"),
        ("mail", "EmailDigest"),
    ];
    assert_eq!(keys, want.map(|(k, v)| (k.to_string(), v.to_string())));
}

/// One if-chain table per fn, with every `if` / `else if` comparing a string with literals.
#[test]
fn if_chain_tables() {
    let text = r#"
fn parse(s: &str) -> Option<Kind> {
    if s == "a" { return Some(Kind::A); }
    if s == "b" || s == "bee" { return Some(Kind::B); }
    if "c" == s { Some(Kind::C) } else if s.eq("d") { Some(Kind::D) } else if s.eq_ignore_ascii_case("e") { Ok(Kind::E) } else { None }
}
impl Router {
    fn kind(raw: String) -> Result<Mode, ()> {
        if raw.trim() == "x" {
            log("x");
            return Ok(Self::X);
        } else if (raw.as_str() == "y" || raw.eq(&"yy")) {
            Mode::Y
        }
        match raw.as_str() { "z" => Mode::Z, _ => Mode::W }
    }
}
"#;
    use TableKind::*;
    assert_eq!(
        tables(text),
        [
            named(
                "parse",
                None,
                IfChain,
                "parse",
                vec![
                    e("a", "Kind", "A"),
                    e("b", "Kind", "B"),
                    e("bee", "Kind", "B"),
                    e("c", "Kind", "C"),
                    e("d", "Kind", "D"),
                    e("e", "Kind", "E"),
                ]
            ),
            named(
                "kind",
                Some("Router"),
                Match,
                "kind",
                vec![e("z", "Mode", "Z")]
            ),
            named(
                "kind",
                Some("Router"),
                IfChain,
                "kind",
                vec![
                    e("x", "Router", "X"),
                    e("y", "Mode", "Y"),
                    e("yy", "Mode", "Y"),
                ]
            ),
        ]
    );
}

#[test]
fn if_chains_that_are_not_tables() {
    let text = r#"
fn label(s: &str) -> &str { if s == "a" { "alpha" } else if s == "b" { return "beta"; } else { "?" } }
fn num(s: &str) -> i32 { if s == "a" { 1 } else if "b" == s { 2 } else { 0 } }
fn same(a: &str, b: &str) -> Option<E> { if a == b { Some(E::A) } else { None } }
fn prefix(s: &str) -> Option<E> { if s.starts_with("a") { return Some(E::A); } if s.len() == 1 { Some(E::B) } else { None } }
fn mixed(s: &str, f: bool) -> E { if s == "a" || f { E::A } else { E::B } }
fn lits() -> E { if "a" == "b" { E::A } else { E::B } }
fn guarded(s: &str) -> E { if let Some(x) = s.strip_prefix("a") { E::A } else { E::B } }
"#;
    assert_eq!(tables(text), []);
}

/// `(key text, variant_span text, value_span text)` of an entry.
type Spans = (String, String, String);

/// `(item_span text, [entry spans])` of every table.
fn table_spans(text: &str) -> Vec<(String, Vec<Spans>)> {
    facts("app::types", text)
        .tables
        .iter()
        .map(|t| {
            let entries = t
                .entries
                .iter()
                .map(|e| {
                    (
                        at(text, e.key_span).to_string(),
                        at(text, e.variant_span).to_string(),
                        at(text, e.value_span).to_string(),
                    )
                })
                .collect();
            (at(text, t.item_span).to_string(), entries)
        })
        .collect()
}

fn es(k: &str, variant: &str, value: &str) -> Spans {
    (k.into(), variant.into(), value.into())
}

#[test]
fn table_item_and_value_spans() {
    let parse = "/// Parse.\npub fn parse(s: &str) -> Option<E> {\n    match s {\n        \
                 \"a\" | \"b\" => Some(E::A),\n        \"c\" => { E::C }\n        \
                 \"d\" => return Some(crate::types::E::D),\n        _ => None,\n    }\n}";
    let array = "#[allow(dead_code)]\npub(crate) const PAIRS: &[(&str, E)] = &[\n    \
                 (\"x\", E::X),\n    (\"y\", (E::Y)),\n];";
    let from_str = "impl FromStr for E {\n    type Err = ();\n    \
                    fn from_str(s: &str) -> Result<Self, ()> {\n        match s {\n            \
                    \"s\" => Ok(Self::Start),\n            _ => Err(()),\n        }\n    }\n}";
    let chain = "fn chain(s: &str) -> Option<E> {\n    if s == \"i\" {\n        \
                 return Some(E::I);\n    }\n    None\n}";
    let local = "    let m = HashMap::from([(\"l\", E::L)]);";
    let holder = format!("fn holder() {{\n{local}\n    takes(&[(\"anon\", E::N)]);\n}}");
    let text = format!("{parse}\n{array}\n{from_str}\n{chain}\n{holder}\n");
    assert_eq!(
        table_spans(&text),
        vec![
            (
                parse.to_string(),
                vec![
                    es("\"a\"", "E::A", "Some(E::A)"),
                    es("\"b\"", "E::A", "Some(E::A)"),
                    es("\"c\"", "E::C", "{ E::C }"),
                    es("\"d\"", "crate::types::E::D", "Some(crate::types::E::D)"),
                ]
            ),
            (
                array.to_string(),
                vec![es("\"x\"", "E::X", "E::X"), es("\"y\"", "E::Y", "(E::Y)")]
            ),
            (
                from_str.to_string(),
                vec![es("\"s\"", "Self::Start", "Ok(Self::Start)")]
            ),
            (chain.to_string(), vec![es("\"i\"", "E::I", "Some(E::I)")]),
            (
                local.trim_start().to_string(),
                vec![es("\"l\"", "E::L", "E::L")]
            ),
            (
                "takes(&[(\"anon\", E::N)]);".to_string(),
                vec![es("\"anon\"", "E::N", "E::N")]
            ),
        ]
    );
}

#[test]
fn insert_and_lazy_table_item_spans() {
    let text = "fn build() -> HashMap<&'static str, E> {\n    let mut m = HashMap::new();\n    \
                m.insert(\"a\", E::A);\n    m\n}\n\
                static T: LazyLock<HashMap<&str, E>> = LazyLock::new(|| {\n    \
                let mut t = HashMap::new();\n    t.insert(\"b\", Some(E::B));\n    t\n});\n\
                lazy_static! {\n    /// Doc.\n    pub static ref L: HashMap<&'static str, E> = \
                HashMap::from([(\"c\", E::C)]);\n}\n";
    let spans = table_spans(text);
    let items: Vec<&str> = spans.iter().map(|(i, _)| i.as_str()).collect();
    assert_eq!(
        items,
        vec![
            "lazy_static! {\n    /// Doc.\n    pub static ref L: HashMap<&'static str, E> = \
             HashMap::from([(\"c\", E::C)]);\n}",
            "fn build() -> HashMap<&'static str, E> {\n    let mut m = HashMap::new();\n    \
             m.insert(\"a\", E::A);\n    m\n}",
            "static T: LazyLock<HashMap<&str, E>> = LazyLock::new(|| {\n    \
             let mut t = HashMap::new();\n    t.insert(\"b\", Some(E::B));\n    t\n});",
        ]
    );
    assert_eq!(spans[2].1, vec![es("\"b\"", "E::B", "Some(E::B)")]);
}
