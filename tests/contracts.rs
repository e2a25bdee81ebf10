//! Contracts as tests: one libtest-mimic trial per example, named by its
//! `ExampleId`, replayed against the target `MDCONTRACT_TARGET` names: `stub`
//! (the default) or `live`. A live run reads `MDCONTRACT_BASE_URL` (required),
//! `MDCONTRACT_TIMEOUT`, `MDCONTRACT_ALLOW_WRITES`, the credential variables
//! (`MDCONTRACT_TOKEN`, or `MDCONTRACT_TOKEN_URL`, `MDCONTRACT_CLIENT_ID`,
//! `MDCONTRACT_CLIENT_SECRET`, `MDCONTRACT_SCOPE`) and the `[placeholders]` of
//! the configuration (`MDCONTRACT_CONFIG`, else the nearest
//! `mdcontract.toml`); its trials of one page share a `PageSession`, so an
//! example that needs an id an earlier example creates runs after it.
//!
//! Examples come from `specs/` (snapshots under `snapshots/replay/`, live
//! snapshots under `snapshots/live/`) and, when `MDCONTRACT_DOCS` names a
//! folder of pages, from there too (snapshots under `MDCONTRACT_SNAPSHOTS`,
//! else `target/mdcontract-snapshots/`; live ones under
//! `MDCONTRACT_LIVE_SNAPSHOTS`, else `target/mdcontract-live-snapshots/`, so
//! that a corpus run never writes into the repository's snapshots and live
//! snapshots never mix with stub ones).
//!
//! libtest's options work: a filter, `--exact`, `--list`, `--ignored`,
//! `--include-ignored`, `--test-threads`; and so does
//! `cargo nextest run --test contracts --partition hash:1/2`. Output is not
//! captured, so each failure message names the page, line, example and every
//! mismatch on its own.
//!
//! Examples that are wrong on purpose are listed in [`KNOWN_FAILURES`] with a
//! note each. Their trials are ignored (run them with `--ignored` to see the
//! failure), and the trial `known-failures-really-fail` checks that each of
//! them still fails the way its note says.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use libtest_mimic::{Arguments, Failed, Trial};
use mdcontract::checks::CheckContext;
use mdcontract::config::Config;
use mdcontract::replay::checks::body_schema;
use mdcontract::replay::live::Placeholders;
use mdcontract::replay::{
    self, ExampleReport, LiveTarget, PageSession, Replayer, TargetKind, Verdict,
};
use mdcontract::suite::{self, Suite};

/// An example that is wrong on purpose, and why it fails.
struct KnownFailure {
    id: &'static str,
    /// The code the failure must carry.
    code: &'static str,
    note: &'static str,
}

