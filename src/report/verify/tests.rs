//! Tests of the writers of the verdict (text and JSON lines), and of the
//! live tally as the server's report writes it.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use super::*;
use crate::serve::verify_sample::sample;
use crate::serve::{Answer, Index, Miss, Tally, Unmatched, Verdict, verify};

fn text(v: &Verdict, all: bool) -> String {
    let mut out = Vec::new();
    write_text_with(&mut out, v, TextOptions { all }).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_text_leads_with_the_summary() {
    let (_dir, path) = sample();
    let t = text(&verify(&path, None).unwrap(), false);
    let head: Vec<&str> = t.lines().take(7).collect();
    assert_eq!(
        head,
        [
            "6 requests; 2 unmatched; 2 of 2 documented examples exercised",
            "  requests     6  (2 inside $batch; 1 $batch request answered by the server)",
            "  matched      3",
            "  unmatched    2",
            "  repaired     2  (MC2001: 2, MC4002: 1)",
            "  synthesised  1",
            "  exercised    2 of 2 documented examples (100.0%)",
        ],
        "{t}"
    );
    assert!(
        t.contains("error[MC6001]: GET /v1.0/gadgets (journal line 4) matches no documented example\n  closest: v1.0/api/widget-get#get_widget\n  reason:  path segment 2"),
        "{t}"
    );
    // A repair is a finding under its own code, so the doc writer sees it.
    assert!(
        t.contains("warning[MC4002]: v1.0/api/widget-get#get_widget answered 1 request after a repair: value has the wrong JSON type"),
        "{t}"
    );
    assert!(
        t.contains("  first:   journal line 3, matched /widgets/{id}"),
        "{t}"
    );
    assert!(!t.contains("--all"), "nothing capped: {t}");
}

fn wide(unmatched: usize, families: usize) -> Verdict {
    let mut v = Verdict::default();
    for n in 0..unmatched {
        v.unmatched.push(Unmatched {
            line: n + 1,
            method: "GET".into(),
            url: format!("/v1.0/gadgets/{n}"),
            miss: Miss {
                closest: None,
                reason: "no example".into(),
            },
        });
    }
    // Family `f{k}` has k + 1 examples, one exercised when k is even.
    for k in 0..families {
        for e in 0..=k {
            let hits = usize::from(e == 0 && k % 2 == 0);
            v.coverage
                .insert(format!("v1.0/api/f{k:02}-get#e{e}"), hits);
            v.requests += hits;
        }
    }
    v.requests += unmatched;
    v
}

#[test]
fn unmatched_requests_are_capped_unless_all() {
    let v = wide(TEXT_CAP + 5, 1);
    let t = text(&v, false);
    assert_eq!(t.matches("error[MC6001]").count(), TEXT_CAP, "{t}");
    assert!(
        t.contains("… and 5 more unmatched requests (--all lists every one)"),
        "{t}"
    );
    let t = text(&v, true);
    assert_eq!(t.matches("error[MC6001]").count(), TEXT_CAP + 5, "{t}");
    assert!(!t.contains("more unmatched"), "{t}");
}

#[test]
fn not_exercised_examples_are_counted_unless_all() {
    let v = wide(0, 3);
    // 1 + 2 + 3 examples, families f00 and f02 exercised once each.
    let t = text(&v, false);
    assert!(!t.contains("not exercised: "), "{t}");
    assert!(
        t.contains("note[MC6002]: 4 documented examples not exercised (--all lists every one"),
        "{t}"
    );
    let t = text(&v, true);
    assert_eq!(t.matches("note[MC6002]: not exercised: ").count(), 4, "{t}");
    assert!(
        t.contains("note[MC6002]: not exercised: v1.0/api/f01-get#e0"),
        "{t}"
    );
}

#[test]
fn coverage_is_grouped_by_page_family_top_first_and_the_rest_summed() {
    let v = wide(0, TEXT_FAMILIES + 3);
    let families = v.families();
    assert_eq!(families.len(), TEXT_FAMILIES + 3);
    assert_eq!(families[0].family, format!("f{:02}", TEXT_FAMILIES + 2));
    assert_eq!(families[0].examples, TEXT_FAMILIES + 3);
    let t = text(&v, false);
    let table: Vec<&str> = t
        .lines()
        .skip_while(|l| !l.starts_with("coverage by page family"))
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(
        table[0], "coverage by page family (23 families; the 20 with the most examples):",
        "{t}"
    );
    assert_eq!(table.len(), 2 + TEXT_FAMILIES + 1, "{t}");
    // f22: 23 examples, one exercised (22 is even).
    assert!(table[2].starts_with("  f22 "), "{t}");
    assert!(table[2].contains(" 1/23 "), "{t}");
    // f21 (odd): none exercised.
    assert!(table[3].contains(" 0/22 "), "{t}");
    // The rest: f00, f01, f02 (1 + 2 + 3 examples, 2 exercised).
    let rest = table.last().unwrap();
    assert!(rest.starts_with("  (3 other families) "), "{t}");
    assert!(rest.contains(" 2/6 "), "{t}");
    assert!(rest.contains("33.3%"), "{t}");
}

#[test]
fn json_carries_everything_and_keeps_the_old_summary_keys() {
    let (_dir, path) = sample();
    let v = verify(&path, None).unwrap();
    let mut out = Vec::new();
    write_json(&mut out, &v).unwrap();
    let lines: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = lines.last().unwrap();
    assert_eq!(summary["kind"], "summary");
    for (key, n) in [
        ("requests", 6),
        ("unmatched", 2),
        ("examples", 2),
        ("exercised", 2),
        ("matched", 3),
        ("protocol", 1),
        ("in_batch", 2),
        ("repaired", 2),
        ("synthesised", 1),
        ("families", 1),
    ] {
        assert_eq!(summary[key], n, "{key}: {summary}");
    }
    assert_eq!(summary["repaired_codes"], json!({"MC2001": 2, "MC4002": 1}));
    let kind = |k: &str| lines.iter().filter(|l| l["kind"] == k).collect::<Vec<_>>();
    assert_eq!(kind("coverage")[0]["family"], "widget");
    assert_eq!(kind("unmatched").len(), 2);
    let repaired = kind("repaired");
    assert_eq!(repaired.len(), 2);
    assert_eq!(repaired[1]["example"], "v1.0/api/widget-get#get_widget");
    assert_eq!(repaired[1]["codes"], json!({"MC2001": 1, "MC4002": 1}));
    assert_eq!(
        kind("family")[0],
        &json!({"kind": "family", "family": "widget", "examples": 2, "exercised": 2, "requests": 3})
    );
}

#[test]
fn the_live_tally_counts_answers_protocol_and_batches() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let suite = crate::suite::load_paths(&[specs]).expect("specs load");
    let index = Index::new(&suite);
    let tally = Tally::new(&index);
    let repaired = Answer {
        via: "example".into(),
        pattern: "/widgets/{id}".into(),
        repaired: vec!["MC2001".into()],
        ..Answer::default()
    };
    tally.protocol();
    tally.answered(0, &repaired, 3);
    tally.in_batch();
    tally.answered(0, &repaired, 2);
    tally.in_batch();
    tally.answered(
        1,
        &Answer {
            synthesised: true,
            ..Answer::default()
        },
        4,
    );
    tally.matched(1);
    tally.unmatched(Unmatched {
        line: 6,
        method: "GET".into(),
        url: "/nowhere".into(),
        miss: Miss {
            closest: None,
            reason: "no example".into(),
        },
    });
    let v = tally.verdict();
    assert_eq!(
        (v.requests, v.protocol, v.in_batch, v.matched()),
        (6, 1, 2, 4)
    );
    assert_eq!((v.unmatched_total(), v.synthesised), (1, 1));
    assert_eq!(v.repaired_requests, 2);
    assert_eq!(
        v.repaired_codes,
        BTreeMap::from([("MC2001".to_string(), 2)])
    );
    let first = index.ids().next().unwrap().as_str();
    assert_eq!(v.repaired[first].requests, 2);
    assert_eq!(v.repaired[first].line, 2, "the first journal line");
    assert_eq!(v.coverage[first], 2);
    let t = text(&v, false);
    assert!(t.starts_with("6 requests; 1 unmatched; 2 of "), "{t}");
}

