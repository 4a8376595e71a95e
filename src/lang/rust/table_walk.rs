//! The walker's side of tables: naming and placing the entries `tables` computes (after
//! the fn, impl, static or cell that holds them), and resolving bare members through the
//! file's `use`s once the walk is over.

use super::tables;
use super::walker::{Ctx, FnCtx, Pending, Walker};
use crate::facts::{AliasTable, Span, TableEntry, TableKind};

/// A named value whose initializer is being visited: a `static` / `const` (also in
/// `lazy_static!` / `thread_local!`) or a cell filled by `CELL.get_or_init(|| ..)`. A map
/// built inside it (`let mut m = HashMap::new(); m.insert(..); m`, `m.extend([..])`) is
/// its table, named after it.
pub(super) struct Holder {
    pub name: String,
    /// The name as written.
    pub span: Span,
    /// The whole item; empty for a cell (the table is then the enclosing fn's, or the
    /// enclosing statement's).
    pub item: Span,
    /// `ctx.len()` when entered: a fn or impl inside the initializer is not its.
    pub depth: usize,
}

/// True when a table in `impl Trait for Ty` is `Ty`'s conversion from a string: `Trait` is
/// `FromStr`, `TryFrom` or `From`, and the table yields members of `Ty` itself (`impl
/// FromStr for Config` may map a part of the string to a `Mode`: that is a plain table).
fn is_conversion(trait_: &str, ty: &str, entries: &[TableEntry]) -> bool {
    matches!(trait_, "FromStr" | "TryFrom" | "From") && entries.iter().any(|e| e.enum_name == ty)
}

