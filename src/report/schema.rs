//! What `schema` says when it has written the JSON Schemas: one line for
//! standard error.

use crate::schema::export::ExportReport;

/// `wrote N schemas (B bytes) and INDEX to DIR`, with its newline.
pub fn written(report: &ExportReport) -> String {
    format!(
        "wrote {} schemas ({} bytes) and {} to {}\n",
        report.schemas,
        report.bytes,
        report.index.display(),
        report.dir.display()
    )
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn names_the_count_the_bytes_the_index_and_the_folder() {
        let report = ExportReport {
            dir: PathBuf::from("out"),
            schemas: 3,
            bytes: 1200,
            index: PathBuf::from("out/index.json"),
        };
        assert_eq!(
            written(&report),
            "wrote 3 schemas (1200 bytes) and out/index.json to out\n"
        );
    }
}
