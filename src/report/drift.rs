//! Writers for a [`DriftReport`]: text, JSON lines and markdown.
//!
//! All three serve every comparison. Items classified by [`Impact`]
//! (metadata ⇄ metadata) are listed breaking first; unclassified ones (docs ⇄
//! metadata, docs ⇄ live) in the report's order, and the summaries count
//! them by change and kind.
//!
//! - **text**: a headline, a table per kind and one per group (namespace,
//!   page family), then one line per item:
//!   `breaking removed property ns.t/p: Edm.String, nullable (old.xml:12 → new.xml:40)`.
//! - **JSON lines**: one `{"kind":"drift", "item_kind": ..., ...}` object per
//!   item (the [`DriftItem`] fields, its `kind` renamed `item_kind`), then
//!   one `{"kind":"summary", ...}` with the counts by change, impact, kind
//!   and group.
//! - **markdown**: a summary that fits a pull-request comment: headline,
//!   tables per kind and per group, the first [`MARKDOWN_LIST_CAP`] breaking
//!   changes, the additive ones inside `<details>`, then the unclassified
//!   differences; longer lists end with how many were left out.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::drift::{Change, DriftItem, DriftReport, Impact, ItemKind, Location};

/// Output format of a drift report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// How many items each markdown list shows at most.
pub const MARKDOWN_LIST_CAP: usize = 50;

/// Writes `report` in `format`.
pub fn write(out: &mut dyn Write, format: Format, report: &DriftReport) -> io::Result<()> {
    match format {
        Format::Text => write_text(out, report),
        Format::Json => write_json(out, report),
        Format::Markdown => write_markdown(out, report),
    }
}

// ---------------------------------------------------------------------------
// Words and counts
// ---------------------------------------------------------------------------

/// The serde (kebab-case) name of a unit variant, with spaces: `entity type`.
fn words<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s.replace('-', " "),
        _ => String::new(),
    }
}

/// `metadata ⇄ metadata`.
fn comparison_words(report: &DriftReport) -> String {
    words(&report.comparison).replace(' ', " ⇄ ")
}

/// `file:line`, or `file` when the line is unknown.
fn place(l: &Location) -> String {
    if l.line == 0 {
        l.file.clone()
    } else {
        format!("{}:{}", l.file, l.line)
    }
}

/// `(old:12 → new:40)`, `(old:12)`, `(new:40)` or nothing.
fn places(item: &DriftItem) -> String {
    match (&item.left, &item.right) {
        (Some(l), Some(r)) => format!(" ({} → {})", place(l), place(r)),
        (Some(l), None) => format!(" ({})", place(l)),
        (None, Some(r)) => format!(" ({})", place(r)),
        (None, None) => String::new(),
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    added: usize,
    removed: usize,
    changed: usize,
    breaking: usize,
    additive: usize,
    unclassified: usize,
}

impl Counts {
    fn count(&mut self, item: &DriftItem) {
        match item.change {
            Change::Added => self.added += 1,
            Change::Removed => self.removed += 1,
            Change::Changed => self.changed += 1,
        }
        match item.impact {
            Some(Impact::Breaking) => self.breaking += 1,
            Some(Impact::Additive) => self.additive += 1,
            None => self.unclassified += 1,
        }
    }

    fn total(&self) -> usize {
        self.added + self.removed + self.changed
    }

    fn add(&mut self, other: &Counts) {
        self.added += other.added;
        self.removed += other.removed;
        self.changed += other.changed;
        self.breaking += other.breaking;
        self.additive += other.additive;
        self.unclassified += other.unclassified;
    }

    fn to_json(self) -> Value {
        json!({
            "items": self.total(),
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "breaking": self.breaking,
            "additive": self.additive,
            "unclassified": self.unclassified,
        })
    }
}

struct Summary<'r> {
    total: Counts,
    /// (impact, change) -> count, for the headline matrix.
    matrix: BTreeMap<(Option<Impact>, Change), usize>,
    by_kind: BTreeMap<ItemKind, Counts>,
    by_group: BTreeMap<&'r str, Counts>,
}

