//! In-source suppressions: a diagnostic is dropped when the line it starts on carries
//! `ssot: ignore` (every code), `ssot: ignore[SSOT001, SSOT003]` (those codes), or a
//! ruff-style `noqa: SSOT001` naming ssot codes, in a `#` or `//` comment.
//!
//! Only the documented forms count: the comment text (after `#` or `//` and optional
//! whitespace) must *start* with `ssot: ignore` / `ssot:ignore` / `noqa:`, so
//! `# xssot: ignore` or `# TODO: remove ssot: ignore later` silence nothing. A comment may
//! hold several `#`- or `//`-separated parts (`# type: ignore # ssot: ignore[SSOT003]`);
//! each part is read on its own. A bare `# noqa` (meant for other tools) does not silence
//! ssot.
//!
//! Text after a marker's code list is its reason (`# ssot: ignore[SSOT003] legacy shim`,
//! `// ssot: ignore[SSOT003]: reason`, `# noqa: SSOT003 -- reason`); with
//! `[suppressions] require-reason = true` in lint.toml a marker without one suppresses
//! nothing. [`Tracker`] records which markers suppressed something, for SSOT009
//! (unused-suppression).

use std::collections::HashSet;
use std::ops::Range;

/// Which marker a comment part holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `ssot: ignore` / `ssot: ignore[...]`.
    Ignore,
    /// `noqa: ...`.
    Noqa,
}

/// A code in a marker's list, as written, with its byte range in the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRef {
    pub text: String,
    pub range: Range<usize>,
}

/// One suppression marker of a line (byte ranges are relative to the line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub kind: Kind,
    /// Index of the comment part holding it in [`Comment::parts`].
    pub part: usize,
    /// From `ssot`/`noqa` to the end of the code list (or of `ignore` when bare).
    pub span: Range<usize>,
    /// `None`: a bare `ssot: ignore` (every code).
    pub codes: Option<Vec<CodeRef>>,
    /// Text after the code list (`legacy shim until v3`), without leading `:`/`-`.
    pub reason: Option<String>,
}

impl Marker {
    /// Whether the marker names ssot codes at all (`noqa: F401` is another tool's).
    pub fn is_ssot(&self) -> bool {
        match (&self.codes, self.kind) {
            (None, _) | (Some(_), Kind::Ignore) => true,
            (Some(c), Kind::Noqa) => c.iter().any(|c| is_ssot_code(&c.text)),
        }
    }
    /// Whether the marker's list names `code` (case-insensitive); a bare marker names
    /// every code.
    pub fn names(&self, code: &str) -> bool {
        match &self.codes {
            None => true,
            Some(c) => c.iter().any(|c| c.text.eq_ignore_ascii_case(code)),
        }
    }
}

/// `SSOT...` (case-insensitive): a code that belongs to ssot.
pub fn is_ssot_code(text: &str) -> bool {
    text.get(..4)
        .is_some_and(|h| h.eq_ignore_ascii_case("ssot"))
}

/// The comment of a line, cut into its `#`- / `//`-separated parts, and its markers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comment {
    /// Each part from its separator (`#` or `//`) to the next separator or the end of
    /// the line.
    pub parts: Vec<Range<usize>>,
    /// Length of each part's separator.
    pub sep_len: Vec<usize>,
    pub markers: Vec<Marker>,
}

/// The comment of `line` and its markers. `prefix` is the comment syntax of the file's
/// language (`#`, `//`): the comment starts at its first occurrence outside a simple string
/// literal; `None` (files no front end reads, such as lint.toml) accepts either.
pub fn parse(line: &str, prefix: Option<&str>) -> Comment {
    let Some(start) = comment_start(line, prefix) else {
        return Comment::default();
    };
    let bytes = line.as_bytes();
    let mut seps: Vec<(usize, usize)> = Vec::new();
    let mut i = start;
    while i < bytes.len() {
        if bytes[i] == b'#' {
            seps.push((i, 1));
            i += 1;
        } else if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'/') {
            seps.push((i, 2));
            i += 2;
        } else {
            i += 1;
        }
    }
    let mut c = Comment::default();
    for (k, &(at, len)) in seps.iter().enumerate() {
        let end = seps.get(k + 1).map_or(line.len(), |s| s.0);
        c.parts.push(at..end);
        c.sep_len.push(len);
        if let Some(mut m) = marker(line, at + len, end) {
            m.part = k;
            c.markers.push(m);
        }
    }
    c
}

