//! SDK conformance, Python half: the official Microsoft Graph Python SDK
//! (`msgraph-sdk`, and `msgraph-beta-sdk` for beta; nobody here wrote them)
//! is pointed at `mdcontract serve` over the real Graph reference corpus and
//! makes documented calls as application code (tests/sdk-py/conformance.py):
//! OData query options, URL forms listed only under `## HTTP request`, drive
//! path addressing, uploads and downloads, actions, functions, `$ref`, delta,
//! `If-Match`, and `$batch`. Every call must get the documented shape back,
//! and `verify` must find no request the docs do not answer.
//!
//! Needs the SDK installed from tests/sdk-py/requirements.txt into the venv
//! tests/sdk-py/.venv (Python ≥ 3.11; `.ci/run` does it): without it the
//! test is ignored and says how (under `CI=true` it fails).

// Test functions without `#[test]` (a libtest-mimic harness, see
// tests/common/gate.rs): clippy.toml's allow-unwrap-in-tests does not see
// them as tests.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use common::gate::{self, Gated};
use common::{Served, assert_journal_all_matched, corpus_served_inputs};

/// At least this many SDK calls must run.
const MIN_CALLS: usize = 45;

fn sdk_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk-py")
}

fn the_official_python_sdk_gets_the_documented_answers_from_the_graph_corpus() -> Gated {
    let (docs, metadata) = corpus_served_inputs()?;
    let python = gate::py_sdk()?;
    let corpus = docs[0].parent().expect("the corpus folder").to_path_buf();

    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let served = Served::start(&docs, &journal, &metadata);
    let out = Command::new(python)
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
    Ok(())
}

gated_tests!(the_official_python_sdk_gets_the_documented_answers_from_the_graph_corpus);
