//! Macro bodies. A body that parses as comma-separated expressions (`format!`,
//! `assert_eq!`, `vec!`), `key => value` pairs (map macros) or `[x; n]` is visited like
//! code, which resolves every path precisely. Any other body (`tracing::info!(user, state =
//! %a::b(x), "msg")`, `debug!(?x)`, `info!(target: "t", ..)`, a DSL) is scanned token by
//! token, recursing into groups: every `a::b::c` (optionally `::a::b`) becomes a reference
//! resolved like a path in code, and so does every leaf of a `a::{b, c::d}` use tree.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, Token};

use super::items::flatten;
use super::resolve::RawRef;
use super::tables;
use super::walker::Walker;
use crate::facts::Span;

/// True for the first `:` of a `::`.
fn colon2(toks: &[TokenTree], i: usize) -> bool {
    matches!(
        (toks.get(i), toks.get(i + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

fn punct(t: Option<&TokenTree>, c: char) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

/// Keywords that never start or continue a path (`use ::std::x`, `return a::b()`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "dyn", "else", "enum", "extern",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "type", "union", "unsafe", "use", "where", "while",
    "yield",
];

fn keyword(t: Option<&TokenTree>) -> bool {
    matches!(t, Some(TokenTree::Ident(i)) if KEYWORDS.contains(&i.to_string().as_str()))
}

/// True when `toks[next..]` is `::{..}` or `::*`.
fn use_tree_follows(toks: &[TokenTree], next: usize) -> bool {
    colon2(toks, next)
        && match toks.get(next + 2) {
            Some(TokenTree::Group(g)) => g.delimiter() == Delimiter::Brace,
            t => punct(t, '*'),
        }
}

/// A path found in a token stream.
struct TokenPath {
    segs: Vec<String>,
    leading_colon: bool,
    span: Span,
}

impl Walker<'_> {
    /// Visit what a macro's body holds: as expressions / pairs when it parses so, else
    /// token by token.
    pub(super) fn macro_body(&mut self, m: &syn::Macro) {
        let Some(last) = m.path.segments.last() else {
            return;
        };
        if last.ident == "macro_rules" {
            return;
        }
        // Most macro bodies (`println!("{}", x)`) hold no path and no table: skip parsing them.
        let body = super::offsets::byte_range(m.delimiter.span().join());
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
                return;
            }
        } else if let Ok(exprs) = m.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
        {
            for e in &exprs {
                self.visit_expr(e);
            }
            return;
        } else if let Ok((a, b)) = m.parse_body_with(tables::parse_repeat) {
            self.visit_expr(&a);
            self.visit_expr(&b);
            return;
        }
        self.scan_tokens(m.tokens.clone());
    }

    /// Record the paths (and, with a glob import, the bare names) in `tokens`.
    fn scan_tokens(&mut self, tokens: TokenStream) {
        if !self.guard() {
            return;
        }
        let toks: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < toks.len() {
            if let TokenTree::Group(g) = &toks[i] {
                self.scan_tokens(g.stream());
                i += 1;
                continue;
            }
            match self.path_at(&toks, i) {
                // `a::b::{c, d as e}` / `a::b::*`: a `use` tree's prefix, not a path.
                Some((p, next)) if use_tree_follows(&toks, next) => {
                    self.use_tree_tokens(&toks[i..next + 3], p.leading_colon);
                    i = next + 3;
                }
                Some((p, next)) => {
                    self.token_path(&toks, next, p);
                    i = next;
                }
                None => i += 1,
            }
        }
        self.unguard();
    }

    /// The path starting at `toks[i]`, and the index after it. A path starts at an ident
    /// (or a leading `::`) that does not continue something else (`x.field`, `a::b`,
    /// `Vec::<u8>::new`).
    fn path_at(&self, toks: &[TokenTree], i: usize) -> Option<(TokenPath, usize)> {
        let prev = i.checked_sub(1).map(|p| &toks[p]);
        let before = i.checked_sub(2).map(|p| &toks[p]);
        // `x.name` (but not `..name`), `'a`, `a::name`.
        let continues = (punct(prev, '.') && !punct(before, '.'))
            || punct(prev, '\'')
            || (i >= 2 && colon2(toks, i - 2));
        if continues {
            return None;
        }
        let (leading_colon, mut j) = if colon2(toks, i) {
            // `::a::b` after an ident or a `>` continues a path (`Vec::<u8>::new`).
            if (matches!(prev, Some(TokenTree::Ident(_))) && !keyword(prev)) || punct(prev, '>') {
                return None;
            }
            (true, i + 2)
        } else {
            (false, i)
        };
        let TokenTree::Ident(first) = toks.get(j)? else {
            return None;
        };
        if keyword(toks.get(j)) {
            return None;
        }
        let start = if leading_colon {
            self.sp.of(toks[i].span()).start
        } else {
            self.sp.of(first.span()).start
        };
        let mut segs = vec![first.to_string()];
        let mut end = self.sp.of(first.span()).end;
        j += 1;
        while colon2(toks, j) {
            let Some(TokenTree::Ident(next)) = toks.get(j + 2) else {
                break;
            };
            segs.push(next.to_string());
            end = self.sp.of(next.span()).end;
            j += 3;
        }
        let span = Span::new(start, end.max(start));
        Some((
            TokenPath {
                segs,
                leading_colon,
                span,
            },
            j,
        ))
    }

    /// `prefix::{a, b::c as d, e::*}` (`toks`, a leading `::` included): a reference for
    /// every leaf but globs. Tokens that are no `use` tree are scanned as tokens.
    fn use_tree_tokens(&mut self, toks: &[TokenTree], leading_colon: bool) {
        let skip = if leading_colon { 2 } else { 0 };
        let stream: TokenStream = toks[skip..].iter().cloned().collect();
        let Ok(tree) = syn::parse2::<syn::UseTree>(stream) else {
            if let Some(TokenTree::Group(g)) = toks.last() {
                self.scan_tokens(g.stream());
            }
            return;
        };
        let mut leaves = Vec::new();
        flatten(&tree, &mut Vec::new(), &mut leaves, self, 0);
        for (segs, _, glob, span) in leaves {
            if !glob && segs.len() >= 2 {
                self.refs.push(RawRef {
                    scope: self.cur,
                    segs,
                    leading_colon,
                    span,
                });
            }
        }
    }

    /// Record a path found just before `toks[next]`: a reference when it has 2+ segments; its
    /// first segment as a used name when the file may have a glob import (not a field or
    /// key name: `x.name`, `name = ..`, `name: ..`).
    fn token_path(&mut self, toks: &[TokenTree], next: usize, p: TokenPath) {
        if self.names && !p.leading_colon {
            let key = p.segs.len() == 1
                && match toks.get(next) {
                    Some(TokenTree::Punct(c)) if c.as_char() == ':' => !colon2(toks, next),
                    // `name = ..`, not `name == ..` / `name => ..`.
                    Some(TokenTree::Punct(c)) if c.as_char() == '=' => {
                        c.spacing() == Spacing::Alone
                            || !(punct(toks.get(next + 1), '=') || punct(toks.get(next + 1), '>'))
                    }
                    _ => false,
                };
            let first = &p.segs[0];
            if !key && !matches!(first.as_str(), "self" | "Self" | "crate" | "super") {
                self.builder().names.insert(first.clone());
            }
        }
        // `super::super` alone names a module, not a symbol.
        if p.segs.len() < 2
            || p.segs
                .iter()
                .all(|s| matches!(s.as_str(), "self" | "super" | "crate"))
        {
            return;
        }
        self.refs.push(RawRef {
            scope: self.cur,
            segs: p.segs,
            leading_colon: p.leading_colon,
            span: p.span,
        });
    }
}
