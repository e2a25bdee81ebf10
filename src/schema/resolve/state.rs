//! The state of one resolution: the steps resolved so far ([`Run`]) and
//! what the path addresses at this point ([`State`]).

use crate::schema::csdl::{Csdl, TypeRef};

use super::resolved::{ResolvedSegment, SegmentKind};

/// Resolution state: what the path addresses so far.
pub(super) struct State {
    pub(super) ty: Option<TypeRef>,
    /// Why nothing may follow (after an action, `$count`, `$value`, `$ref`).
    pub(super) terminal: Option<&'static str>,
    /// Inside a drive-item path (`root:/...:`).
    pub(super) item_path: bool,
}

/// The steps resolved so far, against one model.
pub(super) struct Run<'c> {
    pub(super) csdl: &'c Csdl,
    pub(super) done: Vec<ResolvedSegment>,
}

impl<'c> Run<'c> {
    pub(super) fn push(
        &mut self,
        index: usize,
        segment: &str,
        kind: SegmentKind,
        type_ref: Option<TypeRef>,
    ) -> &mut ResolvedSegment {
        self.done.push(ResolvedSegment {
            index,
            segment: segment.to_string(),
            kind,
            type_ref,
            declared_on: None,
            via_derived: false,
            operation: None,
            warning: None,
        });
        // In bounds: an element was pushed just above.
        let last = self.done.len() - 1;
        &mut self.done[last]
    }
}
