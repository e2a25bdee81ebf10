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

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde_json::Value;

use super::{Sink, by_simple_name, namespace, page_at, page_namespace, resolve_type_name, simple};
use crate::contract::{Page, Property as DocProperty, Resource, TypeExpr};
use crate::drift::{Change, ItemKind};
use crate::markdown::scan::scan;
use crate::schema::csdl::{
    Csdl, EntityOrComplex, NavigationProperty, Property, TypeKind, TypeRef, eq_ignore_case,
};
use crate::schema::edm::Primitive;

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

/// A type as a table row states it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stated<'c> {
    /// A primitive, with the word the docs used (`number`, `int32`).
    Primitive(Primitive, String),
    /// A type of the metadata.
    Named(&'c str),
    /// A name the metadata does not know.
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct DocType<'c> {
    stated: Stated<'c>,
    collection: bool,
    /// The cell links to an anchor of the page itself.
    anchored: bool,
}

impl<'c> DocType<'c> {
    /// `None` when the cell says nothing usable (empty).
    fn read(csdl: &'c Csdl, ty: &TypeExpr, ns: &str) -> Option<DocType<'c>> {
        // A broken link leaves `x](x.md` behind: the name is what leads.
        let name = ty.name.trim();
        let name = name
            .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_'))
            .map_or(name, |end| &name[..end]);
        if name.is_empty() {
            return None;
        }
        let stated = if let Some(p) = synonym(name).or_else(|| Primitive::from_doc_name(name)) {
            Stated::Primitive(p, name.to_ascii_lowercase())
        } else if let Some(q) = resolve_type_name(csdl, name, ns).or_else(|| {
            ty.link
                .as_deref()
                .map(link_stem)
                .and_then(|s| by_simple_name(csdl, s, ns))
        }) {
            Stated::Named(q)
        } else {
            Stated::Unknown(name.to_string())
        };
        Some(DocType {
            stated,
            collection: ty.collection,
            anchored: ty.link.as_deref().is_some_and(|l| l.starts_with('#')),
        })
    }

    fn shown(&self) -> String {
        let inner = match &self.stated {
            Stated::Primitive(p, _) => p.edm_name().to_string(),
            Stated::Named(q) => (*q).to_string(),
            Stated::Unknown(raw) => format!("`{raw}` (not a type of the metadata)"),
        };
        if self.collection {
            format!("Collection({inner})")
        } else {
            inner
        }
    }

    fn agrees(&self, csdl: &Csdl, declared: &TypeRef) -> bool {
        if self.collection != declared.collection {
            return false;
        }
        let name = declared.name.as_str();
        let kind = csdl.type_kind(name);
        match &self.stated {
            Stated::Primitive(p, word) => match kind {
                Some(TypeKind::Primitive) => primitive_agrees(*p, word, name),
                Some(TypeKind::Enum) => *p == Primitive::String,
                // `Untyped` (or `Object`) says no more than "some object".
                Some(TypeKind::Complex) => *p == Primitive::Any,
                Some(TypeKind::TypeDefinition) => csdl
                    .type_definition(name)
                    .is_some_and(|d| primitive_agrees(*p, word, &d.underlying_type)),
                _ => false,
            },
            // A derived type names one of the values the declared type
            // allows (`organizerMeetingInfo or tokenMeetingInfo` for a
            // `meetingInfo`).
            Stated::Named(q) => eq_ignore_case(q, name) || csdl.is_same_or_derived(q, name),
            // A name linked to a values table of the page (`[ageGroup](#agegroup-values)`)
            // describes a string's values, not a type.
            Stated::Unknown(_) => self.anchored && name == "Edm.String",
        }
    }
}

/// Words the docs use for a primitive that are not Edm names: `Timestamp`
/// (a `DateTimeOffset`), `Url` and `Uri` (strings holding one).
fn synonym(word: &str) -> Option<Primitive> {
    match word.to_ascii_lowercase().as_str() {
        "timestamp" => Some(Primitive::DateTimeOffset),
        "url" | "uri" => Some(Primitive::String),
        _ => None,
    }
}

/// Whether the primitive the docs state (as `word`) is the declared `edm`
/// type: the same, or a family word (`number`, `integer`, `float`) that
/// covers it.
fn primitive_agrees(p: Primitive, word: &str, edm: &str) -> bool {
    if p.edm_name() == edm {
        return true;
    }
    let word = word.strip_prefix("edm.").unwrap_or(word);
    let integer = [
        "Edm.Byte",
        "Edm.SByte",
        "Edm.Int16",
        "Edm.Int32",
        "Edm.Int64",
    ];
    let decimal = ["Edm.Decimal", "Edm.Double", "Edm.Single"];
    match word {
        "number" => integer.contains(&edm) || decimal.contains(&edm),
        "int" | "integer" => integer.contains(&edm),
        "float" => matches!(edm, "Edm.Single" | "Edm.Double"),
        _ => {
            p == Primitive::Spatial
                && (edm.starts_with("Edm.Geography") || edm.starts_with("Edm.Geometry"))
        }
    }
}

/// `../resources/recipient.md#properties` → `recipient`.
fn link_stem(link: &str) -> &str {
    let path = link.split(['#', '?']).next().unwrap_or(link);
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".md").unwrap_or(file)
}

