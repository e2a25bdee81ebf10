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

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::context::CheckContext;
use super::run::{Check, Sink};
use super::url::graph_path;
use crate::contract::{Example, Page};
use crate::http::message::Body;
use crate::json::locate;
use crate::outcome::Code;
use crate::schema::csdl::Csdl;
use crate::schema::resolve::ResolvedKind;
use crate::schema::shallow::{JSON_TYPE, annotation_term};
use crate::schema::{NamedKind, SchemaErrorKind, SchemaRegistry, TypeRef, TypeSet};
use crate::source::{ContentMap, Span};
use crate::suggest::did_you_mean;

pub struct BodySchema;

pub fn body_schema() -> BodySchema {
    BodySchema
}

/// What a body is expected to be.
#[derive(Debug, Clone, PartialEq)]
enum Target {
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

fn request_target(
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

fn response_target(
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

/// One schema problem of a body, by JSON pointer: where in the page it is
/// is worked out by whoever reports it (the documented body's text, or none
/// for a body observed on the wire).
#[derive(Debug, Clone, PartialEq)]
pub struct BodyProblem {
    pub code: Code,
    /// RFC 6901 pointer into the body (`/value/0/target/@odata.type`).
    pub pointer: String,
    pub message: String,
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
    let mut walk = Walk {
        schemas,
        types: schemas.types(),
        out: Vec::new(),
    };
    if let Some(target) = target {
        walk.target(&target, value);
    }
    walk.out
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
    let mut walk = Walk {
        schemas,
        types: schemas.types(),
        out: Vec::new(),
    };
    walk.target(&target, value);
    Some(walk.out)
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

/// Walks one body, collecting its problems.
struct Walk<'a> {
    schemas: &'a SchemaRegistry,
    types: &'a TypeSet,
    out: Vec<BodyProblem>,
}

impl Walk<'_> {
    fn report(&mut self, code: Code, pointer: &str, message: String) {
        self.out.push(BodyProblem {
            code,
            pointer: pointer.to_string(),
            message,
        });
    }

    fn target(&mut self, target: &Target, body: &Value) {
        match target {
            Target::Single(t) => self.object(t, body, ""),
            Target::Collection(t) => {
                // The envelope: `@odata.nextLink` a URL, `@odata.count` an
                // integer, nothing but `value` and annotations.
                if let Ok(errors) = self.schemas.validate_envelope(body) {
                    self.errors(&format!("Collection({t})"), errors, "");
                }
                if let Some(items) = body.get("value").and_then(Value::as_array) {
                    for (i, item) in items.iter().enumerate() {
                        self.value(&TypeRef::single(t.clone()), item, &format!("/value/{i}"));
                    }
                }
            }
            Target::Parameters { action, params } => self.parameters(action, params, body),
        }
    }

    fn parameters(&mut self, action: &str, params: &[(String, TypeRef, bool)], body: &Value) {
        let Some(map) = body.as_object() else { return };
        let mut unknown = Vec::new();
        for (name, v) in map {
            if name.contains('@') {
                continue;
            }
            // Graph binds action parameters case-insensitively (`Post`
            // for `post`): the exact spelling first, then any case.
            let param = params
                .iter()
                .find(|(p, _, _)| p == name)
                .or_else(|| params.iter().find(|(p, _, _)| p.eq_ignore_ascii_case(name)));
            match param {
                // A parameter is nullable unless its metadata says
                // `Nullable="false"` (OData CSDL's default).
                Some((_, _, true)) if v.is_null() => {}
                Some((_, ty, _)) => self.value(ty, v, &format!("/{}", escape(name))),
                None => unknown.push(name.as_str()),
            }
        }
        if !unknown.is_empty() {
            let names: Vec<&str> = params.iter().map(|(p, _, _)| p.as_str()).collect();
            let hint = did_you_mean(unknown[0], names.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            let message = format!(
                "{} not {} of action `{action}` (it takes {}){hint}",
                quote_list(&unknown),
                if unknown.len() == 1 {
                    "a parameter"
                } else {
                    "parameters"
                },
                if names.is_empty() {
                    "no parameters".to_string()
                } else {
                    quote_list(&names)
                },
            );
            self.report(
                Code::UndocumentedProperty,
                &format!("/{}", escape(unknown[0])),
                message,
            );
        }
    }

    /// A placeholder string (`"values-value"`, `"string"`) where a
    /// `graph.Json` property holds its value: any JSON value is valid there,
    /// but the stand-in shows none, and the service answers an array, a
    /// number or an object, not this string.
    fn json_placeholder(
        &mut self,
        effective: &str,
        derived: &[String],
        name: &str,
        text: &str,
        pointer: &str,
    ) {
        let ty = self.types.property_type(effective, name).or_else(|| {
            derived
                .iter()
                .find_map(|d| self.types.property_type(d, name))
        });
        if ty.is_some_and(|t| !t.collection && t.name == JSON_TYPE) {
            let at = format!("{pointer}/{}", escape(name));
            self.report(
                Code::WrongJsonType,
                &at,
                format!(
                    "`{at}` is the placeholder string `\"{text}\"`; its type `graph.Json` holds the JSON value itself (an array, a number, an object…), which the page does not show"
                ),
            );
        }
    }

    /// A value declared as `ty` at `pointer`.
    fn value(&mut self, ty: &TypeRef, v: &Value, pointer: &str) {
        if ty.name == JSON_TYPE {
            // Any JSON value: nothing inside it is typed.
            return;
        }
        if ty.collection {
            if let Some(items) = v.as_array() {
                let one = TypeRef::single(ty.name.clone());
                for (i, item) in items.iter().enumerate() {
                    self.value(&one, item, &format!("{pointer}/{i}"));
                }
            }
            return;
        }
        match self.types.get(&ty.name).map(|t| t.kind) {
            Some(NamedKind::Entity | NamedKind::Complex) if v.is_object() => {
                self.object(&ty.name, v, pointer);
            }
            Some(NamedKind::Entity | NamedKind::Complex) => {}
            // Primitives and enums at the top of an action parameter: the
            // parent's shallow schema checks them everywhere else.
            _ if pointer.matches('/').count() == 1 => {
                if let Ok(errors) = self.schemas.validate(&ty.name, v) {
                    self.errors(&ty.name, errors, pointer);
                }
            }
            _ => {}
        }
    }

    /// An object declared as structured type `declared`.
    fn object(&mut self, declared: &str, v: &Value, pointer: &str) {
        let Some(map) = v.as_object() else { return };
        let mut effective = declared.to_string();
        if let Some(named) = map.get("@odata.type").and_then(Value::as_str) {
            let at = format!("{pointer}/@odata.type");
            match self.types.get(named) {
                None => {
                    self.report(
                        Code::UnknownODataType,
                        &at,
                        format!(
                            "`@odata.type` names `{named}`, which the metadata does not define"
                        ),
                    );
                    // The properties of a type nobody defines cannot be checked.
                    return;
                }
                Some(t) if !self.types.is_same_or_derived(&t.name, declared) => {
                    let message = format!(
                        "`@odata.type` names `{}`, which is neither `{declared}` nor derived from it",
                        t.name
                    );
                    self.report(Code::UnrelatedODataType, &at, message);
                    // Its properties belong to another type: checking them
                    // against `declared` would only repeat this finding.
                    return;
                }
                Some(t) => effective = t.name.clone(),
            }
        }
        let explicit = map.contains_key("@odata.type");
        // Only an `@odata.type` that names the abstract type itself is a
        // defect: without one, the concrete type comes from the context.
        if explicit && self.types.is_abstract(&effective) {
            let derived: Vec<String> = self
                .types
                .derived_types(&effective)
                .iter()
                .filter(|t| !t.is_abstract)
                .take(4)
                .map(|t| t.name.clone())
                .collect();
            let hint = if derived.is_empty() {
                String::new()
            } else {
                format!("; name a derived type such as {}", quote_list(&derived))
            };
            self.report(
                Code::AbstractTypeInstantiated,
                &format!("{pointer}/@odata.type"),
                format!("`{effective}` is abstract in the metadata, yet this object is one{hint}"),
            );
        }
        // Without an `@odata.type`, the object may be any type derived from
        // the declared one: a property of one of them is not undocumented.
        let derived: Vec<String> = if explicit {
            Vec::new()
        } else {
            self.types
                .derived_types(&effective)
                .iter()
                .map(|t| t.name.clone())
                .collect()
        };
        if let Ok(mut errors) = self.schemas.validate(&effective, v) {
            if !derived.is_empty() {
                errors.retain(|e| match &e.kind {
                    SchemaErrorKind::UnknownProperty(name) => !derived
                        .iter()
                        .any(|d| self.types.property(d, name).is_some()),
                    _ => true,
                });
            }
            self.errors(&effective, errors, pointer);
        }
        for (name, child) in map {
            if name.contains('@') {
                continue;
            }
            if let Some(text) = child.as_str()
                && is_placeholder(name, text)
            {
                self.json_placeholder(&effective, &derived, name, text, pointer);
            }
            if !(child.is_object() || child.is_array()) {
                continue;
            }
            let ty = self.types.property_type(&effective, name).or_else(|| {
                derived
                    .iter()
                    .find_map(|d| self.types.property_type(d, name))
            });
            if let Some(ty) = ty {
                self.value(&ty, child, &format!("{pointer}/{}", escape(name)));
            }
        }
    }

    /// Reports schema errors of one object, unknown properties grouped.
    fn errors(&mut self, ty: &str, errors: Vec<crate::schema::SchemaError>, pointer: &str) {
        let mut unknown: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for e in errors {
            let at = format!("{pointer}{}", e.instance_path);
            match e.kind {
                SchemaErrorKind::UnknownProperty(name) => {
                    let parent = at
                        .rsplit_once('/')
                        .map_or(String::new(), |(p, _)| p.to_string());
                    unknown.entry(parent).or_default().push(name);
                }
                SchemaErrorKind::WrongType { expected, actual } => {
                    let member = at.rsplit('/').next().unwrap_or("");
                    let message = match annotation_term(member) {
                        // An annotation is typed by its term, not by the
                        // property it annotates.
                        Some(term) => format!(
                            "`{}` is {actual}, but the `{term}` annotation allows {}",
                            display_pointer(&at),
                            expected.join(" or ")
                        ),
                        None => format!(
                            "`{}` is {actual}, but its type allows {}",
                            display_pointer(&at),
                            expected.join(" or ")
                        ),
                    };
                    self.report(Code::WrongJsonType, &at, message);
                }
                SchemaErrorKind::NotInEnum { value, allowed }
                    if allowed.iter().any(|a| a.eq_ignore_ascii_case(&value)) =>
                {
                    let member = allowed
                        .iter()
                        .find(|a| a.eq_ignore_ascii_case(&value))
                        .cloned()
                        .unwrap_or_default();
                    let message = format!(
                        "`{value}` at `{}` differs only in case from the enum member `{member}`",
                        display_pointer(&at)
                    );
                    self.report(Code::EnumCaseMismatch, &at, message);
                }
                SchemaErrorKind::NotInEnum { value, allowed } => {
                    let shown: Vec<&str> = allowed.iter().map(String::as_str).take(8).collect();
                    let hint = did_you_mean(&value, allowed.iter().map(String::as_str))
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    let more = if allowed.len() > shown.len() {
                        ", …"
                    } else {
                        ""
                    };
                    let message = format!(
                        "`{value}` at `{}` is not a member of the enum ({}{more}){hint}",
                        display_pointer(&at),
                        quote_list(&shown)
                    );
                    self.report(Code::NotInEnum, &at, message);
                }
                SchemaErrorKind::Pattern { format } => {
                    let message = format!("`{}` is not a valid {format}", display_pointer(&at));
                    self.report(Code::BadFormat, &at, message);
                }
                SchemaErrorKind::Other => {
                    let message = format!("`{}`: {}", display_pointer(&at), e.message);
                    self.report(Code::SchemaViolation, &at, message);
                }
            }
        }
        for (parent, names) in unknown {
            // Generated pages wrap a single entity in `{"value": {...}}`.
            if parent.is_empty() && names == ["value"] && !self.types.is_open(ty) {
                let message = format!(
                    "the body wraps one `{ty}` in `value`: a single entity is returned as it is, only collections use a `value` array"
                );
                self.report(Code::UndocumentedProperty, "/value", message);
                continue;
            }
            let known: Vec<String> = self
                .types
                .all_properties(ty)
                .iter()
                .map(|p| p.name.clone())
                .collect();
            let hint = did_you_mean(&names[0], known.iter().map(String::as_str))
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            let message = format!(
                "{} {} not {} of `{ty}`{hint}",
                quote_list(&names),
                if names.len() == 1 { "is" } else { "are" },
                if names.len() == 1 {
                    "a property"
                } else {
                    "properties"
                },
            );
            self.report(
                Code::UndocumentedProperty,
                &format!("{parent}/{}", escape(&names[0])),
                message,
            );
        }
    }
}

/// A stand-in the docs write where a value goes: the property's name with
/// `-value` (`"values-value"`), or the name of a JSON or Edm type
/// (`"string"`, `"number"`).
fn is_placeholder(name: &str, text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    t.strip_suffix("-value")
        .is_some_and(|base| base.eq_ignore_ascii_case(name))
        || matches!(
            t.as_str(),
            "string"
                | "number"
                | "boolean"
                | "object"
                | "array"
                | "json"
                | "double"
                | "int32"
                | "integer"
        )
}

/// `/a/b` as written, or `the body` for the root.
fn display_pointer(p: &str) -> &str {
    if p.is_empty() { "(the body)" } else { p }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn quote_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("`{}`", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::CheckContext;
    use crate::contract::extract_page;
    use crate::source::SourceFile;

    const CSDL: &str = r#"<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
<edmx:DataServices><Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
<EntityType Name="widget" BaseType="microsoft.graph.entity"><Property Name="displayName" Type="Edm.String"/><Property Name="data" Type="graph.Json"/><Property Name="count" Type="Edm.Int32"/></EntityType>
<ComplexType Name="Json"/>
<Action Name="make" IsBound="true"><Parameter Name="bindingParameter" Type="Collection(graph.widget)"/><Parameter Name="note" Type="Edm.String"/><Parameter Name="label" Type="Edm.String" Nullable="false"/></Action>
<EntityType Name="roundWidget" BaseType="microsoft.graph.widget"><Property Name="radius" Type="Edm.Int32"/><NavigationProperty Name="part" Type="microsoft.graph.gadget"/></EntityType>
<EntityType Name="gadget" BaseType="microsoft.graph.entity"><Property Name="size" Type="Edm.Int32"/></EntityType>
<EntityContainer Name="GraphService"><EntitySet Name="widgets" EntityType="microsoft.graph.widget"/></EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>"#;

    /// (code, line) of the body findings of a POST of `body` to `/widgets`.
    fn post(body: &str) -> Vec<(String, usize)> {
        request("POST /widgets", body)
    }

    /// (code, line) of the body findings of `METHOD /path` with `body`.
    fn request(line: &str, body: &str) -> Vec<(String, usize)> {
        let (method, path) = line.split_once(' ').unwrap();
        let text = format!(
            "```http\n{method} https://graph.microsoft.com/v1.0{path}\nContent-Type: application/json\n\n{body}\n```\n```http\nHTTP/1.1 201 Created\n```\n"
        );
        let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/x", &text)));
        let csdl = Arc::new(Csdl::parse(CSDL).unwrap());
        let types = Arc::new(TypeSet::from_csdl(&csdl, "v1.0"));
        let ctx = CheckContext::new()
            .with_csdl(None, csdl)
            .with_schemas(None, Arc::new(SchemaRegistry::new(types)));
        let mut sink = Sink::new(&page);
        body_schema().check(&page, &ctx, &mut sink);
        sink.into_findings()
            .into_iter()
            .map(|f| (f.code.id().to_string(), f.location.line))
            .collect()
    }

    #[test]
    fn a_request_body_is_typed_by_the_operation_before_its_own_odata_type() {
        // An unrelated type is that defect, not one unknown property per member.
        assert_eq!(
            post("{\n  \"@odata.type\": \"#microsoft.graph.gadget\",\n  \"displayName\": \"x\"\n}"),
            [("MC4006".to_string(), 6)]
        );
        // A derived type is the body's type: its own properties are known.
        assert!(
            post("{\n  \"@odata.type\": \"#microsoft.graph.roundWidget\",\n  \"radius\": 2\n}")
                .is_empty()
        );
        assert_eq!(
            post("{\n  \"@odata.type\": \"#microsoft.graph.roundWidget\",\n  \"radius\": \"2\"\n}"),
            [("MC4002".to_string(), 7)]
        );
        // `part` is a navigation of one derived type only: the URL's type is
        // a guess, and the body's own type is taken instead.
        assert!(
            request(
                "PATCH /widgets/1/part",
                "{\n  \"@odata.type\": \"#microsoft.graph.widget\",\n  \"displayName\": \"x\"\n}"
            )
            .is_empty()
        );
        assert_eq!(
            request("PATCH /widgets/1/part", "{\n  \"size\": \"big\"\n}"),
            [("MC4002".to_string(), 6)]
        );
    }

    #[test]
    fn graph_json_holds_any_value_but_not_a_placeholder() {
        for data in [
            "\"0\"",
            "0",
            "[[1, \"a\"], [null, true]]",
            "{\"k\": [1]}",
            "null",
        ] {
            assert!(
                post(&format!("{{\n  \"data\": {data}\n}}")).is_empty(),
                "{data}"
            );
        }
        for data in ["\"data-value\"", "\"string\"", "\"Number\""] {
            assert_eq!(
                post(&format!("{{\n  \"data\": {data}\n}}")),
                [("MC4002".to_string(), 6)],
                "{data}"
            );
        }
        // The same stand-ins in a property of another type are that type's
        // business: a string property may hold "string".
        assert!(post("{\n  \"displayName\": \"string\"\n}").is_empty());
        assert_eq!(
            post("{\n  \"count\": \"count-value\"\n}"),
            [("MC4002".to_string(), 6)]
        );
    }

    #[test]
    fn an_action_parameter_is_nullable_unless_the_metadata_says_not() {
        assert!(
            request(
                "POST /widgets/make",
                "{\n  \"note\": null,\n  \"label\": \"x\"\n}"
            )
            .is_empty()
        );
        assert_eq!(
            request(
                "POST /widgets/make",
                "{\n  \"note\": \"n\",\n  \"label\": null\n}"
            ),
            [("MC4002".to_string(), 7)]
        );
        // A property is nullable by the same default.
        assert!(post("{\n  \"displayName\": null\n}").is_empty());
        assert_eq!(
            request("POST /widgets/make", "{\n  \"note\": 5\n}"),
            [("MC4002".to_string(), 6)]
        );
    }
}
