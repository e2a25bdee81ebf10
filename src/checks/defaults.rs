//! The list of built-in checks, in the order their findings are listed.

use super::annotation_keys::annotation_keys;
use super::body::body_schema;
use super::http_semantics::{
    body_on_204, body_on_bodyless_method, content_length, missing_content_type, status_for_method,
};
use super::permissions::{permissions_missing, permissions_table};
use super::sink::Check;
use super::url::{url_in_templates, url_resolves, url_version};
use super::url_length::url_length;

/// Every built-in check, in the order their findings are listed.
pub fn default_checks() -> Vec<Box<dyn Check>> {
    vec![
        Box::new(body_on_bodyless_method()),
        Box::new(body_on_204()),
        Box::new(missing_content_type()),
        Box::new(content_length()),
        Box::new(status_for_method()),
        Box::new(url_version()),
        Box::new(url_length()),
        Box::new(url_resolves()),
        Box::new(url_in_templates()),
        Box::new(permissions_table()),
        Box::new(permissions_missing()),
        Box::new(annotation_keys()),
        Box::new(body_schema()),
    ]
}
