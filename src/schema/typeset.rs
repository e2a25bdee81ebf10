//! The neutral type model every schema is generated from.
//!
//! A [`TypeSet`] holds the entity, complex and enum types of one API version,
//! whichever source they came from: the service's CSDL ([`TypeSet::from_csdl`],
//! in `from_csdl.rs`), the docs' resource pages ([`TypeSet::from_docs`], in
//! `from_docs.rs`), or both ([`TypeSet::from_csdl_and_docs`]: CSDL wins, docs
//! fill in the types CSDL lacks). Property types are [`TypeRef`]s whose names
//! are either `Edm.*` primitives or qualified names; a name the set does not
//! define is *unresolved* and gets the permissive schema `{}`.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde_json::Value;

pub use super::csdl::TypeRef;

/// Entity, complex or enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NamedKind {
    Entity,
    Complex,
    Enum,
}

impl NamedKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NamedKind::Entity => "entity",
            NamedKind::Complex => "complex",
            NamedKind::Enum => "enum",
        }
    }
}

/// Where a type was declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A CSDL declaration at this 1-based line.
    Csdl { line: usize },
    /// A docs resource block whose JSON starts at this 1-based line.
    Docs { line: usize },
}

/// One property of a structured type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeProperty {
    pub name: String,
    /// `Edm.*`, a qualified type name, or an unresolved name as written.
    pub type_ref: TypeRef,
    /// Whether `null` is allowed (for a collection: instead of the array).
    pub nullable: bool,
    /// A navigation property (CSDL `NavigationProperty`, docs Relationships table).
    pub navigation: bool,
}

/// An entity, complex or enum type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedType {
    /// Qualified name: `microsoft.graph.user`.
    pub name: String,
    pub kind: NamedKind,
    /// Qualified base type name, if any (it may be missing from the set).
    pub base_type: Option<String>,
    pub is_abstract: bool,
    /// `OpenType` on this type itself; see [`TypeSet::is_open`] for bases.
    pub open: bool,
    /// The type's own key property names (empty when inherited or unknown).
    pub key: Vec<String>,
    /// Own (not inherited) properties, navigation properties included, in
    /// declaration order.
    pub properties: Vec<TypeProperty>,
    /// Enum member names in declaration order; empty for structured types
    /// and for enums the docs name without listing members (any string).
    pub members: Vec<String>,
    /// An `IsFlags` enum: a value is a comma-separated list of members.
    pub is_flags: bool,
    pub origin: Origin,
}

impl NamedType {
    /// An enum type named `name` (qualified) with `members` in declaration
    /// order (empty: any string).
    pub fn enumeration(name: String, members: Vec<String>, is_flags: bool, origin: Origin) -> Self {
        NamedType {
            name,
            kind: NamedKind::Enum,
            base_type: None,
            is_abstract: false,
            open: false,
            key: Vec::new(),
            properties: Vec::new(),
            members,
            is_flags,
            origin,
        }
    }

    pub fn is_structured(&self) -> bool {
        self.kind != NamedKind::Enum
    }

    /// The simple name: `user` for `microsoft.graph.user`.
    pub fn simple_name(&self) -> &str {
        self.name.rsplit_once('.').map_or(&self.name, |(_, s)| s)
    }

    /// The namespace: `microsoft.graph` for `microsoft.graph.user`.
    pub fn namespace(&self) -> &str {
        self.name.rsplit_once('.').map_or("", |(ns, _)| ns)
    }
}

/// Counts of what a set holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeSetStats {
    pub entity_types: usize,
    pub complex_types: usize,
    pub enum_types: usize,
    pub properties: usize,
    /// Property type references that name no type of the set.
    pub unresolved_refs: usize,
}

