//! Items: functions, impls, traits, modules, `use`, `extern crate`, consts and statics,
//! enums, `let` bindings, and `map.insert("k", E::X)` tables.

use quote::ToTokens;
use syn::visit::{self, Visit};
use syn::{Expr, Ident, Item, Pat, Type, UseTree, Visibility};

use super::resolve::{ItemKind, RawRef, RawUse};
use super::table_walk::Holder;
use super::walker::{Ctx, Pending, Walker};
use super::{ModDecl, enums, fingerprint, tables};
use crate::facts::{AliasTable, DefKind, Definition, Shape, Span, TableKind};

/// The name an identifier binds (`r#type` -> `type`).
pub(super) fn name(i: &Ident) -> String {
    let s = i.to_string();
    match s.strip_prefix("r#") {
        Some(raw) => raw.to_string(),
        None => s,
    }
}

/// `impl X for Vec<T>` -> `Vec`; `impl X for &Foo` -> `Foo`.
fn type_name(ty: &Type) -> String {
    match ty {
        Type::Path(p) => p
            .path
            .segments
            .last()
            .map_or_else(|| ty.to_token_stream().to_string(), |s| name(&s.ident)),
        Type::Reference(r) => type_name(&r.elem),
        Type::Paren(p) => type_name(&p.elem),
        Type::Group(g) => type_name(&g.elem),
        Type::Slice(s) => type_name(&s.elem),
        Type::Array(a) => type_name(&a.elem),
        Type::Ptr(p) => type_name(&p.elem),
        _ => ty.to_token_stream().to_string(),
    }
}

/// Visible outside its module: `pub`, `pub(crate)`, `pub(super)`, `pub(in ..)`; not
/// `pub(self)`.
fn exported(vis: &Visibility) -> bool {
    match vis {
        Visibility::Public(_) => true,
        Visibility::Restricted(r) => !r.path.is_ident("self"),
        Visibility::Inherited => false,
    }
}

/// The first outer attribute's `#` (a `///` doc comment's own span).
fn outer_attr(attrs: &[syn::Attribute]) -> Option<proc_macro2::Span> {
    attrs
        .iter()
        .find(|a| matches!(a.style, syn::AttrStyle::Outer))
        .map(|a| a.pound_token.span)
}

/// The `pub` of a visibility.
fn vis_span(vis: &Visibility) -> Option<proc_macro2::Span> {
    match vis {
        Visibility::Public(p) => Some(p.span),
        Visibility::Restricted(r) => Some(r.pub_token.span),
        Visibility::Inherited => None,
    }
}

/// The first token of a signature (`const`, `async`, `unsafe`, `extern` or `fn`).
fn sig_start(sig: &syn::Signature) -> proc_macro2::Span {
    let safety = match &sig.safety {
        syn::Safety::Safe(t) => Some(t.span),
        syn::Safety::Unsafe(t) => Some(t.span),
        _ => None,
    };
    sig.constness
        .map(|t| t.span)
        .or(sig.asyncness.map(|t| t.span))
        .or(safety)
        .or(sig.abi.as_ref().map(|a| a.extern_token.span))
        .unwrap_or(sig.fn_token.span)
}

/// `#[path = "..."]`.
fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| match &a.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    })
}

/// True for a test function's attributes: `#[test]`, `#[tokio::test]`, `#[rstest]`,
/// `#[test_case(..)]`, `#[bench]`, ...
fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().segments.last().is_some_and(|s| {
            let n = s.ident.to_string();
            n == "test" || n == "bench" || n == "rstest" || n == "test_case" || n == "quickcheck"
        })
    })
}

/// A closure, possibly parenthesised or cast (`(|s| ..) as fn(..)`).
fn closure(e: &Expr) -> Option<&syn::ExprClosure> {
    match e {
        Expr::Closure(c) => Some(c),
        Expr::Paren(p) => closure(&p.expr),
        Expr::Group(g) => closure(&g.expr),
        Expr::Cast(c) => closure(&c.expr),
        _ => None,
    }
}