impl Walker<'_> {
    /// The value whose initializer is being visited, unless a fn or impl inside it is.
    pub(super) fn holder(&self) -> Option<&Holder> {
        self.holders.last().filter(|h| h.depth == self.ctx.len())
    }

    /// Visit `visit` as the initializer of `holder`.
    pub(super) fn holding(&mut self, holder: Holder, visit: impl FnOnce(&mut Self)) {
        self.holders.push(holder);
        visit(self);
        self.holders.pop();
    }

    /// The item span a table named after the current holder gets: the holder's item, the
    /// enclosing fn, else (empty) the enclosing statement, filled in later.
    pub(super) fn holder_item(&self, h: &Holder) -> Span {
        if h.item.is_empty() {
            self.innermost_fn().map(|f| f.item).unwrap_or_default()
        } else {
            h.item
        }
    }

    /// A table literal bound to nothing: anonymous, or the current holder's.
    pub(super) fn push_anonymous(&mut self, entries: Vec<TableEntry>) {
        if entries.is_empty() {
            return;
        }
        let container = self.innermost_fn().map(|f| f.name.to_string());
        let (name, span, item_span) = match self.holder() {
            Some(h) => (Some(h.name.clone()), h.span, self.holder_item(h)),
            None => {
                let end = entries.last().map_or(0, |e| e.variant_span.end);
                (
                    None,
                    Span::new(entries[0].key_span.start, end),
                    Span::default(),
                )
            }
        };
        let pending = self.push_table(AliasTable {
            name,
            container,
            kind: TableKind::Map,
            span,
            item_span,
            entries,
            spreads: Vec::new(),
        });
        if item_span.is_empty() {
            self.enclosed(pending, false);
        }
    }

    /// Add a table to the current module's facts, noting it when it has bare members.
    pub(super) fn push_table(&mut self, table: AliasTable) -> Pending {
        let bare = table.entries.iter().any(|e| e.enum_name == tables::BARE);
        let facts = self.scopes[self.cur].facts;
        let list = &mut self.facts[facts].tables;
        if bare {
            self.bare.push((facts, list.len(), self.cur));
        }
        list.push(table);
        Pending::Table(facts, list.len() - 1)
    }

    /// A `match` whose string arms produce enum members.
    pub(super) fn match_table(&mut self, m: &syn::ExprMatch) {
        let entries = tables::match_entries(m, self.self_ty(), self.sp);
        if entries.is_empty() {
            return;
        }
        let (name, container, kind, span, item_span) = match self.innermost_fn() {
            // Named after the trait, placed on the fn (`from_str` / `try_from`) that holds
            // the match; the table is the whole `impl`.
            Some(FnCtx {
                span: fspan,
                below:
                    Some(Ctx::Impl {
                        ty,
                        trait_: Some(t),
                        item,
                    }),
                ..
            }) if is_conversion(t, ty, &entries) => (
                Some(t.clone()),
                Some(ty.clone()),
                TableKind::Conversion,
                fspan,
                *item,
            ),
            Some(f) => {
                let container = match f.below {
                    Some(Ctx::Fn { name, .. } | Ctx::Trait(name, _)) => Some(name.clone()),
                    Some(Ctx::Impl { ty, .. }) => Some(ty.clone()),
                    _ => None,
                };
                let name = Some(f.name.to_string());
                (name, container, TableKind::Match, f.span, f.item)
            }
            None => match self.holder() {
                // `static F: fn(&str) -> E = |s| match s { .. };`
                Some(h) => (
                    Some(h.name.clone()),
                    None,
                    TableKind::Match,
                    h.span,
                    self.holder_item(h),
                ),
                None => (
                    None,
                    None,
                    TableKind::Match,
                    entries[0].key_span,
                    Span::default(),
                ),
            },
        };
        let pending = self.push_table(AliasTable {
            name,
            container,
            kind,
            span,
            item_span,
            entries,
            spreads: Vec::new(),
        });
        if item_span == Span::default() {
            self.enclosed(pending, false);
        }
    }

    /// The `if` chain table of the fn being left (named after it, on its ident), when its
    /// `if`s compare a string with literals and yield enum members.
    pub(super) fn if_chain_table(&mut self, entries: Vec<TableEntry>) {
        if entries.is_empty() {
            return;
        }
        let Some(f) = self.innermost_fn() else {
            return;
        };
        let (name, container, kind, item_span) = match f.below {
            Some(Ctx::Impl {
                ty,
                trait_: Some(t),
                item,
            }) if is_conversion(t, ty, &entries) => {
                (t.clone(), Some(ty.clone()), TableKind::Conversion, *item)
            }
            Some(Ctx::Fn { name, .. } | Ctx::Trait(name, _)) => (
                f.name.to_string(),
                Some(name.clone()),
                TableKind::IfChain,
                f.item,
            ),
            Some(Ctx::Impl { ty, .. }) => (
                f.name.to_string(),
                Some(ty.clone()),
                TableKind::IfChain,
                f.item,
            ),
            _ => (f.name.to_string(), None, TableKind::IfChain, f.item),
        };
        let table = AliasTable {
            name: Some(name),
            container,
            kind,
            span: f.span,
            item_span,
            entries,
            spreads: Vec::new(),
        };
        self.push_table(table);
    }

    /// Enums a glob `use ..::E::*` brings into scope `s` (type-like last segment),
    /// innermost scope first.
    fn glob_enums(&self, s: usize) -> Vec<&str> {
        let mut out = Vec::new();
        let mut cur = Some(s);
        while let Some(c) = cur {
            let scope = &self.scopes[c];
            out.extend(
                scope
                    .uses
                    .iter()
                    .filter(|u| u.glob && !u.extern_crate)
                    .filter_map(|u| u.segs.last())
                    .filter(|l| l.starts_with(|c: char| c.is_uppercase()) && *l != "Self")
                    .map(String::as_str),
            );
            cur = scope.parent;
        }
        out
    }

    /// `(enum, variant)` when a `use ..::E::V [as name]` in scope `s` (or a scope it sees)
    /// binds `name` to a variant: a path whose last two segments are capitalised.
    fn imported_variant(&self, s: usize, name: &str) -> Option<(String, String)> {
        let mut cur = Some(s);
        while let Some(c) = cur {
            let scope = &self.scopes[c];
            if let Some(&u) = scope.bindings.get(name) {
                let u = &scope.uses[u];
                let n = u.segs.len();
                let upper = |x: &String| x.starts_with(|c: char| c.is_uppercase()) && x != "Self";
                return (!u.glob
                    && !u.extern_crate
                    && n >= 2
                    && upper(&u.segs[n - 2])
                    && upper(&u.segs[n - 1]))
                .then(|| (u.segs[n - 2].clone(), u.segs[n - 1].clone()));
            }
            cur = scope.parent;
        }
        None
    }

    /// True when `name` is an item of scope `s` or a scope it sees (a const, a unit struct).
    fn is_item(&self, s: usize, name: &str) -> bool {
        let mut cur = Some(s);
        while let Some(c) = cur {
            if self.scopes[c].items.contains_key(name) {
                return true;
            }
            cur = self.scopes[c].parent;
        }
        false
    }

    /// Give bare members (`"850" => Pending`) the enum a glob `use E::*` in scope brings in:
    /// the first whose enum this file defines with that variant, else the first whose enum
    /// is defined elsewhere. Drop the bare members no glob explains (and local items such
    /// as consts), and the tables left empty.
    pub(super) fn resolve_bare(&mut self) {
        for (f, t, s) in std::mem::take(&mut self.bare) {
            let globs: Vec<String> = self.glob_enums(s).into_iter().map(String::from).collect();
            let mut entries = std::mem::take(&mut self.facts[f].tables[t].entries);
            entries.retain_mut(|e| {
                if e.enum_name != tables::BARE {
                    return true;
                }
                if self.is_item(s, &e.variant) {
                    return false;
                }
                // `use E::{A, B as Bee};`: a variant imported by name.
                if let Some((enum_name, variant)) = self.imported_variant(s, &e.variant) {
                    e.enum_name = enum_name;
                    e.variant = variant;
                    return true;
                }
                // Whether the glob's enum, if this file defines it, has the variant.
                let has = |g: &String| {
                    let defs = self.facts.iter().flat_map(|b| &b.enums);
                    let mut named = defs.filter(|d| d.name == *g).peekable();
                    named.peek()?;
                    Some(named.any(|d| d.variants.contains(&e.variant)))
                };
                let known: Vec<Option<bool>> = globs.iter().map(has).collect();
                let pick = known
                    .iter()
                    .position(|k| *k == Some(true))
                    .or_else(|| known.iter().position(Option::is_none));
                match pick.map(|i| &globs[i]) {
                    Some(g) => {
                        e.enum_name = g.clone();
                        true
                    }
                    None => false,
                }
            });
            let table = &mut self.facts[f].tables[t];
            if table.name.is_none()
                && let (Some(first), Some(last)) = (entries.first(), entries.last())
            {
                table.span = match table.kind {
                    TableKind::Map => Span::new(first.key_span.start, last.variant_span.end),
                    _ => first.key_span,
                };
            }
            table.entries = entries;
        }
        for b in &mut self.facts {
            b.tables.retain(|t| !t.entries.is_empty());
        }
    }
}
