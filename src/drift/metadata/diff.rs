//! The state of one comparison and the one way items are added to it.

use std::collections::HashSet;

use super::super::{Change, DriftItem, ItemKind};
use super::side::Side;
use super::words::impact;

pub(super) struct Diff<'a> {
    pub(super) old: Side<'a>,
    pub(super) new: Side<'a>,
    pub(super) items: Vec<DriftItem>,
    /// The entity types entity sets and singletons hold, old and new.
    pub(super) homes: (HashSet<String>, HashSet<String>),
}

/// What an item is about: its kind, namespace and qualified subject.
pub(super) struct About<'s> {
    pub(super) kind: ItemKind,
    pub(super) group: &'s str,
    pub(super) subject: &'s str,
}

impl Diff<'_> {
    pub(super) fn push(
        &mut self,
        about: &About<'_>,
        change: Change,
        breaking: bool,
        detail: String,
        lines: (Option<usize>, Option<usize>),
    ) {
        self.items.push(DriftItem {
            kind: about.kind,
            change,
            impact: Some(impact(breaking)),
            group: about.group.to_string(),
            subject: about.subject.to_string(),
            detail,
            left: lines.0.and_then(|l| self.old.at(l)),
            right: lines.1.and_then(|l| self.new.at(l)),
        });
    }
}
