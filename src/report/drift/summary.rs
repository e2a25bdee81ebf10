//! What the drift writers share: the words for kinds, changes and places,
//! and the counts by change, impact, kind and group.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{Value, json};

use crate::drift::{Change, DriftItem, DriftReport, Impact, ItemKind, Location};

/// The serde (kebab-case) name of a unit variant, with spaces: `entity type`.
pub(super) fn words<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s.replace('-', " "),
        _ => String::new(),
    }
}

/// `metadata ⇄ metadata`.
pub(super) fn comparison_words(report: &DriftReport) -> String {
    words(&report.comparison).replace(' ', " ⇄ ")
}

/// `file:line`, or `file` when the line is unknown.
pub(super) fn place(l: &Location) -> String {
    if l.line == 0 {
        l.file.clone()
    } else {
        format!("{}:{}", l.file, l.line)
    }
}

/// `(old:12 → new:40)`, `(old:12)`, `(new:40)` or nothing.
pub(super) fn places(item: &DriftItem) -> String {
    match (&item.left, &item.right) {
        (Some(l), Some(r)) => format!(" ({} → {})", place(l), place(r)),
        (Some(l), None) => format!(" ({})", place(l)),
        (None, Some(r)) => format!(" ({})", place(r)),
        (None, None) => String::new(),
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Counts {
    pub(super) added: usize,
    pub(super) removed: usize,
    pub(super) changed: usize,
    pub(super) breaking: usize,
    pub(super) additive: usize,
    pub(super) unclassified: usize,
}

impl Counts {
    pub(super) fn count(&mut self, item: &DriftItem) {
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

    pub(super) fn total(&self) -> usize {
        self.added + self.removed + self.changed
    }

    pub(super) fn add(&mut self, other: &Counts) {
        self.added += other.added;
        self.removed += other.removed;
        self.changed += other.changed;
        self.breaking += other.breaking;
        self.additive += other.additive;
        self.unclassified += other.unclassified;
    }

    pub(super) fn to_json(self) -> Value {
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

pub(super) struct Summary<'r> {
    pub(super) total: Counts,
    /// (impact, change) -> count, for the headline matrix.
    pub(super) matrix: BTreeMap<(Option<Impact>, Change), usize>,
    pub(super) by_kind: BTreeMap<ItemKind, Counts>,
    pub(super) by_group: BTreeMap<&'r str, Counts>,
}

impl<'r> Summary<'r> {
    pub(super) fn of(report: &'r DriftReport) -> Summary<'r> {
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
    pub(super) fn classified(&self) -> bool {
        self.total.breaking + self.total.additive > 0
    }

    /// Table columns: the changes, then the impacts when there are any.
    pub(super) fn columns(&self) -> Vec<&'static str> {
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

    pub(super) fn row(&self, counts: &Counts) -> Vec<usize> {
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
    pub(super) fn headline(&self) -> String {
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

/// Groups shown in the text and markdown tables; the rest are summed in one
/// row (the JSON summary has every group).
pub(super) const GROUP_ROWS: usize = 20;

/// The [`GROUP_ROWS`] largest groups (by items, then name), then one row for
/// the rest when there are more.
pub(super) fn group_rows(
    summary: &Summary<'_>,
    label: impl Fn(&str) -> String,
) -> Vec<(String, Vec<usize>)> {
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

pub(super) fn group_label(g: &str) -> String {
    if g.is_empty() {
        "(none)".to_string()
    } else {
        g.to_string()
    }
}

/// The items breaking first, then additive, then unclassified; each part in
/// the report's order (a sorted report is already in this order).
pub(super) fn ordered(report: &DriftReport) -> impl Iterator<Item = &DriftItem> {
    let part = move |want: Option<Impact>| report.items.iter().filter(move |i| i.impact == want);
    part(Some(Impact::Breaking))
        .chain(part(Some(Impact::Additive)))
        .chain(part(None))
}
