//! `verify`'s findings as SARIF: the journal is an artifact like a page, so
//! an unmatched request points at its journal line and a repaired or
//! unexercised example at its request on the page.

use std::collections::HashMap;
use std::path::Path;

use crate::serve::{Index, Verdict};
use crate::source::{SourceFile, Span};
use crate::suite::Suite;

/// SARIF over the verdict's findings, pretty-printed with a final newline.
/// `journal` is read again for its lines (`verify` streamed it); `index` and
/// `suite` (the docs given) place the examples on their pages.
pub fn sarif(
    verdict: &Verdict,
    journal: &Path,
    index: Option<&Index>,
    suite: Option<&Suite>,
) -> std::io::Result<String> {
    let journal = std::fs::read(journal).map(|bytes| {
        SourceFile::new(journal.to_path_buf(), journal.display().to_string(), bytes)
    })?;
    let places: HashMap<&str, (&SourceFile, Span)> = index
        .map(|index| {
            (0..index.len())
                .filter_map(|n| index.example(n))
                .map(|(source, ex)| (ex.id.as_str(), (source, ex.request.place.span)))
                .collect()
        })
        .unwrap_or_default();
    let findings = verdict.findings(Some(&journal), &|id| places.get(id).copied());
    let pages = suite.map_or(&[][..], |s| &s.pages[..]);
    let by_file = super::super::sources::by_file(pages);
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
