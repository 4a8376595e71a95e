//! The language-neutral part of [`Shape`]: fixed-seed hashing, token encoding, k-gram
//! hashing and winnowing.
//!
//! A front end walks a function body once and writes a normalised token stream: one `u32`
//! per node kind, operator, count, name or literal (see [`tok`] and [`tok_str`]), with
//! locals as `LOCAL + n` by first use and literals as their kind only. Alongside, it feeds
//! an [`Fnv`] hasher what the stream leaves out: every name as written and every literal's
//! value, in stream order. [`shape`] turns both into the shape: `renamed` (hash of the
//! stream), `exact` (hash of `renamed` and of what was left out: the stream fixes where
//! each name and value goes, so this is the hash of the stream with them put back) and
//! `grams` (winnowed k-grams, Schleimer et al., "Winnowing: local algorithms for document
//! fingerprinting", the MOSS algorithm).
//!
//! Every hash here is FNV-1a 64 (bytes one at a time, tokens one 32-bit word at a time)
//! followed by a fixed mixing step: stable across runs,
//! platforms and Rust versions (never `std`'s `DefaultHasher`, whose algorithm may change),
//! so shapes can be stored and compared later.

use std::fmt;

use crate::facts::Shape;

/// Tokens per k-gram.
pub const K: usize = 5;
/// Winnowing window, in k-grams: any run of `W + K - 1` tokens shared by two streams
/// yields at least one shared gram.
pub const W: usize = 4;

/// Token tags: the top byte of a small token ([`tok`]), or the first byte hashed for a
/// named one ([`tok_str`]).
pub mod tag {
    /// A syntax node kind (front-end specific numbering).
    pub const KIND: u8 = 1;
    /// A count (parameters, arguments, operands, asyncness).
    pub const COUNT: u8 = 2;
    /// A local name (parameter or binding), numbered by first use.
    pub const LOCAL: u8 = 3;
    /// The function's own name (a recursive call).
    pub const OWN: u8 = 4;
    /// A literal, by kind ([`super::lit`]).
    pub const LIT: u8 = 5;
    /// A macro token punctuation character / delimiter, an unnamed field index.
    pub const PUNCT: u8 = 6;
    pub const OPEN: u8 = 7;
    pub const CLOSE: u8 = 8;
    pub const FIELD: u8 = 9;
    /// Named (hashed) tokens: an operator, a non-local name, an attribute / field / keyword
    /// argument name, a path segment, a method name.
    pub const OP: u8 = 16;
    pub const GLOBAL: u8 = 17;
    pub const ATTR: u8 = 18;
    pub const SEGMENT: u8 = 19;
    pub const METHOD: u8 = 20;
}

/// Literal kinds (the payload of a [`tag::LIT`] token).
pub mod lit {
    pub const STR: u32 = 1;
    pub const BYTES: u32 = 2;
    pub const INT: u32 = 3;
    pub const FLOAT: u32 = 4;
    pub const COMPLEX: u32 = 5;
    pub const BOOL: u32 = 6;
    pub const NONE: u32 = 7;
    pub const ELLIPSIS: u32 = 8;
    pub const CHAR: u32 = 9;
    pub const BYTE: u32 = 10;
    pub const CSTR: u32 = 11;
    /// A literal part of an f-string / t-string.
    pub const FSTR_PART: u32 = 12;
    /// A literal token inside a macro call, or a literal syn does not know.
    pub const OTHER: u32 = 13;
}

/// A small token: `tag` in the top byte, `n` (truncated to 24 bits) below.
pub const fn tok(tag: u8, n: u32) -> u32 {
    ((tag as u32) << 24) | (n & 0x00FF_FFFF)
}

/// A named token: the hash of `tag` and `s`.
pub fn tok_str(tag: u8, s: &str) -> u32 {
    let mut h = Fnv::new();
    h.byte(tag);
    h.str(s);
    fold(h.finish())
}

/// FNV-1a 64: a tiny fixed-seed hash. Strings go in byte by byte; numbers ([`Fnv::u32`],
/// [`Fnv::u64`]) one word at a time (a quarter of the multiplications for a token stream).
/// [`Fnv::finish`] mixes the state once more, since FNV's low bits depend on few input
/// bits.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}

impl Fnv {
    pub const fn new() -> Self {
        Fnv(FNV_OFFSET)
    }

    #[inline]
    pub fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }

    /// Eight bytes at a time (one word, little-endian), the rest one at a time.
    #[inline]
    pub fn bytes(&mut self, bs: &[u8]) {
        let mut words = bs.chunks_exact(8);
        for w in &mut words {
            let w = u64::from_le_bytes(w.try_into().expect("8 bytes"));
            self.0 = (self.0 ^ w).wrapping_mul(FNV_PRIME);
        }
        for &b in words.remainder() {
            self.byte(b);
        }
    }

    #[inline]
    pub fn u32(&mut self, v: u32) {
        self.0 = (self.0 ^ u64::from(v)).wrapping_mul(FNV_PRIME);
    }

    #[inline]
    pub fn u64(&mut self, v: u64) {
        self.u32(v as u32);
        self.u32((v >> 32) as u32);
    }

    /// A string and a terminator (`0xFF` never occurs in UTF-8), so `"ab", "c"` and
    /// `"a", "bc"` hash apart.
    #[inline]
    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
        self.byte(0xFF);
    }

    pub fn finish(&self) -> u64 {
        mix(self.0)
    }
}

