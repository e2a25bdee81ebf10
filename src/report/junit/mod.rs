//! JUnit XML, the test report format CI systems show (GitLab, Jenkins, Azure
//! Pipelines, the GitHub test-report actions).
//!
//! Two halves: a small [`model`] of what JUnit can say with its writer, and
//! builders that fill the model: [`check`] (one case per page, from
//! findings) and [`replay`] (one case per example). `verify` fills the same
//! model from `crate::serve`.

pub mod check;
pub mod model;
pub mod replay;
#[cfg(test)]
mod tests;

pub use check::junit;
pub use model::{CaseOutcome, JunitCase, JunitReport, JunitSuite};
