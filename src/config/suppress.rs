//! `[[suppress]]` entries and `[severity]` overrides, applied to findings.

use std::collections::BTreeMap;
use std::path::Path;

use globset::GlobSet;

use super::paths::{absolute, path_forms};
use crate::outcome::{Code, Finding, Severity};

/// The `[severity]` values, as written.
pub(super) const LEVELS: &[&str] = &["error", "warning", "note", "off"];

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
    pub(super) fn parse(s: &str) -> Option<Level> {
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
    pub(super) codes: Option<Vec<Code>>,
    pub(super) paths: Vec<String>,
    pub(super) reason: String,
    pub(super) globs: GlobSet,
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

/// Findings after [`Config::apply`](super::Config::apply).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// The findings that remain, in their order, with overridden severities.
    pub kept: Vec<Finding>,
    /// How many were dropped, by a `[[suppress]]` entry or an `off` severity.
    pub suppressed: usize,
}

/// `suppress`, then `severity`, applied to `findings` (see
/// [`Config::apply`](super::Config::apply)); `dir` is the config folder,
/// empty for the default configuration.
pub(super) fn apply(
    suppress: &[Suppression],
    severity: &BTreeMap<Code, Level>,
    dir: &Path,
    findings: Vec<Finding>,
    base: &Path,
) -> Applied {
    let base = absolute(base);
    let dir = if dir.as_os_str().is_empty() {
        &base
    } else {
        dir
    };
    let mut applied = Applied::default();
    for mut finding in findings {
        if !suppress.is_empty() {
            let forms = path_forms(&base.join(&finding.file), dir);
            if suppress.iter().any(|s| s.matches(finding.code, &forms)) {
                applied.suppressed += 1;
                continue;
            }
        }
        match severity.get(&finding.code).map(|l| l.severity()) {
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
