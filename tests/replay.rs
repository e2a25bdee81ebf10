//! Replay through the library and the CLI: what a drifted response, an
//! exchange that never happens and the opt-in Content-Length check report,
//! word for word, and what `mdcontract replay` prints, writes and exits with.

mod common;

use std::sync::Arc;

use common::cli::mdcontract;

use mdcontract::contract::extract_page;
use mdcontract::replay::checks::content_length;
use mdcontract::replay::{
    BoxFuture, Observed, Prepared, Replayer, StubTarget, Target, TargetError, Verdict, runtime,
};
use mdcontract::source::SourceFile;

const PAGE: &str = r#"# Get widget

<!-- { "blockType": "request", "name": "get_widget" } -->
```http
GET https://graph.microsoft.com/v1.0/widgets/{widget-id}/parts?$select=id,name&$top=2
```

<!-- { "blockType": "response", "name": "get_widget" } -->
```http
HTTP/1.1 200 OK
Content-Type: application/json

{
  "value": [
    {"id": "1", "name": "hinge", "count": 2}
  ]
}
```
"#;

/// A target that answers with a fixed response, whatever is sent.
struct Canned(Result<Observed, TargetError>);

impl Target for Canned {
    fn send<'a>(&'a self, _: &'a Prepared) -> BoxFuture<'a, Result<Observed, TargetError>> {
        Box::pin(async move { self.0.clone() })
    }
}

fn replay_page(target: Arc<dyn Target>, replayer: impl FnOnce(Replayer) -> Replayer) -> String {
    let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/widget-get", PAGE)));
    let replayer = replayer(Replayer::new(target));
    let report = runtime().block_on(replayer.replay(&page.source, &page.examples[0]));
    report.explain()
}

#[test]
fn a_drifted_response_is_reported_with_pointer_line_and_both_values() {
    // Arrange: the service renamed `name`, changed `count`'s type and status.
    let drifted = Observed {
        status: 201,
        headers: vec![("content-type".into(), "text/json".into())],
        body: br#"{"value": [{"id": "1", "title": "hinge", "count": "2"}]}"#.to_vec(),
    };

    // Act
    let text = replay_page(Arc::new(Canned(Ok(drifted))), |r| r);

    // Assert
    assert_eq!(
        text,
        "v1.0/api/widget-get:5: v1.0/api/widget-get#get_widget \
         (GET https://graph.microsoft.com/v1.0/widgets/{widget-id}/parts?$select=id,name&$top=2): 5 mismatch(es)
  v1.0/api/widget-get:10:1: error[MC5001]: status code: expected 200, actual 201
  v1.0/api/widget-get:11:1: error[MC5002]: Content-Type: expected `application/json`, actual `text/json`
  v1.0/api/widget-get:15:17: error[MC5003]: response body at /value/0/name: expected \"hinge\", actual (absent)
  v1.0/api/widget-get:15:34: error[MC5003]: response body at /value/0/count: expected 2, actual \"2\"
  v1.0/api/widget-get:15:5: error[MC5003]: response body at /value/0/title: expected (absent), actual \"hinge\""
    );
}

#[test]
fn an_exchange_that_never_happens_is_an_error_not_a_failure() {
    let target = Canned(Err(TargetError::Transport("connection refused".into())));
    let text = replay_page(Arc::new(target), |r| r);
    assert!(
        text.ends_with(": error: exchange failed: connection refused"),
        "{text}"
    );
}

#[test]
fn the_stub_serves_the_documented_response_for_the_documented_request() {
    let stub = Arc::new(StubTarget::new().expect("stub"));
    let text = replay_page(stub, |r| r);
    assert!(text.ends_with(": passed"), "{text}");
}

/// Many exchanges at once on one stub server, across several of its
/// resets: none is lost or answered by a server without its mock.
#[test]
fn a_stub_server_resets_without_losing_exchanges_in_flight() {
    use mdcontract::replay::{RESET_EVERY, replay_suite};
    let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/widget-get", PAGE)));
    let suite = Arc::new(mdcontract::suite::Suite { pages: vec![page] });
    let n = 3 * RESET_EVERY + 5;
    let stub = Arc::new(StubTarget::with_servers(1).expect("stub"));
    let replayer = Arc::new(Replayer::new(stub));

    let reports = replay_suite(replayer, suite, Arc::new(vec![(0, 0); n]), 16, |_, _| {});

    assert_eq!(reports.len(), n);
    for r in &reports {
        assert_eq!(r.verdict, Verdict::Passed, "{}", r.explain());
    }
}

