//! The report of `mdcontract check`: findings by severity, stage, code and
//! page family, and every finding in a filterable table.

use std::collections::BTreeMap;

use super::escape::Links;
use super::model::{
    Bar, Cell, Chart, ChartBody, ChartSize, Column, HtmlReport, Metric, Row, Table, Tone,
};
use super::parts::{bars_chart, common_dir, fmt_count, footer, series, slice};
use crate::outcome::{Code, Finding, Severity};
use crate::source::page_family;

/// What the run covered, beside its findings.
#[derive(Debug, Clone, Default)]
pub struct CheckRun {
    /// The paths checked, as the user named them.
    pub paths: Vec<String>,
    pub pages: usize,
    pub examples: usize,
    /// Findings that configuration suppressed.
    pub suppressed: usize,
    pub links: Links,
}

/// Bars drawn per chart before the rest is summed into one.
const TOP: usize = 14;

/// The report of a check run.
pub fn check_report(findings: &[Finding], run: &CheckRun) -> HtmlReport {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    let root = common_dir(findings.iter().map(|f| f.file.as_str()));
    let pages_with: usize = {
        let mut files: Vec<&str> = findings.iter().map(|f| f.file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        files.len()
    };

    let mut headline = vec![
        Metric::new("Pages", fmt_count(run.pages as u64), Tone::Neutral),
        Metric::new("Examples", fmt_count(run.examples as u64), Tone::Neutral),
        Metric::new(
            "Errors",
            fmt_count(errors as u64),
            if errors > 0 { Tone::Bad } else { Tone::Good },
        ),
        Metric::new(
            "Warnings",
            fmt_count(warnings as u64),
            if warnings > 0 { Tone::Warn } else { Tone::Good },
        ),
    ];
    if notes > 0 {
        headline.push(Metric::new("Notes", fmt_count(notes as u64), Tone::Info));
    }
    headline.push(
        Metric::new(
            "Pages with findings",
            fmt_count(pages_with as u64),
            Tone::Neutral,
        )
        .with_note(format!(
            "{} of {} pages",
            super::svg::percent(pages_with as u64, run.pages as u64),
            fmt_count(run.pages as u64)
        )),
    );
    if run.suppressed > 0 {
        headline.push(
            Metric::new("Suppressed", fmt_count(run.suppressed as u64), Tone::Muted)
                .with_note("by configuration"),
        );
    }

    let status = if errors > 0 {
        (plural(errors, "error"), Tone::Bad)
    } else if warnings > 0 {
        (plural(warnings, "warning"), Tone::Warn)
    } else {
        ("no findings".to_string(), Tone::Good)
    };

    let mut subtitle = format!("mdcontract check {}", run.paths.join(" "));
    if !root.is_empty() && run.paths.len() != 1 {
        subtitle.push_str(&format!(" · paths below relative to {root}"));
    }

    HtmlReport {
        title: "Check report".to_string(),
        subtitle,
        status: Some(status),
        headline,
        charts: charts(findings, run.pages),
        tables: vec![table(findings, &root, &run.links)],
        footer: footer(),
        ..HtmlReport::default()
    }
}

fn plural(n: usize, word: &str) -> String {
    format!(
        "{} {word}{}",
        fmt_count(n as u64),
        if n == 1 { "" } else { "s" }
    )
}

/// Index of a severity in the series error, warning, note.
fn rank(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Note => 2,
    }
}

fn severity_series() -> Vec<super::model::Series> {
    vec![
        series("error", Tone::Bad),
        series("warning", Tone::Warn),
        series("note", Tone::Info),
    ]
}

/// Counts per key, each split by severity, in key order.
fn by<K: Ord>(findings: &[Finding], key: impl Fn(&Finding) -> K) -> BTreeMap<K, Vec<u64>> {
    let mut map: BTreeMap<K, Vec<u64>> = BTreeMap::new();
    for f in findings {
        map.entry(key(f)).or_insert_with(|| vec![0; 3])[rank(f.severity)] += 1;
    }
    map
}

/// Bars sorted by total, largest first (ties by label).
fn sorted(mut bars: Vec<Bar>) -> Vec<Bar> {
    bars.sort_by(|a, b| {
        let total = |b: &Bar| b.values.iter().sum::<u64>();
        total(b).cmp(&total(a)).then_with(|| a.label.cmp(&b.label))
    });
    bars
}

