//! Running the `mdcontract` binary from a test: every test binary's way of
//! calling the CLI, and reading what it wrote.

use std::path::Path;
use std::process::{Command, Output};

/// The crate root, where the tests run the binary (so that the paths in its
/// output are the relative ones given).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `mdcontract ARGS` in the crate root.
pub fn mdcontract(args: &[&str]) -> Output {
    mdcontract_env(args, &[])
}

/// `mdcontract ARGS` in the crate root with `env` added to the caller's
/// environment.
pub fn mdcontract_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    super::bin()
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .output()
        .expect("mdcontract runs")
}

/// `mdcontract ARGS` in the crate root with `env` and none of the caller's
/// `MDCONTRACT_` variables.
pub fn mdcontract_isolated(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = super::bin();
    without_own_variables(&mut cmd);
    cmd.args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .output()
        .expect("mdcontract runs")
}

/// Removes the caller's `MDCONTRACT_` variables from `cmd`'s environment.
pub fn without_own_variables(cmd: &mut Command) {
    for (name, _) in std::env::vars() {
        if name.starts_with("MDCONTRACT_") {
            cmd.env_remove(name);
        }
    }
}

/// Each line of standard output as JSON (every line must be JSON).
pub fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect()
}

/// Writes `bytes` to `dir/name`; returns the path as text.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("temp file");
    path.display().to_string()
}

/// Standard output, lossily decoded.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error, lossily decoded.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
