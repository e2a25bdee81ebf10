//! What `check` writes: rustc-style text, JSON lines and SARIF, and the notes
//! on the API versions no metadata covers.

use std::io::Write;

use super::{console, jsonl, sarif, sources};
use crate::checks::CheckContext;
use crate::config::Config;
use crate::outcome::{Finding, Tally};
use crate::runner::CheckedPage;

/// One JSON line per finding, then the summary.
pub fn write_json(
    out: &mut dyn Write,
    findings: &[Finding],
    pages: &[CheckedPage],
    tally: Tally,
    suppressed: usize,
) -> std::io::Result<()> {
    for f in findings {
        serde_json::to_writer(&mut *out, &jsonl::finding_line(f))?;
        out.write_all(b"\n")?;
    }
    let summary = serde_json::json!({
        "kind": "summary",
        "pages": pages.len(),
        "examples": pages.iter().map(|p| p.examples).sum::<usize>(),
        "findings": { "error": tally.errors, "warning": tally.warnings, "note": tally.notes },
        "suppressed": suppressed,
    });
    serde_json::to_writer(&mut *out, &summary)?;
    out.write_all(b"\n")
}

/// The SARIF log of `findings`, pretty-printed, with the snippets of the
/// suite's pages.
pub fn write_sarif(
    out: &mut dyn Write,
    findings: &[Finding],
    pages: &[CheckedPage],
) -> std::io::Result<()> {
    let log = sarif::sarif(
        findings,
        env!("CARGO_PKG_VERSION"),
        &sources::by_source(pages.iter().map(|p| &*p.source)),
    );
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

/// Notes for the API versions of the pages that no metadata covers: their
/// bodies were checked against the docs' own resource pages, or, for a
/// version without any, against nothing.
pub fn unchecked_versions(
    config: &Config,
    pages: &[CheckedPage],
    ctx: &CheckContext,
) -> Vec<String> {
    let mut versions: Vec<Option<String>> = pages
        .iter()
        .filter(|p| p.examples > 0)
        .map(|p| p.folder_version().map(str::to_string))
        .collect();
    versions.sort();
    versions.dedup();
    let mut from_pages = Vec::new();
    let mut nothing = Vec::new();
    for v in versions {
        if !config.metadata_for(v.as_deref()).is_empty() {
            continue;
        }
        let name = v
            .clone()
            .unwrap_or_else(|| "pages outside a version folder".into());
        if ctx
            .schemas(v.as_deref())
            .is_some_and(|r| !r.types().is_empty())
        {
            from_pages.push(name);
        } else {
            nothing.push(name);
        }
    }
    let mut notes = Vec::new();
    if !nothing.is_empty() {
        notes.push(format!(
            "no metadata for {}: response bodies had no schema to check against \
             (give --metadata VERSION=FILE.csdl.xml)",
            nothing.join(", ")
        ));
    }
    if !from_pages.is_empty() {
        notes.push(format!(
            "no metadata for {}: response bodies were checked against the docs' own \
             resource pages only (give --metadata VERSION=FILE.csdl.xml to check them \
             against the service's schema)",
            from_pages.join(", ")
        ));
    }
    notes
}

/// rustc-style findings in page order, then the summary (only the summary
/// with `quiet`).
pub fn write_text(
    out: &mut dyn Write,
    findings: &[Finding],
    pages: &[CheckedPage],
    summary: &console::CheckSummary<'_>,
    quiet: bool,
) -> std::io::Result<()> {
    let mut text = String::new();
    let mut pages = pages.iter().peekable();
    for f in findings.iter().filter(|_| !quiet) {
        // Findings are in page order: advance to the finding's page.
        while pages
            .peek()
            .is_some_and(|p| p.source.display_path() != f.file)
        {
            pages.next();
        }
        console::render_finding(&mut text, f, pages.peek().map(|p| &*p.source));
        text.push('\n');
    }
    summary.render(&mut text);
    out.write_all(text.as_bytes())
}
