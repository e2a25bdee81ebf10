//! The JUnit XML that `check --junit` and `replay --junit` write is accepted
//! by the JUnit schema CI servers use: Jenkins' `junit-10.xsd` (MIT, Gregory
//! Boissinot; vendored in `tests/fixtures/` from the pytest 8.3.3 source
//! distribution, `testing/example_scripts/junit-10.xsd`, which its own test
//! suite validates against).
//!
//! The XSD validator is Python's `xmlschema` (`pip install xmlschema`, which
//! `.ci/run` does): Rust has no XSD validator that does not need libxml2.
//! Without it the tests are ignored and say so (under `CI=true` they fail).

// Test functions without `#[test]` (a libtest-mimic harness, see
// tests/common/gate.rs): clippy.toml's allow-unwrap-in-tests does not see
// them as tests.
#![allow(clippy::unwrap_used)]

mod common;

use common::cli::mdcontract;
use common::gate::{self, Gated};

use std::path::Path;
use std::process::Command;

/// Validates `xml` against the vendored schema; the error names the first
/// violation.
fn validate(xml: &Path) -> Result<(), String> {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/junit-10.xsd");
    let script = "import sys, xmlschema\nxmlschema.XMLSchema(sys.argv[1]).validate(sys.argv[2])\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&xsd)
        .arg(xml)
        .output()
        .map_err(|e| format!("python3 cannot run: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn check_junit_validates_against_junit_10_xsd() -> Gated {
    gate::xmlschema()?;
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("check.xml");
    mdcontract(&["check", "specs", "--junit", xml.to_str().unwrap()]);
    validate(&xml).unwrap();
    Ok(())
}

fn replay_junit_validates_against_junit_10_xsd() -> Gated {
    gate::xmlschema()?;
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("replay.xml");
    mdcontract(&["replay", "specs", "--junit", xml.to_str().unwrap()]);
    validate(&xml).unwrap();
    Ok(())
}

fn replay_junit_of_the_corpus_validates_against_junit_10_xsd() -> Gated {
    let corpus = gate::corpus()?;
    gate::xmlschema()?;
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("corpus.xml");
    mdcontract(&[
        "replay",
        &corpus.to_string_lossy(),
        "--junit",
        xml.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&xml).unwrap();
    assert!(
        text.matches("<testcase ").count() > 5000,
        "one test case per corpus example"
    );
    validate(&xml).unwrap();
    Ok(())
}

fn the_schema_check_rejects_a_broken_report() -> Gated {
    gate::xmlschema()?;
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("bad.xml");
    std::fs::write(
        &xml,
        "<testsuites><testsuite><testcase/></testsuite></testsuites>",
    )
    .unwrap();
    assert!(
        validate(&xml).is_err(),
        "a suite without name and tests must be rejected"
    );
    Ok(())
}

gated_tests!(
    check_junit_validates_against_junit_10_xsd,
    replay_junit_validates_against_junit_10_xsd,
    replay_junit_of_the_corpus_validates_against_junit_10_xsd,
    the_schema_check_rejects_a_broken_report,
);
