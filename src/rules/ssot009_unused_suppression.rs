//! # SSOT009 unused-suppression
//!
//! ## What it does
//! Reports a suppression comment (`ssot: ignore`, `ssot: ignore[...]`, or the ssot codes of
//! a `noqa: ...`) that suppressed nothing in this run, a code in it that names no rule
//! (`SSOT999`, with a did-you-mean) or that cannot be suppressed (`SSOT000`), and, when
//! lint.toml sets `[suppressions] require-reason = true`, a suppression without a reason
//! after its codes (such a suppression suppresses nothing). A warning: it never fails the
//! run by itself. In file-argument mode only the named files' suppressions are judged; a
//! file that does not parse is not judged. Codes of other tools in a `noqa` (`F401`) are
//! left alone.
//!
//! ## Why is this bad?
//! A suppression outlives the finding it silenced: once the copy is gone or the import is
//! re-pointed, the comment stays and silently swallows the next, real finding on that line.
//! A misspelt code silences nothing at all while looking as if it did, and a suppression
//! without a reason leaves the next reader guessing whether it may go.
//!
//! ## Example
//! ```python
//! from shop.money import format_amount  # ssot: ignore[SSOT003]   (already canonical)
//! def to_cents(x): ...                   # ssot: ignore[SSOT01]    (no such rule)
//! ```
//! Use instead:
//! ```python
//! from shop.money import format_amount
//! def to_cents(x): ...                   # ssot: ignore[SSOT001] legacy shim until v3
//! ```
//!
//! ## How to fix
//! Remove the unused or unknown code from the list, or the whole marker when it was the
//! only code (the safe fix does either; in a comment with other parts, such as
//! `# type: ignore # ssot: ignore[SSOT003]`, only the ssot part goes). Fix a misspelt code
//! by hand. Add a reason after the codes when lint.toml requires one. To keep a marker
//! that is unused on purpose, name `SSOT009` in a marker on the same line.
//!
//! ## Fix safety
//! Safe: removing a marker that suppressed nothing changes no finding and no code.

use super::{Code, Context, RULES};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::facts::{ModuleFacts, Span};
use crate::source::SourceDb;
use crate::suppress::{self, Comment, Kind, Marker, Tracker};

/// Judged after suppressions are applied, in [`crate::check`] (see [`unused`]); the
/// registry run reports nothing.
pub fn check(_ctx: &Context) -> Vec<Diagnostic> {
    Vec::new()
}

/// Why one code of a marker is reported.
enum Bad {
    Unused,
    Unknown(Option<&'static str>),
    Unsuppressible,
}

/// Every SSOT009 of `files`, given what `tracker` saw suppressed.
/// `active(path, code)`: whether `code` ran on `path` in this run (a rule left out by
/// `--select` / `--ignore`, `severity = "off"` or `per-file-ignores` produced nothing a
/// marker could suppress, so its markers are not judged).
pub fn unused(
    files: &[&ModuleFacts],
    db: &SourceDb,
    tracker: &Tracker,
    active: &dyn Fn(&str, Code) -> bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for f in files {
        if f.problems.iter().any(|p| p.is_error) {
            continue;
        }
        let text = db.text(&f.path);
        let prefix = f.lang.frontend().comment_prefix();
        for i in suppress::candidate_lines(&text, &f.line_starts) {
            let start = f.line_starts[i] as usize;
            let end = f.line_starts.get(i + 1).map_or(text.len(), |&e| e as usize);
            let Some(line) = text.get(start..end) else {
                continue;
            };
            let line = line.trim_end_matches(['\r', '\n']);
            let c = suppress::parse(line, Some(prefix));
            // `SSOT009` named on the line: its markers are kept on purpose.
            if c.markers.iter().any(|m| {
                m.codes
                    .as_ref()
                    .is_some_and(|cs| cs.iter().any(|c| c.text.eq_ignore_ascii_case("SSOT009")))
            }) {
                continue;
            }
            let ln = LineRef {
                path: &f.path,
                number: i + 1,
                start,
                next: end,
                text: line,
            };
            for (k, m) in c.markers.iter().enumerate() {
                if let Some(d) = judge(&ln, &c, k, m, tracker, active) {
                    out.push(d);
                }
            }
        }
    }
    for d in &mut out {
        d.code = Code::Ssot009;
    }
    out
}

struct LineRef<'a> {
    path: &'a str,
    /// 1-based.
    number: usize,
    /// Byte offset of the line in the file, and of the next line.
    start: usize,
    next: usize,
    text: &'a str,
}

