//! `mdcontract drift --docs --live`: the gizmo pages of
//! `tests/fixtures/drift/docs` against a "live" gizmo service that drifts
//! from them, aggregated per resource type; and a service that is down.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mdcontract::checks::CheckContext;
use mdcontract::drift::ItemKind;
use mdcontract::drift::live::{self, LiveError};
use mdcontract::replay::Replayer;
use mdcontract::replay::checks::body_schema;
use mdcontract::replay::live::Placeholders;
use mdcontract::schema::csdl::Csdl;
use mdcontract::schema::{SchemaRegistry, TypeSet};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::common::cli::mdcontract_isolated as mdcontract;
use crate::service::{Echo, json, mount, received, start, target};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drift")
}

/// The gizmo service, drifted: `g1` has lost `state`, says `weight` as a
/// string and adds `colour`; the list's second gizmo has lost
/// `displayName`, and every gizmo of it says `weight` as a string.
fn mount_gizmos(server: &MockServer) {
    let get = |p: &str| Mock::given(method("GET")).and(path(p.to_string()));
    mount(
        server,
        get("/v1.0/gizmos/g1").respond_with(json(
            200,
            serde_json::json!({
                "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#gizmos/$entity",
                "id": "g1", "displayName": "Sprocket", "weight": "heavy",
                "tags": ["small"], "colour": "blue"
            }),
        )),
    );
    mount(
        server,
        get("/v1.0/gizmos").respond_with(json(
            200,
            serde_json::json!({"value": [
                {"id": "g1", "displayName": "Sprocket", "state": "idle", "weight": "1.5", "tags": []},
                {"id": "g2", "state": "running", "weight": "2", "tags": [], "colour": "red"}
            ]}),
        )),
    );
}

/// The check context of the clean gizmo metadata.
fn context() -> Arc<CheckContext> {
    let xml = std::fs::read_to_string(fixtures().join("clean.csdl.xml")).expect("CSDL");
    let csdl = Arc::new(Csdl::parse(&xml).expect("parses"));
    let types = Arc::new(TypeSet::from_csdl(&csdl, "v1.0"));
    Arc::new(
        CheckContext::new()
            .with_csdl(None, csdl)
            .with_schemas(None, Arc::new(SchemaRegistry::new(types))),
    )
}

fn gizmo_suite() -> Arc<mdcontract::suite::Suite> {
    Arc::new(mdcontract::suite::load_paths(&[fixtures().join("docs")]).expect("pages load"))
}

/// `mdcontract drift --docs DOCS --live --base-url BASE` and `extra`, with
/// `env` set.
fn drift_live(
    docs: &Path,
    base: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    let docs = docs.to_str().expect("utf-8");
    let mut args = vec!["drift", "--docs", docs, "--live", "--base-url", base];
    args.extend_from_slice(extra);
    mdcontract(&args, env)
}

#[test]
fn each_drift_of_the_live_shape_is_counted_per_resource_type() {
    // Arrange
    let server = start();
    mount_gizmos(&server);
    let ctx = context();
    let replayer = Replayer::live(target(&server, |b| b), Placeholders::default())
        .with_check(body_schema(ctx.clone()));

    // Act
    let drift = live::run(Arc::new(replayer), gizmo_suite(), &ctx, 4, &server.uri())
        .expect("the service answers");

    // Assert
    let shown: Vec<String> = drift
        .report
        .items
        .iter()
        .map(|i| {
            assert_eq!(
                (i.kind, i.group.as_str()),
                (ItemKind::ResponseShape, "microsoft.graph.gizmo")
            );
            format!("{:?} {}: {}", i.change, i.subject, i.detail)
        })
        .collect();
    assert_eq!(
        shown,
        [
            // Against the documented example (MC5008–MC5010)...
            "Added microsoft.graph.gizmo/colour: property `colour` not documented, present in 2 of 2 responses",
            // ...and against the schema of the metadata (MC40xx).
            "Changed microsoft.graph.gizmo/colour: `colour` is not a property of \
             `microsoft.graph.gizmo` (MC4001), in 2 of 2 responses",
            "Removed microsoft.graph.gizmo/displayName: property `displayName` missing in 1 of 2 responses",
            "Removed microsoft.graph.gizmo/state: property `state` missing in 1 of 2 responses",
            "Changed microsoft.graph.gizmo/weight: `/weight` is string, but its type allows number \
             (MC4002), in 2 of 2 responses",
            "Changed microsoft.graph.gizmo/weight: `weight`: number in the docs, string in 2 of 2 responses",
        ],
        "{:#?}",
        drift.report.items
    );
    let first = drift.report.items[3].left.as_ref().expect("a place");
    // The first response that shows a difference is where it points.
    assert!(first.file.ends_with("gizmo-get.md"), "{first:?}");
    assert_eq!(drift.stats.compared, 2);
    assert_eq!(drift.stats.errored, 0);
    let sent = received(&server);
    assert_eq!(sent.len(), 2, "{sent:?}");
}

