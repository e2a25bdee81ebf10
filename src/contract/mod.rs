//! The contract model: pages, examples, resources, templates, and how fences
//! are paired into examples.

pub mod extract;
pub mod model;
pub mod properties;

pub use extract::extract_page;
pub use model::*;
