//! The `mdcontract` binary as users run it: exit codes, error messages that
//! name the file and line, and no panic on hostile input.

// Test functions without `#[test]` (a libtest-mimic harness, see
// tests/common/gate.rs): clippy.toml's allow-unwrap-in-tests does not see
// them as tests.
#![allow(clippy::unwrap_used)]

mod common;
#[path = "cli/metadata.rs"]
mod metadata;

use common::cli::{json_lines, mdcontract, mdcontract_env, stderr, stdout, write};
use common::gate::{self, Gated};
use metadata::{
    a_dangling_type_reference_is_a_usage_error_with_its_line,
    every_command_rejects_the_same_bad_metadata_with_its_line,
    metadata_that_is_not_xml_is_a_usage_error_naming_the_file,
    schema_with_a_path_as_csdl_namespace_writes_nothing_outside_out,
    schema_with_a_path_as_odata_type_writes_nothing_outside_out,
};

use std::path::Path;

fn findings<'a>(lines: &'a [serde_json::Value], code: &str) -> Vec<&'a serde_json::Value> {
    lines
        .iter()
        .filter(|l| l["kind"] == "finding" && l["code"] == code)
        .collect()
}

fn a_missing_path_is_a_usage_error_naming_the_path() {
    let o = mdcontract(&["extract", "no/such/dir"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no/such/dir: no such file or directory"),
        "{}",
        stderr(&o)
    );
}

fn a_directory_without_markdown_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.txt", b"hello");
    let o = mdcontract(&["extract", &dir.path().display().to_string()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("directory holds no markdown"),
        "{}",
        stderr(&o)
    );
}

fn no_arguments_and_unknown_flags_exit_2() {
    assert_eq!(mdcontract(&["extract"]).status.code(), Some(2));
    assert_eq!(
        mdcontract(&["extract", "specs", "--nope"]).status.code(),
        Some(2)
    );
}

fn a_non_utf8_file_is_a_finding_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "bad.md", b"# Title\n\nsome \xff\xfe text\n");
    let o = mdcontract(&["extract", &f, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let lines = json_lines(&o);
    let found = findings(&lines, "MC0001");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["location"]["line"], 3);
    assert!(found[0]["file"].as_str().unwrap().ends_with("bad.md"));
}

