//! `mdcontract drift`: one comparison per run, one output model.

use std::io::Write;

use super::args::{DriftArgs, DriftFormat};
use super::outcome::{Outcome, output_written, write_report};
use crate::drift::run::{self as drift_run, LiveOptions};
use crate::drift::{self, DriftReport};
use crate::report::drift::{self as drift_report, Format};
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
        if let Err(o) = write_report(path, "HTML report", &page) {
            return o;
        }
    }
    let format = match args.format {
        DriftFormat::Text => Format::Text,
        DriftFormat::Json => Format::Json,
        DriftFormat::Markdown => Format::Markdown,
    };
    let text = drift_report::render(format, &report);
    let mut out = std::io::stdout().lock();
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    if let Err(o) = output_written(written) {
        return o;
    }
    if report.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    }
}

/// docs ⇄ metadata: the pages of `--docs`, each against the `--metadata`
/// of its API version (or the metadata a configuration file names, as for
/// `check`).
fn docs_metadata(args: &DriftArgs) -> Result<DriftReport, String> {
    let config = super::configuration::configuration(None, &args.metadata, &[])?;
    drift_run::docs_metadata(&config, &args.docs, !args.metadata.is_empty())
}

/// docs ⇄ live: the documented read-only examples of `--docs` sent to
/// `--base-url` (token from the environment, writes never sent); the note
/// on what was compared goes to stderr.
fn docs_live(args: &DriftArgs) -> Result<DriftReport, String> {
    let config = super::configuration::configuration(None, &args.metadata, &[])?;
    let env = |name: &str| std::env::var(name).ok();
    let options = LiveOptions {
        base_urls: &args.base_url,
        timeout: args.timeout,
        env: &env,
    };
    let live = drift_run::docs_live(&config, &args.docs, options)?;
    eprintln!(
        "{}",
        live.redact(&drift_report::live_note(&live.stats, &live.against))
    );
    live.into_report()
}
