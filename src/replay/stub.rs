//! The stub target: wiremock serving each example's documented response for
//! its documented request, and the documented request then sent to it.
//!
//! Each stub server holds one mock, mounted when the server starts: its
//! responder looks the example up by a key the client sends in the
//! [`ROUTE_HEADER`] header (a map lookup), matches the request against the
//! documented one with the [`matcher`](super::matcher) and answers the
//! documented response, or a 404 and the reason it did not match. Examples
//! that share a URL (`GET /me`) cannot shadow each other: each has its own
//! key, so a server serves any number of exchanges at once.
//!
//! Nothing is mounted or reset per example. The servers (one per core by
//! default, each wiremock server on a thread of its own) start with the
//! first exchange, and the exchanges in flight take them in turn: a server
//! thread that wakes up for one request finds the others of its connections
//! ready too, which costs fewer thread wake-ups than one server per exchange
//! in flight. A server is reset and its mock mounted again only every
//! [`RESET_EVERY`] exchanges, because wiremock keeps a copy of every request
//! a mock matched; the reset waits for the exchanges in flight on that server
//! and holds back new ones until the mock is mounted again. The servers
//! record no requests and the client keeps its connections to them alive, so
//! an exchange costs one round trip on loopback.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::client::error_chain;
use super::matcher::RequestPattern;
use super::prepare::Prepared;
use super::target::{BoxFuture, Observed, Target, TargetError};

/// The request header that names an example's route on the stub. The
/// matcher compares method, path, query and body only, so it never sees it.
pub const ROUTE_HEADER: &str = "x-mdcontract-route";

/// Exchanges a server serves before it is reset (dropping the copies of the
/// requests its mock matched) and its mock mounted again.
pub const RESET_EVERY: usize = 64;

/// Replays against wiremock stubs; see the module documentation.
#[derive(Debug)]
pub struct StubTarget {
    client: reqwest::Client,
    routes: Arc<Routes>,
    servers: tokio::sync::OnceCell<Vec<Server>>,
    count: usize,
    next: AtomicU64,
    turn: AtomicUsize,
}

/// A started stub and its base URL. An exchange holds `gate` for reading
/// while it is in flight; a reset holds it for writing. `served` counts the
/// exchanges since the mock was mounted.
#[derive(Debug)]
struct Server {
    server: MockServer,
    uri: String,
    gate: tokio::sync::RwLock<()>,
    served: AtomicUsize,
}

/// Default time allowed for one exchange with a stub.
pub const STUB_TIMEOUT: Duration = Duration::from_secs(30);

/// The examples in flight, by route key.
#[derive(Debug, Default)]
struct Routes {
    map: Mutex<HashMap<u64, Arc<Route>>>,
}

/// One example in flight: what it must be sent, what it is answered, and why
/// the request that reached the stub did not match, if it did not.
#[derive(Debug)]
struct Route {
    pattern: RequestPattern,
    reply: ResponseTemplate,
    mismatch: Mutex<Option<String>>,
}

/// Removes a route from the map when the exchange ends, however it ends.
struct Mounted<'a> {
    routes: &'a Routes,
    key: u64,
}

impl Drop for Mounted<'_> {
    fn drop(&mut self) {
        if let Ok(mut map) = self.routes.map.lock() {
            map.remove(&self.key);
        }
    }
}

/// The responder of the one mock every stub holds.
struct Router(Arc<Routes>);

impl Respond for Router {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let route = request
            .headers
            .get(ROUTE_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .and_then(|key| self.0.map.lock().ok()?.get(&key).cloned());
        let Some(route) = route else {
            return ResponseTemplate::new(404);
        };
        match route
            .pattern
            .explain(request.method.as_str(), &request.url, &request.body)
        {
            Ok(()) => route.reply.clone(),
            Err(why) => {
                if let Ok(mut slot) = route.mismatch.lock() {
                    *slot = Some(why);
                }
                ResponseTemplate::new(404)
            }
        }
    }
}

impl StubTarget {
    /// A stub target with a plain-HTTP client that follows no redirect (a
    /// documented 302 is checked as a 302) and uses no proxy, and one
    /// server per core, started with the first exchange.
    pub fn new() -> Result<Self, TargetError> {
        Self::with_servers(std::thread::available_parallelism().map_or(1, usize::from))
    }

    /// A stub target with `count` servers (at least one).
    pub fn with_servers(count: usize) -> Result<Self, TargetError> {
        // Plain HTTP to loopback only: no trust roots to load (the
        // platform's would cost milliseconds at every start).
        let client = super::client::client_builder()
            .tls_certs_only(std::iter::empty())
            .timeout(STUB_TIMEOUT)
            .build()
            .map_err(|e| TargetError::Unavailable(format!("cannot build the HTTP client: {e}")))?;
        Ok(StubTarget {
            client,
            routes: Arc::default(),
            servers: tokio::sync::OnceCell::new(),
            count: count.max(1),
            next: AtomicU64::new(0),
            turn: AtomicUsize::new(0),
        })
    }

    /// The mock every server holds.
    fn router(&self) -> Mock {
        Mock::given(wiremock::matchers::any()).respond_with(Router(self.routes.clone()))
    }

