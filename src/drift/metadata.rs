//! Metadata ⇄ metadata: what changed between two CSDL files, each change
//! classified as breaking or additive for existing clients.
//!
//! Declarations are matched by qualified name with aliases resolved
//! (`graph.user` and `microsoft.graph.user` are one type), type references
//! are compared as `Collection(...)`-normalised, alias-resolved names, and
//! declaration order never matters. When a document declares something twice
//! the first declaration counts, as in [`Csdl::parse`].
//!
//! What is compared:
//! - types (entity, complex, enum, type definition), by qualified name;
//! - the properties and navigation properties of a type present on both
//!   sides, by name, *including inherited ones*: a property moved from a type
//!   to its new base type is neither removed nor added (the base type's own
//!   change is reported on the base type);
//! - enum members, by name;
//! - entity sets and singletons, by name (whatever their container);
//! - actions and functions, one overload per qualified name + binding type
//!   (unbound: no binding type); when several overloads share both (function
//!   overloads by parameter names), they are paired by their parameter names
//!   and the subject lists them: `ns.f(ns.t; a, b)`.
//!
//! Not compared: annotations (descriptions, capabilities, ...), navigation
//! property bindings, action and function imports, `EntitySetPath`, facets
//! (`MaxLength`, `Precision`, `Unicode`, ...), parameter and member order.
//!
//! # Rules
//!
//! Breaking means a client that was right against the old file can fail
//! against the new one; additive means it keeps working. Each rule asks who
//! would fail: the client sending a request (parameters, properties it
//! writes) or the client reading a response (return types, properties it
//! reads). They follow Microsoft Graph's breaking-change policy (removing,
//! renaming or retyping a property, an API or a parameter breaks; adding
//! nullable properties and adding enum members does not; clients must expect
//! new properties and derived types) and OData's compatible model changes
//! (adding types, sets, operations, nullable properties and parameters,
//! navigation properties):
//!
//! | item | added | removed | changed |
//! |:--|:--|:--|:--|
//! | entity, complex, enum type, type definition | additive | breaking | kind (entity ↔ complex, ...), enum flags, underlying type: breaking; key: breaking, except a key where there was none (a singleton's type now deriving from `entity`); base type: additive when the old base is still an ancestor and no inherited member is lost (a type inserted in between, a base added), else breaking (the detail names the members no longer inherited); abstract: made abstract breaking, made concrete additive; open type: closed breaking, opened additive; has stream: lost breaking, gained additive |
//! | property | additive, except a single-valued **not nullable** one: breaking (writers that create or replace the type without it fail) | breaking | type: breaking, even when widened or narrowed to a derived type (properties are read and written; `Edm.Int32 → Edm.Int64` also changes the generated SDK type; the detail says "widened"); nullable → not nullable: breaking (writers sending null fail); not nullable → nullable: breaking (readers that relied on a value get null); property ↔ navigation property: breaking |
//! | navigation property | additive | breaking | type or collection-ness: breaking; containment, compared in effect (below): contained → not contained additive (every request through the path still works, `$ref` comes in addition), not contained → contained breaking (`$ref` goes); nullable (single-valued only): as a property |
//! | enum member | additive (Graph's policy), except in a flags enum when its value shares bits with an existing member (values already sent would be spelled differently): breaking; the detail says where it stands against `unknownFutureValue` | breaking | value: additive (JSON carries members by name), except in a flags enum, or when the member moves past `unknownFutureValue` (old clients then get `unknownFutureValue` instead): breaking |
//! | entity set, singleton | additive | breaking | entity type: breaking |
//! | action, function (overload) | additive | breaking | parameter added: not nullable breaking, nullable additive; parameter removed: breaking; parameter type: additive when widened (every value sent before is still accepted: a wider number, a base type, `Edm.Untyped`), else breaking; parameter nullable → not nullable: breaking, the reverse additive (input only); return type added: additive; removed: breaking; return type changed: additive when narrowed (every value returned is one the client could read before: a narrower number, a derived type), else breaking; return not nullable → nullable: breaking, the reverse additive (output only); composable: lost breaking, gained additive |
//!
//! # Normalised before comparing
//!
//! Graph publishes its metadata raw (as the service serves it) and cleaned
//! (rewritten for the SDK and OpenAPI generators); some of the rewrites
//! describe the same API in other words, and are compared as one:
//! - `microsoft.graph.Json`, a complex type that declares nothing, is Graph's
//!   "any JSON value" (the workbook functions' arguments take numbers,
//!   strings, arrays there); the cleaned files write `Edm.Untyped`. A
//!   complex type named `Json` without members or base type is read as
//!   `Edm.Untyped` wherever it is referenced.
//! - A navigation property is contained in effect when it says
//!   `ContainsTarget`, or when no entity set or singleton holds its target
//!   type or a base of it, so that the path is the only address of what it
//!   leads to. The cleaned files add `ContainsTarget` to such navigation
//!   properties; declared or not, they are one API.
//!
//! - A return type that is a stream wrapper (a complex type whose one
//!   member is an `Edm.Stream` property: Graph's `microsoft.graph.report`)
//!   is `Edm.Stream`: the report functions answer with the stream (a
//!   redirect to the CSV), and the cleaned files say `Edm.Stream`.
//!
//! Other rewrites of the cleaned files change what the metadata promises
//! (parameters and overloads dropped, `HasStream` taken off,
//! containment taken off navigation properties whose targets have an entity
//! set): those stay reported as the metadata states them, so compare a
//! variant with the same variant to see what changed in the API.
//!
//! # Locations
//!
//! Each item carries the line of the declaration on each side where it
//! exists. A member (property, navigation property, enum member, parameter)
//! on one side only points, on the other side, at its parent's declaration
//! (the type or operation it would belong to).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use super::{Change, Comparison, DriftItem, DriftReport, Impact, ItemKind, Location};
use crate::schema::csdl::{
    Csdl, EntityContainer, EntityOrComplex, EnumType, NavigationProperty, Operation, OperationKind,
    Parameter, Property, StructuredKind, TypeDefinition, TypeRef,
};

/// The sentinel member of an evolvable enum.
const SENTINEL: &str = "unknownFutureValue";

/// The primitive type of any JSON value.
const UNTYPED: &str = "Edm.Untyped";

/// Compares the CSDL at `from` (old) with the one at `to` (new). Errors name
/// the file, line and column.
pub fn compare_files(from: &Path, to: &Path) -> Result<DriftReport, String> {
    let (old, new) = rayon::join(|| Csdl::read_validated(from), || Csdl::read_validated(to));
    let (old, new) = (old?, new?);
    Ok(compare(
        &old,
        &from.display().to_string(),
        &new,
        &to.display().to_string(),
    ))
}

/// Compares two parsed documents; the labels name them in the locations
/// (usually their paths). The items come sorted, breaking first.
pub fn compare(old: &Csdl, old_label: &str, new: &Csdl, new_label: &str) -> DriftReport {
    let mut diff = Diff {
        old: Side {
            csdl: old,
            label: old_label,
        },
        new: Side {
            csdl: new,
            label: new_label,
        },
        items: Vec::new(),
        homes: (HashSet::new(), HashSet::new()),
    };
    diff.homes = (diff.old.homes(), diff.new.homes());
    diff.types();
    diff.entity_sets();
    diff.singletons();
    diff.operations();
    let mut report = DriftReport {
        comparison: Comparison::MetadataMetadata,
        left: old_label.to_string(),
        right: new_label.to_string(),
        items: diff.items,
    };
    report.sort();
    report
}

// ---------------------------------------------------------------------------
// Sides and names
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
struct Side<'a> {
    csdl: &'a Csdl,
    label: &'a str,
}

impl<'a> Side<'a> {
    fn at(&self, line: usize) -> Option<Location> {
        Some(Location {
            file: self.label.to_string(),
            line,
        })
    }

