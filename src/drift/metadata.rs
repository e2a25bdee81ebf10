//! Metadata ⇄ metadata: what changed between two CSDL files.

use std::path::Path;

use super::DriftReport;

/// Compares the CSDL at `from` (old) with the one at `to` (new). Errors name
/// the file, line and column.
pub fn compare_files(from: &Path, to: &Path) -> Result<DriftReport, String> {
    Err(format!(
        "drift --from {} --to {}: not implemented yet",
        from.display(),
        to.display()
    ))
}
