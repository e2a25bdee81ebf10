//! What is wrong with a model as a whole: [`ModelProblem`], [`Duplicate`]
//! declarations and [`DanglingRef`]s (type references to nothing).

use std::fmt;

use serde_json::{Value, json};

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
