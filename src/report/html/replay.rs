//! The report of `mdcontract replay`: outcomes overall and per page family,
//! mismatches per code, every example in a filterable table, and each failed
//! example with its documented and actual bodies and their JSON diff.

use std::collections::{BTreeMap, HashMap};

use super::escape::Links;
use super::json_diff::diff;
use super::model::{
    Bar, Body, Cell, Chart, ChartBody, ChartSize, Column, FailureDetail, HtmlReport, Metric, Row,
    Table, Tone,
};
use super::parts::{bars_chart, common_dir, fmt_count, footer, series, slice};
use crate::contract::Example;
use crate::http::message::Body as DocBody;
use crate::replay::prepare::content_text;
use crate::replay::{ExampleReport, Verdict};
use crate::source::page_family;
use crate::suite::Suite;

/// What the run was, beside its reports.
#[derive(Debug, Clone, Default)]
pub struct ReplayRun {
    /// The paths replayed, as the user named them.
    pub paths: Vec<String>,
    /// What the examples were replayed against, in words (`the stub`).
    pub against: String,
    pub seconds: f64,
    pub links: Links,
}

/// Failed examples detailed in full (the first, in page order, that failed
/// or errored); the rest are rows of the table. A run needs to keep the
/// pages of these only.
pub const DETAILED: usize = 200;
/// Differences listed per failed example.
const DIFFERENCES: usize = 200;

/// The report of a replay run; `suite` supplies the documented bodies.
pub fn replay_report(reports: &[ExampleReport], suite: &Suite, run: &ReplayRun) -> HtmlReport {
    let count = |f: fn(&Verdict) -> bool| reports.iter().filter(|r| f(&r.verdict)).count();
    let passed = count(|v| matches!(v, Verdict::Passed));
    let failed = count(|v| matches!(v, Verdict::Failed { .. }));
    let errored = count(|v| matches!(v, Verdict::Errored { .. }));
    let skipped = count(|v| matches!(v, Verdict::Skipped { .. }));
    let run_count = reports.len() - skipped;

    let headline = vec![
        Metric::new("Examples", fmt_count(reports.len() as u64), Tone::Neutral),
        Metric::new("Passed", fmt_count(passed as u64), Tone::Good).with_note(format!(
            "{} of those run",
            super::svg::percent(passed as u64, run_count as u64)
        )),
        Metric::new(
            "Failed",
            fmt_count(failed as u64),
            if failed > 0 { Tone::Bad } else { Tone::Good },
        ),
        Metric::new(
            "Errors",
            fmt_count(errored as u64),
            if errored > 0 { Tone::Bad } else { Tone::Good },
        )
        .with_note("no response to check"),
        Metric::new("Skipped", fmt_count(skipped as u64), Tone::Muted),
        Metric::new("Duration", duration(run.seconds), Tone::Neutral),
    ];
    let status = match failed + errored {
        0 => ("all passed".to_string(), Tone::Good),
        n => (format!("{} failed", fmt_count(n as u64)), Tone::Bad),
    };

    let root = common_dir(reports.iter().map(|r| r.file.as_str()));
    let documented: HashMap<&str, (&Example, &str)> = {
        let failing: std::collections::HashSet<&str> = reports
            .iter()
            .filter(|r| !r.passed())
            .map(|r| r.id.as_str())
            .collect();
        suite
            .examples()
            .filter(|(_, e)| failing.contains(e.id.as_str()))
            .map(|(p, e)| (e.id.as_str(), (e, p.source.text.as_str())))
            .collect()
    };
    let failing: Vec<&ExampleReport> = reports.iter().filter(|r| r.failed_or_errored()).collect();
    let failures = failing
        .iter()
        .take(DETAILED)
        .map(|r| detail(r, documented.get(r.id.as_str()).copied(), &root, &run.links))
        .collect();

    HtmlReport {
        title: "Replay report".to_string(),
        subtitle: format!(
            "mdcontract replay {} · against {}",
            run.paths.join(" "),
            run.against
        ),
        status: Some(status),
        headline,
        charts: charts(reports, passed, failed, errored, skipped),
        tables: vec![table(reports, &root, &run.links)],
        failures_title: "Failed examples".to_string(),
        failures,
        failures_omitted: failing.len().saturating_sub(DETAILED),
        footer: footer(),
    }
}

