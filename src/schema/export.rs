//! Full JSON Schemas, one document per type, for export.
//!
//! **Identifiers.** Every document's `$id` is
//! `https://mdcontract.dev/schema/<source>/<qualified name>.json`, where
//! `<source>` is the [`TypeSet`]'s label (`beta`, `v1.0`, `docs-v1.0`). The
//! files are written flat, `<out>/<qualified name>.json`, so a `$ref` is the
//! bare file name (`microsoft.graph.recipient.json`) and resolves the same
//! against the `$id` or against the file's location on disk.
//!
//! **Inheritance.** A structured type's document holds its own properties in
//! `$defs/members`, and `allOf: [{"$ref": "<base>.json#/$defs/members"}]`
//! pulls in the base's. The document's root is `{"$ref": "#/$defs/members",
//! "unevaluatedProperties": false}` (unless the type or a base is open).
//! The `allOf` points at the base's `members`, not at the base document: the
//! base root's own `unevaluatedProperties: false` only sees the base's
//! properties and would reject every property the derived type adds.
//!
//! **Derived values.** A complex value declared as a base type may be any
//! derived type, named by its `@odata.type` (a `conditions` property holding
//! a derived condition set). The root of a complex type with derived types
//! therefore also has `allOf: [{"$ref": "#/$defs/derived"}]`, where
//! `derived` holds, per direct derived type, `if @odata.type names it then
//! $ref it`, and a `$ref` to that type's own `$defs/derived` for the types
//! below it (so each document names its children only: the export is linear
//! in the number of types); the annotations of the `then` count as
//! evaluated, so the derived properties pass `unevaluatedProperties`.
//!
//! **Navigation properties** are `{"type": ["object", "null"]}` (or arrays of
//! objects) annotated `x-navigation: <target type>`, not `$ref`s, and entity
//! types get no derived-type dispatch. Navigation values only appear under
//! `$expand`, and linking them makes every document reach the whole entity
//! graph: with them, compiling `microsoft.graph.user` from the beta export
//! through a jsonschema 0.61 registry took over two minutes (its `$ref`
//! cache is keyed by dynamic scope, which changes with every file crossed),
//! and `microsoft.graph.entity`, dispatching to 1,300 derived types, 91 s.
//! Without them every type compiles in milliseconds. The checker's shallow
//! schemas validate expanded values type by type instead.
//!
//! **Annotations.** `title` is the qualified name; `x-kind`, `x-base-type`,
//! `x-abstract`, `x-open`, `x-keys` say what CSDL said; primitives carry
//! `x-edm` (see `edm.rs`), unresolved names `x-unresolved`. OData control
//! information is admitted by `patternProperties` (see
//! [`super::shallow::control_properties`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::edm::{Primitive, type_value};
use super::shallow::{DRAFT_2020_12, control_properties, enum_schema};
use super::typeset::{NamedKind, NamedType, TypeRef, TypeSet};

/// Prefix of every exported `$id`.
pub const ID_BASE: &str = "https://mdcontract.dev/schema/";

/// The `$id` of a type's document (the name as given; see [`TypeSet::get`]
/// for the canonical spelling).
pub fn schema_id(types: &TypeSet, qualified_name: &str) -> String {
    format!("{ID_BASE}{}/{}", types.source(), file_name(qualified_name))
}

/// `microsoft.graph.user` → `microsoft.graph.user.json`.
pub fn file_name(qualified_name: &str) -> String {
    format!("{qualified_name}.json")
}

/// The full document of a structured or enum type; `None` for unknown names.
pub fn export_schema(types: &TypeSet, name: &str) -> Option<Value> {
    let t = types.get(name)?;
    let mut m = Map::new();
    m.insert("$schema".into(), DRAFT_2020_12.into());
    m.insert("$id".into(), schema_id(types, &t.name).into());
    m.insert("title".into(), t.name.clone().into());
    m.insert("x-kind".into(), t.kind.as_str().into());
    if t.kind == NamedKind::Enum {
        if let Value::Object(e) = enum_schema(t, false) {
            m.extend(e);
        }
        return Some(Value::Object(m));
    }
    structured(types, t, &mut m);
    Some(Value::Object(m))
}

