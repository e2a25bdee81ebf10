//! The walk of one body against the shallow schemas of its types: each
//! object validated against its effective type (its own `@odata.type` when
//! derived), nested objects descended into, action parameters checked by
//! name, nullability and type.

use std::collections::BTreeMap;

use serde_json::Value;

use super::target::Target;
use crate::outcome::{CLIP, Code, clip};
use crate::schema::shallow::{JSON_TYPE, annotation_term};
use crate::schema::{NamedKind, SchemaErrorKind, SchemaRegistry, TypeRef, TypeSet};
use crate::suggest::did_you_mean;

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
/// Walks one body, collecting its problems.
pub(super) struct Walk<'a> {
    schemas: &'a SchemaRegistry,
    types: &'a TypeSet,
    out: Vec<BodyProblem>,
}

impl<'a> Walk<'a> {
    pub(super) fn new(schemas: &'a SchemaRegistry) -> Self {
        Walk {
            schemas,
            types: schemas.types(),
            out: Vec::new(),
        }
    }

    pub(super) fn into_problems(self) -> Vec<BodyProblem> {
        self.out
    }
}

impl Walk<'_> {
    fn report(&mut self, code: Code, pointer: &str, message: String) {
        self.out.push(BodyProblem {
            code,
            pointer: pointer.to_string(),
            message,
        });
    }

    pub(super) fn target(&mut self, target: &Target, body: &Value) {
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
                        "`{}` at `{}` differs only in case from the enum member `{member}`",
                        clip(&value, CLIP),
                        clip(display_pointer(&at), CLIP)
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
                        "`{}` at `{}` is not a member of the enum ({}{more}){hint}",
                        clip(&value, CLIP),
                        clip(display_pointer(&at), CLIP),
                        quote_list(&shown)
                    );
                    self.report(Code::NotInEnum, &at, message);
                }
                SchemaErrorKind::Pattern { format } => {
                    let message = format!(
                        "`{}` is not a valid {format}",
                        clip(display_pointer(&at), CLIP)
                    );
                    self.report(Code::BadFormat, &at, message);
                }
                SchemaErrorKind::Other => {
                    let message = format!(
                        "`{}`: {}",
                        clip(display_pointer(&at), CLIP),
                        clip(&e.message, CLIP)
                    );
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
        .map(|s| format!("`{}`", clip(s.as_ref(), CLIP)))
        .collect::<Vec<_>>()
        .join(", ")
}
