//! Calls that may be sinks (SSOT008): for every call whose callee's last name
//! [`crate::lang::ExtractOptions::call_names`] asks for, the callee chain, where its
//! receiver came from, and the values that reach it raw ([`Flow`]).
//!
//! The walker drives this module through a few hooks ([`Calls::enter_function`],
//! [`Calls::before_stmt`], [`Calls::after_stmt`], [`Calls::expr`], ...), in statement order,
//! so local bindings (`state = ws.client_state`) are known when a later call uses them.
//! Only compact records are kept: chains of borrowed names, resolved through the file's
//! imports at the end ([`Calls::finish`]), so an import below its first use still counts.
//!
//! Scopes: each function body has its own bindings (parameters, assignments in statement
//! order, nested blocks included); a nested function also sees its enclosing functions'.
//! Module-level code and class bodies have theirs, never seen from functions (a module
//! global used in a function is the name as written). Where a receiver came from is
//! looked up more widely: a module-level `logger = logging.getLogger(..)` anywhere in the
//! module, `self.logger = ...` anywhere in the class's methods.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use ruff_python_ast::{
    ArgOrKeyword, Expr, ExprCall, InterpolatedStringElement, Operator, Parameters, Stmt,
    StmtClassDef, StmtFunctionDef,
};

use super::util::{TYPE_FORMS, chain, is_identifier, span_of};
use crate::facts::{Call, Flow, Span};

/// How deep a value is followed (nested containers, f-strings, conditionals).
const MAX_VALUE_DEPTH: u32 = 64;
/// How deep nested blocks are scanned for bindings ahead of the walk.
const MAX_SCAN_DEPTH: u32 = 64;
/// Most values kept for one call or one binding (`a = (x, x); b = (a, a); ...` doubles).
const MAX_FLOWS: usize = 256;
/// Longest callee chain followed.
const MAX_CALLEE: usize = 256;

/// Calls that keep their (first) argument's substance: the value inside flows.
const TRANSPARENT: &[&str] = &["str", "repr", "format", "ascii"];
/// Container constructors whose contents flow (`dict(k=v)`, `list((a, b))`).
const CONTAINERS: &[&str] = &["dict", "list", "tuple", "set", "frozenset"];

/// Names as written, with whether the head still goes through the file's imports (it is
/// not a local of the scope it was read in).
#[derive(Debug, Clone)]
struct Chain<'a> {
    segs: Vec<&'a str>,
    resolve: bool,
}

impl<'a> Chain<'a> {
    fn local(segs: Vec<&'a str>) -> Self {
        Chain {
            segs,
            resolve: false,
        }
    }

    /// The chain resolved through `bindings` (local name -> absolute target).
    fn resolved(&self, bindings: &HashMap<String, String>) -> Vec<String> {
        if self.resolve
            && let Some((head, rest)) = self.segs.split_first()
            && let Some(target) = bindings.get(*head)
        {
            return target
                .split('.')
                .filter(|s| !s.is_empty())
                .chain(rest.iter().copied())
                .map(str::to_string)
                .collect();
        }
        self.segs.iter().map(|s| s.to_string()).collect()
    }
}

/// A [`Flow`] waiting for the import map. `ty` is the type as written (its last name is
/// taken once resolved, so `WS(raw)` after `import WebSocketState as WS` reads the same).
#[derive(Debug, Clone)]
struct Value<'a> {
    chain: Chain<'a>,
    ty: Option<Chain<'a>>,
    span: Span,
    origin: Option<Span>,
}

/// A value a local name holds, as read where it was bound.
#[derive(Debug, Clone)]
struct Stored<'a> {
    chain: Chain<'a>,
    ty: Option<Chain<'a>>,
    /// Where it was read (the `origin` of a flow through the name).
    origin: Span,
}

