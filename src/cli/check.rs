//! `mdcontract check`.

use std::io::Write;
use std::path::Path;

use super::Outcome;
use super::args::{CheckArgs, CheckFormat};
use crate::config::{CONFIG_ENV, Config, parse_versioned};
use crate::outcome::{Finding, Tally};
use crate::report::{console, html, jsonl, junit, sarif, sources};
use crate::runner;
use crate::suite::{self, Suite};

/// The configuration: `--config`, else `MDCONTRACT_CONFIG`, else the nearest
/// `mdcontract.toml` upward from the current directory; then the flags.
pub(crate) fn configuration(
    flag: Option<&Path>,
    metadata: &[String],
    permissions: &[String],
) -> Result<Config, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let loaded =
        Config::resolve(flag, std::env::var_os(CONFIG_ENV), &cwd).map_err(|e| e.to_string())?;
    let mut config = loaded.map(|l| l.config).unwrap_or_default();
    config.merge_cli(
        metadata.iter().map(|a| parse_versioned(a)).collect(),
        permissions.iter().map(|a| parse_versioned(a)).collect(),
    );
    Ok(config)
}

pub fn run(args: CheckArgs, quiet: bool) -> Outcome {
    let config = match configuration(args.config.as_deref(), &args.metadata, &args.permissions) {
        Ok(c) => c,
        Err(e) => return Outcome::RunError(e),
    };
    let suite = match suite::load_paths(&args.paths) {
        Ok(s) => s,
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    let ctx = match runner::check_context(&config, &suite) {
        Ok(c) => c,
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let applied = config.apply(runner::check(&suite, &ctx), &cwd);
    let findings = applied.kept;
    let tally = Tally::of(&findings);
    if let Some(path) = &args.junit
        && let Err(outcome) =
            super::write_report(path, "JUnit report", &junit::junit(&suite.pages, &findings))
    {
        return outcome;
    }
    if let Some(path) = &args.html {
        let run = html::CheckRun {
            paths: args.paths.iter().map(|p| p.display().to_string()).collect(),
            pages: suite.pages.len(),
            examples: suite.examples().count(),
            suppressed: applied.suppressed,
            links: html::Links::for_report(path, &cwd),
        };
        let page = html::render(&html::check_report(&findings, &run));
        if let Err(outcome) = super::write_report(path, "HTML report", &page) {
            return outcome;
        }
    }
    let notes = unchecked_versions(&config, &suite, &ctx);
    let stdout = std::io::stdout();
    // Text goes through anstream, which drops the styles unless colour is
    // wanted (`--color`, NO_COLOR, a terminal).
    let mut out =
        std::io::BufWriter::with_capacity(1 << 16, anstream::AutoStream::auto(stdout.lock()));
    let written = match args.format {
        CheckFormat::Json => write_json(&mut out, &findings, &suite, tally, applied.suppressed),
        CheckFormat::Text => {
            let summary = console::CheckSummary {
                findings: &findings,
                pages: suite.pages.len(),
                examples: suite.examples().count(),
                suppressed: applied.suppressed,
                notes,
            };
            write_text(&mut out, &findings, &suite, &summary, quiet)
        }
        CheckFormat::Sarif => {
            let log = sarif::sarif(
                &findings,
                env!("CARGO_PKG_VERSION"),
                &sources::by_file(&suite.pages),
            );
            serde_json::to_writer_pretty(&mut out, &log)
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
        }
    }
    .and_then(|()| out.flush());
    if let Err(outcome) = super::output_written(written) {
        return outcome;
    }
    if tally.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

fn write_json(
    out: &mut dyn Write,
    findings: &[Finding],
    suite: &Suite,
    tally: Tally,
    suppressed: usize,
) -> std::io::Result<()> {
    for f in findings {
        serde_json::to_writer(&mut *out, &jsonl::finding_line(f))?;
        out.write_all(b"\n")?;
    }
    let summary = serde_json::json!({
        "kind": "summary",
        "pages": suite.pages.len(),
        "examples": suite.examples().count(),
        "findings": { "error": tally.errors, "warning": tally.warnings, "note": tally.notes },
        "suppressed": suppressed,
    });
    serde_json::to_writer(&mut *out, &summary)?;
    out.write_all(b"\n")
}

/// Notes for the API versions of the pages that no metadata covers: their
/// bodies were checked against the docs' own resource pages, or, for a
/// version without any, against nothing.
fn unchecked_versions(
    config: &Config,
    suite: &Suite,
    ctx: &crate::checks::CheckContext,
) -> Vec<String> {
    let mut versions: Vec<Option<String>> = suite
        .pages
        .iter()
        .filter(|p| !p.examples.is_empty())
        .map(|p| p.folder_version().map(str::to_string))
        .collect();
    versions.sort();
    versions.dedup();
    let mut from_pages = Vec::new();
    let mut nothing = Vec::new();
    for v in versions {
        if !config.metadata_for(v.as_deref()).is_empty() {
            continue;
        }
        let name = v
            .clone()
            .unwrap_or_else(|| "pages outside a version folder".into());
        if ctx
            .schemas(v.as_deref())
            .is_some_and(|r| !r.types().is_empty())
        {
            from_pages.push(name);
        } else {
            nothing.push(name);
        }
    }
    let mut notes = Vec::new();
    if !nothing.is_empty() {
        notes.push(format!(
            "no metadata for {}: response bodies had no schema to check against \
             (give --metadata VERSION=FILE.csdl.xml)",
            nothing.join(", ")
        ));
    }
    if !from_pages.is_empty() {
        notes.push(format!(
            "no metadata for {}: response bodies were checked against the docs' own \
             resource pages only (give --metadata VERSION=FILE.csdl.xml to check them \
             against the service's schema)",
            from_pages.join(", ")
        ));
    }
    notes
}

/// rustc-style findings in page order, then the summary (only the summary
/// with `quiet`).
fn write_text(
    out: &mut dyn Write,
    findings: &[Finding],
    suite: &Suite,
    summary: &console::CheckSummary<'_>,
    quiet: bool,
) -> std::io::Result<()> {
    let mut text = String::new();
    let mut pages = suite.pages.iter().peekable();
    for f in findings.iter().filter(|_| !quiet) {
        // Findings are in page order: advance to the finding's page.
        while pages
            .peek()
            .is_some_and(|p| p.source.display_path() != f.file)
        {
            pages.next();
        }
        console::render_finding(&mut text, f, pages.peek().map(|p| &*p.source));
        text.push('\n');
    }
    summary.render(&mut text);
    out.write_all(text.as_bytes())
}
