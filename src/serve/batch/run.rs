//! Running a parsed batch: dependencies in order (a cycle refused), a
//! failed dependency answered 424, and the responses in request order.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

use super::error::BatchError;
use super::order::execution_order;
use super::parse::parse_with_hosts;
use super::request::{InnerRequest, InnerResponse, MediaKind, header_value};

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
pub(super) fn response_json(id: &str, response: &InnerResponse) -> Value {
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
pub(super) fn response_body(bytes: &[u8], content_type: Option<&str>) -> Option<Value> {
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
