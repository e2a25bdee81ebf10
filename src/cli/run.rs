//! Dispatch and exit codes.

use std::process::ExitCode;

use super::args::{Cli, Command};

/// How a command ended. Exit codes are chosen here and nowhere else.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: no error findings.
    Clean,
    /// Exit 1: at least one error finding (or failed example).
    Findings,
    /// Exit 2: usage or I/O error; the message is printed to stderr.
    RunError(String),
}

impl Outcome {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
            Outcome::RunError(_) => ExitCode::from(2),
        }
    }
}

pub fn run(cli: Cli) -> Outcome {
    match cli.command {
        Command::Extract(args) => super::extract::run(args),
        Command::Check(args) => super::check::run(args),
        Command::Schema(args) => super::schema::run(args),
        Command::Replay(args) => super::replay::run(args),
    }
}
