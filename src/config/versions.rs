//! Metadata and permission files per API version: which source names which
//! file for which version, and the `--metadata [VERSION=]FILE` argument.

use std::path::{Path, PathBuf};

use super::paths::absolute;

/// Files per API version, from each source that can name them. A key of
/// `None` applies to every version.
#[derive(Debug, Clone, Default)]
pub(super) struct Versioned {
    /// From `--metadata`/`--permissions` flags, paths made absolute.
    flags: Vec<(Option<String>, PathBuf)>,
    /// From the config file, paths made absolute.
    file: Vec<(Option<String>, PathBuf)>,
}

impl Versioned {
    /// The entries of the config file.
    pub(super) fn from_file(file: Vec<(Option<String>, PathBuf)>) -> Versioned {
        Versioned {
            flags: Vec::new(),
            file,
        }
    }

    /// Adds flag entries; relative paths are relative to the current folder.
    pub(super) fn add_flags(&mut self, flags: Vec<(Option<String>, PathBuf)>) {
        self.flags
            .extend(flags.into_iter().map(|(v, p)| (v, absolute(&p))));
    }

    /// The files of the first source, in precedence order, that names
    /// `version` or every version: those for `version` first, then those for
    /// every version, each in the order given, without repeats.
    pub(super) fn for_version(&self, version: Option<&str>) -> Vec<PathBuf> {
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
    pub(super) fn versions(&self) -> impl Iterator<Item = Option<&str>> {
        self.flags
            .iter()
            .chain(&self.file)
            .map(|(v, _)| v.as_deref())
    }
}

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

/// The files of a folder laid out as `<version>.csdl.xml` and
/// `<version>.permissions.xml`, sorted by name: (metadata, permissions), each
/// keyed by its version. An unreadable folder names no file.
pub(super) fn read_metadata_dir(dir: &Path) -> MetadataDir {
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
    (csdl, permissions)
}

/// Metadata files and permission files, each keyed by version.
pub(super) type MetadataDir = (
    Vec<(Option<String>, PathBuf)>,
    Vec<(Option<String>, PathBuf)>,
);
