//! Tests of the runner: streamed and whole runs find the same.

use super::*;

/// Streaming (every folder has metadata) and loading the whole suite
/// first (some folder has none) give the same findings, pages and
/// counts as loading the suite and checking it.
#[test]
fn streamed_and_whole_runs_find_the_same() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let full = Config::from_metadata_dir(&specs.join("metadata"));
    let beta_only = tempfile::tempdir().expect("tempdir");
    for f in ["beta.csdl.xml", "beta.permissions.xml"] {
        std::fs::copy(specs.join("metadata").join(f), beta_only.path().join(f)).expect("copy");
    }
    let partial = Config::from_metadata_dir(beta_only.path());
    let both = BTreeSet::from([Some("beta".to_string()), Some("v1.0".to_string())]);
    assert!(!needs_docs(&full, &both));
    assert!(needs_docs(&partial, &both));
    let paths = [specs.join("beta"), specs.join("v1.0")];
    for config in [&full, &partial] {
        let (suite, ctx) = load_checked(config, &paths).expect("loads");
        let whole = check(&suite, &ctx);
        let checked = check_paths(config, &paths).expect("checks");
        assert!(!whole.is_empty(), "the specs pages have defects on purpose");
        assert_eq!(checked.findings, whole);
        assert_eq!(checked.pages.len(), suite.pages.len());
        assert_eq!(checked.examples(), suite.examples().count());
        let keys = |it: Vec<&str>| it.join(" ");
        assert_eq!(
            keys(
                checked
                    .pages
                    .iter()
                    .map(|p| p.source.page.as_str())
                    .collect()
            ),
            keys(suite.pages.iter().map(|p| p.source.page.as_str()).collect())
        );
    }
}

/// A replay's pages keep their examples, and its context has the same
/// schemas, docs-derived ones included, as the whole suite's.
#[test]
fn examples_only_load_keeps_examples_and_schemas() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let paths = [specs.join("beta"), specs.join("v1.0")];
    let config = Config::default();
    let (whole, whole_ctx) = load_checked(&config, &paths).expect("loads");
    let (slim, slim_ctx) = load_examples(&config, &paths).expect("loads");
    let ids = |s: &Suite| -> Vec<String> { s.examples().map(|(_, e)| e.id.0.clone()).collect() };
    assert!(!ids(&whole).is_empty());
    assert_eq!(ids(&slim), ids(&whole));
    assert!(
        slim.pages
            .iter()
            .all(|p| p.resources.is_empty() && p.fences.is_empty())
    );
    assert!(whole.pages.iter().any(|p| !p.resources.is_empty()));
    for v in [Some("v1.0"), Some("beta"), None] {
        let types = |c: &CheckContext| c.schemas(v).map(|r| r.types().len());
        assert_eq!(types(&slim_ctx), types(&whole_ctx), "{v:?}");
    }
    assert!(
        whole_ctx
            .schemas(Some("v1.0"))
            .is_some_and(|r| !r.types().is_empty())
    );
}
