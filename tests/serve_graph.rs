//! `mdcontract serve` speaks Graph: each kind of request a real SDK sends
//! for a documented operation, over the pages of tests/fixtures/serve (one
//! page per shape: templates only, a defective example, an action with a
//! string where the metadata says Boolean, a download redirect, a binary
//! answer) and their metadata.

mod common;

use std::path::{Path, PathBuf};

use common::{Served, bin};
use serde_json::{Value, json};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve")
}

/// `mdcontract serve` over the fixtures and their metadata, journaling into
/// a temporary folder.
struct Stub {
    served: Served,
    journal: PathBuf,
    _dir: tempfile::TempDir,
}

impl Stub {
    /// Serves with the `extra` arguments.
    fn start(extra: &[&str]) -> Stub {
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = dir.path().join("journal.jsonl");
        let mut args = vec![
            "--metadata".to_string(),
            format!("v1.0={}", fixtures().join("v1.0.csdl.xml").display()),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let served = Served::start(&[fixtures().join("v1.0")], &journal, &args);
        Stub {
            served,
            journal,
            _dir: dir,
        }
    }

    /// Runs `calls` with a client and this server's base URL.
    fn run<T>(&self, calls: impl AsyncFnOnce(reqwest::Client, String) -> T) -> T {
        runtime().block_on(calls(client(), self.served.url.clone()))
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Sends a request that must reach the server (any status).
async fn send(request: reqwest::RequestBuilder) -> reqwest::Response {
    request.send().await.expect("sent")
}

fn client() -> reqwest::Client {
    mdcontract::replay::client::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Sends `request` and reads the JSON answer.
async fn json_of(request: reqwest::RequestBuilder) -> Value {
    send(request).await.json().await.expect("json")
}

fn journal_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("journal")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn template_urls_path_addressing_and_query_options() {
    let stub = Stub::start(&[]);
    stub.run(async |c, base| {
        // A URL form only the HTTP request block lists, another id, a name
        // in another case: the page's example answers.
        for url in [
            "/v1.0/me/gizmos/77",
            "/v1.0/users/adele%40contoso.com/GIZMOS/1",
            "/v1.0/gizmos('42')",
        ] {
            let r = send(c.get(format!("{base}{url}"))).await;
            assert_eq!(r.status(), 200, "{url}");
            let body: Value = r.json().await.expect("json");
            assert_eq!(body["displayName"], "Spanner", "{url}");
        }
        // $select keeps the selected properties plus id.
        let body = json_of(c.get(format!("{base}/v1.0/gizmos/42?$select=displayName"))).await;
        assert_eq!(body, json!({"id": "42", "displayName": "Spanner"}));
        // $top and $skip slice value; $count=true counts before slicing.
        let body = json_of(
            c.get(format!("{base}/v1.0/gizmos?%24skip=1&%24top=1&$count=true"))
                .header("ConsistencyLevel", "eventual"),
        )
        .await;
        assert_eq!(body["@odata.count"], 3);
        assert_eq!(
            body["value"],
            json!([{"id": "2", "displayName": "Wrench", "size": 2}])
        );
        // A next link points at this server, as Graph's point at Graph: a
        // page iterator that follows it stays here.
        let first = json_of(c.get(format!("{base}/v1.0/gizmos"))).await;
        let next = first["@odata.nextLink"].as_str().expect("a next link");
        assert_eq!(next, format!("{base}/v1.0/gizmos?$skiptoken=X2Jsb2Jz"));
        let second = json_of(c.get(next)).await;
        assert!(second["value"].is_array(), "{second}");
        // $filter, $orderby, $expand are taken, not evaluated.
        let r = send(c.get(format!(
            "{base}/v1.0/me/gizmos?$filter=size%20gt%201&$orderby=displayName&$expand=x"
        )))
        .await;
        assert_eq!(r.status(), 200);
        // /$count of a documented collection.
        let r = send(c.get(format!("{base}/v1.0/gizmos/$count"))).await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.text().await.expect("text"), "3");
        // A malformed $top is Graph's 400, not a match.
        let r = send(c.get(format!("{base}/v1.0/gizmos?$top=many"))).await;
        assert_eq!(r.status(), 400);
        // An undocumented parameter is refused, with the reason.
        let r = send(c.get(format!("{base}/v1.0/gizmos?colour=red"))).await;
        assert_eq!(r.status(), 404);
        let text = r.text().await.expect("text");
        assert!(text.contains("query parameter colour"), "{text}");
    });
    assert!(stub.served.stop().success());
    let lines = journal_lines(&stub.journal);
    let via: Vec<&str> = lines
        .iter()
        .filter_map(|l| l["answer"]["via"].as_str())
        .collect();
    assert_eq!(via[..3], ["template", "template", "example"], "{lines:?}");
}

#[test]
fn a_literal_example_answers_before_a_template_and_repairs_are_named() {
    let stub = Stub::start(&[]);
    stub.run(async |c, base| {
        // The wrapped page documents this exact URL: it answers, repaired
        // (the entity unwrapped, the date made a date).
        let body = json_of(c.get(format!("{base}/v1.0/users/7/gizmos/9"))).await;
        assert_eq!(body["id"], "9", "{body}");
        assert_eq!(body["createdDateTime"], "2021-07-01T00:00:00Z", "{body}");
        // Another id: only the get page's template matches.
        let body = json_of(c.get(format!("{base}/v1.0/users/8/gizmos/1"))).await;
        assert_eq!(body["displayName"], "Spanner");
    });
    assert!(stub.served.stop().success());
    let lines = journal_lines(&stub.journal);
    assert_eq!(
        lines[0]["matched"]
            .as_str()
            .map(|m| m.ends_with("gizmo-wrapped#get_wrapped")),
        Some(true)
    );
    assert_eq!(lines[0]["answer"]["repaired"], json!(["MC4010", "MC4004"]));
    assert!(
        lines[1]["matched"]
            .as_str()
            .is_some_and(|m| m.ends_with("gizmo-get#get_gizmo"))
    );

    // --strict serves the example as written.
    let strict = Stub::start(&["--strict"]);
    let body =
        strict.run(async |c, base| json_of(c.get(format!("{base}/v1.0/users/7/gizmos/9"))).await);
    assert_eq!(body["value"]["id"], "9", "{body}");
    assert!(strict.served.stop().success());
    assert!(
        journal_lines(&strict.journal)[0]["answer"]
            .get("repaired")
            .is_none()
    );
}

#[test]
fn bodies_are_typed_by_the_metadata_and_template_only_operations_are_synthesised() {
    let stub = Stub::start(&[]);
    stub.run(async |c, base| {
        // The example writes "false"; the metadata says Boolean; parameter
        // names bind case-insensitively (`Post`, `saveCopy`).
        let r = send(
            c.post(format!("{base}/v1.0/users/adele%40contoso.com/sendNote"))
                .json(&json!({"Post": "Hi", "saveCopy": false})),
        )
        .await;
        assert_eq!(r.status(), 202);
        // A wrong type is refused with the pointer.
        let r = send(
            c.post(format!("{base}/v1.0/me/sendNote"))
                .json(&json!({"post": 5})),
        )
        .await;
        assert_eq!(r.status(), 404);
        let text = r.text().await.expect("text");
        assert!(text.contains("body /post"), "{text}");
        // Template-only: PATCH and DELETE answered from the metadata, POST
        // creates an instance of the entity set's type.
        let r = send(
            c.patch(format!("{base}/v1.0/gizmos/5"))
                .json(&json!({"displayName": "New"})),
        )
        .await;
        assert_eq!(r.status(), 204);
        let r = send(c.delete(format!("{base}/v1.0/gizmos/5"))).await;
        assert_eq!(r.status(), 204);
        let r = send(
            c.post(format!("{base}/v1.0/gizmos"))
                .json(&json!({"displayName": "New", "size": 1})),
        )
        .await;
        assert_eq!(r.status(), 201);
        let created: Value = r.json().await.expect("json");
        assert_eq!(created["@odata.type"], "#microsoft.graph.gizmo");
        assert!(created["id"].is_string());
        // A property the type does not have is refused even there.
        let r = send(
            c.patch(format!("{base}/v1.0/gizmos/5"))
                .json(&json!({"colour": "New"})),
        )
        .await;
        assert_eq!(r.status(), 404);
    });
    assert!(stub.served.stop().success());
    let lines = journal_lines(&stub.journal);
    assert!(
        lines[2]["answer"]["synthesised"].as_bool() == Some(true),
        "{:?}",
        lines[2]
    );
}

#[test]
fn binary_answers_downloads_and_uploads() {
    let stub = Stub::start(&[]);
    stub.run(async |c, base| {
        // The page writes "Binary data for the image": a real PNG is served.
        let r = send(c.get(format!("{base}/v1.0/gizmos/42/picture/$value"))).await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "image/png");
        let bytes = r.bytes().await.expect("bytes");
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{bytes:?}");
        // The documented 302 to a download host points back at the stub,
        // by path addressing as well as by id.
        for url in [
            "/v1.0/gizmos/43/content",
            "/v1.0/me/drive/root:/Folder%20A/file.txt:/content",
        ] {
            let r = send(c.get(format!("{base}{url}"))).await;
            assert_eq!(r.status(), 302, "{url}");
            let location = r.headers()["location"].to_str().expect("ascii").to_string();
            assert!(location.starts_with(&base), "{location}");
            let r = send(c.get(&location)).await;
            assert_eq!(r.status(), 200);
            assert!(!r.bytes().await.expect("bytes").is_empty());
        }
        // A stream property written with PUT, any media type: the entity
        // that holds it answers.
        let r = send(
            c.put(format!("{base}/v1.0/gizmos/42/content"))
                .header("Content-Type", "application/zip")
                .body(vec![0x50u8, 0x4b, 0x05, 0x06, 0, 0]),
        )
        .await;
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.expect("json");
        assert_eq!(body["id"], "42");
    });
    assert!(stub.served.stop().success());
}

#[test]
fn json_batching_with_depends_on_and_graphs_errors() {
    let stub = Stub::start(&[]);
    let post = |body: Value| {
        stub.run(async |c, base| {
            let r = send(c.post(format!("{base}/v1.0/$batch")).json(&body)).await;
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.expect("json"))
        })
    };
    let (status, body) = post(json!({"requests": [
        {"id": "1", "method": "GET", "url": "/gizmos/42"},
        {"id": "2", "method": "GET", "url": "/me/gizmos?$top=1", "dependsOn": ["1"]},
        {"id": "3", "method": "GET", "url": "/nothing/here"},
        {"id": "4", "method": "DELETE", "url": "/gizmos/42", "dependsOn": ["3"]},
        {"id": "5", "method": "POST", "url": "/me/sendNote",
         "headers": {"Content-Type": "application/json"}, "body": {"post": "hi"}}
    ]}));
    assert_eq!(status, 200, "{body}");
    let by_id = |id: &str| {
        body["responses"]
            .as_array()
            .expect("responses")
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(by_id("1")["status"], 200);
    assert_eq!(by_id("1")["body"]["displayName"], "Spanner");
    assert_eq!(
        by_id("2")["body"]["value"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(by_id("3")["status"], 404);
    assert_eq!(by_id("4")["status"], 424);
    assert_eq!(by_id("5")["status"], 202);

    let many: Vec<Value> = (0..21)
        .map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/gizmos"}))
        .collect();
    for bad in [
        json!({ "requests": many }),
        json!({"requests": [{"id": "1", "method": "GET", "url": "/gizmos"},
                            {"id": "1", "method": "GET", "url": "/gizmos"}]}),
        json!({"requests": [{"id": "1", "method": "GET", "url": "/gizmos", "dependsOn": ["9"]}]}),
    ] {
        let (status, body) = post(bad);
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"]["code"], "BadRequest");
    }
    assert!(stub.served.stop().success());

    // The batch is a protocol line; its inner requests are journaled each,
    // and verify counts them like any request.
    let lines = journal_lines(&stub.journal);
    assert_eq!(lines[0]["protocol"], "$batch");
    assert_eq!(lines[1]["batch"]["line"], 1);
    let out = bin()
        .args(["verify", "--format", "json", "--journal"])
        .arg(&stub.journal)
        .output()
        .expect("verify runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let summary: Value =
        serde_json::from_str(text.lines().last().expect("a summary")).expect("json");
    assert_eq!(summary["protocol"], 4, "{text}");
    // Request 4 was never dispatched (its dependency failed): four inner lines.
    assert_eq!(summary["in_batch"], 4, "{text}");
    assert_eq!(summary["unmatched"], 1, "{text}");
}
