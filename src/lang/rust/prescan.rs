//! A cheap lexical scan run before `syn`: `syn` recurses once per nesting level, so
//! pathological input (fifty thousand nested parentheses, a statement of fifty thousand
//! prefix operators `- - - x`, chained assignments, nested generics) would overflow any
//! stack. Files nested deeper than [`MAX_NESTING`] are refused with a problem instead.
//!
//! The nesting measured is an estimate of `syn`'s recursion: every open bracket counts one,
//! plus, inside each open bracket, the operators that make `syn` recurse since the last `;`,
//! `,` or `}` (prefix `-` `!` `*` `&` `..` and closures `|..|` in operand position; `return`,
//! `move`, `let`, `dyn`, ... ; assignment operators and `->`; unclosed `<`; `::` inside a
//! `use`). Method chains and binary operators are parsed iteratively and do not count.
//!
//! The scan also locates unbalanced delimiters, so a file `syn` cannot tokenize gets a
//! precise message. Strings, raw strings, chars and comments are skipped; the lexing is
//! rough (it only has to be right about brackets and operators).

/// Deepest nesting (see the module docs) analysed.
pub(super) const MAX_NESTING: usize = 1000;

/// A position and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Finding {
    pub offset: usize,
    pub message: String,
}

#[derive(Debug, Default)]
pub(super) struct Scan {
    /// The file nests too deeply to be parsed safely.
    pub too_deep: Option<Finding>,
    /// The first unbalanced delimiter.
    pub unbalanced: Option<Finding>,
    /// The file may contain a glob `use` (`::*`), so bare names are worth collecting.
    pub may_glob: bool,
}

const PREFIX_OPS: &[&str] = &["-", "!", "*", "&", "&&", "|", "||", "..", "..="];
const ALWAYS_OPS: &[&str] = &[
    "=", "+=", "-=", "*=", "/=", "%=", "^=", "&=", "|=", "<<=", ">>=", "->", "<",
];
const PUNCT: &[&str] = &[
    "<<=", ">>=", "...", "..=", "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=",
    "*=", "/=", "%=", "^=", "&=", "|=", "<<", ">>", "..",
];
const PREFIX_KEYWORDS: &[&str] = &[
    "return", "break", "yield", "move", "async", "let", "dyn", "impl", "mut", "const", "box", "fn",
    "static", "raw", "ref",
];
const OTHER_KEYWORDS: &[&str] = &[
    "as", "if", "else", "match", "in", "while", "for", "loop", "where", "unsafe", "pub", "use",
    "mod", "struct", "enum", "type", "trait", "extern", "continue", "await", "union",
];

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// An open bracket: where, which, and the run of the level around it.
struct Open {
    at: usize,
    byte: u8,
    outer_run: usize,
}

/// The length in bytes of the shebang line (`#!/usr/bin/env run-cargo-script`, without
/// its newline) that `text` starts with, after an optional byte-order mark; `None` when
/// there is none. `#![attr]` is an inner attribute, not a shebang, also with whitespace or
/// comments between `#!` and `[` (the same rule as `syn::parse_file`).
pub(super) fn shebang_len(text: &str) -> Option<usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("#!")?;
    if skip_trivia(rest).starts_with('[') {
        return None;
    }
    Some(text.find('\n').unwrap_or(text.len()))
}

/// `s` without leading whitespace and non-doc comments (as `syn` skips them).
fn skip_trivia(mut s: &str) -> &str {
    loop {
        let trimmed =
            s.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{200e}' || c == '\u{200f}');
        if trimmed.len() != s.len() {
            s = trimmed;
            continue;
        }
        if s.starts_with("//")
            && (!s.starts_with("///") || s.starts_with("////"))
            && !s.starts_with("//!")
        {
            s = s.find('\n').map_or("", |i| &s[i + 1..]);
            continue;
        }
        if s.starts_with("/**/") {
            s = &s[4..];
            continue;
        }
        if s.starts_with("/*")
            && (!s.starts_with("/**") || s.starts_with("/***"))
            && !s.starts_with("/*!")
        {
            let bytes = s.as_bytes();
            let mut depth = 0usize;
            let mut i = 0;
            let mut closed = None;
            while i + 1 < bytes.len() {
                if bytes[i] == b'/' && bytes[i + 1] == b'*' {
                    depth += 1;
                    i += 1;
                } else if bytes[i] == b'*' && bytes[i + 1] == b'/' {
                    depth -= 1;
                    i += 1;
                    if depth == 0 {
                        closed = Some(i + 1);
                        break;
                    }
                }
                i += 1;
            }
            match closed {
                Some(end) => {
                    s = &s[end..];
                    continue;
                }
                None => return s,
            }
        }
        return s;
    }
}

