//! Structural fingerprints of function and closure bodies, for copy detection.
//!
//! The hash walks node kinds, operators, field / method names and the names of non-local
//! identifiers. Identifiers bound inside the function (parameters, `let`, closure and
//! `match` bindings) are numbered by first use, so consistently renamed locals hash the
//! same; literals hash by kind only (booleans by value); types and attributes are left out.
//! A recursive call through the function's own name hashes as "self", so a renamed copy of
//! a recursive function matches. Macro bodies hash token by token.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::mem::discriminant;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{Block, Expr, ExprClosure, Ident, Lit, Member, Pat, Signature, Stmt};

/// How deep the fingerprint walks; deeper nodes are not hashed.
const MAX_DEPTH: u32 = 400;

/// Fingerprint of a function (parameters and body; not its name, attributes or types).
pub(super) fn of_fn(sig: &Signature, body: &Block) -> u64 {
    let mut locals = Locals::default();
    locals.visit_signature(sig);
    locals.visit_block(body);
    let mut fp = Fingerprint::new(locals.bound, Some(sig.ident.to_string()));
    sig.asyncness.is_some().hash(&mut fp.hasher);
    // The receiver is left out, so a helper pasted into an `impl` as a method hashes like
    // the helper (a body that uses `self` differs anyway).
    let typed: Vec<&syn::PatType> = sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => Some(t),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    typed.len().hash(&mut fp.hasher);
    for t in typed {
        fp.visit_pat(&t.pat);
    }
    fp.visit_block(body);
    fp.hasher.finish()
}

/// Fingerprint of a closure (parameters and body).
pub(super) fn of_closure(c: &ExprClosure) -> u64 {
    let mut locals = Locals::default();
    locals.visit_expr_closure(c);
    let mut fp = Fingerprint::new(locals.bound, None);
    c.inputs.len().hash(&mut fp.hasher);
    fp.visit_expr_closure(c);
    fp.hasher.finish()
}

/// Names bound by patterns inside the function.
#[derive(Default)]
struct Locals {
    bound: HashSet<String>,
    depth: u32,
}

impl<'ast> Visit<'ast> for Locals {
    fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
        self.bound.insert(p.ident.to_string());
        visit::visit_pat_ident(self, p);
    }

    fn visit_expr(&mut self, e: &'ast Expr) {
        if self.depth < MAX_DEPTH {
            self.depth += 1;
            visit::visit_expr(self, e);
            self.depth -= 1;
        }
    }

    fn visit_type(&mut self, _: &'ast syn::Type) {}

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

struct Fingerprint {
    hasher: DefaultHasher,
    locals: HashSet<String>,
    ids: HashMap<String, u32>,
    self_name: Option<String>,
    depth: u32,
}

impl Fingerprint {
    fn new(locals: HashSet<String>, self_name: Option<String>) -> Self {
        Fingerprint {
            hasher: DefaultHasher::new(),
            locals,
            ids: HashMap::new(),
            self_name,
            depth: 0,
        }
    }

    fn name(&mut self, id: &str) {
        if self.locals.contains(id) {
            let next = self.ids.len() as u32;
            let n = *self.ids.entry(id.to_string()).or_insert(next);
            (1u8, n).hash(&mut self.hasher);
        } else if self.self_name.as_deref() == Some(id) {
            2u8.hash(&mut self.hasher);
        } else {
            (3u8, id).hash(&mut self.hasher);
        }
    }

    fn tokens(&mut self, ts: &TokenStream, depth: u32) {
        if depth > MAX_DEPTH {
            return;
        }
        for tt in ts.clone() {
            match tt {
                TokenTree::Ident(i) => self.name(&i.to_string()),
                TokenTree::Punct(p) => (4u8, p.as_char()).hash(&mut self.hasher),
                TokenTree::Literal(_) => 5u8.hash(&mut self.hasher),
                TokenTree::Group(g) => {
                    (6u8, g.delimiter() as u8).hash(&mut self.hasher);
                    self.tokens(&g.stream(), depth + 1);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Fingerprint {
    fn visit_expr(&mut self, e: &'ast Expr) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        discriminant(e).hash(&mut self.hasher);
        visit::visit_expr(self, e);
        self.depth -= 1;
    }

    fn visit_stmt(&mut self, s: &'ast Stmt) {
        discriminant(s).hash(&mut self.hasher);
        visit::visit_stmt(self, s);
    }

    fn visit_pat(&mut self, p: &'ast Pat) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        discriminant(p).hash(&mut self.hasher);
        visit::visit_pat(self, p);
        self.depth -= 1;
    }

    fn visit_ident(&mut self, i: &'ast Ident) {
        self.name(&i.to_string());
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.leading_colon.is_none() && p.segments.len() == 1 {
            self.name(&p.segments[0].ident.to_string());
        } else {
            for s in &p.segments {
                (9u8, s.ident.to_string()).hash(&mut self.hasher);
            }
        }
    }

    fn visit_expr_method_call(&mut self, c: &'ast syn::ExprMethodCall) {
        (10u8, c.method.to_string(), c.args.len()).hash(&mut self.hasher);
        self.visit_expr(&c.receiver);
        for a in &c.args {
            self.visit_expr(a);
        }
    }

    fn visit_member(&mut self, m: &'ast Member) {
        match m {
            Member::Named(i) => (7u8, i.to_string()).hash(&mut self.hasher),
            Member::Unnamed(i) => (8u8, i.index).hash(&mut self.hasher),
        }
    }

    fn visit_lit(&mut self, l: &'ast Lit) {
        discriminant(l).hash(&mut self.hasher);
        if let Lit::Bool(b) = l {
            b.value.hash(&mut self.hasher);
        }
    }

    fn visit_bin_op(&mut self, op: &'ast syn::BinOp) {
        discriminant(op).hash(&mut self.hasher);
    }

    fn visit_un_op(&mut self, op: &'ast syn::UnOp) {
        discriminant(op).hash(&mut self.hasher);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.visit_path(&m.path);
        self.tokens(&m.tokens, 0);
    }

    fn visit_type(&mut self, _: &'ast syn::Type) {}

    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}

    fn visit_lifetime(&mut self, _: &'ast syn::Lifetime) {}
}
