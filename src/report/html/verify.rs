//! The report of `mdcontract verify`: coverage of the documented examples
//! by a journal's requests, and every request that matched none, with the
//! closest example and the reason.

use std::collections::BTreeMap;

use super::model::{
    Bar, Cell, Chart, ChartBody, ChartSize, Column, HtmlReport, Metric, Row, Table, Tone,
};
use super::parts::{bars_chart, fmt_count, footer, series, slice};
use crate::serve::Verdict;
use crate::source::page_family;

const TOP: usize = 14;

/// The report of a journal's verdict; `journal` names the file read.
pub fn verify_report(v: &Verdict, journal: &str) -> HtmlReport {
    let exercised = v.exercised();
    let documented = v.coverage.len();
    let unmatched = v.unmatched_total();
    let headline = vec![
        Metric::new("Requests", fmt_count(v.requests as u64), Tone::Neutral),
        Metric::new(
            "Unmatched",
            fmt_count(unmatched as u64),
            if unmatched > 0 { Tone::Bad } else { Tone::Good },
        )
        .with_note("matched no documented example"),
        Metric::new("Examples", fmt_count(documented as u64), Tone::Neutral),
        Metric::new("Exercised", fmt_count(exercised as u64), Tone::Info).with_note(format!(
            "{} coverage",
            super::svg::percent(exercised as u64, documented as u64)
        )),
        Metric::new(
            "Not exercised",
            fmt_count((documented - exercised) as u64),
            Tone::Muted,
        ),
        Metric::new(
            "Repaired",
            fmt_count(v.repaired_requests as u64),
            if v.repaired_requests > 0 {
                Tone::Warn
            } else {
                Tone::Neutral
            },
        )
        .with_note(format!(
            "matched requests answered after repairing a doc defect, in {} examples",
            fmt_count(v.repaired.len() as u64)
        )),
        Metric::new(
            "Synthesised",
            fmt_count(v.synthesised as u64),
            Tone::Neutral,
        )
        .with_note("answers generated from the metadata"),
        Metric::new("$batch", fmt_count(v.protocol as u64), Tone::Neutral).with_note(format!(
            "answered by the server; {} requests inside",
            fmt_count(v.in_batch as u64)
        )),
    ];
    let status = match unmatched {
        0 => ("every request matched".to_string(), Tone::Good),
        n => (format!("{} unmatched", fmt_count(n as u64)), Tone::Bad),
    };
    HtmlReport {
        title: "Verify report".to_string(),
        subtitle: format!("mdcontract verify --journal {journal}"),
        status: Some(status),
        headline,
        charts: charts(v),
        tables: vec![
            unmatched_table(v),
            repaired_table(v),
            family_table(v),
            coverage_table(v),
        ],
        footer: footer(),
        ..HtmlReport::default()
    }
}

/// The part of the request a reason names: `method`, `path`, `query`,
/// `body`, or `other`.
fn reason_kind(reason: &str) -> &'static str {
    let head = reason.split([':', ' ']).next().unwrap_or("");
    match head {
        "method" => "method",
        "path" => "path",
        "query" => "query",
        "body" => "body",
        _ if reason.starts_with("no documented") || reason.starts_with("no example") => {
            "no example"
        }
        _ => "other",
    }
}

