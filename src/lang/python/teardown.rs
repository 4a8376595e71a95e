//! Dropping a syntax tree without recursion.
//!
//! The AST's drop glue is recursive, so a 100,000-term `a + a + ...` chain (which the parser
//! builds without trouble) would overflow the stack when dropped. [`teardown`] moves the
//! children of statements and expressions onto explicit work lists first, so every node is
//! dropped with its children already detached. Nodes reached only through bracket nesting
//! (call arguments, patterns, parameters) are bounded by the pre-scan and dropped normally.

use ruff_python_ast::{ExceptHandler, Expr, ExprNoneLiteral, Stmt};

fn hole() -> Expr {
    Expr::NoneLiteral(ExprNoneLiteral::default())
}

fn take(b: &mut Expr) -> Expr {
    std::mem::replace(b, hole())
}

/// Drop `body` (and everything under it) iteratively.
pub(super) fn teardown(body: impl IntoIterator<Item = Stmt>) {
    let mut stmts: Vec<Stmt> = body.into_iter().collect();
    let mut exprs: Vec<Expr> = Vec::new();
    while let Some(mut stmt) = stmts.pop() {
        stmt_children(&mut stmt, &mut stmts, &mut exprs);
        drop(stmt);
        while let Some(mut expr) = exprs.pop() {
            expr_children(&mut expr, &mut exprs);
            drop(expr);
        }
    }
}

fn stmt_children(stmt: &mut Stmt, stmts: &mut Vec<Stmt>, ex: &mut Vec<Expr>) {
    match stmt {
        Stmt::FunctionDef(f) => {
            stmts.extend(std::mem::take(&mut f.body));
            ex.extend(f.decorator_list.iter_mut().map(|d| take(&mut d.expression)));
            ex.extend(f.returns.take().map(|b| *b));
        }
        Stmt::ClassDef(c) => {
            stmts.extend(std::mem::take(&mut c.body));
            ex.extend(c.decorator_list.iter_mut().map(|d| take(&mut d.expression)));
        }
        Stmt::Return(r) => ex.extend(r.value.take().map(|b| *b)),
        Stmt::Delete(d) => ex.append(&mut d.targets),
        Stmt::TypeAlias(t) => ex.push(take(&mut t.value)),
        Stmt::Assign(a) => {
            ex.append(&mut a.targets);
            ex.push(take(&mut a.value));
        }
        Stmt::AugAssign(a) => {
            ex.push(take(&mut a.target));
            ex.push(take(&mut a.value));
        }
        Stmt::AnnAssign(a) => {
            ex.push(take(&mut a.target));
            ex.push(take(&mut a.annotation));
            ex.extend(a.value.take().map(|b| *b));
        }
        Stmt::For(f) => {
            ex.push(take(&mut f.target));
            ex.push(take(&mut f.iter));
            stmts.extend(std::mem::take(&mut f.body));
            stmts.extend(std::mem::take(&mut f.orelse));
        }
        Stmt::While(w) => {
            ex.push(take(&mut w.test));
            stmts.extend(std::mem::take(&mut w.body));
            stmts.extend(std::mem::take(&mut w.orelse));
        }
        Stmt::If(i) => {
            ex.push(take(&mut i.test));
            stmts.extend(std::mem::take(&mut i.body));
            for clause in &mut i.elif_else_clauses {
                ex.extend(clause.test.take());
                stmts.extend(std::mem::take(&mut clause.body));
            }
        }
        Stmt::With(w) => {
            for item in &mut w.items {
                ex.push(take(&mut item.context_expr));
                ex.extend(item.optional_vars.take().map(|b| *b));
            }
            stmts.extend(std::mem::take(&mut w.body));
        }
        Stmt::Match(m) => {
            ex.push(take(&mut m.subject));
            for case in &mut m.cases {
                ex.extend(case.guard.take().map(|b| *b));
                stmts.extend(std::mem::take(&mut case.body));
            }
        }
        Stmt::Raise(r) => {
            ex.extend(r.exc.take().map(|b| *b));
            ex.extend(r.cause.take().map(|b| *b));
        }
        Stmt::Try(t) => {
            stmts.extend(std::mem::take(&mut t.body));
            for ExceptHandler::ExceptHandler(h) in &mut t.handlers {
                ex.extend(h.type_.take().map(|b| *b));
                stmts.extend(std::mem::take(&mut h.body));
            }
            stmts.extend(std::mem::take(&mut t.orelse));
            stmts.extend(std::mem::take(&mut t.finalbody));
        }
        Stmt::Assert(a) => {
            ex.push(take(&mut a.test));
            ex.extend(a.msg.take().map(|b| *b));
        }
        Stmt::Expr(e) => ex.push(take(&mut e.value)),
        _ => {}
    }
}

