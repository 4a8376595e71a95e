//! The parse + extract stage: read every file once, run its language's front end in
//! parallel (rayon threads with large stacks), and collect the facts.
//!
//! Rust needs two cheap extra steps. Before the parallel phase, crate roots are read first
//! and lexed for `extern crate x as y;` (which names `x` as `y` in every module of the
//! crate); their text is kept for the parallel phase. After it, the real module tree is
//! known from every file's `mod x;` declarations, so files whose module differs from the
//! location-derived guess (a `#[path]`, ...) are extracted again. Everything else is
//! parsed once.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::facts::{Lang, ModuleFacts, Problem, Span};
use crate::lang::{self, rust};
use crate::source;
use crate::walk::{Found, Walked};

/// No rule reads fingerprints yet (SSOT002 will): skip computing them.
const OPTIONS: lang::ExtractOptions = lang::ExtractOptions {
    fingerprints: false,
};

/// Stack size for parser threads: deeply nested input must not overflow.
const PARSE_STACK: usize = 64 << 20;

/// Facts holding only a problem (unreadable file, bad encoding, bad manifest).
fn problem_facts(
    rel: &str,
    lang: Lang,
    module: &str,
    text: &str,
    message: String,
    at: u32,
) -> ModuleFacts {
    let mut f = ModuleFacts::new(rel.to_string(), lang, module.to_string(), text);
    f.problems.push(Problem {
        message,
        span: Span::new(at, at),
        is_error: true,
    });
    f
}

/// Read and decode a file; on failure, the facts that report why.
fn read(abs: &Path, rel: &str, lang: Lang, module: &str) -> Result<String, Box<ModuleFacts>> {
    let bytes = std::fs::read(abs).map_err(|e| {
        Box::new(problem_facts(
            rel,
            lang,
            module,
            "",
            format!("cannot read file: {e}"),
            0,
        ))
    })?;
    match source::decode(&bytes, lang) {
        Ok(text) => Ok(text.into_owned()),
        Err(e) => Err(Box::new(problem_facts(
            rel,
            lang,
            module,
            &String::from_utf8_lossy(&bytes),
            e.message,
            e.offset as u32,
        ))),
    }
}

fn python(found: &Found, roots: &[String]) -> ModuleFacts {
    let (module, is_package) = lang::pypath::module_for_file(&found.rel, roots);
    match read(&found.abs, &found.rel, Lang::Python, &module) {
        Ok(text) => lang::python::extract_with(&found.rel, &module, is_package, &text, OPTIONS),
        Err(mut f) => {
            f.is_package = is_package;
            *f
        }
    }
}

/// A file's text, or the facts that say why it could not be read.
type Read = Result<String, Box<ModuleFacts>>;

/// Extract a Rust file (`text`: what reading it gave, when it was read already).
fn rust_file(found: &Found, info: &rust::FileInfo, text: Option<Read>) -> rust::Extracted {
    let text = text.unwrap_or_else(|| read(&found.abs, &found.rel, Lang::Rust, &info.module));
    match text {
        Ok(text) => rust::extract_with(&found.rel, info, &text, OPTIONS),
        Err(f) => rust::Extracted {
            facts: vec![*f],
            mods: Vec::new(),
        },
    }
}

/// Run `f` on the parser pool (or here, when there is none).
fn in_pool<R: Send>(pool: Option<&rayon::ThreadPool>, f: impl FnOnce() -> R + Send) -> R {
    match pool {
        Some(p) => p.install(f),
        None => f(),
    }
}

/// Read every crate root first and let its `extern crate x as y;` items into its crate's
/// extern names (they apply to every module of the crate). Returns the text read, by index
/// into `walked.rust`, so no root is read twice.
fn crate_roots(walked: &Walked, layout: &mut rust::Layout) -> Vec<Option<Read>> {
    let roots: Vec<(usize, Read)> = walked
        .rust
        .par_iter()
        .enumerate()
        .filter(|(_, f)| layout.is_crate_root(&f.rel))
        .map(|(i, f)| {
            let module = layout.file(&f.rel).module;
            (i, read(&f.abs, &f.rel, Lang::Rust, &module))
        })
        .collect();
    let mut texts: Vec<Option<Read>> = (0..walked.rust.len()).map(|_| None).collect();
    for (i, text) in roots {
        if let Ok(t) = &text {
            layout.add_root_externs(&walked.rust[i].rel, t);
        }
        texts[i] = Some(text);
    }
    texts
}

