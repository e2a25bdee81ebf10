//! What resolution gives: a [`Resolved`] path (its [`ResolvedKind`] and
//! one [`ResolvedSegment`] per step), or an [`Unresolved`] one with the
//! failing segment and its [`UnresolvedReason`].

use serde_json::{Value, json};
use thiserror::Error;

use crate::schema::csdl::TypeRef;

/// What a resolved path addresses, by its last segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResolvedKind {
    /// A collection of entities (entity set, collection-valued navigation,
    /// cast of one).
    EntitySet,
    /// One entity (singleton, key, single-valued navigation, cast of one).
    SingleEntity,
    /// A structural property (primitive, enum, complex, or collection).
    Property,
    Action,
    Function,
    /// `$count`.
    Count,
    /// `$value`.
    Value,
    /// `$ref`.
    Ref,
}

impl ResolvedKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResolvedKind::EntitySet => "EntitySet",
            ResolvedKind::SingleEntity => "SingleEntity",
            ResolvedKind::Property => "Property",
            ResolvedKind::Action => "Action",
            ResolvedKind::Function => "Function",
            ResolvedKind::Count => "Count",
            ResolvedKind::Value => "Value",
            ResolvedKind::Ref => "Ref",
        }
    }
}

/// How one segment was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    EntitySet,
    Singleton,
    ActionImport,
    FunctionImport,
    /// `{id}`, a literal key, or `(...)` after a collection.
    Key,
    NavigationProperty,
    Property,
    Cast,
    Action,
    Function,
    Count,
    Value,
    Ref,
    /// A part of a drive-item path (`root:/a/b.txt:`).
    ItemPath,
}

impl SegmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SegmentKind::EntitySet => "EntitySet",
            SegmentKind::Singleton => "Singleton",
            SegmentKind::ActionImport => "ActionImport",
            SegmentKind::FunctionImport => "FunctionImport",
            SegmentKind::Key => "Key",
            SegmentKind::NavigationProperty => "NavigationProperty",
            SegmentKind::Property => "Property",
            SegmentKind::Cast => "Cast",
            SegmentKind::Action => "Action",
            SegmentKind::Function => "Function",
            SegmentKind::Count => "Count",
            SegmentKind::Value => "Value",
            SegmentKind::Ref => "Ref",
            SegmentKind::ItemPath => "ItemPath",
        }
    }
}

/// One resolved step. A segment such as `users('x')` gives two steps (entity
/// set, then key) with the same `index`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedSegment {
    /// Index of the input segment.
    pub index: usize,
    /// The input segment as given.
    pub segment: String,
    pub kind: SegmentKind,
    /// Type addressed after this step; `None` after an action without a
    /// return type.
    pub type_ref: Option<TypeRef>,
    /// For properties: the type declaring the property; for operations: the
    /// binding type's name.
    pub declared_on: Option<String>,
    /// Found only on a type derived from the current one (lenient).
    pub via_derived: bool,
    /// Qualified name of the action or function, for operation steps.
    pub operation: Option<String>,
    /// Set when the step was accepted leniently and deserves a look
    /// (`$value` on a non-media entity, a literal key that is also a member
    /// name, ...).
    pub warning: Option<String>,
}

impl ResolvedSegment {
    pub fn to_json(&self) -> Value {
        json!({
            "index": self.index,
            "segment": self.segment,
            "kind": self.kind.as_str(),
            "type": self.type_ref.as_ref().map(ToString::to_string),
            "declared_on": self.declared_on,
            "via_derived": self.via_derived,
            "operation": self.operation,
            "warning": self.warning,
        })
    }
}

/// A successfully resolved path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub kind: ResolvedKind,
    /// Final type; `None` for an action without a return type.
    pub type_ref: Option<TypeRef>,
    pub segments: Vec<ResolvedSegment>,
}

impl Resolved {
    /// Some step was only found on a derived type.
    pub fn via_derived(&self) -> bool {
        self.segments.iter().any(|s| s.via_derived)
    }

    pub fn is_collection(&self) -> bool {
        self.type_ref.as_ref().is_some_and(|t| t.collection)
    }

    pub fn last_segment_kind(&self) -> Option<SegmentKind> {
        self.segments.last().map(|s| s.kind)
    }

