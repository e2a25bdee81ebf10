//! The markdown extractor (and every check `check` runs without metadata)
//! over arbitrary page text.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use mdcontract::contract::extract_page;
use mdcontract::source::SourceFile;

fuzz_target!(|text: &str| {
    let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/fuzz.md", text)));
    let _ = page.findings.len();
});
