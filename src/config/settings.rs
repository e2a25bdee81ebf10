//! The resolved configuration, [`Config`], and what the rest of the crate
//! asks of it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::suppress::{self as suppress_findings};
use super::suppress::{Applied, Level, Suppression};
use super::versions::{self, Versioned};
use crate::outcome::{Code, Finding};

/// The default configuration as a commented `mdcontract.toml`, every setting
/// explained. It parses to [`Config::default`]; a future `init` command writes
/// it out.
pub const DEFAULT_CONFIG: &str = include_str!("../default-config.toml");

/// The resolved project configuration: codes looked up, globs compiled, paths
/// absolute. [`Config::default`] is the configuration without a file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The absolute folder of the file; empty for the default configuration.
    pub(super) dir: PathBuf,
    pub(super) metadata: Versioned,
    pub(super) permissions: Versioned,
    pub(super) severity: BTreeMap<Code, Level>,
    pub(super) suppress: Vec<Suppression>,
    pub(super) placeholders: BTreeMap<String, String>,
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
    /// [`parse_versioned`](super::parse_versioned): a version of `None` means every version. Relative
    /// paths are relative to the current folder. For each version, flags that
    /// name it (or every version) replace what the file says for it; the file
    /// still answers for the versions no flag covers.
    pub fn merge_cli(
        &mut self,
        metadata: Vec<(Option<String>, PathBuf)>,
        permissions: Vec<(Option<String>, PathBuf)>,
    ) {
        self.metadata.add_flags(metadata);
        self.permissions.add_flags(permissions);
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
        let (csdl, permissions) = versions::read_metadata_dir(dir);
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
        suppress_findings::apply(&self.suppress, &self.severity, &self.dir, findings, base)
    }
}
