//! Tests of the JUnit model, its writer and the per-page builder: the XML
//! written is parsed back.

use std::sync::Arc;
use std::time::Duration;

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::*;
use crate::contract::extract_page;
use crate::outcome::{Code, Finding};
use crate::source::{SourceFile, Span};

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
        time: None,
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

    let xml = junit(pages.iter().map(|p| &*p.source), &findings);
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
