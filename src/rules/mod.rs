//! The rule registry: one file per rule, one line per rule here.
//!
//! A rule is a function from the [`Context`] (index + resolved plan) to diagnostics. Rules
//! never print and never branch on a file's language: anything language-specific comes
//! from the file's front end ([`crate::lang::Frontend`]).

use crate::diagnostic::Diagnostic;
use crate::index::Index;
use crate::plan::Plan;
use crate::source::SourceDb;

pub(crate) mod edits;
mod entries;
mod ssot000_parse_error;
mod ssot001_duplicate_definition;
mod ssot002_renamed_copy;
mod ssot003_non_canonical_import;
mod ssot004_stray_alias_table;
mod ssot005_missing_required_alias;
mod ssot006_alias_table_conflict;
mod ssot007_missing_canonical;
pub(crate) mod ssot008_unguarded_value;
pub(crate) mod ssot009_unused_suppression;

/// What a rule sees.
pub struct Context<'a> {
    pub index: &'a Index<'a>,
    /// lint.toml resolved against the index: rules never read the raw config.
    pub plan: &'a Plan<'a>,
    /// Path of lint.toml relative to the root (diagnostics about the config point there).
    pub config_path: &'a str,
    /// Every file's text, for building fixes.
    pub db: &'a SourceDb,
}

/// A rule code. Diagnostics carry this, never a string, and the registry stamps it from
/// the rule that produced them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    Ssot000,
    Ssot001,
    Ssot002,
    Ssot003,
    Ssot004,
    Ssot005,
    Ssot006,
    Ssot007,
    Ssot008,
    Ssot009,
}

impl Code {
    /// The registry entry of this code.
    pub fn rule(self) -> &'static Rule {
        RULES
            .iter()
            .find(|r| r.code == self)
            .expect("every code has a registry line (tested)")
    }
    /// `SSOT003`.
    pub fn as_str(self) -> &'static str {
        self.rule().id
    }
    /// `non-canonical-import`.
    pub fn name(self) -> &'static str {
        self.rule().name
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A registered rule.
pub struct Rule {
    pub code: Code,
    /// `SSOT003`.
    pub id: &'static str,
    pub name: &'static str,
    /// One sentence: what the rule flags (`ssot rule`, SARIF short descriptions).
    pub summary: &'static str,
    /// The rule file's source; its `//!` comment is the rule's documentation.
    source: &'static str,
    run: fn(&Context) -> Vec<Diagnostic>,
}

/// Where each rule's documentation lives in the repository (`docs/rules/SSOT003.md`,
/// generated from the rule's doc comment and kept current by a test).
pub const DOCS_BASE: &str = "https://github.com/ssot-lint/ssot/blob/main/docs/rules";

/// The stable URL of `rule`'s documentation page.
pub fn doc_url(rule: &Rule) -> String {
    format!("{DOCS_BASE}/{}.md", rule.id)
}

impl Rule {
    /// The level the rule reports at unless lint.toml's `[rules] severity` says otherwise.
    pub fn default_severity(&self) -> crate::diagnostic::Severity {
        crate::diagnostic::Severity::Error
    }

