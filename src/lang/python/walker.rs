//! One pass over the module: definitions, imports, attribute chains, patch targets, alias
//! tables, enums and loaded names. Chains are resolved against the file's imports at the end
//! ([`Walker::finish`]), so an import below its first use still resolves.

use std::collections::HashSet;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ExprCall, Pattern, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::util::{binop_spine, chain, chain_head, is_dotted_path, source, span, span_of, string};
use super::{calls, fingerprint, imports, tables};
use crate::facts::{
    AliasTable, DefKind, Definition, EnumDef, Import, ModuleFacts, Problem, RefKind, Reference,
    Span, TableEntry, TableKind,
};

/// Statements / expressions nested deeper than this are not visited.
pub(super) const MAX_DEPTH: u32 = 500;

/// Base classes (last segment) that make a class an enum.
const ENUM_BASES: &[&str] = &["Enum", "StrEnum", "IntEnum", "Flag", "IntFlag", "ReprEnum"];

/// Keyword arguments of `patch.multiple` that configure the patch instead of naming an
/// attribute to replace.
const MULTIPLE_OPTIONS: &[&str] = &[
    "target",
    "spec",
    "create",
    "spec_set",
    "autospec",
    "new_callable",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum ScopeKind {
    Class,
    Function,
}

struct Scope<'a> {
    kind: ScopeKind,
    name: &'a str,
    name_span: Span,
    /// The whole `def`, decorators included (classes: the whole `class`).
    item_span: Span,
    /// `if s == "k": return E.X` entries seen directly in this function.
    if_entries: Vec<TableEntry>,
}

/// A chain waiting for the import map: the attribute expression and its head name.
/// Segments are only collected (allocated) for heads an import binds.
struct Chain<'a> {
    expr: &'a Expr,
    head: &'a str,
}

/// A table being built step by step in one scope: `X = {}` (or any new mapping), then
/// `X["k"] = E.X`, `X.update(...)`, `X.setdefault("k", E.X)`.
struct Builder {
    /// `scopes.len()` where the mapping was made; additions count only at that depth.
    depth: usize,
    /// The target as written (`X`, `self.table`).
    key: String,
    /// Index into `tables` once the table has entries.
    table: Option<usize>,
    name: String,
    container: Option<String>,
    span: Span,
}

/// `name = importlib.import_module("a.b")`: `name` binds module `a.b` once `callee`
/// resolves to `importlib.import_module`.
struct DynamicImport<'a> {
    name: &'a str,
    callee: Vec<&'a str>,
    module: &'a str,
}

/// Builtins that read or write an attribute named by a string: `getattr(m, "h")`.
const ATTR_BUILTINS: &[&str] = &["getattr", "hasattr", "setattr", "delattr"];

/// `patch.object(target, "attr")` / `patch.multiple(target, attr=..)`: resolved as
/// `target` + `.attr` at the end.
struct PatchObject<'a> {
    target: Vec<&'a str>,
    attr: &'a str,
    span: Span,
    written: String,
}

pub(super) struct Walker<'a> {
    text: &'a str,
    module: &'a str,
    is_package: bool,
    scopes: Vec<Scope<'a>>,
    depth: u32,
    /// Deepest nesting reached (capped at [`MAX_DEPTH`]).
    pub max_depth: u32,
    /// Where the first node too deeply nested to visit starts.
    truncated: Option<u32>,
    imports: Vec<Import>,
    defs: Vec<Definition>,
    /// Index into `defs` of an `Assignment` and the chain it is bound to.
    assigned: Vec<(usize, Vec<&'a str>)>,
    chains: Vec<Chain<'a>>,
    strings: Vec<Reference>,
    objects: Vec<PatchObject<'a>>,
    dynamic: Vec<DynamicImport<'a>>,
    builders: Vec<Builder>,
    tables: Vec<AliasTable>,
    enums: Vec<EnumDef>,
    /// Loaded bare names, collected only when the file may have a glob import.
    names: Option<HashSet<&'a str>>,
    /// Start offsets of dict / call nodes already reported as (named) tables.
    claimed: HashSet<u32>,
    /// Compute `Definition::fingerprint` (else 0).
    pub(super) fingerprints: bool,
    /// The innermost statement being visited (the item span of anonymous tables).
    stmt_span: Span,
    /// Calls asked for by `ExtractOptions::call_names` (SSOT008); `None` records none.
    pub(super) calls: Option<calls::Calls<'a>>,
}

