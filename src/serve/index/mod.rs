//! The route index: every documented operation of the pages, reachable by
//! every URL the docs give for it.
//!
//! The contract is the operation, not the example. A page documents an
//! operation with URL templates (every line of its `## HTTP request` block)
//! and examples; each example answers requests to its own URL *and* to every
//! template of its page with the same method. A template whose method no
//! example of the page shows is answered from the metadata (see
//! [`super::synth`]). URLs are matched by Graph's rules (see
//! [`crate::graph::path`]): decoded, case-insensitive segments, functions with
//! or without `()`, keys in parentheses, path addressing.
//!
//! Built once. A lookup walks a trie of documented segments (a literal
//! child, the placeholder child, then the patterns: globs and calls), so only
//! the operations with the same method and a compatible path are looked at;
//! these are then filtered by query and body. Pure: no network.

//!
//! Split by concern: the types in `model`, `page` reduces a page to what
//! the index keeps of it, `build` fills the index, `lookup` walks and ranks, `judge` holds a request's query and
//! body against one route, `closest` explains a miss, and `query` reads
//! request targets.

mod build;
mod closest;
mod judge;
mod lookup;
mod model;
mod page;
mod print;
mod query;
#[cfg(test)]
mod tests;

pub use build::CONTENT_PATH;
pub use model::{Answered, Index, Lookup, Miss, Options, Protocol, Via};
pub use query::query_pairs;
