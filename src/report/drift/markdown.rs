//! The markdown writer: a summary that fits a pull-request comment, lists
//! capped at [`MARKDOWN_LIST_CAP`].

use std::io::{self, Write};

use super::summary::{Summary, comparison_words, group_label, group_rows, place, words};
use crate::drift::{DriftItem, DriftReport, Impact};

/// How many items each markdown list shows at most.
pub const MARKDOWN_LIST_CAP: usize = 50;

/// Text safe inside markdown prose and table cells: no HTML, no pipes.
pub(super) fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' => out.push_str("\\|"),
            '*' | '_' | '[' | ']' | '`' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A code span that survives backticks in `s`.
pub(super) fn md_code(s: &str) -> String {
    let fence = if s.contains('`') { "`` " } else { "`" };
    let close = if s.contains('`') { " ``" } else { "`" };
    format!("{fence}{s}{close}")
}

pub(super) fn md_table(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[(String, Vec<usize>)],
) -> io::Result<()> {
    writeln!(out, "| {} |", header.join(" | "))?;
    let align: Vec<&str> = header
        .iter()
        .enumerate()
        .map(|(i, _)| if i == 0 { ":--" } else { "--:" })
        .collect();
    writeln!(out, "|{}|", align.join("|"))?;
    for (label, nums) in rows {
        let nums: Vec<String> = nums.iter().map(ToString::to_string).collect();
        writeln!(out, "| {label} | {} |", nums.join(" | "))?;
    }
    Ok(())
}

/// `- **removed** property `ns.t/p`: detail (`old:1` → `new:2`)`.
pub(super) fn md_line(item: &DriftItem) -> String {
    let loc = match (&item.left, &item.right) {
        (Some(l), Some(r)) => format!(" ({} → {})", md_code(&place(l)), md_code(&place(r))),
        (Some(l), None) => format!(" ({})", md_code(&place(l))),
        (None, Some(r)) => format!(" ({})", md_code(&place(r))),
        (None, None) => String::new(),
    };
    format!(
        "- **{}** {} {}: {}{loc}",
        words(&item.change),
        words(&item.kind),
        md_code(&item.subject),
        md_escape(&item.detail)
    )
}

/// Up to [`MARKDOWN_LIST_CAP`] items, then how many were left out.
pub(super) fn md_list<'a>(
    out: &mut dyn Write,
    items: impl Iterator<Item = &'a DriftItem>,
    total: usize,
) -> io::Result<()> {
    for item in items.take(MARKDOWN_LIST_CAP) {
        writeln!(out, "{}", md_line(item))?;
    }
    if total > MARKDOWN_LIST_CAP {
        writeln!(
            out,
            "- … and {} more (all of them: `--format text` or `--format json`)",
            total - MARKDOWN_LIST_CAP
        )?;
    }
    Ok(())
}

pub(super) fn write_markdown(out: &mut dyn Write, report: &DriftReport) -> io::Result<()> {
    let summary = Summary::of(report);
    writeln!(out, "### Drift: {}", comparison_words(report))?;
    writeln!(out)?;
    let sides = format!("{} → {}", md_code(&report.left), md_code(&report.right));
    if report.is_empty() {
        writeln!(out, "{sides}: no differences.")?;
        return Ok(());
    }
    writeln!(out, "{sides}: **{}**.", summary.headline())?;
    writeln!(out)?;
    let columns = summary.columns();
    let mut header = vec!["kind"];
    header.extend(&columns);
    let mut rows: Vec<(String, Vec<usize>)> = summary
        .by_kind
        .iter()
        .map(|(k, c)| (words(k), summary.row(c)))
        .collect();
    let total: Vec<String> = summary
        .row(&summary.total)
        .iter()
        .map(|n| format!("**{n}**"))
        .collect();
    md_table(out, &header, &rows)?;
    writeln!(out, "| **total** | {} |", total.join(" | "))?;
    writeln!(out)?;
    header[0] = "group";
    rows = group_rows(&summary, |g| md_code(&group_label(g)).replace('|', "\\|"));
    md_table(out, &header, &rows)?;

    let part = |want: Option<Impact>| report.items.iter().filter(move |i| i.impact == want);
    let t = summary.total;
    if t.breaking > 0 {
        writeln!(out)?;
        writeln!(out, "#### Breaking changes ({})", t.breaking)?;
        writeln!(out)?;
        md_list(out, part(Some(Impact::Breaking)), t.breaking)?;
    }
    if t.additive > 0 {
        writeln!(out)?;
        writeln!(
            out,
            "<details><summary>Additive changes ({})</summary>",
            t.additive
        )?;
        writeln!(out)?;
        md_list(out, part(Some(Impact::Additive)), t.additive)?;
        writeln!(out)?;
        writeln!(out, "</details>")?;
    }
    if t.unclassified > 0 {
        writeln!(out)?;
        writeln!(out, "#### Differences ({})", t.unclassified)?;
        writeln!(out)?;
        md_list(out, part(None), t.unclassified)?;
    }
    Ok(())
}
