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

/// True when `line` suppresses `code`.
pub fn suppresses(line: &str, code: &str) -> bool {
    let Some(comment) = comment_of(line) else {
        return false;
    };
    segments(comment).any(|s| segment_suppresses(s, code))
}

/// The `#`- and `//`-separated parts of a comment's text.
fn segments(comment: &str) -> impl Iterator<Item = &str> {
    comment.split('#').flat_map(|s| s.split("//"))
}

/// `s` with `prefix` (ASCII, matched case-insensitively) removed from its start.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// One comment part: `ssot: ignore[...]` or `noqa: ...` at its very start.
fn segment_suppresses(segment: &str, code: &str) -> bool {
    let s = segment.trim_start();
    if let Some(rest) = strip_prefix_ci(s, "ssot:") {
        let Some(rest) = strip_prefix_ci(rest.trim_start(), "ignore") else {
            return false;
        };
        // `ssot: ignored` or `ssot: ignore_me` is not the marker.
        if rest
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            return false;
        }
        return match rest.trim_start().strip_prefix('[') {
            Some(list) => {
                codes(list.split(']').next().unwrap_or("")).any(|c| c.eq_ignore_ascii_case(code))
            }
            None => true,
        };
    }
    if let Some(rest) = strip_prefix_ci(s, "noqa") {
        let Some(rest) = rest.trim_start().strip_prefix(':') else {
            return false;
        };
        return codes(rest).any(|c| c.eq_ignore_ascii_case(code));
    }
    false
}

fn codes(list: &str) -> impl Iterator<Item = &str> {
    list.split([',', ' ', '\t'])
        .map(str::trim)
        .take_while(|c| c.is_empty() || c.chars().all(|ch| ch.is_ascii_alphanumeric()))
        .filter(|c| !c.is_empty())
}

/// The comment part of a source line (`# ...` or `// ...`), ignoring markers inside
/// simple string literals.
fn comment_of(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
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
                b'"' | b'\'' => quote = Some(b),
                b'#' => return Some(&line[i + 1..]),
                b'/' if bytes.get(i + 1) == Some(&b'/') => return Some(&line[i + 2..]),
                _ => {}
            },
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::suppresses;

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
