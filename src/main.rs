//! The `ssot` binary: parse arguments, run, map the outcome to an exit code.

fn main() -> std::process::ExitCode {
    ssot::cli::main(std::env::args_os().collect(), false)
}
