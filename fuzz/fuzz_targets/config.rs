//! The lint.toml loader (parsing and validation; directories are not checked).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = ssot::config::parse(std::path::Path::new("lint.toml"), text);
    }
});
