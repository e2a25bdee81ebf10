//! SDK conformance over the real corpus: the official Microsoft Graph
//! JavaScript SDK (`@microsoft/microsoft-graph-client`) is pointed at
//! `mdcontract serve` over the Graph reference pages (v1.0 and beta, with
//! their OData metadata) and makes a long list of documented calls the way
//! application code writes them (tests/sdk-js/corpus.mjs): OData query
//! options the examples do not show, URL forms listed only in a page's
//! `## HTTP request` block, drive and site path addressing, typed bodies,
//! non-JSON uploads, binary downloads, `$batch` with dependsOn. Every call
//! must get the documented status and shape back, and `verify` must find no
//! request that matched nothing.
//!
//! Needs `MDCONTRACT_CORPUS` (the folder holding `v1.0/` and `beta/`),
//! `MDCONTRACT_METADATA` (the folder holding `v1.0.csdl.xml` and
//! `beta.csdl.xml`), Node.js ≥ 18 and the SDK installed from the lock file
//! into tests/sdk-js/node_modules (`cd tests/sdk-js && npm ci`): without
//! them the test is ignored and says so (under `CI=true` it fails).

// Test functions without `#[test]` (a libtest-mimic harness, see
// tests/common/gate.rs): clippy.toml's allow-unwrap-in-tests does not see
// them as tests.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use serde_json::Value;

use common::gate::{self, Gated};
use common::{Served, assert_journal_all_matched, corpus_served_inputs, js_sdk_dir};

/// The least number of calls corpus.mjs must make.
const MIN_CALLS: usize = 45;

fn the_official_javascript_sdk_makes_documented_calls_against_the_real_corpus() -> Gated {
    let (docs, metadata_args) = corpus_served_inputs()?;
    gate::js_sdk()?;
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let served = Served::start(&docs, &journal, &metadata_args);
    let out = Command::new("node")
        .arg(js_sdk_dir().join("corpus.mjs"))
        .arg(&served.url)
        .output()
        .unwrap_or_else(|e| panic!("this test needs Node.js ≥ 18 (apt-get install nodejs): {e}"));
    assert!(served.stop().success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let results: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("corpus.mjs printed no JSON ({e}):\n{stdout}\n{stderr}"));
    let results = results.as_object().expect("one object: call name → result");

    // Enough calls, across enough areas, each judged.
    assert!(
        results.len() >= MIN_CALLS,
        "{} calls, expected at least {MIN_CALLS}",
        results.len()
    );
    let mut areas: Vec<&str> = results
        .values()
        .map(|r| r["area"].as_str().expect("an area"))
        .collect();
    areas.sort_unstable();
    areas.dedup();
    assert!(areas.len() >= 10, "only {} areas: {areas:?}", areas.len());

    let failures: Vec<String> = results
        .iter()
        .filter(|(_, r)| r["ok"] != Value::Bool(true))
        .map(|(name, r)| {
            format!(
                "{name} [{}]: {}\n    {}",
                r["area"].as_str().unwrap_or(""),
                r["error"].as_str().unwrap_or("(no error given)"),
                r["requests"]
                    .as_array()
                    .map(|a| a
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join("\n    "))
                    .unwrap_or_default()
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} SDK calls failed:\n{}\n{stderr}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );
    assert!(
        out.status.success(),
        "corpus.mjs exited {:?}:\n{stderr}",
        out.status
    );

    // The journal, judged again against the pages as they are: nothing unmatched.
    assert_journal_all_matched(&journal, &docs, &metadata_args, MIN_CALLS);
    Ok(())
}

gated_tests!(the_official_javascript_sdk_makes_documented_calls_against_the_real_corpus);
