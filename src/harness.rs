//! Contracts as tests in your own crate: one test per documented example,
//! named by its id, with libtest's options (a filter, `--exact`, `--list`,
//! `--ignored`, `--test-threads`).
//!
//! In your crate's `Cargo.toml`:
//!
//! ```toml
//! [dev-dependencies]
//! mdcontract = { git = "https://github.com/OWNER/mdcontract" }  # or a path
//!
//! [[test]]
//! name = "contracts"
//! harness = false
//! ```
//!
//! and in `tests/contracts.rs`, the whole of `fn main`:
//!
//! ```no_run
//! mdcontract::harness::Harness::new("docs")
//!     .metadata("docs/metadata") // optional: <version>.csdl.xml files
//!     .known_failure("v1.0/api/widget-get#get_old", "the service changed; docs fix pending")
//!     .run();
//! ```
//!
//! (or `mdcontract::harness::run("docs")` when there is nothing to set).
//!
//! `cargo test --test contracts` then replays every example of `docs/`
//! against a stub built from the example itself, checks status, media type
//! and body (and the body against its type's schema), and compares the
//! exchange with an [insta] snapshot under `snapshots/replay/`. On the first
//! run every snapshot is new, so every test fails as a *new snapshot* and
//! insta writes `*.snap.new` files: review them with `cargo insta review`
//! (or take them all with `cargo insta accept`; `cargo install cargo-insta`
//! first) and commit the `.snap` files. Under `CI=true` insta never writes
//! snapshots, so a new or changed one fails the run.
//!
//! The target comes from the environment, as for this repository's own
//! `tests/contracts.rs`: `MDCONTRACT_TARGET=live` replays against
//! `MDCONTRACT_BASE_URL` with the credential variables (`MDCONTRACT_TOKEN`,
//! or `MDCONTRACT_TOKEN_URL`, `MDCONTRACT_CLIENT_ID`,
//! `MDCONTRACT_CLIENT_SECRET`), writes only with `MDCONTRACT_ALLOW_WRITES`;
//! live snapshots go under `snapshots/live/`.
//!
//! [insta]: https://insta.rs

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use libtest_mimic::{Arguments, Conclusion, Trial};

pub use crate::replay::checks::under_ci;

use crate::checks::CheckContext;
use crate::config::{CONFIG_ENV, Config};
use crate::replay::checks::body_schema;
use crate::replay::live::env::builder_from_env;
use crate::replay::live::{LiveTarget, Placeholders};
use crate::replay::{self, ExampleReport, PageSession, Replayer, TargetKind};
use crate::suite::{self, Suite};

/// What to replay, and where its snapshots live. Paths are relative to the
/// current directory, which `cargo test` sets to the crate's root.
#[derive(Debug, Clone)]
pub struct Harness {
    docs: Vec<PathBuf>,
    snapshots: Option<PathBuf>,
    metadata: Option<PathBuf>,
    known_failures: Vec<(String, String)>,
}

impl Harness {
    /// The pages under `docs` (a folder or a page).
    pub fn new(docs: impl Into<PathBuf>) -> Self {
        Harness {
            docs: vec![docs.into()],
            snapshots: None,
            metadata: None,
            known_failures: Vec::new(),
        }
    }

    /// More pages or folders.
    pub fn docs(mut self, docs: impl Into<PathBuf>) -> Self {
        self.docs.push(docs.into());
        self
    }

    /// The snapshot folder [default: `snapshots/replay`, or
    /// `snapshots/live` against a live service].
    pub fn snapshots(mut self, dir: impl Into<PathBuf>) -> Self {
        self.snapshots = Some(dir.into());
        self
    }

    /// A folder of `<version>.csdl.xml` (and `<version>.permissions.xml`)
    /// files: bodies are checked against the schemas of their types. Without
    /// it, against the types of the docs' own resource pages.
    pub fn metadata(mut self, dir: impl Into<PathBuf>) -> Self {
        self.metadata = Some(dir.into());
        self
    }

    /// An example that is wrong on purpose, and why: its test is ignored
    /// (`cargo test -- --ignored` runs it).
    pub fn known_failure(mut self, id: impl Into<String>, why: impl Into<String>) -> Self {
        self.known_failures.push((id.into(), why.into()));
        self
    }