fn charts(findings: &[Finding], pages: usize) -> Vec<Chart> {
    // Each page by its worst finding.
    let mut worst: BTreeMap<&str, Severity> = BTreeMap::new();
    for f in findings {
        let w = worst.entry(f.file.as_str()).or_insert(f.severity);
        *w = (*w).max(f.severity);
    }
    let with = |s: Severity| worst.values().filter(|w| **w == s).count();
    let mut page_slices = vec![
        slice("with errors", with(Severity::Error), Tone::Bad),
        slice("with warnings", with(Severity::Warning), Tone::Warn),
    ];
    if with(Severity::Note) > 0 {
        page_slices.push(slice("with notes", with(Severity::Note), Tone::Info));
    }
    page_slices.push(slice(
        "clean",
        pages.saturating_sub(worst.len()),
        Tone::Good,
    ));
    let pages_donut = Chart {
        title: "Pages by worst finding".to_string(),
        caption: Some(format!(
            "{} pages, each counted once by its worst finding",
            fmt_count(pages as u64)
        )),
        size: ChartSize::Third,
        body: ChartBody::Donut {
            slices: page_slices,
        },
    };
    let donut = Chart {
        title: "Findings by severity".to_string(),
        caption: Some(format!("{} findings", fmt_count(findings.len() as u64))),
        size: ChartSize::Third,
        body: ChartBody::Donut {
            slices: vec![
                slice(
                    "errors",
                    findings
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .count(),
                    Tone::Bad,
                ),
                slice(
                    "warnings",
                    findings
                        .iter()
                        .filter(|f| f.severity == Severity::Warning)
                        .count(),
                    Tone::Warn,
                ),
            ]
            .into_iter()
            .chain(
                // Notes only when there are some: most runs have none.
                Some(slice(
                    "notes",
                    findings
                        .iter()
                        .filter(|f| f.severity == Severity::Note)
                        .count(),
                    Tone::Info,
                ))
                .filter(|s| s.value > 0),
            )
            .collect(),
        },
    };
    let stages = by(findings, |f| {
        f.code.id().get(..3).unwrap_or("MC?").to_string()
    })
    .into_iter()
    .map(|(stage, values)| Bar {
        label: stage_name(&stage).to_string(),
        values,
        filter: None,
    })
    .collect();
    let codes = sorted(
        by(findings, |f| f.code)
            .into_iter()
            .map(|(code, values)| Bar {
                label: format!("{} {}", code.id(), code.title()),
                values,
                filter: Some(code.id().to_string()),
            })
            .collect(),
    );
    let families = sorted(
        by(findings, |f| page_family(&f.file))
            .into_iter()
            .map(|(family, values)| Bar {
                label: family,
                values,
                filter: None,
            })
            .collect(),
    );
    let distinct = |n: usize, what: &str| format!("{n} {what}; click a bar to filter the table");
    vec![
        donut,
        pages_donut,
        bars_chart(
            "Findings by stage",
            "the part of the pipeline that raised them",
            ChartSize::Third,
            severity_series(),
            stages,
        ),
        bars_chart(
            "Findings per code",
            &distinct(by(findings, |f| f.code).len(), "codes"),
            ChartSize::Half,
            severity_series(),
            super::svg::top_bars(codes, TOP, "other codes"),
        ),
        bars_chart(
            "Findings per page family",
            &format!(
                "{} families (the resource a page is about)",
                fmt_count(by(findings, |f| page_family(&f.file)).len() as u64)
            ),
            ChartSize::Half,
            severity_series(),
            super::svg::top_bars(families, TOP, "other families"),
        ),
    ]
}

fn stage_name(prefix: &str) -> &'static str {
    match prefix {
        "MC0" => "input",
        "MC1" => "markdown",
        "MC2" => "HTTP messages",
        "MC3" => "pairing",
        "MC4" => "static checks",
        "MC5" => "replay",
        "MC6" => "serve",
        _ => "other",
    }
}

fn severity_tone(s: Severity) -> Tone {
    match s {
        Severity::Error => Tone::Bad,
        Severity::Warning => Tone::Warn,
        Severity::Note => Tone::Info,
    }
}

fn table(findings: &[Finding], root: &str, links: &Links) -> Table {
    let rows = findings
        .iter()
        .map(|f| {
            let shown = f.file.strip_prefix(root).unwrap_or(&f.file);
            Row {
                cells: vec![
                    Cell::badge(f.severity.as_str(), severity_tone(f.severity)),
                    Cell {
                        title: Some(code_title(f.code)),
                        ..Cell::new(f.code.id())
                    },
                    Cell::new(f.message.clone()),
                    Cell::link(format!("{shown}:{}", f.location.line), links.href(&f.file)),
                ],
                tone: severity_tone(f.severity),
            }
        })
        .collect();
    Table {
        title: "Findings".to_string(),
        id: "findings".to_string(),
        columns: vec![
            Column::text("Severity").facet(),
            Column::text("Code").facet().mono(),
            Column::text("Message").grow(),
            Column::text("Location").mono(),
        ],
        rows,
        empty: "No findings: every page passed every check.".to_string(),
    }
}

fn code_title(code: Code) -> String {
    format!("{}: {}", code.title(), code.help())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::source::{SourceFile, Span};

    fn finding(code: Code, page: &str, message: &str) -> Finding {
        let source = Arc::new(SourceFile::from_text(page, "line one\nline two\n"));
        Finding::new(code, &source, Span::at(10), message)
    }

    #[test]
    fn a_check_report_counts_findings_per_code_and_family() {
        let findings = vec![
            finding(Code::UndocumentedProperty, "v1.0/api/user-get.md", "a"),
            finding(Code::UndocumentedProperty, "beta/api/user-list.md", "b"),
            finding(
                Code::BodyOnBodylessMethod,
                "v1.0/api/group-get.md",
                "<script>c</script>",
            ),
        ];
        let run = CheckRun {
            paths: vec!["docs".into()],
            pages: 10,
            examples: 20,
            ..CheckRun::default()
        };
        let report = check_report(&findings, &run);
        assert_eq!(report.status, Some(("2 errors".into(), Tone::Bad)));
        assert_eq!(report.tables[0].rows.len(), 3);
        let ChartBody::Bars { bars, series } = &report.charts[3].body else {
            panic!("the per-code chart is a bar chart")
        };
        assert_eq!(series.len(), 2, "errors and warnings; no notes");
        assert_eq!(bars[0].values, vec![2, 0]);
        assert_eq!(bars[0].filter.as_deref(), Some("MC4001"));
        let row = &report.tables[0].rows[1];
        assert_eq!(row.cells[3].text, "beta/api/user-list.md:2");
        assert!(report.tables[0].rows[2].matches("SCRIPT>C"));
    }
}
