//! Byte offsets of `proc_macro2` spans, fast.
//!
//! `Span::byte_range` (proc-macro2's fallback, which syn parses with) inserts into a
//! `BTreeMap` and walks characters on every call; on a large Rust tree that was about 8% of
//! extraction. A span's line and column (`Span::start`, a binary search) plus a table of
//! line starts give the same offset directly wherever the line is ASCII (the column counts
//! characters, which are bytes there); other lines fall back to `byte_range`.
//!
//! The table is per thread, like proc-macro2's own source map: [`install`] it for the text
//! being parsed on this thread before asking for offsets.

use std::cell::RefCell;
use std::ops::Range;

use proc_macro2::{LineColumn, Span};

#[derive(Default)]
struct Table {
    /// Byte offset of each line's start (lines end at `\n`, as proc-macro2 counts them).
    starts: Vec<u32>,
    /// Whether each line is ASCII.
    ascii: Vec<bool>,
}

thread_local! {
    static TABLE: RefCell<Table> = RefCell::new(Table::default());
}

/// Make `src` (the text handed to syn) the text offsets are computed for on this thread.
pub(super) fn install(src: &str) {
    TABLE.with(|t| {
        let mut t = t.borrow_mut();
        t.starts.clear();
        t.ascii.clear();
        let mut start = 0usize;
        for line in src.split('\n') {
            t.starts.push(start as u32);
            t.ascii.push(line.is_ascii());
            start += line.len() + 1;
        }
    });
}

fn offset(t: &Table, at: LineColumn) -> Option<usize> {
    let i = at.line.checked_sub(1)?;
    if !*t.ascii.get(i)? {
        return None;
    }
    Some(*t.starts.get(i)? as usize + at.column)
}

/// `s`'s byte range in the installed text.
pub(super) fn byte_range(s: Span) -> Range<usize> {
    let fast = TABLE.with(|t| {
        let t = t.borrow();
        Some(offset(&t, s.start())?..offset(&t, s.end())?)
    });
    fast.unwrap_or_else(|| s.byte_range())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_agree_with_proc_macro2_on_every_token() {
        let src = "fn f() {\n    let s = \"é ü\"; let t = 1;\r\n    g(s, t) }\n// ∑ done\nconst X: u8 = 2;";
        install(src);
        let ts: proc_macro2::TokenStream = src.parse().unwrap();
        fn walk(ts: proc_macro2::TokenStream, n: &mut usize) {
            for tt in ts {
                assert_eq!(byte_range(tt.span()), tt.span().byte_range(), "{tt}");
                *n += 1;
                if let proc_macro2::TokenTree::Group(g) = tt {
                    walk(g.stream(), n);
                }
            }
        }
        let mut n = 0;
        walk(ts, &mut n);
        assert!(n > 20);
    }
}
