//! Tests of the verdict read from a journal: counts, repairs, torn lines,
//! cut bodies, and journal line spans.

use std::collections::BTreeMap;

use serde_json::json;

use super::sample::{entry, sample};
use std::path::Path;

use super::model::*;
use super::read::{same_example, verify};
use crate::serve::index::{Index, Lookup};
use crate::serve::journal;
use crate::serve::journal::JournalEntry;
use crate::source::Span;

#[test]
fn ids_under_other_roots_name_the_same_example() {
    assert!(same_example("v1.0/api/x#a", "v1.0/api/x#a"));
    assert!(same_example("v1.0/api/x#a", "api/x#a"));
    assert!(same_example("api/x#a", "v1.0/api/x#a"));
    assert!(!same_example("v1.0/api/x#a", "api/x#b"));
    assert!(!same_example("v1.0/api/wx#a", "x#a"));
}

#[test]
fn the_verdict_counts_batches_repairs_and_synthesised_answers() {
    let (_dir, path) = sample();
    let v = verify(&path, None).unwrap();
    assert_eq!(v.requests, 6);
    assert_eq!(v.protocol, 1);
    assert_eq!(v.in_batch, 2);
    assert_eq!(v.matched(), 3);
    assert_eq!(v.unmatched_total(), 2);
    // The `$batch` line is never unmatched.
    assert!(v.unmatched.iter().all(|u| u.line != 2), "{:?}", v.unmatched);
    assert_eq!(v.unmatched[0].line, 4);
    assert_eq!(v.synthesised, 1);
    assert_eq!(v.repaired_requests, 2);
    assert_eq!(
        v.repaired_codes,
        BTreeMap::from([("MC2001".to_string(), 2), ("MC4002".to_string(), 1)])
    );
    let get = &v.repaired["v1.0/api/widget-get#get_widget"];
    assert_eq!(
        get.codes,
        BTreeMap::from([("MC2001".to_string(), 1), ("MC4002".to_string(), 1)])
    );
    assert_eq!((get.requests, get.line), (1, 3));
    assert_eq!(get.pattern, "/widgets/{id}");
    assert_eq!(v.coverage["v1.0/api/widget-get#get_widget"], 2);
}

/// A request the server matched whose body the journal cut at
/// `BODY_LIMIT` is not judged again (the cut body is not JSON: issue 11
/// saw MC6001 for requests `serve` matched): `verify` takes the
/// server's verdict, here another example than matching again gives.
#[test]
fn a_matched_request_whose_body_was_cut_stays_matched() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let suite = crate::suite::load_paths(&[specs]).expect("specs load");
    let index = Index::new(&suite);
    let url = "/beta/widgetCatalog/widgets";
    let json = Some("application/json");
    let body = format!(
        "{{\"displayName\": \"{}\"}}",
        "x".repeat(journal::BODY_LIMIT + 10)
    );
    let id = match index.lookup("POST", url, json, body.as_bytes()) {
        Lookup::Matched { id, .. } => id.as_str().to_string(),
        Lookup::Unmatched(m) => panic!("the whole body matches: {m:?}"),
    };
    // The server's verdict, told apart from what matching again gives.
    let served = index
        .ids()
        .map(|i| i.as_str().to_string())
        .find(|i| *i != id)
        .unwrap();
    let written = serde_json::to_string(&journal::Line {
        matched: Some(served.as_str()),
        ..journal::Line::new(
            "POST",
            url,
            journal::Headers::Pairs(&[(
                "content-type".to_string(),
                "application/json".to_string(),
            )]),
            body.as_bytes(),
        )
    })
    .unwrap();
    let e: JournalEntry = serde_json::from_str(&written).unwrap();
    assert_eq!(e.body_bytes, Some(body.len()));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.jsonl");
    std::fs::write(&path, written + "\n").unwrap();
    let v = verify(&path, Some(&index)).unwrap();
    assert_eq!(
        (v.requests, v.matched(), v.unmatched_total()),
        (1, 1, 0),
        "{:?}",
        v.unmatched
    );
    assert_eq!((v.coverage[&served], v.coverage[&id]), (1, 0));
}

/// A server killed mid-write leaves a torn last line: reported and
/// skipped, the rest judged. A bad line before the end is an error.
#[test]
fn a_torn_last_line_is_a_warning_and_a_bad_middle_line_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.jsonl");
    let good = entry(
        "GET",
        "/v1.0/widgets/1",
        json!({"matched": "v1.0/api/widget-get#get_widget"}),
    );
    let torn = &good[..good.len() / 2];
    std::fs::write(&path, format!("{good}\n{good}\n{torn}")).unwrap();
    let v = verify(&path, None).unwrap();
    assert_eq!((v.requests, v.matched()), (2, 2));
    assert_eq!(v.warnings.len(), 1, "{:?}", v.warnings);
    assert!(v.warnings[0].contains("j.jsonl:3:"), "{:?}", v.warnings);
    std::fs::write(&path, format!("{good}\n{torn}\n{good}\n")).unwrap();
    let e = verify(&path, None).unwrap_err();
    assert!(e.contains("j.jsonl:2: not a journal line"), "{e}");
}

#[test]
fn line_spans_cover_the_line_without_its_ending() {
    let text = "a\r\nbc\nd";
    assert_eq!(line_span(text, 2), Span { start: 3, end: 5 });
    assert_eq!(line_span(text, 3), Span { start: 6, end: 7 });
    assert_eq!(line_span(text, 9), Span { start: 7, end: 7 });
}
