//! The file as written: its keys checked with places and suggestions, the
//! serde structs, and their resolution into a [`Config`] (versions checked,
//! codes looked up, globs compiled, paths made absolute).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use globset::{GlobBuilder, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use super::error::ConfigErrorKind;
use super::paths::absolute;
use super::settings::Config;
use super::suppress::{LEVELS, Level, Suppression};
use super::versions::Versioned;
use crate::outcome::Code;

pub(super) const TOP_KEYS: &[&str] = &[
    "metadata",
    "permissions",
    "severity",
    "suppress",
    "placeholders",
];
pub(super) const SUPPRESS_KEYS: &[&str] = &["codes", "paths", "reason"];

/// The file as serde reads it, before anything is resolved.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
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

pub(super) type Located = (Range<usize>, ConfigErrorKind);

/// Checks the keys before serde sees them, so that an unknown key is named
/// with its own place, the keys expected and a suggestion, and a
/// `[[suppress]]` without `paths` or `reason` gets advice rather than
/// `missing field`. The serde structs deny unknown fields too, as a backstop.
pub(super) fn check_keys(root: &Spanned<DeTable<'_>>) -> Result<(), Located> {
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
pub(super) fn resolve_raw(raw: RawConfig, dir: &Path) -> Result<Config, Located> {
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
        metadata: Versioned::from_file(metadata),
        permissions: Versioned::from_file(permissions),
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