    /// The next server in turn, the servers started on first use.
    async fn server(&self) -> &Server {
        let servers = self
            .servers
            .get_or_init(|| async {
                let mut servers = Vec::with_capacity(self.count);
                for _ in 0..self.count {
                    let server = MockServer::builder()
                        .disable_request_recording()
                        .start()
                        .await;
                    server.register(self.router()).await;
                    let uri = server.uri();
                    servers.push(Server {
                        server,
                        uri,
                        gate: tokio::sync::RwLock::new(()),
                        served: AtomicUsize::new(0),
                    });
                }
                servers
            })
            .await;
        &servers[self.turn.fetch_add(1, Ordering::Relaxed) % servers.len()]
    }

    /// Sends `request` to the next server, and resets that server when it
    /// has served [`RESET_EVERY`] exchanges.
    async fn send(&self, request: RequestParts) -> Result<Observed, TargetError> {
        let server = self.server().await;
        let sent = {
            let _in_flight = server.gate.read().await;
            self.send_to(&server.uri, request).await
        };
        if server.served.fetch_add(1, Ordering::Relaxed) + 1 >= RESET_EVERY {
            let _alone = server.gate.write().await;
            // Another exchange may have reset it while this one waited.
            if server.served.load(Ordering::Relaxed) >= RESET_EVERY {
                server.server.reset().await;
                server.server.register(self.router()).await;
                server.served.store(0, Ordering::Relaxed);
            }
        }
        sent
    }

    async fn exchange(&self, ex: &Prepared) -> Result<Observed, TargetError> {
        let pattern = RequestPattern::new(&ex.request).map_err(TargetError::Request)?;
        let reply = response_template(ex)?;
        let mut request = self.request(ex)?;
        let key = self.next.fetch_add(1, Ordering::Relaxed);
        let route = Arc::new(Route {
            pattern,
            reply,
            mismatch: Mutex::new(None),
        });
        request.headers.insert(
            HeaderName::from_static(ROUTE_HEADER),
            HeaderValue::from(key),
        );
        let mounted = Mounted {
            routes: &self.routes,
            key,
        };
        if let Ok(mut map) = self.routes.map.lock() {
            map.insert(key, route.clone());
        }
        let sent = self.send(request).await;
        drop(mounted);
        let observed = sent?;
        if let Some(why) = route.mismatch.lock().ok().and_then(|mut m| m.take()) {
            return Err(TargetError::NotMatched(why));
        }
        Ok(observed)
    }

    fn request(&self, ex: &Prepared) -> Result<RequestParts, TargetError> {
        let method = reqwest::Method::from_bytes(ex.request.method.as_bytes()).map_err(|_| {
            TargetError::Request(format!("`{}` is not a method", ex.request.method))
        })?;
        let headers = header_map(&ex.request.headers).map_err(TargetError::Request)?;
        Ok(RequestParts {
            method,
            headers,
            target: ex.request.target.clone(),
            body: ex.request.body.bytes.clone(),
        })
    }

    async fn send_to(&self, base: &str, parts: RequestParts) -> Result<Observed, TargetError> {
        let url = format!("{base}{}", parts.target);
        let url = reqwest::Url::parse(&url)
            .map_err(|e| TargetError::Request(format!("`{}` is not a URL: {e}", parts.target)))?;
        let mut request = self
            .client
            .request(parts.method, url)
            .headers(parts.headers);
        if !parts.body.is_empty() {
            request = request.body(parts.body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| TargetError::Transport(error_chain(&e)))?;
        let status = response.status().as_u16();
        let headers = crate::replay::client::observed_headers(response.headers());
        let body = response
            .bytes()
            .await
            .map_err(|e| TargetError::Transport(error_chain(&e)))?
            .to_vec();
        Ok(Observed {
            status,
            headers,
            body,
        })
    }
}

impl Target for StubTarget {
    fn send<'a>(&'a self, example: &'a Prepared) -> BoxFuture<'a, Result<Observed, TargetError>> {
        Box::pin(self.exchange(example))
    }
}

struct RequestParts {
    method: reqwest::Method,
    headers: HeaderMap,
    target: String,
    body: Vec<u8>,
}

fn response_template(ex: &Prepared) -> Result<ResponseTemplate, TargetError> {
    let status = reqwest::StatusCode::from_u16(ex.reply.status)
        .map_err(|_| TargetError::Response(format!("{} is not a status code", ex.reply.status)))?;
    let headers = header_map(&ex.reply.headers).map_err(TargetError::Response)?;
    let mut template = ResponseTemplate::new(status);
    for (name, value) in &headers {
        template = template.append_header(name.clone(), value.clone());
    }
    Ok(template.set_body_bytes(ex.reply.body.bytes.clone()))
}

/// Documented headers as HTTP headers; a line that is not one is an error
/// naming it (wiremock would panic on it).
fn header_map(headers: &[(String, String)]) -> Result<HeaderMap, String> {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let n = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("`{name}` is not a valid header name"))?;
        let v = HeaderValue::from_bytes(value.as_bytes())
            .map_err(|_| format!("the value of header `{name}` is not a valid header value"))?;
        map.append(n, v);
    }
    Ok(map)
}
