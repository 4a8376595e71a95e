//! Language-neutral facts extracted from one source file.
//!
//! A front end (`lang::python`, `lang::rust`) turns source text into one [`ModuleFacts`]
//! and drops its AST. Everything downstream (index, rules, reports) works on these
//! records only, so a rule never knows which language it is looking at.
//!
//! Conventions:
//! - Spans are byte ranges into the file's text (`start..end`), never line/column.
//! - Module paths are written in the language's own notation (its front end's
//!   [`crate::lang::Frontend::sep`]): dotted for Python (`pkg.routes.websocket`), `::` for
//!   Rust (`relay_core::websocket_core::utils`). The same notation is used in lint.toml,
//!   so comparisons are plain string equality.
//! - A "target" is a module path plus a final symbol segment, e.g.
//!   `pkg.routes.websocket._safe_state` or `relay_core::utils::safe_state`.

use serde::{Deserialize, Serialize};

/// A byte range in one file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, PartialOrd, Ord,
)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> u32 {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub use crate::lang::Lang;

/// Everything ssot needs to know about one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModuleFacts {
    /// Path relative to the checked root, `/`-separated.
    pub path: String,
    pub lang: Lang,
    /// Module path (`pkg.sub.mod`, `my_crate::sub::module`).
    pub module: String,
    /// True for `__init__.py` (Python package) / `mod.rs`, `lib.rs`, `main.rs` (Rust).
    pub is_package: bool,
    /// Byte offset of the start of every line (first is 0). Used only when printing.
    pub line_starts: Vec<u32>,
    pub defs: Vec<Definition>,
    pub imports: Vec<Import>,
    pub references: Vec<Reference>,
    pub tables: Vec<AliasTable>,
    pub enums: Vec<EnumDef>,
    /// Names this file's code uses for other packages, where they differ from the
    /// package's own name: (local, real), e.g. `("core_dep", "relay_core")` for a renamed
    /// Cargo dependency. Used to spell suggested paths the way this file must write them.
    pub package_aliases: Vec<(String, String)>,
    /// Bare names this file uses, recorded only when it has a glob import
    /// (`from m import *`, `use m::*`), so the index can tell what the glob brings in.
    pub glob_names: Vec<String>,
    /// Calls that may be sinks (log calls, configured callables), with the values that
    /// reach them; recorded only for the names [`crate::lang::ExtractOptions::call_names`]
    /// asks for (SSOT008).
    pub calls: Vec<Call>,
    pub problems: Vec<Problem>,
}