/// Scan `text`; stops at the first place nested too deeply.
pub(super) fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut out = Scan {
        may_glob: text.contains("::*") || text.contains("{*") || text.contains(":: *"),
        ..Scan::default()
    };
    let mut stack: Vec<Open> = Vec::new();
    // Recursing operators in the current bracket level, and in all enclosing levels.
    let (mut run, mut outer) = (0usize, 0usize);
    let mut operand = false;
    let mut in_use = false;
    let mut i = 0usize;
    if let Some(n) = shebang_len(text) {
        i = if text.starts_with('\u{feff}') { 3 } else { 0 } + n;
    }
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i),
            b'"' => {
                i = skip_string(bytes, i + 1);
                operand = true;
            }
            b'\'' => {
                let (next, is_char) = skip_quote(text, i);
                i = next;
                operand = is_char;
            }
            b'(' | b'[' | b'{' => {
                stack.push(Open {
                    at: i,
                    byte: b,
                    outer_run: run,
                });
                outer += run;
                run = 0;
                operand = false;
                i += 1;
            }
            b')' | b']' | b'}' => {
                let open = match b {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                match stack.pop() {
                    Some(o) => {
                        if o.byte != open && out.unbalanced.is_none() {
                            out.unbalanced = Some(Finding {
                                offset: i,
                                message: format!("unexpected closing delimiter `{}`", b as char),
                            });
                        }
                        outer -= o.outer_run;
                        // After `)` / `]` the expression goes on; a `}` ends a block,
                        // an item or a statement.
                        run = if b == b'}' { 0 } else { o.outer_run };
                    }
                    None if out.unbalanced.is_none() => {
                        out.unbalanced = Some(Finding {
                            offset: i,
                            message: format!("unexpected closing delimiter `{}`", b as char),
                        });
                    }
                    None => {}
                }
                operand = true;
                i += 1;
            }
            b';' | b',' => {
                run = 0;
                operand = false;
                in_use &= b == b',';
                i += 1;
            }
            b'0'..=b'9' => {
                i += 1;
                while i < bytes.len()
                    && (is_ident_byte(bytes[i])
                        || (bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
                {
                    i += 1;
                }
                operand = true;
            }
            _ if is_ident_byte(b) => {
                let start = i;
                while i < bytes.len() && is_ident_byte(bytes[i]) {
                    i += 1;
                }
                let word = &text[start..i];
                if matches!(word, "r" | "br" | "cr")
                    && let Some(end) = skip_raw_string(bytes, i)
                {
                    i = end;
                    operand = true;
                    continue;
                }
                if PREFIX_KEYWORDS.contains(&word) {
                    run += 1;
                    operand = false;
                } else {
                    in_use |= word == "use";
                    operand = !OTHER_KEYWORDS.contains(&word);
                }
            }
            _ => {
                let rest = &text[i..];
                let op = PUNCT
                    .iter()
                    .find(|p| rest.starts_with(**p))
                    .copied()
                    .unwrap_or_else(|| &rest[..rest.chars().next().map_or(1, char::len_utf8)]);
                if ALWAYS_OPS.contains(&op)
                    || (!operand && PREFIX_OPS.contains(&op))
                    || (in_use && op == "::")
                {
                    run += 1;
                } else if op == ">" || op == ">>" {
                    // A `>` closes a generic `<`.
                    run = run.saturating_sub(op.len());
                }
                operand = op == "?";
                i += op.len();
            }
        }
        let nesting = stack.len() + outer + run;
        if nesting > MAX_NESTING {
            let brackets = stack.len() * 2 > nesting;
            out.too_deep = Some(Finding {
                offset: i.saturating_sub(1),
                message: if brackets {
                    format!(
                        "brackets nested more than {MAX_NESTING} levels deep; ssot does not analyse this file"
                    )
                } else {
                    format!(
                        "more than {MAX_NESTING} nested operators in one expression; ssot does not analyse this file"
                    )
                },
            });
            return out;
        }
    }
    if out.unbalanced.is_none()
        && let Some(o) = stack.last()
    {
        out.unbalanced = Some(Finding {
            offset: o.at,
            message: format!("unclosed delimiter `{}`", o.byte as char),
        });
    }
    out
}

/// Skip a (nested) block comment starting at `start`; returns the index after it.
fn skip_block_comment(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Skip a string body starting after its opening quote; returns the index after the close.
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// At `r`/`br`/`cr` ending before `i`: a raw string `#*"..."#*`, if one starts here.
fn skip_raw_string(bytes: &[u8], mut i: usize) -> Option<usize> {
    let mut hashes = 0usize;
    while bytes.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    if bytes.get(i) != Some(&b'"') {
        return None;
    }
    i += 1;
    while i < bytes.len() {
        if bytes[i] == b'"'
            && bytes[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == b'#')
                .count()
                == hashes
        {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
    Some(bytes.len())
}

/// At a `'`: a char literal (`'a'`, `'\n'`, `'é'`) or a lifetime / label (`'a`).
/// Returns the index after it and whether it was a char literal.
fn skip_quote(text: &str, i: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    if bytes.get(i + 1) == Some(&b'\\') {
        // `'\''`, `'\\'`, `'\u{1F600}'`: the escaped character, then up to the quote.
        let mut j = i + 3;
        while j < bytes.len() && bytes[j] != b'\'' && bytes[j] != b'\n' {
            j += 1;
        }
        return ((j + 1).min(bytes.len()), true);
    }
    let Some(c) = text.get(i + 1..).and_then(|r| r.chars().next()) else {
        return (bytes.len(), false);
    };
    let after = i + 1 + c.len_utf8();
    if bytes.get(after) == Some(&b'\'') {
        return (after + 1, true);
    }
    let mut j = i + 1;
    while j < bytes.len() && is_ident_byte(bytes[j]) {
        j += 1;
    }
    (j.max(i + 1), false)
}

#[cfg(test)]
mod shebang_tests {
    use super::shebang_len;

    #[test]
    fn shebang_lines_but_not_inner_attributes() {
        assert_eq!(
            shebang_len("#!/usr/bin/env run-cargo-script\nfn f() {}"),
            Some(31)
        );
        assert_eq!(shebang_len("\u{feff}#!/bin/x\n"), Some(8));
        assert_eq!(shebang_len("#!/bin/x"), Some(8));
        assert_eq!(shebang_len("#![allow(dead_code)]\nfn f() {}"), None);
        assert_eq!(shebang_len("#! [allow(dead_code)]"), None);
        assert_eq!(shebang_len("#!\n// c\n/* d /* e */ */ [allow(x)]"), None);
        assert_eq!(shebang_len("#!/// doc\n[x]"), Some(9));
        assert_eq!(shebang_len("fn f() {}"), None);
        assert_eq!(shebang_len("#[test]"), None);
    }
}
