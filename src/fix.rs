//! Applying [`Edit`]s to text: the one place that turns a fix into new file contents.
//! Used by the tests that prove every suggested edit is right, and by `--fix` later.
//!
//! Edits to one file are applied from the end backwards, so earlier offsets stay valid.
//! Identical edits (two diagnostics inserting the same import at the same place) are
//! applied once; edits that overlap otherwise are refused, to be re-tried on a later pass.

use crate::diagnostic::{Applicability, Edit, Fix};

/// Two edits of one file that overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    pub first: Edit,
    pub second: Edit,
}

/// `text` with `edits` (all for the same file) applied.
pub fn apply(text: &str, edits: &[&Edit]) -> Result<String, Box<Overlap>> {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    sorted.dedup_by(|a, b| a == b);
    for w in sorted.windows(2) {
        let (a, b) = (w[0], w[1]);
        // Two insertions at one point are fine (kept in order); otherwise no overlap.
        let both_insert = a.span.is_empty() && b.span.is_empty();
        if a.span.end > b.span.start
            || (a.span.start == b.span.start && !both_insert && a.span.end > a.span.start)
        {
            return Err(Box::new(Overlap {
                first: a.clone(),
                second: b.clone(),
            }));
        }
    }
    let mut out = text.to_string();
    for e in sorted.iter().rev() {
        let (s, t) = (e.span.start as usize, e.span.end as usize);
        if t > out.len() || s > t || !out.is_char_boundary(s) || !out.is_char_boundary(t) {
            return Err(Box::new(Overlap {
                first: (*e).clone(),
                second: (*e).clone(),
            }));
        }
        out.replace_range(s..t, &e.content);
    }
    Ok(out)
}

/// True when `fix` may be applied at the `allowed` level (`Safe` applies only safe
/// fixes, `Unsafe` both; display-only fixes never).
pub fn applicable(fix: &Fix, allowed: Applicability) -> bool {
    match fix.applicability {
        Applicability::Safe => allowed != Applicability::DisplayOnly,
        Applicability::Unsafe => allowed == Applicability::Unsafe,
        Applicability::DisplayOnly => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Span;

    #[test]
    fn edits_apply_back_to_front_and_identical_ones_once() {
        let t = "import a\nx = a.h()\n";
        let e1 = Edit::replace("f", Span::new(13, 16), "h");
        let e2 = Edit::insert("f", 9, "from c import h\n");
        let e3 = e2.clone();
        assert_eq!(
            apply(t, &[&e1, &e2, &e3]).unwrap(),
            "import a\nfrom c import h\nx = h()\n"
        );
        let clash = Edit::replace("f", Span::new(14, 15), "z");
        assert!(apply(t, &[&e1, &clash]).is_err());
    }
}