/// What a local name is bound to.
#[derive(Debug, Clone)]
enum Bound<'a> {
    /// Nothing known but maybe its declared type: a parameter, a loop variable, a name
    /// cleared by `+=` or unpacking. A use is the name itself.
    Named {
        ty: Option<Chain<'a>>,
        origin: Option<Span>,
    },
    /// An assignment: the values it carries (none after `safe(x)`), and the callee chain
    /// when the value is a call's result.
    Value {
        flows: Vec<Stored<'a>>,
        call: Option<Chain<'a>>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EnvKind {
    Module,
    Class,
    Function,
}

struct Env<'a> {
    kind: EnvKind,
    names: HashMap<&'a str, Bound<'a>>,
    /// For a method: its class (index into `classes`) and the name of its first parameter.
    method_of: Option<(usize, &'a str)>,
}

impl<'a> Env<'a> {
    fn new(kind: EnvKind) -> Self {
        Env {
            kind,
            names: HashMap::new(),
            method_of: None,
        }
    }
}

struct Pending<'a> {
    callee: Chain<'a>,
    receiver_from: Option<Chain<'a>>,
    span: Span,
    values: Vec<Value<'a>>,
}

/// The call facts of one file, built during the walk.
pub(super) struct Calls<'a> {
    names: Arc<HashSet<String>>,
    /// Module-level names bound to a call's result (the last such binding).
    module_calls: HashMap<&'a str, Chain<'a>>,
    /// Per class being walked: attribute -> callee chain of the call it is bound to
    /// (class-level `logger = ...`, `self.logger = ...` in any method).
    classes: Vec<HashMap<&'a str, Chain<'a>>>,
    envs: Vec<Env<'a>>,
    pending: Vec<Pending<'a>>,
}

impl<'a> Calls<'a> {
    /// `None` when no call name is asked for (nothing is recorded, nothing costs).
    pub(super) fn new(names: &Arc<HashSet<String>>, body: &'a [Stmt]) -> Option<Self> {
        if names.is_empty() {
            return None;
        }
        let mut module_calls = HashMap::new();
        scan_bindings(body, 0, &mut |target, call| {
            if let Expr::Name(n) = target {
                match call {
                    Some(c) => module_calls.insert(n.id.as_str(), c),
                    None => module_calls.remove(n.id.as_str()),
                };
            }
        });
        // `from logging import warning as warn`: calls of `warn` are asked for too.
        let mut aliased: Vec<String> = Vec::new();
        imported_aliases(body, names, &mut aliased, 0);
        let names = if aliased.is_empty() {
            Arc::clone(names)
        } else {
            let mut all = HashSet::clone(names);
            all.extend(aliased);
            Arc::new(all)
        };
        Some(Calls {
            names,
            module_calls,
            classes: Vec::new(),
            envs: vec![Env::new(EnvKind::Module)],
            pending: Vec::new(),
        })
    }

    /// The recorded calls, chains resolved through `bindings` (local name -> target).
    pub(super) fn finish(self, bindings: &HashMap<String, String>) -> Vec<Call> {
        let ty = |t: &Chain| t.resolved(bindings).pop();
        self.pending
            .into_iter()
            .map(|p| Call {
                callee: p.callee.resolved(bindings),
                receiver_from: p.receiver_from.map(|r| r.resolved(bindings)),
                span: p.span,
                values: p
                    .values
                    .into_iter()
                    .map(|v| Flow {
                        chain: v.chain.resolved(bindings),
                        ty: v.ty.as_ref().and_then(ty),
                        span: v.span,
                        origin: v.origin,
                        inline: false,
                    })
                    .collect(),
            })
            .collect()
    }

    /// A function body begins: its parameters are bound.
    pub(super) fn enter_function(&mut self, f: &'a StmtFunctionDef) {
        let mut env = Env::new(EnvKind::Function);
        let p = &f.parameters;
        if self.envs.last().is_some_and(|e| e.kind == EnvKind::Class)
            && let Some(first) = first_parameter(p)
        {
            env.method_of = Some((self.classes.len().saturating_sub(1), first));
        }
        for pw in p.posonlyargs.iter().chain(&p.args).chain(&p.kwonlyargs) {
            let ty = pw.parameter.annotation.as_deref().and_then(annotation);
            env.names.insert(
                pw.parameter.name.as_str(),
                Bound::Named { ty, origin: None },
            );
        }
        for v in [&p.vararg, &p.kwarg].into_iter().flatten() {
            env.names.insert(
                v.name.as_str(),
                Bound::Named {
                    ty: None,
                    origin: None,
                },
            );
        }
        self.envs.push(env);
    }

