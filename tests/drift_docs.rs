//! `mdcontract drift --docs --metadata`: the gizmo pages of
//! `tests/fixtures/drift/docs` against `clean.csdl.xml` (no drift) and
//! `drifted.csdl.xml` (one drift per kind of item), the project's own
//! `specs/` against their metadata, and bad input.
//!
//! The gizmo fixtures live outside `specs/` on purpose: every page under
//! `specs/` is also snapshotted, replayed and checked by other tests, and
//! these pages are only the docs side of a comparison.
//!
//! The CLI tests assert exit codes, stderr and the subjects of the items,
//! which every output format shows; the library tests pin every item.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use common::cli::{mdcontract_isolated, root, stderr};

use mdcontract::drift::docs::{MetadataFile, compare};
use mdcontract::drift::{DriftReport, Location};
use mdcontract::schema::csdl::Csdl;
use mdcontract::suite;

const FIXTURES: &str = "tests/fixtures/drift";

fn metadata(version: Option<&str>, file: &str) -> MetadataFile {
    let xml = std::fs::read_to_string(root().join(file)).expect("CSDL is readable");
    MetadataFile {
        version: version.map(str::to_string),
        path: file.to_string(),
        csdl: Arc::new(Csdl::parse(&xml).expect("CSDL parses")),
    }
}

/// The report of `docs` (relative to the project) against `metadata`.
fn drift(docs: &str, metadata: &[MetadataFile]) -> DriftReport {
    // Tests run in the project folder: relative paths keep the locations
    // short and stable.
    let pages = suite::load_paths(&[PathBuf::from(docs)]).expect("pages load");
    compare(&pages.pages, metadata).expect("pages are attributed")
}

fn at(l: &Option<Location>) -> String {
    l.as_ref().map_or("-".to_string(), |l| {
        let file = l.file.rsplit("docs/").next().unwrap_or(&l.file);
        format!("{file}:{}", l.line)
    })
}

/// `kind change subject | detail | left | right line` per item.
fn lines(report: &DriftReport) -> Vec<String> {
    report
        .items
        .iter()
        .map(|i| {
            let word = |v: serde_json::Result<serde_json::Value>| {
                v.ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            };
            format!(
                "{} {} {} | {} | {} | {}",
                word(serde_json::to_value(i.kind)),
                word(serde_json::to_value(i.change)),
                i.subject,
                i.detail,
                at(&i.left),
                i.right
                    .as_ref()
                    .map_or("-".to_string(), |r| r.line.to_string()),
            )
        })
        .collect()
}

#[test]
fn pages_and_metadata_that_agree_have_no_drift() {
    let report = drift(
        &format!("{FIXTURES}/docs"),
        &[metadata(None, &format!("{FIXTURES}/clean.csdl.xml"))],
    );
    assert_eq!(lines(&report), Vec::<String>::new());
    assert!(report.is_empty());
}

