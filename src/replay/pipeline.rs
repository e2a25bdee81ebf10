//! A stub replay that sends while the pages load ([`replay_loading`]).
//!
//! Sending an example needs only its page; checking the answer needs the
//! schemas. So each example is prepared as soon as its page is extracted
//! and sent at once, at most `jobs` at a time, while the later pages are
//! still being read, and each answer is judged by the same checks as
//! [`super::replay_suite`] as soon as the schemas exist. When every version
//! folder of the run has metadata, that is while the pages load (the
//! metadata is read meanwhile), and a page is dropped once its examples are
//! judged; otherwise the docs' resource pages are the schemas, and the
//! answers wait for the last page. The exchanges fill the gaps that reading
//! and parsing leave on the cores, and the reading fills those of the
//! exchanges. The reports come out in page order either way.
//!
//! Only a stub replay is sent this way: a live replay needs its pages in
//! order, and writes waiting on earlier examples (see [`super::PageSession`]).

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

use super::checks::body_schema;
use super::parallel::{glob_matches, runtime};
use super::report::{ExampleReport, Verdict};
use super::runner::Replayer;
use super::target::Target;
use crate::config::Config;
use crate::contract::Page;
use crate::runner::{LoadError, context_before_pages, load_examples_each};
use crate::suite::Suite;

/// What [`replay_loading`] gives: the pages that have examples (when asked
/// to keep them, or when they were held to the end anyway), the report of
/// every selected example in page order, and the replayer that judged them
/// (its schemas included).
#[derive(Debug)]
pub struct Loaded {
    pub suite: Arc<Suite>,
    pub reports: Vec<ExampleReport>,
    pub replayer: Arc<Replayer>,
}

/// Loads the pages of `paths` and replays their examples whose id matches
/// one of `globs` (every example when `globs` is empty) against `target`,
/// sending while the pages load (see the module documentation). The body
/// schemas are those [`crate::runner::load_examples`] builds: the
/// configuration's metadata, else the docs' resource pages. The pages are
/// returned when `keep_pages` (an HTML report quotes them); otherwise, when
/// every version folder has metadata, each is dropped once judged. Once the
/// pages are in, `start` is told how many
/// examples were selected, and the function it returns sees each report, in
/// order.
pub fn replay_loading<F: FnMut(&ExampleReport)>(
    config: &Config,
    paths: &[PathBuf],
    globs: &[String],
    target: Arc<dyn Target>,
    jobs: usize,
    keep_pages: bool,
    start: impl FnOnce(usize) -> F,
) -> Result<Loaded, LoadError> {
    let sender = Arc::new(Replayer::new(target.clone()));
    let permits = Arc::new(Semaphore::new(jobs.max(1)));
    // The judging replayer, once the schemas exist.
    let (judge_tx, judge_rx) = watch::channel::<Option<Arc<Replayer>>>(None);
    let mut kept: Vec<Arc<Page>> = Vec::new();
    let mut judged: Vec<JoinHandle<ExampleReport>> = Vec::new();
    let inputs = crate::suite::discover(paths)?;
    // A page is dropped once judged only when that is before the last page
    // is in: otherwise every page is held until the end anyway, and is left
    // to the caller rather than freed an allocation at a time meanwhile.
    let keep_pages = keep_pages || !context_before_pages(config, &inputs);
    load_examples_each(
        config,
        &inputs,
        |ctx| {
            let judge = Replayer::new(target.clone()).with_check(body_schema(ctx.clone()));
            judge_tx.send_replace(Some(Arc::new(judge)));
        },
        |page| {
            let page = Arc::new(page);
            for (e, example) in page.examples.iter().enumerate() {
                if !globs.is_empty() && !globs.iter().any(|g| glob_matches(g, example.id.as_str()))
                {
                    continue;
                }
                let prepared = sender.prepare(&page.source, example);
                let (sender, permits, page) = (sender.clone(), permits.clone(), page.clone());
                let mut judge = judge_rx.clone();
                judged.push(runtime().spawn(async move {
                    // What was sent is not kept until the judging but
                    // prepared again then (it is cheap, and without metadata
                    // the bodies of every example would be held twice until
                    // the last page is in).
                    let observed = match prepared {
                        Err(verdict) => Err(verdict),
                        Ok(prepared) => {
                            let _turn = permits.acquire_owned().await;
                            Ok(sender.send(&prepared).await)
                        }
                    };
                    let (source, example) = (&page.source, &page.examples[e]);
                    let judge = match judge.wait_for(Option::is_some).await {
                        Ok(judge) => judge.clone(),
                        Err(_) => None,
                    };
                    let Some(judge) = judge else {
                        // The pages did not all load: the run ends with that
                        // error, and this report is not shown.
                        let error = "the run stopped before its schemas were built".to_string();
                        return sender.judge(source, example, Err(Verdict::Errored { error }));
                    };
                    let sent = observed.and_then(|observed| {
                        judge
                            .prepare(source, example)
                            .map(|prepared| (prepared, observed))
                    });
                    judge.judge(source, example, sent)
                }));
            }
            if keep_pages {
                kept.push(page);
            }
        },
    )?;
    let replayer = judge_rx.borrow().clone();
    // Set by the loading once it succeeded.
    let replayer = replayer.unwrap_or_else(|| Arc::new(Replayer::new(target)));
    let mut on_report = start(judged.len());
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
    // Every task has ended (and dropped its page) once its handle answered,
    // so each page is held only here.
    let pages = kept
        .into_iter()
        .filter_map(|page| Arc::try_unwrap(page).ok())
        .collect();
    Ok(Loaded {
        suite: Arc::new(Suite { pages }),
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

    /// The examples of `specs/` get the same reports, in the same order,
    /// whether they are sent while the pages load or after: with metadata
    /// for every version folder (judged while loading), for one (judged
    /// after, against the other's resource pages) and none; all of them and
    /// a filtered few; the pages kept or not.
    #[test]
    fn sending_while_loading_reports_what_loading_first_reports() {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
        let paths = [specs.clone()];
        let beta_only = tempfile::tempdir().expect("tempdir");
        std::fs::copy(
            specs.join("metadata/beta.csdl.xml"),
            beta_only.path().join("beta.csdl.xml"),
        )
        .expect("copy");
        let configs = [
            Config::default(),
            Config::from_metadata_dir(&specs.join("metadata")),
            Config::from_metadata_dir(beta_only.path()),
        ];
        let every = || vec![];
        let few = || vec!["*/widget-checks#*".to_string(), "*#*_b".to_string()];
        for config in &configs {
            for (globs, keep) in [(every(), false), (every(), true), (few(), false)] {
                let mut total = None;
                let mut seen = Vec::new();
                let target = Arc::new(StubTarget::new().expect("stub"));
                let run = replay_loading(config, &paths, &globs, target, 3, keep, |n| {
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
                let pages = run.suite.pages.len();
                let inputs = crate::suite::discover(&paths).expect("finds");
                if keep || !context_before_pages(config, &inputs) {
                    let (loaded, _) = crate::runner::load_examples(config, &paths).expect("loads");
                    assert_eq!(pages, loaded.pages.len());
                } else {
                    assert_eq!(pages, 0);
                }
            }
        }
    }
}
