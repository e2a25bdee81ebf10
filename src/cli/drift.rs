//! `mdcontract drift`: one comparison per run, one output model.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::args::{DriftArgs, DriftFormat};
use super::outcome::{Outcome, output_written, write_report};
use crate::drift::{self, DriftReport, docs};
use crate::replay::live::{BaseUrls, Credentials, LiveTarget, Placeholders};
use crate::replay::{self, Replayer};
use crate::report::html;
use crate::schema::csdl::Csdl;
use crate::source::shown_path;
use crate::suite;

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
        DriftFormat::Text => crate::report::drift::Format::Text,
        DriftFormat::Json => crate::report::drift::Format::Json,
        DriftFormat::Markdown => crate::report::drift::Format::Markdown,
    };
    let mut text = Vec::with_capacity(1 << 14);
    let written = crate::report::drift::write(&mut text, format, &report).and_then(|()| {
        let mut out = std::io::stdout().lock();
        out.write_all(&text)?;
        out.flush()
    });
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
    let suite = suite::load_paths(&args.docs).map_err(|e| e.to_string())?;
    let mut files: Vec<docs::MetadataFile> = Vec::new();
    let mut loaded: Vec<(PathBuf, Arc<Csdl>)> = Vec::new();
    for version in docs::versions(&suite.pages) {
        let Some(path) = config.metadata_for(version.as_deref()).into_iter().next() else {
            continue;
        };
        let csdl = match loaded.iter().find(|(p, _)| *p == path) {
            Some((_, c)) => c.clone(),
            None => {
                let c = Arc::new(Csdl::read_validated(&path)?);
                loaded.push((path.clone(), c.clone()));
                c
            }
        };
        files.push(docs::MetadataFile {
            version,
            path: shown_path(&path),
            csdl,
        });
    }
    if files.is_empty() {
        return Err(if args.metadata.is_empty() {
            "drift --docs needs --metadata [VERSION=]CSDL (or --live --base-url URL)".to_string()
        } else {
            format!(
                "no --metadata applies to the API versions of the pages ({})",
                docs::versions(&suite.pages)
                    .into_iter()
                    .map(|v| v.unwrap_or_else(|| "no version".into()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
    }
    docs::compare(&suite.pages, &files).map_err(|e| e.to_string())
}

/// docs ⇄ live: the documented read-only examples of `--docs` sent to
/// `--base-url` through the live replay target (token from the
/// environment, writes never sent), their answers' shape compared with the
/// docs and the schemas (from `--metadata`, else the docs' resource pages).
fn docs_live(args: &DriftArgs) -> Result<DriftReport, String> {
    let config = super::configuration::configuration(None, &args.metadata, &[])?;
    let suite = Arc::new(suite::load_paths(&args.docs).map_err(|e| e.to_string())?);
    let ctx = Arc::new(crate::runner::check_context(&config, &suite).map_err(|e| e.to_string())?);
    let bases = BaseUrls::parse(&args.base_url)?;
    if args.timeout == 0 {
        return Err("--timeout: the timeout must be at least 1 second".to_string());
    }
    let env = |name: &str| std::env::var(name).ok();
    let target = LiveTarget::builder(bases)
        .with_credentials(Credentials::from_env(env)?)
        .with_timeout(Duration::from_secs(args.timeout))
        .should_allow_writes(false)
        .build()
        .map_err(|e| e.to_string())?;
    let redactor = target.redactor();
    let redact = |text: &str| redactor.redact(text).into_owned();
    replay::runtime()
        .block_on(target.authenticate())
        .map_err(|e| redact(&e.to_string()))?;
    let against = args.base_url.join(", ");
    let placeholders = Placeholders::new(config.placeholders().clone());
    let replayer = Replayer::live(Arc::new(target), placeholders)
        .with_check(replay::checks::body_schema(ctx.clone()));
    let drift = drift::live::run(
        Arc::new(replayer),
        suite,
        &ctx,
        replay::default_jobs(),
        &against,
    )
    .map_err(|e| redact(&e.to_string()))?;
    let s = &drift.stats;
    let mut note = format!(
        "compared {} of {} documented GET responses with {against}",
        s.compared, s.selected
    );
    if s.other_status > 0 {
        note.push_str(&format!(
            "; {} answered with another status than documented (not compared)",
            s.other_status
        ));
    }
    if s.skipped > 0 {
        note.push_str(&format!(
            "; {} not sent (first: {})",
            s.skipped,
            s.first_skip.as_deref().unwrap_or("")
        ));
    }
    if s.errored > 0 {
        note.push_str(&format!(
            "; {} failed (first: {})",
            s.errored,
            s.first_error.as_deref().unwrap_or("")
        ));
    }
    eprintln!("{}", redact(&note));
    // Nothing compared is not "no differences": the run showed nothing.
    if s.compared == 0 {
        return Err(redact(&format!(
            "nothing was compared: none of the {} documented GET responses got a comparable \
             answer from {against}{}",
            s.selected,
            if s.selected == 0 {
                " (the pages document no GET example)"
            } else {
                " (see above; a base URL names the service root, https://graph.microsoft.com, \
                 or one version's root, v1.0=https://graph.microsoft.com/v1.0)"
            }
        )));
    }
    let mut report = drift.report;
    for item in &mut report.items {
        for text in [&mut item.subject, &mut item.detail, &mut item.group] {
            *text = redact(text);
        }
    }
    Ok(report)
}
