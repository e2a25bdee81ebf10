//! Schema benchmarks over the real beta metadata (4.2 MB of CSDL, 2,601
//! structured and 874 enum types).
//!
//! `MDCONTRACT_METADATA=../shared/metadata/graph-2021-07 cargo bench --bench schema`
//! Without the variable every benchmark returns at once. The CSDL text is
//! read outside the timed region.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use mdcontract::schema::csdl::Csdl;
use mdcontract::schema::{SchemaRegistry, TypeSet, export_schema, export_schemas};

fn main() {
    divan::main();
}

fn beta_xml() -> Option<String> {
    let dir = std::env::var_os("MDCONTRACT_METADATA").map(PathBuf::from)?;
    std::fs::read_to_string(dir.join("beta.csdl.xml")).ok()
}

fn beta_types() -> Option<TypeSet> {
    let csdl = Csdl::parse(&beta_xml()?).ok()?;
    Some(TypeSet::from_csdl(&csdl, "beta"))
}

/// `Csdl::parse` of the whole document.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn csdl_parse(bencher: divan::Bencher) {
    let Some(xml) = beta_xml() else {
        eprintln!("MDCONTRACT_METADATA is not set: nothing to benchmark");
        return;
    };
    bencher.bench(|| {
        Csdl::parse(&xml)
            .map(|c| c.stats().entity_types)
            .unwrap_or(0)
    });
}

/// `TypeSet::from_csdl` from a parsed document.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn typeset_build(bencher: divan::Bencher) {
    let Some(csdl) = beta_xml().and_then(|x| Csdl::parse(&x).ok()) else {
        return;
    };
    bencher.bench(|| TypeSet::from_csdl(&csdl, "beta").len());
}

/// `export_schemas` of every type into a new directory (3,476 files,
/// 6.5 MB). Each sample writes a fresh directory, as a first export does.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn export_all(bencher: divan::Bencher) {
    let Some(types) = beta_types() else { return };
    let Ok(root) = tempfile::tempdir() else {
        return;
    };
    let n = AtomicUsize::new(0);
    bencher
        .with_inputs(|| {
            root.path()
                .join(n.fetch_add(1, Ordering::Relaxed).to_string())
        })
        .bench_values(|dir| export_schemas(&types, &dir).map(|r| r.schemas).unwrap_or(0));
}

/// The CPU part of the export: every document built and pretty-printed,
/// nothing written. `export_all` minus this is the file system's share.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn export_render_only(bencher: divan::Bencher) {
    let Some(types) = beta_types() else { return };
    bencher.bench(|| {
        types
            .types()
            .filter_map(|t| export_schema(&types, &t.name))
            .map(|d| serde_json::to_vec_pretty(&d).map_or(0, |b| b.len()))
            .sum::<usize>()
    });
}

/// Compiling shallow validators for 200 types spread over the set, in a new
/// registry each sample (so the shared pattern cache starts empty too).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn shallow_compile_200(bencher: divan::Bencher) {
    let Some(types) = beta_types() else { return };
    let types = Arc::new(types);
    let names: Vec<String> = types
        .structured_types()
        .step_by(13)
        .take(200)
        .map(|t| t.name.clone())
        .collect();
    bencher
        .with_inputs(|| SchemaRegistry::new(Arc::clone(&types)))
        .bench_values(|registry| {
            names
                .iter()
                .filter(|n| registry.validator(n).is_ok())
                .count()
        });
}

/// Compiling the shallow validator of every structured type (2,601).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn shallow_compile_all(bencher: divan::Bencher) {
    let Some(types) = beta_types() else { return };
    let types = Arc::new(types);
    bencher
        .with_inputs(|| SchemaRegistry::new(Arc::clone(&types)))
        .bench_values(|registry| {
            types
                .structured_types()
                .filter(|t| registry.validator(&t.name).is_ok())
                .count()
        });
}
