//! Reading source files: the source database, and bytes -> text.
//!
//! [`SourceDb`] reads each file once and shares its text between extraction,
//! suppressions and reports; it can also hold text that is not on disk (an editor's
//! unsaved buffer, `--stdin-filename`), which then wins over the file.
//!
//! UTF-8 is read as is. A Python file that is not UTF-8 but declares a single-byte
//! encoding in a PEP 263 comment on its first two lines (`# -*- coding: latin-1 -*-`) is
//! decoded byte for byte, which keeps every ASCII character (all of Python's syntax) and
//! every column in place. Anything else that is not UTF-8 is an input problem, as it is
//! for Python itself.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::lang::Frontend;

/// Every file's text, read once. Keyed by the root-relative, `/`-separated path.
#[derive(Debug, Default)]
pub struct SourceDb {
    root: PathBuf,
    /// Text given in memory for a path (not read from disk).
    overlay: HashMap<String, Arc<str>>,
    texts: Mutex<HashMap<String, Arc<str>>>,
}

impl SourceDb {
    pub fn new(root: &Path) -> Self {
        SourceDb {
            root: root.to_path_buf(),
            ..Default::default()
        }
    }

    /// Use `text` for `rel` instead of what is on disk.
    pub fn set_overlay(&mut self, rel: &str, text: String) {
        self.overlay.insert(rel.to_string(), Arc::from(text));
    }

    /// True when `rel` has in-memory text.
    pub fn has_overlay(&self, rel: &str) -> bool {
        self.overlay.contains_key(rel)
    }

    /// Paths with in-memory text.
    pub fn overlay_paths(&self) -> impl Iterator<Item = &str> {
        self.overlay.keys().map(String::as_str)
    }

    /// Record text read elsewhere (lint.toml).
    pub fn insert(&self, rel: &str, text: &str) {
        self.lock().insert(rel.to_string(), Arc::from(text));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<str>>> {
        self.texts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Read `rel` (at `abs` on disk) once and decode it with `fe`'s rules. The text is
    /// kept for reporting even when it cannot be decoded (then lossily).
    pub fn load(&self, rel: &str, abs: &Path, fe: &dyn Frontend) -> Result<Arc<str>, DecodeError> {
        if let Some(t) = self.overlay.get(rel) {
            self.lock().insert(rel.to_string(), t.clone());
            return Ok(t.clone());
        }
        let bytes = std::fs::read(abs).map_err(|e| DecodeError {
            message: format!("cannot read file: {e}"),
            offset: 0,
        })?;
        let (text, result) = match fe.decode(&bytes) {
            Ok(t) => {
                let t: Arc<str> = Arc::from(t.as_ref());
                (t.clone(), Ok(t))
            }
            Err(e) => (Arc::from(String::from_utf8_lossy(&bytes).as_ref()), Err(e)),
        };
        self.lock().insert(rel.to_string(), text);
        result
    }

    /// The text of `rel` as loaded (lossily decoded when it could not be decoded). A
    /// file no front end loaded (a manifest read by another path) is read now.
    pub fn text(&self, rel: &str) -> Arc<str> {
        if let Some(t) = self.lock().get(rel) {
            return t.clone();
        }
        let text: Arc<str> = std::fs::read(self.root.join(rel))
            .map(|b| Arc::from(String::from_utf8_lossy(&b).as_ref()))
            .unwrap_or_else(|_| Arc::from(""));
        self.lock().insert(rel.to_string(), text.clone());
        text
    }
}

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

/// Decode UTF-8 (no encoding declarations).
pub fn decode_utf8(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(Cow::Borrowed(t)),
        Err(e) => {
            let offset = e.valid_up_to();
            Err(DecodeError {
                message: format!(
                    "file is not valid UTF-8 (byte 0x{:02x} at offset {offset}); re-save it as UTF-8",
                    bytes[offset]
                ),
                offset,
            })
        }
    }
}

/// Decode a Python source file: UTF-8, or a single-byte encoding declared by PEP 263.
pub fn decode_pep263(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    let err = match std::str::from_utf8(bytes) {
        Ok(t) => return Ok(Cow::Borrowed(t)),
        Err(e) => e,
    };
    let offset = err.valid_up_to();
    let declared = declared_encoding(bytes);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding() {
        assert_eq!(decode_pep263(b"x = 1\n").unwrap(), "x = 1\n");
        let latin = b"# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n";
        assert_eq!(
            decode_pep263(latin).unwrap(),
            "# -*- coding: latin-1 -*-\nx = 'caf\u{e9}'\n"
        );
        let second_line =
            b"#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-15 :\nx = '\xa4'\n";
        assert!(decode_pep263(second_line).is_ok());
        let undeclared = decode_pep263(b"x = 'caf\xe9'\n").unwrap_err();
        assert_eq!(undeclared.offset, 8);
        assert!(
            undeclared.message.contains("declares no encoding"),
            "{}",
            undeclared.message
        );
        let sjis = decode_pep263(b"# coding: shift_jis\nx = '\x82\xa0'\n").unwrap_err();
        assert!(sjis.message.contains("`shift-jis`"), "{}", sjis.message);
        // Rust has no encoding declarations.
        assert!(decode_utf8(latin).is_err());
        // Third line is too late.
        assert!(decode_pep263(b"\n\n# coding: latin-1\nx = '\xe9'\n").is_err());
    }
}
