//! Stub replay of every example of the shared corpus, with every check.
//!
//! `MDCONTRACT_CORPUS=../shared/corpus/graph-docs-2021 cargo bench --bench replay`
//!
//! Timed: preparing, serving (wiremock stubs started once, one mock routing
//! each request to its example by key: see `replay::StubTarget`),
//! sending and checking every example (status, Content-Type, body, both
//! bodies against the type schemas of the metadata in `MDCONTRACT_METADATA`
//! when set, else of the pages' resource blocks, and the insta snapshot),
//! 4 examples in flight per core on the shared runtime.
//! Loading the pages is not timed (the extract benchmark times it). The
//! snapshots are read from `target/mdcontract-snapshots/` and must exist
//! already, or every example fails its snapshot check and insta writes
//! `.snap.new` files on the clock: `benches/replay.sh` accepts them first with
//! `INSTA_UPDATE=always MDCONTRACT_DOCS=$MDCONTRACT_CORPUS cargo test --release --test contracts`.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use divan::counter::ItemsCount;
use mdcontract::checks::CheckContext;
use mdcontract::config::Config;
use mdcontract::replay::checks::{body_schema, snapshot};
use mdcontract::replay::{self, Replayer, Selection, TargetKind};
use mdcontract::suite::{self, Suite};

fn main() {
    divan::main();
}

struct Corpus {
    suite: Arc<Suite>,
    selection: Arc<Selection>,
    schemas: Arc<CheckContext>,
}

fn corpus() -> Option<&'static Corpus> {
    static CORPUS: OnceLock<Option<Corpus>> = OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let dir = PathBuf::from(std::env::var_os("MDCONTRACT_CORPUS")?);
            let suite = Arc::new(suite::load_paths(&[dir]).expect("corpus loads"));
            let selection = Arc::new(replay::all_examples(&suite));
            let config = std::env::var_os("MDCONTRACT_METADATA")
                .map(|m| Config::from_metadata_dir(std::path::Path::new(&m)))
                .unwrap_or_default();
            let schemas = Arc::new(
                mdcontract::runner::check_context(&config, &suite).expect("metadata loads"),
            );
            Some(Corpus {
                suite,
                selection,
                schemas,
            })
        })
        .as_ref()
}

fn run(corpus: &Corpus, replayer: &Arc<Replayer>) -> usize {
    let reports = replay::replay_suite(
        replayer.clone(),
        corpus.suite.clone(),
        corpus.selection.clone(),
        replay::default_jobs(),
        |_, _| {},
    );
    reports.iter().filter(|r| r.passed()).count()
}

fn stub() -> Arc<dyn replay::Target> {
    TargetKind::Stub.build().expect("stub target")
}

/// Every check, the snapshot included.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn replay_corpus_all_checks(bencher: divan::Bencher) {
    let Some(corpus) = corpus() else {
        eprintln!("MDCONTRACT_CORPUS is not set: nothing to benchmark");
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/mdcontract-snapshots");
    let replayer = Arc::new(
        Replayer::new(stub())
            .with_check(body_schema(corpus.schemas.clone()))
            .with_check(snapshot(root)),
    );
    bencher
        .counter(ItemsCount::new(corpus.selection.len()))
        .bench(|| run(corpus, &replayer));
}

/// Status, Content-Type, body and schemas: the cost of the snapshot check is
/// the difference with the benchmark above.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn replay_corpus_without_snapshots(bencher: divan::Bencher) {
    let Some(corpus) = corpus() else {
        eprintln!("MDCONTRACT_CORPUS is not set: nothing to benchmark");
        return;
    };
    let replayer = Arc::new(Replayer::new(stub()).with_check(body_schema(corpus.schemas.clone())));
    bencher
        .counter(ItemsCount::new(corpus.selection.len()))
        .bench(|| run(corpus, &replayer));
}
