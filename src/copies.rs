//! Comparing function bodies by their [`Shape`]: one place that says when two bodies are
//! copies, shared by SSOT002 and `ssot discover`.
//!
//! - **exact**: the same normalised stream with names and literal values (layout,
//!   comments, docstrings aside);
//! - **renamed**: the same stream up to local names and literal values;
//! - **near**: most winnowed k-grams shared. Similarity is the Jaccard index of the two
//!   gram sets; containment (the share of the smaller set found in the larger) also counts,
//!   because canonical versions drift: a helper that grew two branches still contains its
//!   old copies almost whole. And one body's vocabulary (named tokens) must contain the
//!   other's: copies add or drop statements, look-alikes swap a name or an operator.

use crate::facts::Shape;

/// How close two bodies are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Near,
    Renamed,
    Exact,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Exact => "exact",
            Level::Renamed => "renamed",
            Level::Near => "near",
        }
    }
}

/// Two bodies that are copies of each other.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub level: Level,
    /// Jaccard similarity of the gram sets (1.0 for exact and renamed copies).
    pub similarity: f64,
    /// Share of the smaller body's grams found in the larger one.
    pub containment: f64,
}

/// The smaller body must be at least this share of the larger for containment to count
/// (a three-line function is not a copy of every large function that contains it).
const MIN_SIZE_RATIO: f64 = 0.4;

/// Number of values in both sorted, deduplicated lists.
pub fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Whether `a` and `b` are copies at `threshold` (0.0-1.0) or closer. Bodies under
/// `min_tokens` never match.
pub fn compare(a: &Shape, b: &Shape, threshold: f64, min_tokens: usize) -> Option<Match> {
    compare_with(a, b, threshold, min_tokens, true)
}

/// [`compare`]; without `strict_vocab`, near copies may also swap names (for two
/// functions already linked by other evidence, such as a shared rare name).
pub fn compare_with(
    a: &Shape,
    b: &Shape,
    threshold: f64,
    min_tokens: usize,
    strict_vocab: bool,
) -> Option<Match> {
    if (a.tokens as usize) < min_tokens || (b.tokens as usize) < min_tokens {
        return None;
    }
    if a.exact == b.exact {
        return Some(Match {
            level: Level::Exact,
            similarity: 1.0,
            containment: 1.0,
        });
    }
    if a.renamed == b.renamed {
        return Some(Match {
            level: Level::Renamed,
            similarity: 1.0,
            containment: 1.0,
        });
    }
    let (small, large) = if a.grams.len() <= b.grams.len() {
        (&a.grams, &b.grams)
    } else {
        (&b.grams, &a.grams)
    };
    if small.is_empty() {
        return None;
    }
    let n = shared(small, large) as f64;
    let jaccard = n / ((small.len() + large.len()) as f64 - n);
    let containment = n / small.len() as f64;
    // A near copy adds or drops statements; a look-alike swaps one name or operator for
    // another (`min` for `max`, `<` for `>`, `.name` for `.value`): each side then uses a
    // name the other does not.
    let only_a = a.vocab.len() - shared(&a.vocab, &b.vocab);
    let only_b = b.vocab.len() - shared(&a.vocab, &b.vocab);
    if strict_vocab && only_a > 0 && only_b > 0 {
        return None;
    }
    let sized = small.len() as f64 / large.len() as f64 >= MIN_SIZE_RATIO;
    (jaccard >= threshold || (sized && containment >= threshold)).then_some(Match {
        level: Level::Near,
        similarity: jaccard,
        containment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(exact: u64, renamed: u64, grams: &[u32], tokens: u32) -> Shape {
        Shape {
            exact,
            renamed,
            grams: grams.to_vec(),
            tokens,
            lines: (1, 1),
            vocab: Vec::new(),
        }
    }

    #[test]
    fn levels_and_thresholds() {
        let a = shape(1, 10, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 40);
        assert_eq!(compare(&a, &a, 0.85, 12).unwrap().level, Level::Exact);
        let b = shape(2, 10, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 40);
        assert_eq!(compare(&a, &b, 0.85, 12).unwrap().level, Level::Renamed);
        // 9 of 11 grams in common: Jaccard 9/11 = 0.82.
        let c = shape(3, 11, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 11], 40);
        let m = compare(&a, &c, 0.8, 12).unwrap();
        assert_eq!(m.level, Level::Near);
        assert!((m.similarity - 9.0 / 11.0).abs() < 1e-9);
        assert!(compare(&a, &c, 0.95, 12).is_none());
        // A drifted canonical: the copy's grams are all inside a body 1.5x as large.
        let grown = shape(
            4,
            12,
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 21, 22, 23, 24],
            60,
        );
        let m = compare(&a, &grown, 0.85, 12).unwrap();
        assert!(m.similarity < 0.85 && m.containment == 1.0);
        // Containment does not count for a much smaller body.
        let tiny = shape(5, 13, &[1, 2, 3], 14);
        assert!(compare(&tiny, &grown, 0.85, 12).is_none());
        // Tiny bodies never match, not even exactly.
        let t = shape(6, 14, &[1], 5);
        assert!(compare(&t, &t, 0.85, 12).is_none());
    }

    #[test]
    fn shared_counts_common_values() {
        assert_eq!(shared(&[1, 3, 5, 7], &[2, 3, 4, 5, 8]), 2);
        assert_eq!(shared(&[], &[1]), 0);
    }
}
