//! `verify`'s verdict as JUnit: coverage and unmatched requests.

use crate::outcome::Code;
use crate::report::junit::{CaseOutcome, JunitCase, JunitReport, JunitSuite};
use crate::serve::Verdict;

/// JUnit: one suite of examples (passed when exercised, skipped when not)
/// and one of unmatched requests (each a failure).
pub fn junit(v: &Verdict) -> JunitReport {
    let mut report = JunitReport::new("mdcontract verify");
    let examples = v
        .coverage
        .iter()
        .map(|(id, n)| JunitCase {
            classname: "coverage".into(),
            name: id.clone(),
            time: None,
            outcome: if *n > 0 {
                CaseOutcome::Passed
            } else {
                CaseOutcome::Skipped {
                    message: "not exercised".into(),
                }
            },
            system_out: String::new(),
        })
        .collect();
    report.suites.push(JunitSuite {
        name: "coverage".into(),
        cases: examples,
    });
    let unmatched = v
        .unmatched
        .iter()
        .map(|u| JunitCase {
            classname: "unmatched".into(),
            name: format!("journal line {}: {} {}", u.line, u.method, u.url),
            time: None,
            outcome: CaseOutcome::Failed {
                message: u.miss.reason.clone(),
                body: format!(
                    "{}: closest example: {}\n{}",
                    Code::ServeUnmatched,
                    u.miss.closest.as_deref().unwrap_or("none"),
                    u.miss.reason
                ),
            },
            system_out: String::new(),
        })
        .collect();
    report.suites.push(JunitSuite {
        name: "unmatched".into(),
        cases: unmatched,
    });
    report
}
