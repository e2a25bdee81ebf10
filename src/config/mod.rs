//! The project configuration file, `mdcontract.toml`.
//!
//! ```toml
//! [metadata]                # OData CSDL per API version; "*" = every version
//! "v1.0" = "metadata/v1.0.csdl.xml"
//! [permissions]
//! "v1.0" = "metadata/v1.0.permissions.xml"
//! [severity]                # "error" | "warning" | "note" | "off"
//! MC2001 = "error"
//! [[suppress]]              # by code and path glob, never by message text
//! codes = ["MC3001"]        # optional: every code when absent
//! paths = ["beta/api/intune-*.md"]
//! reason = "generated pages"
//! [placeholders]            # values for {placeholders} in live replay
//! id = "48d31887-5fad-4d73-a9f5-3c356e68a038"
//! ```
//!
//! [`DEFAULT_CONFIG`] is the same schema as a commented file, with every
//! setting explained.
//!
//! ```
//! use std::path::Path;
//! use mdcontract::config::Config;
//! use mdcontract::outcome::{Code, Finding, Severity};
//! use mdcontract::source::{SourceFile, Span};
//!
//! let loaded = Config::parse(
//!     Path::new("/docs/mdcontract.toml"),
//!     "[severity]\nMC2001 = \"error\"\n\
//!      [[suppress]]\ncodes = [\"MC3001\"]\npaths = [\"beta/api/intune-*.md\"]\n\
//!      reason = \"generated pages\"\n",
//! )?;
//! let finding = |code, file: &str| {
//!     let page = SourceFile::from_text(file, "x");
//!     Finding::new(code, &page, Span::at(0), "message")
//! };
//! let applied = loaded.config.apply(
//!     vec![
//!         finding(Code::RequestWithoutResponse, "api-reference/beta/api/intune-a.md"),
//!         finding(Code::BodyNotStrictJson, "api-reference/beta/api/intune-a.md"),
//!     ],
//!     Path::new("/docs"),
//! );
//! assert_eq!(applied.suppressed, 1);
//! assert_eq!(applied.kept[0].severity, Severity::Error);
//! # Ok::<(), mdcontract::config::ConfigError>(())
//! ```
//!
//! The design sketch put this module at the bottom layer, beside `source`; it
//! sits just above `outcome` instead, because it checks codes against the
//! catalogue and rewrites findings. It does no printing and reads no
//! environment: the CLI passes flags and variables in.
//!
//! # Where settings come from
//!
//! The order is always: command-line flag, then environment variable, then the
//! file, then the built-in default. The file itself is found that way
//! ([`Config::resolve`]): `--config FILE`, then [`CONFIG_ENV`], then the first
//! `mdcontract.toml` in the current folder or one of its parents
//! ([`Config::discover`]), else none ([`Config::default`]). Metadata and
//! permission files follow it per API version: `--metadata` flags added with
//! [`Config::merge_cli`] replace the file's entries for the versions they
//! name ([`Config::metadata_for`]). No environment variable sets them yet.
//!
//! # How suppression paths match
//!
//! Users write the paths they see in the docs repository, which are rarely the
//! paths mdcontract was given: the config usually sits at the repository root
//! while the pages sit a few folders down (`api-reference/beta/api/…`), and
//! the run may name any folder in between. So a finding's file is matched in
//! these forms:
//!
//! - its path relative to the config file's folder
//!   (`api-reference/beta/api/intune-x.md`); for a page outside that folder,
//!   its absolute path without the leading `/`;
//! - the page key form: the same path from each version folder on
//!   (`beta/api/intune-x.md`), a version folder being one named like `v1.0`
//!   or `beta`. Graph pages always sit below one, and the key form is what
//!   example ids show;
//! - for a glob without `/`, the file name in any folder (`intune-*.md`).
//!
//! Globs use `/` on every system; `*`, `?` and `[ab]` never cross a `/`, `**`
//! crosses any number of folders, and matching is case-sensitive and includes
//! the extension. A glob that starts with `./` is taken without it. A glob that
//! could never match (absolute, with `..`, or with `\` separators) is an error
//! when the file is loaded rather than a silent no-op.
//!
//! # Errors
//!
//! Every [`ConfigError`] names the file and, where there is one, the line and
//! column: ``mdcontract.toml:1:1: unknown key `metadat` in the top level,
//! expected one of `metadata`, …; did you mean `metadata`?``. Loading stops at
//! the first error.

mod error;
mod load;
mod paths;
mod raw;
mod settings;
mod suppress;
mod versions;

#[cfg(test)]
mod tests;

pub use error::{ConfigError, ConfigErrorKind};
pub use load::{CONFIG_ENV, FILE_NAME};
pub use settings::{Config, DEFAULT_CONFIG, LoadedConfig};
pub use suppress::{Applied, Level, Suppression};
pub use versions::parse_versioned;
