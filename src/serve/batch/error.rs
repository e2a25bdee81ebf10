//! Why a `$batch` body is refused: each a 400 with Graph's error body.

use serde_json::Value;

use super::request::MAX_REQUESTS;

/// A malformed batch: Graph answers the whole `$batch` with 400 and
/// `{"error":{"code":"BadRequest","message":…}}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    /// The body is not JSON.
    #[error("Invalid batch payload: the request body is not valid JSON ({reason}).")]
    NotJson {
        /// The JSON parser's complaint.
        reason: String,
    },
    /// The body is JSON but has no `requests` array.
    #[error("Invalid batch payload: the body must be a JSON object with a 'requests' array.")]
    NoRequests,
    /// `requests` is empty.
    #[error("Invalid batch payload: the 'requests' array is empty.")]
    Empty,
    /// More than [`MAX_REQUESTS`] requests.
    #[error(
        "Invalid batch payload: the batch holds {count} requests; the limit is {}.",
        MAX_REQUESTS
    )]
    TooMany {
        /// How many requests the batch holds.
        count: usize,
    },
    /// An entry of `requests` is not an object.
    #[error("Invalid batch payload: request at index {index} is not a JSON object.")]
    NotAnObject {
        /// Index in `requests`.
        index: usize,
    },
    /// A required property (`id`, `method`, `url`) is missing or `null`.
    #[error("Invalid batch payload: request {} has no '{field}' property.", describe(.id, *.index))]
    Missing {
        /// Index in `requests`.
        index: usize,
        /// The request's id, when it has one.
        id: Option<String>,
        /// `id`, `method` or `url`.
        field: &'static str,
    },
    /// A property has the wrong type or an unusable value.
    #[error("Invalid batch payload: request {}: '{field}' {reason}.", describe(.id, *.index))]
    Invalid {
        /// Index in `requests`.
        index: usize,
        /// The request's id, when it has one.
        id: Option<String>,
        /// The property.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Two requests share an id.
    #[error("Invalid batch payload: request id '{id}' is used more than once; ids must be unique.")]
    DuplicateId {
        /// The repeated id.
        id: String,
    },
    /// `dependsOn` names an id that is not in the batch.
    #[error(
        "Invalid batch payload: request '{id}' depends on request '{depends_on}', which is not in the batch."
    )]
    UnknownDependency {
        /// The depending request.
        id: String,
        /// The missing id.
        depends_on: String,
    },
    /// `dependsOn` forms a cycle.
    #[error("Invalid batch payload: requests depend on each other in a cycle: {}.", .cycle.join(" -> "))]
    Cycle {
        /// The ids around the cycle, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// An absolute `url` to a host other than Graph.
    #[error(
        "Invalid batch payload: request '{id}' has url '{url}', which is not relative to the version root nor a Microsoft Graph URL."
    )]
    ForeignHost {
        /// The request's id.
        id: String,
        /// The url as given.
        url: String,
    },
    /// A body without a `Content-Type` header.
    #[error(
        "Invalid batch payload: request '{id}' has a body but no Content-Type header; a body requires one."
    )]
    MissingContentType {
        /// The request's id.
        id: String,
    },
    /// A non-JSON, non-text body that is not base64.
    #[error(
        "Invalid batch payload: request '{id}' has a body of type '{content_type}' that is not a base64 string ({reason})."
    )]
    InvalidBody {
        /// The request's id.
        id: String,
        /// Its media type.
        content_type: String,
        /// What is wrong.
        reason: String,
    },
}

fn describe(id: &Option<String>, index: usize) -> String {
    match id {
        Some(id) => format!("'{id}' (index {index})"),
        None => format!("at index {index}"),
    }
}

impl BatchError {
    /// The HTTP status of the `$batch` response: always 400.
    pub fn status(&self) -> u16 {
        400
    }

    /// The Graph error body: `{"error":{"code":"BadRequest","message":…}}`.
    pub fn to_json(&self) -> Value {
        crate::serve::bad_request(self)
    }
}
