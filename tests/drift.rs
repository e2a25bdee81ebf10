//! `mdcontract drift --from OLD --to NEW` as users run it (exit codes, the
//! three formats, errors with file:line:col), the text output of the specs
//! pair pinned by a snapshot, and v1.0 → beta of the real Graph metadata
//! when `MDCONTRACT_METADATA` names its folder.

// Test functions without `#[test]` (a libtest-mimic harness, see
// tests/common/gate.rs): clippy.toml's allow-unwrap-in-tests does not see
// them as tests.
#![allow(clippy::unwrap_used)]

mod common;

use common::gate::{self, Gated};

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use mdcontract::drift::{Change, DriftItem, DriftReport, Impact, Location, metadata};
use mdcontract::report::drift::{self as report, Format};
use serde_json::Value;

const OLD: &str = "specs/metadata/drift/widgets-old.csdl.xml";
const NEW: &str = "specs/metadata/drift/widgets-new.csdl.xml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary from the crate root, so that the paths in its output are
/// the relative ones given.
fn mdcontract(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mdcontract"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn drift(from: &str, to: &str, format: &str) -> Output {
    mdcontract(&["drift", "--from", from, "--to", to, "--format", format])
}

fn identical_files_have_no_drift_and_exit_0() {
    for format in ["text", "json", "markdown"] {
        let o = drift(NEW, NEW, format);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    }
    let text = stdout(&drift(OLD, OLD, "text"));
    assert!(text.ends_with("no differences\n"), "{text}");
    let json = stdout(&drift(OLD, OLD, "json"));
    let summary: Value = serde_json::from_str(json.trim()).expect("one summary line");
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["items"], 0);
}

fn the_specs_pair_drifts_breaking_first_and_exits_1() {
    let o = drift(OLD, NEW, "text");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    let items: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("breaking ") || l.starts_with("additive "))
        .collect();
    let first_additive = items
        .iter()
        .position(|l| l.starts_with("additive "))
        .expect("additive items");
    assert!(first_additive > 0, "breaking items come first");
    assert!(
        items[first_additive..]
            .iter()
            .all(|l| l.starts_with("additive "))
    );
    assert!(
        items.contains(
            &"breaking removed property microsoft.graph.widget/legacySku: Edm.String, nullable \
              (specs/metadata/drift/widgets-old.csdl.xml:53 → specs/metadata/drift/widgets-new.csdl.xml:47)"
        ),
        "{text}"
    );
    insta::with_settings!({
        snapshot_path => "../snapshots/drift",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("drift_specs_pair_text", text);
    });
}

fn json_lines_parse_and_the_summary_counts_them() {
    let o = drift(OLD, NEW, "json");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect();
    let (summary, items) = lines.split_last().expect("lines");
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["comparison"], "metadata-metadata");
    assert_eq!(summary["left"], OLD);
    assert_eq!(summary["items"], items.len());
    assert!(items.iter().all(|i| i["kind"] == "drift"));
    let count = |field: &str, value: &str| items.iter().filter(|i| i[field] == value).count();
    for change in ["added", "removed", "changed"] {
        assert_eq!(
            summary["by_change"][change],
            count("change", change),
            "{change}"
        );
    }
    for impact in ["breaking", "additive"] {
        assert_eq!(
            summary["by_impact"][impact],
            count("impact", impact),
            "{impact}"
        );
    }
    let kinds: usize = summary["by_kind"]
        .as_object()
        .expect("by_kind")
        .iter()
        .map(|(k, c)| {
            assert_eq!(c["items"], count("item_kind", k), "{k}");
            c["items"].as_u64().expect("count") as usize
        })
        .sum();
    assert_eq!(kinds, items.len());
    assert_eq!(
        summary["by_group"]["microsoft.graph.widgetSupply"]["items"],
        count("group", "microsoft.graph.widgetSupply")
    );
    let removed = items
        .iter()
        .find(|i| i["subject"] == "microsoft.graph.widget/legacySku")
        .expect("legacySku");
    assert_eq!(removed["item_kind"], "property");
    assert_eq!(removed["left"]["file"], OLD);
    assert_eq!(removed["left"]["line"], 53);
}

fn markdown_fits_a_pull_request_comment() {
    let o = drift(OLD, NEW, "markdown");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.starts_with("### Drift: metadata ⇄ metadata\n"), "{md}");
    assert!(
        md.contains("| kind | added | removed | changed | breaking | additive | total |"),
        "{md}"
    );
    assert!(md.contains("| group | added | removed | changed |"), "{md}");
    assert!(md.contains("| `microsoft.graph.widgetSupply` |"), "{md}");
    assert!(md.contains("#### Breaking changes ("), "{md}");
    assert!(md.contains("<details><summary>Additive changes ("), "{md}");
    assert!(md.find("#### Breaking").expect("breaking") < md.find("<details>").expect("details"));
    // Under the cap every item is listed.
    assert!(!md.contains("- … and "), "{md}");
    assert_eq!(md.matches("\n- **").count(), 78, "{md}");
    assert!(md.len() < 65_536, "GitHub comments hold 65,536 characters");
}

fn a_file_that_is_not_xml_exits_2_naming_file_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("metadata.csdl.xml");
    std::fs::write(&bad, "HTTP/1.1 404 Not Found\n\nno metadata here\n").expect("write");
    let bad = bad.display().to_string();
    let new = root().join(NEW).display().to_string();
    for (from, to) in [(bad.as_str(), new.as_str()), (new.as_str(), bad.as_str())] {
        let o = drift(from, to, "text");
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(&format!("{bad}:1:1: ")), "{err}");
        assert!(err.contains("not XML"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(stdout(&o).is_empty());
    }
    let truncated = dir.path().join("truncated.csdl.xml");
    let text = std::fs::read_to_string(root().join(OLD)).expect("read");
    std::fs::write(&truncated, &text[..text.len() / 2]).expect("write");
    let o = drift(OLD, &truncated.display().to_string(), "json");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{}:", truncated.display())),
        "{}",
        stderr(&o)
    );
    let o = drift(OLD, "no/such/file.xml", "text");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no/such/file.xml: cannot read"),
        "{}",
        stderr(&o)
    );
}

