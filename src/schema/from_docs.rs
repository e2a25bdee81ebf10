//! [`TypeSet`] from the docs' resource pages.
//!
//! A resource block names its type (`@odata.type`), its base type, key
//! property and `openType`; the page's Property and Relationships tables give
//! the properties. Docs tell less than CSDL, so some things are inferred:
//!
//! - **Kind**: an entity when the resource has a `keyProperty` or a
//!   Relationships table, or derives from an entity; otherwise complex.
//! - **Property types**, tried in order: a primitive name (`String`,
//!   `Int32`, `Edm.Binary`, `DateTimeOffset`, any case); a qualified name the
//!   set knows; the linked page's file stem (`[recipient](recipient.md)`) or
//!   the bare name matched by simple name (case-insensitive, same namespace
//!   first); an enum documented by name only (the description lists "possible
//!   values", or the link goes to `enums.md`), which becomes a member-less
//!   enum type, i.e. any string; otherwise the name stays unresolved and its
//!   schema is `{}` ([`TypeSet::unresolved`] counts them).
//! - **Nullability**: docs rarely say, so every property may be `null` except
//!   the key.
//! - **Properties missing from the tables** (or pages with several resource
//!   blocks, whose tables cannot be attributed) are taken from the JSON
//!   representation: `"String (identifier)"` → `String`, an object's
//!   `@odata.type`, arrays as collections; what cannot be inferred is
//!   `Edm.Untyped`.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::csdl::Csdl;
use super::edm::Primitive;
use super::typeset::{NamedKind, NamedType, Origin, TypeProperty, TypeRef, TypeSet};
use crate::contract::{Property, Resource, TypeExpr};

impl TypeSet {
    /// The types of the docs' resource blocks. When two resources name the
    /// same type, the first wins.
    pub fn from_docs<'a>(
        resources: impl IntoIterator<Item = &'a Resource>,
        source: &str,
    ) -> TypeSet {
        let types = docs_types(resources, None);
        TypeSet::new(source, types)
    }

    /// CSDL types, then the docs' types that CSDL lacks. Docs property types
    /// resolve against both.
    pub fn from_csdl_and_docs<'a>(
        csdl: &Csdl,
        resources: impl IntoIterator<Item = &'a Resource>,
        source: &str,
    ) -> TypeSet {
        let mut set = TypeSet::from_csdl(csdl, source);
        let docs = docs_types(resources, Some(&set));
        set.fill_from(TypeSet::new(source, docs));
        set
    }
}

/// Names the resolver can see: docs resources first, then the base set.
struct Names<'s> {
    /// lowercase qualified → qualified.
    qualified: HashMap<String, String>,
    /// lowercase simple → qualified names, sorted.
    simple: HashMap<String, Vec<String>>,
    base: Option<&'s TypeSet>,
}

impl Names<'_> {
    fn add(&mut self, qualified: &str) {
        let lower = qualified.to_lowercase();
        if self.qualified.contains_key(&lower) {
            return;
        }
        self.qualified.insert(lower, qualified.to_string());
        let simple = qualified.rsplit_once('.').map_or(qualified, |(_, s)| s);
        let list = self.simple.entry(simple.to_lowercase()).or_default();
        list.push(qualified.to_string());
        list.sort();
    }

    fn qualified(&self, name: &str) -> Option<String> {
        let name = name.trim_start_matches('#');
        if let Some(q) = self.qualified.get(&name.to_lowercase()) {
            return Some(q.clone());
        }
        self.base.and_then(|b| b.get(name)).map(|t| t.name.clone())
    }

    /// By simple name: the owner's namespace first, then `microsoft.graph`,
    /// then the first in name order.
    fn by_simple(&self, simple: &str, owner_ns: &str) -> Option<String> {
        let list = self.simple.get(&simple.to_lowercase())?;
        let in_ns = |ns: &str| {
            list.iter()
                .find(|q| q.rsplit_once('.').is_some_and(|(n, _)| n == ns))
        };
        in_ns(owner_ns)
            .or_else(|| in_ns("microsoft.graph"))
            .or_else(|| list.first())
            .cloned()
    }
}

