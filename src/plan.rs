//! The resolved plan: lint.toml resolved once against the indexed repository.
//!
//! Every `[[symbol]]` and `[[table]]` either resolves — to its language, its canonical
//! module's file, its canonical definition or table, the enum's home — or becomes exactly
//! one [`Unresolved`] entry, which SSOT007 reports with the best suggestion. Rules read
//! the plan, never the raw config, and never see what did not resolve, so a typo in
//! lint.toml gives one diagnostic instead of a flood computed against nothing. The config
//! itself stays as loaded.

use crate::config::{Config, GuardConfig, SymbolConfig, TableConfig};
use crate::facts::{AliasTable, Definition, EnumDef, ModuleFacts, TableEntry, TableKind};
use crate::index::Index;
use crate::lang::{Frontend, Lang};

/// A `[[symbol]]` that resolved.
#[derive(Debug)]
pub struct SymbolPlan<'a> {
    pub cfg: &'a SymbolConfig,
    pub lang: Lang,
    /// The file that is the canonical module.
    pub file: &'a ModuleFacts,
    /// The canonical definition in it.
    pub def: &'a Definition,
}

impl<'a> SymbolPlan<'a> {
    pub fn fe(&self) -> &'static dyn Frontend {
        self.lang.frontend()
    }
    pub fn name(&self) -> &'a str {
        &self.cfg.name
    }
    /// The canonical module path.
    pub fn canonical(&self) -> &'a str {
        &self.cfg.canonical
    }
    /// `canonical` joined with the name: the one true target.
    pub fn target(&self) -> String {
        self.lang.join(&self.cfg.canonical, &self.cfg.name)
    }
    pub fn is_name(&self, n: &str) -> bool {
        self.cfg.is_name(n)
    }
    /// True when `module` may provide the symbol: the canonical module or a facade.
    pub fn allowed_from(&self, module: &str) -> bool {
        self.cfg.allowed_from(module)
    }
    pub fn reason(&self) -> Option<&'a str> {
        self.cfg.reason.as_deref()
    }
    /// The statement `file` must write to import the symbol as `local`.
    pub fn import_for(&self, file: &ModuleFacts, local: &str, public: bool) -> String {
        self.fe().import_statement(
            &file.spell(&self.cfg.canonical),
            &self.cfg.name,
            Some(local),
            public,
        )
    }
}

/// A `[[table]]` that resolved.
#[derive(Debug)]
pub struct TablePlan<'a> {
    pub cfg: &'a TableConfig,
    pub lang: Lang,
    /// The canonical module's file and its canonical table.
    pub file: &'a ModuleFacts,
    pub table: &'a AliasTable,
    /// The names the canonical module uses for the enum.
    pub names: Names,
    /// The module that defines the enum, when found.
    pub home: Option<&'a str>,
    /// The enum's definition, when found (else SSOT007 warns, and members go unchecked).
    pub enum_def: Option<(&'a ModuleFacts, &'a EnumDef)>,
    /// Every key the canonical table carries, with those spread in from the same module.
    pub keys: Vec<&'a TableEntry>,
}

impl<'a> TablePlan<'a> {
    pub fn fe(&self) -> &'static dyn Frontend {
        self.lang.frontend()
    }
    /// The names `file` uses for the configured enum.
    pub fn names_in(&self, index: &Index, file: &ModuleFacts) -> Names {
        Names::of(index, self.cfg, file, self.home)
    }
    /// True when `variant` is a member of the enum (always true when the enum is unknown).
    pub fn has_member(&self, variant: &str) -> bool {
        self.enum_def
            .is_none_or(|(_, e)| e.variants.iter().any(|v| v == variant))
    }
    /// The canonical table carries `key` (or the enum declares it, e.g. `serde(rename)`).
    pub fn has_key(&self, key: &str) -> bool {
        self.keys.iter().any(|e| e.key == key)
            || self
                .enum_def
                .is_some_and(|(_, e)| e.declared_keys.iter().any(|(k, _)| k == key))
    }
    /// The enum member as code writes it.
    pub fn member(&self, variant: &str) -> String {
        self.fe().member(&self.cfg.enum_name, variant)
    }
    pub fn reason(&self) -> Option<&'a str> {
        self.cfg.reason.as_deref()
    }
}

