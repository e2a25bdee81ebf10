//! `mdcontract serve` and `mdcontract verify`.

use std::io::Write;

use super::args::{ServeArgs, VerifyArgs, VerifyFormat};
use super::outcome::{Outcome, output_written, write_report};
use crate::report::html;
use crate::report::verify::{
    ExamplePlaces, TextOptions, junit, sarif, write_json, write_live, write_text_with,
};
use crate::serve::{Index, IndexOptions, Server};
use crate::suite;

/// The pages of `paths` and their route index, request bodies checked
/// against the same schemas as `check` (the metadata, else the docs'
/// resource pages), read once at start so that a broken file stops the
/// start and not a request; the pages are streamed through, not held
/// ([`Index::load`]).
fn served(
    paths: &[std::path::PathBuf],
    metadata: &[String],
    options: IndexOptions,
) -> Result<Index, String> {
    served_by(paths, metadata, |config| {
        Index::load(config, paths, options)
    })
}

/// [`served`], the index loaded from the configuration by `load`.
fn served_by(
    paths: &[std::path::PathBuf],
    metadata: &[String],
    load: impl FnOnce(&crate::config::Config) -> Result<Index, crate::runner::LoadError>,
) -> Result<Index, String> {
    let config = match super::configuration::configuration(None, metadata, &[]) {
        Ok(config) => config,
        Err(e) => {
            // A page that cannot be read is named first, as when the pages
            // were loaded before the configuration was read.
            let inputs = suite::discover(paths).map_err(|e| e.to_string())?;
            suite::load_each(&inputs, drop, |()| {}).map_err(|e| e.to_string())?;
            return Err(e);
        }
    };
    load(&config).map_err(|e| e.to_string())
}

pub fn run(args: ServeArgs) -> Outcome {
    let options = IndexOptions {
        strict: args.strict,
    };
    let index = match served(&args.paths, &args.metadata, options) {
        Ok(index) => index,
        Err(e) => return Outcome::RunError(e),
    };
    crate::replay::runtime().block_on(async move {
        let server =
            match Server::start(index, args.port, args.journal.as_deref(), write_live).await {
                Ok(s) => s,
                Err(e) => return Outcome::RunError(e.to_string()),
            };
        {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", server.uri());
            let _ = out.flush();
        }
        wait_for_shutdown().await;
        // Requests in flight get a moment to finish into the journal.
        match server.shutdown(std::time::Duration::from_secs(5)).await {
            Ok(()) => Outcome::Clean,
            Err(e) => Outcome::RunError(format!("cannot write the journal: {e}")),
        }
    })
}

/// Waits for SIGINT or SIGTERM.
async fn wait_for_shutdown() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

pub fn verify(args: VerifyArgs) -> Outcome {
    // SARIF places the examples on their pages: where each example's
    // request is, taken as the pages stream by to the index (no page text
    // is kept, and the pages are not read twice).
    let sarif_places = args.format == VerifyFormat::Sarif;
    let mut examples = ExamplePlaces::new();
    let index = if args.docs.is_empty() {
        None
    } else {
        // Only the verdict is wanted of the index: no reply body is kept.
        let loaded = served_by(&args.docs, &args.metadata, |config| {
            Index::load_for_verdict(
                config,
                &args.docs,
                IndexOptions::default(),
                |page| sarif_places.then(|| ExamplePlaces::of_page(page)),
                |places| {
                    if let Some(places) = places {
                        examples.push(places);
                    }
                },
            )
        });
        match loaded {
            Ok(index) => Some(index),
            Err(e) => return Outcome::RunError(e),
        }
    };
    let verdict = match crate::serve::verify(&args.journal, index.as_ref()) {
        Ok(v) => v,
        Err(e) => return Outcome::RunError(e),
    };
    // The index is not needed past the verdict: its memory goes before
    // the report is written.
    drop(index);
    for w in &verdict.warnings {
        eprintln!("warning: {w}");
    }
    if let Some(path) = &args.junit
        && let Err(o) = write_report(path, "JUnit report", &junit(&verdict).to_xml())
    {
        return o;
    }
    if let Some(path) = &args.html {
        let report = html::verify_report(&verdict, &args.journal.display().to_string());
        if let Err(o) = write_report(path, "HTML report", &html::render(&report)) {
            return o;
        }
    }
    let mut text = Vec::with_capacity(1 << 14);
    let written = match args.format {
        VerifyFormat::Text => write_text_with(&mut text, &verdict, TextOptions { all: args.all }),
        VerifyFormat::Json => write_json(&mut text, &verdict),
        VerifyFormat::Sarif => {
            sarif(&verdict, &args.journal, &examples).map(|log| text = log.into_bytes())
        }
    }
    .and_then(|()| {
        let mut out = std::io::stdout().lock();
        out.write_all(&text)?;
        out.flush()
    });
    if let Err(o) = output_written(written) {
        return o;
    }
    if verdict.unmatched.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    }
}
