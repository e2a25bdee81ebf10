//! `mdcontract serve` on the project's specs/, driven with reqwest, then
//! judged by `mdcontract verify`.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use common::{Served, bin, specs};

use serde_json::{Value, json};

fn metadata() -> String {
    format!("v1.0={}", specs().join("metadata/v1.0.csdl.xml").display())
}

fn start(journal: &Path) -> Served {
    Served::start(&[specs()], journal, &["--metadata".to_string(), metadata()])
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

const WIDGET: &str = "5f3c2a7e-91b4-4d0e-8c62-0a9e7d41b3f5";

#[test]
fn requests_are_served_journaled_and_verified() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let served = start(&journal);
    let base = served.url.clone();
    runtime().block_on(async {
        let client = mdcontract::replay::client::client_builder().build().unwrap();
        // Exercised: query reordered, `$`-option in another case, encoded.
        let r = client
            .get(format!("{base}/v1.0/me/widgets?%24top=2&$OrderBy=createdDateTime%20desc"))
            .header("Authorization", "Bearer secret-token-value")
            .header("SdkVersion", "graph-js/3.0.7")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/json");
        let body: Value = r.json().await.unwrap();
        assert!(body["value"].is_array(), "{body}");
        // Exercised: names in another case and an extra @odata.type.
        let r = client
            .patch(format!("{base}/v1.0/widgetCatalog/widgets/{WIDGET}"))
            .json(&json!({"Color": "blue", "quantity": 3, "isDiscontinued": false, "@odata.type": "#microsoft.graph.widget"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
        assert!(r.bytes().await.unwrap().is_empty());
        // Unmatched: an undocumented path.
        let r = client
            .get(format!("{base}/v1.0/widgetCatalog/gadgets"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "mdcontract.unmatched", "{body}");
        // Mis-bodied: a string where the docs show a number.
        let r = client
            .patch(format!("{base}/v1.0/widgetCatalog/widgets/{WIDGET}"))
            .json(&json!({"color": "green", "quantity": "twelve", "isDiscontinued": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        // Right shape, but outside the documented enum: the schema says so.
        let r = client
            .patch(format!("{base}/v1.0/widgetCatalog/widgets/{WIDGET}"))
            .json(&json!({"color": "purple", "quantity": 1, "isDiscontinued": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);

        // The live verdict, as `verify` gives it; not itself journaled.
        let r = client
            .get(format!("{base}/_mdcontract/report"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let text = r.text().await.unwrap();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let summary = lines.last().unwrap();
        assert_eq!(summary["kind"], "summary", "{text}");
        assert_eq!(summary["requests"], 5, "{text}");
        assert_eq!(summary["unmatched"], 3, "{text}");
        assert_eq!(summary["exercised"], 2, "{text}");
        let unmatched: Vec<&Value> = lines.iter().filter(|l| l["kind"] == "unmatched").collect();
        assert_eq!(unmatched[0]["line"], 3, "{text}");
        assert_eq!(
            unmatched[1]["reason"], "body /quantity: `/quantity` is string, but its type allows integer",
            "{text}"
        );
        let r = client
            .get(format!("{base}/_mdcontract/report?format=text"))
            .send()
            .await
            .unwrap();
        let text = r.text().await.unwrap();
        assert!(text.contains("5 requests; 3 unmatched; 2 of "), "{text}");
    });
    assert!(served.stop().success());

    let text = std::fs::read_to_string(&journal).unwrap();
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(!text.contains("secret-token-value"), "{text}");
    assert!(text.contains("Bearer ***"), "{text}");

    let out = bin()
        .args(["verify", "--format", "json", "--journal"])
        .arg(&journal)
        .arg("--docs")
        .arg(specs())
        .arg("--metadata")
        .arg(metadata())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let covered = |id: &str| {
        lines
            .iter()
            .find(|l| l["kind"] == "coverage" && l["example"] == id)
            .map(|l| l["requests"].clone())
    };
    assert_eq!(
        covered("v1.0/api/widget-list#list_widgets_newest"),
        Some(json!(1))
    );
    assert_eq!(
        covered("v1.0/api/widget-update#update_widget"),
        Some(json!(1))
    );
    assert_eq!(
        covered("v1.0/api/widget-delete#delete_widget"),
        Some(json!(0))
    );
    let unmatched: Vec<&Value> = lines.iter().filter(|l| l["kind"] == "unmatched").collect();
    assert_eq!(unmatched.len(), 3, "{lines:#?}");
    assert_eq!(unmatched[0]["code"], "MC6001");
    assert_eq!(
        unmatched[0]["reason"], "path segment 3: expected `widgets`, got `gadgets`",
        "{lines:#?}"
    );
    assert_eq!(
        unmatched[1]["closest"],
        "v1.0/api/widget-update#update_widget"
    );
    assert_eq!(
        unmatched[1]["reason"],
        "body /quantity: `/quantity` is string, but its type allows integer",
        "{lines:#?}"
    );

    // The same verdict from the journal alone.
    let out = bin()
        .arg("verify")
        .arg("--journal")
        .arg(&journal)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[MC6001]: PATCH"), "{text}");
    assert!(text.contains("5 requests; 3 unmatched"), "{text}");
}

#[test]
fn bad_input_gets_a_clear_answer_and_the_server_keeps_running() {
    let dir = tempfile::tempdir().unwrap();
    let served = start(&dir.path().join("j.jsonl"));
    let base = served.url.clone();
    let addr = base.trim_start_matches("http://").to_string();

    // Malformed HTTP: an answer (400) or a closed connection, never a hang.
    let mut raw = TcpStream::connect(&addr).unwrap();
    raw.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    raw.write_all(b"NOT HTTP AT ALL\r\n\r\n").unwrap();
    let mut answer = String::new();
    let _ = raw.read_to_string(&mut answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 400"),
        "{answer}"
    );

    runtime().block_on(async {
        let client = mdcontract::replay::client::client_builder()
            .build()
            .unwrap();
        let post = |body: Vec<u8>| {
            client
                .post(format!("{base}/v1.0/widgetCatalog/widgets"))
                .header("Content-Type", "application/json")
                .body(body)
                .send()
        };
        for body in [vec![b'a'; 10 * 1024 * 1024], b"{\"displayName\": ".to_vec()] {
            let r = post(body).await.unwrap();
            assert_eq!(r.status(), 404);
            let v: Value = r.json().await.unwrap();
            let msg = v["error"]["message"].as_str().unwrap_or_default();
            assert!(msg.contains("body: not JSON"), "{v}");
        }
        let r = client
            .delete(format!("{base}/nowhere/at/all"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        // Still serving.
        let r = client
            .delete(format!(
                "{base}/v1.0/widgetCatalog/widgets/b7d81e04-3c5a-4f29-a6e1-92c40fd8e7a3"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
    });
    assert!(served.stop().success());
}

#[test]
fn a_port_in_use_exits_2() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = bin()
        .arg("serve")
        .arg(specs())
        .args(["--port", &port])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already in use"), "{err}");
}

/// A journal line as `serve` writes it; `extra` holds the verdict fields
/// (`matched`, `unmatched`, `answer`, `protocol`, `batch`).
fn journaled(method: &str, url: &str, extra: Value) -> String {
    let mut line = json!({"time_ms": 0, "method": method, "url": url, "headers": [], "body": ""});
    if let (Some(line), Some(extra)) = (line.as_object_mut(), extra.as_object()) {
        line.extend(extra.clone());
    }
    line.to_string()
}

/// 30 lines: a `$batch` (line 2) with two inner requests (one answered
/// after a repair, one unmatched), a synthesised answer, and 23 unmatched
/// requests in all.
fn handmade_journal(dir: &Path) -> std::path::PathBuf {
    let delete = "/v1.0/widgetCatalog/widgets/b7d81e04-3c5a-4f29-a6e1-92c40fd8e7a3";
    let mut lines = vec![
        journaled(
            "GET",
            "/v1.0/me/widgets?$top=2&$orderby=createdDateTime%20desc",
            json!({"matched": "v1.0/api/widget-list#list_widgets_newest",
                "answer": {"via": "template", "pattern": "/me/widgets", "synthesised": true}}),
        ),
        journaled("POST", "/v1.0/$batch", json!({"protocol": "$batch"})),
        journaled(
            "DELETE",
            delete,
            json!({"matched": "v1.0/api/widget-delete#delete_widget",
                "batch": {"line": 2, "id": "1"},
                "answer": {"via": "example", "pattern": "/widgetCatalog/widgets/{id}",
                    "repaired": ["MC2001", "MC4002"]}}),
        ),
        journaled(
            "GET",
            "/v1.0/widgetCatalog/gadgets",
            json!({"batch": {"line": 2, "id": "2"},
                "unmatched": {"closest": null, "reason": "recorded"}}),
        ),
        journaled(
            "DELETE",
            delete,
            json!({"matched": "v1.0/api/widget-delete#delete_widget",
                "answer": {"via": "example", "pattern": "/widgetCatalog/widgets/{id}",
                    "repaired": ["MC2001"]}}),
        ),
    ];
    for n in 0..22 {
        lines.push(journaled(
            "GET",
            &format!("/v1.0/widgetCatalog/gadgets/{n}"),
            json!({"unmatched": {"closest": null, "reason": "recorded"}}),
        ));
    }
    let path = dir.join("handmade.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").expect("journal written");
    path
}

#[test]
fn verify_leads_with_a_summary_caps_the_lists_and_groups_coverage_by_family() {
    let dir = tempfile::tempdir().unwrap();
    let journal = handmade_journal(dir.path());
    // Several docs paths after one --docs, as `serve` takes them.
    let verify = |extra: &[&str]| {
        bin()
            .arg("verify")
            .arg("--journal")
            .arg(&journal)
            .arg("--docs")
            .arg(specs().join("v1.0"))
            .arg(specs().join("beta"))
            .args(extra)
            .output()
            .unwrap()
    };
    let out = verify(&[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("27 requests; 23 unmatched; 2 of "),
        "{text}"
    );
    assert_eq!(
        &lines[1..6],
        [
            "  requests     27  (2 inside $batch; 1 $batch request answered by the server)",
            "  matched       3",
            "  unmatched    23",
            "  repaired      2  (MC2001: 2, MC4002: 1)",
            "  synthesised   1",
        ],
        "{text}"
    );
    assert!(lines[6].starts_with("  exercised     2 of "), "{text}");
    // The protocol line is never unmatched; the inner request is.
    assert!(!text.contains("/v1.0/$batch"), "{text}");
    assert!(
        text.contains("error[MC6001]: GET /v1.0/widgetCatalog/gadgets (journal line 4)"),
        "{text}"
    );
    assert_eq!(text.matches("error[MC6001]").count(), 20, "{text}");
    assert!(
        text.contains("… and 3 more unmatched requests (--all lists every one)"),
        "{text}"
    );
    // A repair is a finding under the defect's code, for the doc writer.
    assert!(
        text.contains(
            "warning[MC2001]: v1.0/api/widget-delete#delete_widget answered 2 requests after a repair"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "warning[MC4002]: v1.0/api/widget-delete#delete_widget answered 1 request after a repair"
        ),
        "{text}"
    );
    // Coverage per family, the family with the most examples first.
    let families: Vec<&str> = lines
        .iter()
        .skip_while(|l| !l.starts_with("coverage by page family"))
        .copied()
        .collect();
    assert!(
        families[0].starts_with("coverage by page family (2 families"),
        "{text}"
    );
    assert!(families[2].starts_with("  widget "), "{text}");
    assert!(families[2].contains(" 2/"), "{text}");
    assert!(families[3].starts_with("  gadgetassignment "), "{text}");
    assert!(families[3].contains(" 0/3 "), "{text}");
    // Examples not exercised: counted, not listed.
    assert!(!text.contains("not exercised: "), "{text}");
    assert!(
        text.contains("documented examples not exercised (--all lists every one"),
        "{text}"
    );

    let out = verify(&["--all"]);
    let all = String::from_utf8_lossy(&out.stdout);
    assert_eq!(all.matches("error[MC6001]").count(), 23, "{all}");
    assert!(!all.contains("more unmatched"), "{all}");
    assert!(
        all.contains("note[MC6002]: not exercised: v1.0/api/widget-get#get_widget"),
        "{all}"
    );
    assert!(all.starts_with(lines[0]), "the same summary: {all}");

    // JSON always carries everything, with the old summary keys.
    let out = verify(&["--format", "json"]);
    let json: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = json.last().unwrap();
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["requests"], 27);
    assert_eq!(summary["unmatched"], 23);
    assert_eq!(summary["exercised"], 2);
    assert_eq!(summary["matched"], 3);
    assert_eq!(summary["protocol"], 1);
    assert_eq!(summary["in_batch"], 2);
    assert_eq!(summary["repaired"], 2);
    assert_eq!(summary["repaired_codes"], json!({"MC2001": 2, "MC4002": 1}));
    assert_eq!(summary["synthesised"], 1);
    assert_eq!(summary["families"], 2);
    let kind = |k: &str| json.iter().filter(|l| l["kind"] == k).count();
    assert_eq!(kind("unmatched"), 23);
    assert_eq!(
        kind("coverage"),
        summary["examples"].as_u64().unwrap() as usize
    );
    assert_eq!(kind("family"), 2);
    let repaired: Vec<&Value> = json.iter().filter(|l| l["kind"] == "repaired").collect();
    assert_eq!(repaired.len(), 1);
    assert_eq!(
        repaired[0]["example"],
        "v1.0/api/widget-delete#delete_widget"
    );
    assert_eq!(repaired[0]["codes"], json!({"MC2001": 2, "MC4002": 1}));
    assert_eq!(repaired[0]["requests"], 2);
    assert_eq!(repaired[0]["line"], 3);
    assert!(
        json.iter()
            .filter(|l| l["kind"] == "unmatched")
            .all(|l| l["line"] != 2),
        "the $batch line is not unmatched"
    );
}