/// Seconds as a person reads them: `850 ms`, `12.4 s`, `3 min 05 s`.
fn duration(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{:.0} ms", seconds * 1000.0)
    } else if seconds < 120.0 {
        format!("{seconds:.1} s")
    } else {
        let s = seconds.round() as u64;
        format!("{} min {:02} s", s / 60, s % 60)
    }
}

/// The request as a table shows it: the Graph host left out.
fn request_line(method: &str, url: &str) -> String {
    let path = url
        .strip_prefix("https://graph.microsoft.com")
        .filter(|p| p.starts_with('/'))
        .unwrap_or(url);
    format!("{method} {path}")
}

/// Index of a verdict in the series passed, failed, error, skipped.
fn rank(v: &Verdict) -> usize {
    match v {
        Verdict::Passed => 0,
        Verdict::Failed { .. } => 1,
        Verdict::Errored { .. } => 2,
        Verdict::Skipped { .. } => 3,
    }
}

fn verdict_word(v: &Verdict) -> (&'static str, Tone) {
    match v {
        Verdict::Passed => ("passed", Tone::Good),
        Verdict::Failed { .. } => ("failed", Tone::Bad),
        Verdict::Errored { .. } => ("error", Tone::Accent),
        Verdict::Skipped { .. } => ("skipped", Tone::Muted),
    }
}

fn charts(
    reports: &[ExampleReport],
    passed: usize,
    failed: usize,
    errored: usize,
    skipped: usize,
) -> Vec<Chart> {
    let donut = Chart {
        title: "Outcomes".to_string(),
        caption: Some(format!("{} examples", fmt_count(reports.len() as u64))),
        size: ChartSize::Third,
        body: ChartBody::Donut {
            slices: vec![
                slice("passed", passed, Tone::Good),
                slice("failed", failed, Tone::Bad),
                slice("error", errored, Tone::Accent),
                slice("skipped", skipped, Tone::Muted),
            ],
        },
    };
    let outcome_series = vec![
        series("passed", Tone::Good),
        series("failed", Tone::Bad),
        series("error", Tone::Accent),
        series("skipped", Tone::Muted),
    ];
    let mut families: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    let mut methods: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for r in reports {
        families
            .entry(page_family(r.id.as_str()))
            .or_insert_with(|| vec![0; 4])[rank(&r.verdict)] += 1;
        methods
            .entry(r.method.to_uppercase())
            .or_insert_with(|| vec![0; 4])[rank(&r.verdict)] += 1;
    }
    let mut method_bars = plain_bars(methods);
    method_bars.sort_by(|a, b| {
        let total = |b: &Bar| b.values.iter().sum::<u64>();
        total(b).cmp(&total(a)).then_with(|| a.label.cmp(&b.label))
    });
    let family_count = families.len();
    let mut family_bars = plain_bars(families);
    // The families that fail most first, then the largest.
    family_bars.sort_by(|a, b| {
        let bad = |b: &Bar| b.values[1] + b.values[2];
        let total = |b: &Bar| b.values.iter().sum::<u64>();
        bad(b)
            .cmp(&bad(a))
            .then(total(b).cmp(&total(a)))
            .then_with(|| a.label.cmp(&b.label))
    });
    let mut codes: BTreeMap<&str, u64> = BTreeMap::new();
    for r in reports {
        if let Verdict::Failed { mismatches } = &r.verdict {
            for m in mismatches {
                *codes.entry(m.code.id()).or_default() += 1;
            }
        }
    }
    let mut code_bars: Vec<Bar> = codes
        .into_iter()
        .map(|(code, n)| Bar {
            label: crate::outcome::Code::from_id(code)
                .map_or(code.to_string(), |c| format!("{code} {}", c.title())),
            values: vec![n],
            filter: Some(code.to_string()),
        })
        .collect();
    code_bars.sort_by(|a, b| b.values[0].cmp(&a.values[0]).then(a.label.cmp(&b.label)));
    vec![
        donut,
        bars_chart(
            "Pass / fail per page family",
            &format!(
                "{} families, those with failures first",
                fmt_count(family_count as u64)
            ),
            ChartSize::TwoThirds,
            outcome_series.clone(),
            super::svg::top_bars(family_bars, 8, "other families"),
        ),
        bars_chart(
            "Mismatches per code",
            "each failed check of each example; click a bar to filter",
            ChartSize::Half,
            vec![series("mismatches", Tone::Bad)],
            super::svg::top_bars(code_bars, 8, "other codes"),
        ),
        bars_chart(
            "Pass / fail per method",
            "the documented request's method",
            ChartSize::Half,
            outcome_series,
            method_bars,
        ),
    ]
}

