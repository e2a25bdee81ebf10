//! Doc defects that break every client, repaired in what `serve` answers.
//!
//! An example whose response no client can read (a single entity wrapped in
//! `value`, a collection answered as a bare array) would fail every SDK test
//! for the doc's sake. The metadata says what the shape must be; unless
//! `--strict`, the repaired shape is served, and the journal and `verify`
//! name the finding code, so the doc writer still sees the defect.

use serde_json::{Map, Value};

use crate::checks::CheckContext;
use crate::contract::Example;
use crate::outcome::Code;
use crate::replay::prepare::Reply;
use crate::schema::resolve::ResolvedKind;

/// The repaired response body of `ex` and the codes of the defects, when
/// the documented body has a shape that the operation's type rules out, or
/// values no client can parse as their type (`"datetime-value"` for an
/// `Edm.DateTimeOffset`: SDKs that parse dates fail on the whole object).
pub fn response(ctx: &CheckContext, ex: &Example, reply: &Reply) -> Option<(Vec<Code>, Value)> {
    if !(200..300).contains(&reply.status) {
        return None;
    }
    let documented = reply.body.json.as_ref()?;
    let mut codes = Vec::new();
    let mut body = match shaped(ctx, ex, documented) {
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

fn shaped(ctx: &CheckContext, ex: &Example, body: &Value) -> Option<(Code, Value)> {
    let version = ex.version.as_deref();
    let csdl = ctx.csdl(version)?;
    let path = crate::replay::prepare::service_path(&ex.request.message.url, version)
        .ok()?
        .1;
    let path = path.split('?').next().unwrap_or("");
    let under_root = path
        .trim_start_matches('/')
        .split_once('/')
        .filter(|(v, _)| crate::contract::is_version(v))
        .map_or(path, |(_, rest)| &path[path.len() - rest.len() - 1..]);
    let resolved = csdl.resolve_str(under_root).ok()?;
    let ty = resolved.type_ref.as_ref()?;
    let method = ex.request.message.method.to_ascii_uppercase();
    shape(
        &method,
        resolved.kind,
        ty.collection,
        has_value_property(ctx, version, &ty.name),
        body,
    )
}

fn has_value_property(ctx: &CheckContext, version: Option<&str>, ty: &str) -> bool {
    ctx.schemas(version)
        .is_some_and(|s| s.types().property(ty, "value").is_some())
}

/// The repair for a body of an operation whose result is `collection` or
/// single, by the rules of OData's JSON format: a single entity is the
/// object itself; a collection is an object with a `value` array.
fn shape(
    method: &str,
    kind: ResolvedKind,
    collection: bool,
    value_property: bool,
    body: &Value,
) -> Option<(Code, Value)> {
    let reads = method == "GET"
        || matches!(kind, ResolvedKind::Action | ResolvedKind::Function)
            && matches!(method, "GET" | "POST");
    if !reads || value_property {
        return None;
    }
    let single_entity = matches!(kind, ResolvedKind::SingleEntity);
    match body {
        // `{"value": {...}}` for one entity: the entity itself.
        Value::Object(map) if !collection && single_entity => {
            let inner = map.get("value")?.as_object()?;
            let mut out = Map::new();
            for (k, v) in map {
                if k.starts_with("@odata.") {
                    out.insert(k.clone(), v.clone());
                }
            }
            for (k, v) in inner {
                out.insert(k.clone(), v.clone());
            }
            Some((Code::ResponseShape, Value::Object(out)))
        }
        // One object for a collection (a function documented as returning
        // `Collection(x)` answered with one x): the `value` envelope around it.
        Value::Object(map) if collection && !map.contains_key("value") && !map.contains_key("error") => {
            let mut out = Map::new();
            let mut item = Map::new();
            for (k, v) in map {
                if k.starts_with("@odata.context") || k.starts_with("@odata.next") {
                    out.insert(k.clone(), v.clone());
                } else {
                    item.insert(k.clone(), v.clone());
                }
            }
            out.insert("value".to_string(), Value::Array(vec![Value::Object(item)]));
            Some((Code::ResponseShape, Value::Object(out)))
        }
        // A bare array for a collection: the `value` envelope.
        Value::Array(items) if collection => {
            let mut out = Map::new();
            out.insert("value".to_string(), Value::Array(items.clone()));
            Some((Code::ResponseShape, Value::Object(out)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_entity_wrapped_in_value_is_unwrapped() {
        let body = json!({"@odata.context": "x", "value": {"id": "1", "displayName": "a"}});
        let (code, fixed) =
            shape("GET", ResolvedKind::SingleEntity, false, false, &body).expect("repaired");
        assert_eq!(code, Code::ResponseShape);
        assert_eq!(fixed, json!({"@odata.context": "x", "id": "1", "displayName": "a"}));
        // A type with a `value` property of its own is left alone.
        assert!(shape("GET", ResolvedKind::SingleEntity, false, true, &body).is_none());
        // So is a well-formed entity, and a collection envelope.
        assert!(shape("GET", ResolvedKind::SingleEntity, false, false, &json!({"id": "1"})).is_none());
        assert!(shape("GET", ResolvedKind::EntitySet, true, false, &json!({"value": []})).is_none());
    }

    #[test]
    fn a_bare_array_for_a_collection_gets_its_envelope() {
        let (_, fixed) = shape("GET", ResolvedKind::EntitySet, true, false, &json!([{"id": "1"}]))
            .expect("repaired");
        assert_eq!(fixed, json!({"value": [{"id": "1"}]}));
        let (_, one) = shape("GET", ResolvedKind::Function, true, false, &json!({"@odata.context": "c", "appId": "a"}))
            .expect("repaired");
        assert_eq!(one, json!({"@odata.context": "c", "value": [{"appId": "a"}]}));
        // A PATCH answer is not a read.
        assert!(shape("PATCH", ResolvedKind::EntitySet, true, false, &json!([])).is_none());
    }
}
