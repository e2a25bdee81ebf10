//! Request and response bodies against the schema of their type.
//!
//! Which type a body is: the response annotation's `@odata.type`, else the
//! body's own `@odata.type`, else the type the request URL resolves to in the
//! metadata (a GET of a collection gives a `value` envelope, a POST to a
//! collection creates one element, a bound action takes its parameters).
//!
//! Why the walk is done here and not in JSON Schema: OData lets any nested
//! object be a derived type named by its own `@odata.type`. In JSON Schema
//! that is a `oneOf` over every derived type of every property — slow to
//! compile and unreadable when it fails. Instead each object is validated
//! against the shallow schema of its effective type (compiled once, lazily),
//! and the walker descends into nested objects itself.
//!
//! [`target`] tells the type a body is expected to be, [`walk`] walks the
//! body against it.

mod target;
mod walk;

use std::sync::Arc;

use serde_json::Value;

use super::context::CheckContext;
use crate::checks::sink::{Check, Sink};
use crate::contract::{Example, Page};
use crate::http::message::Body;
use crate::json::locate;
use crate::source::{ContentMap, Span};
use target::{request_target, response_target};
pub use walk::BodyProblem;
use walk::Walk;

pub struct BodySchema;

pub fn body_schema() -> BodySchema {
    BodySchema
}

impl Check for BodySchema {
    fn check(&self, page: &Page, ctx: &CheckContext, sink: &mut Sink<'_>) {
        for ex in &page.examples {
            let sides = [
                (Side::Request, &ex.request.message.body, &ex.request.map),
                (Side::Response, &ex.response.message.body, &ex.response.map),
            ];
            for (side, body, map) in sides {
                let Some(value) = body.json() else { continue };
                let problems = body_problems(ctx, ex, side, value);
                if problems.is_empty() {
                    continue;
                }
                let (start, end) = body_range(body, map);
                for p in problems {
                    let span = pointer_span(sink.page_text(), start, end, &p.pointer);
                    sink.report(p.code, span, p.message, Some(&ex.id));
                }
            }
        }
    }
}

/// Which body of an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Response,
}

/// The schema problems of `value` as the `side` body of `ex`: the documented
/// body, or one observed on the wire in its place. Empty when there is no
/// schema for the example's version or no type can be told for the body.
pub fn body_problems(
    ctx: &CheckContext,
    ex: &Example,
    side: Side,
    value: &Value,
) -> Vec<BodyProblem> {
    let version = ex.version.as_deref();
    let Some(schemas) = ctx.schemas(version) else {
        return Vec::new();
    };
    // A wrapper defect is the finding; the type walk would only repeat it
    // at the inner pointers.
    if side == Side::Response
        && let Some((code, _)) = super::shape::response_shape(ctx, ex, value)
    {
        return vec![BodyProblem {
            code,
            pointer: String::new(),
            message: super::shape::describe(value).to_string(),
        }];
    }
    if !value.is_object() {
        return Vec::new();
    }
    let csdl = ctx.csdl(version).map(Arc::as_ref);
    let target = match side {
        Side::Request => request_target(
            &ex.request.message.method,
            &ex.request.message.url,
            value,
            csdl,
            schemas.types(),
        ),
        Side::Response if (200..300).contains(&ex.response.message.status) => {
            response_target(ex, value, csdl, schemas.types())
        }
        Side::Response => None,
    };
    let mut walk = Walk::new(schemas);
    if let Some(target) = target {
        walk.target(&target, value);
    }
    walk.into_problems()
}

/// The schema problems of `value` as the body of a `method` request to
/// `url` (a path under the service root, `/me/sendMail`, or a Graph URL),
/// typed by what the URL resolves to in the metadata of `version`: the
/// entity type created or updated, or the parameters of the action. This is
/// how a body that a client sends is judged: by the operation's types, not
/// by the values an example happens to show. Empty when no type can be told.
pub fn request_problems(
    ctx: &CheckContext,
    version: Option<&str>,
    method: &str,
    url: &str,
    value: &Value,
) -> Option<Vec<BodyProblem>> {
    let schemas = ctx.schemas(version)?;
    if !value.is_object() {
        return None;
    }
    let csdl = ctx.csdl(version).map(Arc::as_ref);
    let target = request_target(method, url, value, csdl, schemas.types())?;
    let mut walk = Walk::new(schemas);
    walk.target(&target, value);
    Some(walk.into_problems())
}

/// The span in the page of the value (or member key) at `pointer` of a body
/// whose text is `[start, end)` of `page`.
pub fn pointer_span(page: &str, start: usize, end: usize, pointer: &str) -> Span {
    let text = page.get(start..end).unwrap_or("");
    match locate(text, pointer) {
        Some(at) => {
            let from = start + at;
            let len = text[at..].find(['\n', ',', '}']).unwrap_or(0).max(1);
            Span::new(from, from + len)
        }
        None => Span::at(start),
    }
}

/// Start and end of a documented body's text in the page.
pub fn body_range(body: &Body, map: &ContentMap) -> (usize, usize) {
    body.text().map_or((0, 0), |t| {
        (map.to_source(t.offset), map.to_source(t.offset + t.len))
    })
}

#[cfg(test)]
mod tests;