/// The first mismatch, reason or error in words, and how many more.
fn detail_text(v: &Verdict) -> (String, String) {
    match v {
        Verdict::Passed => (String::new(), String::new()),
        Verdict::Skipped { reason } => (String::new(), reason.clone()),
        Verdict::Errored { error } => (String::new(), error.clone()),
        Verdict::Failed { mismatches } => {
            let code = mismatches
                .first()
                .map(|m| m.code.id().to_string())
                .unwrap_or_default();
            let mut text = mismatches
                .first()
                .map(|m| m.full_message().into_owned())
                .unwrap_or_default();
            if mismatches.len() > 1 {
                text.push_str(&format!(" (+{} more)", mismatches.len() - 1));
            }
            (code, text)
        }
    }
}

/// Where a verdict's rows go in the table: failures first, then errors
/// (what needs reading), then passed and skipped.
fn table_order(v: &Verdict) -> usize {
    match v {
        Verdict::Failed { .. } => 0,
        Verdict::Errored { .. } => 1,
        Verdict::Passed => 2,
        Verdict::Skipped { .. } => 3,
    }
}

fn table(reports: &[ExampleReport], root: &str, links: &Links) -> Table {
    let mut ordered: Vec<&ExampleReport> = reports.iter().collect();
    // Stable: within a verdict, the run's order.
    ordered.sort_by_key(|r| table_order(&r.verdict));
    let rows = ordered
        .into_iter()
        .map(|r| {
            let (word, tone) = verdict_word(&r.verdict);
            let (code, text) = detail_text(&r.verdict);
            let shown = r.file.strip_prefix(root).unwrap_or(&r.file);
            Row {
                cells: vec![
                    Cell::badge(word, tone),
                    Cell::new(example_name(r.id.as_str())),
                    Cell::new(request_line(&r.method, &r.url)),
                    Cell::new(code),
                    Cell::new(text),
                    Cell::link(format!("{shown}:{}", r.line), links.href(&r.file)),
                ],
                tone: match r.verdict {
                    Verdict::Passed => Tone::Neutral,
                    _ => tone,
                },
            }
        })
        .collect();
    Table {
        title: "Examples".to_string(),
        id: "examples".to_string(),
        columns: vec![
            Column::text("Outcome").facet(),
            Column::text("Example").mono(),
            Column::text("Request").mono(),
            Column::text("Code").facet().mono(),
            Column::text("Detail").grow(),
            Column::text("Location").mono(),
        ],
        rows,
        empty: "No example was replayed.".to_string(),
    }
}

/// The name part of an example id (`get_widget` of `v1.0/api/widget-get#get_widget`);
/// the page is in the table's Location column.
fn example_name(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}