    pub(super) fn exit_function(&mut self) {
        if self.envs.len() > 1 {
            self.envs.pop();
        }
    }

    /// A class body begins: what its attributes are bound to is read ahead.
    pub(super) fn enter_class(&mut self, c: &'a StmtClassDef) {
        let mut attrs = HashMap::new();
        let mut add = |name: &'a str, call: Option<Chain<'a>>| match call {
            Some(c) => {
                attrs.insert(name, c);
            }
            None => {
                attrs.remove(name);
            }
        };
        scan_bindings(&c.body, 0, &mut |target, call| {
            if let Expr::Name(n) = target {
                add(n.id.as_str(), call);
            }
        });
        for stmt in &c.body {
            let Stmt::FunctionDef(m) = stmt else { continue };
            let Some(first) = first_parameter(&m.parameters) else {
                continue;
            };
            scan_bindings(&m.body, 0, &mut |target, call| {
                if let Expr::Attribute(a) = target
                    && let Expr::Name(n) = &*a.value
                    && n.id.as_str() == first
                {
                    add(a.attr.as_str(), call);
                }
            });
        }
        self.classes.push(attrs);
        self.envs.push(Env::new(EnvKind::Class));
    }

    pub(super) fn exit_class(&mut self) {
        self.classes.pop();
        if self.envs.len() > 1 {
            self.envs.pop();
        }
    }

