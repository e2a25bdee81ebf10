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
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};

use super::index::{CONTENT_PATH, Index, Lookup, Mismatch, Protocol};
use super::journal::{AnswerLine, BatchLine, Headers, Journal, Line};
use super::odata::QueryOptions;
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
    /// Each route's answer as it goes on the wire, built once.
    prebuilt: Vec<Prebuilt>,
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
        let prebuilt = (0..index.route_count())
            .filter_map(|r| index.reply(r))
            .map(Prebuilt::of)
            .collect();
        let responder = Arc::new(Responder {
            prebuilt,
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
        .keep_alive(true)
        // A client may shut down its write side once its request is sent
        // and wait for the answer; without this hyper could read that EOF
        // before answering and drop the connection (about 1 % of such
        // requests went unanswered: tests/serve_hostile.rs).
        .half_close(true);
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
        let content_type = request
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        let headers = Headers::Http(request.headers);
        if method == "POST" && is_batch(request.path) {
            return self.batch(request, headers);
        }
        if method == "GET"
            && let Some(route) = request.path.strip_prefix(CONTENT_PATH)
        {
            return self.content(route);
        }
        let host = request
            .headers
            .get(hyper::header::HOST)
            .and_then(|h| h.to_str().ok());
        let mut answer = self.answer(method, &request.target, content_type, request.body, host);
        absolute_location(&mut answer.response, request.headers);
        let line = answer.line(Line::new(method, &request.target, headers, request.body));
        self.record(&line, answer.route);
        answer.response
    }

    /// The answer to one request (on its own or inside a `$batch`).
    fn answer<'a>(
        &'a self,
        method: &str,
        target: &str,
        content_type: Option<&str>,
        body: &[u8],
        host: Option<&str>,
    ) -> Handled<'a> {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let version = crate::graph::version_of(path);
        let pairs = super::index::query_pairs(query, version);
        let options = match QueryOptions::parse_for(&pairs, version) {
            Ok(o) => o,
            Err(e) => {
                let why = Mismatch {
                    closest: None,
                    reason: format!("query: {e}"),
                };
                return Handled::refused(json_response(StatusCode::BAD_REQUEST, &e.to_json()), why);
            }
        };
        match self.index.lookup(method, target, content_type, body) {
            Lookup::Matched {
                route,
                id,
                reply,
                answered,
                documented_query,
                protocol,
            } => {
                let response = match protocol {
                    Some(Protocol::Count) => {
                        let count = reply
                            .body
                            .json
                            .as_ref()
                            .and_then(super::odata::count_text)
                            .unwrap_or_else(|| "0".to_string());
                        with_body(StatusCode::OK, count.into_bytes(), "text/plain")
                    }
                    Some(Protocol::StreamRead) => with_body(
                        StatusCode::OK,
                        super::media::placeholder_bytes("application/octet-stream", path),
                        "application/octet-stream",
                    ),
                    // The entity that holds the stream, as documented:
                    // 201 Created for an item addressed by path (a new
                    // file), 200 for one addressed by id.
                    Some(Protocol::StreamWrite) => {
                        let mut r = self.prebuilt[route].response();
                        *r.status_mut() = if path.contains(':') {
                            StatusCode::CREATED
                        } else {
                            StatusCode::OK
                        };
                        r
                    }
                    None => {
                        let pending = pending_options(&options, &pairs, documented_query);
                        let links = self.prebuilt[route].links && host.is_some();
                        if pending.is_some() || links {
                            reply_response(reply, pending.as_ref(), host)
                        } else {
                            self.prebuilt[route].response()
                        }
                    }
                };
                Handled {
                    response,
                    route: Some(route),
                    matched: Some(id.as_str()),
                    unmatched: None,
                    answer: Some(answered.into_line(protocol)),
                }
            }
            Lookup::Unmatched(why) => {
                let response = error_response(
                    StatusCode::NOT_FOUND,
                    "mdcontract.unmatched",
                    &why.reason,
                    why.closest.as_deref(),
                );
                Handled::refused(response, why)
            }
        }
    }

    /// `POST /{version}/$batch`: every inner request answered as if sent on
    /// its own (and journaled on its own line), the batch as Graph answers it.
    fn batch(&self, request: &Received<'_>, headers: Headers<'_>) -> Response<Full<Bytes>> {
        let version = crate::graph::version_of(request.path);
        let line = self.record(
            &Line {
                protocol: Some("$batch"),
                ..Line::new(request.method, &request.target, headers, request.body)
            },
            None,
        );
        // Absolute inner URLs may name this server (an SDK that builds them
        // from its base URL) as well as Graph.
        let host = request
            .headers
            .get(hyper::header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let result = super::batch::run_with_hosts(request.body, &[host.as_str()], |inner| {
            // Relative to the version root; SDKs also send the version
            // itself (`/v1.0/me`), which Graph takes.
            let target = if version.is_empty() || !crate::graph::version_of(&inner.url).is_empty() {
                inner.url.clone()
            } else {
                format!("/{version}{}", inner.url)
            };
            let content_type = inner
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                .map(|(_, v)| v.as_str());
            let body = inner.body.as_deref().unwrap_or(&[]);
            let answer = self.answer(
                &inner.method,
                &target,
                content_type,
                body,
                Some(host.as_str()).filter(|h| !h.is_empty()),
            );
            let mut entry = answer.line(Line::new(
                &inner.method,
                &target,
                Headers::Pairs(&inner.headers),
                body,
            ));
            entry.batch = Some(BatchLine {
                line,
                id: &inner.id,
            });
            self.record(&entry, answer.route);
            inner_response(answer.response)
        });
        match result {
            Ok(document) => json_response(StatusCode::OK, &document),
            Err(e) => json_response(StatusCode::BAD_REQUEST, &e.to_json()),
        }
    }

    /// `GET /_mdcontract/content/{route}`: where a documented redirect to a
    /// download host points instead, the bytes of the file (placeholder
    /// bytes of the documented media type). Not journaled: the request that
    /// was redirected is.
    fn content(&self, route: &str) -> Response<Full<Bytes>> {
        let media = route
            .parse::<usize>()
            .ok()
            .and_then(|r| self.index.download_type(r))
            .unwrap_or("application/octet-stream");
        let mut r = Response::new(Full::new(Bytes::from(super::media::placeholder_bytes(
            media, route,
        ))));
        if let Ok(v) = HeaderValue::from_str(media) {
            r.headers_mut().insert(CONTENT_TYPE, v);
        }
        r
    }

    /// Journals `entry` and counts it in the live tally (as matching the
    /// example at `route`, or as unmatched); the journal line.
    fn record(&self, entry: &Line<'_>, route: Option<usize>) -> usize {
        let line = self.journal.append(entry);
        if entry.protocol.is_some() {
            self.tally.protocol();
            return line;
        }
        if entry.batch.is_some() {
            self.tally.in_batch();
        }
        match (route, &entry.answer) {
            (Some(route), Some(answer)) if answer.repaired.is_empty() => {
                self.tally.matched(route);
                if answer.synthesised {
                    self.tally.synthesised();
                }
            }
            (Some(route), Some(answer)) => self.tally.answered(route, &answer.to_answer(), line),
            (Some(route), None) => self.tally.matched(route),
            (None, _) => self.tally.unmatched(Unmatched {
                line,
                method: entry.method.to_string(),
                url: entry.url.to_string(),
                mismatch: entry.unmatched.cloned().unwrap_or(Mismatch {
                    closest: None,
                    reason: String::new(),
                }),
            }),
        }
        line
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

/// One answer and what the journal says of it.
struct Handled<'a> {
    response: Response<Full<Bytes>>,
    /// The route that answered (for the live tally).
    route: Option<usize>,
    matched: Option<&'a str>,
    unmatched: Option<Mismatch>,
    answer: Option<AnswerLine<'a>>,
}

impl<'a> Handled<'a> {
    /// A request refused with `response` (Graph's error shape), for `why`.
    fn refused(response: Response<Full<Bytes>>, why: Mismatch) -> Self {
        Handled {
            response,
            route: None,
            matched: None,
            unmatched: Some(why),
            answer: None,
        }
    }

    /// `line`, the request's journal line, with what this answer says of it.
    fn line<'l>(&'l self, line: Line<'l>) -> Line<'l> {
        Line {
            matched: self.matched,
            unmatched: self.unmatched.as_ref(),
            answer: self.answer.as_ref().map(AnswerLine::borrowed),
            ..line
        }
    }
}

/// A `Location` on this server's [`CONTENT_PATH`] made absolute with the
/// request's `Host`, as Graph's download redirects are.
fn absolute_location(response: &mut Response<Full<Bytes>>, headers: &hyper::HeaderMap) {
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
fn rebase_links(body: &mut serde_json::Value, host: &str) {
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
fn has_graph_links(body: &serde_json::Value) -> bool {
    LINKS.iter().any(|k| {
        body.get(k)
            .and_then(serde_json::Value::as_str)
            .is_some_and(on_graph)
    })
}

/// `/v1.0/$batch`, `/beta/$batch`, `/$batch`.
fn is_batch(path: &str) -> bool {
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
fn pending_options(
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
fn inner_response(r: Response<Full<Bytes>>) -> super::batch::InnerResponse {
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
    super::batch::InnerResponse {
        status: parts.status.as_u16(),
        headers,
        body: bytes,
        content_type,
    }
}

/// The bytes of a `Full` body, which is ready at once.
fn full_bytes(body: Full<Bytes>) -> Bytes {
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
struct Prebuilt {
    status: StatusCode,
    headers: hyper::HeaderMap,
    body: Bytes,
    /// The body has a next or delta link on Graph's host, which each
    /// answer points at the host the request was sent to.
    links: bool,
}

impl Prebuilt {
    fn of(reply: &crate::replay::prepare::Reply) -> Self {
        let r = reply_response(reply, None, None);
        let (parts, body) = r.into_parts();
        Prebuilt {
            status: parts.status,
            headers: parts.headers,
            body: full_bytes(body),
            links: reply.body.json.as_ref().is_some_and(has_graph_links),
        }
    }

    fn response(&self) -> Response<Full<Bytes>> {
        let mut r = Response::new(Full::new(self.body.clone()));
        *r.status_mut() = self.status;
        *r.headers_mut() = self.headers.clone();
        r
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

/// `body` as `application/json` with `status`.
fn json_response(status: StatusCode, body: &serde_json::Value) -> Response<Full<Bytes>> {
    with_body(
        status,
        serde_json::to_vec(body).unwrap_or_default(),
        "application/json",
    )
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
    json_response(status, &body)
}

/// The documented status, headers and body; a JSON body as
/// `application/json`; 204 and 202 empty.
fn reply_response(
    reply: &crate::replay::prepare::Reply,
    options: Option<&QueryOptions>,
    host: Option<&str>,
) -> Response<Full<Bytes>> {
    let empty = matches!(reply.status, 202 | 204) || reply.body.bytes.is_empty();
    let shaped = (200..300).contains(&reply.status) && (options.is_some() || host.is_some());
    let body = match &reply.body.json {
        _ if empty => Bytes::new(),
        Some(json) if shaped => {
            let mut json = json.clone();
            if let Some(options) = options {
                super::odata::apply(options, &mut json);
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