/// Examples of `specs/` that are defective on purpose (see `specs/README.md`)
/// and fail replay.
///
/// The other examples of `beta/api/widget-problems.md` are defective in ways
/// a replay does not see, so they pass it, and the static checks report them:
/// a duplicate name (`problem_duplicate_name`, `~2`) is a defect of the page;
/// a GET with a body (`problem_get_with_body`) is sent as written and the stub
/// serves it; a wrong `Content-length` (`problem_wrong_content_length`, static
/// `MC4204`) never goes over the wire, since the client computes its own.
const KNOWN_FAILURES: &[KnownFailure] = &[
    KnownFailure {
        id: "beta/api/widget-problems#problem_unrecoverable_json",
        code: "MC5007",
        note: "the response body is not JSON and cannot be repaired (Example 5): \
               no client could read it",
    },
    KnownFailure {
        id: "v1.0/api/widget-checks#check_wrapped_in_value",
        code: "MC4010",
        note: "one widget wrapped in `value` (the static MC4010 example): no client \
               finds its `id`",
    },
    KnownFailure {
        id: "v1.0/api/widget-checks#check_204_with_body",
        code: "MC5003",
        note: "a 204 response documented with a body (the static MC4202 example): \
               HTTP never delivers it",
    },
    // The body schema examples of the checks pages: the same finding the
    // static check reports, found again on the replayed bodies.
    KnownFailure {
        id: "v1.0/api/widget-checks#check_undocumented_property",
        code: "MC4001",
        note: "`colour` is not a property of widget",
    },
    KnownFailure {
        id: "v1.0/api/widget-checks#check_wrong_json_type",
        code: "MC4002",
        note: "`weight` is a string where the schema says number",
    },
    KnownFailure {
        id: "v1.0/api/widget-checks#check_not_in_enum",
        code: "MC4003",
        note: "`purple` is not a widgetColor",
    },
    KnownFailure {
        id: "v1.0/api/widget-checks#check_enum_case",
        code: "MC4009",
        note: "`Blue` is `blue` in the metadata",
    },
    KnownFailure {
        id: "v1.0/api/widget-checks#check_out_of_range",
        code: "MC4008",
        note: "3000000000 is out of the Int32 range",
    },
    KnownFailure {
        id: "v1.0/api/widget-checks#check_count_as_string",
        code: "MC4002",
        note: "the collection envelope's `@odata.count` is a string",
    },
    KnownFailure {
        id: "v1.0/api/widget-checks#check_bad_format",
        code: "MC4004",
        note: "`yesterday` is not a date-time",
    },
    KnownFailure {
        id: "v1.0/api/widget-checks#check_unrelated_odata_type",
        code: "MC4006",
        note: "a widgetPart where widgetDimensions is expected",
    },
    KnownFailure {
        id: "v1.0/api/widget-checks#check_unknown_odata_type",
        code: "MC4007",
        note: "`microsoft.graph.widgit` is not defined",
    },
    KnownFailure {
        id: "beta/api/gadgetassignment-checks#check_abstract_type",
        code: "MC4005",
        note: "the target names the abstract gadgetTarget",
    },
    KnownFailure {
        id: "beta/api/gadgetassignment-checks#check_target_unrelated_type",
        code: "MC4006",
        note: "a widgetPart where a gadgetTarget is expected",
    },
];

/// The schemas bodies are checked against: `specs/metadata/` for the specs,
/// `MDCONTRACT_METADATA` (a folder of `<version>.csdl.xml`) for
/// `MDCONTRACT_DOCS`, else the pages' own resource blocks.
fn schemas(suite: &Suite, metadata: Option<&Path>) -> Arc<CheckContext> {
    let config = metadata.map(Config::from_metadata_dir).unwrap_or_default();
    match mdcontract::runner::check_context(&config, suite) {
        Ok(ctx) => Arc::new(ctx),
        Err(e) => panic!("metadata for the body schema check: {e}"),
    }
}

fn main() {
    let mut args = Arguments::from_args();
    // Trials wait on the network far more than they compute: run several per
    // core unless told otherwise.
    if args.test_threads.is_none() {
        args.test_threads = Some(replay::default_jobs());
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = Target::from_env();

    let mut trials = Vec::new();
    // Relative to the package (cargo runs test binaries there), so that
    // messages and snapshot headers do not carry this machine's paths.
    let specs_dir = if Path::new("specs").is_dir() && Path::new("Cargo.toml").is_file() {
        PathBuf::from("specs")
    } else {
        root.join("specs")
    };
    let specs = load(&specs_dir);
    let specs_snapshots = match &target {
        Ok(Target::Live(..)) => root.join("snapshots/live"),
        _ => root.join("snapshots/replay"),
    };
    let specs_schemas = schemas(&specs, Some(&root.join("specs/metadata")));
    let specs_runner = runner(&target, &specs, specs_snapshots, specs_schemas);
    trials.extend(example_trials(&specs, &specs_runner));
    if let Runner::Stub(replayer) = &specs_runner {
        trials.push(known_failures_trial(specs.clone(), replayer.clone()));
    }

    let tally = Arc::new(Mutex::new(BTreeMap::<String, usize>::new()));
    if let Some(docs) = std::env::var_os("MDCONTRACT_DOCS") {
        let docs = PathBuf::from(docs);
        let (variable, default) = match &target {
            Ok(Target::Live(..)) => (
                "MDCONTRACT_LIVE_SNAPSHOTS",
                "target/mdcontract-live-snapshots",
            ),
            _ => ("MDCONTRACT_SNAPSHOTS", "target/mdcontract-snapshots"),
        };
        let snapshots = std::env::var_os(variable)
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join(default));
        let suite = load(&docs);
        let metadata = std::env::var_os("MDCONTRACT_METADATA").map(PathBuf::from);
        let docs_schemas = schemas(&suite, metadata.as_deref());
        let docs_runner = runner(&target, &suite, snapshots, docs_schemas);
        let seen: std::collections::HashSet<String> =
            trials.iter().map(|t| t.name().to_string()).collect();
        for trial in docs_trials(&suite, &docs_runner, tally.clone()) {
            if !seen.contains(trial.name()) {
                trials.push(trial);
            }
        }
    }

    let conclusion = libtest_mimic::run(&args, trials);
    let tally = tally.lock().map(|t| t.clone()).unwrap_or_default();
    if !tally.is_empty() {
        eprintln!(
            "MDCONTRACT_DOCS outcomes by kind (a failed example may count under several codes):"
        );
        for (kind, n) in &tally {
            eprintln!("  {kind:>8}  {n}");
        }
    }
    conclusion.exit();
}

