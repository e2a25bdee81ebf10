//! The "live" service the tests run against: a wiremock server on 127.0.0.1
//! that drifts from the pages below on purpose, one way per example, plus
//! the pages themselves and helpers to replay them.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use mdcontract::contract::extract_page;
use mdcontract::replay::live::{BaseUrls, Credentials, LiveTargetBuilder, Placeholders};
use mdcontract::replay::{ExampleReport, LiveTarget, Replayer, replay_suite, runtime};
use mdcontract::source::SourceFile;
use mdcontract::suite::Suite;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// What Graph sends as Content-Type: the media type the pages document, plus
/// parameters they never show.
pub const GRAPH_JSON: &str = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/// One example of a page: a request block and the response block to it,
/// both annotated with `name` (the response's annotation ending `extra`).
fn example(name: &str, request: &str, extra: &str, response: &str) -> String {
    format!(
        "\n<!-- {{ \"blockType\": \"request\", \"name\": \"{name}\" }} -->\n```http\n{request}\n```\n\
         \n<!-- {{ \"blockType\": \"response\", \"name\": \"{name}\"{extra} }} -->\n```http\n{response}\n```\n"
    )
}

/// A documented response: `status`, then a JSON `body` if any.
fn documented(status: &str, body: Option<&serde_json::Value>) -> String {
    match body {
        Some(b) => {
            let pretty = serde_json::to_string_pretty(b).expect("JSON");
            format!("HTTP/1.1 {status}\nContent-Type: application/json\n\n{pretty}")
        }
        None => format!("HTTP/1.1 {status}"),
    }
}

/// One example per way the service drifts. Each documented response is
/// what the page says; the service answers otherwise (see [`mount_drift`]).
pub fn drift_page() -> String {
    let get = |path: &str| format!("GET https://graph.microsoft.com/v1.0/drift/{path}");
    let ok = |body: serde_json::Value| documented("200 OK", Some(&body));
    let hinge = || ok(serde_json::json!({"id": "1", "name": "hinge"}));
    let mut page = "# Widget drift\n".to_string();
    page += &example(
        "renamed",
        &get("renamed"),
        "",
        &ok(serde_json::json!({"id": "1", "name": "hinge", "count": 2})),
    );
    // Written by hand: the member's column is part of what is checked.
    let retyped = "HTTP/1.1 200 OK\nContent-Type: application/json\n\n\
                   {\n  \"value\": [\n    {\"id\": \"1\", \"count\": 2}\n  ]\n}";
    page += &example("retyped", &get("retyped"), "", retyped);
    page += &example("extra", &get("extra"), "", &hinge());
    page += &example(
        "extra_truncated",
        &get("extra"),
        ", \"truncated\": true",
        &hinge(),
    );
    for (name, path) in [
        ("server_error", "broken"),
        ("throttled", "throttled"),
        ("busy", "busy"),
        ("slow", "slow"),
        ("not_json", "html"),
    ] {
        page += &example(name, &get(path), "", &ok(serde_json::json!({"id": "1"})));
    }
    page
}

/// Create, get, update and delete a widget, the later URLs naming the id the
/// first answer carries; and a part whose id comes from the configuration.
pub fn story_page() -> String {
    let widgets = "https://graph.microsoft.com/v1.0/widgets";
    let widget = format!("{widgets}/{{widget-id}}");
    let created = serde_json::json!({
        "id": "00000000-0000-0000-0000-000000000001",
        "name": "hinge",
        "createdDateTime": "2021-07-09T13:45:12Z"
    });
    let with_body = |line: &str, body: serde_json::Value| {
        let pretty = serde_json::to_string_pretty(&body).expect("JSON");
        format!("{line}\nContent-Type: application/json\n\n{pretty}")
    };
    let no_content = documented("204 No Content", None);
    let mut page = "# Widget story\n".to_string();
    page += &example(
        "create",
        &with_body(
            &format!("POST {widgets}"),
            serde_json::json!({"name": "hinge"}),
        ),
        "",
        &documented("201 Created", Some(&created)),
    );
    page += &example(
        "get",
        &format!("GET {widget}\nAuthorization: Bearer {{token}}"),
        "",
        &documented("200 OK", Some(&created)),
    );
    page += &example(
        "update",
        &with_body(
            &format!("PATCH {widget}"),
            serde_json::json!({"name": "hinge 2"}),
        ),
        "",
        &no_content,
    );
    page += &example("delete", &format!("DELETE {widget}"), "", &no_content);
    page += &example(
        "get_part",
        "GET https://graph.microsoft.com/v1.0/parts/{part-id}",
        "",
        &documented("200 OK", Some(&serde_json::json!({"id": "p", "size": 3}))),
    );
    page
}

