//! A stub replay that sends while the pages load ([`replay_loading`]).
//!
//! Sending an example needs only its page; checking the answer needs the
//! schemas, which (without metadata) come from every resource page of the
//! run. So each example is prepared as soon as its page is extracted and
//! sent at once, at most `jobs` at a time, while the later pages are still
//! being read; once the last page is in and the schemas exist, every answer
//! is judged by the same checks as [`super::replay_suite`], in the same
//! order. The exchanges fill the gaps that reading and parsing leave on the
//! cores, and the reading fills those of the exchanges.
//!
//! Only a stub replay is sent this way: a live replay needs its pages in
//! order, and writes waiting on earlier examples (see [`super::PageSession`]).

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinHandle;

use super::checks::body_schema;
use super::parallel::{glob_matches, runtime};
use super::report::{ExampleReport, Verdict};
use super::runner::Replayer;
use super::target::{Observed, Target, TargetError};
use crate::config::Config;
use crate::runner::{LoadError, load_examples_each};
use crate::suite::Suite;

/// What [`replay_loading`] gives: the pages that have examples, the report
/// of every selected example in page order, and the replayer that judged
/// them (its schemas included).
#[derive(Debug)]
pub struct Loaded {
    pub suite: Arc<Suite>,
    pub reports: Vec<ExampleReport>,
    pub replayer: Arc<Replayer>,
}

/// One selected example on its way: sent (or being sent), or ended before
/// sending with its verdict. What was sent is not kept for the judging, but
/// prepared again then (it is cheap, and the bodies of every example of a
/// run would be held twice until the last page is in).
enum Pending {
    Sent(JoinHandle<Result<Observed, TargetError>>),
    Ended(Verdict),
}

/// Loads the pages of `paths` and replays their examples whose id matches
/// one of `globs` (every example when `globs` is empty) against `target`,
/// sending while the pages load (see the module documentation). The body
/// schemas are those [`crate::runner::load_examples`] builds: the
/// configuration's metadata, else the docs' resource pages. Once the pages
/// are in, `start` is told how many examples were selected, and the function
/// it returns sees each report as it is made, in order.
pub fn replay_loading<F: FnMut(&ExampleReport)>(
    config: &Config,
    paths: &[PathBuf],
    globs: &[String],
    target: Arc<dyn Target>,
    jobs: usize,
    start: impl FnOnce(usize) -> F,
) -> Result<Loaded, LoadError> {
    let sender = Arc::new(Replayer::new(target.clone()));
    let permits = Arc::new(Semaphore::new(jobs.max(1)));
    let mut pending: Vec<(usize, usize, Pending)> = Vec::new();
    let (suite, ctx) = load_examples_each(config, paths, |p, page| {
        for (e, example) in page.examples.iter().enumerate() {
            if !globs.is_empty() && !globs.iter().any(|g| glob_matches(g, example.id.as_str())) {
                continue;
            }
            let sent = match sender.prepare(&page.source, example) {
                Err(verdict) => Pending::Ended(verdict),
                Ok(prepared) => {
                    let (sender, permits) = (sender.clone(), permits.clone());
                    Pending::Sent(runtime().spawn(async move {
                        let _turn = permits.acquire_owned().await;
                        sender.send(&prepared).await
                    }))
                }
            };
            pending.push((p, e, sent));
        }
    })?;
    let mut on_report = start(pending.len());
    let suite = Arc::new(suite);
    let replayer = Arc::new(Replayer::new(target).with_check(body_schema(Arc::new(ctx))));
    // Judged on the runtime as the answers come in, reported in order.
    let judged: Vec<JoinHandle<ExampleReport>> = pending
        .into_iter()
        .map(|(p, e, sent)| {
            let (suite, replayer) = (suite.clone(), replayer.clone());
            runtime().spawn(async move {
                let (source, example) = (&suite.pages[p].source, &suite.pages[p].examples[e]);
                let sent = match sent {
                    Pending::Ended(verdict) => Err(verdict),
                    Pending::Sent(handle) => match handle.await {
                        Ok(observed) => replayer
                            .prepare(source, example)
                            .map(|prepared| (prepared, observed)),
                        Err(e) => Err(Verdict::Errored {
                            error: format!("the exchange did not finish: {e}"),
                        }),
                    },
                };
                replayer.judge(source, example, sent)
            })
        })
        .collect();
    let reports = runtime().block_on(async {
        let mut reports = Vec::with_capacity(judged.len());
        for handle in judged {
            if let Ok(report) = handle.await {
                on_report(&report);
                reports.push(report);
            }
        }
        reports
    });
    Ok(Loaded {
        suite,
        reports,
        replayer,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::replay::{StubTarget, replay_suite, select};

    /// Loading then replaying, as a live run does.
    fn loaded_then_replayed(config: &Config, paths: &[PathBuf], globs: &[String]) -> Vec<String> {
        let (suite, ctx) = crate::runner::load_examples(config, paths).expect("loads");
        let suite = Arc::new(suite);
        let selection = Arc::new(select(&suite, globs));
        let target = Arc::new(StubTarget::new().expect("stub"));
        let replayer = Replayer::new(target).with_check(body_schema(Arc::new(ctx)));
        replay_suite(Arc::new(replayer), suite, selection, 4, |_, _| {})
            .iter()
            .map(ExampleReport::explain)
            .collect()
    }

    /// The examples of `specs/` (with and without its metadata, all of them
    /// and a filtered few) get the same reports, in the same order, whether
    /// they are sent while the pages load or after.
    #[test]
    fn sending_while_loading_reports_what_loading_first_reports() {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
        let paths = [specs.clone()];
        let configs = [
            Config::default(),
            Config::from_metadata_dir(&specs.join("metadata")),
        ];
        for config in &configs {
            for globs in [
                vec![],
                vec!["*/widget-checks#*".to_string(), "*#*_b".to_string()],
            ] {
                let mut total = None;
                let mut seen = Vec::new();
                let target = Arc::new(StubTarget::new().expect("stub"));
                let run = replay_loading(config, &paths, &globs, target, 3, |n| {
                    total = Some(n);
                    |r: &ExampleReport| seen.push(r.explain())
                })
                .expect("replays");
                let reports: Vec<String> = run.reports.iter().map(ExampleReport::explain).collect();

                let expected = loaded_then_replayed(config, &paths, &globs);
                assert!(expected.len() > 2, "{globs:?}: {}", expected.len());
                assert_eq!(reports, expected, "{globs:?}");
                assert_eq!(seen, expected, "{globs:?}");
                assert_eq!(total, Some(expected.len()));
                assert!(reports.iter().any(|r| r.contains("mismatch")), "{globs:?}");
            }
        }
    }
}