/// Hash anything `Display` without allocating: `write!(fnv, "{}", x)`.
impl fmt::Write for Fnv {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.bytes(s.as_bytes());
        Ok(())
    }
}

/// The splitmix64 / murmur3 finaliser: every output bit depends on every input bit.
const fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// 64 -> 32 bits.
const fn fold(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// Hash of a token slice.
fn hash_tokens(tokens: &[u32]) -> u64 {
    let mut h = Fnv::new();
    for &t in tokens {
        h.u32(t);
    }
    h.finish()
}

/// The shape of a body from its normalised token stream, the hash of what the stream
/// leaves out (`written`: names as written and literal values, in stream order) and its
/// lines.
pub fn shape(tokens: &[u32], written: u64, lines: (u32, u32)) -> Shape {
    let renamed = hash_tokens(tokens);
    let mut exact = Fnv::new();
    exact.u64(renamed);
    exact.u64(written);
    Shape {
        exact: exact.finish(),
        renamed,
        grams: winnow(tokens),
        tokens: u32::try_from(tokens.len()).unwrap_or(u32::MAX),
        lines,
        vocab: vocabulary(tokens),
    }
}

/// The named tokens of a stream (operators, non-local names, attributes, methods, path
/// segments), sorted and deduplicated. Small tokens carry a tag from 1 to 9 in their top
/// byte; named ones are hashes, so a few of those (about 1 in 28) look small and are left
/// out, which only makes the vocabulary a little smaller.
pub fn vocabulary(tokens: &[u32]) -> Vec<u32> {
    let mut v: Vec<u32> = tokens
        .iter()
        .copied()
        .filter(|t| !(1..=9).contains(&(t >> 24)))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Base of the rolling k-gram hash (odd).
const BASE: u64 = 0x9e37_79b9_7f4a_7c15;

/// The winnowed k-gram fingerprints of `tokens`, sorted and deduplicated: hash every run
/// of [`K`] tokens (a rolling polynomial hash, mixed), then keep the minimum of every
/// window of [`W`] consecutive hashes (the rightmost one on ties, each position once). A
/// stream shorter than `K` is one gram.
pub fn winnow(tokens: &[u32]) -> Vec<u32> {
    if tokens.len() < K {
        return vec![fold(hash_tokens(tokens))];
    }
    // `h` = sum of `t[i + j] * BASE^(K - 1 - j)`; `top` = BASE^(K - 1) takes `t[i]` out.
    let top = (1..K).fold(1u64, |p, _| p.wrapping_mul(BASE));
    let mut h = tokens[..K - 1].iter().fold(0u64, |h, &t| {
        h.wrapping_mul(BASE).wrapping_add(u64::from(t))
    });
    let n = tokens.len() - K + 1;
    let w = W.min(n);
    // The last `W` k-gram hashes (gram `i` at `i % W`), and the window's minimum.
    let mut ring = [0u32; W];
    let (mut min, mut min_at, mut last) = (u32::MAX, 0usize, usize::MAX);
    let mut out = Vec::with_capacity(2 * n / (W + 1) + 2);
    for i in 0..n {
        h = h
            .wrapping_mul(BASE)
            .wrapping_add(u64::from(tokens[i + K - 1]));
        let g = fold(mix(h));
        h = h.wrapping_sub(u64::from(tokens[i]).wrapping_mul(top));
        ring[i % W] = g;
        if i >= w && min_at + w <= i {
            // The minimum left the window `i + 1 - w ..= i`: find the new one.
            min = u32::MAX;
            for j in i + 1 - w..=i {
                if ring[j % W] <= min {
                    (min, min_at) = (ring[j % W], j);
                }
            }
        } else if g <= min {
            (min, min_at) = (g, i);
        }
        if i + 1 >= w && min_at != last {
            out.push(min);
            last = min_at;
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// 1-based first and last line of the byte range `start..end`, from the file's line starts
/// ([`crate::facts::line_starts`]).
pub fn lines(line_starts: &[u32], start: u32, end: u32) -> (u32, u32) {
    let line = |offset: u32| match line_starts.binary_search(&offset) {
        Ok(i) => i as u32 + 1,
        Err(i) => i as u32,
    };
    let last = if end > start { end - 1 } else { end };
    (line(start), line(last).max(line(start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream of `n` pseudo-random tokens (a fixed LCG).
    fn stream(seed: u32, n: usize) -> Vec<u32> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                x >> 8
            })
            .collect()
    }

    fn shared(a: &[u32], b: &[u32]) -> f64 {
        let n = a.iter().filter(|g| b.binary_search(g).is_ok()).count();
        n as f64 / a.len() as f64
    }

    #[test]
    fn hashes_are_fixed() {
        // Any change of hash function, mixing or token encoding fails here: stored shapes
        // would no longer compare.
        let mut h = Fnv::new();
        h.bytes(b"a");
        assert_eq!(h.0, 0xaf63_dc4c_8601_ec8c, "FNV-1a 64 of \"a\"");
        let s = shape(&(1..=12).collect::<Vec<u32>>(), 0, (1, 2));
        assert_eq!(s.renamed, 0x3373_92cc_ebd7_cd33);
        assert_eq!(
            s.grams,
            vec![0x21db_33fc, 0x343b_60b9, 0x39b1_6f2c, 0x511f_eb91]
        );
        assert_eq!(s.exact, 0xcb10_7db5_2d57_9455);
        assert_eq!(s.tokens, 12);
        assert_eq!(tok_str(tag::GLOBAL, "len"), 0x0ee1_a603);
        assert_eq!(tok(tag::LOCAL, 2), 0x0300_0002);
        let mut long = Fnv::new();
        long.str("client_state_for_logging");
        assert_eq!(
            long.finish(),
            0x24fa_15c3_086a_4dda,
            "words, then bytes, then 0xFF"
        );
    }

    #[test]
    fn identical_streams_give_identical_shapes() {
        let a = stream(1, 80);
        assert_eq!(shape(&a, 7, (1, 9)), shape(&a.clone(), 7, (1, 9)));
        assert_ne!(
            shape(&a, 7, (1, 9)).renamed,
            shape(&stream(2, 80), 7, (1, 9)).renamed
        );
    }

    #[test]
    fn an_extra_statement_keeps_most_grams() {
        let a = stream(3, 120);
        let mut b = a.clone();
        b.splice(60..60, stream(4, 8));
        let (ga, gb) = (winnow(&a), winnow(&b));
        assert!(shared(&ga, &gb) >= 0.8, "{}", shared(&ga, &gb));
        assert_ne!(hash_tokens(&a), hash_tokens(&b));
    }

    #[test]
    fn reordered_statements_keep_most_grams() {
        let (s1, s2, s3, s4) = (stream(5, 30), stream(6, 30), stream(7, 30), stream(8, 30));
        let a = [&s1[..], &s2, &s3, &s4].concat();
        let b = [&s1[..], &s3, &s2, &s4].concat();
        let (ga, gb) = (winnow(&a), winnow(&b));
        assert!(shared(&ga, &gb) >= 0.8, "{}", shared(&ga, &gb));
    }

    #[test]
    fn rolling_grams_are_the_grams_of_their_windows() {
        let a = stream(10, 200);
        let direct: Vec<u32> = a
            .windows(K)
            .map(|g| {
                let h = g.iter().fold(0u64, |h, &t| {
                    h.wrapping_mul(BASE).wrapping_add(u64::from(t))
                });
                fold(mix(h))
            })
            .collect();
        // The rightmost minimum of every window of W k-grams, each position once.
        let mut naive = Vec::new();
        let mut last = usize::MAX;
        for start in 0..=direct.len() - W {
            let at = (start..start + W).rev().min_by_key(|&i| direct[i]).unwrap();
            if at != last {
                naive.push(direct[at]);
                last = at;
            }
        }
        naive.sort_unstable();
        naive.dedup();
        assert_eq!(winnow(&a), naive);
        for n in 0..K + W - 1 {
            let short = stream(11, n);
            let g = winnow(&short);
            assert_eq!(g.len(), 1, "{n}");
            if n >= K {
                assert_eq!(
                    g[0],
                    *short
                        .windows(K)
                        .map(|w| {
                            fold(mix(w.iter().fold(0u64, |h, &t| {
                                h.wrapping_mul(BASE).wrapping_add(u64::from(t))
                            })))
                        })
                        .collect::<Vec<_>>()
                        .iter()
                        .min()
                        .unwrap()
                );
            }
        }
    }

    #[test]
    fn short_streams_are_one_gram() {
        assert_eq!(winnow(&[1, 2]).len(), 1);
        assert_eq!(winnow(&[]).len(), 1);
        assert_ne!(winnow(&[1, 2]), winnow(&[2, 1]));
        // Fewer k-grams than a window: the minimum of them all.
        assert_eq!(winnow(&[1, 2, 3, 4, 5, 6]).len(), 1);
    }

    #[test]
    fn winnowing_density() {
        // About 2 / (W + 1) of the positions are kept.
        let g = winnow(&stream(9, 1000));
        assert!((250..550).contains(&g.len()), "{}", g.len());
    }

    #[test]
    fn lines_of_spans() {
        let ls = crate::facts::line_starts("a\nbc\n\nd");
        assert_eq!(lines(&ls, 0, 1), (1, 1));
        assert_eq!(lines(&ls, 2, 5), (2, 2), "a span ending in its newline");
        assert_eq!(lines(&ls, 0, 7), (1, 4));
        assert_eq!(lines(&ls, 6, 6), (4, 4));
    }
}
