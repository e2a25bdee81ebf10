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
mod order;
mod parse;
mod request;
mod run;
#[cfg(test)]
mod tests;

pub use error::BatchError;
pub use parse::{parse, parse_with_hosts};
pub use request::{GRAPH_HOST, InnerRequest, InnerResponse, MAX_REQUESTS};
pub use run::{run, run_with_hosts};
