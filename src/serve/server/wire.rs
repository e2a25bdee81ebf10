//! Responses as they go on the wire: a documented reply built once per
//! route, its links and `Location` rebased on this server, query options
//! applied, and the error bodies of Graph.

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::{Response, StatusCode};

use crate::serve::index::CONTENT_PATH;
use crate::serve::odata::QueryOptions;

/// A `Location` on this server's [`CONTENT_PATH`] made absolute with the
/// request's `Host`, as Graph's download redirects are.
pub(super) fn absolute_location(response: &mut Response<Full<Bytes>>, headers: &hyper::HeaderMap) {
    let Some(host) = headers
        .get(hyper::header::HOST)
        .and_then(|h| h.to_str().ok())
    else {
        return;
    };
    let location = response
        .headers()
        .get(hyper::header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .filter(|l| l.starts_with(CONTENT_PATH))
        .map(|l| format!("http://{host}{l}"));
    if let Some(l) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(hyper::header::LOCATION, l);
    }
}

/// Points the body's `@odata.nextLink` and `@odata.deltaLink` at `host`
/// instead of Graph's, as Graph points them at itself: an SDK's page or
/// delta iterator follows them to this server, never to the real service.
pub(super) fn rebase_links(body: &mut serde_json::Value, host: &str) {
    let Some(map) = body.as_object_mut() else {
        return;
    };
    for key in LINKS {
        if let Some(serde_json::Value::String(link)) = map.get_mut(key)
            && on_graph(link)
        {
            *link = format!("http://{host}/{}", &link[GRAPH_ROOT.len()..]);
        }
    }
}

/// The annotations that a client follows to the next page or delta round.
const LINKS: [&str; 2] = ["@odata.nextLink", "@odata.deltaLink"];

const GRAPH_ROOT: &str = "https://graph.microsoft.com/";

fn on_graph(link: &str) -> bool {
    link.get(..GRAPH_ROOT.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(GRAPH_ROOT))
}

/// Does `body` have a next or delta link on Graph's host?
pub(super) fn has_graph_links(body: &serde_json::Value) -> bool {
    LINKS.iter().any(|k| {
        body.get(k)
            .and_then(serde_json::Value::as_str)
            .is_some_and(on_graph)
    })
}

/// `/v1.0/$batch`, `/beta/$batch`, `/$batch`.
pub(super) fn is_batch(path: &str) -> bool {
    let rest = path.trim_start_matches('/');
    let rest = match rest.split_once('/') {
        Some((v, tail)) if crate::graph::is_version(v) => tail,
        _ => rest,
    };
    rest.eq_ignore_ascii_case("$batch") || rest.eq_ignore_ascii_case("%24batch")
}

/// The query options the served body does not already reflect: those the
/// request sends with another value than the example documents. (An
/// example documented with `$top=2` shows two items; `$skip` applied again
/// to an example that documents it would skip twice.)
pub(super) fn pending_options(
    options: &QueryOptions,
    sent: &[(String, String)],
    documented: &[(String, Option<String>)],
) -> Option<QueryOptions> {
    if options.is_empty() {
        return None;
    }
    let fresh: Vec<(String, String)> = sent
        .iter()
        .filter(|(k, v)| {
            !documented
                .iter()
                .any(|(dk, dv)| dk == k && dv.as_deref().is_none_or(|dv| dv == v))
        })
        .cloned()
        .collect();
    // The pairs were parsed once already; they parse again.
    QueryOptions::parse(&fresh).ok().filter(|o| !o.is_empty())
}

/// An inner response of a `$batch`, as the batch module takes it.
pub(super) fn inner_response(r: Response<Full<Bytes>>) -> crate::serve::batch::InnerResponse {
    let (parts, body) = r.into_parts();
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let headers = parts
        .headers
        .iter()
        .filter(|(n, _)| *n != CONTENT_TYPE)
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    // A `Full` body is in memory: polling it once yields all of it.
    let bytes = full_bytes(body).to_vec();
    crate::serve::batch::InnerResponse {
        status: parts.status.as_u16(),
        headers,
        body: bytes,
        content_type,
    }
}