    /// Before a statement's parts are walked: names it binds for its body are cleared
    /// (`for x in ..`, `with .. as x`, `except .. as e`).
    pub(super) fn before_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::For(f) => self.clear(&f.target),
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        self.clear(v);
                    }
                }
            }
            Stmt::Try(t) => {
                for h in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(name) = &h.name {
                        self.bind(name.as_str(), unknown());
                    }
                }
            }
            _ => {}
        }
    }

    /// After a statement was walked: the bindings it makes.
    pub(super) fn after_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Assign(a) => {
                let bound = self.binding(&a.value, None);
                for target in &a.targets {
                    match target {
                        Expr::Name(n) => self.bind(n.id.as_str(), bound.clone()),
                        _ => self.clear(target),
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                let Expr::Name(n) = &*a.target else { return };
                let ty = annotation(&a.annotation);
                let bound = match &a.value {
                    Some(v) => self.binding(v, ty),
                    None => Bound::Named { ty, origin: None },
                };
                self.bind(n.id.as_str(), bound);
            }
            Stmt::AugAssign(a) => self.clear(&a.target),
            Stmt::Delete(d) => d.targets.iter().for_each(|t| self.clear(t)),
            _ => {}
        }
    }

    /// Every expression the walker visits, before its parts: calls asked for are
    /// recorded; `(x := ..)` clears `x`; a lambda or a comprehension opens a scope where
    /// its parameters / loop variables are unknown (closed by [`Calls::expr_end`]).
    pub(super) fn expr(&mut self, expr: &'a Expr) {
        let generators = match expr {
            Expr::Call(c) => return self.call(c),
            Expr::Named(n) => return self.clear(&n.target),
            Expr::Lambda(l) => {
                let mut env = Env::new(EnvKind::Function);
                if let Some(p) = &l.parameters {
                    for p in p.iter() {
                        env.names.insert(p.name().as_str(), unknown());
                    }
                }
                self.envs.push(env);
                return;
            }
            Expr::ListComp(c) => &c.generators,
            Expr::SetComp(c) => &c.generators,
            Expr::DictComp(c) => &c.generators,
            Expr::Generator(c) => &c.generators,
            _ => return,
        };
        self.envs.push(Env::new(EnvKind::Function));
        for g in generators {
            self.clear(&g.target);
        }
    }

    /// After an expression's parts were visited: closes the scope [`Calls::expr`] opened.
    pub(super) fn expr_end(&mut self, expr: &'a Expr) {
        if matches!(
            expr,
            Expr::Lambda(_)
                | Expr::ListComp(_)
                | Expr::SetComp(_)
                | Expr::DictComp(_)
                | Expr::Generator(_)
        ) && self.envs.len() > 1
        {
            self.envs.pop();
        }
    }

    fn call(&mut self, c: &'a ExprCall) {
        let last = match &*c.func {
            Expr::Name(n) => n.id.as_str(),
            Expr::Attribute(a) => a.attr.as_str(),
            _ => return,
        };
        if last.is_empty() || !self.names.contains(last) {
            return;
        }
        let Some((callee, inner)) = self.callee(&c.func) else {
            return;
        };
        let receiver_from = match inner {
            Some(inner) if callee.segs.len() == 1 => self.callee(&inner.func).map(|(c, _)| c),
            Some(_) => None,
            None => self.receiver_from(&callee.segs[..callee.segs.len() - 1], 0),
        };
        let mut values = Vec::new();
        self.arguments(c, 0, &mut values);
        self.pending.push(Pending {
            callee,
            receiver_from,
            span: span_of(&*c.func),
            values,
        });
    }

    /// The callee chain of `func`, cut at a call in the receiver (returned with it):
    /// `a.b.info` -> `[a, b, info]`; `get().info` -> `[info]` and the call `get()`. The
    /// head resolves through imports unless it is a local name here.
    fn callee(&self, func: &'a Expr) -> Option<(Chain<'a>, Option<&'a ExprCall>)> {
        let (mut chain, inner) = split_callee(func)?;
        chain.resolve = chain.resolve && self.lookup(chain.segs[0]).is_none();
        Some((chain, inner))
    }

    /// Where the receiver `recv` (a name or `self.attr`) came from, when it is bound to
    /// a call's result, directly or through plain aliases (`log = self.logger`).
    fn receiver_from(&self, recv: &[&'a str], depth: u32) -> Option<Chain<'a>> {
        if depth > 4 {
            return None;
        }
        match recv {
            [name] => match self.lookup(name) {
                Some(Bound::Value {
                    call: Some(call), ..
                }) => Some(call.clone()),
                Some(Bound::Value { call: None, flows }) => match &flows[..] {
                    [alias] if alias.ty.is_none() => {
                        self.receiver_from(&alias.chain.segs, depth + 1)
                    }
                    _ => None,
                },
                Some(Bound::Named { .. }) => None,
                None => self.module_calls.get(name).cloned(),
            },
            [me, attr] => {
                let env = self.visible().find(|e| e.names.contains_key(me))?;
                let (class, first) = env.method_of?;
                if first != *me {
                    return None;
                }
                self.classes.get(class)?.get(attr).cloned()
            }
            _ => None,
        }
    }

    /// The environments a name is looked up in, innermost first: a function sees its
    /// enclosing functions; module-level code and class bodies only themselves.
    fn visible(&self) -> impl Iterator<Item = &Env<'a>> {
        let innermost = self.envs.last().map(|e| e.kind);
        self.envs
            .iter()
            .rev()
            .enumerate()
            .take_while(move |(i, e)| {
                *i == 0 || (innermost == Some(EnvKind::Function) && e.kind == EnvKind::Function)
            })
            .map(|(_, e)| e)
    }

    fn lookup(&self, name: &str) -> Option<&Bound<'a>> {
        self.visible().find_map(|e| e.names.get(name))
    }

    fn bind(&mut self, name: &'a str, bound: Bound<'a>) {
        if let Some(env) = self.envs.last_mut() {
            env.names.insert(name, bound);
        }
    }

    /// Forget what the names in a target held (`a, b = ..`, `x += ..`, `for x in ..`).
    fn clear(&mut self, target: &'a Expr) {
        let mut stack = vec![target];
        while let Some(t) = stack.pop() {
            match t {
                Expr::Name(n) => self.bind(n.id.as_str(), unknown()),
                Expr::Tuple(t) => stack.extend(t.elts.iter()),
                Expr::List(l) => stack.extend(l.elts.iter()),
                Expr::Starred(s) => stack.push(&s.value),
                _ => {}
            }
            if stack.len() > MAX_FLOWS {
                break;
            }
        }
    }

    /// What a name bound to `value` holds; `ty` is its declared type, if annotated.
    fn binding(&self, value: &'a Expr, ty: Option<Chain<'a>>) -> Bound<'a> {
        let mut values = Vec::new();
        self.value(value, 0, &mut values);
        let call = match value {
            Expr::Call(c) => self.callee(&c.func).map(|(c, _)| c),
            _ => None,
        };
        if values.is_empty()
            && let Some(ty) = ty
        {
            return Bound::Named {
                ty: Some(ty),
                origin: Some(span_of(value)),
            };
        }
        let flows = values
            .into_iter()
            .map(|v| Stored {
                chain: v.chain,
                ty: v.ty.or_else(|| ty.clone()),
                origin: v.origin.unwrap_or(v.span),
            })
            .collect();
        Bound::Value { flows, call }
    }

    /// The values of every argument of `c`, positional and keyword, in source order.
    fn arguments(&self, c: &'a ExprCall, depth: u32, out: &mut Vec<Value<'a>>) {
        for arg in c.arguments.iter_source_order() {
            match arg {
                ArgOrKeyword::Arg(e) => self.value(e, depth + 1, out),
                ArgOrKeyword::Keyword(k) => self.value(&k.value, depth + 1, out),
            }
        }
    }

    /// The values `e` carries raw, pushed to `out`.
    fn value(&self, e: &'a Expr, depth: u32, out: &mut Vec<Value<'a>>) {
        if depth > MAX_VALUE_DEPTH || out.len() >= MAX_FLOWS {
            return;
        }
        let next = depth + 1;
        match e {
            Expr::Name(n) => self.named(n.id.as_str(), &[], span_of(e), out),
            Expr::Attribute(_) => {
                if let Some(segs) = chain(e) {
                    self.named(segs[0], &segs[1..], span_of(e), out);
                }
            }
            Expr::FString(f) => {
                for el in f.value.elements() {
                    self.interpolation(el, next, out);
                }
            }
            Expr::BinOp(b)
                if b.op == Operator::Mod
                    && matches!(&*b.left, Expr::StringLiteral(_) | Expr::FString(_)) =>
            {
                self.value(&b.right, next, out);
            }
            // `"state: " + str(ws.client_state)`: a message built by concatenation.
            Expr::BinOp(b) if b.op == Operator::Add && (stringy(&b.left) || stringy(&b.right)) => {
                self.value(&b.left, next, out);
                self.value(&b.right, next, out);
            }
            Expr::Call(c) => self.call_value(c, e, next, out),
            Expr::Subscript(s) => {
                if let Some(ty) = constructor(&s.value) {
                    out.push(typed(ty, e));
                }
            }
            Expr::Dict(d) => {
                for item in &d.items {
                    self.value(&item.value, next, out);
                }
            }
            Expr::List(l) => l.elts.iter().for_each(|x| self.value(x, next, out)),
            Expr::Tuple(t) => t.elts.iter().for_each(|x| self.value(x, next, out)),
            Expr::Set(s) => s.elts.iter().for_each(|x| self.value(x, next, out)),
            Expr::Starred(s) => self.value(&s.value, next, out),
            Expr::If(i) => {
                self.value(&i.body, next, out);
                self.value(&i.orelse, next, out);
            }
            Expr::BoolOp(b) => b.values.iter().for_each(|x| self.value(x, next, out)),
            Expr::Named(n) => self.value(&n.value, next, out),
            _ => {}
        }
        out.truncate(MAX_FLOWS);
    }

    /// An f-string part: the `{expr}`, and the expressions nested in its format spec.
    fn interpolation(
        &self,
        el: &'a InterpolatedStringElement,
        depth: u32,
        out: &mut Vec<Value<'a>>,
    ) {
        if depth > MAX_VALUE_DEPTH {
            return;
        }
        let InterpolatedStringElement::Interpolation(i) = el else {
            return;
        };
        self.value(&i.expression, depth + 1, out);
        if let Some(spec) = &i.format_spec {
            for el in spec.elements.iter() {
                self.interpolation(el, depth + 1, out);
            }
        }
    }

    /// A call inside a value: transparent conversions, containers and `"..".format(..)`
    /// pass their arguments' values on; a constructor is a typed value; any other call
    /// consumes its arguments.
    fn call_value(&self, c: &'a ExprCall, e: &'a Expr, depth: u32, out: &mut Vec<Value<'a>>) {
        let args = &c.arguments;
        match &*c.func {
            Expr::Name(n) if self.lookup(n.id.as_str()).is_none() => {
                let name = n.id.as_str();
                if TRANSPARENT.contains(&name) {
                    if let Some(first) = args.args.first().filter(|a| !a.is_starred_expr()) {
                        self.value(first, depth, out);
                    }
                    return;
                }
                if CONTAINERS.contains(&name) {
                    for a in &args.args {
                        let inner = match a {
                            Expr::Starred(s) => &*s.value,
                            a => a,
                        };
                        if matches!(
                            inner,
                            Expr::Dict(_)
                                | Expr::List(_)
                                | Expr::Tuple(_)
                                | Expr::Set(_)
                                | Expr::Name(_)
                        ) {
                            self.value(a, depth, out);
                        }
                    }
                    for k in &args.keywords {
                        self.value(&k.value, depth, out);
                    }
                    return;
                }
            }
            Expr::Attribute(a)
                if a.attr.as_str() == "format" && matches!(&*a.value, Expr::StringLiteral(_)) =>
            {
                self.arguments(c, depth, out);
                return;
            }
            _ => {}
        }
        if let Some(ty) = constructor(&c.func) {
            out.push(typed(ty, e));
        }
    }

    /// The value of the name `root` (with attributes `rest`) read at `span`.
    fn named(&self, root: &'a str, rest: &[&'a str], span: Span, out: &mut Vec<Value<'a>>) {
        let written = |resolve: bool| {
            let mut segs = Vec::with_capacity(rest.len() + 1);
            segs.push(root);
            segs.extend_from_slice(rest);
            Chain { segs, resolve }
        };
        match self.lookup(root) {
            None => out.push(Value {
                chain: written(true),
                ty: None,
                span,
                origin: None,
            }),
            Some(Bound::Named { ty, origin }) => out.push(Value {
                chain: written(false),
                // An attribute of a typed value is of another type.
                ty: ty.clone().filter(|_| rest.is_empty()),
                span,
                origin: *origin,
            }),
            Some(Bound::Value { flows, .. }) => {
                if rest.is_empty() {
                    out.extend(flows.iter().map(|s| Value {
                        chain: s.chain.clone(),
                        ty: s.ty.clone(),
                        span,
                        origin: Some(s.origin),
                    }));
                    return;
                }
                let before = out.len();
                for s in flows.iter().filter(|s| !s.chain.segs.is_empty()) {
                    let mut chain = s.chain.clone();
                    chain.segs.extend_from_slice(rest);
                    out.push(Value {
                        chain,
                        ty: None,
                        span,
                        origin: Some(s.origin),
                    });
                }
                // `ws = get_socket()` then `ws.client_state`: the attribute as written.
                if out.len() == before {
                    out.push(Value {
                        chain: written(false),
                        ty: None,
                        span,
                        origin: None,
                    });
                }
            }
        }
    }
}

