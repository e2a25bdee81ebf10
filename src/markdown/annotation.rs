//! Annotation comments: `<!-- { "blockType": "request", "name": "x" } -->`.
//!
//! Real annotations are hand-written: trailing commas, unquoted keys, raw
//! newlines in strings. They are read strictly first and leniently after, and
//! the strict error is kept so that it can be reported.

use serde_json::Value;

use crate::json::{self, JsonError, JsonOutcome};

/// A parsed annotation. Field names follow the annotation keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotation {
    /// `blockType`, lowercased.
    pub block_type: Option<String>,
    /// `name`: a string, or an array of strings (one response for several requests).
    pub names: Vec<String>,
    /// `@odata.type`, also spelled `@type`.
    pub odata_type: Option<String>,
    pub truncated: bool,
    pub is_collection: bool,
    pub key_property: Option<String>,
    pub base_type: Option<String>,
    pub open_type: Option<bool>,
    pub optional_properties: Vec<String>,
    /// `"type": "#page.annotation"` marks the page annotation.
    pub is_page_annotation: bool,
    pub suppressions: Vec<String>,
    /// The whole annotation as read.
    pub raw: Value,
}

/// Reading a comment as an annotation.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// The comment is not an annotation (it does not start with `{`).
    NotAnnotation,
    /// An annotation; `strict_error` is set when it is not strict JSON, with
    /// an offset into the comment's inner text.
    Annotation {
        annotation: Box<Annotation>,
        strict_error: Option<JsonError>,
    },
    /// Looks like an annotation, but no JSON object could be recovered.
    Unreadable { error: JsonError },
}

/// Reads the inner text of an HTML comment.
pub fn read(inner: &str) -> Reading {
    let trimmed = inner.trim_start();
    if !trimmed.starts_with('{') {
        return Reading::NotAnnotation;
    }
    let lead = inner.len() - trimmed.len();
    let body = trimmed.trim_end();
    let shift = |mut e: JsonError| {
        e.offset += lead;
        e
    };
    let (value, strict_error) = match json::parse(body) {
        JsonOutcome::Strict(v) => (v, None),
        JsonOutcome::Repaired { value, error } => (value, Some(shift(error))),
        JsonOutcome::Broken { error } => {
            return Reading::Unreadable {
                error: shift(error),
            };
        }
    };
    let Value::Object(map) = &value else {
        return Reading::Unreadable {
            error: JsonError {
                offset: lead,
                message: "an annotation must be a JSON object".into(),
            },
        };
    };
    let string = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_string);
    let flag = |k: &str| map.get(k).and_then(as_bool);
    let strings = |k: &str| -> Vec<String> {
        match map.get(k) {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        }
    };
    let annotation = Annotation {
        block_type: string("blockType").map(|s| s.trim().to_ascii_lowercase()),
        names: strings("name")
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        odata_type: string("@odata.type").or_else(|| string("@type")),
        truncated: flag("truncated").unwrap_or(false),
        is_collection: flag("isCollection").unwrap_or(false),
        key_property: string("keyProperty"),
        base_type: string("baseType"),
        open_type: flag("openType"),
        optional_properties: strings("optionalProperties"),
        is_page_annotation: string("type")
            .is_some_and(|t| t.eq_ignore_ascii_case("#page.annotation")),
        suppressions: strings("suppressions"),
        raw: value.clone(),
    };
    Reading::Annotation {
        annotation: Box::new(annotation),
        strict_error,
    }
}

/// `true`, `"true"` and `"True"` all occur.
fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotation(inner: &str) -> (Annotation, Option<JsonError>) {
        match read(inner) {
            Reading::Annotation {
                annotation,
                strict_error,
            } => (*annotation, strict_error),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn strict_request_annotation() {
        let (a, err) =
            annotation(" {\n  \"blockType\": \"request\",\n  \"name\": \"get_user\"\n} ");
        assert_eq!(a.block_type.as_deref(), Some("request"));
        assert_eq!(a.names, ["get_user"]);
        assert!(err.is_none());
    }

    #[test]
    fn lenient_annotation_keeps_the_error_position() {
        let inner = " {\n  blockType: \"response\",\n  \"truncated\": true,\n  \"@type\": \"microsoft.graph.user\",\n} ";
        let (a, err) = annotation(inner);
        assert_eq!(a.block_type.as_deref(), Some("response"));
        assert!(a.truncated);
        assert_eq!(a.odata_type.as_deref(), Some("microsoft.graph.user"));
        let err = err.expect("not strict");
        assert_eq!(&inner[err.offset..err.offset + 1], "b", "{err:?}");
    }

    #[test]
    fn array_names_and_page_annotation() {
        let (a, _) = annotation("{\"blockType\": \"response\", \"name\": [\"a\", \"b\"]}");
        assert_eq!(a.names, ["a", "b"]);
        let (p, _) =
            annotation("{\"type\": \"#page.annotation\", \"suppressions\": [\"Error: x\"]}");
        assert!(p.is_page_annotation);
        assert_eq!(p.suppressions, ["Error: x"]);
    }

    #[test]
    fn plain_comments_are_not_annotations() {
        assert_eq!(read(" uuid: 8fcb5dbc "), Reading::NotAnnotation);
        assert!(matches!(
            read("{ \"blockType\": <x> }"),
            Reading::Unreadable { .. }
        ));
        assert!(matches!(read("{ ] "), Reading::Unreadable { .. }));
    }
}
