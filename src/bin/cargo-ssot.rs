//! `cargo ssot ...`: cargo runs `cargo-ssot ssot ...`; drop the subcommand name.

/// mimalloc: the parser allocates many small nodes; the system allocator costs ~20%.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ssot::cli::main(std::env::args_os().collect(), true)
}