    /// A type name as declared (alias resolved, declared spelling); `Edm.*`
    /// and unknown names as written, with a known alias expanded.
    fn name<'n>(&self, name: &'n str) -> Cow<'n, str>
    where
        'a: 'n,
    {
        let name = name.trim();
        if name.starts_with("Edm.") {
            return Cow::Borrowed(name);
        }
        match self.csdl.canonical_type_name(name) {
            Some(c) if self.is_json_stand_in(c) => Cow::Borrowed(UNTYPED),
            Some(c) => Cow::Borrowed(c),
            None => self.csdl.expand_alias(name),
        }
    }

    /// Graph's `microsoft.graph.Json`: a complex type named `Json` that
    /// declares nothing (no members, no base). The service reads and writes
    /// any JSON value there (numbers, strings, arrays: the workbook functions'
    /// arguments), exactly what `Edm.Untyped` says; the cleaned metadata
    /// variants spell it `Edm.Untyped`. Compared as `Edm.Untyped`.
    fn is_json_stand_in(&self, canonical: &str) -> bool {
        canonical.rsplit('.').next() == Some("Json")
            && self.csdl.structured(canonical).is_some_and(|t| {
                !t.is_entity()
                    && t.base_type.is_none()
                    && t.properties.is_empty()
                    && t.navigation_properties.is_empty()
            })
    }

    /// A return type as the client receives it: a type reference, except
    /// that a stream wrapper (a complex type whose one member is an
    /// `Edm.Stream` property, with no base type: Graph's
    /// `microsoft.graph.report`) is `Edm.Stream`. The report functions that
    /// return it answer with the stream itself (a redirect to the CSV), which
    /// is what the cleaned metadata variants say: `Edm.Stream`.
    fn return_ref(&self, t: &TypeRef) -> TypeRef {
        let mut t = self.type_ref(t);
        let wrapper = self.csdl.structured(&t.name).is_some_and(|c| {
            !c.is_entity()
                && c.base_type.is_none()
                && c.navigation_properties.is_empty()
                && matches!(c.properties.as_slice(), [p] if !p.type_ref.collection && p.type_ref.name == "Edm.Stream")
        });
        if wrapper {
            t.name = "Edm.Stream".to_string();
        }
        t
    }

    /// Whether `t` is `ancestor` or derives from it (both canonical).
    fn derives_from(&self, t: &str, ancestor: &str) -> bool {
        self.csdl
            .base_chain(t)
            .iter()
            .any(|b| b.qualified_name == ancestor)
    }

    /// Whether the entities a navigation property leads to are contained:
    /// declared so (`ContainsTarget`), or contained in effect because no
    /// entity set or singleton can hold them (none of the target type or of
    /// a base type), so that the navigation path is their only address.
    /// Graph's published metadata differs here between its variants: the
    /// cleaned files add `ContainsTarget` to such navigation properties for
    /// the generators, the raw ones leave it out; both describe one API.
    fn contained(&self, nav: &NavigationProperty, homes: &HashSet<String>) -> bool {
        if nav.contains_target {
            return true;
        }
        let target = self.name(&nav.type_ref.name);
        let chain = self.csdl.base_chain(&target);
        !chain.is_empty() && !chain.iter().any(|t| homes.contains(&t.qualified_name))
    }

    /// The entity types that entity sets and singletons hold, canonical.
    fn homes(&self) -> HashSet<String> {
        let sets = self.csdl.entity_sets().map(|s| s.entity_type.as_str());
        let singletons = self.csdl.singletons().map(|s| s.type_name.as_str());
        sets.chain(singletons)
            .map(|t| self.name(t).into_owned())
            .collect()
    }

    fn type_ref(&self, t: &TypeRef) -> TypeRef {
        TypeRef {
            collection: t.collection,
            name: self.name(&t.name).into_owned(),
        }
    }
}

/// A declared type of either kind.
#[derive(Clone, Copy)]
enum Decl<'a> {
    Structured(&'a EntityOrComplex),
    Enum(&'a EnumType),
    Definition(&'a TypeDefinition),
}

impl Decl<'_> {
    fn kind(&self) -> ItemKind {
        match self {
            Decl::Structured(t) if t.is_entity() => ItemKind::EntityType,
            Decl::Structured(_) => ItemKind::ComplexType,
            Decl::Enum(_) => ItemKind::EnumType,
            Decl::Definition(_) => ItemKind::TypeDefinition,
        }
    }

    fn namespace(&self) -> &str {
        match self {
            Decl::Structured(t) => &t.namespace,
            Decl::Enum(t) => &t.namespace,
            Decl::Definition(t) => &t.namespace,
        }
    }

    fn line(&self) -> usize {
        match self {
            Decl::Structured(t) => t.line,
            Decl::Enum(t) => t.line,
            Decl::Definition(t) => t.line,
        }
    }
}

fn decls(csdl: &Csdl) -> BTreeMap<&str, Decl<'_>> {
    let mut out = BTreeMap::new();
    for (q, t) in csdl.structured_types() {
        out.insert(q.as_str(), Decl::Structured(t));
    }
    for (q, t) in csdl.enum_types() {
        out.entry(q.as_str()).or_insert(Decl::Enum(t));
    }
    for (q, t) in csdl.type_definitions() {
        out.entry(q.as_str()).or_insert(Decl::Definition(t));
    }
    out
}

/// The words for an item kind in details (`entity type`).
fn kind_words(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::EntityType => "entity type",
        ItemKind::ComplexType => "complex type",
        ItemKind::EnumType => "enum type",
        ItemKind::TypeDefinition => "type definition",
        ItemKind::Property => "property",
        ItemKind::NavigationProperty => "navigation property",
        _ => "item",
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn nullable_words(nullable: bool) -> &'static str {
    if nullable { "nullable" } else { "not nullable" }
}

fn impact(breaking: bool) -> Impact {
    if breaking {
        Impact::Breaking
    } else {
        Impact::Additive
    }
}

/// `" (widened)"` when `new` holds every value of `old` (same collection-ness,
/// a wider number type).
fn widened(old: &TypeRef, new: &TypeRef) -> &'static str {
    const WIDER: &[(&str, &[&str])] = &[
        (
            "Edm.Byte",
            &["Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Decimal"],
        ),
        (
            "Edm.SByte",
            &["Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Decimal"],
        ),
        ("Edm.Int16", &["Edm.Int32", "Edm.Int64", "Edm.Decimal"]),
        ("Edm.Int32", &["Edm.Int64", "Edm.Decimal"]),
        ("Edm.Int64", &["Edm.Decimal"]),
        ("Edm.Single", &["Edm.Double"]),
    ];
    let wider = old.collection == new.collection
        && WIDER
            .iter()
            .any(|(from, to)| *from == old.name && to.contains(&new.name.as_str()));
    if wider { " (widened)" } else { "" }
}

// ---------------------------------------------------------------------------
// The comparison
// ---------------------------------------------------------------------------

struct Diff<'a> {
    old: Side<'a>,
    new: Side<'a>,
    items: Vec<DriftItem>,
    /// The entity types entity sets and singletons hold, old and new.
    homes: (HashSet<String>, HashSet<String>),
}

/// What an item is about: its kind, namespace and qualified subject.
struct About<'s> {
    kind: ItemKind,
    group: &'s str,
    subject: &'s str,
}

