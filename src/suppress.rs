//! In-source suppressions: a diagnostic is dropped when the line it starts on carries
//! `ssot: ignore` (every code), `ssot: ignore[SSOT001, SSOT003]` (those codes), or a
//! ruff-style `noqa: SSOT001` naming ssot codes, in a `#` or `//` comment.
//!
//! Only the comment text of one line is read; a bare `# noqa` (meant for other tools)
//! does not silence ssot.

/// True when `line` suppresses `code`.
pub fn suppresses(line: &str, code: &str) -> bool {
    let Some(comment) = comment_of(line) else {
        return false;
    };
    if let Some(rest) =
        find_after(comment, "ssot: ignore").or_else(|| find_after(comment, "ssot:ignore"))
    {
        let rest = rest.trim_start();
        return match rest.strip_prefix('[') {
            Some(list) => {
                codes(list.split(']').next().unwrap_or("")).any(|c| c.eq_ignore_ascii_case(code))
            }
            None => true,
        };
    }
    if let Some(rest) = find_after(comment, "noqa:") {
        return codes(rest).any(|c| c.eq_ignore_ascii_case(code));
    }
    false
}

fn find_after<'a>(s: &'a str, needle: &str) -> Option<&'a str> {
    let lower = s.to_ascii_lowercase();
    lower.find(needle).map(|i| &s[i + needle.len()..])
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
        ];
        for (line, code, want) in cases {
            assert_eq!(suppresses(line, code), want, "{line} / {code}");
        }
    }
}
