//! Answers made from the metadata, for documented operations that have no
//! usable response example: a page whose `## HTTP request` block lists a
//! method its examples never show (or show only in `ignored` blocks).
//!
//! Like Prism's dynamic mode from an OpenAPI schema: the URL template is
//! resolved in the version's CSDL, and an instance of the type it addresses
//! is generated, deterministic, with every structural property of the type
//! and its bases set to a sample of its type (nested complex values one
//! level deep, collections empty, navigation properties left out).

use serde_json::{Map, Value, json};

use crate::schema::csdl::Csdl;
use crate::schema::resolve::ResolvedKind;
use crate::schema::{NamedKind, TypeRef, TypeSet};

/// A generated answer: status, content type and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthesised {
    pub status: u16,
    pub content_type: Option<&'static str>,
    pub body: Option<Value>,
    /// Raw bytes for a media answer (`$value`, a stream property).
    pub bytes: Option<&'static str>,
}

/// The answer to `method` on the documented `path` (under the version root,
/// placeholders kept), or `None` when the metadata does not resolve it.
pub fn answer(csdl: &Csdl, types: &TypeSet, method: &str, path: &str) -> Option<Synthesised> {
    // `/drive` is the signed-in user's drive, `/me/drive`.
    let resolved = csdl.resolve_str(path).ok().or_else(|| {
        let rest = path.strip_prefix("/drive/")?;
        csdl.resolve_str(&format!("/me/drive/{rest}")).ok()
    })?;
    let ty = resolved.type_ref.clone();
    let none = |status| Synthesised {
        status,
        content_type: None,
        body: None,
        bytes: None,
    };
    let json = |status, body| Synthesised {
        status,
        content_type: Some("application/json"),
        body: Some(body),
        bytes: None,
    };
    let stream = ty.as_ref().is_some_and(|t| t.name == "Edm.Stream");
    match method.to_ascii_uppercase().as_str() {
        "DELETE" => Some(none(204)),
        // Content written to a stream property answers with the entity
        // that holds it (an uploaded file's driveItem).
        "PUT" if stream || resolved.kind == ResolvedKind::Value => {
            let owner = resolved
                .segments
                .iter()
                .rev()
                .nth(1)
                .and_then(|s| s.type_ref.clone())
                .filter(|t| !t.collection && !t.is_edm());
            Some(match owner {
                Some(t) => json(200, instance(types, &t, 0)),
                None => none(204),
            })
        }
        "PATCH" | "PUT" => Some(none(204)),
        "GET" if stream || resolved.kind == ResolvedKind::Value => Some(Synthesised {
            status: 200,
            content_type: Some("application/octet-stream"),
            body: None,
            bytes: Some("application/octet-stream"),
        }),
        "GET" if resolved.kind == ResolvedKind::Count => Some(Synthesised {
            status: 200,
            content_type: Some("text/plain"),
            body: None,
            bytes: Some("text/plain"),
        }),
        "POST" if resolved.kind == ResolvedKind::Ref => Some(none(204)),
        "GET" | "POST" => {
            let Some(t) = ty else {
                return Some(none(204));
            };
            let status = if method.eq_ignore_ascii_case("POST")
                && resolved.kind == ResolvedKind::EntitySet
            {
                201
            } else {
                200
            };
            let created = status == 201;
            // A type that is only a stream (a report's `content`) answers
            // with its bytes.
            if !t.collection && is_stream_only(types, &t.name) {
                return Some(Synthesised {
                    status: 200,
                    content_type: Some("application/octet-stream"),
                    body: None,
                    bytes: Some("application/octet-stream"),
                });
            }
            let body = if t.collection && !created {
                json!({ "value": [instance(types, &t.element(), 0)] })
            } else {
                let one = instance(types, &t.element(), 0);
                if one.is_object() {
                    one
                } else {
                    json!({ "value": one })
                }
            };
            Some(json(status, body))
        }
        _ => None,
    }
}

