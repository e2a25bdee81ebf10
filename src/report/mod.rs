//! Output formats: every writer of every command. Reporters read pages,
//! findings and verdicts; they never parse or replay, and they do not print:
//! they return text, or write to the sink the CLI gives them.
//!
//! One file per format (`console`, `jsonl`, `sarif`; `junit` and `html`
//! are folders: a model, its writer and one builder per command), and one
//! file per command for what it writes on standard output: `check`,
//! `extract`, `replay`, `schema`, `drift` (text, JSON lines or markdown).
//! `sources` is how reporters get a page's text back from a finding, and
//! `xml` the escaping shared by XML and HTML.

pub mod check;
pub mod console;
pub mod drift;
pub mod extract;
pub mod html;
pub mod jsonl;
pub mod junit;
pub mod replay;
pub mod sarif;
pub mod schema;
pub mod sources;
pub mod verify;
mod xml;