impl<'a> Walker<'a> {
    pub(super) fn new(text: &'a str, module: &'a str, is_package: bool, names: bool) -> Self {
        Walker {
            text,
            module,
            is_package,
            scopes: Vec::new(),
            depth: 0,
            max_depth: 0,
            truncated: None,
            imports: Vec::new(),
            defs: Vec::new(),
            assigned: Vec::new(),
            chains: Vec::new(),
            strings: Vec::new(),
            objects: Vec::new(),
            dynamic: Vec::new(),
            builders: Vec::new(),
            tables: Vec::new(),
            enums: Vec::new(),
            names: names.then(HashSet::new),
            claimed: HashSet::new(),
            fingerprints: true,
            stmt_span: Span::default(),
            calls: None,
        }
    }

    /// Resolve what waited for the import map and move everything into `facts`.
    pub(super) fn finish(self, facts: &mut ModuleFacts) {
        let mut bindings = imports::bindings(&self.imports);
        let dynamic: Vec<(String, String)> = self
            .dynamic
            .iter()
            .filter(|d| {
                imports::resolve(&bindings, &d.callee).as_deref() == Some("importlib.import_module")
            })
            .map(|d| (d.name.to_string(), d.module.to_string()))
            .collect();
        bindings.extend(dynamic);
        if let Some(calls) = self.calls {
            facts.calls = calls.finish(&bindings);
        }
        let mut defs = self.defs;
        for d in &mut defs {
            if let Some(shape) = &mut d.shape {
                let span = d.item_span;
                shape.lines = crate::lang::shape::lines(&facts.line_starts, span.start, span.end);
            }
        }
        for (i, segs) in self.assigned {
            let value = imports::resolve(&bindings, &segs).unwrap_or_else(|| segs.join("."));
            defs[i].value = Some(value);
        }
        let mut refs = self.strings;
        for c in self.chains {
            if !bindings.contains_key(c.head) {
                continue;
            }
            let Some(segs) = chain(c.expr) else { continue };
            if let Some(target) = imports::resolve(&bindings, &segs) {
                let written = segs.join(".");
                refs.push(Reference {
                    written: (written != target).then_some(written),
                    target,
                    kind: RefKind::Path,
                    span: span_of(c.expr),
                });
            }
        }
        for o in self.objects {
            if let Some(base) = imports::resolve(&bindings, &o.target) {
                refs.push(Reference {
                    target: format!("{base}.{}", o.attr),
                    kind: RefKind::String,
                    span: o.span,
                    written: Some(o.written),
                });
            }
        }
        refs.sort_by_key(|r| (r.span.start, r.span.end));
        if let Some(names) = self.names.filter(|_| self.imports.iter().any(|i| i.glob)) {
            let mut names: Vec<String> = names.into_iter().map(str::to_string).collect();
            names.sort();
            facts.glob_names = names;
        }
        facts.defs = defs;
        facts.imports = self.imports;
        facts.references = refs;
        // A table inside a test (pytest's `test*` functions, `Test*` classes) is test data:
        // expected mappings, not a copy of the alias table.
        facts.tables = self
            .tables
            .into_iter()
            .filter(|t| {
                !t.container
                    .as_deref()
                    .is_some_and(|c| c.starts_with("test") || c.starts_with("Test"))
            })
            .collect();
        facts.enums = self.enums;
        if let Some(at) = self.truncated {
            facts.problems.push(Problem {
                message: format!(
                    "code nested more than {MAX_DEPTH} levels deep is not analysed past that depth"
                ),
                span: Span::new(at, at),
                is_error: false,
            });
        }
    }

