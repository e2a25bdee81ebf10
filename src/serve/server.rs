//! The server: one wiremock `MockServer` on 127.0.0.1 with a single
//! catch-all mock whose `Respond` consults the [`Index`].
//!
//! wiremock rather than hyper directly: it is already the replay's stub, it
//! takes a listener we bound ourselves (so a port in use is our error, with
//! our message), and it handles HTTP/1.1, keep-alive and malformed requests.
//! Its per-request cost with one mock and request recording disabled is the
//! matcher call; the linear scan that makes 5,000 mocks slow is replaced by
//! the index lookup.

use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderName, HeaderValue};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::index::{Index, Lookup};
use super::journal::{Journal, JournalEntry, journal_body, mask_header};
use super::verify::{Tally, Unmatched, Verdict, write_json, write_text};

/// The path of the live verdict (`GET`); never matched against the docs
/// and never journaled.
pub const REPORT_PATH: &str = "/_mdcontract/report";

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

/// A running server.
pub struct Server {
    mock: MockServer,
    responder: Arc<Responder>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("uri", &self.mock.uri())
            .finish()
    }
}

struct Responder {
    index: Index,
    journal: Journal,
    tally: Tally,
}

impl Server {
    /// Starts serving `index` on 127.0.0.1:`port` (0 = any free port),
    /// journaling to `journal` when given.
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
        let mock = MockServer::builder()
            .listener(listener)
            .disable_request_recording()
            .start()
            .await;
        mock.register(
            Mock::given(wiremock::matchers::any()).respond_with(Shared(responder.clone())),
        )
        .await;
        Ok(Server { mock, responder })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        self.mock.uri()
    }

    /// The verdict on the requests received so far.
    pub fn verdict(&self) -> Verdict {
        self.responder.tally.verdict()
    }

    /// Writes out the journal's buffer.
    pub fn flush(&self) -> std::io::Result<()> {
        self.responder.journal.flush()
    }
}

struct Shared(Arc<Responder>);

impl Respond for Shared {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.respond(request)
    }
}

impl Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let target = match request.url.query() {
            Some(q) => format!("{}?{q}", request.url.path()),
            None => request.url.path().to_string(),
        };
        let method = request.method.as_str();
        if request.url.path() == REPORT_PATH && method == "GET" {
            return self.report(request.url.query());
        }
        let lookup = self.index.lookup(method, &target, &request.body);
        let (template, matched, unmatched, route) = match lookup {
            Lookup::Matched { route, id, reply } => (
                reply_template(reply),
                Some(id.as_str().to_string()),
                None,
                Some(route),
            ),
            Lookup::Unmatched(why) => {
                let body = serde_json::json!({
                    "error": {
                        "code": "mdcontract.unmatched",
                        "message": format!("no documented example matches {method} {target}: {}", why.reason),
                        "closest": why.closest,
                    }
                });
                let template = ResponseTemplate::new(404).set_body_raw(
                    serde_json::to_vec(&body).unwrap_or_default(),
                    "application/json",
                );
                (template, None, Some(why), None)
            }
        };
        let entry = JournalEntry {
            time_ms: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or_default(),
            method: method.to_string(),
            url: target,
            headers: request
                .headers
                .iter()
                .map(|(n, v)| {
                    let v = String::from_utf8_lossy(v.as_bytes());
                    (n.as_str().to_string(), mask_header(n.as_str(), &v))
                })
                .collect(),
            body: journal_body(&request.body),
            matched,
            unmatched,
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
        template
    }

    /// `GET /_mdcontract/report[?format=json|text]`: the verdict so far, as
    /// `verify` writes it (JSON lines by default).
    fn report(&self, query: Option<&str>) -> ResponseTemplate {
        let verdict = self.tally.verdict();
        let text = query.is_some_and(|q| q.split('&').any(|p| p == "format=text"));
        let mut body = Vec::with_capacity(1 << 12);
        let (written, mime) = if text {
            (write_text(&mut body, &verdict), "text/plain; charset=utf-8")
        } else {
            (write_json(&mut body, &verdict), "application/x-ndjson")
        };
        match written {
            Ok(()) => ResponseTemplate::new(200).set_body_raw(body, mime),
            Err(e) => ResponseTemplate::new(500).set_body_string(e.to_string()),
        }
    }
}

/// The documented status, headers and body; a JSON body as
/// `application/json`; 204 and 202 empty.
fn reply_template(reply: &crate::replay::prepare::Reply) -> ResponseTemplate {
    let mut t = ResponseTemplate::new(reply.status);
    let empty = matches!(reply.status, 202 | 204) || reply.body.bytes.is_empty();
    for (name, value) in &reply.headers {
        if empty && name.eq_ignore_ascii_case("content-type") {
            continue;
        }
        if name.eq_ignore_ascii_case("content-type") && reply.body.json.is_some() {
            continue;
        }
        // A header the docs write that HTTP cannot carry is left out rather
        // than failing the reply.
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            t = t.append_header(n, v);
        }
    }
    if empty {
        return t;
    }
    match &reply.body.json {
        Some(_) => t.set_body_raw(reply.body.bytes.clone(), "application/json"),
        None => {
            let mime = reply
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                .map_or("application/octet-stream", |(_, v)| v.as_str());
            t.set_body_raw(reply.body.bytes.clone(), mime)
        }
    }
}
