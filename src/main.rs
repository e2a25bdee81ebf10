use std::process::ExitCode;

use clap::Parser;
use mdcontract::cli::{Cli, Outcome, run};

fn main() -> ExitCode {
    let outcome = run(Cli::parse());
    if let Outcome::RunError(msg) = &outcome {
        eprintln!("error: {msg}");
    }
    outcome.exit_code()
}
