//! What the checks know besides the pages: metadata per API version.

use std::collections::HashMap;
use std::sync::Arc;

use crate::schema::SchemaRegistry;
use crate::schema::csdl::Csdl;
use crate::schema::permissions::PermissionScopes;

/// Metadata for one API version (or for all of them).
#[derive(Debug, Default, Clone)]
pub struct Metadata {
    pub csdl: Option<Arc<Csdl>>,
    pub scopes: Option<Arc<PermissionScopes>>,
    /// The type schemas bodies are checked against: from the CSDL when there
    /// is one, else from the docs' own resource pages.
    pub schemas: Option<Arc<SchemaRegistry>>,
}

/// Metadata by API version, with a fallback for files given without one.
#[derive(Debug, Default, Clone)]
pub struct CheckContext {
    by_version: HashMap<String, Metadata>,
    any: Metadata,
}

impl CheckContext {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds CSDL metadata for `version`, or for every version when `None`.
    pub fn with_csdl(mut self, version: Option<&str>, csdl: Arc<Csdl>) -> Self {
        self.slot(version).csdl = Some(csdl);
        self
    }

    /// Adds permission scopes for `version`, or for every version when `None`.
    pub fn with_scopes(mut self, version: Option<&str>, scopes: Arc<PermissionScopes>) -> Self {
        self.slot(version).scopes = Some(scopes);
        self
    }

    /// Adds the type schemas for `version`, or for every version when `None`.
    pub fn with_schemas(mut self, version: Option<&str>, schemas: Arc<SchemaRegistry>) -> Self {
        self.slot(version).schemas = Some(schemas);
        self
    }

    fn slot(&mut self, version: Option<&str>) -> &mut Metadata {
        match version {
            Some(v) => self.by_version.entry(v.to_string()).or_default(),
            None => &mut self.any,
        }
    }

    /// The CSDL for `version`: the version's own, else the one for all.
    pub fn csdl(&self, version: Option<&str>) -> Option<&Arc<Csdl>> {
        version
            .and_then(|v| self.by_version.get(v))
            .and_then(|m| m.csdl.as_ref())
            .or(self.any.csdl.as_ref())
    }

    /// The type schemas for `version`: the version's own, else the ones for all.
    pub fn schemas(&self, version: Option<&str>) -> Option<&Arc<SchemaRegistry>> {
        version
            .and_then(|v| self.by_version.get(v))
            .and_then(|m| m.schemas.as_ref())
            .or(self.any.schemas.as_ref())
    }

    /// The permission scopes for `version`: the version's own, else the one for all.
    pub fn scopes(&self, version: Option<&str>) -> Option<&Arc<PermissionScopes>> {
        version
            .and_then(|v| self.by_version.get(v))
            .and_then(|m| m.scopes.as_ref())
            .or(self.any.scopes.as_ref())
    }
}
