//! Graph's own grammar, below every stage that reads it: API version names,
//! and URL paths in the one normal form that the checker, the stub server
//! and the resolver all compare.

pub mod path;
mod version;

pub use version::{is_version, is_version_segment, url_version, version_of};
