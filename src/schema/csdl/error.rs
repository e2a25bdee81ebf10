//! [`CsdlError`]: why a CSDL or permissions document could not be read,
//! with the 1-based line and column of the problem.

use thiserror::Error;

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
