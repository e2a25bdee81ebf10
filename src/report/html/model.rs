//! What an HTML report shows, independent of the command that made it:
//! headline numbers, charts, filterable tables and failure details. The
//! builders (`check`, `replay`, `verify`, `drift`) fill it in; [`render`](super::render)
//! (`super::render`) turns it into one self-contained page.

use super::json_diff::DiffEntry;

/// One report page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlReport {
    /// The page title and main heading: `mdcontract check`.
    pub title: String,
    /// What was run, in one line: the paths, the target, the comparison.
    pub subtitle: String,
    /// The overall outcome in two or three words, coloured by its tone.
    pub status: Option<(String, Tone)>,
    pub headline: Vec<Metric>,
    pub charts: Vec<Chart>,
    pub tables: Vec<Table>,
    /// Section heading of the failure details.
    pub failures_title: String,
    pub failures: Vec<FailureDetail>,
    /// Failures left out of the details (they are still rows of a table).
    pub failures_omitted: usize,
    /// A closing line: the tool and version.
    pub footer: String,
}

/// How a number or a mark should read; each tone has one colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tone {
    Neutral,
    Good,
    Bad,
    Warn,
    Info,
    Muted,
    Accent,
}

impl Tone {
    /// The CSS class suffix (`t-bad`).
    pub fn class(self) -> &'static str {
        match self {
            Tone::Neutral => "t-neutral",
            Tone::Good => "t-good",
            Tone::Bad => "t-bad",
            Tone::Warn => "t-warn",
            Tone::Info => "t-info",
            Tone::Muted => "t-muted",
            Tone::Accent => "t-accent",
        }
    }
}

/// A headline number.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub label: String,
    /// Already formatted (`3,212`, `84 %`).
    pub value: String,
    /// A second line under the value (`of 5,109 examples`).
    pub note: Option<String>,
    pub tone: Tone,
}

impl Metric {
    pub fn new(label: impl Into<String>, value: impl Into<String>, tone: Tone) -> Self {
        Metric {
            label: label.into(),
            value: value.into(),
            note: None,
            tone,
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// A chart, drawn as inline SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// One line under the title: what is counted.
    pub caption: Option<String>,
    /// How much of a row the chart takes.
    pub size: ChartSize,
    pub body: ChartBody,
}

/// A chart's share of a row of the chart grid; builders pick sizes that
/// fill whole rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartSize {
    Third,
    Half,
    TwoThirds,
    Full,
}

impl ChartSize {
    /// The CSS class, and the chart's logical width: about its card's inner
    /// width in pixels at the page's widest, so that text draws near its
    /// CSS size.
    pub fn class(self) -> &'static str {
        match self {
            ChartSize::Third => "third",
            ChartSize::Half => "half",
            ChartSize::TwoThirds => "two-thirds",
            ChartSize::Full => "full",
        }
    }

    pub fn width(self) -> f64 {
        match self {
            ChartSize::Third => 360.0,
            ChartSize::Half => 560.0,
            ChartSize::TwoThirds => 760.0,
            ChartSize::Full => 1160.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChartBody {
    /// Horizontal bars, one per category, each stacked by series.
    Bars { series: Vec<Series>, bars: Vec<Bar> },
    /// A ring of slices with the total in the middle.
    Donut { slices: Vec<Slice> },
}

/// A stacked component of the bars, with its legend entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub tone: Tone,
}

/// One category of a bar chart: a value per series.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub values: Vec<u64>,
    /// Text put into the first table's filter when the bar is clicked.
    pub filter: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    pub label: String,
    pub value: u64,
    pub tone: Tone,
}

/// A table with a text filter and one select per facet column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub title: String,
    /// Stable id for the section (anchors, tests): `findings`.
    pub id: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// What the table shows when it has no rows at all.
    pub empty: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    /// A select filters on this column's exact cell text.
    pub facet: bool,
    /// Monospaced cells (codes, paths, pointers).
    pub mono: bool,
    /// Numeric cells: right-aligned, sorted as numbers.
    pub numeric: bool,
    /// The column that takes the room left (a message).
    pub grow: bool,
}

impl Column {
    pub fn text(name: &str) -> Self {
        Column {
            name: name.to_string(),
            facet: false,
            mono: false,
            numeric: false,
            grow: false,
        }
    }

    pub fn facet(mut self) -> Self {
        self.facet = true;
        self
    }

    pub fn mono(mut self) -> Self {
        self.mono = true;
        self
    }

    pub fn numeric(mut self) -> Self {
        self.numeric = true;
        self
    }

    pub fn grow(mut self) -> Self {
        self.grow = true;
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Colours the row's edge.
    pub tone: Tone,
}

impl Row {
    /// The text the filter box searches, as the page's script builds it:
    /// the cells' texts joined by a space, lowercased.
    pub fn search_text(&self) -> String {
        let texts: Vec<&str> = self.cells.iter().map(|c| c.text.as_str()).collect();
        texts.join(" ").to_lowercase()
    }

    /// True when the filter box's `query` keeps the row (what the page's
    /// script does: trimmed, lowercased, a substring of [`Self::search_text`]).
    pub fn matches(&self, query: &str) -> bool {
        let q = query.trim().to_lowercase();
        q.is_empty() || self.search_text().contains(&q)
    }
}

/// One table cell: its text, and optionally a link and a badge tone.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    /// Shown as a coloured badge.
    pub badge: Option<Tone>,
    /// A longer text shown on hover.
    pub title: Option<String>,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            href: None,
            badge: None,
            title: None,
        }
    }

    pub fn link(text: impl Into<String>, href: Option<String>) -> Self {
        Cell {
            href,
            ..Cell::new(text)
        }
    }

    pub fn badge(text: impl Into<String>, tone: Tone) -> Self {
        Cell {
            badge: Some(tone),
            ..Cell::new(text)
        }
    }
}

/// The detail of one failure: what was expected, what came, and the diff.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FailureDetail {
    /// The example id, or the request.
    pub title: String,
    /// The request line, or the page's words.
    pub subtitle: Option<String>,
    /// `file:line`, and its link.
    pub location: Option<(String, Option<String>)>,
    /// Each mismatch in words, with its code and tone.
    pub messages: Vec<(String, String, Tone)>,
    /// The expected body (pretty JSON or text), and its heading.
    pub expected: Option<Body>,
    pub actual: Option<Body>,
    /// Pointer-level differences, when both sides are JSON.
    pub diff: Vec<DiffEntry>,
    /// Pointers a message names (a schema problem at `/target/@odata.type`):
    /// their lines are marked on both sides.
    pub marks: Vec<String>,
}

/// A body shown in full: pretty JSON (lines marked by the diff) or text.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Json(serde_json::Value),
    Text(String),
}