/// A `[[guard]]` resolved: the names that make a value safe, and per language the helper
/// a fix wraps values in.
#[derive(Debug)]
pub struct GuardPlan<'a> {
    pub cfg: &'a GuardConfig,
    /// `through` names, with the aliases of declared symbols among them.
    pub through: Vec<&'a str>,
    /// Per language: the helper's module and name (the first `through` name defined there:
    /// a declared symbol's canonical module, else the module defining it at top level).
    pub helpers: Vec<(Lang, String, &'a str)>,
}

impl<'a> GuardPlan<'a> {
    /// The helper to wrap values in, for code in `lang`.
    pub fn helper(&self, lang: Lang) -> Option<(&str, &'a str)> {
        self.helpers
            .iter()
            .find(|(l, _, _)| *l == lang)
            .map(|(_, m, n)| (m.as_str(), *n))
    }
    pub fn reason(&self) -> Option<&'a str> {
        self.cfg.reason.as_deref()
    }
}

/// What lint.toml declares that the repository does not have.
#[derive(Debug)]
pub enum Unresolved<'a> {
    /// The symbol's canonical module does not exist (`hint`: the best suggestion).
    SymbolModule {
        cfg: &'a SymbolConfig,
        hint: Option<String>,
    },
    /// The canonical module exists but does not define the symbol.
    SymbolDefinition {
        cfg: &'a SymbolConfig,
        file: &'a ModuleFacts,
        /// Modules that do define it at top level.
        defined_in: Vec<&'a str>,
    },
    /// The table's canonical module does not exist.
    TableModule {
        cfg: &'a TableConfig,
        hint: Option<String>,
    },
    /// The canonical module has no (such) alias table.
    Table {
        cfg: &'a TableConfig,
        lang: Lang,
        file: &'a ModuleFacts,
        /// Names of the tables the module does have for the enum (else of all its tables).
        available: Vec<&'a str>,
    },
    /// The enum is not found (a warning: the table is still checked, its members are not).
    Enum {
        cfg: &'a TableConfig,
        /// Modules defining an enum of that name (none imported by the canonical module).
        defined_in: Vec<&'a str>,
    },
    /// A `[[guard]] through` name that no module defines and no `[[symbol]]` declares.
    GuardThrough {
        cfg: &'a GuardConfig,
        /// Index into `cfg.through`.
        at: usize,
        /// Defined names that look like it.
        hint: Option<String>,
    },
}

/// lint.toml resolved against the repository.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    pub symbols: Vec<SymbolPlan<'a>>,
    pub tables: Vec<TablePlan<'a>>,
    pub guards: Vec<GuardPlan<'a>>,
    pub unresolved: Vec<Unresolved<'a>>,
}

impl<'a> Plan<'a> {
    /// Resolve `config` against `index`.
    pub fn resolve(config: &'a Config, index: &Index<'a>) -> Self {
        let mut plan = Plan::default();
        for cfg in &config.symbols {
            plan.resolve_symbol(cfg, index);
        }
        for cfg in &config.tables {
            plan.resolve_table(cfg, index);
        }
        for cfg in &config.guards {
            plan.resolve_guard(config, cfg, index);
        }
        plan
    }

