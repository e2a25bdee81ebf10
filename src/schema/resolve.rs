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

use std::borrow::Cow;

use serde_json::{Value, json};
use thiserror::Error;

use super::csdl::{
    Csdl, EntityOrComplex, NavigationProperty, Operation, OperationKind, Property, TypeKind,
    TypeRef, eq_ignore_case,
};

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

/// Splits `name(args)` into its parts; `args` is `None` without parentheses.
fn split_parens(s: &str) -> (&str, Option<&str>) {
    if s.ends_with(')')
        && let Some(open) = s.find('(')
        && let Some(args) = s.get(open + 1..s.len() - 1)
    {
        return (s.get(..open).unwrap_or(s), Some(args));
    }
    (s, None)
}

/// `{id}`-style placeholder (also `{user-id | userPrincipalName}`).
fn is_placeholder(s: &str) -> bool {
    s.len() >= 2 && s.starts_with('{') && s.ends_with('}')
}

/// Decodes `%XX` escapes; returns the input unchanged if the result would
/// not be UTF-8 or an escape is broken.
fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            match hex {
                Some(v) => {
                    out.push(v);
                    i += 3;
                    continue;
                }
                None => return Cow::Borrowed(s),
            }
        }
        out.push(b);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(decoded) => Cow::Owned(decoded),
        Err(_) => Cow::Borrowed(s),
    }
}

enum Member<'c> {
    Nav(&'c NavigationProperty),
    Prop(&'c Property),
}

/// Own member of one type: navigation first, exact name (or case-insensitive).
fn own_member<'c>(t: &'c EntityOrComplex, name: &str, exact: bool) -> Option<Member<'c>> {
    let eq = |a: &str| {
        if exact {
            a == name
        } else {
            eq_ignore_case(a, name)
        }
    };
    if let Some(p) = t.navigation_properties.iter().find(|p| eq(&p.name)) {
        return Some(Member::Nav(p));
    }
    t.properties.iter().find(|p| eq(&p.name)).map(Member::Prop)
}

struct OpMatch<'c> {
    op: &'c Operation,
    via_derived: bool,
}

/// Resolution state: what the path addresses so far.
struct State {
    ty: Option<TypeRef>,
    /// Why nothing may follow (after an action, `$count`, `$value`, `$ref`).
    terminal: Option<&'static str>,
    /// Inside a drive-item path (`root:/...:`).
    item_path: bool,
}

struct Run<'c> {
    csdl: &'c Csdl,
    done: Vec<ResolvedSegment>,
}

