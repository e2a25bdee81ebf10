//! [`PageSession`]: the examples of one page replayed in page order, each at
//! most once, sharing what they create.
//!
//! Live pages are written as a story: create a widget, get it, update it,
//! delete it, the later URLs naming the id the first answer carries. A
//! session keeps those ids ([`Captures`]) and, when an example needs one,
//! replays the examples before it first. The `cargo test` harness asks for one
//! example per trial, in any order and from several threads; the session
//! serialises them, so each example is sent once and its report is handed to
//! whoever asks again.

use std::sync::Arc;

use super::live::Captures;
use super::report::ExampleReport;
use super::runner::Replayer;
use crate::suite::Suite;

/// The replay of one page; see the module documentation.
pub struct PageSession {
    replayer: Arc<Replayer>,
    suite: Arc<Suite>,
    page: usize,
    state: tokio::sync::Mutex<State>,
}

struct State {
    captures: Captures,
    reports: Vec<Option<ExampleReport>>,
}

impl std::fmt::Debug for PageSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageSession")
            .field("page", &self.suite.pages[self.page].source.page)
            .finish_non_exhaustive()
    }
}

impl PageSession {
    /// A session for page `page` of `suite`.
    pub fn new(replayer: Arc<Replayer>, suite: Arc<Suite>, page: usize) -> Self {
        let len = suite.pages[page].examples.len();
        PageSession {
            replayer,
            suite,
            page,
            state: tokio::sync::Mutex::new(State {
                captures: Captures::default(),
                reports: vec![None; len],
            }),
        }
    }

    pub fn replayer(&self) -> &Arc<Replayer> {
        &self.replayer
    }

    /// The report of example `example` of the page, replaying it (and, when
    /// it needs an id only an earlier example can supply, the examples before
    /// it that have not run yet) unless it already ran.
    pub async fn report(&self, example: usize) -> ExampleReport {
        let page = &self.suite.pages[self.page];
        let mut state = self.state.lock().await;
        let State { captures, reports } = &mut *state;
        if let Some(done) = &reports[example] {
            return done.clone();
        }
        let source = &page.source;
        if self
            .replayer
            .needs_earlier_examples(source, &page.examples[example])
        {
            for (earlier, done) in reports.iter_mut().enumerate().take(example) {
                if done.is_none() {
                    let r = self
                        .replayer
                        .replay_in_page(source, &page.examples[earlier], captures)
                        .await;
                    *done = Some(r);
                }
            }
        }
        let report = self
            .replayer
            .replay_in_page(source, &page.examples[example], captures)
            .await;
        reports[example] = Some(report.clone());
        report
    }
}
