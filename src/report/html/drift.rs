//! The report of `mdcontract drift`: breaking against additive changes,
//! drift per namespace or group and per kind, and every item in a
//! filterable table. Reads only the output model of `crate::drift`.

use std::collections::BTreeMap;

use super::escape::Links;
use super::model::{
    Bar, Cell, Chart, ChartBody, ChartSize, Column, HtmlReport, Metric, Row, Table, Tone,
};
use super::parts::{bars_chart, fmt_count, footer, series, slice};
use crate::drift::{Change, Comparison, DriftItem, DriftReport, Impact, Location};

/// The report of a drift comparison.
pub fn drift_report(r: &DriftReport, links: &Links) -> HtmlReport {
    let items = &r.items;
    let impact = |i: Option<Impact>| items.iter().filter(|x| x.impact == i).count();
    let change = |c: Change| items.iter().filter(|x| x.change == c).count();
    let (breaking, additive) = (
        impact(Some(Impact::Breaking)),
        impact(Some(Impact::Additive)),
    );
    let classified = breaking + additive > 0 || r.comparison == Comparison::MetadataMetadata;
    let groups = {
        let mut g: Vec<&str> = items.iter().map(|i| i.group.as_str()).collect();
        g.sort_unstable();
        g.dedup();
        g.len()
    };

    let mut headline = vec![Metric::new(
        "Items",
        fmt_count(items.len() as u64),
        if items.is_empty() {
            Tone::Good
        } else {
            Tone::Neutral
        },
    )];
    if classified {
        headline.push(
            Metric::new(
                "Breaking",
                fmt_count(breaking as u64),
                if breaking > 0 { Tone::Bad } else { Tone::Good },
            )
            .with_note("existing clients can break"),
        );
        headline.push(Metric::new(
            "Additive",
            fmt_count(additive as u64),
            Tone::Good,
        ));
    }
    headline.push(Metric::new(
        "Added",
        fmt_count(change(Change::Added) as u64),
        Tone::Info,
    ));
    headline.push(Metric::new(
        "Removed",
        fmt_count(change(Change::Removed) as u64),
        Tone::Warn,
    ));
    headline.push(Metric::new(
        "Changed",
        fmt_count(change(Change::Changed) as u64),
        Tone::Accent,
    ));
    headline.push(Metric::new(
        group_word(r.comparison),
        fmt_count(groups as u64),
        Tone::Neutral,
    ));

    let status = if items.is_empty() {
        ("the two sides agree".to_string(), Tone::Good)
    } else if breaking > 0 {
        (
            format!("{} breaking", fmt_count(breaking as u64)),
            Tone::Bad,
        )
    } else {
        (
            format!("{} differences", fmt_count(items.len() as u64)),
            if classified { Tone::Good } else { Tone::Warn },
        )
    };

    HtmlReport {
        title: "Drift report".to_string(),
        subtitle: format!(
            "{}: {} → {}",
            comparison_words(r.comparison),
            r.left,
            r.right
        ),
        status: Some(status),
        headline,
        charts: charts(r, classified),
        tables: vec![table(r, links)],
        footer: footer(),
        ..HtmlReport::default()
    }
}

fn comparison_words(c: Comparison) -> &'static str {
    match c {
        Comparison::DocsMetadata => "docs ⇄ metadata",
        Comparison::MetadataMetadata => "metadata ⇄ metadata",
        Comparison::DocsLive => "docs ⇄ live service",
    }
}

fn group_word(c: Comparison) -> &'static str {
    match c {
        Comparison::MetadataMetadata => "Namespaces",
        Comparison::DocsMetadata | Comparison::DocsLive => "Groups",
    }
}

/// A serde enum's kebab-case name (`navigation-property`).
fn name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn impact_word(i: Option<Impact>) -> (&'static str, Tone) {
    match i {
        Some(Impact::Breaking) => ("breaking", Tone::Bad),
        Some(Impact::Additive) => ("additive", Tone::Good),
        None => ("unclassified", Tone::Muted),
    }
}

fn change_tone(c: Change) -> Tone {
    match c {
        Change::Added => Tone::Info,
        Change::Removed => Tone::Warn,
        Change::Changed => Tone::Accent,
    }
}