impl LineRef<'_> {
    fn span(&self, r: &std::ops::Range<usize>) -> Span {
        Span::new((self.start + r.start) as u32, (self.start + r.end) as u32)
    }
}

fn judge(
    ln: &LineRef,
    c: &Comment,
    k: usize,
    m: &Marker,
    t: &Tracker,
    active: &dyn Fn(&str, Code) -> bool,
) -> Option<Diagnostic> {
    if !m.is_ssot() {
        return None;
    }
    let span = ln.span(&m.span);
    let shown = &ln.text[m.span.clone()];
    if t.require_reason && m.reason.is_none() {
        return Some(
            Diagnostic::new(
                ln.path,
                span,
                format!("suppression without a reason: `{shown}` suppresses nothing"),
            )
            .warning()
            .label("no reason after the codes")
            .help(format!(
                "write why after the codes, e.g. `{shown} legacy shim until v3`, or remove it"
            ))
            .note("lint.toml sets `[suppressions] require-reason = true`"),
        );
    }
    let Some(codes) = &m.codes else {
        if t.used(ln.path, ln.number, k, None) {
            return None;
        }
        return Some(
            Diagnostic::new(
                ln.path,
                span,
                format!("unused suppression: `{shown}` suppresses nothing on this line"),
            )
            .warning()
            .label("suppresses nothing")
            .help("remove the marker")
            .fix(Some(Fix::safe(
                "remove the unused suppression",
                remove_part(ln, c, m.part),
            ))),
        );
    };
    let judged = |text: &str| m.kind == Kind::Ignore || suppress::is_ssot_code(text);
    let bad: Vec<(usize, Bad)> = codes
        .iter()
        .enumerate()
        .filter(|(_, c)| judged(&c.text))
        .filter_map(|(j, c)| {
            let rule = RULES.iter().find(|r| r.id.eq_ignore_ascii_case(&c.text));
            let why = match rule {
                None => {
                    let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
                    Bad::Unknown(crate::hint::did_you_mean(&c.text, &ids))
                }
                Some(r) if r.code == Code::Ssot000 => Bad::Unsuppressible,
                Some(r) if !active(ln.path, r.code) => return None,
                Some(_) if t.used(ln.path, ln.number, k, Some(j)) => return None,
                Some(_) => Bad::Unused,
            };
            Some((j, why))
        })
        .collect();
    if bad.is_empty() {
        return None;
    }
    let mut d = Diagnostic::new(ln.path, span, message(codes, &bad))
        .warning()
        .label(if bad.iter().all(|(_, b)| matches!(b, Bad::Unused)) {
            "suppresses nothing"
        } else {
            "not a code that can be suppressed"
        });
    for (j, b) in &bad {
        let code = &codes[*j].text;
        match b {
            Bad::Unknown(Some(s)) => {
                d = d.note(format!("`{code}` is no rule: did you mean `{s}`?"))
            }
            Bad::Unknown(None) => {
                d = d.note(format!("`{code}` is no rule; `ssot rule` lists the codes"))
            }
            Bad::Unsuppressible => {
                d = d.note("SSOT000 (a file that cannot be parsed) cannot be suppressed")
            }
            Bad::Unused => {}
        }
    }
    let kept: Vec<&str> = codes
        .iter()
        .enumerate()
        .filter(|(j, _)| !bad.iter().any(|(b, _)| b == j))
        .map(|(_, c)| c.text.as_str())
        .collect();
    let removed: Vec<String> = bad
        .iter()
        .map(|(j, _)| format!("`{}`", codes[*j].text))
        .collect();
    let (help, edits) = if kept.is_empty() {
        ("remove the marker".to_string(), remove_part(ln, c, m.part))
    } else {
        let r = codes[0].range.start..codes[codes.len() - 1].range.end;
        (
            format!("remove {} from the list", removed.join(", ")),
            vec![Edit::replace(ln.path, ln.span(&r), kept.join(", "))],
        )
    };
    Some(d.help(help.clone()).fix(Some(Fix::safe(help, edits))))
}

