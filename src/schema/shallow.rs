//! Shallow schemas: what the checker validates one JSON object against.
//!
//! A shallow schema describes one object of one type and nothing below it:
//! own and inherited properties flattened (no `allOf`, no `$ref`), primitives
//! and enums fully, and every structured property (complex or entity,
//! navigation included) only as "an object" or "an array of objects". The
//! checker walks nested objects itself and picks each one's effective type
//! from its `@odata.type` ([`TypeSet::effective_type`]), which a `$ref` to the
//! declared type could not do. Without `$ref`s a schema compiles on its own,
//! in well under a millisecond, so validators can be built lazily per type.
//!
//! Undeclared properties are rejected (`additionalProperties: false`) unless
//! the type or a base is open; OData control information is always allowed:
//! see [`control_properties`].

use serde_json::{Map, Value, json};

use super::edm::{Primitive, type_value};
use super::typeset::{NamedKind, NamedType, TypeRef, TypeSet};

/// The draft every generated schema declares.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// `patternProperties` that admit OData control information and annotations:
/// `@odata.context`, `@odata.etag`, `@microsoft.graph.tips` (any name
/// starting with `@`) and property annotations such as `manager@odata.bind`,
/// `photo@odata.mediaEtag`, `file@microsoft.graph.conflictBehavior`.
///
/// An annotation is typed by OData's rules for its term, never by the
/// property it annotates (`squareLogo@odata.mediaReadLink` is a URL whatever
/// `squareLogo` is): the links (`id`, `readLink`, `editLink`,
/// `navigationLink`, `associationLink`, `mediaReadLink`, `mediaEditLink`,
/// `nextLink`, `deltaLink`) are URLs, a string or `null` (no such link);
/// `mediaContentType` and `mediaEtag` likewise; `context`, `type` and `etag`
/// are strings; `count` is an integer. Other terms (`@odata.bind`, instance
/// annotations such as `@microsoft.graph.conflictBehavior`) may hold any
/// value.
pub fn control_properties() -> Value {
    json!({
        "^@": {},
        "^[^@]+@[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+$": {},
        ANNOTATION_LINKS: {"type": ["string", "null"]},
        "@odata\\.(context|type|etag)$": {"type": "string"},
        "@odata\\.count$": {"type": "integer"}
    })
}

/// The `@odata` annotations whose value is a URL (or `null`), and the media
/// stream's content type and ETag, which may be `null` as well.
pub(crate) const ANNOTATION_LINKS: &str = "@odata\\.(id|nextLink|deltaLink|readLink|editLink|navigationLink|associationLink|mediaReadLink|mediaEditLink|mediaContentType|mediaEtag)$";

/// The annotation term of a member name: `@odata.mediaReadLink` for
/// `squareLogo@odata.mediaReadLink` and for `@odata.mediaReadLink`; `None`
/// for a property.
pub fn annotation_term(member: &str) -> Option<&str> {
    member.find('@').map(|i| &member[i..])
}

/// The shallow schema of a structured type, enum or `Edm.*` primitive;
/// `None` for a name the set does not define.
pub fn shallow_schema(types: &TypeSet, name: &str) -> Option<Value> {
    if let Some(p) = Primitive::from_edm(name.trim()) {
        return Some(with_draft(p.schema(false)));
    }
    let t = types.get(name)?;
    if t.kind == NamedKind::Enum {
        return Some(with_draft(enum_schema(t, false)));
    }
    let mut properties = Map::new();
    for p in types.all_properties(&t.name) {
        properties.insert(
            p.name.clone(),
            shallow_value(types, &p.type_ref, p.nullable),
        );
    }
    let mut m = Map::new();
    m.insert("$schema".into(), DRAFT_2020_12.into());
    m.insert("type".into(), "object".into());
    m.insert("properties".into(), Value::Object(properties));
    m.insert("patternProperties".into(), control_properties());
    if !types.is_open(&t.name) {
        m.insert("additionalProperties".into(), false.into());
    }
    m.insert("x-type".into(), t.name.clone().into());
    Some(Value::Object(m))
}