fn charts(v: &Verdict) -> Vec<Chart> {
    let exercised = v.exercised();
    let coverage = Chart {
        title: "Coverage".to_string(),
        caption: Some("documented examples exercised by a request".to_string()),
        size: ChartSize::Third,
        body: ChartBody::Donut {
            slices: vec![
                slice("exercised", exercised, Tone::Good),
                slice("not exercised", v.coverage.len() - exercised, Tone::Muted),
            ],
        },
    };
    let mut request_slices = vec![
        slice("matched", v.matched(), Tone::Info),
        slice("unmatched", v.unmatched_total(), Tone::Bad),
    ];
    if v.protocol > 0 {
        request_slices.push(slice("$batch (protocol)", v.protocol, Tone::Muted));
    }
    let requests = Chart {
        title: "Requests".to_string(),
        caption: Some("matched an example, or not".to_string()),
        size: ChartSize::Third,
        body: ChartBody::Donut {
            slices: request_slices,
        },
    };
    let mut kinds: BTreeMap<&str, u64> = BTreeMap::new();
    for u in &v.unmatched {
        *kinds.entry(reason_kind(&u.miss.reason)).or_default() += 1;
    }
    let mut kind_bars: Vec<Bar> = kinds
        .into_iter()
        .map(|(k, n)| Bar {
            label: k.to_string(),
            values: vec![n],
            filter: None,
        })
        .collect();
    kind_bars.sort_by(|a, b| b.values[0].cmp(&a.values[0]));
    let families = v.families();
    let family_count = families.len();
    // Already sorted: the most examples first, then by name.
    let family_bars: Vec<Bar> = families
        .into_iter()
        .map(|f| Bar {
            label: f.family,
            values: vec![f.exercised as u64, (f.examples - f.exercised) as u64],
            filter: None,
        })
        .collect();
    vec![
        coverage,
        requests,
        bars_chart(
            "Unmatched requests by reason",
            "the part that differs from the closest example",
            ChartSize::Third,
            vec![series("requests", Tone::Bad)],
            kind_bars,
        ),
        bars_chart(
            "Coverage per page family",
            &format!("{} families", fmt_count(family_count as u64)),
            ChartSize::Full,
            vec![
                series("exercised", Tone::Good),
                series("not exercised", Tone::Muted),
            ],
            super::svg::top_bars(family_bars, TOP, "other families"),
        ),
    ]
}

fn unmatched_table(v: &Verdict) -> Table {
    let rows = v
        .unmatched
        .iter()
        .map(|u| Row {
            cells: vec![
                Cell::new(u.line.to_string()),
                Cell::new(u.method.clone()),
                Cell::new(u.url.clone()),
                Cell::new(u.miss.closest.clone().unwrap_or_default()),
                Cell::new(u.miss.reason.clone()),
            ],
            tone: Tone::Bad,
        })
        .collect();
    Table {
        title: "Unmatched requests".to_string(),
        id: "unmatched".to_string(),
        columns: vec![
            Column::text("Journal line").numeric(),
            Column::text("Method").facet().mono(),
            Column::text("URL").mono(),
            Column::text("Closest example").mono(),
            Column::text("Reason").grow(),
        ],
        rows,
        empty: "Every request matched a documented example.".to_string(),
    }
}

