//! The Rust parse floor for `bench/`: read every `.rs` file under DIR and parse it with syn
//! (same features and allocator as ssot), in parallel on all cores, keeping nothing.
//! `cargo run --release --example rust_parse_floor -- DIR` prints files, failures and time.
use mimalloc::MiMalloc;
use rayon::prelude::*;

#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let start = std::time::Instant::now();
    let files: Vec<_> = ignore::WalkBuilder::new(&dir)
        .standard_filters(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs") && e.path().is_file())
        .map(|e| e.into_path())
        .collect();
    let failed: usize = files
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            let ok = syn::parse_file(&text).is_ok();
            proc_macro2::extra::invalidate_current_thread_spans();
            usize::from(!ok)
        })
        .sum();
    eprintln!(
        "{} files, {} failed to parse, {:.2} s",
        files.len(),
        failed,
        start.elapsed().as_secs_f64()
    );
}
