//! Text-level helpers for building [`Edit`]s: lines, indentation, list items. They work
//! on any language's text (lines, commas and brackets), never on syntax trees.

use crate::diagnostic::Edit;
use crate::facts::Span;

/// Byte offset of the start of the line holding `at`.
pub fn line_start(text: &str, at: u32) -> u32 {
    let at = (at as usize).min(text.len());
    text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1) as u32
}

/// Byte offset just past the line ending of the line holding `at` (the text's end when
/// it has none).
pub fn next_line_start(text: &str, at: u32) -> u32 {
    let at = (at as usize).min(text.len());
    match text[at..].find(['\n', '\r']) {
        None => text.len() as u32,
        Some(i) => {
            let i = at + i;
            let len = if text[i..].starts_with("\r\n") { 2 } else { 1 };
            (i + len) as u32
        }
    }
}

/// The file's line ending (`\r\n` when its first line ends so, else `\n`).
pub fn newline(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// The whitespace that starts the line holding `at`.
pub fn indent_at(text: &str, at: u32) -> &str {
    let start = line_start(text, at) as usize;
    let rest = &text[start..];
    let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    &rest[..n]
}

/// True when `span` starts its line (only whitespace before it).
pub fn starts_line(text: &str, span: Span) -> bool {
    let start = line_start(text, span.start) as usize;
    text.get(start..span.start as usize)
        .is_some_and(|s| s.trim().is_empty())
}

/// A new line `content` inserted after the line holding the end of `stmt`, indented like
/// the line where `stmt` starts.
pub fn insert_line_after(path: &str, text: &str, stmt: Span, content: &str) -> Edit {
    let at = next_line_start(text, stmt.end.saturating_sub(1).max(stmt.start));
    let nl = newline(text);
    let indent = indent_at(text, stmt.start);
    let lead = if at as usize == text.len() && !text.is_empty() && !text.ends_with(['\n', '\r']) {
        nl
    } else {
        ""
    };
    Edit::insert(path, at, format!("{lead}{indent}{content}{nl}"))
}

/// The bytes to delete to remove `item` from a comma-separated list: the item and the
/// comma after it (with the space that follows), or the comma before it when it is last.
/// `None` when the item has no neighbour (it is the only element).
pub fn list_item_removal(text: &str, item: Span) -> Option<Span> {
    let bytes = text.as_bytes();
    let (s, e) = (item.start as usize, (item.end as usize).min(text.len()));
    // A comma after the item?
    let mut j = e;
    while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
        j += 1;
    }
    if j < bytes.len() && bytes[j] == b',' {
        let mut k = j + 1;
        while k < bytes.len() && matches!(bytes[k], b' ' | b'\t' | b'\n' | b'\r') {
            k += 1;
        }
        // `(a, b,)`: the item was the last one before a trailing comma.
        if k < bytes.len() && matches!(bytes[k], b')' | b'}' | b']') {
            return comma_before(text, s).map(|c| Span::new(c as u32, j as u32));
        }
        // One item per line: remove the item's whole line.
        if text[j + 1..k].contains(['\n', '\r']) && starts_line(text, item) {
            return Some(Span::new(
                line_start(text, item.start),
                line_start(text, k as u32),
            ));
        }
        return Some(Span::new(s as u32, k as u32));
    }
    comma_before(text, s).map(|c| Span::new(c as u32, e as u32))
}

/// The offset of the comma before `at` (skipping whitespace), if there is one.
fn comma_before(text: &str, at: usize) -> Option<usize> {
    let before = text[..at].trim_end_matches([' ', '\t', '\n', '\r']);
    before.ends_with(',').then(|| before.len() - 1)
}

/// `span` widened to whole lines, when nothing else stands on those lines (only
/// whitespace and, after it, a comma or a comment).
pub fn whole_lines(text: &str, span: Span) -> Option<Span> {
    if !starts_line(text, span) {
        return None;
    }
    let end = next_line_start(text, span.end.saturating_sub(1).max(span.start));
    let tail = text.get(span.end as usize..end as usize)?.trim();
    let tail = tail.strip_prefix(',').unwrap_or(tail).trim();
    if !(tail.is_empty() || tail.starts_with('#') || tail.starts_with("//")) {
        return None;
    }
    Some(Span::new(line_start(text, span.start), end))
}

/// `span` widened backwards over a path prefix written with `sep` (`tax::` before
/// `format_price` in a `use` tree), so the whole element of a list is covered.
pub fn with_path_prefix(text: &str, span: Span, sep: &str) -> Span {
    let mut start = span.start as usize;
    while let Some(before) = text.get(..start).and_then(|t| t.strip_suffix(sep)) {
        let ident = before.len()
            - before
                .trim_end_matches(|c: char| c == '_' || c.is_alphanumeric())
                .len();
        if ident == 0 {
            break;
        }
        start = before.len() - ident;
    }
    Span::new(start as u32, span.end)
}

/// `text[span]`, or "" when the span is out of range.
pub fn slice(text: &str, span: Span) -> &str {
    text.get(span.start as usize..span.end as usize)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, span: Span) -> String {
        format!(
            "{}{}",
            &text[..span.start as usize],
            &text[span.end as usize..]
        )
    }

    #[test]
    fn removing_list_items_keeps_the_list_valid() {
        let t = "from a import b, c as d, e\n";
        let at = |s: &str| {
            let i = t.find(s).unwrap() as u32;
            Span::new(i, i + s.len() as u32)
        };
        assert_eq!(
            apply(t, list_item_removal(t, at("c as d")).unwrap()),
            "from a import b, e\n"
        );
        assert_eq!(
            apply(t, list_item_removal(t, at("e\n").into_first()).unwrap()),
            "from a import b, c as d\n"
        );
        assert_eq!(
            apply(t, list_item_removal(t, at("b")).unwrap()),
            "from a import c as d, e\n"
        );
        let multi = "from a import (\n    b,\n    c,\n)\n";
        let i = multi.find("c,").unwrap() as u32;
        assert_eq!(
            apply(
                multi,
                list_item_removal(multi, Span::new(i, i + 1)).unwrap()
            ),
            "from a import (\n    b,\n)\n"
        );
        let i = multi.find("b,").unwrap() as u32;
        assert_eq!(
            apply(
                multi,
                list_item_removal(multi, Span::new(i, i + 1)).unwrap()
            ),
            "from a import (\n    c,\n)\n"
        );
        assert!(list_item_removal("use a::b;", Span::new(7, 8)).is_none());
    }

    trait First {
        fn into_first(self) -> Span;
    }
    impl First for Span {
        fn into_first(self) -> Span {
            Span::new(self.start, self.start + 1)
        }
    }

    #[test]
    fn lines_and_indentation() {
        let t = "def f():\n    import x\n    return 1\n";
        let i = t.find("import").unwrap() as u32;
        let e = insert_line_after("p", t, Span::new(i, i + 8), "from y import z");
        assert_eq!(e.span.start as usize, t.find("    return").unwrap());
        assert_eq!(e.content, "    from y import z\n");
        let crlf = "a = {\r\n    'k': E.X,\r\n}\r\n";
        assert_eq!(newline(crlf), "\r\n");
        let k = crlf.find("'k'").unwrap() as u32;
        let w = whole_lines(crlf, Span::new(k, k + 8)).unwrap();
        assert_eq!(slice(crlf, w), "    'k': E.X,\r\n");
        assert!(whole_lines("x = {'a': 1, 'b': 2}", Span::new(5, 11)).is_none());
    }
}
