//! SDK conformance, Python half: the official Microsoft Graph Python SDK
//! (`msgraph-sdk`, and `msgraph-beta-sdk` for beta; nobody here wrote them)
//! is pointed at `mdcontract serve` over the real Graph reference corpus and
//! makes documented calls as application code (tests/sdk-py/conformance.py):
//! OData query options, URL forms listed only under `## HTTP request`, drive
//! path addressing, uploads and downloads, actions, functions, `$ref`, delta,
//! `If-Match`, and `$batch`. Every call must get the documented shape back,
//! and `verify` must find no request the docs do not answer.
//!
//! Needs Python ≥ 3.11 with venv and pip; the SDK is installed from
//! tests/sdk-py/requirements.txt into tests/sdk-py/.venv when missing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use common::{Served, assert_journal_all_matched, corpus_served_inputs};

/// At least this many SDK calls must run.
const MIN_CALLS: usize = 45;

fn sdk_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk-py")
}

fn venv_python() -> PathBuf {
    sdk_dir().join(".venv/bin/python")
}

/// Creates the venv and installs the pinned SDK unless it is there already.
fn ensure_venv() {
    let python = venv_python();
    let ready = python.is_file()
        && Command::new(&python)
            .args([
                "-c",
                "import msgraph, msgraph_beta, msgraph_core, deprecated",
            ])
            .status()
            .is_ok_and(|s| s.success());
    if ready {
        return;
    }
    let dir = sdk_dir();
    let status = Command::new("python3")
        .args(["-m", "venv", ".venv"])
        .current_dir(&dir)
        .status()
        .unwrap_or_else(|e| {
            panic!("this test needs python3 with venv (apt-get install python3-venv): {e}")
        });
    assert!(
        status.success(),
        "python3 -m venv in {} failed",
        dir.display()
    );
    let status = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            "requirements.txt",
        ])
        .current_dir(&dir)
        .status()
        .expect("pip runs");
    assert!(
        status.success(),
        "pip install -r requirements.txt in {} failed",
        dir.display()
    );
}

#[test]
fn the_official_python_sdk_gets_the_documented_answers_from_the_graph_corpus() {
    let Some((docs, metadata)) = corpus_served_inputs("sdk_python") else {
        return;
    };
    let corpus = docs[0].parent().expect("the corpus folder").to_path_buf();
    ensure_venv();

    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let served = Served::start(&docs, &journal, &metadata);
    let out = Command::new(venv_python())
        .arg(sdk_dir().join("conformance.py"))
        .arg(&served.url)
        .output()
        .expect("the venv's python runs");
    assert!(served.stop().success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let results: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("conformance.py printed no JSON ({e}):\n{stdout}\n{stderr}"));
    let results = results.as_object().expect("a JSON object of calls");

    // Enough calls, over enough areas.
    assert!(
        results.len() >= MIN_CALLS,
        "only {} SDK calls ran (at least {MIN_CALLS} expected)",
        results.len()
    );
    let areas: std::collections::BTreeSet<&str> = results
        .values()
        .filter_map(|r| r["area"].as_str())
        .collect();
    assert!(areas.len() >= 10, "only {} areas: {areas:?}", areas.len());

    // Every call names the page that documents it: a reference page of the
    // corpus (`v1.0/api/...`, `beta/api/...`), or, for `$batch`, which no
    // reference page documents, the Graph concept page on JSON batching.
    let pages: Vec<String> = results
        .iter()
        .filter_map(|(name, r)| {
            let page = r["page"].as_str().unwrap_or("");
            let known = if page.starts_with("v1.0/") || page.starts_with("beta/") {
                corpus.join(page).is_file()
            } else {
                r["area"] == "batch" && page == "graph-concepts-2021/json-batching.md"
            };
            (!known).then(|| format!("{name}: {page:?}"))
        })
        .collect();
    assert!(
        pages.is_empty(),
        "calls whose page is not in {}:\n{}",
        corpus.display(),
        pages.join("\n")
    );

    // Every call got the documented answer.
    let failed: Vec<String> = results
        .iter()
        .filter(|(_, r)| r["ok"] != Value::Bool(true))
        .map(|(name, r)| {
            format!(
                "{name} [{}] {}: {}\n    sent: {}",
                r["area"].as_str().unwrap_or("?"),
                r["page"].as_str().unwrap_or("?"),
                r["error"].as_str().unwrap_or("?"),
                r["sent"]
            )
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} SDK calls failed:\n{}\n{stderr}",
        failed.len(),
        results.len(),
        failed.join("\n")
    );
    assert!(
        out.status.success(),
        "conformance.py exited {:?}:\n{stderr}",
        out.status
    );

    // And verify, matching the journal again against the docs, agrees.
    assert_journal_all_matched(&journal, &docs, &metadata, MIN_CALLS);
}
