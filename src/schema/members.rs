//! The member rules of a shallow schema, checked in Rust: which names an
//! object may hold besides its declared properties, and how OData control
//! information is typed.
//!
//! A shallow schema states them as `patternProperties` (the five patterns of
//! [`control_properties`]) and `additionalProperties: false`, and that is
//! what `mdcontract schema` exports. Compiled by jsonschema, though, every
//! type's validator held its own clones of the five regular expressions,
//! each with its own match caches, and matched every declared name against
//! them ahead of time: 96 MB of `check`'s 250 MB peak over the shared corpus,
//! and a fifth of its CPU (heaptrack and perf, issue 15). The registry
//! therefore compiles the schema without those two keywords and applies
//! them here, with the same results: the same [`SchemaError`]s, paths and
//! messages as jsonschema's errors classified.
//!
//! [`control_properties`]: super::shallow::control_properties

use serde_json::Value;

use super::errors::{SchemaError, SchemaErrorKind, json_type, pointer_segment};
use super::shallow::control_properties;

/// `patternProperties` and `additionalProperties` taken out of a schema,
/// with what applying them needs of the rest: the declared names and the
/// type's name. The registry keeps this and the compiled validator, not the
/// schema (it is made again for the rare value that has errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Members {
    /// `additionalProperties: false`: a name that is neither declared nor
    /// control information is an error.
    closed: bool,
    /// The keys of `properties`, sorted.
    declared: Box<[Box<str>]>,
    /// `x-type`, for messages.
    type_name: Option<Box<str>>,
}

impl Members {
    /// Takes the two keywords out of `schema` when they are the ones this
    /// module implements (the control-information patterns, and
    /// `additionalProperties` absent or `false`); otherwise leaves the schema
    /// as it is, for jsonschema to apply.
    pub(crate) fn take(schema: &mut Value) -> Option<Members> {
        let obj = schema.as_object_mut()?;
        if obj.get("patternProperties") != Some(&control_properties()) {
            return None;
        }
        let closed = match obj.get("additionalProperties") {
            None => false,
            Some(Value::Bool(false)) => true,
            Some(_) => return None,
        };
        obj.remove("patternProperties");
        obj.remove("additionalProperties");
        let mut declared: Vec<Box<str>> = obj
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().map(|k| k.as_str().into()).collect())
            .unwrap_or_default();
        declared.sort_unstable();
        let type_name = obj.get("x-type").and_then(Value::as_str).map(Into::into);
        Some(Members {
            closed,
            declared: declared.into_boxed_slice(),
            type_name,
        })
    }

    /// The errors of `value`'s members under these rules, appended to `out`
    /// as jsonschema's errors would be classified: a type error per
    /// mistyped annotation, then one unknown-property error per undeclared
    /// name, in the object's order.
    pub(crate) fn check(&self, value: &Value, out: &mut Vec<SchemaError>) {
        let Value::Object(members) = value else {
            return;
        };
        let mut unknown = Vec::new();
        for (name, v) in members {
            let mut control = name.starts_with('@') || is_property_annotation(name);
            for (pattern, expected) in &TYPED {
                if !pattern.matches(name) {
                    continue;
                }
                control = true;
                if !expected.iter().any(|t| has_type(v, t)) {
                    out.push(wrong_type(name, pattern.source, expected, v));
                }
            }
            let is_declared = self
                .declared
                .binary_search_by(|d| (**d).cmp(name.as_str()))
                .is_ok();
            if self.closed && !control && !is_declared {
                unknown.push(name.as_str());
            }
        }
        let by = self
            .type_name
            .as_ref()
            .map(|t| format!(" by {t}"))
            .unwrap_or_default();
        out.extend(unknown.into_iter().map(|name| SchemaError {
            instance_path: format!("/{}", pointer_segment(name)),
            schema_path: "/additionalProperties".into(),
            message: format!("property `{name}` is not declared{by}"),
            kind: SchemaErrorKind::UnknownProperty(name.to_string()),
        }));
    }
}

/// `^[^@]+@[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$`: a property
/// annotation such as `manager@odata.bind`.
fn is_property_annotation(name: &str) -> bool {
    let Some((property, term)) = name.split_once('@') else {
        return false;
    };
    if property.is_empty() {
        return false;
    }
    let mut parts = term.split('.');
    let identifier = |p: &str| {
        let mut chars = p.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let first = parts.next().is_some_and(identifier);
    let mut rest = 0;
    for p in parts {
        if !identifier(p) {
            return false;
        }
        rest += 1;
    }
    first && rest >= 1
}

/// One of the typed patterns, `@odata\.(a|b|…)$`: a name that ends with
/// `@odata.` and one of the terms, whatever comes before.
struct Suffixes {
    /// The pattern as the schema writes it (for the schema path).
    source: &'static str,
    terms: &'static [&'static str],
}

impl Suffixes {
    fn matches(&self, name: &str) -> bool {
        self.terms.iter().any(|t| {
            name.strip_suffix(t)
                .is_some_and(|rest| rest.ends_with("@odata."))
        })
    }
}

/// The typed control information of [`control_properties`], with the JSON
/// types each admits.
const TYPED: [(Suffixes, &[&str]); 3] = [
    (
        Suffixes {
            source: ANNOTATION_LINKS,
            terms: &[
                "id",
                "nextLink",
                "deltaLink",
                "readLink",
                "editLink",
                "navigationLink",
                "associationLink",
                "mediaReadLink",
                "mediaEditLink",
                "mediaContentType",
                "mediaEtag",
            ],
        },
        &["string", "null"],
    ),
    (
        Suffixes {
            source: "@odata\\.(context|type|etag)$",
            terms: &["context", "type", "etag"],
        },
        &["string"],
    ),
    (
        Suffixes {
            source: "@odata\\.count$",
            terms: &["count"],
        },
        &["integer"],
    ),
];

