//! Output formats. Reporters read pages and findings; they never parse or
//! replay, and they do not print: they return text for the CLI to write.
//!
//! One file per format; `sources` is how reporters get a page's text back
//! from a finding, and `xml` the escaping shared by XML formats.

pub mod console;
pub mod jsonl;
pub mod junit;
pub mod sarif;
pub mod sources;
mod xml;
