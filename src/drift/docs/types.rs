//! Resource types and their properties: the pages' resource blocks, with
//! their Properties and Relationships tables and JSON representation,
//! against the entity and complex types of the metadata.
//!
//! What is compared, and where the docs are taken at their word:
//! - a resource type the metadata does not declare (`--`); an entity type
//!   the metadata can reach from its entity sets and singletons that no page
//!   documents (`++`), but only when the pages document at least half of
//!   those types, so that a run over a few pages does not list the rest of
//!   the service;
//! - a property or relationship documented (table row or JSON
//!   representation key) that the type, its bases and its derived types do
//!   not declare, and one the type itself declares that the page does not
//!   document (inherited ones belong to the base type's page); names that
//!   differ only in case are one item;
//! - a row of the Relationships table that is a structural property in the
//!   metadata, and a row of the Properties table that is a navigation
//!   property;
//! - the type a table row states, normalised (`String`, `Int32`,
//!   `DateTimeOffset`, `x collection`, `Collection(x)`, links), against the
//!   declared one. `String` for an enum-typed property agrees: the docs write
//!   enum properties as strings and list the members, which `enums` checks;
//!   `Number`, `Integer` and `Float` agree with any type of their family;
//! - nullability, only where a row's description says `Nullable` or `Not
//!   nullable`, and only for single-valued properties (collections are
//!   never null in Graph, whatever the attribute says).

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use super::names::{by_simple_name, namespace, page_namespace, simple};
use super::sink::{Sink, page_at};
use super::stated::{DocType, stated_nullable};
use super::undocumented::undocumented;
use crate::contract::{Page, Property as DocProperty, Resource};
use crate::drift::{Change, ItemKind};
use crate::markdown::scan::scan;
use crate::schema::csdl::{Csdl, EntityOrComplex, NavigationProperty, Property, TypeRef};

pub(super) fn compare(pages: &[&Page], sink: &mut Sink<'_>) {
    let csdl = sink.file.csdl.clone();
    let csdl: &Csdl = &csdl;
    // Resources by the metadata type they document; those naming no type.
    let mut by_type: BTreeMap<&str, Vec<(&Page, &Resource)>> = BTreeMap::new();
    let mut unknown: Vec<(&Page, &Resource)> = Vec::new();
    for page in pages {
        for r in &page.resources {
            let name = r.odata_type.trim().trim_start_matches('#');
            if name.is_empty() {
                continue;
            }
            match documented_type(csdl, name, page) {
                Some(q) => {
                    if csdl.structured(q).is_some() {
                        by_type.entry(q).or_default().push((page, r));
                    }
                }
                None => unknown.push((page, r)),
            }
        }
    }
    let mut said: HashSet<String> = HashSet::new();
    for (page, r) in unknown {
        let name = r.odata_type.trim().trim_start_matches('#');
        if !said.insert(name.to_lowercase()) {
            continue;
        }
        let kind = if r.key_property.is_some() || r.properties.iter().any(|p| p.relationship) {
            ItemKind::EntityType
        } else {
            ItemKind::ComplexType
        };
        let hint = csdl
            .types_with_simple_name(simple(name))
            .first()
            .map(|q| format!(" (the metadata has `{q}`)"))
            .unwrap_or_default();
        sink.push(
            kind,
            Change::Removed,
            name,
            name,
            format!("documented, not in the metadata{hint}"),
            Some(page_at(page, r.place.at.line)),
            None,
        );
    }
    for (name, list) in &by_type {
        let Some(ty) = csdl.structured(name) else {
            continue;
        };
        // One page per type: the one that says most about it.
        let Some(&(page, r)) = list
            .iter()
            .rev()
            .max_by_key(|(_, r)| (r.properties.len(), r.json.is_some()))
        else {
            continue;
        };
        // What the other pages of the type document counts as documented:
        // Intune documents `deviceManagement` on a dozen pages, each with
        // the members of one workload.
        let elsewhere: HashSet<String> = list
            .iter()
            .filter(|(_, o)| !std::ptr::eq(*o, r))
            .flat_map(|(p, o)| documented(p, o))
            .map(|d| d.name.to_lowercase())
            .collect();
        Members {
            csdl,
            ty,
            page,
            resource: r,
            elsewhere,
            sink,
        }
        .compare();
    }
    undocumented(csdl, pages, &by_type, sink);
}

