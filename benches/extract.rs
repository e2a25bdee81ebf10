//! Full-corpus extraction benchmark.
//!
//! `MDCONTRACT_CORPUS=../shared/corpus/graph-docs-2021 cargo bench --bench extract`
//! Reads the files once, outside the timed region, then times discovery-free
//! extraction of every page (parallel, as `mdcontract extract` does it), and
//! separately a bare pulldown-cmark pass over the same text for comparison.

use std::path::PathBuf;
use std::sync::Arc;

use mdcontract::contract::extract_page;
use mdcontract::source::SourceFile;
use mdcontract::suite;
use rayon::prelude::*;

fn main() {
    divan::main();
}

fn corpus() -> Option<Vec<(PathBuf, String, Vec<u8>)>> {
    let root = std::env::var_os("MDCONTRACT_CORPUS").map(PathBuf::from)?;
    let inputs = suite::discover(&[root]).ok()?;
    Some(
        inputs
            .into_iter()
            .filter_map(|i| Some((i.path.clone(), i.page, std::fs::read(&i.path).ok()?)))
            .collect(),
    )
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn extract_corpus(bencher: divan::Bencher) {
    let Some(files) = corpus() else {
        eprintln!("MDCONTRACT_CORPUS is not set: nothing to benchmark");
        return;
    };
    bencher.bench(|| {
        files
            .par_iter()
            .map(|(path, page, bytes)| {
                let p = extract_page(Arc::new(SourceFile::new(
                    path.clone(),
                    page.clone(),
                    bytes.clone(),
                )));
                p.examples.len()
            })
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn load_corpus_from_disk(bencher: divan::Bencher) {
    let Some(root) = std::env::var_os("MDCONTRACT_CORPUS").map(PathBuf::from) else {
        return;
    };
    bencher.bench(|| {
        suite::load_paths(std::slice::from_ref(&root))
            .map(|s| s.pages.len())
            .unwrap_or(0)
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn pulldown_only(bencher: divan::Bencher) {
    let Some(files) = corpus() else { return };
    let texts: Vec<String> = files
        .iter()
        .map(|(_, _, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    bencher.bench(|| {
        texts
            .par_iter()
            .map(|t| {
                pulldown_cmark::Parser::new_ext(t, pulldown_cmark::Options::ENABLE_TABLES).count()
            })
            .sum::<usize>()
    });
}