impl ModuleFacts {
    pub fn new(path: String, lang: Lang, module: String, text: &str) -> Self {
        ModuleFacts {
            path,
            lang,
            module,
            is_package: false,
            line_starts: line_starts(text),
            defs: Vec::new(),
            imports: Vec::new(),
            references: Vec::new(),
            tables: Vec::new(),
            enums: Vec::new(),
            glob_names: Vec::new(),
            package_aliases: Vec::new(),
            calls: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// `path` (an absolute module path) as code in this file must write it (see
    /// [`crate::lang::Frontend::spell`]).
    pub fn spell(&self, path: &str) -> String {
        self.lang.frontend().spell(self, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts_for_every_line_ending() {
        assert_eq!(line_starts("a\nb\r\nc\rd"), vec![0, 2, 5, 7]);
    }

    #[test]
    fn spelling_paths_for_a_file() {
        let mut f = ModuleFacts::new("s.rs".into(), Lang::Rust, "svc::routes".into(), "");
        f.package_aliases
            .push(("core_dep".into(), "relay_core".into()));
        assert_eq!(f.spell("relay_core::utils"), "core_dep::utils");
        assert_eq!(f.spell("svc::ws"), "crate::ws");
        assert_eq!(f.spell("other::x"), "other::x");
        let p = ModuleFacts::new("a.py".into(), Lang::Python, "a".into(), "");
        assert_eq!(p.spell("a.b"), "a.b");
    }
}

/// Offsets of line starts in `text`.
pub fn line_starts(text: &str) -> Vec<u32> {
    // `\n`, `\r\n` and a lone `\r` (old Mac files; Python reads it as a newline) end a line.
    let bytes = text.as_bytes();
    let mut v = Vec::with_capacity(text.len() / 32 + 1);
    v.push(0u32);
    v.extend(
        memchr::memchr2_iter(b'\n', b'\r', bytes)
            .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
            .map(|i| i as u32 + 1),
    );
    v
}

/// What kind of definition binds the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DefKind {
    /// `def f` / `fn f` at module level (or inside an inline Rust `mod` block).
    Function,
    /// `async def f` / `async fn f`.
    AsyncFunction,
    /// A method of a class / an associated function in an `impl` block.
    Method,
    /// A function declared in a Rust `trait` block.
    TraitMethod,
    /// A function defined inside another function.
    Nested,
    /// `f = lambda ...` / `const F: fn() = |..| ..` / `let f = |..| ..`.
    Lambda,
    /// `f = other_function` at module level (a name bound to another callable).
    Assignment,
}

impl DefKind {
    pub fn describe(self) -> &'static str {
        match self {
            DefKind::Function => "function",
            DefKind::AsyncFunction => "async function",
            DefKind::Method => "method",
            DefKind::TraitMethod => "trait method",
            DefKind::Nested => "nested function",
            DefKind::Lambda => "lambda",
            DefKind::Assignment => "assignment",
        }
    }
}

/// A definition of a callable name.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Definition {
    pub name: String,
    pub kind: DefKind,
    /// Enclosing class / impl type / trait / function, if any (`WebSocketPool`, `handle`).
    pub container: Option<String>,
    /// Span of the defined name.
    pub span: Span,
    /// Span of the whole definition: from its first decorator / attribute / doc comment
    /// to the end of its body (`def`/`fn` item, `h = lambda ..` statement, `let` statement).
    pub item_span: Span,
    /// Visible outside its module (Rust `pub`, `pub(crate)`, ...); always false for Python.
    pub public: bool,
    /// A method whose body uses its instance: it takes one (`self` / `cls` in Python unless
    /// it is a `@staticmethod`; a `self` receiver in Rust) and mentions it. False for
    /// everything else, including methods that never touch `self`.
    pub receiver: bool,
    /// Structural fingerprint of the body (names of locals abstracted), for copy detection.
    /// `0` when the front end does not compute one.
    pub fingerprint: u64,
    /// The body's shape for copy detection (SSOT002, `ssot discover`); `None` when the
    /// front end was not asked for it, or for definitions without a body.
    pub shape: Option<Box<Shape>>,
    /// For `Assignment`: the target the name is bound to, resolved (`pkg.utils.helper`).
    pub value: Option<String>,
}

/// One imported name (or module), with its target resolved to an absolute module path.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Import {
    /// Absolute module path the import reads from
    /// (`from ..utils import h` in `a.b.c` -> `a.utils`; `import a.b.c` -> `a.b.c`).
    pub module: String,
    /// The imported name (`h`), or `None` when the import binds a module (`import a.b`).
    pub name: Option<String>,
    /// The local binding name when it differs (`import a.b as m` -> `m`; `from x import h as g` -> `g`).
    pub alias: Option<String>,
    /// Span of the imported name (or of the module path for `import a.b`).
    pub span: Span,
    /// Span of the whole statement.
    pub stmt_span: Span,
    /// `from m import *` / `use m::*`.
    pub glob: bool,
    /// Module-level import (visible to other modules: Python module-level import, Rust `pub use`).
    pub exported: bool,
}

impl Import {
    /// The name this import binds locally.
    pub fn local_name(&self) -> Option<&str> {
        self.alias.as_deref().or(self.name.as_deref())
    }
}

/// How a reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefKind {
    /// An attribute chain / qualified path in code (`m.h(...)`, `crate::a::h(..)`).
    Path,
    /// A dotted string target (`patch("a.b.h")`, `patch.object(mod, "h")`).
    String,
}

