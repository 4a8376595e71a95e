//! The single pass over a parsed file: scopes, contexts, paths, macros and expressions.
//! Items (functions, impls, modules, `use`, consts, enums) are handled in `items`, tables
//! are named and placed in `table_walk`; names are resolved in `resolve` once the walk is
//! over.

use std::collections::HashSet;

use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, Ident};

use super::items::Insert;
use super::prescan::Scan;
use super::resolve::{RawRef, Resolver, Scope};
use super::table_walk::Holder;
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
        let r = super::offsets::byte_range(s);
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
        /// The whole fn item.
        item: Span,
    },
    Impl {
        ty: String,
        /// The trait's last segment (`FromStr`), for `impl Trait for Ty`.
        trait_: Option<String>,
        /// The whole `impl` block.
        item: Span,
    },
    /// A trait's name and whether it is visible outside its module.
    Trait(String, bool),
    Mod,
}

/// Something whose `item_span` is the span of an enclosing statement or item, filled in
/// when that node is left (its span is only computed when something needs it).
#[derive(Clone, Copy)]
pub(super) enum Pending {
    /// `(facts, index)` of a table.
    Table(usize, usize),
    /// Index into `Walker::inserts`.
    Insert(usize),
}

/// A statement or item being visited.
struct Frame {
    item: bool,
    pending: Vec<Pending>,
}

/// The innermost enclosing function (see [`Walker::innermost_fn`]).
pub(super) struct FnCtx<'a> {
    pub name: &'a str,
    /// The fn's name.
    pub span: Span,
    /// The whole fn item.
    pub item: Span,
    /// The context just outside the fn.
    pub below: Option<&'a Ctx>,
}

pub(super) struct Walker<'i> {
    pub sp: Spans,
    /// Item spans of test functions (`#[test]`, ...): tables inside them are test data.
    pub test_fns: Vec<Span>,
    /// The parsed text (after any byte-order mark).
    pub src: &'i str,
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
    /// `(facts, type, name)` of associated consts of an inherent impl typed as the type.
    pub assoc_consts: Vec<(usize, String, String)>,
    /// `(facts, table index, scope)` of tables with bare variants (`"k" => Pending`), to be
    /// resolved through a glob `use E::*` once every `use` is known.
    pub bare: Vec<(usize, usize, usize)>,
    /// Entries of the `if` chains of each enclosing fn (innermost last).
    pub if_chains: Vec<Vec<TableEntry>>,
    /// Values whose initializer is being visited, innermost last.
    pub holders: Vec<Holder>,
    depth: u32,
    truncated: bool,
    /// The statements / items being visited, innermost last.
    frames: Vec<Frame>,
    /// Collect bare names (the file may have a glob import).
    pub names: bool,
    /// Calls recorded for SSOT008; `None` when no call names are asked for.
    pub calls: Option<Box<super::calls::Calls>>,
}

