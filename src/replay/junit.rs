//! A minimal JUnit XML report of a replay: one `<testsuite>` per page, one
//! `<testcase>` per example (name = `ExampleId`). A failed check is a
//! `<failure>` (type = the first mismatch's code), an exchange that never
//! happened is an `<error>`, a skipped example is `<skipped>`.
//!
//! Minimal on purpose: it is to be replaced by the shared JUnit reporter of
//! `report/` once that exists; the shape above is what it must keep.

use std::fmt::Write;

use super::report::{ExampleReport, Verdict};

/// The JUnit XML of `reports` (in run order; pages are grouped in order of
/// first appearance). `seconds` is the run's wall time.
pub fn junit_xml(reports: &[ExampleReport], seconds: f64) -> String {
    let mut pages: Vec<(&str, Vec<&ExampleReport>)> = Vec::new();
    for r in reports {
        let page = r.id.as_str().split('#').next().unwrap_or("");
        match pages.iter_mut().find(|(p, _)| *p == page) {
            Some((_, list)) => list.push(r),
            None => pages.push((page, vec![r])),
        }
    }
    let count = |list: &[&ExampleReport], f: fn(&Verdict) -> bool| {
        list.iter().filter(|r| f(&r.verdict)).count()
    };
    let failed = |v: &Verdict| matches!(v, Verdict::Failed { .. });
    let errored = |v: &Verdict| matches!(v, Verdict::Errored { .. });
    let skipped = |v: &Verdict| matches!(v, Verdict::Skipped { .. });
    let all: Vec<&ExampleReport> = reports.iter().collect();

    let mut x = String::with_capacity(reports.len() * 200 + 256);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<testsuites name=\"mdcontract replay\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{seconds:.3}\">",
        all.len(),
        count(&all, failed),
        count(&all, errored),
        count(&all, skipped)
    );
    for (page, list) in &pages {
        let _ = writeln!(
            x,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
            escape(page),
            list.len(),
            count(list, failed),
            count(list, errored),
            count(list, skipped)
        );
        for r in list {
            let _ = write!(
                x,
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
                escape(r.id.as_str()),
                escape(page),
                escape(&r.file),
                r.line
            );
            match &r.verdict {
                Verdict::Passed => x.push_str("/>\n"),
                Verdict::Skipped { reason } => {
                    let _ = writeln!(
                        x,
                        ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                        escape(reason)
                    );
                }
                Verdict::Errored { error } => {
                    let _ = writeln!(
                        x,
                        ">\n      <error message=\"{}\" type=\"error\">{}</error>\n    </testcase>",
                        escape(error),
                        escape(&r.explain())
                    );
                }
                Verdict::Failed { mismatches } => {
                    let first = mismatches.first();
                    let _ = writeln!(
                        x,
                        ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                        escape(&first.map(ToString::to_string).unwrap_or_default()),
                        first.map(|m| m.code.id()).unwrap_or("failure"),
                        escape(&r.explain())
                    );
                }
            }
        }
        x.push_str("  </testsuite>\n");
    }
    x.push_str("</testsuites>\n");
    x
}

/// Escapes text for an attribute or element, dropping characters XML 1.0
/// cannot hold.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
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
        assert!(xml.contains("<testsuites name=\"mdcontract replay\" tests=\"3\" failures=\"0\" errors=\"1\" skipped=\"1\" time=\"1.500\">"));
        assert!(xml.contains("<testsuite name=\"v1.0/a\" tests=\"2\""));
        assert!(xml.contains("<error message=\"refused &quot;x&quot; \" type=\"error\">"));
        assert!(xml.contains("(GET /x?a=&lt;b&gt;&amp;c)"));
        assert_eq!(xml.matches("<testcase ").count(), 3);
    }
}
