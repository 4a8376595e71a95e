//! The Python front end on arbitrary bytes, decoded the way ssot decodes a `.py` file.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// ssot deliberately leaks the syntax tree of a file nested deeper than 200 levels
/// (dropping it would recurse as deep; see docs/architecture.md), so LeakSanitizer's
/// reports are expected here, not bugs.
#[unsafe(no_mangle)]
pub extern "C" fn __lsan_default_options() -> *const std::ffi::c_char {
    c"detect_leaks=0".as_ptr()
}

fuzz_target!(|data: &[u8]| {
    let text = match ssot::source::decode_pep263(data) {
        Ok(t) => t.into_owned(),
        Err(_) => String::from_utf8_lossy(data).into_owned(),
    };
    ssot_fuzz::on_parse_stack(|| {
        let _ = ssot::lang::python::extract("pkg/mod.py", "pkg.mod", false, &text);
    });
});