/// A use of a fully qualified target in code or in a string.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reference {
    /// The resolved target, module path plus final name (`pkg.routes.websocket._safe_state`).
    pub target: String,
    pub kind: RefKind,
    pub span: Span,
    /// What the user wrote, when it differs from `target` (`ws._safe_state`, `"pkg.x.h"`).
    pub written: Option<String>,
}

/// How an alias table was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableKind {
    /// `{"k": E.X}`, `dict(k=E.X)`, `HashMap::from([...])`, a const array of tuples, a map macro.
    Map,
    /// `match s: case "k": return E.X` / Rust `match s { "k" => E::X }`.
    Match,
    /// `if s == "k": return E.X elif ...`.
    IfChain,
    /// `impl FromStr for E` / `impl TryFrom<&str> for E`.
    Conversion,
}

/// A string -> enum-member mapping found in code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AliasTable {
    /// The bound name (`MESSAGE_TYPE_ALIASES`), the function holding a match / if chain,
    /// or `None` for an anonymous literal.
    pub name: Option<String>,
    /// Enclosing class / function / impl, if any.
    pub container: Option<String>,
    pub kind: TableKind,
    /// Span of the name (or of the literal when anonymous).
    pub span: Span,
    /// Span of the whole statement or item that holds the table (the assignment, the
    /// `const`/`static` item, the function holding a `match`/`if` chain, the `impl`).
    /// Empty when several statements build the table (`X = {}` then `X["k"] = E.X`).
    pub item_span: Span,
    pub entries: Vec<TableEntry>,
    /// Names merged in with `**BASE` / `..BASE` (unresolved, as written).
    pub spreads: Vec<String>,
}

/// One `"key": Enum.VARIANT` entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableEntry {
    pub key: String,
    pub key_span: Span,
    /// The enum's name as written, last segment only (`MessageType`).
    pub enum_name: String,
    pub variant: String,
    /// Span of the member as written, without wrappers (`MessageType.START_AGENT`,
    /// `mt.MessageType["STOP"]`, `crate::types::E::D`, `Self::Start`).
    pub variant_span: Span,
    /// Span of the whole value the key maps to, wrappers included
    /// (`Some(MessageType::Start)`, `MessageType.START`).
    pub value_span: Span,
}

/// An enum definition and its members.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnumDef {
    pub name: String,
    pub span: Span,
    pub variants: Vec<String>,
    /// Extra string keys the definition itself declares for a variant
    /// (Rust `#[serde(rename = "..")]` / `#[serde(alias = "..")]`; Python member values).
    pub declared_keys: Vec<(String, String)>,
}

/// A file that could not be read or parsed, or an input problem worth a warning.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Problem {
    pub message: String,
    pub span: Span,
    /// Errors become SSOT000 errors; warnings (e.g. a `mod x;` with no file) are warnings.
    pub is_error: bool,
}

/// A function body's shape, for finding copies: three views of one normalised token
/// stream (docstrings, comments, annotations and layout dropped; parameters and locals
/// renamed by first use). Hashes use a fixed seed, so they are stable across runs,
/// platforms and Rust versions and can be stored (cache, baseline).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shape {
    /// Identical up to layout, comments and docstrings (names and literal values count).
    pub exact: u64,
    /// Identical up to local names and literal values (literals reduced to their kind).
    pub renamed: u64,
    /// Winnowed k-gram hashes of the renamed token stream, sorted and deduplicated: two
    /// bodies share most of them when one is a near copy of the other.
    pub grams: Vec<u32>,
    /// Number of tokens in the normalised stream (tiny bodies never match).
    pub tokens: u32,
    /// 1-based first and last line of the definition (for reports).
    pub lines: (u32, u32),
    /// The named tokens the body uses (operators, non-local names, attributes, methods),
    /// sorted and deduplicated: a near copy adds or drops some, a look-alike swaps one for
    /// another (`min` for `max`, `<` for `>`, `.name` for `.value`).
    pub vocab: Vec<u32>,
}