    /// One trial per example. A setup problem (pages that do not load,
    /// metadata that does not parse, a live target without a base URL) is
    /// one failing trial that says what is wrong, so that `cargo test`
    /// shows it like any failure.
    pub fn trials(&self) -> Vec<Trial> {
        self.cases()
            .into_iter()
            .map(|case| {
                let Case { name, ignored, run } = case;
                Trial::test(name, move || run().map_err(Into::into)).with_ignored_flag(ignored)
            })
            .collect()
    }

    /// Runs the trials with the command line's libtest options and exits
    /// with libtest's code (101 when a test failed).
    pub fn run(self) -> ! {
        let mut args = Arguments::from_args();
        // Trials wait on the network far more than they compute.
        if args.test_threads.is_none() {
            args.test_threads = Some(replay::default_jobs());
        }
        libtest_mimic::run(&args, self.trials()).exit()
    }

    fn cases(&self) -> Vec<Case> {
        match self.build() {
            Ok(cases) => cases,
            Err(e) => vec![Case {
                name: "mdcontract-setup".into(),
                ignored: false,
                run: Box::new(move || Err(e)),
            }],
        }
    }

    fn build(&self) -> Result<Vec<Case>, String> {
        let suite = Arc::new(suite::load_paths(&self.docs).map_err(|e| e.to_string())?);
        let config = self
            .metadata
            .as_deref()
            .map(Config::from_metadata_dir)
            .unwrap_or_default();
        let schemas =
            Arc::new(crate::runner::check_context(&config, &suite).map_err(|e| e.to_string())?);
        let runner = runner_from_env(&suite, self.snapshots.as_deref(), schemas)?;
        let mut cases = Vec::new();
        for at in replay::all_examples(&suite) {
            let example = &suite.pages[at.0].examples[at.1];
            let id = example.id.to_string();
            let known = self.known_failures.iter().any(|(k, _)| *k == id);
            let skipped = runner.will_skip(&suite, at);
            let (suite, runner) = (suite.clone(), runner.clone());
            cases.push(Case {
                name: id,
                ignored: known || skipped,
                run: Box::new(move || {
                    let report = runner.run_one(&suite, at);
                    if report.passed() {
                        Ok(())
                    } else {
                        Err(report.explain())
                    }
                }),
            });
        }
        for (id, _) in &self.known_failures {
            if !cases.iter().any(|c| c.name == *id) {
                let message = format!("known failure `{id}` is not an example of the docs");
                cases.push(Case {
                    name: format!("known-failure {id}"),
                    ignored: false,
                    run: Box::new(move || Err(message)),
                });
            }
        }
        Ok(cases)
    }
}

/// One test before it becomes a libtest-mimic trial.
struct Case {
    name: String,
    ignored: bool,
    run: Box<dyn FnOnce() -> Result<(), String> + Send>,
}

/// Runs the contracts of the pages under `docs`, with their snapshots under
/// `snapshots/replay/`: `mdcontract::harness::run("docs")` is the whole of a
/// `tests/contracts.rs` main.
pub fn run(docs: impl Into<PathBuf>) -> ! {
    Harness::new(docs).run()
}

/// How examples are replayed: each on its own against the stub, or through
/// its page's session against a live service.
#[derive(Clone)]
enum Runner {
    Stub(Arc<Replayer>),
    Live(Arc<Vec<Arc<PageSession>>>),
}

impl Runner {
    fn run_one(&self, suite: &Suite, (p, e): (usize, usize)) -> ExampleReport {
        let page = &suite.pages[p];
        match self {
            Runner::Stub(r) => {
                replay::runtime().block_on(r.replay(&page.source, &page.examples[e]))
            }
            Runner::Live(sessions) => replay::runtime().block_on(sessions[p].report(e)),
        }
    }

    /// A live example skipped whatever happens (a write in read-only mode, a
    /// placeholder nothing fills) is ignored, neither passed nor failed.
    fn will_skip(&self, suite: &Suite, (p, e): (usize, usize)) -> bool {
        match self {
            Runner::Stub(_) => false,
            Runner::Live(sessions) => sessions[p]
                .replayer()
                .skip_reason(&suite.pages[p].source, &suite.pages[p].examples[e])
                .is_some(),
        }
    }
}

