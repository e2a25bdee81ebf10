//! Writers for a [`DriftReport`]: text, JSON lines and markdown.
//!
//! All three serve every comparison. Items classified by [`Impact`]
//! (metadata ⇄ metadata) are listed breaking first; unclassified ones (docs ⇄
//! metadata, docs ⇄ live) in the report's order, and the summaries count
//! them by change and kind.
//!
//! - **text**: a headline, a table per kind and one per group (namespace,
//!   page family), then one line per item:
//!   `breaking removed property ns.t/p: Edm.String, nullable (old.xml:12 → new.xml:40)`.
//! - **JSON lines**: one `{"kind":"drift", "item_kind": ..., ...}` object per
//!   item (the [`DriftItem`] fields, its `kind` renamed `item_kind`), then
//!   one `{"kind":"summary", ...}` with the counts by change, impact, kind
//!   and group.
//! - **markdown**: a summary that fits a pull-request comment: headline,
//!   tables per kind and per group, the first [`MARKDOWN_LIST_CAP`] breaking
//!   changes, the additive ones inside `<details>`, then the unclassified
//!   differences; longer lists end with how many were left out.
//!
//! One file per format; `summary` holds the words and counts they share,
//! `live` the note a docs ⇄ live run ends with.

mod json;
mod live;
mod markdown;
mod summary;
mod text;

#[cfg(test)]
mod tests;

use std::io::{self, Write};

use crate::drift::DriftReport;

pub use live::live_note;
pub use markdown::MARKDOWN_LIST_CAP;

/// Output format of a drift report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// Writes `report` in `format`.
pub fn write(out: &mut dyn Write, format: Format, report: &DriftReport) -> io::Result<()> {
    match format {
        Format::Text => text::write_text(out, report),
        Format::Json => json::write_json(out, report),
        Format::Markdown => markdown::write_markdown(out, report),
    }
}

/// `report` in `format`, as text.
pub fn render(format: Format, report: &DriftReport) -> String {
    let mut out = Vec::with_capacity(1 << 14);
    // Writing into memory cannot fail, and every writer writes UTF-8.
    let _ = write(&mut out, format, report);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
