//! The HTML report: one self-contained file (stylesheet, script and SVG
//! charts inline; nothing loaded from the network) with headline numbers,
//! charts, filterable tables and the detail of each failure.
//!
//! Split in three: a generic [`model`] of what a report shows, which
//! [`render`] turns into HTML without knowing which command made it; and one
//! builder per command (`check`, `replay`, `verify`, `drift`) that fills the
//! model from that command's results. `parts` holds what the builders share
//! (charts, counts, the footer), `svg` draws the charts, `json_diff`
//! compares expected and actual bodies, and `escape` keeps page text inert.

mod check;
mod drift;
mod escape;
pub mod json_diff;
pub mod model;
mod parts;
mod render;
mod replay;
mod svg;
mod verify;

pub use check::{CheckRun, check_report};
pub use drift::drift_report;
pub use escape::Links;
pub use model::{
    Bar, Body, Cell, Chart, ChartBody, ChartSize, Column, FailureDetail, HtmlReport, Metric, Row,
    Series, Slice, Table, Tone,
};
pub use parts::fmt_count;
pub use render::render;
pub use replay::{DETAILED as REPLAY_DETAILED, ReplayRun, replay_report};
pub use verify::verify_report;
