//! `mdcontract drift`: one comparison per run, one output model.

use std::io::Write;

use super::Outcome;
use super::args::{DriftArgs, DriftFormat};
use crate::drift::{self, DriftReport};
use crate::report::html;

pub fn run(args: DriftArgs) -> Outcome {
    let report = match (&args.from, &args.to) {
        (Some(from), Some(to)) => drift::metadata::compare_files(from, to),
        _ if args.docs.is_empty() => Err(
            "drift needs one comparison: --from OLD --to NEW, --docs PATH --metadata CSDL, \
             or --docs PATH --live --base-url URL"
                .to_string(),
        ),
        _ if args.live => docs_live(&args),
        _ => docs_metadata(&args),
    };
    let report = match report {
        Ok(r) => r,
        Err(e) => return Outcome::RunError(e),
    };
    if let Some(path) = &args.html {
        let links = html::Links::for_report(path, &std::env::current_dir().unwrap_or_default());
        let page = html::render(&html::drift_report(&report, &links));
        if let Err(o) = super::write_report(path, "HTML report", &page) {
            return o;
        }
    }
    let format = match args.format {
        DriftFormat::Text => drift::report::Format::Text,
        DriftFormat::Json => drift::report::Format::Json,
        DriftFormat::Markdown => drift::report::Format::Markdown,
    };
    let mut text = Vec::with_capacity(1 << 14);
    let written = drift::report::write(&mut text, format, &report).and_then(|()| {
        let mut out = std::io::stdout().lock();
        out.write_all(&text)?;
        out.flush()
    });
    if let Err(o) = super::output_written(written) {
        return o;
    }
    if report.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    }
}

/// docs ⇄ metadata.
fn docs_metadata(args: &DriftArgs) -> Result<DriftReport, String> {
    let _ = args;
    Err("drift --docs --metadata: not implemented yet".to_string())
}

/// docs ⇄ live.
fn docs_live(args: &DriftArgs) -> Result<DriftReport, String> {
    let _ = args;
    Err("drift --docs --live: not implemented yet".to_string())
}
