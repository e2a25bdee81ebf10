//! The two sides of a comparison, and the names on them: aliases resolved,
//! stand-ins read as what they stand for, declarations by qualified name.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use super::super::{ItemKind, Location};
use crate::schema::csdl::{
    Csdl, EntityOrComplex, EnumType, NavigationProperty, TypeDefinition, TypeRef,
};

/// The sentinel member of an evolvable enum.
pub(super) const SENTINEL: &str = "unknownFutureValue";

/// The primitive type of any JSON value.
pub(super) const UNTYPED: &str = "Edm.Untyped";

#[derive(Clone, Copy)]
pub(super) struct Side<'a> {
    pub(super) csdl: &'a Csdl,
    pub(super) label: &'a str,
}

impl<'a> Side<'a> {
    pub(super) fn at(&self, line: usize) -> Option<Location> {
        Some(Location {
            file: self.label.to_string(),
            line,
        })
    }

    /// A type name as declared (alias resolved, declared spelling); `Edm.*`
    /// and unknown names as written, with a known alias expanded.
    pub(super) fn name<'n>(&self, name: &'n str) -> Cow<'n, str>
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
    pub(super) fn is_json_stand_in(&self, canonical: &str) -> bool {
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
    pub(super) fn return_ref(&self, t: &TypeRef) -> TypeRef {
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
    pub(super) fn derives_from(&self, t: &str, ancestor: &str) -> bool {
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
    pub(super) fn contained(&self, nav: &NavigationProperty, homes: &HashSet<String>) -> bool {
        if nav.contains_target {
            return true;
        }
        let target = self.name(&nav.type_ref.name);
        let chain = self.csdl.base_chain(&target);
        !chain.is_empty() && !chain.iter().any(|t| homes.contains(&t.qualified_name))
    }

    /// The entity types that entity sets and singletons hold, canonical.
    pub(super) fn homes(&self) -> HashSet<String> {
        let sets = self.csdl.entity_sets().map(|s| s.entity_type.as_str());
        let singletons = self.csdl.singletons().map(|s| s.type_name.as_str());
        sets.chain(singletons)
            .map(|t| self.name(t).into_owned())
            .collect()
    }

    pub(super) fn type_ref(&self, t: &TypeRef) -> TypeRef {
        TypeRef {
            collection: t.collection,
            name: self.name(&t.name).into_owned(),
        }
    }
}

/// A declared type of either kind.
#[derive(Clone, Copy)]
pub(super) enum Decl<'a> {
    Structured(&'a EntityOrComplex),
    Enum(&'a EnumType),
    Definition(&'a TypeDefinition),
}

impl Decl<'_> {
    pub(super) fn kind(&self) -> ItemKind {
        match self {
            Decl::Structured(t) if t.is_entity() => ItemKind::EntityType,
            Decl::Structured(_) => ItemKind::ComplexType,
            Decl::Enum(_) => ItemKind::EnumType,
            Decl::Definition(_) => ItemKind::TypeDefinition,
        }
    }

    pub(super) fn namespace(&self) -> &str {
        match self {
            Decl::Structured(t) => &t.namespace,
            Decl::Enum(t) => &t.namespace,
            Decl::Definition(t) => &t.namespace,
        }
    }

    pub(super) fn line(&self) -> usize {
        match self {
            Decl::Structured(t) => t.line,
            Decl::Enum(t) => t.line,
            Decl::Definition(t) => t.line,
        }
    }
}

pub(super) fn decls(csdl: &Csdl) -> BTreeMap<&str, Decl<'_>> {
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