/// A name bound to nothing known.
fn unknown<'a>() -> Bound<'a> {
    Bound::Named {
        ty: None,
        origin: None,
    }
}

/// A constructed value of type `ty`: the whole expression `e`.
fn typed<'a>(ty: Chain<'a>, e: &Expr) -> Value<'a> {
    Value {
        chain: Chain::local(Vec::new()),
        ty: Some(ty),
        span: span_of(e),
        origin: None,
    }
}

/// `WebSocketState` / `types.WebSocketState` called or subscripted: a capitalised last
/// name that is not a typing form.
fn constructor(callee: &Expr) -> Option<Chain<'_>> {
    let segs = chain(callee)?;
    let last = *segs.last()?;
    if !last.starts_with(|c: char| c.is_uppercase()) || TYPE_FORMS.contains(&last) {
        return None;
    }
    Some(Chain {
        segs,
        resolve: true,
    })
}

fn first_parameter(p: &Parameters) -> Option<&str> {
    p.posonlyargs
        .iter()
        .chain(&p.args)
        .next()
        .map(|pw| pw.parameter.name.as_str())
}

/// The type an annotation declares, when it is one named type (possibly optional):
/// `E`, `mod.E`, `"E"`, `Optional[E]`, `E | None`, `Union[E, None]`, `Annotated[E, ..]`.
fn annotation(e: &Expr) -> Option<Chain<'_>> {
    annotation_at(e, 0)
}

