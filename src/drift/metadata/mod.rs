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

mod container;
mod diff;
mod enums;
mod operations;
mod side;
mod types;
mod words;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::path::Path;

use super::{Comparison, DriftReport};
use crate::schema::csdl::Csdl;
use diff::Diff;
use side::Side;

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
