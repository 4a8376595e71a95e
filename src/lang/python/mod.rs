//! Python front end (placeholder; being written).
use crate::facts::{Lang, ModuleFacts};

/// Parse `text` (the file at `rel_path`, module `module`) and extract its facts.
pub fn extract(rel_path: &str, module: &str, is_package: bool, text: &str) -> ModuleFacts {
    let mut f = ModuleFacts::new(rel_path.to_string(), Lang::Python, module.to_string(), text);
    f.is_package = is_package;
    f
}
