//! JUnit XML, the test report format CI systems show (GitLab, Jenkins, Azure
//! Pipelines, the GitHub test-report actions).
//!
//! Two halves: a small model of what JUnit can say ([`JunitReport`] of
//! [`JunitSuite`]s of [`JunitCase`]s, each with a [`CaseOutcome`]) with its
//! writer, and builders that fill the model. [`JunitReport::by_page`] makes
//! one case per page from findings; when `check` runs examples, a builder
//! making one case per example fills the same model and the writer does not
//! change.
//!
//! A failed contract (the docs are wrong) is a `<failure>`; a case that
//! could not be checked at all (the run broke) is an `<error>`. CI systems
//! show the two differently, and they call for different people.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

use super::console::render_finding;
use super::xml::{push_attr, push_text};
use crate::contract::Page;
use crate::outcome::{Finding, Severity};
use crate::source::SourceFile;

/// A whole report: one `<testsuites>` element.
#[derive(Debug, Clone, PartialEq)]
pub struct JunitReport {
    /// The `name` of `<testsuites>`; `mdcontract` from [`JunitReport::by_page`].
    pub name: String,
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

/// The JUnit XML of `findings` over `pages`: one suite and one case per page.
/// See [`JunitReport::by_page`].
pub fn junit(pages: &[Page], findings: &[Finding]) -> String {
    JunitReport::by_page(pages, findings).to_xml()
}

impl JunitReport {
    /// An empty report named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        JunitReport {
            name: name.into(),
            suites: Vec::new(),
        }
    }

    /// One suite per page, named by the page's path, holding one case: it
    /// fails when the page has error findings, and its `<system-out>` lists
    /// the warnings and notes.
    ///
    /// It takes the pages and not only the findings because a page without
    /// findings is a passed test, and a report that left it out would
    /// undercount. `findings` are matched to pages by `file`; they need not be
    /// the pages' own (`check` adds its own). A finding whose file is not
    /// among `pages` still gets a suite of its own, after the pages, so
    /// nothing is dropped. Case `classname` is the page key
    /// (`v1.0/api/user-get`), `name` its path.
    pub fn by_page(pages: &[Page], findings: &[Finding]) -> Self {
        let mut by_file: HashMap<&str, Vec<&Finding>> = HashMap::new();
        let mut orphans: Vec<&str> = Vec::new();
        let known: std::collections::HashSet<String> =
            pages.iter().map(|p| p.source.display_path()).collect();
        for f in findings {
            let list = by_file.entry(&f.file).or_default();
            if list.is_empty() && !known.contains(&f.file) {
                orphans.push(&f.file);
            }
            list.push(f);
        }
        let mut report = JunitReport::new("mdcontract");
        for page in pages {
            let file = page.source.display_path();
            let found = by_file.get(file.as_str()).map_or(&[][..], Vec::as_slice);
            report.suites.push(page_suite(
                &file,
                &page.source.page,
                Some(&page.source),
                found,
            ));
        }
        for file in orphans {
            report
                .suites
                .push(page_suite(file, file, None, &by_file[file]));
        }
        report
    }

    /// The report as a JUnit XML document (UTF-8, with an XML declaration).
    pub fn to_xml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str("<testsuites name=\"");
        push_attr(&mut out, &self.name);
        out.push('"');
        Counts::of(self.suites.iter().flat_map(|s| &s.cases)).push_attrs(&mut out, false);
        push_time(&mut out, self.suites.iter().flat_map(|s| &s.cases));
        out.push_str(">\n");
        for suite in &self.suites {
            write_suite(&mut out, suite);
        }
        out.push_str("</testsuites>\n");
        out
    }
}