fn with_draft(schema: Value) -> Value {
    let mut m = Map::new();
    m.insert("$schema".into(), DRAFT_2020_12.into());
    if let Value::Object(o) = schema {
        m.extend(o);
    }
    Value::Object(m)
}

/// Graph's type for a property that holds any JSON value.
pub const JSON_TYPE: &str = "microsoft.graph.Json";

/// A property value: primitives and enums in full, structured types as bare
/// objects, unresolved names as `{}`. A nullable collection may be `null`
/// instead of an array; its elements may not.
fn shallow_value(types: &TypeSet, r: &TypeRef, nullable: bool) -> Value {
    if r.collection {
        let items = shallow_single(types, &r.name, false);
        return json!({ "type": type_value(&["array"], nullable), "items": items });
    }
    shallow_single(types, &r.name, nullable)
}

fn shallow_single(types: &TypeSet, name: &str, nullable: bool) -> Value {
    if let Some(p) = Primitive::from_edm(name) {
        return p.schema(nullable);
    }
    // `graph.Json` is declared as a complex type without properties, but
    // holds any JSON value: a workbook range's 2-D arrays, a number, a string.
    if name == JSON_TYPE {
        return json!({});
    }
    match types.get(name) {
        Some(t) if t.kind == NamedKind::Enum => enum_schema(t, nullable),
        Some(_) => json!({ "type": type_value(&["object"], nullable) }),
        None => json!({}),
    }
}

/// An enum value: one of the member names; for an `IsFlags` enum a
/// comma-separated list of them; for an enum the docs name without members,
/// any string. Each carries `x-enum` with the type's name, which error
/// classification reads back.
pub fn enum_schema(t: &NamedType, nullable: bool) -> Value {
    let mut m = Map::new();
    if t.members.is_empty() {
        m.insert("type".into(), type_value(&["string"], nullable));
    } else if t.is_flags {
        let alt = t
            .members
            .iter()
            .map(|n| regex_escape(n))
            .collect::<Vec<_>>()
            .join("|");
        m.insert("type".into(), type_value(&["string"], nullable));
        m.insert("pattern".into(), format!("^({alt})( *, *({alt}))*$").into());
        m.insert("x-flags".into(), true.into());
    } else {
        let mut values: Vec<Value> = t.members.iter().map(|n| Value::from(n.as_str())).collect();
        if nullable {
            values.push(Value::Null);
        }
        m.insert("enum".into(), Value::Array(values));
    }
    m.insert("x-enum".into(), t.name.clone().into());
    Value::Object(m)
}

