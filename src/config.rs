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

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use crate::outcome::{Code, Finding, Severity};
use crate::source::{LineCol, SourceFile};

/// The name [`Config::discover`] looks for.
pub const FILE_NAME: &str = "mdcontract.toml";

/// The environment variable that names a config file when `--config` is not
/// given. The caller reads it (this module reads no environment) and passes
/// it to [`Config::resolve`].
pub const CONFIG_ENV: &str = "MDCONTRACT_CONFIG";

/// The default configuration as a commented `mdcontract.toml`, every setting
/// explained. It parses to [`Config::default`]; a future `init` command writes
/// it out.
pub const DEFAULT_CONFIG: &str = include_str!("default-config.toml");

const TOP_KEYS: &[&str] = &[
    "metadata",
    "permissions",
    "severity",
    "suppress",
    "placeholders",
];
const SUPPRESS_KEYS: &[&str] = &["codes", "paths", "reason"];
const LEVELS: &[&str] = &["error", "warning", "note", "off"];

// ---------------------------------------------------------------------------
// The file as written (the spec) ...

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    metadata: BTreeMap<Spanned<String>, String>,
    #[serde(default)]
    permissions: BTreeMap<Spanned<String>, String>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    suppress: Vec<Spanned<RawSuppression>>,
    #[serde(default)]
    placeholders: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuppression {
    codes: Option<Spanned<Vec<Spanned<String>>>>,
    paths: Vec<Spanned<String>>,
    reason: Spanned<String>,
}

// ... and the configuration it resolves to.

/// The resolved project configuration: codes looked up, globs compiled, paths
/// absolute. [`Config::default`] is the configuration without a file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The absolute folder of the file; empty for the default configuration.
    dir: PathBuf,
    metadata: Versioned,
    permissions: Versioned,
    severity: BTreeMap<Code, Level>,
    suppress: Vec<Suppression>,
    placeholders: BTreeMap<String, String>,
}

/// A config file that was found and read.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// The file, as named or as found.
    pub path: PathBuf,
    /// The absolute folder holding the file: paths in the file are relative
    /// to it.
    pub dir: PathBuf,
    pub config: Config,
}

/// What a `[severity]` entry sets a code to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Error,
    Warning,
    Note,
    /// Drop the finding (it counts as suppressed).
    Off,
}

impl Level {
    fn parse(s: &str) -> Option<Level> {
        match s {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "note" => Some(Level::Note),
            "off" => Some(Level::Off),
            _ => None,
        }
    }

    /// The severity findings get, or `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Note => Some(Severity::Note),
            Level::Off => None,
        }
    }
}

/// One `[[suppress]]` entry.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// `None`: every code.
    codes: Option<Vec<Code>>,
    paths: Vec<String>,
    reason: String,
    globs: GlobSet,
}

impl Suppression {
    /// The codes it suppresses; `None` when it suppresses every code.
    pub fn codes(&self) -> Option<&[Code]> {
        self.codes.as_deref()
    }

    /// The path globs as written (without a leading `./`).
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// Why the findings are suppressed.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    fn matches(&self, code: Code, forms: &[String]) -> bool {
        self.codes.as_ref().is_none_or(|c| c.contains(&code))
            && forms.iter().any(|f| self.globs.is_match(f))
    }
}

/// Findings after [`Config::apply`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// The findings that remain, in their order, with overridden severities.
    pub kept: Vec<Finding>,
    /// How many were dropped, by a `[[suppress]]` entry or an `off` severity.
    pub suppressed: usize,
}

/// Files per API version, from each source that can name them. A key of
/// `None` applies to every version.
#[derive(Debug, Clone, Default)]
struct Versioned {
    flags: Vec<(Option<String>, PathBuf)>,
    file: Vec<(Option<String>, PathBuf)>,
}

impl Versioned {
    /// The files of the first source, in precedence order, that names
    /// `version` or every version: those for `version` first, then those for
    /// every version, each in the order given, without repeats.
    fn for_version(&self, version: Option<&str>) -> Vec<PathBuf> {
        for layer in [&self.flags, &self.file] {
            let exact = layer
                .iter()
                .filter(|(v, _)| v.is_some() && v.as_deref() == version);
            let all = layer.iter().filter(|(v, _)| v.is_none());
            let mut out: Vec<PathBuf> = Vec::new();
            for (_, path) in exact.chain(all) {
                if !out.contains(path) {
                    out.push(path.clone());
                }
            }
            if !out.is_empty() {
                return out;
            }
        }
        Vec::new()
    }

    /// Every version any source names (`None` for every-version entries).
    fn versions(&self) -> impl Iterator<Item = Option<&str>> {
        self.flags
            .iter()
            .chain(&self.file)
            .map(|(v, _)| v.as_deref())
    }
}

// ---------------------------------------------------------------------------
// Errors

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

// ---------------------------------------------------------------------------
// Loading

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

type Located = (Range<usize>, ConfigErrorKind);