fn page_suite(
    file: &str,
    page_key: &str,
    source: Option<&SourceFile>,
    findings: &[&Finding],
) -> JunitSuite {
    let (errors, others): (Vec<&Finding>, Vec<&Finding>) =
        findings.iter().partition(|f| f.severity == Severity::Error);
    let render = |list: &[&Finding]| {
        let mut out = String::new();
        for (i, f) in list.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            render_finding(&mut out, f, source);
        }
        out
    };
    let outcome = match errors.as_slice() {
        [] => CaseOutcome::Passed,
        [only] => CaseOutcome::Failed {
            message: only.to_string(),
            body: render(&errors),
        },
        [first, ..] => CaseOutcome::Failed {
            message: format!("{} error findings; the first: {first}", errors.len()),
            body: render(&errors),
        },
    };
    JunitSuite {
        name: file.to_string(),
        cases: vec![JunitCase {
            classname: page_key.to_string(),
            name: file.to_string(),
            time: None,
            outcome,
            system_out: render(&others),
        }],
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use quick_xml::XmlVersion;
    use quick_xml::escape::resolve_predefined_entity;
    use quick_xml::events::Event;
    use quick_xml::reader::Reader;

    use super::*;
    use crate::contract::extract_page;
    use crate::outcome::Code;
    use crate::source::Span;

    /// An element read back: its name, attributes (unescaped) and the text
    /// directly inside it.
    #[derive(Debug)]
    struct Element {
        name: String,
        attrs: Vec<(String, String)>,
        text: String,
    }

    impl Element {
        fn attr(&self, key: &str) -> &str {
            self.attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
                .unwrap_or_else(|| panic!("no attribute {key} on {self:?}"))
        }
    }

    /// Parses `xml` with quick-xml, panicking with the document on any
    /// well-formedness error; returns the elements in document order.
    fn parse(xml: &str) -> Vec<Element> {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        let mut elements: Vec<Element> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        loop {
            let event = reader
                .read_event()
                .unwrap_or_else(|e| panic!("not well-formed: {e}\n{xml}"));
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let name = e.name().as_ref().to_string();
                    let attrs = e
                        .attributes()
                        .map(|a| {
                            let a = a.expect("attribute is well-formed");
                            let key = a.key.as_ref().to_string();
                            let value = a
                                .normalized_value(XmlVersion::Implicit1_0)
                                .expect("attribute value unescapes")
                                .into_owned();
                            (key, value)
                        })
                        .collect();
                    elements.push(Element {
                        name,
                        attrs,
                        text: String::new(),
                    });
                    if matches!(event, Event::Start(_)) {
                        open.push(elements.len() - 1);
                    }
                }
                Event::End(_) => {
                    open.pop();
                }
                Event::Text(t) => {
                    if let Some(&i) = open.last() {
                        elements[i]
                            .text
                            .push_str(&t.xml_content(XmlVersion::Implicit1_0));
                    }
                }
                Event::GeneralRef(r) => {
                    let i = *open.last().expect("references only inside elements");
                    match r.resolve_char_ref().expect("valid character reference") {
                        Some(c) => elements[i].text.push(c),
                        None => {
                            let name = r.xml10_content();
                            let s = resolve_predefined_entity(&name)
                                .unwrap_or_else(|| panic!("unknown entity {name}"));
                            elements[i].text.push_str(s);
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(open.is_empty(), "unclosed elements in\n{xml}");
        elements
    }

    fn named<'e>(elements: &'e [Element], name: &str) -> Vec<&'e Element> {
        elements.iter().filter(|e| e.name == name).collect()
    }

    #[test]
    fn written_model_parses_back_with_counts_and_escaped_text() {
        let nasty = "a <b> & \"c\" 'd'\r\ne\u{1b}f\0";
        let report = JunitReport {
            name: "runs & <more>".into(),
            suites: vec![
                JunitSuite {
                    name: "s1".into(),
                    cases: vec![
                        JunitCase {
                            classname: "c".into(),
                            name: nasty.into(),
                            time: Some(Duration::from_millis(1250)),
                            outcome: CaseOutcome::Failed {
                                message: nasty.into(),
                                body: format!("body {nasty}"),
                            },
                            system_out: "out <x>".into(),
                        },
                        JunitCase {
                            classname: "c".into(),
                            name: "ok".into(),
                            time: Some(Duration::from_millis(250)),
                            outcome: CaseOutcome::Passed,
                            system_out: String::new(),
                        },
                    ],
                },
                JunitSuite {
                    name: "s2".into(),
                    cases: vec![
                        JunitCase {
                            classname: "c".into(),
                            name: "broken".into(),
                            time: None,
                            outcome: CaseOutcome::Error {
                                message: "target down".into(),
                                body: "connection refused".into(),
                            },
                            system_out: String::new(),
                        },
                        JunitCase {
                            classname: "c".into(),
                            name: "skipped".into(),
                            time: None,
                            outcome: CaseOutcome::Skipped {
                                message: "writes need --allow-writes".into(),
                            },
                            system_out: String::new(),
                        },
                    ],
                },
            ],
        };

        let xml = report.to_xml();
        let elements = parse(&xml);

        let root = &elements[0];
        assert_eq!(root.name, "testsuites");
        assert_eq!(root.attr("name"), "runs & <more>");
        assert_eq!(
            [
                root.attr("tests"),
                root.attr("failures"),
                root.attr("errors"),
            ],
            ["4", "1", "1"]
        );
        assert_eq!(root.attr("time"), "1.500");
        let suites = named(&elements, "testsuite");
        assert_eq!(suites.len(), 2);
        assert_eq!(suites[0].attr("tests"), "2");
        assert_eq!(suites[0].attr("failures"), "1");
        assert_eq!(suites[1].attr("errors"), "1");
        assert_eq!(suites[1].attr("skipped"), "1");
        assert!(suites[1].attrs.iter().all(|(k, _)| k != "time"), "{xml}");
        assert_eq!(named(&elements, "testcase").len(), 4);

        // The escaped text reads back as written, except the characters
        // XML 1.0 cannot carry, which are shown as escapes.
        let shown = "a <b> & \"c\" 'd'\r\ne\\u{1b}f\\u{0}";
        let case = named(&elements, "testcase")[0];
        assert_eq!(case.attr("name"), shown);
        assert_eq!(case.attr("time"), "1.250");
        let failure = named(&elements, "failure")[0];
        assert_eq!(failure.attr("message"), shown);
        assert_eq!(failure.text, format!("body {shown}"));
        assert_eq!(named(&elements, "system-out")[0].text, "out <x>");
        assert_eq!(named(&elements, "error")[0].text, "connection refused");
        assert_eq!(
            named(&elements, "skipped")[0].attr("message"),
            "writes need --allow-writes"
        );
    }

    #[test]
    fn by_page_fails_pages_with_errors_and_lists_warnings_in_system_out() {
        let bad = "<!-- { \"blockType\": \"request\", \"name\": \"x\" } -->\n\
                   ```http\nPOST https://graph.microsoft.com/v1.0/me\n\n{\"a\": 1,}\n```\n\
                   <!-- never closed\n";
        let clean = "# Nothing here\n";
        let pages = [
            extract_page(Arc::new(SourceFile::from_text("docs/bad.md", bad))),
            extract_page(Arc::new(SourceFile::from_text("docs/clean.md", clean))),
        ];
        let mut findings: Vec<Finding> = pages.iter().flat_map(|p| p.findings.clone()).collect();
        let elsewhere = SourceFile::from_text("other & more.md", "x\n");
        findings.push(Finding::new(
            Code::NotUtf8,
            &elsewhere,
            Span::new(0, 1),
            "made up",
        ));

        let xml = junit(&pages, &findings);
        let elements = parse(&xml);

        let suites = named(&elements, "testsuite");
        let names: Vec<&str> = suites.iter().map(|s| s.attr("name")).collect();
        assert_eq!(names, ["docs/bad.md", "docs/clean.md", "other & more.md"]);
        let root = &elements[0];
        assert_eq!(root.attr("tests"), "3");
        assert_eq!(root.attr("failures"), "2");
        let cases = named(&elements, "testcase");
        assert_eq!(cases[0].attr("classname"), "docs/bad.md");
        let failures = named(&elements, "failure");
        assert_eq!(failures.len(), 2);
        assert!(
            failures[0].attr("message").contains("error[MC1003]"),
            "{xml}"
        );
        assert!(failures[0].text.contains("<!-- never closed"), "{xml}");
        let out = &named(&elements, "system-out")[0].text;
        assert!(out.contains("warning[MC2001]"), "{xml}");
        assert!(out.contains("{\"a\": 1,}"), "{xml}");
        assert!(
            xml.contains("<testcase classname=\"docs/clean.md\" name=\"docs/clean.md\"/>"),
            "{xml}"
        );
    }
}
