//! Validation errors, classified so that the checker can give each kind its
//! own finding code.
//!
//! jsonschema reports keywords (`additionalProperties`, `type`, `enum`,
//! `pattern`); a docs writer needs to hear "unknown property", "wrong type",
//! "not one of the enum's members", "not a date-time". The mapping:
//!
//! | jsonschema error | [`SchemaErrorKind`] |
//! |---|---|
//! | `additionalProperties` / `unevaluatedProperties` | one `UnknownProperty` per name, its `instance_path` pointing at the property |
//! | `type` | `WrongType` |
//! | `enum` | `NotInEnum` |
//! | `pattern` of a flags enum | `NotInEnum` (the allowed values are the members) |
//! | `pattern` of `Int64`, `Decimal`, `Double` strings | `WrongType` (`"ten"` is not a number, it is not a badly formatted one) |
//! | `pattern` of `DateTimeOffset`, `Date`, `TimeOfDay`, `Duration`, `Guid` | `Pattern { format }`: `date-time`, `date`, `time-of-day`, `duration`, `uuid` |
//! | anything else (`minimum`, `maximum`, …) | `Other` |
//!
//! The subschema that failed is found by the error's schema path in the
//! shallow schema, whose `x-edm` / `x-enum` annotations say what it is.

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use super::edm::Primitive;
use super::typeset::TypeSet;

/// One reason a value does not match its type's schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// JSON pointer to the offending value (`/assignedLicenses/0/skuId`;
    /// for an unknown property, the property itself).
    pub instance_path: String,
    /// JSON pointer to the failing keyword in the (shallow) schema.
    pub schema_path: String,
    pub message: String,
    pub kind: SchemaErrorKind,
}

/// What kind of mismatch a [`SchemaError`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaErrorKind {
    /// A property the type does not declare (and the type is not open).
    UnknownProperty(String),
    /// `expected` JSON types (`["string", "null"]`), `actual` the value's
    /// (`integer` for integral numbers, else `number`).
    WrongType {
        expected: Vec<String>,
        actual: String,
    },
    /// `value` as written (strings without quotes), `allowed` the members.
    NotInEnum {
        value: String,
        allowed: Vec<String>,
    },
    /// A string in the wrong format: `date-time`, `date`, `time-of-day`,
    /// `duration`, `uuid`, or `pattern` for a pattern of unknown meaning.
    Pattern {
        format: String,
    },
    Other,
}

impl SchemaErrorKind {
    /// A short stable name: `unknown-property`, `wrong-type`, `not-in-enum`,
    /// `pattern`, `other`.
    pub fn as_str(&self) -> &'static str {
        match self {
            SchemaErrorKind::UnknownProperty(_) => "unknown-property",
            SchemaErrorKind::WrongType { .. } => "wrong-type",
            SchemaErrorKind::NotInEnum { .. } => "not-in-enum",
            SchemaErrorKind::Pattern { .. } => "pattern",
            SchemaErrorKind::Other => "other",
        }
    }
}

impl SchemaError {
    /// The same error for a value nested at `prefix` (a JSON pointer).
    pub fn under(mut self, prefix: &str) -> SchemaError {
        self.instance_path.insert_str(0, prefix);
        self
    }
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.instance_path.is_empty() {
            "/"
        } else {
            &self.instance_path
        };
        write!(f, "{at}: {}", self.message)
    }
}

