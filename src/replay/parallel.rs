//! Replaying a selection of a suite: bounded concurrency on one shared
//! runtime ([`replay_suite`]); a live replayer goes page by page, each page's
//! examples in order through a [`PageSession`].

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use tokio::runtime::Runtime;

use super::report::ExampleReport;
use super::runner::Replayer;
use super::session::PageSession;
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
    let len = selection.len();
    let rx = if replayer.is_live() {
        page_workers(replayer, suite, &selection, jobs)
    } else {
        example_workers(replayer, suite, selection, jobs)
    };
    collect(rx, len, on_report)
}

/// Workers replaying the selected examples one by one, in any order.
fn example_workers(
    replayer: Arc<Replayer>,
    suite: Arc<Suite>,
    selection: Arc<Selection>,
    jobs: usize,
) -> Receiver {
    fan_out(jobs, selection.len(), move |i, tx| {
        let (replayer, suite, selection) = (replayer.clone(), suite.clone(), selection.clone());
        async move {
            let (p, e) = selection[i];
            let page = &suite.pages[p];
            let report = replayer.replay(&page.source, &page.examples[e]).await;
            tx.send((i, report)).is_ok()
        }
    })
}

type Sender = tokio::sync::mpsc::UnboundedSender<(usize, ExampleReport)>;
type Receiver = tokio::sync::mpsc::UnboundedReceiver<(usize, ExampleReport)>;

/// Runs `work(n, tx)` for every `n` below `len` on at most `jobs` tasks of
/// [`runtime`], each task taking the next `n` when its last one is done; a
/// task stops when `work` returns false (the receiver is gone).
fn fan_out<W, F>(jobs: usize, len: usize, work: W) -> Receiver
where
    W: Fn(usize, Sender) -> F + Clone + Send + 'static,
    F: std::future::Future<Output = bool> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    for _ in 0..jobs.max(1).min(len.max(1)) {
        let (work, next, tx) = (work.clone(), next.clone(), tx.clone());
        runtime().spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= len || !work(n, tx.clone()).await {
                    break;
                }
            }
        });
    }
    rx
}

/// How often the calling thread takes the reports that came in. Taking each
/// as it comes would wake that thread once per example, which costs about a
/// tenth of a stub replay's CPU time.
const COLLECT_EVERY: std::time::Duration = std::time::Duration::from_millis(5);

/// The reports workers send, in selection order.
fn collect(
    mut rx: Receiver,
    len: usize,
    mut on_report: impl FnMut(usize, &ExampleReport),
) -> Vec<ExampleReport> {
    use tokio::sync::mpsc::error::TryRecvError;
    let mut reports: Vec<Option<ExampleReport>> = vec![None; len];
    runtime().block_on(async {
        let mut tick = tokio::time::interval(COLLECT_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            loop {
                match rx.try_recv() {
                    Ok((i, report)) => {
                        on_report(i, &report);
                        reports[i] = Some(report);
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => return,
                }
            }
        }
    });
    reports.into_iter().flatten().collect()
}

/// Workers for a live replayer: pages in parallel, each in order.
fn page_workers(
    replayer: Arc<Replayer>,
    suite: Arc<Suite>,
    selection: &Selection,
    jobs: usize,
) -> Receiver {
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
    fan_out(jobs, pages.len(), move |n, tx| {
        let (replayer, suite, pages) = (replayer.clone(), suite.clone(), pages.clone());
        async move {
            let (page, list) = &pages[n];
            let session = PageSession::new(replayer, suite, *page);
            for &(i, e) in list {
                if tx.send((i, session.report(e).await)).is_err() {
                    return false;
                }
            }
            true
        }
    })
}

/// The examples whose id matches at least one of `globs` (all of them when
/// `globs` is empty). In a glob, `*` matches any run of characters, `/` and
/// `#` included, and `?` any one character: `v1.0/api/user-*#*`.
pub fn select(suite: &Suite, globs: &[String]) -> Selection {
    all_examples(suite)
        .into_iter()
        .filter(|&(p, e)| selected(globs, suite.pages[p].examples[e].id.as_str()))
        .collect()
}

/// Whether the example `id` matches one of `globs` (every id does when
/// there is none).
pub fn selected(globs: &[String], id: &str) -> bool {
    globs.is_empty() || globs.iter().any(|g| glob_matches(g, id))
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