/// Parse and walk the file; `facts` is the (empty) facts of the file's own module.
pub(super) fn run(
    mut facts: ModuleFacts,
    info: &FileInfo,
    text: &str,
    scan: &Scan,
    opts: &crate::lang::ExtractOptions,
) -> Extracted {
    let (src, base) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, 3),
        None => (text, 0),
    };
    let sp = Spans { base };
    super::offsets::install(src);
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
        test_fns: Vec::new(),
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
        assoc_consts: Vec::new(),
        bare: Vec::new(),
        if_chains: Vec::new(),
        holders: Vec::new(),
        assigned: Vec::new(),
        depth: 0,
        truncated: false,
        frames: Vec::new(),
        names: scan.may_glob,
        calls: super::calls::Calls::new(opts),
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
    pub(super) fn innermost_fn(&self) -> Option<FnCtx<'_>> {
        for (i, c) in self.ctx.iter().enumerate().rev() {
            match c {
                Ctx::Fn { name, span, item } => {
                    let below = i.checked_sub(1).map(|j| &self.ctx[j]);
                    return Some(FnCtx {
                        name,
                        span: *span,
                        item: *item,
                        below,
                    });
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
            Ctx::Fn { name, .. } | Ctx::Trait(name, _) => Some(name.clone()),
            Ctx::Impl { ty, .. } => Some(ty.clone()),
            Ctx::Mod => None,
        }
    }

    pub(super) fn in_fn(&self) -> bool {
        self.innermost_fn().is_some()
    }

    /// Give `p` the span of the innermost statement or item (`item_only`: item) once that
    /// node is left.
    pub(super) fn enclosed(&mut self, p: Pending, item_only: bool) {
        if let Some(f) = self.frames.iter_mut().rev().find(|f| f.item || !item_only) {
            f.pending.push(p);
        }
    }

    /// Visit a statement or item (`visit`), then give what waits for its span that span.
    fn framed<N: Spanned + ?Sized>(
        &mut self,
        node: &N,
        item: bool,
        visit: impl FnOnce(&mut Self, &N),
    ) {
        self.frames.push(Frame {
            item,
            pending: Vec::new(),
        });
        visit(self, node);
        let Some(frame) = self.frames.pop() else {
            return;
        };
        if frame.pending.is_empty() {
            return;
        }
        let span = self.sp.of(node.span());
        for p in frame.pending {
            match p {
                Pending::Table(f, t) => self.facts[f].tables[t].item_span = span,
                Pending::Insert(i) => self.inserts[i].item_span = span,
            }
        }
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

    /// Enter one more level of nesting; false (and nothing entered) past [`MAX_DEPTH`].
    pub(super) fn guard(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            self.truncated = true;
            return false;
        }
        self.depth += 1;
        true
    }

    /// Leave a level entered with [`Walker::guard`].
    pub(super) fn unguard(&mut self) {
        self.depth -= 1;
    }

    /// Associated consts typed as their type (`impl Currency { const US_DOLLAR: Currency
    /// = ..; }`) join the members of that enum when this file defines it.
    fn add_assoc_consts(&mut self) {
        for (f, ty, name) in std::mem::take(&mut self.assoc_consts) {
            let def = match self.facts[f].enums.iter().position(|e| e.name == ty) {
                Some(i) => self.facts[f].enums.get_mut(i),
                None => self
                    .facts
                    .iter_mut()
                    .flat_map(|b| b.enums.iter_mut())
                    .find(|e| e.name == ty),
            };
            if let Some(def) = def
                && !def.variants.contains(&name)
            {
                def.variants.push(name);
            }
        }
    }

    /// Resolve everything and build the facts: the file's module first, then inline ones.
    fn finish(mut self, first: ModuleFacts) -> Extracted {
        for t in std::mem::take(&mut self.inserts) {
            let list = &mut self.facts[t.facts].tables;
            if t.table.iter().any(|e| e.enum_name == tables::BARE) {
                self.bare.push((t.facts, list.len(), t.scope));
            }
            list.push(AliasTable {
                name: Some(t.name),
                container: t.container,
                kind: TableKind::Map,
                span: t.span,
                item_span: t.item_span,
                entries: t.table,
                spreads: Vec::new(),
            });
        }
        self.resolve_bare();
        self.add_assoc_consts();
        // A table inside a test function is test data (expected mappings), not a copy.
        if !self.test_fns.is_empty() {
            let tests = std::mem::take(&mut self.test_fns);
            for b in &mut self.facts {
                b.tables.retain(|t| {
                    !tests
                        .iter()
                        .any(|s| s.start <= t.span.start && t.span.end <= s.end)
                });
            }
        }
        let mut resolver = Resolver::new(&self.scopes, &self.info.krate);
        for (f, d, raw) in &self.assigned {
            self.facts[*f].defs[*d].value = resolver.value(raw);
        }
        let n = self.facts.len();
        let mut calls = vec![Vec::new(); n];
        if let Some(c) = self.calls.take() {
            for (f, call) in
                super::calls::resolve(*c, &self.scopes, &mut resolver, &self.info.krate)
            {
                calls[f].push(call);
            }
        }
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
        let parts = self.facts.into_iter().zip(imports).zip(refs).zip(calls);
        for (((b, mut imports), mut refs), calls) in parts {
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
            facts.calls = calls;
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

impl Walker<'_> {
    /// A path in an expression or a type: `<T as Trait>::f` is not a module path (only its
    /// parts are visited); anything else is recorded.
    fn qualified_path<'ast>(&mut self, qself: Option<&'ast syn::QSelf>, path: &'ast syn::Path) {
        match qself {
            Some(q) => {
                self.visit_qself(q);
                for seg in &path.segments {
                    self.visit_path_arguments(&seg.arguments);
                }
            }
            None => self.visit_path(path),
        }
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        if self.calls.is_some() {
            self.call_item(i);
        }
        if self.guard() {
            self.framed(i, true, Self::item);
            self.depth -= 1;
        }
    }

    fn visit_impl_item(&mut self, i: &'ast syn::ImplItem) {
        self.framed(i, true, Self::impl_item);
    }

    fn visit_trait_item(&mut self, i: &'ast syn::TraitItem) {
        self.framed(i, true, Self::trait_item);
    }

    fn visit_stmt(&mut self, s: &'ast syn::Stmt) {
        self.framed(s, false, |w, s| visit::visit_stmt(w, s));
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        self.local(l);
        visit::visit_local(self, l);
        self.bind_local(l);
    }

    fn visit_block(&mut self, b: &'ast syn::Block) {
        let mark = self.locals_mark();
        visit::visit_block(self, b);
        self.locals_reset(mark);
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        let mark = self.locals_mark();
        for p in &c.inputs {
            self.bind_pat(p);
        }
        visit::visit_expr_closure(self, c);
        self.locals_reset(mark);
    }

    fn visit_arm(&mut self, a: &'ast syn::Arm) {
        let mark = self.locals_mark();
        self.bind_pat(&a.pat);
        visit::visit_arm(self, a);
        self.locals_reset(mark);
    }

    fn visit_expr_for_loop(&mut self, f: &'ast syn::ExprForLoop) {
        let mark = self.locals_mark();
        self.bind_pat(&f.pat);
        visit::visit_expr_for_loop(self, f);
        self.locals_reset(mark);
    }

    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        let mark = self.locals_mark();
        visit::visit_expr_if(self, i);
        self.locals_reset(mark);
    }

    fn visit_expr_while(&mut self, w: &'ast syn::ExprWhile) {
        let mark = self.locals_mark();
        visit::visit_expr_while(self, w);
        self.locals_reset(mark);
    }

    fn visit_expr_let(&mut self, l: &'ast syn::ExprLet) {
        visit::visit_expr_let(self, l);
        self.bind_pat(&l.pat);
    }

    fn visit_expr(&mut self, e: &'ast Expr) {
        if !self.guard() {
            return;
        }
        if self.calls.is_some() {
            self.call_expr(e);
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
            Expr::MethodCall(c) => {
                self.insert_call(c);
                if let Some(h) = self.cell(c) {
                    self.holding(h, |w| visit::visit_expr(w, e));
                    self.depth -= 1;
                    return;
                }
            }
            Expr::If(i) if !self.if_chains.is_empty() => {
                let entries = tables::if_entries(i, self.self_ty(), self.sp);
                if let Some(chain) = self.if_chains.last_mut() {
                    chain.extend(entries);
                }
            }
            _ => {}
        }
        visit::visit_expr(self, e);
        self.depth -= 1;
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        self.qualified_path(p.qself.as_ref(), &p.path);
    }

    fn visit_type_path(&mut self, p: &'ast syn::TypePath) {
        self.qualified_path(p.qself.as_ref(), &p.path);
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        self.record_path(p);
        visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        if self.calls.is_some() {
            self.call_macro(m);
        }
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

    fn visit_stmt_macro(&mut self, m: &'ast syn::StmtMacro) {
        // `lazy_static! { .. }` / `thread_local! { .. }` inside a fn body.
        self.item_macro(&m.mac, &m.attrs, m.semi_token.map(|t| t.span));
    }

    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}

    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}
}
