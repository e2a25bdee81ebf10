//! From a documented example to what goes over the wire: the request to send
//! and the response a stub serves.
//!
//! Pure: no network, no runtime. The URL keeps its documented path under the
//! service root (`/v1.0/widgets/{id}`), so that a target only has to put its
//! own base URL in front; `{placeholders}` are filled with [`SAMPLE`].

use std::borrow::Cow;
use std::sync::Arc;

use crate::contract::Example;
use crate::http::message::{Body, Header};
use crate::source::{ContentMap, SourceFile};

/// The value every `{placeholder}` of a URL gets in stub mode.
pub const SAMPLE: &str = "sample";

/// Headers that frame a message or belong to a connection. They are never
/// forwarded as written: the client and the server compute their own, and the
/// documented `Content-Length` is checked against the bytes instead.
const FRAMING: &[&str] = &[
    "content-length",
    "transfer-encoding",
    "connection",
    "host",
    "expect",
    "keep-alive",
    "upgrade",
];

/// True for a header the replay never forwards as written.
pub fn is_framing_header(name: &str) -> bool {
    FRAMING.iter().any(|f| f.eq_ignore_ascii_case(name))
}

/// Where a documented URL points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `https://graph.microsoft.com/...` or a relative URL (relative to the
    /// version root of the page's API version).
    Graph,
    /// Another absolute URL, such as an upload session on another host.
    Other { host: String },
}

/// A body as it goes over the wire.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WireBody {
    pub bytes: Vec<u8>,
    /// True when the documented text is sent as written. False when it was
    /// re-serialised because the text is not strict JSON (a client cannot send
    /// `{"a": 1,}`): the documented `Content-Length` then describes text that
    /// never goes over the wire, and is not checked.
    pub verbatim: bool,
    /// The documented JSON value, when the body is JSON that could be read
    /// (the page's own, shared).
    pub json: Option<Arc<serde_json::Value>>,
    /// The strict-parse error, when the body was meant to be JSON but is not.
    pub json_error: Option<String>,
}

/// The request to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub method: String,
    /// Path and query under the service root, placeholders filled:
    /// `/v1.0/widgets/sample?$select=id`.
    pub target: String,
    /// The same as documented, placeholders kept: `/v1.0/widgets/{id}?$select=id`.
    pub template: String,
    pub origin: Origin,
    /// Documented headers, framing headers left out.
    pub headers: Vec<(String, String)>,
    /// The documented `Content-Length`, if any.
    pub content_length: Option<String>,
    pub body: WireBody,
}

/// The documented response, as a stub serves it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    /// Documented headers, framing headers left out.
    pub headers: Vec<(String, String)>,
    pub content_length: Option<String>,
    pub body: WireBody,
}

/// An example made ready to replay.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub request: Outgoing,
    pub reply: Reply,
}

/// Why an example cannot be replayed at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrepareError {
    #[error("status {0} cannot be replayed (informational responses are not final)")]
    InformationalStatus(u16),
    #[error("documented URL `{0}` has no path")]
    NoPath(String),
}

impl Prepared {
    /// Prepares `example` of the page `source`.
    pub fn new(source: &SourceFile, example: &Example) -> Result<Self, PrepareError> {
        let req = &example.request.message;
        let resp = &example.response.message;
        if resp.status < 200 {
            return Err(PrepareError::InformationalStatus(resp.status));
        }
        let (origin, template) = service_path(&req.url, example.version.as_deref())?;
        let target = fill_placeholders(&template, SAMPLE).into_owned();
        let request = Outgoing {
            method: req.method.to_ascii_uppercase(),
            target,
            template,
            origin,
            headers: forwarded(&req.headers),
            content_length: content_length(&req.headers),
            body: wire_body(&req.body, source, &example.request.map),
        };
        let reply = Reply {
            status: resp.status,
            headers: forwarded(&resp.headers),
            content_length: content_length(&resp.headers),
            body: wire_body(&resp.body, source, &example.response.map),
        };
        Ok(Prepared { request, reply })
    }
}

