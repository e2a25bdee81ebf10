//! The real Microsoft Graph corpus: extraction must survive every page and
//! account for every fence.
//!
//! The corpus lives outside the repository; point `MDCONTRACT_CORPUS` at it
//! (`.ci/run` sets it to `../shared/corpus/graph-docs-2021`). Without it the
//! tests are ignored and say so (under `CI=true` they fail).

// Test functions without `#[test]` (a libtest-mimic harness, see
// tests/common/gate.rs): clippy.toml's allow-unwrap-in-tests does not see
// them as tests.
#![allow(clippy::unwrap_used)]

mod common;

use mdcontract::contract::{Disposition, IgnoreReason};
use mdcontract::suite;

use common::gate::{self, Gated};

/// Within `tolerance` (a fraction) of `expected`.
fn near(actual: usize, expected: usize, tolerance: f64) -> bool {
    (actual as f64 - expected as f64).abs() <= expected as f64 * tolerance
}

fn every_http_or_json_fence_of_every_page_is_accounted_for() -> Gated {
    let dir = gate::corpus()?;
    let suite = suite::load_paths(&[dir]).expect("corpus loads");
    let mut unaccounted = Vec::new();
    for page in &suite.pages {
        for fence in &page.fences {
            let lang = fence
                .info
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let httpish = matches!(lang.as_str(), "http" | "json" | "msgraph-interactive");
            if httpish
                && fence.disposition
                    == (Disposition::Ignored {
                        reason: IgnoreReason::OtherLanguage,
                    })
            {
                unaccounted.push(format!(
                    "{}:{}",
                    page.source.display_path(),
                    fence.place.at.line
                ));
            }
        }
    }
    assert!(
        unaccounted.is_empty(),
        "fences with no fate: {unaccounted:#?}"
    );
    Ok(())
}

fn corpus_counts_agree_with_the_independent_count() -> Gated {
    let dir = gate::corpus()?;
    let suite = suite::load_paths(&[dir]).expect("corpus loads");
    let mut stats = mdcontract::contract::PageStats::default();
    for p in &suite.pages {
        stats += p.stats;
    }
    let both = |v: &str| {
        suite
            .examples()
            .filter(|(p, e)| {
                e.request.annotated && e.response.annotated && p.folder_version() == Some(v)
            })
            .count()
    };
    let neither = |v: &str| {
        suite
            .examples()
            .filter(|(p, e)| {
                !e.request.annotated && !e.response.annotated && p.folder_version() == Some(v)
            })
            .count()
    };
    let got = [
        ("pages", suite.pages.len(), 7_741),
        ("annotated v1.0", both("v1.0"), 983),
        ("annotated beta", both("beta"), 1_687),
        ("unannotated v1.0", neither("v1.0"), 529),
        ("unannotated beta", neither("beta"), 1_875),
        ("request JSON bodies", stats.request_json, 1_966),
        ("response JSON bodies", stats.response_json, 4_010),
        ("resource blocks", stats.resource_json, 2_352),
        ("not strict JSON", stats.not_strict, 220),
    ];
    eprintln!("{:<22} {:>7} {:>9}", "count", "ours", "reference");
    for (what, ours, reference) in got {
        eprintln!("{what:<22} {ours:>7} {reference:>9}");
    }
    let off: Vec<_> = got.iter().filter(|(_, o, r)| !near(*o, *r, 0.01)).collect();
    assert!(
        off.is_empty(),
        "counts more than 1 % away from the reference: {off:?}"
    );
    Ok(())
}

/// The gate itself: a missing prerequisite reads as ignored, with its reason,
/// and under CI as a failure naming it.
fn a_missing_prerequisite_is_ignored_with_its_reason_and_fails_under_ci() {
    use libtest_mimic::Completion;
    let missing = || gate::Missing::new("a thing", "make thing");
    match gate::completion(Err(missing()), false) {
        Ok(Completion::Ignored { reason: Some(r) }) => {
            assert_eq!(r, "needs a thing; provide it with: make thing")
        }
        _ => panic!("not ignored"),
    }
    let failed = gate::completion(Err(missing()), true)
        .err()
        .expect("fails under CI");
    let message = failed.message().expect("a message");
    assert!(
        message.contains("needs a thing") && message.contains("CI=true"),
        "{message}"
    );
    assert!(matches!(
        gate::completion(Ok(()), true),
        Ok(Completion::Completed)
    ));
}

gated_tests!(
    every_http_or_json_fence_of_every_page_is_accounted_for,
    corpus_counts_agree_with_the_independent_count,
    a_missing_prerequisite_is_ignored_with_its_reason_and_fails_under_ci,
);
