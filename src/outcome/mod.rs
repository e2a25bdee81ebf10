//! Findings and their codes: what every stage reports.

mod codes;
mod finding;

pub use codes::{Code, Severity};
pub use finding::{Detail, Finding, Tally};
