//! Markdown: one pulldown-cmark pass per page, annotation comments and front
//! matter. Pure: text in, spans out; no I/O and no knowledge of HTTP.

pub mod annotation;
pub mod frontmatter;
pub mod scan;
