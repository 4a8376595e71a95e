//! Small helpers over the ruff AST shared by the extractors.

use ruff_python_ast::{Expr, ExprBinOp};
use ruff_text_size::{Ranged, TextRange};

use crate::facts::Span;

/// Longest attribute chain we follow (`a.b.c...`); longer chains are not treated as paths.
const MAX_CHAIN: usize = 256;

/// A ruff range as a facts [`Span`].
pub(super) fn span(range: TextRange) -> Span {
    Span::new(range.start().to_u32(), range.end().to_u32())
}

/// The span of any ranged node.
pub(super) fn span_of<T: Ranged>(node: &T) -> Span {
    span(node.range())
}

/// The source text of `range`, or `""` when it is not a valid slice.
pub(super) fn source(text: &str, range: TextRange) -> &str {
    text.get(range.start().to_usize()..range.end().to_usize())
        .unwrap_or("")
}

/// The head name of a pure attribute chain `a.b.c` (`a`), without allocating; `None`
/// when [`chain`] would return `None`.
pub(super) fn chain_head(mut e: &Expr) -> Option<&str> {
    let mut len = 0;
    loop {
        match e {
            Expr::Attribute(a) => {
                if len >= MAX_CHAIN || a.attr.as_str().is_empty() {
                    return None;
                }
                len += 1;
                e = &a.value;
            }
            Expr::Name(n) => return Some(n.id.as_str()).filter(|s| !s.is_empty()),
            _ => return None,
        }
    }
}

/// `a.b.c` as `["a", "b", "c"]` when `e` is a `Name` or an attribute chain over one.
pub(super) fn chain(mut e: &Expr) -> Option<Vec<&str>> {
    let mut rev: Vec<&str> = Vec::new();
    loop {
        match e {
            Expr::Attribute(a) => {
                if rev.len() >= MAX_CHAIN || a.attr.as_str().is_empty() {
                    return None;
                }
                rev.push(a.attr.as_str());
                e = &a.value;
            }
            Expr::Name(n) => {
                if n.id.as_str().is_empty() {
                    return None;
                }
                rev.push(n.id.as_str());
                rev.reverse();
                return Some(rev);
            }
            _ => return None,
        }
    }
}

/// The contents of a plain string literal (implicit concatenation joined).
pub(super) fn string(e: &Expr) -> Option<&str> {
    match e {
        Expr::StringLiteral(s) => Some(s.value.to_str()),
        _ => None,
    }
}

/// Subscripted names whose `X["..."]` is a type form, never an enum member lookup
/// (`Optional["Foo"]` is a forward reference, `Literal["x"]` a literal type).
pub(super) const TYPE_FORMS: &[&str] = &[
    "Annotated",
    "Callable",
    "ClassVar",
    "Dict",
    "Final",
    "FrozenSet",
    "List",
    "Literal",
    "Mapping",
    "NotRequired",
    "Optional",
    "ReadOnly",
    "Required",
    "Sequence",
    "Set",
    "Tuple",
    "Type",
    "TypeGuard",
    "TypeIs",
    "Union",
    "Unpack",
];

/// An enum member `E.X` / `mod.E.X` / `E["X"]` / `mod.E["X"]`: `(enum name, variant, span)`.
///
/// The enum segment must start with an uppercase letter, so `self.x` / `os.sep` /
/// `data["k"]` are not members, and dunder names (`E.__members__`) are not members either.
/// The subscript form needs a plain string literal that is an identifier (`E["X"]`, not
/// `E[f"{x}"]` or `E["a-b"]`) on a name that is not a typing form (`Optional["Foo"]`).
/// Calls (`E("value")`) look members up by value, so their variant is unknown: never members.
pub(super) fn member(e: &Expr) -> Option<(&str, &str, Span)> {
    let (enum_name, variant) = match e {
        Expr::Subscript(s) => {
            let segs = chain(&s.value)?;
            let enum_name = *segs.last()?;
            let variant = string(&s.slice).filter(|v| is_identifier(v))?;
            if TYPE_FORMS.contains(&enum_name) {
                return None;
            }
            (enum_name, variant)
        }
        _ => {
            let segs = chain(e)?;
            if segs.len() < 2 {
                return None;
            }
            (segs[segs.len() - 2], segs[segs.len() - 1])
        }
    };
    if !enum_name.starts_with(|c: char| c.is_ascii_uppercase()) || variant.starts_with("__") {
        return None;
    }
    Some((enum_name, variant, span_of(e)))
}

/// A Python identifier: a letter or `_`, then letters, digits or `_`.
pub(super) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// `a.b.c`: identifiers joined by `.`, at least two parts.
pub(super) fn is_dotted_path(s: &str) -> bool {
    let mut parts = 0;
    for part in s.split('.') {
        if !is_identifier(part) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// The left spine of `a + b + c`: the outermost `BinOp` first, down to the one whose left
/// operand is not a `BinOp`. Empty when `e` is not a `BinOp`.
pub(super) fn binop_spine(mut e: &Expr) -> Vec<&ExprBinOp> {
    let mut spine = Vec::new();
    while let Expr::BinOp(b) = e {
        spine.push(b);
        e = &b.left;
    }
    spine
}