fn message(codes: &[suppress::CodeRef], bad: &[(usize, Bad)]) -> String {
    let list = |pred: fn(&Bad) -> bool| {
        bad.iter()
            .filter(|(_, b)| pred(b))
            .map(|(j, _)| format!("`{}`", codes[*j].text))
            .collect::<Vec<_>>()
    };
    let unused = list(|b| matches!(b, Bad::Unused));
    let unknown = list(|b| matches!(b, Bad::Unknown(_)));
    let never = list(|b| matches!(b, Bad::Unsuppressible));
    let mut parts = Vec::new();
    if !unused.is_empty() {
        parts.push(format!(
            "{} suppressed nothing on this line",
            unused.join(", ")
        ));
    }
    if !unknown.is_empty() {
        parts.push(format!(
            "{} {} no rule code",
            unknown.join(", "),
            if unknown.len() == 1 { "is" } else { "are" }
        ));
    }
    if !never.is_empty() {
        parts.push(format!("{} cannot be suppressed", never.join(", ")));
    }
    format!("unused suppression: {}", parts.join("; "))
}

/// Edits removing comment part `i` (a whole marker) from the line, leaving the other parts
/// (`# type: ignore`) and the code intact; a line left blank goes entirely.
fn remove_part(ln: &LineRef, c: &Comment, i: usize) -> Vec<Edit> {
    let parts = &c.parts;
    let text = ln.text;
    let ws_before = |at: usize| at - (text[..at].len() - text[..at].trim_end().len());
    let line_end = text.trim_end().len();
    let range = if parts.len() == 1 {
        let from = ws_before(parts[0].start);
        if from == 0 {
            // Nothing but the comment on the line: remove the line.
            return vec![Edit::delete(
                ln.path,
                Span::new(ln.start as u32, ln.next as u32),
            )];
        }
        from..line_end
    } else if i == 0 {
        parts[0].start + c.sep_len[0]..parts[1].start + c.sep_len[1]
    } else if i + 1 == parts.len() {
        ws_before(parts[i].start)..line_end.max(parts[i].start)
    } else {
        parts[i].start..parts[i + 1].start
    };
    vec![Edit::delete(ln.path, ln.span(&range))]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `line` with marker `k`'s part removed.
    fn removed(line: &str, prefix: &str) -> String {
        let text = format!("{line}\nnext\n");
        let c = suppress::parse(line, Some(prefix));
        let ln = LineRef {
            path: "a",
            number: 1,
            start: 0,
            next: line.len() + 1,
            text: line,
        };
        let e = &remove_part(&ln, &c, c.markers[0].part)[0];
        format!(
            "{}{}{}",
            &text[..e.span.start as usize],
            e.content,
            &text[e.span.end as usize..]
        )
    }

    #[test]
    fn removing_a_marker_keeps_code_and_other_comment_parts() {
        let cases = [
            ("x = 1  # ssot: ignore[SSOT001] why", "#", "x = 1\nnext\n"),
            (
                "x  # type: ignore # ssot: ignore[X1]",
                "#",
                "x  # type: ignore\nnext\n",
            ),
            (
                "x  # ssot: ignore[X1] why # type: ignore",
                "#",
                "x  # type: ignore\nnext\n",
            ),
            ("x  # a # ssot: ignore[X1] # b", "#", "x  # a # b\nnext\n"),
            ("    # ssot: ignore[X1] own line", "#", "next\n"),
            ("fn f() {} // ssot: ignore", "//", "fn f() {}\nnext\n"),
            (
                "#[a] // why // ssot: ignore[X1]",
                "//",
                "#[a] // why\nnext\n",
            ),
        ];
        for (line, prefix, want) in cases {
            assert_eq!(removed(line, prefix), want, "{line}");
        }
    }
}
