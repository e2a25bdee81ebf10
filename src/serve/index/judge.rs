//! Judging a request against one route: its query parameters, and its body
//! by the operation's types in the metadata (or by the example's names when
//! no type can be told); the fingerprints that rank bodies cheaply.

use serde_json::Value;

use super::model::{Index, Route, Sent, Typed};
use super::query::strip_version;
use crate::checks::{BodyProblem, request_problems};
use crate::graph::version_of;

impl Index {
    /// The first reason `r` cannot take the body sent, if any. `typed`
    /// holds the body's problems by the operation's types, worked out once
    /// per request (they depend on the URL and the body, not on which
    /// example: the Intune pages give one URL ninety examples).
    pub(super) fn body_verdict(
        &self,
        r: &Route,
        method: &str,
        path: &str,
        sent: &Sent,
        typed: &Typed,
    ) -> Option<String> {
        match sent {
            Sent::None => None,
            // The documented body itself: its own problems are excused.
            Sent::Json(value) if r.body.as_deref() == Some(value) => None,
            Sent::NotJson(e) => (!r.body_bytes && !r.synthesised && r.body.is_some())
                .then(|| format!("body: not JSON ({e})")),
            // Content endpoints take any bytes of any media type; a body
            // documented as JSON does not.
            Sent::Bytes => (r.body.is_some() && !r.body_bytes)
                .then(|| "body: documented as JSON, sent as another media type".to_string()),
            Sent::Json(_) if r.body_bytes => None,
            Sent::Json(value) => self.typed_verdict(r, method, path, value, typed),
        }
    }

    /// A JSON body judged by the operation's types: the entity type created
    /// or updated, or the action's parameters, as the request's URL resolves
    /// in the metadata. Without a type, by the names the example documents.
    fn typed_verdict(
        &self,
        r: &Route,
        method: &str,
        path: &str,
        value: &Value,
        typed: &Typed,
    ) -> Option<String> {
        let version = Some(version_of(path)).filter(|v| !v.is_empty());
        let problems = |value: &Value| {
            self.check
                .as_ref()
                .and_then(|ctx| request_problems(ctx, version, method, strip_version(path), value))
        };
        let first_new = |problems: &[BodyProblem]| {
            problems
                .iter()
                .find(|p| {
                    !r.known_problems
                        .iter()
                        .any(|(ptr, msg)| *ptr == p.pointer && *msg == p.message)
                })
                .map(|p| {
                    let at = if p.pointer.is_empty() {
                        "/"
                    } else {
                        p.pointer.as_str()
                    };
                    format!("body {at}: {}", p.message)
                })
        };
        match typed.get_or_init(|| problems(value)) {
            Some(found) => {
                let verdict = first_new(found)?;
                // Names in another case than the example's (`Color`) are
                // the example's names: judged again under them.
                match &r.body {
                    Some(d) => {
                        let renamed = renamed_as_documented(d, value);
                        if renamed == *value {
                            return Some(verdict);
                        }
                        problems(&renamed).and_then(|p| first_new(&p))
                    }
                    None => Some(verdict),
                }
            }
            None => r.body.as_ref().and_then(|d| names_difference(d, value, "")),
        }
    }
}

/// What was sent, by its `Content-Type`: JSON for a JSON media type (or
/// none, when the bytes look like JSON), else bytes of another media type.
pub(super) fn sent_body(content_type: Option<&str>, body: &[u8]) -> Sent {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Sent::None;
    }
    let json_type = content_type.map(|ct| {
        let ct = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        ct == "application/json" || ct.ends_with("+json") || ct == "text/json"
    });
    let looks_json = || {
        body.iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| matches!(b, b'{' | b'['))
    };
    match json_type {
        Some(false) => Sent::Bytes,
        None if !looks_json() => Sent::Bytes,
        _ => match serde_json::from_slice::<Value>(body) {
            Ok(v) => Sent::Json(v),
            Err(e) => Sent::NotJson(e.to_string()),
        },
    }
}

/// Query parameters `r` does not take. System query options are taken by
/// every operation (Graph accepts them on any resource; they shape the
/// answer); other parameters must be documented for the operation.
pub(super) fn query_difference(r: &Route, sent: &[(String, String)]) -> Option<String> {
    for (k, _) in sent {
        if k.starts_with('$') || k.starts_with('@') {
            continue;
        }
        if !r.params.iter().any(|p| p == k) {
            return Some(format!(
                "query parameter {k}: not documented for this operation (OData system query options are taken everywhere)"
            ));
        }
    }
    None
}

/// Names the sent object has that the documented one does not (compared
/// case-insensitively; `@odata.*` annotations allowed), when no type can be
/// told for the body. Values are not compared: an example's values are one
/// instance, not the contract.
pub(super) fn names_difference(d: &Value, s: &Value, pointer: &str) -> Option<String> {
    let (Value::Object(d), Value::Object(s)) = (d, s) else {
        return None;
    };
    for (k, sv) in s {
        if k.contains('@') {
            continue;
        }
        match d.iter().find(|(dk, _)| dk.eq_ignore_ascii_case(k)) {
            None => return Some(format!("body {pointer}/{k}: not documented")),
            Some((_, dv)) => {
                if let Some(diff) = names_difference(dv, sv, &format!("{pointer}/{k}")) {
                    return Some(diff);
                }
            }
        }
    }
    None
}

/// `value` with its object names spelled as in `documented` where they
/// differ only in case, so the type check sees the documented names.
fn renamed_as_documented(documented: &Value, value: &Value) -> Value {
    match (documented, value) {
        (Value::Object(d), Value::Object(v)) => Value::Object(
            v.iter()
                .map(
                    |(k, vv)| match d.iter().find(|(dk, _)| dk.eq_ignore_ascii_case(k)) {
                        Some((dk, dv)) => (dk.clone(), renamed_as_documented(dv, vv)),
                        None => (k.clone(), vv.clone()),
                    },
                )
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// Top-level names the sent body shares with the documented one (at most 99).
pub(super) fn shared_names(documented: Option<&Value>, sent: &Sent) -> usize {
    match (documented, sent) {
        (Some(Value::Object(d)), Sent::Json(Value::Object(s))) => s
            .keys()
            .filter(|k| d.keys().any(|dk| dk.eq_ignore_ascii_case(k)))
            .count()
            .min(99),
        _ => 0,
    }
}