#[test]
fn each_kind_of_drift_is_reported_at_both_places() {
    let report = drift(
        &format!("{FIXTURES}/docs"),
        &[metadata(None, &format!("{FIXTURES}/drifted.csdl.xml"))],
    );
    assert_eq!(
        lines(&report),
        [
            "enum-type removed gizmoColor | documented (the `gizmoColor values` table), not in the metadata | v1.0/resources/gizmo.md:43 | -",
            "property changed microsoft.graph.gizmo/displayName | not nullable → nullable | v1.0/resources/gizmo.md:26 | 28",
            "property added microsoft.graph.gizmo/lastSeenDateTime | in the metadata, not documented | v1.0/resources/gizmo.md:63 | 34",
            "property removed microsoft.graph.gizmo/serial | documented, not in the metadata | v1.0/resources/gizmo.md:30 | 27",
            "property changed microsoft.graph.gizmo/size | type `gizmoSize` (not a type of the metadata) → microsoft.graph.gizmoDimensions | v1.0/resources/gizmo.md:32 | 33",
            "property changed microsoft.graph.gizmo/weight | type Edm.Double → Edm.Int32 | v1.0/resources/gizmo.md:29 | 31",
            "navigation-property added microsoft.graph.gizmo/manuals | in the metadata, not documented | v1.0/resources/gizmo.md:63 | 36",
            "navigation-property changed microsoft.graph.gizmo/parts | type Collection(microsoft.graph.gizmoPart) → microsoft.graph.gizmoPart | v1.0/resources/gizmo.md:51 | 35",
            "navigation-property removed microsoft.graph.gizmo/spare | documented, not in the metadata | v1.0/resources/gizmo.md:52 | 27",
            "url removed GET /gizmos/{id}/usage | does not resolve in the metadata: `usage` is not a property, navigation property, or bound operation of `microsoft.graph.gizmo` | v1.0/api/gizmo-usage.md:6 | -",
            "method removed POST /gizmos/{id}/start | POST on the function `microsoft.graph.start`: functions are invoked with GET | v1.0/api/gizmo-start.md:6 | -",
            "enum-member removed microsoft.graph.gizmoFinish/gloss | listed by the `gizmoFinish values` table, not a member in the metadata | v1.0/resources/gizmo.md:36 | 17",
            "enum-member added microsoft.graph.gizmoFinish/satin | a member in the metadata, missing from the `gizmoFinish values` table | v1.0/resources/gizmo.md:36 | 19",
            "url removed GET /gizmos/{id}/parts/{part-id} | does not resolve in the metadata: a key needs a collection of entities, but the path addresses `microsoft.graph.gizmoPart` | v1.0/api/gizmo-get.md:7 | -",
            "complex-type removed microsoft.graph.gizmoSize | documented, not in the metadata | v1.0/resources/gizmosize.md:22 | -",
            "enum-member added microsoft.graph.gizmoState/paused | a member in the metadata, missing from the possible values of `microsoft.graph.gizmo/state` | v1.0/resources/gizmo.md:27 | 14",
            "enum-member removed microsoft.graph.gizmoState/running | listed by the possible values of `microsoft.graph.gizmo/state`, not a member in the metadata | v1.0/resources/gizmo.md:27 | 12",
            "entity-type added microsoft.graph.rack | in the metadata (reachable from the service root), not documented | - | 41",
        ]
    );
    // Docs ⇄ metadata items are disagreements, not changes: no impact.
    assert!(report.items.iter().all(|i| i.impact.is_none()));
}

#[test]
fn the_specs_drift_from_their_own_metadata_as_pinned() {
    // The widget pages and the widget metadata of `specs/` were written
    // for the other checks, and disagree in a few places: pinned here so
    // that a change to either shows up.
    let report = drift(
        "specs",
        &[
            metadata(Some("v1.0"), "specs/metadata/v1.0.csdl.xml"),
            metadata(Some("beta"), "specs/metadata/beta.csdl.xml"),
        ],
    );
    assert_eq!(
        lines(&report),
        [
            "entity-type added microsoft.graph.user | in the metadata (reachable from the service root), not documented | - | 16",
            "property added microsoft.graph.widget/dailyCheckTime | in the metadata, not documented | specs/beta/resources/widget.md:57 | 22",
            "property added microsoft.graph.widget/dimensions | in the metadata, not documented | specs/beta/resources/widget.md:57 | 23",
            "property added microsoft.graph.widget/isDiscontinued | in the metadata, not documented | specs/beta/resources/widget.md:57 | 25",
            "property added microsoft.graph.widget/manufacturerId | in the metadata, not documented | specs/beta/resources/widget.md:57 | 26",
            "property added microsoft.graph.widget/notes | in the metadata, not documented | specs/beta/resources/widget.md:57 | 27",
            "property added microsoft.graph.widget/quantity | in the metadata, not documented | specs/beta/resources/widget.md:57 | 28",
            "property added microsoft.graph.widget/releaseDate | in the metadata, not documented | specs/beta/resources/widget.md:57 | 29",
            "property added microsoft.graph.widget/serialNumberBase | in the metadata, not documented | specs/beta/resources/widget.md:57 | 30",
            "property added microsoft.graph.widget/warrantyPeriod | in the metadata, not documented | specs/beta/resources/widget.md:57 | 33",
            "navigation-property added microsoft.graph.widget/parts | in the metadata, not documented | specs/beta/resources/widget.md:57 | 38",
            "navigation-property changed microsoft.graph.widget/parts | a property in the docs' Properties table, a navigation property in the metadata | specs/v1.0/resources/widget.md:37 | 35",
            "navigation-property added microsoft.graph.widget/spareParts | in the metadata, not documented | specs/beta/resources/widget.md:57 | 39",
            "url removed GET /widgetCatalog/widgets/5f3c2a7e-91b4-4d0e-8c62-0a9e7d41b3f5/spareParst | does not resolve in the metadata: `spareParst` is not a property, navigation property, or bound operation of `microsoft.graph.widget` | specs/v1.0/api/widget-checks.md:61 | -",
        ]
    );
}

