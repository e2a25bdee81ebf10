//! Drift: where two descriptions of one API disagree.
//!
//! Three comparisons share one output model, a list of [`DriftItem`]s:
//! - docs ⇄ metadata ([`docs`]): what the resource pages and examples say
//!   against what the service's CSDL declares;
//! - metadata ⇄ metadata ([`metadata`]): what changed between two CSDL files
//!   (two versions, or two snapshots of one), breaking changes called out;
//! - docs ⇄ live ([`live`]): the shape of each live response against the
//!   documented example and schema, aggregated per resource type.
//!
//! Pure except for `live`, which sends requests through the replay target,
//! and `run`, which reads the pages and metadata a command names.
//! Its writers (text, JSON lines, markdown) are in `report::drift`, the HTML
//! report in `report::html`.

pub mod docs;
pub mod live;
pub mod metadata;
pub mod run;

use serde::Serialize;

/// Which two descriptions were compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Comparison {
    DocsMetadata,
    MetadataMetadata,
    DocsLive,
}

/// What happened to an item, read from the left (old, docs) side to the
/// right (new, metadata, live) side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Only on the right side.
    Added,
    /// Only on the left side.
    Removed,
    /// On both sides, different.
    Changed,
}

/// How a change affects existing clients (metadata ⇄ metadata); `None` on
/// the other comparisons, where a difference is a disagreement, not a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Impact {
    /// Existing clients can break: removed, narrowed, made required.
    Breaking,
    /// Existing clients keep working: added, widened, made optional.
    Additive,
}

/// The kind of thing that drifted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    EntityType,
    ComplexType,
    EnumType,
    TypeDefinition,
    Property,
    NavigationProperty,
    EnumMember,
    EntitySet,
    Singleton,
    Action,
    Function,
    /// An example URL the metadata cannot resolve.
    Url,
    /// A method documented for a path the metadata cannot reach that way.
    Method,
    /// A live response whose shape differs from the documented one.
    ResponseShape,
}

/// A place in a file: the page line of a doc item, the CSDL line of a
/// metadata item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub file: String,
    /// 1-based; 0 when unknown.
    pub line: usize,
}

/// One disagreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DriftItem {
    pub kind: ItemKind,
    pub change: Change,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<Impact>,
    /// The namespace (metadata) or page family / resource type (docs, live)
    /// that summaries group by.
    pub group: String,
    /// What drifted, qualified: `microsoft.graph.user/displayName`,
    /// `microsoft.graph.bodyType/html`, `GET /users/{id}/photo`.
    pub subject: String,
    /// The difference in words: `type Edm.String → Edm.Int32`,
    /// `nullable → not nullable`, `documented, not in the metadata`.
    pub detail: String,
    /// Where on the left side (old CSDL, docs page), when it is there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<Location>,
    /// Where on the right side (new CSDL, metadata), when it is there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right: Option<Location>,
}

/// The result of one comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DriftReport {
    pub comparison: Comparison,
    /// What the left side was (a path, or `docs`).
    pub left: String,
    /// What the right side was (a path, or a base URL).
    pub right: String,
    /// Breaking first, then by kind, subject.
    pub items: Vec<DriftItem>,
}

impl DriftReport {
    /// Sorts the items: breaking first, then additive, then the rest; within
    /// each by group, kind and subject, so that runs compare line by line.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let rank = |i: &DriftItem| match i.impact {
                Some(Impact::Breaking) => 0,
                Some(Impact::Additive) => 1,
                None => 2,
            };
            (rank(a), &a.group, a.kind, &a.subject, a.change, &a.detail).cmp(&(
                rank(b),
                &b.group,
                b.kind,
                &b.subject,
                b.change,
                &b.detail,
            ))
        });
    }

    /// True when the two sides agree.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
