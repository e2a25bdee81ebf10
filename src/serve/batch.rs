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

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use serde_json::{Map, Value};

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
        super::bad_request(self)
    }
}

/// Parses and validates a `$batch` body, accepting absolute inner URLs on
/// [`GRAPH_HOST`] only.
pub fn parse(body: &[u8]) -> Result<Vec<InnerRequest>, BatchError> {
    parse_with_hosts(body, &[])
}

/// Like [`parse`], also accepting absolute inner URLs on `extra_hosts` (each
/// `host` or `host:port`, case-insensitive; for instance the stub's own
/// address, which a client configured with the stub as base URL may write).
///
/// Checks, each a [`BatchError`]: JSON object with a `requests` array, 1 to
/// 20 entries, each an object with string `id`, `method` and `url`, unique
/// ids, `headers` an object, `dependsOn` an array of known ids without a
/// cycle, a body only with a `Content-Type`, a binary body in base64, and no
/// absolute URL to another host. Validation stops at the first problem, in
/// the order of the requests.
pub fn parse_with_hosts(
    body: &[u8],
    extra_hosts: &[&str],
) -> Result<Vec<InnerRequest>, BatchError> {
    let doc: Value = serde_json::from_slice(body).map_err(|e| BatchError::NotJson {
        reason: e.to_string(),
    })?;
    let Some(Value::Array(entries)) = doc.as_object().and_then(|m| m.get("requests")) else {
        return Err(BatchError::NoRequests);
    };
    if entries.is_empty() {
        return Err(BatchError::Empty);
    }
    if entries.len() > MAX_REQUESTS {
        return Err(BatchError::TooMany {
            count: entries.len(),
        });
    }
    let mut requests: Vec<InnerRequest> = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let request = parse_one(index, entry, extra_hosts)?;
        if requests.iter().any(|r| r.id == request.id) {
            return Err(BatchError::DuplicateId { id: request.id });
        }
        requests.push(request);
    }
    for request in &requests {
        for dep in &request.depends_on {
            if !requests.iter().any(|r| &r.id == dep) {
                return Err(BatchError::UnknownDependency {
                    id: request.id.clone(),
                    depends_on: dep.clone(),
                });
            }
        }
    }
    execution_order(&requests)?;
    Ok(requests)
}

fn parse_one(
    index: usize,
    entry: &Value,
    extra_hosts: &[&str],
) -> Result<InnerRequest, BatchError> {
    let Value::Object(map) = entry else {
        return Err(BatchError::NotAnObject { index });
    };
    let invalid = |id: &Option<String>, field: &'static str, reason: &str| BatchError::Invalid {
        index,
        id: id.clone(),
        field,
        reason: reason.to_string(),
    };
    let missing = |id: &Option<String>, field: &'static str| BatchError::Missing {
        index,
        id: id.clone(),
        field,
    };

    let id = match map.get("id") {
        None | Some(Value::Null) => return Err(missing(&None, "id")),
        Some(Value::String(s)) if s.is_empty() => {
            return Err(invalid(&None, "id", "must not be empty"));
        }
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(invalid(&None, "id", "must be a string")),
    };
    let some_id = Some(id.clone());

    let method = match map.get("method") {
        None | Some(Value::Null) => return Err(missing(&some_id, "method")),
        Some(Value::String(s)) => {
            let m = s.trim();
            if m.is_empty() || !m.bytes().all(is_token_byte) {
                return Err(invalid(&some_id, "method", "is not an HTTP method"));
            }
            m.to_ascii_uppercase()
        }
        Some(_) => return Err(invalid(&some_id, "method", "must be a string")),
    };

    let url = match map.get("url") {
        None | Some(Value::Null) => return Err(missing(&some_id, "url")),
        Some(Value::String(s)) if s.trim().is_empty() => {
            return Err(invalid(&some_id, "url", "must not be empty"));
        }
        Some(Value::String(s)) => {
            normalise_url(s.trim(), extra_hosts).ok_or_else(|| BatchError::ForeignHost {
                id: id.clone(),
                url: s.clone(),
            })?
        }
        Some(_) => return Err(invalid(&some_id, "url", "must be a string")),
    };

    let headers = match map.get("headers") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(h)) => {
            let mut headers = Vec::with_capacity(h.len());
            for (name, value) in h {
                let text = match value {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => {
                        return Err(invalid(
                            &some_id,
                            "headers",
                            &format!("has a value for '{name}' that is not a string"),
                        ));
                    }
                };
                headers.push((name.clone(), text));
            }
            headers
        }
        Some(_) => return Err(invalid(&some_id, "headers", "must be a JSON object")),
    };

    let depends_on = match map.get("dependsOn") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(ids)) => {
            let mut deps: Vec<String> = Vec::with_capacity(ids.len());
            for dep in ids {
                let Value::String(dep) = dep else {
                    return Err(invalid(
                        &some_id,
                        "dependsOn",
                        "must be an array of request ids (strings)",
                    ));
                };
                if !deps.contains(dep) {
                    deps.push(dep.clone());
                }
            }
            deps
        }
        Some(_) => {
            return Err(invalid(
                &some_id,
                "dependsOn",
                "must be an array of request ids (strings)",
            ));
        }
    };

    let body = match map.get("body") {
        None | Some(Value::Null) => None,
        Some(value) => {
            let Some(content_type) = header_value(&headers, "content-type") else {
                return Err(BatchError::MissingContentType { id });
            };
            Some(request_body(&id, content_type, value)?)
        }
    };

    Ok(InnerRequest {
        id,
        method,
        url,
        headers,
        body,
        depends_on,
    })
}

