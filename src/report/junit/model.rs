//! The JUnit XML model and its writer: what JUnit can say ([`JunitReport`]
//! of [`JunitSuite`]s of [`JunitCase`]s, each with a [`CaseOutcome`]) and
//! the XML of it. The builders that fill it are beside this file.
//!
//! A failed contract (the docs are wrong) is a `<failure>`; a case that
//! could not be checked at all (the run broke) is an `<error>`. CI systems
//! show the two differently, and they call for different people.

use std::fmt::Write as _;
use std::time::Duration;

use crate::report::xml::{push_attr, push_text};

/// A whole report: one `<testsuites>` element.
#[derive(Debug, Clone, PartialEq)]
pub struct JunitReport {
    /// The `name` of `<testsuites>`; `mdcontract` from [`JunitReport::by_page`].
    pub name: String,
    /// The run's wall time, written on `<testsuites>`; `None` writes the sum
    /// of the timed cases there (nothing when no case was timed).
    pub time: Option<Duration>,
    pub suites: Vec<JunitSuite>,
}

/// One `<testsuite>`: the cases of one page.
#[derive(Debug, Clone, PartialEq)]
pub struct JunitSuite {
    pub name: String,
    pub cases: Vec<JunitCase>,
}

/// One `<testcase>`.
#[derive(Debug, Clone, PartialEq)]
pub struct JunitCase {
    pub classname: String,
    pub name: String,
    /// How long the case took; `None` writes no `time` attribute (extraction
    /// findings are not timed per page).
    pub time: Option<Duration>,
    pub outcome: CaseOutcome,
    /// Worth reading but not failing the case (warnings and notes); written
    /// as `<system-out>` when not empty.
    pub system_out: String,
}

/// How a case ended.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseOutcome {
    Passed,
    /// The contract does not hold: the page or example is wrong. `message`
    /// is one line; `body` is the full explanation (snippets, help).
    Failed {
        message: String,
        body: String,
    },
    /// The case could not be checked: the run itself broke (a target did not
    /// answer, a file could not be read).
    Error {
        message: String,
        body: String,
    },
    /// The case was not run, and why.
    Skipped {
        message: String,
    },
}

/// Totals written on `<testsuites>` and `<testsuite>`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Counts {
    fn of<'a>(cases: impl IntoIterator<Item = &'a JunitCase>) -> Counts {
        let mut c = Counts::default();
        for case in cases {
            c.tests += 1;
            match case.outcome {
                CaseOutcome::Passed => {}
                CaseOutcome::Failed { .. } => c.failures += 1,
                CaseOutcome::Error { .. } => c.errors += 1,
                CaseOutcome::Skipped { .. } => c.skipped += 1,
            }
        }
        c
    }

    /// `skipped` is written on `<testsuite>` only: the JUnit schema that CI
    /// servers validate against (Jenkins' junit-10.xsd) has no such attribute
    /// on `<testsuites>`.
    fn push_attrs(self, out: &mut String, with_skipped: bool) {
        let _ = write!(
            out,
            " tests=\"{}\" failures=\"{}\" errors=\"{}\"",
            self.tests, self.failures, self.errors
        );
        if with_skipped {
            let _ = write!(out, " skipped=\"{}\"", self.skipped);
        }
    }
}

impl JunitReport {
    /// An empty report named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        JunitReport {
            name: name.into(),
            time: None,
            suites: Vec::new(),
        }
    }

    /// The report as a JUnit XML document (UTF-8, with an XML declaration).
    pub fn to_xml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str("<testsuites name=\"");
        push_attr(&mut out, &self.name);
        out.push('"');
        Counts::of(self.suites.iter().flat_map(|s| &s.cases)).push_attrs(&mut out, false);
        match self.time {
            Some(t) => {
                let _ = write!(out, " time=\"{:.3}\"", t.as_secs_f64());
            }
            None => push_time(&mut out, self.suites.iter().flat_map(|s| &s.cases)),
        }
        out.push_str(">\n");
        for suite in &self.suites {
            write_suite(&mut out, suite);
        }
        out.push_str("</testsuites>\n");
        out
    }
}

/// ` time="1.250"`, the sum over `cases`, when any case was timed.
fn push_time<'a>(out: &mut String, cases: impl IntoIterator<Item = &'a JunitCase>) {
    let times: Vec<Duration> = cases.into_iter().filter_map(|c| c.time).collect();
    if !times.is_empty() {
        let total: Duration = times.into_iter().sum();
        let _ = write!(out, " time=\"{:.3}\"", total.as_secs_f64());
    }
}

fn write_suite(out: &mut String, suite: &JunitSuite) {
    out.push_str("  <testsuite name=\"");
    push_attr(out, &suite.name);
    out.push('"');
    Counts::of(&suite.cases).push_attrs(out, true);
    push_time(out, &suite.cases);
    out.push_str(">\n");
    for case in &suite.cases {
        write_case(out, case);
    }
    out.push_str("  </testsuite>\n");
}

fn write_case(out: &mut String, case: &JunitCase) {
    out.push_str("    <testcase classname=\"");
    push_attr(out, &case.classname);
    out.push_str("\" name=\"");
    push_attr(out, &case.name);
    out.push('"');
    if let Some(t) = case.time {
        let _ = write!(out, " time=\"{:.3}\"", t.as_secs_f64());
    }
    if case.outcome == CaseOutcome::Passed && case.system_out.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    match &case.outcome {
        CaseOutcome::Passed => {}
        CaseOutcome::Failed { message, body } => write_element(out, "failure", message, body),
        CaseOutcome::Error { message, body } => write_element(out, "error", message, body),
        CaseOutcome::Skipped { message } => write_element(out, "skipped", message, ""),
    }
    if !case.system_out.is_empty() {
        out.push_str("      <system-out>");
        push_text(out, &case.system_out);
        out.push_str("</system-out>\n");
    }
    out.push_str("    </testcase>\n");
}

/// `<tag message="...">body</tag>`, or `<tag message="..."/>` without a body.
fn write_element(out: &mut String, tag: &str, message: &str, body: &str) {
    let _ = write!(out, "      <{tag} message=\"");
    push_attr(out, message);
    out.push('"');
    if body.is_empty() {
        out.push_str("/>\n");
    } else {
        out.push('>');
        push_text(out, body);
        let _ = writeln!(out, "</{tag}>");
    }
}