/// The identifier a simple `let` pattern binds (`x`, `mut x`, `x: T`).
fn pat_ident(p: &Pat) -> Option<&Ident> {
    match p {
        Pat::Ident(i) if i.subpat.is_none() => Some(&i.ident),
        Pat::Type(t) => pat_ident(&t.pat),
        _ => None,
    }
}

/// Where a definition or table sits: the whole item / statement, and whether it is public.
#[derive(Clone, Copy)]
pub(super) struct Place {
    pub span: Span,
    pub public: bool,
    /// 1-based first and last line of `span`.
    pub lines: (u32, u32),
}

/// 1-based line of the start of `first` and of the end of `last` (proc-macro2 counts lines
/// as `facts::line_starts` does, but for a lone `\r`, which Rust does not allow outside
/// comments and strings).
fn lines(first: proc_macro2::Span, last: proc_macro2::Span) -> (u32, u32) {
    let a = first.start().line as u32;
    (a, (last.end().line as u32).max(a))
}

/// A string -> enum table being built from `recv.insert("k", E::X)` calls.
pub(super) struct Insert {
    pub facts: usize,
    /// The scope of the first `insert`, for bare members.
    pub scope: usize,
    pub name: String,
    pub span: Span,
    /// The fn holding the `insert` calls (else the statement of the first one).
    pub item_span: Span,
    pub container: Option<String>,
    pub table: Vec<crate::facts::TableEntry>,
}