/// Entity, complex and enum types of one API version, by qualified name.
#[derive(Debug, Clone, Default)]
pub struct TypeSet {
    source: String,
    types: BTreeMap<String, NamedType>,
    /// lowercase qualified name → qualified name.
    lower: HashMap<String, String>,
    /// qualified base → direct derived types.
    derived: HashMap<String, Vec<String>>,
    /// Unresolved type names as written → number of properties using them.
    unresolved: BTreeMap<String, usize>,
}

impl TypeSet {
    /// Builds a set from declared types. `source` labels the set (an API
    /// version such as `beta`, or `docs-v1.0`); it becomes a path segment of
    /// every exported `$id`, so only `[A-Za-z0-9._-]` are kept.
    /// A type declared twice keeps its first declaration.
    pub fn new(source: &str, types: impl IntoIterator<Item = NamedType>) -> TypeSet {
        let mut set = TypeSet {
            source: sanitize_source(source),
            ..TypeSet::default()
        };
        for t in types {
            if set.lower.contains_key(&t.name.to_lowercase()) {
                continue;
            }
            set.lower.insert(t.name.to_lowercase(), t.name.clone());
            set.types.insert(t.name.clone(), t);
        }
        set.reindex();
        set
    }

    fn reindex(&mut self) {
        self.derived.clear();
        self.unresolved.clear();
        for t in self.types.values() {
            if let Some(b) = &t.base_type
                && let Some(base) = self.get(b)
            {
                self.derived
                    .entry(base.name.clone())
                    .or_default()
                    .push(t.name.clone());
            }
        }
        let mut unresolved: BTreeMap<String, usize> = BTreeMap::new();
        for t in self.types.values() {
            for p in &t.properties {
                if !p.type_ref.is_edm() && self.get(&p.type_ref.name).is_none() {
                    *unresolved.entry(p.type_ref.name.clone()).or_default() += 1;
                }
            }
        }
        self.unresolved = unresolved;
    }

    /// The label given at build time (sanitised).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every type, by qualified name.
    pub fn types(&self) -> impl Iterator<Item = &NamedType> {
        self.types.values()
    }

    /// Entity and complex types.
    pub fn structured_types(&self) -> impl Iterator<Item = &NamedType> {
        self.types.values().filter(|t| t.is_structured())
    }

    pub fn enum_types(&self) -> impl Iterator<Item = &NamedType> {
        self.types.values().filter(|t| !t.is_structured())
    }

    pub fn len(&self) -> usize {
        self.types.len()
    }

    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// Unresolved property type names, as written, with how many properties
    /// use each. Their schema is `{}`.
    pub fn unresolved(&self) -> &BTreeMap<String, usize> {
        &self.unresolved
    }

    pub fn stats(&self) -> TypeSetStats {
        let mut s = TypeSetStats {
            unresolved_refs: self.unresolved.values().sum(),
            ..TypeSetStats::default()
        };
        for t in self.types.values() {
            match t.kind {
                NamedKind::Entity => s.entity_types += 1,
                NamedKind::Complex => s.complex_types += 1,
                NamedKind::Enum => s.enum_types += 1,
            }
            s.properties += t.properties.len();
        }
        s
    }

    /// A type by qualified name: exact, then case-insensitive. A leading `#`
    /// (as in `@odata.type` values) is ignored.
    pub fn get(&self, name: &str) -> Option<&NamedType> {
        let name = name.trim();
        let name = name.strip_prefix('#').unwrap_or(name);
        if let Some(t) = self.types.get(name) {
            return Some(t);
        }
        self.lower
            .get(&name.to_lowercase())
            .and_then(|n| self.types.get(n))
    }

    /// Whether the set defines `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The type, its base, that one's base, … Cycles and missing bases end
    /// the chain; empty for unknown names.
    pub fn base_chain(&self, name: &str) -> Vec<&NamedType> {
        super::chain::base_chain(
            self.get(name),
            |t| t.name.as_str(),
            |t| t.base_type.as_deref().and_then(|b| self.get(b)),
        )
    }

