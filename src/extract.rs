//! The parse + extract stage: hand each front end the files it claimed, on a rayon pool
//! whose threads have large stacks, and collect the facts. Every file is read once, into
//! the source database.

use crate::facts::{ModuleFacts, Problem, Span};
use crate::lang::{self, ExtractCtx, FRONTENDS};
use crate::source::SourceDb;
use crate::walk::Walked;

/// Stack size for parser threads: deeply nested input must not overflow.
const PARSE_STACK: usize = 64 << 20;

/// Parse and extract every walked file, through `cache` when given (files it holds are
/// not parsed). Verbose notes go to `notes`.
pub fn all(
    python_roots: &[String],
    walked: &Walked,
    db: &SourceDb,
    opts: lang::ExtractOptions,
    cache: Option<&crate::cache::Cache>,
    notes: &mut Vec<String>,
) -> Vec<ModuleFacts> {
    let ctx = ExtractCtx {
        python_roots,
        db,
        opts,
        cache,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(PARSE_STACK)
        .build()
        .ok();
    let mut out = Vec::new();
    for fe in FRONTENDS {
        let Some(files) = walked.langs.get(&fe.lang()) else {
            continue;
        };
        let run = || fe.extract_all(files, &ctx);
        let (facts, fe_notes) = match &pool {
            Some(p) => p.install(run),
            None => run(),
        };
        out.extend(facts);
        notes.extend(fe_notes);
    }
    // Places the walk could not check are SSOT000 errors, after every real file (so they
    // never shadow a module in the index).
    for e in &walked.errors {
        let mut f = ModuleFacts::new(
            e.rel.clone(),
            e.lang.unwrap_or(lang::Lang::Python),
            String::new(),
            "",
        );
        f.problems.push(Problem {
            message: e.message.clone(),
            span: Span::new(0, 0),
            is_error: true,
        });
        out.push(f);
    }
    out
}