    fn module_level(&self) -> bool {
        self.scopes.is_empty()
    }

    fn innermost(&self) -> Option<&'a str> {
        self.scopes.last().map(|s| s.name)
    }

    /// The class enclosing the innermost function (for `self.x = ...`), else the innermost scope.
    fn self_container(&self) -> Option<&'a str> {
        let n = self.scopes.len();
        if n >= 2
            && self.scopes[n - 1].kind == ScopeKind::Function
            && self.scopes[n - 2].kind == ScopeKind::Class
        {
            return Some(self.scopes[n - 2].name);
        }
        self.innermost()
    }

    /// Go one level deeper into the node at `at`; false (and nothing visited) past [`MAX_DEPTH`].
    fn enter(&mut self, at: TextSize) -> bool {
        if self.depth >= MAX_DEPTH {
            self.truncated.get_or_insert(at.to_u32());
            return false;
        }
        self.depth += 1;
        self.max_depth = self.max_depth.max(self.depth);
        true
    }

    fn function(&mut self, f: &'a StmtFunctionDef) {
        let (kind, container) = match self.scopes.last() {
            None if f.is_async => (DefKind::AsyncFunction, None),
            None => (DefKind::Function, None),
            Some(s) if s.kind == ScopeKind::Class => (DefKind::Method, Some(s.name)),
            Some(s) => (DefKind::Nested, Some(s.name)),
        };
        let item_span = item_span(f);
        let receiver = kind == DefKind::Method && takes_instance(f);
        let uses_instance = receiver && uses_first_parameter(f);
        let (fingerprint, shape) = if self.fingerprints {
            let (fp, shape) = fingerprint::of_function(f, receiver);
            (fp, Some(shape))
        } else {
            (0, None)
        };
        self.defs.push(Definition {
            name: f.name.to_string(),
            kind,
            container: container.map(str::to_string),
            span: span_of(&f.name),
            item_span,
            public: false,
            receiver: uses_instance,
            fingerprint,
            value: None,
            shape,
        });
        for d in &f.decorator_list {
            self.visit_decorator(d);
        }
        if let Some(tp) = &f.type_params {
            self.visit_type_params(tp);
        }
        self.visit_parameters(&f.parameters);
        if let Some(r) = &f.returns {
            self.visit_annotation(r);
        }
        self.scopes.push(Scope {
            kind: ScopeKind::Function,
            name: f.name.as_str(),
            name_span: span_of(&f.name),
            item_span,
            if_entries: Vec::new(),
        });
        if let Some(calls) = &mut self.calls {
            calls.enter_function(f);
        }
        self.visit_body(&f.body);
        if let Some(calls) = &mut self.calls {
            calls.exit_function();
        }
        self.builders.retain(|b| b.depth < self.scopes.len());
        if let Some(scope) = self.scopes.pop()
            && !scope.if_entries.is_empty()
        {
            self.tables.push(AliasTable {
                name: Some(scope.name.to_string()),
                container: self.innermost().map(str::to_string),
                kind: TableKind::IfChain,
                span: scope.name_span,
                item_span: scope.item_span,
                entries: scope.if_entries,
                spreads: Vec::new(),
            });
        }
    }

    fn class(&mut self, c: &'a StmtClassDef) {
        self.record_enum(c);
        for d in &c.decorator_list {
            self.visit_decorator(d);
        }
        if let Some(tp) = &c.type_params {
            self.visit_type_params(tp);
        }
        if let Some(args) = &c.arguments {
            self.visit_arguments(args);
        }
        self.scopes.push(Scope {
            kind: ScopeKind::Class,
            name: c.name.as_str(),
            name_span: span_of(&c.name),
            item_span: span_of(c),
            if_entries: Vec::new(),
        });
        if let Some(calls) = &mut self.calls {
            calls.enter_class(c);
        }
        self.visit_body(&c.body);
        if let Some(calls) = &mut self.calls {
            calls.exit_class();
        }
        self.builders.retain(|b| b.depth < self.scopes.len());
        self.scopes.pop();
    }

    fn record_enum(&mut self, c: &StmtClassDef) {
        let Some(args) = &c.arguments else { return };
        let is_enum = args.args.iter().any(|base| {
            chain(base).is_some_and(|segs| segs.last().is_some_and(|l| ENUM_BASES.contains(l)))
        });
        if !is_enum {
            return;
        }
        let mut variants: Vec<String> = Vec::new();
        let mut add = |target: &Expr| {
            if let Expr::Name(n) = target
                && !n.id.as_str().starts_with('_')
                && !variants.iter().any(|v| v == n.id.as_str())
            {
                variants.push(n.id.to_string());
            }
        };
        for stmt in &c.body {
            match stmt {
                Stmt::Assign(a) => a.targets.iter().for_each(&mut add),
                Stmt::AnnAssign(a) if a.value.is_some() => add(&a.target),
                _ => {}
            }
        }
        self.enums.push(EnumDef {
            name: c.name.to_string(),
            span: span_of(&c.name),
            variants,
            declared_keys: Vec::new(),
        });
    }

    /// `target = value` (also annotated / augmented): lambdas, module-level aliases, tables.
    fn assignment(&mut self, targets: &'a [Expr], value: &'a Expr, aug: bool, stmt: Span) {
        for target in targets.iter().filter(|_| !aug) {
            let Expr::Name(n) = target else { continue };
            if let Expr::Lambda(l) = value {
                let (fingerprint, shape) = if self.fingerprints {
                    let (fp, shape) = fingerprint::of_lambda(l, n.id.as_str());
                    (fp, Some(shape))
                } else {
                    (0, None)
                };
                self.defs.push(Definition {
                    name: n.id.to_string(),
                    kind: DefKind::Lambda,
                    container: self.innermost().map(str::to_string),
                    span: span_of(target),
                    item_span: stmt,
                    public: false,
                    receiver: false,
                    fingerprint,
                    value: None,
                    shape,
                });
            } else if self.module_level()
                && let Some(segs) = chain(value)
            {
                self.assigned.push((self.defs.len(), segs));
                self.defs.push(Definition {
                    name: n.id.to_string(),
                    kind: DefKind::Assignment,
                    container: None,
                    span: span_of(target),
                    item_span: stmt,
                    public: false,
                    receiver: false,
                    fingerprint: 0,
                    value: None,
                    shape: None,
                });
            }
        }
        if !aug
            && let [target] = targets
            && let Expr::Name(n) = target
            && let Expr::Call(c) = value
            && let Some(callee) = chain(&c.func)
            && let Some(module) = c.arguments.args.first().and_then(string)
            && module.split('.').all(super::util::is_identifier)
        {
            self.dynamic.push(DynamicImport {
                name: n.id.as_str(),
                callee,
                module,
            });
        }
        let named = targets.iter().find_map(|t| match t {
            Expr::Name(n) => Some((n.id.as_str(), span_of(t), self.innermost())),
            Expr::Attribute(a) => {
                let container = match &*a.value {
                    Expr::Name(h) if matches!(h.id.as_str(), "self" | "cls") => {
                        self.self_container()
                    }
                    _ => self.innermost(),
                };
                Some((a.attr.as_str(), span_of(&a.attr), container))
            }
            _ => None,
        });
        let Some((name, name_span, container)) = named else {
            return;
        };
        let mut found = tables::from_value(value, self.text);
        let outside_functions = self
            .scopes
            .last()
            .is_none_or(|s| s.kind == ScopeKind::Class);
        if found.entries.is_empty() && outside_functions {
            found = tables::pair_list(value);
        }
        let table = self.push_table(Some(name), container, name_span, stmt, found);
        if aug {
            return;
        }
        // A new binding of the target ends the table built under it so far.
        let depth = self.scopes.len();
        let key = targets
            .iter()
            .find_map(|t| chain(t).map(|segs| segs.join(".")));
        if let Some(key) = key {
            self.builders.retain(|b| b.depth != depth || b.key != key);
            if tables::is_new_mapping(value) {
                self.builders.push(Builder {
                    depth,
                    key,
                    table,
                    name: name.to_string(),
                    container: container.map(str::to_string),
                    span: name_span,
                });
            }
        }
    }

    /// Entries added to the table built under `target` in this scope (`X["k"] = E.X`,
    /// `X.update(...)`, `X.setdefault(...)`). False when no table is being built there.
    fn add_to_builder(&mut self, target: &Expr, found: tables::Found) -> bool {
        let Some(key) = chain(target).map(|segs| segs.join(".")) else {
            return false;
        };
        let depth = self.scopes.len();
        let Some(b) = self
            .builders
            .iter_mut()
            .find(|b| b.depth == depth && b.key == key)
        else {
            return false;
        };
        self.claimed.extend(found.claimed);
        if found.entries.is_empty() && found.spreads.is_empty() {
            return true;
        }
        match b.table {
            Some(i) => {
                let t = &mut self.tables[i];
                t.entries.extend(found.entries);
                t.spreads.extend(found.spreads);
                // Several statements hold the table: no single item to replace.
                t.item_span = Span::default();
            }
            None if !found.entries.is_empty() => {
                b.table = Some(self.tables.len());
                self.tables.push(AliasTable {
                    name: Some(b.name.clone()),
                    container: b.container.clone(),
                    kind: TableKind::Map,
                    span: b.span,
                    item_span: Span::default(),
                    entries: found.entries,
                    spreads: found.spreads,
                });
            }
            None => {}
        }
        true
    }

    /// `X["k"] = E.X` and `X.update(...)` / `X.setdefault("k", E.X)` statements adding to a
    /// table built in this scope.
    fn table_addition(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Assign(a) => {
                if let [Expr::Subscript(s)] = &a.targets[..] {
                    let mut found = tables::Found::default();
                    found.entries.extend(tables::added(&s.slice, &a.value));
                    self.add_to_builder(&s.value, found);
                }
            }
            Stmt::Expr(e) => {
                let Expr::Call(c) = &*e.value else { return };
                let Expr::Attribute(m) = &*c.func else { return };
                let mut found = tables::Found::default();
                match m.attr.as_str() {
                    "update" => tables::mapping_args(c, self.text, &mut found),
                    "setdefault" => {
                        if let [k, v] = &c.arguments.args[..] {
                            found.entries.extend(tables::added(k, v));
                        }
                    }
                    _ => return,
                }
                self.add_to_builder(&m.value, found);
            }
            _ => {}
        }
    }

    fn push_table(
        &mut self,
        name: Option<&str>,
        container: Option<&str>,
        span: Span,
        item_span: Span,
        found: tables::Found,
    ) -> Option<usize> {
        if found.entries.is_empty() {
            return None;
        }
        self.claimed.extend(found.claimed);
        self.tables.push(AliasTable {
            name: name.map(str::to_string),
            container: container.map(str::to_string),
            kind: TableKind::Map,
            span,
            item_span,
            entries: found.entries,
            spreads: found.spreads,
        });
        Some(self.tables.len() - 1)
    }

    /// `patch("a.b.h")`, `patch.object(m, "h")`, `patch.multiple("a.b", h=..)`,
    /// `monkeypatch.setattr("a.b.h", v)`, `<any receiver>.setattr(m, "h", v)` (pytest's
    /// fixture, `pytest.MonkeyPatch()`, `MonkeyPatch.context()`), and the builtins
    /// `getattr` / `hasattr` / `setattr` / `delattr(m, "h")`. Object forms become references
    /// only when `m` resolves through an import (so `getattr(self, "x")` is none).
    fn patch_call(&mut self, call: &'a ExprCall) {
        // `pytest.MonkeyPatch().setattr(m, "h", v)`: a receiver that is not a name.
        let callee = match (chain(&call.func), &*call.func) {
            (Some(c), _) => c,
            (None, Expr::Attribute(a)) if matches!(a.attr.as_str(), "setattr" | "delattr") => {
                vec![source(self.text, a.value.range()), a.attr.as_str()]
            }
            _ => return,
        };
        let args = &call.arguments;
        let arg = |pos: usize, kw: &str| {
            args.args
                .get(pos)
                .filter(|a| !matches!(a, Expr::Starred(_)))
                .or_else(|| args.find_keyword(kw).map(|k| &k.value))
        };
        let n = callee.len();
        let last = callee[n - 1];
        let prev = n.checked_sub(2).map(|i| callee[i]);
        let object_form = match (prev, last) {
            (_, "patch") | (Some("patch"), "dict") => {
                if let Some(s) = arg(0, if last == "dict" { "in_dict" } else { "target" }) {
                    self.string_target(s);
                }
                return;
            }
            (Some("patch"), "object") => true,
            (Some("patch"), "multiple") => {
                self.patch_multiple(&callee, call);
                return;
            }
            (None, name) if ATTR_BUILTINS.contains(&name) => {
                // `getattr(m, "h")`: positional arguments only.
                if args.args.len() < 2 || args.args[..2].iter().any(|a| a.is_starred_expr()) {
                    return;
                }
                true
            }
            (Some(_), "setattr" | "delattr") => {
                if let Some(s) = arg(0, "target")
                    && string(s).is_some()
                {
                    self.string_target(s);
                    return;
                }
                true
            }
            _ => false,
        };
        if !object_form {
            return;
        }
        let (Some(target), Some(attr)) = (arg(0, "target"), arg(1, "attribute").or(arg(1, "name")))
        else {
            return;
        };
        let (Some(segs), Some(name)) = (chain(target), string(attr)) else {
            return;
        };
        if name.is_empty() || name.contains('.') {
            return;
        }
        // Keyword arguments may come in any order.
        let range = TextRange::new(
            target.start().min(attr.start()),
            target.end().max(attr.end()),
        );
        self.objects.push(PatchObject {
            target: segs,
            attr: name,
            span: span_of(attr),
            written: format!("{}({})", callee.join("."), source(self.text, range)),
        });
    }

    /// `patch.multiple("a.b", h=DEFAULT, g=...)` / `patch.multiple(m, h=...)`: one string
    /// reference `a.b.h` per patched name, spanning the keyword's name.
    fn patch_multiple(&mut self, callee: &[&str], call: &'a ExprCall) {
        let args = &call.arguments;
        let (target, range) = match args.args.first() {
            Some(Expr::Starred(_)) => return,
            Some(a) => (a, a.range()),
            None => match args.find_keyword("target") {
                Some(k) => (&k.value, k.range()),
                None => return,
            },
        };
        let names = args
            .keywords
            .iter()
            .filter_map(|k| k.arg.as_ref())
            .filter(|k| !MULTIPLE_OPTIONS.contains(&k.as_str()));
        let first = source(self.text, range);
        let callee = callee.join(".");
        let written = |k: &str| format!("{callee}({first}, {k}=...)");
        if let Some(module) = string(target) {
            for k in names {
                let target = format!("{module}.{k}");
                if is_dotted_path(&target) {
                    self.strings.push(Reference {
                        target,
                        kind: RefKind::String,
                        span: span_of(k),
                        written: Some(written(k.as_str())),
                    });
                }
            }
        } else if let Some(segs) = chain(target) {
            for k in names {
                self.objects.push(PatchObject {
                    target: segs.clone(),
                    attr: k.as_str(),
                    span: span_of(k),
                    written: written(k.as_str()),
                });
            }
        }
    }

    fn string_target(&mut self, s: &Expr) {
        if let Some(target) = string(s)
            && is_dotted_path(target)
        {
            self.strings.push(Reference {
                target: target.to_string(),
                kind: RefKind::String,
                span: span_of(s),
                written: Some(source(self.text, s.range()).to_string()),
            });
        }
    }
}

