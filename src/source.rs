//! Reading source files: bytes -> text, the same way for parsing and for reporting.
//!
//! UTF-8 is read as is. A Python file that is not UTF-8 but declares a single-byte
//! encoding in a PEP 263 comment on its first two lines (`# -*- coding: latin-1 -*-`) is
//! decoded byte for byte, which keeps every ASCII character (all of Python's syntax) and
//! every column in place. Anything else that is not UTF-8 is an input problem, as it is
//! for Python itself.

use std::borrow::Cow;

use crate::facts::Lang;

/// Why a file could not be decoded: a message and the byte offset of the first bad byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub message: String,
    pub offset: usize,
}

/// The encoding named by a PEP 263 declaration on the first two lines, lowercased.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    for line in bytes.split(|b| *b == b'\n').take(2) {
        let line = String::from_utf8_lossy(line);
        let trimmed = line.trim_start_matches([' ', '\t', '\x0c']);
        if !trimmed.starts_with('#') {
            continue;
        }
        let Some(i) = trimmed.find("coding") else {
            continue;
        };
        let rest = &trimmed[i + "coding".len()..];
        let Some(rest) = rest.strip_prefix([':', '=']) else {
            continue;
        };
        let name: String = rest
            .trim_start_matches([' ', '\t'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        if !name.is_empty() {
            return Some(name.to_ascii_lowercase().replace('_', "-"));
        }
    }
    None
}

fn single_byte(encoding: &str) -> bool {
    [
        "latin",
        "iso-8859",
        "iso8859",
        "cp125",
        "windows-125",
        "koi8",
        "mac-",
        "cp437",
        "cp850",
        "l1",
    ]
    .iter()
    .any(|p| encoding.starts_with(p))
}

/// Decode a source file's bytes.
pub fn decode(bytes: &[u8], lang: Lang) -> Result<Cow<'_, str>, DecodeError> {
    let err = match std::str::from_utf8(bytes) {
        Ok(t) => return Ok(Cow::Borrowed(t)),
        Err(e) => e,
    };
    let offset = err.valid_up_to();
    let declared = (lang == Lang::Python)
        .then(|| declared_encoding(bytes))
        .flatten();
    match declared {
        Some(enc) if single_byte(&enc) => {
            Ok(Cow::Owned(bytes.iter().map(|&b| b as char).collect()))
        }
        Some(enc) => Err(DecodeError {
            message: format!(
                "file declares encoding `{enc}`, which ssot cannot read (byte 0x{:02x} at offset {offset}); re-save it as UTF-8",
                bytes[offset]
            ),
            offset,
        }),
        None => Err(DecodeError {
            message: format!(
                "file is not valid UTF-8 (byte 0x{:02x} at offset {offset}) and declares no encoding; re-save it as UTF-8",
                bytes[offset]
            ),
            offset,
        }),
    }
}

/// A file's text for display: decoded like [`decode`], else lossily.
pub fn display_text(bytes: &[u8], lang: Lang) -> String {
    match decode(bytes, lang) {
        Ok(t) => t.into_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding() {
        assert_eq!(decode(b"x = 1\n", Lang::Python).unwrap(), "x = 1\n");
        let latin = b"# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n";
        assert_eq!(
            decode(latin, Lang::Python).unwrap(),
            "# -*- coding: latin-1 -*-\nx = 'caf\u{e9}'\n"
        );
        let second_line =
            b"#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-15 :\nx = '\xa4'\n";
        assert!(decode(second_line, Lang::Python).is_ok());
        let undeclared = decode(b"x = 'caf\xe9'\n", Lang::Python).unwrap_err();
        assert_eq!(undeclared.offset, 8);
        assert!(
            undeclared.message.contains("declares no encoding"),
            "{}",
            undeclared.message
        );
        let sjis = decode(b"# coding: shift_jis\nx = '\x82\xa0'\n", Lang::Python).unwrap_err();
        assert!(sjis.message.contains("`shift-jis`"), "{}", sjis.message);
        // Rust has no encoding declarations.
        assert!(decode(latin, Lang::Rust).is_err());
        // Third line is too late.
        assert!(decode(b"\n\n# coding: latin-1\nx = '\xe9'\n", Lang::Python).is_err());
    }
}