impl<'r> Summary<'r> {
    fn of(report: &'r DriftReport) -> Summary<'r> {
        let mut s = Summary {
            total: Counts::default(),
            matrix: BTreeMap::new(),
            by_kind: BTreeMap::new(),
            by_group: BTreeMap::new(),
        };
        for item in &report.items {
            s.total.count(item);
            *s.matrix.entry((item.impact, item.change)).or_default() += 1;
            s.by_kind.entry(item.kind).or_default().count(item);
            s.by_group
                .entry(item.group.as_str())
                .or_default()
                .count(item);
        }
        s
    }

    /// True when some item carries an impact (metadata ⇄ metadata).
    fn classified(&self) -> bool {
        self.total.breaking + self.total.additive > 0
    }

    /// Table columns: the changes, then the impacts when there are any.
    fn columns(&self) -> Vec<&'static str> {
        let mut c = vec!["added", "removed", "changed"];
        if self.classified() {
            c.extend(["breaking", "additive"]);
            if self.total.unclassified > 0 {
                c.push("unclassified");
            }
        }
        c.push("total");
        c
    }

    fn row(&self, counts: &Counts) -> Vec<usize> {
        self.columns()
            .iter()
            .map(|c| match *c {
                "added" => counts.added,
                "removed" => counts.removed,
                "changed" => counts.changed,
                "breaking" => counts.breaking,
                "additive" => counts.additive,
                "unclassified" => counts.unclassified,
                _ => counts.total(),
            })
            .collect()
    }

    /// `12 differences: 5 breaking, 7 additive` / `12 differences`.
    fn headline(&self) -> String {
        let n = self.total.total();
        let mut s = format!("{n} difference{}", if n == 1 { "" } else { "s" });
        if self.classified() {
            let _ = write!(
                s,
                ": {} breaking, {} additive",
                self.total.breaking, self.total.additive
            );
            if self.total.unclassified > 0 {
                let _ = write!(s, ", {} unclassified", self.total.unclassified);
            }
        }
        s
    }
}

// ---------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------

