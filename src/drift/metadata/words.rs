//! The words details are written in: kinds, counts, nullability, impact and
//! widening.

use super::super::{Impact, ItemKind};
use crate::schema::csdl::TypeRef;

/// The words for an item kind in details (`entity type`).
pub(super) fn kind_words(kind: ItemKind) -> &'static str {
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

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(super) fn nullable_words(nullable: bool) -> &'static str {
    if nullable { "nullable" } else { "not nullable" }
}

pub(super) fn impact(breaking: bool) -> Impact {
    if breaking {
        Impact::Breaking
    } else {
        Impact::Additive
    }
}

/// `" (widened)"` when `new` holds every value of `old` (same collection-ness,
/// a wider number type).
pub(super) fn widened(old: &TypeRef, new: &TypeRef) -> &'static str {
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
