//! The rule registry: one file per rule, one line per rule here.
//!
//! A rule is a function from the [`Context`] (index + config) to diagnostics. Rules
//! never print; they do not know which language a file is written in.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::index::Index;

mod ssot000_parse_error;
mod ssot001_duplicate_definition;
mod ssot003_non_canonical_import;
mod ssot004_stray_alias_table;
mod ssot005_missing_required_alias;
mod ssot006_alias_table_conflict;
mod ssot007_missing_canonical;
pub(crate) mod tables;

/// What a rule sees.
pub struct Context<'a> {
    pub index: &'a Index<'a>,
    pub config: &'a Config,
    /// Path of lint.toml relative to the root (diagnostics about the config point there).
    pub config_path: &'a str,
}

impl Context<'_> {
    /// Every configured symbol name and alias: a file whose facts mention none of them
    /// is skipped by the symbol rules with one set lookup per fact, so the cost does not
    /// grow with the number of symbols times the number of files.
    pub fn symbol_names(&self) -> std::collections::HashSet<&str> {
        self.config.symbols.iter().flat_map(|s| s.names()).collect()
    }
}

/// A registered rule.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    /// The rule file's source; its `//!` comment is the rule's documentation.
    source: &'static str,
    pub run: fn(&Context) -> Vec<Diagnostic>,
}

impl Rule {
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
}

macro_rules! rule {
    ($code:literal, $name:literal, $module:ident) => {
        Rule {
            code: $code,
            name: $name,
            source: include_str!(concat!(stringify!($module), ".rs")),
            run: $module::check,
        }
    };
}

/// Every rule, in code order.
pub static RULES: &[Rule] = &[
    rule!("SSOT000", "parse-error", ssot000_parse_error),
    rule!(
        "SSOT001",
        "duplicate-definition",
        ssot001_duplicate_definition
    ),
    rule!(
        "SSOT003",
        "non-canonical-import",
        ssot003_non_canonical_import
    ),
    rule!("SSOT004", "stray-alias-table", ssot004_stray_alias_table),
    rule!(
        "SSOT005",
        "missing-required-alias",
        ssot005_missing_required_alias
    ),
    rule!(
        "SSOT006",
        "alias-table-conflict",
        ssot006_alias_table_conflict
    ),
    rule!("SSOT007", "missing-canonical", ssot007_missing_canonical),
];

/// Look a rule up by code (`SSOT003`, case-insensitive) or name (`non-canonical-import`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// The rule name for a code.
pub fn name_of(code: &str) -> &'static str {
    find(code).map_or("unknown", |r| r.name)
}

/// Run every rule.
pub fn run_all(ctx: &Context) -> Vec<Diagnostic> {
    RULES.iter().flat_map(|r| (r.run)(ctx)).collect()
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
                assert!(doc.contains(heading), "{} lacks {heading}", r.code);
            }
            assert!(
                doc.starts_with(&format!("# {} {}", r.code, r.name)),
                "{}",
                r.code
            );
        }
    }

    #[test]
    fn lookup_by_code_or_name() {
        assert_eq!(find("ssot003").unwrap().name, "non-canonical-import");
        assert_eq!(find("stray-alias-table").unwrap().code, "SSOT004");
        assert!(find("SSOT999").is_none());
    }
}
