//! Replaying examples: prepare, send through a target, check. One example at
//! a time ([`Replayer::replay`]), or a whole suite with bounded concurrency on
//! a shared runtime ([`replay_suite`]); live pages one example after the
//! other ([`PageSession`]).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use tokio::runtime::Runtime;

use super::checks::{Exchange, ReplayCheck, default_checks, live_checks, shape_snapshot, snapshot};
use super::live::placeholders::{Captures, Placeholders, created_by, fill, needs_capture};
use super::live::{LiveTarget, Redactor};
use super::prepare::Prepared;
use super::report::{ExampleReport, Verdict};
use super::session::PageSession;
use super::target::{Observed, Target, TargetError};
use crate::contract::Example;
use crate::source::SourceFile;
use crate::suite::Suite;

/// The runtime every replay shares: one multi-threaded runtime per process
/// (a runtime per example or per test costs about twice the time), built on
/// first use with one worker per core.
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("mdcontract-replay")
            .build()
            .unwrap_or_else(|e| panic!("cannot start the tokio runtime: {e}"))
    })
}

/// Examples in flight by default: four per core. A round trip on loopback
/// mostly waits for a thread to wake up, so throughput comes from having
/// several exchanges in flight, not from more threads.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from) * 4
}

/// A target and the checks applied to what it answers.
pub struct Replayer {
    target: Arc<dyn Target>,
    checks: Vec<Box<dyn ReplayCheck>>,
    /// Set for a live target.
    live: Option<LiveBinding>,
}

/// What a live replay adds: placeholder values, and the redaction of every
/// report.
struct LiveBinding {
    placeholders: Placeholders,
    redactor: Redactor,
    /// Whether the target sends writes (so that an example can create the
    /// object a later one names).
    writes: bool,
}

impl std::fmt::Debug for Replayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replayer")
            .field("checks", &self.checks.len())
            .field("live", &self.live.is_some())
            .finish_non_exhaustive()
    }
}

impl Replayer {
    /// A replayer with the default checks (status, Content-Type, body); add
    /// the snapshot check with [`Self::with_snapshots`] or [`Self::with_check`].
    pub fn new(target: Arc<dyn Target>) -> Self {
        Replayer {
            target,
            checks: default_checks(),
            live: None,
        }
    }

    /// A replayer for a live service, with the live checks (status, media
    /// type, body shape). `{placeholders}` of URLs are filled from
    /// `placeholders`, else from the objects earlier examples of the page
    /// created (see [`super::live::placeholders`]), so the examples of a page
    /// run in page order when one needs a captured value ([`PageSession`]).
    /// Every report is redacted with the target's [`Redactor`].
    pub fn live(target: Arc<LiveTarget>, placeholders: Placeholders) -> Self {
        let redactor = target.redactor();
        let writes = target.allows_writes();
        Replayer {
            target,
            checks: live_checks(),
            live: Some(LiveBinding {
                placeholders,
                redactor,
                writes,
            }),
        }
    }

    /// Adds a check, run after the others.
    pub fn with_check(mut self, check: impl ReplayCheck + 'static) -> Self {
        self.checks.push(Box::new(check));
        self
    }

    /// Adds the insta snapshot check under `root`: of the exchange against a
    /// stub, of the response's shape (redacted) against a live service. Give
    /// live snapshots their own root.
    pub fn with_snapshots(self, root: impl AsRef<std::path::Path>) -> Self {
        match &self.live {
            None => self.with_check(snapshot(root)),
            Some(live) => {
                let check = shape_snapshot(root).with_redactor(live.redactor.clone());
                self.with_check(check)
            }
        }
    }

    /// True for a live replayer ([`Self::live`]).
    pub fn is_live(&self) -> bool {
        self.live.is_some()
    }

    /// The redactor of a live replayer: whatever is written from its reports
    /// goes through it once more.
    pub fn redactor(&self) -> Option<&Redactor> {
        self.live.as_ref().map(|l| &l.redactor)
    }

    /// Replays one example of the page `source` and checks the exchange. A
    /// live replayer fills placeholders from the configuration only: to use
    /// the objects earlier examples created, replay through a
    /// [`PageSession`].
    pub async fn replay(&self, source: &SourceFile, example: &Example) -> ExampleReport {
        self.replay_in_page(source, example, &mut Captures::default())
            .await
    }

    /// [`Self::replay`] with the objects earlier examples of the page
    /// created; an object this example creates is added to `captures`.
    pub async fn replay_in_page(
        &self,
        source: &SourceFile,
        example: &Example,
        captures: &mut Captures,
    ) -> ExampleReport {
        let (verdict, observed_body) = self.verdict(source, example, captures).await;
        let mut report = ExampleReport {
            id: example.id.clone(),
            file: source.display_path(),
            line: example.request.place.at.line,
            method: example.request.message.method.clone(),
            url: example.request.message.url.clone(),
            verdict,
            observed_body,
        };
        if let Some(live) = &self.live {
            report.map_text(|t| live.redactor.redact(t).into_owned());
        }
        report
    }

