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

mod respond;
mod wire;

use wire::Prebuilt;

use std::convert::Infallible;
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};

use super::index::Index;
use super::journal::Journal;
use super::verify::{Tally, Verdict};

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
    live: LiveReport,
}

/// How the live report (`GET /_mdcontract/report`) is written: text when
/// the flag is set, else JSON lines. The writers are in `crate::report`,
/// above this module, so the caller hands one in.
pub type LiveReport = fn(&mut dyn std::io::Write, &Verdict, bool) -> std::io::Result<()>;

impl Server {
    /// Starts serving `index` on 127.0.0.1:`port` (0 = any free port),
    /// journaling to `journal` when given, the live report written by
    /// `live`. Must be called within a tokio runtime.
    pub async fn start(
        index: Index,
        port: u16,
        journal: Option<&Path>,
        live: LiveReport,
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
            live,
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