    /// Warnings of the lenient steps, in path order.
    pub fn warnings(&self) -> Vec<&str> {
        self.segments
            .iter()
            .filter_map(|s| s.warning.as_deref())
            .collect()
    }

    /// Qualified name of the final action or function, if the path ends in one.
    pub fn operation(&self) -> Option<&str> {
        self.segments.last().and_then(|s| s.operation.as_deref())
    }

    pub fn to_json(&self) -> Value {
        json!({
            "kind": self.kind.as_str(),
            "type": self.type_ref.as_ref().map(ToString::to_string),
            "via_derived": self.via_derived(),
            "warnings": self.warnings(),
            "segments": self.segments.iter().map(ResolvedSegment::to_json).collect::<Vec<_>>(),
        })
    }
}

/// Why a segment could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UnresolvedReason {
    #[error("the path has no segments")]
    EmptyPath,
    #[error("empty segment")]
    EmptySegment,
    #[error("`{0}` is not an entity set, singleton, or operation import of the service")]
    UnknownRoot(String),
    #[error("`{name}` is not a property, navigation property, or bound operation of `{on_type}`")]
    UnknownMember { name: String, on_type: String },
    #[error("`{name}` is neither a type nor an operation bound to `{on_type}`")]
    UnknownQualifiedName { name: String, on_type: String },
    #[error("operation `{name}` exists but none of its overloads binds to `{on_type}`")]
    NotBound { name: String, on_type: String },
    #[error("cannot cast `{from}` to `{to}`: the types are unrelated")]
    UnrelatedCast { from: String, to: String },
    #[error("a key needs a collection of entities, but the path addresses `{found}`")]
    KeyNotAllowed { found: String },
    #[error("unexpected parentheses after `{0}`")]
    UnexpectedParens(String),
    #[error("nothing can follow {0}")]
    NotComposable(String),
    #[error("`{segment}` is not allowed here: {detail}")]
    SystemSegment { segment: String, detail: String },
    #[error("`{0}` is not a supported system segment")]
    UnknownSystemSegment(String),
    #[error("type `{0}` of the previous segment is not defined in the metadata")]
    UndefinedType(String),
    #[error("an item path (`name:`) needs a single entity, but the path addresses `{found}`")]
    ItemPathNotAllowed { found: String },
}

impl UnresolvedReason {
    /// A short stable code for reports.
    pub fn code(&self) -> &'static str {
        match self {
            UnresolvedReason::EmptyPath => "empty-path",
            UnresolvedReason::EmptySegment => "empty-segment",
            UnresolvedReason::UnknownRoot(_) => "unknown-root",
            UnresolvedReason::UnknownMember { .. } => "unknown-member",
            UnresolvedReason::UnknownQualifiedName { .. } => "unknown-qualified-name",
            UnresolvedReason::NotBound { .. } => "not-bound",
            UnresolvedReason::UnrelatedCast { .. } => "unrelated-cast",
            UnresolvedReason::KeyNotAllowed { .. } => "key-not-allowed",
            UnresolvedReason::UnexpectedParens(_) => "unexpected-parentheses",
            UnresolvedReason::NotComposable(_) => "not-composable",
            UnresolvedReason::SystemSegment { .. } => "system-segment",
            UnresolvedReason::UnknownSystemSegment(_) => "unknown-system-segment",
            UnresolvedReason::UndefinedType(_) => "undefined-type",
            UnresolvedReason::ItemPathNotAllowed { .. } => "item-path-not-allowed",
        }
    }
}

/// A path that could not be resolved: the first failing segment and why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("segment {index} `{segment}`: {reason}")]
pub struct Unresolved {
    /// Index of the first segment that failed.
    pub index: usize,
    pub segment: String,
    pub reason: UnresolvedReason,
    /// The steps resolved before the failure.
    pub resolved: Vec<ResolvedSegment>,
}

impl Unresolved {
    /// Type addressed just before the failing segment.
    pub fn last_type(&self) -> Option<&TypeRef> {
        self.resolved.last().and_then(|s| s.type_ref.as_ref())
    }

    pub fn to_json(&self) -> Value {
        json!({
            "index": self.index,
            "segment": self.segment,
            "reason": self.reason.code(),
            "message": self.reason.to_string(),
            "last_type": self.last_type().map(ToString::to_string),
        })
    }
}
