//! `mdcontract serve` and `mdcontract verify`.

use std::io::Write;
use std::sync::Arc;

use super::Outcome;
use super::args::{Format, ServeArgs, VerifyArgs};
use crate::outcome::Code;
use crate::report::html;
use crate::report::junit::{CaseOutcome, JunitCase, JunitReport, JunitSuite};
use crate::serve::{Index, ServeError, Server, Verdict};
use crate::suite;

pub fn run(args: ServeArgs) -> Outcome {
    let suite = match suite::load_paths(&args.paths) {
        Ok(s) => Arc::new(s),
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    // Request bodies are checked against the same schemas as `check` (the
    // metadata, else the docs' resource pages), read once at start so that a
    // broken file stops the start and not a request.
    let config = match super::check::configuration(None, &args.metadata, &[]) {
        Ok(c) => c,
        Err(e) => return Outcome::RunError(e),
    };
    let ctx = match crate::runner::check_context(&config, &suite) {
        Ok(c) => Arc::new(c),
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    let index = Index::new(&suite).with_check(ctx);
    crate::replay::runtime().block_on(async move {
        let server = match Server::start(index, args.port, args.journal.as_deref()).await {
            Ok(s) => s,
            Err(e @ ServeError::PortInUse(_)) => return Outcome::RunError(e.to_string()),
            Err(e) => return Outcome::RunError(e.to_string()),
        };
        {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", server.uri());
            let _ = out.flush();
        }
        wait_for_shutdown().await;
        match server.flush() {
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
    let index = if args.docs.is_empty() {
        None
    } else {
        let suite = match suite::load_paths(&args.docs) {
            Ok(s) => s,
            Err(e) => return Outcome::RunError(e.to_string()),
        };
        let config = match super::check::configuration(None, &args.metadata, &[]) {
            Ok(c) => c,
            Err(e) => return Outcome::RunError(e),
        };
        match crate::runner::check_context(&config, &suite) {
            Ok(ctx) => Some(Index::new(&suite).with_check(Arc::new(ctx))),
            Err(e) => return Outcome::RunError(e.to_string()),
        }
    };
    let verdict = match crate::serve::verify(&args.journal, index.as_ref()) {
        Ok(v) => v,
        Err(e) => return Outcome::RunError(e),
    };
    if let Some(path) = &args.junit
        && let Err(o) = super::write_report(path, "JUnit report", &junit(&verdict).to_xml())
    {
        return o;
    }
    if let Some(path) = &args.html {
        let report = html::verify_report(&verdict, &args.journal.display().to_string());
        if let Err(o) = super::write_report(path, "HTML report", &html::render(&report)) {
            return o;
        }
    }
    let mut text = Vec::with_capacity(1 << 14);
    let written = match args.format {
        Format::Text => write_text(&mut text, &verdict),
        Format::Json => write_json(&mut text, &verdict),
    }
    .and_then(|()| {
        let mut out = std::io::stdout().lock();
        out.write_all(&text)?;
        out.flush()
    });
    if let Err(o) = super::output_written(written) {
        return o;
    }
    if verdict.unmatched.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    }
}

fn write_text(out: &mut dyn Write, v: &Verdict) -> std::io::Result<()> {
    for u in &v.unmatched {
        writeln!(
            out,
            "error[{}]: {} {} (journal line {}) matches no documented example",
            Code::ServeUnmatched,
            u.method,
            u.url,
            u.line
        )?;
        if let Some(c) = &u.mismatch.closest {
            writeln!(out, "  closest: {c}")?;
        }
        writeln!(out, "  reason:  {}\n", u.mismatch.reason)?;
    }
    for (id, n) in &v.coverage {
        if *n == 0 {
            writeln!(
                out,
                "note[{}]: not exercised: {id}",
                Code::ServeNotExercised
            )?;
        }
    }
    writeln!(
        out,
        "{} requests; {} unmatched; {} of {} documented examples exercised",
        v.requests,
        v.unmatched.len(),
        v.exercised(),
        v.coverage.len()
    )
}

fn write_json(out: &mut dyn Write, v: &Verdict) -> std::io::Result<()> {
    for (id, n) in &v.coverage {
        let line = serde_json::json!({"kind": "coverage", "example": id, "requests": n});
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    for u in &v.unmatched {
        let mut line = serde_json::to_value(u).unwrap_or_default();
        if let Some(o) = line.as_object_mut() {
            o.insert("kind".into(), "unmatched".into());
            o.insert("code".into(), Code::ServeUnmatched.id().into());
        }
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    let summary = serde_json::json!({
        "kind": "summary",
        "requests": v.requests,
        "unmatched": v.unmatched.len(),
        "examples": v.coverage.len(),
        "exercised": v.exercised(),
    });
    serde_json::to_writer(&mut *out, &summary)?;
    out.write_all(b"\n")
}

/// One suite of examples (passed when exercised, skipped when not) and one
/// of unmatched requests (each a failure).
fn junit(v: &Verdict) -> JunitReport {
    let mut report = JunitReport::new("mdcontract verify");
    let examples = v
        .coverage
        .iter()
        .map(|(id, n)| JunitCase {
            classname: "coverage".into(),
            name: id.clone(),
            time: None,
            outcome: if *n > 0 {
                CaseOutcome::Passed
            } else {
                CaseOutcome::Skipped {
                    message: "not exercised".into(),
                }
            },
            system_out: String::new(),
        })
        .collect();
    report.suites.push(JunitSuite {
        name: "coverage".into(),
        cases: examples,
    });
    let unmatched = v
        .unmatched
        .iter()
        .map(|u| JunitCase {
            classname: "unmatched".into(),
            name: format!("journal line {}: {} {}", u.line, u.method, u.url),
            time: None,
            outcome: CaseOutcome::Failed {
                message: u.mismatch.reason.clone(),
                body: format!(
                    "{}: closest example: {}\n{}",
                    Code::ServeUnmatched,
                    u.mismatch.closest.as_deref().unwrap_or("none"),
                    u.mismatch.reason
                ),
            },
            system_out: String::new(),
        })
        .collect();
    report.suites.push(JunitSuite {
        name: "unmatched".into(),
        cases: unmatched,
    });
    report
}
