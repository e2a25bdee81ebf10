//! The JUnit XML report of a replay, on the shared JUnit [`model`](super::model):
//! one `<testsuite>` per page, one `<testcase>` per example
//! (name = `ExampleId`). A failed check is a `<failure>` (type = the first
//! mismatch's code), an exchange that never happened is an `<error>`, a
//! skipped example is `<skipped>`. The example's place and request go in
//! `<system-out>`: the JUnit schema CI servers validate against has no
//! `file` or `line` attribute. The run's wall time is the `time` of
//! `<testsuites>`.

use std::time::Duration;

use super::model::{CaseOutcome, JunitCase, JunitReport, JunitSuite};
use crate::replay::{ExampleReport, Verdict};

/// The JUnit report of `reports` (in run order; pages are grouped in order
/// of first appearance).
pub fn junit_report(reports: &[ExampleReport]) -> JunitReport {
    let mut report = JunitReport::new("mdcontract replay");
    for r in reports {
        let page = r.id.as_str().split('#').next().unwrap_or("").to_string();
        let case = JunitCase {
            classname: page.clone(),
            name: r.id.as_str().to_string(),
            time: None,
            outcome: match &r.verdict {
                Verdict::Passed => CaseOutcome::Passed,
                Verdict::Skipped { reason } => CaseOutcome::Skipped {
                    message: reason.clone(),
                },
                Verdict::Errored { error } => CaseOutcome::Error {
                    message: error.clone(),
                    body: r.explain(),
                },
                Verdict::Failed { mismatches } => CaseOutcome::Failed {
                    message: mismatches
                        .first()
                        .map(|m| m.full_message().into_owned())
                        .unwrap_or_default(),
                    body: r.explain(),
                },
            },
            system_out: format!("{}:{} {} {}", r.file, r.line, r.method, r.url),
        };
        match report.suites.iter_mut().find(|s| s.name == page) {
            Some(suite) => suite.cases.push(case),
            None => report.suites.push(JunitSuite {
                name: page,
                cases: vec![case],
            }),
        }
    }
    report
}

/// The JUnit XML of `reports`, with `seconds`, the run's wall time, on
/// `<testsuites>` (cases are not timed one by one). A time that is not a
/// duration (negative, not a number) is not written.
pub fn junit_xml(reports: &[ExampleReport], seconds: f64) -> String {
    let mut report = junit_report(reports);
    report.time = Duration::try_from_secs_f64(seconds).ok();
    report.to_xml()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::ExampleId;

    fn report(id: &str, verdict: Verdict) -> ExampleReport {
        ExampleReport {
            id: ExampleId(id.into()),
            file: "p.md".into(),
            line: 3,
            method: "GET".into(),
            url: "/x?a=<b>&c".into(),
            verdict,
            observed_body: None,
        }
    }

    #[test]
    fn one_testcase_per_example_grouped_by_page() {
        let xml = junit_xml(
            &[
                report("v1.0/a#one", Verdict::Passed),
                report(
                    "v1.0/b#two",
                    Verdict::Errored {
                        error: "refused \"x\" \u{1}".into(),
                    },
                ),
                report(
                    "v1.0/a#three",
                    Verdict::Skipped {
                        reason: "write".into(),
                    },
                ),
            ],
            1.5,
        );
        assert!(
            xml.contains(
                "<testsuites name=\"mdcontract replay\" tests=\"3\" failures=\"0\" errors=\"1\" time=\"1.500\">"
            ),
            "{xml}"
        );
        assert!(
            xml.contains("<testsuite name=\"v1.0/a\" tests=\"2\""),
            "{xml}"
        );
        assert!(
            xml.contains("<error message=\"refused &quot;x&quot; "),
            "{xml}"
        );
        assert!(xml.contains("GET /x?a=&lt;b&gt;&amp;c"), "{xml}");
        assert_eq!(xml.matches("<testcase ").count(), 3);
    }

    #[test]
    fn the_run_time_is_written_on_testsuites() {
        let reports = [report("v1.0/a#one", Verdict::Passed)];
        let xml = junit_xml(&reports, 1.5);
        assert!(
            xml.contains(
                "<testsuites name=\"mdcontract replay\" tests=\"1\" failures=\"0\" errors=\"0\" time=\"1.500\">"
            ),
            "{xml}"
        );
        assert!(
            !xml.contains("<testsuite name=\"v1.0/a\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\" time="),
            "the time is the run's, not a suite's: {xml}"
        );
        for bad in [-1.0, f64::NAN, f64::INFINITY] {
            assert!(!junit_xml(&reports, bad).contains("time="), "{bad}");
        }
    }
}
