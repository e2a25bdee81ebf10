//! [`Csdl::parse`]: XML elements to the model, one element at a time
//! (`Builder`), aliases resolved and the lookup index built at the end;
//! [`Csdl::read_file`] around it.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::error::CsdlError;
use super::model::{
    Csdl, EntityContainer, EntityOrComplex, EntitySet, EnumMember, EnumType, Index,
    NavigationProperty, Operation, OperationImport, OperationKind, Parameter, Property, ReturnType,
    Schema, Singleton, StructuredKind, TypeDefinition, TypeRef,
};
use super::problems::Duplicate;
use super::xml::{BuildError, Node, Walker, attributes, boolean, get, required};

impl Csdl {
    /// Reads and parses the CSDL file at `path`. The error is the message
    /// every command prints: `FILE: cannot read: …` or `FILE:LINE:COL: not
    /// valid CSDL: …`, the file as the user named it
    /// ([`crate::source::shown_path`]).
    pub fn read_file(path: &std::path::Path) -> Result<Csdl, String> {
        let shown = crate::source::shown_path(path);
        let bytes = crate::source::read_input(path, crate::source::INPUT_LIMIT)
            .map_err(|e| format!("{shown}: cannot read: {e}"))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "{shown}: cannot read: not UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            )
        })?;
        Csdl::parse(&text)
            .map_err(|e| format!("{shown}:{}:{}: not valid CSDL: {e}", e.line(), e.column()))
    }

    /// Parses a CSDL XML document (a leading BOM is ignored).
    pub fn parse(xml: &str) -> Result<Csdl, CsdlError> {
        let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
        let mut walker = Walker::new(xml);
        let mut builder = Builder::default();
        let mut stack: Vec<Tag> = Vec::with_capacity(16);
        loop {
            match walker.next()? {
                Node::Eof => break,
                Node::Close => {
                    if let Some(tag) = stack.pop() {
                        builder.close(tag);
                    }
                }
                Node::Open { e, pos, empty } => {
                    let local = e.local_name().into_inner();
                    let parent = stack.last().copied();
                    if parent.is_none() && !matches!(local, "Edmx" | "Schema") {
                        let (line, column) = walker.position(pos);
                        return Err(CsdlError::NotCsdl {
                            root: e.name().into_inner().to_string(),
                            line,
                            column,
                        });
                    }
                    if !empty && matches!(local, "Annotations" | "Annotation") {
                        walker.skip(&e, pos)?;
                        continue;
                    }
                    let line = walker.line(pos);
                    let tag = match builder.open(parent, local, &e, line) {
                        Ok(tag) => tag,
                        Err(err) => {
                            let (line, column) = walker.position(pos);
                            return Err(match err {
                                BuildError::Malformed(message) => CsdlError::Malformed {
                                    line,
                                    column,
                                    message,
                                },
                                BuildError::Invalid(message) => CsdlError::Invalid {
                                    line,
                                    column,
                                    message,
                                },
                            });
                        }
                    };
                    if empty {
                        builder.close(tag);
                    } else {
                        stack.push(tag);
                    }
                }
            }
        }
        Ok(builder.finish())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Edmx,
    DataServices,
    Reference,
    Schema,
    Structured,
    Key,
    Enum,
    Operation,
    Container,
    Other,
}

#[derive(Default)]
struct Builder {
    csdl: Csdl,
    namespace: Option<String>,
    structured: Option<EntityOrComplex>,
    enumeration: Option<EnumType>,
    operation: Option<Operation>,
    container: Option<EntityContainer>,
    /// qualified name -> line of first declaration (all type kinds).
    declared: HashMap<String, usize>,
}

impl Builder {
    fn qualify(&self, name: &str) -> (String, String) {
        let ns = self.namespace.clone().unwrap_or_default();
        let q = if ns.is_empty() {
            name.to_string()
        } else {
            format!("{ns}.{name}")
        };
        (ns, q)
    }