    /// Own and inherited properties, base-most first. A property redeclared
    /// by a derived type (docs tables repeat inherited rows) appears once, at
    /// its base position, with the derived declaration.
    pub fn all_properties(&self, name: &str) -> Vec<&TypeProperty> {
        let mut out: Vec<&TypeProperty> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for t in self.base_chain(name).into_iter().rev() {
            for p in &t.properties {
                match at.get(p.name.as_str()) {
                    Some(&i) => out[i] = p,
                    None => {
                        at.insert(p.name.as_str(), out.len());
                        out.push(p);
                    }
                }
            }
        }
        out
    }

    /// An own or inherited property by exact name (JSON names are case
    /// sensitive, so no case-insensitive fallback).
    pub fn property(&self, type_name: &str, property: &str) -> Option<&TypeProperty> {
        self.base_chain(type_name)
            .into_iter()
            .find_map(|t| t.properties.iter().find(|p| p.name == property))
    }

    /// The declared type of an own or inherited property, so that a body
    /// walker can descend into nested values.
    pub fn property_type(&self, type_name: &str, property: &str) -> Option<TypeRef> {
        self.property(type_name, property)
            .map(|p| p.type_ref.clone())
    }

    /// `OpenType` on the type or any base (false for unknown names).
    pub fn is_open(&self, name: &str) -> bool {
        self.base_chain(name).iter().any(|t| t.open)
    }

    /// The type's own `Abstract` flag.
    pub fn is_abstract(&self, name: &str) -> bool {
        self.get(name).is_some_and(|t| t.is_abstract)
    }

    /// Key property names: the nearest key along the base chain.
    pub fn key_of(&self, name: &str) -> Vec<&str> {
        super::chain::nearest_key(self.base_chain(name), |t| &t.key)
    }

    /// Whether `derived` is `base` or derives from it.
    pub fn is_same_or_derived(&self, derived: &str, base: &str) -> bool {
        let Some(base) = self.get(base) else {
            return false;
        };
        self.base_chain(derived).iter().any(|t| t.name == base.name)
    }

    /// Types deriving from `name` directly, in declaration order.
    pub fn direct_derived_types(&self, name: &str) -> Vec<&NamedType> {
        let Some(root) = self.get(name) else {
            return Vec::new();
        };
        self.derived
            .get(root.name.as_str())
            .into_iter()
            .flatten()
            .filter_map(|d| self.types.get(d.as_str()))
            .filter(|t| t.name != root.name)
            .collect()
    }

    /// Types deriving from `name`, directly or not (breadth first).
    pub fn derived_types(&self, name: &str) -> Vec<&NamedType> {
        let Some(root) = self.get(name) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut seen: HashSet<&str> = HashSet::from([root.name.as_str()]);
        let mut queue = VecDeque::from([root.name.as_str()]);
        while let Some(cur) = queue.pop_front() {
            for d in self.derived.get(cur).into_iter().flatten() {
                if let Some((k, t)) = self.types.get_key_value(d.as_str())
                    && seen.insert(k)
                {
                    out.push(t);
                    queue.push_back(k);
                }
            }
        }
        out
    }

    /// The type a JSON object should be validated as when it is declared as
    /// `declared`: the type its `@odata.type` names when that is `declared`
    /// or derives from it, else `declared` (canonical name; `None` when
    /// `declared` is unknown). A body walker calls this for every nested
    /// object.
    pub fn effective_type<'a>(&'a self, declared: &str, value: &Value) -> Option<&'a str> {
        let declared = self.get(declared)?;
        let named = value
            .get("@odata.type")
            .and_then(Value::as_str)
            .and_then(|t| self.get(t))
            .filter(|t| self.is_same_or_derived(&t.name, &declared.name));
        Some(named.unwrap_or(declared).name.as_str())
    }

    /// Merges `other` into `self`: types `self` lacks are added, types it has
    /// are kept as they are. Unresolved names are recounted.
    pub fn fill_from(&mut self, other: TypeSet) {
        for (name, t) in other.types {
            let lower = name.to_lowercase();
            if self.lower.contains_key(&lower) {
                continue;
            }
            self.lower.insert(lower, name.clone());
            self.types.insert(name, t);
        }
        self.reindex();
    }
}

