//! Replay: every example's documented request sent to a target, and the
//! observed response checked against the documented one. The only code that
//! touches the network.
//!
//! The parts, in the order an example goes through them: [`prepare`] (pure:
//! the bytes to send and to serve, the URL under the service root), a
//! [`Target`] ([`StubTarget`]: wiremock, with the [`matcher`] that compares
//! decoded paths, query sets and JSON bodies), the [`checks`] of the exchange
//! (status, Content-Type, Content-Length, body, snapshot), and [`report`]
//! (verdicts and mismatches with their lines). [`runner`] strings them
//! together on one shared runtime.

pub mod checks;
pub mod diff;
pub mod junit;
pub mod matcher;
pub mod prepare;
pub mod render;
pub mod report;
pub mod runner;
mod stub;
mod target;

pub use prepare::{PrepareError, Prepared};
pub use report::{ExampleReport, Mismatch, Summary, Verdict};
pub use runner::{
    Replayer, Selection, all_examples, default_jobs, glob_matches, replay_suite, runtime, select,
};
pub use stub::{STUB_TIMEOUT, StubTarget};
pub use target::{BoxFuture, Observed, Target, TargetError};

use std::sync::Arc;

/// Which target to replay against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// wiremock stubs serving the documented responses.
    Stub,
    /// A live service. Not implemented yet.
    Live,
}

impl std::str::FromStr for TargetKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "stub" | "" => Ok(TargetKind::Stub),
            "live" => Ok(TargetKind::Live),
            other => Err(format!("unknown target `{other}`: use `stub` or `live`")),
        }
    }
}

impl TargetKind {
    /// Builds the target. Live mode is not implemented yet and says so.
    pub fn build(self) -> Result<Arc<dyn Target>, TargetError> {
        match self {
            TargetKind::Stub => Ok(Arc::new(StubTarget::new()?)),
            TargetKind::Live => Err(TargetError::Unavailable(
                "live mode is not implemented yet: only the stub target exists (MDCONTRACT_TARGET=stub)"
                    .to_string(),
            )),
        }
    }
}