/// An HTTP `tchar` (RFC 9110 token character).
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The bytes of a request body, per the OData JSON batch rules.
fn request_body(id: &str, content_type: &str, value: &Value) -> Result<Vec<u8>, BatchError> {
    let kind = MediaKind::of(content_type);
    match (kind, value) {
        (MediaKind::Text, Value::String(text)) => Ok(text.as_bytes().to_vec()),
        (MediaKind::Binary, Value::String(encoded)) => {
            decode_base64(encoded).ok_or_else(|| BatchError::InvalidBody {
                id: id.to_string(),
                content_type: content_type.to_string(),
                reason: "a body of a media type other than JSON or text/* must be base64"
                    .to_string(),
            })
        }
        // JSON media types, and a JSON structure sent for any other type:
        // the JSON text itself is the body.
        _ => serde_json::to_vec(value).map_err(|e| BatchError::InvalidBody {
            id: id.to_string(),
            content_type: content_type.to_string(),
            reason: e.to_string(),
        }),
    }
}

/// Base64 in either alphabet, padded or not, ASCII whitespace ignored.
fn decode_base64(encoded: &str) -> Option<Vec<u8>> {
    let compact: String = encoded
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    [STANDARD, URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(compact.as_bytes()).ok())
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

/// The inner URL relative to the version root, or `None` for an absolute URL
/// to a host that is neither Graph nor one of `extra_hosts`.
fn normalise_url(url: &str, extra_hosts: &[&str]) -> Option<String> {
    let rest = if let Some(after) = url.strip_prefix("//") {
        // A network-path reference: `//graph.microsoft.com/v1.0/me`.
        Some(after)
    } else {
        match url.find("://") {
            Some(pos)
                if !url[..pos].is_empty()
                    && !url[..pos].contains(['/', '?', '#'])
                    && url[..pos].bytes().all(|b| {
                        b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.'
                    }) =>
            {
                let scheme = &url[..pos];
                if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
                    return None;
                }
                Some(&url[pos + 3..])
            }
            _ => None,
        }
    };
    let path = match rest {
        None => url.to_string(),
        Some(rest) => {
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let authority = &rest[..end];
            if !is_known_host(authority, extra_hosts) {
                return None;
            }
            strip_version(&rest[end..]).to_string()
        }
    };
    Some(if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    })
}

/// Strips a leading `/v1.0` or `/beta` segment.
fn strip_version(path: &str) -> &str {
    for version in ["/v1.0", "/beta"] {
        if let Some(head) = path.get(..version.len())
            && head.eq_ignore_ascii_case(version)
        {
            let rest = &path[version.len()..];
            if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
                return rest;
            }
        }
    }
    path
}

fn is_known_host(authority: &str, extra_hosts: &[&str]) -> bool {
    // Drop userinfo.
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    if host.eq_ignore_ascii_case(GRAPH_HOST) {
        return true;
    }
    extra_hosts.iter().any(|known| {
        let known = known.trim();
        !known.is_empty()
            && (known.eq_ignore_ascii_case(authority)
                || (!known.contains(':') && known.eq_ignore_ascii_case(host)))
    })
}

/// Indices of `requests` in execution order: dependencies first, otherwise
/// the given order (at each step the first request whose dependencies have
/// all run). Requires every `dependsOn` id to exist.
fn execution_order(requests: &[InnerRequest]) -> Result<Vec<usize>, BatchError> {
    let position = |id: &str| requests.iter().position(|r| r.id == id);
    let mut done = vec![false; requests.len()];
    let mut order = Vec::with_capacity(requests.len());
    while order.len() < requests.len() {
        let next = (0..requests.len()).find(|&i| {
            !done[i]
                && requests[i]
                    .depends_on
                    .iter()
                    .all(|d| position(d).is_some_and(|j| done[j]))
        });
        match next {
            Some(i) => {
                done[i] = true;
                order.push(i);
            }
            None => {
                return Err(BatchError::Cycle {
                    cycle: find_cycle(requests, &done),
                });
            }
        }
    }
    Ok(order)
}

