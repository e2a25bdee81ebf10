//! What type a body is expected to be: the response annotation's
//! `@odata.type`, the body's own, or the type the request URL resolves to in
//! the metadata (an instance, a collection envelope, action parameters).

use serde_json::Value;

use crate::checks::url::graph_path;
use crate::contract::Example;
use crate::schema::csdl::Csdl;
use crate::schema::resolve::ResolvedKind;
use crate::schema::{NamedKind, TypeRef, TypeSet};

/// What a body is expected to be.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Target {
    /// One instance of a structured type.
    Single(String),
    /// An OData collection response: `{"value": [...]}` of the item type.
    Collection(String),
    /// The parameters of a bound or unbound action.
    Parameters {
        action: String,
        /// Name, type and `Nullable` (true unless the metadata says
        /// `Nullable="false"`: the CSDL default) of each parameter.
        params: Vec<(String, TypeRef, bool)>,
    },
}

/// A known structured type's canonical name.
fn structured(types: &TypeSet, name: &str) -> Option<String> {
    types
        .get(name)
        .filter(|t| t.kind != NamedKind::Enum)
        .map(|t| t.name.clone())
}

/// The body's own top-level `@odata.type`, when it names a known type.
fn own_type(types: &TypeSet, body: &Value) -> Option<String> {
    body.get("@odata.type")
        .and_then(Value::as_str)
        .and_then(|t| structured(types, t))
}

pub(super) fn request_target(
    method: &str,
    url: &str,
    body: &Value,
    csdl: Option<&Csdl>,
    types: &TypeSet,
) -> Option<Target> {
    // The type the operation takes comes first: the body's own
    // `@odata.type` must then be it or derived from it (MC4006), rather than
    // replace it and turn every property into an unknown one. The body's own
    // type is the target when the URL gives none, or when the URL's type is
    // a guess: a step found only on one of several derived types
    // (`deviceConfigurations/{id}/rootCertificate`, declared on each kind of
    // configuration with another type).
    let own = own_type(types, body).map(Target::Single);
    match csdl.and_then(|csdl| operation_target(method, url, csdl, types)) {
        Some((_, true)) if own.is_some() => own,
        Some((target, _)) => Some(target),
        None => own,
    }
}

/// What a `method` request to `url` takes as its body, by the metadata, and
/// whether the URL resolved only through a derived type.
fn operation_target(
    method: &str,
    url: &str,
    csdl: &Csdl,
    types: &TypeSet,
) -> Option<(Target, bool)> {
    let resolved = csdl.resolve_str(graph_path(url)?).ok()?;
    let via_derived = resolved.via_derived();
    let method = method.to_ascii_uppercase();
    let target = match (method.as_str(), resolved.kind) {
        ("POST", ResolvedKind::EntitySet) => {
            let t = resolved.type_ref?;
            structured(types, &t.name).map(Target::Single)
        }
        ("PATCH" | "PUT", ResolvedKind::SingleEntity | ResolvedKind::Property) => {
            let t = resolved.type_ref?;
            if t.collection {
                return None;
            }
            structured(types, &t.name).map(Target::Single)
        }
        ("POST", ResolvedKind::Action) => {
            let name = resolved.operation()?;
            let binding = resolved.segments.last().and_then(|s| s.declared_on.clone());
            // Overloads differ by binding type (`add` on tables, on charts…):
            // without the one the URL binds to, there is nothing to check.
            let ops = csdl.operations_named(name);
            let op = ops
                .iter()
                .find(|o| o.binding_type().map(ToString::to_string) == binding)?;
            Some(Target::Parameters {
                action: op.name.clone(),
                params: op
                    .non_binding_parameters()
                    .iter()
                    .map(|p| (p.name.clone(), p.type_ref.clone(), p.nullable))
                    .collect(),
            })
        }
        _ => None,
    }?;
    Some((target, via_derived))
}

pub(super) fn response_target(
    ex: &Example,
    body: &Value,
    csdl: Option<&Csdl>,
    types: &TypeSet,
) -> Option<Target> {
    let envelope = body.get("value").is_some_and(Value::is_array);
    if let Some(annotated) = ex.response.odata_type.as_deref() {
        let (name, collection) = match annotated.trim().strip_prefix("Collection(") {
            Some(inner) => (inner.trim_end_matches(')'), true),
            None => (annotated, ex.response.is_collection),
        };
        // A type the metadata does not know (`stream`, a docs-only type) is
        // not checked: the annotation is for the docs tooling.
        let t = structured(types, name)?;
        let has_value_property = types.property(&t, "value").is_some();
        return if envelope && !has_value_property {
            Some(Target::Collection(t))
        } else if collection {
            // Documented as a collection but not shaped as one: which
            // object would be the element is anybody's guess.
            None
        } else {
            Some(Target::Single(t))
        };
    }
    if let Some(t) = own_type(types, body) {
        return Some(Target::Single(t));
    }
    let csdl = csdl?;
    let resolved = csdl
        .resolve_str(graph_path(&ex.request.message.url)?)
        .ok()?;
    let t = resolved.type_ref?;
    let item = structured(types, &t.name)?;
    let method = ex.request.message.method.as_str();
    match (method, t.collection) {
        ("GET", true) if envelope => Some(Target::Collection(item)),
        ("GET", false) => Some(Target::Single(item)),
        ("POST", true) if resolved.kind == ResolvedKind::EntitySet && !envelope => {
            Some(Target::Single(item))
        }
        ("PATCH" | "PUT", false) if !envelope => Some(Target::Single(item)),
        ("POST", _) if matches!(resolved.kind, ResolvedKind::Action | ResolvedKind::Function) => {
            if t.collection {
                envelope.then_some(Target::Collection(item))
            } else {
                Some(Target::Single(item))
            }
        }
        _ => None,
    }
}
