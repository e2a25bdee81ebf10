//! Charts drawn on the server as inline SVG: no script is needed to see
//! them, and the file needs nothing from the network. Colours come from the
//! page's stylesheet through each mark's tone class, so that they follow the
//! light or dark scheme.

use std::f64::consts::PI;
use std::fmt::Write;

use super::escape::{push_attr, push_text};
use super::model::{Bar, Chart, ChartBody, ChartSize, Series, Slice};
use super::parts::fmt_count;

/// Logical sizes of a chart. The SVG scales to its card; these widths are
/// about the card's width in pixels at the page's widest, so that text is
/// drawn near its CSS size.
#[derive(Debug, Clone, Copy)]
struct Dims {
    width: f64,
    /// Room for the category labels of a bar chart.
    label_w: f64,
    /// Room for the total at the end of each bar.
    value_w: f64,
}

impl Dims {
    fn of(chart: &Chart) -> Self {
        let width = chart.size.width();
        if chart.size == ChartSize::Third {
            Dims {
                width,
                label_w: 118.0,
                value_w: 46.0,
            }
        } else {
            Dims {
                width,
                label_w: 230.0,
                value_w: 60.0,
            }
        }
    }

    /// Longest label drawn; longer ones are cut with `…` (the full one is
    /// the bar's tooltip).
    fn label_chars(self) -> usize {
        ((self.label_w - 10.0) / 6.6) as usize
    }
}

const ROW_H: f64 = 22.0;
const BAR_H: f64 = 14.0;

/// Appends the SVG of `chart`.
pub fn push_chart(out: &mut String, chart: &Chart) {
    let d = Dims::of(chart);
    match &chart.body {
        ChartBody::Bars { series, bars } => bars_svg(out, d, &chart.title, series, bars),
        ChartBody::Donut { slices } => donut_svg(out, d, &chart.title, slices),
    }
}

fn open_svg(out: &mut String, d: Dims, title: &str, height: f64) {
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {} {height}\" width=\"100%\" \
         preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-label=\"",
        d.width
    );
    push_attr(out, title);
    // No xmlns: the HTML parser puts <svg> in the SVG namespace by itself.
    out.push_str("\">");
}

