//! One segment at a time: the root (entity set, singleton, import), then
//! keys, system segments (`$count`, `$value`, `$ref`), casts, members,
//! bound operations and drive-item paths, in the order the module
//! documentation lists.

use crate::schema::csdl::{EntityOrComplex, OperationKind, TypeKind, TypeRef};

use super::lookup::{Member, OpMatch};
use super::resolved::{SegmentKind, UnresolvedReason};
use super::segment::{is_placeholder, split_parens};
use super::state::{Run, State};

impl<'c> Run<'c> {
    pub(super) fn root(&mut self, index: usize, raw: &str) -> Result<State, UnresolvedReason> {
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

    pub(super) fn step(
        &mut self,
        index: usize,
        raw: &str,
        state: &mut State,
    ) -> Result<(), UnresolvedReason> {
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
}
