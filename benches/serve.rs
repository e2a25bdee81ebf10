//! `serve`'s request path without the network: `Index::lookup` for every
//! documented example request of the whole shared corpus, as `serve` with
//! both CSDL files judges it (typed bodies, ranking, repair).
//!
//! `MDCONTRACT_CORPUS=../shared/corpus/graph-docs-2021 MDCONTRACT_METADATA=../shared/metadata/graph-2021-07 cargo bench --bench serve`
//!
//! Timed: one lookup per example request (method, URL, `Content-Type` and
//! body as documented), in suite order, on one thread. Divide the median by
//! the number of requests printed for the time per request; the network
//! side (hyper, the kernel's loopback) is measured by `benches/serve-load.sh`.
//!
//! `lookup_unmatched` times the same requests each sent to a path one
//! segment longer than documented (`…/mdcontractNoSuchSegment`): requests
//! that match nothing, whose closest example is looked for (issue 11).

use std::path::PathBuf;
use std::sync::Arc;

use mdcontract::config::Config;
use mdcontract::replay::prepare::Prepared;
use mdcontract::serve::{Index, IndexOptions, Lookup};
use mdcontract::{runner, suite};

fn main() {
    divan::main();
}

struct Request {
    method: String,
    target: String,
    content_type: Option<String>,
    body: Vec<u8>,
}

fn index_and_requests() -> Option<(Index, Vec<Request>)> {
    let corpus = std::env::var_os("MDCONTRACT_CORPUS").map(PathBuf::from)?;
    let meta = std::env::var_os("MDCONTRACT_METADATA").map(PathBuf::from)?;
    let config = Config::from_metadata_dir(&meta);
    let suite = suite::load_paths(std::slice::from_ref(&corpus)).expect("corpus loads");
    let ctx = runner::check_context(&config, &suite).expect("metadata loads");
    let index = Index::with_check(&suite, Arc::new(ctx), IndexOptions::default());
    let requests = (0..index.route_count())
        .filter_map(|r| index.example(r))
        .filter_map(|(source, ex)| Prepared::new(source, ex).ok())
        .map(|p| Request {
            content_type: p
                .request
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                .map(|(_, v)| v.clone()),
            method: p.request.method,
            target: p.request.target,
            body: p.request.body.bytes,
        })
        .collect();
    Some((index, requests))
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn lookup_every_example(bencher: divan::Bencher) {
    let Some((index, requests)) = index_and_requests() else {
        eprintln!("MDCONTRACT_CORPUS and MDCONTRACT_METADATA must be set: nothing to benchmark");
        return;
    };
    let matched = requests
        .iter()
        .filter(|r| {
            matches!(
                index.lookup(&r.method, &r.target, r.content_type.as_deref(), &r.body),
                Lookup::Matched { .. }
            )
        })
        .count();
    eprintln!("{} requests, {matched} matched", requests.len());
    bencher.bench(|| {
        requests
            .iter()
            .filter(|r| {
                matches!(
                    index.lookup(&r.method, &r.target, r.content_type.as_deref(), &r.body),
                    Lookup::Matched { .. }
                )
            })
            .count()
    });
}

/// `target` with one undocumented segment added to its path, the query kept.
fn one_segment_too_many(target: &str) -> String {
    match target.split_once('?') {
        Some((path, query)) => format!("{path}/mdcontractNoSuchSegment?{query}"),
        None => format!("{target}/mdcontractNoSuchSegment"),
    }
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn lookup_unmatched(bencher: divan::Bencher) {
    let Some((index, mut requests)) = index_and_requests() else {
        eprintln!("MDCONTRACT_CORPUS and MDCONTRACT_METADATA must be set: nothing to benchmark");
        return;
    };
    for r in &mut requests {
        r.target = one_segment_too_many(&r.target);
    }
    let unmatched = |index: &Index, requests: &[Request]| {
        requests
            .iter()
            .filter(|r| {
                matches!(
                    index.lookup(&r.method, &r.target, r.content_type.as_deref(), &r.body),
                    Lookup::Unmatched(_)
                )
            })
            .count()
    };
    eprintln!(
        "{} requests, {} unmatched",
        requests.len(),
        unmatched(&index, &requests)
    );
    bencher.bench(|| unmatched(&index, &requests));
}
