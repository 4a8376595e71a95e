//! `--format sarif`: SARIF 2.1.0 (what GitHub code scanning and most CI dashboards read).
//! Hand-written serde structs for the part we emit; validated against the published
//! schema in CI.

use std::io::{self, Write};

use serde::Serialize;

use super::Emitter;
use crate::Report;
use crate::diagnostic::{Applicability, Location, Resolved, Severity};

/// `--format sarif`.
pub struct Sarif;

#[derive(Serialize)]
struct Doc<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
struct Run<'a> {
    tool: Tool,
    #[serde(rename = "originalUriBaseIds")]
    original_uri_base_ids: BaseIds,
    /// Columns count characters (Unicode code points), as everywhere in ssot.
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct BaseIds {
    #[serde(rename = "%SRCROOT%")]
    src_root: Uri,
}

#[derive(Serialize)]
struct Uri {
    uri: String,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
struct Driver {
    name: &'static str,
    version: &'static str,
    #[serde(rename = "informationUri")]
    information_uri: &'static str,
    rules: Vec<RuleDesc>,
}

#[derive(Serialize)]
struct RuleDesc {
    id: &'static str,
    name: &'static str,
    #[serde(rename = "shortDescription")]
    short_description: Text,
    #[serde(rename = "fullDescription")]
    full_description: Text,
    help: Help,
    #[serde(rename = "helpUri")]
    help_uri: String,
    #[serde(rename = "defaultConfiguration")]
    default_configuration: Config,
}

#[derive(Serialize)]
struct Config {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct SarifResult<'a> {
    #[serde(rename = "ruleId")]
    rule_id: &'a str,
    #[serde(rename = "ruleIndex")]
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation>,
    #[serde(rename = "relatedLocations", skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Related>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
    /// Stable when code moves (see `report::fingerprint`), so a dashboard tracks a
    /// finding across commits.
    #[serde(rename = "partialFingerprints")]
    partial_fingerprints: Fingerprints,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "ssot/v1")]
    ssot: String,
}

