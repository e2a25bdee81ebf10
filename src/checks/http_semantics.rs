//! HTTP semantics of each example: bodies where HTTP has none, Content-Type
//! and Content-Length headers that disagree with the body.

use super::context::CheckContext;
use super::sink::{Check, Sink};
use crate::contract::{Example, Page};
use crate::http::message::{Body, Header, is_textual_content_type};
use crate::outcome::Code;
use crate::source::{ContentMap, Span};

/// Span of a body in the page.
fn body_span(body: &Body, map: &ContentMap) -> Option<Span> {
    let t = body.text()?;
    let start = map.to_source(t.offset);
    Some(Span::new(start, start + t.len.min(1)))
}

fn header_span(h: &Header, map: &ContentMap) -> Span {
    let start = map.to_source(h.offset);
    Span::new(start, start + h.name.len())
}

/// A request body on GET, HEAD or DELETE.
pub struct BodyOnBodylessMethod;

pub fn body_on_bodyless_method() -> BodyOnBodylessMethod {
    BodyOnBodylessMethod
}

impl Check for BodyOnBodylessMethod {
    fn check(&self, page: &Page, _: &CheckContext, sink: &mut Sink<'_>) {
        for ex in &page.examples {
            let req = &ex.request.message;
            if !matches!(req.method.as_str(), "GET" | "HEAD" | "DELETE") || req.body.is_empty() {
                continue;
            }
            if let Some(span) = body_span(&req.body, &ex.request.map) {
                sink.report(
                    Code::BodyOnBodylessMethod,
                    span,
                    format!("{} request has a body", req.method),
                    Some(&ex.id),
                );
            }
        }
    }
}

/// A body on a `204 No Content` response.
pub struct BodyOn204;

pub fn body_on_204() -> BodyOn204 {
    BodyOn204
}

impl Check for BodyOn204 {
    fn check(&self, page: &Page, _: &CheckContext, sink: &mut Sink<'_>) {
        for ex in &page.examples {
            let resp = &ex.response.message;
            if resp.status != 204 || resp.body.is_empty() {
                continue;
            }
            if let Some(span) = body_span(&resp.body, &ex.response.map) {
                sink.report(
                    Code::BodyOn204,
                    span,
                    "`204 No Content` response has a body".into(),
                    Some(&ex.id),
                );
            }
        }
    }
}

/// A response status the request method cannot produce: `201 Created`
/// answering a GET, HEAD or DELETE. RFC 9110 (15.3.2): 201 means the request
/// created a resource; GET and HEAD are safe and DELETE removes one. (A 202
/// fits any method; a 204 with a body is `MC4202`.)
pub struct StatusForMethod;

pub fn status_for_method() -> StatusForMethod {
    StatusForMethod
}

impl Check for StatusForMethod {
    fn check(&self, page: &Page, _: &CheckContext, sink: &mut Sink<'_>) {
        for ex in &page.examples {
            let method = ex.request.message.method.to_ascii_uppercase();
            let status = ex.response.message.status;
            if status != 201 || !matches!(method.as_str(), "GET" | "HEAD" | "DELETE") {
                continue;
            }
            let start = ex.response.map.to_source(0);
            sink.report(
                Code::StatusNotForMethod,
                Span::new(start, start + 1),
                format!("`{status} Created` answers a {method} request, which creates nothing"),
                Some(&ex.id),
            );
        }
    }
}

/// A JSON body with no Content-Type header.
pub struct MissingContentType;

pub fn missing_content_type() -> MissingContentType {
    MissingContentType
}

impl Check for MissingContentType {
    fn check(&self, page: &Page, _: &CheckContext, sink: &mut Sink<'_>) {
        for ex in &page.examples {
            let parts = [
                (
                    "request",
                    &ex.request.message.body,
                    ex.request.message.header("content-type"),
                    &ex.request.map,
                ),
                (
                    "response",
                    &ex.response.message.body,
                    ex.response.message.header("content-type"),
                    &ex.response.map,
                ),
            ];
            for (what, body, ct, map) in parts {
                if matches!(body, Body::Json { value: Some(_), .. })
                    && ct.is_none()
                    && let Some(span) = body_span(body, map)
                {
                    sink.report(
                        Code::MissingContentType,
                        span,
                        format!("{what} has a JSON body but no `Content-Type` header"),
                        Some(&ex.id),
                    );
                }
            }
        }
    }
}

/// A Content-Length that fits no length of the body the page shows: its LF
/// or CRLF length (the Graph docs count CRLF line endings), or, for JSON, its
/// length written compactly (what a client serialising the value sends). A
/// response annotated `truncated` shows only part of its body, so its
/// Content-Length may describe the whole: it is wrong only when it is below
/// the compact length of the part shown.
pub struct ContentLength;

pub fn content_length() -> ContentLength {
    ContentLength
}

/// A message part whose Content-Length is checked.
struct Part<'a> {
    what: &'a str,
    headers: &'a [Header],
    body: &'a Body,
    map: &'a ContentMap,
    truncated: bool,
}

