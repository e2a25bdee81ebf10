//! Drift benchmarks over the real Graph metadata: v1.0 (1.5 MB of CSDL)
//! against beta (4.2 MB), about 4,300 differences.
//!
//! `MDCONTRACT_METADATA=../shared/metadata/graph-2021-07 cargo bench --bench drift`
//! Without the variable every benchmark returns at once.

use std::path::PathBuf;

use mdcontract::drift::metadata;
use mdcontract::report::drift::{self as report, Format};
use mdcontract::schema::csdl::Csdl;

fn main() {
    divan::main();
}

fn paths() -> Option<(PathBuf, PathBuf)> {
    let dir = std::env::var_os("MDCONTRACT_METADATA").map(PathBuf::from)?;
    Some((dir.join("v1.0.csdl.xml"), dir.join("beta.csdl.xml")))
}

fn parsed() -> Option<(Csdl, Csdl)> {
    let (from, to) = paths()?;
    let read = |p: &PathBuf| {
        std::fs::read_to_string(p)
            .ok()
            .and_then(|x| Csdl::parse(&x).ok())
    };
    Some((read(&from)?, read(&to)?))
}

/// What `mdcontract drift --from v1.0 --to beta` does before writing: read
/// and parse both files (in parallel), compare, sort.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn drift_v1_to_beta(bencher: divan::Bencher) {
    let Some((from, to)) = paths() else {
        eprintln!("MDCONTRACT_METADATA is not set: nothing to benchmark");
        return;
    };
    bencher.bench(|| {
        metadata::compare_files(&from, &to)
            .map(|r| r.items.len())
            .unwrap_or(0)
    });
}

/// The comparison alone, both documents already parsed.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn drift_compare_only(bencher: divan::Bencher) {
    let Some((old, new)) = parsed() else { return };
    bencher.bench(|| metadata::compare(&old, "v1.0", &new, "beta").items.len());
}

/// The text report of the comparison (about 4,300 lines), into memory.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn drift_write_text(bencher: divan::Bencher) {
    let Some((old, new)) = parsed() else { return };
    let r = metadata::compare(&old, "v1.0", &new, "beta");
    bencher.bench(|| {
        let mut out = Vec::with_capacity(1 << 20);
        report::write(&mut out, Format::Text, &r).map_or(0, |()| out.len())
    });
}
