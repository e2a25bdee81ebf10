//! Reading and validating a `$batch` body: the envelope, each request's
//! properties, its body by media type, and its URL relative to the version
//! root.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use serde_json::Value;

use super::error::BatchError;
use super::order::execution_order;
use super::request::{GRAPH_HOST, InnerRequest, MAX_REQUESTS, MediaKind, header_value};

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