/// The live target the `MDCONTRACT_*` variables describe (base URL, timeout,
/// writes, credentials) and the `[placeholders]` of the configuration
/// (`MDCONTRACT_CONFIG`, else the nearest `mdcontract.toml` upward).
pub fn live_from_env() -> Result<(Arc<LiveTarget>, Placeholders), String> {
    let target = builder_from_env(|name| std::env::var(name).ok())?
        .build()
        .map_err(|e| e.to_string())?;
    let cwd = std::env::current_dir().unwrap_or_default();
    let placeholders = Config::resolve(None, std::env::var_os(CONFIG_ENV), &cwd)
        .map_err(|e| e.to_string())?
        .map(|c| Placeholders::new(c.config.placeholders().clone()))
        .unwrap_or_default();
    Ok((Arc::new(target), placeholders))
}

/// The runner `MDCONTRACT_TARGET` names (`stub`, the default, or `live`).
fn runner_from_env(
    suite: &Arc<Suite>,
    snapshots: Option<&Path>,
    schemas: Arc<CheckContext>,
) -> Result<Runner, String> {
    let kind = std::env::var("MDCONTRACT_TARGET")
        .unwrap_or_default()
        .parse::<TargetKind>()
        .map_err(|e| format!("MDCONTRACT_TARGET: {e}"))?;
    match kind {
        TargetKind::Stub => {
            let target = kind.build().map_err(|e| e.to_string())?;
            let dir = snapshots.unwrap_or(Path::new("snapshots/replay"));
            Ok(Runner::Stub(Arc::new(
                Replayer::new(target)
                    .with_snapshots(dir)
                    .with_check(body_schema(schemas)),
            )))
        }
        TargetKind::Live => {
            let (target, placeholders) = live_from_env()?;
            let dir = snapshots.unwrap_or(Path::new("snapshots/live"));
            let replayer = Arc::new(
                Replayer::live(target, placeholders)
                    .with_snapshots(dir)
                    .with_check(body_schema(schemas)),
            );
            let sessions = (0..suite.pages.len())
                .map(|p| Arc::new(PageSession::new(replayer.clone(), suite.clone(), p)))
                .collect();
            Ok(Runner::Live(Arc::new(sessions)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The named case: whether it is ignored, and how it ends.
    fn outcome(harness: &Harness, name: &str) -> (bool, Result<(), String>) {
        let case = harness
            .cases()
            .into_iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no case {name}"));
        (case.ignored, (case.run)())
    }

    /// The specs' own pages: a clean example passes, a known failure is
    /// ignored, a broken one fails with its explanation.
    #[test]
    fn one_trial_per_example_named_by_its_id() {
        // Relative paths, as a user's tests give them (cargo runs unit tests
        // in the package's root), so that snapshot headers carry no machine
        // path.
        let harness = Harness::new("specs")
            .metadata("specs/metadata")
            .known_failure(
                "v1.0/api/widget-checks#check_204_with_body",
                "204 with a body",
            );
        let trials = harness.trials();
        let examples = suite::load_paths(&[PathBuf::from("specs")])
            .expect("specs load")
            .examples()
            .count();
        assert_eq!(trials.len(), examples);
        assert!(
            trials
                .iter()
                .any(|t| t.name() == "v1.0/api/widget-get#get_widget")
        );
        let known = trials
            .iter()
            .find(|t| t.name() == "v1.0/api/widget-checks#check_204_with_body")
            .expect("the known failure");
        assert!(known.has_ignored_flag());

        assert_eq!(
            outcome(&harness, "v1.0/api/widget-get#get_widget"),
            (false, Ok(()))
        );
        let (ignored, failed) = outcome(&harness, "v1.0/api/widget-checks#check_wrapped_in_value");
        assert!(!ignored);
        let message = failed.expect_err("a broken example fails");
        assert!(message.contains("MC4010"), "{message}");
    }

    #[test]
    fn a_setup_problem_is_one_failing_trial_naming_it() {
        let harness = Harness::new("no/such/folder");
        assert_eq!(harness.trials().len(), 1);
        let (ignored, result) = outcome(&harness, "mdcontract-setup");
        assert!(!ignored);
        let message = result.expect_err("fails");
        assert!(message.contains("no/such/folder"), "{message}");
    }

    #[test]
    fn a_known_failure_that_is_no_example_fails() {
        let harness = Harness::new("specs/v1.0/api/widget-get.md")
            .known_failure("v1.0/api/widget-get#no_such_example", "typo");
        let (_, result) = outcome(
            &harness,
            "known-failure v1.0/api/widget-get#no_such_example",
        );
        assert_eq!(
            result,
            Err(
                "known failure `v1.0/api/widget-get#no_such_example` is not an example of the docs"
                    .into()
            )
        );
    }
}
