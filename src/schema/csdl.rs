//! OData CSDL (`$metadata`) model for Microsoft Graph reference docs. The
//! permission-scope documents that come with it are read in
//! `permissions.rs`, which shares the XML walking defined here.
//!
//! [`Csdl::parse`] reads a whole CSDL XML document into plain maps keyed by
//! fully qualified name (`microsoft.graph.user`), with aliases (`graph.user`)
//! resolved and a lowercase index for the case-insensitive lookups that
//! documentation needs. Every declaration keeps its 1-based line number.
//!
//! Nothing here prints or panics on bad input: malformed XML gives a
//! [`CsdlError`] with line and column, model problems are reported by
//! [`Csdl::dangling_refs`] and [`Csdl::duplicates`].

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use serde_json::{Value, json};
use thiserror::Error;

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Why a CSDL or permissions document could not be read. Every variant has a
/// 1-based line and column (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CsdlError {
    /// The input is not XML at all (empty, plain text, JSON, ...).
    #[error("line {line}, column {column}: not XML: {message}")]
    NotXml {
        line: usize,
        column: usize,
        message: String,
    },
    /// XML syntax or well-formedness error reported by the tokenizer.
    #[error("line {line}, column {column}: malformed XML: {message}")]
    Malformed {
        line: usize,
        column: usize,
        message: String,
    },
    /// An element that is never closed; the position is that of its start tag.
    #[error("line {line}, column {column}: element <{name}> is not closed{detail}")]
    Unclosed {
        name: String,
        line: usize,
        column: usize,
        /// Empty, or `" (found </x> at line L, column C)"`.
        detail: String,
    },
    /// Well-formed XML whose root element is not `edmx:Edmx` or `Schema`.
    #[error("line {line}, column {column}: not a CSDL document: root element is <{root}>")]
    NotCsdl {
        root: String,
        line: usize,
        column: usize,
    },
    /// Well-formed XML with a CSDL construct that cannot be modelled
    /// (missing `Name`, non-numeric enum `Value`, bad boolean, ...).
    #[error("line {line}, column {column}: invalid CSDL: {message}")]
    Invalid {
        line: usize,
        column: usize,
        message: String,
    },
}

impl CsdlError {
    /// 1-based line of the problem.
    pub fn line(&self) -> usize {
        match self {
            CsdlError::NotXml { line, .. }
            | CsdlError::Malformed { line, .. }
            | CsdlError::Unclosed { line, .. }
            | CsdlError::NotCsdl { line, .. }
            | CsdlError::Invalid { line, .. } => *line,
        }
    }

    /// 1-based column (in characters) of the problem.
    pub fn column(&self) -> usize {
        match self {
            CsdlError::NotXml { column, .. }
            | CsdlError::Malformed { column, .. }
            | CsdlError::Unclosed { column, .. }
            | CsdlError::NotCsdl { column, .. }
            | CsdlError::Invalid { column, .. } => *column,
        }
    }
}

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

/// A type reference as written in `Type="..."`: `Collection(graph.user)` is
/// `{ collection: true, name: "microsoft.graph.user" }` once aliases are
/// resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeRef {
    pub collection: bool,
    /// Qualified name, aliases resolved (`Edm.String`, `microsoft.graph.user`).
    pub name: String,
}

impl TypeRef {
    /// Parses `Collection(X)` or `X` (whitespace-trimmed). Aliases are not
    /// resolved here; see [`Csdl::parse`].
    pub fn parse(raw: &str) -> TypeRef {
        let raw = raw.trim();
        if let Some(inner) = raw
            .strip_prefix("Collection(")
            .and_then(|r| r.strip_suffix(')'))
        {
            TypeRef {
                collection: true,
                name: inner.trim().to_string(),
            }
        } else {
            TypeRef {
                collection: false,
                name: raw.to_string(),
            }
        }
    }

    /// A single-valued reference.
    pub fn single(name: impl Into<String>) -> TypeRef {
        TypeRef {
            collection: false,
            name: name.into(),
        }
    }

    /// A collection-valued reference.
    pub fn collection_of(name: impl Into<String>) -> TypeRef {
        TypeRef {
            collection: true,
            name: name.into(),
        }
    }

    /// `Edm.*` name (whether or not it is a real primitive).
    pub fn is_edm(&self) -> bool {
        self.name.starts_with("Edm.")
    }

    /// The element type of a collection (or a copy of a single reference).
    pub fn element(&self) -> TypeRef {
        TypeRef::single(self.name.clone())
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.collection {
            write!(f, "Collection({})", self.name)
        } else {
            f.write_str(&self.name)
        }
    }
}

/// The primitive types of CSDL 4.01 (plus the abstract `Edm.*Type`s and path
/// types that may appear in vocabularies).
pub const EDM_PRIMITIVES: &[&str] = &[
    "Edm.Binary",
    "Edm.Boolean",
    "Edm.Byte",
    "Edm.Date",
    "Edm.DateTimeOffset",
    "Edm.Decimal",
    "Edm.Double",
    "Edm.Duration",
    "Edm.Guid",
    "Edm.Int16",
    "Edm.Int32",
    "Edm.Int64",
    "Edm.SByte",
    "Edm.Single",
    "Edm.Stream",
    "Edm.String",
    "Edm.TimeOfDay",
    "Edm.Geography",
    "Edm.GeographyPoint",
    "Edm.GeographyLineString",
    "Edm.GeographyPolygon",
    "Edm.GeographyMultiPoint",
    "Edm.GeographyMultiLineString",
    "Edm.GeographyMultiPolygon",
    "Edm.GeographyCollection",
    "Edm.Geometry",
    "Edm.GeometryPoint",
    "Edm.GeometryLineString",
    "Edm.GeometryPolygon",
    "Edm.GeometryMultiPoint",
    "Edm.GeometryMultiLineString",
    "Edm.GeometryMultiPolygon",
    "Edm.GeometryCollection",
    "Edm.Untyped",
    "Edm.PrimitiveType",
    "Edm.ComplexType",
    "Edm.EntityType",
    "Edm.AnnotationPath",
    "Edm.PropertyPath",
    "Edm.NavigationPropertyPath",
    "Edm.AnyPropertyPath",
    "Edm.ModelElementPath",
];

/// True for a known `Edm.*` primitive (exact case, as CSDL requires).
pub fn is_edm_primitive(name: &str) -> bool {
    EDM_PRIMITIVES.contains(&name)
}

/// A `<Schema>` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    pub namespace: String,
    pub alias: Option<String>,
    pub line: usize,
}

/// Entity or complex type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StructuredKind {
    Entity,
    Complex,
}

/// What a qualified type name denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeKind {
    Primitive,
    Entity,
    Complex,
    Enum,
    TypeDefinition,
}

/// An `EntityType` or `ComplexType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityOrComplex {
    pub kind: StructuredKind,
    /// Simple name as declared (`user`).
    pub name: String,
    pub namespace: String,
    /// `namespace.name`.
    pub qualified_name: String,
    /// Qualified, aliases resolved.
    pub base_type: Option<String>,
    pub is_abstract: bool,
    pub open_type: bool,
    pub has_stream: bool,
    /// `PropertyRef` names of the type's own `Key` (empty when inherited).
    pub key: Vec<String>,
    pub properties: Vec<Property>,
    pub navigation_properties: Vec<NavigationProperty>,
    pub line: usize,
}

impl EntityOrComplex {
    pub fn is_entity(&self) -> bool {
        self.kind == StructuredKind::Entity
    }

    /// Own (not inherited) structural property; exact name first, then
    /// case-insensitive.
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name).or_else(|| {
            self.properties
                .iter()
                .find(|p| eq_ignore_case(&p.name, name))
        })
    }

    /// Own (not inherited) navigation property; exact name first, then
    /// case-insensitive.
    pub fn navigation_property(&self, name: &str) -> Option<&NavigationProperty> {
        self.navigation_properties
            .iter()
            .find(|p| p.name == name)
            .or_else(|| {
                self.navigation_properties
                    .iter()
                    .find(|p| eq_ignore_case(&p.name, name))
            })
    }
}

/// A structural `Property`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub name: String,
    pub type_ref: TypeRef,
    /// `Nullable`, default true.
    pub nullable: bool,
    pub line: usize,
}

/// A `NavigationProperty`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavigationProperty {
    pub name: String,
    pub type_ref: TypeRef,
    pub contains_target: bool,
    /// `Nullable`, default true.
    pub nullable: bool,
    pub line: usize,
}

/// An `EnumType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumType {
    pub name: String,
    pub namespace: String,
    pub qualified_name: String,
    pub is_flags: bool,
    /// `UnderlyingType`, default `Edm.Int32`.
    pub underlying_type: String,
    pub members: Vec<EnumMember>,
    pub line: usize,
}

