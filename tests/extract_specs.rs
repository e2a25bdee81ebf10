//! Snapshot of the extraction of every page in `specs/`, one snapshot per page
//! (insta's three-argument `glob!`), written under `snapshots/extract/`.
//!
//! The snapshot is the page's JSON lines with the page path made relative, so
//! a change to the extractor or to a spec page shows up as a reviewable diff
//! (`cargo insta review`); CI never accepts snapshots.

use std::path::Path;
use std::sync::Arc;

use mdcontract::contract::extract_page;
use mdcontract::report::jsonl;
use mdcontract::source::{SourceFile, page_key};

#[test]
fn extraction_of_each_spec_page() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    insta::with_settings!({
        snapshot_path => "../snapshots/extract",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("../specs", "**/*.md", |path| {
            if path.file_name().is_some_and(|n| n == "README.md") {
                return;
            }
            let key = page_key(&specs, path);
            let bytes = std::fs::read(path).expect("spec page is readable");
            let rel = Path::new("specs").join(path.strip_prefix(&specs).expect("under specs"));
            let page = extract_page(Arc::new(SourceFile::new(rel, key, bytes)));
            let lines: Vec<serde_json::Value> = jsonl::page_lines(&page);
            insta::assert_json_snapshot!(lines);
        });
    });
}
