//! The lint.toml loader (parsing and validation; directories are not checked), and the
//! rendering of its errors the way `ssot::cli` prints them (miette's graphical handler,
//! 100 columns, no colour).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Err(errors) = ssot::config::parse(std::path::Path::new("lint.toml"), text) else {
        return;
    };
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(100);
    for e in errors.iter().take(100) {
        let mut s = String::new();
        let _ = handler.render_report(&mut s, e);
    }
    let _ = errors.to_string();
});