impl EnumType {
    /// Member by name, exact first, then case-insensitive.
    pub fn member(&self, name: &str) -> Option<&EnumMember> {
        self.members
            .iter()
            .find(|m| m.name == name)
            .or_else(|| self.members.iter().find(|m| eq_ignore_case(&m.name, name)))
    }
}

/// An enum `Member`. A member without `Value` gets the previous value + 1
/// (0 for the first), as CSDL prescribes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumMember {
    pub name: String,
    pub value: i64,
    pub line: usize,
}

/// A `TypeDefinition`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDefinition {
    pub name: String,
    pub namespace: String,
    pub qualified_name: String,
    pub underlying_type: String,
    pub line: usize,
}

/// Action or function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperationKind {
    Action,
    Function,
}

/// An `Action` or `Function` (one overload).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub kind: OperationKind,
    pub name: String,
    pub namespace: String,
    pub qualified_name: String,
    pub is_bound: bool,
    pub is_composable: bool,
    pub entity_set_path: Option<String>,
    /// All parameters; for a bound operation the first is the binding one.
    pub parameters: Vec<Parameter>,
    pub return_type: Option<ReturnType>,
    pub line: usize,
}

impl Operation {
    /// The binding parameter (first parameter of a bound operation).
    pub fn binding_parameter(&self) -> Option<&Parameter> {
        if self.is_bound {
            self.parameters.first()
        } else {
            None
        }
    }

    /// Type of the binding parameter.
    pub fn binding_type(&self) -> Option<&TypeRef> {
        self.binding_parameter().map(|p| &p.type_ref)
    }

    /// Parameters other than the binding one.
    pub fn non_binding_parameters(&self) -> &[Parameter] {
        if self.is_bound {
            self.parameters.get(1..).unwrap_or(&[])
        } else {
            &self.parameters
        }
    }
}

/// An operation `Parameter`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    pub name: String,
    pub type_ref: TypeRef,
    pub nullable: bool,
    pub line: usize,
}

/// An operation `ReturnType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnType {
    pub type_ref: TypeRef,
    pub nullable: bool,
    pub line: usize,
}

/// An `EntityContainer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityContainer {
    pub name: String,
    pub namespace: String,
    pub qualified_name: String,
    pub entity_sets: Vec<EntitySet>,
    pub singletons: Vec<Singleton>,
    pub action_imports: Vec<OperationImport>,
    pub function_imports: Vec<OperationImport>,
    pub line: usize,
}

/// An `EntitySet` (navigation property bindings are not kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitySet {
    pub name: String,
    /// Qualified entity type name, aliases resolved.
    pub entity_type: String,
    pub line: usize,
}

/// A `Singleton`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Singleton {
    pub name: String,
    /// Qualified entity type name, aliases resolved.
    pub type_name: String,
    pub line: usize,
}

/// An `ActionImport` or `FunctionImport`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationImport {
    pub kind: OperationKind,
    pub name: String,
    /// Qualified name of the imported action or function.
    pub operation: String,
    pub entity_set: Option<String>,
    pub line: usize,
}

/// The longest OData `SimpleIdentifier`.
pub const MAX_IDENTIFIER: usize = 128;

/// An OData `SimpleIdentifier`: a letter or `_`, then letters, digits or
/// `_`, at most [`MAX_IDENTIFIER`] characters. Never empty, never holds a
/// `.`, `/`, `\\` or NUL: safe as (part of) a file name.
pub fn is_simple_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first == '_' || first.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
        && s.chars().count() <= MAX_IDENTIFIER
}

/// A namespace: dotted [`is_simple_identifier`]s (`microsoft.graph`).
pub fn is_namespace(s: &str) -> bool {
    s.split('.').all(is_simple_identifier)
}

/// A qualified name: a namespace, a dot, a simple identifier
/// (`microsoft.graph.user`).
pub fn is_qualified_name(s: &str) -> bool {
    s.rsplit_once('.')
        .is_some_and(|(ns, name)| is_namespace(ns) && is_simple_identifier(name))
}

/// A name for a message: quoted, control characters escaped, cut at 80
/// characters.
pub fn shown_name(name: &str) -> String {
    let mut shown: String = name
        .chars()
        .take(80)
        .collect::<String>()
        .escape_debug()
        .to_string();
    if name.chars().count() > 80 {
        shown.push('…');
    }
    format!("\"{shown}\"")
}

/// A problem of the model as a whole ([`Csdl::model_problems`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelProblem {
    pub line: usize,
    pub message: String,
}

/// A type declared twice under the same qualified name (the first one wins).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub qualified_name: String,
    pub line: usize,
    pub first_line: usize,
}

/// Where a dangling type reference occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefContext {
    BaseType,
    PropertyType,
    NavigationPropertyType,
    ParameterType,
    ReturnType,
    EntitySetType,
    SingletonType,
    UnderlyingType,
    ImportedOperation,
}

impl RefContext {
    pub fn as_str(self) -> &'static str {
        match self {
            RefContext::BaseType => "BaseType",
            RefContext::PropertyType => "Property",
            RefContext::NavigationPropertyType => "NavigationProperty",
            RefContext::ParameterType => "Parameter",
            RefContext::ReturnType => "ReturnType",
            RefContext::EntitySetType => "EntitySet",
            RefContext::SingletonType => "Singleton",
            RefContext::UnderlyingType => "UnderlyingType",
            RefContext::ImportedOperation => "OperationImport",
        }
    }
}

/// A reference to a type (or imported operation) that is defined nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DanglingRef {
    /// The referenced name, aliases resolved.
    pub referenced: String,
    pub context: RefContext,
    /// What holds the reference: `microsoft.graph.user`,
    /// `microsoft.graph.user/manager`, `microsoft.graph.forward(Comment)`, ...
    pub owner: String,
    pub line: usize,
    /// A defined name that differs only in case, if any.
    pub suggestion: Option<String>,
}

impl DanglingRef {
    pub fn to_json(&self) -> Value {
        json!({
            "referenced": self.referenced,
            "context": self.context.as_str(),
            "owner": self.owner,
            "line": self.line,
            "suggestion": self.suggestion,
        })
    }
}

impl fmt::Display for DanglingRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: {} of {} refers to undefined `{}`",
            self.line,
            self.context.as_str(),
            self.owner,
            self.referenced
        )?;
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean `{s}`?)")?;
        }
        Ok(())
    }
}

/// Counts of what a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsdlStats {
    pub schemas: usize,
    pub entity_types: usize,
    pub complex_types: usize,
    pub enum_types: usize,
    pub type_definitions: usize,
    pub actions: usize,
    pub functions: usize,
    pub bound_operations: usize,
    pub properties: usize,
    pub navigation_properties: usize,
    pub containers: usize,
    pub entity_sets: usize,
    pub singletons: usize,
    pub action_imports: usize,
    pub function_imports: usize,
}

impl CsdlStats {
    pub fn to_json(&self) -> Value {
        json!({
            "schemas": self.schemas,
            "entity_types": self.entity_types,
            "complex_types": self.complex_types,
            "enum_types": self.enum_types,
            "type_definitions": self.type_definitions,
            "actions": self.actions,
            "functions": self.functions,
            "bound_operations": self.bound_operations,
            "properties": self.properties,
            "navigation_properties": self.navigation_properties,
            "containers": self.containers,
            "entity_sets": self.entity_sets,
            "singletons": self.singletons,
            "action_imports": self.action_imports,
            "function_imports": self.function_imports,
        })
    }
}

/// A parsed CSDL document.
#[derive(Debug, Clone, Default)]
pub struct Csdl {
    schemas: Vec<Schema>,
    structured: BTreeMap<String, EntityOrComplex>,
    enums: BTreeMap<String, EnumType>,
    type_definitions: BTreeMap<String, TypeDefinition>,
    operations: Vec<Operation>,
    containers: Vec<EntityContainer>,
    duplicates: Vec<Duplicate>,
    /// alias -> namespace (from `Schema` and `edmx:Include`).
    aliases: HashMap<String, String>,
    index: Index,
}

#[derive(Debug, Clone, Default)]
struct Index {
    /// lowercase qualified type name -> qualified type name.
    lower_types: HashMap<String, String>,
    /// lowercase simple type name -> qualified type names.
    simple_types: HashMap<String, Vec<String>>,
    /// lowercase qualified operation name -> indices into `operations`.
    ops_qualified: HashMap<String, Vec<usize>>,
    /// lowercase simple operation name -> indices into `operations`.
    ops_simple: HashMap<String, Vec<usize>>,
    /// qualified base type -> direct derived types (declaration order).
    derived: HashMap<String, Vec<String>>,
    /// lowercase alias -> namespace.
    lower_aliases: HashMap<String, String>,
}

