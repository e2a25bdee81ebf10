//! A journal for the tests of the verdict and of its writers: a `$batch`,
//! repairs, a synthesised answer and unmatched requests.

use serde_json::{Value, json};

/// A journal line: `extra` holds matched/unmatched/answer/protocol/batch.
pub(crate) fn entry(method: &str, url: &str, extra: Value) -> String {
    let mut e = json!({"time_ms": 0, "method": method, "url": url, "headers": [], "body": ""});
    if let (Some(e), Some(extra)) = (e.as_object_mut(), extra.as_object()) {
        e.extend(extra.clone());
    }
    e.to_string()
}

fn unmatched(reason: &str) -> Value {
    json!({"unmatched": {"closest": "v1.0/api/widget-get#get_widget", "reason": reason}})
}

/// A journal with a `$batch` of two inner requests (one repaired, one
/// unmatched), a synthesised answer, and a plain unmatched request.
pub(crate) fn sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.jsonl");
    let lines = [
        entry(
            "GET",
            "/v1.0/widgets/1",
            json!({"matched": "v1.0/api/widget-get#get_widget",
            "answer": {"via": "example", "pattern": "/widgets/{id}"}}),
        ),
        entry("POST", "/v1.0/$batch", json!({"protocol": "$batch"})),
        entry(
            "GET",
            "/v1.0/widgets/2",
            json!({"matched": "v1.0/api/widget-get#get_widget",
            "batch": {"line": 2, "id": "1"},
            "answer": {"via": "template", "pattern": "/widgets/{id}", "repaired": ["MC2001", "MC4002", "MC2001"]}}),
        ),
        {
            let mut u = unmatched("path segment 2: expected `widgets`, got `gadgets`");
            u["batch"] = json!({"line": 2, "id": "2"});
            entry("GET", "/v1.0/gadgets", u)
        },
        entry(
            "GET",
            "/v1.0/widgets/3/parts",
            json!({"matched": "beta/api/widget-parts#list_parts",
            "answer": {"via": "template", "pattern": "/widgets/{id}/parts", "synthesised": true, "repaired": ["MC2001"]}}),
        ),
        entry(
            "PUT",
            "/v1.0/widgets/1",
            unmatched("method: expected PATCH, got PUT"),
        ),
    ];
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    (dir, path)
}
