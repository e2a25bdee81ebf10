//! An insta snapshot per example: of the normalised exchange ([`snapshot`],
//! stub mode), or of the response's shape ([`shape_snapshot`], live mode: keys
//! and JSON types, volatile values redacted, see
//! [`crate::replay::live::shape`]). Live snapshots belong under their own
//! root, so that they never mix with stub ones. With a [`Redactor`], the text
//! is redacted before insta sees it (insta prints it, and writes it).
//!
//! Snapshots live under `<root>/<page path>/<example name>.snap`: one folder
//! per page, because insta lists a snapshot's folder on every assertion and
//! ten thousand files in one folder make a run quadratic. Every snapshot is
//! named explicitly. insta's own workflow applies: a new or changed snapshot
//! is written as `.snap.new` for `cargo insta review` and fails the example;
//! with `CI=true` nothing is written and a missing snapshot fails.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use super::exchange::{Exchange, ReplayCheck};
use crate::outcome::Code;
use crate::outcome::Finding;
use crate::replay::live::Redactor;
use crate::replay::live::shape::shape_text;
use crate::replay::render::exchange_text;

/// The snapshot check, rooted at a folder.
#[derive(Debug, Clone)]
pub struct Snapshot {
    root: PathBuf,
    /// Pin the response's shape rather than the exchange.
    shape: bool,
    redactor: Option<Redactor>,
}

/// Snapshots of the exchange under `root` (made absolute against the current
/// directory, so that insta does not resolve it against the source file of
/// the check).
pub fn snapshot(root: impl AsRef<Path>) -> Snapshot {
    let root = root.as_ref();
    let root = if root.is_absolute() {
        root.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(root))
            .unwrap_or_else(|_| root.to_path_buf())
    };
    Snapshot {
        root,
        shape: false,
        redactor: None,
    }
}

/// Snapshots of the response's shape under `root` (live mode).
pub fn shape_snapshot(root: impl AsRef<Path>) -> Snapshot {
    Snapshot {
        shape: true,
        ..snapshot(root)
    }
}

impl Snapshot {
    /// Masks the secrets `redactor` knows in the snapshot text. Default: none.
    pub fn with_redactor(mut self, redactor: Redactor) -> Self {
        self.redactor = Some(redactor);
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder and the snapshot name of an example.
    pub fn place_of(&self, page: &str, example_name: &str) -> (PathBuf, String) {
        let mut dir = self.root.clone();
        for part in page
            .split('/')
            .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        {
            dir.push(file_safe(part));
        }
        (dir, file_safe(example_name))
    }
}

/// `CI=true` (or `1`): the harness's mode where snapshots are read only
/// (and where this repository's gated tests fail instead of being ignored).
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// Whether a stored insta snapshot file holds `text` (its contents follow
/// the second `---` line; line endings and surrounding blank lines aside,
/// as insta compares them).
fn same_contents(stored: &str, text: &str) -> bool {
    let stored = stored.replace("\r\n", "\n");
    let body = stored
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(stored.as_str(), |(_, body)| body);
    let norm = |t: &str| t.replace("\r\n", "\n").trim_matches('\n').to_string();
    norm(body) == norm(text)
}

/// `path` relative to the current directory when it is below it.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Keeps letters, digits and `-_.~`; anything else becomes `_`.
pub fn file_safe(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with('.') {
        format!("_{s}")
    } else {
        s
    }
}

impl ReplayCheck for Snapshot {
    fn check(&self, x: &Exchange<'_>, out: &mut Vec<Finding>) {
        let id = x.example.id.as_str();
        let (page, name) = id.split_once('#').unwrap_or((id, id));
        let (dir, name) = self.place_of(page, name);
        let file = dir.join(format!("{name}.snap"));
        let existed = file.is_file();
        let mut text = if self.shape {
            shape_text(x.prepared, x.observed)
        } else {
            exchange_text(x.prepared, x.observed)
        };
        if let Some(r) = &self.redactor {
            text = r.redact(&text).into_owned();
        }
        // Under CI nothing is written or accepted, whatever INSTA_UPDATE or
        // INSTA_FORCE_PASS say (insta lets them override CI): the stored
        // snapshot is compared here and insta is not called.
        if under_ci() {
            let message = match std::fs::read_to_string(&file) {
                Err(_) => Some(format!(
                    "snapshot {} is missing (with CI set, snapshots are never written)",
                    shown(&file)
                )),
                Ok(stored) if same_contents(&stored, &text) => None,
                Ok(_) => Some(format!(
                    "exchange differs from snapshot {} (with CI set, snapshots are never written or accepted; run without CI for insta's diff)",
                    shown(&file)
                )),
            };
            if let Some(message) = message {
                out.push(x.finding(Code::ReplaySnapshot, x.request_span(), message));
            }
            return;
        }
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(&dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(format!(
            "{}:{} {}",
            x.source.display_path(),
            x.example.request.place.at.line,
            id
        ));
        let verdict = std::panic::catch_unwind(AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(name.as_str(), text.as_str()));
        }));
        if verdict.is_ok() {
            return;
        }
        let pending = dir.join(format!("{name}.snap.new"));
        let (file, pending_shown) = (shown(&file), shown(&pending));
        let message = match (existed, pending.is_file()) {
            (false, true) => format!(
                "new snapshot {pending_shown}: review it with `cargo insta review`, or read it and rename it to .snap"
            ),
            (false, false) => {
                format!("snapshot {file} is missing (with CI set, snapshots are never written)")
            }
            (true, true) => format!(
                "exchange differs from snapshot {file} (insta printed the diff; the new version is {pending_shown})"
            ),
            (true, false) => {
                format!("exchange differs from snapshot {file} (insta printed the diff)")
            }
        };
        out.push(x.finding(Code::ReplaySnapshot, x.request_span(), message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_file_safe() {
        assert_eq!(file_safe("get_user~2"), "get_user~2");
        assert_eq!(file_safe("a b/c:d"), "a_b_c_d");
        assert_eq!(file_safe(".."), "_..");
        assert_eq!(file_safe(""), "_");
    }

    #[test]
    fn stored_contents_are_compared_without_the_header() {
        let stored = "---\nsource: x\ndescription: \"a:1 b\"\n---\nGET /x\n\n200 OK\n";
        assert!(same_contents(stored, "GET /x\n\n200 OK"));
        assert!(same_contents(
            &stored.replace('\n', "\r\n"),
            "GET /x\n\n200 OK\n"
        ));
        assert!(!same_contents(stored, "GET /x\n\n404 Not Found"));
        assert!(!same_contents(stored, "GET /x"));
    }

    #[test]
    fn one_folder_per_page() {
        let s = snapshot("/tmp/snaps");
        let (dir, name) = s.place_of("v1.0/api/user-get", "get user");
        assert_eq!(dir, Path::new("/tmp/snaps/v1.0/api/user-get"));
        assert_eq!(name, "get_user");
    }
}
