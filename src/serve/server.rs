//! The server: hyper's HTTP/1.1 connection handling on 127.0.0.1, every
//! request answered by the [`Index`].
//!
//! Not wiremock's `MockServer`, though the replay stub is one: with a single
//! catch-all mock, wiremock 0.6 handles every request under one write lock
//! on its mock set and keeps a clone of every matched request in the mock
//! (`MountedMock::matched_requests`, whether or not request recording is
//! disabled), so memory grows with every request of a long run: about 1 KB
//! per request, 2.5 GB after three 10-second wrk rounds over the corpus.
//! Here connections are served concurrently, nothing is kept per request
//! but the counters of the live [`Tally`] and the streamed journal, and a
//! listener bound by us makes a port in use our error, with our message.

use std::convert::Infallible;
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};

use super::index::{Index, Lookup};
use super::journal::{Journal, JournalEntry, journal_body, mask_header};
use super::verify::{Tally, Unmatched, write_json, write_text};

/// The path of the live verdict (`GET`); never matched against the docs
/// and never journaled.
pub const REPORT_PATH: &str = "/_mdcontract/report";

/// Request bodies larger than this are refused with 413 (and journaled
/// without their body).
pub const BODY_MAX: usize = 64 * 1024 * 1024;

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "port {0} on 127.0.0.1 is already in use; pick another with --port, or --port 0 for any free port"
    )]
    PortInUse(u16),
    #[error("cannot listen on 127.0.0.1:{0}: {1}")]
    Listen(u16, std::io::Error),
    #[error("{0}: cannot create the journal: {1}")]
    Journal(String, std::io::Error),
}

/// A running server; dropping it stops accepting connections.
pub struct Server {
    uri: String,
    responder: Arc<Responder>,
    accept: tokio::task::JoinHandle<()>,
    graceful: Arc<hyper_util::server::graceful::GracefulShutdown>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("uri", &self.uri).finish()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

struct Responder {
    index: Index,
    journal: Journal,
    tally: Tally,
}

impl Server {
    /// Starts serving `index` on 127.0.0.1:`port` (0 = any free port),
    /// journaling to `journal` when given. Must be called within a tokio
    /// runtime.
    pub async fn start(
        index: Index,
        port: u16,
        journal: Option<&Path>,
    ) -> Result<Self, ServeError> {
        let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                ServeError::PortInUse(port)
            } else {
                ServeError::Listen(port, e)
            }
        })?;
        let local = listener
            .local_addr()
            .map_err(|e| ServeError::Listen(port, e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| ServeError::Listen(port, e))?;
        let listener =
            tokio::net::TcpListener::from_std(listener).map_err(|e| ServeError::Listen(port, e))?;
        let journal = match journal {
            Some(p) => {
                Journal::create(p).map_err(|e| ServeError::Journal(p.display().to_string(), e))?
            }
            None => Journal::default(),
        };
        let tally = Tally::new(&index);
        let responder = Arc::new(Responder {
            index,
            journal,
            tally,
        });
        let graceful = Arc::new(hyper_util::server::graceful::GracefulShutdown::new());
        let accept = tokio::spawn(accept_loop(listener, responder.clone(), graceful.clone()));
        Ok(Server {
            uri: format!("http://{local}"),
            responder,
            accept,
            graceful,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        self.uri.clone()
    }

    /// Stops accepting, lets the requests in flight finish (for at most
    /// `grace`), then writes out the journal.
    pub async fn shutdown(mut self, grace: Duration) -> std::io::Result<()> {
        self.accept.abort();
        // Once the accept loop is gone, this server holds the only handle
        // on the graceful-shutdown watcher.
        let _ = (&mut self.accept).await;
        let graceful = self.graceful.clone();
        let responder = self.responder.clone();
        drop(self);
        if let Ok(graceful) = Arc::try_unwrap(graceful) {
            let _ = tokio::time::timeout(grace, graceful.shutdown()).await;
        }
        responder.journal.flush()
    }
}

async fn accept_loop(
    listener: tokio::net::TcpListener,
    responder: Arc<Responder>,
    graceful: Arc<hyper_util::server::graceful::GracefulShutdown>,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30))
        .keep_alive(true);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait, then go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let responder = responder.clone();
        let service = hyper::service::service_fn(move |req| {
            let responder = responder.clone();
            async move { Ok::<_, Infallible>(responder.handle(req).await) }
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A malformed request gets hyper's 400 and the connection closes;
            // nothing to report beyond that.
            let _ = conn.await;
        });
    }
}

/// The parts of a request the responder reads.
struct Received<'a> {
    method: &'a str,
    /// Path and query as received.
    target: String,
    path: &'a str,
    query: Option<&'a str>,
    headers: &'a hyper::HeaderMap,
    body: &'a [u8],
}

