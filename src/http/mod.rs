//! HTTP messages and JSON bodies as the docs write them. Pure parsers over the
//! text of one block; offsets are relative to that text.

pub mod json;
pub mod message;