/// The id the service gives the widget the story creates.
pub const CREATED_ID: &str = "6c2d1c4e-3f5b-4a8e-9d7f-0a1b2c3d4e5f";
/// The part id of the configuration.
pub const PART_ID: &str = "p-7";

pub fn json(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string().into_bytes(), GRAPH_JSON)
}

/// A wiremock server, started on the shared runtime.
pub fn start() -> MockServer {
    runtime().block_on(MockServer::start())
}

/// Mounts `mock` on `server`.
pub fn mount(server: &MockServer, mock: Mock) {
    runtime().block_on(mock.mount(server));
}

/// The drifting answers to [`drift_page`].
pub fn mount_drift(server: &MockServer) {
    let get = |p: &str| Mock::given(method("GET")).and(path(p.to_string()));
    mount(
        server,
        get("/v1.0/drift/renamed").respond_with(json(
            200,
            serde_json::json!({"@odata.context": "x", "id": "9", "title": "hinge", "count": 2}),
        )),
    );
    mount(
        server,
        get("/v1.0/drift/retyped").respond_with(json(
            200,
            serde_json::json!({"value": [{"id": "1", "count": "2"}, {"id": "2", "count": "3"}]}),
        )),
    );
    mount(
        server,
        get("/v1.0/drift/extra").respond_with(json(
            200,
            serde_json::json!({"id": "1", "name": "hinge", "colour": "blue"}),
        )),
    );
    mount(
        server,
        get("/v1.0/drift/broken").respond_with(json(
            500,
            serde_json::json!({"error": {"code": "InternalServerError", "message": "The widget store is down."}}),
        )),
    );
    // Busy once, then fine: the 429 is tried first and only once.
    mount(
        server,
        get("/v1.0/drift/throttled")
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
            .up_to_n_times(1)
            .with_priority(1),
    );
    mount(
        server,
        get("/v1.0/drift/throttled").respond_with(json(200, serde_json::json!({"id": "7"}))),
    );
    mount(
        server,
        get("/v1.0/drift/busy")
            .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0")),
    );
    mount(
        server,
        get("/v1.0/drift/slow").respond_with(
            json(200, serde_json::json!({"id": "1"})).set_delay(Duration::from_secs(5)),
        ),
    );
    mount(
        server,
        get("/v1.0/drift/html").respond_with(ResponseTemplate::new(200).set_body_raw(
            b"<html>\n  <body>Service Unavailable</body>\n</html>".to_vec(),
            "text/html",
        )),
    );
}

/// The answers to [`story_page`]: the widget created is [`CREATED_ID`].
pub fn mount_story(server: &MockServer) {
    mount_story_as(server, CREATED_ID, "2026-01-02T03:04:05Z");
}

/// The answers to [`story_page`], the widget created being `id`, created at
/// `created`.
pub fn mount_story_as(server: &MockServer, id: &str, created: &str) {
    let at = |m: &str, p: String| Mock::given(method(m)).and(path(p));
    let widget = format!("/v1.0/widgets/{id}");
    let body = serde_json::json!({"id": id, "name": "hinge", "createdDateTime": created});
    mount(
        server,
        at("POST", "/v1.0/widgets".into()).respond_with(json(201, body.clone())),
    );
    mount(
        server,
        at("GET", widget.clone()).respond_with(json(200, body)),
    );
    mount(
        server,
        at("PATCH", widget.clone()).respond_with(ResponseTemplate::new(204)),
    );
    mount(
        server,
        at("DELETE", widget).respond_with(ResponseTemplate::new(204)),
    );
    mount(
        server,
        at("GET", format!("/v1.0/parts/{PART_ID}"))
            .respond_with(json(200, serde_json::json!({"id": PART_ID, "size": 4}))),
    );
}