/// The whole `def`, from its first decorator to the end of its body.
fn item_span(f: &StmtFunctionDef) -> Span {
    let start = f
        .decorator_list
        .iter()
        .map(|d| d.start())
        .fold(f.start(), TextSize::min);
    span(TextRange::new(start, f.end()))
}

impl<'a> Visitor<'a> for Walker<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if !self.enter(stmt.start()) {
            return;
        }
        let outer_stmt = std::mem::replace(&mut self.stmt_span, span_of(stmt));
        if let Some(calls) = &mut self.calls {
            calls.before_stmt(stmt);
        }
        match stmt {
            Stmt::FunctionDef(f) => self.function(f),
            Stmt::ClassDef(c) => self.class(c),
            Stmt::Import(i) => {
                let exported = self.module_level();
                self.imports.extend(imports::plain(i, exported));
            }
            Stmt::ImportFrom(i) => {
                let exported = self.module_level();
                let found = imports::from(i, self.module, self.is_package, exported);
                self.imports.extend(found);
            }
            Stmt::Assign(a) => {
                self.table_addition(stmt);
                self.assignment(&a.targets, &a.value, false, span_of(a));
                visitor::walk_stmt(self, stmt);
            }
            Stmt::Expr(_) => {
                self.table_addition(stmt);
                visitor::walk_stmt(self, stmt);
            }
            Stmt::AnnAssign(a) => {
                let type_alias =
                    chain(&a.annotation).is_some_and(|s| s.last() == Some(&"TypeAlias"));
                if type_alias && let Some(value) = &a.value {
                    // `X: TypeAlias = ...` names a type, never a table.
                    self.claimed.insert(value.start().to_u32());
                } else if let Some(value) = &a.value {
                    self.assignment(std::slice::from_ref(&*a.target), value, false, span_of(a));
                }
                visitor::walk_stmt(self, stmt);
            }
            Stmt::AugAssign(a) => {
                self.assignment(std::slice::from_ref(&*a.target), &a.value, true, span_of(a));
                visitor::walk_stmt(self, stmt);
            }
            Stmt::Match(m) => {
                if let Some(scope) = self.scopes.last()
                    && scope.kind == ScopeKind::Function
                {
                    let entries = tables::match_entries(&m.cases);
                    if !entries.is_empty() {
                        let outer = self
                            .scopes
                            .len()
                            .checked_sub(2)
                            .map(|i| self.scopes[i].name);
                        self.tables.push(AliasTable {
                            name: Some(scope.name.to_string()),
                            container: outer.map(str::to_string),
                            kind: TableKind::Match,
                            span: scope.name_span,
                            item_span: scope.item_span,
                            entries,
                            spreads: Vec::new(),
                        });
                    }
                }
                visitor::walk_stmt(self, stmt);
            }
            Stmt::If(i) => {
                if let Some(scope) = self.scopes.last_mut()
                    && scope.kind == ScopeKind::Function
                {
                    tables::if_entries(i, &mut scope.if_entries);
                }
                visitor::walk_stmt(self, stmt);
            }
            _ => visitor::walk_stmt(self, stmt),
        }
        if let Some(calls) = &mut self.calls {
            calls.after_stmt(stmt);
        }
        self.stmt_span = outer_stmt;
        self.depth -= 1;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if !self.enter(expr.start()) {
            return;
        }
        if let Some(calls) = &mut self.calls {
            calls.expr(expr);
        }
        match expr {
            Expr::Name(n) => {
                if let Some(names) = &mut self.names
                    && n.ctx.is_load()
                {
                    names.insert(n.id.as_str());
                }
            }
            Expr::Attribute(_) => {
                if let Some(head) = chain_head(expr) {
                    if let Some(names) = &mut self.names {
                        names.insert(head);
                    }
                    self.chains.push(Chain { expr, head });
                    self.depth -= 1;
                    return;
                }
                visitor::walk_expr(self, expr);
            }
            Expr::Call(c) => {
                self.patch_call(c);
                if !self.claimed.contains(&c.range().start().to_u32()) {
                    let mut found = tables::Found::default();
                    if tables::dict_call(c, self.text, &mut found) {
                        let container = self.innermost();
                        let stmt = self.stmt_span;
                        self.push_table(None, container, span_of(c), stmt, found);
                    }
                }
                visitor::walk_expr(self, expr);
            }
            Expr::DictComp(dc) => {
                if !self.claimed.contains(&dc.range.start().to_u32()) {
                    let mut found = tables::Found::default();
                    if tables::comprehension(dc, &mut found) {
                        let container = self.innermost();
                        let stmt = self.stmt_span;
                        self.push_table(None, container, span(dc.range), stmt, found);
                    }
                }
                visitor::walk_expr(self, expr);
            }
            Expr::Dict(d) => {
                if !self.claimed.contains(&d.range.start().to_u32()) {
                    let mut found = tables::Found::default();
                    tables::dict_literal(d, self.text, &mut found);
                    let container = self.innermost();
                    let stmt = self.stmt_span;
                    self.push_table(None, container, span(d.range), stmt, found);
                }
                visitor::walk_expr(self, expr);
            }
            Expr::BinOp(_) => {
                // `a + b + c + ...` nests to the left: walk the spine in a loop, so long
                // sums (generated code has thousands of terms) cost one level, not thousands.
                let spine = binop_spine(expr);
                let bottom = spine.last().map_or(expr, |b| &*b.left);
                self.max_depth = self.max_depth.max(self.depth + spine.len() as u32);
                self.visit_expr(bottom);
                for b in spine.iter().rev() {
                    self.visit_expr(&b.right);
                }
            }
            _ => visitor::walk_expr(self, expr),
        }
        if let Some(calls) = &mut self.calls {
            calls.expr_end(expr);
        }
        self.depth -= 1;
    }

    fn visit_pattern(&mut self, pattern: &'a Pattern) {
        if !self.enter(pattern.start()) {
            return;
        }
        visitor::walk_pattern(self, pattern);
        self.depth -= 1;
    }
}