/// Case-insensitive comparison that is cheap for ASCII and correct otherwise.
pub fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

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

    /// [`Csdl::read_file`], then [`Csdl::model_problems`]: the first one is
    /// the error, `FILE:LINE: …`. The one way every command (`check`,
    /// `schema`, `drift`) loads metadata, so that they accept and reject the
    /// same documents.
    pub fn read_validated(path: &std::path::Path) -> Result<Csdl, String> {
        let csdl = Csdl::read_file(path)?;
        if let Some(p) = csdl.model_problems().into_iter().next() {
            let shown = crate::source::shown_path(path);
            return Err(format!("{shown}:{}: {}", p.line, p.message));
        }
        Ok(csdl)
    }

    /// What makes the model unusable, sorted by line: names that are not
    /// OData identifiers (a namespace of dotted [`is_simple_identifier`]s,
    /// type and property names simple identifiers; a NUL, a `/` or `..` is
    /// none), `BaseType` cycles (a type deriving from itself, directly or
    /// not), and dangling type references ([`Csdl::dangling_refs`]).
    pub fn model_problems(&self) -> Vec<ModelProblem> {
        let mut out = Vec::new();
        let mut bad = |what: &str, name: &str, line: usize| {
            out.push(ModelProblem {
                line,
                message: format!(
                    "{what} {} is not an OData identifier (a letter or `_`, then letters, digits or `_`, at most {MAX_IDENTIFIER} characters)",
                    shown_name(name)
                ),
            });
        };
        for s in &self.schemas {
            if !is_namespace(&s.namespace) {
                bad("Schema Namespace", &s.namespace, s.line);
            }
            if let Some(a) = &s.alias
                && !is_simple_identifier(a)
            {
                bad("Schema Alias", a, s.line);
            }
        }
        for t in self.structured.values() {
            if !is_simple_identifier(&t.name) {
                bad("type name", &t.name, t.line);
            }
            for p in &t.properties {
                if !is_simple_identifier(&p.name) {
                    bad("property name", &p.name, p.line);
                }
            }
            for p in &t.navigation_properties {
                if !is_simple_identifier(&p.name) {
                    bad("navigation property name", &p.name, p.line);
                }
            }
        }
        for e in self.enums.values() {
            if !is_simple_identifier(&e.name) {
                bad("type name", &e.name, e.line);
            }
        }
        for d in self.type_definitions.values() {
            if !is_simple_identifier(&d.name) {
                bad("type name", &d.name, d.line);
            }
        }
        out.extend(self.base_type_cycles());
        out.extend(self.dangling_refs().into_iter().map(|d| ModelProblem {
            line: d.line,
            message: format!(
                "{} `{}` of `{}` names a type the metadata does not define",
                d.context.as_str(),
                d.referenced,
                d.owner
            ),
        }));
        out.sort_by_key(|p| p.line);
        out
    }

    /// One problem per `BaseType` cycle, at the line of the cycle's type
    /// declared first.
    fn base_type_cycles(&self) -> Vec<ModelProblem> {
        // 0: not seen, 1: on the current walk, 2: done.
        let mut state: HashMap<&str, u8> = HashMap::new();
        let mut out = Vec::new();
        for start in self.structured.keys() {
            if state.contains_key(start.as_str()) {
                continue;
            }
            let mut walk: Vec<&str> = Vec::new();
            let mut cur = Some(start.as_str());
            while let Some(name) = cur {
                match state.get(name) {
                    Some(1) => {
                        let at = walk.iter().position(|n| *n == name).unwrap_or(0);
                        let cycle = &walk[at..];
                        let first = cycle
                            .iter()
                            .filter_map(|n| self.structured.get(*n))
                            .min_by_key(|t| t.line);
                        if let Some(t) = first {
                            let mut names: Vec<&str> = cycle.to_vec();
                            names.push(name);
                            out.push(ModelProblem {
                                line: t.line,
                                message: format!(
                                    "BaseType cycle: {} (a type cannot derive from itself)",
                                    names.join(" → ")
                                ),
                            });
                        }
                        break;
                    }
                    Some(_) => break,
                    None => {}
                }
                state.insert(name, 1);
                walk.push(name);
                cur = self
                    .structured
                    .get(name)
                    .and_then(|t| t.base_type.as_deref())
                    .and_then(|b| self.structured.get_key_value(b))
                    .map(|(k, _)| k.as_str());
            }
            for n in walk {
                state.insert(n, 2);
            }
        }
        out
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

    // ----- plain accessors -------------------------------------------------

    pub fn schemas(&self) -> &[Schema] {
        &self.schemas
    }

    /// Entity and complex types, by qualified name.
    pub fn structured_types(&self) -> &BTreeMap<String, EntityOrComplex> {
        &self.structured
    }

    pub fn entity_types(&self) -> impl Iterator<Item = &EntityOrComplex> {
        self.structured.values().filter(|t| t.is_entity())
    }

    pub fn complex_types(&self) -> impl Iterator<Item = &EntityOrComplex> {
        self.structured.values().filter(|t| !t.is_entity())
    }

    pub fn enum_types(&self) -> &BTreeMap<String, EnumType> {
        &self.enums
    }

    pub fn type_definitions(&self) -> &BTreeMap<String, TypeDefinition> {
        &self.type_definitions
    }

    /// All actions and functions (every overload), in document order.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    pub fn containers(&self) -> &[EntityContainer] {
        &self.containers
    }

    pub fn entity_sets(&self) -> impl Iterator<Item = &EntitySet> {
        self.containers.iter().flat_map(|c| c.entity_sets.iter())
    }

    pub fn singletons(&self) -> impl Iterator<Item = &Singleton> {
        self.containers.iter().flat_map(|c| c.singletons.iter())
    }

    /// Types declared more than once (the first declaration is kept).
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    /// Alias -> namespace.
    pub fn aliases(&self) -> &HashMap<String, String> {
        &self.aliases
    }

    pub fn stats(&self) -> CsdlStats {
        let mut s = CsdlStats {
            schemas: self.schemas.len(),
            enum_types: self.enums.len(),
            type_definitions: self.type_definitions.len(),
            containers: self.containers.len(),
            ..CsdlStats::default()
        };
        for t in self.structured.values() {
            match t.kind {
                StructuredKind::Entity => s.entity_types += 1,
                StructuredKind::Complex => s.complex_types += 1,
            }
            s.properties += t.properties.len();
            s.navigation_properties += t.navigation_properties.len();
        }
        for op in &self.operations {
            match op.kind {
                OperationKind::Action => s.actions += 1,
                OperationKind::Function => s.functions += 1,
            }
            if op.is_bound {
                s.bound_operations += 1;
            }
        }
        for c in &self.containers {
            s.entity_sets += c.entity_sets.len();
            s.singletons += c.singletons.len();
            s.action_imports += c.action_imports.len();
            s.function_imports += c.function_imports.len();
        }
        s
    }

    // ----- name lookups ----------------------------------------------------

    fn exact_type_name(&self, name: &str) -> Option<&str> {
        if let Some((k, _)) = self.structured.get_key_value(name) {
            return Some(k);
        }
        if let Some((k, _)) = self.enums.get_key_value(name) {
            return Some(k);
        }
        if let Some((k, _)) = self.type_definitions.get_key_value(name) {
            return Some(k);
        }
        None
    }

    /// Replaces a known alias prefix (`graph.user` -> `microsoft.graph.user`);
    /// alias match is exact first, then case-insensitive.
    pub fn expand_alias<'n>(&self, name: &'n str) -> Cow<'n, str> {
        if let Some((prefix, simple)) = name.rsplit_once('.') {
            let ns = self
                .aliases
                .get(prefix)
                .or_else(|| self.index.lower_aliases.get(&prefix.to_lowercase()));
            if let Some(ns) = ns {
                return Cow::Owned(format!("{ns}.{simple}"));
            }
        }
        Cow::Borrowed(name)
    }

    /// The declared qualified name of a type (entity, complex, enum or type
    /// definition) given its qualified name in any case, or with an alias.
    /// `Edm.*` primitives are not covered (see [`is_edm_primitive`]).
    pub fn canonical_type_name(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        if let Some(k) = self.exact_type_name(name) {
            return Some(k);
        }
        let expanded = self.expand_alias(name);
        if let Some(k) = self.exact_type_name(&expanded) {
            return Some(k);
        }
        self.index
            .lower_types
            .get(&expanded.to_lowercase())
            .map(String::as_str)
    }

    /// Qualified names of the types whose simple name is `name`
    /// (case-insensitive); docs often say `user` for `microsoft.graph.user`.
    pub fn types_with_simple_name(&self, name: &str) -> Vec<&str> {
        self.index
            .simple_types
            .get(&name.trim().to_lowercase())
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// What a type name denotes (`Edm.*` primitives included).
    pub fn type_kind(&self, name: &str) -> Option<TypeKind> {
        if is_edm_primitive(name.trim()) {
            return Some(TypeKind::Primitive);
        }
        let canon = self.canonical_type_name(name)?;
        if let Some(t) = self.structured.get(canon) {
            return Some(match t.kind {
                StructuredKind::Entity => TypeKind::Entity,
                StructuredKind::Complex => TypeKind::Complex,
            });
        }
        if self.enums.contains_key(canon) {
            return Some(TypeKind::Enum);
        }
        if self.type_definitions.contains_key(canon) {
            return Some(TypeKind::TypeDefinition);
        }
        None
    }

    /// Entity or complex type, case-insensitive / alias-tolerant.
    pub fn structured(&self, name: &str) -> Option<&EntityOrComplex> {
        if let Some(t) = self.structured.get(name) {
            return Some(t);
        }
        self.canonical_type_name(name)
            .and_then(|n| self.structured.get(n))
    }

    pub fn entity_type(&self, name: &str) -> Option<&EntityOrComplex> {
        self.structured(name).filter(|t| t.is_entity())
    }

    pub fn complex_type(&self, name: &str) -> Option<&EntityOrComplex> {
        self.structured(name).filter(|t| !t.is_entity())
    }

    pub fn enum_type(&self, name: &str) -> Option<&EnumType> {
        self.canonical_type_name(name)
            .and_then(|n| self.enums.get(n))
    }

    pub fn type_definition(&self, name: &str) -> Option<&TypeDefinition> {
        self.canonical_type_name(name)
            .and_then(|n| self.type_definitions.get(n))
    }

    /// Every overload of an action or function, by qualified name (aliases
    /// allowed) or by simple name; case-insensitive.
    pub fn operations_named(&self, name: &str) -> Vec<&Operation> {
        let name = name.trim();
        let (map, key) = if name.contains('.') {
            (
                &self.index.ops_qualified,
                self.expand_alias(name).to_lowercase(),
            )
        } else {
            (&self.index.ops_simple, name.to_lowercase())
        };
        map.get(&key)
            .map(|ix| ix.iter().filter_map(|&i| self.operations.get(i)).collect())
            .unwrap_or_default()
    }

    /// Entity set of any container; exact name first, then case-insensitive.
    pub fn entity_set(&self, name: &str) -> Option<&EntitySet> {
        self.entity_sets()
            .find(|s| s.name == name)
            .or_else(|| self.entity_sets().find(|s| eq_ignore_case(&s.name, name)))
    }

    /// Singleton of any container; exact name first, then case-insensitive.
    pub fn singleton(&self, name: &str) -> Option<&Singleton> {
        self.singletons()
            .find(|s| s.name == name)
            .or_else(|| self.singletons().find(|s| eq_ignore_case(&s.name, name)))
    }

    /// Action or function import of any container, case-insensitive.
    pub fn operation_import(&self, name: &str) -> Option<&OperationImport> {
        let all = || {
            self.containers
                .iter()
                .flat_map(|c| c.action_imports.iter().chain(c.function_imports.iter()))
        };
        all()
            .find(|i| i.name == name)
            .or_else(|| all().find(|i| eq_ignore_case(&i.name, name)))
    }

    // ----- inheritance helpers -----------------------------------------------

    /// The type, then its base type, then that one's base, ... Cycles and
    /// missing bases end the chain. Empty if `name` is not an entity or
    /// complex type.
    pub fn base_chain(&self, name: &str) -> Vec<&EntityOrComplex> {
        super::base_chain(
            self.structured(name),
            |t| t.qualified_name.as_str(),
            |t| t.base_type.as_deref().and_then(|b| self.structured(b)),
        )
    }

    /// Structural properties including inherited ones, base-most first.
    pub fn all_properties(&self, name: &str) -> Vec<&Property> {
        self.base_chain(name)
            .into_iter()
            .rev()
            .flat_map(|t| t.properties.iter())
            .collect()
    }

    /// Navigation properties including inherited ones, base-most first.
    pub fn all_navigation_properties(&self, name: &str) -> Vec<&NavigationProperty> {
        self.base_chain(name)
            .into_iter()
            .rev()
            .flat_map(|t| t.navigation_properties.iter())
            .collect()
    }

    /// Types deriving from `name`, directly or transitively (breadth first,
    /// declaration order within a level). Excludes the type itself.
    pub fn derived_types(&self, name: &str) -> Vec<&EntityOrComplex> {
        let Some(root) = self.structured(name) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        seen.insert(root.qualified_name.as_str());
        let mut queue: VecDeque<&str> = VecDeque::new();
        queue.push_back(root.qualified_name.as_str());
        while let Some(cur) = queue.pop_front() {
            for d in self.index.derived.get(cur).into_iter().flatten() {
                if let Some((k, t)) = self.structured.get_key_value(d.as_str())
                    && seen.insert(k.as_str())
                {
                    out.push(t);
                    queue.push_back(k.as_str());
                }
            }
        }
        out
    }

    /// Types deriving directly from `name`.
    pub fn direct_derived_types(&self, name: &str) -> Vec<&EntityOrComplex> {
        let Some(root) = self.structured(name) else {
            return Vec::new();
        };
        self.index
            .derived
            .get(&root.qualified_name)
            .into_iter()
            .flatten()
            .filter_map(|d| self.structured.get(d.as_str()))
            .collect()
    }

    /// Whether `derived` is `base` or derives from it (case-insensitive names).
    pub fn is_same_or_derived(&self, derived: &str, base: &str) -> bool {
        let Some(base) = self.structured(base) else {
            return false;
        };
        self.base_chain(derived)
            .iter()
            .any(|t| t.qualified_name == base.qualified_name)
    }

    /// The type's own `Abstract` flag (false for unknown names).
    pub fn is_abstract(&self, name: &str) -> bool {
        self.structured(name).is_some_and(|t| t.is_abstract)
    }

    /// `OpenType` on the type or any base (false for unknown names).
    pub fn is_open(&self, name: &str) -> bool {
        self.base_chain(name).iter().any(|t| t.open_type)
    }

    /// `HasStream` on the type or any base (a media entity).
    pub fn has_stream(&self, name: &str) -> bool {
        self.base_chain(name).iter().any(|t| t.has_stream)
    }

    /// Key property names: the nearest `Key` along the base chain.
    pub fn key_of(&self, name: &str) -> Vec<&str> {
        self.base_chain(name)
            .into_iter()
            .find(|t| !t.key.is_empty())
            .map(|t| t.key.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    // ----- validation ------------------------------------------------------

    fn is_defined(&self, name: &str) -> bool {
        is_edm_primitive(name) || self.exact_type_name(name).is_some()
    }

    /// Type references (and imported operations) that name nothing defined
    /// in the document. `Edm.*` primitives are fine. Sorted by line.
    pub fn dangling_refs(&self) -> Vec<DanglingRef> {
        let mut out = Vec::new();
        let mut imports = Vec::new();
        let mut check = |name: &str, context: RefContext, owner: String, line: usize| {
            if !self.is_defined(name) {
                let suggestion = self
                    .index
                    .lower_types
                    .get(&name.to_lowercase())
                    .cloned()
                    .or_else(|| {
                        EDM_PRIMITIVES
                            .iter()
                            .find(|p| eq_ignore_case(p, name))
                            .map(|p| p.to_string())
                    });
                out.push(DanglingRef {
                    referenced: name.to_string(),
                    context,
                    owner,
                    line,
                    suggestion,
                });
            }
        };
        for t in self.structured.values() {
            if let Some(b) = &t.base_type {
                check(b, RefContext::BaseType, t.qualified_name.clone(), t.line);
            }
            for p in &t.properties {
                check(
                    &p.type_ref.name,
                    RefContext::PropertyType,
                    format!("{}/{}", t.qualified_name, p.name),
                    p.line,
                );
            }
            for p in &t.navigation_properties {
                check(
                    &p.type_ref.name,
                    RefContext::NavigationPropertyType,
                    format!("{}/{}", t.qualified_name, p.name),
                    p.line,
                );
            }
        }
        for e in self.enums.values() {
            check(
                &e.underlying_type,
                RefContext::UnderlyingType,
                e.qualified_name.clone(),
                e.line,
            );
        }
        for t in self.type_definitions.values() {
            check(
                &t.underlying_type,
                RefContext::UnderlyingType,
                t.qualified_name.clone(),
                t.line,
            );
        }
        for op in &self.operations {
            for p in &op.parameters {
                check(
                    &p.type_ref.name,
                    RefContext::ParameterType,
                    format!("{}({})", op.qualified_name, p.name),
                    p.line,
                );
            }
            if let Some(r) = &op.return_type {
                check(
                    &r.type_ref.name,
                    RefContext::ReturnType,
                    op.qualified_name.clone(),
                    r.line,
                );
            }
        }
        let op_names: HashSet<&str> = self
            .operations
            .iter()
            .map(|o| o.qualified_name.as_str())
            .collect();
        for c in &self.containers {
            for s in &c.entity_sets {
                check(
                    &s.entity_type,
                    RefContext::EntitySetType,
                    format!("{}/{}", c.qualified_name, s.name),
                    s.line,
                );
            }
            for s in &c.singletons {
                check(
                    &s.type_name,
                    RefContext::SingletonType,
                    format!("{}/{}", c.qualified_name, s.name),
                    s.line,
                );
            }
            for i in c.action_imports.iter().chain(c.function_imports.iter()) {
                if !op_names.contains(i.operation.as_str()) {
                    imports.push(DanglingRef {
                        referenced: i.operation.clone(),
                        context: RefContext::ImportedOperation,
                        owner: format!("{}/{}", c.qualified_name, i.name),
                        line: i.line,
                        suggestion: None,
                    });
                }
            }
        }
        out.append(&mut imports);
        out.sort_by(|a, b| a.line.cmp(&b.line).then_with(|| a.owner.cmp(&b.owner)));
        out
    }
}

// ---------------------------------------------------------------------------
// XML walking shared by the CSDL and permissions parsers
// ---------------------------------------------------------------------------

/// Incremental byte offset -> (line, column) conversion. Offsets asked for
/// are mostly increasing, so the whole document is scanned once.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text,
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn advance(&mut self, pos: usize) {
        let pos = pos.min(self.text.len());
        if pos < self.pos {
            // Going backwards (rare: error positions): start over.
            self.pos = 0;
            self.line = 1;
            self.line_start = 0;
        }
        let bytes = self.text.as_bytes();
        if let Some(chunk) = bytes.get(self.pos..pos) {
            for (i, &b) in chunk.iter().enumerate() {
                if b == b'\n' {
                    self.line += 1;
                    self.line_start = self.pos + i + 1;
                }
            }
        }
        self.pos = pos;
    }

    fn line(&mut self, pos: usize) -> usize {
        self.advance(pos);
        self.line
    }

    fn position(&mut self, pos: usize) -> (usize, usize) {
        self.advance(pos);
        let column = match self.text.get(self.line_start..self.pos) {
            Some(s) => s.chars().count() + 1,
            None => self.pos.saturating_sub(self.line_start) + 1,
        };
        (self.line, column)
    }
}

pub(super) enum Node<'a> {
    Open {
        e: BytesStart<'a>,
        pos: usize,
        empty: bool,
    },
    Close,
    Eof,
}