fn docs_types<'a>(
    resources: impl IntoIterator<Item = &'a Resource>,
    base: Option<&TypeSet>,
) -> Vec<NamedType> {
    let mut seen: HashSet<String> = HashSet::new();
    let resources: Vec<&Resource> = resources
        .into_iter()
        .filter(|r| {
            let name = type_name(&r.odata_type);
            !name.is_empty() && seen.insert(name.to_lowercase())
        })
        .collect();
    let mut names = Names {
        qualified: HashMap::new(),
        simple: HashMap::new(),
        base,
    };
    for r in &resources {
        names.add(type_name(&r.odata_type));
    }
    if let Some(b) = base {
        for t in b.types() {
            names.add(&t.name);
        }
    }
    let mut guessed_enums: BTreeMap<String, usize> = BTreeMap::new();
    let mut out: Vec<NamedType> = resources
        .iter()
        .map(|r| resource_type(r, &names, &mut guessed_enums))
        .collect();
    infer_entities(&mut out, base);
    out.extend(guessed_enums.into_iter().map(|(name, line)| {
        NamedType::enumeration(name, Vec::new(), false, Origin::Docs { line })
    }));
    out
}

fn type_name(odata_type: &str) -> &str {
    odata_type.trim().trim_start_matches('#')
}

fn resource_type(
    r: &Resource,
    names: &Names<'_>,
    enums: &mut BTreeMap<String, usize>,
) -> NamedType {
    let name = names
        .qualified(type_name(&r.odata_type))
        .unwrap_or_else(|| type_name(&r.odata_type).to_string());
    let ns = name.rsplit_once('.').map_or("", |(ns, _)| ns).to_string();
    let key = r.key_property.clone();
    let mut properties: Vec<TypeProperty> = Vec::new();
    let mut have: HashSet<String> = HashSet::new();
    for row in &r.properties {
        if !have.insert(row.name.clone()) {
            continue;
        }
        let type_ref = resolve_row(row, &ns, names, enums, r.place.at.line);
        properties.push(TypeProperty {
            nullable: key.as_deref() != Some(row.name.as_str()),
            name: row.name.clone(),
            type_ref,
            navigation: row.relationship,
        });
    }
    if let Some(Value::Object(json)) = &r.json {
        for (k, v) in json {
            if k.contains('@') || have.contains(k) {
                continue;
            }
            have.insert(k.clone());
            properties.push(TypeProperty {
                nullable: key.as_deref() != Some(k.as_str()),
                name: k.clone(),
                type_ref: from_json(v, &ns, names),
                navigation: false,
            });
        }
    }
    let base_type = r.base_type.as_deref().map(|b| {
        let b = type_name(b);
        names
            .qualified(b)
            .or_else(|| {
                (!b.contains('.'))
                    .then(|| names.by_simple(b, &ns))
                    .flatten()
            })
            .unwrap_or_else(|| b.to_string())
    });
    let is_entity = key.is_some() || r.properties.iter().any(|p| p.relationship);
    NamedType {
        name,
        kind: if is_entity {
            NamedKind::Entity
        } else {
            NamedKind::Complex
        },
        base_type,
        is_abstract: false,
        open: r.open_type.unwrap_or(false),
        key: key.into_iter().collect(),
        properties,
        members: Vec::new(),
        is_flags: false,
        origin: Origin::Docs {
            line: r.place.at.line,
        },
    }
}

/// A complex type deriving (in the docs or the base set) from an entity is
/// an entity.
fn infer_entities(types: &mut [NamedType], base: Option<&TypeSet>) {
    let by_name: HashMap<String, (NamedKind, Option<String>)> = types
        .iter()
        .map(|t| (t.name.to_lowercase(), (t.kind, t.base_type.clone())))
        .collect();
    let is_entity = |start: &str| {
        let mut cur = Some(start.to_string());
        for _ in 0..64 {
            let Some(name) = cur.take() else { break };
            if let Some((kind, next)) = by_name.get(&name.to_lowercase()) {
                if *kind == NamedKind::Entity {
                    return true;
                }
                cur = next.clone();
            } else if let Some(t) = base.and_then(|b| b.get(&name)) {
                return t.kind == NamedKind::Entity;
            }
        }
        false
    };
    let promote: Vec<bool> = types
        .iter()
        .map(|t| t.kind == NamedKind::Complex && t.base_type.as_deref().is_some_and(&is_entity))
        .collect();
    for (t, p) in types.iter_mut().zip(promote) {
        if p {
            t.kind = NamedKind::Entity;
        }
    }
}

fn resolve_row(
    row: &Property,
    ns: &str,
    names: &Names<'_>,
    enums: &mut BTreeMap<String, usize>,
    line: usize,
) -> TypeRef {
    let TypeExpr {
        name,
        collection,
        link,
    } = &row.ty;
    let make = |name: String| TypeRef {
        collection: *collection,
        name,
    };
    if let Some(p) = Primitive::from_doc_name(name) {
        return make(p.edm_name().to_string());
    }
    let stem = link.as_deref().map(link_stem);
    if let Some(q) = resolve_name(name, stem, ns, names) {
        return make(q);
    }
    let enum_link = stem.is_some_and(|s| s.eq_ignore_ascii_case("enums"));
    let lists_values = row
        .description
        .to_ascii_lowercase()
        .contains("possible values");
    if !name.is_empty() && (enum_link || lists_values) {
        let q = if name.contains('.') {
            name.clone()
        } else {
            format!("{ns}.{name}")
        };
        // One guessed enum per name, whichever case came first.
        let q = match enums.keys().find(|k| k.eq_ignore_ascii_case(&q)) {
            Some(k) => k.clone(),
            None => {
                enums.insert(q.clone(), line);
                q
            }
        };
        return make(q);
    }
    make(name.clone())
}