fn forwarded(headers: &[Header]) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|h| !is_framing_header(&h.name))
        .map(|h| (h.name.clone(), h.value.clone()))
        .collect()
}

fn content_length(headers: &[Header]) -> Option<String> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-length"))
        .map(|h| h.value.clone())
}

/// The documented URL as a path under the service root, and where it points.
///
/// `https://graph.microsoft.com/v1.0/me?$select=id` → `/v1.0/me?$select=id`;
/// `/me` on a v1.0 page → `/v1.0/me`; `https://up.example/x` → `/x` (other host).
pub fn service_path(url: &str, version: Option<&str>) -> Result<(Origin, String), PrepareError> {
    let url = url.trim();
    let (host, rest) = match split_scheme(url) {
        Some((host, rest)) => (Some(host), rest),
        None if url.to_ascii_lowercase().starts_with("graph.microsoft.com") => {
            let rest = &url["graph.microsoft.com".len()..];
            (Some("graph.microsoft.com"), rest)
        }
        None => (None, url),
    };
    match host {
        Some(h) if !h.eq_ignore_ascii_case("graph.microsoft.com") => {
            let path = if rest.is_empty() || rest.starts_with('?') {
                format!("/{rest}")
            } else {
                rest.to_string()
            };
            Ok((
                Origin::Other {
                    host: h.to_string(),
                },
                path,
            ))
        }
        Some(_) => {
            if rest.is_empty() || rest == "/" {
                return Err(PrepareError::NoPath(url.to_string()));
            }
            Ok((Origin::Graph, rest.to_string()))
        }
        None => {
            // Relative to the version root of the page's API version, unless
            // the URL names a version itself.
            let rest = rest.trim_start_matches('/');
            let first = rest.split(['/', '?']).next().unwrap_or("");
            let path = match version {
                Some(v) if !crate::graph::is_version(first) => format!("/{v}/{rest}"),
                _ => format!("/{rest}"),
            };
            Ok((Origin::Graph, path))
        }
    }
}

/// `https://host/rest` → (`host`, `/rest`).
fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let lower = url
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let after = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let end = after.find(['/', '?']).unwrap_or(after.len());
    Some((&after[..end], &after[end..]))
}

