//! Types and their JSON Schemas: from the service's OData CSDL metadata and
//! from the docs' own resource pages.
//!
//! - `csdl`: the OData CSDL model, and `resolve`: URL paths against it;
//! - `typeset`: [`TypeSet`], the neutral type model, built by `from_csdl`
//!   and `from_docs` (or both, CSDL first);
//! - `edm`: Edm primitives → JSON Schema (the mapping table is there).

pub mod csdl;
pub mod edm;
mod from_csdl;
mod from_docs;
pub mod resolve;
pub mod typeset;

pub use typeset::{NamedKind, NamedType, Origin, TypeProperty, TypeRef, TypeSet, TypeSetStats};
