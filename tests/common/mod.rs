//! Shared by the test binaries: running the binary (`cli`), `mdcontract
//! serve`, the corpus and its gates (`gate`).

#![allow(dead_code)] // each test binary uses its own part

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub mod cli;
pub mod gate;

use gate::Missing;

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mdcontract"))
}

pub fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("specs")
}

/// `--metadata` arguments for both versions of the specs' own metadata.
pub fn specs_metadata() -> Vec<String> {
    ["v1.0", "beta"]
        .iter()
        .flat_map(|v| {
            [
                "--metadata".to_string(),
                format!(
                    "{v}={}",
                    specs().join(format!("metadata/{v}.csdl.xml")).display()
                ),
            ]
        })
        .collect()
}

/// A running `serve`, killed when dropped.
pub struct Served {
    child: Child,
    pub url: String,
}

impl Served {
    /// `mdcontract serve PATHS --port 0 --journal JOURNAL EXTRA...`, ready
    /// once it has printed its URL.
    pub fn start(paths: &[PathBuf], journal: &Path, extra: &[String]) -> Served {
        let mut child = bin()
            .arg("serve")
            .args(paths)
            .args(["--port", "0", "--journal"])
            .arg(journal)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("serve prints its URL");
        let url = line.trim().to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "printed {line:?}");
        Served { child, url }
    }

    /// SIGTERM, then the exit status.
    pub fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let killed = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(killed.is_ok_and(|s| s.success()));
        let status = self.child.wait().expect("serve exits");
        std::mem::forget(self);
        status
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The JavaScript SDK's folder (tests/sdk-js).
pub fn js_sdk_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk-js")
}

/// What the SDK tests over the real corpus serve: the corpus's `v1.0` and
/// `beta` folders and `--metadata` arguments for both CSDL files, from
/// `MDCONTRACT_CORPUS` and `MDCONTRACT_METADATA` (missing when either is not
/// set: see [`gate`]).
pub fn corpus_served_inputs() -> Result<(Vec<PathBuf>, Vec<String>), Missing> {
    let corpus = gate::corpus()?;
    let metadata = gate::metadata()?;
    let docs: Vec<PathBuf> = ["v1.0", "beta"].iter().map(|v| corpus.join(v)).collect();
    for d in &docs {
        assert!(d.is_dir(), "{} is not a directory", d.display());
    }
    let args = ["v1.0", "beta"]
        .iter()
        .flat_map(|v| {
            let file = metadata.join(format!("{v}.csdl.xml"));
            assert!(file.is_file(), "{} is missing", file.display());
            ["--metadata".to_string(), format!("{v}={}", file.display())]
        })
        .collect();
    Ok((docs, args))
}

/// Runs `verify --format json` on `journal` against `docs`, matching every
/// request again, and asserts that none is unmatched, that the journal has
/// at least `min_requests` requests and that verify exits 0.
pub fn assert_journal_all_matched(
    journal: &Path,
    docs: &[PathBuf],
    metadata_args: &[String],
    min_requests: usize,
) {
    let mut verify = bin();
    verify
        .args(["verify", "--format", "json", "--journal"])
        .arg(journal)
        .args(metadata_args);
    for d in docs {
        verify.arg("--docs").arg(d);
    }
    let out = verify.output().expect("verify runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let summary = lines
        .iter()
        .rev()
        .find(|v| v["kind"] == "summary")
        .unwrap_or_else(|| panic!("verify printed no summary:\n{text}\n{out:?}"));
    let unmatched: Vec<String> = lines
        .iter()
        .filter(|v| v["kind"] == "unmatched")
        .map(ToString::to_string)
        .collect();
    assert_eq!(summary["unmatched"], 0, "{}", unmatched.join("\n"));
    assert!(
        summary["requests"].as_u64().unwrap_or(0) >= min_requests as u64,
        "{summary}"
    );
    assert_eq!(out.status.code(), Some(0), "{summary}");
}