impl Responder {
    async fn handle(&self, req: Request<Incoming>) -> Response<Full<Bytes>> {
        let (parts, body) = req.into_parts();
        let body = match Limited::new(body, BODY_MAX).collect().await {
            Ok(b) => b.to_bytes(),
            Err(e) => {
                let too_large = e.is::<http_body_util::LengthLimitError>();
                let (status, message) = if too_large {
                    (
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!("request body larger than {BODY_MAX} bytes"),
                    )
                } else {
                    (
                        StatusCode::BAD_REQUEST,
                        format!("cannot read the body: {e}"),
                    )
                };
                return error_response(status, "mdcontract.badRequest", &message, None);
            }
        };
        let uri = &parts.uri;
        let received = Received {
            method: parts.method.as_str(),
            target: uri
                .path_and_query()
                .map_or_else(|| uri.path().to_string(), |pq| pq.as_str().to_string()),
            path: uri.path(),
            query: uri.query(),
            headers: &parts.headers,
            body: &body,
        };
        self.respond(&received)
    }

    fn respond(&self, request: &Received<'_>) -> Response<Full<Bytes>> {
        let method = request.method;
        if request.path == REPORT_PATH && method == "GET" {
            return self.report(request.query);
        }
        let target = &request.target;
        let lookup = self.index.lookup(method, target, request.body);
        let (response, matched, unmatched, route) = match lookup {
            Lookup::Matched { route, id, reply } => (
                reply_response(reply),
                Some(id.as_str().to_string()),
                None,
                Some(route),
            ),
            Lookup::Unmatched(why) => {
                let message = format!(
                    "no documented example matches {method} {target}: {}",
                    why.reason
                );
                let response = error_response(
                    StatusCode::NOT_FOUND,
                    "mdcontract.unmatched",
                    &message,
                    why.closest.as_deref(),
                );
                (response, None, Some(why), None)
            }
        };
        let entry = JournalEntry {
            time_ms: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or_default(),
            method: method.to_string(),
            url: target.clone(),
            headers: request
                .headers
                .iter()
                .map(|(n, v)| {
                    let v = String::from_utf8_lossy(v.as_bytes());
                    (n.as_str().to_string(), mask_header(n.as_str(), &v))
                })
                .collect(),
            body: journal_body(request.body),
            matched,
            unmatched,
            answer: None,
            protocol: None,
            batch: None,
        };
        let line = self.journal.append(&entry);
        match (route, entry.unmatched) {
            (Some(route), _) => self.tally.matched(route),
            (None, why) => self.tally.unmatched(Unmatched {
                line,
                method: entry.method,
                url: entry.url,
                mismatch: why.unwrap_or(super::Mismatch {
                    closest: None,
                    reason: String::new(),
                }),
            }),
        }
        response
    }

    /// `GET /_mdcontract/report[?format=json|text]`: the verdict so far, as
    /// `verify` writes it (JSON lines by default).
    fn report(&self, query: Option<&str>) -> Response<Full<Bytes>> {
        let verdict = self.tally.verdict();
        let text = query.is_some_and(|q| q.split('&').any(|p| p == "format=text"));
        let mut body = Vec::with_capacity(1 << 12);
        let (written, mime) = if text {
            (write_text(&mut body, &verdict), "text/plain; charset=utf-8")
        } else {
            (write_json(&mut body, &verdict), "application/x-ndjson")
        };
        match written {
            Ok(()) => with_body(StatusCode::OK, body, mime),
            Err(e) => with_body(
                StatusCode::INTERNAL_SERVER_ERROR,
                e.to_string().into_bytes(),
                "text/plain; charset=utf-8",
            ),
        }
    }
}

/// A response with `body` as `mime`.
fn with_body(status: StatusCode, body: Vec<u8>, mime: &'static str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(mime));
    r
}

/// The JSON error mdcontract answers with, in Graph's error shape.
fn error_response(
    status: StatusCode,
    code: &str,
    message: &str,
    closest: Option<&str>,
) -> Response<Full<Bytes>> {
    let body = serde_json::json!({
        "error": { "code": code, "message": message, "closest": closest }
    });
    with_body(
        status,
        serde_json::to_vec(&body).unwrap_or_default(),
        "application/json",
    )
}

/// The documented status, headers and body; a JSON body as
/// `application/json`; 204 and 202 empty.
fn reply_response(reply: &crate::replay::prepare::Reply) -> Response<Full<Bytes>> {
    let empty = matches!(reply.status, 202 | 204) || reply.body.bytes.is_empty();
    let body = if empty {
        Bytes::new()
    } else {
        Bytes::copy_from_slice(&reply.body.bytes)
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
