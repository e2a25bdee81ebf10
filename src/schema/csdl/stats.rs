//! [`CsdlStats`]: counts of what a document declares.

use serde_json::{Value, json};

use super::model::{Csdl, OperationKind, StructuredKind};

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

impl Csdl {
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
}
