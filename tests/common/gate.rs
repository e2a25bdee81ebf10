//! What some tests need from outside the repository (the Graph corpus, the
//! seed page, the real metadata; Node.js with the Graph JavaScript SDK, the
//! Python SDK's venv, Chromium, Python's `xmlschema`), and the harness that
//! reports a test whose prerequisite is missing as **ignored**, with what is
//! missing and the command that provides it:
//!
//! ```text
//! test every_http_or_json_fence_of_every_page_is_accounted_for ... ignored (needs MDCONTRACT_CORPUS …)
//! ```
//!
//! A test that checked nothing never reports as passed. Under `CI=true` a
//! missing prerequisite fails the test instead, so that a green CI run means
//! every test ran.
//!
//! A test binary using it has `harness = false` in Cargo.toml (libtest's own
//! harness cannot ignore a test once it runs) and ends in
//! `gated_tests!(test_a, test_b, …)`. A test is a `fn()` (it needs nothing)
//! or a `fn() -> Gated` that asks for what it needs with `?` before it
//! checks anything:
//!
//! ```ignore
//! fn the_corpus_loads() -> Gated {
//!     let corpus = gate::corpus()?;
//!     // …assertions…
//!     Ok(())
//! }
//! ```

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use libtest_mimic::{Arguments, Completion, Failed, Trial};

/// A prerequisite that is not there: what, and how to provide it.
#[derive(Debug)]
pub struct Missing {
    what: String,
    provide: String,
    /// CI cannot provide it either (data that must be fetched from where CI
    /// has no network): ignored there too, never failed.
    beyond_ci: bool,
}

impl Missing {
    pub fn new(what: impl Into<String>, provide: impl Into<String>) -> Missing {
        Missing {
            what: what.into(),
            provide: provide.into(),
            beyond_ci: false,
        }
    }

    /// What CI has no way to provide: the test is ignored under `CI=true`
    /// as well.
    pub fn beyond_ci(what: impl Into<String>, provide: impl Into<String>) -> Missing {
        Missing {
            beyond_ci: true,
            ..Missing::new(what, provide)
        }
    }
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "needs {}; provide it with: {}", self.what, self.provide)
    }
}

/// What a test that may need outside data or programs returns.
pub type Gated = Result<(), Missing>;

/// True under `CI=true` (or `CI=1`), where nothing may be ignored: the
/// harness's own reading of `CI`.
pub fn ci() -> bool {
    mdcontract::harness::under_ci()
}

/// The path an environment variable names. Unset: missing. Set to a path
/// that is not there (or not a directory when `dir`): the test fails, since
/// somebody asked for it to run.
/// `example` is where `.ci/run` finds it, beside the repository.
fn env_path(var: &str, what: &str, example: &str, dir: bool) -> Result<PathBuf, Missing> {
    let Some(value) = std::env::var_os(var).filter(|v| !v.is_empty()) else {
        return Err(Missing::new(
            format!("{var}, {what}"),
            format!(
                "{var}={example} cargo test (the full test command of docs/development.md sets all three)"
            ),
        ));
    };
    let path = PathBuf::from(value);
    let ok = if dir { path.is_dir() } else { path.is_file() };
    assert!(
        ok,
        "{var}={} is not a {}: it should name {what} (unset {var} to skip the tests that need it)",
        path.display(),
        if dir { "directory" } else { "file" }
    );
    Ok(path)
}

/// `MDCONTRACT_CORPUS`: the folder holding the corpus's `v1.0/` and `beta/`.
pub fn corpus() -> Result<PathBuf, Missing> {
    env_path(
        "MDCONTRACT_CORPUS",
        "the Graph docs corpus folder (holding v1.0/ and beta/)",
        "../shared/corpus/graph-docs-2021",
        true,
    )
}

/// `MDCONTRACT_METADATA`: the folder holding `{v1.0,beta}.csdl.xml` and
/// `{v1.0,beta}.permissions.xml`.
pub fn metadata() -> Result<PathBuf, Missing> {
    env_path(
        "MDCONTRACT_METADATA",
        "the folder of the real Graph metadata (v1.0.csdl.xml, beta.csdl.xml)",
        "../shared/metadata/graph-2021-07",
        true,
    )
}

/// `MDCONTRACT_SEED`: the seed page (a file).
/// `MDCONTRACT_METADATA_HISTORY`: real published metadata files of several
/// dates and variants, which benches/drift-history.sh extracts from a copy
/// of microsoftgraph/msgraph-metadata. CI cannot fetch that repository, so
/// the tests that need it are ignored there too.
pub fn metadata_history() -> Result<PathBuf, Missing> {
    match std::env::var_os("MDCONTRACT_METADATA_HISTORY").filter(|v| !v.is_empty()) {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            assert!(
                dir.is_dir(),
                "MDCONTRACT_METADATA_HISTORY={} is not a directory",
                dir.display()
            );
            Ok(dir)
        }
        None => Err(Missing::beyond_ci(
            "MDCONTRACT_METADATA_HISTORY, real metadata files of several dates (not in CI: it has no GitHub access)",
            "MDCONTRACT_METADATA_HISTORY=DIR benches/drift-history.sh <a git copy of microsoftgraph/msgraph-metadata>",
        )),
    }
}

