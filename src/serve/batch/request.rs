//! A batch's requests and responses, and the media kinds and headers both
//! are read by.

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
pub(super) enum MediaKind {
    /// `application/json` or a `+json` type: a JSON value.
    Json,
    /// `text/*`: a string with the text.
    Text,
    /// Anything else: a base64 string.
    Binary,
}

impl MediaKind {
    pub(super) fn of(content_type: &str) -> MediaKind {
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

pub(super) fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
