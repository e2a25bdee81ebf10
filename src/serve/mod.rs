//! `mdcontract serve` and `mdcontract verify`: every example of the pages as
//! one stub server, and the verdict on what a client sent to it.
//!
//! Beside `replay/` rather than inside it: replay sends the documented request
//! and checks the answer, while serve answers requests that someone else (an
//! SDK) sends, and judges them. They share the pure preparation of an example
//! (`replay::prepare`), not a runtime shape. Split into the route index (pure,
//! no network), the journal (the file), the server (the network) and the
//! verdict (reads a journal back).

pub mod batch;
mod index;
mod journal;
pub mod media;
pub mod odata;
mod repair;
mod server;
mod synth;
mod verify;

pub use index::{Answered, Index, Lookup, Miss, Options as IndexOptions, Via};
pub use journal::{Answer, BODY_LIMIT, BatchRef, Journal, JournalEntry, mask_header};
pub use server::LiveReport;
pub use server::{REPORT_PATH, ServeError, Server};
#[cfg(test)]
pub(crate) use verify::sample as verify_sample;
pub use verify::{Family, Repaired, Tally, Unmatched, Verdict, verify};

/// Graph's error body for a request it refuses as malformed:
/// `{"error": {"code": "BadRequest", "message": …}}` (`$batch` and query
/// option errors alike).
pub fn bad_request(message: impl std::fmt::Display) -> serde_json::Value {
    serde_json::json!({
        "error": {
            "code": "BadRequest",
            "message": message.to_string(),
        }
    })
}
