//! What `extract` writes: JSON lines of every page's examples, resources,
//! templates, ignored blocks and findings; or one line per example on
//! standard output and the findings with a summary for standard error.

use std::io::Write;

use super::{console, jsonl};
use crate::contract::Page;
use crate::outcome::Tally;
use crate::suite::Suite;

/// Every page's lines, then the summary.
pub fn write_json(out: &mut dyn Write, suite: &Suite) -> std::io::Result<()> {
    for page in &suite.pages {
        jsonl::write_page(out, page)?;
    }
    serde_json::to_writer(&mut *out, &jsonl::summary_line(suite))?;
    out.write_all(b"\n")
}

/// One line per example to `out`; the findings and the summary to `err`.
pub fn write_text(
    out: &mut dyn Write,
    err: &mut String,
    suite: &Suite,
    tally: Tally,
) -> std::io::Result<()> {
    for (page, ex) in suite.examples() {
        writeln!(
            out,
            "{}:{}  {}  {} {} -> {}",
            page.source.display_path(),
            ex.request.place.at.line,
            ex.id,
            ex.request.message.method,
            ex.request.message.url,
            ex.response.message.status
        )?;
    }
    for page in &suite.pages {
        for f in &page.findings {
            console::render_finding(err, f, Some(&page.source));
            err.push('\n');
        }
    }
    let count = |f: fn(&Page) -> usize| suite.pages.iter().map(f).sum::<usize>();
    err.push_str(&format!(
        "extracted {} pages: {} examples, {} resources, {} templates; {}\n",
        suite.pages.len(),
        count(|p| p.examples.len()),
        count(|p| p.resources.len()),
        count(|p| p.templates.len()),
        console::tally_line(tally)
    ));
    Ok(())
}