fn load(dir: &Path) -> Arc<Suite> {
    match suite::load_paths(&[dir.to_path_buf()]) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("error: cannot load the pages of {}: {e}", dir.display());
            std::process::exit(2);
        }
    }
}

/// The target `MDCONTRACT_TARGET` names.
enum Target {
    Stub(Arc<dyn replay::Target>),
    /// The live target and the `[placeholders]` of the configuration.
    Live(Arc<LiveTarget>, Placeholders),
}

impl Target {
    fn from_env() -> Result<Target, String> {
        let kind = std::env::var("MDCONTRACT_TARGET")
            .unwrap_or_default()
            .parse::<TargetKind>()
            .map_err(|e| format!("MDCONTRACT_TARGET: {e}"))?;
        match kind {
            TargetKind::Stub => kind.build().map(Target::Stub).map_err(|e| e.to_string()),
            TargetKind::Live => {
                let (target, placeholders) = mdcontract::harness::live_from_env()?;
                Ok(Target::Live(target, placeholders))
            }
        }
    }
}

/// How the examples of a set of pages are replayed.
#[derive(Clone)]
enum Runner {
    /// Each example on its own.
    Stub(Arc<Replayer>),
    /// Through the session of its page (live: page order, shared captures).
    Live(Arc<Vec<Arc<PageSession>>>),
    /// No target: every trial fails with this.
    Broken(String),
}

fn runner(
    target: &Result<Target, String>,
    suite: &Arc<Suite>,
    snapshots: PathBuf,
    schemas: Arc<CheckContext>,
) -> Runner {
    match target {
        Err(e) => Runner::Broken(e.clone()),
        Ok(Target::Stub(t)) => Runner::Stub(Arc::new(
            Replayer::new(t.clone())
                .with_snapshots(snapshots)
                .with_check(body_schema(schemas)),
        )),
        Ok(Target::Live(t, placeholders)) => {
            let replayer = Arc::new(
                Replayer::live(t.clone(), placeholders.clone())
                    .with_snapshots(snapshots)
                    .with_check(body_schema(schemas)),
            );
            let sessions = (0..suite.pages.len())
                .map(|p| Arc::new(PageSession::new(replayer.clone(), suite.clone(), p)))
                .collect();
            Runner::Live(Arc::new(sessions))
        }
    }
}

/// Replays one example (an errored report when there is no target).
fn run_one(runner: &Runner, suite: &Suite, (p, e): (usize, usize)) -> ExampleReport {
    let page = &suite.pages[p];
    let example = &page.examples[e];
    match runner {
        Runner::Stub(r) => replay::runtime().block_on(r.replay(&page.source, example)),
        Runner::Live(sessions) => replay::runtime().block_on(sessions[p].report(e)),
        Runner::Broken(msg) => ExampleReport {
            id: example.id.clone(),
            file: page.source.display_path(),
            line: example.request.place.at.line,
            method: example.request.message.method.clone(),
            url: example.request.message.url.clone(),
            verdict: Verdict::Errored { error: msg.clone() },
            observed_body: None,
        },
    }
}

