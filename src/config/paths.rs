//! Paths as the configuration compares them: made absolute without touching
//! the filesystem, and the forms a page's path is matched in by
//! `[[suppress]]` globs.

use std::path::{Component, Path, PathBuf};

/// The forms a page's path is matched in (see the `config` module docs): relative to
/// `dir` (or absolute without the root when outside it), then from each
/// version folder on.
pub(super) fn path_forms(file: &Path, dir: &Path) -> Vec<String> {
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

/// `path` made absolute against the current folder and normalized lexically
/// (`.` dropped, `..` applied), without touching the filesystem, so that
/// symbolic links do not change which config folder a page is under.
pub(super) fn absolute(path: &Path) -> PathBuf {
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