    /// Why `example` will be skipped whatever else runs, known before
    /// anything is sent: the target's reason (a write in read-only live mode,
    /// a URL with nowhere to go), or, in read-only live mode, a placeholder
    /// the configuration does not fill (no example can create the object).
    /// The `cargo test` harness marks these trials ignored.
    pub fn skip_reason(&self, source: &SourceFile, example: &Example) -> Option<String> {
        let prepared = Prepared::new(source, example).ok()?;
        if let Some(reason) = self.target.skip_reason(&prepared) {
            return Some(reason);
        }
        let live = self.live.as_ref().filter(|l| !l.writes)?;
        fill(
            &prepared.request.template,
            &live.placeholders,
            &Captures::default(),
        )
        .err()
        .map(|unfilled| unfilled.to_string())
    }

    /// True when `example` has a placeholder that only an earlier example of
    /// its page can fill (live mode).
    pub fn needs_earlier_examples(&self, source: &SourceFile, example: &Example) -> bool {
        let Some(live) = &self.live else {
            return false;
        };
        Prepared::new(source, example)
            .is_ok_and(|p| needs_capture(&p.request.template, &live.placeholders))
    }

    /// How the example ended, and the body the target answered when it
    /// failed (for reports that show it).
    async fn verdict(
        &self,
        source: &SourceFile,
        example: &Example,
        captures: &mut Captures,
    ) -> (Verdict, Option<String>) {
        let (prepared, observed) = match self.exchange(source, example, captures).await {
            Ok(sent) => sent,
            Err(verdict) => return (verdict, None),
        };
        let exchange = Exchange {
            source,
            example,
            prepared: &prepared,
            observed: &observed,
        };
        let mut mismatches = Vec::new();
        for c in &self.checks {
            c.check(&exchange, &mut mismatches);
        }
        if mismatches.is_empty() {
            (Verdict::Passed, None)
        } else {
            (
                Verdict::Failed { mismatches },
                Some(kept_body(&observed.body)),
            )
        }
    }

    /// Prepares and sends the example: what was sent and what came back, or
    /// the verdict of an exchange that did not happen.
    async fn exchange(
        &self,
        source: &SourceFile,
        example: &Example,
        captures: &mut Captures,
    ) -> Result<(Prepared, Observed), Verdict> {
        let mut prepared = match Prepared::new(source, example) {
            Ok(p) => p,
            Err(e) => {
                return Err(Verdict::Errored {
                    error: e.to_string(),
                });
            }
        };
        if let Some(reason) = self.target.skip_reason(&prepared) {
            return Err(Verdict::Skipped { reason });
        }
        if let Some(live) = &self.live {
            match fill(&prepared.request.template, &live.placeholders, captures) {
                Ok(target) => prepared.request.target = target,
                Err(unfilled) => {
                    return Err(Verdict::Skipped {
                        reason: unfilled.to_string(),
                    });
                }
            }
        }
        let observed = match self.target.send(&prepared).await {
            Ok(o) => o,
            Err(TargetError::NotMatched(why)) => {
                let exchange_span = crate::source::Span::at(example.request.place.span.start);
                return Err(Verdict::Failed {
                    mismatches: vec![
                        crate::outcome::Finding::new(
                            crate::outcome::Code::ReplayUnmatched,
                            source,
                            exchange_span,
                            format!(
                                "the request sent does not match the documented request: {why}"
                            ),
                        )
                        .with_example(example.id.as_str()),
                    ],
                });
            }
            Err(TargetError::Skipped(reason)) => return Err(Verdict::Skipped { reason }),
            Err(e) => {
                return Err(Verdict::Errored {
                    error: e.to_string(),
                });
            }
        };
        if self.live.is_some()
            && let Some(created) = created_by(
                &prepared.request.method,
                &prepared.request.template,
                &observed,
            )
        {
            captures.record(created);
        }
        Ok((prepared, observed))
    }
}

/// Longest observed body kept for a report.
const KEPT_BODY: usize = 256 * 1024;

/// An observed body as report text: lossy UTF-8, cut at [`KEPT_BODY`] bytes.
fn kept_body(body: &[u8]) -> String {
    let cut = &body[..body.len().min(KEPT_BODY)];
    String::from_utf8_lossy(cut).into_owned()
}

/// Which examples of a suite to replay: (page index, example index).
pub type Selection = Vec<(usize, usize)>;

/// Every example of `suite`, in order.
pub fn all_examples(suite: &Suite) -> Selection {
    suite
        .pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| (0..page.examples.len()).map(move |e| (p, e)))
        .collect()
}

