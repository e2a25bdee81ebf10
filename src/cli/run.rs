//! Dispatch and exit codes.

use std::process::ExitCode;

use super::args::{Cli, ColorWhen, Command};

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
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let quiet = cli.quiet;
    match cli.command {
        Command::Extract(args) => super::extract::run(args),
        Command::Check(args) => super::check::run(args, quiet),
        Command::Schema(args) => super::schema::run(args),
        Command::Replay(args) => super::replay::run(args, quiet),
        Command::Serve(args) => super::serve::run(args),
        Command::Verify(args) => super::serve::verify(args),
        Command::Drift(args) => super::drift::run(args),
        Command::Completions(args) => super::generate::completions(args),
        Command::Man(args) => super::generate::man(args),
    }
}

/// The outcome of writing standard output: a closed pipe (`| head`) is not
/// an error, anything else stops the run.
pub(crate) fn output_written(result: std::io::Result<()>) -> Result<(), Outcome> {
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Outcome::RunError(format!("cannot write output: {e}"))),
    }
}

/// Writes a report file (`--junit`), naming it in the error.
pub(crate) fn write_report(
    path: &std::path::Path,
    what: &str,
    contents: &str,
) -> Result<(), Outcome> {
    std::fs::write(path, contents)
        .map_err(|e| Outcome::RunError(format!("{}: cannot write the {what}: {e}", path.display())))
}