fn bars_svg(out: &mut String, d: Dims, title: &str, series: &[Series], bars: &[Bar]) {
    let Dims {
        width,
        label_w,
        value_w,
    } = d;
    let legend_h = if series.len() > 1 { 26.0 } else { 4.0 };
    let height = legend_h + ROW_H * bars.len().max(1) as f64 + 6.0;
    open_svg(out, d, title, height);
    if series.len() > 1 {
        let mut x = label_w;
        for s in series {
            let _ = write!(
                out,
                "<rect class=\"seg {}\" x=\"{x}\" y=\"5\" width=\"10\" height=\"10\" rx=\"2\"/>\
                 <text class=\"legend\" x=\"{}\" y=\"14\">",
                s.tone.class(),
                x + 15.0
            );
            push_text(out, &s.name);
            out.push_str("</text>");
            x += 30.0 + 7.0 * s.name.chars().count() as f64;
        }
    }
    if bars.is_empty() {
        let _ = write!(
            out,
            "<text class=\"empty\" x=\"{}\" y=\"{}\">nothing to show</text></svg>",
            width / 2.0,
            legend_h + 15.0
        );
        return;
    }
    let area = width - label_w - value_w;
    let max = bars
        .iter()
        .map(|b| b.values.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    for (i, bar) in bars.iter().enumerate() {
        let y = legend_h + ROW_H * i as f64;
        let total: u64 = bar.values.iter().sum();
        out.push_str("<g class=\"bar");
        if bar.filter.is_some() {
            out.push_str(" clickable");
        }
        out.push('"');
        if let Some(f) = &bar.filter {
            out.push_str(" data-filter=\"");
            push_attr(out, f);
            out.push('"');
        }
        out.push_str("><title>");
        push_text(out, &bar.label);
        let _ = write!(out, ": {}", fmt_count(total));
        if series.len() > 1 {
            let parts: Vec<String> = series
                .iter()
                .zip(&bar.values)
                .filter(|(_, v)| **v > 0)
                .map(|(s, v)| format!("{} {}", fmt_count(*v), s.name))
                .collect();
            out.push_str(" (");
            push_text(out, &parts.join(", "));
            out.push(')');
        }
        out.push_str("</title>");
        let _ = write!(
            out,
            "<rect class=\"track\" x=\"{label_w}\" y=\"{}\" width=\"{area}\" height=\"{BAR_H}\" rx=\"3\"/>",
            y + (ROW_H - BAR_H) / 2.0
        );
        let _ = write!(
            out,
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">",
            label_w - 8.0,
            y + ROW_H / 2.0 + 4.0
        );
        push_text(out, &cut(&bar.label, d.label_chars()));
        out.push_str("</text>");
        let mut x = label_w;
        for (s, v) in series.iter().zip(&bar.values) {
            if *v == 0 {
                continue;
            }
            let w = (*v as f64 / max * area).max(1.5);
            let _ = write!(
                out,
                "<rect class=\"seg {}\" x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"{BAR_H}\"/>",
                s.tone.class(),
                y + (ROW_H - BAR_H) / 2.0
            );
            x += w;
        }
        let _ = write!(
            out,
            "<text class=\"value\" x=\"{:.1}\" y=\"{}\">{}</text></g>",
            x + 6.0,
            y + ROW_H / 2.0 + 4.0,
            fmt_count(total)
        );
    }
    out.push_str("</svg>");
}

fn donut_svg(out: &mut String, d: Dims, title: &str, slices: &[Slice]) {
    let rows = slices.len().max(1) as f64;
    let height = (rows * 26.0 + 20.0).max(160.0);
    open_svg(out, d, title, height);
    let (r, stroke) = (56.0, 20.0);
    let (cx, cy) = (r + stroke / 2.0 + 6.0, height / 2.0);
    let legend_x = cx + r + stroke / 2.0 + 18.0;
    let circumference = 2.0 * PI * r;
    let total: u64 = slices.iter().map(|s| s.value).sum();
    let _ = write!(
        out,
        "<circle class=\"ring\" cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" stroke-width=\"{stroke}\"/>"
    );
    let shown = slices.iter().filter(|s| s.value > 0).count();
    let gap = if shown > 1 { 2.0 } else { 0.0 };
    let mut offset = 0.0;
    for s in slices.iter().filter(|s| s.value > 0) {
        let len = s.value as f64 / total as f64 * circumference;
        let _ = write!(
            out,
            "<circle class=\"seg {}\" cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" stroke-width=\"{stroke}\" \
             stroke-dasharray=\"{:.2} {circumference:.2}\" stroke-dashoffset=\"{:.2}\" \
             transform=\"rotate(-90 {cx} {cy})\"><title>",
            s.tone.class(),
            (len - gap).max(0.8),
            -offset
        );
        push_text(out, &s.label);
        let _ = write!(out, ": {}</title></circle>", fmt_count(s.value));
        offset += len;
    }
    let _ = write!(
        out,
        "<text class=\"total\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{}</text>\
         <text class=\"total-label\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">total</text>",
        cy + 6.0,
        fmt_count(total),
        cy + 24.0
    );
    let top = cy - rows * 26.0 / 2.0;
    for (i, s) in slices.iter().enumerate() {
        let y = top + 26.0 * i as f64;
        let pct = if total == 0 {
            String::new()
        } else {
            percent(s.value, total)
        };
        let _ = write!(
            out,
            "<rect class=\"seg {}\" x=\"{legend_x}\" y=\"{}\" width=\"12\" height=\"12\" rx=\"3\"/>\
             <text class=\"legend\" x=\"{}\" y=\"{}\">",
            s.tone.class(),
            y + 6.0,
            legend_x + 19.0,
            y + 16.5
        );
        push_text(out, &cut(&s.label, 15));
        let _ = write!(
            out,
            "</text><text class=\"legend-value\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <text class=\"legend-pct\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{pct}</text>",
            d.width - 52.0,
            y + 16.5,
            fmt_count(s.value),
            d.width - 4.0,
            y + 16.5
        );
    }
    out.push_str("</svg>");
}

/// `part` of `whole` as a percentage: `12.5 %`, `<0.1 %`.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".to_string();
    }
    let p = part as f64 * 100.0 / whole as f64;
    if part > 0 && p < 0.1 {
        "<0.1 %".to_string()
    } else if p >= 10.0 || p == 0.0 {
        format!("{p:.0} %")
    } else {
        format!("{p:.1} %")
    }
}

