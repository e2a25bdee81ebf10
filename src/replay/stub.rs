//! The stub target: each example gets a wiremock server with its documented
//! response mounted for its documented request, and the documented request is
//! then sent to it.
//!
//! Servers are pooled here rather than in wiremock's global pool, because the
//! global pool only hands out servers that record every request they receive,
//! and the replay never reads them: these are built with request recording
//! disabled and reset before reuse. There are as many servers as examples in
//! flight, so one server never holds more than one mock and examples that share
//! a URL (`GET /me`) cannot shadow each other.

use std::sync::Mutex;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::client::error_chain;
use super::matcher::{DocumentedRequest, RequestPattern};
use super::prepare::Prepared;
use super::target::{BoxFuture, Observed, Target, TargetError};

/// Replays against wiremock stubs; see the module documentation.
#[derive(Debug)]
pub struct StubTarget {
    client: reqwest::Client,
    idle: Mutex<Vec<MockServer>>,
}

/// Default time allowed for one exchange with a stub.
pub const STUB_TIMEOUT: Duration = Duration::from_secs(30);

impl StubTarget {
    /// A stub target with a plain-HTTP client that follows no redirect (a
    /// documented 302 is checked as a 302) and uses no proxy.
    pub fn new() -> Result<Self, TargetError> {
        let client = super::client::client_builder()
            .timeout(STUB_TIMEOUT)
            .build()
            .map_err(|e| TargetError::Unavailable(format!("cannot build the HTTP client: {e}")))?;
        Ok(StubTarget {
            client,
            idle: Mutex::new(Vec::new()),
        })
    }

    async fn server(&self) -> MockServer {
        let pooled = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        match pooled {
            Some(server) => server,
            None => {
                MockServer::builder()
                    .disable_request_recording()
                    .start()
                    .await
            }
        }
    }

    async fn give_back(&self, server: MockServer) {
        server.reset().await;
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(server);
        }
    }

    async fn exchange(&self, ex: &Prepared) -> Result<Observed, TargetError> {
        let pattern = RequestPattern::new(&ex.request).map_err(TargetError::Request)?;
        let matcher = DocumentedRequest::new(pattern);
        let template = response_template(ex)?;
        let request = self.request(ex)?;
        let server = self.server().await;
        server
            .register(Mock::given(matcher.clone()).respond_with(template))
            .await;
        let sent = self.send_to(&server, request).await;
        self.give_back(server).await;
        let observed = sent?;
        if let Some(why) = matcher.last_mismatch() {
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

    async fn send_to(
        &self,
        server: &MockServer,
        parts: RequestParts,
    ) -> Result<Observed, TargetError> {
        let url = format!("{}{}", server.uri(), parts.target);
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
