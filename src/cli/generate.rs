//! `mdcontract completions SHELL` and `mdcontract man`: generated from the
//! clap definition, so they always match `--help`.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell as Target;

use super::args::{Cli, CompletionsArgs, ManArgs, Shell};
use super::outcome::{Outcome, output_written};

pub fn completions(args: CompletionsArgs) -> Outcome {
    let shell = match args.shell {
        Shell::Bash => Target::Bash,
        Shell::Elvish => Target::Elvish,
        Shell::Fish => Target::Fish,
        Shell::Powershell => Target::PowerShell,
        Shell::Zsh => Target::Zsh,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "mdcontract", &mut script);
    let written = std::io::stdout()
        .lock()
        .write_all(&script)
        .and_then(|()| std::io::stdout().flush());
    match output_written(written) {
        Ok(()) => Outcome::Clean,
        Err(o) => o,
    }
}

pub fn man(args: ManArgs) -> Outcome {
    let command = Cli::command();
    let Some(dir) = args.out else {
        let mut page = Vec::new();
        if let Err(e) = clap_mangen::Man::new(command).render(&mut page) {
            return Outcome::RunError(format!("cannot render the man page: {e}"));
        }
        let written = std::io::stdout()
            .lock()
            .write_all(&page)
            .and_then(|()| std::io::stdout().flush());
        return match output_written(written) {
            Ok(()) => Outcome::Clean,
            Err(o) => o,
        };
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return Outcome::RunError(format!(
            "{}: cannot create the directory: {e}",
            dir.display()
        ));
    }
    match clap_mangen::generate_to(command, &dir) {
        Ok(()) => {
            println!("wrote the man pages to {}", dir.display());
            Outcome::Clean
        }
        Err(e) => Outcome::RunError(format!(
            "{}: cannot write the man pages: {e}",
            dir.display()
        )),
    }
}