    /// The rule's documentation (its module doc comment), as Markdown.
    pub fn doc(&self) -> String {
        self.source
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| {
                l.strip_prefix("//! ")
                    .unwrap_or(l.trim_start_matches("//!"))
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Run the rule; every diagnostic it returns carries this rule's code.
    pub fn run(&self, ctx: &Context) -> Vec<Diagnostic> {
        let mut out = (self.run)(ctx);
        for d in &mut out {
            d.code = self.code;
        }
        out
    }
}

macro_rules! rule {
    ($code:ident, $id:literal, $name:literal, $module:ident, $summary:literal) => {
        Rule {
            code: Code::$code,
            id: $id,
            name: $name,
            summary: $summary,
            source: include_str!(concat!(stringify!($module), ".rs")),
            run: $module::check,
        }
    };
}

/// Every rule, in code order.
pub static RULES: &[Rule] = &[
    rule!(
        Ssot000,
        "SSOT000",
        "parse-error",
        ssot000_parse_error,
        "A file that cannot be read or parsed (the run goes on with the others)."
    ),
    rule!(
        Ssot001,
        "SSOT001",
        "duplicate-definition",
        ssot001_duplicate_definition,
        "A canonical symbol (or one of its aliases) defined outside its canonical module."
    ),
    rule!(
        Ssot002,
        "SSOT002",
        "renamed-copy",
        ssot002_renamed_copy,
        "A function elsewhere whose body is a copy of a canonical helper, under another name."
    ),
    rule!(
        Ssot003,
        "SSOT003",
        "non-canonical-import",
        ssot003_non_canonical_import,
        "An import, path or string target reaching a canonical symbol through another module."
    ),
    rule!(
        Ssot004,
        "SSOT004",
        "stray-alias-table",
        ssot004_stray_alias_table,
        "A string -> enum alias table for a configured enum outside its canonical module."
    ),
    rule!(
        Ssot005,
        "SSOT005",
        "missing-required-alias",
        ssot005_missing_required_alias,
        "The canonical alias table lacks a key that lint.toml requires."
    ),
    rule!(
        Ssot006,
        "SSOT006",
        "alias-table-conflict",
        ssot006_alias_table_conflict,
        "A repeated key in the canonical alias table, or a member the enum does not define."
    ),
    rule!(
        Ssot007,
        "SSOT007",
        "missing-canonical",
        ssot007_missing_canonical,
        "lint.toml names a module, symbol, table or enum that does not exist."
    ),
    rule!(
        Ssot008,
        "SSOT008",
        "unguarded-value",
        ssot008_unguarded_value,
        "A guarded value that reaches a log call or sink without passing through its canonical helper."
    ),
    rule!(
        Ssot009,
        "SSOT009",
        "unused-suppression",
        ssot009_unused_suppression,
        "A suppression comment that suppressed nothing, names an unknown code, or lacks a required reason."
    ),
];

/// Look a rule up by code (`SSOT003`, case-insensitive) or name (`non-canonical-import`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// The rules a selector names: a code (`SSOT003`, any case), a name
/// (`non-canonical-import`), a code prefix (`SSOT00`) or `ALL`; `None` when it names none.
pub fn select(selector: &str) -> Option<Vec<Code>> {
    let s = selector.trim();
    if s.eq_ignore_ascii_case("ALL") {
        return Some(RULES.iter().map(|r| r.code).collect());
    }
    if let Some(r) = find(s) {
        return Some(vec![r.code]);
    }
    let upper = s.to_ascii_uppercase();
    let codes: Vec<Code> = RULES
        .iter()
        .filter(|r| upper.len() >= 4 && r.id.starts_with(&upper))
        .map(|r| r.code)
        .collect();
    (!codes.is_empty()).then_some(codes)
}

/// Run every rule.
pub fn run_all(ctx: &Context) -> Vec<Diagnostic> {
    RULES.iter().flat_map(|r| r.run(ctx)).collect()
}

/// Run the rules in `enabled`.
pub fn run_selected(ctx: &Context, enabled: &std::collections::HashSet<Code>) -> Vec<Diagnostic> {
    RULES
        .iter()
        .filter(|r| enabled.contains(&r.code))
        .flat_map(|r| r.run(ctx))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_with_the_four_headings() {
        for r in RULES {
            let doc = r.doc();
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## How to fix",
            ] {
                assert!(doc.contains(heading), "{} lacks {heading}", r.id);
            }
            assert!(
                doc.starts_with(&format!("# {} {}", r.id, r.name)),
                "{}",
                r.id
            );
            assert!(r.summary.ends_with('.') && !r.summary.contains('\n'));
        }
    }

    #[test]
    fn codes_match_their_registry_lines() {
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.code.rule().id, r.id);
            assert_eq!(format!("{:?}", r.code).to_uppercase(), r.id);
            assert!(
                i == 0 || RULES[i - 1].code < r.code,
                "registry in code order"
            );
        }
    }

    /// `docs/rules/<CODE>.md` is each rule's doc comment (the page SARIF's `helpUri`
    /// links to). `SSOT_UPDATE_DOCS=1 cargo test` rewrites them.
    #[test]
    fn rule_doc_pages_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
        let update = std::env::var_os("SSOT_UPDATE_DOCS").is_some();
        for r in RULES {
            let page = format!(
                "<!-- Generated from src/rules/ by `SSOT_UPDATE_DOCS=1 cargo test`; edit the rule's doc comment instead. -->\n\n{}\n",
                r.doc()
            );
            let path = dir.join(format!("{}.md", r.id));
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &page).unwrap();
            }
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(
                on_disk,
                page,
                "{} is stale: run `SSOT_UPDATE_DOCS=1 cargo test --lib rule_doc_pages`",
                path.display()
            );
            assert!(doc_url(r).ends_with(&format!("docs/rules/{}.md", r.id)));
        }
    }

    #[test]
    fn lookup_by_code_or_name() {
        assert_eq!(find("ssot003").unwrap().name, "non-canonical-import");
        assert_eq!(find("stray-alias-table").unwrap().code, Code::Ssot004);
        assert!(find("SSOT999").is_none());
    }
}
