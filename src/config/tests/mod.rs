//! Tests of the configuration: the default file, and the helpers the tests
//! of loading, versions and suppression share.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::paths::absolute;
use super::raw::TOP_KEYS;
use super::suppress::LEVELS;
use super::*;
use crate::outcome::{Code, Finding, Severity};
use crate::source::{LineCol, SourceFile, Span};

mod load;
mod suppress;
mod versions;

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
