//! [`Csdl::resolve_path`] and [`Csdl::resolve_str`]: a whole path, its
//! segments resolved one after the other, and the kind of what it
//! addresses.

use std::borrow::Cow;

use crate::schema::csdl::{Csdl, TypeKind, TypeRef};

use super::resolved::{
    Resolved, ResolvedKind, ResolvedSegment, SegmentKind, Unresolved, UnresolvedReason,
};
use super::segment::percent_decode;
use super::state::Run;

fn final_kind(csdl: &Csdl, seg: &ResolvedSegment) -> ResolvedKind {
    let entity = |t: &Option<TypeRef>| {
        t.as_ref()
            .filter(|t| csdl.type_kind(&t.name) == Some(TypeKind::Entity))
            .map(|t| {
                if t.collection {
                    ResolvedKind::EntitySet
                } else {
                    ResolvedKind::SingleEntity
                }
            })
    };
    match seg.kind {
        SegmentKind::EntitySet => ResolvedKind::EntitySet,
        SegmentKind::Singleton | SegmentKind::Key | SegmentKind::ItemPath => {
            ResolvedKind::SingleEntity
        }
        SegmentKind::NavigationProperty | SegmentKind::Cast | SegmentKind::Property => {
            entity(&seg.type_ref).unwrap_or(ResolvedKind::Property)
        }
        SegmentKind::Action | SegmentKind::ActionImport => ResolvedKind::Action,
        SegmentKind::Function | SegmentKind::FunctionImport => ResolvedKind::Function,
        SegmentKind::Count => ResolvedKind::Count,
        SegmentKind::Value => ResolvedKind::Value,
        SegmentKind::Ref => ResolvedKind::Ref,
    }
}

impl Csdl {
    /// Resolves decoded path segments (after the version) to the type and
    /// kind they address. See the module documentation for the rules.
    pub fn resolve_path(&self, segments: &[&str]) -> Result<Resolved, Unresolved> {
        let mut run = Run {
            csdl: self,
            done: Vec::new(),
        };
        let fail =
            |run: &Run<'_>, index: usize, segment: &str, reason: UnresolvedReason| Unresolved {
                index,
                segment: segment.to_string(),
                reason,
                resolved: run.done.clone(),
            };
        let Some(first) = segments.first() else {
            return Err(fail(&run, 0, "", UnresolvedReason::EmptyPath));
        };
        let mut state = match run.root(0, first) {
            Ok(s) => s,
            Err(reason) => return Err(fail(&run, 0, first, reason)),
        };
        for (index, raw) in segments.iter().enumerate().skip(1) {
            if let Err(reason) = run.step(index, raw, &mut state) {
                return Err(fail(&run, index, raw, reason));
            }
        }
        let kind = run
            .done
            .last()
            .map_or(ResolvedKind::SingleEntity, |s| final_kind(self, s));
        Ok(Resolved {
            kind,
            type_ref: state.ty,
            segments: run.done,
        })
    }

    /// Like [`Csdl::resolve_path`] for a whole path or URL:
    /// `https://graph.microsoft.com/v1.0/me/messages?$top=1` or
    /// `/beta/users/{id}`. Drops scheme and host, query and fragment, a
    /// leading `v1.0`/`beta` segment, and empty segments; decodes `%XX`.
    pub fn resolve_str(&self, path: &str) -> Result<Resolved, Unresolved> {
        let mut p = path.trim();
        if let Some(i) = p.find(['?', '#']) {
            p = p.get(..i).unwrap_or(p);
        }
        for scheme in ["https://", "http://"] {
            if let Some(rest) = p.strip_prefix(scheme) {
                p = rest.find('/').and_then(|i| rest.get(i..)).unwrap_or("");
            }
        }
        let decoded: Vec<Cow<'_, str>> = p
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let mut segs: Vec<&str> = decoded.iter().map(|s| s.as_ref()).collect();
        if segs
            .first()
            .is_some_and(|s| crate::graph::is_version_segment(s))
        {
            segs.remove(0);
        }
        self.resolve_path(&segs)
    }
}
