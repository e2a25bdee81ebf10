//! The observed body is the documented one: JSON compared as JSON (every
//! difference with its JSON pointer and its line in the page), anything else
//! byte for byte. A body documented as JSON that cannot be read is a failure
//! of its own, on the request as on the response.

use super::exchange::in_page;
use super::exchange::{Exchange, ReplayCheck};
use crate::http::message::Body;
use crate::json;
use crate::outcome::Code;
use crate::outcome::Finding;
use crate::replay::diff::{self, Difference};
use crate::replay::prepare::content_text;
use crate::source::{ContentMap, SourceFile, Span};

/// Differences listed per example before the rest are counted only.
const LISTED: usize = 5;

#[derive(Debug, Clone, Copy, Default)]
pub struct BodyEquals;

pub fn body_equals() -> BodyEquals {
    BodyEquals
}

impl ReplayCheck for BodyEquals {
    fn check(&self, x: &Exchange<'_>, out: &mut Vec<Finding>) {
        let req = &x.prepared.request.body;
        if req.json.is_none()
            && let Some(err) = &req.json_error
        {
            let span = body_span(&x.example.request.message.body, &x.example.request.map)
                .unwrap_or_else(|| x.request_span());
            out.push(x.finding(
                Code::ReplayJsonUnreadable,
                span,
                format!("request body is documented as JSON but is not JSON ({err})"),
            ));
        }
        let reply = &x.prepared.reply.body;
        let observed = &x.observed.body;
        let resp = &x.example.response;
        let span = body_span(&resp.message.body, &resp.map).unwrap_or_else(|| x.response_span());
        match (&reply.json, &reply.json_error) {
            (Some(_), _) if observed.is_empty() => {
                let why = match x.observed.status {
                    204 | 304 => format!(
                        "response body: a {} response carries no body, so the documented body never arrives",
                        x.observed.status
                    ),
                    _ => "response body".to_string(),
                };
                out.push(
                    x.finding(Code::ReplayBody, span, why)
                        .with_values("the documented JSON body", "no body"),
                );
            }
            (Some(expected), _) => match x.observed_json() {
                Ok(actual) if *actual == **expected => {}
                Ok(actual) => {
                    let found = diff::differences(expected, actual, LISTED + 1);
                    for d in found.iter().take(LISTED) {
                        out.push(difference(x, span, d));
                    }
                    if found.len() > LISTED {
                        out.push(x.finding(Code::ReplayBody, span,
                            format!("response body: more than {LISTED} differences; the first {LISTED} are listed"),
                        ));
                    }
                }
                Err(e) => out.push(
                    x.finding(Code::ReplayBody, span, "response body")
                        .with_values("JSON", format!("text that is not JSON ({e})")),
                ),
            },
            (None, Some(err)) => out.push(x.finding(
                Code::ReplayJsonUnreadable,
                span,
                format!("response body is documented as JSON but is not JSON ({err})"),
            )),
            (None, None) if reply.bytes == *observed => {}
            (None, None) => {
                let at = reply
                    .bytes
                    .iter()
                    .zip(observed.iter())
                    .position(|(a, b)| a != b)
                    .unwrap_or(reply.bytes.len().min(observed.len()));
                out.push(
                    x.finding(
                        Code::ReplayBody,
                        span,
                        format!("response body differs from byte {at} on"),
                    )
                    .with_values(
                        format!("{} bytes", reply.bytes.len()),
                        format!("{} bytes", observed.len()),
                    ),
                );
            }
        }
    }
}

/// A JSON difference placed on the documented member's line.
fn difference(x: &Exchange<'_>, body: Span, d: &Difference) -> Finding {
    let resp = &x.example.response;
    let span = member_span(x.source, &resp.message.body, &resp.map, &d.pointer).unwrap_or(body);
    x.finding(Code::ReplayBody, span, "response body")
        .with_pointer(d.pointer.clone())
        .with_values(d.expected.clone(), d.actual.clone())
}

pub(super) fn body_span(body: &Body, map: &ContentMap) -> Option<Span> {
    let t = body.text()?;
    if map.0.is_empty() {
        return None;
    }
    Some(Span::new(
        in_page(map, t.offset, 0),
        in_page(map, t.offset + t.len, 0),
    ))
}

/// The page span of the member at `pointer` of a documented JSON body.
pub(super) fn member_span(
    source: &SourceFile,
    body: &Body,
    map: &ContentMap,
    pointer: &str,
) -> Option<Span> {
    let t = body.text()?;
    let text = content_text(&source.text, map, t.offset, t.len)?;
    // A member only the observed body has is not in the page: point at the
    // nearest documented ancestor instead.
    let mut p = pointer;
    loop {
        if let Some(at) = json::locate(&text, p) {
            return Some(Span::at(in_page(map, t.offset + at, 0)));
        }
        p = &p[..p.rfind('/')?];
    }
}
