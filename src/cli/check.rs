//! `mdcontract check`.

use std::io::Write;

use super::args::{CheckArgs, CheckFormat};
use super::configuration::configuration;
use super::outcome::{Outcome, leave_to_exit, output_written, stdout_for, write_report};
use crate::outcome::Tally;
use crate::report::check::{unchecked_versions, write_json, write_sarif, write_text};
use crate::report::{console, html, junit};
use crate::runner;

pub fn run(args: CheckArgs, quiet: bool) -> Outcome {
    let config = match configuration(args.config.as_deref(), &args.metadata, &args.permissions) {
        Ok(c) => c,
        Err(e) => return Outcome::RunError(e),
    };
    let checked = match runner::check_paths(&config, &args.paths) {
        Ok(c) => c,
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let examples = checked.examples();
    let runner::Checked {
        pages,
        findings,
        ctx,
    } = checked;
    let applied = config.apply(findings, &cwd);
    let findings = applied.kept;
    let tally = Tally::of(&findings);
    if let Some(path) = &args.junit
        && let Err(outcome) = write_report(
            path,
            "JUnit report",
            &junit::junit(pages.iter().map(|p| &*p.source), &findings),
        )
    {
        return outcome;
    }
    if let Some(path) = &args.html {
        let run = html::CheckRun {
            paths: args.paths.iter().map(|p| p.display().to_string()).collect(),
            pages: pages.len(),
            examples,
            suppressed: applied.suppressed,
            links: html::Links::for_report(path, &cwd),
        };
        let page = html::render(&html::check_report(&findings, &run));
        if let Err(outcome) = write_report(path, "HTML report", &page) {
            return outcome;
        }
    }
    let notes = unchecked_versions(&config, &pages, &ctx);
    let sink = stdout_for(args.format == CheckFormat::Text);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, sink);
    let written = match args.format {
        CheckFormat::Json => write_json(&mut out, &findings, &pages, tally, applied.suppressed),
        CheckFormat::Text => {
            let summary = console::CheckSummary {
                findings: &findings,
                pages: pages.len(),
                examples,
                suppressed: applied.suppressed,
                notes,
            };
            write_text(&mut out, &findings, &pages, &summary, quiet)
        }
        CheckFormat::Sarif => write_sarif(&mut out, &findings, &pages),
    }
    .and_then(|()| out.flush());
    drop(out);
    leave_to_exit((pages, ctx, findings));
    if let Err(outcome) = output_written(written) {
        return outcome;
    }
    if tally.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}