pub(super) struct Walker<'a> {
    xml: &'a str,
    reader: Reader<&'a [u8]>,
    lines: Lines<'a>,
    /// Byte offsets of the start tags of the open elements.
    open: Vec<usize>,
    seen_root: bool,
}

/// Name of the tag whose `<` is at `pos`.
fn tag_name_at(xml: &str, pos: usize) -> &str {
    let rest = xml.get(pos..).unwrap_or("");
    let rest = rest.strip_prefix('<').unwrap_or(rest);
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    rest.get(..end).unwrap_or("")
}

impl<'a> Walker<'a> {
    pub(super) fn new(xml: &'a str) -> Self {
        let reader = Reader::from_str(xml);
        Walker {
            xml,
            reader,
            lines: Lines::new(xml),
            open: Vec::with_capacity(16),
            seen_root: false,
        }
    }

    pub(super) fn line(&mut self, pos: usize) -> usize {
        self.lines.line(pos)
    }

    pub(super) fn position(&mut self, pos: usize) -> (usize, usize) {
        self.lines.position(pos)
    }

    fn malformed(&mut self, pos: usize, message: String) -> CsdlError {
        let (line, column) = self.position(pos);
        if self.seen_root {
            CsdlError::Malformed {
                line,
                column,
                message,
            }
        } else {
            CsdlError::NotXml {
                line,
                column,
                message,
            }
        }
    }