/// The metadata type a resource block names: a qualified name as written
/// (any case), or a simple name in the page's namespace.
fn documented_type<'c>(csdl: &'c Csdl, name: &str, page: &Page) -> Option<&'c str> {
    if name.contains('.') {
        return csdl.canonical_type_name(name);
    }
    let ns = page_namespace(page).unwrap_or("microsoft.graph");
    by_simple_name(csdl, name, ns)
}

/// A member of a structured type in the metadata.
#[derive(Clone, Copy)]
enum Member<'c> {
    Prop(&'c Property),
    Nav(&'c NavigationProperty),
}

impl<'c> Member<'c> {
    fn name(self) -> &'c str {
        match self {
            Member::Prop(p) => &p.name,
            Member::Nav(n) => &n.name,
        }
    }

    fn line(self) -> usize {
        match self {
            Member::Prop(p) => p.line,
            Member::Nav(n) => n.line,
        }
    }

    fn type_ref(self) -> &'c TypeRef {
        match self {
            Member::Prop(p) => &p.type_ref,
            Member::Nav(n) => &n.type_ref,
        }
    }

    fn nullable(self) -> bool {
        match self {
            Member::Prop(p) => p.nullable,
            Member::Nav(n) => n.nullable,
        }
    }
}

/// Own members of one type.
fn own_members(t: &EntityOrComplex) -> impl Iterator<Item = Member<'_>> {
    t.properties
        .iter()
        .map(Member::Prop)
        .chain(t.navigation_properties.iter().map(Member::Nav))
}

/// A documented property: a table row, or a key of the JSON representation.
struct Documented<'r> {
    name: &'r str,
    row: Option<&'r DocProperty>,
    line: usize,
    /// In a Relationships section (or table).
    relationship: bool,
}

/// One documented type against its declaration.
struct Members<'a, 'c, 's> {
    csdl: &'c Csdl,
    ty: &'c EntityOrComplex,
    page: &'a Page,
    resource: &'a Resource,
    /// Lowercase names of the members other pages document.
    elsewhere: HashSet<String>,
    sink: &'a mut Sink<'s>,
}

impl<'c> Members<'_, 'c, '_> {
    fn compare(mut self) {
        let documented = documented(self.page, self.resource);
        let chain = self.csdl.base_chain(&self.ty.qualified_name);
        let mut matched: HashSet<&str> = HashSet::new();
        for d in &documented {
            let exact = chain
                .iter()
                .find_map(|t| own_members(t).find(|m| m.name() == d.name));
            if let Some(m) = exact {
                matched.insert(m.name());
                if let Some(row) = d.row {
                    self.row_against(row, d.relationship, m);
                }
                continue;
            }
            let folded = chain.iter().find_map(|t| {
                own_members(t)
                    .find(|m| fold(m.name()) == fold(d.name) && !matched.contains(m.name()))
            });
            if let Some(m) = folded {
                matched.insert(m.name());
                self.item(
                    kind_of(Some(m), d.relationship),
                    Change::Changed,
                    d.name,
                    format!(
                        "spelled `{}` in the docs, `{}` in the metadata",
                        d.name,
                        m.name()
                    ),
                    d.line,
                    Some(m.line()),
                );
                continue;
            }
            let derived = self
                .csdl
                .derived_types(&self.ty.qualified_name)
                .into_iter()
                .find(|t| own_members(t).any(|m| m.name() == d.name))
                .map(|t| {
                    format!(
                        " (the metadata declares it on the derived type `{}`)",
                        t.qualified_name
                    )
                })
                .unwrap_or_default();
            if d.row.is_none() && self.csdl.is_open(&self.ty.qualified_name) {
                // An open type's representation may show dynamic properties.
                continue;
            }
            if d.row.is_some() && d.name.starts_with(|c: char| c.is_ascii_uppercase()) {
                // Graph's property names are camelCase: a PascalCase row
                // describes the inside of a JSON blob (a policy's
                // `definition`), not a property of the type.
                continue;
            }
            let source = if d.row.is_some() {
                ""
            } else {
                " (in the JSON representation)"
            };
            self.item(
                kind_of(None, d.relationship),
                Change::Removed,
                d.name,
                format!("documented{source}, not in the metadata{derived}"),
                d.line,
                Some(self.ty.line),
            );
        }
        let has_tables = !self.resource.properties.is_empty();
        let has_json = matches!(self.resource.json, Some(Value::Object(_)));
        for m in own_members(self.ty) {
            if matched.contains(m.name()) || self.elsewhere.contains(&m.name().to_lowercase()) {
                continue;
            }
            let reported = match m {
                Member::Prop(_) => has_tables || has_json,
                Member::Nav(_) => has_tables,
            };
            if !reported {
                continue;
            }
            let kind = match m {
                Member::Prop(_) => ItemKind::Property,
                Member::Nav(_) => ItemKind::NavigationProperty,
            };
            self.item(
                kind,
                Change::Added,
                m.name(),
                "in the metadata, not documented".to_string(),
                self.resource.place.at.line,
                Some(m.line()),
            );
        }
    }