/// True when a method takes its instance or class as first argument: it has a positional
/// parameter and is not a `@staticmethod`.
fn takes_instance(f: &StmtFunctionDef) -> bool {
    let static_method = f.decorator_list.iter().any(|d| {
        let e = match &d.expression {
            Expr::Call(c) => &*c.func,
            e => e,
        };
        match e {
            Expr::Name(n) => n.id.as_str() == "staticmethod",
            Expr::Attribute(a) => a.attr.as_str() == "staticmethod",
            _ => false,
        }
    });
    let p = &f.parameters;
    !static_method && (!p.posonlyargs.is_empty() || !p.args.is_empty() || p.vararg.is_some())
}

/// True when the body of `f` reads its first parameter (`self.x`, `cls(...)`, `self`).
fn uses_first_parameter(f: &StmtFunctionDef) -> bool {
    struct Finds<'n> {
        name: &'n str,
        found: bool,
    }
    impl<'a> Visitor<'a> for Finds<'_> {
        fn visit_expr(&mut self, e: &'a Expr) {
            if self.found {
                return;
            }
            if let Expr::Name(n) = e
                && n.id.as_str() == self.name
            {
                self.found = true;
                return;
            }
            ruff_python_ast::visitor::walk_expr(self, e);
        }
    }
    let p = &f.parameters;
    let Some(first) = p.posonlyargs.iter().chain(&p.args).next() else {
        return false;
    };
    let mut v = Finds {
        name: first.parameter.name.as_str(),
        found: false,
    };
    v.visit_body(&f.body);
    v.found
}
