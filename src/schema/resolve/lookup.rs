//! Finding what a name after a segment means: a property or navigation
//! property on the type, its bases or (leniently) a derived type, or a
//! bound operation whose binding parameter accepts the type.

use crate::schema::csdl::{
    EntityOrComplex, NavigationProperty, Operation, Property, TypeRef, eq_ignore_case,
};

use super::state::Run;

pub(super) enum Member<'c> {
    Nav(&'c NavigationProperty),
    Prop(&'c Property),
}

/// Own member of one type: navigation first, exact name (or case-insensitive).
fn own_member<'c>(t: &'c EntityOrComplex, name: &str, exact: bool) -> Option<Member<'c>> {
    let eq = |a: &str| {
        if exact {
            a == name
        } else {
            eq_ignore_case(a, name)
        }
    };
    if let Some(p) = t.navigation_properties.iter().find(|p| eq(&p.name)) {
        return Some(Member::Nav(p));
    }
    t.properties.iter().find(|p| eq(&p.name)).map(Member::Prop)
}

/// The first member named `name` of `types`, in their order: an exact
/// name on any of them wins over a case-insensitive one.
fn first_member<'c>(
    types: &[&'c EntityOrComplex],
    name: &str,
) -> Option<(Member<'c>, &'c EntityOrComplex)> {
    for exact in [true, false] {
        for t in types {
            if let Some(m) = own_member(t, name, exact) {
                return Some((m, t));
            }
        }
    }
    None
}

pub(super) struct OpMatch<'c> {
    pub(super) op: &'c Operation,
    pub(super) via_derived: bool,
}

impl<'c> Run<'c> {
    /// The type every structural property declared on `name` itself has,
    /// when there are some and they agree (`thumbnailSet`: `large`, `medium`,
    /// `small` and `source` are all `thumbnail`).
    pub(super) fn shared_property_type(&self, name: &str) -> Option<TypeRef> {
        let props = &self.csdl.structured(name)?.properties;
        let first = &props.first()?.type_ref;
        props
            .iter()
            .all(|p| p.type_ref == *first)
            .then(|| first.clone())
    }

    /// Property or navigation property on the type or a base; exact names
    /// win over case-insensitive ones.
    pub(super) fn find_member(
        &self,
        type_name: &str,
        name: &str,
    ) -> Option<(Member<'c>, &'c EntityOrComplex)> {
        first_member(&self.csdl.base_chain(type_name), name)
    }

    /// Property or navigation property declared on a derived type only.
    pub(super) fn find_derived_member(
        &self,
        type_name: &str,
        name: &str,
    ) -> Option<(Member<'c>, &'c EntityOrComplex)> {
        first_member(&self.csdl.derived_types(type_name), name)
    }

    /// Bound operation named `name` whose binding parameter accepts `cur`:
    /// the same type or the nearest base (same collection-ness), else one
    /// bound to a derived type (`via_derived`). `Err(())` when overloads
    /// exist but none fits.
    pub(super) fn find_operation(
        &self,
        name: &str,
        cur: &TypeRef,
    ) -> Result<Option<OpMatch<'c>>, ()> {
        let candidates: Vec<&'c Operation> = self
            .csdl
            .operations_named(name)
            .into_iter()
            .filter(|o| o.is_bound)
            .collect();
        if candidates.is_empty() {
            return Ok(None);
        }
        let chain: Vec<&str> = self
            .csdl
            .base_chain(&cur.name)
            .iter()
            .map(|t| t.qualified_name.as_str())
            .collect();
        let mut best: Option<(usize, &'c Operation)> = None;
        for op in &candidates {
            let Some(binding) = op.binding_type() else {
                continue;
            };
            if binding.collection != cur.collection {
                continue;
            }
            if let Some(dist) = chain.iter().position(|n| *n == binding.name)
                && best.is_none_or(|(d, _)| dist < d)
            {
                best = Some((dist, op));
            }
        }
        if let Some((_, op)) = best {
            return Ok(Some(OpMatch {
                op,
                via_derived: false,
            }));
        }
        for op in &candidates {
            let Some(binding) = op.binding_type() else {
                continue;
            };
            if binding.collection == cur.collection
                && self.csdl.is_same_or_derived(&binding.name, &cur.name)
            {
                return Ok(Some(OpMatch {
                    op,
                    via_derived: true,
                }));
            }
        }
        Err(())
    }
}