fn expr_children(expr: &mut Expr, ex: &mut Vec<Expr>) {
    match expr {
        Expr::BoolOp(b) => ex.append(&mut b.values),
        Expr::Named(n) => {
            ex.push(take(&mut n.target));
            ex.push(take(&mut n.value));
        }
        Expr::BinOp(b) => {
            ex.push(take(&mut b.left));
            ex.push(take(&mut b.right));
        }
        Expr::UnaryOp(u) => ex.push(take(&mut u.operand)),
        Expr::Lambda(l) => ex.push(take(&mut l.body)),
        Expr::If(i) => {
            ex.push(take(&mut i.test));
            ex.push(take(&mut i.body));
            ex.push(take(&mut i.orelse));
        }
        Expr::Dict(d) => {
            for item in std::mem::take(&mut d.items) {
                ex.extend(item.key);
                ex.push(item.value);
            }
        }
        Expr::Set(s) => ex.append(&mut s.elts),
        Expr::List(l) => ex.append(&mut l.elts),
        Expr::Tuple(t) => ex.append(&mut t.elts),
        Expr::ListComp(c) => {
            ex.push(take(&mut c.elt));
            comprehensions(&mut c.generators, ex);
        }
        Expr::SetComp(c) => {
            ex.push(take(&mut c.elt));
            comprehensions(&mut c.generators, ex);
        }
        Expr::Generator(c) => {
            ex.push(take(&mut c.elt));
            comprehensions(&mut c.generators, ex);
        }
        Expr::DictComp(c) => {
            ex.extend(c.key.take().map(|b| *b));
            ex.push(take(&mut c.value));
            comprehensions(&mut c.generators, ex);
        }
        Expr::Await(a) => ex.push(take(&mut a.value)),
        Expr::Yield(y) => ex.extend(y.value.take().map(|b| *b)),
        Expr::YieldFrom(y) => ex.push(take(&mut y.value)),
        Expr::Compare(c) => {
            ex.push(take(&mut c.left));
            ex.extend(std::mem::take(&mut c.comparators));
        }
        Expr::Call(c) => {
            ex.push(take(&mut c.func));
            ex.extend(std::mem::take(&mut c.arguments.args));
            ex.extend(c.arguments.keywords.iter_mut().map(|k| take(&mut k.value)));
        }
        Expr::Attribute(a) => ex.push(take(&mut a.value)),
        Expr::Subscript(s) => {
            ex.push(take(&mut s.value));
            ex.push(take(&mut s.slice));
        }
        Expr::Starred(s) => ex.push(take(&mut s.value)),
        Expr::Slice(s) => {
            ex.extend(s.lower.take().map(|b| *b));
            ex.extend(s.upper.take().map(|b| *b));
            ex.extend(s.step.take().map(|b| *b));
        }
        _ => {}
    }
}

fn comprehensions(generators: &mut Vec<ruff_python_ast::Comprehension>, ex: &mut Vec<Expr>) {
    for g in std::mem::take(generators) {
        ex.push(g.target);
        ex.push(g.iter);
        ex.extend(g.ifs);
    }
}
