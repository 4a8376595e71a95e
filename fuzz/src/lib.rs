//! Shared by the fuzz targets.

/// Run `f` on a thread with a 64 MiB stack, as ssot's parse pool does (so deep nesting
/// that ssot accepts cannot overflow the fuzzer's smaller main stack); a panic in `f` is
/// re-raised on the caller's thread, where libFuzzer reports it.
pub fn on_parse_stack<F: FnOnce() + Send>(f: F) {
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn_scoped(s, f)
            .expect("spawn parse thread");
        if let Err(panic) = handle.join() {
            std::panic::resume_unwind(panic);
        }
    });
}