/// Escapes the characters an ECMA-262 pattern treats specially.
pub(crate) fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::from_csdl::tests::small_set;

    fn valid(schema: &Value, v: &Value) -> bool {
        jsonschema::draft202012::is_valid(schema, v)
    }

    #[test]
    fn flattens_inherited_properties_and_has_no_refs() {
        let s = small_set();
        let user = shallow_schema(&s, "microsoft.graph.user").expect("user");
        let props = user["properties"].as_object().expect("properties");
        for p in [
            "id",
            "deletedDateTime",
            "displayName",
            "manager",
            "memberOf",
        ] {
            assert!(props.contains_key(p), "{p} missing");
        }
        assert!(!user.to_string().contains("$ref"));
        assert!(!user.to_string().contains("allOf"));
        assert_eq!(user["additionalProperties"], json!(false));
        assert_eq!(
            props["mailboxSettings"],
            json!({"type": ["object", "null"]})
        );
        assert_eq!(
            props["assignedLicenses"],
            json!({"type": "array", "items": {"type": "object"}})
        );
        assert_eq!(props["id"]["type"], json!("string"));
        assert_eq!(props["ghost"], json!({}));
    }

    #[test]
    fn validates_one_level_only() {
        let s = small_set();
        let user = shallow_schema(&s, "microsoft.graph.user").expect("user");
        let body = json!({
            "@odata.context": "https://graph.microsoft.com/beta/$metadata#users/$entity",
            "id": "1",
            "displayName": null,
            "businessPhones": ["+1 555"],
            "assignedLicenses": [{"skuId": "not checked here", "whatever": 1}],
            "manager@odata.bind": "https://graph.microsoft.com/v1.0/users/2",
            "importance": "high",
            "workDays": "monday,tuesday",
            "ghost": [1, 2],
            "@microsoft.graph.tips": "x"
        });
        assert!(valid(&user, &body));
        assert!(!valid(&user, &json!({"id": null})), "id is not nullable");
        assert!(!valid(&user, &json!({"businessPhones": null})));
        assert!(!valid(&user, &json!({"nickname": "x"})));
        assert!(!valid(&user, &json!({"importance": "urgent"})));
        assert!(!valid(&user, &json!({"workDays": "monday,funday"})));
        assert!(!valid(&user, &json!({"@odata.count": "3"})));
        assert!(valid(&user, &json!({"importance": null})));
    }

    #[test]
    fn open_types_and_their_derived_types_take_anything() {
        let s = small_set();
        let group = shallow_schema(&s, "microsoft.graph.group").expect("group");
        assert!(group.get("additionalProperties").is_none());
        assert!(valid(
            &group,
            &json!({"displayName": "g", "extension_abc": 1})
        ));
        assert!(!valid(&group, &json!({"displayName": 1})));
    }

    #[test]
    fn enums_and_primitives_by_name() {
        let s = small_set();
        let imp = shallow_schema(&s, "microsoft.graph.importance").expect("enum");
        assert!(valid(&imp, &json!("low")) && !valid(&imp, &json!("Low")));
        assert!(!valid(&imp, &Value::Null));
        let flags = shallow_schema(&s, "microsoft.graph.dayFlags").expect("flags");
        assert!(valid(&flags, &json!("monday")));
        assert!(valid(&flags, &json!("monday, tuesday")));
        assert!(!valid(&flags, &json!("monday,")));
        let dur = shallow_schema(&s, "Edm.Duration").expect("primitive");
        assert!(valid(&dur, &json!("PT0.5S")));
        assert!(shallow_schema(&s, "microsoft.graph.nowhere").is_none());
    }

    #[test]
    fn control_patterns_do_not_admit_plain_names() {
        let schema =
            json!({"patternProperties": control_properties(), "additionalProperties": false});
        for ok in [
            "@odata.context",
            "@odata.etag",
            "@microsoft.graph.tips",
            "manager@odata.bind",
            "members@odata.nextLink",
            "file@microsoft.graph.conflictBehavior",
        ] {
            assert!(valid(&schema, &json!({ ok: "x" })), "{ok}");
        }
        for bad in ["odata.context", "name", "a@b", "x@"] {
            assert!(!valid(&schema, &json!({ bad: "x" })), "{bad}");
        }
        assert!(valid(&schema, &json!({"@odata.count": 3})));
        assert!(!valid(&schema, &json!({"@odata.nextLink": 3})));
        // Annotations follow their term, not the property they annotate.
        for (member, value, ok) in [
            ("squareLogo@odata.mediaReadLink", json!(null), true),
            (
                "squareLogo@odata.mediaEditLink",
                json!("https://x/logo"),
                true,
            ),
            ("squareLogo@odata.mediaContentType", json!(null), true),
            ("manager@odata.navigationLink", json!(null), true),
            ("@odata.id", json!(null), true),
            ("@odata.nextLink", json!(null), true),
            ("file@microsoft.graph.conflictBehavior", json!(3), true),
            ("manager@odata.bind", json!(["https://x/users/1"]), true),
            ("squareLogo@odata.mediaReadLink", json!(42), false),
            ("@odata.type", json!(null), false),
            ("@odata.etag", json!(7), false),
            ("members@odata.count", json!("3"), false),
        ] {
            assert_eq!(
                valid(&schema, &json!({ member: value })),
                ok,
                "{member}: {value}"
            );
        }
        assert_eq!(
            annotation_term("squareLogo@odata.mediaReadLink"),
            Some("@odata.mediaReadLink")
        );
        assert_eq!(annotation_term("@odata.count"), Some("@odata.count"));
        assert_eq!(annotation_term("squareLogo"), None);
    }

    #[test]
    fn escaping() {
        assert_eq!(regex_escape("a.b-c(d)"), "a\\.b-c\\(d\\)");
    }
}
