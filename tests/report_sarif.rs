//! The SARIF report checked against the official SARIF 2.1.0 JSON schema,
//! on findings from a real extraction.
//!
//! The schema is `tests/fixtures/sarif-schema-2.1.0.json`, the OASIS schema
//! (draft-07, `$id` `https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json`),
//! copied byte for byte from `src/schema.json` of the crates.io package
//! `serde-sarif` 0.8.0 (MIT; sha256
//! af47e7b67f24efe74076621fd3a5fbe7398add9e84fe820c971219a385895cea).
//!
//! That copy predates SARIF 2.1.0 Errata 01, which fixed the `language`
//! pattern (an unbalanced `]`, oasis-tcs/sarif-spec#488). The `jsonschema`
//! crate rightly refuses to compile a schema with an invalid regex, so
//! [`validator`] applies exactly that erratum before compiling, and asserts
//! that it replaced what it expected to.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use common::cli::mdcontract;

use mdcontract::contract::{Page, extract_page};
use mdcontract::outcome::Code;
use mdcontract::report::{sarif, sources};
use mdcontract::source::SourceFile;
use serde_json::Value;

/// A page with one example whose request body has a trailing comma, then an
/// annotation that is never closed (it swallows the rest of the page).
const PAGE: &str = r#"# Create widget

<!-- { "blockType": "request", "name": "create_widget" } -->
```http
POST https://graph.microsoft.com/v1.0/widgets
Content-Type: application/json

{
  "name": "a",
}
```

<!-- { "blockType": "response" } -->
```http
HTTP/1.1 201 Created
```

<!-- { "blockType": "request", "name": "delete_widget"
```http
DELETE https://graph.microsoft.com/v1.0/widgets/1
```
"#;

const FILE: &str = "docs/v1.0/api/widget create.md";

fn page() -> Page {
    extract_page(Arc::new(SourceFile::new(
        PathBuf::from(FILE),
        "v1.0/api/widget create".to_string(),
        PAGE.as_bytes().to_vec(),
    )))
}

fn validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sarif-schema-2.1.0.json"
    );
    let text = std::fs::read_to_string(path).expect("the vendored schema is readable");
    // SARIF 2.1.0 Errata 01: the `language` pattern of `run` and `toolComponent`.
    let before = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    let after = r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#;
    assert_eq!(
        text.matches(before).count(),
        2,
        "the erratum applies to this copy"
    );
    let text = text.replace(before, after);
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    assert_eq!(
        schema["$schema"], "http://json-schema.org/draft-07/schema#",
        "the SARIF 2.1.0 schema is draft-07"
    );
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

#[track_caller]
fn assert_valid(log: &Value) {
    let errors: Vec<String> = validator()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}\n\nlog:\n{:#}",
        errors.join("\n"),
        log
    );
}

/// The result for `code`, panicking with every result when there is none.
fn result_for<'a>(log: &'a Value, code: &str) -> &'a Value {
    let results = log["runs"][0]["results"]
        .as_array()
        .expect("results is an array");
    results
        .iter()
        .find(|r| r["ruleId"] == code)
        .unwrap_or_else(|| panic!("no {code} result among {results:#?}"))
}

#[test]
fn sarif_of_a_real_extraction_validates_against_the_oasis_schema() {
    let pages = [page()];
    let codes: Vec<&str> = pages[0].findings.iter().map(|f| f.code.id()).collect();
    assert!(
        codes.contains(&"MC2001") && codes.contains(&"MC1003"),
        "{codes:?}"
    );

    let log = sarif::sarif(&pages[0].findings, "0.1.0", &sources::by_file(&pages));

    assert_valid(&log);
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), pages[0].findings.len());
}

#[test]
fn sarif_without_sources_and_without_findings_validates_too() {
    let pages = [page()];

    assert_valid(&sarif::sarif(&pages[0].findings, "0.1.0", &sources::none));
    assert_valid(&sarif::sarif(&[], "0.1.0", &sources::none));
}

