//! Name resolution, done once the whole file has been walked (so a `use` below its first
//! use still counts): scopes with their items and `use` bindings, `use` trees flattened to
//! [`RawUse`]s, and paths resolved to absolute `::` targets starting with a crate name.
//!
//! A path's first segment is looked up the way Rust 2018 does: `crate` / `self` / `super`
//! (repeated); then the items and `use` bindings of the current scope (function bodies fall
//! back to their enclosing scope; modules do not); then the crate's extern names
//! (dependencies, renamed ones mapped to the real crate, `std`, the crate itself).

use std::collections::{HashMap, HashSet};

use super::CrateCtx;
use crate::facts::{Import, RefKind, Reference, Span};

/// Longest chain of `use` bindings followed (`use a as b; use b as c; ...`).
const MAX_CHAIN: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ItemKind {
    Mod,
    Other,
}

/// A module (the file, an inline `mod`) or a function body.
#[derive(Debug)]
pub(super) struct Scope {
    /// Absolute module path of the code in this scope.
    pub module: String,
    /// For function bodies: the enclosing scope, searched after this one.
    pub parent: Option<usize>,
    /// Index of the module facts this scope's facts belong to.
    pub facts: usize,
    pub items: HashMap<String, ItemKind>,
    /// Local name -> index into `uses`.
    pub bindings: HashMap<String, usize>,
    pub uses: Vec<RawUse>,
}

impl Scope {
    pub(super) fn new(module: String, parent: Option<usize>, facts: usize) -> Self {
        Scope {
            module,
            parent,
            facts,
            items: HashMap::new(),
            bindings: HashMap::new(),
            uses: Vec::new(),
        }
    }

    /// Record a `use` leaf and bind its local name.
    pub(super) fn add_use(&mut self, u: RawUse) {
        if let Some(local) = u.local()
            && local != "_"
        {
            self.bindings.insert(local.to_string(), self.uses.len());
        }
        self.uses.push(u);
    }
}

/// One leaf of a `use` tree (or an `extern crate`), path as written.
#[derive(Debug)]
pub(super) struct RawUse {
    /// `use a::b::c` -> `[a, b, c]`; `use a::b::{self}` -> `[a, b]`; glob: the prefix.
    pub segs: Vec<String>,
    pub leading_colon: bool,
    pub alias: Option<String>,
    pub glob: bool,
    pub extern_crate: bool,
    pub span: Span,
    pub stmt_span: Span,
    pub exported: bool,
}

impl RawUse {
    /// The name this leaf binds.
    fn local(&self) -> Option<&str> {
        if self.glob {
            return None;
        }
        self.alias
            .as_deref()
            .or(self.segs.last().map(String::as_str))
    }
}

/// A path with two or more segments written in code.
#[derive(Debug)]
pub(super) struct RawRef {
    pub scope: usize,
    pub segs: Vec<String>,
    pub leading_colon: bool,
    pub span: Span,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// In a `use`: an unknown first segment is an extern crate, kept as written.
    Use,
    /// In code: an unknown first segment (a type, a generic, a prelude name) is skipped,
    /// and so is a local non-module item (`MyType::new`).
    Ref,
}

/// `a::b::c` -> `a::b`; a crate root stays itself.
fn parent_module(m: &str) -> &str {
    m.rsplit_once("::").map_or(m, |(p, _)| p)
}

pub(super) struct Resolver<'a> {
    scopes: &'a [Scope],
    krate: &'a CrateCtx,
    memo: HashMap<(usize, usize), Option<String>>,
    active: HashSet<(usize, usize)>,
}

impl<'a> Resolver<'a> {
    pub(super) fn new(scopes: &'a [Scope], krate: &'a CrateCtx) -> Self {
        Resolver {
            scopes,
            krate,
            memo: HashMap::new(),
            active: HashSet::new(),
        }
    }

    fn extern_name(&self, name: &str) -> String {
        if name == "self" || name == "crate" {
            return self.krate.name.clone();
        }
        self.krate.extern_crate(name).unwrap_or(name).to_string()
    }

