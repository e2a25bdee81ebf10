//! `mdcontract extract`.

use std::io::Write;

use super::args::{ExtractArgs, Format};
use super::outcome::{Outcome, output_written};
use crate::outcome::Tally;
use crate::report::extract::{write_json, write_text};
use crate::suite;

pub fn run(args: ExtractArgs) -> Outcome {
    let suite = match suite::load_paths(&args.paths) {
        Ok(s) => s,
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    let tally = Tally::of(suite.findings());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut err = String::new();
    let written = match args.format {
        Format::Json => write_json(&mut out, &suite),
        Format::Text => write_text(&mut out, &mut err, &suite, tally),
    };
    let written = written.and_then(|()| out.flush());
    drop(out);
    if let Err(outcome) = output_written(written) {
        return outcome;
    }
    let _ = std::io::stderr().lock().write_all(err.as_bytes());
    if tally.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}
