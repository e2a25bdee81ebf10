//! JSON lines: one object per example, resource, template, ignored block and
//! finding, then a summary. The shape is documented in the README.

use serde::Serialize;
use serde_json::{Value, json};

use crate::contract::{Disposition, Page};
use crate::outcome::{Finding, Tally};
use crate::suite::Suite;

fn line<T: Serialize>(kind: &str, file: &str, item: &T) -> Value {
    let mut v = serde_json::to_value(item).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.shift_insert(0, "kind".into(), kind.into());
        map.shift_insert(1, "file".into(), file.into());
    }
    v
}

/// The lines for one page, in page order of kind: examples, resources,
/// templates, ignored blocks, findings.
pub fn page_lines(page: &Page) -> Vec<Value> {
    let file = page.source.display_path();
    let mut out = Vec::new();
    out.extend(page.examples.iter().map(|e| line("example", &file, e)));
    out.extend(page.resources.iter().map(|r| line("resource", &file, r)));
    out.extend(page.templates.iter().map(|t| line("template", &file, t)));
    for f in &page.fences {
        if let Disposition::Ignored { reason } = f.disposition {
            out.push(json!({
                "kind": "ignored",
                "file": file,
                "info": f.info,
                "reason": reason,
                "place": f.place,
            }));
        }
    }
    out.extend(page.findings.iter().map(finding_line));
    out
}

pub fn finding_line(f: &Finding) -> Value {
    let mut v = line("finding", &f.file, f);
    if let Value::Object(map) = &mut v {
        map.insert("help".into(), f.help().into());
    }
    v
}

/// The closing summary line.
pub fn summary_line(suite: &Suite) -> Value {
    let t = Tally::of(suite.findings());
    let count = |f: fn(&Page) -> usize| suite.pages.iter().map(f).sum::<usize>();
    let mut stats = crate::contract::PageStats::default();
    for p in &suite.pages {
        stats += p.stats;
    }
    let pairs = |req: bool, resp: bool| {
        suite
            .examples()
            .filter(|(_, e)| e.request.annotated == req && e.response.annotated == resp)
            .count()
    };
    json!({
        "kind": "summary",
        "pages": suite.pages.len(),
        "examples": count(|p| p.examples.len()),
        "resources": count(|p| p.resources.len()),
        "templates": count(|p| p.templates.len()),
        "pairs": {
            "annotated": pairs(true, true),
            "unannotated": pairs(false, false),
            "mixed": pairs(true, false) + pairs(false, true),
        },
        "json_bodies": stats,
        "findings": { "error": t.errors, "warning": t.warnings, "note": t.notes },
    })
}
