//! Checks applied to an exchange after it happened. Kept apart from the
//! static checks of `crate::checks`, which look at pages without a network:
//! these look at what a target answered.
//!
//! One small struct per check, each with a lowercase constructor; a check
//! appends [`Finding`](crate::outcome::Finding)s of the example (made by
//! [`Exchange::finding`]) and never prints. Here, the lists of checks a
//! replay runs: [`default_checks`] and [`live_checks`].

mod body;
mod exchange;
mod http;
mod media_type;
mod schema;
mod shape;
mod snapshot;

pub use body::{BodyEquals, body_equals};
pub use exchange::{Exchange, ObservedJson, ReplayCheck};
pub use http::{ContentLength, ContentType, StatusCode, content_length, content_type, status_code};
pub use media_type::{MediaType, essence, media_type};
pub use schema::{BodySchema, body_schema};
pub use shape::{BodyShape, body_shape};
pub use snapshot::{Snapshot, file_safe, shape_snapshot, snapshot, under_ci};

/// The checks every replay runs, snapshot aside (it needs a root).
///
/// [`content_length`] is not among them: clients and servers compute their
/// own `Content-Length`, so the documented one never goes over the wire and
/// is a property of the page, which the static check `MC4204` reports. Over
/// the 2021 Graph corpus it would fail 594 of 5,109 examples for a header no
/// client uses; add it with `Replayer::with_check` for a strict run.
pub fn default_checks() -> Vec<Box<dyn ReplayCheck>> {
    vec![
        Box::new(status_code()),
        Box::new(content_type()),
        Box::new(body_equals()),
    ]
}

/// The checks of a live replay, snapshot aside: the status code (equal: a
/// 201 documented as 200 changes what a client does, and so does a 204
/// documented as 200), the media type (parameters aside, see
/// [`media_type`]) and the body's shape (see [`body_shape`]).
pub fn live_checks() -> Vec<Box<dyn ReplayCheck>> {
    vec![
        Box::new(status_code()),
        Box::new(media_type()),
        Box::new(body_shape()),
    ]
}
