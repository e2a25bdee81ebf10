//! `verify`'s findings as SARIF: the journal is an artifact like a page, so
//! an unmatched request points at its journal line and a repaired or
//! unexercised example at its request on the page.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::serve::Verdict;
use crate::source::{SourceFile, Span};

/// Where the examples of the docs are, for SARIF to place them: each page
/// that has examples, with the id and request span of each.
pub type ExamplePlaces = Vec<(Arc<SourceFile>, Vec<(String, Span)>)>;

/// SARIF over the verdict's findings, pretty-printed with a final newline.
/// `journal` is read again for its lines (`verify` streamed it); `examples`
/// (the docs given) places the examples on their pages.
pub fn sarif(
    verdict: &Verdict,
    journal: &Path,
    examples: &ExamplePlaces,
) -> std::io::Result<String> {
    let journal = std::fs::read(journal).map(|bytes| {
        SourceFile::new(journal.to_path_buf(), journal.display().to_string(), bytes)
    })?;
    let places: HashMap<&str, (&SourceFile, Span)> = examples
        .iter()
        .flat_map(|(source, ids)| {
            ids.iter()
                .map(move |(id, span)| (id.as_str(), (&**source, *span)))
        })
        .collect();
    let findings = verdict.findings(Some(&journal), &|id| places.get(id).copied());
    let by_file = super::super::sources::by_source(examples.iter().map(|(source, _)| &**source));
    let lookup = |file: &str| {
        if file == journal.display_path() {
            Some(&journal)
        } else {
            by_file(file)
        }
    };
    let log = super::super::sarif::sarif(&findings, env!("CARGO_PKG_VERSION"), &lookup);
    let mut out = serde_json::to_string_pretty(&log)?;
    out.push('\n');
    Ok(out)
}
