//! [`HtmlReport`] → one HTML document with its stylesheet, script and
//! charts inline.
//!
//! The page loads nothing: its Content-Security-Policy forbids every fetch
//! (`default-src 'none'`) and allows only this file's own stylesheet and
//! script, by their SHA-256 hashes, so that text from a page that slipped
//! through escaping still could not run. Tables are plain HTML rows, so the
//! report reads without script; the script adds the filter, the facet
//! selects, sorting, and clickable bars.

use std::fmt::Write;

use base64::Engine;

use super::escape::{push_attr, push_text};
use super::json_diff::{DiffOp, pretty_lines, within};
use super::model::{Body, Cell, FailureDetail, HtmlReport, Table, Tone};
use super::parts::fmt_count;
use super::svg;

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// Lines of a body shown before the rest is cut.
const BODY_LINES: usize = 400;
/// Longest value text in a diff table.
const VALUE_CHARS: usize = 240;

/// The report as a complete HTML document.
pub fn render(report: &HtmlReport) -> String {
    let mut out = String::with_capacity(
        64 * 1024
            + report
                .tables
                .iter()
                .map(|t| t.rows.len() * 400)
                .sum::<usize>(),
    );
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         img-src data:; style-src '{}'; script-src '{}'; base-uri 'none'; form-action 'none'\">",
        csp_hash(STYLE),
        csp_hash(SCRIPT)
    );
    let _ = writeln!(
        out,
        "<meta name=\"generator\" content=\"mdcontract {}\">",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    out.push_str("<link rel=\"icon\" href=\"data:,\">\n<title>");
    push_text(&mut out, &report.title);
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n");

    header(&mut out, report);
    out.push_str("<main class=\"wrap\">\n");
    metrics(&mut out, report);
    charts(&mut out, report);
    for table in &report.tables {
        push_table(&mut out, table);
    }
    failures(&mut out, report);
    out.push_str("</main>\n<footer class=\"wrap\">");
    push_text(&mut out, &report.footer);
    out.push_str("</footer>\n<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// A CSP source expression for an inline element's exact text.
fn csp_hash(text: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest.as_ref())
    )
}

fn header(out: &mut String, r: &HtmlReport) {
    out.push_str("<header class=\"top\"><div class=\"wrap head\"><div>");
    out.push_str("<div class=\"brand\"><span class=\"logo\" aria-hidden=\"true\"></span>mdcontract</div><h1>");
    push_text(out, &r.title);
    out.push_str("</h1>");
    if !r.subtitle.is_empty() {
        out.push_str("<p class=\"sub\">");
        push_text(out, &r.subtitle);
        out.push_str("</p>");
    }
    out.push_str("</div>");
    if let Some((text, tone)) = &r.status {
        let _ = write!(out, "<div class=\"status {}\">", tone.class());
        push_text(out, text);
        out.push_str("</div>");
    }
    out.push_str("</div></header>\n");
}

fn metrics(out: &mut String, r: &HtmlReport) {
    if r.headline.is_empty() {
        return;
    }
    out.push_str("<section class=\"metrics\" aria-label=\"Summary\">");
    for m in &r.headline {
        let _ = write!(
            out,
            "<div class=\"metric {}\"><div class=\"m-label\">",
            m.tone.class()
        );
        push_text(out, &m.label);
        out.push_str("</div><div class=\"m-value\">");
        push_text(out, &m.value);
        out.push_str("</div>");
        if let Some(note) = &m.note {
            out.push_str("<div class=\"m-note\">");
            push_text(out, note);
            out.push_str("</div>");
        }
        out.push_str("</div>");
    }
    out.push_str("</section>\n");
}

fn charts(out: &mut String, r: &HtmlReport) {
    if r.charts.is_empty() {
        return;
    }
    out.push_str("<section class=\"charts\" aria-label=\"Charts\">");
    for c in &r.charts {
        let _ = write!(
            out,
            "<figure class=\"card chart-card {}\"><figcaption><span class=\"c-title\">",
            c.size.class()
        );
        push_text(out, &c.title);
        out.push_str("</span>");
        if let Some(caption) = &c.caption {
            out.push_str("<span class=\"c-caption\">");
            push_text(out, caption);
            out.push_str("</span>");
        }
        out.push_str("</figcaption>");
        svg::push_chart(out, c);
        out.push_str("</figure>");
    }
    out.push_str("</section>\n");
}

