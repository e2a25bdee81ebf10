//! Output formats. Reporters read pages and findings; they never parse or
//! replay, and they do not print: they return text for the CLI to write.
//!
//! One file per format, plus `drift` (a drift report as text, JSON lines or
//! markdown). The HTML report is a folder: a model, its renderer and one
//! builder per command. `sources` is how reporters get a page's text back
//! from a finding, and `xml` the escaping shared by XML and HTML.

pub mod console;
pub mod drift;
pub mod html;
pub mod jsonl;
pub mod junit;
pub mod sarif;
pub mod sources;
pub mod verify;
mod xml;
