//! # SSOT002 renamed-copy
//!
//! ## What it does
//! Finds copies of a declared canonical helper that go by another name: every function,
//! method or lambda outside the canonical module whose body is a structural copy of the
//! canonical definition — identical up to layout (`exact`), up to local names and literal
//! values (`renamed`), or sharing most of its structure (`near`: an extra log line,
//! another fallback string, two statements swapped, or a canonical that has since grown
//! branches and still contains the copy). How far to look is the symbol's `copies`
//! (`off`, `exact`, `renamed`, `near`; default `near`) with `similarity` (default 0.85);
//! bodies under `min-tokens` (default 24 in the normalised stream, about 12 source
//! tokens) never match. A copy under the helper's own name
//! or an alias is SSOT001 and is not reported again; a method that uses its instance
//! counts only as an exact or renamed copy.
//!
//! ## Why is this bad?
//! A renamed copy is the one nobody finds: `make_slug` beside the canonical `slugify`
//! passes every name-based check, and drifts. On the incident's backend the canonical
//! helper had grown branches its four stale copies never got.
//!
//! ## Example
//! ```python
//! # shop/orders.py
//! def make_slug(text):          # a copy of shop.text.slugify
//!     return text.strip().lower().replace(" ", "-")
//! ```
//! Use instead:
//! ```python
//! from shop.text import slugify as make_slug
//! ```
//!
//! ## How to fix
//! Replace the copy with an import of the canonical helper under the copy's name (the
//! message names the lines where the bodies differ: check nothing there matters), or
//! rename call sites to the canonical name. If the two are meant to differ, make the
//! difference explicit or raise `similarity` for the symbol in lint.toml.
//!
//! ## Fix safety
//! Unsafe, like SSOT001's: the bodies may differ.

use super::Context;
use super::ssot001_duplicate_definition::consolidation;
use crate::config::Copies;
use crate::copies::{self, Level};
use crate::diagnostic::Diagnostic;
use crate::facts::{DefKind, Definition, ModuleFacts, Span};
use crate::plan::SymbolPlan;
use crate::source::SourceDb;

pub fn check(ctx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for sym in &ctx.plan.symbols {
        let allowed = match sym.cfg.copies {
            Copies::Off => continue,
            Copies::Exact => Level::Exact,
            Copies::Renamed => Level::Renamed,
            Copies::Near => Level::Near,
        };
        let Some(canonical) = sym.def.shape.as_deref() else {
            continue;
        };
        for file in ctx.index.files.iter().filter(|f| f.lang == sym.lang) {
            if file.module == sym.canonical() {
                continue;
            }
            for d in &file.defs {
                let Some(shape) = d.shape.as_deref() else {
                    continue;
                };
                if sym.is_name(&d.name) || d.kind == DefKind::Assignment {
                    continue; // SSOT001's
                }
                let Some(m) =
                    copies::compare(canonical, shape, sym.cfg.similarity, sym.cfg.min_tokens)
                else {
                    continue;
                };
                let needed = if d.receiver { Level::Renamed } else { allowed };
                if m.level < needed.max(allowed) {
                    continue;
                }
                let copy_is_smaller = shape.grams.len() < canonical.grams.len();
                out.push(diagnose(ctx.db, sym, file, d, m, copy_is_smaller));
            }
        }
    }
    out
}

fn diagnose(
    db: &SourceDb,
    sym: &SymbolPlan,
    file: &ModuleFacts,
    d: &Definition,
    m: copies::Match,
    copy_is_smaller: bool,
) -> Diagnostic {
    let how = match m.level {
        Level::Exact => "an exact copy".to_string(),
        Level::Renamed => "a copy with other names and literals".to_string(),
        Level::Near if m.similarity >= sym.cfg.similarity => {
            format!("a near copy ({:.0}% similar)", m.similarity * 100.0)
        }
        Level::Near if copy_is_smaller => format!(
            "a near copy ({:.0}% of it is in the canonical body, which has grown; {:.0}% similar overall)",
            m.containment * 100.0,
            m.similarity * 100.0
        ),
        Level::Near => format!(
            "a near copy (it holds {:.0}% of the canonical body and more; {:.0}% similar overall)",
            m.containment * 100.0,
            m.similarity * 100.0
        ),
    };
    let differing = differing_lines(db, sym.file, sym.def.item_span, file, d.item_span);
    let message = format!(
        "`{}` is {how} of `{}`, whose single source of truth is `{}`",
        d.name,
        sym.name(),
        sym.canonical()
    );
    let import = sym.import_for(file, &d.name, d.public);
    let mut diag = Diagnostic::new(&file.path, d.span, message)
        .label(format!("copy of `{}`", sym.name()))
        .symbol(sym.name())
        .canonical(sym.canonical())
        .related(&sym.file.path, sym.def.span, "the canonical definition");
    diag = if matches!(d.kind, DefKind::Method | DefKind::TraitMethod) {
        let call = sym.import_for(file, sym.name(), false);
        diag.help(format!(
            "make this method call the canonical helper (`{call}`) instead of repeating it"
        ))
    } else {
        diag.help(format!(
            "delete this copy and import the canonical one under its name: `{import}`"
        ))
        .fix(consolidation(sym, file, d, db).map(|f| with_difference(f, &differing)))
    };
    if let Some(note) = differing_note(&differing) {
        diag = diag.note(note);
    }
    diag.reason(sym.reason())
}