fn push_table(out: &mut String, t: &Table) {
    out.push_str("<section class=\"card table-section\" data-table id=\"");
    push_attr(out, &t.id);
    out.push_str("\"><div class=\"t-head\"><h2>");
    push_text(out, &t.title);
    let _ = write!(
        out,
        "</h2><span class=\"count\" data-count>{} {}</span></div>",
        fmt_count(t.rows.len() as u64),
        if t.rows.len() == 1 { "row" } else { "rows" }
    );
    if t.rows.is_empty() {
        out.push_str("<p class=\"none\">");
        push_text(out, &t.empty);
        out.push_str("</p></section>\n");
        return;
    }
    toolbar(out, t);
    out.push_str("<div class=\"scroll\"><table><thead><tr>");
    for c in &t.columns {
        let class = classes(&[(c.numeric, "num"), (c.grow, "grow")]);
        let _ = write!(
            out,
            "<th{class}{}><button type=\"button\" class=\"sort\">",
            if c.numeric { " data-num" } else { "" }
        );
        push_text(out, &c.name);
        out.push_str("</button></th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    // Short facet values (severities, codes, kinds) never wrap.
    let nowrap: Vec<bool> = (0..t.columns.len())
        .map(|i| {
            t.columns[i].facet
                && t.rows
                    .iter()
                    .all(|r| r.cells.get(i).is_none_or(|c| c.text.chars().count() <= 20))
        })
        .collect();
    for row in &t.rows {
        let _ = write!(out, "<tr class=\"{}\">", row.tone.class());
        for ((cell, col), nowrap) in row.cells.iter().zip(&t.columns).zip(&nowrap) {
            let class = classes(&[
                (col.mono, "mono"),
                (col.numeric, "num"),
                (*nowrap, "nw"),
                (col.grow, "grow"),
            ]);
            let _ = write!(out, "<td{class}>");
            push_cell(out, cell, col.mono && !col.facet);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div><p class=\"none\" data-none hidden>No row matches the filter.</p></section>\n");
}

/// A `class` attribute of the names whose flag is set, or nothing.
fn classes(flags: &[(bool, &str)]) -> String {
    let names: Vec<&str> = flags
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, n)| *n)
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", names.join(" "))
    }
}