    fn unclosed(&mut self, open_pos: usize, found: Option<(String, usize)>) -> CsdlError {
        let name = tag_name_at(self.xml, open_pos).to_string();
        let detail = match found {
            Some((found, at)) => {
                let (l, c) = self.position(at);
                format!(" (found </{found}> at line {l}, column {c})")
            }
            None => " before the end of the input".to_string(),
        };
        let (line, column) = self.position(open_pos);
        CsdlError::Unclosed {
            name,
            line,
            column,
            detail,
        }
    }

    fn xml_error(&mut self, err: quick_xml::Error) -> CsdlError {
        use quick_xml::errors::IllFormedError;
        let at = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
        match err {
            quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag { found, .. }) => {
                match self.open.last().copied() {
                    Some(open_pos) => self.unclosed(open_pos, Some((found, at))),
                    None => self.malformed(at, format!("unexpected </{found}>")),
                }
            }
            quick_xml::Error::IllFormed(IllFormedError::MissingEndTag(_)) => {
                match self.open.last().copied() {
                    Some(open_pos) => self.unclosed(open_pos, None),
                    None => self.malformed(at, "missing end tag".to_string()),
                }
            }
            other => self.malformed(at, other.to_string()),
        }
    }

    fn check_root(&mut self, pos: usize) -> Result<(), CsdlError> {
        if self.open.is_empty() {
            if self.seen_root {
                let (line, column) = self.position(pos);
                return Err(CsdlError::Malformed {
                    line,
                    column,
                    message: "a second root element".to_string(),
                });
            }
            self.seen_root = true;
        }
        Ok(())
    }

    fn stray_content(&mut self, pos: usize) -> CsdlError {
        if self.seen_root {
            let (line, column) = self.position(pos);
            CsdlError::Malformed {
                line,
                column,
                message: "content after the root element".to_string(),
            }
        } else {
            let (line, column) = self.position(pos);
            CsdlError::NotXml {
                line,
                column,
                message: "content before any element".to_string(),
            }
        }
    }

    pub(super) fn next(&mut self) -> Result<Node<'a>, CsdlError> {
        loop {
            let pos = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match self.reader.read_event() {
                Ok(ev) => ev,
                Err(err) => return Err(self.xml_error(err)),
            };
            match event {
                Event::Start(e) => {
                    self.check_root(pos)?;
                    self.open.push(pos);
                    return Ok(Node::Open {
                        e,
                        pos,
                        empty: false,
                    });
                }
                Event::Empty(e) => {
                    self.check_root(pos)?;
                    return Ok(Node::Open {
                        e,
                        pos,
                        empty: true,
                    });
                }
                Event::End(_) => {
                    self.open.pop();
                    return Ok(Node::Close);
                }
                Event::Text(t) => {
                    if self.open.is_empty() {
                        let content = t.into_inner();
                        if let Some(off) = content.find(|c: char| !c.is_whitespace()) {
                            return Err(self.stray_content(pos + off));
                        }
                    }
                }
                Event::CData(_) | Event::GeneralRef(_) => {
                    if self.open.is_empty() {
                        return Err(self.stray_content(pos));
                    }
                }
                Event::Eof => {
                    if let Some(open_pos) = self.open.last().copied() {
                        return Err(self.unclosed(open_pos, None));
                    }
                    if !self.seen_root {
                        let (line, column) = self.position(pos);
                        return Err(CsdlError::NotXml {
                            line,
                            column,
                            message: "no root element".to_string(),
                        });
                    }
                    return Ok(Node::Eof);
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            }
        }
    }

    /// Skips the subtree of a just-opened (non-empty) element.
    fn skip(&mut self, e: &BytesStart<'_>, pos: usize) -> Result<(), CsdlError> {
        match self.reader.read_to_end(e.name()) {
            Ok(_) => {
                self.open.pop();
                Ok(())
            }
            Err(quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::MissingEndTag(
                _,
            ))) => Err(self.unclosed(pos, None)),
            Err(err) => Err(self.xml_error(err)),
        }
    }
}

/// A problem found while modelling one element.
#[derive(Debug)]
pub(super) enum BuildError {
    /// Broken attribute syntax: malformed XML.
    Malformed(String),
    /// Well-formed but not valid CSDL.
    Invalid(String),
}

/// Attributes of an element as (local name, normalized value).
pub(super) fn attributes<'e>(
    e: &'e BytesStart<'_>,
) -> Result<Vec<(&'e str, Cow<'e, str>)>, BuildError> {
    let mut out = Vec::with_capacity(6);
    for attr in e.attributes() {
        let attr = attr.map_err(|err| BuildError::Malformed(format!("bad attribute: {err}")))?;
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| BuildError::Malformed(format!("bad attribute value: {err}")))?;
        out.push((attr.key.local_name().into_inner(), value));
    }
    Ok(out)
}

