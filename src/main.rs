use std::process::ExitCode;

use clap::Parser;
use mdcontract::cli::{Cli, Outcome, run};

/// mimalloc rather than glibc's malloc: the binary's work is many small,
/// short-lived allocations (see Cargo.toml). The library leaves the choice to
/// the program that uses it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let outcome = run(Cli::parse());
    if let Outcome::RunError(msg) = &outcome {
        eprintln!("error: {msg}");
    }
    outcome.exit_code()
}
