//! Checks applied to an exchange after it happened. Kept apart from the
//! static checks of `crate::checks`, which look at pages without a network:
//! these look at what a target answered.
//!
//! One small struct per check, each with a lowercase constructor; a check
//! appends [`Mismatch`](crate::replay::Mismatch)es and never prints.

mod body;
mod exchange;
mod http;
mod media_type;
mod schema;
mod shape;
mod snapshot;

pub use body::{BodyEquals, body_equals};
pub use exchange::{Exchange, ReplayCheck, default_checks, live_checks};
pub use http::{ContentLength, ContentType, StatusCode, content_length, content_type, status_code};
pub use media_type::{MediaType, essence, media_type};
pub use schema::{BodySchema, body_schema};
pub use shape::{BodyShape, body_shape};
pub use snapshot::{Snapshot, file_safe, shape_snapshot, snapshot};