    /// A guard always resolves (its values need no definition); each `through` name no
    /// module defines is one SSOT007. Calls to it still count as guarding.
    fn resolve_guard(&mut self, config: &'a Config, cfg: &'a GuardConfig, index: &Index<'a>) {
        let mut through: Vec<&'a str> = Vec::new();
        let mut helpers: Vec<(Lang, String, &'a str)> = Vec::new();
        for (at, name) in cfg.through.iter().enumerate() {
            through.push(name);
            let mut found = false;
            for sym in config.symbols.iter().filter(|s| s.is_name(name)) {
                through.extend(sym.names());
                found = true;
                for &lang in &sym.langs {
                    if index.module(lang, &sym.canonical).is_some()
                        && !helpers.iter().any(|(l, _, _)| *l == lang)
                    {
                        helpers.push((lang, sym.canonical.clone(), &sym.name));
                    }
                }
            }
            // The module defining it at top level (the shortest path when several do).
            let mut homes: Vec<(Lang, &'a str)> = index
                .files
                .iter()
                .filter(|f| Index::top_level_def(f, name).is_some())
                .map(|f| (f.lang, f.module.as_str()))
                .collect();
            homes.sort_unstable_by_key(|(l, m)| (*l, m.len(), *m));
            for (lang, module) in homes {
                found = true;
                if !helpers.iter().any(|(l, _, _)| *l == lang) {
                    helpers.push((lang, module.to_string(), name));
                }
            }
            if !found {
                let defined: Vec<&str> = index
                    .files
                    .iter()
                    .flat_map(|f| &f.defs)
                    .filter(|d| d.container.is_none())
                    .map(|d| d.name.as_str())
                    .collect();
                let hint = crate::hint::did_you_mean(name, &defined)
                    .map(|b| format!("did you mean `{b}`?"));
                self.unresolved
                    .push(Unresolved::GuardThrough { cfg, at, hint });
            }
        }
        through.sort_unstable();
        through.dedup();
        self.guards.push(GuardPlan {
            cfg,
            through,
            helpers,
        });
    }

    /// Every configured symbol name and alias of resolved symbols: a file whose facts
    /// mention none of them is skipped by the symbol rules with one set lookup per fact.
    pub fn symbol_names(&self) -> std::collections::HashSet<&'a str> {
        self.symbols.iter().flat_map(|s| s.cfg.names()).collect()
    }

    fn resolve_symbol(&mut self, cfg: &'a SymbolConfig, index: &Index<'a>) {
        let Some((lang, file)) = module_of(index, &cfg.langs, &cfg.canonical) else {
            // `canonical = "pkg.mod.name"`: the symbol's own name written into the path.
            let parent = cfg.langs.iter().find_map(|&l| {
                let (parent, last) = l.split_last(&cfg.canonical)?;
                (last == cfg.name)
                    .then(|| index.module(l, parent))
                    .flatten()
                    .filter(|f| Index::top_level_def(f, &cfg.name).is_some())
                    .map(|_| parent)
            });
            let hint = match parent {
                Some(p) => Some(format!(
                    "`canonical` names the module, not the symbol: did you mean `{p}`?"
                )),
                None => similar_modules(index, &cfg.langs, &cfg.canonical),
            };
            self.unresolved.push(Unresolved::SymbolModule { cfg, hint });
            return;
        };
        let Some(def) = Index::top_level_def(file, &cfg.name) else {
            let mut defined_in: Vec<&str> = index
                .files
                .iter()
                .filter(|f| f.lang == lang && Index::top_level_def(f, &cfg.name).is_some())
                .map(|f| f.module.as_str())
                .collect();
            defined_in.sort_unstable();
            defined_in.dedup();
            self.unresolved.push(Unresolved::SymbolDefinition {
                cfg,
                file,
                defined_in,
            });
            return;
        };
        self.symbols.push(SymbolPlan {
            cfg,
            lang,
            file,
            def,
        });
    }

    fn resolve_table(&mut self, cfg: &'a TableConfig, index: &Index<'a>) {
        let Some((lang, file)) = module_of(index, &cfg.langs, &cfg.canonical) else {
            self.unresolved.push(Unresolved::TableModule {
                cfg,
                hint: similar_modules(index, &cfg.langs, &cfg.canonical),
            });
            return;
        };
        let enum_def = find_enum(index, cfg, lang, file);
        let home = enum_def.map(|(f, _)| f.module.as_str());
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
        };
        let Some(table) = table else {
            let mut available: Vec<&str> = file
                .tables
                .iter()
                .filter(|t| count(t) > 0)
                .filter_map(|t| t.name.as_deref())
                .collect();
            if available.is_empty() {
                available = file
                    .tables
                    .iter()
                    .filter_map(|t| t.name.as_deref())
                    .collect();
            }
            available.sort_unstable();
            available.dedup();
            self.unresolved.push(Unresolved::Table {
                cfg,
                lang,
                file,
                available,
            });
            return;
        };
        // One SSOT007 per entry: the enum is reported only for a table that resolved.
        if enum_def.is_none() {
            let mut defined_in: Vec<&str> = index
                .files
                .iter()
                .filter(|f| f.lang == lang && f.enums.iter().any(|e| e.name == cfg.enum_name))
                .map(|f| f.module.as_str())
                .collect();
            defined_in.sort_unstable();
            defined_in.dedup();
            self.unresolved.push(Unresolved::Enum { cfg, defined_in });
        }
        let keys = all_keys(file, table, &names);
        self.tables.push(TablePlan {
            cfg,
            lang,
            file,
            table,
            names,
            home,
            enum_def,
            keys,
        });
    }
}

/// The language and file of `module`, trying each language its syntax fits.
fn module_of<'a>(
    index: &Index<'a>,
    langs: &[Lang],
    module: &str,
) -> Option<(Lang, &'a ModuleFacts)> {
    langs
        .iter()
        .find_map(|&l| index.module(l, module).map(|f| (l, f)))
}

