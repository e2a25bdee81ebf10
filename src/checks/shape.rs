//! The shape of a response against the operation's result (`MC4010`):
//! OData's JSON format answers one entity as the object itself and a
//! collection as `{"value": [...]}`. A single entity wrapped in `value`, a
//! collection answered as one object or as a bare array, is a defect no
//! client can read: `check` reports it at the body, and `serve` answers in
//! the dictated shape (unless `--strict`).

use serde_json::{Map, Value};

use super::context::CheckContext;
use super::url::graph_path;
use crate::contract::Example;
use crate::outcome::Code;
use crate::schema::resolve::ResolvedKind;

/// What is wrong with a body that [`response_shape`] repairs, in words.
pub fn describe(body: &Value) -> &'static str {
    if body.is_array() {
        "response is a bare JSON array; a collection is `{\"value\": [...]}`"
    } else if body.get("value").is_some() {
        "response wraps one entity in `value`; a single result is the object itself"
    } else {
        "response is one object, but the operation returns a collection: `{\"value\": [...]}`"
    }
}

/// The shape defect of `ex`'s documented response `body` (`MC4010`) and the
/// body in the shape the operation's result dictates, or `None`. The result
/// is what the request URL resolves to in the metadata; an operation whose
/// type has a `value` property of its own is left alone.
pub fn response_shape(ctx: &CheckContext, ex: &Example, body: &Value) -> Option<(Code, Value)> {
    if !(200..300).contains(&ex.response.message.status) {
        return None;
    }
    let version = ex.version.as_deref();
    let csdl = ctx.csdl(version)?;
    let resolved = csdl
        .resolve_str(graph_path(&ex.request.message.url)?)
        .ok()?;
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
        Value::Object(map)
            if collection && !map.contains_key("value") && !map.contains_key("error") =>
        {
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
        assert_eq!(
            fixed,
            json!({"@odata.context": "x", "id": "1", "displayName": "a"})
        );
        // A type with a `value` property of its own is left alone.
        assert!(shape("GET", ResolvedKind::SingleEntity, false, true, &body).is_none());
        // So is a well-formed entity, and a collection envelope.
        assert!(
            shape(
                "GET",
                ResolvedKind::SingleEntity,
                false,
                false,
                &json!({"id": "1"})
            )
            .is_none()
        );
        assert!(
            shape(
                "GET",
                ResolvedKind::EntitySet,
                true,
                false,
                &json!({"value": []})
            )
            .is_none()
        );
    }

    #[test]
    fn a_bare_array_for_a_collection_gets_its_envelope() {
        let (_, fixed) = shape(
            "GET",
            ResolvedKind::EntitySet,
            true,
            false,
            &json!([{"id": "1"}]),
        )
        .expect("repaired");
        assert_eq!(fixed, json!({"value": [{"id": "1"}]}));
        let (_, one) = shape(
            "GET",
            ResolvedKind::Function,
            true,
            false,
            &json!({"@odata.context": "c", "appId": "a"}),
        )
        .expect("repaired");
        assert_eq!(
            one,
            json!({"@odata.context": "c", "value": [{"appId": "a"}]})
        );
        // A PATCH answer is not a read.
        assert!(shape("PATCH", ResolvedKind::EntitySet, true, false, &json!([])).is_none());
    }
}
