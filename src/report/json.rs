//! `--format json`: one object on stdout, exactly the contract in DESIGN.md (version 1,
//! with the additive `help`, `notes`, `related` and `fix` fields).

use std::io::{self, Write};

use serde::Serialize;

use super::Emitter;
use crate::Report;
use crate::diagnostic::{Fix, Resolved};

/// `--format json`.
pub struct Json;

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<Diag<'a>>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    duration_ms: u128,
}

#[derive(Serialize)]
struct Diag<'a> {
    code: &'a str,
    rule: &'a str,
    severity: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    symbol: Option<&'a str>,
    canonical: Option<&'a str>,
    help: Option<&'a str>,
    notes: &'a [String],
    related: Vec<RelatedOut<'a>>,
    fix: Option<FixOut<'a>>,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct FixOut<'a> {
    applicability: &'static str,
    message: &'a str,
    edits: Vec<EditOut<'a>>,
}

#[derive(Serialize)]
struct EditOut<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    /// Byte offsets of the replaced range.
    start: u32,
    end: u32,
    content: &'a str,
}

fn fix<'a>(f: &'a Fix, r: &Resolved) -> FixOut<'a> {
    FixOut {
        applicability: f.applicability.as_str(),
        message: &f.message,
        edits: f
            .edits
            .iter()
            .zip(&r.edit_pos)
            .map(|(e, p)| EditOut {
                path: &e.path,
                line: p.start.line,
                column: p.start.column,
                end_line: p.end.line,
                end_column: p.end.column,
                start: e.span.start,
                end: e.span.end,
                content: &e.content,
            })
            .collect(),
    }
}

fn diag(d: &Resolved) -> Diag<'_> {
    Diag {
        code: d.diag.code.as_str(),
        rule: d.diag.code.name(),
        severity: d.diag.severity.as_str(),
        path: &d.diag.location.path,
        line: d.line,
        column: d.column,
        end_line: d.end_line,
        end_column: d.end_column,
        message: &d.diag.message,
        symbol: d.diag.symbol.as_deref(),
        canonical: d.diag.canonical.as_deref(),
        help: d.diag.help.as_deref(),
        notes: &d.diag.notes,
        related: d
            .diag
            .related
            .iter()
            .zip(&d.related_pos)
            .map(|(r, &(line, column))| RelatedOut {
                path: &r.location.path,
                line,
                column,
                message: &r.message,
            })
            .collect(),
        fix: d.diag.fix.as_ref().map(|f| fix(f, d)),
    }
}

impl Emitter for Json {
    fn emit(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let doc = Out {
            version: 1,
            summary: Summary {
                files: report.files,
                errors: report.errors(),
                warnings: report.warnings(),
                duration_ms: report.duration_ms,
            },
            diagnostics: report.diagnostics.iter().map(diag).collect(),
        };
        serde_json::to_writer(&mut *out, &doc)?;
        writeln!(out)
    }
}

/// `--format json-lines`: one diagnostic object (the `json` format's) per line, for
/// streaming consumers; no summary.
pub struct JsonLines;

impl Emitter for JsonLines {
    fn emit(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        for d in &report.diagnostics {
            serde_json::to_writer(&mut *out, &diag(d))?;
            writeln!(out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn emit() -> Value {
        let mut out = Vec::new();
        Json.emit(&crate::report::tests::sample(), &mut out)
            .unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn diagnostics_carry_help_notes_related_and_fix() {
        let v = emit();
        assert_eq!(v["version"], 1);
        assert_eq!(
            v["summary"],
            json!({"files": 1789, "errors": 2, "warnings": 1, "duration_ms": 7})
        );
        let d = &v["diagnostics"][0];
        assert_eq!(d["help"], "import it from `c`");
        assert_eq!(d["notes"], json!(["b only re-exports it"]));
        assert_eq!(
            d["related"],
            json!([{"path": "b.py", "line": 1, "column": 5, "message": "the canonical definition"}])
        );
        // Edits come sorted by path and span; positions are 1-based, offsets are bytes.
        assert_eq!(
            d["fix"],
            json!({
                "applicability": "safe",
                "message": "import from `c`",
                "edits": [
                    {"path": "a.py", "line": 1, "column": 6, "end_line": 1, "end_column": 7,
                     "start": 5, "end": 6, "content": "c"},
                    {"path": "a.py", "line": 2, "column": 1, "end_line": 2, "end_column": 1,
                     "start": 16, "end": 16, "content": "# moved\n"},
                    {"path": "b.py", "line": 1, "column": 1, "end_line": 1, "end_column": 4,
                     "start": 0, "end": 3, "content": "fn"},
                ]
            })
        );
    }

    #[test]
    fn absent_parts_are_null_or_empty() {
        let v = emit();
        let d = &v["diagnostics"][2];
        assert_eq!(d["severity"], "warning");
        assert_eq!(d["help"], Value::Null);
        assert_eq!(d["notes"], json!([]));
        assert_eq!(d["related"], json!([]));
        assert_eq!(d["fix"], Value::Null);
        assert_eq!(v["diagnostics"][1]["fix"]["applicability"], "display-only");
        assert_eq!(v["diagnostics"][1]["fix"]["edits"], json!([]));
    }
}
