//! Live mode's body check: the live body has the documented body's shape
//! (the same keys, with the same JSON types; see
//! [`crate::replay::live::shape`] for the rules). Values are not compared: a
//! live service answers with its own ids, names and dates.
//!
//! A documented property the service does not return is `MC5008`, a property
//! the page does not show is `MC5009` (not reported when the response is
//! annotated `truncated`: the page says it shows only some properties), a
//! value of another JSON type is `MC5010`. A documented JSON body that does
//! not come back as JSON is `MC5003`. An error status the page does not
//! document (a 500 where it shows a 200) is the status check's finding: its
//! error body is not compared with the documented one.

use super::body::{body_span, member_span};
use super::exchange::{Exchange, ReplayCheck};
use crate::outcome::Code;
use crate::outcome::Finding;
use crate::replay::live::shape::{ShapeChange, ShapeDifference, differences};
use crate::source::Span;

/// Differences listed per example before the rest are counted only.
const LISTED: usize = 10;

/// Longest part of a non-JSON body quoted in a mismatch.
const QUOTED: usize = 120;

#[derive(Debug, Clone, Copy, Default)]
pub struct BodyShape;

pub fn body_shape() -> BodyShape {
    BodyShape
}

impl ReplayCheck for BodyShape {
    fn check(&self, x: &Exchange<'_>, out: &mut Vec<Finding>) {
        let resp = &x.example.response;
        let span = body_span(&resp.message.body, &resp.map).unwrap_or_else(|| x.response_span());
        let reply = &x.prepared.reply.body;
        let Some(documented) = &reply.json else {
            if let Some(err) = &reply.json_error {
                out.push(x.finding(
                    Code::ReplayJsonUnreadable,
                    span,
                    format!("response body is documented as JSON but is not JSON ({err})"),
                ));
            }
            return;
        };
        if x.observed.status >= 400 && x.observed.status != x.prepared.reply.status {
            return;
        }
        let observed = &x.observed.body;
        if observed.is_empty() {
            out.push(
                x.finding(Code::ReplayBody, span, "response body")
                    .with_values("a JSON body", "no body"),
            );
            return;
        }
        let live = match x.observed_json() {
            Ok(v) => v,
            Err(e) => {
                out.push(
                    x.finding(Code::ReplayBody, span, "response body")
                        .with_values(
                            "JSON",
                            format!("text that is not JSON ({e}): {}", quote(observed)),
                        ),
                );
                return;
            }
        };
        let found = differences(documented, live, resp.truncated, LISTED + 1);
        for d in found.iter().take(LISTED) {
            out.push(mismatch(x, span, d));
        }
        if found.len() > LISTED {
            out.push(x.finding(Code::ReplayBody, span,
                format!("response body shape: more than {LISTED} differences; the first {LISTED} are listed"),
            ));
        }
    }
}

fn mismatch(x: &Exchange<'_>, body: Span, d: &ShapeDifference) -> Finding {
    let code = match d.change {
        ShapeChange::Missing => Code::LiveMissingProperty,
        ShapeChange::Undocumented => Code::LiveUndocumentedProperty,
        ShapeChange::Type => Code::LivePropertyType,
    };
    let resp = &x.example.response;
    let span = member_span(x.source, &resp.message.body, &resp.map, &d.pointer).unwrap_or(body);
    x.finding(code, span, "response body shape")
        .with_pointer(d.pointer.clone())
        .with_values(d.expected.clone(), d.actual.clone())
}

/// The start of a body, on one line, quoted.
fn quote(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = one_line.chars().take(QUOTED).collect();
    if cut.len() < one_line.len() {
        format!("`{cut}…`")
    } else {
        format!("`{cut}`")
    }
}