/// True when `line` suppresses `code` (either comment syntax).
pub fn suppresses(line: &str, code: &str) -> bool {
    parse(line, None)
        .markers
        .iter()
        .any(|m| m.is_ssot() && m.names(code))
}

/// `s` with `prefix` (ASCII, matched case-insensitively) removed from its start.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Offset of `rest` (a suffix of `line`) in `line`.
fn at(line: &str, rest: &str) -> usize {
    line.len() - rest.len()
}

/// The marker of the part `line[from..to]` (after its separator), if it holds one at its
/// very start.
fn marker(line: &str, from: usize, to: usize) -> Option<Marker> {
    let part = &line[..to];
    let s = part[from..].trim_start();
    let m_start = at(part, s);
    if let Some(rest) = strip_prefix_ci(s, "ssot:") {
        let rest = strip_prefix_ci(rest.trim_start(), "ignore")?;
        // `ssot: ignored` or `ssot: ignore_me` is not the marker.
        if rest
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            return None;
        }
        let after_ignore = at(part, rest);
        return Some(match rest.trim_start().strip_prefix('[') {
            Some(list) => {
                let list_start = at(part, list);
                let (inner, tail) = match list.find(']') {
                    Some(j) => (&list[..j], &list[j + 1..]),
                    None => (list, ""),
                };
                let codes = code_list(list_start, inner, |t| {
                    t.chars().all(|ch| ch.is_ascii_alphanumeric())
                });
                Marker {
                    kind: Kind::Ignore,
                    part: 0,
                    span: m_start..at(part, tail),
                    codes: Some(codes),
                    reason: reason(tail),
                }
            }
            None => Marker {
                kind: Kind::Ignore,
                part: 0,
                span: m_start..after_ignore,
                codes: None,
                reason: reason(rest),
            },
        });
    }
    let rest = strip_prefix_ci(s, "noqa")?;
    let rest = rest.trim_start().strip_prefix(':')?;
    let list_start = at(part, rest);
    let codes = code_list(list_start, rest, is_code_like);
    let end = codes.last().map_or(list_start, |c| c.range.end);
    Some(Marker {
        kind: Kind::Noqa,
        part: 0,
        span: m_start..end,
        codes: Some(codes),
        reason: reason(&part[end..]),
    })
}

/// `E501`, `SSOT003`: letters then digits (ruff's code shape), so the words of a reason
/// after the list are not read as codes.
fn is_code_like(t: &str) -> bool {
    let letters = t.bytes().take_while(u8::is_ascii_alphabetic).count();
    letters > 0 && t.len() > letters && t.bytes().skip(letters).all(|b| b.is_ascii_digit())
}

/// The codes at the start of `list` (at `offset` in `line`), separated by commas or
/// blanks, up to the first token that is not a code.
fn code_list(offset: usize, list: &str, is_code: fn(&str) -> bool) -> Vec<CodeRef> {
    let mut out = Vec::new();
    let mut i = 0;
    let b = list.as_bytes();
    while i < b.len() {
        if matches!(b[i], b',' | b' ' | b'\t') {
            i += 1;
            continue;
        }
        let j = b[i..]
            .iter()
            .position(|c| matches!(c, b',' | b' ' | b'\t'))
            .map_or(b.len(), |k| i + k);
        let tok = &list[i..j];
        if !is_code(tok) {
            break;
        }
        out.push(CodeRef {
            text: tok.to_string(),
            range: offset + i..offset + j,
        });
        i = j;
    }
    out
}

/// The reason after a marker: the rest of its part without leading `:` / `-` / blanks.
fn reason(tail: &str) -> Option<String> {
    let r = tail
        .trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '-' || c == '\u{2014}')
        .trim_end();
    (!r.is_empty()).then(|| r.to_string())
}

