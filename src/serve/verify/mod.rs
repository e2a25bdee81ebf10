//! The verdict on what clients sent: which documented examples were
//! exercised, and every request that matched none, with the closest example
//! and the reason. Built from a journal file (`mdcontract verify`) or kept
//! live by the server ([`Tally`], `GET /_mdcontract/report`); a data model
//! with its findings for SARIF and the console. The writers (text, JSON
//! lines, JUnit, HTML) are in `crate::report::verify`.

mod model;
mod read;
#[cfg(test)]
pub(crate) mod sample;
mod tally;
#[cfg(test)]
mod tests;

pub use model::{Family, Repaired, Unmatched, Verdict};
pub use read::verify;
pub use tally::Tally;