/// A known qualified name, else the link's page, else the simple name.
fn resolve_name(name: &str, stem: Option<&str>, ns: &str, names: &Names<'_>) -> Option<String> {
    if name.contains('.')
        && let Some(q) = names.qualified(name)
    {
        return Some(q);
    }
    if let Some(stem) = stem
        && let Some(q) = names.by_simple(stem, ns)
    {
        return Some(q);
    }
    let simple = name.rsplit_once('.').map_or(name, |(_, s)| s);
    if simple.is_empty() {
        return None;
    }
    names.by_simple(simple, ns)
}

/// `../resources/recipient.md#properties` → `recipient`.
fn link_stem(link: &str) -> &str {
    let path = link.split(['#', '?']).next().unwrap_or(link);
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".md").unwrap_or(file)
}

/// The type a JSON representation value stands for.
fn from_json(v: &Value, ns: &str, names: &Names<'_>) -> TypeRef {
    match v {
        Value::Array(items) => {
            let element = items.first().map_or_else(
                || TypeRef::single("Edm.Untyped"),
                |e| from_json(e, ns, names),
            );
            TypeRef::collection_of(element.name)
        }
        Value::String(s) => {
            let word = s.split_whitespace().next().unwrap_or("");
            if let Some(p) = Primitive::from_doc_name(word) {
                TypeRef::single(p.edm_name())
            } else if let Some(q) = resolve_name(word, None, ns, names) {
                TypeRef::single(q)
            } else {
                TypeRef::single("Edm.String")
            }
        }
        Value::Object(o) => {
            let named = o
                .get("@odata.type")
                .and_then(Value::as_str)
                .and_then(|t| resolve_name(type_name(t), None, ns, names));
            TypeRef::single(named.unwrap_or_else(|| "Edm.Untyped".to_string()))
        }
        Value::Bool(_) => TypeRef::single("Edm.Boolean"),
        Value::Number(n) if n.is_f64() => TypeRef::single("Edm.Double"),
        Value::Number(_) => TypeRef::single("Edm.Int64"),
        Value::Null => TypeRef::single("Edm.Untyped"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::contract::extract_page;
    use crate::source::SourceFile;

    pub(crate) fn resources(pages: &[(&str, &str)]) -> Vec<Resource> {
        pages
            .iter()
            .flat_map(|(key, text)| {
                extract_page(Arc::new(SourceFile::from_text(key, text))).resources
            })
            .collect()
    }

    pub(crate) const WIDGET: &str = "# widget resource type\n\n## Properties\n\
|Property|Type|Description|\n|:---|:---|:---|\n\
|id|String|Identifier.|\n\
|color|widgetColor|The finish. The possible values are: `red`, `green`.|\n\
|createdDateTime|DateTimeOffset|Created.|\n\
|dailyCheckTime|TimeOfDay|Check time.|\n\
|dimensions|[widgetDimensions](widgetdimensions.md)|Size.|\n\
|parts|Collection(microsoft.graph.widgetPart)|Parts.|\n\
|tags|String collection|Tags.|\n\
|owner|[recipient](recipient.md)|Owner.|\n\
|mystery|gizmo|Unknown.|\n\
|serial|Int64|Serial.|\n\n\
## Relationships\n|Relationship|Type|Description|\n|:---|:---|:---|\n\
|spareParts|[widgetPart][] collection|Spares.|\n\n\
## JSON representation\n\
<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.widget\", \"keyProperty\": \"id\", \"baseType\": \"microsoft.graph.entity\"} -->\n\
```json\n{\"id\": \"String (identifier)\", \"color\": \"String\", \"weight\": \"Double\", \"extra\": {\"@odata.type\": \"microsoft.graph.widgetDimensions\"}, \"labels\": [\"String\"]}\n```\n\n\
[widgetPart]: widgetpart.md\n";

    pub(crate) const DIMENSIONS: &str = "## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n\
|height|Double|Height.|\n|unit|String|Unit.|\n\n\
<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.widgetDimensions\"} -->\n```json\n{\"height\": 1.5}\n```\n";

    pub(crate) const PART: &str = "## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n\
|name|String|Name.|\n\n\
<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.widgetPart\", \"openType\": true} -->\n```json\n{\"name\": \"String\"}\n```\n";

    pub(crate) fn widget_set() -> TypeSet {
        let rs = resources(&[
            ("v1.0/resources/widget", WIDGET),
            ("v1.0/resources/widgetdimensions", DIMENSIONS),
            ("v1.0/resources/widgetpart", PART),
        ]);
        TypeSet::from_docs(&rs, "docs-v1.0")
    }

    #[test]
    fn property_types_resolve_like_the_docs_mean_them() {
        let s = widget_set();
        let ty = |p: &str| {
            s.property_type("microsoft.graph.widget", p)
                .map(|t| t.to_string())
                .unwrap_or_default()
        };
        assert_eq!(ty("id"), "Edm.String");
        assert_eq!(ty("createdDateTime"), "Edm.DateTimeOffset");
        assert_eq!(ty("dailyCheckTime"), "Edm.TimeOfDay");
        assert_eq!(ty("dimensions"), "microsoft.graph.widgetDimensions");
        assert_eq!(ty("parts"), "Collection(microsoft.graph.widgetPart)");
        assert_eq!(ty("spareParts"), "Collection(microsoft.graph.widgetPart)");
        assert_eq!(ty("tags"), "Collection(Edm.String)");
        assert_eq!(ty("serial"), "Edm.Int64");
        assert_eq!(ty("color"), "microsoft.graph.widgetColor");
        // From the JSON representation only.
        assert_eq!(ty("weight"), "Edm.Double");
        assert_eq!(ty("extra"), "microsoft.graph.widgetDimensions");
        assert_eq!(ty("labels"), "Collection(Edm.String)");
        // Linked but not documented, and unknown: unresolved.
        assert_eq!(ty("owner"), "recipient");
        assert_eq!(ty("mystery"), "gizmo");
        let unresolved: Vec<&str> = s.unresolved().keys().map(String::as_str).collect();
        assert_eq!(unresolved, ["gizmo", "recipient"]);
    }

    #[test]
    fn kinds_keys_and_nullability() {
        let s = widget_set();
        let w = s.get("microsoft.graph.widget").expect("widget");
        assert_eq!(w.kind, NamedKind::Entity);
        assert_eq!(w.key, ["id"]);
        assert_eq!(w.base_type.as_deref(), Some("microsoft.graph.entity"));
        let id = s.property("microsoft.graph.widget", "id").expect("id");
        assert!(!id.nullable);
        assert!(
            s.property("microsoft.graph.widget", "tags")
                .is_some_and(|p| p.nullable)
        );
        assert!(
            s.property("microsoft.graph.widget", "spareParts")
                .is_some_and(|p| p.navigation)
        );
        assert_eq!(
            s.get("microsoft.graph.widgetDimensions").map(|t| t.kind),
            Some(NamedKind::Complex)
        );
        assert!(s.is_open("microsoft.graph.widgetPart"));
        let color = s.get("microsoft.graph.widgetColor").expect("guessed enum");
        assert_eq!(color.kind, NamedKind::Enum);
        assert!(color.members.is_empty());
    }

    #[test]
    fn csdl_fills_what_docs_link_and_wins_where_both_speak() {
        let csdl = Csdl::parse(
            r#"<Schema Namespace="microsoft.graph">
  <EntityType Name="entity"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
  <ComplexType Name="recipient"><Property Name="address" Type="Edm.String"/></ComplexType>
  <ComplexType Name="widgetPart"><Property Name="sku" Type="Edm.String"/></ComplexType>
</Schema>"#,
        )
        .expect("parses");
        let rs = resources(&[
            ("v1.0/resources/widget", WIDGET),
            ("v1.0/resources/widgetpart", PART),
        ]);
        let s = TypeSet::from_csdl_and_docs(&csdl, &rs, "v1.0");
        assert_eq!(
            s.property_type("microsoft.graph.widget", "owner"),
            Some(TypeRef::single("microsoft.graph.recipient"))
        );
        // The CSDL's widgetPart wins over the page's.
        assert!(s.property("microsoft.graph.widgetPart", "sku").is_some());
        assert!(s.property("microsoft.graph.widgetPart", "name").is_none());
        // Inherited through the CSDL base.
        assert!(s.property("microsoft.graph.widget", "id").is_some());
        assert_eq!(s.key_of("microsoft.graph.widget"), ["id"]);
    }

    #[test]
    fn link_stems() {
        assert_eq!(link_stem("recipient.md"), "recipient");
        assert_eq!(
            link_stem("../resources/recipient.md#properties"),
            "recipient"
        );
        assert_eq!(link_stem("enums.md#widgetcolor"), "enums");
    }
}