fn structured(types: &TypeSet, t: &NamedType, m: &mut Map<String, Value>) {
    let base = t
        .base_type
        .as_deref()
        .and_then(|b| types.get(b))
        .filter(|b| b.is_structured());
    if let Some(b) = &t.base_type {
        m.insert("x-base-type".into(), b.clone().into());
    }
    if t.is_abstract {
        m.insert("x-abstract".into(), true.into());
    }
    let open = types.is_open(&t.name);
    if open {
        m.insert("x-open".into(), true.into());
    }
    let keys = types.key_of(&t.name);
    if t.kind == NamedKind::Entity && !keys.is_empty() {
        m.insert("x-keys".into(), json!(keys));
    }
    m.insert("$ref".into(), "#/$defs/members".into());
    let derived = if t.kind == NamedKind::Complex {
        types.direct_derived_types(&t.name)
    } else {
        Vec::new()
    };
    // The dispatch to derived types lists the direct ones and refers to
    // each one's own `$defs/derived` for theirs: every document names its
    // children only, so the export is linear in the number of types (listing
    // every descendant at every level was quadratic: a chain of 4,000
    // complex types wrote 2.7 GB). A child that is also an ancestor (a
    // `baseType` cycle in the docs) is not followed.
    let ancestors: Vec<&str> = types
        .base_chain(&t.name)
        .into_iter()
        .map(|a| a.name.as_str())
        .collect();
    let mut dispatch: Vec<Value> = Vec::new();
    for d in &derived {
        dispatch.push(json!({
            "if": {
                "properties": {"@odata.type": {"enum": [format!("#{}", d.name), d.name]}},
                "required": ["@odata.type"]
            },
            "then": {"$ref": file_name(&d.name)}
        }));
        if !ancestors.contains(&d.name.as_str()) && !types.direct_derived_types(&d.name).is_empty()
        {
            dispatch.push(json!({ "$ref": format!("{}#/$defs/derived", file_name(&d.name)) }));
        }
    }
    let has_dispatch = !dispatch.is_empty();
    if has_dispatch {
        m.insert("allOf".into(), json!([{ "$ref": "#/$defs/derived" }]));
    }
    if !open {
        m.insert("unevaluatedProperties".into(), false.into());
    }
    let mut properties = Map::new();
    for p in &t.properties {
        let schema = if p.navigation {
            navigation_value(types, &p.type_ref, p.nullable)
        } else {
            full_value(types, &p.type_ref, p.nullable)
        };
        properties.insert(p.name.clone(), schema);
    }
    let mut members = Map::new();
    members.insert("type".into(), "object".into());
    if let Some(b) = base {
        members.insert(
            "allOf".into(),
            json!([{ "$ref": format!("{}#/$defs/members", file_name(&b.name)) }]),
        );
    }
    members.insert("properties".into(), Value::Object(properties));
    members.insert("patternProperties".into(), control_properties());
    let mut defs = Map::new();
    defs.insert("members".into(), Value::Object(members));
    if has_dispatch {
        defs.insert("derived".into(), json!({ "allOf": dispatch }));
    }
    m.insert("$defs".into(), Value::Object(defs));
}

/// A navigation property: an object (or array of objects) whose type is
/// named, not linked (see the module doc).
fn navigation_value(types: &TypeSet, r: &TypeRef, nullable: bool) -> Value {
    let target = types
        .get(&r.name)
        .map_or(r.name.as_str(), |t| t.name.as_str());
    if r.collection {
        json!({
            "type": type_value(&["array"], nullable),
            "items": {"type": "object", "x-navigation": target}
        })
    } else {
        json!({ "type": type_value(&["object"], nullable), "x-navigation": target })
    }
}

/// A property value: primitives inline, enums and structured types by
/// `$ref`, unresolved names `{}`.
fn full_value(types: &TypeSet, r: &TypeRef, nullable: bool) -> Value {
    if r.collection {
        let items = full_single(types, &r.name, false, file_name);
        return json!({ "type": type_value(&["array"], nullable), "items": items });
    }
    full_single(types, &r.name, nullable, file_name)
}

