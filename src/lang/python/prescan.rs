//! A cheap byte scan run before parsing: rejects bracket nesting deeper than CPython allows,
//! so pathological inputs (`((((...` fifty thousand deep) never reach the parser.
//!
//! String literals and comments are skipped roughly (prefixes are ignored, f-string
//! replacement fields are treated as string contents); the scan only has to be right for
//! code that nests brackets, not to tokenize Python exactly.

/// CPython's tokenizer limit (`MAXLEVEL`): "too many nested parentheses".
pub(super) const MAX_BRACKET_DEPTH: usize = 200;

/// The first bracket that opens nesting level `limit + 1`, with the deepest level seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TooDeep {
    /// Byte offset of the offending bracket.
    pub offset: usize,
    /// The deepest nesting in the file.
    pub depth: usize,
}

/// Bytes the scan has to look at.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let bytes = b"#'\"()[]{}";
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

/// Scan `text` for bracket nesting deeper than `limit`.
pub(super) fn check(text: &str, limit: usize) -> Option<TooDeep> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut max = 0usize;
    let mut first: Option<usize> = None;
    let mut i = 0usize;
    while i < bytes.len() {
        // Most bytes are neither brackets, quotes nor `#`: skip them in a tight loop.
        while i < bytes.len() && !SPECIAL[bytes[i] as usize] {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        match bytes[i] {
            b'#' => {
                i += memchr::memchr(b'\n', &bytes[i..]).unwrap_or(bytes.len() - i);
            }
            q @ (b'\'' | b'"') => {
                i = skip_string(bytes, i, q);
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    max = depth;
                }
                if depth > limit && first.is_none() {
                    first = Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    first.map(|offset| TooDeep { offset, depth: max })
}

/// Skip the string literal opening at `start` (quote `q`); returns the index after it.
/// An unterminated single-quoted string ends at the end of its line.
fn skip_string(bytes: &[u8], start: usize, q: u8) -> usize {
    let triple = bytes.get(start + 1) == Some(&q) && bytes.get(start + 2) == Some(&q);
    let mut i = if triple { start + 3 } else { start + 1 };
    while i < bytes.len() {
        // Jump to the next byte that can end or escape the string.
        match memchr::memchr3(b'\\', b'\n', q, &bytes[i..]) {
            Some(k) => i += k,
            None => return bytes.len(),
        }
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' if !triple => return i,
            c if c == q => {
                if !triple {
                    return i + 1;
                }
                if bytes.get(i + 1) == Some(&q) && bytes.get(i + 2) == Some(&q) {
                    return i + 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}
