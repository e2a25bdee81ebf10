//! Types and their JSON Schemas: from the service's OData CSDL metadata and
//! from the docs' own resource pages.
//!
//! The parts, in the order data flows through them:
//!
//! - `csdl`: the OData CSDL model, and `resolve`: URL paths against it;
//! - `typeset`: [`TypeSet`], the neutral type model, built by `from_csdl`
//!   and `from_docs` (or both, CSDL first);
//! - `edm`: Edm primitives → JSON Schema (the mapping table is there);
//! - `shallow`: one-level schemas for validation, `registry`: their lazily
//!   compiled validators, `errors`: validation errors classified by kind;
//! - `export`: full `$ref`-linked 2020-12 documents written to disk.
//!
//! ```
//! # use std::sync::Arc;
//! use mdcontract::schema::{csdl::Csdl, SchemaRegistry, TypeSet};
//! # let xml = r#"<Schema Namespace="n"><EntityType Name="t"><Property Name="when" Type="Edm.DateTimeOffset"/></EntityType></Schema>"#;
//! let types = Arc::new(TypeSet::from_csdl(&Csdl::parse(xml)?, "v1.0"));
//! let errors = SchemaRegistry::new(types).validate("n.t", &serde_json::json!({"when": "today"}))?;
//! assert_eq!(errors[0].kind.as_str(), "pattern");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod chain;
pub mod csdl;
pub mod edm;
pub mod errors;
pub mod export;
mod from_csdl;
mod from_docs;
mod members;
pub mod permissions;
pub mod registry;
pub mod resolve;
pub mod shallow;
pub mod typeset;

pub use errors::{SchemaError, SchemaErrorKind};
pub use export::{
    ExportReport, collection_envelope, export_schema, export_schemas, index_schema, schema_id,
};
pub use registry::{RegistryError, SchemaRegistry};
pub use shallow::shallow_schema;
pub use typeset::{NamedKind, NamedType, Origin, TypeProperty, TypeRef, TypeSet, TypeSetStats};
