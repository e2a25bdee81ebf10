//! How a command ends: the outcome and its exit code, and the outcome of
//! writing standard output or a report file.

use std::path::Path;
use std::process::ExitCode;

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

/// The outcome of writing standard output: a closed pipe (`| head`) is not
/// an error, anything else stops the run.
pub(super) fn output_written(result: std::io::Result<()>) -> Result<(), Outcome> {
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Outcome::RunError(format!("cannot write output: {e}"))),
    }
}

/// Writes a report file (`--junit`), naming it in the error.
pub(super) fn write_report(path: &Path, what: &str, contents: &str) -> Result<(), Outcome> {
    std::fs::write(path, contents)
        .map_err(|e| Outcome::RunError(format!("{}: cannot write the {what}: {e}", path.display())))
}

/// Leaves `value` to the end of the process instead of dropping it. A
/// command returns straight to `main`, which exits; freeing the run's
/// pages, metadata and compiled validators one allocation at a time would
/// only delay that exit (about 6 % of `check`'s CPU, measured with perf for
/// issue 15), while the operating system takes the memory back at once.
pub(super) fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Standard output for a command's report. Styled text goes through
/// anstream, which drops the styles unless colour is wanted (`--color`,
/// NO_COLOR, a terminal); JSON and SARIF hold none, and are written as they
/// are rather than scanned for them.
pub(super) fn stdout_for(styled: bool) -> Box<dyn std::io::Write> {
    let stdout = std::io::stdout().lock();
    if styled {
        Box::new(anstream::AutoStream::auto(stdout))
    } else {
        Box::new(stdout)
    }
}