/// Checks the keys before serde sees them, so that an unknown key is named
/// with its own place, the keys expected and a suggestion, and a
/// `[[suppress]]` without `paths` or `reason` gets advice rather than
/// `missing field`. The serde structs deny unknown fields too, as a backstop.
fn check_keys(root: &Spanned<DeTable<'_>>) -> Result<(), Located> {
    for (key, _) in root.get_ref().iter() {
        unknown_key(key, TOP_KEYS, "the top level")?;
    }
    let Some(suppress) = root.get_ref().get("suppress") else {
        return Ok(());
    };
    let Some(entries) = suppress.get_ref().as_array() else {
        return Ok(()); // serde names the type error
    };
    for entry in entries.iter() {
        let Some(table) = entry.get_ref().as_table() else {
            continue;
        };
        for (key, _) in table.iter() {
            unknown_key(key, SUPPRESS_KEYS, "[[suppress]]")?;
        }
        let header = entry.span();
        if !table.contains_key("paths") {
            return Err((header, ConfigErrorKind::NoPaths));
        }
        if !table.contains_key("reason") {
            return Err((header, ConfigErrorKind::NoReason));
        }
    }
    Ok(())
}

fn unknown_key(
    key: &Spanned<std::borrow::Cow<'_, str>>,
    expected: &'static [&'static str],
    table: &'static str,
) -> Result<(), Located> {
    if expected.contains(&key.get_ref().as_ref()) {
        return Ok(());
    }
    Err((
        key.span(),
        ConfigErrorKind::UnknownKey {
            key: key.get_ref().to_string(),
            table,
            expected,
            suggestion: crate::suggest::did_you_mean(key.get_ref(), expected.iter().copied())
                .map(str::to_string),
        },
    ))
}

/// Turns the file as written into a [`Config`]: versions checked, codes
/// looked up, globs compiled, paths made absolute.
fn resolve_raw(raw: RawConfig, dir: &Path) -> Result<Config, Located> {
    let versioned = |map: BTreeMap<Spanned<String>, String>, table: &'static str| {
        map.into_iter()
            .map(|(version, file)| {
                let key = match version.get_ref().as_str() {
                    "*" => None,
                    v if crate::graph::is_version(v) => Some(v.to_string()),
                    v => {
                        return Err((
                            version.span(),
                            ConfigErrorKind::BadVersion {
                                version: v.to_string(),
                                table,
                            },
                        ));
                    }
                };
                Ok((key, absolute(&dir.join(file))))
            })
            .collect::<Result<Vec<_>, Located>>()
    };
    let metadata = versioned(raw.metadata, "metadata")?;
    let permissions = versioned(raw.permissions, "permissions")?;

    let mut severity = BTreeMap::new();
    for (code, level) in raw.severity {
        let c = code_of(&code)?;
        let Some(l) = Level::parse(level.get_ref()) else {
            return Err((
                level.span(),
                ConfigErrorKind::BadSeverity {
                    code: c,
                    value: level.get_ref().clone(),
                    suggestion: crate::suggest::did_you_mean(
                        level.get_ref(),
                        LEVELS.iter().copied(),
                    )
                    .map(str::to_string),
                },
            ));
        };
        severity.insert(c, l);
    }

    let mut suppress = Vec::new();
    for entry in raw.suppress {
        let span = entry.span();
        suppress.push(suppression(entry.into_inner(), span)?);
    }

    Ok(Config {
        dir: dir.to_path_buf(),
        metadata: Versioned {
            flags: Vec::new(),
            file: metadata,
        },
        permissions: Versioned {
            flags: Vec::new(),
            file: permissions,
        },
        severity,
        suppress,
        placeholders: raw.placeholders,
    })
}

fn code_of(code: &Spanned<String>) -> Result<Code, Located> {
    Code::from_id(code.get_ref()).ok_or_else(|| {
        (
            code.span(),
            ConfigErrorKind::UnknownCode {
                code: code.get_ref().clone(),
                suggestion: crate::suggest::did_you_mean(
                    code.get_ref(),
                    Code::ALL.iter().map(|c| c.id()),
                )
                .map(str::to_string),
            },
        )
    })
}

