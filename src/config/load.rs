//! Finding and reading the config file: the flag, the environment variable
//! or discovery in the start folder and its parents; reading within the
//! input size limit; parsing into a [`Config`].

use std::ffi::OsString;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::de::DeTable;

use super::error::{ConfigError, ConfigErrorKind};
use super::paths::absolute;
use super::raw::{RawConfig, check_keys, resolve_raw};
use super::settings::{Config, LoadedConfig};
use crate::source::SourceFile;

/// The name [`Config::discover`] looks for.
pub const FILE_NAME: &str = "mdcontract.toml";

/// The environment variable that names a config file when `--config` is not
/// given. The caller reads it (this module reads no environment) and passes
/// it to [`Config::resolve`].
pub const CONFIG_ENV: &str = "MDCONTRACT_CONFIG";

impl Config {
    /// Finds the config file for a run: `flag` (`--config`), else `env` (the
    /// value of [`CONFIG_ENV`], empty counts as unset), else the first
    /// [`FILE_NAME`] in `start` or a parent ([`Config::discover`]). `None`
    /// when there is no file: use [`Config::default`].
    pub fn resolve(
        flag: Option<&Path>,
        env: Option<OsString>,
        start: &Path,
    ) -> Result<Option<LoadedConfig>, ConfigError> {
        if let Some(path) = flag {
            return Config::load(path).map(Some);
        }
        if let Some(path) = env.filter(|e| !e.is_empty()) {
            return Config::load(Path::new(&path)).map(Some);
        }
        Config::discover(start)
    }

    /// Looks for [`FILE_NAME`] in `start` and each of its parents, up to the
    /// filesystem root, and loads the first one found. `None` when there is
    /// none. A folder named `mdcontract.toml` is passed over.
    pub fn discover(start: &Path) -> Result<Option<LoadedConfig>, ConfigError> {
        let start = absolute(start);
        for dir in start.ancestors() {
            let candidate = dir.join(FILE_NAME);
            match std::fs::metadata(&candidate) {
                Ok(meta) if meta.is_file() => return Config::load(&candidate).map(Some),
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                    ) => {}
                Err(e) => {
                    return Err(ConfigError {
                        path: candidate,
                        at: None,
                        kind: Box::new(ConfigErrorKind::Read(e)),
                    });
                }
            }
        }
        Ok(None)
    }

    /// Reads and parses the config file at `path` (`--config FILE`).
    pub fn load(path: &Path) -> Result<LoadedConfig, ConfigError> {
        let bytes = crate::source::read_input(path, crate::source::INPUT_LIMIT).map_err(|e| {
            ConfigError {
                path: path.to_path_buf(),
                at: None,
                kind: Box::new(match e.kind() {
                    std::io::ErrorKind::NotFound => ConfigErrorKind::NotFound,
                    _ => ConfigErrorKind::Read(e),
                }),
            }
        })?;
        let source = SourceFile::new(path.to_path_buf(), String::new(), bytes);
        if let Some(at) = source.invalid_utf8_at {
            return Err(ConfigError {
                path: path.to_path_buf(),
                at: Some(source.line_col(at)),
                kind: Box::new(ConfigErrorKind::NotUtf8),
            });
        }
        Config::parse(path, &source.text)
    }

    /// Parses `text` as the config file at `path`, without reading anything:
    /// `path` names the file in errors, and its folder is what relative paths
    /// in the file are relative to.
    pub fn parse(path: &Path, text: &str) -> Result<LoadedConfig, ConfigError> {
        let dir = absolute(path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let source = SourceFile::from_text("", text);
        let err = |span: Option<Range<usize>>, kind| ConfigError {
            path: path.to_path_buf(),
            at: span.map(|s| source.line_col(s.start)),
            kind: Box::new(kind),
        };
        let table = DeTable::parse(text)
            .map_err(|e| err(e.span(), ConfigErrorKind::Syntax(one_line(e.message()))))?;
        check_keys(&table).map_err(|(span, kind)| err(Some(span), kind))?;
        let raw = RawConfig::deserialize(toml::de::Deserializer::from(table))
            .map_err(|e| err(e.span(), ConfigErrorKind::Type(type_message(&e))))?;
        let config = resolve_raw(raw, &dir).map_err(|(span, kind)| err(Some(span), kind))?;
        Ok(LoadedConfig {
            path: path.to_path_buf(),
            dir,
            config,
        })
    }
}

/// The toml crate's messages may span lines; a config error is one line.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// serde's message, and the dotted key it is about when the toml crate
/// knows it: ``invalid type: integer `3`, expected a string (in `metadata.beta`)``.
fn type_message(e: &toml::de::Error) -> String {
    let message = one_line(e.message());
    // Without the input, the toml crate displays the message and then the
    // key path on a line of its own; the path is not otherwise public.
    match e.to_string().lines().last() {
        Some(keys) if keys.starts_with("in `") => format!("{message} ({keys})"),
        _ => message,
    }
}
