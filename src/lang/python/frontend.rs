//! The Python [`Frontend`]: which files are Python, how its module paths, imports and
//! table entries are written, and extraction of every `.py` file in parallel.

use std::borrow::Cow;

use rayon::prelude::*;

use super::extract_with;
use crate::facts::{ModuleFacts, Problem, Span, TableKind};
use crate::lang::{Claim, ExtractCtx, Frontend, Lang, LangFiles, is_ident, pypath};
use crate::source::DecodeError;
use crate::walk::Found;

/// The Python front end.
pub struct Python;

impl Python {
    fn file(&self, found: &Found, ctx: &ExtractCtx) -> ModuleFacts {
        let (module, is_package) = pypath::module_for_file(&found.rel, ctx.python_roots);
        match ctx.db.load(&found.rel, &found.abs, self) {
            Ok(text) => {
                let Some(cache) = ctx.cache_for(&found.rel) else {
                    return extract_with(&found.rel, &module, is_package, &text, &ctx.opts);
                };
                let pkg = if is_package { "1" } else { "0" };
                let key = cache.key(Lang::Python, &found.rel, &[&module, pkg], &text);
                if let Some(f) = cache
                    .get(key, &found.rel)
                    .and_then(|e| e.facts.into_iter().next())
                {
                    return f;
                }
                let f = extract_with(&found.rel, &module, is_package, &text, &ctx.opts);
                cache.put(key, &found.rel, std::slice::from_ref(&f), &[]);
                f
            }
            Err(e) => {
                let text = ctx.db.text(&found.rel);
                let mut f = ModuleFacts::new(found.rel.clone(), Lang::Python, module, &text);
                f.is_package = is_package;
                f.problems.push(Problem {
                    message: e.message,
                    span: Span::new(e.offset as u32, e.offset as u32),
                    is_error: true,
                });
                f
            }
        }
    }
}

impl Frontend for Python {
    fn lang(&self) -> Lang {
        Lang::Python
    }
    fn name(&self) -> &'static str {
        "Python"
    }
    fn claims(&self, file_name: &str) -> Option<Claim> {
        file_name.ends_with(".py").then_some(Claim::Source)
    }
    fn sep(&self) -> &'static str {
        "."
    }
    fn comment_prefix(&self) -> &'static str {
        "#"
    }
    fn check_module_path(&self, path: &str) -> Result<(), Option<String>> {
        if path.contains("::") {
            return Err(None);
        }
        if path.split('.').all(is_ident) {
            return Ok(());
        }
        if path.contains('/') || path.ends_with(".py") {
            let guess = path
                .trim_end_matches(".py")
                .trim_end_matches("/__init__")
                .trim_matches('/')
                .replace('/', ".");
            return Err(Some(format!(
                "write a module path, not a file path: `{guess}`"
            )));
        }
        Err(None)
    }
    fn decode<'a>(&self, bytes: &'a [u8]) -> Result<Cow<'a, str>, DecodeError> {
        crate::source::decode_pep263(bytes)
    }
    fn extract_all(&self, files: &LangFiles, ctx: &ExtractCtx) -> (Vec<ModuleFacts>, Vec<String>) {
        let facts = files
            .sources
            .par_iter()
            .map(|f| self.file(f, ctx))
            .collect();
        (facts, Vec::new())
    }
    fn relative(&self, file: &ModuleFacts, module: &str) -> Option<String> {
        let mut package: Vec<&str> = file.module.split('.').collect();
        if !file.is_package {
            package.pop();
        }
        let target: Vec<&str> = module.split('.').collect();
        let common = package
            .iter()
            .zip(&target)
            .take_while(|(a, b)| a == b)
            .count();
        if common == 0 {
            return None;
        }
        let dots = ".".repeat(package.len() - common + 1);
        Some(format!("{dots}{}", target[common..].join(".")))
    }
    fn merge_import(&self, stmt: &str, name: &str, local: &str) -> Option<String> {
        let item = if local == name {
            name.to_string()
        } else {
            format!("{name} as {local}")
        };
        let body = stmt.strip_prefix("from ")?;
        if stmt.contains('\\') || stmt.contains('#') || stmt.contains(';') {
            return None;
        }
        let (_, names) = body.split_once(" import ")?;
        let names = names.trim_end();
        if names == "*" {
            return None;
        }
        let Some(inner) = names.strip_prefix('(') else {
            // `from m import a, b`
            return (!stmt.contains('\n')).then(|| format!("{}, {item}", stmt.trim_end()));
        };
        let inner = inner.strip_suffix(')')?;
        let close = stmt.rfind(')')?;
        if !inner.contains('\n') {
            // `from m import (a, b)`
            let head = stmt[..close].trim_end();
            let head = head.strip_suffix(',').unwrap_or(head);
            return Some(format!("{head}, {item}){}", &stmt[close + 1..]));
        }
        // One name per line: a new line like the last one.
        let before = stmt[..close].trim_end();
        let last_line = &before[before.rfind('\n')? + 1..];
        let indent = &last_line[..last_line.len() - last_line.trim_start().len()];
        let nl = if stmt.contains("\r\n") { "\r\n" } else { "\n" };
        let tail = &stmt[before.len()..];
        Some(match before.strip_suffix(',') {
            Some(_) => format!("{before}{nl}{indent}{item},{tail}"),
            None => format!("{before},{nl}{indent}{item}{tail}"),
        })
    }
    fn syntax_ok(&self, text: &str) -> bool {
        super::syntax_ok(text)
    }
    fn import_statement(
        &self,
        module: &str,
        name: &str,
        local: Option<&str>,
        _public: bool,
    ) -> String {
        match local.filter(|l| *l != name) {
            None => format!("from {module} import {name}"),
            Some(a) => format!("from {module} import {name} as {a}"),
        }
    }
    fn qualified(&self, _spelled_module: &str, _name: &str) -> Option<String> {
        None
    }
    fn entry_text(&self, kind: TableKind, key: &str, member: &str) -> String {
        match kind {
            TableKind::Map => format!("{key:?}: {member}"),
            TableKind::Match => format!("case {key:?}: return {member}"),
            _ => format!("if value == {key:?}: return {member}"),
        }
    }
    fn nested_module_hint(&self, found: &str, prefix: &str) -> Option<String> {
        let root = prefix.replace('.', "/");
        Some(format!(
            "`{found}` exists: modules are named from `[files] python-roots`; add `python-roots = [\"{root}\"]`"
        ))
    }
    fn table_example(&self, name: Option<&str>, enum_name: &str) -> String {
        format!(
            "{} = {{\"key\": {enum_name}.MEMBER}}",
            name.unwrap_or("ALIASES")
        )
    }
}
