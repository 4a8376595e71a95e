//! The single pass over a parsed file: scopes, contexts, paths, macros and expressions.
//! Items (functions, impls, modules, `use`, consts, enums) are handled in `items`; names
//! are resolved in `resolve` once the walk is over.

use std::collections::HashSet;

use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{Expr, Ident, Token};

use super::items::Insert;
use super::prescan::Scan;
use super::resolve::{RawRef, Resolver, Scope};
use super::tables;
use super::{Extracted, FileInfo, ModDecl};
use crate::facts::{
    AliasTable, Definition, EnumDef, ModuleFacts, Problem, Span, TableEntry, TableKind,
};

/// Syntax nested deeper than this is not visited (the pre-scan keeps `syn` itself safe).
const MAX_DEPTH: u32 = 3000;

/// Byte spans of `syn` tokens in the file's text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Spans {
    /// Bytes stripped before parsing (a byte-order mark).
    pub base: u32,
}

impl Spans {
    pub(super) fn of(&self, s: proc_macro2::Span) -> Span {
        let r = s.byte_range();
        Span::new(self.base + r.start as u32, self.base + r.end as u32)
    }

    pub(super) fn ident(&self, i: &Ident) -> Span {
        self.of(i.span())
    }

    /// From the first segment (or leading `::`) to the last segment's name.
    pub(super) fn path(&self, p: &syn::Path) -> Span {
        let start = match (&p.leading_colon, p.segments.first()) {
            (Some(c), _) => self.of(c.spans[0]),
            (None, Some(s)) => self.ident(&s.ident),
            (None, None) => return Span::default(),
        };
        let end = p.segments.last().map_or(start, |s| self.ident(&s.ident));
        Span::new(start.start, end.end.max(start.start))
    }
}

/// Facts of one module (the file's or an inline `mod`'s) while they are being collected.
pub(super) struct Builder {
    pub module: String,
    pub defs: Vec<Definition>,
    pub tables: Vec<AliasTable>,
    pub enums: Vec<EnumDef>,
    pub names: HashSet<String>,
}

impl Builder {
    pub(super) fn new(module: String) -> Self {
        Builder {
            module,
            defs: Vec::new(),
            tables: Vec::new(),
            enums: Vec::new(),
            names: HashSet::new(),
        }
    }
}

/// What the walk is inside of.
#[derive(Debug, Clone)]
pub(super) enum Ctx {
    Fn {
        name: String,
        span: Span,
    },
    Impl {
        ty: String,
        trait_: Option<(String, Span)>,
    },
    Trait(String),
    Mod,
}

pub(super) struct Walker<'i> {
    pub sp: Spans,
    /// The parsed text (after any byte-order mark).
    src: &'i str,
    pub info: &'i FileInfo,
    pub scopes: Vec<Scope>,
    /// Index of the current scope.
    pub cur: usize,
    pub facts: Vec<Builder>,
    pub ctx: Vec<Ctx>,
    /// Enclosing inline modules (for `mod x;` declarations inside them).
    pub inline: Vec<(String, Option<String>)>,
    /// Compute `Definition::fingerprint` (else 0).
    pub fingerprints: bool,
    pub mods: Vec<ModDecl>,
    pub refs: Vec<RawRef>,
    /// Addresses of table expressions already reported as part of a named table.
    pub claimed: HashSet<usize>,
    /// `(facts, def index, value)` of module-level consts bound to a path.
    pub assigned: Vec<(usize, usize, RawRef)>,
    /// Tables built from `recv.insert("k", E::X)` calls.
    pub inserts: Vec<Insert>,
    depth: u32,
    truncated: bool,
    /// Collect bare names (the file may have a glob import).
    names: bool,
}