/// An entity whose properties, its key aside, are all streams.
fn is_stream_only(types: &TypeSet, name: &str) -> bool {
    let key = types.key_of(name);
    let props: Vec<_> = types
        .all_properties(name)
        .into_iter()
        .filter(|p| !p.navigation && !key.contains(&p.name.as_str()))
        .collect();
    !props.is_empty() && props.iter().all(|p| p.type_ref.name == "Edm.Stream")
}

/// A sample value of `ty`, `depth` levels below the top.
fn instance(types: &TypeSet, ty: &TypeRef, depth: usize) -> Value {
    if ty.collection {
        return Value::Array(Vec::new());
    }
    if ty.is_edm() {
        return primitive(&ty.name);
    }
    let Some(named) = types.get(&ty.name) else {
        return Value::Null;
    };
    if named.kind == NamedKind::Enum {
        return named
            .members
            .first()
            .map_or(Value::Null, |m| Value::String(m.clone()));
    }
    if depth > 1 {
        return Value::Object(Map::new());
    }
    let mut out = Map::new();
    if depth == 0 {
        out.insert(
            "@odata.type".to_string(),
            Value::String(format!("#{}", named.name)),
        );
    }
    let key = types.key_of(&named.name);
    for p in types.all_properties(&named.name) {
        if p.navigation || p.type_ref.name == "Edm.Stream" {
            continue;
        }
        let v = if key.contains(&p.name.as_str()) {
            Value::String(format!("{}-synthesised-id", named.simple_name()))
        } else {
            instance(types, &p.type_ref, depth + 1)
        };
        out.insert(p.name.clone(), v);
    }
    Value::Object(out)
}

/// A sample of an `Edm` primitive, as Graph writes it in JSON.
fn primitive(name: &str) -> Value {
    match name {
        "Edm.Boolean" => Value::Bool(false),
        "Edm.Byte" | "Edm.SByte" | "Edm.Int16" | "Edm.Int32" | "Edm.Int64" => json!(0),
        "Edm.Double" | "Edm.Single" | "Edm.Decimal" => json!(0.0),
        "Edm.DateTimeOffset" => json!("2021-07-01T00:00:00Z"),
        "Edm.Date" => json!("2021-07-01"),
        "Edm.TimeOfDay" => json!("08:00:00.0000000"),
        "Edm.Duration" => json!("PT1H"),
        "Edm.Guid" => json!("00000000-0000-0000-0000-000000000000"),
        "Edm.Binary" => json!(""),
        _ => json!("string"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs_csdl() -> (Csdl, TypeSet) {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/metadata/v1.0.csdl.xml");
        let csdl = Csdl::read_file(&path).expect("specs metadata");
        let types = TypeSet::from_csdl(&csdl, "v1.0");
        (csdl, types)
    }

    #[test]
    fn a_get_by_key_gives_an_instance_with_its_key_and_a_list_gives_value() {
        let (csdl, types) = specs_csdl();
        let one = answer(&csdl, &types, "GET", "/widgetCatalog/widgets/{id}").expect("resolves");
        assert_eq!(one.status, 200);
        let body = one.body.expect("json");
        assert_eq!(body["id"], "widget-synthesised-id");
        assert_eq!(body["@odata.type"], "#microsoft.graph.widget");
        let list = answer(&csdl, &types, "GET", "/widgetCatalog/widgets").expect("resolves");
        assert!(list.body.expect("json")["value"].is_array());
        let created = answer(&csdl, &types, "POST", "/widgetCatalog/widgets").expect("resolves");
        assert_eq!(created.status, 201);
        assert_eq!(
            answer(&csdl, &types, "DELETE", "/widgetCatalog/widgets/{id}").map(|a| a.status),
            Some(204)
        );
        assert!(answer(&csdl, &types, "GET", "/noSuchSet").is_none());
    }
}
