//! The [`Target`] trait: where a replayed request goes.

use std::future::Future;
use std::pin::Pin;

use super::prepare::Prepared;

/// A boxed future, so that targets can be chosen at run time (`dyn Target`).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Observed {
    pub status: u16,
    /// Response headers in the order received, names lowercase.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Observed {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why an exchange produced no response to check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// The documented request cannot be turned into an HTTP request
    /// (an invalid header, a URL that does not parse).
    #[error("cannot send the documented request: {0}")]
    Request(String),
    /// The stub could not serve the documented response.
    #[error("cannot serve the documented response: {0}")]
    Response(String),
    /// The stub received the request but it did not match the documented one.
    #[error("the stub did not match the request it was sent: {0}")]
    NotMatched(String),
    /// Connection refused, reset, timed out...
    #[error("exchange failed: {0}")]
    Transport(String),
    /// The target is not available (a client that cannot be built, bad
    /// settings).
    #[error("{0}")]
    Unavailable(String),
    /// Not sent, on purpose: a write in read-only live mode, a URL with
    /// nowhere to go. The example is reported skipped, not failed.
    #[error("not sent: {0}")]
    Skipped(String),
    /// No credentials to send (the token endpoint refused or failed).
    #[error("{0}")]
    Auth(String),
    /// The service kept answering 429, 503 or 504 past the retries allowed.
    #[error("{0}")]
    GaveUp(String),
}

/// Sends one example's request and returns the observed response.
///
/// Implementations: [`super::StubTarget`] (wiremock, the documented response
/// mounted for the documented request) and [`super::LiveTarget`] (a real
/// service). A target never judges the response: the checks do.
pub trait Target: Send + Sync {
    fn send<'a>(&'a self, example: &'a Prepared) -> BoxFuture<'a, Result<Observed, TargetError>>;

    /// Why `example` is not to be sent at all, asked before anything else is
    /// done for it (live mode: a write without `--allow-writes`). `None`, the
    /// default, sends it.
    fn skip_reason(&self, example: &Prepared) -> Option<String> {
        let _ = example;
        None
    }
}