/// Parse and walk the file; `facts` is the (empty) facts of the file's own module.
pub(super) fn run(
    mut facts: ModuleFacts,
    info: &FileInfo,
    text: &str,
    scan: &Scan,
    opts: crate::lang::ExtractOptions,
) -> Extracted {
    let (src, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, 3),
        None => (text, 0),
    };
    let sp = Spans { base };
    let file = match syn::parse_file(src) {
        Ok(f) => f,
        Err(e) => {
            facts.problems.push(parse_problem(&e, sp, text, scan));
            return Extracted {
                facts: vec![facts],
                mods: Vec::new(),
            };
        }
    };
    let mut w = Walker {
        sp,
        src,
        info,
        scopes: vec![Scope::new(info.module.clone(), None, 0)],
        cur: 0,
        facts: vec![Builder::new(info.module.clone())],
        ctx: Vec::new(),
        inline: Vec::new(),
        fingerprints: opts.fingerprints,
        mods: Vec::new(),
        refs: Vec::new(),
        claimed: HashSet::new(),
        inserts: Vec::new(),
        assigned: Vec::new(),
        depth: 0,
        truncated: false,
        names: scan.may_glob,
    };
    for item in &file.items {
        w.visit_item(item);
    }
    drop(file);
    w.finish(facts)
}

/// A `syn` error as a problem, placed as precisely as possible.
fn parse_problem(e: &syn::Error, sp: Spans, text: &str, scan: &Scan) -> Problem {
    let message = e.to_string();
    let mut span = sp.of(e.span());
    if message.starts_with("cannot parse string into token stream")
        && let Some(u) = &scan.unbalanced
    {
        return Problem {
            message: u.message.clone(),
            span: Span::new(u.offset as u32, u.offset as u32 + 1),
            is_error: true,
        };
    }
    // An error at the end of the input carries the call-site span (offset 0).
    if span == Span::new(sp.base, sp.base) && message.contains("end of input") {
        let end = text.len() as u32;
        span = Span::new(end, end);
    }
    Problem {
        message,
        span,
        is_error: true,
    }
}

