//! [`LiveTarget`]: documented requests sent to a real service.

use std::time::{Duration, SystemTime};

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};

use super::auth::{Authenticator, Credentials};
use super::base_url::BaseUrls;
use super::retry::{Decision, RetryPolicy, is_retryable, retry_after};
use super::secret::{Redactor, Secret};
use crate::replay::client::{client_builder, error_chain};
use crate::replay::prepare::{Origin, Prepared};
use crate::replay::target::{BoxFuture, Observed, Target, TargetError};

/// Time allowed for one attempt of one request, unless `--timeout` says
/// otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest wait for a connection, whatever the timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// True for a method that changes something: every method but GET and HEAD.
pub fn is_write(method: &str) -> bool {
    !matches!(method.to_ascii_uppercase().as_str(), "GET" | "HEAD")
}

/// Sends documented requests to a live service: URLs rebased onto the
/// [`BaseUrls`], the credentials' token in `Authorization`, writes refused
/// unless allowed, 429/503/504 retried as the [`RetryPolicy`] says. Built with
/// [`LiveTarget::builder`].
pub struct LiveTarget {
    client: reqwest::Client,
    bases: BaseUrls,
    auth: Authenticator,
    retry: RetryPolicy,
    timeout: Duration,
    allow_writes: bool,
    redactor: Redactor,
}

impl std::fmt::Debug for LiveTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveTarget")
            .field("bases", &self.bases)
            .field("credentials", self.auth.credentials())
            .field("timeout", &self.timeout)
            .field("allow_writes", &self.allow_writes)
            .finish_non_exhaustive()
    }
}

/// Settings of a [`LiveTarget`]; nothing is sent until it is built and used.
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct LiveTargetBuilder {
    bases: BaseUrls,
    credentials: Credentials,
    timeout: Duration,
    allow_writes: bool,
    retry: RetryPolicy,
}

impl LiveTargetBuilder {
    /// How requests authenticate. Default: [`Credentials::Anonymous`].
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Time allowed for each attempt of each request, connecting and
    /// reading the body included. Default: [`DEFAULT_TIMEOUT`].
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Whether POST, PUT, PATCH, DELETE (every method but GET and HEAD) are
    /// sent. Default: false; they are reported skipped and nothing is sent.
    pub fn should_allow_writes(mut self, allow: bool) -> Self {
        self.allow_writes = allow;
        self
    }

    /// Retries of 429, 503 and 504. Default: [`RetryPolicy::default`].
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn build(self) -> Result<LiveTarget, TargetError> {
        if self.bases.is_empty() {
            return Err(TargetError::Unavailable(
                "live replay needs a base URL (--base-url URL, or MDCONTRACT_BASE_URL)".into(),
            ));
        }
        let client = client_builder()
            .timeout(self.timeout)
            .connect_timeout(self.timeout.min(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| TargetError::Unavailable(format!("cannot build the HTTP client: {e}")))?;
        let redactor = Redactor::new();
        Ok(LiveTarget {
            client,
            bases: self.bases,
            auth: Authenticator::new(self.credentials, redactor.clone()),
            retry: self.retry,
            timeout: self.timeout,
            allow_writes: self.allow_writes,
            redactor,
        })
    }
}

impl LiveTarget {
    pub fn builder(bases: BaseUrls) -> LiveTargetBuilder {
        LiveTargetBuilder {
            bases,
            credentials: Credentials::Anonymous,
            timeout: DEFAULT_TIMEOUT,
            allow_writes: false,
            retry: RetryPolicy::default(),
        }
    }

    /// Masks the run's secrets (the credentials' and every access token
    /// obtained); share it with whatever writes output.
    pub fn redactor(&self) -> Redactor {
        self.redactor.clone()
    }

    /// Where requests go and how they authenticate, in words.
    pub fn describe(&self) -> String {
        format!(
            "{} with {}{}",
            self.bases.describe(),
            self.auth.credentials().describe(),
            if self.allow_writes {
                ", writes allowed"
            } else {
                ", read-only"
            }
        )
    }

    /// Whether writes are sent ([`LiveTargetBuilder::should_allow_writes`]).
    pub fn allows_writes(&self) -> bool {
        self.allow_writes
    }

    /// How many times the token endpoint was asked for a token.
    pub fn tokens_fetched(&self) -> usize {
        self.auth.tokens_fetched()
    }

    /// Obtains the access token now (client credentials), so that a run can
    /// stop before its first example when the token endpoint refuses.
    pub async fn authenticate(&self) -> Result<(), TargetError> {
        self.token().await.map(|_| ())
    }

    async fn token(&self) -> Result<Option<Secret>, TargetError> {
        self.auth
            .token(&self.client, self.timeout)
            .await
            .map_err(|e| TargetError::Auth(e.to_string()))
    }