/// Escapes a property name as a JSON pointer segment.
pub(crate) fn pointer_segment(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The JSON type name of a value, `integer` for integral numbers.
pub(crate) fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A value as a message shows it: strings bare, the rest as JSON.
fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Turns one jsonschema error into one or more [`SchemaError`]s. `schema` is
/// the schema the error came from; `types` resolves `x-enum` names.
pub(crate) fn classify(
    err: &ValidationError<'_>,
    schema: &Value,
    types: &TypeSet,
    out: &mut Vec<SchemaError>,
) {
    let instance_path = err.instance_path().as_str().to_string();
    let schema_path = err.schema_path().as_str().to_string();
    let instance = err.instance();
    let make = |kind: SchemaErrorKind, message: String| SchemaError {
        instance_path: instance_path.clone(),
        schema_path: schema_path.clone(),
        message,
        kind,
    };
    match err.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let type_name = schema
                .get("x-type")
                .and_then(Value::as_str)
                .map(|t| format!(" by {t}"))
                .unwrap_or_default();
            for name in unexpected {
                out.push(SchemaError {
                    instance_path: format!("{instance_path}/{}", pointer_segment(name)),
                    schema_path: schema_path.clone(),
                    message: format!("property `{name}` is not declared{type_name}"),
                    kind: SchemaErrorKind::UnknownProperty(name.clone()),
                });
            }
        }
        ValidationErrorKind::Type { kind } => {
            // The schema's own order (`["string", "null"]`) reads better than
            // jsonschema's canonical one.
            let declared = subschema(schema, &schema_path)
                .and_then(|s| s.get("type"))
                .map(|t| match t {
                    Value::String(s) => vec![s.clone()],
                    Value::Array(a) => a
                        .iter()
                        .filter_map(Value::as_str)
                        .map(String::from)
                        .collect(),
                    _ => Vec::new(),
                })
                .filter(|v| !v.is_empty());
            let expected: Vec<String> = declared.unwrap_or_else(|| match kind {
                TypeKind::Single(t) => vec![t.as_str().to_string()],
                TypeKind::Multiple(set) => set.iter().map(|t| t.as_str().to_string()).collect(),
            });
            let actual = json_type(instance).to_string();
            let message = format!(
                "{} is {actual}, expected {}",
                truncate(&instance.to_string()),
                expected.join(" or ")
            );
            out.push(make(
                SchemaErrorKind::WrongType { expected, actual },
                message,
            ));
        }
        ValidationErrorKind::Enum { options } => {
            let allowed = options
                .as_array()
                .map(|a| a.iter().filter(|v| !v.is_null()).map(display).collect())
                .unwrap_or_default();
            out.push(make(
                SchemaErrorKind::NotInEnum {
                    value: display(instance),
                    allowed,
                },
                err.to_string(),
            ));
        }
        ValidationErrorKind::Pattern { pattern } => {
            out.push(classify_pattern(
                instance,
                pattern,
                subschema(schema, &schema_path),
                types,
                make,
            ));
        }
        _ => out.push(make(SchemaErrorKind::Other, err.to_string())),
    }
}

/// The subschema holding the failing keyword: the schema path minus its
/// last segment.
fn subschema<'s>(schema: &'s Value, schema_path: &str) -> Option<&'s Value> {
    let parent = schema_path.rsplit_once('/').map_or("", |(p, _)| p);
    schema.pointer(parent)
}

fn classify_pattern(
    instance: &Value,
    pattern: &str,
    sub: Option<&Value>,
    types: &TypeSet,
    make: impl Fn(SchemaErrorKind, String) -> SchemaError,
) -> SchemaError {
    let value = display(instance);
    if let Some(e) = sub
        .and_then(|s| s.get("x-enum"))
        .and_then(Value::as_str)
        .and_then(|n| types.get(n))
    {
        let message = format!(
            "`{value}` is not a comma-separated list of {} members",
            e.name
        );
        return make(
            SchemaErrorKind::NotInEnum {
                value,
                allowed: e.members.clone(),
            },
            message,
        );
    }
    let primitive = sub
        .and_then(|s| s.get("x-edm"))
        .and_then(Value::as_str)
        .and_then(Primitive::from_edm)
        .or_else(|| primitive_of_pattern(pattern));
    let Some(p) = primitive else {
        return make(
            SchemaErrorKind::Pattern {
                format: "pattern".into(),
            },
            format!("`{value}` does not match {pattern}"),
        );
    };
    if let Some(numeric) = p.numeric_type() {
        let message = format!(
            "`{value}` is a string, expected {numeric} ({} strings may only be {})",
            p.edm_name(),
            match p {
                Primitive::Int64 => "digits",
                Primitive::Decimal => "decimal literals",
                _ => "NaN, INF or -INF",
            }
        );
        return make(
            SchemaErrorKind::WrongType {
                expected: vec![numeric.to_string()],
                actual: "string".into(),
            },
            message,
        );
    }
    let format = p.format_name().unwrap_or("pattern");
    make(
        SchemaErrorKind::Pattern {
            format: format.into(),
        },
        format!("`{value}` is not a valid {format} ({})", p.edm_name()),
    )
}

