//! What a Properties table row states, read as the metadata would say it:
//! the type (normalised: `String`, `Int32`, `x collection`, links) and
//! whether it agrees with a declared type, and nullability from the
//! description.

use super::names::{by_simple_name, resolve_type_name};
use crate::contract::TypeExpr;
use crate::schema::csdl::{Csdl, TypeKind, TypeRef, eq_ignore_case};
use crate::schema::edm::Primitive;

/// A type as a table row states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Stated<'c> {
    /// A primitive, with the word the docs used (`number`, `int32`).
    Primitive(Primitive, String),
    /// A type of the metadata.
    Named(&'c str),
    /// A name the metadata does not know.
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DocType<'c> {
    stated: Stated<'c>,
    collection: bool,
    /// The cell links to an anchor of the page itself.
    anchored: bool,
}

impl<'c> DocType<'c> {
    /// `None` when the cell says nothing usable (empty).
    pub(super) fn read(csdl: &'c Csdl, ty: &TypeExpr, ns: &str) -> Option<DocType<'c>> {
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

    pub(super) fn shown(&self) -> String {
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

    pub(super) fn agrees(&self, csdl: &Csdl, declared: &TypeRef) -> bool {
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
pub(super) fn synonym(word: &str) -> Option<Primitive> {
    match word.to_ascii_lowercase().as_str() {
        "timestamp" => Some(Primitive::DateTimeOffset),
        "url" | "uri" => Some(Primitive::String),
        _ => None,
    }
}

/// Whether the primitive the docs state (as `word`) is the declared `edm`
/// type: the same, or a family word (`number`, `integer`, `float`) that
/// covers it.
pub(super) fn primitive_agrees(p: Primitive, word: &str, edm: &str) -> bool {
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
pub(super) fn link_stem(link: &str) -> &str {
    let path = link.split(['#', '?']).next().unwrap_or(link);
    let file = path.rsplit('/').next().unwrap_or(path);
    file.strip_suffix(".md").unwrap_or(file)
}

/// What a description says of nullability: `Nullable.` is `Some(true)`,
/// `Not nullable.` and `non-nullable` are `Some(false)`; a description that
/// says both, or neither, says nothing.
pub(super) fn stated_nullable(description: &str) -> Option<bool> {
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
