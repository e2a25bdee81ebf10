//! Doc defects that break every client, repaired in what `serve` answers.
//!
//! An example whose response no client can read (a single entity wrapped in
//! `value`, a collection answered as a bare array) would fail every SDK test
//! for the doc's sake. The metadata says what the shape must be; unless
//! `--strict`, the repaired shape is served, and the journal and `verify`
//! name the finding code, so the doc writer still sees the defect.

use serde_json::Value;

use crate::checks::CheckContext;
use crate::contract::Example;
use crate::outcome::Code;
use crate::replay::prepare::Reply;

/// The repaired response body of `ex` and the codes of the defects, when
/// the documented body has a shape that the operation's type rules out, or
/// values no client can parse as their type (`"datetime-value"` for an
/// `Edm.DateTimeOffset`: SDKs that parse dates fail on the whole object).
pub fn response(ctx: &CheckContext, ex: &Example, reply: &Reply) -> Option<(Vec<Code>, Value)> {
    if !(200..300).contains(&reply.status) {
        return None;
    }
    let documented = reply.body.json.as_deref()?;
    let mut codes = Vec::new();
    let mut body = match crate::checks::response_shape(ctx, ex, documented) {
        Some((code, fixed)) => {
            codes.push(code);
            fixed
        }
        None => documented.clone(),
    };
    if formats(ctx, ex, &mut body) {
        codes.push(Code::BadFormat);
    }
    (!codes.is_empty()).then_some((codes, body))
}

/// Values that break their type's format, replaced by a sample of the
/// type; true when any was.
fn formats(ctx: &CheckContext, ex: &Example, body: &mut Value) -> bool {
    let problems = crate::checks::body_problems(ctx, ex, crate::checks::Side::Response, body);
    let mut changed = false;
    for p in problems {
        if p.code != Code::BadFormat {
            continue;
        }
        // The message names the format last: "`/x` is not a valid date-time".
        let format = p
            .message
            .rsplit("valid ")
            .next()
            .unwrap_or("")
            .split([' ', '(', ')'])
            .next()
            .unwrap_or("");
        if let (Some(sample), Some(slot)) = (format_sample(format), body.pointer_mut(&p.pointer)) {
            *slot = Value::String(sample.to_string());
            changed = true;
        }
    }
    changed
}

/// A valid value of a format (JSON Schema's names for Edm's primitives).
fn format_sample(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "2021-07-01T00:00:00Z",
        "date" => "2021-07-01",
        "time" | "time-of-day" => "08:00:00.0000000",
        "duration" => "PT1H",
        "uuid" | "guid" => "00000000-0000-0000-0000-000000000000",
        _ => return None,
    })
}