impl Walker<'_> {
    /// From the first outer attribute / doc comment (else `pub`, else `first`) to `last`,
    /// and whether `vis` makes the item visible outside its module.
    fn place(
        &self,
        attrs: &[syn::Attribute],
        vis: &Visibility,
        first: proc_macro2::Span,
        last: proc_macro2::Span,
    ) -> Place {
        let start = outer_attr(attrs).or_else(|| vis_span(vis)).unwrap_or(first);
        Place {
            span: Span::new(self.sp.of(start).start, self.sp.of(last).end),
            public: exported(vis),
            lines: lines(start, last),
        }
    }

    /// `f(text)` (fingerprint and shape) when fingerprints are asked for, else 0 and none.
    fn fingerprint(&self, f: impl FnOnce(&str) -> (u64, Box<Shape>)) -> (u64, Option<Box<Shape>>) {
        if self.fingerprints {
            let (fp, shape) = f(self.src);
            (fp, Some(shape))
        } else {
            (0, None)
        }
    }

    fn register(&mut self, ident: &Ident, kind: ItemKind) {
        let n = name(ident);
        self.scopes[self.cur].items.insert(n, kind);
    }

    fn def(
        &mut self,
        ident: &Ident,
        kind: DefKind,
        container: Option<String>,
        (fingerprint, mut shape): (u64, Option<Box<Shape>>),
        item: Place,
    ) {
        if let Some(s) = &mut shape {
            s.lines = item.lines;
        }
        let d = Definition {
            name: name(ident),
            kind,
            container,
            span: self.sp.ident(ident),
            item_span: item.span,
            public: item.public,
            receiver: false,
            fingerprint,
            value: None,
            shape,
        };
        self.builder().defs.push(d);
    }

    /// The definition just pushed uses its instance when `sig` has a receiver and `body`
    /// mentions `self` (in code or in a macro's tokens, such as `format!("{}", self.x)`).
    fn mark_receiver(&mut self, sig: &syn::Signature, body: &syn::Block) {
        let uses = sig.receiver().is_some() && mentions_self(body);
        if let Some(d) = self.builder().defs.last_mut() {
            d.receiver = uses;
        }
    }

    pub(super) fn item(&mut self, i: &Item) {
        match i {
            Item::Fn(f) => {
                self.register(&f.sig.ident, ItemKind::Other);
                let (kind, container) = match self.ctx.last() {
                    Some(Ctx::Fn { name, .. }) => (DefKind::Nested, Some(name.clone())),
                    _ if f.sig.asyncness.is_some() => (DefKind::AsyncFunction, None),
                    _ => (DefKind::Function, None),
                };
                let fp = self.fingerprint(|src| fingerprint::of_fn(&f.sig, &f.block, src));
                let last = f.block.brace_token.span.close();
                let item = self.place(&f.attrs, &f.vis, sig_start(&f.sig), last);
                // A test (`#[test]`, `#[tokio::test]`, `#[rstest]`, ...) is named after what it
                // tests; it is never a copy of a helper and nothing calls it.
                if is_test(&f.attrs) {
                    self.test_fns.push(item.span);
                } else {
                    self.def(&f.sig.ident, kind, container, fp, item);
                }
                self.fn_body(&f.sig, Some(&f.block), item.span);
            }
            Item::Mod(m) => self.item_mod(m),
            Item::Use(u) => self.item_use(u),
            Item::ExternCrate(e) => {
                let alias = e.rename.as_ref().map(|(_, r)| name(r));
                let end = e.rename.as_ref().map_or(&e.ident, |(_, r)| r);
                let span = Span::new(self.sp.ident(&e.ident).start, self.sp.ident(end).end);
                let stmt_span = self.stmt_span(&e.vis, e.extern_token.span, e.semi_token.span);
                self.scopes[self.cur].add_use(RawUse {
                    segs: vec![name(&e.ident)],
                    leading_colon: false,
                    alias,
                    glob: false,
                    extern_crate: true,
                    span,
                    stmt_span,
                    exported: exported(&e.vis),
                });
            }
            Item::Impl(im) => {
                let trait_ = im
                    .trait_
                    .as_ref()
                    .and_then(|(p, _)| p.segments.last().map(|s| name(&s.ident)));
                self.ctx.push(Ctx::Impl {
                    ty: type_name(&im.self_ty),
                    trait_,
                    item: self
                        .place(
                            &im.attrs,
                            &Visibility::Inherited,
                            im.modifiers
                                .defaultness
                                .map(|d| d.span)
                                .or(im.unsafety.map(|u| u.span))
                                .unwrap_or(im.impl_token.span),
                            im.brace_token.span.close(),
                        )
                        .span,
                });
                visit::visit_item_impl(self, im);
                self.ctx.pop();
            }
            Item::Trait(t) => {
                self.register(&t.ident, ItemKind::Other);
                self.ctx.push(Ctx::Trait(name(&t.ident), exported(&t.vis)));
                visit::visit_item_trait(self, t);
                self.ctx.pop();
            }
            Item::Const(c) => {
                self.register(&c.ident, ItemKind::Other);
                let first = c
                    .modifiers
                    .defaultness
                    .map_or(c.const_token.span, |d| d.span);
                let item = self.place(&c.attrs, &c.vis, first, c.semi_token.span);
                self.bound_value(&c.ident, &c.expr, item, false);
                self.assignment(&c.ident, &c.expr, item);
                let h = self.holder_of(&c.ident, item);
                self.holding(h, |w| visit::visit_item_const(w, c));
            }
            Item::Static(s) => {
                self.register(&s.ident, ItemKind::Other);
                let item = self.place(&s.attrs, &s.vis, s.static_token.span, s.semi_token.span);
                self.bound_value(&s.ident, &s.expr, item, false);
                self.assignment(&s.ident, &s.expr, item);
                let h = self.holder_of(&s.ident, item);
                self.holding(h, |w| visit::visit_item_static(w, s));
            }
            Item::Enum(e) => {
                self.register(&e.ident, ItemKind::Other);
                let def = enums::enum_def(e, self.sp);
                self.builder().enums.push(def);
                visit::visit_item_enum(self, e);
            }
            Item::Struct(s) => {
                self.register(&s.ident, ItemKind::Other);
                visit::visit_item_struct(self, s);
            }
            Item::Union(u) => {
                self.register(&u.ident, ItemKind::Other);
                visit::visit_item_union(self, u);
            }
            Item::Type(t) => {
                self.register(&t.ident, ItemKind::Other);
                visit::visit_item_type(self, t);
            }
            Item::TraitAlias(t) => {
                self.register(&t.ident, ItemKind::Other);
                visit::visit_item_trait_alias(self, t);
            }
            Item::Macro(m) => {
                if m.ident.is_none() {
                    self.item_macro(&m.mac, &m.attrs, m.semi_token.map(|t| t.span));
                }
            }
            _ => visit::visit_item(self, i),
        }
    }

    pub(super) fn impl_item(&mut self, i: &syn::ImplItem) {
        match i {
            syn::ImplItem::Fn(f) => {
                let fp = self.fingerprint(|src| fingerprint::of_fn(&f.sig, &f.block, src));
                let first = f
                    .modifiers
                    .defaultness
                    .map_or(sig_start(&f.sig), |d| d.span);
                let last = f.block.brace_token.span.close();
                let item = self.place(&f.attrs, &f.vis, first, last);
                self.def(&f.sig.ident, DefKind::Method, self.container(), fp, item);
                self.mark_receiver(&f.sig, &f.block);
                self.fn_body(&f.sig, Some(&f.block), item.span);
            }
            syn::ImplItem::Const(c) => {
                self.assoc_const(c);
                let first = c
                    .modifiers
                    .defaultness
                    .map_or(c.const_token.span, |d| d.span);
                let item = self.place(&c.attrs, &c.vis, first, c.semi_token.span);
                self.bound_value(&c.ident, &c.expr, item, false);
                let h = self.holder_of(&c.ident, item);
                self.holding(h, |w| visit::visit_impl_item_const(w, c));
            }
            _ => visit::visit_impl_item(self, i),
        }
    }

    /// `impl E { const X: E = ..; }` (or `: Self`): a name for a value of `E`, kept so it
    /// can join the members of `enum E` if the file defines it.
    fn assoc_const(&mut self, c: &syn::ImplItemConst) {
        let Some(Ctx::Impl {
            ty, trait_: None, ..
        }) = self.ctx.last()
        else {
            return;
        };
        let of_type = match &c.ty {
            Type::Path(p) if p.qself.is_none() => p
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "Self" || name(&s.ident) == *ty),
            _ => false,
        };
        if of_type {
            let facts = self.scopes[self.cur].facts;
            self.assoc_consts.push((facts, ty.clone(), name(&c.ident)));
        }
    }

    pub(super) fn trait_item(&mut self, i: &syn::TraitItem) {
        match i {
            syn::TraitItem::Fn(f) => {
                // A declaration without a body is a requirement, not a copy: only a
                // default body defines the function (each impl is a definition of its own).
                // Trait items have no visibility of their own: they are as visible as the trait.
                let public = matches!(self.ctx.last(), Some(Ctx::Trait(_, true)));
                let first = f
                    .modifiers
                    .defaultness
                    .map_or(sig_start(&f.sig), |d| d.span);
                let last = match (&f.default, &f.semi_token) {
                    (_, Some(semi)) => semi.span,
                    (Some(b), None) => b.brace_token.span.close(),
                    (None, None) => f.sig.ident.span(),
                };
                let item = Place {
                    public,
                    ..self.place(&f.attrs, &Visibility::Inherited, first, last)
                };
                if let Some(body) = &f.default {
                    let fp = self.fingerprint(|src| fingerprint::of_fn(&f.sig, body, src));
                    self.def(
                        &f.sig.ident,
                        DefKind::TraitMethod,
                        self.container(),
                        fp,
                        item,
                    );
                    self.mark_receiver(&f.sig, body);
                }
                self.fn_body(&f.sig, f.default.as_ref(), item.span);
            }
            _ => visit::visit_trait_item(self, i),
        }
    }

    /// A function's signature and body, in a scope of its own.
    fn fn_body(&mut self, sig: &syn::Signature, block: Option<&syn::Block>, item: Span) {
        self.ctx.push(Ctx::Fn {
            name: name(&sig.ident),
            span: self.sp.ident(&sig.ident),
            item,
        });
        let module = self.scopes[self.cur].module.clone();
        let previous = self.enter_scope(module, true);
        self.visit_signature(sig);
        self.if_chains.push(Vec::new());
        let locals = self.calls_enter_fn(sig);
        if let Some(b) = block {
            self.visit_block(b);
        }
        self.calls_leave_fn(locals);
        let chain = self.if_chains.pop().unwrap_or_default();
        self.if_chain_table(chain);
        self.leave(previous);
        self.ctx.pop();
    }

    fn item_mod(&mut self, m: &syn::ItemMod) {
        self.register(&m.ident, ItemKind::Mod);
        let mod_name = name(&m.ident);
        let path = path_attr(&m.attrs);
        let Some((_, items)) = &m.content else {
            if !self.in_fn() {
                let end = m.semi.map_or(m.ident.span(), |s| s.span);
                self.mods.push(ModDecl {
                    name: mod_name,
                    path_attr: path,
                    inline: self.inline.clone(),
                    span: Span::new(self.sp.of(m.mod_token.span).start, self.sp.of(end).end),
                });
            }
            return;
        };
        let module = format!("{}::{mod_name}", self.scopes[self.cur].module);
        let previous = self.enter_scope(module, false);
        self.inline.push((mod_name, path));
        self.ctx.push(Ctx::Mod);
        for item in items {
            self.visit_item(item);
        }
        self.ctx.pop();
        self.inline.pop();
        self.leave(previous);
    }

    /// From `pub` (or the first keyword) to the closing `;`.
    fn stmt_span(
        &self,
        vis: &Visibility,
        first: proc_macro2::Span,
        semi: proc_macro2::Span,
    ) -> Span {
        let start = match vis {
            Visibility::Public(p) => self.sp.of(p.span),
            Visibility::Restricted(r) => self.sp.of(r.pub_token.span),
            Visibility::Inherited => self.sp.of(first),
        };
        Span::new(start.start, self.sp.of(semi).end)
    }

    fn item_use(&mut self, u: &syn::ItemUse) {
        let stmt_span = self.stmt_span(&u.vis, u.use_token.span, u.semi_token.span);
        let exported = exported(&u.vis);
        let mut leaves = Vec::new();
        flatten(&u.tree, &mut Vec::new(), &mut leaves, self, 0);
        for (segs, alias, glob, span) in leaves {
            self.scopes[self.cur].add_use(RawUse {
                segs,
                leading_colon: u.leading_colon.is_some(),
                alias,
                glob,
                extern_crate: false,
                span,
                stmt_span,
                exported,
            });
        }
    }

    /// The holder for the initializer of the `const` / `static` `ident`.
    fn holder_of(&self, ident: &Ident, item: Place) -> Holder {
        Holder {
            name: name(ident),
            span: self.sp.ident(ident),
            item: item.span,
            depth: self.ctx.len(),
        }
    }

    /// `CELL.get_or_init(|| ..)` / `get_or_try_init` (`OnceLock`, `once_cell`): the cell
    /// holds whatever table the closure builds.
    pub(super) fn cell(&self, c: &syn::ExprMethodCall) -> Option<Holder> {
        if c.method != "get_or_init" && c.method != "get_or_try_init" {
            return None;
        }
        let ident = match &*c.receiver {
            Expr::Path(p) if p.qself.is_none() => &p.path.segments.last()?.ident,
            Expr::Field(f) => match &f.member {
                syn::Member::Named(i) => i,
                syn::Member::Unnamed(_) => return None,
            },
            _ => return None,
        };
        Some(Holder {
            name: name(ident),
            span: self.sp.ident(ident),
            item: Span::default(),
            depth: self.ctx.len(),
        })
    }

    /// `const` / `static` / `let` values: closures are definitions, tables are tables. A
    /// `let` (`local`) inside a holder's initializer builds the holder's table.
    fn bound_value(&mut self, ident: &Ident, value: &Expr, item: Place, local: bool) {
        if let Some(c) = closure(value) {
            let fp = self.fingerprint(|src| fingerprint::of_closure(c, src));
            self.def(ident, DefKind::Lambda, self.container(), fp, item);
        }
        let mut found = tables::Found::default();
        tables::collect(value, self.self_ty(), self.sp, &mut found, 0);
        self.claimed.extend(found.claimed);
        if !found.entries.is_empty() {
            let (name, span, item_span) = match self.holder().filter(|_| local) {
                Some(h) => {
                    let held = self.holder_item(h);
                    let item_span = if held.is_empty() { item.span } else { held };
                    (h.name.clone(), h.span, item_span)
                }
                None => (name(ident), self.sp.ident(ident), item.span),
            };
            let table = AliasTable {
                name: Some(name),
                container: self.container(),
                kind: TableKind::Map,
                span,
                item_span,
                entries: found.entries,
                spreads: Vec::new(),
            };
            self.push_table(table);
        }
    }

    /// A module-level `const` / `static` bound to a path (`const H: fn() = utils::h;`):
    /// an [`DefKind::Assignment`] whose value is resolved at the end.
    fn assignment(&mut self, ident: &Ident, value: &Expr, item: Place) {
        let mut v = value;
        while let Expr::Cast(c) = v {
            v = &c.expr;
        }
        let Expr::Path(p) = v else { return };
        if p.qself.is_some() || self.in_fn() || !matches!(self.ctx.last(), None | Some(Ctx::Mod)) {
            return;
        }
        self.def(ident, DefKind::Assignment, None, (0, None), item);
        let facts = self.scopes[self.cur].facts;
        let def = self.facts[facts].defs.len() - 1;
        let raw = RawRef {
            scope: self.cur,
            segs: p.path.segments.iter().map(|s| name(&s.ident)).collect(),
            leading_colon: p.path.leading_colon.is_some(),
            span: self.sp.path(&p.path),
        };
        self.assigned.push((facts, def, raw));
    }

    pub(super) fn local(&mut self, l: &syn::Local) {
        if let (Some(ident), Some(init)) = (pat_ident(&l.pat), &l.init) {
            let item = self.place(
                &l.attrs,
                &Visibility::Inherited,
                l.let_token.span,
                l.semi_token.span,
            );
            self.bound_value(ident, &init.expr, item, true);
        }
    }

    /// A macro in item (or statement) position: `lazy_static! { static ref X: T = ...; }`
    /// and `thread_local! { static X: T = ...; }` hold statics; any other is visited like
    /// an expression macro.
    /// `attrs` and `semi` are the invocation's own (a single static's table is the whole
    /// invocation: deleting it deletes the static).
    pub(super) fn item_macro(
        &mut self,
        mac: &syn::Macro,
        attrs: &[syn::Attribute],
        semi: Option<proc_macro2::Span>,
    ) {
        if mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "lazy_static" || s.ident == "thread_local")
            && let Ok(statics) = mac.parse_body_with(tables::parse_lazy_statics)
        {
            let first = outer_attr(attrs).unwrap_or_else(|| {
                let seg = mac.path.segments.first().map(|s| s.ident.span());
                mac.path
                    .leading_colon
                    .map(|c| c.spans[0])
                    .or(seg)
                    .unwrap_or(mac.bang_token.span)
            });
            let end = semi.unwrap_or_else(|| mac.delimiter.span().close());
            let whole = Span::new(self.sp.of(first).start, self.sp.of(end).end);
            for s in &statics {
                let (ident, ty, value) = (&s.ident, &s.ty, &s.expr);
                self.register(ident, ItemKind::Other);
                let item = Place {
                    span: if statics.len() == 1 {
                        whole
                    } else {
                        self.sp.of(s.span)
                    },
                    public: exported(&s.vis),
                    lines: if statics.len() == 1 {
                        lines(first, end)
                    } else {
                        lines(s.span, s.span)
                    },
                };
                self.bound_value(ident, value, item, false);
                self.visit_type(ty);
                let h = self.holder_of(ident, item);
                self.holding(h, |w| w.visit_expr(value));
            }
            return;
        }
        self.visit_macro(mac);
    }

    /// `recv.insert("k", E::X)`: entries of a table named after the receiver.
    pub(super) fn insert_call(&mut self, c: &syn::ExprMethodCall) {
        if c.method != "insert" || c.args.len() != 2 {
            return;
        }
        let (mut recv, mut span) = match &*c.receiver {
            Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
                let i = &p.path.segments[0].ident;
                (name(i), self.sp.ident(i))
            }
            Expr::Field(f) => match &f.member {
                syn::Member::Named(i) => (name(i), self.sp.ident(i)),
                syn::Member::Unnamed(_) => return,
            },
            _ => return,
        };
        let Some(entry) = tables::entry(&c.args[0], &c.args[1], self.self_ty(), self.sp) else {
            return;
        };
        let facts = self.scopes[self.cur].facts;
        let container = self.innermost_fn().map(|f| f.name.to_string());
        // `LazyLock::new(|| { let mut m = HashMap::new(); m.insert(..); m })`: the static's.
        let mut held = None;
        if let Some(h) = self.holder() {
            (recv, span) = (h.name.clone(), h.span);
            held = Some(self.holder_item(h)).filter(|s| !s.is_empty());
        }
        match self
            .inserts
            .iter_mut()
            .find(|t| t.facts == facts && t.name == recv && t.container == container)
        {
            Some(t) => t.table.push(entry),
            None => {
                let item_span = held.or_else(|| self.innermost_fn().map(|f| f.item));
                if item_span.is_none() {
                    let pending = Pending::Insert(self.inserts.len());
                    self.enclosed(pending, true);
                }
                self.inserts.push(Insert {
                    facts,
                    scope: self.cur,
                    name: recv,
                    span,
                    item_span: item_span.unwrap_or_default(),
                    container,
                    table: vec![entry],
                });
            }
        }
    }
}

