//! Live replay: the documented requests sent to a real service, and its
//! answers compared by shape with the documented ones.
//!
//! Split by concern, each part testable without a network: where requests go
//! ([`base_url`]), who they are ([`auth`], with [`secret`] keeping the
//! credentials out of every output), what fills their `{placeholders}`
//! ([`placeholders`]), when a request is tried again ([`retry`]), how bodies
//! compare and are pinned ([`shape`]), and the [`LiveTarget`] that puts them
//! together ([`target`]; [`env`](mod@env) builds one from environment variables).

pub mod auth;
pub mod base_url;
pub mod env;
pub mod placeholders;
pub mod retry;
pub mod secret;
pub mod shape;
pub mod target;

pub use auth::Credentials;
pub use base_url::BaseUrls;
pub use placeholders::{Captures, Placeholders};
pub use retry::RetryPolicy;
pub use secret::{Redactor, Secret};
pub use target::{DEFAULT_TIMEOUT, LiveTarget, LiveTargetBuilder, is_write};
