//! Lookups on a [`Csdl`]: plain accessors, and names resolved the way
//! documentation writes them (any case, aliases, simple names).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use super::model::{
    Csdl, EntityContainer, EntityOrComplex, EntitySet, EnumType, Operation, OperationImport,
    Schema, Singleton, StructuredKind, TypeDefinition, TypeKind, is_edm_primitive,
};
use super::names::eq_ignore_case;
use super::problems::Duplicate;

impl Csdl {
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

    pub(super) fn exact_type_name(&self, name: &str) -> Option<&str> {
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
}
