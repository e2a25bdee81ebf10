//! `mdcontract replay`.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::time::Instant;

use super::args::{Format, ReplayArgs};
use super::configuration::configuration;
use super::outcome::{Outcome, leave_to_exit, output_written, stdout_for, write_report};
use crate::config::{CONFIG_ENV, Config};
use crate::replay::live::env::{BASE_URL_ENV, TIMEOUT_ENV, parse_timeout};
use crate::replay::live::{BaseUrls, Credentials, DEFAULT_TIMEOUT, LiveTarget, Placeholders};
use crate::replay::{self, ExampleReport, Replayer, Summary, TargetKind, Verdict};
use crate::report::html;
use crate::report::junit::replay::junit_xml;
use crate::report::replay::{write_json, write_text};

pub fn run(args: ReplayArgs, quiet: bool) -> Outcome {
    // Bodies are checked against the same schemas as `mdcontract check`.
    let config = match configuration(args.config.as_deref(), &args.metadata, &[]) {
        Ok(c) => c,
        Err(e) => return Outcome::RunError(e),
    };
    let jobs = args.jobs.map_or_else(replay::default_jobs, usize::from);
    let started = Instant::now();
    let replayed = if args.live {
        replay_live(&args, &config, jobs, quiet)
    } else {
        replay_stub(&args, &config, jobs, quiet)
    };
    let Replayed {
        suite,
        reports,
        replayer: kept,
        against,
    } = match replayed {
        Ok(r) => r,
        Err(e) => return Outcome::RunError(e),
    };
    let seconds = started.elapsed().as_secs_f64();
    // Every text written below goes through the run's redactor once more,
    // whatever the reports already went through.
    let redactor = kept.redactor().cloned().unwrap_or_default();

    let mut summary = Summary::default();
    for r in &reports {
        summary.add(r);
    }
    if let Some(path) = &args.junit {
        let xml = junit_xml(&reports, seconds);
        if let Err(outcome) = write_report(path, "JUnit report", &redactor.redact(&xml)) {
            return outcome;
        }
    }
    if let Some(path) = &args.html {
        let run = html::ReplayRun {
            paths: args.paths.iter().map(|p| p.display().to_string()).collect(),
            against: against.clone(),
            seconds,
            links: html::Links::for_report(path, &std::env::current_dir().unwrap_or_default()),
        };
        let page = html::render(&html::replay_report(&reports, &suite, &run));
        if let Err(outcome) = write_report(path, "HTML report", &redactor.redact(&page)) {
            return outcome;
        }
    }
    let mut text = Vec::with_capacity(1 << 16);
    let written = match args.format {
        Format::Json => write_json(&mut text, &reports, summary, seconds),
        Format::Text => write_text(&mut text, &reports, summary, seconds, &against, quiet),
    }
    .and_then(|()| {
        let text = String::from_utf8_lossy(&text);
        let mut out = stdout_for(matches!(args.format, Format::Text));
        out.write_all(redactor.redact(&text).as_bytes())?;
        out.flush()
    });
    leave_to_exit((suite, reports, kept));
    if let Err(outcome) = output_written(written) {
        return outcome;
    }
    if summary.failed + summary.errored > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// A finished replay: its pages, reports, the replayer (kept to the end, so
/// that the validators and the stub are not torn down one allocation at a
/// time before the process exits), and what it replayed against in words.
struct Replayed {
    suite: Arc<crate::suite::Suite>,
    reports: Vec<ExampleReport>,
    replayer: Arc<Replayer>,
    against: String,
}

/// The error of a `--filter` that matches no example id.
fn no_match(args: &ReplayArgs) -> String {
    format!(
        "no example id matches --filter {}",
        args.filter.join(", --filter ")
    )
}

/// Against the stub: the examples are sent while the pages load
/// ([`replay::pipeline`]).
fn replay_stub(
    args: &ReplayArgs,
    config: &Config,
    jobs: usize,
    quiet: bool,
) -> Result<Replayed, String> {
    let target = TargetKind::Stub.build().map_err(|e| e.to_string())?;
    let mut progress: Option<Progress> = None;
    let loaded = replay::pipeline::replay_loading(
        config,
        &args.paths,
        &args.filter,
        target,
        jobs,
        // The pages of the failures the HTML report details.
        if args.html.is_some() {
            html::REPLAY_DETAILED
        } else {
            0
        },
        |total| {
            let progress = progress.insert(Progress::new(total, quiet));
            |report: &ExampleReport| progress.done(report)
        },
    )
    .map_err(|e| e.to_string())?;
    if let Some(p) = progress {
        p.finish();
    }
    if loaded.reports.is_empty() && !args.filter.is_empty() {
        return Err(no_match(args));
    }
    Ok(Replayed {
        suite: loaded.suite,
        reports: loaded.reports,
        replayer: loaded.replayer,
        against: "the stub".to_string(),
    })
}

/// Against a live service: the pages load, then their examples are sent,
/// each page in order ([`replay::replay_suite`]).
fn replay_live(
    args: &ReplayArgs,
    config: &Config,
    jobs: usize,
    quiet: bool,
) -> Result<Replayed, String> {
    let (suite, ctx) =
        crate::runner::load_examples(config, &args.paths).map_err(|e| e.to_string())?;
    let suite = Arc::new(suite);
    let selection = replay::select(&suite, &args.filter);
    if selection.is_empty() && !args.filter.is_empty() {
        return Err(no_match(args));
    }
    let (replayer, against) = live_replayer(args)?;
    let replayer = Arc::new(replayer.with_check(replay::checks::body_schema(Arc::new(ctx))));
    let mut progress = Progress::new(selection.len(), quiet);
    let reports = replay::replay_suite(
        replayer.clone(),
        suite.clone(),
        Arc::new(selection),
        jobs,
        |_, report| progress.done(report),
    );
    progress.finish();
    Ok(Replayed {
        suite,
        reports,
        replayer,
        against,
    })
}

/// The live replayer of `--live`, and what it replays against in words.
///
/// Settings come from the flags, then the environment (`MDCONTRACT_BASE_URL`,
/// `MDCONTRACT_TIMEOUT`), then the defaults; writes only with the flag, so
/// that a variable left in a shell never turns them on. The access token is
/// obtained before the first example, so that a refused token ends the run
/// at once rather than failing every example.
fn live_replayer(args: &ReplayArgs) -> Result<(Replayer, String), String> {
    let env = |name: &str| std::env::var(name).ok();
    let bases = if args.base_url.is_empty() {
        env(BASE_URL_ENV)
            .unwrap_or_default()
            .split([' ', ',', '\n', '\t'])
            .filter(|e| !e.is_empty())
            .map(str::to_string)
            .collect()
    } else {
        args.base_url.clone()
    };
    if bases.is_empty() {
        return Err(format!(
            "--live needs --base-url URL (the service root, such as https://graph.microsoft.com) or {BASE_URL_ENV}"
        ));
    }
    let bases = BaseUrls::parse(&bases)?;
    let timeout = match args.timeout.clone().or_else(|| env(TIMEOUT_ENV)) {
        Some(t) => parse_timeout(&t).map_err(|e| format!("--timeout: {e}"))?,
        None => DEFAULT_TIMEOUT,
    };
    let credentials = Credentials::from_env(env)?;
    let cwd = std::env::current_dir().unwrap_or_default();
    let placeholders = Config::resolve(args.config.as_deref(), std::env::var_os(CONFIG_ENV), &cwd)
        .map_err(|e| e.to_string())?
        .map(|loaded| Placeholders::new(loaded.config.placeholders().clone()))
        .unwrap_or_default();
    let target = LiveTarget::builder(bases)
        .with_credentials(credentials)
        .with_timeout(timeout)
        .should_allow_writes(args.allow_writes)
        .build()
        .map_err(|e| e.to_string())?;
    let redactor = target.redactor();
    replay::runtime()
        .block_on(target.authenticate())
        .map_err(|e| redactor.redact(&e.to_string()).into_owned())?;
    let against = target.describe();
    Ok((Replayer::live(Arc::new(target), placeholders), against))
}

/// Progress on stderr: a bar on a terminal; elsewhere (a CI log) a line
/// for each example that failed or errored and one line at every tenth of
/// the run, not one line per example; nothing with `--quiet`.
enum Progress {
    Bar {
        bar: indicatif::ProgressBar,
        failed: usize,
    },
    Lines {
        done: usize,
        failed: usize,
        total: usize,
    },
    Quiet,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Self {
        if quiet {
            Progress::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} replaying [{bar:40}] {pos}/{len} {msg}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            Progress::Bar { bar, failed: 0 }
        } else {
            Progress::Lines {
                done: 0,
                failed: 0,
                total,
            }
        }
    }

    fn done(&mut self, report: &ExampleReport) {
        match self {
            Progress::Quiet => {}
            Progress::Bar { bar, failed } => {
                if !report.passed() {
                    *failed += 1;
                    bar.set_message(format!("{failed} failed"));
                }
                bar.inc(1);
            }
            Progress::Lines {
                done,
                failed,
                total,
            } => {
                *done += 1;
                let width = total.to_string().len();
                let word = match report.verdict {
                    Verdict::Failed { .. } => Some("FAILED"),
                    Verdict::Errored { .. } => Some("ERROR"),
                    Verdict::Passed | Verdict::Skipped { .. } => None,
                };
                if let Some(word) = word {
                    *failed += 1;
                    eprintln!("[{done:>width$}/{total}] {word:<7} {}", report.id);
                }
                // At each tenth of the run: when the tenths done go up
                // (ten lines whatever the total, the last at its end).
                let tenths = |n: usize| n * 10 / (*total).max(1);
                if tenths(*done) > tenths(*done - 1) || *done == *total {
                    eprintln!(
                        "[{done:>width$}/{total}] {}% done, {failed} failed",
                        *done * 100 / (*total).max(1)
                    );
                }
            }
        }
    }

    fn finish(self) {
        if let Progress::Bar { bar, .. } = self {
            bar.finish_and_clear();
        }
    }
}
