//! Findings and their codes: what every stage reports.

mod clip;
mod codes;
mod finding;

pub use clip::{CLIP, clip};
pub use codes::{Code, Severity};
pub use finding::{Detail, Finding, Tally};