#[derive(Serialize)]
struct SarifFix {
    description: Text,
    #[serde(rename = "artifactChanges")]
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
struct ArtifactChange {
    #[serde(rename = "artifactLocation")]
    artifact_location: Artifact,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
struct Replacement {
    #[serde(rename = "deletedRegion")]
    deleted_region: Region,
    #[serde(rename = "insertedContent")]
    inserted_content: Text,
}

#[derive(Serialize)]
struct SarifLocation {
    #[serde(rename = "physicalLocation")]
    physical_location: Physical,
}

#[derive(Serialize)]
struct Related {
    id: usize,
    #[serde(rename = "physicalLocation")]
    physical_location: Physical,
    message: Text,
}

#[derive(Serialize)]
struct Physical {
    #[serde(rename = "artifactLocation")]
    artifact_location: Artifact,
    region: Region,
}

#[derive(Serialize)]
struct Artifact {
    uri: String,
    #[serde(rename = "uriBaseId")]
    uri_base_id: &'static str,
}

#[derive(Serialize)]
struct Region {
    #[serde(rename = "startLine")]
    start_line: usize,
    #[serde(rename = "startColumn")]
    start_column: usize,
    #[serde(rename = "endLine", skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(rename = "endColumn", skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

fn physical(loc: &Location, start: (usize, usize), end: Option<(usize, usize)>) -> Physical {
    Physical {
        artifact_location: artifact(&loc.path),
        region: Region {
            start_line: start.0,
            start_column: start.1,
            end_line: end.map(|e| e.0),
            end_column: end.map(|e| e.1),
        },
    }
}

fn rules() -> Vec<RuleDesc> {
    crate::rules::RULES
        .iter()
        .map(|r| {
            let doc = r.doc();
            let what = doc
                .split("## What it does")
                .nth(1)
                .and_then(|s| s.split("\n## ").next())
                .unwrap_or("")
                .trim()
                .replace('\n', " ");
            RuleDesc {
                id: r.id,
                name: r.name,
                short_description: Text {
                    text: r.summary.to_string(),
                },
                full_description: Text { text: what.clone() },
                help: Help {
                    text: doc.clone(),
                    markdown: doc,
                },
                help_uri: crate::rules::doc_url(r),
                default_configuration: Config {
                    level: r.default_severity().as_str(),
                },
            }
        })
        .collect()
}

/// `s` percent-encoded for a URI path: unreserved characters and `/` stay, every other
/// byte of its UTF-8 becomes `%XX`.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn artifact(path: &str) -> Artifact {
    Artifact {
        uri: percent_encode(path),
        uri_base_id: "%SRCROOT%",
    }
}

/// The diagnostic's fix as SARIF, one artifact change per file (edits come sorted by
/// path). Display-only fixes and fixes without edits are not machine-applicable: none.
fn fixes(d: &Resolved) -> Vec<SarifFix> {
    let Some(fix) = &d.diag.fix else {
        return Vec::new();
    };
    if fix.applicability == Applicability::DisplayOnly || fix.edits.is_empty() {
        return Vec::new();
    }
    let mut changes: Vec<ArtifactChange> = Vec::new();
    for (e, p) in fix.edits.iter().zip(&d.edit_pos) {
        let replacement = Replacement {
            deleted_region: Region {
                start_line: p.start.line,
                start_column: p.start.column,
                end_line: Some(p.end.line),
                end_column: Some(p.end.column),
            },
            inserted_content: Text {
                text: e.content.clone(),
            },
        };
        match changes
            .iter_mut()
            .find(|c| c.artifact_location.uri == e.path)
        {
            Some(c) => c.replacements.push(replacement),
            None => changes.push(ArtifactChange {
                artifact_location: artifact(&e.path),
                replacements: vec![replacement],
            }),
        }
    }
    vec![SarifFix {
        description: Text {
            text: fix.message.clone(),
        },
        artifact_changes: changes,
    }]
}

impl Emitter for Sarif {
    fn emit(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let root = std::fs::canonicalize(&report.root).unwrap_or_else(|_| report.root.clone());
        let shown = root.display().to_string().replace('\\', "/");
        let shown = if shown.starts_with('/') {
            shown
        } else {
            format!("/{shown}")
        };
        let mut root_uri = format!("file://{}", percent_encode(&shown));
        if !root_uri.ends_with('/') {
            root_uri.push('/');
        }
        let prints = super::fingerprint::fingerprints(report);
        let results = report
            .diagnostics
            .iter()
            .zip(prints)
            .map(|(d, fp)| {
                let mut text = d.diag.message.clone();
                if let Some(h) = &d.diag.help {
                    text.push_str("\nhelp: ");
                    text.push_str(h);
                }
                SarifResult {
                    rule_id: d.diag.code.as_str(),
                    rule_index: crate::rules::RULES
                        .iter()
                        .position(|r| r.code == d.diag.code)
                        .unwrap_or(0),
                    level: match d.diag.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    },
                    message: Text { text },
                    locations: vec![SarifLocation {
                        physical_location: physical(
                            &d.diag.location,
                            (d.line, d.column),
                            Some((d.end_line, d.end_column)),
                        ),
                    }],
                    related_locations: d
                        .diag
                        .related
                        .iter()
                        .zip(&d.related_pos)
                        .enumerate()
                        .map(|(id, (r, pos))| Related {
                            id,
                            physical_location: physical(&r.location, *pos, None),
                            message: Text {
                                text: r.message.clone(),
                            },
                        })
                        .collect(),
                    fixes: fixes(d),
                    partial_fingerprints: Fingerprints { ssot: fp },
                }
            })
            .collect();
        let doc = Doc {
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            version: "2.1.0",
            runs: vec![Run {
                tool: Tool {
                    driver: Driver {
                        name: "ssot",
                        version: env!("CARGO_PKG_VERSION"),
                        information_uri: "https://github.com/ssot-lint/ssot",
                        rules: rules(),
                    },
                },
                original_uri_base_ids: BaseIds {
                    src_root: Uri { uri: root_uri },
                },
                column_kind: "unicodeCodePoints",
                results,
            }],
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn emit() -> Value {
        let mut out = Vec::new();
        Sarif
            .emit(&crate::report::tests::sample(), &mut out)
            .unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn fixes_are_grouped_by_file() {
        let v = emit();
        let results = v["runs"][0]["results"].as_array().unwrap();
        assert_eq!(
            results[0]["fixes"],
            json!([{
                "description": {"text": "import from `c`"},
                "artifactChanges": [
                    {"artifactLocation": {"uri": "a.py", "uriBaseId": "%SRCROOT%"},
                     "replacements": [
                        {"deletedRegion": {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 7},
                         "insertedContent": {"text": "c"}},
                        {"deletedRegion": {"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 1},
                         "insertedContent": {"text": "# moved\n"}},
                     ]},
                    {"artifactLocation": {"uri": "b.py", "uriBaseId": "%SRCROOT%"},
                     "replacements": [
                        {"deletedRegion": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 4},
                         "insertedContent": {"text": "fn"}},
                     ]},
                ]
            }])
        );
        // Display-only fixes and diagnostics without a fix carry no `fixes`.
        assert!(results[1].get("fixes").is_none());
        assert!(results[2].get("fixes").is_none());
    }

    #[test]
    fn short_descriptions_are_the_rule_summaries() {
        let v = emit();
        let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), crate::rules::RULES.len());
        for (r, rule) in rules.iter().zip(crate::rules::RULES) {
            assert_eq!(r["shortDescription"]["text"], rule.summary);
        }
    }
}
