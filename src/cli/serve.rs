//! `mdcontract serve` and `mdcontract verify`.

use std::io::Write;
use std::sync::Arc;

use super::args::{ServeArgs, VerifyArgs, VerifyFormat};
use super::outcome::{Outcome, output_written, write_report};
use crate::report::html;
use crate::report::verify::{TextOptions, junit, sarif, write_json, write_live, write_text_with};
use crate::serve::{Index, IndexOptions, Server};
use crate::suite;

/// The pages of `paths` and their route index, request bodies checked
/// against the same schemas as `check` (the metadata, else the docs'
/// resource pages), read once at start so that a broken file stops the
/// start and not a request.
fn indexed(
    paths: &[std::path::PathBuf],
    metadata: &[String],
    options: IndexOptions,
) -> Result<(suite::Suite, Index), String> {
    let suite = suite::load_paths(paths).map_err(|e| e.to_string())?;
    let config = super::configuration::configuration(None, metadata, &[])?;
    let ctx = crate::runner::check_context(&config, &suite).map_err(|e| e.to_string())?;
    let index = Index::with_check(&suite, Arc::new(ctx), options);
    Ok((suite, index))
}

/// The route index of the pages of `paths`, as [`indexed`] builds it, the
/// pages streamed through instead of held ([`Index::load`]).
fn served(
    paths: &[std::path::PathBuf],
    metadata: &[String],
    options: IndexOptions,
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
    Index::load(&config, paths, options).map_err(|e| e.to_string())
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
    // SARIF quotes the examples not exercised from their pages, so it needs
    // the pages; the other formats need only the index, built without
    // holding them.
    let indexed = match (args.docs.is_empty(), args.format) {
        (true, _) => Ok((None, None)),
        (false, VerifyFormat::Sarif) => {
            indexed(&args.docs, &args.metadata, IndexOptions::default())
                .map(|(suite, index)| (Some(suite), Some(index)))
        }
        (false, _) => served(&args.docs, &args.metadata, IndexOptions::default())
            .map(|index| (None, Some(index))),
    };
    let (suite, index) = match indexed {
        Ok(built) => built,
        Err(e) => return Outcome::RunError(e),
    };
    let verdict = match crate::serve::verify(&args.journal, index.as_ref()) {
        Ok(v) => v,
        Err(e) => return Outcome::RunError(e),
    };
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
        VerifyFormat::Sarif => sarif(&verdict, &args.journal, index.as_ref(), suite.as_ref())
            .and_then(|log| text.write_all(log.as_bytes())),
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