fn full_single(
    types: &TypeSet,
    name: &str,
    nullable: bool,
    reference: impl Fn(&str) -> String,
) -> Value {
    if let Some(p) = Primitive::from_edm(name) {
        return p.schema(nullable);
    }
    match types.get(name) {
        Some(t) => {
            let r = json!({ "$ref": reference(&t.name) });
            if nullable {
                json!({ "anyOf": [r, {"type": "null"}] })
            } else {
                r
            }
        }
        None => json!({ "x-unresolved": name }),
    }
}

/// The schema of an OData collection response whose `value` holds
/// `item_type` values (a type of the set, by absolute `$ref`, or an `Edm.*`
/// primitive): `value` required, `@odata.context`, `@odata.nextLink`,
/// `@odata.deltaLink` strings, `@odata.count` an integer, other `@`
/// annotations allowed, nothing else.
pub fn collection_envelope(types: &TypeSet, item_type: &str) -> Value {
    let items = full_single(types, item_type, false, |n| schema_id(types, n));
    json!({
        "$schema": DRAFT_2020_12,
        "title": format!("Collection({item_type})"),
        "type": "object",
        "properties": {
            "value": {"type": "array", "items": items},
            "@odata.context": {"type": "string"},
            "@odata.nextLink": {"type": "string"},
            "@odata.deltaLink": {"type": "string"},
            "@odata.count": {"type": "integer"}
        },
        "required": ["value"],
        "patternProperties": {"^@": {}},
        "additionalProperties": false
    })
}

/// The index document: itself a JSON Schema whose `$defs` refer to every
/// type (`index.json#/$defs/microsoft.graph.user`), with an `x-types` list
/// of names, kinds and files, and the unresolved names.
pub fn index_schema(types: &TypeSet) -> Value {
    let mut defs = Map::new();
    let mut list = Vec::new();
    for t in types.types() {
        defs.insert(t.name.clone(), json!({ "$ref": file_name(&t.name) }));
        list.push(json!({ "name": t.name, "kind": t.kind.as_str(), "file": file_name(&t.name) }));
    }
    json!({
        "$schema": DRAFT_2020_12,
        "$id": format!("{ID_BASE}{}/index.json", types.source()),
        "title": format!("mdcontract schemas: {}", types.source()),
        "x-types": list,
        "x-unresolved": types.unresolved(),
        "$defs": defs
    })
}

/// What [`export_schemas`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportReport {
    pub dir: PathBuf,
    /// Type documents written (the index not included).
    pub schemas: usize,
    /// Bytes written, index included.
    pub bytes: u64,
    pub index: PathBuf,
}

