//! The command line: parse arguments, run one command, pick the exit code.
//! The only layer that prints.

mod args;
mod check;
mod drift;
mod extract;
mod generate;
mod replay;
mod run;
mod schema;
mod serve;

pub use args::Cli;
pub use run::{Outcome, run};
pub(crate) use run::{output_written, write_report};