fn cut(label: &str, chars: usize) -> String {
    if label.chars().count() <= chars {
        return label.to_string();
    }
    let mut s: String = label.chars().take(chars.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// The first `keep` bars, and the rest summed into one `other` bar.
pub fn top_bars(mut bars: Vec<Bar>, keep: usize, other: &str) -> Vec<Bar> {
    if bars.len() <= keep + 1 {
        return bars;
    }
    let rest = bars.split_off(keep);
    let width = rest.iter().map(|b| b.values.len()).max().unwrap_or(0);
    let mut values = vec![0; width];
    for b in &rest {
        for (acc, v) in values.iter_mut().zip(&b.values) {
            *acc += v;
        }
    }
    bars.push(Bar {
        label: format!("{other} ({})", rest.len()),
        values,
        filter: None,
    });
    bars
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::html::model::Tone;

    fn chart(body: ChartBody) -> String {
        let mut out = String::new();
        push_chart(
            &mut out,
            &Chart {
                title: "t<".into(),
                caption: None,
                size: ChartSize::Half,
                body,
            },
        );
        out
    }

    #[test]
    fn bars_are_scaled_to_the_longest_and_labels_escaped() {
        let svg = chart(ChartBody::Bars {
            series: vec![Series {
                name: "n".into(),
                tone: Tone::Bad,
            }],
            bars: vec![
                Bar {
                    label: "<b>".into(),
                    values: vec![10],
                    filter: Some("\"x\"".into()),
                },
                Bar {
                    label: "b".into(),
                    values: vec![5],
                    filter: None,
                },
            ],
        });
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(
            svg.contains("width=\"270\""),
            "the track spans the area: {svg}"
        );
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains("data-filter=\"&quot;x&quot;\""));
        assert!(svg.contains("aria-label=\"t&lt;\""));
    }

    #[test]
    fn a_donut_draws_one_segment_per_nonzero_slice() {
        let slice = |label: &str, value, tone| Slice {
            label: label.into(),
            value,
            tone,
        };
        let svg = chart(ChartBody::Donut {
            slices: vec![
                slice("a", 3, Tone::Bad),
                slice("b", 0, Tone::Warn),
                slice("c", 1, Tone::Good),
            ],
        });
        assert_eq!(svg.matches("<circle class=\"seg").count(), 2);
        assert!(svg.contains(">4</text>"), "the total: {svg}");
        assert!(svg.contains("75 %") && svg.contains("25 %"));
    }

    #[test]
    fn the_tail_of_a_long_bar_list_is_summed() {
        let bars: Vec<Bar> = (0..5)
            .map(|i| Bar {
                label: format!("b{i}"),
                values: vec![1, i],
                filter: None,
            })
            .collect();
        let kept = top_bars(bars, 2, "other");
        assert_eq!(kept.len(), 3);
        assert_eq!(kept[2].label, "other (3)");
        assert_eq!(kept[2].values, vec![3, 9]);
    }

    #[test]
    fn percentages_read_naturally() {
        assert_eq!(percent(1, 4), "25 %");
        assert_eq!(percent(1, 3000), "<0.1 %");
        assert_eq!(percent(3, 100), "3.0 %");
        assert_eq!(percent(0, 5), "0 %");
    }
}