/// SARIF places an example from what its page noted while it streamed by:
/// the same region, ends included, as the SARIF writer gives it from the
/// page itself.
#[test]
fn sarif_places_examples_as_their_pages_would() {
    use crate::outcome::{Code, Finding};
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let suite = crate::suite::load_paths(&[specs]).expect("specs load");
    let mut places = ExamplePlaces::new();
    let mut v = Verdict::default();
    let mut expected = BTreeMap::new();
    for page in &suite.pages {
        places.push(ExamplePlaces::of_page(page));
        for ex in &page.examples {
            let id = ex.id.as_str().to_string();
            v.coverage.insert(id.clone(), 0);
            let f = Finding::new(
                Code::ServeNotExercised,
                &page.source,
                ex.request.place.span,
                "",
            )
            .with_example(id.clone());
            let lookup = crate::report::sources::by_file(std::slice::from_ref(page));
            let log = crate::report::sarif::sarif(&[f], "0", &lookup);
            let at = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
            expected.insert(id, at.to_string());
        }
    }
    let (_dir, journal) = sample();
    let log: Value = serde_json::from_str(&sarif(&v, &journal, &places).unwrap()).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), expected.len());
    assert!(results.len() > 10, "{} examples", results.len());
    for r in results {
        let id = r["properties"]["example"].as_str().unwrap();
        let at = &r["locations"][0]["physicalLocation"];
        assert!(at["region"]["endColumn"].is_u64(), "{at}");
        assert_eq!(at.to_string(), expected[id], "{id}");
    }
}
