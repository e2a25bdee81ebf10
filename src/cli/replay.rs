//! `mdcontract replay`.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::time::Instant;

use super::Outcome;
use super::args::{Format, ReplayArgs};
use crate::replay::{self, ExampleReport, Replayer, Summary, TargetKind, Verdict};
use crate::suite;

pub fn run(args: ReplayArgs) -> Outcome {
    let suite = match suite::load_paths(&args.paths) {
        Ok(s) => Arc::new(s),
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    let selection = replay::select(&suite, &args.filter);
    if selection.is_empty() && !args.filter.is_empty() {
        return Outcome::RunError(format!(
            "no example id matches --filter {}",
            args.filter.join(", --filter ")
        ));
    }
    let target = match TargetKind::Stub.build() {
        Ok(t) => t,
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    let replayer = Arc::new(Replayer::new(target));
    let jobs = args.jobs.map_or_else(replay::default_jobs, usize::from);
    let total = selection.len();

    let started = Instant::now();
    let mut progress = Progress::new(total);
    let reports = replay::replay_suite(
        replayer,
        suite.clone(),
        Arc::new(selection),
        jobs,
        |_, report| progress.done(report),
    );
    progress.finish();
    let seconds = started.elapsed().as_secs_f64();

    let mut summary = Summary::default();
    for r in &reports {
        summary.add(r);
    }
    if let Some(path) = &args.junit
        && let Err(outcome) = super::write_report(
            path,
            "JUnit report",
            &replay::junit::junit_xml(&reports, seconds),
        )
    {
        return outcome;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let written = match args.format {
        Format::Json => write_json(&mut out, &reports, summary, seconds),
        Format::Text => write_text(&mut out, &reports, summary, seconds),
    }
    .and_then(|()| out.flush());
    if let Err(outcome) = super::output_written(written) {
        return outcome;
    }
    if summary.failed + summary.errored > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// A progress bar when stderr is a terminal, else one plain line per example.
enum Progress {
    Bar {
        bar: indicatif::ProgressBar,
        failed: usize,
    },
    Lines {
        done: usize,
        total: usize,
    },
}

impl Progress {
    fn new(total: usize) -> Self {
        if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} replaying [{bar:40}] {pos}/{len} {msg}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            Progress::Bar { bar, failed: 0 }
        } else {
            Progress::Lines { done: 0, total }
        }
    }

    fn done(&mut self, report: &ExampleReport) {
        let word = match report.verdict {
            Verdict::Passed => "ok",
            Verdict::Failed { .. } => "FAILED",
            Verdict::Skipped { .. } => "skipped",
            Verdict::Errored { .. } => "ERROR",
        };
        match self {
            Progress::Bar { bar, failed } => {
                if !report.passed() {
                    *failed += 1;
                    bar.set_message(format!("{failed} failed"));
                }
                bar.inc(1);
            }
            Progress::Lines { done, total } => {
                *done += 1;
                let width = total.to_string().len();
                eprintln!("[{done:>width$}/{total}] {word:<7} {}", report.id);
            }
        }
    }

    fn finish(self) {
        if let Progress::Bar { bar, .. } = self {
            bar.finish_and_clear();
        }
    }
}

fn write_text(
    out: &mut dyn Write,
    reports: &[ExampleReport],
    summary: Summary,
    seconds: f64,
) -> std::io::Result<()> {
    for r in reports.iter().filter(|r| !r.passed()) {
        writeln!(out, "{}\n", r.explain())?;
    }
    writeln!(
        out,
        "replayed {} examples in {seconds:.2} s against the stub",
        summary.total()
    )?;
    writeln!(out, "{summary}")
}

fn write_json(
    out: &mut dyn Write,
    reports: &[ExampleReport],
    summary: Summary,
    seconds: f64,
) -> std::io::Result<()> {
    for r in reports {
        let mut line = serde_json::to_value(r).unwrap_or_default();
        if let Some(obj) = line.as_object_mut() {
            obj.insert("kind".into(), "example".into());
        }
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    let summary = serde_json::json!({
        "kind": "summary",
        "examples": summary.total(),
        "passed": summary.passed,
        "failed": summary.failed,
        "errored": summary.errored,
        "skipped": summary.skipped,
        "seconds": seconds,
    });
    serde_json::to_writer(&mut *out, &summary)?;
    out.write_all(b"\n")
}
