//! The JSON Schema of lint.toml (`ssot config --schema`, committed as `lint.schema.json`):
//! for editors (taplo / Even Better TOML read `#:schema ./lint.schema.json` at the top of
//! lint.toml) and for generated configs. A test keeps it in step with the validator's key
//! lists and with the committed file.

use serde_json::{Value, json};

use super::validate::extra::SUPPRESSIONS_KEYS;
use super::validate::{FILES_KEYS, GUARD_KEYS, RULES_KEYS, SYMBOL_KEYS, TABLE_KEYS, TOP_KEYS};

fn strings(description: &str) -> Value {
    json!({"type": "array", "items": {"type": "string"}, "description": description})
}

fn string(description: &str) -> Value {
    json!({"type": "string", "description": description})
}

fn rules_list(description: &str) -> Value {
    json!({
        "type": "array",
        "items": {"type": "string", "description": "a rule code (SSOT003), name (non-canonical-import), code prefix (SSOT00) or ALL"},
        "description": description
    })
}

fn table(required: &[&str], properties: Value) -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties
    })
}

/// The schema, as a JSON value.
pub fn schema() -> Value {
    let files = table(
        &[],
        json!({
            "include": strings("globs: when set, only matching files are checked"),
            "exclude": strings("globs skipped on top of .gitignore (a bare directory means all below it)"),
            "python-roots": strings("directories under which a/b/c.py is module a.b.c (default [\".\"])"),
        }),
    );
    let symbol = table(
        &["name", "canonical"],
        json!({
            "name": string("the canonical helper's name (an identifier)"),
            "canonical": string("the module that defines it: pkg.module (Python) or my_crate::module (Rust)"),
            "aliases": strings("other names its copies are known under"),
            "facades": strings("modules allowed to re-export it"),
            "copies": {"enum": ["off", "exact", "renamed", "near"], "default": "near", "description": "how far copies under other names are looked for (SSOT002)"},
            "similarity": {"type": "number", "minimum": 0.0, "maximum": 1.0, "default": 0.85, "description": "how alike a near copy must be"},
            "min-tokens": {"type": "integer", "minimum": 1, "default": crate::config::DEFAULT_MIN_TOKENS, "description": "bodies with fewer normalised tokens never count as copies"},
            "reason": string("shown as a note on every finding"),
        }),
    );
    let alias_table = table(
        &["enum", "canonical"],
        json!({
            "enum": string("the enum the table maps strings to"),
            "canonical": string("the module that holds the table"),
            "name": string("the table's name in the canonical module"),
            "min-entries": {"type": "integer", "minimum": 1, "default": 3, "description": "entries needed for a mapping elsewhere to count as a stray table"},
            "required": strings("keys the canonical table must carry"),
            "reason": string("shown as a note on every finding"),
        }),
    );
    let guard = table(
        &["values", "through"],
        json!({
            "values": strings("attribute patterns (*.client_state) or an enum's name (WebSocketState)"),
            "through": strings("calls that make a value safe; the first is the helper fixes use"),
            "safe-attributes": strings("attributes of a guarded value that are already safe (default [\"name\", \"value\"])"),
            "sinks": strings("extra callables that are sinks besides log calls (json.dumps)"),
            "reason": string("shown as a note on every finding"),
        }),
    );
    let level = json!({"enum": ["error", "warning", "off"]});
    let rules = table(
        &[],
        json!({
            "select": rules_list("the rules to run (default: all)"),
            "extend-select": rules_list("rules added to the selection"),
            "ignore": rules_list("rules not run"),
            "severity": {"type": "object", "additionalProperties": level, "description": "rule = \"error\" | \"warning\" | \"off\""},
            "per-file-ignores": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}, "description": "glob (relative to lint.toml) = rules that do not apply to matching files"},
            "unfixable": rules_list("rules whose fixes --fix never applies"),
        }),
    );
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://github.com/ssot-lint/ssot/blob/main/lint.schema.json",
        "title": "ssot lint.toml",
        "description": "Configuration of ssot, which keeps a codebase's single sources of truth single (README.md, lint.toml reference).",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "files": files,
            "symbol": {"type": "array", "items": symbol, "description": "helpers that must be defined in exactly one place"},
            "table": {"type": "array", "items": alias_table, "description": "string -> enum alias tables that must live in one place"},
            "guard": {"type": "array", "items": guard, "description": "values that must pass through a helper before a log call (SSOT008)"},
            "rules": rules,
            "suppressions": table(&[], json!({
                "require-reason": {"type": "boolean", "default": false, "description": "a suppression comment without a reason after its codes suppresses nothing (SSOT009)"},
            })),
            "baseline": string("the baseline file findings are filtered with (relative to lint.toml; --baseline wins)"),
        }
    })
}

/// Every key the validator accepts, per table, for the test that the schema has them.
pub fn validated_keys() -> [(&'static str, &'static [&'static str]); 7] {
    [
        ("suppressions", SUPPRESSIONS_KEYS),
        ("", TOP_KEYS),
        ("files", FILES_KEYS),
        ("symbol", SYMBOL_KEYS),
        ("table", TABLE_KEYS),
        ("guard", GUARD_KEYS),
        ("rules", RULES_KEYS),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn properties<'a>(schema: &'a Value, table: &str) -> &'a serde_json::Map<String, Value> {
        let top = &schema["properties"];
        let t = match table {
            "" => return schema["properties"].as_object().unwrap(),
            "files" | "rules" | "suppressions" => &top[table],
            _ => &top[table]["items"],
        };
        t["properties"].as_object().unwrap()
    }

    #[test]
    fn the_schema_has_every_key_the_validator_accepts_and_no_other() {
        let s = schema();
        for (table, keys) in validated_keys() {
            let props = properties(&s, table);
            let mut want: Vec<&str> = keys.to_vec();
            let mut have: Vec<&str> = props.keys().map(String::as_str).collect();
            want.sort_unstable();
            have.sort_unstable();
            assert_eq!(have, want, "[{table}]");
        }
    }

    /// `SSOT_UPDATE_DOCS=1 cargo test` rewrites lint.schema.json.
    #[test]
    fn the_committed_schema_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lint.schema.json");
        let text = serde_json::to_string_pretty(&schema()).unwrap() + "\n";
        if std::env::var_os("SSOT_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap_or_default(),
            text,
            "lint.schema.json is stale: run `SSOT_UPDATE_DOCS=1 cargo test --lib schema`"
        );
    }
}