impl Diff<'_> {
    fn push(
        &mut self,
        about: &About<'_>,
        change: Change,
        breaking: bool,
        detail: String,
        lines: (Option<usize>, Option<usize>),
    ) {
        self.items.push(DriftItem {
            kind: about.kind,
            change,
            impact: Some(impact(breaking)),
            group: about.group.to_string(),
            subject: about.subject.to_string(),
            detail,
            left: lines.0.and_then(|l| self.old.at(l)),
            right: lines.1.and_then(|l| self.new.at(l)),
        });
    }

    // ----- types -----------------------------------------------------------

    fn types(&mut self) {
        let old = decls(self.old.csdl);
        let new = decls(self.new.csdl);
        for (&q, o) in &old {
            match new.get(q) {
                None => {
                    let group = o.namespace().to_string();
                    let detail = self.describe_type(self.old, o);
                    self.push(
                        &About {
                            kind: o.kind(),
                            group: &group,
                            subject: q,
                        },
                        Change::Removed,
                        true,
                        detail,
                        (Some(o.line()), None),
                    );
                }
                Some(n) => self.changed_type(q, o, n),
            }
        }
        for (&q, n) in &new {
            if !old.contains_key(q) {
                let detail = self.describe_type(self.new, n);
                let group = n.namespace().to_string();
                self.push(
                    &About {
                        kind: n.kind(),
                        group: &group,
                        subject: q,
                    },
                    Change::Added,
                    false,
                    detail,
                    (None, Some(n.line())),
                );
            }
        }
    }

    /// A short description of a type for added and removed items.
    fn describe_type(&self, side: Side<'_>, d: &Decl<'_>) -> String {
        match d {
            Decl::Structured(t) => {
                let mut s = String::new();
                if t.is_abstract {
                    s.push_str("abstract, ");
                }
                if let Some(b) = &t.base_type {
                    s.push_str(&format!("base {}, ", side.name(b)));
                }
                s.push_str(&format!(
                    "{}, {}",
                    plural(t.properties.len(), "property", "properties"),
                    plural(
                        t.navigation_properties.len(),
                        "navigation property",
                        "navigation properties"
                    )
                ));
                s
            }
            Decl::Enum(e) => format!(
                "{}{}",
                plural(e.members.len(), "member", "members"),
                if e.is_flags { ", flags" } else { "" }
            ),
            Decl::Definition(t) => format!("underlying type {}", side.name(&t.underlying_type)),
        }
    }

    fn changed_type(&mut self, q: &str, o: &Decl<'_>, n: &Decl<'_>) {
        let group = o.namespace().to_string();
        let about = About {
            kind: o.kind(),
            group: &group,
            subject: q,
        };
        let lines = (Some(o.line()), Some(n.line()));
        match (o, n) {
            (Decl::Structured(o), Decl::Structured(n)) => self.changed_structured(&about, o, n),
            (Decl::Enum(o), Decl::Enum(n)) => self.changed_enum(&about, o, n),
            (Decl::Definition(o), Decl::Definition(n)) => {
                let (a, b) = (
                    self.old.name(&o.underlying_type),
                    self.new.name(&n.underlying_type),
                );
                if a != b {
                    let detail = format!("underlying type {a} → {b}");
                    self.push(&about, Change::Changed, true, detail, lines);
                }
            }
            _ => {
                let detail = format!("{} → {}", kind_words(o.kind()), kind_words(n.kind()));
                self.push(&about, Change::Changed, true, detail, lines);
            }
        }
    }

    fn changed_structured(&mut self, about: &About<'_>, o: &EntityOrComplex, n: &EntityOrComplex) {
        let lines = (Some(o.line), Some(n.line));
        if o.kind != n.kind {
            let words = |k: StructuredKind| match k {
                StructuredKind::Entity => "entity type",
                StructuredKind::Complex => "complex type",
            };
            let detail = format!("{} → {}", words(o.kind), words(n.kind));
            self.push(about, Change::Changed, true, detail, lines);
        }
        let (ob, nb) = (
            o.base_type.as_deref().map(|b| self.old.name(b)),
            n.base_type.as_deref().map(|b| self.new.name(b)),
        );
        let old_eff = effective(self.old.csdl, o);
        let new_eff = effective(self.new.csdl, n);
        if ob != nb {
            let show = |b: &Option<Cow<'_, str>>| b.as_deref().unwrap_or("none").to_string();
            let mut detail = format!("base type {} → {}", show(&ob), show(&nb));
            // Inherited members the type no longer has, in document order.
            let own: HashSet<&str> = own_members(o).collect();
            let mut lost: Vec<(&str, usize)> = old_eff
                .iter()
                .filter(|(name, _)| !own.contains(*name) && !new_eff.contains_key(*name))
                .map(|(name, m)| (*name, m.line()))
                .collect();
            lost.sort_by_key(|&(name, line)| (line, name));
            // Compatible when the old base is still an ancestor (a type was
            // inserted between them, or a base added) and nothing inherited
            // is lost.
            let kept = ob.as_deref().is_none_or(|old_base| {
                self.new
                    .csdl
                    .base_chain(&n.qualified_name)
                    .iter()
                    .any(|t| t.qualified_name == old_base)
            });
            if !lost.is_empty() {
                let names: Vec<&str> = lost.iter().take(5).map(|&(n, _)| n).collect();
                let more = if lost.len() > 5 {
                    format!(" and {} more", lost.len() - 5)
                } else {
                    String::new()
                };
                detail.push_str(&format!(" (no longer inherits {}{more})", names.join(", ")));
            } else if kept && ob.is_some() {
                detail.push_str(&format!(" (still derives from {})", show(&ob)));
            }
            let breaking = !kept || !lost.is_empty();
            self.push(about, Change::Changed, breaking, detail, lines);
        }
        let flags = [
            (
                o.is_abstract,
                n.is_abstract,
                "abstract",
                "not abstract",
                true,
            ),
            (o.open_type, n.open_type, "open", "closed", false),
            (o.has_stream, n.has_stream, "has stream", "no stream", false),
        ];
        for (was, is, yes, no, breaking_when_set) in flags {
            if was != is {
                let detail = if is {
                    format!("{no} → {yes}")
                } else {
                    format!("{yes} → {no}")
                };
                // Setting `Abstract` breaks (no more instances); setting
                // `OpenType` or `HasStream` adds.
                let breaking = is == breaking_when_set;
                self.push(about, Change::Changed, breaking, detail, lines);
            }
        }
        if o.is_entity() && n.is_entity() {
            let mut ok: Vec<&str> = self.old.csdl.key_of(&o.qualified_name);
            let mut nk: Vec<&str> = self.new.csdl.key_of(&n.qualified_name);
            ok.sort_unstable();
            nk.sort_unstable();
            if ok != nk {
                let detail = format!("key ({}) → ({})", ok.join(", "), nk.join(", "));
                // A key where there was none (a singleton's type that now
                // derives from `entity`) takes no address away.
                self.push(about, Change::Changed, !ok.is_empty(), detail, lines);
            }
        }
        self.members(about, o, n, &old_eff, &new_eff);
    }

    /// Properties and navigation properties of a type on both sides.
    fn members(
        &mut self,
        about: &About<'_>,
        o: &EntityOrComplex,
        n: &EntityOrComplex,
        old_eff: &HashMap<&str, Member<'_>>,
        new_eff: &HashMap<&str, Member<'_>>,
    ) {
        let mut seen: HashSet<&str> = HashSet::new();
        let own = own_members(o).chain(own_members(n));
        for name in own {
            if !seen.insert(name) {
                continue;
            }
            let subject = format!("{}/{name}", about.subject);
            match (old_eff.get(name), new_eff.get(name)) {
                (Some(a), Some(b)) => self.changed_member(about.group, &subject, a, b),
                (Some(a), None) => {
                    let what = About {
                        kind: a.kind(),
                        group: about.group,
                        subject: &subject,
                    };
                    let detail = a.describe(self.old);
                    self.push(
                        &what,
                        Change::Removed,
                        true,
                        detail,
                        (Some(a.line()), Some(n.line)),
                    );
                }
                (None, Some(b)) => {
                    let what = About {
                        kind: b.kind(),
                        group: about.group,
                        subject: &subject,
                    };
                    let mut detail = b.describe(self.new);
                    let breaking = match b {
                        Member::Property(p) => !p.nullable && !p.type_ref.collection,
                        Member::Navigation(_) => false,
                    };
                    if breaking {
                        detail.push_str(": writers that omit it fail");
                    }
                    self.push(
                        &what,
                        Change::Added,
                        breaking,
                        detail,
                        (Some(o.line), Some(b.line())),
                    );
                }
                (None, None) => {}
            }
        }
    }

    fn changed_member(&mut self, group: &str, subject: &str, a: &Member<'_>, b: &Member<'_>) {
        let about = About {
            kind: a.kind(),
            group,
            subject,
        };
        let lines = (Some(a.line()), Some(b.line()));
        if a.kind() != b.kind() {
            let detail = format!(
                "{} → {} ({})",
                kind_words(a.kind()),
                kind_words(b.kind()),
                self.new.type_ref(b.type_ref())
            );
            self.push(&about, Change::Changed, true, detail, lines);
            return;
        }
        let (ta, tb) = (
            self.old.type_ref(a.type_ref()),
            self.new.type_ref(b.type_ref()),
        );
        if ta != tb {
            let detail = format!("type {ta} → {tb}{}", widened(&ta, &tb));
            self.push(&about, Change::Changed, true, detail, lines);
        }
        // Nullable speaks of the items of a structural collection and means
        // nothing on a collection-valued navigation property.
        let nullable_matters = match (a, b) {
            (Member::Navigation(_), _) => !ta.collection && !tb.collection,
            _ => true,
        };
        if nullable_matters && a.nullable() != b.nullable() {
            let items = if ta.collection && tb.collection {
                "items "
            } else {
                ""
            };
            let detail = format!(
                "{items}{} → {items}{}",
                nullable_words(a.nullable()),
                nullable_words(b.nullable())
            );
            self.push(&about, Change::Changed, true, detail, lines);
        }
        if let (Member::Navigation(x), Member::Navigation(y)) = (a, b) {
            let was = self.old.contained(x, &self.homes.0);
            let is = self.new.contained(y, &self.homes.1);
            if was != is {
                let words = |c: bool, declared: bool| match (c, declared) {
                    (true, true) => "contained",
                    (true, false) => {
                        "contained in effect (no entity set or singleton holds the target)"
                    }
                    (false, _) => "not contained",
                };
                let detail = format!(
                    "{} → {}",
                    words(was, x.contains_target),
                    words(is, y.contains_target)
                );
                // Contained → not contained: every request that worked still
                // does (OData addresses, creates in, updates and deletes
                // through a collection-valued navigation property whether or
                // not it contains); `$ref` and an entity set address come in
                // addition. The reverse takes `$ref` away.
                self.push(&about, Change::Changed, is, detail, lines);
            }
        }
    }

    fn changed_enum(&mut self, about: &About<'_>, o: &EnumType, n: &EnumType) {
        let lines = (Some(o.line), Some(n.line));
        if o.is_flags != n.is_flags {
            let words = |f: bool| if f { "flags" } else { "not flags" };
            let detail = format!("{} → {}", words(o.is_flags), words(n.is_flags));
            self.push(about, Change::Changed, true, detail, lines);
        }
        let (ou, nu) = (
            self.old.name(&o.underlying_type),
            self.new.name(&n.underlying_type),
        );
        if ou != nu {
            let detail = format!("underlying type {ou} → {nu}");
            self.push(about, Change::Changed, true, detail, lines);
        }
        let mut old_members = HashMap::new();
        for m in &o.members {
            old_members.entry(m.name.as_str()).or_insert(m);
        }
        let mut new_members = HashMap::new();
        for m in &n.members {
            new_members.entry(m.name.as_str()).or_insert(m);
        }
        let old_sentinel = old_members.get(SENTINEL).map(|m| m.value);
        let sentinel = new_members.get(SENTINEL).map(|m| m.value);
        // Old clients get the members before the sentinel, and
        // `unknownFutureValue` for those after it.
        let known = |s: Option<i64>, v: i64| s.is_none_or(|s| v < s);
        for m in &o.members {
            if !std::ptr::eq(old_members[m.name.as_str()], m) {
                continue;
            }
            let subject = format!("{}/{}", about.subject, m.name);
            let what = About {
                kind: ItemKind::EnumMember,
                group: about.group,
                subject: &subject,
            };
            match new_members.get(m.name.as_str()) {
                None => {
                    let detail = format!("value {}", m.value);
                    self.push(
                        &what,
                        Change::Removed,
                        true,
                        detail,
                        (Some(m.line), Some(n.line)),
                    );
                }
                Some(nm) => {
                    let lines = (Some(m.line), Some(nm.line));
                    let (was_known, is_known) =
                        (known(old_sentinel, m.value), known(sentinel, nm.value));
                    let hidden = m.name != SENTINEL && was_known && !is_known;
                    let shown = m.name != SENTINEL && !was_known && is_known;
                    if nm.value != m.value || hidden || shown {
                        // JSON carries members by name, so a new value alone
                        // changes nothing on the wire, except in a flags enum
                        // (values combine) and for a member that moves past
                        // the sentinel: old clients then get
                        // `unknownFutureValue` instead of it.
                        let mut detail = if nm.value == m.value {
                            format!("value {}", m.value)
                        } else {
                            format!("value {} → {}", m.value, nm.value)
                        };
                        let breaking = if hidden {
                            detail.push_str(&format!(
                                ", now after {SENTINEL} ({}): old clients get {SENTINEL}",
                                sentinel.unwrap_or_default()
                            ));
                            true
                        } else if shown {
                            detail
                                .push_str(&format!(", now before {SENTINEL}: old clients get it"));
                            false
                        } else if o.is_flags || n.is_flags {
                            detail.push_str(", flags: values combine");
                            true
                        } else {
                            detail.push_str(", serialized by name");
                            false
                        };
                        self.push(&what, Change::Changed, breaking, detail, lines);
                    }
                }
            }
        }
        for m in &n.members {
            if !std::ptr::eq(new_members[m.name.as_str()], m)
                || old_members.contains_key(m.name.as_str())
            {
                continue;
            }
            let subject = format!("{}/{}", about.subject, m.name);
            let what = About {
                kind: ItemKind::EnumMember,
                group: about.group,
                subject: &subject,
            };
            // Graph's breaking-change policy counts adding a member as
            // backward compatible (clients are told to expect new members;
            // evolvable enums even hide those after the sentinel). In a flags
            // enum a member whose bits overlap existing members' changes how
            // values already sent are spelled: that breaks.
            let overlap: Vec<&str> = if n.is_flags {
                o.members
                    .iter()
                    .filter(|e| e.value & m.value != 0 || (e.value == 0 && m.value == 0))
                    .map(|e| e.name.as_str())
                    .collect()
            } else {
                Vec::new()
            };
            let (breaking, why) = if !overlap.is_empty() {
                (true, format!("flags, overlaps {}", overlap.join(", ")))
            } else if m.name == SENTINEL {
                (false, "the enum becomes evolvable".to_string())
            } else {
                match sentinel {
                    Some(s) if m.value > s => (
                        false,
                        format!("after {SENTINEL} ({s}), hidden from old clients"),
                    ),
                    Some(s) => (false, format!("before {SENTINEL} ({s})")),
                    None => (false, format!("the enum has no {SENTINEL}")),
                }
            };
            let detail = format!("value {}, {why}", m.value);
            self.push(
                &what,
                Change::Added,
                breaking,
                detail,
                (Some(o.line), Some(m.line)),
            );
        }
    }

    // ----- container -------------------------------------------------------

    fn entity_sets(&mut self) {
        let members = |c: &EntityContainer| -> Vec<(String, String, usize)> {
            c.entity_sets
                .iter()
                .map(|s| (s.name.clone(), s.entity_type.clone(), s.line))
                .collect()
        };
        let (old, new) = (
            container_members(self.old.csdl, members),
            container_members(self.new.csdl, members),
        );
        self.container_items(ItemKind::EntitySet, "entity type", &old, &new);
    }

    fn singletons(&mut self) {
        let members = |c: &EntityContainer| -> Vec<(String, String, usize)> {
            c.singletons
                .iter()
                .map(|s| (s.name.clone(), s.type_name.clone(), s.line))
                .collect()
        };
        let (old, new) = (
            container_members(self.old.csdl, members),
            container_members(self.new.csdl, members),
        );
        self.container_items(ItemKind::Singleton, "type", &old, &new);
    }

    /// Entity sets or singletons: name -> (container, namespace, type, line).
    fn container_items(
        &mut self,
        kind: ItemKind,
        type_words: &str,
        old: &BTreeMap<String, (String, String, String, usize)>,
        new: &BTreeMap<String, (String, String, String, usize)>,
    ) {
        for (name, (container, ns, ty, line)) in old {
            let subject = format!("{container}/{name}");
            let about = About {
                kind,
                group: ns,
                subject: &subject,
            };
            let ty = self.old.name(ty).into_owned();
            match new.get(name) {
                None => {
                    let detail = format!("{type_words} {ty}");
                    self.push(&about, Change::Removed, true, detail, (Some(*line), None));
                }
                Some((_, _, nty, nline)) => {
                    let nty = self.new.name(nty);
                    if ty != nty {
                        let detail = format!("{type_words} {ty} → {nty}");
                        self.push(
                            &about,
                            Change::Changed,
                            true,
                            detail,
                            (Some(*line), Some(*nline)),
                        );
                    }
                }
            }
        }
        for (name, (container, ns, ty, line)) in new {
            if old.contains_key(name) {
                continue;
            }
            let subject = format!("{container}/{name}");
            let about = About {
                kind,
                group: ns,
                subject: &subject,
            };
            let detail = format!("{type_words} {}", self.new.name(ty));
            self.push(&about, Change::Added, false, detail, (None, Some(*line)));
        }
    }

    // ----- actions and functions -------------------------------------------

    fn operations(&mut self) {
        let old = overloads(self.old);
        let new = overloads(self.new);
        let keys: BTreeSet<&OpKey> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let os = old.get(key).map(Vec::as_slice).unwrap_or_default();
            let ns = new.get(key).map(Vec::as_slice).unwrap_or_default();
            let ambiguous = os.len() > 1 || ns.len() > 1;
            let (pairs, gone, came) = pair_overloads(os, ns);
            let kind = if key.action {
                ItemKind::Action
            } else {
                ItemKind::Function
            };
            for (o, n) in pairs {
                let subject = op_subject(key, o, ambiguous);
                let about = About {
                    kind,
                    group: &o.namespace,
                    subject: &subject,
                };
                self.changed_operation(&about, o, n);
            }
            for o in gone {
                let subject = op_subject(key, o, ambiguous);
                let about = About {
                    kind,
                    group: &o.namespace,
                    subject: &subject,
                };
                let detail = signature(self.old, o);
                self.push(&about, Change::Removed, true, detail, (Some(o.line), None));
            }
            for n in came {
                let subject = op_subject(key, n, ambiguous);
                let about = About {
                    kind,
                    group: &n.namespace,
                    subject: &subject,
                };
                let detail = signature(self.new, n);
                self.push(&about, Change::Added, false, detail, (None, Some(n.line)));
            }
        }
    }

    /// True when every value of type `narrow` is a value of type `wide`
    /// (both normalised, `narrow` read in the old document's terms, `wide`
    /// in the new one's): the same collection-ness and a wider number type,
    /// `Edm.Untyped`, or a base type of `narrow`.
    fn accepts(&self, wide: &TypeRef, narrow: &TypeRef) -> bool {
        if wide.collection != narrow.collection {
            return false;
        }
        let numeric = !widened(narrow, wide).is_empty();
        let untyped = wide.name == UNTYPED;
        let base = self.new.derives_from(&narrow.name, &wide.name)
            || self.old.derives_from(&narrow.name, &wide.name);
        numeric || untyped || base
    }

    fn changed_operation(&mut self, about: &About<'_>, o: &Operation, n: &Operation) {
        let mut old_params: HashMap<&str, &Parameter> = HashMap::new();
        for p in o.non_binding_parameters() {
            old_params.entry(p.name.as_str()).or_insert(p);
        }
        let mut new_params: HashMap<&str, &Parameter> = HashMap::new();
        for p in n.non_binding_parameters() {
            new_params.entry(p.name.as_str()).or_insert(p);
        }
        for p in o.non_binding_parameters() {
            if !std::ptr::eq(old_params[p.name.as_str()], p) {
                continue;
            }
            let pt = self.old.type_ref(&p.type_ref);
            match new_params.get(p.name.as_str()) {
                None => {
                    let detail = format!("parameter {} removed ({pt})", p.name);
                    self.push(
                        about,
                        Change::Changed,
                        true,
                        detail,
                        (Some(p.line), Some(n.line)),
                    );
                }
                Some(q) => {
                    let lines = (Some(p.line), Some(q.line));
                    let qt = self.new.type_ref(&q.type_ref);
                    if pt != qt {
                        // Input only: what the client sent before must still
                        // be accepted.
                        let wider = self.accepts(&qt, &pt);
                        let detail = format!(
                            "parameter {} type {pt} → {qt}{}",
                            p.name,
                            if wider { " (widened)" } else { "" }
                        );
                        self.push(about, Change::Changed, !wider, detail, lines);
                    }
                    if p.nullable != q.nullable {
                        let detail = format!(
                            "parameter {} {} → {}",
                            p.name,
                            nullable_words(p.nullable),
                            nullable_words(q.nullable)
                        );
                        // Input only: requiring breaks, relaxing does not.
                        self.push(about, Change::Changed, !q.nullable, detail, lines);
                    }
                }
            }
        }
        for q in n.non_binding_parameters() {
            if !std::ptr::eq(new_params[q.name.as_str()], q)
                || old_params.contains_key(q.name.as_str())
            {
                continue;
            }
            let detail = format!(
                "parameter {} added ({}, {})",
                q.name,
                self.new.type_ref(&q.type_ref),
                nullable_words(q.nullable)
            );
            self.push(
                about,
                Change::Changed,
                !q.nullable,
                detail,
                (Some(o.line), Some(q.line)),
            );
        }
        match (&o.return_type, &n.return_type) {
            (None, None) => {}
            (Some(r), None) => {
                let detail = format!("return type {} removed", self.old.type_ref(&r.type_ref));
                self.push(
                    about,
                    Change::Changed,
                    true,
                    detail,
                    (Some(r.line), Some(n.line)),
                );
            }
            (None, Some(r)) => {
                let detail = format!("return type {} added", self.new.type_ref(&r.type_ref));
                self.push(
                    about,
                    Change::Changed,
                    false,
                    detail,
                    (Some(o.line), Some(r.line)),
                );
            }
            (Some(r), Some(s)) => {
                let lines = (Some(r.line), Some(s.line));
                let (rt, st) = (
                    self.old.return_ref(&r.type_ref),
                    self.new.return_ref(&s.type_ref),
                );
                if rt != st {
                    // Output only: what the client reads must still be what it
                    // could read before.
                    let narrower = self.accepts(&rt, &st);
                    let detail = format!(
                        "return type {rt} → {st}{}",
                        if narrower {
                            " (narrowed)"
                        } else {
                            widened(&rt, &st)
                        }
                    );
                    self.push(about, Change::Changed, !narrower, detail, lines);
                }
                if r.nullable != s.nullable {
                    let detail = format!(
                        "return {} → {}",
                        nullable_words(r.nullable),
                        nullable_words(s.nullable)
                    );
                    // Output only: may now be null breaks readers.
                    self.push(about, Change::Changed, s.nullable, detail, lines);
                }
            }
        }
        if o.is_composable != n.is_composable {
            let words = |c: bool| if c { "composable" } else { "not composable" };
            let detail = format!("{} → {}", words(o.is_composable), words(n.is_composable));
            self.push(
                about,
                Change::Changed,
                o.is_composable,
                detail,
                (Some(o.line), Some(n.line)),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Member<'a> {
    Property(&'a Property),
    Navigation(&'a NavigationProperty),
}

impl Member<'_> {
    fn kind(&self) -> ItemKind {
        match self {
            Member::Property(_) => ItemKind::Property,
            Member::Navigation(_) => ItemKind::NavigationProperty,
        }
    }

    fn type_ref(&self) -> &TypeRef {
        match self {
            Member::Property(p) => &p.type_ref,
            Member::Navigation(p) => &p.type_ref,
        }
    }

    fn nullable(&self) -> bool {
        match self {
            Member::Property(p) => p.nullable,
            Member::Navigation(p) => p.nullable,
        }
    }

    fn line(&self) -> usize {
        match self {
            Member::Property(p) => p.line,
            Member::Navigation(p) => p.line,
        }
    }

    fn describe(&self, side: Side<'_>) -> String {
        let t = side.type_ref(self.type_ref());
        match self {
            Member::Property(p) => format!("{t}, {}", nullable_words(p.nullable)),
            Member::Navigation(p) if p.contains_target => format!("{t}, contained"),
            Member::Navigation(_) => t.to_string(),
        }
    }
}

/// Names of a type's own members, properties first, in document order.
fn own_members(t: &EntityOrComplex) -> impl Iterator<Item = &str> {
    t.properties
        .iter()
        .map(|p| p.name.as_str())
        .chain(t.navigation_properties.iter().map(|p| p.name.as_str()))
}

/// Every member of `t`, inherited ones included; the most derived
/// declaration wins, then the first.
fn effective<'a>(csdl: &'a Csdl, t: &'a EntityOrComplex) -> HashMap<&'a str, Member<'a>> {
    let mut out = HashMap::new();
    let chain = csdl.base_chain(&t.qualified_name);
    // `base_chain` is empty when `t` is not the declaration the map holds
    // (a duplicate); the type itself still counts.
    let chain: Vec<&EntityOrComplex> = if chain.is_empty() { vec![t] } else { chain };
    for ty in chain {
        for p in &ty.properties {
            out.entry(p.name.as_str()).or_insert(Member::Property(p));
        }
        for p in &ty.navigation_properties {
            out.entry(p.name.as_str()).or_insert(Member::Navigation(p));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Overloads
// ---------------------------------------------------------------------------

/// What identifies an overload across the two files.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct OpKey {
    qualified_name: String,
    action: bool,
    /// The binding parameter's type, normalised; `None` when unbound.
    binding: Option<TypeRef>,
}

fn overloads<'a>(side: Side<'a>) -> BTreeMap<OpKey, Vec<&'a Operation>> {
    let mut out: BTreeMap<OpKey, Vec<&Operation>> = BTreeMap::new();
    for op in side.csdl.operations() {
        let key = OpKey {
            qualified_name: op.qualified_name.clone(),
            action: op.kind == OperationKind::Action,
            binding: op.binding_type().map(|t| side.type_ref(t)),
        };
        let group = out.entry(key).or_default();
        // The same overload declared twice: the first counts.
        if !group.iter().any(|g| param_names(g) == param_names(op)) {
            group.push(op);
        }
    }
    out
}

/// Non-binding parameter names, sorted.
fn param_names(op: &Operation) -> Vec<&str> {
    let mut v: Vec<&str> = op
        .non_binding_parameters()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    v.sort_unstable();
    v
}

type Paired<'a> = (
    Vec<(&'a Operation, &'a Operation)>,
    Vec<&'a Operation>,
    Vec<&'a Operation>,
);

/// Pairs the overloads of one key: the only one on each side, whatever its
/// parameters; else by parameter names (function overloads differ by them,
/// so an overload whose names changed is another overload). Returns the
/// pairs, the removed and the added overloads.
fn pair_overloads<'a>(old: &[&'a Operation], new: &[&'a Operation]) -> Paired<'a> {
    if let ([o], [n]) = (old, new) {
        return (vec![(*o, *n)], Vec::new(), Vec::new());
    }
    let mut pairs = Vec::new();
    let mut gone: Vec<&Operation> = Vec::new();
    let mut came: Vec<&Operation> = new.to_vec();
    for &o in old {
        let names = param_names(o);
        match came.iter().position(|n| param_names(n) == names) {
            Some(i) => pairs.push((o, came.remove(i))),
            None => gone.push(o),
        }
    }
    (pairs, gone, came)
}

/// `ns.name(binding)` (bound), `ns.name()` (unbound); with the parameter
/// names when the key has several overloads: `ns.name(binding; a, b)` (and
/// none for the one without parameters).
fn op_subject(key: &OpKey, op: &Operation, ambiguous: bool) -> String {
    let binding = key.binding.as_ref().map(ToString::to_string);
    let params = ambiguous
        .then(|| param_names(op).join(", "))
        .filter(|p| !p.is_empty());
    match (binding, params) {
        (Some(b), Some(p)) => format!("{}({b}; {p})", key.qualified_name),
        (Some(b), None) => format!("{}({b})", key.qualified_name),
        (None, Some(p)) => format!("{}({p})", key.qualified_name),
        (None, None) => format!("{}()", key.qualified_name),
    }
}

/// `(a: Edm.String, b: Collection(ns.t)) → ns.r` for added and removed
/// overloads.
fn signature(side: Side<'_>, op: &Operation) -> String {
    let params: Vec<String> = op
        .non_binding_parameters()
        .iter()
        .map(|p| format!("{}: {}", p.name, side.type_ref(&p.type_ref)))
        .collect();
    let mut s = format!("({})", params.join(", "));
    if let Some(r) = &op.return_type {
        s.push_str(&format!(" → {}", side.type_ref(&r.type_ref)));
    }
    s
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

/// The entity sets or singletons of every container, by name (the first
/// declaration wins): name -> (container, namespace, type, line).
fn container_members(
    csdl: &Csdl,
    members: impl Fn(&EntityContainer) -> Vec<(String, String, usize)>,
) -> BTreeMap<String, (String, String, String, usize)> {
    let mut m = BTreeMap::new();
    for cont in csdl.containers() {
        for (name, type_name, line) in members(cont) {
            m.entry(name).or_insert_with(|| {
                (
                    cont.qualified_name.clone(),
                    cont.namespace.clone(),
                    type_name,
                    line,
                )
            });
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &str) -> Csdl {
        Csdl::parse(xml).expect("test CSDL parses")
    }

    fn doc(body: &str) -> String {
        format!(
            r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
{body}
</Schema></edmx:DataServices></edmx:Edmx>"#
        )
    }

    fn diff(old: &str, new: &str) -> DriftReport {
        compare(&parse(&doc(old)), "old", &parse(&doc(new)), "new")
    }

    /// `impact change kind subject: detail` per item.
    fn lines(r: &DriftReport) -> Vec<String> {
        r.items
            .iter()
            .map(|i| {
                format!(
                    "{:?} {:?} {:?} {}: {}",
                    i.impact.expect("classified"),
                    i.change,
                    i.kind,
                    i.subject,
                    i.detail
                )
            })
            .collect()
    }

    fn specs_pair() -> DriftReport {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/metadata/drift");
        compare_files(
            &root.join("widgets-old.csdl.xml"),
            &root.join("widgets-new.csdl.xml"),
        )
        .expect("the specs pair loads")
    }

    #[test]
    fn identical_documents_have_no_drift() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/metadata");
        for f in [
            "v1.0.csdl.xml",
            "beta.csdl.xml",
            "drift/widgets-new.csdl.xml",
        ] {
            let r = compare_files(&root.join(f), &root.join(f)).expect("loads");
            assert!(r.is_empty(), "{f}: {:?}", r.items);
        }
    }

    #[test]
    fn alias_and_namespace_spellings_are_one_name() {
        let old = r#"<EntityType Name="a"><Property Name="p" Type="graph.b"/>
            <NavigationProperty Name="n" Type="Collection(graph.a)"/></EntityType>
            <ComplexType Name="b"/>"#;
        let new = r#"<ComplexType Name="b"/><EntityType Name="a">
            <NavigationProperty Name="n" Type=" Collection( microsoft.graph.a ) "/>
            <Property Name="p" Type="microsoft.graph.b"/></EntityType>"#;
        let r = diff(old, new);
        assert!(r.is_empty(), "{:?}", lines(&r));
    }

    #[test]
    fn a_property_moved_to_a_new_base_type_is_not_removed() {
        let old = r#"<EntityType Name="t"><Property Name="p" Type="Edm.String"/></EntityType>"#;
        let new = r#"<EntityType Name="base" Abstract="true"><Property Name="p" Type="Edm.String"/></EntityType>
            <EntityType Name="t" BaseType="graph.base"/>"#;
        assert_eq!(
            lines(&diff(old, new)),
            [
                "Additive Added EntityType microsoft.graph.base: abstract, 1 property, 0 navigation properties",
                "Additive Changed EntityType microsoft.graph.t: base type none → microsoft.graph.base",
            ]
        );
    }

    #[test]
    fn a_base_type_change_breaks_unless_the_old_base_is_still_an_ancestor() {
        let old = r#"<EntityType Name="root"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
            <EntityType Name="mid" BaseType="graph.root"><Property Name="m" Type="Edm.String"/></EntityType>
            <EntityType Name="inserted" BaseType="graph.root"/>
            <EntityType Name="cut" BaseType="graph.mid"/>
            <EntityType Name="orphan" BaseType="graph.root"/>"#;
        let new = r#"<EntityType Name="root"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
            <EntityType Name="mid" BaseType="graph.root"><Property Name="m" Type="Edm.String"/></EntityType>
            <EntityType Name="inserted" BaseType="graph.mid"/>
            <EntityType Name="cut" BaseType="graph.root"/>
            <EntityType Name="orphan"/>"#;
        assert_eq!(
            lines(&diff(old, new)),
            [
                "Breaking Changed EntityType microsoft.graph.cut: base type microsoft.graph.mid → microsoft.graph.root (no longer inherits m)",
                "Breaking Changed EntityType microsoft.graph.orphan: base type microsoft.graph.root → none (no longer inherits id)",
                "Breaking Changed EntityType microsoft.graph.orphan: key (id) → ()",
                "Additive Changed EntityType microsoft.graph.inserted: base type microsoft.graph.root → microsoft.graph.mid (still derives from microsoft.graph.root)",
            ]
        );
    }

    #[test]
    fn duplicate_declarations_count_once() {
        let once = r#"<EnumType Name="e"><Member Name="a"/><Member Name="unknownFutureValue"/></EnumType>
            <Action Name="go" IsBound="true"><Parameter Name="b" Type="graph.t"/></Action>
            <EntityType Name="t"><Property Name="p" Type="Edm.String"/></EntityType>"#;
        let twice = r#"<EnumType Name="e"><Member Name="a"/><Member Name="unknownFutureValue"/><Member Name="a" Value="9"/></EnumType>
            <Action Name="go" IsBound="true"><Parameter Name="b" Type="graph.t"/></Action>
            <Action Name="go" IsBound="true"><Parameter Name="b" Type="graph.t"/></Action>
            <EntityType Name="t"><Property Name="p" Type="Edm.String"/><Property Name="p" Type="Edm.Int32"/></EntityType>
            <EntityType Name="t"><Property Name="q" Type="Edm.String"/></EntityType>"#;
        let r = diff(once, twice);
        assert!(r.is_empty(), "{:?}", lines(&r));
        let r = diff(twice, once);
        assert!(r.is_empty(), "{:?}", lines(&r));
    }

    #[test]
    fn property_rules() {
        let old = r#"<EntityType Name="t">
            <Property Name="gone" Type="Edm.String"/>
            <Property Name="wide" Type="Edm.Int32"/>
            <Property Name="tight" Type="Edm.String"/>
            <Property Name="loose" Type="Edm.String" Nullable="false"/>
            <Property Name="many" Type="Edm.String"/>
            <Property Name="nav" Type="graph.t"/>
        </EntityType>"#;
        let new = r#"<EntityType Name="t">
            <Property Name="wide" Type="Edm.Int64"/>
            <Property Name="tight" Type="Edm.String" Nullable="false"/>
            <Property Name="loose" Type="Edm.String"/>
            <Property Name="many" Type="Collection(Edm.String)"/>
            <NavigationProperty Name="nav" Type="graph.t"/>
            <Property Name="opt" Type="Edm.String"/>
            <Property Name="req" Type="Edm.Boolean" Nullable="false"/>
            <Property Name="tags" Type="Collection(Edm.String)" Nullable="false"/>
        </EntityType>"#;
        assert_eq!(
            lines(&diff(old, new)),
            [
                "Breaking Removed Property microsoft.graph.t/gone: Edm.String, nullable",
                "Breaking Changed Property microsoft.graph.t/loose: not nullable → nullable",
                "Breaking Changed Property microsoft.graph.t/many: type Edm.String → Collection(Edm.String)",
                "Breaking Changed Property microsoft.graph.t/nav: property → navigation property (microsoft.graph.t)",
                "Breaking Added Property microsoft.graph.t/req: Edm.Boolean, not nullable: writers that omit it fail",
                "Breaking Changed Property microsoft.graph.t/tight: nullable → not nullable",
                "Breaking Changed Property microsoft.graph.t/wide: type Edm.Int32 → Edm.Int64 (widened)",
                "Additive Added Property microsoft.graph.t/opt: Edm.String, nullable",
                "Additive Added Property microsoft.graph.t/tags: Collection(Edm.String), not nullable",
            ]
        );
    }

    #[test]
    fn enum_rules_follow_the_policy_and_the_evolvable_pattern() {
        let old = r#"<EnumType Name="evolvable"><Member Name="a" Value="0"/><Member Name="b" Value="1"/><Member Name="unknownFutureValue" Value="2"/></EnumType>
            <EnumType Name="closed"><Member Name="a" Value="0"/><Member Name="b" Value="1"/></EnumType>
            <EnumType Name="bits" IsFlags="true"><Member Name="x" Value="1"/><Member Name="y" Value="2"/></EnumType>"#;
        let new = r#"<EnumType Name="evolvable"><Member Name="a" Value="0"/><Member Name="early" Value="1"/><Member Name="unknownFutureValue" Value="2"/><Member Name="b" Value="3"/><Member Name="late" Value="4"/></EnumType>
            <EnumType Name="closed" IsFlags="true"><Member Name="a" Value="0"/><Member Name="c" Value="2"/></EnumType>
            <EnumType Name="bits" IsFlags="true"><Member Name="x" Value="1"/><Member Name="y" Value="4"/><Member Name="xy" Value="5"/><Member Name="z" Value="8"/></EnumType>"#;
        assert_eq!(
            lines(&diff(old, new)),
            [
                "Breaking Changed EnumType microsoft.graph.closed: not flags → flags",
                "Breaking Added EnumMember microsoft.graph.bits/xy: value 5, flags, overlaps x",
                "Breaking Changed EnumMember microsoft.graph.bits/y: value 2 → 4, flags: values combine",
                "Breaking Removed EnumMember microsoft.graph.closed/b: value 1",
                "Breaking Changed EnumMember microsoft.graph.evolvable/b: value 1 → 3, now after unknownFutureValue (2): old clients get unknownFutureValue",
                "Additive Added EnumMember microsoft.graph.bits/z: value 8, the enum has no unknownFutureValue",
                "Additive Added EnumMember microsoft.graph.closed/c: value 2, the enum has no unknownFutureValue",
                "Additive Added EnumMember microsoft.graph.evolvable/early: value 1, before unknownFutureValue (2)",
                "Additive Added EnumMember microsoft.graph.evolvable/late: value 4, after unknownFutureValue (2), hidden from old clients",
            ]
        );
        // Renumbered, the sentinel included, all on the same side of it:
        // JSON names the members, nothing changes for a client.
        let old = r#"<EnumType Name="status"><Member Name="up" Value="0"/><Member Name="upgrading" Value="1"/><Member Name="down" Value="2"/><Member Name="unknownFutureValue" Value="3"/></EnumType>"#;
        let new = r#"<EnumType Name="status"><Member Name="up" Value="0"/><Member Name="down" Value="1"/><Member Name="resizing" Value="2"/><Member Name="unknownFutureValue" Value="999"/></EnumType>"#;
        assert_eq!(
            lines(&diff(old, new)),
            [
                "Breaking Removed EnumMember microsoft.graph.status/upgrading: value 1",
                "Additive Changed EnumMember microsoft.graph.status/down: value 2 → 1, serialized by name",
                "Additive Added EnumMember microsoft.graph.status/resizing: value 2, before unknownFutureValue (999)",
                "Additive Changed EnumMember microsoft.graph.status/unknownFutureValue: value 3 → 999, serialized by name",
            ]
        );
    }

    #[test]
    fn graph_json_and_edm_untyped_are_one_type() {
        let json = r#"<ComplexType Name="Json"/><EntityType Name="t"><Property Name="v" Type="graph.Json"/></EntityType>
            <Action Name="abs" IsBound="true"><Parameter Name="b" Type="graph.t"/><Parameter Name="number" Type="graph.Json"/><ReturnType Type="Collection(graph.Json)"/></Action>"#;
        let untyped = r#"<ComplexType Name="Json"/><EntityType Name="t"><Property Name="v" Type="Edm.Untyped"/></EntityType>
            <Action Name="abs" IsBound="true"><Parameter Name="b" Type="graph.t"/><Parameter Name="number" Type="Edm.Untyped"/><ReturnType Type="Collection(Edm.Untyped)"/></Action>"#;
        let r = diff(json, untyped);
        assert!(r.is_empty(), "{:?}", lines(&r));
        let r = diff(untyped, json);
        assert!(r.is_empty(), "{:?}", lines(&r));
        // A `Json` that declares members is a complex type like any other.
        let declared = json.replace(
            r#"<ComplexType Name="Json"/>"#,
            r#"<ComplexType Name="Json"><Property Name="raw" Type="Edm.String"/></ComplexType>"#,
        );
        let untyped_declared = untyped.replace(
            r#"<ComplexType Name="Json"/>"#,
            r#"<ComplexType Name="Json"><Property Name="raw" Type="Edm.String"/></ComplexType>"#,
        );
        assert_eq!(
            lines(&diff(&declared, &untyped_declared)),
            [
                "Breaking Changed Property microsoft.graph.t/v: type microsoft.graph.Json → Edm.Untyped",
                "Breaking Changed Action microsoft.graph.abs(microsoft.graph.t): return type Collection(microsoft.graph.Json) → Collection(Edm.Untyped)",
                "Additive Changed Action microsoft.graph.abs(microsoft.graph.t): parameter number type microsoft.graph.Json → Edm.Untyped (widened)",
            ]
        );
    }

    #[test]
    fn a_stream_wrapper_returned_is_the_stream() {
        let report = r#"<ComplexType Name="report"><Property Name="content" Type="Edm.Stream"/></ComplexType>
            <EntityType Name="reportRoot"/>"#;
        let wrapped = format!(
            r#"{report}<Function Name="getCounts" IsBound="true"><Parameter Name="b" Type="graph.reportRoot"/><ReturnType Type="graph.report"/></Function>
            <EntityType Name="t"><Property Name="r" Type="graph.report"/></EntityType>"#
        );
        let bare = format!(
            r#"{report}<Function Name="getCounts" IsBound="true"><Parameter Name="b" Type="graph.reportRoot"/><ReturnType Type="Edm.Stream"/></Function>
            <EntityType Name="t"><Property Name="r" Type="Edm.Stream"/></EntityType>"#
        );
        // Returned, one response; as a property, two shapes.
        let expected = [
            "Breaking Changed Property microsoft.graph.t/r: type microsoft.graph.report → Edm.Stream",
        ];
        assert_eq!(lines(&diff(&wrapped, &bare)), expected);
        // A second member makes it an object like any other.
        let two = |s: &str| {
            s.replace(
                r#"Type="Edm.Stream"/></ComplexType>"#,
                r#"Type="Edm.Stream"/><Property Name="kind" Type="Edm.String"/></ComplexType>"#,
            )
        };
        assert_eq!(
            lines(&diff(&two(&wrapped), &two(&bare))),
            [
                expected[0],
                "Breaking Changed Function microsoft.graph.getCounts(microsoft.graph.reportRoot): return type microsoft.graph.report → Edm.Stream",
            ]
        );
    }

    #[test]
    fn containment_is_compared_in_effect_and_by_direction() {
        let sets = r#"<EntityContainer Name="c"><EntitySet Name="groups" EntityType="graph.group"/></EntityContainer>"#;
        let old = format!(
            r#"<EntityType Name="group"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
            <EntityType Name="stat" BaseType="graph.group"/><EntityType Name="analytics"/>
            <EntityType Name="item">
              <NavigationProperty Name="analytics" Type="graph.analytics"/>
              <NavigationProperty Name="incompatibleGroups" Type="Collection(graph.group)" ContainsTarget="true"/>
              <NavigationProperty Name="members" Type="Collection(graph.group)"/>
              <NavigationProperty Name="stats" Type="Collection(graph.stat)"/>
            </EntityType>{sets}"#
        );
        let new = format!(
            r#"<EntityType Name="group"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
            <EntityType Name="stat" BaseType="graph.group"/><EntityType Name="analytics"/>
            <EntityType Name="item">
              <NavigationProperty Name="analytics" Type="graph.analytics" ContainsTarget="true"/>
              <NavigationProperty Name="incompatibleGroups" Type="Collection(graph.group)"/>
              <NavigationProperty Name="members" Type="Collection(graph.group)" ContainsTarget="true"/>
              <NavigationProperty Name="stats" Type="Collection(graph.stat)" ContainsTarget="true"/>
            </EntityType>{sets}"#
        );
        // analytics: no set holds its target either way; stats: the groups
        // set holds stat entities, so it was not contained.
        assert_eq!(
            lines(&diff(&old, &new)),
            [
                "Breaking Changed NavigationProperty microsoft.graph.item/members: not contained → contained",
                "Breaking Changed NavigationProperty microsoft.graph.item/stats: not contained → contained",
                "Additive Changed NavigationProperty microsoft.graph.item/incompatibleGroups: contained → not contained",
            ]
        );
        // The set gone, its entities are reachable only through the path.
        let r = diff(&old, &old.replace(sets, ""));
        assert_eq!(
            lines(&r),
            [
                "Breaking Changed NavigationProperty microsoft.graph.item/members: not contained → contained in effect (no entity set or singleton holds the target)",
                "Breaking Changed NavigationProperty microsoft.graph.item/stats: not contained → contained in effect (no entity set or singleton holds the target)",
                "Breaking Removed EntitySet microsoft.graph.c/groups: entity type microsoft.graph.group",
            ]
        );
    }

    #[test]
    fn inputs_may_widen_outputs_may_narrow_properties_neither() {
        let old = r#"<ComplexType Name="base"><Property Name="p" Type="Edm.String"/></ComplexType>
            <ComplexType Name="derived" BaseType="graph.base"/>
            <EntityType Name="singletonType"><Property Name="q" Type="graph.base"/><Property Name="r" Type="graph.derived"/></EntityType>
            <Action Name="send"><Parameter Name="a" Type="graph.derived"/><Parameter Name="b" Type="graph.base"/><Parameter Name="c" Type="Edm.String"/><ReturnType Type="graph.base"/></Action>
            <Function Name="get"><ReturnType Type="graph.derived"/></Function>
            <Function Name="count"><ReturnType Type="Edm.Int64"/></Function>"#;
        let new = r#"<EntityType Name="entity"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
            <ComplexType Name="base"><Property Name="p" Type="Edm.String"/></ComplexType>
            <ComplexType Name="derived" BaseType="graph.base"/>
            <EntityType Name="singletonType" BaseType="graph.entity"><Property Name="q" Type="graph.derived"/><Property Name="r" Type="graph.base"/></EntityType>
            <Action Name="send"><Parameter Name="a" Type="graph.base"/><Parameter Name="b" Type="graph.derived"/><Parameter Name="c" Type="Edm.Untyped"/><ReturnType Type="graph.derived"/></Action>
            <Function Name="get"><ReturnType Type="graph.base"/></Function>
            <Function Name="count"><ReturnType Type="Edm.Int32"/></Function>"#;
        assert_eq!(
            lines(&diff(old, new)),
            [
                "Breaking Changed Property microsoft.graph.singletonType/q: type microsoft.graph.base → microsoft.graph.derived",
                "Breaking Changed Property microsoft.graph.singletonType/r: type microsoft.graph.derived → microsoft.graph.base",
                "Breaking Changed Action microsoft.graph.send(): parameter b type microsoft.graph.base → microsoft.graph.derived",
                "Breaking Changed Function microsoft.graph.get(): return type microsoft.graph.derived → microsoft.graph.base",
                "Additive Added EntityType microsoft.graph.entity: 1 property, 0 navigation properties",
                "Additive Changed EntityType microsoft.graph.singletonType: base type none → microsoft.graph.entity",
                "Additive Changed EntityType microsoft.graph.singletonType: key () → (id)",
                "Additive Changed Action microsoft.graph.send(): parameter a type microsoft.graph.derived → microsoft.graph.base (widened)",
                "Additive Changed Action microsoft.graph.send(): parameter c type Edm.String → Edm.Untyped (widened)",
                "Additive Changed Action microsoft.graph.send(): return type microsoft.graph.base → microsoft.graph.derived (narrowed)",
                "Additive Changed Function microsoft.graph.count(): return type Edm.Int64 → Edm.Int32 (narrowed)",
            ]
        );
    }

    #[test]
    fn overloads_are_told_apart_by_binding_type_then_parameter_names() {
        let old = r#"<EntityType Name="t"/><EntityType Name="u"/>
            <Function Name="f" IsBound="true"><Parameter Name="b" Type="graph.t"/><ReturnType Type="Edm.String"/></Function>
            <Function Name="f" IsBound="true"><Parameter Name="b" Type="Collection(graph.t)"/><ReturnType Type="Edm.String"/></Function>
            <Function Name="g"><Parameter Name="x" Type="Edm.Int32"/><ReturnType Type="Edm.String"/></Function>
            <Function Name="g"><Parameter Name="y" Type="Edm.Int32"/><ReturnType Type="Edm.String"/></Function>"#;
        let new = r#"<EntityType Name="t"/><EntityType Name="u"/>
            <Function Name="f" IsBound="true"><Parameter Name="b" Type="graph.u"/><ReturnType Type="Edm.String"/></Function>
            <Function Name="f" IsBound="true"><Parameter Name="bp" Type="Collection(microsoft.graph.t)"/><ReturnType Type="Edm.String" Nullable="false"/></Function>
            <Function Name="g"><Parameter Name="y" Type="Edm.Int64"/><ReturnType Type="Edm.String"/></Function>
            <Function Name="g"><Parameter Name="x" Type="Edm.Int32"/><ReturnType Type="Edm.String"/></Function>"#;
        assert_eq!(
            lines(&diff(old, new)),
            [
                "Breaking Removed Function microsoft.graph.f(microsoft.graph.t): () → Edm.String",
                "Additive Changed Function microsoft.graph.f(Collection(microsoft.graph.t)): return nullable → not nullable",
                "Additive Added Function microsoft.graph.f(microsoft.graph.u): () → Edm.String",
                "Additive Changed Function microsoft.graph.g(y): parameter y type Edm.Int32 → Edm.Int64 (widened)",
            ]
        );
    }

    #[test]
    fn the_specs_pair_covers_every_kind_and_both_impacts() {
        let r = specs_pair();
        let kinds: BTreeSet<(ItemKind, Change)> =
            r.items.iter().map(|i| (i.kind, i.change)).collect();
        for kind in [
            ItemKind::EntityType,
            ItemKind::ComplexType,
            ItemKind::EnumType,
            ItemKind::TypeDefinition,
            ItemKind::Property,
            ItemKind::NavigationProperty,
            ItemKind::EnumMember,
            ItemKind::EntitySet,
            ItemKind::Singleton,
            ItemKind::Action,
            ItemKind::Function,
        ] {
            for change in [Change::Added, Change::Removed, Change::Changed] {
                assert!(kinds.contains(&(kind, change)), "no {change:?} {kind:?}");
            }
        }
        // Breaking first, every item located on the side(s) it exists on.
        let first_additive = r
            .items
            .iter()
            .position(|i| i.impact == Some(Impact::Additive))
            .expect("some additive");
        assert!(
            r.items[..first_additive]
                .iter()
                .all(|i| i.impact == Some(Impact::Breaking))
        );
        assert!(
            r.items[first_additive..]
                .iter()
                .all(|i| i.impact == Some(Impact::Additive))
        );
        for i in &r.items {
            match i.change {
                Change::Removed => assert!(i.left.as_ref().is_some_and(|l| l.line > 0), "{i:?}"),
                Change::Added => assert!(i.right.as_ref().is_some_and(|l| l.line > 0), "{i:?}"),
                Change::Changed => assert!(i.left.is_some() && i.right.is_some(), "{i:?}"),
            }
        }
        // Reversed, every item comes back with its change mirrored.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/metadata/drift");
        let back = compare_files(
            &root.join("widgets-new.csdl.xml"),
            &root.join("widgets-old.csdl.xml"),
        )
        .expect("loads");
        let count = |r: &DriftReport, c: Change| r.items.iter().filter(|i| i.change == c).count();
        assert_eq!(count(&r, Change::Added), count(&back, Change::Removed));
        assert_eq!(count(&r, Change::Removed), count(&back, Change::Added));
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let dir = tempfile::tempdir().expect("tempdir");
        let good = dir.path().join("good.xml");
        let bad = dir.path().join("bad.xml");
        std::fs::write(&good, doc("")).expect("write");
        std::fs::write(
            &bad,
            "<edmx:Edmx>\n  <Schema Namespace=\"x\">\n</edmx:Edmx>",
        )
        .expect("write");
        let e = compare_files(&good, &bad).expect_err("malformed");
        // The unclosed element's start tag.
        assert!(e.starts_with(&format!("{}:2:3: ", bad.display())), "{e}");
        std::fs::write(&bad, "{\"not\": \"xml\"}").expect("write");
        let e = compare_files(&bad, &good).expect_err("not XML");
        assert!(e.starts_with(&format!("{}:1:1: ", bad.display())), "{e}");
        let e = compare_files(&dir.path().join("missing.xml"), &good).expect_err("missing");
        assert!(e.contains("missing.xml: cannot read"), "{e}");
    }
}