#[test]
fn the_cli_exits_0_without_drift_and_1_with_it() {
    let docs = format!("{FIXTURES}/docs");
    let clean = mdcontract_isolated(
        &[
            "drift",
            "--docs",
            &docs,
            "--metadata",
            &format!("{FIXTURES}/clean.csdl.xml"),
        ],
        &[],
    );
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));

    let drifted = mdcontract_isolated(
        &[
            "drift",
            "--docs",
            &docs,
            "--metadata",
            &format!("v1.0={FIXTURES}/drifted.csdl.xml"),
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(drifted.status.code(), Some(1), "{}", stderr(&drifted));
    let out = String::from_utf8_lossy(&drifted.stdout);
    for subject in [
        "microsoft.graph.gizmo/serial",
        "microsoft.graph.gizmoState/paused",
        "GET /gizmos/{id}/usage",
        "POST /gizmos/{id}/start",
        "microsoft.graph.rack",
    ] {
        assert!(out.contains(subject), "{subject} in {out}");
    }
}

#[test]
fn metadata_that_is_not_xml_is_a_clear_error() {
    let o = mdcontract_isolated(
        &[
            "drift",
            "--docs",
            &format!("{FIXTURES}/docs"),
            "--metadata",
            &format!("{FIXTURES}/not-xml.csdl.xml"),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {FIXTURES}/not-xml.csdl.xml:1:1: not valid CSDL: line 1, column 1: \
             not XML: content before any element\n"
        )
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn usage_errors_exit_2_and_say_what_is_missing() {
    let docs = format!("{FIXTURES}/docs");
    let none = mdcontract_isolated(&["drift", "--docs", &docs], &[]);
    assert_eq!(none.status.code(), Some(2));
    assert_eq!(
        stderr(&none),
        "error: drift --docs needs --metadata [VERSION=]CSDL (or --live --base-url URL)\n"
    );
    let other_version = mdcontract_isolated(
        &[
            "drift",
            "--docs",
            &docs,
            "--metadata",
            &format!("beta={FIXTURES}/clean.csdl.xml"),
        ],
        &[],
    );
    assert_eq!(other_version.status.code(), Some(2));
    assert_eq!(
        stderr(&other_version),
        "error: no --metadata applies to the API versions of the pages (v1.0)\n"
    );
    let missing = mdcontract_isolated(
        &[
            "drift",
            "--docs",
            &docs,
            "--metadata",
            &format!("{FIXTURES}/nothing-here.xml"),
        ],
        &[],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).starts_with(&format!(
            "error: {FIXTURES}/nothing-here.xml: cannot read: "
        )),
        "{}",
        stderr(&missing)
    );
}