fn change_index(c: Change) -> usize {
    match c {
        Change::Added => 0,
        Change::Removed => 1,
        Change::Changed => 2,
    }
}

fn sorted(mut bars: Vec<Bar>) -> Vec<Bar> {
    bars.sort_by(|a, b| {
        let total = |b: &Bar| b.values.iter().sum::<u64>();
        total(b).cmp(&total(a)).then_with(|| a.label.cmp(&b.label))
    });
    bars
}

fn charts(r: &DriftReport, classified: bool) -> Vec<Chart> {
    let items = &r.items;
    let count = |f: &dyn Fn(&DriftItem) -> bool| items.iter().filter(|i| f(i)).count();
    let first = if classified {
        Chart {
            title: "Breaking vs additive".to_string(),
            caption: Some("how each change affects existing clients".to_string()),
            size: ChartSize::Third,
            body: ChartBody::Donut {
                slices: vec![
                    slice(
                        "breaking",
                        count(&|i| i.impact == Some(Impact::Breaking)),
                        Tone::Bad,
                    ),
                    slice(
                        "additive",
                        count(&|i| i.impact == Some(Impact::Additive)),
                        Tone::Good,
                    ),
                    slice("unclassified", count(&|i| i.impact.is_none()), Tone::Muted),
                ],
            },
        }
    } else {
        Chart {
            title: "Differences by change".to_string(),
            caption: Some("read from the left side to the right".to_string()),
            size: ChartSize::Third,
            body: ChartBody::Donut {
                slices: vec![
                    slice("added", count(&|i| i.change == Change::Added), Tone::Info),
                    slice(
                        "removed",
                        count(&|i| i.change == Change::Removed),
                        Tone::Warn,
                    ),
                    slice(
                        "changed",
                        count(&|i| i.change == Change::Changed),
                        Tone::Accent,
                    ),
                ],
            },
        }
    };
    let change_series = vec![
        series("added", Tone::Info),
        series("removed", Tone::Warn),
        series("changed", Tone::Accent),
    ];
    let mut kinds: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for i in items {
        kinds.entry(name(i.kind)).or_insert_with(|| vec![0; 3])[change_index(i.change)] += 1;
    }
    let kind_bars = sorted(
        kinds
            .into_iter()
            .map(|(label, values)| Bar {
                filter: Some(label.clone()),
                label,
                values,
            })
            .collect(),
    );
    let mut groups: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for i in items {
        let slot = if classified {
            match i.impact {
                Some(Impact::Breaking) => 0,
                Some(Impact::Additive) => 1,
                None => 2,
            }
        } else {
            change_index(i.change)
        };
        groups.entry(i.group.as_str()).or_insert_with(|| vec![0; 3])[slot] += 1;
    }
    let group_count = groups.len();
    let group_bars = sorted(
        groups
            .into_iter()
            .map(|(label, values)| Bar {
                label: label.to_string(),
                values,
                filter: None,
            })
            .collect(),
    );
    let group_series = if classified {
        vec![
            series("breaking", Tone::Bad),
            series("additive", Tone::Good),
            series("unclassified", Tone::Muted),
        ]
    } else {
        change_series.clone()
    };

    // Impact per change (metadata), or change per kind of change: which
    // way the differences go.
    let mut by_change: BTreeMap<usize, Vec<u64>> = BTreeMap::new();
    for i in items {
        let slot = match i.impact {
            Some(Impact::Breaking) => 0,
            Some(Impact::Additive) => 1,
            None => 2,
        };
        by_change
            .entry(change_index(i.change))
            .or_insert_with(|| vec![0; 3])[slot] += 1;
    }
    let change_bars = by_change
        .into_iter()
        .map(|(c, values)| {
            let label = ["added", "removed", "changed"][c].to_string();
            Bar {
                filter: None,
                label,
                values,
            }
        })
        .collect();
    let impact_series = vec![
        series("breaking", Tone::Bad),
        series("additive", Tone::Good),
        series("unclassified", Tone::Muted),
    ];
    let group_title = format!(
        "Drift per {}",
        group_word(r.comparison)
            .to_lowercase()
            .trim_end_matches('s')
    );
    vec![
        first,
        bars_chart(
            &group_title,
            &format!("{} in all", fmt_count(group_count as u64)),
            ChartSize::TwoThirds,
            group_series,
            super::svg::top_bars(group_bars, 8, "other"),
        ),
        bars_chart(
            "Drift per kind",
            "added, removed or changed; click a bar to filter",
            ChartSize::Half,
            change_series,
            super::svg::top_bars(kind_bars, 10, "other kinds"),
        ),
        bars_chart(
            "Impact per change",
            "removals and narrowings break clients; additions do not",
            ChartSize::Half,
            impact_series,
            change_bars,
        ),
    ]
}