pub(super) fn get<'v>(attrs: &'v [(&str, Cow<'_, str>)], name: &str) -> Option<&'v str> {
    attrs
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.as_ref())
}

pub(super) fn required<'v>(
    attrs: &'v [(&str, Cow<'_, str>)],
    name: &str,
    element: &str,
) -> Result<&'v str, BuildError> {
    match get(attrs, name) {
        Some(v) if !v.trim().is_empty() => Ok(v.trim()),
        _ => Err(BuildError::Invalid(format!(
            "<{element}> without a {name} attribute"
        ))),
    }
}

pub(super) fn boolean(
    attrs: &[(&str, Cow<'_, str>)],
    name: &str,
    default: bool,
) -> Result<bool, BuildError> {
    match get(attrs, name).map(str::trim) {
        None => Ok(default),
        Some(v) if v.eq_ignore_ascii_case("true") || v == "1" => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") || v == "0" => Ok(false),
        Some(v) => Err(BuildError::Invalid(format!(
            "{name}=\"{v}\" is not a boolean"
        ))),
    }
}

// ---------------------------------------------------------------------------
// CSDL builder
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    // Hostile-input and real-file tests read both documents.
    use crate::schema::permissions::{PermissionScopes, Scheme, is_scope_name};

    const SMALL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="color" UnderlyingType="Edm.Int64">
        <Member Name="red" Value="1" />
        <Member Name="green" />
        <Member Name="blue" Value="10" />
      </EnumType>
      <EnumType Name="flags" IsFlags="true">
        <Member Name="none" Value="0" />
        <Member Name="a" Value="1" />
        <Member Name="b" Value="2" />
      </EnumType>
      <TypeDefinition Name="weight" UnderlyingType="Edm.Decimal" />
      <EntityType Name="entity" Abstract="true">
        <Key>
          <PropertyRef Name="id" />
        </Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="directoryObject" BaseType="graph.entity" OpenType="true">
        <Property Name="deletedDateTime" Type="Edm.DateTimeOffset" />
      </EntityType>
      <EntityType Name="user" BaseType="graph.directoryObject">
        <Property Name="displayName" Type="Edm.String">
          <Annotation Term="Org.OData.Core.V1.Description" String="name &amp; more" />
        </Property>
        <Property Name="businessPhones" Type="Collection(Edm.String)" Nullable="false" />
        <Property Name="address" Type="graph.physicalAddress" />
        <NavigationProperty Name="manager" Type="graph.directoryObject" />
        <NavigationProperty Name="memberOf" Type="Collection(graph.directoryObject)" />
        <NavigationProperty Name="messages" Type="Collection(graph.message)" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="group" BaseType="graph.directoryObject">
        <Property Name="mail" Type="Edm.String" />
      </EntityType>
      <EntityType Name="message" BaseType="graph.entity" HasStream="true">
        <Property Name="subject" Type="Edm.String" />
      </EntityType>
      <ComplexType Name="physicalAddress">
        <Property Name="city" Type="Edm.String" />
      </ComplexType>
      <Action Name="forward" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.message" />
        <Parameter Name="Comment" Type="Edm.String" Unicode="false" />
      </Action>
      <Function Name="delta" IsBound="true" IsComposable="true">
        <Parameter Name="bindingParameter" Type="Collection(graph.user)" />
        <ReturnType Type="Collection(graph.user)" />
      </Function>
      <EntityContainer Name="GraphService">
        <EntitySet Name="users" EntityType="microsoft.graph.user">
          <NavigationPropertyBinding Path="memberOf" Target="directoryObjects" />
        </EntitySet>
        <EntitySet Name="directoryObjects" EntityType="graph.directoryObject" />
        <Singleton Name="me" Type="microsoft.graph.user" />
        <FunctionImport Name="topUsers" Function="graph.delta" />
      </EntityContainer>
      <Annotations Target="microsoft.graph.user">
        <Annotation Term="Org.OData.Core.V1.Description">
          <String>A user &lt;b&gt;</String>
        </Annotation>
      </Annotations>
    </Schema>
    <Schema Namespace="microsoft.graph.callRecords" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="callRecord" BaseType="graph.entity">
        <NavigationProperty Name="organizer" Type="graph.user" />
      </EntityType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"#;

    fn small() -> Csdl {
        Csdl::parse(SMALL).expect("small CSDL parses")
    }

    #[test]
    fn type_ref_parse_and_display() {
        let t = TypeRef::parse(" Collection(graph.user) ");
        assert!(t.collection);
        assert_eq!(t.name, "graph.user");
        assert_eq!(t.to_string(), "Collection(graph.user)");
        let t = TypeRef::parse("Edm.String");
        assert!(!t.collection);
        assert!(t.is_edm());
        assert_eq!(t.to_string(), "Edm.String");
        // Unbalanced: kept whole, later reported as dangling.
        assert_eq!(TypeRef::parse("Collection(x").name, "Collection(x");
    }

    #[test]
    fn schemas_and_aliases() {
        let c = small();
        assert_eq!(c.schemas().len(), 2);
        assert_eq!(c.schemas()[0].namespace, "microsoft.graph");
        assert_eq!(c.schemas()[0].alias.as_deref(), Some("graph"));
        assert_eq!(c.schemas()[0].line, 4);
        assert_eq!(c.schemas()[1].alias, None);
        assert_eq!(
            c.aliases().get("graph").map(String::as_str),
            Some("microsoft.graph")
        );
    }

    #[test]
    fn entity_and_complex_types() {
        let c = small();
        let user = c.structured("microsoft.graph.user").expect("user");
        assert_eq!(user.kind, StructuredKind::Entity);
        assert_eq!(user.name, "user");
        assert_eq!(user.namespace, "microsoft.graph");
        assert_eq!(
            user.base_type.as_deref(),
            Some("microsoft.graph.directoryObject")
        );
        assert_eq!(user.line, 25);
        assert_eq!(user.properties.len(), 3);
        let dn = &user.properties[0];
        assert_eq!(dn.name, "displayName");
        assert_eq!(dn.line, 26);
        assert!(dn.nullable);
        let phones = &user.properties[1];
        assert_eq!(
            phones.type_ref,
            TypeRef::collection_of("Edm.String".to_string())
        );
        assert!(!phones.nullable);
        assert_eq!(
            user.properties[2].type_ref.name,
            "microsoft.graph.physicalAddress"
        );
        let msgs = user.navigation_property("MESSAGES").expect("ci nav");
        assert!(msgs.contains_target);
        assert_eq!(
            msgs.type_ref.to_string(),
            "Collection(microsoft.graph.message)"
        );
        assert!(
            !user
                .navigation_property("manager")
                .expect("manager")
                .contains_target
        );

        let entity = c.entity_type("graph.entity").expect("alias lookup");
        assert!(entity.is_abstract);
        assert_eq!(entity.key, vec!["id".to_string()]);
        let addr = c
            .complex_type("Microsoft.Graph.PhysicalAddress")
            .expect("ci");
        assert_eq!(addr.kind, StructuredKind::Complex);
        assert!(c.entity_type("microsoft.graph.physicalAddress").is_none());
        assert!(c.structured("microsoft.graph.nothing").is_none());

        let cr = c
            .structured("microsoft.graph.callRecords.callRecord")
            .expect("second schema");
        assert_eq!(cr.base_type.as_deref(), Some("microsoft.graph.entity"));
        assert_eq!(
            cr.navigation_properties[0].type_ref.name,
            "microsoft.graph.user"
        );
        assert_eq!(
            c.types_with_simple_name("CallRecord"),
            vec!["microsoft.graph.callRecords.callRecord"]
        );
    }

    #[test]
    fn case_insensitive_and_canonical_names() {
        let c = small();
        assert_eq!(
            c.canonical_type_name("MICROSOFT.GRAPH.USER"),
            Some("microsoft.graph.user")
        );
        assert_eq!(
            c.canonical_type_name("Graph.DirectoryObject"),
            Some("microsoft.graph.directoryObject")
        );
        assert_eq!(c.canonical_type_name("Edm.String"), None);
        assert_eq!(c.type_kind("Edm.String"), Some(TypeKind::Primitive));
        assert_eq!(c.type_kind("graph.color"), Some(TypeKind::Enum));
        assert_eq!(c.type_kind("graph.weight"), Some(TypeKind::TypeDefinition));
        assert_eq!(
            c.type_kind("graph.physicalAddress"),
            Some(TypeKind::Complex)
        );
        assert_eq!(c.type_kind("graph.user"), Some(TypeKind::Entity));
        assert_eq!(c.type_kind("graph.nope"), None);
    }

    #[test]
    fn enums_and_type_definitions() {
        let c = small();
        let color = c.enum_type("microsoft.graph.color").expect("color");
        assert_eq!(color.underlying_type, "Edm.Int64");
        assert!(!color.is_flags);
        let values: Vec<(&str, i64)> = color
            .members
            .iter()
            .map(|m| (m.name.as_str(), m.value))
            .collect();
        assert_eq!(values, vec![("red", 1), ("green", 2), ("blue", 10)]);
        assert_eq!(color.member("GREEN").map(|m| m.line), Some(7));
        let flags = c.enum_type("graph.flags").expect("flags");
        assert!(flags.is_flags);
        assert_eq!(flags.underlying_type, "Edm.Int32");
        let w = c.type_definition("graph.weight").expect("weight");
        assert_eq!(w.underlying_type, "Edm.Decimal");
    }

    #[test]
    fn operations_and_container() {
        let c = small();
        let fwd = c.operations_named("microsoft.graph.forward");
        assert_eq!(fwd.len(), 1);
        let fwd = fwd[0];
        assert_eq!(fwd.kind, OperationKind::Action);
        assert!(fwd.is_bound);
        assert_eq!(
            fwd.binding_type().map(|t| t.name.as_str()),
            Some("microsoft.graph.message")
        );
        assert_eq!(fwd.non_binding_parameters().len(), 1);
        assert!(fwd.return_type.is_none());
        assert_eq!(c.operations_named("Forward").len(), 1);
        assert_eq!(c.operations_named("graph.FORWARD").len(), 1);
        let delta = c.operations_named("delta")[0];
        assert_eq!(delta.kind, OperationKind::Function);
        assert!(delta.is_composable);
        assert_eq!(
            delta.return_type.as_ref().map(|r| r.type_ref.to_string()),
            Some("Collection(microsoft.graph.user)".to_string())
        );

        assert_eq!(c.containers().len(), 1);
        assert_eq!(
            c.containers()[0].qualified_name,
            "microsoft.graph.GraphService"
        );
        let users = c.entity_set("USERS").expect("users");
        assert_eq!(users.entity_type, "microsoft.graph.user");
        assert_eq!(
            c.entity_set("directoryObjects")
                .map(|s| s.entity_type.as_str()),
            Some("microsoft.graph.directoryObject")
        );
        assert_eq!(
            c.singleton("Me").map(|s| s.type_name.as_str()),
            Some("microsoft.graph.user")
        );
        let imp = c.operation_import("topusers").expect("import");
        assert_eq!(imp.operation, "microsoft.graph.delta");
        assert_eq!(imp.kind, OperationKind::Function);

        let s = c.stats();
        assert_eq!(s.entity_types, 6);
        assert_eq!(s.complex_types, 1);
        assert_eq!(s.enum_types, 2);
        assert_eq!(s.type_definitions, 1);
        assert_eq!((s.actions, s.functions, s.bound_operations), (1, 1, 2));
        assert_eq!((s.entity_sets, s.singletons, s.function_imports), (2, 1, 1));
        assert_eq!(s.to_json()["entity_types"], 6);
    }

    #[test]
    fn model_problems_find_base_type_cycles_and_self_derivation() {
        let xml = "<Schema Namespace=\"microsoft.graph\" Alias=\"graph\">\n\
            <EntityType Name=\"entity\" BaseType=\"graph.entity\"/>\n\
            <EntityType Name=\"a\" BaseType=\"graph.b\"/>\n\
            <EntityType Name=\"b\" BaseType=\"graph.a\"/>\n\
            <EntityType Name=\"c\" BaseType=\"graph.a\"/>\n\
            </Schema>";
        let c = Csdl::parse(xml).expect("parses");
        let p = c.model_problems();
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].line, 2);
        assert!(p[0].message.contains("BaseType cycle"), "{p:?}");
        assert!(
            p[0].message
                .contains("microsoft.graph.entity → microsoft.graph.entity")
        );
        assert_eq!(p[1].line, 3);
        assert!(p[1].message.contains("microsoft.graph.a"), "{p:?}");
    }

    #[test]
    fn model_problems_find_names_that_are_not_identifiers() {
        for (ns, name) in [
            ("/abs/path/victim", "t"),
            ("../x", "t"),
            ("ok", "a\u{0}b"),
            ("ok", "a/b"),
            ("ok", ""),
            ("ok", &"n".repeat(129)),
            ("a..b", "t"),
        ] {
            let xml =
                format!("<Schema Namespace=\"{ns}\">\n<ComplexType Name=\"{name}\"/>\n</Schema>");
            let Ok(c) = Csdl::parse(&xml) else {
                continue;
            };
            let p = c.model_problems();
            assert!(
                p.iter()
                    .any(|p| p.message.contains("not an OData identifier")),
                "{ns} {name:?}: {p:?}"
            );
        }
        let ok = Csdl::parse("<Schema Namespace=\"microsoft.graph.x_1\"><ComplexType Name=\"_\u{e9}t\u{e9}2\"/></Schema>")
            .expect("parses");
        assert!(ok.model_problems().is_empty(), "{:?}", ok.model_problems());
        assert!(is_qualified_name("microsoft.graph.user"));
        assert!(!is_qualified_name("user"));
        assert!(!is_qualified_name("/abs/path/package"));
        assert!(!is_simple_identifier("1a"));
    }

    #[test]
    fn inheritance_helpers() {
        let c = small();
        let chain: Vec<&str> = c
            .base_chain("graph.user")
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(chain, vec!["user", "directoryObject", "entity"]);
        let props: Vec<&str> = c
            .all_properties("microsoft.graph.user")
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(
            props,
            vec![
                "id",
                "deletedDateTime",
                "displayName",
                "businessPhones",
                "address"
            ]
        );
        assert_eq!(c.all_navigation_properties("graph.user").len(), 3);
        let derived: Vec<&str> = c
            .derived_types("microsoft.graph.entity")
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(
            derived,
            vec!["directoryObject", "message", "callRecord", "user", "group"]
        );
        assert_eq!(c.direct_derived_types("graph.directoryObject").len(), 2);
        assert!(c.derived_types("graph.user").is_empty());
        assert!(c.derived_types("graph.unknown").is_empty());
        assert!(c.is_abstract("graph.entity"));
        assert!(!c.is_abstract("graph.user"));
        assert!(!c.is_abstract("graph.unknown"));
        assert!(c.is_open("graph.user"), "inherited from directoryObject");
        assert!(!c.is_open("graph.entity"));
        assert!(c.has_stream("graph.message"));
        assert_eq!(c.key_of("graph.user"), vec!["id"]);
        assert!(c.is_same_or_derived("graph.group", "graph.directoryObject"));
        assert!(!c.is_same_or_derived("graph.directoryObject", "graph.group"));
    }

    #[test]
    fn base_chain_survives_cycles() {
        let xml = r#"<Schema Namespace="n">
  <EntityType Name="a" BaseType="n.b"/>
  <EntityType Name="b" BaseType="n.a"/>
</Schema>"#;
        let c = Csdl::parse(xml).expect("bare schema parses");
        assert_eq!(c.base_chain("n.a").len(), 2);
        assert_eq!(c.derived_types("n.a").len(), 1);
        assert!(!c.is_open("n.a"));
        assert!(c.all_properties("n.b").is_empty());
    }

    #[test]
    fn dangling_refs_found_with_lines() {
        let c = small();
        assert!(c.dangling_refs().is_empty(), "{:?}", c.dangling_refs());

        let xml = r#"<Schema Namespace="n" Alias="a">
  <EntityType Name="t" BaseType="a.missingBase">
    <Property Name="p" Type="Collection(a.Missing)" />
    <Property Name="q" Type="Edm.string" />
    <Property Name="ok" Type="Edm.String" />
    <NavigationProperty Name="nav" Type="n.T" />
  </EntityType>
  <Action Name="act" IsBound="true">
    <Parameter Name="b" Type="n.t" />
    <Parameter Name="x" Type="n.ghost" />
    <ReturnType Type="n.alsoGhost" />
  </Action>
  <EntityContainer Name="c">
    <EntitySet Name="s" EntityType="n.nothing" />
    <Singleton Name="one" Type="n.t" />
    <ActionImport Name="ai" Action="n.noSuchAction" />
  </EntityContainer>
</Schema>"#;
        let c = Csdl::parse(xml).expect("parses");
        let d = c.dangling_refs();
        let summary: Vec<(usize, RefContext, &str)> = d
            .iter()
            .map(|r| (r.line, r.context, r.referenced.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (2, RefContext::BaseType, "n.missingBase"),
                (3, RefContext::PropertyType, "n.Missing"),
                (4, RefContext::PropertyType, "Edm.string"),
                (6, RefContext::NavigationPropertyType, "n.T"),
                (10, RefContext::ParameterType, "n.ghost"),
                (11, RefContext::ReturnType, "n.alsoGhost"),
                (14, RefContext::EntitySetType, "n.nothing"),
                (16, RefContext::ImportedOperation, "n.noSuchAction"),
            ]
        );
        assert_eq!(d[3].suggestion.as_deref(), Some("n.t"));
        assert_eq!(d[3].owner, "n.t/nav");
        assert_eq!(d[2].suggestion.as_deref(), Some("Edm.String"));
        assert!(d[0].to_string().contains("line 2"));
        assert_eq!(d[0].to_json()["context"], "BaseType");
    }

    #[test]
    fn duplicates_are_reported() {
        let xml = r#"<Schema Namespace="n">
  <EntityType Name="t"><Property Name="a" Type="Edm.String"/></EntityType>
  <ComplexType Name="t"/>
</Schema>"#;
        let c = Csdl::parse(xml).expect("parses");
        assert_eq!(
            c.duplicates(),
            &[Duplicate {
                qualified_name: "n.t".to_string(),
                line: 3,
                first_line: 2
            }]
        );
        assert_eq!(
            c.structured("n.t").map(|t| t.kind),
            Some(StructuredKind::Entity)
        );
    }

    #[test]
    fn include_alias_resolves() {
        let xml = r#"<edmx:Edmx xmlns:edmx="x">
  <edmx:Reference Uri="https://example.com/core.xml">
    <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core" />
  </edmx:Reference>
  <edmx:DataServices>
    <Schema Namespace="n">
      <ComplexType Name="c"><Property Name="p" Type="Core.Tag" /></ComplexType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;
        let c = Csdl::parse(xml).expect("parses");
        let p = &c.structured("n.c").expect("c").properties[0];
        assert_eq!(p.type_ref.name, "Org.OData.Core.V1.Tag");
    }

    #[test]
    fn alias_declared_after_use_resolves() {
        let xml = r#"<edmx:Edmx xmlns:edmx="x"><edmx:DataServices>
    <Schema Namespace="first">
      <ComplexType Name="c"><Property Name="p" Type="late.t" /></ComplexType>
    </Schema>
    <Schema Namespace="second.ns" Alias="late">
      <ComplexType Name="t" />
    </Schema>
</edmx:DataServices></edmx:Edmx>"#;
        let c = Csdl::parse(xml).expect("parses");
        let p = &c.structured("first.c").expect("c").properties[0];
        assert_eq!(p.type_ref.name, "second.ns.t");
        assert!(c.dangling_refs().is_empty());
    }

    #[test]
    fn error_not_xml() {
        for input in ["hello world", "", "   \n  ", "{\"json\": true}"] {
            let err = Csdl::parse(input).expect_err(input);
            assert!(
                matches!(err, CsdlError::NotXml { .. }),
                "{input:?}: {err:?}"
            );
        }
        let err = Csdl::parse("\n\n  plain text").expect_err("text");
        assert_eq!((err.line(), err.column()), (3, 3));
        assert!(err.to_string().contains("not XML"), "{err}");
    }

    #[test]
    fn error_unclosed_at_eof() {
        let xml = "<Schema Namespace=\"n\">\n  <EntityType Name=\"t\">\n    <Property Name=\"p\" Type=\"Edm.String\"/>\n";
        let err = Csdl::parse(xml).expect_err("unclosed");
        match &err {
            CsdlError::Unclosed {
                name, line, column, ..
            } => {
                assert_eq!(name, "EntityType");
                assert_eq!((*line, *column), (2, 3));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn error_mismatched_end_tag() {
        let xml = "<Schema Namespace=\"n\">\n  <EntityType Name=\"t\">\n</Schema>";
        let err = Csdl::parse(xml).expect_err("mismatch");
        assert!(matches!(err, CsdlError::Unclosed { .. }), "{err:?}");
        assert_eq!((err.line(), err.column()), (2, 3));
        assert!(
            err.to_string().contains("found </Schema> at line 3"),
            "{err}"
        );
    }

    #[test]
    fn error_unclosed_inside_skipped_annotation() {
        let xml =
            "<Schema Namespace=\"n\">\n <Annotations Target=\"x\">\n  <Annotation Term=\"t\">\n";
        let err = Csdl::parse(xml).expect_err("unclosed");
        assert!(matches!(err, CsdlError::Unclosed { .. }), "{err:?}");
        assert_eq!(err.line(), 2);
    }

    #[test]
    fn error_syntax_positions() {
        let err = Csdl::parse("<Schema Namespace=\"n\">\n  <EntityType Name=\"t>\n")
            .expect_err("unterminated attribute");
        assert!(matches!(err, CsdlError::Malformed { .. }), "{err:?}");
        assert_eq!((err.line(), err.column()), (2, 3));

        let err = Csdl::parse("<Schema Namespace=\"n\"></Schema>\n<Schema Namespace=\"m\"/>")
            .expect_err("two roots");
        assert_eq!(err.line(), 2);

        let err = Csdl::parse("<Schema Namespace=\"n\"/>\ntrailing").expect_err("trailing");
        assert!(matches!(err, CsdlError::Malformed { .. }), "{err:?}");
        assert_eq!((err.line(), err.column()), (2, 1));

        let err =
            Csdl::parse("<Schema Namespace=\"n\"><EntityType Name=\"a\" Name=\"b\"/></Schema>")
                .expect_err("duplicate attribute");
        assert!(matches!(err, CsdlError::Malformed { .. }), "{err:?}");
    }

    #[test]
    fn error_not_csdl_and_invalid() {
        let err = Csdl::parse("<html><body/></html>").expect_err("html");
        assert!(matches!(err, CsdlError::NotCsdl { ref root, .. } if root == "html"));

        let err =
            Csdl::parse("<Schema Namespace=\"n\">\n<EntityType/>\n</Schema>").expect_err("no name");
        assert!(matches!(err, CsdlError::Invalid { .. }), "{err:?}");
        assert_eq!(err.line(), 2);

        let err = Csdl::parse(
            "<Schema Namespace=\"n\"><EnumType Name=\"e\"><Member Name=\"a\" Value=\"x\"/></EnumType></Schema>",
        )
        .expect_err("bad value");
        assert!(err.to_string().contains("non-integer"), "{err}");

        let err = Csdl::parse(
            "<Schema Namespace=\"n\"><EntityType Name=\"t\" Abstract=\"maybe\"/></Schema>",
        )
        .expect_err("bad bool");
        assert!(err.to_string().contains("not a boolean"), "{err}");

        let err = Csdl::parse("<Schema/>").expect_err("no namespace");
        assert!(err.to_string().contains("Namespace"), "{err}");
    }

    #[test]
    fn bom_and_columns_with_multibyte_text() {
        let xml = "\u{feff}<Schema Namespace=\"n\">\n<!-- é è --><EntityType/></Schema>";
        let err = Csdl::parse(xml).expect_err("no name");
        assert_eq!((err.line(), err.column()), (2, 13));
    }

    #[test]
    fn unknown_elements_are_ignored() {
        let xml = r#"<Schema Namespace="n">
  <Term Name="x" Type="Edm.String" />
  <EntityType Name="t">
    <Property Name="p" Type="Edm.String"><Annotation Term="a"><String>s</String></Annotation></Property>
    <Whatever />
  </EntityType>
</Schema>"#;
        let c = Csdl::parse(xml).expect("parses");
        assert_eq!(c.structured("n.t").map(|t| t.properties.len()), Some(1));
    }

    #[test]
    fn truncated_and_mangled_inputs_never_panic() {
        let mut cuts = 0;
        let complete = SMALL.trim_end().len();
        for (i, _) in SMALL.char_indices().take_while(|(i, _)| *i < complete) {
            let prefix = &SMALL[..i];
            // Every strict prefix lacks the closing root tag.
            assert!(Csdl::parse(prefix).is_err(), "prefix of {i} bytes parsed");
            cuts += 1;
        }
        assert!(cuts > 1000);
        for (from, to) in [
            ("</Key>", ""),
            ("Value=\"10\"", "Value=10"),
            ("<Property", "<Property Type=\"\""),
            ("graph.", "&bogus;"),
            ("\"", "'"),
            (">", ">&"),
        ] {
            let mangled = SMALL.replacen(from, to, 3);
            let _ = Csdl::parse(&mangled);
            let _ = PermissionScopes::parse(&mangled);
        }
    }

    #[test]
    fn scope_name_shape() {
        assert!(is_scope_name("User.Read"));
        assert!(is_scope_name("Sites.Selected"));
        assert!(is_scope_name("EduRoster.ReadWrite.All"));
        assert!(!is_scope_name("User"));
        assert!(is_scope_name("offline_access"));
        assert!(!is_scope_name("Chat.ReadWrite."));
        assert!(!is_scope_name("ProgramControl.Read.All`"));
        assert!(!is_scope_name("Directory AccessAsUser.All"));
        assert!(!is_scope_name(""));
        assert_eq!(
            Scheme::from_label("Delegated (work or school account)"),
            Scheme::DelegatedWork
        );
        assert_eq!(
            Scheme::from_label("DelegatedPersonal"),
            Scheme::DelegatedPersonal
        );
        assert_eq!(Scheme::from_label("Application"), Scheme::Application);
        assert_eq!(Scheme::from_label("x").as_str(), "x");
    }
}