fn suppression(raw: RawSuppression, span: Range<usize>) -> Result<Suppression, Located> {
    let codes = match raw.codes {
        None => None,
        Some(codes) if codes.get_ref().is_empty() => {
            return Err((codes.span(), ConfigErrorKind::NoCodes));
        }
        Some(codes) => Some(
            codes
                .get_ref()
                .iter()
                .map(code_of)
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    if raw.reason.get_ref().trim().is_empty() {
        return Err((raw.reason.span(), ConfigErrorKind::NoReason));
    }
    if raw.paths.is_empty() {
        return Err((span, ConfigErrorKind::NoPaths));
    }
    let mut set = GlobSetBuilder::new();
    let mut paths = Vec::new();
    for glob in &raw.paths {
        let written = glob.get_ref();
        let bad = |reason: &str| {
            (
                glob.span(),
                ConfigErrorKind::BadGlob {
                    glob: written.clone(),
                    reason: reason.to_string(),
                },
            )
        };
        let pattern = written.strip_prefix("./").unwrap_or(written);
        if pattern.is_empty() {
            return Err(bad("the glob is empty"));
        }
        if pattern.contains('\\') {
            return Err(bad("separate folders with `/`"));
        }
        if pattern.starts_with('/') || pattern.as_bytes().get(1) == Some(&b':') {
            return Err(bad(
                "write the path relative to the folder of the config file",
            ));
        }
        if pattern.split('/').any(|part| part == "..") {
            return Err(bad(
                "`..` never matches: pages are matched below the config folder or from their version folder",
            ));
        }
        // A glob without `/` matches the file name in any folder.
        let full = if pattern.contains('/') {
            pattern.to_string()
        } else {
            format!("**/{pattern}")
        };
        let compiled = GlobBuilder::new(&full)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .map_err(|e| bad(&e.kind().to_string()))?;
        set.add(compiled);
        paths.push(pattern.to_string());
    }
    let globs = set.build().map_err(|e| {
        (
            span.clone(),
            ConfigErrorKind::BadGlob {
                glob: e.glob().unwrap_or_default().to_string(),
                reason: e.kind().to_string(),
            },
        )
    })?;
    Ok(Suppression {
        codes,
        paths,
        reason: raw.reason.into_inner(),
        globs,
    })
}

// ---------------------------------------------------------------------------
// Using it

impl Config {
    /// The folder relative paths in the file were resolved against; empty for
    /// the default configuration.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The `[severity]` override for `code`, if any.
    pub fn severity_override(&self, code: Code) -> Option<Level> {
        self.severity.get(&code).copied()
    }

    /// The `[[suppress]]` entries, in file order.
    pub fn suppressions(&self) -> &[Suppression] {
        &self.suppress
    }

    /// The `[placeholders]` values.
    pub fn placeholders(&self) -> &BTreeMap<String, String> {
        &self.placeholders
    }

    /// Adds the `--metadata` and `--permissions` flags, as read by
    /// [`parse_versioned`]: a version of `None` means every version. Relative
    /// paths are relative to the current folder. For each version, flags that
    /// name it (or every version) replace what the file says for it; the file
    /// still answers for the versions no flag covers.
    pub fn merge_cli(
        &mut self,
        metadata: Vec<(Option<String>, PathBuf)>,
        permissions: Vec<(Option<String>, PathBuf)>,
    ) {
        self.metadata
            .flags
            .extend(metadata.into_iter().map(|(v, p)| (v, absolute(&p))));
        self.permissions
            .flags
            .extend(permissions.into_iter().map(|(v, p)| (v, absolute(&p))));
    }

    /// The absolute paths of the CSDL metadata files for pages of `version`
    /// (`None`: a page without a version, which gets only the files for every
    /// version). The highest-precedence source that names the version or every
    /// version answers alone: flags, then the file. Files for the version come
    /// before files for every version.
    pub fn metadata_for(&self, version: Option<&str>) -> Vec<PathBuf> {
        self.metadata.for_version(version)
    }

    /// A configuration naming the metadata of a folder laid out as
    /// `<version>.csdl.xml` and `<version>.permissions.xml` (the layout of
    /// `specs/metadata/` and of the shared Graph metadata), as if each file
    /// were given with `--metadata`/`--permissions VERSION=FILE`.
    pub fn from_metadata_dir(dir: &Path) -> Config {
        let mut csdl = Vec::new();
        let mut permissions = Vec::new();
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        entries.sort();
        for path in entries {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if let Some(v) = name.strip_suffix(".csdl.xml") {
                csdl.push((Some(v.to_string()), path.clone()));
            } else if let Some(v) = name.strip_suffix(".permissions.xml") {
                permissions.push((Some(v.to_string()), path.clone()));
            }
        }
        let mut config = Config::default();
        config.merge_cli(csdl, permissions);
        config
    }

    /// Every API version the metadata and permission entries name, so that a
    /// run can load (and so validate) every file the user named, whether or
    /// not a page of that version is checked.
    pub fn named_versions(&self) -> Vec<Option<String>> {
        let mut out: Vec<Option<String>> = Vec::new();
        for v in self.metadata.versions().chain(self.permissions.versions()) {
            let v = v.map(str::to_string);
            if !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }

    /// The absolute paths of the permission files for `version`, chosen as
    /// [`Config::metadata_for`] chooses.
    pub fn permissions_for(&self, version: Option<&str>) -> Vec<PathBuf> {
        self.permissions.for_version(version)
    }

    /// Applies `[[suppress]]` and `[severity]` to findings. Relative
    /// `Finding.file` paths are taken relative to `base` (the folder the run
    /// read pages from, normally the current folder). Suppressions go first;
    /// then the severity of each remaining finding is overridden, and `off`
    /// drops it. The order of the kept findings is unchanged.
    pub fn apply(&self, findings: Vec<Finding>, base: &Path) -> Applied {
        let base = absolute(base);
        let dir = if self.dir.as_os_str().is_empty() {
            &base
        } else {
            &self.dir
        };
        let mut applied = Applied::default();
        for mut finding in findings {
            if !self.suppress.is_empty() {
                let forms = path_forms(&base.join(&finding.file), dir);
                if self
                    .suppress
                    .iter()
                    .any(|s| s.matches(finding.code, &forms))
                {
                    applied.suppressed += 1;
                    continue;
                }
            }
            match self.severity.get(&finding.code).map(|l| l.severity()) {
                Some(None) => applied.suppressed += 1,
                Some(Some(severity)) => {
                    finding.severity = severity;
                    applied.kept.push(finding);
                }
                None => applied.kept.push(finding),
            }
        }
        applied
    }
}

/// The forms a page's path is matched in (see the module docs): relative to
/// `dir` (or absolute without the root when outside it), then from each
/// version folder on.
fn path_forms(file: &Path, dir: &Path) -> Vec<String> {
    let file = absolute(file);
    let rel = file.strip_prefix(dir).unwrap_or(&file);
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let mut forms = vec![parts.join("/")];
    for i in 1..parts.len().saturating_sub(1) {
        if crate::graph::is_version(&parts[i]) {
            forms.push(parts[i..].join("/"));
        }
    }
    forms
}

// ---------------------------------------------------------------------------
// Helpers

/// Splits a `--metadata [VERSION=]FILE` argument. The part before the first
/// `=` is a version only when it looks like one (`v1.0`, `beta`, `v2`, or `*`
/// for every version); otherwise the whole argument is the file, so paths that
/// contain `=` (`C:\a=b\x.xml`, `out=1.xml`) survive.
pub fn parse_versioned(arg: &str) -> (Option<String>, PathBuf) {
    if let Some((version, file)) = arg.split_once('=')
        && !file.is_empty()
    {
        if version == "*" {
            return (None, PathBuf::from(file));
        }
        if crate::graph::is_version(version) {
            return (Some(version.to_string()), PathBuf::from(file));
        }
    }
    (None, PathBuf::from(arg))
}

/// `path` made absolute against the current folder and normalized lexically
/// (`.` dropped, `..` applied), without touching the filesystem, so that
/// symbolic links do not change which config folder a page is under.
fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    const FILE: &str = "/proj/mdcontract.toml";

    fn config(text: &str) -> Config {
        match Config::parse(Path::new(FILE), text) {
            Ok(loaded) => loaded.config,
            Err(e) => panic!("config did not parse: {e}\n--- text:\n{text}"),
        }
    }

    fn error(text: &str) -> String {
        match Config::parse(Path::new(FILE), text) {
            Ok(loaded) => panic!(
                "expected an error, got {:?}\n--- text:\n{text}",
                loaded.config
            ),
            Err(e) => e.to_string(),
        }
    }

    fn finding(code: Code, file: &str) -> Finding {
        let source = SourceFile::new(PathBuf::from(file), String::new(), b"x\n".to_vec());
        Finding::new(code, &source, Span::at(0), "message")
    }

    /// The files of the findings `config` keeps out of one finding per file.
    fn kept(config: &Config, code: Code, files: &[&str], base: &str) -> Vec<String> {
        let findings = files.iter().map(|f| finding(code, f)).collect();
        let applied = config.apply(findings, Path::new(base));
        assert_eq!(applied.kept.len() + applied.suppressed, files.len());
        applied.kept.into_iter().map(|f| f.file).collect()
    }

    fn paths(paths: &[&str]) -> Vec<PathBuf> {
        paths.iter().map(PathBuf::from).collect()
    }

    // --- the default config ---

    #[test]
    fn the_default_config_parses_to_the_defaults() {
        let c = config(DEFAULT_CONFIG);
        assert!(c.suppressions().is_empty());
        assert!(c.placeholders().is_empty());
        assert!(c.metadata_for(Some("v1.0")).is_empty());
        assert!(c.permissions_for(None).is_empty());
        assert!(
            Code::ALL
                .iter()
                .all(|&code| c.severity_override(code).is_none())
        );
    }

    #[test]
    fn every_example_in_the_default_config_is_valid_once_uncommented() {
        // Prose starts with `##`, examples with `# `: uncomment the examples.
        let text: String = DEFAULT_CONFIG
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(example) => format!("{example}\n"),
                None if l == "#" => "\n".to_string(),
                None => format!("{l}\n"),
            })
            .collect();
        let c = config(&text);
        assert_eq!(
            c.metadata_for(Some("beta")),
            paths(&["/proj/metadata/beta.csdl.xml"])
        );
        assert_eq!(
            c.permissions_for(Some("v1.0")),
            paths(&["/proj/metadata/v1.0.permissions.xml"])
        );
        assert_eq!(
            c.severity_override(Code::BodyNotStrictJson),
            Some(Level::Error)
        );
        assert_eq!(
            c.severity_override(Code::RequestWithoutResponse),
            Some(Level::Off)
        );
        assert_eq!(c.suppressions().len(), 1);
        assert_eq!(
            c.suppressions()[0].codes(),
            Some(&[Code::RequestWithoutResponse][..])
        );
        assert_eq!(
            c.placeholders()["id"],
            "48d31887-5fad-4d73-a9f5-3c356e68a038"
        );
    }

    // --- discovery ---

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    #[test]
    fn discovery_finds_the_file_in_the_start_folder_or_the_nearest_parent() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = absolute(tmp.path());
        write(
            &root.join("a").join(FILE_NAME),
            "[placeholders]\nfrom = \"a\"\n",
        );
        write(
            &root.join("a/b").join(FILE_NAME),
            "[placeholders]\nfrom = \"b\"\n",
        );
        std::fs::create_dir_all(root.join("a/b/c/d")).expect("mkdir");

        let found = Config::discover(&root.join("a/b/c/d"))
            .expect("no error")
            .expect("a config");
        assert_eq!(found.path, root.join("a/b").join(FILE_NAME));
        assert_eq!(found.dir, root.join("a/b"));
        assert_eq!(found.config.placeholders()["from"], "b");

        let found = Config::discover(&root.join("a/./b/../"))
            .expect("no error")
            .expect("a config");
        assert_eq!(found.path, root.join("a").join(FILE_NAME));
    }

    #[test]
    fn discovery_passes_over_a_folder_named_like_the_file() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = absolute(tmp.path());
        std::fs::create_dir_all(root.join("x").join(FILE_NAME)).expect("mkdir");
        let found = Config::discover(&root.join("x")).expect("no error");
        // A stray file above the temporary folder is not ours to judge.
        assert!(
            found.as_ref().is_none_or(|f| !f.path.starts_with(&root)),
            "{found:?}"
        );
    }

    #[test]
    fn discovery_reports_an_invalid_file_it_finds() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = absolute(tmp.path());
        let file = root.join(FILE_NAME);
        write(
            &file,
            "[placeholders]\nid = \"1\"\n[severity]\nMC3001 = \"of\"\n",
        );
        let err = Config::discover(&root).expect_err("an error");
        assert_eq!(
            err.to_string(),
            format!(
                "{}:4:10: invalid severity `of` for MC3001, expected one of `error`, `warning`, `note`, `off`; did you mean `off`?",
                file.display()
            )
        );
        assert_eq!(err.at, Some(LineCol { line: 4, col: 10 }));
    }

    #[test]
    fn resolve_takes_the_flag_then_the_environment_then_discovery() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = absolute(tmp.path());
        for name in ["flag", "env", "found"] {
            write(
                &root.join(name).join(FILE_NAME),
                &format!("[placeholders]\nfrom = \"{name}\"\n"),
            );
        }
        let from = |flag: Option<&str>, env: Option<&str>| {
            let flag = flag.map(|f| root.join(f).join(FILE_NAME));
            let env = env.map(|e| root.join(e).join(FILE_NAME).into_os_string());
            let loaded = Config::resolve(flag.as_deref(), env, &root.join("found"))
                .expect("no error")
                .expect("a config");
            loaded.config.placeholders()["from"].clone()
        };
        assert_eq!(from(Some("flag"), Some("env")), "flag");
        assert_eq!(from(None, Some("env")), "env");
        assert_eq!(from(None, None), "found");
        let empty_env = Config::resolve(None, Some(OsString::new()), &root.join("found"))
            .expect("no error")
            .expect("a config");
        assert_eq!(empty_env.config.placeholders()["from"], "found");
    }

    #[test]
    fn a_missing_or_unreadable_file_is_named() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = absolute(tmp.path());

        let missing = root.join("missing.toml");
        let err = Config::load(&missing).expect_err("an error");
        assert_eq!(
            err.to_string(),
            format!("{}: no such file or directory", missing.display())
        );

        let folder = root.join("folder.toml");
        std::fs::create_dir(&folder).expect("mkdir");
        let err = Config::load(&folder).expect_err("an error");
        assert!(
            err.to_string()
                .starts_with(&format!("{}: cannot read: ", folder.display())),
            "{err}"
        );

        let latin1 = root.join("latin1.toml");
        std::fs::write(&latin1, b"[placeholders]\nid = \"caf\xe9\"\n").expect("write");
        let err = Config::load(&latin1).expect_err("an error");
        assert_eq!(
            err.to_string(),
            format!("{}:2:10: file is not valid UTF-8", latin1.display())
        );
    }

    // --- errors ---

    #[test]
    fn every_error_names_the_file_line_and_column() {
        let cases: &[(&str, &str)] = &[
            (
                "metadat = 1\n",
                "1:1: unknown key `metadat` in the top level, expected one of `metadata`, `permissions`, `severity`, `suppress`, `placeholders`; did you mean `metadata`?",
            ),
            (
                "[placeholders]\nid = \"1\"\n[colors]\n",
                "3:2: unknown key `colors` in the top level, expected one of `metadata`, `permissions`, `severity`, `suppress`, `placeholders`",
            ),
            (
                "[[suppress]]\npaths = [\"a.md\"]\nreason = \"r\"\ncode = [\"MC3001\"]\n",
                "4:1: unknown key `code` in [[suppress]], expected one of `codes`, `paths`, `reason`; did you mean `codes`?",
            ),
            (
                "[severity]\nMC2010 = \"error\"\n",
                "2:1: unknown finding code `MC2010`; did you mean `MC2001`?",
            ),
            (
                "[[suppress]]\ncodes = [\"MC3001\", \"MC9999\"]\npaths = [\"a.md\"]\nreason = \"r\"\n",
                "2:20: unknown finding code `MC9999`",
            ),
            (
                "[severity]\nMC2001 = \"fatal\"\n",
                "2:10: invalid severity `fatal` for MC2001, expected one of `error`, `warning`, `note`, `off`",
            ),
            (
                "[severity]\nmc2001 = \"warn\"\n",
                "2:10: invalid severity `warn` for MC2001, expected one of `error`, `warning`, `note`, `off`; did you mean `warning`?",
            ),
            (
                "[[suppress]]\nreason = \"r\"\npaths = [\"beta/[api\"]\n",
                "3:10: invalid glob `beta/[api`: unclosed character class; missing ']'",
            ),
            (
                "[[suppress]]\nreason = \"r\"\npaths = ['beta\\api\\*.md']\n",
                "3:10: invalid glob `beta\\api\\*.md`: separate folders with `/`",
            ),
            (
                "[[suppress]]\nreason = \"r\"\npaths = [\"a.md\", \"/docs/*.md\"]\n",
                "3:18: invalid glob `/docs/*.md`: write the path relative to the folder of the config file",
            ),
            (
                "[[suppress]]\nreason = \"r\"\npaths = [\"C:/docs/*.md\"]\n",
                "3:10: invalid glob `C:/docs/*.md`: write the path relative to the folder of the config file",
            ),
            (
                "[[suppress]]\nreason = \"r\"\npaths = [\"../docs/*.md\"]\n",
                "3:10: invalid glob `../docs/*.md`: `..` never matches: pages are matched below the config folder or from their version folder",
            ),
            (
                "[[suppress]]\nreason = \"r\"\npaths = [\"\"]\n",
                "3:10: invalid glob ``: the glob is empty",
            ),
            (
                "[metadata]\n\"v1,0\" = \"m.xml\"\n",
                "2:1: invalid API version `v1,0` in [metadata], expected \"*\" or a version such as `v1.0` or `beta`",
            ),
            (
                "[permissions]\nall = \"p.xml\"\n",
                "2:1: invalid API version `all` in [permissions], expected \"*\" or a version such as `v1.0` or `beta`",
            ),
            (
                "[[suppress]]\npaths = [\"a.md\"]\nreason = \"r\"\n\n[[suppress]]\npaths = [\"b.md\"]\n",
                "5:1: [[suppress]] needs a `reason` saying why the findings are suppressed",
            ),
            (
                "[[suppress]]\npaths = [\"a.md\"]\nreason = \" \"\n",
                "3:10: [[suppress]] needs a `reason` saying why the findings are suppressed",
            ),
            (
                "[[suppress]]\ncodes = [\"MC3001\"]\nreason = \"r\"\n",
                "1:1: [[suppress]] needs `paths`; to turn a code off everywhere, set it to \"off\" in [severity]",
            ),
            (
                "[[suppress]]\npaths = []\nreason = \"r\"\n",
                "1:1: [[suppress]] needs `paths`; to turn a code off everywhere, set it to \"off\" in [severity]",
            ),
            (
                "[[suppress]]\ncodes = []\npaths = [\"a.md\"]\nreason = \"r\"\n",
                "2:9: [[suppress]] has an empty `codes`; leave it out to suppress every code",
            ),
            (
                "[metadata\n",
                "1:10: invalid TOML: unclosed table, expected `]`",
            ),
            (
                "[severity]\nMC2001 = \"error\"\nMC2001 = \"note\"\n",
                "3:1: invalid TOML: duplicate key",
            ),
            (
                "[metadata]\nbeta = 3\n",
                "2:8: invalid type: integer `3`, expected a string (in `metadata.beta`)",
            ),
            (
                "[[suppress]]\npaths = \"a.md\"\nreason = \"r\"\n",
                "2:9: invalid type: string \"a.md\", expected a sequence (in `suppress.paths`)",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(
                error(text),
                format!("{FILE}:{expected}"),
                "--- text:\n{text}"
            );
        }
    }

    // --- metadata, permissions and flags ---

    #[test]
    fn metadata_paths_are_relative_to_the_config_folder_and_star_applies_to_every_version() {
        let c = config(
            "[metadata]\n\"*\" = \"all.xml\"\n\"v1.0\" = \"../m/./v1.xml\"\nbeta = \"/abs/beta.xml\"\n",
        );
        assert_eq!(
            c.metadata_for(Some("v1.0")),
            paths(&["/m/v1.xml", "/proj/all.xml"])
        );
        assert_eq!(
            c.metadata_for(Some("beta")),
            paths(&["/abs/beta.xml", "/proj/all.xml"])
        );
        assert_eq!(c.metadata_for(Some("v2")), paths(&["/proj/all.xml"]));
        assert_eq!(c.metadata_for(None), paths(&["/proj/all.xml"]));
        assert!(c.permissions_for(Some("v1.0")).is_empty());
    }

    #[test]
    fn flags_replace_the_file_for_the_versions_they_name() {
        let mut c = config(
            "[metadata]\n\"*\" = \"all.xml\"\n\"v1.0\" = \"v1.xml\"\n[permissions]\nbeta = \"p.xml\"\n",
        );
        c.merge_cli(
            vec![(Some("beta".into()), "/flags/beta.xml".into())],
            Vec::new(),
        );
        assert_eq!(c.metadata_for(Some("beta")), paths(&["/flags/beta.xml"]));
        assert_eq!(
            c.metadata_for(Some("v1.0")),
            paths(&["/proj/v1.xml", "/proj/all.xml"])
        );
        assert_eq!(c.permissions_for(Some("beta")), paths(&["/proj/p.xml"]));

        // A flag without a version covers every version, so the file no longer answers.
        c.merge_cli(
            vec![(None, "/flags/all.xml".into())],
            vec![(None, "rel/p.xml".into()), (None, "rel/p.xml".into())],
        );
        assert_eq!(c.metadata_for(Some("v1.0")), paths(&["/flags/all.xml"]));
        assert_eq!(
            c.metadata_for(Some("beta")),
            paths(&["/flags/beta.xml", "/flags/all.xml"])
        );
        let cwd = std::env::current_dir().expect("cwd");
        assert_eq!(c.permissions_for(Some("beta")), vec![cwd.join("rel/p.xml")]);
    }

    #[test]
    fn a_version_prefix_is_split_off_only_when_it_looks_like_a_version() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("beta=beta.csdl.xml", Some("beta"), "beta.csdl.xml"),
            ("v1.0=metadata/v1.0.xml", Some("v1.0"), "metadata/v1.0.xml"),
            ("v2=v2.xml", Some("v2"), "v2.xml"),
            ("v1.0-preview=p.xml", Some("v1.0-preview"), "p.xml"),
            ("beta=a=b.xml", Some("beta"), "a=b.xml"),
            ("*=all.xml", None, "all.xml"),
            ("metadata.xml", None, "metadata.xml"),
            ("C:\\meta=data\\v1.xml", None, "C:\\meta=data\\v1.xml"),
            ("out=1.xml", None, "out=1.xml"),
            ("dir/v1.0=x.xml", None, "dir/v1.0=x.xml"),
            ("beta=", None, "beta="),
            ("v=x.xml", None, "v=x.xml"),
            ("v1.=x.xml", None, "v1.=x.xml"),
            ("Beta=x.xml", None, "Beta=x.xml"),
        ];
        for &(arg, version, file) in cases {
            assert_eq!(
                parse_versioned(arg),
                (version.map(str::to_string), PathBuf::from(file)),
                "{arg}"
            );
        }
    }

    // --- applying ---

    #[test]
    fn a_glob_with_a_slash_matches_the_path_below_the_config_folder() {
        let c = config(
            "[[suppress]]\npaths = [\"./docs/beta/api/intune-*.md\"]\nreason = \"generated\"\n",
        );
        assert_eq!(c.suppressions()[0].paths(), ["docs/beta/api/intune-*.md"]);
        assert_eq!(c.suppressions()[0].reason(), "generated");
        let kept = kept(
            &c,
            Code::RequestWithoutResponse,
            &[
                "docs/beta/api/intune-a.md",
                "/proj/docs/beta/api/intune-b.md",
                "docs/beta/api/sub/intune-c.md",
                "docs/beta/api/user-get.md",
                "docs/beta/api/intune-d.MD",
            ],
            "/proj",
        );
        assert_eq!(
            kept,
            [
                "docs/beta/api/sub/intune-c.md",
                "docs/beta/api/user-get.md",
                "docs/beta/api/intune-d.MD",
            ]
        );
    }

    #[test]
    fn relative_finding_paths_are_taken_from_the_base_folder() {
        let c = config("[[suppress]]\npaths = [\"docs/**/x.md\"]\nreason = \"r\"\n");
        let kept = kept(
            &c,
            Code::BodyNotStrictJson,
            &["beta/api/x.md", "../other/beta/api/x.md"],
            "/proj/docs",
        );
        assert_eq!(kept, ["../other/beta/api/x.md"]);
    }

    #[test]
    fn a_glob_also_matches_the_page_key_form_from_the_version_folder_on() {
        let c = config("[[suppress]]\npaths = [\"beta/api/intune-*.md\"]\nreason = \"r\"\n");
        let kept = kept(
            &c,
            Code::RequestWithoutResponse,
            &[
                "/proj/api-reference/beta/api/intune-a.md",
                "/corpus/graph-docs/beta/api/intune-b.md",
                "/proj/api-reference/v1.0/api/intune-c.md",
                "/proj/beta/api/intune-d.md",
                "/proj/notbeta/api/intune-e.md",
            ],
            "/",
        );
        assert_eq!(
            kept,
            [
                "/proj/api-reference/v1.0/api/intune-c.md",
                "/proj/notbeta/api/intune-e.md",
            ]
        );
    }

    #[test]
    fn a_glob_without_a_slash_matches_the_file_name_in_any_folder() {
        let c = config("[[suppress]]\npaths = [\"intune-*.md\"]\nreason = \"r\"\n");
        let kept = kept(
            &c,
            Code::RequestWithoutResponse,
            &[
                "/proj/intune-a.md",
                "/proj/v1.0/api/intune-b.md",
                "/elsewhere/intune-c.md",
                "/proj/intune-d/user.md",
            ],
            "/proj",
        );
        assert_eq!(kept, ["/proj/intune-d/user.md"]);
    }

    #[test]
    fn a_suppression_with_codes_keeps_other_codes() {
        let c = config(
            "[[suppress]]\ncodes = [\"MC3001\", \"mc3002\"]\npaths = [\"**/*.md\"]\nreason = \"r\"\n",
        );
        let findings = vec![
            finding(Code::RequestWithoutResponse, "a.md"),
            finding(Code::BodyNotStrictJson, "a.md"),
            finding(Code::ResponseWithoutRequest, "b.md"),
            finding(Code::RequestWithoutResponse, "c.txt"),
        ];
        let applied = c.apply(findings, Path::new("/proj"));
        assert_eq!(applied.suppressed, 2);
        let kept: Vec<(Code, &str)> = applied
            .kept
            .iter()
            .map(|f| (f.code, f.file.as_str()))
            .collect();
        assert_eq!(
            kept,
            [
                (Code::BodyNotStrictJson, "a.md"),
                (Code::RequestWithoutResponse, "c.txt"),
            ]
        );
    }

    #[test]
    fn severity_overrides_change_the_severity_and_off_drops_the_finding() {
        let c = config(
            "[severity]\nMC2001 = \"error\"\nMC3002 = \"note\"\nMC3001 = \"off\"\n\
             [[suppress]]\ncodes = [\"MC2001\"]\npaths = [\"skip.md\"]\nreason = \"r\"\n",
        );
        let findings = vec![
            finding(Code::BodyNotStrictJson, "a.md"),
            finding(Code::RequestWithoutResponse, "a.md"),
            finding(Code::ResponseWithoutRequest, "a.md"),
            finding(Code::BodyNotStrictJson, "skip.md"),
            finding(Code::UnclosedFence, "a.md"),
        ];
        let applied = c.apply(findings, Path::new("/proj"));
        assert_eq!(applied.suppressed, 2);
        let kept: Vec<(Code, Severity)> =
            applied.kept.iter().map(|f| (f.code, f.severity)).collect();
        assert_eq!(
            kept,
            [
                (Code::BodyNotStrictJson, Severity::Error),
                (Code::ResponseWithoutRequest, Severity::Note),
                (Code::UnclosedFence, Severity::Error),
            ]
        );
    }

    #[test]
    fn the_default_config_keeps_every_finding_as_it_is() {
        let findings = vec![
            finding(Code::BodyNotStrictJson, "a.md"),
            finding(Code::UnclosedFence, "b.md"),
        ];
        let applied = Config::default().apply(findings.clone(), Path::new("."));
        assert_eq!(
            applied,
            Applied {
                kept: findings,
                suppressed: 0
            }
        );
    }

    // --- helpers ---

    #[test]
    fn suggestions_are_close_or_a_prefix_and_never_far_fetched() {
        assert_eq!(
            crate::suggest::did_you_mean("suppres", TOP_KEYS.iter().copied()),
            Some("suppress")
        );
        assert_eq!(
            crate::suggest::did_you_mean("Metadata", TOP_KEYS.iter().copied()),
            Some("metadata")
        );
        assert_eq!(
            crate::suggest::did_you_mean("perm", TOP_KEYS.iter().copied()),
            Some("permissions")
        );
        assert_eq!(
            crate::suggest::did_you_mean("colors", TOP_KEYS.iter().copied()),
            None
        );
        assert_eq!(
            crate::suggest::did_you_mean("x", LEVELS.iter().copied()),
            None
        );
    }

    #[test]
    fn versions_look_like_graph_versions() {
        for v in ["v1.0", "beta", "v2", "v1.0-preview", "alpha"] {
            assert!(crate::graph::is_version(v), "{v}");
        }
        for v in ["", "v", "v1.", "1.0", "V1.0", "api", "v1.0-", "C:\\x", "*"] {
            assert!(!crate::graph::is_version(v), "{v}");
        }
    }

    #[test]
    fn a_metadata_folder_names_a_file_per_version() {
        let dir = tempfile::tempdir().expect("temp dir");
        for f in [
            "beta.csdl.xml",
            "v1.0.csdl.xml",
            "v1.0.permissions.xml",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(f), "").expect("write");
        }
        let c = Config::from_metadata_dir(dir.path());
        assert_eq!(
            c.metadata_for(Some("beta")),
            [dir.path().join("beta.csdl.xml")]
        );
        assert_eq!(
            c.metadata_for(Some("v1.0")),
            [dir.path().join("v1.0.csdl.xml")]
        );
        assert_eq!(
            c.permissions_for(Some("v1.0")),
            [dir.path().join("v1.0.permissions.xml")]
        );
        assert!(c.permissions_for(Some("beta")).is_empty());
    }
}
