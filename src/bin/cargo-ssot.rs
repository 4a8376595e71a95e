//! `cargo ssot ...`: cargo runs `cargo-ssot ssot ...`; drop the subcommand name.

fn main() -> std::process::ExitCode {
    ssot::cli::main(std::env::args_os().collect(), true)
}