fn an_unclosed_fence_and_an_unterminated_comment_are_findings() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "fence.md",
        b"# T\n\n### Request\n```http\nGET https://graph.microsoft.com/v1.0/me\n",
    );
    let o = mdcontract(&["extract", &f, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let lines = json_lines(&o);
    assert_eq!(findings(&lines, "MC1004")[0]["location"]["line"], 4);

    let f = write(
        dir.path(),
        "comment.md",
        b"# T\n\n<!-- {\n  \"blockType\": \"request\"\n\n```http\nGET /me\n```\n",
    );
    let o = mdcontract(&["extract", &f]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error[MC1003]"), "{err}");
    assert!(err.contains("comment.md:3:1"), "{err}");
}

fn json_nested_100000_deep_is_a_finding_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let body = "[".repeat(100_000);
    let page = format!(
        "### Request\n```http\nPOST https://graph.microsoft.com/v1.0/x\nContent-Type: application/json\n\n{body}\n```\n### Response\n```http\nHTTP/1.1 204 No Content\n```\n"
    );
    let f = write(dir.path(), "deep.md", page.as_bytes());
    let o = mdcontract(&["extract", &f, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines = json_lines(&o);
    let found = findings(&lines, "MC2002");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["location"]["line"], 6);
}

fn a_50_mb_page_is_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let example = "### Request\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n### Response\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"id\": \"1\"}\n```\n\n";
    let page = example.repeat(50 * 1024 * 1024 / example.len() + 1);
    let f = write(dir.path(), "big.md", page.as_bytes());
    let o = mdcontract(&["extract", &f, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let summary = json_lines(&o).pop().unwrap();
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["examples"], page.len() / example.len());
}

fn the_seed_page_gives_exactly_one_example() -> Gated {
    let seed = gate::seed()?;
    let o = mdcontract(&["extract", &seed.to_string_lossy(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = json_lines(&o);
    let examples: Vec<_> = lines.iter().filter(|l| l["kind"] == "example").collect();
    assert_eq!(examples.len(), 1);
    let e = examples[0];
    assert_eq!(e["request"]["method"], "PATCH");
    assert_eq!(
        e["request"]["url"],
        "https://graph.microsoft.com/beta/officeConfiguration/clientConfigurations/{officeClientConfigurationId}/assignments/{officeClientConfigurationAssignmentId}"
    );
    assert_eq!(
        e["request"]["body"]["value"]["target"]["@odata.type"],
        "microsoft.graph.officeConfigurationAssignmentTarget"
    );
    assert_eq!(e["response"]["status"], 200);
    assert_eq!(
        e["response"]["body"]["value"]["@odata.type"],
        "#microsoft.graph.officeClientConfigurationAssignment"
    );
    let templates: Vec<_> = lines.iter().filter(|l| l["kind"] == "template").collect();
    assert_eq!(templates.len(), 1);
    assert_eq!(templates[0]["place"]["line"], 35);
    assert!(lines.iter().all(|l| l["kind"] != "finding"), "{lines:#?}");
    Ok(())
}

/// The finding-code page (linked from the README) lists every code.
fn the_finding_code_page_lists_every_finding_code() {
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/finding-codes.md"),
    )
    .unwrap();
    for code in mdcontract::outcome::Code::ALL {
        assert!(
            page.contains(&format!("| `{}` |", code.id())),
            "docs/finding-codes.md does not list {} ({})",
            code.id(),
            code.title()
        );
    }
}

fn help_teaches_with_examples() {
    let o = mdcontract(&["extract", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("Examples:") && out.contains("--format"),
        "{out}"
    );
    // The first example of the top-level help is the README's first command.
    let top = stdout(&mdcontract(&["--help"]));
    let first = top
        .split("Examples:\n")
        .nth(1)
        .and_then(|e| e.lines().next())
        .unwrap_or_default();
    assert!(
        first.trim_start().starts_with("mdcontract check specs/ "),
        "{top}"
    );
}

fn a_permissions_file_with_a_bom_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let perms = write(
        dir.path(),
        "p.permissions.xml",
        "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Schema><Annotations Target=\"microsoft.graph.GraphService\"><Annotation Term=\"Org.OData.Authorization.V1.Authorizations\"><Collection><Record Type=\"Org.OData.Authorization.V1.OAuth2Implicit\"><PropertyValue Property=\"Name\" String=\"DelegatedWork\" /><PropertyValue Property=\"Scopes\"><Collection><Record><PropertyValue Property=\"Scope\" String=\"Widget.Read.All\" /></Record></Collection></PropertyValue></Record></Collection></Annotation></Annotations></Schema>\n".as_bytes(),
    );
    let page = write(
        dir.path(),
        "p.md",
        b"## Permissions\n\n|Permission type|Permissions|\n|:--|:--|\n|Application|Widget.Raed.All|\n",
    );
    let o = mdcontract(&["check", &page, "--permissions", &perms, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = json_lines(&o);
    let found = findings(&lines, "MC4302");
    assert_eq!(found.len(), 1, "{lines:#?}");
    assert_eq!(found[0]["location"]["line"], 5);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `Widget.Read.All`")
    );
}

fn the_seed_page_checks_todo_permissions_and_abstract_targets() -> Gated {
    let seed = gate::seed()?;
    let meta = gate::metadata()?;
    let meta = Path::new(&meta);
    let o = mdcontract(&[
        "check",
        &seed.to_string_lossy(),
        "--metadata",
        &meta.join("beta.csdl.xml").to_string_lossy(),
        "--permissions",
        &meta.join("beta.permissions.xml").to_string_lossy(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines = json_lines(&o);
    let got: Vec<(String, u64)> = lines
        .iter()
        .filter(|l| l["kind"] == "finding")
        .map(|l| {
            (
                l["code"].as_str().unwrap().to_string(),
                l["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("MC4301".to_string(), 25),
            ("MC4301".to_string(), 27),
            ("MC4005".to_string(), 70),
            ("MC4005".to_string(), 86),
        ],
        "{lines:#?}"
    );
    Ok(())
}

fn a_config_with_an_unknown_key_or_a_bad_glob_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(dir.path(), "p.md", b"# nothing\n");
    let cfg = write(
        dir.path(),
        "mdcontract.toml",
        b"[metadata]\nbeta = \"x.xml\"\n\n[severty]\nMC2001 = \"error\"\n",
    );
    let o = mdcontract(&["check", &page, "--config", &cfg]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("mdcontract.toml:4:")
            && err.contains("`severty`")
            && err.contains("did you mean `severity`"),
        "{err}"
    );

    let cfg = write(
        dir.path(),
        "glob.toml",
        b"[[suppress]]\ncodes = [\"MC2001\"]\npaths = [\"beta/[api\"]\nreason = \"x\"\n",
    );
    let o = mdcontract(&["check", &page, "--config", &cfg]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("glob.toml:3:") && err.contains("beta/[api"),
        "{err}"
    );
}

fn suppressions_and_severity_overrides_apply_to_check() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("beta/api")).unwrap();
    write(
        &dir.path().join("beta/api"),
        "x.md",
        b"## Permissions\n\n|Permission type|Permissions|\n|:--|:--|\n|Application|TODO|\n\n### Request\n```http\nGET /beta/me\n```\n### Response\n```http\nHTTP/1.1 200 OK\n\n{\"a\": 1,}\n```\n",
    );
    let cfg = write(
        dir.path(),
        "mdcontract.toml",
        b"[severity]\nMC2001 = \"error\"\n\n[[suppress]]\ncodes = [\"MC4301\"]\npaths = [\"beta/api/*.md\"]\nreason = \"generated pages\"\n",
    );
    let o = mdcontract(&[
        "check",
        &dir.path().display().to_string(),
        "--config",
        &cfg,
        "--format",
        "json",
    ]);
    let lines = json_lines(&o);
    assert!(findings(&lines, "MC4301").is_empty(), "{lines:#?}");
    let strict = findings(&lines, "MC2001");
    assert_eq!(strict.len(), 1);
    assert_eq!(strict[0]["severity"], "error");
    assert_eq!(lines.last().unwrap()["suppressed"], 1);
    assert_eq!(o.status.code(), Some(1));
}

/// The README's first command: `check specs/` exits 1, and its last line
/// says why; the summary (counts per code) comes last, as rustc's does.
fn check_of_specs_ends_with_the_summary_and_says_why_it_exits_1() {
    let o = mdcontract(&["check", "specs"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let last = lines.last().expect("output");
    let totals = lines
        .iter()
        .find(|l| l.starts_with("checked "))
        .expect("a totals line");
    // `checked 21 pages, 46 examples: 12 errors, …` and `error: 12 error
    // findings in 3 pages — exit 1` agree.
    let errors = totals
        .split(": ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .expect("an error count");
    assert!(
        last.starts_with(&format!("error: {errors} error findings in "))
            && last.ends_with(" pages — exit 1"),
        "{out}"
    );
    assert!(out.contains("\nfindings by code:\n  error   MC"), "{out}");
    // No metadata: the note says what the bodies were checked against.
    assert!(
        out.contains(
            "note: no metadata for beta, v1.0: response bodies were checked against the docs' \
             own resource pages only"
        ),
        "{out}"
    );
    let with = mdcontract(&[
        "check",
        "specs",
        "--metadata",
        "v1.0=specs/metadata/v1.0.csdl.xml",
        "--metadata",
        "beta=specs/metadata/beta.csdl.xml",
    ]);
    assert!(
        !stdout(&with).contains("note: no metadata"),
        "{}",
        stdout(&with)
    );
}

/// `--quiet` prints the summary alone: the tail of the full output.
fn quiet_check_prints_only_the_summary() {
    let full = stdout(&mdcontract(&["check", "specs"]));
    let o = mdcontract(&["check", "specs", "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    let quiet = stdout(&o);
    assert!(quiet.starts_with("findings by code:\n"), "{quiet}");
    assert!(!quiet.contains("-->"), "{quiet}");
    assert!(full.ends_with(&quiet), "{quiet}");
    assert_eq!(stdout(&mdcontract(&["-q", "check", "specs"])), quiet);
}

/// Colour only when wanted: never through a pipe by default, always with
/// `--color always`, never with `--color never` (NO_COLOR is honoured by
/// `auto`, which is what a pipe gets anyway).
fn colour_follows_the_color_flag() {
    let piped = stdout(&mdcontract(&["check", "specs"]));
    assert!(!piped.contains('\x1b'), "{piped}");
    let always = stdout(&mdcontract(&["check", "specs", "--color", "always"]));
    assert!(always.contains("\x1b[1m\x1b[31merror"), "{always}");
    let never = stdout(&mdcontract(&["--color", "never", "check", "specs"]));
    assert_eq!(never, piped);
    let o = mdcontract_env(&["check", "specs"], &[("NO_COLOR", "1")]);
    assert_eq!(stdout(&o), piped);
    let o = mdcontract(&["check", "specs", "--color", "sometimes"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Control bytes of a page never reach the terminal raw: shown escaped.
fn control_bytes_in_a_snippet_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(
        dir.path(),
        "p.md",
        b"### Request\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n### Response\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"a\": \"x\x00\x1b[31my\x07\", }\n```\n",
    );
    let o = mdcontract(&["check", &page, "--color", "never"]);
    let out = stdout(&o);
    assert!(out.contains("-->"), "a finding is shown: {out}");
    for raw in ['\0', '\x1b', '\x07'] {
        assert!(!out.contains(raw), "{raw:?} written raw: {out:?}");
    }
    assert!(out.contains(r"x\x00\x1b[31my\x07"), "{out}");
}

/// Shell completions and the man page come from the clap definition.
fn completions_and_man_page_are_generated() {
    let o = mdcontract(&["completions", "bash"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bash = stdout(&o);
    assert!(bash.contains("_mdcontract()"), "{bash}");
    for word in ["check", "replay", "drift", "--metadata", "--color"] {
        assert!(
            bash.contains(word),
            "{word} missing from the bash completions"
        );
    }
    let zsh = stdout(&mdcontract(&["completions", "zsh"]));
    assert!(zsh.starts_with("#compdef mdcontract"), "{zsh}");
    let fish = stdout(&mdcontract(&["completions", "fish"]));
    assert!(fish.contains("complete -c mdcontract"), "{fish}");
    assert_eq!(mdcontract(&["completions", "tcsh"]).status.code(), Some(2));

    let o = mdcontract(&["man"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let man = stdout(&o);
    assert!(man.contains(".TH mdcontract 1"), "{man}");
    assert!(man.contains("Exit codes: 0 no error findings"), "{man}");
    let dir = tempfile::tempdir().unwrap();
    let o = mdcontract(&["man", "--out", &dir.path().display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for page in ["mdcontract.1", "mdcontract-check.1", "mdcontract-drift.1"] {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap_or_default();
        assert!(text.contains(".TH"), "{page}: {text}");
    }
}

/// The pre-commit hook and the GitHub action run `check` with flags it
/// takes, and the action uploads SARIF to code scanning.
fn the_pre_commit_hook_and_the_action_call_check_as_it_is() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = root
        .join("specs/v1.0/api/widget-get.md")
        .display()
        .to_string();
    let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).expect("hooks");
    let entry = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: "))
        .expect("an entry");
    let words: Vec<&str> = entry.split_whitespace().collect();
    assert_eq!(words[0], "mdcontract");
    let mut args = words[1..].to_vec();
    args.push(&page);
    let o = mdcontract(&args);
    assert_eq!(o.status.code(), Some(0), "{entry}: {}", stderr(&o));

    let action = std::fs::read_to_string(root.join("action.yml")).expect("action.yml");
    assert!(action.contains("uses: github/codeql-action/upload-sarif@"));
    let runs: Vec<&str> = action
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("mdcontract check $PATHS $ARGS"))
        .collect();
    assert_eq!(runs.len(), 2, "{action}");
    for run in runs {
        let flags: Vec<&str> = run
            .split_whitespace()
            .skip(4)
            .take_while(|w| *w != ">")
            .collect();
        let mut args = vec!["check", page.as_str()];
        args.extend(&flags);
        let o = mdcontract(&args);
        assert_eq!(o.status.code(), Some(0), "{run}: {}", stderr(&o));
        if flags.contains(&"sarif") {
            let sarif: serde_json::Value =
                serde_json::from_slice(&o.stdout).expect("SARIF is JSON");
            assert_eq!(sarif["version"], "2.1.0");
        }
    }
    let workflow = std::fs::read_to_string(root.join("docs/github-actions/docs-contract.yml"))
        .expect("the example workflow");
    assert!(workflow.contains("uses: github/codeql-action/upload-sarif@"));
    assert!(workflow.contains("security-events: write"));
}

/// `extract` streams its pages: a page that cannot be read ends the run
/// with exit code 2 naming it, after the pages before it were written.
fn extract_stops_at_an_unreadable_page_after_writing_those_before() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        b"# A\n\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n\n```http\nHTTP/1.1 204 No Content\n```\n",
    );
    let fifo = dir.path().join("b.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let out = mdcontract(&[
        "extract",
        &dir.path().display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("b.md: cannot read: not a regular file"),
        "{}",
        stderr(&out)
    );
    let lines = json_lines(&out);
    let kinds: Vec<&str> = lines.iter().filter_map(|l| l["kind"].as_str()).collect();
    assert_eq!(kinds.first(), Some(&"page"), "{kinds:?}");
    assert!(kinds.contains(&"example"), "{kinds:?}");
    assert!(
        !kinds.contains(&"summary"),
        "no summary after an error: {kinds:?}"
    );
    assert!(
        lines
            .iter()
            .all(|l| l["file"].as_str().is_some_and(|f| f.ends_with("a.md")))
    );
}

gated_tests!(
    a_missing_path_is_a_usage_error_naming_the_path,
    a_directory_without_markdown_is_a_usage_error,
    no_arguments_and_unknown_flags_exit_2,
    a_non_utf8_file_is_a_finding_with_its_line,
    an_unclosed_fence_and_an_unterminated_comment_are_findings,
    json_nested_100000_deep_is_a_finding_not_a_crash,
    a_50_mb_page_is_extracted,
    the_seed_page_gives_exactly_one_example,
    the_finding_code_page_lists_every_finding_code,
    help_teaches_with_examples,
    metadata_that_is_not_xml_is_a_usage_error_naming_the_file,
    a_dangling_type_reference_is_a_usage_error_with_its_line,
    schema_with_a_path_as_csdl_namespace_writes_nothing_outside_out,
    schema_with_a_path_as_odata_type_writes_nothing_outside_out,
    every_command_rejects_the_same_bad_metadata_with_its_line,
    a_permissions_file_with_a_bom_is_read,
    the_seed_page_checks_todo_permissions_and_abstract_targets,
    a_config_with_an_unknown_key_or_a_bad_glob_is_a_usage_error,
    suppressions_and_severity_overrides_apply_to_check,
    check_of_specs_ends_with_the_summary_and_says_why_it_exits_1,
    quiet_check_prints_only_the_summary,
    colour_follows_the_color_flag,
    control_bytes_in_a_snippet_are_shown_escaped,
    completions_and_man_page_are_generated,
    the_pre_commit_hook_and_the_action_call_check_as_it_is,
    extract_stops_at_an_unreadable_page_after_writing_those_before,
);