/// Replays the selected examples with at most `jobs` in flight, on
/// [`runtime`]. `on_report` sees each report as it completes, with its index
/// in `selection`; the reports come back in selection order.
///
/// A live replayer works page by page instead, `jobs` pages at a time, each
/// page's examples in page order through a [`PageSession`] (an example that
/// needs an id an earlier example creates runs the examples before it, even
/// those not selected; their reports are not returned).
pub fn replay_suite(
    replayer: Arc<Replayer>,
    suite: Arc<Suite>,
    selection: Arc<Selection>,
    jobs: usize,
    on_report: impl FnMut(usize, &ExampleReport),
) -> Vec<ExampleReport> {
    if replayer.is_live() {
        return replay_pages(replayer, suite, selection, jobs, on_report);
    }
    let rt = runtime();
    let next = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    for _ in 0..jobs.max(1).min(selection.len().max(1)) {
        let (replayer, suite, selection, next, tx) = (
            replayer.clone(),
            suite.clone(),
            selection.clone(),
            next.clone(),
            tx.clone(),
        );
        rt.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(p, e)) = selection.get(i) else {
                    break;
                };
                let page = &suite.pages[p];
                let report = replayer.replay(&page.source, &page.examples[e]).await;
                if tx.send((i, report)).is_err() {
                    break;
                }
            }
        });
    }
    drop(tx);
    collect(rx, selection.len(), on_report)
}

/// The reports workers send, in selection order.
fn collect(
    mut rx: tokio::sync::mpsc::UnboundedReceiver<(usize, ExampleReport)>,
    len: usize,
    mut on_report: impl FnMut(usize, &ExampleReport),
) -> Vec<ExampleReport> {
    let mut reports: Vec<Option<ExampleReport>> = vec![None; len];
    runtime().block_on(async {
        while let Some((i, report)) = rx.recv().await {
            on_report(i, &report);
            reports[i] = Some(report);
        }
    });
    reports.into_iter().flatten().collect()
}

/// [`replay_suite`] for a live replayer: pages in parallel, each in order.
fn replay_pages(
    replayer: Arc<Replayer>,
    suite: Arc<Suite>,
    selection: Arc<Selection>,
    jobs: usize,
    on_report: impl FnMut(usize, &ExampleReport),
) -> Vec<ExampleReport> {
    // (page, [(index in selection, example)]), pages in order of first selection.
    let mut pages: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    for (i, &(p, e)) in selection.iter().enumerate() {
        match pages.iter_mut().find(|(page, _)| *page == p) {
            Some((_, list)) => list.push((i, e)),
            None => pages.push((p, vec![(i, e)])),
        }
    }
    for (_, list) in &mut pages {
        list.sort_by_key(|&(_, e)| e);
    }
    let pages = Arc::new(pages);
    let next = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    for _ in 0..jobs.max(1).min(pages.len().max(1)) {
        let (replayer, suite, pages, next, tx) = (
            replayer.clone(),
            suite.clone(),
            pages.clone(),
            next.clone(),
            tx.clone(),
        );
        runtime().spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some((page, list)) = pages.get(n) else {
                    break;
                };
                let session = PageSession::new(replayer.clone(), suite.clone(), *page);
                for &(i, e) in list {
                    let report = session.report(e).await;
                    if tx.send((i, report)).is_err() {
                        return;
                    }
                }
            }
        });
    }
    drop(tx);
    collect(rx, selection.len(), on_report)
}

/// The examples whose id matches at least one of `globs` (all of them when
/// `globs` is empty). In a glob, `*` matches any run of characters, `/` and
/// `#` included, and `?` any one character: `v1.0/api/user-*#*`.
pub fn select(suite: &Suite, globs: &[String]) -> Selection {
    all_examples(suite)
        .into_iter()
        .filter(|&(p, e)| {
            let id = suite.pages[p].examples[e].id.as_str();
            globs.is_empty() || globs.iter().any(|g| glob_matches(g, id))
        })
        .collect()
}

/// Matches `text` against `glob` (`*`, `?`; everything else literal).
pub fn glob_matches(glob: &str, text: &str) -> bool {
    let (g, t): (Vec<char>, Vec<char>) = (glob.chars().collect(), text.chars().collect());
    // Iterative wildcard matching with one backtrack point for the last `*`.
    let (mut gi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if gi < g.len() && (g[gi] == '?' || g[gi] == t[ti]) {
            gi += 1;
            ti += 1;
        } else if gi < g.len() && g[gi] == '*' {
            star = Some((gi, ti));
            gi += 1;
        } else if let Some((sg, st)) = star {
            gi = sg + 1;
            ti = st + 1;
            star = Some((sg, st + 1));
        } else {
            return false;
        }
    }
    g[gi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_whole_ids() {
        assert!(glob_matches(
            "v1.0/api/user-*#*",
            "v1.0/api/user-get#get_user_1"
        ));
        assert!(glob_matches("*#get_user_?", "v1.0/api/user-get#get_user_1"));
        assert!(glob_matches("*", ""));
        assert!(!glob_matches("v1.0/*", "beta/api/x#y"));
        assert!(!glob_matches("*#get", "v1.0/api/user-get#get_user_1"));
        assert!(glob_matches("a*b*c", "a-b-x-c"));
    }
}
