//! Escaping for HTML text and attribute values, and links to page files.
//!
//! Everything a report shows comes from pages, metadata or a service, and a
//! page can hold `<script>`: every text goes through [`push_text`] or
//! [`push_attr`], whatever its origin. The page's Content-Security-Policy
//! only lets the report's own script run (by its hash), so a miss here would
//! still not execute.

use std::path::{Component, Path, PathBuf};

/// Appends `s` escaped for element content. The XML reporters' escaping
/// (`&`, `<`, `>`, and characters XML forbids made visible as `\u{..}`) is
/// valid HTML too, so the reports share one escaper.
pub fn push_text(out: &mut String, s: &str) {
    crate::report::xml::push_text(out, s);
}

/// Appends `s` escaped for a double- or single-quoted attribute value.
pub fn push_attr(out: &mut String, s: &str) {
    crate::report::xml::push_attr(out, s);
}

/// `s` escaped for element content.
#[cfg(test)]
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// How the report links to the files its rows name.
///
/// Links are relative to the report's folder, so that a report moved with
/// the pages it describes (a CI artifact next to a checkout) still opens
/// them. Without a folder, a file's path is used as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// The report's folder, absolute.
    report_dir: Option<PathBuf>,
    /// What relative file names are relative to, absolute.
    cwd: PathBuf,
}

impl Links {
    /// Links from a report written at `report` (relative to `cwd`, or
    /// absolute) to files named relative to `cwd`.
    pub fn for_report(report: &Path, cwd: &Path) -> Self {
        let report = normalize(&cwd.join(report));
        Links {
            report_dir: report.parent().map(Path::to_path_buf),
            cwd: cwd.to_path_buf(),
        }
    }

    /// The `href` of `file` (a page path as a finding names it).
    pub fn href(&self, file: &str) -> Option<String> {
        if file.is_empty() {
            return None;
        }
        let Some(dir) = &self.report_dir else {
            return Some(encode(Path::new(file)));
        };
        let target = normalize(&self.cwd.join(file));
        Some(encode(&relative(dir, &target)))
    }
}

/// `path` with `.` dropped and `..` applied, without touching the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

/// The path from folder `from` to `to`, both absolute and normalised.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to_parts: Vec<Component> = to.components().collect();
    // Different roots (another drive): only an absolute link can work.
    if from.first() != to_parts.first() {
        return to.to_path_buf();
    }
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to_parts[common..] {
        out.push(c.as_os_str());
    }
    out
}

/// A path as a URL reference: `/`-separated, each segment percent-encoded
/// where a URL would misread it; absolute paths become `file://` URLs.
fn encode(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text.as_str();
    if text.starts_with('/') {
        out.push_str("file://");
    } else if text.as_bytes().get(1) == Some(&b':') && text.is_char_boundary(2) {
        // A drive letter (`C:/...`).
        out.push_str("file:///");
        out.push_str(&text[..2]);
        rest = &text[2..];
    }
    // `:` is encoded too: in a relative reference's first segment it would
    // read as a scheme.
    for b in rest.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let hostile = "<script>alert('x')</script> & \"q\"";
        assert_eq!(
            text(hostile),
            "&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"q\""
        );
        let mut a = String::new();
        push_attr(&mut a, hostile);
        assert!(!a.contains(['<', '>', '"', '\'']), "{a}");
    }

    #[test]
    fn links_are_relative_to_the_report_folder() {
        let links = Links::for_report(Path::new("out/r.html"), Path::new("/repo"));
        assert_eq!(
            links.href("specs/v1.0/api/a b#.md").as_deref(),
            Some("../specs/v1.0/api/a%20b%23.md")
        );
        assert_eq!(
            links.href("/repo/out/x.md").as_deref(),
            Some("x.md"),
            "an absolute file under the report's folder"
        );
        assert_eq!(
            links.href("../other/y.md").as_deref(),
            Some("../../other/y.md")
        );
        let plain = Links::default();
        assert_eq!(plain.href("a/b.md").as_deref(), Some("a/b.md"));
        assert_eq!(plain.href("/abs/b.md").as_deref(), Some("file:///abs/b.md"));
        assert_eq!(plain.href(""), None);
    }
}
