//! Types and their JSON Schemas: from the service's OData CSDL metadata and
//! from the docs' own resource pages.

pub mod csdl;
pub mod edm;
pub mod resolve;
