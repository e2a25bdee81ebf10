//! Live replay without the internet: every test starts its own "live"
//! service on 127.0.0.1 (wiremock, see `service.rs`) that drifts from the
//! pages on purpose, or a port where nothing answers, and checks what live
//! mode reports, word for word where the words are the contract (code,
//! line, JSON pointer, expected and actual).
//!
//! - `drift`: each way the service drifts, reported precisely;
//! - `story`: placeholders, page order, and no write without --allow-writes;
//! - `auth`: bearer tokens, client credentials, the token cache, a refusing
//!   token endpoint;
//! - `redaction`: no output of any kind holds the token or the secret;
//! - `transport`: unreachable, refused, TLS errors: per-example errors, no
//!   hang;
//! - `snapshots`: the shape snapshot, stable across calls;
//! - `cli`: `mdcontract replay --live`;
//! - `drift_docs`: `mdcontract drift --docs --live`, drift counted per
//!   resource type.

#[path = "../common/mod.rs"]
mod common;
mod service;

mod auth;
mod cli;
mod drift;
mod drift_docs;
mod redaction;
mod snapshots;
mod story;
mod transport;