/// A service that leaks the `Authorization` header it received, in one of
/// the places a report, a JUnit file or a snapshot shows.
#[derive(Debug, Clone, Copy)]
pub enum Echo {
    /// A 200 text body (quoted by the not-JSON mismatch).
    Text,
    /// The message of a 500 error (quoted by the status mismatch).
    ErrorMessage,
    /// A JSON key (a property name, shown by the shape check and snapshot).
    Key,
}

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let auth = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("(none)")
            .to_string();
        match self {
            Echo::Text => ResponseTemplate::new(200)
                .set_body_raw(format!("you sent {auth}").into_bytes(), "text/plain"),
            Echo::ErrorMessage => json(
                500,
                serde_json::json!({"error": {"code": "Echo", "message": format!("you sent {auth}")}}),
            ),
            Echo::Key => {
                let mut body = serde_json::Map::new();
                body.insert("id".into(), "1".into());
                body.insert(auth, true.into());
                json(200, serde_json::Value::Object(body))
            }
        }
    }
}

/// A token endpoint at `/token` that answers `token` for the right client
/// secret, valid `expires_in` seconds.
pub fn mount_token_endpoint(server: &MockServer, secret_form: &str, token: &str, expires_in: u64) {
    mount(
        server,
        Mock::given(method("POST"))
            .and(path("/token"))
            .and(wiremock::matchers::body_string_contains(format!(
                "client_secret={secret_form}"
            )))
            .and(header("content-type", "application/x-www-form-urlencoded"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "token_type": "Bearer",
                "expires_in": expires_in,
                "access_token": token
            }))),
    );
}

/// The requests the server received, as `METHOD /path`.
pub fn received(server: &MockServer) -> Vec<String> {
    runtime()
        .block_on(server.received_requests())
        .unwrap_or_default()
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect()
}

pub fn suite(pages: &[(&str, &str)]) -> Arc<Suite> {
    Arc::new(Suite {
        pages: pages
            .iter()
            .map(|(key, text)| extract_page(Arc::new(SourceFile::from_text(key, text))))
            .collect(),
    })
}

/// A live target for `server`, without credentials, with a 1 s timeout and
/// retries that wait at most 5 s, then adjusted by `f`.
pub fn target(
    server: &MockServer,
    f: impl FnOnce(LiveTargetBuilder) -> LiveTargetBuilder,
) -> Arc<LiveTarget> {
    let bases = BaseUrls::parse(&[server.uri()]).expect("base URL");
    let builder = LiveTarget::builder(bases)
        .with_credentials(Credentials::Anonymous)
        .with_timeout(Duration::from_secs(1))
        .with_retry_policy(mdcontract::replay::live::RetryPolicy {
            max_wait: Duration::from_secs(5),
            ..Default::default()
        });
    Arc::new(f(builder).build().expect("live target"))
}

/// Every example of `suite` replayed (pages in parallel, each in order).
pub fn replay(replayer: Replayer, suite: &Arc<Suite>) -> Vec<ExampleReport> {
    let selection = Arc::new(mdcontract::replay::all_examples(suite));
    replay_suite(Arc::new(replayer), suite.clone(), selection, 8, |_, _| {})
}

/// A live replayer without configured placeholders.
pub fn replayer(target: Arc<LiveTarget>) -> Replayer {
    Replayer::live(target, Placeholders::default())
}

/// The account of the example named `name`.
pub fn explained(reports: &[ExampleReport], name: &str) -> String {
    reports
        .iter()
        .find(|r| r.id.as_str().ends_with(&format!("#{name}")))
        .unwrap_or_else(|| panic!("no report for {name}"))
        .explain()
}

/// Writes `text` to `dir/key.md`, making folders.
pub fn write_page(dir: &Path, key: &str, text: &str) {
    let file = dir.join(format!("{key}.md"));
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(file, text).expect("write page");
}

/// `mdcontract replay DOCS --live --base-url BASE` and `extra`, with `env`
/// set and none of the caller's MDCONTRACT_ variables.
pub fn replay_live(
    docs: &str,
    base: &str,
    extra: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    let mut args = vec!["replay", docs, "--live", "--base-url", base];
    args.extend_from_slice(extra);
    crate::common::cli::mdcontract_isolated(&args, env)
}

/// What the story sends for the widget `id`, in page order, before its part.
pub fn story_requests(id: &str) -> Vec<String> {
    let widget = format!("/v1.0/widgets/{id}");
    vec![
        "POST /v1.0/widgets".to_string(),
        format!("GET {widget}"),
        format!("PATCH {widget}"),
        format!("DELETE {widget}"),
    ]
}
