//! A stub replay that sends while the pages load ([`replay_loading`]).
//!
//! Sending an example needs only its page; checking the answer needs the
//! schemas. So each example is prepared as soon as its page is extracted
//! and sent at once, at most `jobs` at a time, while the later pages are
//! still being read, and each answer is judged by the same checks as
//! [`super::replay_suite`] as soon as the schemas exist. When every version
//! folder of the run has metadata, that is while the pages load (the
//! metadata is read meanwhile), and a page is dropped once its examples are
//! judged (but for the few an HTML report quotes); otherwise the docs'
//! resource pages are the schemas, and the answers wait for the last page.
//! The exchanges fill the gaps that reading and parsing leave on the cores,
//! and the reading fills those of the exchanges. The reports come out in
//! page order either way.
//!
//! Only a stub replay is sent this way: a live replay needs its pages in
//! order, and writes waiting on earlier examples (see [`super::PageSession`]).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{Semaphore, watch};
use tokio::task::JoinHandle;

use super::checks::body_schema;
use super::parallel::{runtime, selected};
use super::prepare::Prepared;
use super::report::{ExampleReport, Verdict};
use super::runner::Replayer;
use super::target::{Observed, Target, TargetError};
use crate::config::Config;
use crate::contract::Page;
use crate::runner::{LoadError, context_before_pages, load_examples_each};
use crate::suite::Suite;

/// What [`replay_loading`] gives: pages (those an HTML report quotes, when
/// asked to keep them: see [`replay_loading`]), the report of every selected
/// example in page order, and the replayer that judged them (its schemas
/// included).
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
/// configuration's metadata, else the docs' resource pages. When every
/// version folder has metadata, each page is dropped once judged, but for
/// the pages of the first `quoted` examples (in page order) that failed or
/// errored: an HTML report quotes those. Otherwise every page with examples
/// is held to the end anyway, and returned. Once the pages are in, `start`
/// is told how many examples were selected, and the function it returns
/// sees each report, in order.
pub fn replay_loading<F: FnMut(&ExampleReport)>(
    config: &Config,
    paths: &[PathBuf],
    globs: &[String],
    target: Arc<dyn Target>,
    jobs: usize,
    quoted: usize,
    start: impl FnOnce(usize) -> F,
) -> Result<Loaded, LoadError> {
    let sender = Arc::new(Replayer::new(target.clone()));
    let permits = Arc::new(Semaphore::new(jobs.max(1)));
    // The judging replayer, once the schemas exist.
    let (judge_tx, judge_rx) = watch::channel::<Option<Arc<Replayer>>>(None);
    let mut kept: Vec<Arc<Page>> = Vec::new();
    let mut pending: Vec<Pending> = Vec::new();
    let inputs = crate::suite::discover(paths)?;
    // Judged while the pages load, each page dropped once judged; or judged
    // once the last page is in, every page held until the end anyway (and
    // left to the caller rather than freed one allocation at a time).
    let early = context_before_pages(config, &inputs);
    let quotes = Arc::new(Quotes::new(if early { quoted } else { 0 }));
    let mut page_number = 0;
    load_examples_each(
        config,
        &inputs,
        |ctx| {
            let judge = Replayer::new(target.clone()).with_check(body_schema(ctx.clone()));
            judge_tx.send_replace(Some(Arc::new(judge)));
        },
        |page| {
            let page = Arc::new(page);
            page_number += 1;
            for (e, example) in page.examples.iter().enumerate() {
                if !selected(globs, example.id.as_str()) {
                    continue;
                }
                let sending = send(&sender, &permits, &page, e);
                if !early {
                    // What was sent is not held until the last page: it is
                    // prepared again for the judging.
                    let sent = async move { sending.await.map(|(_, observed)| observed) };
                    pending.push(Pending::Sending {
                        page: page.clone(),
                        example: e,
                        sent: runtime().spawn(sent),
                    });
                    continue;
                }
                let (mut judge, page, sender) = (judge_rx.clone(), page.clone(), sender.clone());
                let (quotes, at) = (quotes.clone(), (page_number, e));
                pending.push(Pending::Judged(runtime().spawn(async move {
                    let sent = sending.await;
                    let judge = match judge.wait_for(Option::is_some).await {
                        Ok(judge) => judge.clone(),
                        Err(_) => None,
                    };
                    let report = match judge {
                        Some(judge) => judge.judge(&page.source, &page.examples[e], sent),
                        // The pages did not all load: the run ends with that
                        // error, and this report is not shown.
                        None => sender.judge(
                            &page.source,
                            &page.examples[e],
                            Err(Verdict::Errored {
                                error: "the run stopped before its schemas were built".into(),
                            }),
                        ),
                    };
                    if report.failed_or_errored() {
                        quotes.offer(at, &page);
                    }
                    report
                })));
            }
            if !early {
                kept.push(page);
            }
        },
    )?;
    let replayer = judge_rx.borrow().clone();
    // Set by the loading once it succeeded.
    let replayer = replayer.unwrap_or_else(|| Arc::new(Replayer::new(target)));
    let judged: Vec<JoinHandle<ExampleReport>> = pending
        .into_iter()
        .map(|p| match p {
            Pending::Judged(report) => report,
            Pending::Sending {
                page,
                example,
                sent,
            } => {
                let judge = replayer.clone();
                runtime().spawn(async move {
                    let sent = sent.await.unwrap_or_else(|e| {
                        Err(Verdict::Errored {
                            error: format!("the exchange did not finish: {e}"),
                        })
                    });
                    judged(&judge, &page, example, sent)
                })
            }
        })
        .collect();
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
    kept.extend(quotes.pages());
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

/// What sending an example gave: what was sent and the target's answer, or
/// the verdict that ended it before anything was sent (what
/// [`Replayer::judge`] takes).
type Exchanged = Result<(Prepared, Result<Observed, TargetError>), Verdict>;

/// [`Exchanged`] without what was sent.
type Sent = Result<Result<Observed, TargetError>, Verdict>;

/// The pages of the first examples, in page order, that failed or errored,
/// offered in any order as the examples are judged: of every example
/// offered, only the first `limit` (by page and example number) are held.
struct Quotes {
    limit: usize,
    held: Mutex<BTreeMap<(usize, usize), Arc<Page>>>,
}

impl Quotes {
    fn new(limit: usize) -> Self {
        Quotes {
            limit,
            held: Mutex::default(),
        }
    }

    /// Holds `page` for its example `at`, if that is among the first
    /// `limit` offered so far; the last one held goes when it is not.
    fn offer(&self, at: (usize, usize), page: &Arc<Page>) {
        if self.limit == 0 {
            return;
        }
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        held.insert(at, page.clone());
        if held.len() > self.limit {
            held.pop_last();
        }
    }

    /// The pages held, each once, in page order.
    fn pages(&self) -> Vec<Arc<Page>> {
        let held = std::mem::take(&mut *self.held.lock().unwrap_or_else(PoisonError::into_inner));
        let mut pages: Vec<Arc<Page>> = Vec::new();
        for page in held.into_values() {
            // A page's examples come one after another.
            if !pages.last().is_some_and(|last| Arc::ptr_eq(last, &page)) {
                pages.push(page);
            }
        }
        pages
    }
}

/// One selected example on its way, in page order.
enum Pending {
    /// Sent and judged by one task (the schemas came while pages loaded).
    Judged(JoinHandle<ExampleReport>),
    /// Being sent, to be judged once the last page is in.
    Sending {
        page: Arc<Page>,
        example: usize,
        sent: JoinHandle<Sent>,
    },
}

/// Sends example `e` of `page` once one of `permits` is free, prepared only
/// then: the examples waiting for their turn hold no copy of their bodies.
fn send(
    sender: &Arc<Replayer>,
    permits: &Arc<Semaphore>,
    page: &Arc<Page>,
    e: usize,
) -> impl std::future::Future<Output = Exchanged> + Send + 'static {
    let (sender, permits, page) = (sender.clone(), permits.clone(), page.clone());
    async move {
        let _turn = permits.acquire_owned().await;
        let prepared = sender.prepare(&page.source, &page.examples[e])?;
        let observed = sender.send(&prepared).await;
        Ok((prepared, observed))
    }
}

