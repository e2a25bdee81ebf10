//! Replaying examples: prepare, send through a target, check. One example at
//! a time ([`Replayer::replay`]), or a whole suite with bounded concurrency on
//! a shared runtime ([`replay_suite`]).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use tokio::runtime::Runtime;

use super::checks::{Exchange, ReplayCheck, default_checks};
use super::prepare::Prepared;
use super::report::{ExampleReport, Verdict};
use super::target::{Target, TargetError};
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
}

impl std::fmt::Debug for Replayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replayer")
            .field("checks", &self.checks.len())
            .finish_non_exhaustive()
    }
}

impl Replayer {
    /// A replayer with the default checks (status, Content-Type, body); add
    /// the snapshot check with [`Self::with_check`].
    pub fn new(target: Arc<dyn Target>) -> Self {
        Replayer {
            target,
            checks: default_checks(),
        }
    }

    /// Adds a check, run after the others.
    pub fn with_check(mut self, check: impl ReplayCheck + 'static) -> Self {
        self.checks.push(Box::new(check));
        self
    }

    /// Replays one example of the page `source` and checks the exchange.
    pub async fn replay(&self, source: &SourceFile, example: &Example) -> ExampleReport {
        let verdict = self.verdict(source, example).await;
        ExampleReport {
            id: example.id.clone(),
            file: source.display_path(),
            line: example.request.place.at.line,
            method: example.request.message.method.clone(),
            url: example.request.message.url.clone(),
            verdict,
        }
    }

    async fn verdict(&self, source: &SourceFile, example: &Example) -> Verdict {
        let prepared = match Prepared::new(source, example) {
            Ok(p) => p,
            Err(e) => {
                return Verdict::Errored {
                    error: e.to_string(),
                };
            }
        };
        let observed = match self.target.send(&prepared).await {
            Ok(o) => o,
            Err(TargetError::NotMatched(why)) => {
                let exchange_span = crate::source::Span::at(example.request.place.span.start);
                return Verdict::Failed {
                    mismatches: vec![super::report::Mismatch::new(
                        crate::outcome::Code::ReplayUnmatched,
                        source,
                        exchange_span,
                        format!("the request sent does not match the documented request: {why}"),
                    )],
                };
            }
            Err(e) => {
                return Verdict::Errored {
                    error: e.to_string(),
                };
            }
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
            Verdict::Passed
        } else {
            Verdict::Failed { mismatches }
        }
    }
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
pub fn replay_suite(
    replayer: Arc<Replayer>,
    suite: Arc<Suite>,
    selection: Arc<Selection>,
    jobs: usize,
    mut on_report: impl FnMut(usize, &ExampleReport),
) -> Vec<ExampleReport> {
    let rt = runtime();
    let next = Arc::new(AtomicUsize::new(0));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
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
    let mut reports: Vec<Option<ExampleReport>> = vec![None; selection.len()];
    rt.block_on(async {
        while let Some((i, report)) = rx.recv().await {
            on_report(i, &report);
            reports[i] = Some(report);
        }
    });
    reports.into_iter().flatten().collect()
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