/// A call that may be a sink for values that must be made safe first (SSOT008): a log
/// call, a log macro, or a callable configured as a sink. Front ends record it only when
/// the callee's last name is one [`crate::lang::ExtractOptions::call_names`] asks for; the
/// rule decides from the callee chain (and where its receiver came from) whether it is a
/// sink, so no language's logging library is known to the rule by syntax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    /// The callee as a chain of names, its root resolved through the file's imports:
    /// - Python `logging.info(..)` -> `["logging", "info"]`; `from logging import info` then
    ///   `info(..)` -> `["logging", "info"]`; `self.logger.debug(..)` ->
    ///   `["self", "logger", "debug"]`; `log.info(..)` (a local name) -> `["log", "info"]`;
    /// - Rust `tracing::info!(..)` -> `["tracing", "info"]`; `info!(..)` after
    ///   `use log::info;` (or `#[macro_use] extern crate log;`) -> `["log", "info"]`; an
    ///   unresolved bare `info!(..)` -> `["info"]`.
    ///
    /// A call in the receiver (`logging.getLogger(__name__).info(..)`) ends the chain: the
    /// chain is `["info"]` with `receiver_from` set.
    pub callee: Vec<String>,
    /// When the receiver (everything before the last name) is a name or attribute bound to
    /// the result of a call (`logger = logging.getLogger(__name__)` at module level, in the
    /// function, or `self.logger = structlog.get_logger()` in the class), or is itself a
    /// call: that call's callee chain, resolved like `callee` (`["logging", "getLogger"]`).
    pub receiver_from: Option<Vec<String>>,
    /// Span of the callee as written (`logger.info`, `tracing::info`).
    pub span: Span,
    /// The values that reach the call raw (see [`Flow`]).
    pub values: Vec<Flow>,
}

/// One value that reaches a call unchanged in substance: an argument, a part of a
/// formatted message (f-string part, `%` argument, `.format(..)` argument, `format!`
/// argument, inline `{x}` capture, `tracing` field), or an element of a container passed in
/// (`extra={"s": v}`, `dict(s=v)`, tuples, lists, `vec![..]`, nested ones), traced back
/// through local bindings in the same function (`state = ws.client_state`).
///
/// Conversions that keep the value's substance are transparent (Python `str(x)`,
/// `repr(x)`, `format(x)`, `!r`/`!s`/format specs; Rust `&x`, `*x`, `x.clone()`,
/// `x.to_string()`, `x.to_owned()`, `x.as_ref()`). Any other call consumes the value: what
/// reaches the sink is that call's result, so no flow is recorded for its arguments
/// (`safe(state)`, `len(x)`), except a constructor of a named type, recorded as `ty`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    /// The value as a chain of names, its root resolved through imports (so an alias or a
    /// qualified path reads the same): `["ws", "client_state"]`,
    /// `["self", "websocket", "application_state", "name"]`,
    /// `["app", "types", "WebSocketState", "CONNECTED"]` (from
    /// `from app.types import WebSocketState`), Rust `ws.state()` (a getter call with no
    /// arguments) -> `["ws", "state"]`. Empty when the value is not a chain (a literal, an
    /// arithmetic expression) but `ty` is known.
    pub chain: Vec<String>,
    /// The value's type when it is declared or constructed: a parameter or local annotated
    /// `state: WebSocketState` / `state: &WebSocketState`, or a constructor call
    /// `WebSocketState(raw)`, `WebSocketState["X"]`, `WebSocketState::from(raw)`; the type's
    /// last name only.
    pub ty: Option<String>,
    /// Span, at the call, of the expression that carries the value: what a fix wraps
    /// (`state` in `f"{state}"`, `ws.client_state` in `logger.info("%s", ws.client_state)`).
    pub span: Span,
    /// Where the value was read, when it reached the call through a local binding: the
    /// span of the bound expression (`ws.client_state` in `state = ws.client_state`).
    pub origin: Option<Span>,
    /// The value sits where it cannot be wrapped in place, such as a Rust inline format
    /// capture (`"{state}"`): a fix must move it to an argument.
    pub inline: bool,
}
