//! HTTP messages as the docs write them (bodies are parsed by [`crate::json`]). Pure parsers over the
//! text of one block; offsets are relative to that text.

pub mod message;
