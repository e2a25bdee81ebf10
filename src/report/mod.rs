//! Output formats. Reporters read pages and findings; they never parse or
//! replay, and they do not print: they return text for the CLI to write.

pub mod console;
pub mod jsonl;
