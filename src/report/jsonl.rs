//! JSON lines: one object per example, resource, template, ignored block and
//! finding, then a summary. The shape is documented in docs/json-output.md.
//!
//! Lines are serialized straight from the model into the writer, so a large
//! run never holds its whole output in memory.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Value, json};

use crate::contract::{Disposition, FenceReport, Page, PageStats};
use crate::outcome::{Finding, Tally};
use crate::suite::Suite;

/// `{"kind": ..., "file": ..., ...item}`.
#[derive(Serialize)]
struct Line<'a, T: Serialize> {
    kind: &'static str,
    file: &'a str,
    #[serde(flatten)]
    item: &'a T,
}

#[derive(Serialize)]
struct Ignored<'a> {
    info: &'a str,
    reason: crate::contract::IgnoreReason,
    place: crate::contract::Place,
}

/// A finding already carries `file`, so its line is not wrapped in [`Line`].
#[derive(Serialize)]
struct FindingLine<'a> {
    kind: &'static str,
    #[serde(flatten)]
    finding: &'a Finding,
    help: &'static str,
}

fn ignored(f: &FenceReport) -> Option<Ignored<'_>> {
    match f.disposition {
        Disposition::Ignored { reason } => Some(Ignored {
            info: &f.info,
            reason,
            place: f.place,
        }),
        _ => None,
    }
}

#[derive(Serialize)]
struct PageLine<'a> {
    page: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc_type: Option<&'a str>,
    fences: usize,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    suppressions: &'a [String],
}

/// Calls `emit` with each line of `page`, in order: the page itself, then
/// examples, resources, templates, ignored blocks, findings.
fn each_line(
    page: &Page,
    mut emit: impl FnMut(&dyn erased::Line) -> io::Result<()>,
) -> io::Result<()> {
    let file = page.source.display_path();
    let file = file.as_str();
    let fm = page.front_matter.as_ref();
    let item = PageLine {
        page: &page.source.page,
        title: fm.and_then(|f| f.get("title")),
        doc_type: fm.and_then(|f| f.get("doc_type")),
        fences: page.fences.len(),
        suppressions: &page.suppressions,
    };
    emit(&Line {
        kind: "page",
        file,
        item: &item,
    })?;
    for item in &page.examples {
        emit(&Line {
            kind: "example",
            file,
            item,
        })?;
    }
    for item in &page.resources {
        emit(&Line {
            kind: "resource",
            file,
            item,
        })?;
    }
    for item in &page.templates {
        emit(&Line {
            kind: "template",
            file,
            item,
        })?;
    }
    for item in page.fences.iter().filter_map(ignored) {
        emit(&Line {
            kind: "ignored",
            file,
            item: &item,
        })?;
    }
    for f in &page.findings {
        emit(&FindingLine {
            kind: "finding",
            finding: f,
            help: f.help(),
        })?;
    }
    Ok(())
}

/// Object-safe serialization of the line types above.
mod erased {
    pub trait Line {
        fn write_to(&self, w: &mut dyn std::io::Write) -> std::io::Result<()>;
        fn to_value(&self) -> serde_json::Value;
    }

    impl<T: serde::Serialize> Line for T {
        fn write_to(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
            serde_json::to_writer(&mut *w, self)?;
            w.write_all(b"\n")
        }

        fn to_value(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}

/// One finding as a JSON line value.
pub fn finding_line(f: &Finding) -> Value {
    serde_json::to_value(FindingLine {
        kind: "finding",
        finding: f,
        help: f.help(),
    })
    .unwrap_or(Value::Null)
}

/// Writes the lines of one page.
pub fn write_page(w: &mut dyn Write, page: &Page) -> io::Result<()> {
    each_line(page, |l| l.write_to(w))
}

/// The lines of one page as values (for snapshots and tests).
pub fn page_lines(page: &Page) -> Vec<Value> {
    let mut out = Vec::new();
    let _ = each_line(page, |l| {
        out.push(l.to_value());
        Ok(())
    });
    out
}

/// The closing summary line.
pub fn summary_line(suite: &Suite) -> Value {
    let mut totals = Totals::default();
    for page in &suite.pages {
        totals += Totals::of(page);
    }
    totals.summary_line()
}

/// What the summary line counts, added up page by page, so that a command
/// that streams its pages need not keep them to write it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub pages: usize,
    pub examples: usize,
    pub resources: usize,
    pub templates: usize,
    /// Examples whose request and response were both annotated.
    pub annotated: usize,
    /// Examples with neither annotated.
    pub unannotated: usize,
    /// Examples with one of the two annotated.
    pub mixed: usize,
    pub stats: PageStats,
    pub findings: Tally,
}

impl Totals {
    /// The counts of one page.
    pub fn of(page: &Page) -> Totals {
        let mut t = Totals {
            pages: 1,
            examples: page.examples.len(),
            resources: page.resources.len(),
            templates: page.templates.len(),
            stats: page.stats,
            findings: Tally::of(&page.findings),
            ..Totals::default()
        };
        for e in &page.examples {
            match (e.request.annotated, e.response.annotated) {
                (true, true) => t.annotated += 1,
                (false, false) => t.unannotated += 1,
                _ => t.mixed += 1,
            }
        }
        t
    }

    pub fn summary_line(&self) -> Value {
        let t = self.findings;
        json!({
            "kind": "summary",
            "pages": self.pages,
            "examples": self.examples,
            "resources": self.resources,
            "templates": self.templates,
            "pairs": {
                "annotated": self.annotated,
                "unannotated": self.unannotated,
                "mixed": self.mixed,
            },
            "json_bodies": self.stats,
            "findings": { "error": t.errors, "warning": t.warnings, "note": t.notes },
        })
    }
}

impl std::ops::AddAssign for Totals {
    fn add_assign(&mut self, o: Self) {
        self.pages += o.pages;
        self.examples += o.examples;
        self.resources += o.resources;
        self.templates += o.templates;
        self.annotated += o.annotated;
        self.unannotated += o.unannotated;
        self.mixed += o.mixed;
        self.stats += o.stats;
        self.findings += o.findings;
    }
}