    /// A table row against the member it names: relationship or not, type,
    /// nullability.
    fn row_against(&mut self, row: &DocProperty, relationship: bool, m: Member<'c>) {
        match (relationship, m) {
            (true, Member::Prop(_)) => {
                self.item(
                    ItemKind::NavigationProperty,
                    Change::Changed,
                    &row.name,
                    "a relationship in the docs, a structural property in the metadata".into(),
                    row.line,
                    Some(m.line()),
                );
                return;
            }
            (false, Member::Nav(_)) => {
                self.item(
                    ItemKind::NavigationProperty,
                    Change::Changed,
                    &row.name,
                    "a property in the docs' Properties table, a navigation property in the metadata"
                        .into(),
                    row.line,
                    Some(m.line()),
                );
                return;
            }
            _ => {}
        }
        let declared = m.type_ref();
        let ns = namespace(&self.ty.qualified_name);
        if let Some(doc) = DocType::read(self.csdl, &row.ty, ns)
            && !doc.agrees(self.csdl, declared)
        {
            self.item(
                kind_of(Some(m), relationship),
                Change::Changed,
                &row.name,
                format!("type {} → {declared}", doc.shown()),
                row.line,
                Some(m.line()),
            );
            // A type that differs makes its nullability moot.
            return;
        }
        if declared.collection {
            return;
        }
        if let Some(stated) = stated_nullable(&row.description)
            && stated != m.nullable()
        {
            let word = |n: bool| if n { "nullable" } else { "not nullable" };
            self.item(
                kind_of(Some(m), relationship),
                Change::Changed,
                &row.name,
                format!("{} → {}", word(stated), word(m.nullable())),
                row.line,
                Some(m.line()),
            );
        }
    }

    fn item(
        &mut self,
        kind: ItemKind,
        change: Change,
        property: &str,
        detail: String,
        page_line: usize,
        csdl_line: Option<usize>,
    ) {
        let name = &self.ty.qualified_name;
        self.sink.push(
            kind,
            change,
            name.as_str(),
            format!("{name}/{property}"),
            detail,
            Some(page_at(self.page, page_line)),
            csdl_line,
        );
    }
}

/// Table rows (the first row of a name), then JSON representation keys
/// that no row names.
fn documented<'r>(page: &Page, resource: &'r Resource) -> Vec<Documented<'r>> {
    let sections = Sections::of(page);
    let mut out: Vec<Documented<'r>> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for row in &resource.properties {
        if is_property_name(&row.name) && seen.insert(&row.name) {
            out.push(Documented {
                name: &row.name,
                row: Some(row),
                line: row.line,
                relationship: sections
                    .relationship_at(row.line)
                    .unwrap_or(row.relationship),
            });
        }
    }
    if let Some(Value::Object(json)) = &resource.json {
        for k in json.keys() {
            if is_property_name(k) && seen.insert(k) {
                out.push(Documented {
                    name: k,
                    row: None,
                    line: resource.place.at.line,
                    relationship: false,
                });
            }
        }
    }
    out
}