#[test]
fn sarif_results_point_at_their_rule_and_their_place() {
    let pages = [page()];

    let log = sarif::sarif(&pages[0].findings, "0.1.0", &sources::by_file(&pages));

    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert_eq!(rules.len(), Code::ALL.len());
    for (result, finding) in log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .zip(&pages[0].findings)
    {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{result:#}");
        assert_eq!(result["ruleId"], finding.code.id());
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], finding.location.line, "{result:#}");
        assert_eq!(region["startColumn"], finding.location.col, "{result:#}");
    }

    // The trailing comma itself, at the end of line 9 (column 14).
    let comma = result_for(&log, "MC2001");
    assert_eq!(comma["level"], "warning");
    assert_eq!(
        rules[comma["ruleIndex"].as_u64().expect("index") as usize]["defaultConfiguration"]["level"],
        "warning"
    );
    let location = &comma["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"],
        serde_json::json!({"uri": "docs/v1.0/api/widget%20create.md", "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(
        location["region"],
        serde_json::json!({"startLine": 9, "startColumn": 14, "endLine": 9, "endColumn": 15})
    );
    assert_eq!(
        comma["properties"]["example"],
        "v1.0/api/widget create#create_widget"
    );

    // The unclosed comment: `<!--` on line 18.
    let comment = result_for(&log, "MC1003");
    assert_eq!(comment["level"], "error");
    assert_eq!(
        comment["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 18, "startColumn": 1, "endLine": 18, "endColumn": 5})
    );
    let fingerprint = comment["partialFingerprints"][sarif::FINGERPRINT_KEY]
        .as_str()
        .expect("fingerprint");
    assert_eq!(fingerprint.len(), 16 + 2, "{fingerprint}");
}

#[test]
fn the_schema_check_rejects_a_broken_log() {
    let pages = [page()];
    let mut log = sarif::sarif(&pages[0].findings, "0.1.0", &sources::by_file(&pages));
    log["runs"][0]["results"][0]["level"] = "fatal".into();

    let valid = validator().is_valid(&log);

    assert!(!valid, "a result with level `fatal` must not validate");
}

#[test]
fn sarif_of_verify_points_at_the_journal_line_and_at_the_pages() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let entry = |method: &str, url: &str| {
        serde_json::json!({"time_ms": 0, "method": method, "url": url, "headers": [], "body": ""})
            .to_string()
    };
    std::fs::write(
        &journal,
        format!(
            "{}\n{}\n",
            entry(
                "DELETE",
                "/v1.0/widgetCatalog/widgets/b7d81e04-3c5a-4f29-a6e1-92c40fd8e7a3"
            ),
            entry("GET", "/v1.0/widgetCatalog/gadgets")
        ),
    )
    .unwrap();
    let specs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs/v1.0/api");
    let out = mdcontract(&[
        "verify",
        "--format",
        "sarif",
        "--journal",
        journal.to_str().expect("utf-8"),
        "--docs",
        specs.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&log);

    let unmatched = result_for(&log, "MC6001");
    assert_eq!(unmatched["level"], "error");
    let place = &unmatched["locations"][0]["physicalLocation"];
    assert!(
        place["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("journal.jsonl"),
        "{place:#}"
    );
    assert_eq!(place["region"]["startLine"], 2, "{place:#}");
    let message = unmatched["message"]["text"].as_str().unwrap();
    assert!(
        message.contains("path segment 3: expected `widgets`, got `gadgets`"),
        "{message}"
    );

    // Not exercised: a note at the example's request on its page.
    let results = log["runs"][0]["results"].as_array().unwrap();
    let get = results
        .iter()
        .find(|r| {
            r["ruleId"] == "MC6002"
                && r["properties"]["example"] == "v1.0/api/widget-get#get_widget"
        })
        .unwrap_or_else(|| panic!("{results:#?}"));
    assert_eq!(get["level"], "note");
    let place = &get["locations"][0]["physicalLocation"];
    assert!(
        place["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("widget-get.md"),
        "{place:#}"
    );
    // The request fence opens on line 67.
    assert_eq!(place["region"]["startLine"], 67, "{place:#}");
    // The delete example was exercised: no note for it.
    assert!(
        !results
            .iter()
            .any(|r| r["properties"]["example"] == "widget-delete#delete_widget"),
        "{results:#?}"
    );
}
