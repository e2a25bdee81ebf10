//! [`TypeSet`] from a parsed CSDL document.
//!
//! Entity and complex types keep their base, `Abstract`, `OpenType`, own key,
//! structural properties and navigation properties (in that order); enum
//! types keep their members and `IsFlags`. A `TypeDefinition` is not a type
//! of the set: properties of such a type are rewritten to its underlying
//! primitive, since that is what goes over the wire.

use super::csdl::{Csdl, EntityOrComplex, StructuredKind, TypeRef};
use super::typeset::{NamedKind, NamedType, Origin, TypeProperty, TypeSet};

impl TypeSet {
    /// Every entity, complex and enum type of `csdl`. `source` labels the set
    /// (`beta`, `v1.0`): see [`TypeSet::new`].
    pub fn from_csdl(csdl: &Csdl, source: &str) -> TypeSet {
        let structured = csdl
            .structured_types()
            .values()
            .map(|t| structured_type(csdl, t));
        let enums = csdl.enum_types().values().map(|e| {
            let members = e.members.iter().map(|m| m.name.clone()).collect();
            let origin = Origin::Csdl { line: e.line };
            NamedType::enumeration(e.qualified_name.clone(), members, e.is_flags, origin)
        });
        TypeSet::new(source, structured.chain(enums))
    }
}

fn structured_type(csdl: &Csdl, t: &EntityOrComplex) -> NamedType {
    let structural = t.properties.iter().map(|p| TypeProperty {
        name: p.name.clone(),
        type_ref: wire_type(csdl, &p.type_ref),
        nullable: p.nullable,
        navigation: false,
    });
    let navigation = t.navigation_properties.iter().map(|p| TypeProperty {
        name: p.name.clone(),
        type_ref: p.type_ref.clone(),
        nullable: p.nullable,
        navigation: true,
    });
    NamedType {
        name: t.qualified_name.clone(),
        kind: match t.kind {
            StructuredKind::Entity => NamedKind::Entity,
            StructuredKind::Complex => NamedKind::Complex,
        },
        base_type: t.base_type.clone(),
        is_abstract: t.is_abstract,
        open: t.open_type,
        key: t.key.clone(),
        properties: structural.chain(navigation).collect(),
        members: Vec::new(),
        is_flags: false,
        origin: Origin::Csdl { line: t.line },
    }
}

/// A `TypeDefinition` becomes its underlying primitive (followed a few steps,
/// in case definitions are stacked); anything else is kept.
fn wire_type(csdl: &Csdl, r: &TypeRef) -> TypeRef {
    let mut name = r.name.as_str();
    for _ in 0..8 {
        if r.is_edm() {
            break;
        }
        match csdl.type_definition(name) {
            Some(td) => name = td.underlying_type.as_str(),
            None => break,
        }
    }
    TypeRef {
        collection: r.collection,
        name: name.to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small CSDL with inheritance, an open type, enums (one flags), a
    /// type definition, navigation, and a dangling reference.
    pub(crate) const CSDL: &str = include_str!("testdata/typeset.csdl.xml");

    pub(crate) fn small_set() -> TypeSet {
        let csdl = Csdl::parse(CSDL).expect("test CSDL parses");
        TypeSet::from_csdl(&csdl, "test")
    }

    #[test]
    fn every_type_with_properties_and_members() {
        let s = small_set();
        let st = s.stats();
        assert_eq!(
            (st.entity_types, st.complex_types, st.enum_types),
            (4, 3, 2)
        );
        let user = s.get("microsoft.graph.user").expect("user");
        assert_eq!(user.kind, NamedKind::Entity);
        assert_eq!(
            user.base_type.as_deref(),
            Some("microsoft.graph.directoryObject")
        );
        let manager = user
            .properties
            .iter()
            .find(|p| p.name == "manager")
            .expect("nav");
        assert!(manager.navigation && manager.nullable);
        let days = s.get("microsoft.graph.dayFlags").expect("flags");
        assert!(days.is_flags);
        assert_eq!(days.members, ["monday", "tuesday"]);
        assert!(s.is_abstract("microsoft.graph.entity"));
        assert!(s.is_open("microsoft.graph.group"));
        assert_eq!(s.key_of("microsoft.graph.user"), ["id"]);
    }

    #[test]
    fn type_definitions_become_their_primitive() {
        let s = small_set();
        assert_eq!(
            s.property_type("microsoft.graph.user", "stampedAt"),
            Some(TypeRef::single("Edm.DateTimeOffset"))
        );
    }

    #[test]
    fn dangling_names_are_counted() {
        let s = small_set();
        assert_eq!(
            s.unresolved().iter().collect::<Vec<_>>(),
            [(&"microsoft.graph.nowhere".to_string(), &1)]
        );
    }
}
