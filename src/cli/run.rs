//! Dispatch: the command line parsed, the command it names run.

use super::args::{Cli, ColorWhen, Command};
use super::outcome::Outcome;

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