/// Where the comment of `line` starts (its first separator), ignoring separators inside
/// simple string literals.
fn comment_start(line: &str, prefix: Option<&str>) -> Option<usize> {
    let bytes = line.as_bytes();
    let hash = prefix.is_none_or(|p| p == "#");
    let slashes = prefix.is_none_or(|p| p == "//");
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                // A Rust lifetime or char (`'a`) is not a string: only `"` quotes there.
                b'"' => quote = Some(b),
                b'\'' if hash => quote = Some(b),
                b'#' if hash => return Some(i),
                b'/' if slashes && bytes.get(i + 1) == Some(&b'/') => return Some(i),
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// Which suppression markers suppressed something in a run: [`crate::check`] asks it
/// about each diagnostic, SSOT009 reads what was used.
#[derive(Debug, Default)]
pub struct Tracker {
    /// `[suppressions] require-reason`: a marker without a reason suppresses nothing.
    pub require_reason: bool,
    /// (path, 1-based line, marker index on the line, code index or `None` for a bare
    /// marker).
    used: HashSet<(String, usize, usize, Option<usize>)>,
}

impl Tracker {
    pub fn new(require_reason: bool) -> Self {
        Tracker {
            require_reason,
            used: HashSet::new(),
        }
    }

    /// True when `line_text` (line `line` of `path`, comment syntax `prefix`) suppresses
    /// `code`; every marker that does is recorded as used.
    pub fn suppresses(
        &mut self,
        path: &str,
        line: usize,
        line_text: &str,
        prefix: Option<&str>,
        code: &str,
    ) -> bool {
        let mut hit = false;
        for (i, m) in parse(line_text, prefix).markers.iter().enumerate() {
            if !m.is_ssot() || (self.require_reason && m.reason.is_none()) {
                continue;
            }
            let which = match &m.codes {
                None => Some(None),
                Some(c) => c
                    .iter()
                    .position(|c| c.text.eq_ignore_ascii_case(code))
                    .map(Some),
            };
            if let Some(k) = which {
                hit = true;
                self.used.insert((path.to_string(), line, i, k));
            }
        }
        hit
    }

    /// Whether marker `marker` (code `code`, `None` for a bare marker) of line `line`
    /// suppressed something.
    pub fn used(&self, path: &str, line: usize, marker: usize, code: Option<usize>) -> bool {
        self.used.contains(&(path.to_string(), line, marker, code))
    }
}

/// 0-based indices of the lines of `text` that may hold a marker: a `:` preceded by
/// `ssot` or `noqa` (and blanks), found with one `memchr` pass, so files without markers
/// cost one scan. `line_starts` are the file's line start offsets.
pub fn candidate_lines(text: &str, line_starts: &[u32]) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out: Vec<usize> = Vec::new();
    for i in memchr::memchr_iter(b':', b) {
        let mut j = i;
        while j > 0 && matches!(b[j - 1], b' ' | b'\t') {
            j -= 1;
        }
        let word = |w: &[u8]| j >= 4 && b[j - 4..j].eq_ignore_ascii_case(w);
        if !(word(b"ssot") || word(b"noqa")) {
            continue;
        }
        let line = match line_starts.binary_search(&(i as u32)) {
            Ok(k) => k,
            Err(k) => k.saturating_sub(1),
        };
        if out.last() != Some(&line) {
            out.push(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_with_reasons_and_ranges() {
        let line = "x = 1  # type: ignore # ssot: ignore[SSOT003, E1]: legacy shim";
        let c = parse(line, Some("#"));
        assert_eq!(c.parts.len(), 2);
        let m = &c.markers[0];
        assert_eq!(m.part, 1);
        assert_eq!(&line[m.span.clone()], "ssot: ignore[SSOT003, E1]");
        let codes = m.codes.as_ref().unwrap();
        assert_eq!(&line[codes[1].range.clone()], "E1");
        assert_eq!(m.reason.as_deref(), Some("legacy shim"));
        let m = &parse("y  # noqa: E501, SSOT003 legacy", Some("#")).markers[0];
        assert_eq!(m.codes.as_ref().unwrap().len(), 2);
        assert_eq!(m.reason.as_deref(), Some("legacy"));
        assert!(
            parse("y  # ssot: ignore", Some("#")).markers[0]
                .reason
                .is_none()
        );
        assert!(!parse("y  # noqa: F401", Some("#")).markers[0].is_ssot());
        // Rust: a lifetime is no quote, `#[` is no comment.
        let c = parse("#[a] fn f<'a>() {} // ssot: ignore[SSOT001]", Some("//"));
        assert_eq!((c.parts.len(), c.markers.len()), (1, 1));
        assert!(parse("x = a // b", Some("#")).markers.is_empty());
    }

    #[test]
    fn candidate_lines_find_markers_cheaply() {
        let text = "a: int
b = 1  # SSOT: ignore
c  # noqa : X1
";
        let starts = crate::facts::line_starts(text);
        assert_eq!(candidate_lines(text, &starts), vec![1, 2]);
    }

    #[test]
    fn require_reason_tracker() {
        let mut t = Tracker::new(true);
        assert!(!t.suppresses("a", 1, "x  # ssot: ignore[SSOT001]", Some("#"), "SSOT001"));
        assert!(t.suppresses(
            "a",
            1,
            "x  # ssot: ignore[SSOT001] why",
            Some("#"),
            "SSOT001"
        ));
        assert!(t.used("a", 1, 0, Some(0)));
    }

    #[test]
    fn suppression_comments() {
        let cases = [
            ("def h(): pass  # ssot: ignore", "SSOT001", true),
            ("def h(): pass  # ssot: ignore[SSOT001]", "SSOT001", true),
            ("def h(): pass  # ssot: ignore[SSOT003]", "SSOT001", false),
            (
                "def h(): pass  # ssot: ignore[SSOT003, ssot001]",
                "SSOT001",
                true,
            ),
            ("from a import h  # noqa: SSOT003", "SSOT003", true),
            (
                "from a import h  # noqa: E501, SSOT003 -- legacy",
                "SSOT003",
                true,
            ),
            ("from a import h  # noqa", "SSOT003", false),
            ("from a import h  # noqa: E501", "SSOT003", false),
            ("x = '# ssot: ignore'", "SSOT001", false),
            ("fn h() {} // ssot: ignore[SSOT001]", "SSOT001", true),
            ("use a::h; // noqa: SSOT003", "SSOT003", true),
            ("def h(): pass", "SSOT001", false),
            // Only at the start of a comment part.
            ("def h(): pass  # xssot: ignore", "SSOT001", false),
            (
                "def h(): pass  # TODO: remove ssot: ignore later",
                "SSOT001",
                false,
            ),
            ("def h(): pass  # see noqa: SSOT001", "SSOT001", false),
            ("def h(): pass  # ssot: ignored", "SSOT001", false),
            ("def h(): pass  # ssot: ignorex[SSOT001]", "SSOT001", false),
            ("def h(): pass  #ssot:ignore", "SSOT001", true),
            ("def h(): pass  #   SSOT: IGNORE[ssot001]", "SSOT001", true),
            (
                "def h(): pass  # ssot: ignore  (legacy copy)",
                "SSOT001",
                true,
            ),
            ("def h(): pass  # ssot: ignore [SSOT001]", "SSOT001", true),
            (
                "from a import h  # type: ignore # ssot: ignore[SSOT003]",
                "SSOT003",
                true,
            ),
            (
                "from a import h  # type: ignore # ssot: ignore[SSOT001]",
                "SSOT003",
                false,
            ),
            (
                "from a import h  # pylint: disable=x # noqa: SSOT003",
                "SSOT003",
                true,
            ),
            ("from a import h  # NOQA:SSOT003", "SSOT003", true),
            ("from a import h  # noqa SSOT003", "SSOT003", false),
            ("from a import h  # fixme noqa: SSOT003", "SSOT003", false),
            ("use a::h; // why: legacy // ssot: ignore", "SSOT003", true),
            ("use a::h; // legacy ssot: ignore", "SSOT003", false),
            ("use a::h; /// ssot: ignore", "SSOT003", false),
        ];
        for (line, code, want) in cases {
            assert_eq!(suppresses(line, code), want, "{line} / {code}");
        }
    }
}