impl<'c> Run<'c> {
    fn push(
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

    fn root(&mut self, index: usize, raw: &str) -> Result<State, UnresolvedReason> {
        if raw.is_empty() {
            return Err(UnresolvedReason::EmptySegment);
        }
        let (name, args) = split_parens(raw);
        let mut state = State {
            ty: None,
            terminal: None,
            item_path: false,
        };
        if let Some(set) = self.csdl.entity_set(name) {
            let ty = TypeRef::collection_of(set.entity_type.clone());
            self.push(index, raw, SegmentKind::EntitySet, Some(ty.clone()));
            state.ty = Some(ty);
            if let Some(args) = args {
                self.key_in_parens(index, raw, args, &mut state)?;
            }
            return Ok(state);
        }
        if let Some(single) = self.csdl.singleton(name) {
            if args.is_some() {
                return Err(UnresolvedReason::UnexpectedParens(name.to_string()));
            }
            let ty = TypeRef::single(single.type_name.clone());
            self.push(index, raw, SegmentKind::Singleton, Some(ty.clone()));
            state.ty = Some(ty);
            return Ok(state);
        }
        if let Some(import) = self.csdl.operation_import(name) {
            let op = self
                .csdl
                .operations_named(&import.operation)
                .into_iter()
                .find(|o| !o.is_bound);
            let ty = op.and_then(|o| o.return_type.as_ref().map(|r| r.type_ref.clone()));
            let kind = match import.kind {
                OperationKind::Action => SegmentKind::ActionImport,
                OperationKind::Function => SegmentKind::FunctionImport,
            };
            let step = self.push(index, raw, kind, ty.clone());
            step.operation = Some(import.operation.clone());
            if import.kind == OperationKind::Action {
                state.terminal = Some("an action");
            } else if ty.is_none() {
                state.terminal = Some("a function without a return type");
            }
            state.ty = ty;
            return Ok(state);
        }
        Err(UnresolvedReason::UnknownRoot(name.to_string()))
    }

    /// `(...)` after a collection of entities.
    fn key_in_parens(
        &mut self,
        index: usize,
        raw: &str,
        args: &str,
        state: &mut State,
    ) -> Result<(), UnresolvedReason> {
        let Some(cur) = state.ty.clone() else {
            return Err(UnresolvedReason::UnexpectedParens(raw.to_string()));
        };
        if args.trim().is_empty() || !cur.collection {
            return Err(UnresolvedReason::UnexpectedParens(raw.to_string()));
        }
        if self.csdl.type_kind(&cur.name) != Some(TypeKind::Entity) {
            return Err(UnresolvedReason::KeyNotAllowed {
                found: cur.to_string(),
            });
        }
        let ty = cur.element();
        self.push(index, raw, SegmentKind::Key, Some(ty.clone()));
        state.ty = Some(ty);
        Ok(())
    }

    fn step(&mut self, index: usize, raw: &str, state: &mut State) -> Result<(), UnresolvedReason> {
        if raw.is_empty() {
            return Err(UnresolvedReason::EmptySegment);
        }
        if let Some(why) = state.terminal {
            return Err(UnresolvedReason::NotComposable(why.to_string()));
        }
        let Some(cur) = state.ty.clone() else {
            return Err(UnresolvedReason::NotComposable(
                "a segment without a type".to_string(),
            ));
        };
        if state.item_path {
            self.push(index, raw, SegmentKind::ItemPath, Some(cur));
            if raw.ends_with(':') {
                state.item_path = false;
            }
            return Ok(());
        }
        let (core, opens_item_path) = match raw.strip_suffix(':') {
            Some(core) if !core.is_empty() && !core.ends_with(':') => (core, true),
            _ => (raw, false),
        };
        self.step_core(index, raw, core, &cur, state)?;
        if opens_item_path {
            match &state.ty {
                Some(t)
                    if !t.collection
                        && state.terminal.is_none()
                        && self.csdl.type_kind(&t.name) == Some(TypeKind::Entity) =>
                {
                    state.item_path = true;
                }
                other => {
                    return Err(UnresolvedReason::ItemPathNotAllowed {
                        found: other
                            .as_ref()
                            .map_or("nothing".to_string(), |t| t.to_string()),
                    });
                }
            }
        }
        Ok(())
    }

    fn step_core(
        &mut self,
        index: usize,
        raw: &str,
        core: &str,
        cur: &TypeRef,
        state: &mut State,
    ) -> Result<(), UnresolvedReason> {
        let class = self.csdl.type_kind(&cur.name);
        if core.starts_with('$') {
            return self.system_segment(index, raw, core, cur, class, state);
        }
        let is_entity_collection = cur.collection && class == Some(TypeKind::Entity);
        if is_placeholder(core) {
            if is_entity_collection {
                let ty = cur.element();
                self.push(index, raw, SegmentKind::Key, Some(ty.clone()));
                state.ty = Some(ty);
                return Ok(());
            }
            // On an open type a placeholder stands for a property name,
            // declared or dynamic (`/thumbnails/{id}/{size}` for `small`,
            // `c300x400`…): it has the type the declared properties share.
            if !cur.collection
                && self.csdl.is_open(&cur.name)
                && let Some(ty) = self.shared_property_type(&cur.name)
            {
                let step = self.push(index, raw, SegmentKind::Property, Some(ty.clone()));
                step.declared_on = Some(cur.name.clone());
                state.ty = Some(ty);
                return Ok(());
            }
            return Err(UnresolvedReason::KeyNotAllowed {
                found: cur.to_string(),
            });
        }
        match class {
            Some(TypeKind::Entity | TypeKind::Complex) => {}
            Some(TypeKind::Primitive | TypeKind::Enum | TypeKind::TypeDefinition) => {
                return Err(UnresolvedReason::NotComposable(format!(
                    "the value of type `{cur}` (only $value or $count)"
                )));
            }
            None => return Err(UnresolvedReason::UndefinedType(cur.name.clone())),
        }
        let (name, args) = split_parens(core);
        if name.is_empty() {
            return Err(UnresolvedReason::UnexpectedParens(core.to_string()));
        }
        let qualified = name.contains('.');
        let mut not_bound = false;

        if qualified {
            if let Some(target) = self.csdl.structured(name) {
                // A literal key may look like a name (`john.doe@contoso.com`)
                // but never resolves to a type, so a type match is a cast.
                return self.cast(index, raw, cur, target, args, state);
            }
        } else if !cur.collection
            && let Some((member, declared_on)) = self.find_member(&cur.name, name)
        {
            return self.member(index, raw, member, declared_on, false, args, state);
        }

        match self.find_operation(name, cur) {
            Ok(Some(m)) => return self.operation(index, raw, m, state),
            Ok(None) => {}
            Err(()) => not_bound = true,
        }

        if is_entity_collection && args.is_none() {
            let ty = cur.element();
            let warning = self.find_member(&ty.name, name).map(|_| {
                format!(
                    "literal key `{name}` is also a property of `{}`: is a key segment missing?",
                    ty.name
                )
            });
            self.push(index, raw, SegmentKind::Key, Some(ty.clone()))
                .warning = warning;
            state.ty = Some(ty);
            return Ok(());
        }

        if !qualified
            && !cur.collection
            && let Some((member, declared_on)) = self.find_derived_member(&cur.name, name)
        {
            return self.member(index, raw, member, declared_on, true, args, state);
        }

        if not_bound {
            return Err(UnresolvedReason::NotBound {
                name: name.to_string(),
                on_type: cur.to_string(),
            });
        }
        if qualified {
            return Err(UnresolvedReason::UnknownQualifiedName {
                name: name.to_string(),
                on_type: cur.to_string(),
            });
        }
        Err(UnresolvedReason::UnknownMember {
            name: name.to_string(),
            on_type: cur.to_string(),
        })
    }

    fn system_segment(
        &mut self,
        index: usize,
        raw: &str,
        core: &str,
        cur: &TypeRef,
        class: Option<TypeKind>,
        state: &mut State,
    ) -> Result<(), UnresolvedReason> {
        let refuse = |detail: String| UnresolvedReason::SystemSegment {
            segment: core.to_string(),
            detail,
        };
        match core {
            "$count" => {
                if !cur.collection {
                    return Err(refuse(format!("`{cur}` is not a collection")));
                }
                self.push(
                    index,
                    raw,
                    SegmentKind::Count,
                    Some(TypeRef::single("Edm.Int32")),
                );
                state.ty = Some(TypeRef::single("Edm.Int32"));
                state.terminal = Some("$count");
                Ok(())
            }
            "$value" => {
                if cur.collection {
                    return Err(refuse(format!("`{cur}` is a collection")));
                }
                let mut warning = None;
                let ty = match class {
                    Some(TypeKind::Primitive | TypeKind::Enum | TypeKind::TypeDefinition) => {
                        cur.clone()
                    }
                    Some(TypeKind::Entity) => {
                        // Graph serves raw content of some non-media
                        // entities too (message MIME), so accept and warn.
                        if !self.csdl.has_stream(&cur.name) {
                            warning = Some(format!(
                                "`{cur}` is not a media entity (no HasStream in the metadata)"
                            ));
                        }
                        TypeRef::single("Edm.Stream")
                    }
                    _ => return Err(refuse(format!("`{cur}` has no raw value"))),
                };
                self.push(index, raw, SegmentKind::Value, Some(ty.clone()))
                    .warning = warning;
                state.ty = Some(ty);
                state.terminal = Some("$value");
                Ok(())
            }
            "$ref" => {
                if class != Some(TypeKind::Entity) {
                    return Err(refuse(format!("`{cur}` is not an entity")));
                }
                self.push(index, raw, SegmentKind::Ref, Some(cur.clone()));
                state.terminal = Some("$ref");
                Ok(())
            }
            _ => Err(UnresolvedReason::UnknownSystemSegment(core.to_string())),
        }
    }

    fn cast(
        &mut self,
        index: usize,
        raw: &str,
        cur: &TypeRef,
        target: &'c EntityOrComplex,
        args: Option<&str>,
        state: &mut State,
    ) -> Result<(), UnresolvedReason> {
        let related = self
            .csdl
            .is_same_or_derived(&target.qualified_name, &cur.name)
            || self
                .csdl
                .is_same_or_derived(&cur.name, &target.qualified_name);
        if !related {
            return Err(UnresolvedReason::UnrelatedCast {
                from: cur.name.clone(),
                to: target.qualified_name.clone(),
            });
        }
        let ty = TypeRef {
            collection: cur.collection,
            name: target.qualified_name.clone(),
        };
        self.push(index, raw, SegmentKind::Cast, Some(ty.clone()));
        state.ty = Some(ty);
        if let Some(args) = args {
            self.key_in_parens(index, raw, args, state)?;
        }
        Ok(())
    }

    /// The type every structural property declared on `name` itself has,
    /// when there are some and they agree (`thumbnailSet`: `large`, `medium`,
    /// `small` and `source` are all `thumbnail`).
    fn shared_property_type(&self, name: &str) -> Option<TypeRef> {
        let props = &self.csdl.structured(name)?.properties;
        let first = &props.first()?.type_ref;
        props
            .iter()
            .all(|p| p.type_ref == *first)
            .then(|| first.clone())
    }

    #[allow(clippy::too_many_arguments)]
    fn member(
        &mut self,
        index: usize,
        raw: &str,
        member: Member<'c>,
        declared_on: &'c EntityOrComplex,
        via_derived: bool,
        args: Option<&str>,
        state: &mut State,
    ) -> Result<(), UnresolvedReason> {
        let (kind, ty) = match member {
            Member::Nav(p) => (SegmentKind::NavigationProperty, p.type_ref.clone()),
            Member::Prop(p) => (SegmentKind::Property, p.type_ref.clone()),
        };
        let step = self.push(index, raw, kind, Some(ty.clone()));
        step.declared_on = Some(declared_on.qualified_name.clone());
        step.via_derived = via_derived;
        state.ty = Some(ty);
        if let Some(args) = args {
            self.key_in_parens(index, raw, args, state)?;
        }
        Ok(())
    }

    fn operation(
        &mut self,
        index: usize,
        raw: &str,
        m: OpMatch<'c>,
        state: &mut State,
    ) -> Result<(), UnresolvedReason> {
        let ty = m.op.return_type.as_ref().map(|r| r.type_ref.clone());
        let kind = match m.op.kind {
            OperationKind::Action => SegmentKind::Action,
            OperationKind::Function => SegmentKind::Function,
        };
        let step = self.push(index, raw, kind, ty.clone());
        step.operation = Some(m.op.qualified_name.clone());
        step.declared_on = m.op.binding_type().map(ToString::to_string);
        step.via_derived = m.via_derived;
        if m.op.kind == OperationKind::Action {
            state.terminal = Some("an action");
        } else if ty.is_none() {
            state.terminal = Some("a function without a return type");
        }
        state.ty = ty;
        Ok(())
    }

    /// Property or navigation property on the type or a base; exact names
    /// win over case-insensitive ones.
    fn find_member(
        &self,
        type_name: &str,
        name: &str,
    ) -> Option<(Member<'c>, &'c EntityOrComplex)> {
        let chain = self.csdl.base_chain(type_name);
        for exact in [true, false] {
            for t in &chain {
                if let Some(m) = own_member(t, name, exact) {
                    return Some((m, t));
                }
            }
        }
        None
    }

    /// Property or navigation property declared on a derived type only.
    fn find_derived_member(
        &self,
        type_name: &str,
        name: &str,
    ) -> Option<(Member<'c>, &'c EntityOrComplex)> {
        let derived = self.csdl.derived_types(type_name);
        for exact in [true, false] {
            for t in &derived {
                if let Some(m) = own_member(t, name, exact) {
                    return Some((m, t));
                }
            }
        }
        None
    }

    /// Bound operation named `name` whose binding parameter accepts `cur`:
    /// the same type or the nearest base (same collection-ness), else one
    /// bound to a derived type (`via_derived`). `Err(())` when overloads
    /// exist but none fits.
    fn find_operation(&self, name: &str, cur: &TypeRef) -> Result<Option<OpMatch<'c>>, ()> {
        let candidates: Vec<&'c Operation> = self
            .csdl
            .operations_named(name)
            .into_iter()
            .filter(|o| o.is_bound)
            .collect();
        if candidates.is_empty() {
            return Ok(None);
        }
        let chain: Vec<&str> = self
            .csdl
            .base_chain(&cur.name)
            .iter()
            .map(|t| t.qualified_name.as_str())
            .collect();
        let mut best: Option<(usize, &'c Operation)> = None;
        for op in &candidates {
            let Some(binding) = op.binding_type() else {
                continue;
            };
            if binding.collection != cur.collection {
                continue;
            }
            if let Some(dist) = chain.iter().position(|n| *n == binding.name)
                && best.is_none_or(|(d, _)| dist < d)
            {
                best = Some((dist, op));
            }
        }
        if let Some((_, op)) = best {
            return Ok(Some(OpMatch {
                op,
                via_derived: false,
            }));
        }
        for op in &candidates {
            let Some(binding) = op.binding_type() else {
                continue;
            };
            if binding.collection == cur.collection
                && self.csdl.is_same_or_derived(&binding.name, &cur.name)
            {
                return Ok(Some(OpMatch {
                    op,
                    via_derived: true,
                }));
            }
        }
        Err(())
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="importance">
        <Member Name="low" Value="0" />
        <Member Name="high" Value="1" />
      </EnumType>
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="directoryObject" BaseType="graph.entity" />
      <EntityType Name="user" BaseType="graph.directoryObject">
        <Property Name="displayName" Type="Edm.String" />
        <NavigationProperty Name="thumbnails" Type="Collection(graph.thumbnailSet)" ContainsTarget="true" />
        <Property Name="businessPhones" Type="Collection(Edm.String)" />
        <Property Name="address" Type="graph.physicalAddress" />
        <Property Name="addresses" Type="Collection(graph.physicalAddress)" />
        <NavigationProperty Name="manager" Type="graph.directoryObject" />
        <NavigationProperty Name="memberOf" Type="Collection(graph.directoryObject)" />
        <NavigationProperty Name="messages" Type="Collection(graph.message)" ContainsTarget="true" />
        <NavigationProperty Name="photo" Type="graph.profilePhoto" ContainsTarget="true" />
        <NavigationProperty Name="drive" Type="graph.drive" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="group" BaseType="graph.directoryObject">
        <Property Name="mail" Type="Edm.String" />
        <NavigationProperty Name="members" Type="Collection(graph.directoryObject)" />
      </EntityType>
      <EntityType Name="message" BaseType="graph.entity">
        <Property Name="subject" Type="Edm.String" />
        <Property Name="importance" Type="graph.importance" />
        <Property Name="body" Type="Edm.Stream" />
      </EntityType>
      <EntityType Name="eventMessage" BaseType="graph.message">
        <NavigationProperty Name="event" Type="graph.entity" />
      </EntityType>
      <EntityType Name="profilePhoto" BaseType="graph.entity" HasStream="true" />
      <EntityType Name="drive" BaseType="graph.entity">
        <NavigationProperty Name="root" Type="graph.driveItem" ContainsTarget="true" />
        <NavigationProperty Name="items" Type="Collection(graph.driveItem)" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="driveItem" BaseType="graph.entity">
        <Property Name="content" Type="Edm.Stream" />
        <NavigationProperty Name="children" Type="Collection(graph.driveItem)" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="officeConfiguration">
        <NavigationProperty Name="clientConfigurations" Type="Collection(graph.officeClientConfiguration)" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="officeClientConfiguration" BaseType="graph.entity" Abstract="true">
        <NavigationProperty Name="assignments" Type="Collection(graph.officeClientConfigurationAssignment)" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="officeClientConfigurationAssignment" BaseType="graph.entity" />
      <EntityType Name="thumbnailSet" BaseType="graph.directoryObject" OpenType="true">
        <Property Name="large" Type="graph.thumbnail" />
        <Property Name="small" Type="graph.thumbnail" />
      </EntityType>
      <ComplexType Name="thumbnail">
        <Property Name="url" Type="Edm.String" />
      </ComplexType>
      <ComplexType Name="physicalAddress">
        <Property Name="city" Type="Edm.String" />
        <NavigationProperty Name="resident" Type="graph.user" />
      </ComplexType>
      <ComplexType Name="sendResult">
        <Property Name="ok" Type="Edm.Boolean" />
      </ComplexType>
      <Action Name="forward" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.message" />
        <Parameter Name="Comment" Type="Edm.String" />
      </Action>
      <Action Name="forward" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.group" />
      </Action>
      <Action Name="checkMemberGroups" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.directoryObject" />
        <Parameter Name="groupIds" Type="Collection(Edm.String)" />
        <ReturnType Type="Collection(Edm.String)" />
      </Action>
      <Action Name="send" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.eventMessage" />
        <ReturnType Type="graph.sendResult" />
      </Action>
      <Function Name="delta" IsBound="true" IsComposable="true">
        <Parameter Name="bindingParameter" Type="Collection(graph.user)" />
        <ReturnType Type="Collection(graph.user)" />
      </Function>
      <Function Name="reminderView" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.user" />
        <Parameter Name="StartDateTime" Type="Edm.String" />
        <ReturnType Type="Collection(graph.physicalAddress)" />
      </Function>
      <Function Name="recent" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.drive" />
        <ReturnType Type="Collection(graph.driveItem)" />
      </Function>
      <Function Name="getCount" IsBound="false">
        <ReturnType Type="Edm.Int32" />
      </Function>
      <EntityContainer Name="GraphService">
        <EntitySet Name="users" EntityType="microsoft.graph.user" />
        <EntitySet Name="groups" EntityType="microsoft.graph.group" />
        <EntitySet Name="directoryObjects" EntityType="microsoft.graph.directoryObject" />
        <Singleton Name="me" Type="microsoft.graph.user" />
        <Singleton Name="officeConfiguration" Type="microsoft.graph.officeConfiguration" />
        <FunctionImport Name="getCount" Function="microsoft.graph.getCount" />
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"#;

    fn model() -> Csdl {
        Csdl::parse(MODEL).expect("model parses")
    }

    fn ok(c: &Csdl, path: &[&str]) -> Resolved {
        c.resolve_path(path)
            .unwrap_or_else(|e| panic!("{path:?} should resolve: {e}"))
    }

    fn err(c: &Csdl, path: &[&str]) -> Unresolved {
        match c.resolve_path(path) {
            Ok(r) => panic!("{path:?} should fail, got {r:?}"),
            Err(e) => e,
        }
    }

    fn ty(r: &Resolved) -> String {
        r.type_ref
            .as_ref()
            .map_or("-".to_string(), ToString::to_string)
    }

    #[test]
    fn roots() {
        let c = model();
        let r = ok(&c, &["users"]);
        assert_eq!(r.kind, ResolvedKind::EntitySet);
        assert_eq!(ty(&r), "Collection(microsoft.graph.user)");
        let r = ok(&c, &["ME"]);
        assert_eq!(r.kind, ResolvedKind::SingleEntity);
        assert_eq!(r.last_segment_kind(), Some(SegmentKind::Singleton));
        let r = ok(&c, &["getCount()"]);
        assert_eq!(r.kind, ResolvedKind::Function);
        assert_eq!(ty(&r), "Edm.Int32");
        assert_eq!(r.operation(), Some("microsoft.graph.getCount"));

        let e = err(&c, &["people"]);
        assert_eq!(e.index, 0);
        assert_eq!(
            e.reason,
            UnresolvedReason::UnknownRoot("people".to_string())
        );
        assert_eq!(err(&c, &[]).reason, UnresolvedReason::EmptyPath);
        assert_eq!(err(&c, &[""]).reason, UnresolvedReason::EmptySegment);
        assert!(matches!(
            err(&c, &["me('x')"]).reason,
            UnresolvedReason::UnexpectedParens(_)
        ));
    }

    #[test]
    fn a_placeholder_on_an_open_type_is_a_property_name() {
        let c = model();
        let r = ok(&c, &["me", "thumbnails", "{id}", "{size}", "url"]);
        assert_eq!(ty(&r), "Edm.String");
        let r = ok(&c, &["me", "thumbnails", "{id}", "{size}"]);
        assert_eq!(ty(&r), "microsoft.graph.thumbnail");
        assert_eq!(r.last_segment_kind(), Some(SegmentKind::Property));
        // Not on a type that is not open, nor past a property that has none.
        assert!(matches!(
            err(&c, &["me", "{size}"]).reason,
            UnresolvedReason::KeyNotAllowed { .. }
        ));
        assert!(err(&c, &["me", "thumbnails", "{id}", "{size}", "nope"]).index == 4);
    }

    #[test]
    fn keys_in_all_forms() {
        let c = model();
        for path in [
            &["users", "{id}"][..],
            &["users", "{user-id | userPrincipalName}"],
            &["users", "john.doe@contoso.com"],
            &["users", "48d31887-5fad-4d73-a9f5-3c356e68a038"],
            &["users('x')"],
            &["users(id='x')"],
            &["me", "messages(1)"],
        ] {
            let r = ok(&c, path);
            assert_eq!(r.kind, ResolvedKind::SingleEntity, "{path:?}");
            assert_eq!(r.last_segment_kind(), Some(SegmentKind::Key), "{path:?}");
        }
        let r = ok(&c, &["users", "messages"]);
        assert_eq!(r.kind, ResolvedKind::SingleEntity);
        assert!(
            r.warnings()[0].contains("key segment missing"),
            "{:?}",
            r.warnings()
        );
        assert!(ok(&c, &["users", "x"]).warnings().is_empty());
        let r = ok(&c, &["users('x')"]);
        assert_eq!(r.segments.len(), 2);
        assert_eq!(r.segments[1].index, 0);
        assert_eq!(
            ty(&ok(&c, &["me", "messages(1)"])),
            "microsoft.graph.message"
        );

        let e = err(&c, &["me", "{id}"]);
        assert_eq!(e.index, 1);
        assert!(matches!(e.reason, UnresolvedReason::KeyNotAllowed { .. }));
        assert!(matches!(
            err(&c, &["users()"]).reason,
            UnresolvedReason::UnexpectedParens(_)
        ));
        assert!(matches!(
            err(&c, &["me", "manager('x')"]).reason,
            UnresolvedReason::UnexpectedParens(_)
        ));
    }

    #[test]
    fn navigation_and_properties() {
        let c = model();
        let r = ok(&c, &["users", "{id}", "memberOf"]);
        assert_eq!(r.kind, ResolvedKind::EntitySet);
        assert_eq!(ty(&r), "Collection(microsoft.graph.directoryObject)");
        let r = ok(&c, &["me", "Manager"]);
        assert_eq!(r.kind, ResolvedKind::SingleEntity);
        let r = ok(&c, &["me", "displayName"]);
        assert_eq!(r.kind, ResolvedKind::Property);
        assert_eq!(ty(&r), "Edm.String");
        let r = ok(&c, &["me", "id"]);
        assert_eq!(
            r.segments[1].declared_on.as_deref(),
            Some("microsoft.graph.entity")
        );
        let r = ok(&c, &["me", "address", "city"]);
        assert_eq!(r.kind, ResolvedKind::Property);
        let r = ok(&c, &["me", "address", "resident", "messages"]);
        assert_eq!(
            r.kind,
            ResolvedKind::EntitySet,
            "navigation on a complex type"
        );
        let r = ok(&c, &["me", "addresses"]);
        assert!(r.is_collection());

        let e = err(&c, &["me", "nosuch"]);
        assert_eq!(e.index, 1);
        assert_eq!(
            e.reason,
            UnresolvedReason::UnknownMember {
                name: "nosuch".to_string(),
                on_type: "microsoft.graph.user".to_string()
            }
        );
        assert_eq!(
            e.last_type().map(ToString::to_string).as_deref(),
            Some("microsoft.graph.user")
        );
        let e = err(&c, &["me", "displayName", "length"]);
        assert_eq!(e.index, 2);
        assert!(matches!(e.reason, UnresolvedReason::NotComposable(_)));
        let e = err(&c, &["me", "addresses", "city"]);
        assert!(matches!(e.reason, UnresolvedReason::UnknownMember { .. }));
        assert_eq!(e.to_json()["reason"], "unknown-member");
    }

    #[test]
    fn casts() {
        let c = model();
        let r = ok(&c, &["users", "{id}", "memberOf", "microsoft.graph.group"]);
        assert_eq!(r.kind, ResolvedKind::EntitySet);
        assert_eq!(r.last_segment_kind(), Some(SegmentKind::Cast));
        assert_eq!(ty(&r), "Collection(microsoft.graph.group)");
        let r = ok(&c, &["me", "manager", "graph.USER"]);
        assert_eq!(r.kind, ResolvedKind::SingleEntity);
        assert_eq!(ty(&r), "microsoft.graph.user");
        let r = ok(
            &c,
            &[
                "groups",
                "{id}",
                "members",
                "microsoft.graph.user",
                "{id}",
                "displayName",
            ],
        );
        assert_eq!(r.kind, ResolvedKind::Property);
        let r = ok(&c, &["me", "microsoft.graph.directoryObject"]);
        assert_eq!(r.kind, ResolvedKind::SingleEntity, "upcast is allowed");
        let e = err(&c, &["me", "microsoft.graph.message"]);
        assert!(matches!(e.reason, UnresolvedReason::UnrelatedCast { .. }));
        let e = err(&c, &["me", "microsoft.graph.nothing"]);
        assert!(matches!(
            e.reason,
            UnresolvedReason::UnknownQualifiedName { .. }
        ));
    }

    #[test]
    fn bound_operations() {
        let c = model();
        let r = ok(&c, &["me", "messages", "{id}", "microsoft.graph.forward"]);
        assert_eq!(r.kind, ResolvedKind::Action);
        assert!(r.type_ref.is_none());
        assert_eq!(r.operation(), Some("microsoft.graph.forward"));
        assert_eq!(
            r.segments[3].declared_on.as_deref(),
            Some("microsoft.graph.message")
        );
        // Unqualified, with parentheses, overload on another type.
        let r = ok(&c, &["groups", "{id}", "forward()"]);
        assert_eq!(r.kind, ResolvedKind::Action);
        assert_eq!(
            r.segments[2].declared_on.as_deref(),
            Some("microsoft.graph.group")
        );
        // Bound to a base type, returning a collection.
        let r = ok(&c, &["me", "checkMemberGroups"]);
        assert_eq!(r.kind, ResolvedKind::Action);
        assert_eq!(ty(&r), "Collection(Edm.String)");
        // Bound to the collection.
        let r = ok(&c, &["users", "delta()"]);
        assert_eq!(r.kind, ResolvedKind::Function);
        assert_eq!(ty(&r), "Collection(microsoft.graph.user)");
        let r = ok(&c, &["users", "microsoft.graph.delta", "{id}", "manager"]);
        assert_eq!(r.kind, ResolvedKind::SingleEntity, "functions compose");
        let r = ok(
            &c,
            &[
                "me",
                "reminderView(StartDateTime='2021-01-01',EndDateTime='x')",
            ],
        );
        assert_eq!(r.kind, ResolvedKind::Function);
        assert_eq!(ty(&r), "Collection(microsoft.graph.physicalAddress)");

        // Not bound here.
        let e = err(&c, &["users", "{id}", "delta"]);
        assert_eq!(e.index, 2);
        assert!(matches!(e.reason, UnresolvedReason::NotBound { .. }), "{e}");
        // Nothing follows an action.
        let e = err(&c, &["me", "messages", "{id}", "forward", "x"]);
        assert_eq!(e.index, 4);
        assert!(matches!(e.reason, UnresolvedReason::NotComposable(_)));
    }

    #[test]
    fn lenient_derived_members_and_operations() {
        let c = model();
        let r = ok(&c, &["me", "messages", "{id}", "event"]);
        assert!(r.via_derived());
        assert_eq!(r.kind, ResolvedKind::SingleEntity);
        assert_eq!(
            r.segments[3].declared_on.as_deref(),
            Some("microsoft.graph.eventMessage")
        );
        let r = ok(&c, &["me", "messages", "{id}", "send"]);
        assert!(r.via_derived());
        assert_eq!(r.kind, ResolvedKind::Action);
        assert_eq!(ty(&r), "microsoft.graph.sendResult");
        let r = ok(&c, &["directoryObjects", "{id}", "members"]);
        assert!(r.via_derived(), "members lives on group");
        // Cast first: no longer via derived.
        let r = ok(
            &c,
            &[
                "me",
                "messages",
                "{id}",
                "microsoft.graph.eventMessage",
                "event",
            ],
        );
        assert!(!r.via_derived());
    }

    #[test]
    fn system_segments() {
        let c = model();
        let r = ok(&c, &["users", "$count"]);
        assert_eq!(r.kind, ResolvedKind::Count);
        assert_eq!(ty(&r), "Edm.Int32");
        let r = ok(
            &c,
            &[
                "users",
                "{id}",
                "memberOf",
                "microsoft.graph.group",
                "$count",
            ],
        );
        assert_eq!(r.kind, ResolvedKind::Count);
        let r = ok(&c, &["me", "photo", "$value"]);
        assert_eq!(r.kind, ResolvedKind::Value);
        assert_eq!(ty(&r), "Edm.Stream");
        let r = ok(&c, &["me", "displayName", "$value"]);
        assert_eq!(ty(&r), "Edm.String");
        let r = ok(&c, &["me", "messages", "{id}", "importance", "$value"]);
        assert_eq!(ty(&r), "microsoft.graph.importance");
        let r = ok(&c, &["groups", "{id}", "members", "$ref"]);
        assert_eq!(r.kind, ResolvedKind::Ref);
        assert!(r.is_collection());
        let r = ok(&c, &["groups", "{id}", "members", "{id}", "$ref"]);
        assert_eq!(r.kind, ResolvedKind::Ref);
        assert!(!r.is_collection());

        assert!(matches!(
            err(&c, &["me", "$count"]).reason,
            UnresolvedReason::SystemSegment { .. }
        ));
        let r = ok(&c, &["me", "messages", "{id}", "$value"]);
        assert_eq!(r.kind, ResolvedKind::Value);
        assert_eq!(
            r.warnings().len(),
            1,
            "non-media entity is accepted with a warning"
        );
        assert!(ok(&c, &["me", "photo", "$value"]).warnings().is_empty());
        assert!(matches!(
            err(&c, &["me", "address", "$value"]).reason,
            UnresolvedReason::SystemSegment { .. }
        ));
        assert!(matches!(
            err(&c, &["me", "address", "$ref"]).reason,
            UnresolvedReason::SystemSegment { .. }
        ));
        assert!(matches!(
            err(&c, &["users", "$filter"]).reason,
            UnresolvedReason::UnknownSystemSegment(_)
        ));
        let e = err(&c, &["users", "$count", "x"]);
        assert_eq!(e.index, 2);
        assert!(matches!(e.reason, UnresolvedReason::NotComposable(_)));
    }

    #[test]
    fn drive_item_paths() {
        let c = model();
        let r = ok(&c, &["me", "drive", "root:", "{item-path}:", "children"]);
        assert_eq!(r.kind, ResolvedKind::EntitySet);
        assert_eq!(ty(&r), "Collection(microsoft.graph.driveItem)");
        assert_eq!(r.segments[3].kind, SegmentKind::ItemPath);
        let r = ok(
            &c,
            &[
                "me",
                "drive",
                "items",
                "{parent-id}:",
                "folder",
                "file.txt:",
                "content",
            ],
        );
        assert_eq!(ty(&r), "Edm.Stream");
        let r = ok(&c, &["me", "drive", "root:", "folder", "file.txt"]);
        assert_eq!(r.kind, ResolvedKind::SingleEntity);
        assert_eq!(ty(&r), "microsoft.graph.driveItem");
        let e = err(&c, &["me", "drive", "items:", "x"]);
        assert!(matches!(
            e.reason,
            UnresolvedReason::ItemPathNotAllowed { .. }
        ));
    }

    #[test]
    fn resolve_str_splits_urls() {
        let c = model();
        let r = c
            .resolve_str("https://graph.microsoft.com/v1.0/me/messages/%7Bid%7D?$select=subject")
            .expect("resolves");
        assert_eq!(r.kind, ResolvedKind::SingleEntity);
        let r = c.resolve_str("/beta/users/$count").expect("resolves");
        assert_eq!(r.kind, ResolvedKind::Count);
        let r = c.resolve_str("groups/{id}/members/").expect("resolves");
        assert_eq!(r.kind, ResolvedKind::EntitySet);
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%C3%A9"), "é");
        assert_eq!(percent_decode("%FF"), "%FF");
        assert_eq!(percent_decode("%+f"), "%+f");
    }

    #[test]
    fn json_output() {
        let c = model();
        let r = ok(&c, &["users", "{id}", "memberOf", "microsoft.graph.group"]);
        let j = r.to_json();
        assert_eq!(j["kind"], "EntitySet");
        assert_eq!(j["type"], "Collection(microsoft.graph.group)");
        assert_eq!(j["segments"][3]["kind"], "Cast");
        let e = err(&c, &["nope"]);
        assert_eq!(e.to_json()["reason"], "unknown-root");
        assert!(e.to_string().starts_with("segment 0 `nope`"));
    }

    #[test]
    fn undefined_types_do_not_panic() {
        let xml = r#"<Schema Namespace="n">
  <EntityType Name="t"><NavigationProperty Name="x" Type="Collection(n.ghost)" /></EntityType>
  <EntityContainer Name="c"><Singleton Name="s" Type="n.t" /></EntityContainer>
</Schema>"#;
        let c = Csdl::parse(xml).expect("parses");
        let r = ok(&c, &["s", "x"]);
        assert_eq!(r.kind, ResolvedKind::Property, "unknown element type");
        let e = err(&c, &["s", "x", "{id}"]);
        assert!(matches!(e.reason, UnresolvedReason::KeyNotAllowed { .. }));
        let e = err(&c, &["s", "x", "y"]);
        assert!(matches!(e.reason, UnresolvedReason::UndefinedType(_)));
    }

    #[test]
    fn arbitrary_segment_sequences_never_panic() {
        let c = model();
        let vocab = [
            "",
            "me",
            "users",
            "{id}",
            "users('x')",
            "()",
            "(",
            ")",
            "$count",
            "$value",
            "$ref",
            "$",
            "messages",
            "graph.message",
            "microsoft.graph.group",
            "forward",
            "delta()",
            "root:",
            ":",
            "x:",
            "address",
            "é%",
            "getCount",
            "a.b.c.",
            ".",
        ];
        let mut n = 0;
        for a in vocab {
            for b in vocab {
                for d in vocab {
                    let _ = c.resolve_path(&[a, b, d]);
                    let _ = c.resolve_str(&format!("/{a}/{b}/{d}"));
                    n += 1;
                }
            }
        }
        assert_eq!(n, vocab.len().pow(3));
    }
}