#[test]
fn the_opt_in_content_length_check_compares_the_documented_length_with_the_bytes_sent() {
    let page = r#"
<!-- { "blockType": "request", "name": "create" } -->
```http
POST https://graph.microsoft.com/v1.0/widgets
Content-Type: application/json
Content-Length: 75

{
  "a": 1
}
```

<!-- { "blockType": "response", "name": "create" } -->
```http
HTTP/1.1 204 No Content
```
"#;
    let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/create", page)));
    let stub: Arc<dyn Target> = Arc::new(StubTarget::new().expect("stub"));
    let plain = Replayer::new(stub.clone());
    let strict = Replayer::new(stub).with_check(content_length());
    let (source, example) = (&page.source, &page.examples[0]);

    let plain = runtime().block_on(plain.replay(source, example));
    let strict = runtime().block_on(strict.replay(source, example));

    assert_eq!(plain.verdict, Verdict::Passed);
    let Verdict::Failed { mismatches } = &strict.verdict else {
        panic!("{}", strict.explain());
    };
    assert_eq!(
        mismatches[0].full_message(),
        "request Content-Length against the body sent: expected 75, actual 12 bytes (LF) or 14 (CRLF)"
    );
    assert_eq!(mismatches[0].location.line, 6);
}

#[test]
fn cli_replays_specs_writes_junit_and_exits_1_on_the_known_failures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let junit = dir.path().join("replay.xml");
    let out = mdcontract(&[
        "replay",
        "specs/",
        "--metadata",
        "v1.0=specs/metadata/v1.0.csdl.xml",
        "--metadata",
        "beta=specs/metadata/beta.csdl.xml",
        "--junit",
        junit.to_str().expect("utf-8"),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);

    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    // The summary comes last, as cargo test's does, and says why it exits 1.
    assert!(
        stdout.contains(
            " passed, 14 failed, 0 skipped
error: 14 of "
        ) && stdout.ends_with(
            " examples failed — exit 1
"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("failed examples by code:\n"), "{stdout}");
    assert!(
        stdout.contains("\n  MC5007 1  "),
        "one example failed with MC5007: {stdout}"
    );
    assert!(
        stdout.contains(
            "specs/beta/api/widget-problems.md:103:1: error[MC5007]: response body is documented as JSON but is not JSON"
        ),
        "{stdout}"
    );
    // stderr is not a terminal here: no bar, and not one line per example
    // either (a big run would drown the log): a line per failed example and
    // one at each tenth of the run.
    let examples = mdcontract::suite::load_paths(&["specs".into()])
        .expect("specs load")
        .examples()
        .count();
    assert_eq!(examples, 52);
    let failed: Vec<&str> = stderr.lines().filter(|l| l.contains(" FAILED ")).collect();
    let tenths: Vec<&str> = stderr.lines().filter(|l| l.contains("% done, ")).collect();
    assert_eq!(failed.len(), 14, "{stderr}");
    assert_eq!(tenths.len(), 10, "{stderr}");
    assert!(
        tenths[9].starts_with("[52/52] 100% done, 14 failed"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 14 + 10, "{stderr}");
    assert!(stderr.lines().all(|l| l.starts_with('[')), "{stderr}");
    let xml = std::fs::read_to_string(&junit).expect("junit written");
    assert_eq!(xml.matches("<testcase ").count(), examples);
    // The two replay failures of the specs and the twelve body examples of
    // the checks pages (the known failures of tests/contracts.rs).
    assert_eq!(xml.matches("<failure ").count(), 14);
}

#[test]
fn cli_json_lines_filter_and_usage_errors() {
    let out = mdcontract(&[
        "replay",
        "specs/",
        "--format",
        "json",
        "--filter",
        "v1.0/api/widget-list#*",
        "--jobs",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["kind"], "example");
    assert_eq!(lines[0]["verdict"], "passed");
    assert_eq!(lines[2]["kind"], "summary");
    assert_eq!(lines[2]["passed"], 2);

    let none = mdcontract(&["replay", "specs/", "--filter", "nothing#*"]);
    assert_eq!(none.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&none.stderr),
        "error: no example id matches --filter nothing#*\n"
    );
    assert_eq!(
        mdcontract(&["replay", "specs/", "--jobs", "0"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        mdcontract(&["replay", "no/such/dir"]).status.code(),
        Some(2)
    );
}

#[test]
fn quiet_replay_prints_only_the_summary() {
    let out = mdcontract(&[
        "replay",
        "specs/",
        "--quiet",
        "--metadata",
        "v1.0=specs/metadata/v1.0.csdl.xml",
        "--metadata",
        "beta=specs/metadata/beta.csdl.xml",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(out.stderr.is_empty(), "no progress with --quiet");
    assert!(stdout.starts_with("failed examples by code:\n"), "{stdout}");
    assert!(
        stdout.ends_with("error: 14 of 52 examples failed — exit 1\n"),
        "{stdout}"
    );
    assert!(stdout.lines().count() < 20, "{stdout}");
}