/// Writes one pretty-printed document per type of the set into `out_dir`
/// (created if missing), plus `index.json`. Files are written in parallel.
pub fn export_schemas(types: &TypeSet, out_dir: &Path) -> Result<ExportReport, io::Error> {
    let names: Vec<&str> = types.types().map(|t| t.name.as_str()).collect();
    // Defence in depth: the callers validate names where they are read,
    // with file and line; whatever reaches here still never names a path
    // outside `out_dir`.
    if let Some(bad) = names.iter().find(|n| !is_safe_file_name(&file_name(n))) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "type name {} is not an OData qualified name; refusing to write it as a file",
                super::csdl::shown_name(bad)
            ),
        ));
    }
    fs::create_dir_all(out_dir)?;
    let bytes = names
        .par_iter()
        .map(|name| -> io::Result<u64> {
            let schema = export_schema(types, name).unwrap_or(Value::Null);
            write_json(&out_dir.join(file_name(name)), &schema)
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    let index = out_dir.join("index.json");
    let index_bytes = write_json(&index, &index_schema(types))?;
    Ok(ExportReport {
        dir: out_dir.to_path_buf(),
        schemas: names.len(),
        bytes: bytes + index_bytes,
        index,
    })
}

/// One plain file name of a qualified type name: no separator, not
/// absolute, no `..`, a single normal path component.
fn is_safe_file_name(file: &str) -> bool {
    let stem = file.strip_suffix(".json").unwrap_or(file);
    super::csdl::is_qualified_name(stem) && !file.contains(['/', '\\', '\0']) && {
        let mut c = Path::new(file).components();
        matches!(c.next(), Some(std::path::Component::Normal(_))) && c.next().is_none()
    }
}

fn write_json(path: &Path, value: &Value) -> io::Result<u64> {
    let mut text = serde_json::to_vec_pretty(value).map_err(io::Error::other)?;
    text.push(b'\n');
    fs::write(path, &text)?;
    Ok(text.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::from_csdl::tests::small_set;
    use jsonschema::Registry;

    /// A validator for `name`'s exported document with every document of
    /// the set registered under its `$id`.
    fn validator(types: &TypeSet, name: &str) -> jsonschema::Validator {
        let docs: Vec<(String, Value)> = types
            .types()
            .map(|t| {
                (
                    schema_id(types, &t.name),
                    export_schema(types, &t.name).expect("doc"),
                )
            })
            .collect();
        let registry = Registry::new()
            .extend(docs)
            .and_then(|b| b.prepare())
            .expect("registry");
        jsonschema::draft202012::options()
            .with_registry(&registry)
            .with_pattern_options(jsonschema::PatternOptions::regex())
            .build(&json!({ "$ref": schema_id(types, name) }))
            .expect("compiles")
    }

    /// A chain of `n` complex types, `t0` ← `t1` ← … (each with one
    /// property `p<i>`).
    fn chain(n: usize) -> TypeSet {
        let mut xml = String::from("<Schema Namespace=\"n\">\n");
        for i in 0..n {
            let base = if i == 0 {
                String::new()
            } else {
                format!(" BaseType=\"n.t{}\"", i - 1)
            };
            xml.push_str(&format!(
                "<ComplexType Name=\"t{i}\"{base}><Property Name=\"p{i}\" Type=\"Edm.Int32\"/></ComplexType>\n"
            ));
        }
        xml.push_str("</Schema>");
        let csdl = crate::schema::csdl::Csdl::parse(&xml).expect("chain parses");
        TypeSet::from_csdl(&csdl, "test")
    }

    fn exported_bytes(types: &TypeSet) -> usize {
        types
            .types()
            .map(|t| {
                serde_json::to_vec(&export_schema(types, &t.name).expect("doc"))
                    .expect("serialises")
                    .len()
            })
            .sum()
    }

    #[test]
    fn output_is_linear_in_inheritance_depth() {
        let (small, large) = (exported_bytes(&chain(1_000)), exported_bytes(&chain(2_000)));
        let ratio = large as f64 / small as f64;
        assert!(
            ratio < 2.5,
            "1,000 types: {small} bytes, 2,000: {large} ({ratio:.2}x)"
        );
    }

    #[test]
    fn a_value_of_a_type_two_levels_down_is_dispatched_and_checked() {
        let types = chain(4);
        let v = validator(&types, "n.t0");
        assert!(v.is_valid(&json!({"@odata.type": "#n.t3", "p0": 1, "p2": 2, "p3": 3})));
        assert!(!v.is_valid(&json!({"@odata.type": "#n.t3", "p3": "three"})));
        assert!(!v.is_valid(&json!({"@odata.type": "#n.t2", "p3": 3})));
        assert!(!v.is_valid(&json!({"p1": 1})));
        assert!(v.is_valid(&json!({"@odata.type": "#n.t1", "p1": 1})));
    }

    #[test]
    fn documents_are_valid_2020_12_schemas() {
        let s = small_set();
        for t in s.types() {
            let doc = export_schema(&s, &t.name).expect("doc");
            jsonschema::meta::validate(&doc).unwrap_or_else(|e| panic!("{}: {e}", t.name));
        }
        jsonschema::meta::validate(&index_schema(&s)).expect("index");
        jsonschema::meta::validate(&collection_envelope(&s, "microsoft.graph.user"))
            .expect("envelope");
    }

    #[test]
    fn inheritance_by_members_and_closed_roots() {
        let s = small_set();
        let user = export_schema(&s, "microsoft.graph.user").expect("user");
        assert_eq!(
            user["$id"],
            "https://mdcontract.dev/schema/test/microsoft.graph.user.json"
        );
        assert_eq!(user["$ref"], "#/$defs/members");
        assert_eq!(user["unevaluatedProperties"], false);
        assert_eq!(
            user["$defs"]["members"]["allOf"],
            json!([{"$ref": "microsoft.graph.directoryObject.json#/$defs/members"}])
        );
        assert_eq!(user["x-keys"], json!(["id"]));
        let props = &user["$defs"]["members"]["properties"];
        assert_eq!(
            props["mailboxSettings"],
            json!({"anyOf": [{"$ref": "microsoft.graph.mailboxSettings.json"}, {"type": "null"}]})
        );
        assert_eq!(
            props["assignedLicenses"],
            json!({"type": "array", "items": {"$ref": "microsoft.graph.assignedLicense.json"}})
        );
        assert_eq!(
            props["ghost"],
            json!({"x-unresolved": "microsoft.graph.nowhere"})
        );
        let group = export_schema(&s, "microsoft.graph.group").expect("group");
        assert!(group.get("unevaluatedProperties").is_none());
        assert_eq!(group["x-open"], true);
        let entity = export_schema(&s, "microsoft.graph.entity").expect("entity");
        assert_eq!(entity["x-abstract"], true);
        assert!(
            entity.get("allOf").is_none(),
            "no dispatch for entity types"
        );
        let settings = export_schema(&s, "microsoft.graph.mailboxSettings").expect("complex");
        assert_eq!(
            settings["$defs"]["derived"]["allOf"][0]["then"],
            json!({"$ref": "microsoft.graph.outlookMailboxSettings.json"})
        );
        assert_eq!(
            props["manager"],
            json!({"type": ["object", "null"], "x-navigation": "microsoft.graph.directoryObject"})
        );
        assert_eq!(
            props["memberOf"]["items"],
            json!({"type": "object", "x-navigation": "microsoft.graph.directoryObject"})
        );
    }

    #[test]
    fn refs_resolve_and_nested_values_are_checked() {
        let s = small_set();
        let v = validator(&s, "microsoft.graph.user");
        let good = json!({
            "@odata.context": "https://graph.microsoft.com/beta/$metadata#users/$entity",
            "id": "1",
            "displayName": "Adele",
            "deletedDateTime": null,
            "businessPhones": [],
            "assignedLicenses": [{"disabledPlans": [], "skuId": "8f1e7e8e-0b2a-4bd2-9f5c-3c1d0a9b7e6f"}],
            "mailboxSettings": {"workingHoursStart": "08:00:00.0000000", "retention": "PT0.5S", "ratio": "NaN"},
            "importance": "high",
            "manager": {"@odata.type": "#microsoft.graph.user", "id": "2", "displayName": "Boss"}
        });
        let errors: Vec<String> = v.iter_errors(&good).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
        for bad in [
            json!({"assignedLicenses": [{"skuId": "nope"}]}),
            json!({"assignedLicenses": [{"extra": 1}]}),
            json!({"nickname": "x"}),
            json!({"id": null}),
            json!({"mailboxSettings": {"ratio": null}}),
            json!({"manager": "2"}),
            json!({"mailboxSettings": {"language": "only the derived type has it"}}),
        ] {
            assert!(!v.is_valid(&bad), "{bad}");
        }
        // A derived complex value, named by @odata.type, keeps its own properties.
        let outlook = json!({"mailboxSettings": {"@odata.type": "#microsoft.graph.outlookMailboxSettings", "language": "en"}});
        assert!(v.is_valid(&outlook));
    }

    #[test]
    fn envelope_refers_to_the_absolute_id() {
        let s = small_set();
        let e = collection_envelope(&s, "microsoft.graph.user");
        assert_eq!(
            e["properties"]["value"]["items"]["$ref"],
            "https://mdcontract.dev/schema/test/microsoft.graph.user.json"
        );
        assert_eq!(
            collection_envelope(&s, "Edm.String")["properties"]["value"]["items"]["type"],
            "string"
        );
    }

    #[test]
    fn writes_one_file_per_type_and_an_index() {
        let s = small_set();
        let dir = tempfile::tempdir().expect("tempdir");
        let report = export_schemas(&s, dir.path()).expect("export");
        assert_eq!(report.schemas, s.len());
        let user: Value = serde_json::from_slice(
            &fs::read(dir.path().join("microsoft.graph.user.json")).expect("read"),
        )
        .expect("json");
        assert_eq!(
            user,
            export_schema(&s, "microsoft.graph.user").expect("doc")
        );
        let index: Value =
            serde_json::from_slice(&fs::read(&report.index).expect("index")).expect("json");
        assert_eq!(index["x-types"].as_array().map(Vec::len), Some(s.len()));
        assert_eq!(index["x-unresolved"]["microsoft.graph.nowhere"], 1);
    }
}