impl Walker<'_> {
    /// The facts of the current scope's module.
    pub(super) fn builder(&mut self) -> &mut Builder {
        let f = self.scopes[self.cur].facts;
        &mut self.facts[f]
    }

    /// Enter a new scope; returns the previous one (for [`Walker::leave`]).
    pub(super) fn enter_scope(&mut self, module: String, block: bool) -> usize {
        let facts = if block {
            self.scopes[self.cur].facts
        } else {
            self.facts.push(Builder::new(module.clone()));
            self.facts.len() - 1
        };
        let parent = block.then_some(self.cur);
        self.scopes.push(Scope::new(module, parent, facts));
        std::mem::replace(&mut self.cur, self.scopes.len() - 1)
    }

    pub(super) fn leave(&mut self, previous: usize) {
        self.cur = previous;
    }

    /// The innermost function, with the context just outside it.
    pub(super) fn innermost_fn(&self) -> Option<(&str, Span, Option<&Ctx>)> {
        for (i, c) in self.ctx.iter().enumerate().rev() {
            match c {
                Ctx::Fn { name, span } => {
                    let below = i.checked_sub(1).map(|j| &self.ctx[j]);
                    return Some((name, *span, below));
                }
                Ctx::Mod => return None,
                _ => {}
            }
        }
        None
    }

    /// The type of the innermost `impl`, for `Self::X`.
    pub(super) fn self_ty(&self) -> Option<&str> {
        for c in self.ctx.iter().rev() {
            match c {
                Ctx::Impl { ty, .. } => return Some(ty),
                Ctx::Mod => return None,
                _ => {}
            }
        }
        None
    }

    /// The name of the innermost enclosing fn / impl type / trait (a definition's container).
    pub(super) fn container(&self) -> Option<String> {
        match self.ctx.last()? {
            Ctx::Fn { name, .. } | Ctx::Trait(name) => Some(name.clone()),
            Ctx::Impl { ty, .. } => Some(ty.clone()),
            Ctx::Mod => None,
        }
    }

    pub(super) fn in_fn(&self) -> bool {
        self.innermost_fn().is_some()
    }

    fn push_anonymous(&mut self, entries: Vec<TableEntry>) {
        if entries.is_empty() {
            return;
        }
        let span = Span::new(
            entries[0].key_span.start,
            entries.last().map_or(0, |e| e.variant_span.end),
        );
        let container = self.innermost_fn().map(|(n, _, _)| n.to_string());
        self.builder().tables.push(AliasTable {
            name: None,
            container,
            kind: TableKind::Map,
            span,
            entries,
            spreads: Vec::new(),
        });
    }

    /// A `match` whose string arms produce enum members.
    fn match_table(&mut self, m: &syn::ExprMatch) {
        let entries = tables::match_entries(m, self.self_ty(), self.sp);
        if entries.is_empty() {
            return;
        }
        let (name, container, kind, span) = match self.innermost_fn() {
            Some((
                _,
                _,
                Some(Ctx::Impl {
                    ty,
                    trait_: Some((t, tspan)),
                }),
            )) if matches!(t.as_str(), "FromStr" | "TryFrom" | "From") => (
                Some(t.clone()),
                Some(ty.clone()),
                TableKind::Conversion,
                *tspan,
            ),
            Some((f, fspan, below)) => {
                let container = match below {
                    Some(Ctx::Fn { name, .. } | Ctx::Trait(name)) => Some(name.clone()),
                    Some(Ctx::Impl { ty, .. }) => Some(ty.clone()),
                    _ => None,
                };
                (Some(f.to_string()), container, TableKind::Match, fspan)
            }
            None => (None, None, TableKind::Match, entries[0].key_span),
        };
        self.builder().tables.push(AliasTable {
            name,
            container,
            kind,
            span,
            entries,
            spreads: Vec::new(),
        });
    }

    /// Record a path written in code: a reference when it has 2+ segments, a bare name
    /// otherwise.
    fn record_path(&mut self, p: &syn::Path) {
        let Some(first) = p.segments.first() else {
            return;
        };
        if self.names && p.leading_colon.is_none() {
            let name = first.ident.to_string();
            if !matches!(name.as_str(), "self" | "Self" | "crate" | "super") {
                self.builder().names.insert(name);
            }
        }
        if p.segments.len() < 2 {
            return;
        }
        let segs = p.segments.iter().map(|s| s.ident.to_string()).collect();
        self.refs.push(RawRef {
            scope: self.cur,
            segs,
            leading_colon: p.leading_colon.is_some(),
            span: self.sp.path(p),
        });
    }

    /// Visit what a macro's body holds when it parses as expressions (`format!`,
    /// `vec!`, `assert_eq!`, ...) or as `key => value` pairs (map macros).
    fn macro_body(&mut self, m: &syn::Macro) {
        let Some(last) = m.path.segments.last() else {
            return;
        };
        if last.ident == "macro_rules" {
            return;
        }
        // Most macro bodies (`println!("{}", x)`) hold no path and no table: skip parsing them.
        let body = m.delimiter.span().join().byte_range();
        let plain = !self.names
            && last.ident != "vec"
            && self.src.get(body).is_some_and(|b| !b.contains("::"));
        if plain {
            return;
        }
        if tables::is_map_macro(m) {
            if let Ok(pairs) =
                m.parse_body_with(Punctuated::<tables::Pair, Token![,]>::parse_terminated)
            {
                for p in &pairs {
                    self.visit_expr(&p.key);
                    self.visit_expr(&p.value);
                }
            }
            return;
        }
        if let Ok(exprs) = m.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
            for e in &exprs {
                self.visit_expr(e);
            }
        } else if let Ok((a, b)) = m.parse_body_with(tables::parse_repeat) {
            self.visit_expr(&a);
            self.visit_expr(&b);
        }
    }

    fn guard(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            self.truncated = true;
            return false;
        }
        self.depth += 1;
        true
    }

    /// Resolve everything and build the facts: the file's module first, then inline ones.
    fn finish(mut self, first: ModuleFacts) -> Extracted {
        for t in std::mem::take(&mut self.inserts) {
            self.facts[t.facts].tables.push(AliasTable {
                name: Some(t.name),
                container: t.container,
                kind: TableKind::Map,
                span: t.span,
                entries: t.table,
                spreads: Vec::new(),
            });
        }
        let mut resolver = Resolver::new(&self.scopes, &self.info.krate);
        for (f, d, raw) in &self.assigned {
            self.facts[*f].defs[*d].value = resolver.value(raw);
        }
        let n = self.facts.len();
        let mut imports = vec![Vec::new(); n];
        for (s, scope) in self.scopes.iter().enumerate() {
            for u in 0..scope.uses.len() {
                if let Some(i) = resolver.import(s, u) {
                    imports[scope.facts].push(i);
                }
            }
        }
        let mut refs = vec![Vec::new(); n];
        for r in &self.refs {
            if let Some(found) = resolver.reference(r) {
                refs[self.scopes[r.scope].facts].push(found);
            }
        }
        let mut out = Vec::with_capacity(n);
        let mut first = Some(first);
        for ((b, mut imports), mut refs) in self.facts.into_iter().zip(imports).zip(refs) {
            let mut facts = match first.take() {
                Some(f) => f,
                None => {
                    let head = &out[0];
                    let ModuleFacts {
                        path, line_starts, ..
                    } = head;
                    let mut f = ModuleFacts::new(
                        path.clone(),
                        crate::facts::Lang::Rust,
                        b.module.clone(),
                        "",
                    );
                    f.line_starts = line_starts.clone();
                    f
                }
            };
            imports.sort_by_key(|i: &crate::facts::Import| (i.stmt_span.start, i.span.start));
            refs.sort_by_key(|r: &crate::facts::Reference| (r.span.start, r.span.end));
            if self.names && imports.iter().any(|i| i.glob) {
                let mut names: Vec<String> = b.names.into_iter().collect();
                names.sort();
                facts.glob_names = names;
            }
            facts.defs = b.defs;
            facts.tables = b.tables;
            facts.enums = b.enums;
            facts.imports = imports;
            facts.references = refs;
            out.push(facts);
        }
        if self.truncated {
            out[0].problems.push(Problem {
                message: format!(
                    "code nested more than {MAX_DEPTH} levels deep was skipped by the analysis"
                ),
                span: Span::new(0, 0),
                is_error: false,
            });
        }
        Extracted {
            facts: out,
            mods: self.mods,
        }
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        if self.guard() {
            self.item(i);
            self.depth -= 1;
        }
    }

    fn visit_impl_item(&mut self, i: &'ast syn::ImplItem) {
        self.impl_item(i);
    }

    fn visit_trait_item(&mut self, i: &'ast syn::TraitItem) {
        self.trait_item(i);
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        self.local(l);
        visit::visit_local(self, l);
    }

    fn visit_expr(&mut self, e: &'ast Expr) {
        if !self.guard() {
            return;
        }
        let addr = e as *const Expr as usize;
        match e {
            Expr::Match(m) => self.match_table(m),
            Expr::Array(a) if !self.claimed.contains(&addr) => {
                let entries = tables::array_entries(&a.elems, self.self_ty(), self.sp);
                self.push_anonymous(entries);
            }
            Expr::Macro(m) if !self.claimed.contains(&addr) => {
                let mut found = tables::Found::default();
                tables::macro_entries(&m.mac, self.self_ty(), self.sp, &mut found);
                self.push_anonymous(found.entries);
            }
            Expr::MethodCall(c) => self.insert_call(c),
            _ => {}
        }
        visit::visit_expr(self, e);
        self.depth -= 1;
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        match &p.qself {
            Some(q) => {
                self.visit_qself(q);
                for seg in &p.path.segments {
                    self.visit_path_arguments(&seg.arguments);
                }
            }
            None => self.visit_path(&p.path),
        }
    }

    fn visit_type_path(&mut self, p: &'ast syn::TypePath) {
        match &p.qself {
            Some(q) => {
                self.visit_qself(q);
                for seg in &p.path.segments {
                    self.visit_path_arguments(&seg.arguments);
                }
            }
            None => self.visit_path(&p.path),
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        self.record_path(p);
        visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.visit_path(&m.path);
        self.macro_body(m);
    }

    fn visit_type(&mut self, t: &'ast syn::Type) {
        if self.guard() {
            visit::visit_type(self, t);
            self.depth -= 1;
        }
    }

    fn visit_pat(&mut self, p: &'ast syn::Pat) {
        if self.guard() {
            visit::visit_pat(self, p);
            self.depth -= 1;
        }
    }

    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}

    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}
}
