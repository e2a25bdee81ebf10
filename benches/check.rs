//! `check` over the whole shared corpus with both CSDL and permission files.
//!
//! `MDCONTRACT_CORPUS=../shared/corpus/graph-docs-2021 MDCONTRACT_METADATA=../shared/metadata/graph-2021-07 cargo bench --bench check`
//!
//! Timed: reading and parsing the four metadata files, reading and extracting
//! every page, and running every check — everything `mdcontract check` does
//! but printing.

use std::path::PathBuf;
use std::sync::Arc;

use mdcontract::checks::{self, CheckContext};
use mdcontract::schema::csdl::{Csdl, PermissionScopes};
use mdcontract::suite;

fn main() {
    divan::main();
}

fn paths() -> Option<(PathBuf, PathBuf)> {
    let corpus = PathBuf::from(std::env::var_os("MDCONTRACT_CORPUS")?);
    let meta = PathBuf::from(std::env::var_os("MDCONTRACT_METADATA")?);
    Some((corpus, meta))
}

fn context(meta: &std::path::Path) -> CheckContext {
    let mut ctx = CheckContext::new();
    for v in ["v1.0", "beta"] {
        let csdl = std::fs::read_to_string(meta.join(format!("{v}.csdl.xml"))).expect("csdl");
        let scopes = std::fs::read_to_string(meta.join(format!("{v}.permissions.xml")))
            .expect("permissions");
        ctx = ctx
            .with_csdl(Some(v), Arc::new(Csdl::parse(&csdl).expect("csdl parses")))
            .with_scopes(
                Some(v),
                Arc::new(PermissionScopes::parse(&scopes).expect("permissions parse")),
            );
    }
    ctx
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn check_corpus(bencher: divan::Bencher) {
    let Some((corpus, meta)) = paths() else {
        eprintln!("MDCONTRACT_CORPUS and MDCONTRACT_METADATA must be set: nothing to benchmark");
        return;
    };
    bencher.bench(|| {
        let (ctx, suite) = rayon::join(
            || context(&meta),
            || suite::load_paths(std::slice::from_ref(&corpus)).expect("corpus loads"),
        );
        let found = checks::run(&suite, &ctx, &checks::default_checks());
        found.iter().map(Vec::len).sum::<usize>()
    });
}
