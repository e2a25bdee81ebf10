//! Static checks: every example and page checked against HTTP semantics, the
//! service metadata and the permission scopes, before any network.
//!
//! One file per check, each a small struct implementing [`Check`] with a
//! lowercase constructor; [`run`] applies a list of them to every page in
//! parallel.

mod annotation_keys;
mod body;
mod context;
mod defaults;
mod http_semantics;
mod permissions;
mod run;
mod shape;
mod sink;
#[cfg(test)]
mod testing;
mod url;
mod url_length;

pub use annotation_keys::{AnnotationKeys, annotation_keys};
pub use body::{
    BodyProblem, BodySchema, Side, body_problems, body_range, body_schema, pointer_span,
    request_problems,
};
pub use context::{CheckContext, Metadata};
pub use defaults::default_checks;
pub use http_semantics::{
    BodyOn204, BodyOnBodylessMethod, ContentLength, MissingContentType, StatusForMethod,
    body_on_204, body_on_bodyless_method, content_length, missing_content_type, status_for_method,
};
pub use permissions::{
    PermissionsMissing, PermissionsTable, permissions_missing, permissions_table,
};
pub use run::{run, run_page};
pub use shape::response_shape;
pub use sink::{Check, Sink};
pub(crate) use url::graph_path;
pub use url::{
    UrlInTemplates, UrlResolves, UrlVersion, url_in_templates, url_resolves, url_version,
};
pub use url_length::{URL_LIMIT, UrlLength, url_length};