impl ContentLength {
    fn part(ex: &Example, part: Part<'_>, sink: &mut Sink<'_>) {
        let Part {
            what,
            headers,
            body,
            map,
            truncated,
        } = part;
        let Some(h) = headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("content-length"))
        else {
            return;
        };
        let Ok(declared) = h.value.trim().parse::<usize>() else {
            return;
        };
        // A length can be checked only against a body the page shows as it
        // is sent: JSON, a form or text, under a textual content type (or
        // none). A binary upload or download (`application/zip`,
        // `image/png`, `{binary data}`) is shown by a stand-in or not at
        // all, and its Content-Length is the size of the real file.
        let content_type = headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("content-type"))
            .map(|h| h.value.as_str());
        let shown = match body {
            Body::Json { .. } | Body::Form { .. } | Body::Text { .. } => {
                content_type.is_none_or(is_textual_content_type)
            }
            Body::Binary { .. } => false,
            Body::Empty => declared == 0 || truncated,
        };
        if !shown {
            return;
        }
        let (lf, crlf) = body.text().map_or((0, 0), |t| (t.lf_len, t.crlf_len));
        // JSON may be sent compactly; other bodies as they are written.
        let compact = match body {
            Body::Json { .. } => body.text().map_or(lf, |t| t.compact_len.min(lf)),
            _ => lf,
        };
        let wrong = if truncated {
            declared < compact
        } else {
            // The last line of a fenced body ends with a line break too, and
            // some writers count it: accept the lengths with that final line
            // ending.
            let accepted = if lf == 0 {
                vec![0]
            } else {
                vec![lf, crlf, lf + 1, crlf + 2, compact]
            };
            !accepted.contains(&declared)
        };
        if wrong {
            let lengths = if lf == crlf {
                format!("{lf} bytes")
            } else {
                format!("{lf} bytes with LF or {crlf} with CRLF line endings")
            };
            let written = if compact < lf {
                format!(", {compact} written compactly")
            } else {
                String::new()
            };
            let message = if truncated {
                format!(
                    "{what} says `Content-Length: {declared}`, but even the part of its body the truncated response shows is {compact} bytes written compactly"
                )
            } else {
                format!(
                    "{what} says `Content-Length: {declared}`, but its body is {lengths}{written}"
                )
            };
            sink.report(
                Code::ContentLengthMismatch,
                header_span(h, map),
                message,
                Some(&ex.id),
            );
        }
    }
}

