//! Import statements -> [`Import`] facts with absolute module paths, and the file-wide
//! binding map (local name -> absolute target) used to resolve attribute chains.

use std::collections::HashMap;

use ruff_python_ast::{StmtImport, StmtImportFrom};

use super::util::span_of;
use crate::facts::{Import, Lang};

/// The package a relative import of `level` dots starts from, in module `module`.
///
/// Each dot beyond the first drops one trailing part; in a package (`__init__.py`) the
/// first dot is the package itself. Going above the top stops at the empty path.
pub(super) fn relative_base(module: &str, is_package: bool, level: u32) -> String {
    if level == 0 {
        return String::new();
    }
    let parts: Vec<&str> = module.split('.').filter(|p| !p.is_empty()).collect();
    let drop = level as usize - usize::from(is_package);
    let keep = parts.len().saturating_sub(drop);
    parts[..keep].join(".")
}

/// `import a.b.c` / `import a.b as m`.
pub(super) fn plain(stmt: &StmtImport, exported: bool) -> Vec<Import> {
    stmt.names
        .iter()
        .filter(|alias| !alias.name.as_str().is_empty())
        .map(|alias| Import {
            module: alias.name.to_string(),
            name: None,
            alias: alias.asname.as_ref().map(|a| a.to_string()),
            span: span_of(alias),
            stmt_span: span_of(stmt),
            glob: false,
            exported,
        })
        .collect()
}

/// `from m import h`, `from .. import x as y`, `from m import *`.
pub(super) fn from(
    stmt: &StmtImportFrom,
    module: &str,
    is_package: bool,
    exported: bool,
) -> Vec<Import> {
    let written = stmt.module.as_ref().map_or("", |m| m.as_str());
    let source = if stmt.level == 0 {
        written.to_string()
    } else {
        let base = relative_base(module, is_package, stmt.level);
        if written.is_empty() {
            base
        } else {
            Lang::Python.join(&base, written)
        }
    };
    stmt.names
        .iter()
        .filter(|alias| !alias.name.as_str().is_empty())
        .map(|alias| {
            let glob = alias.name.as_str() == "*";
            Import {
                module: source.clone(),
                name: (!glob).then(|| alias.name.to_string()),
                alias: alias.asname.as_ref().map(|a| a.to_string()),
                span: span_of(alias),
                stmt_span: span_of(stmt),
                glob,
                exported,
            }
        })
        .collect()
}

/// Local name -> absolute target for every import in the file (a later binding wins).
///
/// `import a.b.c` binds `a` -> `a`; `import a.b as m` binds `m` -> `a.b`;
/// `from a import b` (or `as c`) binds `b` (`c`) -> `a.b`.
pub(super) fn bindings(imports: &[Import]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for imp in imports.iter().filter(|i| !i.glob) {
        match (&imp.name, &imp.alias) {
            (None, Some(alias)) => {
                map.insert(alias.clone(), imp.module.clone());
            }
            (None, None) => {
                let head = imp.module.split('.').next().unwrap_or_default();
                if !head.is_empty() {
                    map.insert(head.to_string(), head.to_string());
                }
            }
            (Some(name), alias) => {
                let local = alias.as_ref().unwrap_or(name);
                map.insert(local.clone(), Lang::Python.join(&imp.module, name));
            }
        }
    }
    map
}

/// Resolve the chain `segs` (`["m", "h"]`) through `bindings`; `None` when its head is not
/// bound by an import.
pub(super) fn resolve(bindings: &HashMap<String, String>, segs: &[&str]) -> Option<String> {
    let (head, rest) = segs.split_first()?;
    let base = bindings.get(*head)?;
    let mut target =
        String::with_capacity(base.len() + rest.iter().map(|s| s.len() + 1).sum::<usize>());
    target.push_str(base);
    for seg in rest {
        if !target.is_empty() {
            target.push('.');
        }
        target.push_str(seg);
    }
    Some(target)
}