fn annotation_at(e: &Expr, depth: u32) -> Option<Chain<'_>> {
    if depth > 16 {
        return None;
    }
    match e {
        Expr::Name(_) | Expr::Attribute(_) => {
            let segs = chain(e)?;
            (segs != ["None"]).then_some(Chain {
                segs,
                resolve: true,
            })
        }
        Expr::StringLiteral(s) => annotation_str(s.value.to_str(), depth + 1),
        Expr::Subscript(s) => {
            let segs = chain(&s.value)?;
            let elts: Vec<&Expr> = match &*s.slice {
                Expr::Tuple(t) => t.elts.iter().collect(),
                one => vec![one],
            };
            match *segs.last()? {
                "Optional" | "Final" | "ClassVar" if elts.len() == 1 => {
                    annotation_at(elts[0], depth + 1)
                }
                "Annotated" => annotation_at(elts.first()?, depth + 1),
                "Union" => only_one(&elts, depth),
                _ => None,
            }
        }
        Expr::BinOp(b) if b.op == Operator::BitOr => only_one(&[&b.left, &b.right], depth),
        _ => None,
    }
}

/// The one member of a union that is not `None`.
fn only_one<'e>(members: &[&'e Expr], depth: u32) -> Option<Chain<'e>> {
    let mut found = None;
    for m in members {
        if is_none(m) {
            continue;
        }
        if found.is_some() {
            return None;
        }
        found = Some(annotation_at(m, depth + 1)?);
    }
    found
}