/// Left-aligned first column, right-aligned numbers, two spaces between.
fn text_table(
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
fn text_line(item: &DriftItem) -> String {
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

fn write_text(out: &mut dyn Write, report: &DriftReport) -> io::Result<()> {
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

/// Groups shown in the text and markdown tables; the rest are summed in one
/// row (the JSON summary has every group).
const GROUP_ROWS: usize = 20;

/// The [`GROUP_ROWS`] largest groups (by items, then name), then one row for
/// the rest when there are more.
fn group_rows(summary: &Summary<'_>, label: impl Fn(&str) -> String) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(&str, &Counts)> = summary.by_group.iter().map(|(g, c)| (*g, c)).collect();
    if groups.len() > GROUP_ROWS {
        groups.sort_by(|a, b| b.1.total().cmp(&a.1.total()).then(a.0.cmp(b.0)));
    }
    let mut rows: Vec<(String, Vec<usize>)> = groups
        .iter()
        .take(GROUP_ROWS)
        .map(|(g, c)| (label(g), summary.row(c)))
        .collect();
    if groups.len() > GROUP_ROWS {
        let mut rest = Counts::default();
        for (_, c) in &groups[GROUP_ROWS..] {
            rest.add(c);
        }
        rows.push((
            format!("{} other groups", groups.len() - GROUP_ROWS),
            summary.row(&rest),
        ));
    }
    rows
}

fn group_label(g: &str) -> String {
    if g.is_empty() {
        "(none)".to_string()
    } else {
        g.to_string()
    }
}

/// The items breaking first, then additive, then unclassified; each part in
/// the report's order (a sorted report is already in this order).
fn ordered(report: &DriftReport) -> impl Iterator<Item = &DriftItem> {
    let part = move |want: Option<Impact>| report.items.iter().filter(move |i| i.impact == want);
    part(Some(Impact::Breaking))
        .chain(part(Some(Impact::Additive)))
        .chain(part(None))
}

// ---------------------------------------------------------------------------
// JSON lines
// ---------------------------------------------------------------------------

fn item_json(item: &DriftItem) -> Value {
    let mut obj = Map::new();
    obj.insert("kind".into(), Value::from("drift"));
    if let Ok(Value::Object(fields)) = serde_json::to_value(item) {
        for (k, v) in fields {
            let k = if k == "kind" {
                "item_kind".to_string()
            } else {
                k
            };
            obj.insert(k, v);
        }
    }
    Value::Object(obj)
}

fn write_json(out: &mut dyn Write, report: &DriftReport) -> io::Result<()> {
    for item in ordered(report) {
        serde_json::to_writer(&mut *out, &item_json(item))?;
        out.write_all(b"\n")?;
    }
    let summary = Summary::of(report);
    let by_kind: Map<String, Value> = summary
        .by_kind
        .iter()
        .map(|(k, c)| (words(k).replace(' ', "-"), c.to_json()))
        .collect();
    let by_group: Map<String, Value> = summary
        .by_group
        .iter()
        .map(|(g, c)| ((*g).to_string(), c.to_json()))
        .collect();
    let t = summary.total;
    let line = json!({
        "kind": "summary",
        "comparison": report.comparison,
        "left": report.left,
        "right": report.right,
        "items": t.total(),
        "by_change": {"added": t.added, "removed": t.removed, "changed": t.changed},
        "by_impact": {"breaking": t.breaking, "additive": t.additive, "unclassified": t.unclassified},
        "by_kind": by_kind,
        "by_group": by_group,
    });
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}

// ---------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------

/// Text safe inside markdown prose and table cells: no HTML, no pipes.
fn md_escape(s: &str) -> String {
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
fn md_code(s: &str) -> String {
    let fence = if s.contains('`') { "`` " } else { "`" };
    let close = if s.contains('`') { " ``" } else { "`" };
    format!("{fence}{s}{close}")
}

fn md_table(out: &mut dyn Write, header: &[&str], rows: &[(String, Vec<usize>)]) -> io::Result<()> {
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
fn md_line(item: &DriftItem) -> String {
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
fn md_list<'a>(
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

fn write_markdown(out: &mut dyn Write, report: &DriftReport) -> io::Result<()> {
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

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drift::Comparison;

    fn item(kind: ItemKind, change: Change, impact: Option<Impact>, subject: &str) -> DriftItem {
        DriftItem {
            kind,
            change,
            impact,
            group: "microsoft.graph".into(),
            subject: subject.into(),
            detail: "a <b> | c".into(),
            left: Some(Location {
                file: "old.xml".into(),
                line: 3,
            }),
            right: None,
        }
    }

    fn render(format: Format, report: &DriftReport) -> String {
        let mut out = Vec::new();
        write(&mut out, format, report).expect("writes");
        String::from_utf8(out).expect("UTF-8")
    }

    fn classified(n_breaking: usize) -> DriftReport {
        let mut items: Vec<DriftItem> = (0..n_breaking)
            .map(|i| {
                item(
                    ItemKind::Property,
                    Change::Removed,
                    Some(Impact::Breaking),
                    &format!("microsoft.graph.t/p{i:03}"),
                )
            })
            .collect();
        items.push(item(
            ItemKind::EntityType,
            Change::Added,
            Some(Impact::Additive),
            "microsoft.graph.u",
        ));
        let mut r = DriftReport {
            comparison: Comparison::MetadataMetadata,
            left: "old.xml".into(),
            right: "new.xml".into(),
            items,
        };
        r.sort();
        r
    }

    #[test]
    fn text_lists_breaking_first_with_places() {
        let text = render(Format::Text, &classified(2));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "drift (metadata ⇄ metadata): old.xml → new.xml");
        assert_eq!(lines[1], "3 differences: 2 breaking, 1 additive");
        let first = lines
            .iter()
            .position(|l| l.starts_with("breaking "))
            .expect("breaking lines");
        assert_eq!(
            lines[first],
            "breaking removed property microsoft.graph.t/p000: a <b> | c (old.xml:3)"
        );
        assert!(lines[first + 2].starts_with("additive added entity type microsoft.graph.u"));
    }

    #[test]
    fn json_lines_end_with_a_consistent_summary() {
        let text = render(Format::Json, &classified(2));
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON"))
            .collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0]["kind"], "drift");
        assert_eq!(lines[0]["item_kind"], "property");
        assert_eq!(lines[0]["impact"], "breaking");
        assert_eq!(lines[0]["left"]["line"], 3);
        let s = &lines[3];
        assert_eq!(s["kind"], "summary");
        assert_eq!(s["items"], 3);
        assert_eq!(s["by_impact"]["breaking"], 2);
        assert_eq!(s["by_change"]["removed"], 2);
        assert_eq!(s["by_kind"]["entity-type"]["added"], 1);
        assert_eq!(s["by_group"]["microsoft.graph"]["items"], 3);
    }

    #[test]
    fn markdown_caps_the_lists_and_escapes() {
        let md = render(Format::Markdown, &classified(MARKDOWN_LIST_CAP + 7));
        assert!(md.contains("| kind | added | removed | changed | breaking | additive | total |"));
        assert!(md.contains("| group | added |"));
        assert!(md.contains(&format!(
            "#### Breaking changes ({})",
            MARKDOWN_LIST_CAP + 7
        )));
        assert!(md.contains("- … and 7 more"));
        assert!(md.contains("a &lt;b&gt; \\| c"));
        assert!(md.contains("<details><summary>Additive changes (1)</summary>"));
        assert_eq!(md.matches("\n- **removed**").count(), MARKDOWN_LIST_CAP);
    }

    #[test]
    fn unclassified_reports_count_by_change_and_kind() {
        let mut r = DriftReport {
            comparison: Comparison::DocsMetadata,
            left: "docs".into(),
            right: "v1.0.csdl.xml".into(),
            items: vec![
                item(ItemKind::Url, Change::Removed, None, "GET /widgets"),
                item(ItemKind::Method, Change::Added, None, "PATCH /widgets/{id}"),
            ],
        };
        r.sort();
        let text = render(Format::Text, &r);
        assert!(text.contains("2 differences\n"), "{text}");
        assert!(
            text.contains("  kind    added  removed  changed  total"),
            "{text}"
        );
        assert!(
            text.contains("\nremoved url GET /widgets: a <b> | c (old.xml:3)"),
            "{text}"
        );
        let md = render(Format::Markdown, &r);
        assert!(!md.contains("Breaking changes"));
        assert!(md.contains("#### Differences (2)"));
        let json = render(Format::Json, &r);
        let summary: Value =
            serde_json::from_str(json.lines().last().expect("summary")).expect("JSON");
        assert_eq!(summary["by_impact"]["unclassified"], 2);
        assert_eq!(summary["comparison"], "docs-metadata");
    }

    #[test]
    fn an_empty_report_says_so() {
        let r = DriftReport {
            comparison: Comparison::MetadataMetadata,
            left: "a.xml".into(),
            right: "a.xml".into(),
            items: Vec::new(),
        };
        assert!(render(Format::Text, &r).ends_with("no differences\n"));
        assert!(render(Format::Markdown, &r).contains("no differences."));
        let json = render(Format::Json, &r);
        assert_eq!(json.lines().count(), 1);
        assert!(json.contains(r#""items":0"#));
    }
}
