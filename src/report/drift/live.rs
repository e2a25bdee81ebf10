//! The note a docs ⇄ live run ends with: how many documented responses were
//! compared, and why the others were not.

use crate::drift::live::LiveStats;

/// `compared 3 of 4 documented GET responses with URL; 1 answered with
/// another status than documented (not compared)`, then the skipped and
/// failed counts with the first reason of each. Not redacted: the caller
/// redacts it with the run's secrets.
pub fn live_note(s: &LiveStats, against: &str) -> String {
    let mut note = format!(
        "compared {} of {} documented GET responses with {against}",
        s.compared, s.selected
    );
    if s.other_status > 0 {
        note.push_str(&format!(
            "; {} answered with another status than documented (not compared)",
            s.other_status
        ));
    }
    if s.skipped > 0 {
        note.push_str(&format!(
            "; {} not sent (first: {})",
            s.skipped,
            s.first_skip.as_deref().unwrap_or("")
        ));
    }
    if s.errored > 0 {
        note.push_str(&format!(
            "; {} failed (first: {})",
            s.errored,
            s.first_error.as_deref().unwrap_or("")
        ));
    }
    note
}