fn is_none(e: &Expr) -> bool {
    match e {
        Expr::NoneLiteral(_) => true,
        Expr::Name(n) => n.id.as_str() == "None",
        Expr::StringLiteral(s) => s.value.to_str().trim() == "None",
        _ => false,
    }
}

/// A string annotation: `"E"`, `"mod.E"`, `"Optional[E]"`, `"E | None"`.
fn annotation_str(s: &str, depth: u32) -> Option<Chain<'_>> {
    if depth > 16 {
        return None;
    }
    let s = s.trim();
    for wrapper in ["Optional[", "typing.Optional["] {
        if let Some(inner) = s.strip_prefix(wrapper).and_then(|r| r.strip_suffix(']')) {
            return annotation_str(inner, depth + 1);
        }
    }
    let mut members = s.split('|').map(str::trim).filter(|m| *m != "None");
    let one = members.next()?;
    if members.next().is_some() || !one.split('.').all(is_identifier) {
        return None;
    }
    Some(Chain {
        segs: one.split('.').collect(),
        resolve: true,
    })
}

/// Bindings in `body` (nested blocks, not nested functions or classes), in order: each
/// assignment target with the callee chain of the call it is bound to (`None` when the
/// value is not a call).
fn scan_bindings<'a>(body: &'a [Stmt], depth: u32, f: &mut dyn FnMut(&'a Expr, Option<Chain<'a>>)) {
    if depth > MAX_SCAN_DEPTH {
        return;
    }
    let call_chain = |value: &'a Expr| match value {
        Expr::Call(c) => callee_chain(&c.func),
        _ => None,
    };
    for stmt in body {
        match stmt {
            Stmt::Assign(a) => {
                for t in &a.targets {
                    f(t, call_chain(&a.value));
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    f(&a.target, call_chain(v));
                }
            }
            Stmt::If(i) => {
                scan_bindings(&i.body, depth + 1, f);
                for c in &i.elif_else_clauses {
                    scan_bindings(&c.body, depth + 1, f);
                }
            }
            Stmt::Try(t) => {
                scan_bindings(&t.body, depth + 1, f);
                for h in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    scan_bindings(&h.body, depth + 1, f);
                }
                scan_bindings(&t.orelse, depth + 1, f);
                scan_bindings(&t.finalbody, depth + 1, f);
            }
            Stmt::With(w) => scan_bindings(&w.body, depth + 1, f),
            Stmt::For(l) => {
                scan_bindings(&l.body, depth + 1, f);
                scan_bindings(&l.orelse, depth + 1, f);
            }
            Stmt::While(l) => {
                scan_bindings(&l.body, depth + 1, f);
                scan_bindings(&l.orelse, depth + 1, f);
            }
            _ => {}
        }
    }
}

