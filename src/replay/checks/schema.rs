//! The bodies of an exchange against the type schemas of the static check:
//! the request body before it is sent (the documented one), the response
//! body after it arrived (the documented one against a stub, the service's
//! against a live target).

use std::sync::Arc;

use super::exchange::{Exchange, ReplayCheck};
use crate::checks::{BodyProblem, CheckContext, Side, body_problems, body_range, pointer_span};
use crate::outcome::Finding;
use crate::source::Span;

/// A schema problem of the `which` body as a mismatch at `span`.
fn mismatch(x: &Exchange<'_>, span: Span, which: &str, p: BodyProblem) -> Finding {
    x.finding(p.code, span, format!("{which} body: {}", p.message))
        .with_pointer(p.pointer)
}

pub struct BodySchema {
    ctx: Arc<CheckContext>,
}

/// Checks both bodies against the schemas of `ctx` (from the metadata, or
/// from the docs' resource pages: see `runner::check_context`).
pub fn body_schema(ctx: Arc<CheckContext>) -> BodySchema {
    BodySchema { ctx }
}

impl ReplayCheck for BodySchema {
    fn check(&self, x: &Exchange<'_>, out: &mut Vec<Finding>) {
        let ex = x.example;
        let page = &x.source.text;
        if let Some(sent) = ex.request.message.body.json() {
            let (start, end) = body_range(&ex.request.message.body, &ex.request.map);
            for p in body_problems(&self.ctx, ex, Side::Request, sent) {
                let span = pointer_span(page, start, end, &p.pointer);
                out.push(mismatch(x, span, "request", p));
            }
        }
        let Ok(observed) = x.observed_json() else {
            return;
        };
        // The documented body's text places a problem on its line; a body
        // that differs from it (a live answer) is placed by pointer only.
        let documented = ex.response.message.body.json() == Some(observed);
        let (start, end) = body_range(&ex.response.message.body, &ex.response.map);
        for p in body_problems(&self.ctx, ex, Side::Response, observed) {
            let span = if documented {
                pointer_span(page, start, end, &p.pointer)
            } else {
                x.response_span()
            };
            out.push(mismatch(x, span, "response", p));
        }
    }
}
