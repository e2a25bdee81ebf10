//! Microsoft Graph JSON batching: `POST /{version}/$batch`.
//!
//! The rules come from the Graph concept page *Combine multiple requests in
//! one HTTP call using JSON batching* (`json-batching.md`, July 2021), which
//! defers the envelope details to the OData JSON Format 4.01 section *Batch
//! Requests and Responses*:
//!
//! * The body is one JSON object with a required `requests` array of up to 20
//!   requests. Each has a required `id`, `method` and `url`, and optional
//!   `headers` (an object), `body` and `dependsOn` (an array of ids).
//! * `id`s must be unique ("For this reason, the values for `id` must be
//!   unique"), and a `dependsOn` entry must name another request.
//! * `url` is "the resource URL the individual request would typically be sent
//!   to", relative to the version root (`/me`, or `me`). An absolute Graph URL
//!   (`https://graph.microsoft.com/v1.0/me`) is accepted with host and version
//!   stripped; an absolute URL to another host is a 400.
//! * "When a `body` is included with the request, the `headers` object must
//!   contain a value for `Content-Type`." The body is JSON for a JSON media
//!   type; for a `text/*` type it is a string holding the text; for any other
//!   type it is "a base64 URL-encoded value rather than a JSON object - for
//!   example, when the body is an image" (both base64 alphabets, padded or
//!   not, are accepted).
//! * "If the batch request itself is malformed, the status code is 400. If the
//!   batch request is parseable, the status code is 200." Every check here is
//!   such a 400 ([`BatchError`]); inner failures are inner statuses.
//! * "If an individual request fails, any request that depends on that request
//!   fails with status code 424 (Failed Dependency)." Here *fails* means a
//!   status of 400 or more (a 424 included, so failure propagates down a
//!   chain); a 3xx answer such as the documented 302 of `/content` is not a
//!   failure.
//! * "Responses to the batched requests might appear in a different order. The
//!   `id` property can be used to correlate individual requests and
//!   responses." This module answers in the order of the `requests` array
//!   (SDKs look responses up by `id`, and a stable order makes journals and
//!   snapshots diff cleanly), whatever the execution order was.

mod error;
mod parse;
mod run;
#[cfg(test)]
mod tests;

pub use error::BatchError;
pub use parse::{parse, parse_with_hosts};
pub use run::{run, run_with_hosts};

/// The most requests one batch may hold.
pub const MAX_REQUESTS: usize = 20;

/// The host of absolute inner URLs accepted by [`parse`] and [`run`].
pub const GRAPH_HOST: &str = "graph.microsoft.com";

/// One request of a batch, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InnerRequest {
    /// The request's `id`, as given.
    pub id: String,
    /// The HTTP method, upper-cased.
    pub method: String,
    /// The URL relative to the version root, starting with `/` (`/me`,
    /// `/users?$top=2`): `users/x`, `/users/x` and
    /// `https://graph.microsoft.com/v1.0/users/x` all give `/users/x`.
    pub url: String,
    /// Headers in the order given; numbers and booleans given as JSON values
    /// are turned into their text.
    pub headers: Vec<(String, String)>,
    /// The body bytes: a JSON body re-serialised, a `text/*` body's text, any
    /// other media type's body base64-decoded. `None` when absent or `null`.
    pub body: Option<Vec<u8>>,
    /// The ids this request depends on, duplicates dropped, in the order given.
    pub depends_on: Vec<String>,
}

impl InnerRequest {
    /// The value of header `name` (case-insensitive), the first if repeated.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
}

/// The answer to one inner request, from the caller's dispatcher.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InnerResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers (a `Content-Type` here wins over `content_type`).
    pub headers: Vec<(String, String)>,
    /// Response body bytes; empty for none.
    pub body: Vec<u8>,
    /// The media type of `body` (`application/json`, `image/jpeg`, …).
    pub content_type: Option<String>,
}

/// How a media type travels in a JSON batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaKind {
    /// `application/json` or a `+json` type: a JSON value.
    Json,
    /// `text/*`: a string with the text.
    Text,
    /// Anything else: a base64 string.
    Binary,
}

impl MediaKind {
    fn of(content_type: &str) -> MediaKind {
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if essence == "application/json" || essence.ends_with("+json") {
            MediaKind::Json
        } else if essence.starts_with("text/") {
            MediaKind::Text
        } else {
            MediaKind::Binary
        }
    }
}

fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