/// Replaces every `{...}` (no `/` inside) with `value`.
pub fn fill_placeholders<'a>(text: &'a str, value: &str) -> Cow<'a, str> {
    if !text.contains('{') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        match tail.find(['}', '/']) {
            Some(close) if tail.as_bytes()[close] == b'}' && close > 1 => {
                out.push_str(value);
                rest = &tail[close + 1..];
            }
            _ => {
                out.push('{');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The bytes of a documented body as they go over the wire.
pub fn wire_body(body: &Body, source: &SourceFile, map: &ContentMap) -> WireBody {
    let raw = |offset: usize, len: usize| content_text(&source.text, map, offset, len);
    match body {
        Body::Empty => WireBody {
            verbatim: true,
            ..WireBody::default()
        },
        Body::Json {
            value,
            error,
            repaired,
            text,
        } => {
            let written = raw(text.offset, text.len);
            match value {
                Some(v) if !repaired => WireBody {
                    bytes: written.map(String::into_bytes).unwrap_or_else(|| pretty(v)),
                    verbatim: true,
                    json: Some(v.clone()),
                    json_error: None,
                },
                Some(v) => WireBody {
                    bytes: pretty(v),
                    verbatim: false,
                    json: Some(v.clone()),
                    json_error: error.as_ref().map(|e| e.message.clone()),
                },
                None => WireBody {
                    bytes: written.unwrap_or_default().into_bytes(),
                    verbatim: true,
                    json: None,
                    json_error: Some(
                        error
                            .as_ref()
                            .map_or_else(|| "not JSON".to_string(), |e| e.message.clone()),
                    ),
                },
            }
        }
        Body::Text { text, raw: r } => WireBody {
            bytes: raw(r.offset, r.len)
                .unwrap_or_else(|| text.clone())
                .into_bytes(),
            verbatim: true,
            ..WireBody::default()
        },
        Body::Form { text, .. } | Body::Binary { text, .. } => WireBody {
            bytes: raw(text.offset, text.len).unwrap_or_default().into_bytes(),
            verbatim: true,
            ..WireBody::default()
        },
    }
}

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec_pretty(v).unwrap_or_default()
}

/// The text of a block's content `[offset, offset + len)`, read back from the
/// page through the content map (the content of a fence inside a list has its
/// indentation removed; the map's pieces are the runs of page text it kept).
pub fn content_text(page: &str, map: &ContentMap, offset: usize, len: usize) -> Option<String> {
    let end = offset + len;
    let pieces = &map.0;
    if pieces.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(len);
    for (i, &(c_start, s_start)) in pieces.iter().enumerate() {
        let c_end = pieces.get(i + 1).map_or(usize::MAX, |p| p.0);
        let from = offset.max(c_start);
        let to = end.min(c_end);
        if from >= to {
            continue;
        }
        out.push_str(page.get(s_start + (from - c_start)..s_start + (to - c_start))?);
    }
    (out.len() == len).then_some(out)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::contract::extract_page;

    #[test]
    fn graph_urls_keep_their_path_under_the_service_root() {
        let p = |u: &str, v: Option<&str>| service_path(u, v).map(|x| x.1);
        assert_eq!(
            p("https://graph.microsoft.com/v1.0/me?$select=id", None),
            Ok("/v1.0/me?$select=id".to_string())
        );
        assert_eq!(p("/me/drive", Some("beta")), Ok("/beta/me/drive".into()));
        assert_eq!(p("/v1.0/me", Some("beta")), Ok("/v1.0/me".into()));
        assert_eq!(
            p("graph.microsoft.com/v1.0/me", None),
            Ok("/v1.0/me".into())
        );
        assert_eq!(
            service_path("https://up.example.com/up/abc", None),
            Ok((
                Origin::Other {
                    host: "up.example.com".into()
                },
                "/up/abc".into()
            ))
        );
        assert!(service_path("https://graph.microsoft.com/", None).is_err());
    }

    #[test]
    fn placeholders_are_filled_but_not_across_slashes() {
        assert_eq!(
            fill_placeholders("/a/{id | upn}/b/{x}:/c?q='{v}'", "s"),
            "/a/s/b/s:/c?q='s'"
        );
        assert_eq!(fill_placeholders("/a/{/b}", "s"), "/a/{/b}");
        assert_eq!(fill_placeholders("/a/{}", "s"), "/a/{}");
    }

    #[test]
    fn bodies_are_sent_as_written_unless_not_strict() {
        let page = "# P\n\n- item\n\n  <!-- { \"blockType\": \"request\", \"name\": \"a\" } -->\n  ```http\n  POST https://graph.microsoft.com/v1.0/x\n  Content-Type: application/json\n  Content-Length: 14\n\n  {\n    \"a\": 1\n  }\n  ```\n\n<!-- { \"blockType\": \"response\", \"name\": \"a\" } -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"b\": [1,],}\n```\n";
        let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/x", page)));
        let ex = &page.examples[0];
        let prepared = Prepared::new(&page.source, ex).unwrap();
        assert_eq!(prepared.request.body.bytes, b"{\n  \"a\": 1\n}");
        assert!(prepared.request.body.verbatim);
        assert_eq!(prepared.request.content_length.as_deref(), Some("14"));
        assert!(
            prepared
                .request
                .headers
                .iter()
                .all(|(n, _)| n != "Content-Length")
        );
        assert!(!prepared.reply.body.verbatim);
        assert_eq!(
            prepared.reply.body.json,
            Some(Arc::new(serde_json::json!({"b": [1]})))
        );
        assert_eq!(prepared.request.target, "/v1.0/x");
    }
}