fn repaired_table(v: &Verdict) -> Table {
    let rows = v
        .repaired_by_requests()
        .into_iter()
        .map(|(id, r)| Row {
            cells: vec![
                Cell::new(id.clone()),
                Cell::new(
                    r.codes
                        .iter()
                        .map(|(c, n)| format!("{c} ({n})"))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                Cell::new(r.requests.to_string()),
                Cell::new(r.pattern.clone()),
                Cell::new(r.line.to_string()),
            ],
            tone: Tone::Warn,
        })
        .collect();
    Table {
        title: "Answered after a repair".to_string(),
        id: "repaired".to_string(),
        columns: vec![
            Column::text("Example").mono(),
            Column::text("Repaired").facet().mono(),
            Column::text("Requests").numeric(),
            Column::text("Matched URL").mono(),
            Column::text("First journal line").numeric(),
        ],
        rows,
        empty: "No answer needed a repair of its example.".to_string(),
    }
}

fn family_table(v: &Verdict) -> Table {
    let rows = v
        .families()
        .into_iter()
        .map(|f| Row {
            cells: vec![
                Cell::new(f.family.clone()),
                Cell::new(f.exercised.to_string()),
                Cell::new(f.examples.to_string()),
                Cell::new(super::svg::percent(f.exercised as u64, f.examples as u64)),
                Cell::new(f.requests.to_string()),
            ],
            tone: if f.exercised > 0 {
                Tone::Neutral
            } else {
                Tone::Muted
            },
        })
        .collect();
    Table {
        title: "Coverage per page family".to_string(),
        id: "families".to_string(),
        columns: vec![
            Column::text("Family").mono(),
            Column::text("Exercised").numeric(),
            Column::text("Examples").numeric(),
            Column::text("Coverage").numeric(),
            Column::text("Requests").numeric(),
        ],
        rows,
        empty: "No documented example is known: give --docs.".to_string(),
    }
}

fn coverage_table(v: &Verdict) -> Table {
    let rows = v
        .coverage
        .iter()
        .map(|(id, n)| {
            let (word, tone) = if *n > 0 {
                ("exercised", Tone::Good)
            } else {
                ("not exercised", Tone::Muted)
            };
            Row {
                cells: vec![
                    Cell::badge(word, tone),
                    Cell::new(id.clone()),
                    Cell::new(page_family(id)),
                    Cell::new(n.to_string()),
                ],
                tone: if *n > 0 { Tone::Neutral } else { Tone::Muted },
            }
        })
        .collect();
    Table {
        title: "Coverage".to_string(),
        id: "coverage".to_string(),
        columns: vec![
            Column::text("Status").facet(),
            Column::text("Example").mono(),
            Column::text("Family").facet(),
            Column::text("Requests").numeric(),
        ],
        rows,
        empty: "No documented example is known: give --docs.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::serve::Miss;
    use crate::serve::Unmatched;

    #[test]
    fn a_verify_report_lists_unmatched_requests_and_coverage() {
        let v = Verdict {
            requests: 3,
            coverage: BTreeMap::from([
                ("v1.0/api/widget-get#a".to_string(), 2),
                ("v1.0/api/gadget-list#b".to_string(), 0),
            ]),
            unmatched: vec![Unmatched {
                line: 3,
                method: "PUT".into(),
                url: "/v1.0/widgets/1".into(),
                miss: Miss {
                    closest: Some("v1.0/api/widget-update#c".into()),
                    reason: "method: expected PATCH, got PUT".into(),
                },
            }],
            omitted: 0,
            ..Verdict::default()
        };
        let r = verify_report(&v, "j.jsonl");
        assert_eq!(r.status, Some(("1 unmatched".into(), Tone::Bad)));
        let table = |id: &str| r.tables.iter().find(|t| t.id == id).unwrap();
        assert_eq!(r.tables[0].id, "unmatched");
        assert_eq!(table("unmatched").rows.len(), 1);
        assert_eq!(table("coverage").rows.len(), 2);
        assert_eq!(table("families").rows.len(), 2);
        assert!(table("repaired").rows.is_empty());
        assert_eq!(reason_kind("path segment 3: expected"), "path");
        assert_eq!(reason_kind("query parameter $top: x"), "query");
    }

    #[test]
    fn repaired_examples_and_families_have_their_tables() {
        let v = Verdict {
            requests: 4,
            coverage: BTreeMap::from([
                ("v1.0/api/widget-get#a".to_string(), 3),
                ("v1.0/api/widget-list#b".to_string(), 0),
                ("v1.0/api/gadget-list#c".to_string(), 0),
            ]),
            protocol: 1,
            in_batch: 2,
            repaired_requests: 2,
            repaired_codes: BTreeMap::from([("MC2001".to_string(), 2)]),
            repaired: BTreeMap::from([(
                "v1.0/api/widget-get#a".to_string(),
                crate::serve::Repaired {
                    codes: BTreeMap::from([("MC2001".to_string(), 2)]),
                    requests: 2,
                    pattern: "/widgets/{id}".into(),
                    line: 3,
                },
            )]),
            ..Verdict::default()
        };
        let r = verify_report(&v, "j.jsonl");
        let table = |id: &str| r.tables.iter().find(|t| t.id == id).unwrap();
        let repaired = table("repaired");
        assert_eq!(repaired.rows.len(), 1);
        assert_eq!(repaired.rows[0].cells[1].text, "MC2001 (2)");
        let families = table("families");
        assert_eq!(families.rows[0].cells[0].text, "widget");
        assert_eq!(families.rows[0].cells[1].text, "1");
        assert_eq!(families.rows[0].cells[2].text, "2");
        let metric = |label: &str| r.headline.iter().find(|m| m.label == label).unwrap();
        assert_eq!(metric("Repaired").value, "2");
        assert_eq!(metric("$batch").value, "1");
    }
}