    fn open(
        &mut self,
        parent: Option<Tag>,
        local: &str,
        e: &BytesStart<'_>,
        line: usize,
    ) -> Result<Tag, BuildError> {
        let tag = match (parent, local) {
            (None, "Edmx") => Tag::Edmx,
            (Some(Tag::Edmx), "DataServices") => Tag::DataServices,
            (Some(Tag::Edmx), "Reference") => Tag::Reference,
            (Some(Tag::Reference), "Include") => {
                let a = attributes(e)?;
                let ns = required(&a, "Namespace", "Include")?;
                if let Some(alias) = get(&a, "Alias").map(str::trim).filter(|s| !s.is_empty()) {
                    self.csdl.aliases.insert(alias.to_string(), ns.to_string());
                }
                Tag::Other
            }
            (None | Some(Tag::DataServices), "Schema") => {
                let a = attributes(e)?;
                let ns = required(&a, "Namespace", "Schema")?.to_string();
                let alias = get(&a, "Alias")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string);
                if let Some(alias) = &alias {
                    self.csdl.aliases.insert(alias.clone(), ns.clone());
                }
                self.csdl.schemas.push(Schema {
                    namespace: ns.clone(),
                    alias,
                    line,
                });
                self.namespace = Some(ns);
                Tag::Schema
            }
            (Some(Tag::Schema), "EntityType" | "ComplexType") => {
                let a = attributes(e)?;
                let name = required(&a, "Name", local)?.to_string();
                let (namespace, qualified_name) = self.qualify(&name);
                self.structured = Some(EntityOrComplex {
                    kind: if local == "EntityType" {
                        StructuredKind::Entity
                    } else {
                        StructuredKind::Complex
                    },
                    name,
                    namespace,
                    qualified_name,
                    base_type: get(&a, "BaseType")
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                    is_abstract: boolean(&a, "Abstract", false)?,
                    open_type: boolean(&a, "OpenType", false)?,
                    has_stream: boolean(&a, "HasStream", false)?,
                    key: Vec::new(),
                    properties: Vec::new(),
                    navigation_properties: Vec::new(),
                    line,
                });
                Tag::Structured
            }
            (Some(Tag::Structured), "Key") => Tag::Key,
            (Some(Tag::Key), "PropertyRef") => {
                let a = attributes(e)?;
                let name = required(&a, "Name", "PropertyRef")?.to_string();
                if let Some(t) = self.structured.as_mut() {
                    t.key.push(name);
                }
                Tag::Other
            }
            (Some(Tag::Structured), "Property") => {
                let a = attributes(e)?;
                let p = Property {
                    name: required(&a, "Name", "Property")?.to_string(),
                    type_ref: TypeRef::parse(required(&a, "Type", "Property")?),
                    nullable: boolean(&a, "Nullable", true)?,
                    line,
                };
                if let Some(t) = self.structured.as_mut() {
                    t.properties.push(p);
                }
                Tag::Other
            }
            (Some(Tag::Structured), "NavigationProperty") => {
                let a = attributes(e)?;
                let p = NavigationProperty {
                    name: required(&a, "Name", "NavigationProperty")?.to_string(),
                    type_ref: TypeRef::parse(required(&a, "Type", "NavigationProperty")?),
                    contains_target: boolean(&a, "ContainsTarget", false)?,
                    nullable: boolean(&a, "Nullable", true)?,
                    line,
                };
                if let Some(t) = self.structured.as_mut() {
                    t.navigation_properties.push(p);
                }
                Tag::Other
            }
            (Some(Tag::Schema), "EnumType") => {
                let a = attributes(e)?;
                let name = required(&a, "Name", "EnumType")?.to_string();
                let (namespace, qualified_name) = self.qualify(&name);
                self.enumeration = Some(EnumType {
                    name,
                    namespace,
                    qualified_name,
                    is_flags: boolean(&a, "IsFlags", false)?,
                    underlying_type: get(&a, "UnderlyingType")
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .unwrap_or("Edm.Int32")
                        .to_string(),
                    members: Vec::new(),
                    line,
                });
                Tag::Enum
            }
            (Some(Tag::Enum), "Member") => {
                let a = attributes(e)?;
                let name = required(&a, "Name", "Member")?.to_string();
                if let Some(en) = self.enumeration.as_mut() {
                    let value = match get(&a, "Value").map(str::trim) {
                        Some(v) => v.parse::<i64>().map_err(|_| {
                            BuildError::Invalid(format!(
                                "enum member {name} has non-integer Value=\"{v}\""
                            ))
                        })?,
                        None => en.members.last().map_or(0, |m| m.value.saturating_add(1)),
                    };
                    en.members.push(EnumMember { name, value, line });
                }
                Tag::Other
            }
            (Some(Tag::Schema), "TypeDefinition") => {
                let a = attributes(e)?;
                let name = required(&a, "Name", "TypeDefinition")?.to_string();
                let underlying = required(&a, "UnderlyingType", "TypeDefinition")?.to_string();
                let (namespace, qualified_name) = self.qualify(&name);
                let td = TypeDefinition {
                    name,
                    namespace,
                    qualified_name: qualified_name.clone(),
                    underlying_type: underlying,
                    line,
                };
                if self.declare(&qualified_name, line) {
                    self.csdl.type_definitions.insert(qualified_name, td);
                }
                Tag::Other
            }
            (Some(Tag::Schema), "Action" | "Function") => {
                let a = attributes(e)?;
                let name = required(&a, "Name", local)?.to_string();
                let (namespace, qualified_name) = self.qualify(&name);
                self.operation = Some(Operation {
                    kind: if local == "Action" {
                        OperationKind::Action
                    } else {
                        OperationKind::Function
                    },
                    name,
                    namespace,
                    qualified_name,
                    is_bound: boolean(&a, "IsBound", false)?,
                    is_composable: boolean(&a, "IsComposable", false)?,
                    entity_set_path: get(&a, "EntitySetPath").map(str::to_string),
                    parameters: Vec::new(),
                    return_type: None,
                    line,
                });
                Tag::Operation
            }
            (Some(Tag::Operation), "Parameter") => {
                let a = attributes(e)?;
                let p = Parameter {
                    name: required(&a, "Name", "Parameter")?.to_string(),
                    type_ref: TypeRef::parse(required(&a, "Type", "Parameter")?),
                    nullable: boolean(&a, "Nullable", true)?,
                    line,
                };
                if let Some(op) = self.operation.as_mut() {
                    op.parameters.push(p);
                }
                Tag::Other
            }
            (Some(Tag::Operation), "ReturnType") => {
                let a = attributes(e)?;
                let r = ReturnType {
                    type_ref: TypeRef::parse(required(&a, "Type", "ReturnType")?),
                    nullable: boolean(&a, "Nullable", true)?,
                    line,
                };
                if let Some(op) = self.operation.as_mut() {
                    op.return_type = Some(r);
                }
                Tag::Other
            }
            (Some(Tag::Schema), "EntityContainer") => {
                let a = attributes(e)?;
                let name = required(&a, "Name", "EntityContainer")?.to_string();
                let (namespace, qualified_name) = self.qualify(&name);
                self.container = Some(EntityContainer {
                    name,
                    namespace,
                    qualified_name,
                    entity_sets: Vec::new(),
                    singletons: Vec::new(),
                    action_imports: Vec::new(),
                    function_imports: Vec::new(),
                    line,
                });
                Tag::Container
            }
            (Some(Tag::Container), "EntitySet") => {
                let a = attributes(e)?;
                let s = EntitySet {
                    name: required(&a, "Name", "EntitySet")?.to_string(),
                    entity_type: required(&a, "EntityType", "EntitySet")?.to_string(),
                    line,
                };
                if let Some(c) = self.container.as_mut() {
                    c.entity_sets.push(s);
                }
                Tag::Other
            }
            (Some(Tag::Container), "Singleton") => {
                let a = attributes(e)?;
                let s = Singleton {
                    name: required(&a, "Name", "Singleton")?.to_string(),
                    type_name: required(&a, "Type", "Singleton")?.to_string(),
                    line,
                };
                if let Some(c) = self.container.as_mut() {
                    c.singletons.push(s);
                }
                Tag::Other
            }
            (Some(Tag::Container), "ActionImport" | "FunctionImport") => {
                let a = attributes(e)?;
                let (kind, attr) = if local == "ActionImport" {
                    (OperationKind::Action, "Action")
                } else {
                    (OperationKind::Function, "Function")
                };
                let i = OperationImport {
                    kind,
                    name: required(&a, "Name", local)?.to_string(),
                    operation: required(&a, attr, local)?.to_string(),
                    entity_set: get(&a, "EntitySet").map(str::to_string),
                    line,
                };
                if let Some(c) = self.container.as_mut() {
                    match kind {
                        OperationKind::Action => c.action_imports.push(i),
                        OperationKind::Function => c.function_imports.push(i),
                    }
                }
                Tag::Other
            }
            _ => Tag::Other,
        };
        Ok(tag)
    }

    /// Records a declaration; false (and a [`Duplicate`]) if already declared.
    fn declare(&mut self, qualified_name: &str, line: usize) -> bool {
        if let Some(&first_line) = self.declared.get(qualified_name) {
            self.csdl.duplicates.push(Duplicate {
                qualified_name: qualified_name.to_string(),
                line,
                first_line,
            });
            false
        } else {
            self.declared.insert(qualified_name.to_string(), line);
            true
        }
    }

    fn close(&mut self, tag: Tag) {
        match tag {
            Tag::Schema => self.namespace = None,
            Tag::Structured => {
                if let Some(t) = self.structured.take()
                    && self.declare(&t.qualified_name, t.line)
                {
                    self.csdl.structured.insert(t.qualified_name.clone(), t);
                }
            }
            Tag::Enum => {
                if let Some(t) = self.enumeration.take()
                    && self.declare(&t.qualified_name, t.line)
                {
                    self.csdl.enums.insert(t.qualified_name.clone(), t);
                }
            }
            Tag::Operation => {
                if let Some(op) = self.operation.take() {
                    self.csdl.operations.push(op);
                }
            }
            Tag::Container => {
                if let Some(c) = self.container.take() {
                    self.csdl.containers.push(c);
                }
            }
            Tag::Edmx | Tag::DataServices | Tag::Reference | Tag::Key | Tag::Other => {}
        }
    }

    fn finish(self) -> Csdl {
        let mut csdl = self.csdl;
        let aliases = csdl.aliases.clone();
        if !aliases.is_empty() {
            let fix = |name: &mut String| {
                if let Some((prefix, simple)) = name.rsplit_once('.')
                    && let Some(ns) = aliases.get(prefix)
                {
                    *name = format!("{ns}.{simple}");
                }
            };
            let fix_ref = |t: &mut TypeRef| fix(&mut t.name);
            for t in csdl.structured.values_mut() {
                if let Some(b) = t.base_type.as_mut() {
                    fix(b);
                }
                t.properties
                    .iter_mut()
                    .for_each(|p| fix_ref(&mut p.type_ref));
                t.navigation_properties
                    .iter_mut()
                    .for_each(|p| fix_ref(&mut p.type_ref));
            }
            for e in csdl.enums.values_mut() {
                fix(&mut e.underlying_type);
            }
            for t in csdl.type_definitions.values_mut() {
                fix(&mut t.underlying_type);
            }
            for op in &mut csdl.operations {
                op.parameters
                    .iter_mut()
                    .for_each(|p| fix_ref(&mut p.type_ref));
                if let Some(r) = op.return_type.as_mut() {
                    fix_ref(&mut r.type_ref);
                }
            }
            for c in &mut csdl.containers {
                c.entity_sets
                    .iter_mut()
                    .for_each(|s| fix(&mut s.entity_type));
                c.singletons.iter_mut().for_each(|s| fix(&mut s.type_name));
                c.action_imports
                    .iter_mut()
                    .chain(c.function_imports.iter_mut())
                    .for_each(|i| fix(&mut i.operation));
            }
        }

        let mut index = Index::default();
        for (alias, ns) in &csdl.aliases {
            index
                .lower_aliases
                .entry(alias.to_lowercase())
                .or_insert_with(|| ns.clone());
        }
        let type_names = csdl
            .structured
            .values()
            .map(|t| (&t.qualified_name, &t.name))
            .chain(csdl.enums.values().map(|t| (&t.qualified_name, &t.name)))
            .chain(
                csdl.type_definitions
                    .values()
                    .map(|t| (&t.qualified_name, &t.name)),
            );
        for (q, simple) in type_names {
            index
                .lower_types
                .entry(q.to_lowercase())
                .or_insert_with(|| q.clone());
            index
                .simple_types
                .entry(simple.to_lowercase())
                .or_default()
                .push(q.clone());
        }
        for (i, op) in csdl.operations.iter().enumerate() {
            index
                .ops_qualified
                .entry(op.qualified_name.to_lowercase())
                .or_default()
                .push(i);
            index
                .ops_simple
                .entry(op.name.to_lowercase())
                .or_default()
                .push(i);
        }
        let mut by_line: Vec<&EntityOrComplex> = csdl.structured.values().collect();
        by_line.sort_by_key(|t| t.line);
        for t in by_line {
            if let Some(b) = &t.base_type {
                index
                    .derived
                    .entry(b.clone())
                    .or_default()
                    .push(t.qualified_name.clone());
            }
        }
        csdl.index = index;
        csdl
    }
}