/// The callee chain of a call read ahead of the walk (no local scope known: the head
/// resolves through imports), cut at a call in the receiver.
fn callee_chain(func: &Expr) -> Option<Chain<'_>> {
    split_callee(func).map(|(c, _)| c)
}

/// `a.b.info` -> `[a, b, info]` (resolving through imports); `get().info` -> `[info]`
/// (not resolving) and the call `get()`; `None` for any other callee (`f()()`, `x[0].info`).
fn split_callee(func: &Expr) -> Option<(Chain<'_>, Option<&ExprCall>)> {
    let mut rev = Vec::new();
    let mut e = func;
    loop {
        match e {
            Expr::Attribute(a) => {
                if rev.len() >= MAX_CALLEE || a.attr.as_str().is_empty() {
                    return None;
                }
                rev.push(a.attr.as_str());
                e = &a.value;
            }
            Expr::Name(n) if !n.id.as_str().is_empty() => {
                rev.push(n.id.as_str());
                rev.reverse();
                let chain = Chain {
                    segs: rev,
                    resolve: true,
                };
                return Some((chain, None));
            }
            Expr::Call(c) if !rev.is_empty() => {
                rev.reverse();
                return Some((Chain::local(rev), Some(c)));
            }
            _ => return None,
        }
    }
}

/// Local names that `from m import name as local` binds for an asked-for `name`, in the
/// module body and the `if` / `try` blocks at its top level.
fn imported_aliases(body: &[Stmt], names: &HashSet<String>, out: &mut Vec<String>, depth: u32) {
    if depth > 4 {
        return;
    }
    for stmt in body {
        match stmt {
            Stmt::ImportFrom(i) => out.extend(i.names.iter().filter_map(|a| {
                let local = a.asname.as_ref()?;
                names
                    .contains(a.name.as_str())
                    .then(|| local.as_str().to_string())
            })),
            Stmt::If(i) => {
                imported_aliases(&i.body, names, out, depth + 1);
                for c in &i.elif_else_clauses {
                    imported_aliases(&c.body, names, out, depth + 1);
                }
            }
            Stmt::Try(t) => {
                imported_aliases(&t.body, names, out, depth + 1);
                for h in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    imported_aliases(&h.body, names, out, depth + 1);
                }
                imported_aliases(&t.orelse, names, out, depth + 1);
            }
            _ => {}
        }
    }
}

/// A string literal, an f-string, or a concatenation holding one.
fn stringy(e: &Expr) -> bool {
    match e {
        Expr::StringLiteral(_) | Expr::FString(_) => true,
        Expr::BinOp(b) if b.op == Operator::Add => stringy(&b.left) || stringy(&b.right),
        _ => false,
    }
}
