//! Dispatch and exit codes.

use std::io::Write;
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
    }
}

/// Writes stdout and stderr text; a closed pipe (`| head`) is not an error.
pub(crate) fn write_out(out: &[u8], err: &str) -> Result<(), Outcome> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out).and_then(|()| stdout.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(Outcome::RunError(format!("cannot write output: {e}"))),
    }
    let _ = std::io::stderr().lock().write_all(err.as_bytes());
    Ok(())
}
