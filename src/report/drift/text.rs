//! The text writer: headline, tables per kind and per group, one line per
//! item.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::summary::{Summary, comparison_words, group_label, group_rows, ordered, places, words};
use crate::drift::{DriftItem, DriftReport};

/// Left-aligned first column, right-aligned numbers, two spaces between.
pub(super) fn text_table(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[(String, Vec<usize>)],
) -> io::Result<()> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|(label, nums)| {
            std::iter::once(label.clone())
                .chain(nums.iter().map(ToString::to_string))
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |row: &[String]| {
        let mut s = String::new();
        for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
            let pad = w.saturating_sub(c.chars().count());
            if i == 0 {
                s.push_str("  ");
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str("  ");
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            }
        }
        s
    };
    let head: Vec<String> = header.iter().map(|h| (*h).to_string()).collect();
    writeln!(out, "{}", line(&head))?;
    for row in &cells {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// `breaking removed property ns.t/p: detail (old:1 → new:2)`.
pub(super) fn text_line(item: &DriftItem) -> String {
    let mut s = String::new();
    if let Some(i) = item.impact {
        s.push_str(&words(&i));
        s.push(' ');
    }
    let _ = write!(
        s,
        "{} {} {}: {}{}",
        words(&item.change),
        words(&item.kind),
        item.subject,
        item.detail,
        places(item)
    );
    s
}

pub(super) fn write_text(out: &mut dyn Write, report: &DriftReport) -> io::Result<()> {
    let summary = Summary::of(report);
    writeln!(
        out,
        "drift ({}): {} → {}",
        comparison_words(report),
        report.left,
        report.right
    )?;
    if report.is_empty() {
        writeln!(out, "no differences")?;
        return Ok(());
    }
    writeln!(out, "{}", summary.headline())?;
    let columns = summary.columns();
    let mut header = vec!["kind"];
    header.extend(&columns);
    writeln!(out)?;
    let mut rows: Vec<(String, Vec<usize>)> = summary
        .by_kind
        .iter()
        .map(|(k, c)| (words(k), summary.row(c)))
        .collect();
    rows.push(("total".to_string(), summary.row(&summary.total)));
    text_table(out, &header, &rows)?;
    writeln!(out)?;
    header[0] = "group";
    let rows = group_rows(&summary, group_label);
    text_table(out, &header, &rows)?;
    writeln!(out)?;
    for item in ordered(report) {
        writeln!(out, "{}", text_line(item))?;
    }
    Ok(())
}