/// A cycle among the requests not yet `done`: each of them waits for at
/// least one other that is not done, so following such edges must repeat.
fn find_cycle(requests: &[InnerRequest], done: &[bool]) -> Vec<String> {
    let pending_dep = |i: usize| {
        requests[i].depends_on.iter().find_map(|d| {
            requests
                .iter()
                .position(|r| &r.id == d)
                .filter(|&j| !done.get(j).copied().unwrap_or(true))
        })
    };
    let Some(start) = (0..requests.len()).find(|&i| !done.get(i).copied().unwrap_or(true)) else {
        return Vec::new();
    };
    let mut path: Vec<usize> = vec![start];
    let mut current = start;
    // At most n steps before a repeat.
    for _ in 0..=requests.len() {
        let Some(next) = pending_dep(current) else {
            break;
        };
        if let Some(pos) = path.iter().position(|&p| p == next) {
            let mut cycle: Vec<String> = path[pos..]
                .iter()
                .map(|&i| requests[i].id.clone())
                .collect();
            cycle.push(requests[next].id.clone());
            return cycle;
        }
        path.push(next);
        current = next;
    }
    path.iter().map(|&i| requests[i].id.clone()).collect()
}

/// Runs a `$batch` body: parses it ([`parse`]), calls `dispatch` for each
/// inner request in execution order (dependencies first, otherwise the given
/// order), and returns the `{"responses": [...]}` document, the answers in
/// the order of the `requests` array.
///
/// A request any of whose dependencies answered 400 or more (a 424 included)
/// is not dispatched; it is answered `424` with a Graph error body naming the
/// failed dependency.
///
/// Each response is `{"id", "status", "headers"?, "body"?}`: `headers` is an
/// object (repeated names joined with `, `; `content_type` is added as
/// `Content-Type` unless a header gives it), omitted when there are none; the
/// body is a JSON value for a JSON media type (or, with no media type, when
/// the bytes parse as JSON), a string for `text/*` (valid UTF-8), a base64
/// string otherwise, and omitted when empty. Base64 uses the standard
/// alphabet with padding, as Graph's own batch responses do (a photo's body
/// starts `/9j/`) and as SDKs decode it (.NET's `Convert.FromBase64String`
/// rejects the URL-safe alphabet).
pub fn run(
    body: &[u8],
    dispatch: impl FnMut(&InnerRequest) -> InnerResponse,
) -> Result<Value, BatchError> {
    run_with_hosts(body, &[], dispatch)
}

/// [`run`] with [`parse_with_hosts`]'s extra hosts.
pub fn run_with_hosts(
    body: &[u8],
    extra_hosts: &[&str],
    mut dispatch: impl FnMut(&InnerRequest) -> InnerResponse,
) -> Result<Value, BatchError> {
    let requests = parse_with_hosts(body, extra_hosts)?;
    let order = execution_order(&requests)?;
    let mut answers: Vec<Option<Value>> = vec![None; requests.len()];
    let mut statuses: Vec<Option<u16>> = vec![None; requests.len()];
    for i in order {
        let request = &requests[i];
        let failed_dep = request.depends_on.iter().find_map(|dep| {
            let j = requests.iter().position(|r| &r.id == dep)?;
            statuses[j].filter(|&s| s >= 400).map(|s| (dep.as_str(), s))
        });
        let response = match failed_dep {
            Some((dep, status)) => failed_dependency(dep, status),
            None => dispatch(request),
        };
        statuses[i] = Some(response.status);
        answers[i] = Some(response_json(&request.id, &response));
    }
    let responses: Vec<Value> = answers.into_iter().flatten().collect();
    let mut doc = Map::new();
    doc.insert("responses".to_string(), Value::Array(responses));
    Ok(Value::Object(doc))
}

/// The 424 answer of a request whose dependency `dep` answered `status`.
fn failed_dependency(dep: &str, status: u16) -> InnerResponse {
    let body = serde_json::json!({
        "error": {
            "code": "FailedDependency",
            "message": format!(
                "The request was not executed: it depends on request '{dep}', which failed with status {status}."
            ),
        }
    });
    InnerResponse {
        status: 424,
        headers: Vec::new(),
        body: body.to_string().into_bytes(),
        content_type: Some("application/json".to_string()),
    }
}

