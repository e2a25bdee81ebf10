//! Config errors: what is wrong with a config file, and where.

use std::path::PathBuf;

use super::suppress::LEVELS;
use crate::outcome::Code;
use crate::source::LineCol;

/// A config file that cannot be used. Displays as `FILE[:LINE:COL]: MESSAGE`.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {kind}", path.display(), at.map(|a| format!(":{a}")).unwrap_or_default())]
pub struct ConfigError {
    /// The config file.
    pub path: PathBuf,
    /// Where in it, when the error has a place.
    pub at: Option<LineCol>,
    /// Boxed so that a `Result` carrying the error stays small.
    pub kind: Box<ConfigErrorKind>,
}

/// What is wrong with a config file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigErrorKind {
    #[error("no such file or directory")]
    NotFound,
    #[error("cannot read: {0}")]
    Read(std::io::Error),
    #[error("file is not valid UTF-8")]
    NotUtf8,
    /// The text is not TOML.
    #[error("invalid TOML: {0}")]
    Syntax(String),
    /// A value has the wrong type (`paths = "x"`), as the toml crate says it.
    #[error("{0}")]
    Type(String),
    #[error(
        "unknown key `{key}` in {table}, expected one of {}{}",
        list(expected),
        did_you_mean(suggestion)
    )]
    UnknownKey {
        key: String,
        /// `the top level` or `[[suppress]]`.
        table: &'static str,
        expected: &'static [&'static str],
        suggestion: Option<String>,
    },
    #[error("unknown finding code `{code}`{}", did_you_mean(suggestion))]
    UnknownCode {
        code: String,
        suggestion: Option<String>,
    },
    #[error(
        "invalid severity `{value}` for {code}, expected one of {}{}",
        list(LEVELS),
        did_you_mean(suggestion)
    )]
    BadSeverity {
        code: Code,
        value: String,
        suggestion: Option<String>,
    },
    #[error(
        "invalid API version `{version}` in [{table}], expected \"*\" or a version such as `v1.0` or `beta`"
    )]
    BadVersion {
        version: String,
        table: &'static str,
    },
    #[error("invalid glob `{glob}`: {reason}")]
    BadGlob { glob: String, reason: String },
    #[error("[[suppress]] needs a `reason` saying why the findings are suppressed")]
    NoReason,
    #[error(
        "[[suppress]] needs `paths`; to turn a code off everywhere, set it to \"off\" in [severity]"
    )]
    NoPaths,
    #[error("[[suppress]] has an empty `codes`; leave it out to suppress every code")]
    NoCodes,
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}