/// `fix` with the copy's differing lines named in its message (what consolidating drops).
pub(super) fn with_difference(
    mut fix: crate::diagnostic::Fix,
    differing: &[usize],
) -> crate::diagnostic::Fix {
    if !differing.is_empty() {
        let shown: Vec<String> = differing.iter().take(8).map(usize::to_string).collect();
        fix.message.push_str(&format!(
            " (drops the copy's line{} {}{}, which the canonical body does not have)",
            if differing.len() == 1 { "" } else { "s" },
            shown.join(", "),
            if differing.len() > 8 { ", ..." } else { "" }
        ));
    }
    fix
}

/// "the bodies differ at lines 12, 14: ..." for the lines [`differing_lines`] found.
pub(super) fn differing_note(differing: &[usize]) -> Option<String> {
    if differing.is_empty() {
        return None;
    }
    let shown: Vec<String> = differing.iter().take(8).map(usize::to_string).collect();
    Some(format!(
        "the bodies differ at line{} {}{}: check nothing there is needed before consolidating",
        if differing.len() == 1 { "" } else { "s" },
        shown.join(", "),
        if differing.len() > 8 { ", ..." } else { "" }
    ))
}

/// A line's outline: names, strings and numbers replaced by placeholders, spaces dropped,
/// so renamed locals and other literals do not count as differences.
fn outline(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if c == '_' || c.is_alphanumeric() {
            while chars
                .peek()
                .is_some_and(|n| *n == '_' || n.is_alphanumeric())
            {
                chars.next();
            }
            out.push(if c.is_ascii_digit() { '0' } else { 'a' });
        } else if c == '"' || c == '\'' {
            while let Some(n) = chars.next() {
                if n == '\\' {
                    chars.next();
                } else if n == c {
                    break;
                }
            }
            out.push('s');
        } else if c == '#' || (c == '/' && chars.peek() == Some(&'/')) {
            break;
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// Lines of the copy (1-based, in its file) with no counterpart in the canonical body,
/// comparing the outlines of non-blank lines (longest common subsequence; bodies over 400 lines
/// are not compared).
pub(super) fn differing_lines(
    db: &SourceDb,
    canonical_file: &ModuleFacts,
    canonical: Span,
    file: &ModuleFacts,
    copy: Span,
) -> Vec<usize> {
    let lines = |f: &ModuleFacts, s: Span| -> Vec<(usize, String)> {
        let text = db.text(&f.path);
        let first = crate::diagnostic::line_col(&f.line_starts, s.start, None).0;
        text.get(s.start as usize..s.end as usize)
            .unwrap_or("")
            .lines()
            .enumerate()
            .map(|(i, l)| (first + i, outline(l)))
            .filter(|(_, l)| !l.is_empty())
            .collect()
    };
    let a = lines(canonical_file, canonical);
    let b = lines(file, copy);
    if a.len() > 400 || b.len() > 400 || b.is_empty() {
        return Vec::new();
    }
    // The first line holds the name, which differs by definition: skip it.
    let (a, b) = (&a[1.min(a.len())..], &b[1.min(b.len())..]);
    let mut dp = vec![vec![0u16; a.len() + 1]; b.len() + 1];
    for i in (0..b.len()).rev() {
        for j in (0..a.len()).rev() {
            dp[i][j] = if b[i].1 == a[j].1 {
                dp[i + 1][j + 1] + 1
            } else {
                dp[i + 1][j].max(dp[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < b.len() {
        if j < a.len() && b[i].1 == a[j].1 {
            i += 1;
            j += 1;
        } else if j < a.len() && dp[i][j + 1] >= dp[i + 1][j] {
            j += 1;
        } else {
            out.push(b[i].0);
            i += 1;
        }
    }
    out
}
