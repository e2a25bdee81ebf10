//! Under `CI=true` the harness never writes or accepts a snapshot, whatever
//! insta's own variables say (`INSTA_UPDATE=always` and `INSTA_FORCE_PASS=1`
//! override `CI` in insta itself).
//!
//! End to end: this binary runs itself as a child that is a user's contract
//! test (`mdcontract::harness::Harness::run` over a page of its own), with
//! the environment a CI job would have, and looks at the snapshot folder
//! afterwards.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use libtest_mimic::{Arguments, Failed, Trial};

/// Set in the child: the folder holding `docs/` and `snapshots/`.
const CHILD: &str = "MDCONTRACT_HARNESS_CI_CHILD";

fn main() {
    if let Some(root) = std::env::var_os(CHILD) {
        let root = PathBuf::from(root);
        mdcontract::harness::Harness::new(root.join("docs"))
            .snapshots(root.join("snapshots"))
            .run();
    }
    let args = Arguments::from_args();
    let trials = vec![
        Trial::test(
            "insta_variables_cannot_write_a_missing_snapshot_under_ci",
            missing_snapshot_stays_missing,
        ),
        Trial::test(
            "insta_variables_cannot_accept_a_changed_snapshot_under_ci",
            changed_snapshot_stays_unchanged,
        ),
    ];
    libtest_mimic::run(&args, trials).exit();
}

/// A folder with one documented example (`delete_widget`) under
/// `docs/v1.0/api/`, and an empty `snapshots/`.
fn project(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!(
        "mdcontract-harness-ci-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&root);
    let api = root.join("docs/v1.0/api");
    std::fs::create_dir_all(&api).expect("docs folder");
    std::fs::create_dir_all(root.join("snapshots")).expect("snapshots folder");
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/v1.0/api/widget-delete.md");
    std::fs::copy(page, api.join("widget-delete.md")).expect("page copied");
    root
}

/// Runs the child harness over `root` with `CI` as given and insta told to
/// write and pass everything.
fn child(root: &Path, ci: bool) -> Output {
    let mut cmd = Command::new(std::env::current_exe().expect("this test binary"));
    cmd.env(CHILD, root)
        .env("INSTA_UPDATE", "always")
        .env("INSTA_FORCE_PASS", "1")
        .env_remove("MDCONTRACT_TARGET")
        .env_remove("MDCONTRACT_CONFIG")
        .arg("--test-threads=1");
    if ci {
        cmd.env("CI", "true");
    } else {
        cmd.env_remove("CI");
    }
    cmd.output().expect("the child harness ran")
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(
                    p.strip_prefix(dir)
                        .expect("below dir")
                        .display()
                        .to_string(),
                );
            }
        }
    }
    out.sort();
    out
}

fn expect(cond: bool, what: &str, out: &Output) -> Result<(), Failed> {
    if cond {
        Ok(())
    } else {
        Err(format!(
            "{what}\nexit: {:?}\nstdout:\n{}\nstderr:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .into())
    }
}

fn missing_snapshot_stays_missing() -> Result<(), Failed> {
    let root = project("missing");
    let out = child(&root, true);
    let written = files(&root.join("snapshots"));
    expect(
        out.status.code() == Some(101),
        "the example's test must fail",
        &out,
    )?;
    expect(
        written.is_empty(),
        &format!("nothing may be written under CI, found {written:?}"),
        &out,
    )?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    expect(
        stdout.contains("delete_widget") && stdout.contains("never written"),
        "the failure names the example and says why",
        &out,
    )?;
    let _ = std::fs::remove_dir_all(&root);
    Ok(())
}

fn changed_snapshot_stays_unchanged() -> Result<(), Failed> {
    let root = project("changed");
    // Without CI, insta's variables do their usual job: the snapshot is
    // written (this is the control: the same child can write).
    let first = child(&root, false);
    let written = files(&root.join("snapshots"));
    expect(
        written.len() == 1 && written[0].ends_with("delete_widget.snap"),
        &format!("without CI the snapshot is written, found {written:?}"),
        &first,
    )?;
    let snap = root.join("snapshots").join(&written[0]);
    let stale = std::fs::read_to_string(&snap)?.replace("204", "200");
    std::fs::write(&snap, &stale)?;

    let out = child(&root, true);
    expect(
        out.status.code() == Some(101),
        "a changed exchange must fail",
        &out,
    )?;
    expect(
        std::fs::read_to_string(&snap)? == stale,
        "the stored snapshot must be left as it was",
        &out,
    )?;
    let after = files(&root.join("snapshots"));
    expect(
        after == written,
        &format!("no .snap.new or other file may appear, found {after:?}"),
        &out,
    )?;
    let _ = std::fs::remove_dir_all(&root);
    Ok(())
}