fn detail(
    r: &ExampleReport,
    example: Option<(&Example, &str)>,
    root: &str,
    links: &Links,
) -> FailureDetail {
    let shown = r.file.strip_prefix(root).unwrap_or(&r.file);
    let messages = match &r.verdict {
        Verdict::Failed { mismatches } => mismatches
            .iter()
            .map(|m| {
                (
                    m.code.id().to_string(),
                    format!("line {}: {}", m.location.line, m.full_message()),
                    Tone::Bad,
                )
            })
            .collect(),
        Verdict::Errored { error } => vec![("error".to_string(), error.clone(), Tone::Accent)],
        _ => Vec::new(),
    };
    let expected = example.and_then(|(e, page)| documented(e, page));
    let actual = r
        .observed_body
        .as_deref()
        .filter(|b| !b.trim().is_empty())
        .map(|b| match serde_json::from_str(b) {
            Ok(v) => Body::Json(v),
            Err(_) => Body::Text(b.to_string()),
        });
    let diff = match (&expected, &actual) {
        (Some(Body::Json(e)), Some(Body::Json(a))) => diff(e, a, DIFFERENCES),
        _ => Vec::new(),
    };
    let status = example.map(|(e, _)| {
        let s = &e.response.message;
        format!(" → {} {}", s.status, s.reason)
    });
    // Pointers into the response body that a message names.
    let marks = match &r.verdict {
        Verdict::Failed { mismatches } => mismatches
            .iter()
            .filter(|m| m.message.starts_with("response body"))
            .filter_map(|m| m.pointer().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    FailureDetail {
        title: r.id.as_str().to_string(),
        subtitle: Some(format!(
            "{} {}{}",
            r.method,
            r.url,
            status.unwrap_or_default().trim_end()
        )),
        location: Some((format!("{shown}:{}", r.line), links.href(&r.file))),
        messages,
        // The documented body is shown only when the example got an answer.
        expected: if matches!(r.verdict, Verdict::Errored { .. }) {
            None
        } else {
            expected
        },
        actual,
        diff,
        marks,
    }
}

/// The documented response body as the report shows it: JSON as a value,
/// a body that is not JSON as the page writes it.
fn documented(example: &Example, page: &str) -> Option<Body> {
    let resp = &example.response;
    match &resp.message.body {
        DocBody::Empty => None,
        DocBody::Json { value: Some(v), .. } => Some(Body::Json(serde_json::Value::clone(v))),
        DocBody::Json {
            value: None, text, ..
        } => Some(Body::Text(
            content_text(page, &resp.map, text.offset, text.len)
                .unwrap_or_else(|| "(not JSON)".to_string()),
        )),
        DocBody::Form { fields, .. } => Some(Body::Text(
            fields
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&"),
        )),
        DocBody::Binary { placeholder, .. } => Some(Body::Text(placeholder.clone())),
        DocBody::Text { text, .. } => Some(Body::Text(text.clone())),
    }
}

/// One bar per label of `counts`, in label order, without a filter.
fn plain_bars(counts: BTreeMap<String, Vec<u64>>) -> Vec<Bar> {
    counts
        .into_iter()
        .map(|(label, values)| Bar {
            filter: None,
            label,
            values,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::contract::extract_page;
    use crate::outcome::Code;
    use crate::outcome::Finding;
    use crate::source::{SourceFile, Span};
    use crate::suite::Suite;

    const PAGE: &str = "### Request\n```http\nGET https://graph.microsoft.com/v1.0/widgets/1\n```\n\
        ### Response\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n\
        {\"id\": \"1\", \"name\": \"a\", \"gone\": true}\n```\n";

    #[test]
    fn a_failed_example_shows_both_bodies_and_their_diff() {
        let source = Arc::new(SourceFile::from_text("v1.0/api/widget-get.md", PAGE));
        let page = extract_page(source.clone());
        let report = ExampleReport {
            id: page.examples[0].id.clone(),
            file: source.display_path(),
            line: 3,
            method: "GET".into(),
            url: "https://graph.microsoft.com/v1.0/widgets/1".into(),
            verdict: Verdict::Failed {
                mismatches: vec![
                    Finding::new(Code::ReplayBody, &source, Span::at(0), "response body")
                        .with_pointer("/name")
                        .with_values("\"a\"", "\"b\""),
                ],
            },
            observed_body: Some(json!({"id": "1", "name": "b", "new": 1}).to_string()),
        };
        let suite = Suite { pages: vec![page] };
        let passed = ExampleReport {
            verdict: Verdict::Passed,
            observed_body: None,
            ..report.clone()
        };
        let errored = ExampleReport {
            verdict: Verdict::Errored {
                error: "connection refused".into(),
            },
            observed_body: None,
            ..report.clone()
        };
        // Given passed first and the error last, the table still lists the
        // failure first, then the error, then what passed.
        let html = replay_report(
            &[passed.clone(), report, passed, errored],
            &suite,
            &ReplayRun::default(),
        );
        assert_eq!(html.status, Some(("2 failed".into(), Tone::Bad)));
        assert_eq!(html.failures.len(), 2);
        let f = &html.failures[0];
        let ops: Vec<(&str, &str)> = f
            .diff
            .iter()
            .map(|d| (d.pointer.as_str(), d.op.as_str()))
            .collect();
        assert_eq!(
            ops,
            [
                ("/name", "changed"),
                ("/gone", "removed"),
                ("/new", "added")
            ]
        );
        assert!(matches!(f.expected, Some(Body::Json(_))));
        assert_eq!(html.tables[0].rows[0].cells[3].text, "MC5003");
        let outcomes: Vec<&str> = html.tables[0]
            .rows
            .iter()
            .map(|r| r.cells[0].text.as_str())
            .collect();
        assert_eq!(outcomes, ["failed", "error", "passed", "passed"]);
    }
}