/// What a description says of nullability: `Nullable.` is `Some(true)`,
/// `Not nullable.` and `non-nullable` are `Some(false)`; a description that
/// says both, or neither, says nothing.
fn stated_nullable(description: &str) -> Option<bool> {
    let lower = description.to_ascii_lowercase();
    let (mut yes, mut no) = (false, false);
    for (at, _) in lower.match_indices("nullable") {
        let before = lower[..at].trim_end_matches(['*', '_', '`']);
        if before.ends_with("non-") {
            no = true;
            continue;
        }
        if before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            // Part of a longer word: `isNullable`.
            continue;
        }
        let previous = before
            .trim_end()
            .rsplit(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        if matches!(previous, "not" | "non") {
            no = true;
        } else {
            yes = true;
        }
    }
    match (yes, no) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// Entity types the metadata can reach from its entity sets and singletons
/// that no page documents.
fn undocumented(
    csdl: &Csdl,
    pages: &[&Page],
    by_type: &BTreeMap<&str, Vec<(&Page, &Resource)>>,
    sink: &mut Sink<'_>,
) {
    let reachable = reachable_entity_types(csdl);
    if reachable.is_empty() {
        return;
    }
    // A page named or titled for a type documents it too, even when its
    // resource block is missing or unreadable; so does a page of its
    // methods (`reportroot-getmailboxusagedetail`), or a link to such a
    // page, even when it is not among the pages given. Page names carry
    // prefixes (`intune-devices-detectedapp`, `callrecords-session`), so
    // each part of a name counts.
    let mut named: HashSet<String> = HashSet::new();
    let mut add = |stem: &str| {
        let stem = stem.to_lowercase();
        named.extend(stem.split('-').map(str::to_string));
        named.insert(stem);
    };
    for page in pages {
        linked_pages(&page.source.text).for_each(&mut add);
        if let Some(stem) = page.source.page.rsplit('/').next() {
            add(stem);
        }
        if let Some(title) = page.front_matter.as_ref().and_then(|f| f.get("title")) {
            let title = title.trim_matches(['"', '\'', ' ']).to_lowercase();
            if let Some(t) = title.strip_suffix(" resource type") {
                add(t.trim());
            }
        }
    }
    let documented = |q: &str| {
        let s = simple(q).to_lowercase();
        // Workbook pages drop the prefix: `chart.md` for `workbookChart`.
        let short = s.strip_prefix("workbook").filter(|r| !r.is_empty());
        by_type.keys().any(|k| eq_ignore_case(k, q))
            || named.contains(&s)
            || short.is_some_and(|r| named.contains(r))
    };
    let covered = reachable.iter().filter(|q| documented(q)).count();
    if covered * 2 < reachable.len() {
        return;
    }
    for q in reachable {
        if documented(q) {
            continue;
        }
        let Some(t) = csdl.entity_type(q) else {
            continue;
        };
        sink.push(
            ItemKind::EntityType,
            Change::Added,
            q,
            q,
            "in the metadata (reachable from the service root), not documented",
            None,
            Some(t.line),
        );
    }
}

/// The file stems of the markdown pages `text` links to:
/// `[user](../resources/user.md#properties)` → `user`.
fn linked_pages(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("](").filter_map(move |(at, _)| {
        let rest = &text[at + 2..];
        let end = rest.find([')', ' ', '\n'])?;
        let target = rest[..end].split(['#', '?']).next()?;
        let file = target.rsplit('/').next()?;
        file.strip_suffix(".md").filter(|s| !s.is_empty())
    })
}

/// Non-abstract entity types reachable from the entity sets and singletons
/// through navigation properties, in a stable order.
fn reachable_entity_types(csdl: &Csdl) -> Vec<&str> {
    let mut seen: HashMap<&str, ()> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut queue: VecDeque<&str> = VecDeque::new();
    let roots = csdl
        .entity_sets()
        .map(|s| s.entity_type.as_str())
        .chain(csdl.singletons().map(|s| s.type_name.as_str()));
    for r in roots {
        if let Some(t) = csdl.entity_type(r)
            && seen.insert(&t.qualified_name, ()).is_none()
        {
            queue.push_back(&t.qualified_name);
        }
    }
    while let Some(cur) = queue.pop_front() {
        order.push(cur);
        for nav in csdl.all_navigation_properties(cur) {
            if let Some(t) = csdl.entity_type(&nav.type_ref.name)
                && seen.insert(&t.qualified_name, ()).is_none()
            {
                queue.push_back(&t.qualified_name);
            }
        }
    }
    order.retain(|q| !csdl.is_abstract(q));
    order.sort_unstable();
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullability_is_read_only_where_stated_one_way() {
        assert_eq!(stated_nullable("Read-only. Nullable."), Some(true));
        assert_eq!(
            stated_nullable("Not nullable. Supports $filter."),
            Some(false)
        );
        assert_eq!(stated_nullable("A non-nullable flag."), Some(false));
        assert_eq!(stated_nullable("Read-only."), None);
        assert_eq!(
            stated_nullable("Nullable, but not nullable for apps."),
            None
        );
        assert_eq!(stated_nullable("The isNullable flag."), None);
    }

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

    #[test]
    fn family_words_cover_their_types() {
        assert!(primitive_agrees(Primitive::Double, "number", "Edm.Int32"));
        assert!(primitive_agrees(Primitive::Int32, "integer", "Edm.Int64"));
        assert!(!primitive_agrees(Primitive::Int32, "int32", "Edm.Int64"));
        assert!(primitive_agrees(
            Primitive::Spatial,
            "geographypoint",
            "Edm.GeographyPoint"
        ));
        assert!(!primitive_agrees(Primitive::String, "string", "Edm.Guid"));
    }
}
