//! Tests of the drift writers.

use serde_json::Value;

use super::*;
use crate::drift::Comparison;
use crate::drift::{Change, DriftItem, Impact, ItemKind, Location};

fn item(kind: ItemKind, change: Change, impact: Option<Impact>, subject: &str) -> DriftItem {
    DriftItem {
        kind,
        change,
        impact,
        group: "microsoft.graph".into(),
        subject: subject.into(),
        detail: "a <b> | c".into(),
        left: Some(Location {
            file: "old.xml".into(),
            line: 3,
        }),
        right: None,
    }
}

fn render(format: Format, report: &DriftReport) -> String {
    let mut out = Vec::new();
    write(&mut out, format, report).expect("writes");
    String::from_utf8(out).expect("UTF-8")
}

fn classified(n_breaking: usize) -> DriftReport {
    let mut items: Vec<DriftItem> = (0..n_breaking)
        .map(|i| {
            item(
                ItemKind::Property,
                Change::Removed,
                Some(Impact::Breaking),
                &format!("microsoft.graph.t/p{i:03}"),
            )
        })
        .collect();
    items.push(item(
        ItemKind::EntityType,
        Change::Added,
        Some(Impact::Additive),
        "microsoft.graph.u",
    ));
    let mut r = DriftReport {
        comparison: Comparison::MetadataMetadata,
        left: "old.xml".into(),
        right: "new.xml".into(),
        items,
    };
    r.sort();
    r
}

#[test]
fn text_lists_breaking_first_with_places() {
    let text = render(Format::Text, &classified(2));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "drift (metadata ⇄ metadata): old.xml → new.xml");
    assert_eq!(lines[1], "3 differences: 2 breaking, 1 additive");
    let first = lines
        .iter()
        .position(|l| l.starts_with("breaking "))
        .expect("breaking lines");
    assert_eq!(
        lines[first],
        "breaking removed property microsoft.graph.t/p000: a <b> | c (old.xml:3)"
    );
    assert!(lines[first + 2].starts_with("additive added entity type microsoft.graph.u"));
}

#[test]
fn json_lines_end_with_a_consistent_summary() {
    let text = render(Format::Json, &classified(2));
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["kind"], "drift");
    assert_eq!(lines[0]["item_kind"], "property");
    assert_eq!(lines[0]["impact"], "breaking");
    assert_eq!(lines[0]["left"]["line"], 3);
    let s = &lines[3];
    assert_eq!(s["kind"], "summary");
    assert_eq!(s["items"], 3);
    assert_eq!(s["by_impact"]["breaking"], 2);
    assert_eq!(s["by_change"]["removed"], 2);
    assert_eq!(s["by_kind"]["entity-type"]["added"], 1);
    assert_eq!(s["by_group"]["microsoft.graph"]["items"], 3);
}

#[test]
fn markdown_caps_the_lists_and_escapes() {
    let md = render(Format::Markdown, &classified(MARKDOWN_LIST_CAP + 7));
    assert!(md.contains("| kind | added | removed | changed | breaking | additive | total |"));
    assert!(md.contains("| group | added |"));
    assert!(md.contains(&format!(
        "#### Breaking changes ({})",
        MARKDOWN_LIST_CAP + 7
    )));
    assert!(md.contains("- … and 7 more"));
    assert!(md.contains("a &lt;b&gt; \\| c"));
    assert!(md.contains("<details><summary>Additive changes (1)</summary>"));
    assert_eq!(md.matches("\n- **removed**").count(), MARKDOWN_LIST_CAP);
}

#[test]
fn unclassified_reports_count_by_change_and_kind() {
    let mut r = DriftReport {
        comparison: Comparison::DocsMetadata,
        left: "docs".into(),
        right: "v1.0.csdl.xml".into(),
        items: vec![
            item(ItemKind::Url, Change::Removed, None, "GET /widgets"),
            item(ItemKind::Method, Change::Added, None, "PATCH /widgets/{id}"),
        ],
    };
    r.sort();
    let text = render(Format::Text, &r);
    assert!(text.contains("2 differences\n"), "{text}");
    assert!(
        text.contains("  kind    added  removed  changed  total"),
        "{text}"
    );
    assert!(
        text.contains("\nremoved url GET /widgets: a <b> | c (old.xml:3)"),
        "{text}"
    );
    let md = render(Format::Markdown, &r);
    assert!(!md.contains("Breaking changes"));
    assert!(md.contains("#### Differences (2)"));
    let json = render(Format::Json, &r);
    let summary: Value = serde_json::from_str(json.lines().last().expect("summary")).expect("JSON");
    assert_eq!(summary["by_impact"]["unclassified"], 2);
    assert_eq!(summary["comparison"], "docs-metadata");
}

#[test]
fn an_empty_report_says_so() {
    let r = DriftReport {
        comparison: Comparison::MetadataMetadata,
        left: "a.xml".into(),
        right: "a.xml".into(),
        items: Vec::new(),
    };
    assert!(render(Format::Text, &r).ends_with("no differences\n"));
    assert!(render(Format::Markdown, &r).contains("no differences."));
    let json = render(Format::Json, &r);
    assert_eq!(json.lines().count(), 1);
    assert!(json.contains(r#""items":0"#));
}