/// The page's section headings, by line: a table's header can say
/// `Property` under `## Relationships` (or `Relationship` under `##
/// Properties`); the section is what the page means.
struct Sections(Vec<(usize, bool)>);

impl Sections {
    fn of(page: &Page) -> Sections {
        if !page.source.text.contains("elationship") {
            return Sections(Vec::new());
        }
        let scan = scan(&page.source.text);
        let list = scan
            .headings
            .iter()
            .filter(|h| h.level <= 3)
            .filter_map(|h| {
                let t = h.text.to_ascii_lowercase();
                let relationship = if t.contains("relationship") {
                    true
                } else if t.contains("propert") {
                    false
                } else {
                    return None;
                };
                Some((page.source.line_col(h.span.start).line, relationship))
            })
            .collect();
        Sections(list)
    }

    /// Whether `line` is in a Relationships section; `None` when no
    /// section heading above it says.
    fn relationship_at(&self, line: usize) -> Option<bool> {
        self.0
            .iter()
            .rev()
            .find(|(at, _)| *at < line)
            .map(|(_, r)| *r)
    }
}

/// A name as compared when the exact one is not found: any case, plural or
/// not (`timeoffrequest` for `timeOffRequests`).
fn fold(name: &str) -> String {
    name.to_lowercase().trim_end_matches('s').to_string()
}

/// A navigation property when the metadata says so, else when the docs'
/// Relationships section does.
fn kind_of(member: Option<Member<'_>>, relationship: bool) -> ItemKind {
    match member {
        Some(Member::Nav(_)) => ItemKind::NavigationProperty,
        Some(Member::Prop(_)) => ItemKind::Property,
        None if relationship => ItemKind::NavigationProperty,
        None => ItemKind::Property,
    }
}

/// A JSON member name that can be a property: not control information
/// (`@odata.type`, `x@odata.bind`), nor a sample of a dynamic key
/// (`String-value`, a GUID) of an open type's representation.
fn is_property_name(name: &str) -> bool {
    !name.is_empty() && !name.contains('@') && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use crate::drift::docs::compare;
    use crate::drift::docs::tests::{metadata, pages, shown};

    const MODEL: &str = r#"<Schema Namespace="microsoft.graph">
<EntityType Name="entity"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
<ComplexType Name="info"/><ComplexType Name="fancyInfo" BaseType="microsoft.graph.info"/>
<EntityType Name="shop" BaseType="microsoft.graph.entity" OpenType="true">
<Property Name="info" Type="microsoft.graph.info"/><Property Name="definition" Type="Edm.String"/>
<NavigationProperty Name="items" Type="Collection(microsoft.graph.entity)"/></EntityType>
<EntityContainer Name="c"><EntitySet Name="shops" EntityType="microsoft.graph.shop"/></EntityContainer></Schema>"#;

    const SHOP: &str = "# shop resource type\n\n## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n\
|id|String|Id.|\n|info|[fancyInfo](fancyinfo.md)|A derived type names a value the declared one allows.|\n\
|definition|String|A JSON blob, described below.|\n|colour|String|The one real drift.|\n\n\
|Property|Type|Description|\n|:---|:---|:---|\n|Version|Integer|Inside the blob, not a property.|\n\n\
## Relationships\n|Property|Type|Description|\n|:---|:---|:---|\n|items|[entity](entity.md) collection|Headed Property, in Relationships.|\n\n\
<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.shop\", \"keyProperty\": \"id\"} -->\n\
```json\n{\"id\": \"String\", \"4e98f8f1-bb03\": \"String\", \"String-value\": \"String\", \"dynamic\": \"String\"}\n```\n";

    #[test]
    fn what_pages_say_loosely_is_not_drift() {
        let report = compare(&pages(&[("v1.0/resources/shop", SHOP)]), &metadata(MODEL)).unwrap();
        // A relationships table headed `Property`, a derived type, a
        // PascalCase blob row and an open type's dynamic keys are not drift.
        assert_eq!(
            shown(&report),
            ["property removed microsoft.graph.shop/colour: documented, not in the metadata"]
        );
    }
}