    async fn exchange(&self, ex: &Prepared) -> Result<Observed, TargetError> {
        if let Some(why) = self.skip_reason(ex) {
            return Err(TargetError::Skipped(why));
        }
        let url = self
            .bases
            .rebase(&ex.request.target)
            .map_err(|e| TargetError::Skipped(e.to_string()))?;
        let method = reqwest::Method::from_bytes(ex.request.method.as_bytes()).map_err(|_| {
            TargetError::Request(format!("`{}` is not a method", ex.request.method))
        })?;
        let mut headers = header_map(&ex.request.headers)?;
        if let Some(token) = self.token().await? {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                    TargetError::Auth("the access token is not a valid header value".into())
                })?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        let origin = url.origin().ascii_serialization();
        let mut retries = 0;
        loop {
            let mut request = self
                .client
                .request(method.clone(), url.clone())
                .headers(headers.clone());
            if !ex.request.body.bytes.is_empty() {
                request = request.body(ex.request.body.bytes.clone());
            }
            let response = request
                .send()
                .await
                .map_err(|e| self.transport(&origin, url.scheme(), &e))?;
            let status = response.status();
            if is_retryable(status.as_u16(), method.as_str()) {
                let asked = response
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| retry_after(v, SystemTime::now()));
                match self.retry.decide(retries, asked) {
                    Decision::Wait(wait) => {
                        retries += 1;
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    Decision::GiveUp(why) => {
                        return Err(TargetError::GaveUp(format!(
                            "{origin} answered {status}: {why}"
                        )));
                    }
                }
            }
            let headers = crate::replay::client::observed_headers(response.headers());
            let body = response
                .bytes()
                .await
                .map_err(|e| self.transport(&origin, url.scheme(), &e))?
                .to_vec();
            return Ok(Observed {
                status: status.as_u16(),
                headers,
                body,
            });
        }
    }

    /// A failed exchange in words: a timeout names the limit, a refused or
    /// failed connection the origin, a TLS failure says it is one.
    fn transport(&self, origin: &str, scheme: &str, e: &reqwest::Error) -> TargetError {
        let chain = error_chain(e);
        if e.is_timeout() {
            return TargetError::Transport(format!(
                "no answer from {origin} within {} s (the --timeout)",
                self.timeout.as_secs_f64()
            ));
        }
        if e.is_connect() {
            let lower = chain.to_ascii_lowercase();
            let tls = scheme == "https"
                && [
                    "tls",
                    "certificate",
                    "handshake",
                    "corrupt message",
                    "alert",
                ]
                .iter()
                .any(|w| lower.contains(w));
            let plain = ["corrupt message", "invalidcontenttype"]
                .iter()
                .any(|w| lower.contains(w));
            return TargetError::Transport(if tls && plain {
                format!(
                    "TLS handshake with {origin} failed (the server does not speak TLS: is it plain HTTP?): {chain}"
                )
            } else if tls {
                format!("TLS handshake with {origin} failed: {chain}")
            } else {
                format!("cannot connect to {origin}: {chain}")
            });
        }
        TargetError::Transport(chain)
    }
}

impl Target for LiveTarget {
    fn send<'a>(&'a self, example: &'a Prepared) -> BoxFuture<'a, Result<Observed, TargetError>> {
        Box::pin(self.exchange(example))
    }

    fn skip_reason(&self, example: &Prepared) -> Option<String> {
        let method = &example.request.method;
        if !self.allow_writes && is_write(method) {
            return Some(format!(
                "{method} is a write; live replay sends only GET and HEAD unless --allow-writes"
            ));
        }
        if let Origin::Other { host } = &example.request.origin {
            return Some(format!(
                "the URL is on {host}, not on the documented service: it is not rebased, and no token is sent there"
            ));
        }
        self.bases
            .rebase(&example.request.target)
            .err()
            .map(|e| e.to_string())
    }
}

/// The documented headers to send: a documented `Authorization` (a
/// placeholder such as `Bearer {token}`) is replaced by the run's own.
fn header_map(headers: &[(String, String)]) -> Result<HeaderMap, TargetError> {
    let mut map = HeaderMap::with_capacity(headers.len() + 1);
    for (name, value) in headers {
        let n = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| TargetError::Request(format!("`{name}` is not a valid header name")))?;
        if n == AUTHORIZATION {
            continue;
        }
        let v = HeaderValue::from_bytes(value.as_bytes()).map_err(|_| {
            TargetError::Request(format!(
                "the value of header `{name}` is not a valid header value"
            ))
        })?;
        map.append(n, v);
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_but_get_and_head_is_a_write() {
        for m in ["POST", "patch", "PUT", "DELETE", "OPTIONS"] {
            assert!(is_write(m), "{m}");
        }
        assert!(!is_write("get") && !is_write("HEAD"));
    }

    #[test]
    fn a_documented_authorization_header_is_never_sent() {
        let map = header_map(&[
            ("Authorization".into(), "Bearer {token}".into()),
            ("Prefer".into(), "return=minimal".into()),
        ])
        .unwrap();
        assert_eq!(map.len(), 1);
        assert!(map.get("prefer").is_some());
    }
}
