//! The command line: parse arguments, run one command, pick the exit code.
//! The only layer that prints. One file per command (`run` dispatches);
//! what several commands share is in `configuration` (the configuration
//! they load) and `outcome` (how a command ends: exit codes, writing output).

mod args;
mod check;
mod configuration;
mod drift;
mod extract;
mod generate;
mod outcome;
mod replay;
mod run;
mod schema;
mod serve;

pub use args::Cli;
pub use outcome::Outcome;
pub use run::run;
