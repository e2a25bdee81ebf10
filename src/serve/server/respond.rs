//! Answering one request: the live report, a download of placeholder
//! bytes, a `$batch`, or the route the index finds; each journaled and
//! counted in the live tally.

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Request, Response, StatusCode};

use super::wire::{
    absolute_location, error_response, inner_response, is_batch, json_response, pending_options,
    reply_response, with_body,
};
use super::{BODY_MAX, REPORT_PATH, Responder};
use crate::serve::index::{CONTENT_PATH, Lookup, Miss, Protocol};
use crate::serve::journal::{AnswerLine, BatchLine, Headers, Line};
use crate::serve::odata::QueryOptions;
use crate::serve::verify::Unmatched;

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
    pub(super) async fn handle(&self, req: Request<Incoming>) -> Response<Full<Bytes>> {
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
        let pairs = crate::serve::index::query_pairs(query, version);
        let options = match QueryOptions::parse_for(&pairs, version) {
            Ok(o) => o,
            Err(e) => {
                let why = Miss {
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
                            .as_deref()
                            .and_then(crate::serve::odata::count_text)
                            .unwrap_or_else(|| "0".to_string());
                        with_body(StatusCode::OK, count.into_bytes(), "text/plain")
                    }
                    Some(Protocol::StreamRead) => with_body(
                        StatusCode::OK,
                        crate::serve::media::placeholder_bytes("application/octet-stream", path),
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
        let result = crate::serve::batch::run_with_hosts(request.body, &[host.as_str()], |inner| {
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
        let mut r = Response::new(Full::new(Bytes::from(
            crate::serve::media::placeholder_bytes(media, route),
        )));
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
                miss: entry.unmatched.cloned().unwrap_or(Miss {
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
        let written = (self.live)(&mut body, &verdict, text);
        let mime = if text {
            "text/plain; charset=utf-8"
        } else {
            "application/x-ndjson"
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
    unmatched: Option<Miss>,
    answer: Option<AnswerLine<'a>>,
}

impl<'a> Handled<'a> {
    /// A request refused with `response` (Graph's error shape), for `why`.
    fn refused(response: Response<Full<Bytes>>, why: Miss) -> Self {
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