// ---------------------------------------------------------------------------
// The real metadata
// ---------------------------------------------------------------------------

/// The simple names a location line may declare for an item: the member
/// (or type, set, operation), its parent, a parameter named in the detail.
fn names(item: &DriftItem) -> Vec<String> {
    let head = item.subject.split('(').next().unwrap_or_default();
    let simple = |q: &str| q.rsplit('.').next().unwrap_or(q).to_string();
    let mut out = match head.split_once('/') {
        Some((parent, member)) => vec![simple(parent), member.to_string()],
        None => vec![simple(head)],
    };
    if let Some(rest) = item.detail.strip_prefix("parameter ") {
        out.extend(rest.split(' ').next().map(str::to_string));
    }
    out
}

fn declares(line: &str, item: &DriftItem) -> bool {
    line.contains("<ReturnType")
        || names(item)
            .iter()
            .any(|n| line.contains(&format!("Name=\"{n}\"")))
}

/// `A → B` details of a type, value or key change: A and B differ.
fn sides_differ(detail: &str) -> bool {
    let Some((left, right)) = detail.split_once(" → ") else {
        return true;
    };
    let a = left.rsplit(' ').next().unwrap_or_default();
    let b = right.split(' ').next().unwrap_or_default();
    let value_like = |s: &str| s.contains('.') || s.contains('(') || s.parse::<i64>().is_ok();
    !(value_like(a) && value_like(b)) || a != b
}

fn v1_to_beta_is_sane() -> Gated {
    let dir = gate::metadata()?;
    let (from, to) = (dir.join("v1.0.csdl.xml"), dir.join("beta.csdl.xml"));
    let report = metadata::compare_files(&from, &to).expect("both files load");
    assert!(report.items.len() > 1000, "{}", report.items.len());

    // Breaking first, then additive; nothing unclassified.
    let first_additive = report
        .items
        .iter()
        .position(|i| i.impact == Some(Impact::Additive))
        .expect("additive items");
    assert!(first_additive > 0);
    assert!(
        report.items[..first_additive]
            .iter()
            .all(|i| i.impact == Some(Impact::Breaking))
    );
    assert!(
        report.items[first_additive..]
            .iter()
            .all(|i| i.impact == Some(Impact::Additive))
    );

    // No item twice, no change whose two sides read the same, and every
    // location points at a line declaring the item (or its parent).
    let mut seen = std::collections::HashSet::new();
    let old_lines: Vec<String> = std::fs::read_to_string(&from)
        .expect("read")
        .lines()
        .map(str::to_string)
        .collect();
    let new_lines: Vec<String> = std::fs::read_to_string(&to)
        .expect("read")
        .lines()
        .map(str::to_string)
        .collect();
    let line_of =
        |lines: &[String], l: &Location| lines.get(l.line - 1).cloned().unwrap_or_default();
    for item in &report.items {
        assert!(
            seen.insert((item.kind, &item.subject, item.change, &item.detail)),
            "twice: {item:?}"
        );
        assert!(sides_differ(&item.detail), "same on both sides: {item:?}");
        match item.change {
            Change::Removed => assert!(item.left.is_some(), "{item:?}"),
            Change::Added => assert!(item.right.is_some(), "{item:?}"),
            Change::Changed => assert!(item.left.is_some() && item.right.is_some(), "{item:?}"),
        }
        if let Some(l) = &item.left {
            assert!(declares(&line_of(&old_lines, l), item), "{item:?}");
        }
        if let Some(r) = &item.right {
            assert!(declares(&line_of(&new_lines, r), item), "{item:?}");
        }
    }

    // The JSON summary counts what the items say.
    let mut out = Vec::new();
    report::write(&mut out, Format::Json, &report).expect("write");
    let text = String::from_utf8(out).expect("UTF-8");
    let summary: Value = serde_json::from_str(text.lines().last().expect("summary")).expect("JSON");
    assert_eq!(summary["items"], report.items.len());
    let mut by_group: BTreeMap<&str, usize> = BTreeMap::new();
    for i in &report.items {
        *by_group.entry(i.group.as_str()).or_default() += 1;
    }
    for (g, n) in by_group {
        assert_eq!(summary["by_group"][g]["items"], n, "{g}");
    }
    let breaking = report
        .items
        .iter()
        .filter(|i| i.impact == Some(Impact::Breaking))
        .count();
    assert_eq!(summary["by_impact"]["breaking"], breaking);

    // Reversed, the same differences with added and removed swapped.
    let back = metadata::compare_files(&to, &from).expect("both files load");
    let count = |r: &DriftReport, c: Change| r.items.iter().filter(|i| i.change == c).count();
    assert_eq!(back.items.len(), report.items.len());
    assert_eq!(count(&back, Change::Added), count(&report, Change::Removed));
    assert_eq!(count(&back, Change::Removed), count(&report, Change::Added));
    Ok(())
}

gated_tests!(
    identical_files_have_no_drift_and_exit_0,
    the_specs_pair_drifts_breaking_first_and_exits_1,
    json_lines_parse_and_the_summary_counts_them,
    markdown_fits_a_pull_request_comment,
    a_file_that_is_not_xml_exits_2_naming_file_line_and_column,
    v1_to_beta_is_sane,
);