use super::shallow::ANNOTATION_LINKS;

/// JSON Schema's `type`: `integer` admits any number with no fraction
/// (`1.0` too).
fn has_type(v: &Value, ty: &str) -> bool {
    match ty {
        "null" => v.is_null(),
        "string" => v.is_string(),
        "integer" => match v {
            Value::Number(n) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            _ => false,
        },
        _ => false,
    }
}

/// A type error as `classify` words one.
fn wrong_type(name: &str, pattern: &str, expected: &[&str], v: &Value) -> SchemaError {
    let actual = json_type(v).to_string();
    let expected: Vec<String> = expected.iter().map(|t| t.to_string()).collect();
    SchemaError {
        instance_path: format!("/{}", pointer_segment(name)),
        schema_path: format!("/patternProperties/{}/type", pointer_segment(pattern)),
        message: format!(
            "{} is {actual}, expected {}",
            crate::outcome::clip(&v.to_string(), 60),
            expected.join(" or ")
        ),
        kind: SchemaErrorKind::WrongType { expected, actual },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::errors::classify;
    use crate::schema::typeset::TypeSet;
    use serde_json::json;

    fn schema(closed: bool) -> Value {
        let mut s = json!({
            "$schema": crate::schema::shallow::DRAFT_2020_12,
            "type": "object",
            "properties": {"id": {"type": "string"}, "a/b~c": {}},
            "patternProperties": control_properties(),
            "x-type": "n.t"
        });
        if closed {
            s["additionalProperties"] = false.into();
        }
        s
    }

    fn sorted(mut e: Vec<SchemaError>) -> Vec<(String, String, String)> {
        let mut out: Vec<_> = e
            .drain(..)
            .map(|e| (e.instance_path, e.message, e.kind.as_str().to_string()))
            .collect();
        out.sort();
        out
    }

    /// The errors jsonschema gives with the keywords in the schema.
    fn by_jsonschema(schema: &Value, value: &Value) -> Vec<SchemaError> {
        let v = jsonschema::draft202012::new(schema).expect("compiles");
        let mut out = Vec::new();
        for e in v.iter_errors(value) {
            classify(&e, schema, &TypeSet::default(), &mut out);
        }
        out
    }

    /// The errors with the keywords taken out and applied here.
    fn by_members(schema: &Value, value: &Value) -> Vec<SchemaError> {
        let mut rest = schema.clone();
        let m = Members::take(&mut rest).expect("the control patterns");
        let v = jsonschema::draft202012::new(&rest).expect("compiles");
        let mut out = Vec::new();
        for e in v.iter_errors(value) {
            classify(&e, schema, &TypeSet::default(), &mut out);
        }
        m.check(value, &mut out);
        out
    }

    #[test]
    fn the_same_errors_as_jsonschema() {
        let cases = [
            json!({"@odata.count": 1, "@odata.type": "#n.t", "@odata.etag": "W/1"}),
            json!({"@odata.count": 1.0}),
            json!({"@odata.count": 1.5, "value@odata.count": "3"}),
            json!({"@odata.nextLink": null, "@odata.deltaLink": 5, "x@odata.id": []}),
            json!({"@odata.context": null, "x@odata.type": 5, "@odata.etag": null}),
            json!({"a@b@odata.count": "x", "photo@odata.mediaEtag": 3}),
            json!({"manager@odata.bind": {"any": 1}, "@microsoft.graph.tips": [1]}),
            json!({"foo@bar": 1, "foo@a.b": 1, "foo@1a.b": 1, "foo@a.": 1, "@": 1}),
            json!({"": 1, "a/b~c": 1, "x~y/z": 2, "id": 7, "mystery": {}}),
            json!({"@odata.mediaContentType": 1, "thumb@odata.mediaReadLink": "u"}),
            json!({"x@odata.counts": "no", "x@odata.Count": "no", "x@Odata.count": 1}),
            json!("not an object"),
            json!([{"@odata.count": "x"}]),
        ];
        for closed in [true, false] {
            let s = schema(closed);
            for value in &cases {
                assert_eq!(
                    sorted(by_members(&s, value)),
                    sorted(by_jsonschema(&s, value)),
                    "closed {closed}: {value}"
                );
            }
        }
    }

    #[test]
    fn other_rules_are_left_to_jsonschema() {
        let mut s = schema(true);
        s["additionalProperties"] = json!({"type": "string"});
        assert_eq!(Members::take(&mut s.clone()), None);
        let mut t = schema(true);
        t["patternProperties"] = json!({"^x": {}});
        assert_eq!(Members::take(&mut t), None);
        assert!(t.get("patternProperties").is_some());
    }

    #[test]
    fn taking_leaves_the_rest_of_the_schema() {
        for closed in [true, false] {
            let original = schema(closed);
            let mut s = original.clone();
            let m = Members::take(&mut s).expect("taken");
            assert_eq!(m.closed, closed);
            assert_eq!(&*m.declared, ["a/b~c".into(), "id".into()] as [Box<str>; 2]);
            assert_eq!(m.type_name.as_deref(), Some("n.t"));
            assert!(s.get("patternProperties").is_none());
            assert!(s.get("additionalProperties").is_none());
            let (a, b) = (
                s.as_object().expect("object"),
                original.as_object().expect("object"),
            );
            assert_eq!(a.len() + if closed { 2 } else { 1 }, b.len());
            assert!(a.iter().all(|(k, v)| b.get(k) == Some(v)));
        }
    }
}
