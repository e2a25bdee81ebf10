//! Status code, Content-Type and Content-Length of the exchange.

use super::exchange::{Exchange, ReplayCheck};
use crate::outcome::Code;
use crate::outcome::Finding;
use crate::replay::prepare::WireBody;

/// The observed status code is the documented one.
#[derive(Debug, Clone, Copy, Default)]
pub struct StatusCode;

pub fn status_code() -> StatusCode {
    StatusCode
}

impl ReplayCheck for StatusCode {
    fn check(&self, x: &Exchange<'_>, out: &mut Vec<Finding>) {
        let expected = x.prepared.reply.status;
        if x.observed.status != expected {
            let message = match x.observed_json().ok().and_then(service_error) {
                Some(said) if x.observed.status >= 400 => {
                    format!("status code (the service said `{said}`)")
                }
                _ => "status code".to_string(),
            };
            out.push(
                x.finding(Code::ReplayStatus, x.response_span(), message)
                    .with_values(expected.to_string(), x.observed.status.to_string()),
            );
        }
    }
}

/// Longest service error message quoted.
const SAID: usize = 200;

/// `code: message` of an OData error body (`{"error": {"code", "message"}}`).
fn service_error(body: &serde_json::Value) -> Option<String> {
    let e = body.get("error")?;
    let code = e.get("code").and_then(|c| c.as_str()).unwrap_or("");
    let message = e.get("message").and_then(|m| m.as_str()).unwrap_or("");
    let said = match (code.is_empty(), message.is_empty()) {
        (true, true) => return None,
        (false, true) => code.to_string(),
        (true, false) => message.to_string(),
        (false, false) => format!("{code}: {message}"),
    };
    let one_line = said.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(one_line.chars().take(SAID).collect())
}

/// The observed Content-Type is the documented one (media type and
/// parameters, case and spacing aside), and a JSON body is served as JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct ContentType;

pub fn content_type() -> ContentType {
    ContentType
}

/// `Application/JSON; odata.metadata=minimal` → `application/json;odata.metadata=minimal`.
pub fn normalise_media_type(value: &str) -> String {
    value
        .split(';')
        .map(|p| {
            p.split('=')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join("=")
                .to_ascii_lowercase()
        })
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(";")
}

impl ReplayCheck for ContentType {
    fn check(&self, x: &Exchange<'_>, out: &mut Vec<Finding>) {
        let documented = x.example.response.message.header("content-type");
        let observed = x.observed.header("content-type");
        let span = x.response_header_span("content-type");
        match (documented, observed) {
            (Some(d), Some(o)) if normalise_media_type(d) == normalise_media_type(o) => {}
            (None, None) => {}
            (d, o) => {
                out.push(
                    x.finding(Code::ReplayContentType, span, "Content-Type")
                        .with_values(shown(d), shown(o)),
                );
                return;
            }
        }
        if x.prepared.reply.body.json.is_some()
            && let Some(o) = observed
            && !normalise_media_type(o).contains("json")
        {
            out.push(x.finding(
                Code::ReplayContentType,
                span,
                format!("a JSON body is served as `{o}`, which is not a JSON media type"),
            ));
        }
    }
}

fn shown(v: Option<&str>) -> String {
    v.map_or_else(|| "(absent)".to_string(), |v| format!("`{v}`"))
}

/// A documented Content-Length counts the bytes that go over the wire, with
/// LF or with CRLF line endings (the Graph docs count CRLF). Checked on the
/// request (against the bytes sent) and on the response (against the bytes
/// received), when the documented body is what went over the wire.
#[derive(Debug, Clone, Copy, Default)]
pub struct ContentLength;

pub fn content_length() -> ContentLength {
    ContentLength
}

/// (LF length, CRLF length) of `bytes`, trailing line endings aside.
pub fn line_ending_lengths(bytes: &[u8]) -> (usize, usize) {
    let mut end = bytes.len();
    while end > 0 && matches!(bytes[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    let body = &bytes[..end];
    let crs = body.iter().filter(|&&b| b == b'\r').count();
    let lfs = body.iter().filter(|&&b| b == b'\n').count();
    let lf = body.len() - crs;
    (lf, lf + lfs)
}

fn length_mismatch(documented: &str, body: &WireBody, actual: &[u8]) -> Option<(String, String)> {
    if !body.verbatim {
        return None;
    }
    let (lf, crlf) = line_ending_lengths(actual);
    match documented.trim().parse::<usize>() {
        Ok(n) if n == lf || n == crlf || n == actual.len() => None,
        _ => Some((
            documented.trim().to_string(),
            if lf == crlf {
                format!("{lf} bytes")
            } else {
                format!("{lf} bytes (LF) or {crlf} (CRLF)")
            },
        )),
    }
}

impl ReplayCheck for ContentLength {
    fn check(&self, x: &Exchange<'_>, out: &mut Vec<Finding>) {
        let req = &x.prepared.request;
        if let Some(cl) = &req.content_length
            && let Some((e, a)) = length_mismatch(cl, &req.body, &req.body.bytes)
        {
            out.push(
                x.finding(
                    Code::ReplayContentLength,
                    x.request_header_span("content-length"),
                    "request Content-Length against the body sent",
                )
                .with_values(e, a),
            );
        }
        let reply = &x.prepared.reply;
        if let Some(cl) = &reply.content_length
            && x.example.request.message.method != "HEAD"
            && let Some((e, a)) = length_mismatch(cl, &reply.body, &x.observed.body)
        {
            out.push(
                x.finding(
                    Code::ReplayContentLength,
                    x.response_header_span("content-length"),
                    "response Content-Length against the body received",
                )
                .with_values(e, a),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_compare_without_case_or_spacing() {
        assert_eq!(
            normalise_media_type("Application/JSON; odata.metadata = minimal;charset=utf-8"),
            "application/json;odata.metadata=minimal;charset=utf-8"
        );
    }

    #[test]
    fn lengths_count_lf_and_crlf() {
        assert_eq!(line_ending_lengths(b"{\n  \"a\": 1\n}\n"), (12, 14));
        assert_eq!(line_ending_lengths(b""), (0, 0));
    }
}
