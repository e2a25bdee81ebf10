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
use crate::schema::NamedKind;
use crate::schema::edm::Primitive;
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
        has_value_property(ctx, version, &ty.name, body),
        body,
    )
}

/// True when `ty` has a `value` property of its own that can hold the
/// body's `value` member, so that `{"value": ...}` may be the entity itself.
/// A `value` property of a primitive or enum type cannot hold an object:
/// `{"value": {"@odata.type": "#...sideLoadingKey", "value": "..."}}` is
/// the wrapper, not a `sideLoadingKey` whose `value` is mistyped.
fn has_value_property(ctx: &CheckContext, version: Option<&str>, ty: &str, body: &Value) -> bool {
    let Some(types) = ctx.schemas(version).map(|s| s.types()) else {
        return false;
    };
    let Some(p) = types.property(ty, "value") else {
        return false;
    };
    if !body.get("value").is_some_and(Value::is_object) {
        return true;
    }
    let name = p.type_ref.name.as_str();
    let scalar = match Primitive::from_edm(name) {
        Some(prim) => prim != Primitive::Any,
        None => types.get(name).is_some_and(|t| t.kind == NamedKind::Enum),
    };
    !p.type_ref.collection && !scalar
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

    /// A type with a `value` property of its own, as Intune's
    /// `sideLoadingKey` (`Edm.String`) and `userExperienceAnalyticsMetric`
    /// (`Edm.Double`) have, and one whose `value` is a complex object.
    const CSDL: &str = r#"<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
<edmx:DataServices><Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
<EntityType Name="widgetKey" BaseType="microsoft.graph.entity"><Property Name="value" Type="Edm.String"/><Property Name="displayName" Type="Edm.String"/></EntityType>
<ComplexType Name="reading"><Property Name="unit" Type="Edm.String"/></ComplexType>
<EntityType Name="widgetGauge" BaseType="microsoft.graph.entity"><Property Name="value" Type="microsoft.graph.reading"/></EntityType>
<EntityContainer Name="GraphService"><EntitySet Name="widgetKeys" EntityType="microsoft.graph.widgetKey"/><EntitySet Name="widgetGauges" EntityType="microsoft.graph.widgetGauge"/></EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>"#;

    fn problems(url: &str, body: &str) -> Vec<(String, String)> {
        use crate::checks::{Side, body_problems};
        use crate::contract::extract_page;
        use crate::schema::csdl::Csdl;
        use crate::schema::{SchemaRegistry, TypeSet};
        use crate::source::SourceFile;
        use std::sync::Arc;
        let text = format!(
            "### Request\n```http\nGET {url}\n```\n### Response\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{body}\n```\n"
        );
        let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/x", &text)));
        let csdl = Csdl::parse(CSDL).expect("csdl");
        let types = Arc::new(TypeSet::from_csdl(&csdl, "test"));
        let ctx = CheckContext::new()
            .with_csdl(None, Arc::new(csdl))
            .with_schemas(None, Arc::new(SchemaRegistry::new(types)));
        let ex = &page.examples[0];
        let value = ex.response.message.body.json().expect("json body");
        body_problems(&ctx, ex, Side::Response, value)
            .into_iter()
            .map(|p| (p.code.id().to_string(), p.pointer))
            .collect()
    }

    #[test]
    fn a_wrapper_is_one_finding_even_when_the_type_has_a_scalar_value_property() {
        // `value` is a string property of `widgetKey`: an object there is the
        // single-entity wrapper (MC4010), not a mistyped `value` (MC4002).
        let wrapped = r##"{"value": {"@odata.type": "#microsoft.graph.widgetKey", "id": "1", "value": "k", "displayName": "a"}}"##;
        assert_eq!(
            problems("https://graph.microsoft.com/v1.0/widgetKeys/1", wrapped),
            [("MC4010".to_string(), String::new())]
        );
        // The entity itself, with its own `value`, is fine.
        assert!(
            problems(
                "https://graph.microsoft.com/v1.0/widgetKeys/1",
                r#"{"id": "1", "value": "k"}"#
            )
            .is_empty()
        );
        // A mistyped scalar `value` stays a type error of that property.
        assert_eq!(
            problems(
                "https://graph.microsoft.com/v1.0/widgetKeys/1",
                r#"{"id": "1", "value": 3}"#
            ),
            [("MC4002".to_string(), "/value".to_string())]
        );
        // A `value` property that holds an object may be the entity's own.
        assert!(
            problems(
                "https://graph.microsoft.com/v1.0/widgetGauges/1",
                r#"{"id": "1", "value": {"unit": "mm"}}"#
            )
            .is_empty()
        );
    }
}