fn toolbar(out: &mut String, t: &Table) {
    out.push_str("<div class=\"toolbar\"><input type=\"search\" placeholder=\"Filter rows…\" aria-label=\"Filter ");
    push_attr(out, &t.title);
    out.push_str("\" autocomplete=\"off\" spellcheck=\"false\">");
    for (i, c) in t.columns.iter().enumerate().filter(|(_, c)| c.facet) {
        // Values by count, most frequent first.
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for row in &t.rows {
            let text = row.cells.get(i).map_or("", |c| c.text.as_str());
            match counts.iter_mut().find(|(v, _)| *v == text) {
                Some((_, n)) => *n += 1,
                None => counts.push((text, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let _ = write!(out, "<select data-col=\"{i}\" aria-label=\"");
        push_attr(out, &c.name);
        out.push_str("\"><option value=\"\">");
        push_text(out, &format!("Any {}", c.name.to_lowercase()));
        out.push_str("</option>");
        for (v, n) in counts {
            out.push_str("<option value=\"");
            push_attr(out, v);
            out.push_str("\">");
            push_text(out, if v.is_empty() { "(none)" } else { v });
            let _ = write!(out, " ({})</option>", fmt_count(n as u64));
        }
        out.push_str("</select>");
    }
    out.push_str("<button type=\"button\" class=\"reset\">Clear</button></div>");
}

/// Appends a cell's content. With `breaks`, a long path or URL may wrap
/// after each `/`, `#`, `?`, `&` and `.` (`<wbr>`), and nowhere else.
fn push_cell(out: &mut String, cell: &Cell, breaks: bool) {
    let push_content = |out: &mut String| {
        if breaks {
            push_breakable(out, &cell.text);
        } else {
            push_text(out, &cell.text);
        }
    };
    let close = match (&cell.href, cell.badge) {
        (Some(href), _) => {
            out.push_str("<a href=\"");
            push_attr(out, href);
            out.push('"');
            "</a>"
        }
        (None, Some(tone)) => {
            let _ = write!(out, "<span class=\"badge {}\"", tone.class());
            "</span>"
        }
        (None, None) if cell.title.is_some() => {
            out.push_str("<span");
            "</span>"
        }
        (None, None) => {
            push_content(out);
            return;
        }
    };
    if let Some(title) = &cell.title {
        out.push_str(" title=\"");
        push_attr(out, title);
        out.push('"');
    }
    out.push('>');
    push_content(out);
    out.push_str(close);
}

fn push_breakable(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find(['/', '#', '?', '&', '.']) {
        push_text(out, &rest[..=i]);
        out.push_str("<wbr>");
        rest = &rest[i + 1..];
    }
    push_text(out, rest);
}

fn failures(out: &mut String, r: &HtmlReport) {
    if r.failures.is_empty() {
        return;
    }
    out.push_str("<section class=\"failures\" id=\"failures\"><div class=\"t-head\"><h2>");
    push_text(out, &r.failures_title);
    let _ = write!(
        out,
        "</h2><span class=\"count\">{}</span></div>",
        fmt_count((r.failures.len() + r.failures_omitted) as u64)
    );
    for (i, f) in r.failures.iter().enumerate() {
        failure(out, f, i < 3);
    }
    if r.failures_omitted > 0 {
        let _ = write!(
            out,
            "<p class=\"none\">{} more not detailed here; the table lists them all.</p>",
            fmt_count(r.failures_omitted as u64)
        );
    }
    out.push_str("</section>\n");
}

fn failure(out: &mut String, f: &FailureDetail, open: bool) {
    let _ = write!(
        out,
        "<details class=\"card failure\"{}><summary><div class=\"f-line\"><span class=\"f-title mono\">",
        if open { " open" } else { "" }
    );
    push_text(out, &f.title);
    out.push_str("</span>");
    if let Some((text, href)) = &f.location {
        out.push_str("<span class=\"f-loc mono\">");
        push_cell(out, &Cell::link(text.clone(), href.clone()), false);
        out.push_str("</span>");
    }
    out.push_str("</div>");
    if let Some(sub) = &f.subtitle {
        out.push_str("<div class=\"f-sub mono\">");
        push_text(out, sub);
        out.push_str("</div>");
    }
    out.push_str("</summary><div class=\"f-body\">");
    if !f.messages.is_empty() {
        out.push_str("<ul class=\"messages\">");
        for (code, message, tone) in &f.messages {
            let _ = write!(out, "<li><span class=\"badge {}\">", tone.class());
            push_text(out, code);
            out.push_str("</span> ");
            push_text(out, message);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    if f.expected.is_some() || f.actual.is_some() {
        out.push_str("<div class=\"bodies\">");
        push_body(out, "Expected (documented)", f.expected.as_ref(), f, true);
        push_body(out, "Actual", f.actual.as_ref(), f, false);
        out.push_str("</div>");
    }
    if !f.diff.is_empty() {
        let _ = write!(
            out,
            "<table class=\"diff\"><caption>JSON diff: {} difference{}</caption><thead><tr>\
             <th>change</th><th>pointer</th><th>expected</th><th>actual</th></tr></thead><tbody>",
            f.diff.len(),
            if f.diff.len() == 1 { "" } else { "s" }
        );
        for d in &f.diff {
            let tone = op_tone(d.op);
            let _ = write!(
                out,
                "<tr><td><span class=\"badge {}\">{}</span></td><td class=\"mono\">",
                tone.class(),
                d.op.as_str()
            );
            push_text(
                out,
                if d.pointer.is_empty() {
                    "(root)"
                } else {
                    &d.pointer
                },
            );
            for v in [&d.expected, &d.actual] {
                out.push_str("</td><td class=\"mono val\">");
                match v {
                    Some(v) => push_text(out, &clip(&v.to_string())),
                    None => out.push_str("<span class=\"absent\">absent</span>"),
                }
            }
            out.push_str("</td></tr>");
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</div></details>\n");
}

fn op_tone(op: DiffOp) -> Tone {
    match op {
        DiffOp::Added => Tone::Good,
        DiffOp::Removed => Tone::Bad,
        DiffOp::Changed => Tone::Warn,
    }
}

/// One side of the bodies: JSON lines marked by the diff (removed and
/// changed on the expected side, added and changed on the actual side).
fn push_body(out: &mut String, heading: &str, body: Option<&Body>, f: &FailureDetail, left: bool) {
    out.push_str("<div class=\"body\"><h4>");
    push_text(out, heading);
    out.push_str("</h4><pre>");
    match body {
        None => out.push_str("<span class=\"absent\">no body</span>"),
        Some(Body::Text(t)) => {
            let lines: Vec<&str> = t.lines().collect();
            for l in lines.iter().take(BODY_LINES) {
                out.push_str("<span class=\"l\">");
                push_text(out, l);
                out.push_str("</span>");
            }
            more_lines(out, lines.len());
        }
        Some(Body::Json(v)) => {
            let lines = pretty_lines(v);
            for l in lines.iter().take(BODY_LINES) {
                let op = f
                    .diff
                    .iter()
                    .filter(|d| match d.op {
                        DiffOp::Removed => left,
                        DiffOp::Added => !left,
                        DiffOp::Changed => true,
                    })
                    .find(|d| within(&l.pointer, &d.pointer))
                    .map(|d| op_tone(d.op))
                    .or_else(|| {
                        f.marks
                            .iter()
                            .any(|m| within(&l.pointer, m))
                            .then_some(Tone::Bad)
                    });
                match op {
                    Some(tone) => {
                        let _ = write!(out, "<span class=\"l mark {}\">", tone.class());
                    }
                    None => out.push_str("<span class=\"l\">"),
                }
                push_text(out, &l.text);
                out.push_str("</span>");
            }
            more_lines(out, lines.len());
        }
    }
    out.push_str("</pre></div>");
}

fn more_lines(out: &mut String, total: usize) {
    if total > BODY_LINES {
        let _ = write!(
            out,
            "<span class=\"l absent\">… {} more lines</span>",
            fmt_count((total - BODY_LINES) as u64)
        );
    }
}

fn clip(s: &str) -> String {
    crate::outcome::clip(s, VALUE_CHARS).into_owned()
}

#[cfg(test)]
mod tests {
    use super::super::json_diff::diff;
    use super::super::model::{Column, Metric, Row};
    use super::*;
    use serde_json::json;

    fn report() -> HtmlReport {
        let hostile = "<script>alert(1)</script>\"'&";
        HtmlReport {
            title: format!("t {hostile}"),
            subtitle: hostile.into(),
            status: Some((hostile.into(), Tone::Bad)),
            headline: vec![Metric::new(hostile, "1", Tone::Bad).with_note(hostile)],
            tables: vec![Table {
                title: hostile.into(),
                id: "t".into(),
                columns: vec![Column::text("Code").facet(), Column::text("Where").mono()],
                rows: vec![Row {
                    cells: vec![
                        Cell::badge(hostile, Tone::Bad),
                        Cell::link(hostile, Some(format!("x.md{hostile}"))),
                    ],
                    tone: Tone::Bad,
                }],
                empty: String::new(),
            }],
            failures_title: hostile.into(),
            failures: vec![FailureDetail {
                title: hostile.into(),
                expected: Some(Body::Json(json!({ hostile: hostile }))),
                actual: Some(Body::Text(hostile.into())),
                diff: diff(&json!({ hostile: 1 }), &json!({}), 9),
                ..FailureDetail::default()
            }],
            ..HtmlReport::default()
        }
    }

    #[test]
    fn every_text_is_escaped() {
        let html = render(&report());
        assert!(!html.contains("<script>alert"), "{html}");
        assert_eq!(html.matches("<script>").count(), 1, "only the report's own");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_style_and_script() {
        let html = render(&report());
        assert!(html.contains("default-src 'none'"));
        assert!(html.contains(&csp_hash(STYLE)) && html.contains(&csp_hash(SCRIPT)));
        assert!(!html.contains("unsafe-inline"));
        assert!(
            !html.contains(" style=\""),
            "inline style attributes are blocked"
        );
        // The known digest of the empty string, as CSP spells it.
        assert_eq!(
            csp_hash(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn json_lines_touched_by_the_diff_are_marked() {
        let html = render(&report());
        assert!(html.contains("<span class=\"l mark t-bad\">"), "{html}");
    }
}
