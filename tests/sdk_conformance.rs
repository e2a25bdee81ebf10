//! SDK conformance: the official Microsoft Graph JavaScript SDK
//! (`@microsoft/microsoft-graph-client`, which nobody here wrote) is pointed
//! at `mdcontract serve` over `specs/` and makes the documented widget calls
//! through its own fluent API (tests/sdk-js/conformance.mjs). The SDK must
//! get the documented objects back, and `verify` must report every example
//! of those pages exercised and no mismatch.
//!
//! Needs Node.js ≥ 18 and the SDK installed from the lock file into
//! tests/sdk-js/node_modules (`cd tests/sdk-js && npm ci`; `.ci/run` does it):
//! without them the test is ignored and says so.

// Test functions without `#[test]` (a libtest-mimic harness, see
// tests/common/gate.rs): clippy.toml's allow-unwrap-in-tests does not see
// them as tests.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use common::gate::{self, Gated};
use common::{Served, bin, js_sdk_dir, specs, specs_metadata};

/// The pages the SDK calls are written for.
fn sdk_pages() -> Vec<PathBuf> {
    ["get", "list", "create", "update", "delete"]
        .iter()
        .map(|p| specs().join(format!("v1.0/api/widget-{p}.md")))
        .collect()
}

/// The documented response body of example `name` on `page`.
fn documented_response(page: &Path, name: &str) -> Value {
    let out = bin()
        .args(["extract", "--format", "json"])
        .arg(page)
        .output()
        .expect("extract runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let example = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line"))
        .find(|l| l["kind"] == "example" && l["name"] == name)
        .unwrap_or_else(|| panic!("{name} not extracted from {}", page.display()));
    example["response"]["body"]["value"].clone()
}

fn the_official_javascript_sdk_gets_the_documented_objects_and_covers_every_example() -> Gated {
    gate::js_sdk()?;
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    // The whole of specs/ is served, as an SDK team would serve its docs.
    let served = Served::start(&[specs()], &journal, &specs_metadata());
    let base = served.url.clone();
    let out = Command::new("node")
        .arg(js_sdk_dir().join("conformance.mjs"))
        .arg(&served.url)
        .output()
        .unwrap_or_else(|e| panic!("this test needs Node.js ≥ 18 (apt-get install nodejs): {e}"));
    assert!(served.stop().success());
    assert!(
        out.status.success(),
        "the SDK failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();

    // What the SDK returned is what the pages document, but for a next
    // link, which points at the server the SDK called, as Graph's point at
    // Graph.
    let page = |p: &str| specs().join(format!("v1.0/api/widget-{p}.md"));
    for (p, name) in [
        ("get", "get_widget"),
        ("list", "list_widgets_filter"),
        ("list", "list_widgets_newest"),
        ("create", "create_widget_from_widgetcatalog"),
    ] {
        let mut documented = documented_response(&page(p), name);
        assert!(documented.is_object(), "{name}: {documented}");
        if let Some(Value::String(next)) = documented.get_mut("@odata.nextLink") {
            *next = next.replace("https://graph.microsoft.com", &base);
        }
        assert_eq!(results[name], documented, "{name}");
    }
    assert_eq!(results["update_widget"], Value::Null);
    assert_eq!(results["delete_widget"], Value::Null);

    // Every example of those pages exercised, nothing unmatched.
    let mut verify = bin();
    verify
        .args(["verify", "--format", "json", "--journal"])
        .arg(&journal)
        .args(specs_metadata());
    for p in sdk_pages() {
        verify.arg("--docs").arg(p);
    }
    let out = verify.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}\n{out:?}");
    let summary: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["requests"], 6, "{text}");
    assert_eq!(summary["unmatched"], 0, "{text}");
    assert_eq!(summary["examples"], 6, "{text}");
    assert_eq!(summary["exercised"], 6, "{text}");
    Ok(())
}

gated_tests!(the_official_javascript_sdk_gets_the_documented_objects_and_covers_every_example);
