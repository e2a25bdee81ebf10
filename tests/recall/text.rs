//! Text helpers of the mutators: line starts, replacements, headings,
//! fences and annotations of a page.

use super::*;

/// Byte offsets of the start of every line.
pub(super) struct Lines {
    pub(super) starts: Vec<usize>,
}

impl Lines {
    pub(super) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// 1-based line of `offset`.
    pub(super) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Byte range of 1-based `line`, without its line break.
    pub(super) fn range(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts[line - 1];
        let mut end = self.starts.get(line).map_or(text.len(), |&s| s - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }
}

pub(super) fn replace(text: &str, start: usize, end: usize, with: &str) -> String {
    format!("{}{with}{}", &text[..start], &text[end..])
}

/// Replaces lines `first..=last` by empty lines, keeping the line count.
/// The ATX headings of `text` outside code fences: (1-based line, level,
/// text).
pub(super) fn markdown_headings(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || !line.starts_with('#') {
            continue;
        }
        let level = t.bytes().take_while(|&b| b == b'#').count();
        if t[level..].starts_with(' ') {
            out.push((n + 1, level, t[level..].trim().to_string()));
        }
    }
    out
}

pub(super) fn blank_lines(text: &str, lines: &Lines, first: usize, last: usize) -> String {
    let (start, _) = lines.range(text, first);
    let (_, end) = lines.range(text, last);
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    replace(text, start, end, &eol.repeat(last - first))
}

/// `text` with the request and response blocks of every other example
/// (the second, fourth, …) in CRLF line endings, the rest in LF.
pub(super) fn crlf_every_other_example(text: &str, page: &Page) -> String {
    let mut spans: Vec<(usize, usize)> = page
        .fences
        .iter()
        .filter_map(|f| match f.disposition {
            Disposition::Request { example } | Disposition::Response { example }
                if example % 2 == 1 =>
            {
                Some((f.place.span.start, f.place.span.end))
            }
            _ => None,
        })
        .collect();
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len() + 256);
    let mut last = 0;
    for (start, end) in spans {
        if start < last {
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str(&text[start..end].replace('\n', "\r\n"));
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// The 1-based line of the fence of example `i`'s request or response.
pub(super) fn fence_line(page: &Page, i: usize, request: bool) -> Option<(usize, usize, usize)> {
    page.fences.iter().find_map(|f| match f.disposition {
        Disposition::Request { example } if request && example == i => {
            Some((f.place.at.line, f.place.span.start, f.place.span.end))
        }
        Disposition::Response { example } if !request && example == i => {
            Some((f.place.at.line, f.place.span.start, f.place.span.end))
        }
        _ => None,
    })
}

/// The annotation comment right above the fence starting at `fence_start`:
/// (span start, span end, value).
pub(super) fn annotation_before(page: &Page, fence_start: usize) -> Option<(usize, usize, &Value)> {
    let text = &page.source.text;
    page.annotations.iter().find_map(|a| {
        (a.span.end <= fence_start && text[a.span.end..fence_start].trim().is_empty()).then_some((
            a.span.start,
            a.span.end,
            &a.value,
        ))
    })
}

pub(super) fn has_code_at(seen: &Seen, codes: &[Code], line: usize) -> bool {
    seen.iter().any(|(c, l)| codes.contains(c) && *l == line)
}
