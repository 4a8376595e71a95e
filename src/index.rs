//! The whole repository at a glance: module path -> file, what each module binds, and
//! re-export chains. Built once from all [`ModuleFacts`]; every query is a map lookup.

use std::collections::{HashMap, HashSet};

use crate::facts::{DefKind, Definition, Import, Lang, ModuleFacts};

/// How a module makes a name available.
#[derive(Debug, Clone, Copy)]
pub enum Provision<'a> {
    /// The module defines the name itself.
    Defines(&'a Definition),
    /// The module imports the name from another module (a re-export).
    Imports(&'a Import),
    /// The module exists in the project but does not bind the name.
    Missing,
    /// No such module in the project.
    UnknownModule,
}

/// Every module of the project, per language (a Python `orders` and a Rust crate `orders`
/// are two modules).
pub struct Index<'a> {
    pub files: &'a [ModuleFacts],
    modules: HashMap<(Lang, &'a str), usize>,
    /// First segments of every project module (`pkg` for `pkg.a.b`, `my_crate` for `my_crate::x`).
    roots: HashSet<(Lang, &'a str)>,
}

fn first_segment(lang: Lang, m: &str) -> &str {
    lang.segments(m).next().unwrap_or(m)
}

impl<'a> Index<'a> {
    pub fn new(files: &'a [ModuleFacts]) -> Self {
        let mut modules = HashMap::new();
        let mut roots = HashSet::new();
        for (i, f) in files.iter().enumerate() {
            // First file wins: sorted walk order puts `x.py` before `x.pyi`.
            modules.entry((f.lang, f.module.as_str())).or_insert(i);
            if !f.module.is_empty() {
                roots.insert((f.lang, first_segment(f.lang, &f.module)));
            }
        }
        Index {
            files,
            modules,
            roots,
        }
    }

    /// The file that is module `m` of language `lang`.
    pub fn module(&self, lang: Lang, m: &str) -> Option<&'a ModuleFacts> {
        self.modules.get(&(lang, m)).map(|&i| &self.files[i])
    }

    /// All module paths with their language, for did-you-mean hints.
    pub fn module_names(&self) -> impl Iterator<Item = (Lang, &'a str)> + '_ {
        self.modules.keys().copied()
    }

    /// True when `m` belongs to this project (its top-level package is one of ours), so
    /// `from babel.numbers import format_amount` is not mistaken for ours.
    pub fn is_project_module(&self, lang: Lang, m: &str) -> bool {
        self.modules.contains_key(&(lang, m))
            || self.roots.contains(&(lang, first_segment(lang, m)))
    }

    /// Top-level definitions in `file` (not methods or nested functions).
    pub fn top_level_def(file: &'a ModuleFacts, name: &str) -> Option<&'a Definition> {
        file.defs.iter().find(|d| {
            d.name == name
                && d.container.is_none()
                && matches!(
                    d.kind,
                    DefKind::Function
                        | DefKind::AsyncFunction
                        | DefKind::Lambda
                        | DefKind::Assignment
                )
        })
    }

    /// How module `m` provides `name`.
    pub fn provides(&self, lang: Lang, m: &str, name: &str) -> Provision<'a> {
        let Some(file) = self.module(lang, m) else {
            return Provision::UnknownModule;
        };
        if let Some(d) = Self::top_level_def(file, name) {
            return Provision::Defines(d);
        }
        if let Some(i) = file
            .imports
            .iter()
            .find(|i| i.exported && !i.glob && i.local_name() == Some(name))
        {
            return Provision::Imports(i);
        }
        Provision::Missing
    }

    /// Follow a re-export chain from `m`: the modules `name` passes through, starting with
    /// `m`, ending at the module that defines it (or where the trail goes cold).
    pub fn chain(&self, lang: Lang, m: &str, name: &str) -> Vec<String> {
        let mut out = vec![m.to_string()];
        let mut seen = HashSet::new();
        let (mut module, mut name) = (m.to_string(), name.to_string());
        while seen.insert(module.clone()) && out.len() < 16 {
            match self.provides(lang, &module, &name) {
                Provision::Imports(imp) => {
                    let next_name = imp.name.clone().unwrap_or_else(|| name.clone());
                    // `from pkg import mod` where mod is a submodule: stop here.
                    out.push(imp.module.clone());
                    module = imp.module.clone();
                    name = next_name;
                }
                _ => break,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Span;
    const PY: Lang = Lang::Python;

    fn file(module: &str) -> ModuleFacts {
        ModuleFacts::new(format!("{module}.py"), Lang::Python, module.into(), "")
    }

    fn def(name: &str) -> Definition {
        Definition {
            name: name.into(),
            kind: DefKind::Function,
            container: None,
            span: Span::default(),
            item_span: Span::default(),
            public: false,
            receiver: false,
            fingerprint: 0,
            value: None,
            shape: None,
        }
    }

    fn import(module: &str, name: &str) -> Import {
        Import {
            module: module.into(),
            name: Some(name.into()),
            alias: None,
            span: Span::default(),
            stmt_span: Span::default(),
            glob: false,
            exported: true,
        }
    }

    #[test]
    fn provisions_and_chains() {
        let mut utils = file("pkg.utils");
        utils.defs.push(def("h"));
        let mut compat = file("pkg.compat");
        compat.imports.push(import("pkg.utils", "h"));
        let mut routes = file("pkg.routes");
        routes.imports.push(import("pkg.compat", "h"));
        let files = vec![utils, compat, routes];
        let idx = Index::new(&files);
        assert!(matches!(
            idx.provides(PY, "pkg.utils", "h"),
            Provision::Defines(_)
        ));
        assert!(matches!(
            idx.provides(PY, "pkg.compat", "h"),
            Provision::Imports(_)
        ));
        assert!(matches!(
            idx.provides(PY, "pkg.compat", "zz"),
            Provision::Missing
        ));
        assert!(matches!(
            idx.provides(PY, "nope", "h"),
            Provision::UnknownModule
        ));
        assert_eq!(
            idx.chain(PY, "pkg.routes", "h"),
            vec!["pkg.routes", "pkg.compat", "pkg.utils"]
        );
        assert!(idx.is_project_module(PY, "pkg.gone"));
        assert!(!idx.is_project_module(PY, "babel.numbers"));
    }

    #[test]
    fn chain_survives_cycles() {
        let mut a = file("p.a");
        a.imports.push(import("p.b", "h"));
        let mut b = file("p.b");
        b.imports.push(import("p.a", "h"));
        let files = vec![a, b];
        let idx = Index::new(&files);
        assert_eq!(idx.chain(PY, "p.a", "h"), vec!["p.a", "p.b", "p.a"]);
    }
}
