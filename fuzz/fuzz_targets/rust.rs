//! The Rust front end on arbitrary bytes, as a module of a crate with no Cargo.toml.
#![no_main]

use libfuzzer_sys::fuzz_target;

const REL: &str = "src/a/b.rs";

fuzz_target!(|data: &[u8]| {
    let text = match ssot::source::decode_utf8(data) {
        Ok(t) => t.into_owned(),
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    };
    ssot_fuzz::on_parse_stack(|| {
        let files = ["src/lib.rs".to_string(), REL.to_string()];
        let (layout, _) = ssot::lang::rust::discover(&[], &files);
        let _ = ssot::lang::rust::extract(REL, &layout.file(REL), &text);
        // The same text as a crate root (inner attributes, `extern crate`, `mod` items).
        let _ = ssot::lang::rust::extract("src/lib.rs", &layout.file("src/lib.rs"), &text);
    });
});
