//! Tests of `$batch`: parsing and validating the envelope, running the
//! requests in dependency order, and the responses.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};

use super::run::{response_body, response_json};
use super::*;

fn bytes(v: &Value) -> Vec<u8> {
    v.to_string().into_bytes()
}

fn parse_ok(v: Value) -> Vec<InnerRequest> {
    parse(&bytes(&v)).expect("valid batch")
}

fn parse_err(v: Value) -> BatchError {
    parse(&bytes(&v)).expect_err("invalid batch")
}

fn get(id: &str, url: &str) -> Value {
    json!({"id": id, "method": "GET", "url": url})
}

fn ok_json(body: Value) -> InnerResponse {
    InnerResponse {
        status: 200,
        headers: Vec::new(),
        body: body.to_string().into_bytes(),
        content_type: Some("application/json".to_string()),
    }
}

fn status(code: u16) -> InnerResponse {
    InnerResponse {
        status: code,
        ..InnerResponse::default()
    }
}

#[test]
fn parses_the_documented_batch() {
    let reqs = parse_ok(json!({
      "requests": [
        {"id": "1", "method": "GET", "url": "/me/drive/root:/{file}:/content"},
        {"id": "2", "method": "GET", "url": "/me/planner/tasks"},
        {"id": "3", "method": "GET", "url": "/groups/{id}/events"},
        {"id": "4", "url": "/me", "method": "PATCH",
         "body": {"city": "Redmond"},
         "headers": {"Content-Type": "application/json"}}
      ]
    }));
    assert_eq!(reqs.len(), 4);
    assert_eq!(reqs[0].url, "/me/drive/root:/{file}:/content");
    assert_eq!(reqs[3].method, "PATCH");
    assert_eq!(reqs[3].body.as_deref(), Some(&br#"{"city":"Redmond"}"#[..]));
    assert_eq!(reqs[3].header("content-type"), Some("application/json"));
    assert!(reqs[0].body.is_none());
    assert!(reqs[0].headers.is_empty());
    assert!(reqs[0].depends_on.is_empty());
}

#[test]
fn urls_are_normalised_to_the_version_root() {
    let cases = [
        ("users/x", "/users/x"),
        ("/users/x", "/users/x"),
        ("https://graph.microsoft.com/v1.0/users/x", "/users/x"),
        (
            "https://GRAPH.microsoft.com/beta/users/x?$top=1",
            "/users/x?$top=1",
        ),
        ("https://graph.microsoft.com:443/v1.0/me", "/me"),
        ("http://graph.microsoft.com/v1.0/me", "/me"),
        ("//graph.microsoft.com/v1.0/me", "/me"),
        ("https://graph.microsoft.com/v1.0", "/"),
        ("https://graph.microsoft.com/v1.0?x=1", "/?x=1"),
        ("https://graph.microsoft.com/me", "/me"),
        ("https://graph.microsoft.com/v1.00/me", "/v1.00/me"),
        (
            "me?$filter=a eq 'https://x'",
            "/me?$filter=a eq 'https://x'",
        ),
        ("  /me  ", "/me"),
        (
            "/me/drive/root:/a/b:/content",
            "/me/drive/root:/a/b:/content",
        ),
    ];
    for (given, want) in cases {
        let reqs = parse_ok(json!({"requests": [get("1", given)]}));
        assert_eq!(reqs[0].url, want, "{given}");
    }
}

#[test]
fn absolute_urls_to_other_hosts_are_rejected() {
    for url in [
        "https://example.com/v1.0/me",
        "https://graph.microsoft.com.evil.com/v1.0/me",
        "ftp://graph.microsoft.com/v1.0/me",
        "//example.com/me",
        "https://user@example.com/me",
    ] {
        let err = parse_err(json!({"requests": [get("a1", url)]}));
        assert_eq!(
            err,
            BatchError::ForeignHost {
                id: "a1".to_string(),
                url: url.to_string()
            },
            "{url}"
        );
        assert!(err.to_string().contains("'a1'"));
    }
}

#[test]
fn extra_hosts_are_accepted() {
    let body = bytes(&json!({"requests": [
        get("1", "http://127.0.0.1:8080/v1.0/me"),
        get("2", "http://LOCALHOST:9/beta/users"),
    ]}));
    let reqs = parse_with_hosts(&body, &["127.0.0.1:8080", "localhost"]).expect("valid");
    assert_eq!(reqs[0].url, "/me");
    assert_eq!(reqs[1].url, "/users");
    assert!(parse_with_hosts(&body, &["127.0.0.1:9999", "localhost"]).is_err());
    assert!(parse(&body).is_err());
}

#[test]
fn malformed_envelopes_are_400() {
    assert!(matches!(
        parse(b"not json"),
        Err(BatchError::NotJson { .. })
    ));
    assert!(matches!(parse(b""), Err(BatchError::NotJson { .. })));
    assert!(matches!(
        parse(&[0xff, 0xfe]),
        Err(BatchError::NotJson { .. })
    ));
    assert_eq!(parse(b"[]"), Err(BatchError::NoRequests));
    assert_eq!(parse(b"{}"), Err(BatchError::NoRequests));
    assert_eq!(parse(br#"{"requests": {}}"#), Err(BatchError::NoRequests));
    assert_eq!(parse(br#"{"requests": null}"#), Err(BatchError::NoRequests));
    assert_eq!(parse(br#"{"requests": []}"#), Err(BatchError::Empty));
    assert_eq!(
        parse(br#"{"requests": [1]}"#),
        Err(BatchError::NotAnObject { index: 0 })
    );
}

#[test]
fn twenty_requests_is_the_limit() {
    let twenty: Vec<Value> = (0..20).map(|i| get(&i.to_string(), "/me")).collect();
    assert_eq!(parse_ok(json!({"requests": twenty})).len(), 20);
    let many: Vec<Value> = (0..21).map(|i| get(&i.to_string(), "/me")).collect();
    let err = parse_err(json!({"requests": many}));
    assert_eq!(err, BatchError::TooMany { count: 21 });
    assert!(err.to_string().contains("21"));
    assert!(err.to_string().contains("20"));
}

#[test]
fn required_properties_are_checked() {
    assert_eq!(
        parse_err(json!({"requests": [{"method": "GET", "url": "/me"}]})),
        BatchError::Missing {
            index: 0,
            id: None,
            field: "id"
        }
    );
    let err = parse_err(json!({"requests": [get("1", "/me"), {"id": "b", "url": "/me"}]}));
    assert_eq!(
        err,
        BatchError::Missing {
            index: 1,
            id: Some("b".to_string()),
            field: "method"
        }
    );
    assert!(err.to_string().contains("'b'"));
    assert!(err.to_string().contains("'method'"));
    assert_eq!(
        parse_err(json!({"requests": [{"id": "c", "method": "GET", "url": null}]})),
        BatchError::Missing {
            index: 0,
            id: Some("c".to_string()),
            field: "url"
        }
    );
}

#[test]
fn property_types_are_checked() {
    let cases = [
        (json!({"id": 1, "method": "GET", "url": "/me"}), "id"),
        (json!({"id": "", "method": "GET", "url": "/me"}), "id"),
        (json!({"id": "1", "method": 5, "url": "/me"}), "method"),
        (json!({"id": "1", "method": "GE T", "url": "/me"}), "method"),
        (json!({"id": "1", "method": "", "url": "/me"}), "method"),
        (json!({"id": "1", "method": "GET", "url": 7}), "url"),
        (json!({"id": "1", "method": "GET", "url": " "}), "url"),
        (
            json!({"id": "1", "method": "GET", "url": "/me", "headers": []}),
            "headers",
        ),
        (
            json!({"id": "1", "method": "GET", "url": "/me", "headers": {"a": {}}}),
            "headers",
        ),
        (
            json!({"id": "1", "method": "GET", "url": "/me", "dependsOn": "2"}),
            "dependsOn",
        ),
        (
            json!({"id": "1", "method": "GET", "url": "/me", "dependsOn": [2]}),
            "dependsOn",
        ),
    ];
    for (req, field) in cases {
        match parse_err(json!({"requests": [req]})) {
            BatchError::Invalid { field: f, .. } => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
}

#[test]
fn method_is_upper_cased_and_headers_stringified() {
    let reqs = parse_ok(json!({"requests": [{
        "id": "1", "method": "patch", "url": "/me",
        "headers": {"If-Match": "*", "Prefer": 5, "X-Flag": true, "X-Null": "n"}
    }]}));
    assert_eq!(reqs[0].method, "PATCH");
    assert_eq!(
        reqs[0].headers,
        vec![
            ("If-Match".to_string(), "*".to_string()),
            ("Prefer".to_string(), "5".to_string()),
            ("X-Flag".to_string(), "true".to_string()),
            ("X-Null".to_string(), "n".to_string()),
        ]
    );
}

#[test]
fn duplicate_ids_are_rejected() {
    let err = parse_err(json!({"requests": [get("1", "/a"), get("2", "/b"), get("1", "/c")]}));
    assert_eq!(
        err,
        BatchError::DuplicateId {
            id: "1".to_string()
        }
    );
    assert!(err.to_string().contains("'1'"));
}

#[test]
fn unknown_dependencies_are_rejected() {
    let mut r = get("2", "/b");
    r["dependsOn"] = json!(["9"]);
    let err = parse_err(json!({"requests": [get("1", "/a"), r]}));
    assert_eq!(
        err,
        BatchError::UnknownDependency {
            id: "2".to_string(),
            depends_on: "9".to_string()
        }
    );
    assert!(err.to_string().contains("'2'") && err.to_string().contains("'9'"));
}

#[test]
fn cycles_are_rejected_and_named() {
    let mut a = get("a", "/a");
    a["dependsOn"] = json!(["c"]);
    let mut b = get("b", "/b");
    b["dependsOn"] = json!(["a"]);
    let mut c = get("c", "/c");
    c["dependsOn"] = json!(["b"]);
    let err = parse_err(json!({"requests": [get("0", "/"), a, b, c]}));
    assert_eq!(
        err,
        BatchError::Cycle {
            cycle: vec!["a".into(), "c".into(), "b".into(), "a".into()]
        }
    );
    assert!(err.to_string().contains("a -> c -> b -> a"));

    let mut own = get("s", "/s");
    own["dependsOn"] = json!(["s"]);
    assert_eq!(
        parse_err(json!({"requests": [own]})),
        BatchError::Cycle {
            cycle: vec!["s".into(), "s".into()]
        }
    );
}

#[test]
fn duplicate_depends_on_entries_are_merged() {
    let mut b = get("2", "/b");
    b["dependsOn"] = json!(["1", "1"]);
    let reqs = parse_ok(json!({"requests": [get("1", "/a"), b]}));
    assert_eq!(reqs[1].depends_on, vec!["1".to_string()]);
}

#[test]
fn body_requires_a_content_type() {
    let err = parse_err(json!({"requests": [{
        "id": "4", "method": "PATCH", "url": "/me", "body": {"city": "Redmond"}
    }]}));
    assert_eq!(
        err,
        BatchError::MissingContentType {
            id: "4".to_string()
        }
    );
    assert!(err.to_string().contains("'4'"));
    // A null body is no body.
    let reqs = parse_ok(json!({"requests": [{
        "id": "4", "method": "DELETE", "url": "/me", "body": null
    }]}));
    assert!(reqs[0].body.is_none());
}

#[test]
fn bodies_follow_the_media_type() {
    let png = [0x89u8, b'P', b'N', b'G', 0xff, 0xfe];
    let reqs = parse_ok(json!({"requests": [
        {"id": "json", "method": "POST", "url": "/a",
         "headers": {"content-type": "application/json; charset=utf-8"},
         "body": {"b": [1, 2]}},
        {"id": "odata", "method": "POST", "url": "/a",
         "headers": {"Content-Type": "application/merge-patch+json"}, "body": "s"},
        {"id": "text", "method": "PUT", "url": "/a",
         "headers": {"Content-Type": "text/html"}, "body": "<p>hi</p>"},
        {"id": "std", "method": "PUT", "url": "/me/photo/$value",
         "headers": {"Content-Type": "image/png"}, "body": STANDARD.encode(png)},
        {"id": "url", "method": "PUT", "url": "/me/photo/$value",
         "headers": {"Content-Type": "image/png"}, "body": URL_SAFE_NO_PAD.encode(png)},
        {"id": "wrapped", "method": "PUT", "url": "/x",
         "headers": {"Content-Type": "application/octet-stream"}, "body": "iVBO\nR0g="},
        {"id": "objbin", "method": "PUT", "url": "/x",
         "headers": {"Content-Type": "application/octet-stream"}, "body": {"k": 1}},
    ]}));
    assert_eq!(reqs[0].body.as_deref(), Some(&br#"{"b":[1,2]}"#[..]));
    assert_eq!(reqs[1].body.as_deref(), Some(&br#""s""#[..]));
    assert_eq!(reqs[2].body.as_deref(), Some(&b"<p>hi</p>"[..]));
    assert_eq!(reqs[3].body.as_deref(), Some(&png[..]));
    assert_eq!(reqs[4].body.as_deref(), Some(&png[..]));
    assert_eq!(
        reqs[5].body.as_deref(),
        Some(&[0x89, b'P', b'N', b'G', 0x48][..])
    );
    assert_eq!(reqs[6].body.as_deref(), Some(&br#"{"k":1}"#[..]));
}

#[test]
fn binary_body_that_is_not_base64_is_rejected() {
    let err = parse_err(json!({"requests": [{
        "id": "p", "method": "PUT", "url": "/me/photo/$value",
        "headers": {"Content-Type": "image/jpeg"}, "body": "Binary data for the image"
    }]}));
    assert!(matches!(&err, BatchError::InvalidBody { id, .. } if id == "p"));
    assert!(err.to_string().contains("'p'"));
    assert!(err.to_string().contains("base64"));
}

#[test]
fn errors_are_graph_bad_requests() {
    let err = parse_err(json!({"requests": []}));
    assert_eq!(err.status(), 400);
    let body = err.to_json();
    assert_eq!(body["error"]["code"], "BadRequest");
    assert_eq!(body["error"]["message"], err.to_string());
}

#[test]
fn run_answers_in_request_order_with_bodies() {
    let batch = json!({"requests": [get("1", "/me"), get("2", "/me/photo/$value"), get("3", "/users/$count"), {"id": "4", "method": "DELETE", "url": "/x"}]});
    let mut seen = Vec::new();
    let out = run(&bytes(&batch), |req| {
        seen.push(req.id.clone());
        match req.id.as_str() {
            "1" => ok_json(json!({"displayName": "A"})),
            "2" => InnerResponse {
                status: 200,
                headers: vec![("ETag".into(), "\"1\"".into())],
                body: vec![0xff, 0xd8, 0xff, 0xe0],
                content_type: Some("image/jpeg".into()),
            },
            "3" => InnerResponse {
                status: 200,
                headers: vec![("Content-Type".into(), "text/plain".into())],
                body: b"893".to_vec(),
                content_type: Some("application/json".into()),
            },
            _ => status(204),
        }
    })
    .expect("valid");
    assert_eq!(seen, ["1", "2", "3", "4"]);
    assert_eq!(
        out,
        json!({"responses": [
            {"id": "1", "status": 200, "headers": {"Content-Type": "application/json"}, "body": {"displayName": "A"}},
            {"id": "2", "status": 200, "headers": {"ETag": "\"1\"", "Content-Type": "image/jpeg"}, "body": "/9j/4A=="},
            {"id": "3", "status": 200, "headers": {"Content-Type": "text/plain"}, "body": "893"},
            {"id": "4", "status": 204}
        ]})
    );
}

#[test]
fn dependencies_run_first_and_order_is_otherwise_kept() {
    // The documented example: 1 and 3 first, then 2, then 4.
    let mut r2 = get("2", "/b");
    r2["dependsOn"] = json!(["1"]);
    let mut r4 = get("4", "/d");
    r4["dependsOn"] = json!(["2"]);
    let batch = json!({"requests": [get("1", "/a"), r2, get("3", "/c"), r4]});
    let mut seen = Vec::new();
    run(&bytes(&batch), |req| {
        seen.push(req.id.clone());
        status(200)
    })
    .expect("valid");
    assert_eq!(seen, ["1", "2", "3", "4"]);

    // A dependency listed later runs before its dependant.
    let mut first = get("first", "/a");
    first["dependsOn"] = json!(["last"]);
    let batch = json!({"requests": [first, get("mid", "/m"), get("last", "/z")]});
    let mut seen = Vec::new();
    let out = run(&bytes(&batch), |req| {
        seen.push(req.id.clone());
        status(200)
    })
    .expect("valid");
    assert_eq!(seen, ["mid", "last", "first"]);
    let ids: Vec<&str> = out["responses"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids, ["first", "mid", "last"]);
}

#[test]
fn failed_dependency_is_424_and_propagates() {
    let mut r2 = get("2", "/b");
    r2["dependsOn"] = json!(["1"]);
    let mut r3 = get("3", "/c");
    r3["dependsOn"] = json!(["2"]);
    let mut r4 = get("4", "/d");
    r4["dependsOn"] = json!(["5"]);
    let batch = json!({"requests": [get("1", "/a"), r2, r3, r4, get("5", "/e")]});
    let mut seen = Vec::new();
    let out = run(&bytes(&batch), |req| {
        seen.push(req.id.clone());
        match req.id.as_str() {
            "1" => status(404),
            "5" => status(302),
            _ => status(200),
        }
    })
    .expect("valid");
    assert_eq!(seen, ["1", "5", "4"]);
    let r = &out["responses"];
    assert_eq!(r[0]["status"], 404);
    assert_eq!(r[1]["status"], 424);
    assert_eq!(r[1]["body"]["error"]["code"], "FailedDependency");
    assert!(
        r[1]["body"]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("'1'") && m.contains("404"))
    );
    assert_eq!(r[1]["headers"]["Content-Type"], "application/json");
    assert_eq!(r[2]["status"], 424);
    assert!(
        r[2]["body"]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("'2'") && m.contains("424"))
    );
    // A 302 is not a failure.
    assert_eq!(r[3]["status"], 200);
    assert_eq!(r[4]["status"], 302);
}

#[test]
fn invalid_batches_dispatch_nothing() {
    let mut called = false;
    let err = run(b"{\"requests\": []}", |_| {
        called = true;
        status(200)
    })
    .expect_err("empty");
    assert_eq!(err, BatchError::Empty);
    assert!(!called);
}

#[test]
fn response_bodies_by_media_type() {
    assert_eq!(response_body(b"", Some("application/json")), None);
    assert_eq!(response_body(b"{\"a\":1}", None), Some(json!({"a": 1})));
    assert_eq!(response_body(b"hello", None), Some(json!("aGVsbG8=")));
    assert_eq!(
        response_body(b"not json", Some("application/json")),
        Some(json!("not json"))
    );
    assert_eq!(
        response_body(&[0xff], Some("application/json")),
        Some(json!("/w=="))
    );
    assert_eq!(
        response_body(&[0xff], Some("text/plain")),
        Some(json!("/w=="))
    );
    assert_eq!(
        response_body(b"a,b", Some("text/csv; charset=utf-8")),
        Some(json!("a,b"))
    );
    assert_eq!(
        response_body(b"{}", Some("application/octet-stream")),
        Some(json!("e30="))
    );
    assert_eq!(
        response_body(b"[1]", Some("application/json;odata.metadata=minimal")),
        Some(json!([1]))
    );
}

#[test]
fn repeated_response_headers_are_joined() {
    let v = response_json(
        "1",
        &InnerResponse {
            status: 200,
            headers: vec![("Link".into(), "<a>".into()), ("Link".into(), "<b>".into())],
            body: Vec::new(),
            content_type: Some("application/json".into()),
        },
    );
    assert_eq!(
        v,
        json!({"id": "1", "status": 200, "headers": {"Link": "<a>, <b>"}})
    );
}

#[test]
fn truncated_and_mutated_batches_do_not_panic() {
    let mut r2 = get("2", "https://graph.microsoft.com/v1.0/me/photo/$value");
    r2["dependsOn"] = json!(["1"]);
    r2["headers"] = json!({"Content-Type": "image/png"});
    r2["body"] = json!("iVBORw0KGgo=");
    let valid = bytes(&json!({"requests": [get("1", "me"), r2]}));
    for cut in 0..valid.len() {
        let _ = run(&valid[..cut], |_| status(500));
    }
    for at in 0..valid.len() {
        for b in [b'"', b'{', b']', b':', 0xff, b'\\', b'1'] {
            let mut m = valid.clone();
            m[at] = b;
            let _ = run(&m, |_| status(200));
        }
    }
}

#[test]
fn odd_inputs_do_not_panic() {
    let inputs: [&[u8]; 8] = [
        b"null",
        b"\"requests\"",
        br#"{"requests": [null]}"#,
        br#"{"requests": [{"id": "1", "method": "GET", "url": "https://"}]}"#,
        br#"{"requests": [{"id": "1", "method": "GET", "url": "://x"}]}"#,
        br#"{"requests": [{"id": "1", "method": "GET", "url": "https://graph.microsoft.com:/v1.0"}]}"#,
        br#"{"requests": [{"id": "\u00e9", "method": "GET", "url": "h\u00e9://x"}]}"#,
        br#"{"requests": [{"id": "1", "method": "GET", "url": "/me", "headers": {"Content-Type": "image/png"}, "body": "%%%"}]}"#,
    ];
    for input in inputs {
        let _ = run(input, |_| status(200));
    }
}
