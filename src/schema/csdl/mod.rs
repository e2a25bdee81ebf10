//! OData CSDL (`$metadata`) model for Microsoft Graph reference docs. The
//! permission-scope documents that come with it are read in
//! `permissions.rs`, which shares the XML walking of `xml.rs`.
//!
//! [`Csdl::parse`] reads a whole CSDL XML document into plain maps keyed by
//! fully qualified name (`microsoft.graph.user`), with aliases (`graph.user`)
//! resolved and a lowercase index for the case-insensitive lookups that
//! documentation needs. Every declaration keeps its 1-based line number.
//!
//! Nothing here prints or panics on bad input: malformed XML gives a
//! [`CsdlError`] with line and column, model problems are reported by
//! [`Csdl::dangling_refs`] and [`Csdl::duplicates`].
//!
//! The parts: `model` (the types), `xml` (XML walking), `build` (parsing
//! into the model), `query` and `inherit` (lookups), `stats` (counts),
//! `names` (the identifier grammar), `problems` and `validate` (what makes a
//! model unusable), `error` ([`CsdlError`]).

mod build;
mod error;
mod inherit;
mod model;
mod names;
mod problems;
mod query;
mod stats;
mod validate;
pub(in crate::schema) mod xml;

#[cfg(test)]
pub(in crate::schema) mod tests;

pub use error::CsdlError;
pub use model::{
    Csdl, EDM_PRIMITIVES, EntityContainer, EntityOrComplex, EntitySet, EnumMember, EnumType,
    NavigationProperty, Operation, OperationImport, OperationKind, Parameter, Property, ReturnType,
    Schema, Singleton, StructuredKind, TypeDefinition, TypeKind, TypeRef, is_edm_primitive,
};
pub use names::{
    MAX_IDENTIFIER, eq_ignore_case, is_namespace, is_qualified_name, is_simple_identifier,
    shown_name,
};
pub use problems::{DanglingRef, Duplicate, ModelProblem, RefContext};
pub use stats::CsdlStats;
