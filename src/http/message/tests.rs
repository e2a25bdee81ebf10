//! Tests of the HTTP message parser: request and status lines, headers, bodies.

use super::*;
use serde_json::json;

fn request(text: &str) -> Request {
    match parse(text) {
        (Some(Message::Request(r)), issues) if issues.is_empty() => r,
        other => panic!("not a clean request: {other:?}"),
    }
}

fn response(text: &str) -> Response {
    match parse(text) {
        (Some(Message::Response(r)), issues) if issues.is_empty() => r,
        other => panic!("not a clean response: {other:?}"),
    }
}

#[test]
fn request_line_with_spaces_placeholders_and_query() {
    let text =
        "GET https://graph.microsoft.com/v1.0/users/{id | userPrincipalName}?$filter=a eq 'b c'\n";
    let r = request(text);
    assert_eq!(r.method, "GET");
    assert_eq!(
        r.url,
        "https://graph.microsoft.com/v1.0/users/{id | userPrincipalName}?$filter=a eq 'b c'"
    );
    assert_eq!(&text[r.url_offset..r.url_offset + 5], "https");
    assert!(r.body.is_empty());
}

#[test]
fn relative_url_lowercase_method_and_http_version() {
    let r = request("get /me/messages HTTP/1.1\n");
    assert_eq!((r.method.as_str(), r.url.as_str()), ("GET", "/me/messages"));
    assert_eq!(r.http_version.as_deref(), Some("HTTP/1.1"));
}

#[test]
fn headers_without_space_and_after_a_blank_line() {
    let r = request("POST /me/events\n\nContent-Type:application/json\n\n{\"a\": 1}\n");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.body.json(), Some(&json!({"a": 1})));
}

#[test]
fn status_line_variants() {
    assert_eq!(response("HTTP/1.1 200 OK\n").status, 200);
    let r = response("HTTP/1.1 204\n");
    assert_eq!((r.status, r.reason.as_str()), (204, ""));
    let r = response("HTTP 201 Created\n");
    assert_eq!((r.status, r.reason.as_str()), (201, "Created"));
    assert_eq!(parse("HTTP/1.1 OK\n").1[0].kind, IssueKind::BadStatusLine);
}

#[test]
fn content_length_counts_lf_and_crlf() {
    let r = response("HTTP/1.1 200 OK\nContent-Length: 12\n\n{\n  \"a\": 1\n}\n\n");
    let t = r.body.text().unwrap();
    assert_eq!((t.lf_len, t.crlf_len), (12, 14));
    assert_eq!(t.compact_len, 7);
}

#[test]
fn body_kinds() {
    let r = request("PUT /me/photo/$value\nContent-Type: image/jpeg\n\n{binary data}\n");
    assert!(matches!(r.body, Body::Binary { .. }));
    let r = request("POST /token\nContent-Type: application/x-www-form-urlencoded\n\na=1&b=two\n");
    assert!(
        matches!(&r.body, Body::Form { fields, .. } if fields == &[("a".into(), "1".into()), ("b".into(), "two".into())])
    );
    let r = request("POST /x\nContent-Type: text/plain\n\nhello\n");
    assert!(matches!(&r.body, Body::Text { text, .. } if text == "hello"));
}

#[test]
fn broken_json_keeps_the_error_offset_in_the_block() {
    let text = "POST /x\n\n{ \"a\": <oops> }\n";
    let r = request(text);
    match &r.body {
        Body::Json {
            value: None,
            error: Some(e),
            ..
        } => assert_eq!(&text[e.offset..e.offset + 1], "<"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn shapes() {
    assert_eq!(shape("\n GET /me"), Shape::Request);
    assert_eq!(shape("HTTP/1.1 200 OK"), Shape::Response);
    assert_eq!(shape("{ \"a\": 1 }"), Shape::Other);
    assert_eq!(shape("Getting started"), Shape::Other);
}

#[test]
fn a_stray_line_among_headers_is_an_issue() {
    let (msg, issues) = parse("GET /me\nthis is not a header\n");
    assert!(msg.is_some());
    assert_eq!(issues[0].kind, IssueKind::BadHeader);
    assert_eq!(issues[0].offset, 8);
}
