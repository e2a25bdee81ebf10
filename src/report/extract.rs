//! What `extract` writes: JSON lines of every page's examples, resources,
//! templates, ignored blocks and findings; or one line per example on
//! standard output and the findings with a summary for standard error.
//!
//! Each page is rendered on the thread that extracted it ([`render_json`],
//! [`render_text`]) and the command writes the renderings in page order, so
//! no page outlives its rendering.

use std::io::Write;

use super::console;
use super::jsonl::{self, Totals};
use crate::contract::Page;

/// One page's share of the output.
#[derive(Debug, Default)]
pub struct Rendered {
    /// For standard output.
    pub out: Vec<u8>,
    /// For standard error (text format: the page's findings).
    pub err: String,
    pub totals: Totals,
}

/// The page's JSON lines.
pub fn render_json(page: &Page) -> Rendered {
    let mut out = Vec::with_capacity(page.source.text.len() / 2);
    // Writing into a Vec cannot fail.
    let _ = jsonl::write_page(&mut out, page);
    Rendered {
        out,
        err: String::new(),
        totals: Totals::of(page),
    }
}

/// One line per example of the page; its findings for standard error.
pub fn render_text(page: &Page) -> Rendered {
    let mut out = Vec::new();
    for ex in &page.examples {
        let _ = writeln!(
            out,
            "{}:{}  {}  {} {} -> {}",
            page.source.display_path(),
            ex.request.place.at.line,
            ex.id,
            ex.request.message.method,
            ex.request.message.url,
            ex.response.message.status
        );
    }
    let mut err = String::new();
    for f in &page.findings {
        console::render_finding(&mut err, f, Some(&page.source));
        err.push('\n');
    }
    Rendered {
        out,
        err,
        totals: Totals::of(page),
    }
}

/// The closing JSON line.
pub fn write_json_summary(out: &mut dyn Write, totals: &Totals) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &totals.summary_line())?;
    out.write_all(b"\n")
}

/// The closing text line, for standard error.
pub fn text_summary(totals: &Totals) -> String {
    format!(
        "extracted {} pages: {} examples, {} resources, {} templates; {}\n",
        totals.pages,
        totals.examples,
        totals.resources,
        totals.templates,
        console::tally_line(totals.findings)
    )
}