/// Recognises the fixed Edm patterns when no annotation is at hand.
fn primitive_of_pattern(pattern: &str) -> Option<Primitive> {
    use super::edm::*;
    [
        (DATE_TIME, Primitive::DateTimeOffset),
        (DATE, Primitive::Date),
        (TIME_OF_DAY, Primitive::TimeOfDay),
        (DURATION, Primitive::Duration),
        (GUID, Primitive::Guid),
        (INT64_STRING, Primitive::Int64),
        (DECIMAL_STRING, Primitive::Decimal),
        (DOUBLE_STRING, Primitive::Double),
    ]
    .into_iter()
    .find_map(|(p, prim)| (p == pattern).then_some(prim))
}

/// An instance quoted in a validation message: its first 60 characters.
fn truncate(s: &str) -> String {
    crate::outcome::clip(s, 60).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn errors(schema: &Value, v: &Value) -> Vec<SchemaError> {
        let types = TypeSet::default();
        let validator = jsonschema::draft202012::new(schema).expect("compiles");
        let mut out = Vec::new();
        for e in validator.iter_errors(v) {
            classify(&e, schema, &types, &mut out);
        }
        out
    }

    #[test]
    fn unknown_properties_point_at_themselves() {
        let schema =
            json!({"properties": {"a": {}}, "additionalProperties": false, "x-type": "n.t"});
        let e = errors(&schema, &json!({"a": 1, "b/c": 2, "d": 3}));
        let got: Vec<(&str, &SchemaErrorKind)> = e
            .iter()
            .map(|e| (e.instance_path.as_str(), &e.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("/b~1c", &SchemaErrorKind::UnknownProperty("b/c".into())),
                ("/d", &SchemaErrorKind::UnknownProperty("d".into()))
            ]
        );
        assert_eq!(e[1].schema_path, "/additionalProperties");
        assert_eq!(e[1].message, "property `d` is not declared by n.t");
    }

    #[test]
    fn wrong_types_name_both_sides() {
        let schema = json!({"properties": {"n": {"type": ["string", "null"]}}});
        let e = errors(&schema, &json!({"n": 3}));
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].instance_path, "/n");
        assert_eq!(e[0].schema_path, "/properties/n/type");
        assert_eq!(
            e[0].kind,
            SchemaErrorKind::WrongType {
                expected: vec!["string".into(), "null".into()],
                actual: "integer".into()
            }
        );
        assert_eq!(e[0].message, "3 is integer, expected string or null");
    }

    #[test]
    fn enum_and_primitive_patterns() {
        let schema = json!({"properties": {
            "e": {"enum": ["low", "high", null]},
            "d": Primitive::DateTimeOffset.schema(false),
            "t": Primitive::Duration.schema(false),
            "i": Primitive::Int64.schema(true),
            "x": {"pattern": "^a$"}
        }});
        let e = errors(
            &schema,
            &json!({"e": "mid", "d": "2021-07-09", "t": "1h", "i": "ten", "x": "b"}),
        );
        let kinds: Vec<&SchemaErrorKind> = e.iter().map(|e| &e.kind).collect();
        assert_eq!(
            kinds,
            [
                &SchemaErrorKind::NotInEnum {
                    value: "mid".into(),
                    allowed: vec!["low".into(), "high".into()]
                },
                &SchemaErrorKind::Pattern {
                    format: "date-time".into()
                },
                &SchemaErrorKind::Pattern {
                    format: "duration".into()
                },
                &SchemaErrorKind::WrongType {
                    expected: vec!["integer".into()],
                    actual: "string".into()
                },
                &SchemaErrorKind::Pattern {
                    format: "pattern".into()
                },
            ]
        );
        assert_eq!(
            e[1].message,
            "`2021-07-09` is not a valid date-time (Edm.DateTimeOffset)"
        );
    }

    #[test]
    fn everything_else_is_other() {
        let e = errors(&Primitive::Int32.schema(false), &json!(1_i64 << 40));
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].kind, SchemaErrorKind::Other);
        assert_eq!(e[0].kind.as_str(), "other");
    }

    #[test]
    fn nesting_prefixes_the_path() {
        let e = SchemaError {
            instance_path: "/a".into(),
            schema_path: String::new(),
            message: "m".into(),
            kind: SchemaErrorKind::Other,
        }
        .under("/value/3");
        assert_eq!(e.instance_path, "/value/3/a");
        assert_eq!(e.to_string(), "/value/3/a: m");
    }
}
