//! Writers for a [`DriftReport`]: text, JSON lines and markdown.
//!
//! (Placeholder bodies; the real writers replace them.)

use std::io::{self, Write};

use super::DriftReport;

/// Output format of a drift report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// Writes `report` in `format`.
pub fn write(out: &mut dyn Write, format: Format, report: &DriftReport) -> io::Result<()> {
    let _ = format;
    for item in &report.items {
        writeln!(out, "{} {}: {}", item.subject, item.detail, item.group)?;
    }
    Ok(())
}
