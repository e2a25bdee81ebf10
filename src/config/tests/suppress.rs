//! `[[suppress]]` globs and `[severity]` overrides applied to findings.

use super::*;

#[test]
fn a_glob_with_a_slash_matches_the_path_below_the_config_folder() {
    let c =
        config("[[suppress]]\npaths = [\"./docs/beta/api/intune-*.md\"]\nreason = \"generated\"\n");
    assert_eq!(c.suppressions()[0].paths(), ["docs/beta/api/intune-*.md"]);
    assert_eq!(c.suppressions()[0].reason(), "generated");
    let kept = kept(
        &c,
        Code::RequestWithoutResponse,
        &[
            "docs/beta/api/intune-a.md",
            "/proj/docs/beta/api/intune-b.md",
            "docs/beta/api/sub/intune-c.md",
            "docs/beta/api/user-get.md",
            "docs/beta/api/intune-d.MD",
        ],
        "/proj",
    );
    assert_eq!(
        kept,
        [
            "docs/beta/api/sub/intune-c.md",
            "docs/beta/api/user-get.md",
            "docs/beta/api/intune-d.MD",
        ]
    );
}

#[test]
fn relative_finding_paths_are_taken_from_the_base_folder() {
    let c = config("[[suppress]]\npaths = [\"docs/**/x.md\"]\nreason = \"r\"\n");
    let kept = kept(
        &c,
        Code::BodyNotStrictJson,
        &["beta/api/x.md", "../other/beta/api/x.md"],
        "/proj/docs",
    );
    assert_eq!(kept, ["../other/beta/api/x.md"]);
}

#[test]
fn a_glob_also_matches_the_page_key_form_from_the_version_folder_on() {
    let c = config("[[suppress]]\npaths = [\"beta/api/intune-*.md\"]\nreason = \"r\"\n");
    let kept = kept(
        &c,
        Code::RequestWithoutResponse,
        &[
            "/proj/api-reference/beta/api/intune-a.md",
            "/corpus/graph-docs/beta/api/intune-b.md",
            "/proj/api-reference/v1.0/api/intune-c.md",
            "/proj/beta/api/intune-d.md",
            "/proj/notbeta/api/intune-e.md",
        ],
        "/",
    );
    assert_eq!(
        kept,
        [
            "/proj/api-reference/v1.0/api/intune-c.md",
            "/proj/notbeta/api/intune-e.md",
        ]
    );
}

#[test]
fn a_glob_without_a_slash_matches_the_file_name_in_any_folder() {
    let c = config("[[suppress]]\npaths = [\"intune-*.md\"]\nreason = \"r\"\n");
    let kept = kept(
        &c,
        Code::RequestWithoutResponse,
        &[
            "/proj/intune-a.md",
            "/proj/v1.0/api/intune-b.md",
            "/elsewhere/intune-c.md",
            "/proj/intune-d/user.md",
        ],
        "/proj",
    );
    assert_eq!(kept, ["/proj/intune-d/user.md"]);
}

#[test]
fn a_suppression_with_codes_keeps_other_codes() {
    let c = config(
        "[[suppress]]\ncodes = [\"MC3001\", \"mc3002\"]\npaths = [\"**/*.md\"]\nreason = \"r\"\n",
    );
    let findings = vec![
        finding(Code::RequestWithoutResponse, "a.md"),
        finding(Code::BodyNotStrictJson, "a.md"),
        finding(Code::ResponseWithoutRequest, "b.md"),
        finding(Code::RequestWithoutResponse, "c.txt"),
    ];
    let applied = c.apply(findings, Path::new("/proj"));
    assert_eq!(applied.suppressed, 2);
    let kept: Vec<(Code, &str)> = applied
        .kept
        .iter()
        .map(|f| (f.code, f.file.as_str()))
        .collect();
    assert_eq!(
        kept,
        [
            (Code::BodyNotStrictJson, "a.md"),
            (Code::RequestWithoutResponse, "c.txt"),
        ]
    );
}

#[test]
fn severity_overrides_change_the_severity_and_off_drops_the_finding() {
    let c = config(
        "[severity]\nMC2001 = \"error\"\nMC3002 = \"note\"\nMC3001 = \"off\"\n\
         [[suppress]]\ncodes = [\"MC2001\"]\npaths = [\"skip.md\"]\nreason = \"r\"\n",
    );
    let findings = vec![
        finding(Code::BodyNotStrictJson, "a.md"),
        finding(Code::RequestWithoutResponse, "a.md"),
        finding(Code::ResponseWithoutRequest, "a.md"),
        finding(Code::BodyNotStrictJson, "skip.md"),
        finding(Code::UnclosedFence, "a.md"),
    ];
    let applied = c.apply(findings, Path::new("/proj"));
    assert_eq!(applied.suppressed, 2);
    let kept: Vec<(Code, Severity)> = applied.kept.iter().map(|f| (f.code, f.severity)).collect();
    assert_eq!(
        kept,
        [
            (Code::BodyNotStrictJson, Severity::Error),
            (Code::ResponseWithoutRequest, Severity::Note),
            (Code::UnclosedFence, Severity::Error),
        ]
    );
}

#[test]
fn the_default_config_keeps_every_finding_as_it_is() {
    let findings = vec![
        finding(Code::BodyNotStrictJson, "a.md"),
        finding(Code::UnclosedFence, "b.md"),
    ];
    let applied = Config::default().apply(findings.clone(), Path::new("."));
    assert_eq!(
        applied,
        Applied {
            kept: findings,
            suppressed: 0
        }
    );
}