/// The report of example `e` of `page` from what sending it gave, judged by
/// `judge`, which prepares it again (the same target makes the same
/// request: [`Replayer::prepare`]).
fn judged(judge: &Replayer, page: &Page, e: usize, sent: Sent) -> ExampleReport {
    let (source, example) = (&page.source, &page.examples[e]);
    let sent = sent.and_then(|observed| {
        judge
            .prepare(source, example)
            .map(|prepared| (prepared, observed))
    });
    judge.judge(source, example, sent)
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
    /// a filtered few; the pages of every failure quoted, of the first two,
    /// or of none.
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
            for (globs, quoted) in [
                (every(), 0),
                (every(), usize::MAX),
                (every(), 2),
                (few(), 0),
            ] {
                let mut total = None;
                let mut seen = Vec::new();
                let target = Arc::new(StubTarget::new().expect("stub"));
                let run = replay_loading(config, &paths, &globs, target, 3, quoted, |n| {
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
                // Every page with examples when the schemas waited for the
                // last page; else the pages of the first `quoted` examples
                // that failed or errored.
                let pages: Vec<String> = run
                    .suite
                    .pages
                    .iter()
                    .map(|p| p.source.display_path())
                    .collect();
                let inputs = crate::suite::discover(&paths).expect("finds");
                if !context_before_pages(config, &inputs) {
                    let (loaded, _) = crate::runner::load_examples(config, &paths).expect("loads");
                    assert_eq!(pages.len(), loaded.pages.len());
                } else {
                    let mut failed: Vec<String> = run
                        .reports
                        .iter()
                        .filter(|r| r.failed_or_errored())
                        .take(quoted)
                        .map(|r| r.file.clone())
                        .collect();
                    failed.dedup();
                    assert_eq!(pages, failed, "{globs:?} {quoted}");
                    if quoted > 0 {
                        assert!(!failed.is_empty());
                    }
                }
            }
        }
    }
}
