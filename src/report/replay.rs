//! What `replay` writes on standard output: each failure explained and a
//! summary as text, or JSON lines (one per example, then the summary).

use std::io::Write;

use rayon::prelude::*;

use super::console;
use crate::replay::{ExampleReport, Summary, Verdict};

/// Each failure explained (not with `quiet`), then the summary, last, as
/// cargo test ends: failures per code, the counts, and why the exit code is 1.
pub fn write_text(
    out: &mut dyn Write,
    reports: &[ExampleReport],
    summary: Summary,
    seconds: f64,
    against: &str,
    quiet: bool,
) -> std::io::Result<()> {
    let failures = || reports.iter().filter(|r| !r.passed());
    if !quiet {
        for r in failures() {
            // Bodies come from the pages and the service: escaped line by line.
            for line in r.explain().lines() {
                writeln!(out, "{}", console::escape_for_terminal(line))?;
            }
            writeln!(out)?;
        }
    }
    // Examples failed per mismatch code, and errored examples apart.
    let mut by_code: std::collections::BTreeMap<crate::outcome::Code, usize> = Default::default();
    for r in failures() {
        if let Verdict::Failed { mismatches } = &r.verdict {
            let mut codes: Vec<_> = mismatches.iter().map(|m| m.code).collect();
            codes.sort();
            codes.dedup();
            for c in codes {
                *by_code.entry(c).or_default() += 1;
            }
        }
    }
    let bold = anstyle::Style::new().bold();
    if !by_code.is_empty() || summary.errored > 0 {
        writeln!(out, "{}", console::styled(bold, "failed examples by code:"))?;
        let width = by_code
            .values()
            .chain([&summary.errored])
            .max()
            .map_or(1, |n| n.to_string().len());
        for (code, n) in &by_code {
            writeln!(out, "  {code} {n:>width$}  {}", code.title())?;
        }
        if summary.errored > 0 {
            writeln!(
                out,
                "  {:6} {:>width$}  the exchange did not happen (errored)",
                "-", summary.errored
            )?;
        }
    }
    writeln!(
        out,
        "replayed {} examples in {seconds:.2} s against {against}",
        summary.total()
    )?;
    writeln!(out, "{summary}")?;
    let failed = summary.failed + summary.errored;
    if failed > 0 {
        writeln!(
            out,
            "{}: {failed} of {} examples failed — exit 1",
            console::styled(
                console::severity_style(crate::outcome::Severity::Error),
                "error"
            ),
            summary.total()
        )?;
    }
    Ok(())
}

/// One JSON line per example (`kind: example`), then the summary.
pub fn write_json(
    out: &mut dyn Write,
    reports: &[ExampleReport],
    summary: Summary,
    seconds: f64,
) -> std::io::Result<()> {
    /// One example's line: its report, then `"kind": "example"`, written
    /// as it is serialised (not built as a JSON value first).
    #[derive(serde::Serialize)]
    struct Line<'a> {
        #[serde(flatten)]
        report: &'a ExampleReport,
        kind: &'static str,
    }
    // The lines are serialised a few hundred at a time on the thread pool,
    // and written in order a few thousand at a time (not all held at once).
    for group in reports.chunks(2048) {
        let lines: Vec<Vec<u8>> = group
            .par_chunks(256)
            .map(|chunk| {
                let mut text = Vec::with_capacity(chunk.len() * 256);
                for report in chunk {
                    let line = Line {
                        report,
                        kind: "example",
                    };
                    serde_json::to_writer(&mut text, &line)?;
                    text.push(b'\n');
                }
                Ok(text)
            })
            .collect::<Result<_, serde_json::Error>>()?;
        for text in lines {
            out.write_all(&text)?;
        }
    }
    let summary = serde_json::json!({
        "kind": "summary",
        "examples": summary.total(),
        "passed": summary.passed,
        "failed": summary.failed,
        "errored": summary.errored,
        "skipped": summary.skipped,
        "seconds": seconds,
    });
    serde_json::to_writer(&mut *out, &summary)?;
    out.write_all(b"\n")
}
