//! lint.toml's `[suppressions]` table and top-level `baseline` key, validated like the rest
//! (every error at its place).

use super::*;

pub(crate) const SUPPRESSIONS_KEYS: &[&str] = &["require-reason"];

/// What these keys configure.
#[derive(Debug, Default)]
pub(super) struct Extra {
    pub suppressions: SuppressionsConfig,
    /// As written (relative to the config file's directory).
    pub baseline: Option<String>,
}

impl Validator<'_> {
    /// `[suppressions]` or `baseline = "..."`.
    pub(super) fn extra(&mut self, key: &str, v: &Value) {
        if key == "baseline" {
            if let Some(s) = self.string(key, v) {
                if s.get_ref().trim().is_empty() {
                    self.error(
                        "`baseline` must not be empty".into(),
                        Some(s.span()),
                        "empty",
                        Some("write a path relative to lint.toml, e.g. baseline = \"ssot-baseline.json\"".into()),
                    );
                } else {
                    self.extra.baseline = Some(s.into_inner());
                }
            }
            return;
        }
        let DeValue::Table(t) = v.get_ref() else {
            self.wrong_type(
                key,
                v,
                "a table",
                Some("write it as a [suppressions] section".into()),
            );
            return;
        };
        for (k, v) in self.entries(t, SUPPRESSIONS_KEYS, "[suppressions]") {
            match v.get_ref() {
                DeValue::Boolean(b) => self.extra.suppressions.require_reason = *b,
                _ => self.wrong_type(k, v, "a boolean", Some(format!("write {k} = true"))),
            }
        }
    }
}
