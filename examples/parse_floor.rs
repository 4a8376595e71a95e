//! Parse-only floor vs ssot's full extraction, one thread, over a directory tree.
//!
//! `cargo run --release --example parse_floor -- DIR [parse|extract|parallel]`
//! Prints files, bytes, and the time to (a) read every file, (b) parse every Python file
//! with ruff_python_parser / every Rust file with syn and drop the tree, (c) run ssot's
//! front end (parse + extract facts). Used by bench/run.sh to show how close the rules
//! run to the parser's limit.

use std::path::Path;
use std::time::Instant;

/// As the pipeline runs the front ends.
fn opts() -> ssot::lang::ExtractOptions {
    ssot::lang::ExtractOptions::default()
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: parse_floor DIR [parse|extract]");
    // Run only one stage (for instruction counts under callgrind).
    let only = std::env::args().nth(2).unwrap_or_default();
    let mut py = Vec::new();
    let mut rs = Vec::new();
    for entry in ignore::WalkBuilder::new(&dir).build().flatten() {
        let p = entry.path();
        if !p.is_file() {
            continue;
        }
        match p.extension().and_then(|e| e.to_str()) {
            Some("py") => py.push(p.to_path_buf()),
            Some("rs") => rs.push(p.to_path_buf()),
            _ => {}
        }
    }
    let read = |files: &[std::path::PathBuf]| -> Vec<String> {
        files
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .filter_map(|b| String::from_utf8(b).ok())
            .collect()
    };
    // `parse_floor DIR parallel`: the parse-only floor on all cores (rayon, as ssot runs),
    // read included, for the Rust-check-vs-floor ratio of bench/compare.sh.
    if only == "parallel" {
        use rayon::prelude::*;
        let pool = rayon::ThreadPoolBuilder::new()
            .stack_size(64 << 20)
            .build()
            .expect("a thread pool");
        for (lang, files) in [("python", &py), ("rust", &rs)] {
            if files.is_empty() {
                continue;
            }
            let t = Instant::now();
            pool.install(|| {
                files.par_iter().for_each(|p| {
                    let Ok(text) = std::fs::read_to_string(p) else {
                        return;
                    };
                    if lang == "python" {
                        let opts = ruff_python_parser::ParseOptions::from(
                            ruff_python_ast::PySourceType::Python,
                        )
                        .with_target_version(ruff_python_ast::PythonVersion::PY314);
                        drop(ruff_python_parser::parse_unchecked(&text, opts));
                    } else {
                        drop(syn::parse_file(&text));
                        proc_macro2::extra::invalidate_current_thread_spans();
                    }
                })
            });
            println!(
                "{lang}-parallel: {} files parsed in {} ms on {} threads",
                files.len(),
                t.elapsed().as_millis(),
                pool.current_num_threads()
            );
        }
        return;
    }
    for (lang, files) in [("python", &py), ("rust", &rs)] {
        if files.is_empty() {
            continue;
        }
        let t = Instant::now();
        let texts = read(files);
        // Files that are not UTF-8 are dropped by `read`; keep paths in step.
        let files: Vec<_> = files
            .iter()
            .filter(|p| {
                std::fs::read(p)
                    .ok()
                    .is_some_and(|b| std::str::from_utf8(&b).is_ok())
            })
            .cloned()
            .collect();
        let t_read = t.elapsed();
        let bytes: usize = texts.iter().map(String::len).sum();
        let lines: usize = texts.iter().map(|t| t.lines().count()).sum();
        let t = Instant::now();
        for text in texts.iter().filter(|_| only != "extract") {
            if lang == "python" {
                let opts =
                    ruff_python_parser::ParseOptions::from(ruff_python_ast::PySourceType::Python)
                        .with_target_version(ruff_python_ast::PythonVersion::PY314);
                drop(ruff_python_parser::parse_unchecked(text, opts));
            } else {
                drop(syn::parse_file(text));
                proc_macro2::extra::invalidate_current_thread_spans();
            }
        }
        let t_parse = t.elapsed();
        let rels: Vec<String> = files
            .iter()
            .map(|p| {
                let rel = p.strip_prefix(&dir).unwrap_or(Path::new("x"));
                rel.to_string_lossy().into_owned()
            })
            .collect();
        let (layout, _) = ssot::lang::rust::discover(&[], &rels);
        let t = Instant::now();
        for (text, rel) in texts.iter().zip(&rels).filter(|_| only != "parse") {
            if lang == "python" {
                drop(ssot::lang::python::extract_with(
                    rel,
                    "m",
                    false,
                    text,
                    &opts(),
                ));
            } else {
                let info = layout.file(rel);
                drop(ssot::lang::rust::extract_with(rel, &info, text, &opts()));
            }
        }
        let t_extract = t.elapsed();
        println!(
            "{lang}: {} files, {} lines, {:.1} MB; read {} ms, parse only {} ms, ssot front end {} ms (one thread)",
            texts.len(),
            lines,
            bytes as f64 / 1e6,
            t_read.as_millis(),
            t_parse.as_millis(),
            t_extract.as_millis()
        );
    }
}