/// The bytes of a `Full` body, which is ready at once.
pub(super) fn full_bytes(body: Full<Bytes>) -> Bytes {
    use http_body_util::BodyExt;
    let mut collect = std::pin::pin!(body.collect());
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    match collect.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(Ok(c)) => c.to_bytes(),
        _ => Bytes::new(),
    }
}

/// A route's answer ready to go on the wire: cloning it copies no body
/// (`Bytes` is shared) and parses no header.
pub(super) struct Prebuilt {
    status: StatusCode,
    headers: hyper::HeaderMap,
    body: Bytes,
    /// The body has a next or delta link on Graph's host, which each
    /// answer points at the host the request was sent to.
    pub(super) links: bool,
}

impl Prebuilt {
    pub(super) fn of(reply: &crate::replay::prepare::Reply) -> Self {
        let r = reply_response(reply, None, None);
        let (parts, body) = r.into_parts();
        Prebuilt {
            status: parts.status,
            headers: parts.headers,
            body: full_bytes(body),
            links: reply.body.json.as_deref().is_some_and(has_graph_links),
        }
    }

    pub(super) fn response(&self) -> Response<Full<Bytes>> {
        let mut r = Response::new(Full::new(self.body.clone()));
        *r.status_mut() = self.status;
        *r.headers_mut() = self.headers.clone();
        r
    }
}

/// A response with `body` as `mime`.
pub(super) fn with_body(
    status: StatusCode,
    body: Vec<u8>,
    mime: &'static str,
) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(mime));
    r
}

/// `body` as `application/json` with `status`.
pub(super) fn json_response(status: StatusCode, body: &serde_json::Value) -> Response<Full<Bytes>> {
    with_body(
        status,
        serde_json::to_vec(body).unwrap_or_default(),
        "application/json",
    )
}

/// The JSON error mdcontract answers with, in Graph's error shape.
pub(super) fn error_response(
    status: StatusCode,
    code: &str,
    message: &str,
    closest: Option<&str>,
) -> Response<Full<Bytes>> {
    let body = serde_json::json!({
        "error": { "code": code, "message": message, "closest": closest }
    });
    json_response(status, &body)
}

/// The documented status, headers and body; a JSON body as
/// `application/json`; 204 and 202 empty.
pub(super) fn reply_response(
    reply: &crate::replay::prepare::Reply,
    options: Option<&QueryOptions>,
    host: Option<&str>,
) -> Response<Full<Bytes>> {
    let empty = matches!(reply.status, 202 | 204) || reply.body.bytes.is_empty();
    let shaped = (200..300).contains(&reply.status) && (options.is_some() || host.is_some());
    let body = match &reply.body.json {
        _ if empty => Bytes::new(),
        Some(json) if shaped => {
            let mut json = serde_json::Value::clone(json);
            if let Some(options) = options {
                crate::serve::odata::apply(options, &mut json);
            }
            if let Some(host) = host {
                rebase_links(&mut json, host);
            }
            Bytes::from(serde_json::to_vec(&json).unwrap_or_default())
        }
        _ => Bytes::copy_from_slice(&reply.body.bytes),
    };
    let mut r = Response::new(Full::new(body));
    // A status the docs write that HTTP cannot carry (`HTTP/1.1 600`) was
    // refused when the example was prepared; 500 would only hide a bug.
    *r.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    let headers = r.headers_mut();
    for (name, value) in &reply.headers {
        let content_type = name.eq_ignore_ascii_case("content-type");
        if content_type && (empty || reply.body.json.is_some()) {
            continue;
        }
        // A header the docs write that HTTP cannot carry is left out rather
        // than failing the reply.
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.append(n, v);
        }
    }
    if empty {
        return r;
    }
    if reply.body.json.is_some() {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    } else if !headers.contains_key(CONTENT_TYPE) {
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
    }
    r
}
