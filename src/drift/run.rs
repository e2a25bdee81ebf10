//! The docs comparisons as a command runs them, from paths, options and the
//! configuration to a report: docs ⇄ metadata with each CSDL file read once,
//! docs ⇄ live through a read-only live replay target. Prints nothing: the
//! caller shows the note and the report.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rayon::prelude::*;

use super::DriftReport;
use super::docs::{self, MetadataFile};
use super::live::{self, LiveStats};
use crate::config::Config;
use crate::contract::{Example, Page};
use crate::replay::live::{BaseUrls, Credentials, LiveTarget, Placeholders, Redactor};
use crate::replay::{self, Replayer};
use crate::schema::csdl::Csdl;
use crate::source::shown_path;
use crate::suite;

/// docs ⇄ metadata: the pages under `docs`, each against the metadata
/// `config` names for its API version. `metadata_named`: whether metadata
/// was named on the command line (it words the error when none applies).
///
/// The pages stream through extraction a few hundred at a time, each
/// reduced to what the comparisons read ([`compared`]) as it is extracted;
/// the metadata files that the pages' folders or the configuration name are
/// read meanwhile, on the same thread pool.
pub fn docs_metadata(
    config: &Config,
    docs: &[PathBuf],
    metadata_named: bool,
) -> Result<DriftReport, String> {
    let inputs = suite::discover(docs).map_err(|e| e.to_string())?;
    let mut versions = suite::version_folders(&inputs);
    versions.extend(config.named_versions());
    let ahead: BTreeSet<PathBuf> = versions
        .iter()
        .filter_map(|v| config.metadata_for(v.as_deref()).into_iter().next())
        .collect();
    let mut pages = Vec::with_capacity(inputs.len());
    let (read, early) = rayon::join(
        || suite::load_each(&inputs, compared, |p| pages.push(p)),
        // Read ahead; a file's error counts only when a page needs it.
        || {
            ahead
                .into_par_iter()
                .map(|p| {
                    let csdl = Csdl::read_validated(&p).map(Arc::new);
                    (p, csdl)
                })
                .collect::<Vec<_>>()
        },
    );
    read.map_err(|e| e.to_string())?;
    let mut files: Vec<MetadataFile> = Vec::new();
    let mut loaded: Vec<(PathBuf, Arc<Csdl>)> = Vec::new();
    for version in docs::versions(&pages) {
        let Some(path) = config.metadata_for(version.as_deref()).into_iter().next() else {
            continue;
        };
        let csdl = match loaded.iter().find(|(p, _)| *p == path) {
            Some((_, c)) => c.clone(),
            None => {
                let c = match early.iter().find(|(p, _)| *p == path) {
                    Some((_, read)) => read.clone()?,
                    None => Arc::new(Csdl::read_validated(&path)?),
                };
                loaded.push((path.clone(), c.clone()));
                c
            }
        };
        files.push(MetadataFile {
            version,
            path: shown_path(&path),
            csdl,
        });
    }
    drop(early);
    if files.is_empty() {
        return Err(if !metadata_named {
            "drift --docs needs --metadata [VERSION=]CSDL (or --live --base-url URL)".to_string()
        } else {
            format!(
                "no --metadata applies to the API versions of the pages ({})",
                docs::versions(&pages)
                    .into_iter()
                    .map(|v| v.unwrap_or_else(|| "no version".into()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
    }
    docs::compare(&pages, &files).map_err(|e| e.to_string())
}

/// A page reduced to what docs ⇄ metadata reads: its source (tables and
/// prose are read from the text), front matter, resources and templates,
/// and its examples without their bodies (only their versions, methods,
/// URLs and lines are compared). Fences, findings, annotations and
/// permission rows are dropped.
fn compared(page: Page) -> Page {
    let Page {
        source,
        front_matter,
        mut examples,
        resources,
        templates,
        ..
    } = page;
    examples.iter_mut().for_each(Example::drop_bodies);
    Page::of_parts(source, front_matter, examples, resources, templates)
}

/// How to reach the live service.
pub struct LiveOptions<'a> {
    /// `--base-url` values, as given.
    pub base_urls: &'a [String],
    /// Seconds per request; at least 1.
    pub timeout: u64,
    /// Reads a credential variable (the caller's environment).
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

/// A docs ⇄ live comparison that ran: the report and counts, with what was
/// compared against and the redactor for anything shown of it.
pub struct LiveRun {
    report: DriftReport,
    /// What happened to the examples sent.
    pub stats: LiveStats,
    /// The base URLs, joined: what the report says was compared.
    pub against: String,
    redactor: Redactor,
}

impl LiveRun {
    /// `text` with every secret of the run taken out.
    pub fn redact(&self, text: &str) -> String {
        self.redactor.redact(text).into_owned()
    }

    /// The report, secrets taken out; an error when nothing was compared
    /// (that is not "no differences": the run showed nothing).
    pub fn into_report(self) -> Result<DriftReport, String> {
        let s = &self.stats;
        let against = &self.against;
        if s.compared == 0 {
            return Err(self.redact(&format!(
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
        let mut report = self.report;
        for item in &mut report.items {
            for text in [&mut item.subject, &mut item.detail, &mut item.group] {
                *text = self.redactor.redact(text).into_owned();
            }
        }
        Ok(report)
    }
}

/// docs ⇄ live: the documented read-only examples of `docs` sent to the
/// base URLs through the live replay target (token from the credential
/// variables, writes never sent), their answers' shape compared with the
/// docs and the schemas (from the configuration's metadata, else the docs'
/// resource pages).
pub fn docs_live(
    config: &Config,
    docs: &[PathBuf],
    options: LiveOptions<'_>,
) -> Result<LiveRun, String> {
    // Of each page, its text and examples (the pages without examples are
    // not kept): all that the replay and the comparison read.
    let (suite, ctx) = crate::runner::load_examples(config, docs).map_err(|e| e.to_string())?;
    let (suite, ctx) = (Arc::new(suite), Arc::new(ctx));
    let bases = BaseUrls::parse(options.base_urls)?;
    if options.timeout == 0 {
        return Err("--timeout: the timeout must be at least 1 second".to_string());
    }
    let target = LiveTarget::builder(bases)
        .with_credentials(Credentials::from_env(options.env)?)
        .with_timeout(Duration::from_secs(options.timeout))
        .should_allow_writes(false)
        .build()
        .map_err(|e| e.to_string())?;
    let redactor = target.redactor();
    let redact = |text: &str| redactor.redact(text).into_owned();
    replay::runtime()
        .block_on(target.authenticate())
        .map_err(|e| redact(&e.to_string()))?;
    let against = options.base_urls.join(", ");
    let placeholders = Placeholders::new(config.placeholders().clone());
    let replayer = Replayer::live(Arc::new(target), placeholders)
        .with_check(replay::checks::body_schema(ctx.clone()));
    let drift = live::run(
        Arc::new(replayer),
        suite,
        &ctx,
        replay::default_jobs(),
        &against,
    )
    .map_err(|e| redact(&e.to_string()))?;
    Ok(LiveRun {
        report: drift.report,
        stats: drift.stats,
        against,
        redactor,
    })
}
