//! `check` over the whole shared corpus with both CSDL and permission files.
//!
//! `MDCONTRACT_CORPUS=../shared/corpus/graph-docs-2021 MDCONTRACT_METADATA=../shared/metadata/graph-2021-07 cargo bench --bench check`
//!
//! Timed: reading and extracting every page, reading and parsing the four
//! metadata files, building the schema registries, and running every check
//! (bodies included) — everything `mdcontract check` does but printing.

use std::path::PathBuf;

use mdcontract::config::Config;
use mdcontract::{runner, suite};

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn check_corpus(bencher: divan::Bencher) {
    let (Some(corpus), Some(meta)) = (
        std::env::var_os("MDCONTRACT_CORPUS").map(PathBuf::from),
        std::env::var_os("MDCONTRACT_METADATA").map(PathBuf::from),
    ) else {
        eprintln!("MDCONTRACT_CORPUS and MDCONTRACT_METADATA must be set: nothing to benchmark");
        return;
    };
    let config = Config::from_metadata_dir(&meta);
    bencher.bench(|| {
        let suite = suite::load_paths(std::slice::from_ref(&corpus)).expect("corpus loads");
        let ctx = runner::check_context(&config, &suite).expect("metadata loads");
        runner::check(&suite, &ctx).len()
    });
}
