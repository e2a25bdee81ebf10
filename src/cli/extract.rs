//! `mdcontract extract`.
//!
//! Pages are streamed: each is extracted and rendered on a worker thread,
//! written in page order, and dropped, so memory holds a few hundred pages
//! at most whatever the size of the run.

use std::io::Write;

use super::args::{ExtractArgs, Format};
use super::outcome::{Outcome, output_written};
use crate::report::extract::{render_json, render_text, text_summary, write_json_summary};
use crate::report::jsonl::Totals;
use crate::suite;

pub fn run(args: ExtractArgs) -> Outcome {
    let inputs = match suite::discover(&args.paths) {
        Ok(i) => i,
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    let render = match args.format {
        Format::Json => render_json,
        Format::Text => render_text,
    };
    // Not locked for the whole run: the pages are handed over on a thread
    // of the pool.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    let mut err = String::new();
    let mut totals = Totals::default();
    // The first write error is kept; later pages are still counted.
    let mut written: std::io::Result<()> = Ok(());
    let loaded = suite::load_each(
        &inputs,
        |page| render(&page),
        |r| {
            if written.is_ok() {
                written = out.write_all(&r.out);
            }
            err.push_str(&r.err);
            totals += r.totals;
        },
    );
    if let Err(e) = loaded {
        drop(out);
        return Outcome::RunError(e.to_string());
    }
    let written = written
        .and_then(|()| match args.format {
            Format::Json => write_json_summary(&mut out, &totals),
            Format::Text => {
                err.push_str(&text_summary(&totals));
                Ok(())
            }
        })
        .and_then(|()| out.flush());
    drop(out);
    if let Err(outcome) = output_written(written) {
        return outcome;
    }
    let _ = std::io::stderr().lock().write_all(err.as_bytes());
    if totals.findings.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}