pub fn seed() -> Result<PathBuf, Missing> {
    env_path(
        "MDCONTRACT_SEED",
        "the seed page",
        "../shared/seed/000_3cb59ea1767f9a08.txt",
        false,
    )
}

/// True when `program ARGS` runs and exits 0 (its output discarded).
fn runs(program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Node.js on the PATH and the Graph JavaScript SDK installed from the lock
/// file in `tests/sdk-js/node_modules`. Tests do not install it themselves
/// (that needs the network); `.ci/run` does.
pub fn js_sdk() -> Gated {
    if !runs("node", &["--version"]) {
        return Err(Missing::new(
            "Node.js ≥ 18 and npm",
            "apt-get install nodejs npm && (cd tests/sdk-js && npm ci)",
        ));
    }
    let sdk = manifest_dir()
        .join("tests/sdk-js/node_modules/@microsoft/microsoft-graph-client/package.json");
    if !sdk.is_file() {
        return Err(Missing::new(
            "the Graph JavaScript SDK in tests/sdk-js/node_modules",
            "(cd tests/sdk-js && npm ci)",
        ));
    }
    Ok(())
}

/// The venv of the Graph Python SDK, `tests/sdk-py/.venv`, with the pinned
/// packages importable; its `python`.
pub fn py_sdk() -> Result<PathBuf, Missing> {
    let python = manifest_dir().join("tests/sdk-py/.venv/bin/python");
    let ready = python.is_file()
        && runs(
            &python,
            &[
                "-c",
                "import msgraph, msgraph_beta, msgraph_core, deprecated",
            ],
        );
    if ready {
        Ok(python)
    } else {
        Err(Missing::new(
            "the Graph Python SDK in the venv tests/sdk-py/.venv (Python ≥ 3.11)",
            "python3 -m venv tests/sdk-py/.venv && \
             tests/sdk-py/.venv/bin/python -m pip install -r tests/sdk-py/requirements.txt",
        ))
    }
}

/// `chromium` on the PATH (Debian's package), for the HTML report tests.
pub fn chromium() -> Gated {
    let found = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| dir.join("chromium").is_file())
    });
    if found {
        Ok(())
    } else {
        Err(Missing::new(
            "Chromium (`chromium` on the PATH)",
            "apt-get install -y chromium",
        ))
    }
}

/// `python3` with the `xmlschema` package, the JUnit XSD validator.
pub fn xmlschema() -> Gated {
    if runs("python3", &["-c", "import xmlschema"]) {
        Ok(())
    } else {
        Err(Missing::new(
            "python3 with the xmlschema package",
            "python3 -m pip install xmlschema",
        ))
    }
}

/// How a test's return value reads as a gate.
pub trait IntoGated {
    fn into_gated(self) -> Gated;
}

impl IntoGated for () {
    fn into_gated(self) -> Gated {
        Ok(())
    }
}

impl IntoGated for Gated {
    fn into_gated(self) -> Gated {
        self
    }
}

/// The outcome of a test that returned `gated`: passed, ignored with the
/// reason, or, under CI, failed.
pub fn completion(gated: Gated, ci: bool) -> Result<Completion, Failed> {
    match gated {
        Ok(()) => Ok(Completion::Completed),
        Err(missing) if ci && !missing.beyond_ci => Err(Failed::from(format!(
            "{missing}\nCI=true: every test must run in CI, none may be ignored"
        ))),
        Err(missing) => Ok(Completion::ignored_with(missing)),
    }
}

/// One trial; a panic fails it, as with `#[test]`.
pub fn trial<R: IntoGated + 'static>(name: &str, test: fn() -> R) -> Trial {
    Trial::ignorable_test(name, move || completion(test().into_gated(), ci()))
}

/// Runs the trials with libtest's command-line options and exits.
pub fn run(trials: Vec<Trial>) -> ! {
    libtest_mimic::run(&Arguments::from_args(), trials).exit()
}

/// `fn main` of a test binary with `harness = false`: one trial per function
/// named.
#[macro_export]
macro_rules! gated_tests {
    ($($name:ident),+ $(,)?) => {
        fn main() {
            $crate::common::gate::run(vec![
                $($crate::common::gate::trial(stringify!($name), $name)),+
            ]);
        }
    };
}