/// True for a live example that will be skipped whatever runs (a write in
/// read-only mode, a placeholder nothing fills): its trial is ignored, being
/// neither passed nor failed.
fn will_skip(runner: &Runner, suite: &Suite, (p, e): (usize, usize)) -> bool {
    match runner {
        Runner::Live(sessions) => sessions[p]
            .replayer()
            .skip_reason(&suite.pages[p].source, &suite.pages[p].examples[e])
            .is_some(),
        _ => false,
    }
}

fn example_trials(suite: &Arc<Suite>, runner: &Runner) -> Vec<Trial> {
    replay::all_examples(suite)
        .into_iter()
        .map(|at| {
            let example = &suite.pages[at.0].examples[at.1];
            let id = example.id.to_string();
            let known = will_skip(runner, suite, at) || KNOWN_FAILURES.iter().any(|k| k.id == id);
            let (suite, runner) = (suite.clone(), runner.clone());
            Trial::test(id, move || {
                let report = run_one(&runner, &suite, at);
                if report.passed() {
                    Ok(())
                } else {
                    Err(Failed::from(report.explain()))
                }
            })
            .with_ignored_flag(known)
        })
        .collect()
}

/// The trials of the pages under `MDCONTRACT_DOCS`; failures are also counted
/// per code (per error, for exchanges that never happened) for the summary.
fn docs_trials(
    suite: &Arc<Suite>,
    runner: &Runner,
    tally: Arc<Mutex<BTreeMap<String, usize>>>,
) -> Vec<Trial> {
    replay::all_examples(suite)
        .into_iter()
        .map(|at| {
            let id = suite.pages[at.0].examples[at.1].id.to_string();
            let skipped = will_skip(runner, suite, at);
            let (suite, runner, tally) = (suite.clone(), runner.clone(), tally.clone());
            Trial::test(id, move || {
                let report = run_one(&runner, &suite, at);
                count(&tally, &report);
                if report.passed() {
                    Ok(())
                } else {
                    Err(Failed::from(report.explain()))
                }
            })
            .with_ignored_flag(skipped)
        })
        .collect()
}

fn count(tally: &Mutex<BTreeMap<String, usize>>, report: &ExampleReport) {
    let Ok(mut t) = tally.lock() else { return };
    match &report.verdict {
        Verdict::Passed => *t.entry("passed".into()).or_default() += 1,
        Verdict::Skipped { .. } => *t.entry("skipped".into()).or_default() += 1,
        Verdict::Errored { error } => {
            // Group errors by their kind, the text before the first colon.
            let kind = error.split(':').next().unwrap_or("error");
            *t.entry(format!("error: {kind}")).or_default() += 1;
        }
        Verdict::Failed { mismatches } => {
            *t.entry("failed".into()).or_default() += 1;
            let mut codes: Vec<String> = mismatches.iter().map(|m| m.code.to_string()).collect();
            codes.dedup();
            for c in codes {
                *t.entry(c).or_default() += 1;
            }
        }
    }
}

/// Every known failure still exists and still fails with its code (against
/// the stub: the codes are the stub's).
fn known_failures_trial(specs: Arc<Suite>, replayer: Arc<Replayer>) -> Trial {
    Trial::test("known-failures-really-fail", move || {
        let mut problems = Vec::new();
        for known in KNOWN_FAILURES {
            let found = specs.examples().find(|(_, e)| e.id.as_str() == known.id);
            let Some((page, example)) = found else {
                problems.push(format!(
                    "{}: listed as a known failure but no such example",
                    known.id
                ));
                continue;
            };
            let report = replay::runtime().block_on(replayer.replay(&page.source, example));
            match &report.verdict {
                Verdict::Failed { mismatches }
                    if mismatches.iter().any(|m| m.code.id() == known.code) => {}
                _ => problems.push(format!(
                    "{}: listed as failing with {} ({}), but:\n{}",
                    known.id,
                    known.code,
                    known.note,
                    report.explain()
                )),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n").into())
        }
    })
}