#[test]
fn a_service_that_is_down_is_one_clear_error_and_no_hang() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let target = Arc::new(
        mdcontract::replay::LiveTarget::builder(
            mdcontract::replay::live::BaseUrls::parse(&[base.as_str()]).expect("base URL"),
        )
        .with_timeout(Duration::from_secs(2))
        .build()
        .expect("target"),
    );
    let started = Instant::now();
    let err = live::run(
        Arc::new(Replayer::live(target, Placeholders::default())),
        gizmo_suite(),
        &CheckContext::new(),
        4,
        &base,
    )
    .expect_err("nothing answers");
    match &err {
        LiveError::Unreachable { errored, first } => {
            assert_eq!(*errored, 2);
            assert!(
                first.starts_with(&format!("exchange failed: cannot connect to {base}")),
                "{first}"
            );
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_cli_reports_live_drift_and_exits_1() {
    let server = start();
    mount_gizmos(&server);
    let docs = fixtures().join("docs");
    let csdl = fixtures().join("clean.csdl.xml");

    let out = drift_live(
        &docs,
        &server.uri(),
        &[
            "--metadata",
            csdl.to_str().expect("utf-8"),
            "--timeout",
            "5",
            "--format",
            "json",
        ],
        &[],
    );

    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    // Subjects are stable whatever the writer; the JSON writer adds the
    // kind and counts (see README).
    for subject in [
        "microsoft.graph.gizmo/colour",
        "microsoft.graph.gizmo/weight",
        "microsoft.graph.gizmo/displayName",
        "microsoft.graph.gizmo/state",
    ] {
        assert!(stdout.contains(subject), "{subject} in {stdout}");
    }
    assert!(
        stderr.starts_with(&format!(
            "compared 2 of 2 documented GET responses with {}",
            server.uri()
        )),
        "{stderr}"
    );
}

#[test]
fn the_cli_exits_2_when_the_service_is_down() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let docs = fixtures().join("docs");
    let started = Instant::now();

    let out = drift_live(&docs, &base, &["--timeout", "2"], &[]);

    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: the live service could not be reached (2 examples failed): \
             exchange failed: cannot connect to {base}: "
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_token_is_never_printed_even_when_the_service_echoes_it() {
    const TOKEN: &str = "drift-token-5e4d3c2b1a";
    let server = start();
    // `g1` answers with a key named after the Authorization header it got.
    mount(
        &server,
        Mock::given(method("GET"))
            .and(path("/v1.0/gizmos/g1"))
            .respond_with(Echo::Key),
    );
    mount(
        &server,
        Mock::given(method("GET"))
            .and(path("/v1.0/gizmos"))
            .respond_with(Echo::ErrorMessage),
    );
    let docs = fixtures().join("docs");

    let out = drift_live(
        &docs,
        &server.uri(),
        &["--timeout", "5", "--format", "json"],
        &[("MDCONTRACT_TOKEN", TOKEN)],
    );

    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("not documented, present in 1 of 1 responses"),
        "{stdout}"
    );
    for text in [&stdout, &stderr] {
        assert!(
            !text.contains(TOKEN) && !text.contains("5e4d3c2b1a"),
            "{text}"
        );
    }
}

/// The form `drift --help` shows, a base URL ending in the version segment,
/// sends the version once (not `/v1.0/v1.0/…`) and compares every response.
#[test]
fn a_base_url_ending_in_the_version_sends_it_once() {
    let server = start();
    mount_gizmos(&server);
    let docs = fixtures().join("docs");
    let base = format!("{}/v1.0", server.uri());

    let out = drift_live(&docs, &base, &["--timeout", "5"], &[]);

    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stderr.starts_with("compared 2 of 2 documented GET responses"),
        "{stderr}"
    );
    let sent = received(&server);
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(
        sent.iter().all(|r| r.starts_with("GET /v1.0/gizmos")),
        "{sent:?}"
    );
}

/// A service that answers every documented GET with another status leaves
/// nothing to compare: exit 2 and say so, never "no differences".
#[test]
fn nothing_compared_exits_2() {
    let server = start(); // nothing mounted: every request gets 404
    let docs = fixtures().join("docs");

    let out = drift_live(&docs, &server.uri(), &["--timeout", "5"], &[]);

    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("error: nothing was compared: none of the 2 documented GET responses"),
        "{stderr}"
    );
    assert!(!stdout.contains("no differences"), "{stdout}");
}