/// Parse and extract every walked file. Verbose notes go to `notes`.
pub fn all(config: &Config, walked: &Walked, notes: &mut Vec<String>) -> Vec<ModuleFacts> {
    let roots = &config.files.python_roots;
    let mut manifests = Vec::new();
    let mut out = Vec::new();
    for m in &walked.manifests {
        match read(&m.abs, &m.rel, Lang::Rust, "") {
            Ok(text) => manifests.push((m.rel.clone(), text)),
            Err(f) => out.push(*f),
        }
    }
    // Outside `include`: used for the crate layout, never reported on.
    let context: std::collections::HashSet<&str> = walked
        .context_manifests
        .iter()
        .map(|m| m.rel.as_str())
        .collect();
    for m in &walked.context_manifests {
        if let Ok(text) = read(&m.abs, &m.rel, Lang::Rust, "") {
            manifests.push((m.rel.clone(), text));
        }
    }
    let rust_paths: Vec<String> = walked.rust.iter().map(|f| f.rel.clone()).collect();
    let (mut layout, manifest_problems) = rust::discover(&manifests, &rust_paths);
    let manifest_text: HashMap<&str, &str> = manifests
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    for (path, p) in manifest_problems
        .into_iter()
        .filter(|(p, _)| !context.contains(p.as_str()))
    {
        let mut f = ModuleFacts::new(
            path.clone(),
            Lang::Rust,
            String::new(),
            manifest_text.get(path.as_str()).copied().unwrap_or(""),
        );
        f.problems.push(p);
        out.push(f);
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(PARSE_STACK)
        .build()
        .ok();
    let root_texts = in_pool(pool.as_ref(), || crate_roots(walked, &mut layout));
    let layout = layout;
    let run = || {
        let py: Vec<ModuleFacts> = walked.python.par_iter().map(|f| python(f, roots)).collect();
        let mut rs: Vec<(usize, rust::Extracted)> = root_texts
            .into_par_iter()
            .zip(walked.rust.par_iter())
            .enumerate()
            .map(|(i, (text, f))| (i, rust_file(f, &layout.file(&f.rel), text)))
            .collect();
        // Phase 2: the real module tree.
        let decls: HashMap<String, Vec<rust::ModDecl>> = rs
            .iter_mut()
            .map(|(i, ex)| (walked.rust[*i].rel.clone(), std::mem::take(&mut ex.mods)))
            .collect();
        let tree = layout.resolve_tree(&decls);
        let index: HashMap<&str, usize> = walked
            .rust
            .iter()
            .enumerate()
            .map(|(i, f)| (f.rel.as_str(), i))
            .collect();
        let redo: Vec<(usize, rust::Extracted)> = tree
            .changed
            .par_iter()
            .filter_map(|(rel, info)| {
                index
                    .get(rel.as_str())
                    .map(|&i| (i, rust_file(&walked.rust[i], info, None)))
            })
            .collect();
        let redone = redo.len();
        for (i, ex) in redo {
            rs[i].1 = ex;
        }
        for (rel, p) in tree.problems {
            if let Some(&i) = index.get(rel.as_str())
                && let Some(first) = rs[i].1.facts.first_mut()
            {
                first.problems.push(p);
            }
        }
        let mut tree_notes = tree.notes;
        if redone > 0 {
            tree_notes.push(format!(
                "{redone} Rust file(s) parsed a second time: their module (from the `mod` tree) differs from their location"
            ));
        }
        (py, rs, tree_notes)
    };
    let (py, rs, tree_notes) = in_pool(pool.as_ref(), run);
    notes.extend(layout.notes().iter().cloned());
    notes.extend(tree_notes);
    out.extend(py);
    out.extend(rs.into_iter().flat_map(|(_, ex)| ex.facts));
    out
}
