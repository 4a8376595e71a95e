//! The parse + extract stage: read every file once, run its language's front end in
//! parallel (rayon threads with large stacks), and collect the facts.
//!
//! Rust needs a second, cheap step: the real module tree is only known once every file's
//! `mod x;` declarations are, so files whose module differs from the location-derived
//! guess (a `#[path]`, ...) are extracted again. Everything else is parsed once.

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

fn rust_file(found: &Found, info: &rust::FileInfo) -> rust::Extracted {
    match read(&found.abs, &found.rel, Lang::Rust, &info.module) {
        Ok(text) => rust::extract_with(&found.rel, info, &text, OPTIONS),
        Err(f) => rust::Extracted {
            facts: vec![*f],
            mods: Vec::new(),
        },
    }
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
    let rust_paths: Vec<String> = walked.rust.iter().map(|f| f.rel.clone()).collect();
    let (layout, manifest_problems) = rust::discover(&manifests, &rust_paths);
    let manifest_text: HashMap<&str, &str> = manifests
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    for (path, p) in manifest_problems {
        let mut f = ModuleFacts::new(
            path.clone(),
            Lang::Rust,
            String::new(),
            manifest_text.get(path.as_str()).copied().unwrap_or(""),
        );
        f.problems.push(p);
        out.push(f);
    }

    let run = || {
        let py: Vec<ModuleFacts> = walked.python.par_iter().map(|f| python(f, roots)).collect();
        let mut rs: Vec<(usize, rust::Extracted)> = walked
            .rust
            .par_iter()
            .enumerate()
            .map(|(i, f)| (i, rust_file(f, &layout.file(&f.rel))))
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
                    .map(|&i| (i, rust_file(&walked.rust[i], info)))
            })
            .collect();
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
        (py, rs, tree.notes)
    };
    let (py, rs, tree_notes) = match rayon::ThreadPoolBuilder::new()
        .stack_size(PARSE_STACK)
        .build()
    {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };
    notes.extend(layout.notes().iter().cloned());
    notes.extend(tree_notes);
    out.extend(py);
    out.extend(rs.into_iter().flat_map(|(_, ex)| ex.facts));
    out
}