impl Check for ContentLength {
    fn check(&self, page: &Page, _: &CheckContext, sink: &mut Sink<'_>) {
        for ex in &page.examples {
            let (req, resp) = (&ex.request, &ex.response);
            let request = Part {
                what: "request",
                headers: &req.message.headers,
                body: &req.message.body,
                map: &req.map,
                truncated: false,
            };
            Self::part(ex, request, sink);
            let response = Part {
                what: "response",
                headers: &resp.message.headers,
                body: &resp.message.body,
                map: &resp.map,
                truncated: resp.truncated,
            };
            Self::part(ex, response, sink);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::extract_page;
    use crate::source::SourceFile;
    use std::sync::Arc;

    fn codes(check: &dyn Check, text: &str) -> Vec<(String, usize)> {
        let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/x", text)));
        let mut sink = Sink::new(&page);
        check.check(&page, &CheckContext::new(), &mut sink);
        sink.into_findings()
            .into_iter()
            .map(|f| (f.code.id().to_string(), f.location.line))
            .collect()
    }

    fn pair(req: &str, resp: &str) -> String {
        format!("### Request\n```http\n{req}\n```\n### Response\n```http\n{resp}\n```\n")
    }

    #[test]
    fn get_with_a_body() {
        let bad = pair(
            "GET /me\nContent-Type: application/json\n\n{\"a\": 1}",
            "HTTP/1.1 204 No Content",
        );
        assert_eq!(
            codes(&body_on_bodyless_method(), &bad),
            [("MC4201".into(), 6)]
        );
        let good = pair(
            "POST /me\nContent-Type: application/json\n\n{\"a\": 1}",
            "HTTP/1.1 204 No Content",
        );
        assert!(codes(&body_on_bodyless_method(), &good).is_empty());
    }

    #[test]
    fn created_answering_a_request_that_creates_nothing() {
        for method in ["GET", "DELETE", "head"] {
            let bad = pair(&format!("{method} /me/x"), "HTTP/1.1 201 Created");
            assert_eq!(
                codes(&status_for_method(), &bad),
                [("MC4205".into(), 7)],
                "{method}"
            );
        }
        for (req, resp) in [
            ("POST /me/x", "HTTP/1.1 201 Created"),
            ("PUT /me/x", "HTTP/1.1 201 Created"),
            ("PATCH /me/x", "HTTP/1.1 201 Created"),
            ("GET /me/x", "HTTP/1.1 200 OK"),
            ("DELETE /me/x", "HTTP/1.1 204 No Content"),
            ("GET /me/x", "HTTP/1.1 202 Accepted"),
        ] {
            assert!(
                codes(&status_for_method(), &pair(req, resp)).is_empty(),
                "{req} {resp}"
            );
        }
    }

    #[test]
    fn a_204_with_a_body() {
        let bad = pair(
            "DELETE /me/x",
            "HTTP/1.1 204 No Content\nContent-Type: application/json\n\n{}",
        );
        assert_eq!(codes(&body_on_204(), &bad), [("MC4202".into(), 10)]);
        assert!(codes(&body_on_204(), &pair("DELETE /me/x", "HTTP/1.1 204")).is_empty());
    }

    #[test]
    fn json_without_content_type() {
        let bad = pair("GET /me", "HTTP/1.1 200 OK\n\n{\"id\": \"1\"}");
        assert_eq!(codes(&missing_content_type(), &bad), [("MC4203".into(), 9)]);
        let good = pair(
            "GET /me",
            "HTTP/1.1 200 OK\ncontent-type: application/json\n\n{\"id\": \"1\"}",
        );
        assert!(codes(&missing_content_type(), &good).is_empty());
    }

    #[test]
    fn content_length_accepts_lf_crlf_and_compact_lengths_only() {
        // Body "{\n  \"a\": 1\n}" is 12 bytes with LF, 14 with CRLF; with the
        // final line ending counted, 13 and 16; written compactly, 7.
        for (declared, ok) in [
            (7, true),
            (8, false),
            (6, false),
            (12, true),
            (14, true),
            (13, true),
            (16, true),
            (15, false),
            (491, false),
        ] {
            let text = pair(
                "GET /me",
                &format!(
                    "HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: {declared}\n\n{{\n  \"a\": 1\n}}"
                ),
            );
            let found = codes(&content_length(), &text);
            assert_eq!(found.is_empty(), ok, "{declared}: {found:?}");
            if !ok {
                assert_eq!(found[0], ("MC4204".into(), 9));
            }
        }
        // Spaces inside strings count; only those between tokens go.
        let text = pair(
            "POST /me\nContent-Type: application/json\nContent-Length: 15\n\n{ \"a b\" : \"c\\\" d\" }",
            "HTTP/1.1 204",
        );
        assert!(codes(&content_length(), &text).is_empty());
        let empty = pair("POST /me/x\nContent-Length: 0", "HTTP/1.1 204");
        assert!(codes(&content_length(), &empty).is_empty());
    }

    #[test]
    fn content_length_of_a_truncated_response_is_wrong_only_below_the_compact_part_shown() {
        // The shown body is 7 bytes compactly; the whole body may be longer.
        let truncated = |declared: usize| {
            format!(
                "<!-- {{\"blockType\": \"request\"}} -->\n```http\nGET /me\n```\n<!-- {{\"blockType\": \"response\", \"truncated\": true}} -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: {declared}\n\n{{\n  \"a\": 1\n}}\n```\n"
            )
        };
        for declared in [7, 12, 15, 491, 10_000] {
            assert!(
                codes(&content_length(), &truncated(declared)).is_empty(),
                "{declared}"
            );
        }
        for declared in [0, 6] {
            assert_eq!(
                codes(&content_length(), &truncated(declared)),
                [("MC4204".to_string(), 9)],
                "{declared}"
            );
        }
    }

    #[test]
    fn content_length_of_a_body_the_page_does_not_show_is_not_checked() {
        // Binary uploads whose Content-Length is the file's size: a
        // placeholder, descriptive text, or no body at all.
        for req in [
            "PUT /me/drive/root:/a.zip:/content\nContent-Type: application/zip\nContent-Length: 1048576\n\n<the zip file>",
            "PUT /me/photo/$value\nContent-Type: image/jpeg\nContent-Length: 4096\n\nBinary data for the image",
            "PUT /me/x/content\nContent-Type: application/vnd.ms-excel\nContent-Length: 3000\n\nThe contents of the workbook.",
            "PUT /me/x/content\nContent-Type: application/octet-stream\nContent-Length: 3000",
            "PUT /me/x/content\nContent-Length: 3000\n\n{binary data}",
        ] {
            let text = pair(req, "HTTP/1.1 204 No Content");
            assert!(codes(&content_length(), &text).is_empty(), "{req}");
        }
        // A text body shown literally is still counted, whatever its type.
        for (req, line) in [
            (
                "POST /me/x\nContent-Type: text/plain\nContent-Length: 40\n\nhello",
                5,
            ),
            (
                "POST /me/x\nContent-Type: application/json; charset=utf-8\nContent-Length: 40\n\n{\"a\": 1}",
                5,
            ),
            ("POST /me/x\nContent-Length: 40\n\n{\"a\": 1}", 4),
        ] {
            let text = pair(req, "HTTP/1.1 204 No Content");
            assert_eq!(
                codes(&content_length(), &text),
                [("MC4204".to_string(), line)],
                "{req}"
            );
        }
        assert!(is_textual_content_type("image/svg+xml"));
        assert!(is_textual_content_type("multipart/form-data; boundary=x"));
        assert!(!is_textual_content_type("application/zip"));
        assert!(!is_textual_content_type("image/png"));
    }
}