/// One entry of `responses`.
fn response_json(id: &str, response: &InnerResponse) -> Value {
    let mut entry = Map::new();
    entry.insert("id".to_string(), Value::String(id.to_string()));
    entry.insert("status".to_string(), Value::from(response.status));

    let mut headers = Map::new();
    for (name, value) in &response.headers {
        let joined = match headers.get(name) {
            Some(Value::String(prev)) => format!("{prev}, {value}"),
            _ => value.clone(),
        };
        headers.insert(name.clone(), Value::String(joined));
    }
    let content_type = header_value(&response.headers, "content-type")
        .map(str::to_string)
        .or_else(|| response.content_type.clone());
    if header_value(&response.headers, "content-type").is_none()
        && let Some(ct) = &response.content_type
        && !response.body.is_empty()
    {
        headers.insert("Content-Type".to_string(), Value::String(ct.clone()));
    }
    if !headers.is_empty() {
        entry.insert("headers".to_string(), Value::Object(headers));
    }
    if let Some(body) = response_body(&response.body, content_type.as_deref()) {
        entry.insert("body".to_string(), body);
    }
    Value::Object(entry)
}

/// The `body` member for response bytes of media type `content_type`.
fn response_body(bytes: &[u8], content_type: Option<&str>) -> Option<Value> {
    if bytes.is_empty() {
        return None;
    }
    let as_json = || serde_json::from_slice::<Value>(bytes).ok();
    let as_text = || {
        std::str::from_utf8(bytes)
            .ok()
            .map(|s| Value::String(s.to_string()))
    };
    let as_base64 = || Value::String(STANDARD.encode(bytes));
    Some(match content_type.map(MediaKind::of) {
        Some(MediaKind::Json) => as_json().or_else(as_text).unwrap_or_else(as_base64),
        Some(MediaKind::Text) => as_text().unwrap_or_else(as_base64),
        Some(MediaKind::Binary) => as_base64(),
        None => as_json().unwrap_or_else(as_base64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bytes(v: &Value) -> Vec<u8> {
        v.to_string().into_bytes()
    }

    fn parse_ok(v: Value) -> Vec<InnerRequest> {
        parse(&bytes(&v)).expect("valid batch")
    }

    fn parse_err(v: Value) -> BatchError {
        parse(&bytes(&v)).expect_err("invalid batch")
    }

    fn get(id: &str, url: &str) -> Value {
        json!({"id": id, "method": "GET", "url": url})
    }

    fn ok_json(body: Value) -> InnerResponse {
        InnerResponse {
            status: 200,
            headers: Vec::new(),
            body: body.to_string().into_bytes(),
            content_type: Some("application/json".to_string()),
        }
    }

    fn status(code: u16) -> InnerResponse {
        InnerResponse {
            status: code,
            ..InnerResponse::default()
        }
    }

    #[test]
    fn parses_the_documented_batch() {
        let reqs = parse_ok(json!({
          "requests": [
            {"id": "1", "method": "GET", "url": "/me/drive/root:/{file}:/content"},
            {"id": "2", "method": "GET", "url": "/me/planner/tasks"},
            {"id": "3", "method": "GET", "url": "/groups/{id}/events"},
            {"id": "4", "url": "/me", "method": "PATCH",
             "body": {"city": "Redmond"},
             "headers": {"Content-Type": "application/json"}}
          ]
        }));
        assert_eq!(reqs.len(), 4);
        assert_eq!(reqs[0].url, "/me/drive/root:/{file}:/content");
        assert_eq!(reqs[3].method, "PATCH");
        assert_eq!(reqs[3].body.as_deref(), Some(&br#"{"city":"Redmond"}"#[..]));
        assert_eq!(reqs[3].header("content-type"), Some("application/json"));
        assert!(reqs[0].body.is_none());
        assert!(reqs[0].headers.is_empty());
        assert!(reqs[0].depends_on.is_empty());
    }

    #[test]
    fn urls_are_normalised_to_the_version_root() {
        let cases = [
            ("users/x", "/users/x"),
            ("/users/x", "/users/x"),
            ("https://graph.microsoft.com/v1.0/users/x", "/users/x"),
            (
                "https://GRAPH.microsoft.com/beta/users/x?$top=1",
                "/users/x?$top=1",
            ),
            ("https://graph.microsoft.com:443/v1.0/me", "/me"),
            ("http://graph.microsoft.com/v1.0/me", "/me"),
            ("//graph.microsoft.com/v1.0/me", "/me"),
            ("https://graph.microsoft.com/v1.0", "/"),
            ("https://graph.microsoft.com/v1.0?x=1", "/?x=1"),
            ("https://graph.microsoft.com/me", "/me"),
            ("https://graph.microsoft.com/v1.00/me", "/v1.00/me"),
            (
                "me?$filter=a eq 'https://x'",
                "/me?$filter=a eq 'https://x'",
            ),
            ("  /me  ", "/me"),
            (
                "/me/drive/root:/a/b:/content",
                "/me/drive/root:/a/b:/content",
            ),
        ];
        for (given, want) in cases {
            let reqs = parse_ok(json!({"requests": [get("1", given)]}));
            assert_eq!(reqs[0].url, want, "{given}");
        }
    }

    #[test]
    fn absolute_urls_to_other_hosts_are_rejected() {
        for url in [
            "https://example.com/v1.0/me",
            "https://graph.microsoft.com.evil.com/v1.0/me",
            "ftp://graph.microsoft.com/v1.0/me",
            "//example.com/me",
            "https://user@example.com/me",
        ] {
            let err = parse_err(json!({"requests": [get("a1", url)]}));
            assert_eq!(
                err,
                BatchError::ForeignHost {
                    id: "a1".to_string(),
                    url: url.to_string()
                },
                "{url}"
            );
            assert!(err.to_string().contains("'a1'"));
        }
    }

    #[test]
    fn extra_hosts_are_accepted() {
        let body = bytes(&json!({"requests": [
            get("1", "http://127.0.0.1:8080/v1.0/me"),
            get("2", "http://LOCALHOST:9/beta/users"),
        ]}));
        let reqs = parse_with_hosts(&body, &["127.0.0.1:8080", "localhost"]).expect("valid");
        assert_eq!(reqs[0].url, "/me");
        assert_eq!(reqs[1].url, "/users");
        assert!(parse_with_hosts(&body, &["127.0.0.1:9999", "localhost"]).is_err());
        assert!(parse(&body).is_err());
    }

    #[test]
    fn malformed_envelopes_are_400() {
        assert!(matches!(
            parse(b"not json"),
            Err(BatchError::NotJson { .. })
        ));
        assert!(matches!(parse(b""), Err(BatchError::NotJson { .. })));
        assert!(matches!(
            parse(&[0xff, 0xfe]),
            Err(BatchError::NotJson { .. })
        ));
        assert_eq!(parse(b"[]"), Err(BatchError::NoRequests));
        assert_eq!(parse(b"{}"), Err(BatchError::NoRequests));
        assert_eq!(parse(br#"{"requests": {}}"#), Err(BatchError::NoRequests));
        assert_eq!(parse(br#"{"requests": null}"#), Err(BatchError::NoRequests));
        assert_eq!(parse(br#"{"requests": []}"#), Err(BatchError::Empty));
        assert_eq!(
            parse(br#"{"requests": [1]}"#),
            Err(BatchError::NotAnObject { index: 0 })
        );
    }

    #[test]
    fn twenty_requests_is_the_limit() {
        let twenty: Vec<Value> = (0..20).map(|i| get(&i.to_string(), "/me")).collect();
        assert_eq!(parse_ok(json!({"requests": twenty})).len(), 20);
        let many: Vec<Value> = (0..21).map(|i| get(&i.to_string(), "/me")).collect();
        let err = parse_err(json!({"requests": many}));
        assert_eq!(err, BatchError::TooMany { count: 21 });
        assert!(err.to_string().contains("21"));
        assert!(err.to_string().contains("20"));
    }

    #[test]
    fn required_properties_are_checked() {
        assert_eq!(
            parse_err(json!({"requests": [{"method": "GET", "url": "/me"}]})),
            BatchError::Missing {
                index: 0,
                id: None,
                field: "id"
            }
        );
        let err = parse_err(json!({"requests": [get("1", "/me"), {"id": "b", "url": "/me"}]}));
        assert_eq!(
            err,
            BatchError::Missing {
                index: 1,
                id: Some("b".to_string()),
                field: "method"
            }
        );
        assert!(err.to_string().contains("'b'"));
        assert!(err.to_string().contains("'method'"));
        assert_eq!(
            parse_err(json!({"requests": [{"id": "c", "method": "GET", "url": null}]})),
            BatchError::Missing {
                index: 0,
                id: Some("c".to_string()),
                field: "url"
            }
        );
    }

    #[test]
    fn property_types_are_checked() {
        let cases = [
            (json!({"id": 1, "method": "GET", "url": "/me"}), "id"),
            (json!({"id": "", "method": "GET", "url": "/me"}), "id"),
            (json!({"id": "1", "method": 5, "url": "/me"}), "method"),
            (json!({"id": "1", "method": "GE T", "url": "/me"}), "method"),
            (json!({"id": "1", "method": "", "url": "/me"}), "method"),
            (json!({"id": "1", "method": "GET", "url": 7}), "url"),
            (json!({"id": "1", "method": "GET", "url": " "}), "url"),
            (
                json!({"id": "1", "method": "GET", "url": "/me", "headers": []}),
                "headers",
            ),
            (
                json!({"id": "1", "method": "GET", "url": "/me", "headers": {"a": {}}}),
                "headers",
            ),
            (
                json!({"id": "1", "method": "GET", "url": "/me", "dependsOn": "2"}),
                "dependsOn",
            ),
            (
                json!({"id": "1", "method": "GET", "url": "/me", "dependsOn": [2]}),
                "dependsOn",
            ),
        ];
        for (req, field) in cases {
            match parse_err(json!({"requests": [req]})) {
                BatchError::Invalid { field: f, .. } => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
    }

    #[test]
    fn method_is_upper_cased_and_headers_stringified() {
        let reqs = parse_ok(json!({"requests": [{
            "id": "1", "method": "patch", "url": "/me",
            "headers": {"If-Match": "*", "Prefer": 5, "X-Flag": true, "X-Null": "n"}
        }]}));
        assert_eq!(reqs[0].method, "PATCH");
        assert_eq!(
            reqs[0].headers,
            vec![
                ("If-Match".to_string(), "*".to_string()),
                ("Prefer".to_string(), "5".to_string()),
                ("X-Flag".to_string(), "true".to_string()),
                ("X-Null".to_string(), "n".to_string()),
            ]
        );
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let err = parse_err(json!({"requests": [get("1", "/a"), get("2", "/b"), get("1", "/c")]}));
        assert_eq!(
            err,
            BatchError::DuplicateId {
                id: "1".to_string()
            }
        );
        assert!(err.to_string().contains("'1'"));
    }

    #[test]
    fn unknown_dependencies_are_rejected() {
        let mut r = get("2", "/b");
        r["dependsOn"] = json!(["9"]);
        let err = parse_err(json!({"requests": [get("1", "/a"), r]}));
        assert_eq!(
            err,
            BatchError::UnknownDependency {
                id: "2".to_string(),
                depends_on: "9".to_string()
            }
        );
        assert!(err.to_string().contains("'2'") && err.to_string().contains("'9'"));
    }

    #[test]
    fn cycles_are_rejected_and_named() {
        let mut a = get("a", "/a");
        a["dependsOn"] = json!(["c"]);
        let mut b = get("b", "/b");
        b["dependsOn"] = json!(["a"]);
        let mut c = get("c", "/c");
        c["dependsOn"] = json!(["b"]);
        let err = parse_err(json!({"requests": [get("0", "/"), a, b, c]}));
        assert_eq!(
            err,
            BatchError::Cycle {
                cycle: vec!["a".into(), "c".into(), "b".into(), "a".into()]
            }
        );
        assert!(err.to_string().contains("a -> c -> b -> a"));

        let mut own = get("s", "/s");
        own["dependsOn"] = json!(["s"]);
        assert_eq!(
            parse_err(json!({"requests": [own]})),
            BatchError::Cycle {
                cycle: vec!["s".into(), "s".into()]
            }
        );
    }

    #[test]
    fn duplicate_depends_on_entries_are_merged() {
        let mut b = get("2", "/b");
        b["dependsOn"] = json!(["1", "1"]);
        let reqs = parse_ok(json!({"requests": [get("1", "/a"), b]}));
        assert_eq!(reqs[1].depends_on, vec!["1".to_string()]);
    }

    #[test]
    fn body_requires_a_content_type() {
        let err = parse_err(json!({"requests": [{
            "id": "4", "method": "PATCH", "url": "/me", "body": {"city": "Redmond"}
        }]}));
        assert_eq!(
            err,
            BatchError::MissingContentType {
                id: "4".to_string()
            }
        );
        assert!(err.to_string().contains("'4'"));
        // A null body is no body.
        let reqs = parse_ok(json!({"requests": [{
            "id": "4", "method": "DELETE", "url": "/me", "body": null
        }]}));
        assert!(reqs[0].body.is_none());
    }

    #[test]
    fn bodies_follow_the_media_type() {
        let png = [0x89u8, b'P', b'N', b'G', 0xff, 0xfe];
        let reqs = parse_ok(json!({"requests": [
            {"id": "json", "method": "POST", "url": "/a",
             "headers": {"content-type": "application/json; charset=utf-8"},
             "body": {"b": [1, 2]}},
            {"id": "odata", "method": "POST", "url": "/a",
             "headers": {"Content-Type": "application/merge-patch+json"}, "body": "s"},
            {"id": "text", "method": "PUT", "url": "/a",
             "headers": {"Content-Type": "text/html"}, "body": "<p>hi</p>"},
            {"id": "std", "method": "PUT", "url": "/me/photo/$value",
             "headers": {"Content-Type": "image/png"}, "body": STANDARD.encode(png)},
            {"id": "url", "method": "PUT", "url": "/me/photo/$value",
             "headers": {"Content-Type": "image/png"}, "body": URL_SAFE_NO_PAD.encode(png)},
            {"id": "wrapped", "method": "PUT", "url": "/x",
             "headers": {"Content-Type": "application/octet-stream"}, "body": "iVBO\nR0g="},
            {"id": "objbin", "method": "PUT", "url": "/x",
             "headers": {"Content-Type": "application/octet-stream"}, "body": {"k": 1}},
        ]}));
        assert_eq!(reqs[0].body.as_deref(), Some(&br#"{"b":[1,2]}"#[..]));
        assert_eq!(reqs[1].body.as_deref(), Some(&br#""s""#[..]));
        assert_eq!(reqs[2].body.as_deref(), Some(&b"<p>hi</p>"[..]));
        assert_eq!(reqs[3].body.as_deref(), Some(&png[..]));
        assert_eq!(reqs[4].body.as_deref(), Some(&png[..]));
        assert_eq!(
            reqs[5].body.as_deref(),
            Some(&[0x89, b'P', b'N', b'G', 0x48][..])
        );
        assert_eq!(reqs[6].body.as_deref(), Some(&br#"{"k":1}"#[..]));
    }

    #[test]
    fn binary_body_that_is_not_base64_is_rejected() {
        let err = parse_err(json!({"requests": [{
            "id": "p", "method": "PUT", "url": "/me/photo/$value",
            "headers": {"Content-Type": "image/jpeg"}, "body": "Binary data for the image"
        }]}));
        assert!(matches!(&err, BatchError::InvalidBody { id, .. } if id == "p"));
        assert!(err.to_string().contains("'p'"));
        assert!(err.to_string().contains("base64"));
    }

    #[test]
    fn errors_are_graph_bad_requests() {
        let err = parse_err(json!({"requests": []}));
        assert_eq!(err.status(), 400);
        let body = err.to_json();
        assert_eq!(body["error"]["code"], "BadRequest");
        assert_eq!(body["error"]["message"], err.to_string());
    }

    #[test]
    fn run_answers_in_request_order_with_bodies() {
        let batch = json!({"requests": [get("1", "/me"), get("2", "/me/photo/$value"), get("3", "/users/$count"), {"id": "4", "method": "DELETE", "url": "/x"}]});
        let mut seen = Vec::new();
        let out = run(&bytes(&batch), |req| {
            seen.push(req.id.clone());
            match req.id.as_str() {
                "1" => ok_json(json!({"displayName": "A"})),
                "2" => InnerResponse {
                    status: 200,
                    headers: vec![("ETag".into(), "\"1\"".into())],
                    body: vec![0xff, 0xd8, 0xff, 0xe0],
                    content_type: Some("image/jpeg".into()),
                },
                "3" => InnerResponse {
                    status: 200,
                    headers: vec![("Content-Type".into(), "text/plain".into())],
                    body: b"893".to_vec(),
                    content_type: Some("application/json".into()),
                },
                _ => status(204),
            }
        })
        .expect("valid");
        assert_eq!(seen, ["1", "2", "3", "4"]);
        assert_eq!(
            out,
            json!({"responses": [
                {"id": "1", "status": 200, "headers": {"Content-Type": "application/json"}, "body": {"displayName": "A"}},
                {"id": "2", "status": 200, "headers": {"ETag": "\"1\"", "Content-Type": "image/jpeg"}, "body": "/9j/4A=="},
                {"id": "3", "status": 200, "headers": {"Content-Type": "text/plain"}, "body": "893"},
                {"id": "4", "status": 204}
            ]})
        );
    }

    #[test]
    fn dependencies_run_first_and_order_is_otherwise_kept() {
        // The documented example: 1 and 3 first, then 2, then 4.
        let mut r2 = get("2", "/b");
        r2["dependsOn"] = json!(["1"]);
        let mut r4 = get("4", "/d");
        r4["dependsOn"] = json!(["2"]);
        let batch = json!({"requests": [get("1", "/a"), r2, get("3", "/c"), r4]});
        let mut seen = Vec::new();
        run(&bytes(&batch), |req| {
            seen.push(req.id.clone());
            status(200)
        })
        .expect("valid");
        assert_eq!(seen, ["1", "2", "3", "4"]);

        // A dependency listed later runs before its dependant.
        let mut first = get("first", "/a");
        first["dependsOn"] = json!(["last"]);
        let batch = json!({"requests": [first, get("mid", "/m"), get("last", "/z")]});
        let mut seen = Vec::new();
        let out = run(&bytes(&batch), |req| {
            seen.push(req.id.clone());
            status(200)
        })
        .expect("valid");
        assert_eq!(seen, ["mid", "last", "first"]);
        let ids: Vec<&str> = out["responses"]
            .as_array()
            .map(|a| a.iter().filter_map(|r| r["id"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(ids, ["first", "mid", "last"]);
    }

    #[test]
    fn failed_dependency_is_424_and_propagates() {
        let mut r2 = get("2", "/b");
        r2["dependsOn"] = json!(["1"]);
        let mut r3 = get("3", "/c");
        r3["dependsOn"] = json!(["2"]);
        let mut r4 = get("4", "/d");
        r4["dependsOn"] = json!(["5"]);
        let batch = json!({"requests": [get("1", "/a"), r2, r3, r4, get("5", "/e")]});
        let mut seen = Vec::new();
        let out = run(&bytes(&batch), |req| {
            seen.push(req.id.clone());
            match req.id.as_str() {
                "1" => status(404),
                "5" => status(302),
                _ => status(200),
            }
        })
        .expect("valid");
        assert_eq!(seen, ["1", "5", "4"]);
        let r = &out["responses"];
        assert_eq!(r[0]["status"], 404);
        assert_eq!(r[1]["status"], 424);
        assert_eq!(r[1]["body"]["error"]["code"], "FailedDependency");
        assert!(
            r[1]["body"]["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("'1'") && m.contains("404"))
        );
        assert_eq!(r[1]["headers"]["Content-Type"], "application/json");
        assert_eq!(r[2]["status"], 424);
        assert!(
            r[2]["body"]["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("'2'") && m.contains("424"))
        );
        // A 302 is not a failure.
        assert_eq!(r[3]["status"], 200);
        assert_eq!(r[4]["status"], 302);
    }

    #[test]
    fn invalid_batches_dispatch_nothing() {
        let mut called = false;
        let err = run(b"{\"requests\": []}", |_| {
            called = true;
            status(200)
        })
        .expect_err("empty");
        assert_eq!(err, BatchError::Empty);
        assert!(!called);
    }

    #[test]
    fn response_bodies_by_media_type() {
        assert_eq!(response_body(b"", Some("application/json")), None);
        assert_eq!(response_body(b"{\"a\":1}", None), Some(json!({"a": 1})));
        assert_eq!(response_body(b"hello", None), Some(json!("aGVsbG8=")));
        assert_eq!(
            response_body(b"not json", Some("application/json")),
            Some(json!("not json"))
        );
        assert_eq!(
            response_body(&[0xff], Some("application/json")),
            Some(json!("/w=="))
        );
        assert_eq!(
            response_body(&[0xff], Some("text/plain")),
            Some(json!("/w=="))
        );
        assert_eq!(
            response_body(b"a,b", Some("text/csv; charset=utf-8")),
            Some(json!("a,b"))
        );
        assert_eq!(
            response_body(b"{}", Some("application/octet-stream")),
            Some(json!("e30="))
        );
        assert_eq!(
            response_body(b"[1]", Some("application/json;odata.metadata=minimal")),
            Some(json!([1]))
        );
    }

    #[test]
    fn repeated_response_headers_are_joined() {
        let v = response_json(
            "1",
            &InnerResponse {
                status: 200,
                headers: vec![("Link".into(), "<a>".into()), ("Link".into(), "<b>".into())],
                body: Vec::new(),
                content_type: Some("application/json".into()),
            },
        );
        assert_eq!(
            v,
            json!({"id": "1", "status": 200, "headers": {"Link": "<a>, <b>"}})
        );
    }

    #[test]
    fn truncated_and_mutated_batches_do_not_panic() {
        let mut r2 = get("2", "https://graph.microsoft.com/v1.0/me/photo/$value");
        r2["dependsOn"] = json!(["1"]);
        r2["headers"] = json!({"Content-Type": "image/png"});
        r2["body"] = json!("iVBORw0KGgo=");
        let valid = bytes(&json!({"requests": [get("1", "me"), r2]}));
        for cut in 0..valid.len() {
            let _ = run(&valid[..cut], |_| status(500));
        }
        for at in 0..valid.len() {
            for b in [b'"', b'{', b']', b':', 0xff, b'\\', b'1'] {
                let mut m = valid.clone();
                m[at] = b;
                let _ = run(&m, |_| status(200));
            }
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let inputs: [&[u8]; 8] = [
            b"null",
            b"\"requests\"",
            br#"{"requests": [null]}"#,
            br#"{"requests": [{"id": "1", "method": "GET", "url": "https://"}]}"#,
            br#"{"requests": [{"id": "1", "method": "GET", "url": "://x"}]}"#,
            br#"{"requests": [{"id": "1", "method": "GET", "url": "https://graph.microsoft.com:/v1.0"}]}"#,
            br#"{"requests": [{"id": "\u00e9", "method": "GET", "url": "h\u00e9://x"}]}"#,
            br#"{"requests": [{"id": "1", "method": "GET", "url": "/me", "headers": {"Content-Type": "image/png"}, "body": "%%%"}]}"#,
        ];
        for input in inputs {
            let _ = run(input, |_| status(200));
        }
    }
}