    /// The absolute path a `use` leaf names (for a glob: the module globbed).
    fn use_target(&mut self, s: usize, u: usize) -> Option<String> {
        if let Some(done) = self.memo.get(&(s, u)) {
            return done.clone();
        }
        if self.active.len() >= MAX_CHAIN {
            return None;
        }
        self.active.insert((s, u));
        let raw = &self.scopes[s].uses[u];
        let target = if raw.extern_crate {
            raw.segs.first().map(|c| self.extern_name(c))
        } else {
            self.path(s, &raw.segs, raw.leading_colon, Mode::Use)
        };
        self.active.remove(&(s, u));
        self.memo.insert((s, u), target.clone());
        target
    }

    /// Resolve `segs` written in scope `s`.
    fn path(
        &mut self,
        s: usize,
        segs: &[String],
        leading_colon: bool,
        mode: Mode,
    ) -> Option<String> {
        let first = segs.first()?;
        let mut i = 1;
        let mut base = if leading_colon {
            self.extern_name(first)
        } else {
            match first.as_str() {
                "crate" => self.krate.name.clone(),
                "self" | "super" => {
                    let mut m = self.scopes[s].module.as_str();
                    if first == "super" {
                        m = parent_module(m);
                    }
                    while segs.get(i).is_some_and(|x| x == "super") {
                        m = parent_module(m);
                        i += 1;
                    }
                    m.to_string()
                }
                "Self" => return None,
                name => self.head(s, name, mode)?,
            }
        };
        for seg in &segs[i..] {
            base.push_str("::");
            base.push_str(seg);
        }
        Some(base)
    }

    /// What a plain first segment `name` means in scope `s`.
    fn head(&mut self, s: usize, name: &str, mode: Mode) -> Option<String> {
        let mut cur = Some(s);
        while let Some(c) = cur {
            let scope = &self.scopes[c];
            if let Some(kind) = scope.items.get(name) {
                if mode == Mode::Ref && *kind == ItemKind::Other {
                    return None;
                }
                return Some(format!("{}::{name}", scope.module));
            }
            if let Some(&u) = scope.bindings.get(name)
                && !self.active.contains(&(c, u))
            {
                return self.use_target(c, u);
            }
            cur = scope.parent;
        }
        if let Some(real) = self.krate.extern_crate(name) {
            return Some(real.to_string());
        }
        (mode == Mode::Use).then(|| name.to_string())
    }

    /// The [`Import`] fact for a `use` leaf.
    pub(super) fn import(&mut self, s: usize, u: usize) -> Option<Import> {
        let target = self.use_target(s, u)?;
        let raw = &self.scopes[s].uses[u];
        let (module, name) = match target.rsplit_once("::") {
            Some((m, n)) if !raw.glob && !raw.extern_crate => (m.to_string(), Some(n.to_string())),
            _ => (target, None),
        };
        // The local name, when it is not the last segment of the target (`use a::b as c`,
        // `use renamed_dep;`, `extern crate x as y`).
        let bound_as = name
            .as_deref()
            .unwrap_or_else(|| module.rsplit("::").next().unwrap_or(""));
        let alias = raw
            .alias
            .clone()
            .or_else(|| raw.segs.last().cloned())
            .filter(|l| {
                !raw.glob && l != bound_as && !matches!(l.as_str(), "self" | "super" | "crate")
            });
        Some(Import {
            module,
            name,
            alias,
            span: raw.span,
            stmt_span: raw.stmt_span,
            glob: raw.glob,
            exported: raw.exported,
        })
    }

    /// The absolute target a const's value path names (any local item counts).
    pub(super) fn value(&mut self, r: &RawRef) -> Option<String> {
        self.path(r.scope, &r.segs, r.leading_colon, Mode::Use)
    }

    /// The [`Reference`] fact for a path in code, when it names something absolute.
    pub(super) fn reference(&mut self, r: &RawRef) -> Option<Reference> {
        let target = self.path(r.scope, &r.segs, r.leading_colon, Mode::Ref)?;
        let mut written = if r.leading_colon {
            "::".to_string()
        } else {
            String::new()
        };
        written.push_str(&r.segs.join("::"));
        Some(Reference {
            written: (written != target).then_some(written),
            target,
            kind: RefKind::Path,
            span: r.span,
        })
    }
}