/// Flatten a `use` tree into leaves `(path as written, alias, glob, span)`.
pub(super) fn flatten(
    tree: &UseTree,
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>, bool, Span)>,
    w: &Walker,
    depth: usize,
) {
    if depth > 256 {
        return;
    }
    let with = |prefix: &Vec<String>, i: &Ident| {
        let mut segs = prefix.clone();
        if i != "self" {
            segs.push(name(i));
        }
        segs
    };
    match tree {
        UseTree::Path(p) => {
            prefix.push(name(&p.ident));
            flatten(&p.tree, prefix, out, w, depth + 1);
            prefix.pop();
        }
        UseTree::Name(n) => {
            let segs = with(prefix, &n.ident);
            if !segs.is_empty() {
                out.push((segs, None, false, w.sp.ident(&n.ident)));
            }
        }
        UseTree::Rename(r) => {
            let segs = with(prefix, &r.ident);
            let span = Span::new(w.sp.ident(&r.ident).start, w.sp.ident(&r.rename).end);
            if !segs.is_empty() {
                out.push((segs, Some(name(&r.rename)), false, span));
            }
        }
        UseTree::Glob(g) => out.push((prefix.clone(), None, true, w.sp.of(g.star_token.span))),
        UseTree::Group(g) => {
            for t in &g.items {
                flatten(t, prefix, out, w, depth + 1);
            }
        }
    }
}

/// True when `body` mentions `self` (as a path, or in a macro's tokens).
fn mentions_self(body: &syn::Block) -> bool {
    use syn::visit::Visit;
    struct Finds(bool);
    fn tokens(ts: &proc_macro2::TokenStream) -> bool {
        ts.clone().into_iter().any(|t| match t {
            proc_macro2::TokenTree::Ident(i) => i == "self",
            proc_macro2::TokenTree::Group(g) => tokens(&g.stream()),
            _ => false,
        })
    }
    impl<'ast> Visit<'ast> for Finds {
        fn visit_path(&mut self, p: &'ast syn::Path) {
            if p.segments.first().is_some_and(|s| s.ident == "self") {
                self.0 = true;
            }
            syn::visit::visit_path(self, p);
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            if !self.0 && tokens(&m.tokens) {
                self.0 = true;
            }
        }
    }
    let mut f = Finds(false);
    f.visit_block(body);
    f.0
}
