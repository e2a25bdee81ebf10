//! Command-line arguments (clap). Converted to library calls in one place per
//! command; nothing here parses pages or prints.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "mdcontract",
    version,
    about = "Contract tests for API reference docs written in markdown",
    long_about = "mdcontract turns the HTTP examples of Graph-style API reference pages into \
executable contracts: it extracts every request/response example with its exact place, \
checks it, and replays it.\n\n\
Exit codes: 0 no error findings, 1 error findings, 2 usage or I/O error.",
    after_help = "Examples:\n  \
mdcontract extract specs/                      # every example, human-readable\n  \
mdcontract extract docs/ --format json > x.jsonl  # JSON lines for tools\n  \
mdcontract extract page.txt                    # a file named explicitly is read whatever its extension"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract every example, resource and URL template from markdown pages.
    ///
    /// Directories are walked for *.md files (README.md and NOTICE.md are
    /// skipped); files named explicitly are read whatever their extension.
    /// Every fence ends as an example part, a resource, a template, an ignored
    /// block or a finding saying why not.
    #[command(after_help = "Examples:\n  \
mdcontract extract specs/\n  \
mdcontract extract ../docs/api-reference/v1.0 --format json | jq 'select(.kind==\"example\") | .id'")]
    Extract(ExtractArgs),
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Pages or directories of pages.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format: `text` for people, `json` for JSON lines (see README).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}
