//! Resolution of Graph URL paths (`/me/messages/{id}/microsoft.graph.forward`)
//! against a parsed [`Csdl`] model.
//!
//! The segments are the decoded path segments after the version
//! (`["me", "messages", "{id}", "microsoft.graph.forward"]`).
//! [`Csdl::resolve_str`] splits a whole path or URL for you.
//!
//! Rules, in the order they are tried for a segment:
//! 1. the first segment is an entity set, singleton, or action/function
//!    import of the container (case-insensitive), optionally with a key in
//!    parentheses (`users('x')`);
//! 2. `$count` (after a collection), `$value` (after a primitive, enum, or
//!    media entity), `$ref` (after an entity or entity collection);
//! 3. `{placeholder}` after a collection of entities is a key;
//! 4. a qualified name is a type cast (to a derived, base, or the same type)
//!    or a bound operation;
//! 5. an unqualified name is a navigation or structural property (on the type
//!    or its bases), else a bound operation (bound to the type, a base, or the
//!    matching collection);
//! 6. anything else after a collection of entities is a literal key;
//! 7. leniency: a property or operation found only on a *derived* type is
//!    accepted and flagged `via_derived`;
//! 8. Graph's drive-item path syntax `root:/{path}:/children` is accepted: a
//!    segment ending in `:` opens a path that runs to the next segment ending
//!    in `:` (or to the end) and addresses an entity of the same type.
//!
//! The parts: `resolved` (what resolution gives), `path` (the entry
//! points), `state` and `step` (one segment at a time), `lookup` (members
//! and bound operations), `segment` (a segment's syntax).

mod lookup;
mod path;
mod resolved;
mod segment;
mod state;
mod step;

#[cfg(test)]
mod tests;

pub use resolved::{
    Resolved, ResolvedKind, ResolvedSegment, SegmentKind, Unresolved, UnresolvedReason,
};
