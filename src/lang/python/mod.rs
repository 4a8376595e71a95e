//! Python front end: source text -> [`ModuleFacts`].
//!
//! The file is parsed once with `ruff_python_parser` (error-recovering, so a file with syntax
//! errors still yields the facts of what parsed), walked once, and the tree is dropped. No
//! ruff type leaves this directory.
//!
//! - `prescan`: rejects bracket nesting deeper than CPython's limit before parsing.
//! - `walker`: the single pass collecting defs, imports, references, tables, enums.
//! - `imports`: import resolution (relative levels, aliases) and the name -> target map.
//! - `tables`: string -> enum-member tables (dicts, mapping constructors, comprehensions over
//!   literal pairs, lists of pairs, `match`, `if` chains; the walker adds tables built step
//!   by step).
//! - `calls`: calls that may be sinks (SSOT008) and the values reaching them, for the
//!   names `ExtractOptions::call_names` asks for.
//! - `fingerprint`: structural hashes of function bodies.
//! - `teardown`: drops deep trees without recursion.

mod calls;
mod fingerprint;
mod frontend;
mod imports;
mod prescan;
mod tables;
mod teardown;
mod util;
mod walker;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_calls;
#[cfg(test)]
mod tests_robust;
#[cfg(test)]
mod tests_tables;

use ruff_python_ast::visitor::Visitor;
use ruff_python_ast::{PySourceType, PythonVersion};
use ruff_python_parser::{ParseOptions, parse_unchecked};

pub use frontend::Python;

use crate::facts::{Lang, ModuleFacts, Problem, Span};
use crate::lang::ExtractOptions;

/// Trees at least this deep are dropped with [`teardown::teardown`] instead of recursively.
const TEARDOWN_DEPTH: u32 = 64;

/// Parse `text` (the file at `rel_path`, module `module`) and extract all its facts.
pub fn extract(rel_path: &str, module: &str, is_package: bool, text: &str) -> ModuleFacts {
    extract_with(
        rel_path,
        module,
        is_package,
        text,
        &ExtractOptions::default(),
    )
}

/// Whether `text` is a Python module without syntax errors.
pub fn syntax_ok(text: &str) -> bool {
    if text.len() > BIG_FILE && prescan::check(text, prescan::MAX_BRACKET_DEPTH).is_some() {
        return false;
    }
    let options =
        ParseOptions::from(PySourceType::Python).with_target_version(PythonVersion::PY314);
    match parse_unchecked(text, options).try_into_module() {
        Some(parsed) => {
            let ok = parsed.errors().is_empty()
                && too_deep(parsed.tokens(), prescan::MAX_BRACKET_DEPTH).is_none();
            // Dropping a deeply nested tree recurses as deep: leave it to the process exit.
            std::mem::forget(parsed);
            ok
        }
        None => false,
    }
}

/// [`extract`], computing only what `opts` asks for beyond the essential facts.
pub fn extract_with(
    rel_path: &str,
    module: &str,
    is_package: bool,
    text: &str,
    opts: &ExtractOptions,
) -> ModuleFacts {
    let mut facts = ModuleFacts::new(rel_path.to_string(), Lang::Python, module.to_string(), text);
    facts.is_package = is_package;

    // ruff's parser grows its own stack, so any nesting parses; the bracket depth is then
    // read off the tokens. The byte pre-scan runs only for files the parser could not
    // take in one piece (very large ones), before parsing.
    if text.len() > BIG_FILE
        && let Some(deep) = prescan::check(text, prescan::MAX_BRACKET_DEPTH)
    {
        let at = deep.offset as u32;
        facts.problems.push(Problem {
            message: format!(
                "too many nested parentheses ({} levels; Python allows at most {})",
                deep.depth,
                prescan::MAX_BRACKET_DEPTH
            ),
            span: Span::new(at, at + 1),
            is_error: true,
        });
        return facts;
    }

    let options =
        ParseOptions::from(PySourceType::Python).with_target_version(PythonVersion::PY314);
    let Some(parsed) = parse_unchecked(text, options).try_into_module() else {
        return facts;
    };
    if let Some((at, depth)) = too_deep(parsed.tokens(), prescan::MAX_BRACKET_DEPTH) {
        facts.problems.push(Problem {
            message: format!(
                "too many nested parentheses ({depth} levels; Python allows at most {})",
                prescan::MAX_BRACKET_DEPTH
            ),
            span: Span::new(at, at + 1),
            is_error: true,
        });
        // Dropping a tree nested this deep recurses as deep: leave it to the process exit.
        std::mem::forget(parsed);
        return facts;
    }
    facts
        .problems
        .extend(parsed.errors().iter().map(|e| Problem {
            message: e.error.to_string(),
            span: util::span(e.location),
            is_error: true,
        }));
    let module_ast = parsed.into_syntax();

    let mut walker = walker::Walker::new(text, module, is_package, may_glob_import(text));
    walker.fingerprints = opts.fingerprints;
    walker.calls = calls::Calls::new(&opts.call_names, &module_ast.body);
    walker.visit_body(&module_ast.body);
    let deep = walker.max_depth >= TEARDOWN_DEPTH;
    walker.finish(&mut facts);

    if deep {
        teardown::teardown(module_ast.body);
    }
    facts
}

/// Files larger than this are pre-scanned for nesting before they are parsed.
const BIG_FILE: usize = 1 << 20;

/// The first bracket token opening nesting level `limit + 1`, and the deepest level.
fn too_deep(tokens: &[ruff_python_ast::token::Token], limit: usize) -> Option<(u32, usize)> {
    use ruff_python_ast::token::TokenKind;
    let (mut depth, mut max, mut first) = (0usize, 0usize, None);
    for t in tokens {
        match t.kind() {
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => {
                depth += 1;
                if depth > max {
                    max = depth;
                }
                if depth > limit && first.is_none() {
                    first = Some(t.as_tuple().1.start().to_u32());
                }
            }
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                depth = depth.saturating_sub(1)
            }
            _ => {}
        }
    }
    first.map(|at| (at, max))
}

/// Whether `text` may contain `import *` (so loaded names are worth collecting).
fn may_glob_import(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), b"import").any(|i| {
        text[i + "import".len()..]
            .trim_start_matches([' ', '\t', '\\', '\r', '\n', '('])
            .starts_with('*')
    })
}