/// `name.md:12`, linked, with the whole path on hover: the two metadata
/// files are named in the header, and a page's name says which page it is.
fn location(l: &Option<Location>, links: &Links) -> Cell {
    let Some(l) = l else {
        return Cell::new("");
    };
    let name = l.file.rsplit(['/', '\\']).next().unwrap_or(&l.file);
    let (text, title) = if l.line > 0 {
        (
            format!("{name}:{}", l.line),
            format!("{}:{}", l.file, l.line),
        )
    } else {
        (name.to_string(), l.file.clone())
    };
    Cell {
        title: Some(title),
        ..Cell::link(text, links.href(&l.file))
    }
}

fn table(r: &DriftReport, links: &Links) -> Table {
    let rows = r
        .items
        .iter()
        .map(|i| {
            let (impact, tone) = impact_word(i.impact);
            Row {
                cells: vec![
                    Cell::badge(impact, tone),
                    Cell::badge(name(i.change), change_tone(i.change)),
                    Cell::new(name(i.kind)),
                    Cell::new(i.group.clone()),
                    Cell::new(i.subject.clone()),
                    Cell::new(i.detail.clone()),
                    location(&i.left, links),
                    location(&i.right, links),
                ],
                tone: if i.impact == Some(Impact::Breaking) {
                    Tone::Bad
                } else {
                    Tone::Neutral
                },
            }
        })
        .collect();
    Table {
        title: "Drift items".to_string(),
        id: "drift".to_string(),
        columns: vec![
            Column::text("Impact").facet(),
            Column::text("Change").facet(),
            Column::text("Kind").facet(),
            Column::text("Group").facet(),
            Column::text("Subject").mono(),
            Column::text("Detail").grow(),
            Column::text("Left").mono(),
            Column::text("Right").mono(),
        ],
        rows,
        empty: "No drift: the two sides agree.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drift::ItemKind;

    fn item(impact: Option<Impact>, change: Change, group: &str) -> DriftItem {
        DriftItem {
            kind: ItemKind::Property,
            change,
            impact,
            group: group.into(),
            subject: "microsoft.graph.user/displayName".into(),
            detail: "type Edm.String → Edm.Int32".into(),
            left: Some(Location {
                file: "old.xml".into(),
                line: 12,
            }),
            right: None,
        }
    }

    #[test]
    fn a_metadata_drift_report_separates_breaking_from_additive() {
        let r = DriftReport {
            comparison: Comparison::MetadataMetadata,
            left: "old.xml".into(),
            right: "new.xml".into(),
            items: vec![
                item(Some(Impact::Breaking), Change::Removed, "microsoft.graph"),
                item(Some(Impact::Additive), Change::Added, "microsoft.graph"),
                item(
                    Some(Impact::Additive),
                    Change::Added,
                    "microsoft.graph.callRecords",
                ),
            ],
        };
        let html = drift_report(&r, &Links::default());
        assert_eq!(html.status, Some(("1 breaking".into(), Tone::Bad)));
        let ChartBody::Donut { slices } = &html.charts[0].body else {
            panic!("the first chart is the impact donut")
        };
        assert_eq!((slices[0].value, slices[1].value), (1, 2));
        let row = &html.tables[0].rows[0];
        assert_eq!(row.cells[2].text, "property");
        assert_eq!(row.cells[6].text, "old.xml:12");
        assert_eq!(row.cells[6].href.as_deref(), Some("old.xml"));
    }
}