/// Keeps `[A-Za-z0-9._-]`, maps anything else to `-`; empty becomes `types`.
fn sanitize_source(s: &str) -> String {
    let out: String = s
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if out.is_empty() || out.chars().all(|c| c == '.') {
        "types".to_string()
    } else {
        out
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) fn prop(name: &str, ty: &str, nullable: bool) -> TypeProperty {
        TypeProperty {
            name: name.into(),
            type_ref: TypeRef::parse(ty),
            nullable,
            navigation: false,
        }
    }

    pub(crate) fn structured(
        name: &str,
        kind: NamedKind,
        base: Option<&str>,
        props: Vec<TypeProperty>,
    ) -> NamedType {
        NamedType {
            name: name.into(),
            kind,
            base_type: base.map(str::to_string),
            is_abstract: false,
            open: false,
            key: Vec::new(),
            properties: props,
            members: Vec::new(),
            is_flags: false,
            origin: Origin::Csdl { line: 1 },
        }
    }

    fn small() -> TypeSet {
        let mut entity = structured(
            "n.entity",
            NamedKind::Entity,
            None,
            vec![prop("id", "Edm.String", false)],
        );
        entity.key = vec!["id".into()];
        entity.is_abstract = true;
        let mut item = structured(
            "n.item",
            NamedKind::Entity,
            Some("n.entity"),
            vec![
                prop("name", "Edm.String", true),
                prop("id", "Edm.String", false),
            ],
        );
        item.open = true;
        TypeSet::new(
            "beta",
            [
                entity,
                item,
                structured(
                    "n.file",
                    NamedKind::Entity,
                    Some("n.item"),
                    vec![
                        prop("size", "Edm.Int64", true),
                        prop("x", "n.missing", true),
                    ],
                ),
            ],
        )
    }

    #[test]
    fn inheritance_lookups() {
        let s = small();
        let names: Vec<&str> = s
            .base_chain("N.FILE")
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(names, ["n.file", "n.item", "n.entity"]);
        let props: Vec<&str> = s
            .all_properties("n.file")
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(props, ["id", "name", "size", "x"]);
        assert!(s.is_open("n.file") && !s.is_open("n.entity"));
        assert!(s.is_abstract("n.entity") && !s.is_abstract("n.file"));
        assert_eq!(s.key_of("n.file"), ["id"]);
        assert_eq!(
            s.property_type("n.file", "id"),
            Some(TypeRef::single("Edm.String"))
        );
        assert_eq!(s.property_type("n.file", "ID"), None);
        assert_eq!(s.derived_types("n.entity").len(), 2);
        assert!(s.is_same_or_derived("n.file", "n.entity"));
        assert_eq!(s.unresolved().get("n.missing"), Some(&1));
        assert_eq!(s.stats().entity_types, 3);
    }

    #[test]
    fn effective_type_follows_derived_odata_type_only() {
        let s = small();
        let v = json!({"@odata.type": "#n.file"});
        assert_eq!(s.effective_type("n.item", &v), Some("n.file"));
        assert_eq!(
            s.effective_type("n.file", &json!({"@odata.type": "#n.item"})),
            Some("n.file")
        );
        assert_eq!(s.effective_type("n.item", &json!({})), Some("n.item"));
        assert_eq!(s.effective_type("n.nope", &v), None);
    }

    #[test]
    fn sources_are_path_segments() {
        assert_eq!(sanitize_source("v1.0"), "v1.0");
        assert_eq!(sanitize_source("docs v1.0/x"), "docs-v1.0-x");
        assert_eq!(sanitize_source(""), "types");
        assert_eq!(sanitize_source(".."), "types");
    }
}
