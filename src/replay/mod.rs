//! Replay: every example's documented request sent to a target, and the
//! observed response checked against the documented one. The only code that
//! touches the network.
//!
//! The parts, in the order an example goes through them: [`prepare`] (pure:
//! the bytes to send and to serve, the URL under the service root), a
//! [`Target`] ([`StubTarget`]: wiremock, with the [`matcher`] that compares
//! decoded paths, query sets and JSON bodies; [`LiveTarget`]: a real service,
//! see [`live`]), the [`checks`] of the exchange (status, Content-Type,
//! Content-Length, body or body shape, snapshot), and [`report`] (verdicts and
//! mismatches with their lines). [`runner`] strings them together on one
//! shared runtime; a [`PageSession`] replays a live page in order, and
//! [`pipeline`] sends a stub run's examples while its pages load. Every
//! client is built by [`client`].

pub mod checks;
pub mod client;
pub mod diff;
mod kind;
pub mod live;
pub mod matcher;
pub mod parallel;
pub mod pipeline;
pub mod prepare;
pub mod render;
pub mod report;
pub mod runner;
mod session;
mod stub;
mod target;

pub use kind::TargetKind;
pub use live::{LiveTarget, LiveTargetBuilder};
pub use parallel::{
    Selection, all_examples, default_jobs, glob_matches, replay_suite, runtime, select,
};
pub use prepare::{PrepareError, Prepared};
pub use report::{ExampleReport, Summary, Verdict};
pub use runner::Replayer;
pub use session::PageSession;
pub use stub::{RESET_EVERY, STUB_TIMEOUT, StubTarget};
pub use target::{BoxFuture, Observed, Target, TargetError};
