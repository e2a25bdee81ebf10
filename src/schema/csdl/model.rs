//! The CSDL model's types: [`Csdl`] (the parsed document and its lookup
//! index), the declarations it holds (types, properties, operations,
//! containers) and [`TypeRef`], the `Type="..."` reference.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use super::names::eq_ignore_case;
use super::problems::Duplicate;

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

/// A parsed CSDL document.
#[derive(Debug, Clone, Default)]
pub struct Csdl {
    pub(super) schemas: Vec<Schema>,
    pub(super) structured: BTreeMap<String, EntityOrComplex>,
    pub(super) enums: BTreeMap<String, EnumType>,
    pub(super) type_definitions: BTreeMap<String, TypeDefinition>,
    pub(super) operations: Vec<Operation>,
    pub(super) containers: Vec<EntityContainer>,
    pub(super) duplicates: Vec<Duplicate>,
    /// alias -> namespace (from `Schema` and `edmx:Include`).
    pub(super) aliases: HashMap<String, String>,
    pub(super) index: Index,
}

/// The lookup tables the parser builds once, at the end (`build.rs`), for
/// the case-insensitive and simple-name lookups (`query.rs`).
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    /// lowercase qualified type name -> qualified type name.
    pub(super) lower_types: HashMap<String, String>,
    /// lowercase simple type name -> qualified type names.
    pub(super) simple_types: HashMap<String, Vec<String>>,
    /// lowercase qualified operation name -> indices into `operations`.
    pub(super) ops_qualified: HashMap<String, Vec<usize>>,
    /// lowercase simple operation name -> indices into `operations`.
    pub(super) ops_simple: HashMap<String, Vec<usize>>,
    /// qualified base type -> direct derived types (declaration order).
    pub(super) derived: HashMap<String, Vec<String>>,
    /// lowercase alias -> namespace.
    pub(super) lower_aliases: HashMap<String, String>,
}