/// A hint naming the modules that look like `missing`.
fn similar_modules(index: &Index, langs: &[Lang], missing: &str) -> Option<String> {
    let mut names: Vec<&str> = index
        .module_names()
        .filter(|(l, _)| langs.contains(l))
        .map(|(_, m)| m)
        .collect();
    names.sort_unstable();
    // `src.pkg.mod` exists where `pkg.mod` is configured: the front end may know why
    // (Python: a source root is not declared).
    for &lang in langs {
        let suffix = format!("{}{missing}", lang.sep());
        if let Some(longer) = index
            .module_names()
            .filter(|(l, n)| *l == lang && n.ends_with(&suffix))
            .map(|(_, n)| n)
            .min_by_key(|n| (n.len(), *n))
            && let Some(hint) = lang
                .frontend()
                .nested_module_hint(longer, &longer[..longer.len() - suffix.len()])
        {
            return Some(hint);
        }
    }
    if let Some(best) = crate::hint::did_you_mean(missing, &names) {
        return Some(format!("did you mean `{best}`?"));
    }
    let last_of = |m: &str| {
        langs
            .iter()
            .filter_map(|l| l.split_last(m).map(|(_, n)| n))
            .min_by_key(|n| n.len())
            .unwrap_or(m)
            .to_string()
    };
    let last = last_of(missing);
    let same_tail: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| last_of(n) == last)
        .collect();
    (!same_tail.is_empty()).then(|| {
        let list: Vec<String> = same_tail.iter().take(5).map(|n| format!("`{n}`")).collect();
        format!("modules with the same name: {}", list.join(", "))
    })
}

/// The names under which one file refers to the configured enum: its own name (unless the
/// file means a different enum of that name: one it defines or imports from elsewhere) and
/// any `as` aliases it imports it under.
#[derive(Debug, Clone)]
pub struct Names(Vec<String>);

impl Names {
    /// `home` is the module that defines the configured enum.
    pub fn of(index: &Index, cfg: &TableConfig, file: &ModuleFacts, home: Option<&str>) -> Names {
        let name = cfg.enum_name.as_str();
        let other_home = |m: &str| home.is_some_and(|h| h != m);
        let defines_other = other_home(&file.module) && file.enums.iter().any(|e| e.name == name);
        let imports_other = file.imports.iter().any(|i| {
            i.name.as_deref() == Some(name)
                && i.local_name() == Some(name)
                && other_home(&i.module)
                && index
                    .module(file.lang, &i.module)
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

/// Entries of `table` that map to members of the configured enum.
pub fn entries<'t, 'n>(
    table: &'t AliasTable,
    names: &'n Names,
) -> impl Iterator<Item = &'t TableEntry> + use<'t, 'n> {
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

/// Every key the table carries, including those of tables it spreads in (`**BASE`)
/// when they live in the same file.
fn all_keys<'a>(
    file: &'a ModuleFacts,
    table: &'a AliasTable,
    names: &Names,
) -> Vec<&'a TableEntry> {
    let mut out: Vec<&TableEntry> = table
        .entries
        .iter()
        .filter(|e| names.has(&e.enum_name))
        .collect();
    for spread in &table.spreads {
        let base = file
            .lang
            .split_last(spread)
            .map_or(spread.as_str(), |(_, n)| n);
        if let Some(t) = file
            .tables
            .iter()
            .find(|t| t.name.as_deref() == Some(base) && !std::ptr::eq(*t, table))
        {
            out.extend(t.entries.iter().filter(|e| names.has(&e.enum_name)));
        }
    }
    out
}

/// The enum's definition: the one in the module the canonical file imports it from, else
/// in the canonical module, else the only one of that name in the project.
fn find_enum<'a>(
    index: &Index<'a>,
    cfg: &TableConfig,
    lang: Lang,
    file: &'a ModuleFacts,
) -> Option<(&'a ModuleFacts, &'a EnumDef)> {
    let in_file = |f: &'a ModuleFacts| {
        f.enums
            .iter()
            .find(|e| e.name == cfg.enum_name)
            .map(|e| (f, e))
    };
    if let Some(found) = in_file(file) {
        return Some(found);
    }
    for imp in &file.imports {
        if imp.local_name() == Some(cfg.enum_name.as_str())
            && let Some(found) = index.module(lang, &imp.module).and_then(in_file)
        {
            return Some(found);
        }
    }
    let mut all = index
        .files
        .iter()
        .filter(|f| f.lang == lang)
        .filter_map(in_file);
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
