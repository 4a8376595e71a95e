//! Shared queries about alias tables, used by SSOT004-SSOT007.

use crate::config::TableConfig;
use crate::facts::{AliasTable, EnumDef, Lang, ModuleFacts, TableEntry, TableKind};
use crate::index::Index;

/// The names under which one file refers to the configured enum: its own name (unless the
/// file means a different enum of that name: one it defines or imports from elsewhere) and
/// any `as` aliases it imports it under.
#[derive(Debug, Clone)]
pub struct Names(Vec<String>);

impl Names {
    /// `home` is the module that defines the configured enum (see [`home`]).
    pub fn of(index: &Index, cfg: &TableConfig, file: &ModuleFacts, home: Option<&str>) -> Names {
        let name = cfg.enum_name.as_str();
        let other_home = |m: &str| home.is_some_and(|h| h != m);
        let defines_other = other_home(&file.module) && file.enums.iter().any(|e| e.name == name);
        let imports_other = file.imports.iter().any(|i| {
            i.name.as_deref() == Some(name)
                && i.local_name() == Some(name)
                && other_home(&i.module)
                && index
                    .module(&i.module)
                    .is_some_and(|m| m.enums.iter().any(|e| e.name == name))
        });
        let mut names = Vec::new();
        if !defines_other && !imports_other {
            names.push(name.to_string());
        }
        for i in &file.imports {
            if i.name.as_deref() == Some(name)
                && let Some(alias) = &i.alias
                && !other_home(&i.module)
            {
                names.push(alias.clone());
            }
        }
        Names(names)
    }

    /// True when `n` is one of the names.
    pub fn has(&self, n: &str) -> bool {
        self.0.iter().any(|x| x == n)
    }
}

/// The module that defines the configured enum, if it is found.
pub fn home<'a>(index: &Index<'a>, cfg: &TableConfig) -> Option<&'a str> {
    find_enum(index, cfg).map(|(f, _)| f.module.as_str())
}

/// Entries of `table` that map to members of the configured enum.
pub fn entries<'a>(
    table: &'a AliasTable,
    names: &'a Names,
) -> impl Iterator<Item = &'a TableEntry> {
    table
        .entries
        .iter()
        .filter(move |e| names.has(&e.enum_name))
}

/// True when `table` is an alias table for `cfg`'s enum: at least `min-entries` entries,
/// or any entry at all when it extends another table (`{**BASE, "k": E.X}`), or a
/// conversion impl (`impl FromStr for E`).
pub fn is_alias_table(table: &AliasTable, cfg: &TableConfig, names: &Names) -> bool {
    let n = entries(table, names).count();
    n >= cfg.min_entries
        || (n >= 1 && (!table.spreads.is_empty() || table.kind == TableKind::Conversion))
}

/// The canonical table: in the canonical module, named `name` if configured, else the
/// alias table for the enum with the most entries; with the names the module uses.
pub fn canonical<'a>(
    index: &Index<'a>,
    cfg: &TableConfig,
    home: Option<&str>,
) -> Option<(&'a ModuleFacts, &'a AliasTable, Names)> {
    let file = index.module(&cfg.canonical)?;
    let names = Names::of(index, cfg, file, home);
    let count = |t: &AliasTable| entries(t, &names).count();
    let table = match &cfg.name {
        Some(name) => file
            .tables
            .iter()
            .filter(|t| t.name.as_deref() == Some(name.as_str()))
            .max_by_key(|t| count(t)),
        None => file
            .tables
            .iter()
            .filter(|t| count(t) > 0)
            .max_by_key(|t| count(t)),
    }?;
    Some((file, table, names))
}

/// Every key the table carries, including those of tables it spreads in (`**BASE`)
/// when they live in the same file.
pub fn all_keys<'a>(
    file: &'a ModuleFacts,
    table: &'a AliasTable,
    names: &'a Names,
) -> Vec<&'a TableEntry> {
    let mut out: Vec<&TableEntry> = entries(table, names).collect();
    for spread in &table.spreads {
        let base = spread.rsplit('.').next().unwrap_or(spread);
        if let Some(t) = file
            .tables
            .iter()
            .find(|t| t.name.as_deref() == Some(base) && !std::ptr::eq(*t, table))
        {
            out.extend(entries(t, names));
        }
    }
    out
}

/// The enum's definition: the one in the module the canonical file imports it from, else
/// in the canonical module, else the only one of that name in the project.
pub fn find_enum<'a>(
    index: &Index<'a>,
    cfg: &TableConfig,
) -> Option<(&'a ModuleFacts, &'a EnumDef)> {
    let in_module = |m: &str| {
        index.module(m).and_then(|f| {
            f.enums
                .iter()
                .find(|e| e.name == cfg.enum_name)
                .map(|e| (f, e))
        })
    };
    if let Some(file) = index.module(&cfg.canonical) {
        if let Some(found) = in_module(&file.module) {
            return Some(found);
        }
        for imp in &file.imports {
            if imp.local_name() == Some(cfg.enum_name.as_str())
                && let Some(found) = in_module(&imp.module)
            {
                return Some(found);
            }
        }
    }
    let mut all = index
        .files
        .iter()
        .filter(|f| f.lang == cfg.lang)
        .flat_map(|f| {
            f.enums
                .iter()
                .filter(|e| e.name == cfg.enum_name)
                .map(move |e| (f, e))
        });
    let first = all.next()?;
    all.next().is_none().then_some(first)
}

/// Human name of a table for messages.
pub fn describe(table: &AliasTable) -> String {
    match (&table.name, table.kind) {
        (Some(n), TableKind::Map) => format!("`{n}`"),
        (Some(n), TableKind::Match) => format!("the `match` in `{n}`"),
        (Some(n), TableKind::IfChain) => format!("the `if` chain in `{n}`"),
        (Some(n), TableKind::Conversion) => format!("the `{n}` conversion"),
        (None, _) => "this table".to_string(),
    }
}

/// An entry written the way `table` writes its entries (`"k": E.X`, `"k" => E::X`, ...).
pub fn entry_text(
    lang: Lang,
    kind: TableKind,
    key: &str,
    enum_name: &str,
    variant: &str,
) -> String {
    let member = format!("{enum_name}{}{variant}", lang.sep());
    match (lang, kind) {
        (Lang::Python, TableKind::Map) => format!("{key:?}: {member}"),
        (Lang::Python, TableKind::Match) => format!("case {key:?}: return {member}"),
        (Lang::Python, _) => format!("if value == {key:?}: return {member}"),
        (Lang::Rust, TableKind::Map) => format!("({key:?}, {member})"),
        (Lang::Rust, _) => format!("{key:?} => {member}"),
    }
}
