//! One pass of pulldown-cmark over a page, keeping every byte offset.
//!
//! The scan records the page's block-level items in order (fences, HTML
//! comments, headings, tables, paragraphs), each with its span, so that the
//! contract layer can ask "what comes right after this annotation?" and
//! "which headings is this fence under?" without parsing again.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::source::{ContentMap, Span};

/// A fenced (or indented) code block.
#[derive(Debug, Clone)]
pub struct Fence {
    /// The whole block, fences included.
    pub span: Span,
    /// The info string, trimmed (`http`, `msgraph-interactive`, `json`, ``).
    pub info: String,
    /// The content, with container indentation removed.
    pub content: String,
    /// Maps `content` offsets back to the page, even inside lists and quotes.
    pub map: ContentMap,
    /// False when the fence runs to the end of the page without a closing line.
    pub closed: bool,
    /// Index into `Scan::headings` of the headings above it, outermost first.
    pub trail: Vec<usize>,
    /// The tab of a `# [HTTP](#tab/http)` group the fence is in.
    pub tab: Option<String>,
}

impl Fence {
    /// Maps an offset of `content` to an offset of the page.
    pub fn source_offset(&self, content_offset: usize) -> usize {
        if self.map.0.is_empty() {
            return self.span.start;
        }
        self.map.to_source(content_offset)
    }

    /// The info string's first word, lowercased: the fence's language.
    pub fn lang(&self) -> String {
        self.info
            .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    }
}

/// An HTML comment `<!-- ... -->` standing as a block.
#[derive(Debug, Clone)]
pub struct Comment {
    pub span: Span,
    /// The text between `<!--` and `-->`.
    pub inner: String,
    pub inner_start: usize,
    /// False when there was no `-->` before the end of the page.
    pub terminated: bool,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub span: Span,
    pub level: u8,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    /// Destinations of the links in the cell, in order.
    pub links: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub span: Span,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub span: Span,
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
    pub trail: Vec<usize>,
}

/// A block-level item of the page, in document order.
#[derive(Debug, Clone)]
pub enum Block {
    Fence(usize),
    Comment(usize),
    Heading(usize),
    Table(usize),
    /// A paragraph or other text block; nothing an annotation can describe.
    Text(Span),
    /// A thematic break `---`, which closes a tab group.
    Rule(Span),
}

/// Everything one pass over a page found.
#[derive(Debug, Default)]
pub struct Scan {
    pub fences: Vec<Fence>,
    pub comments: Vec<Comment>,
    pub headings: Vec<Heading>,
    pub tables: Vec<Table>,
    pub blocks: Vec<Block>,
}

/// Scans `text`. Pure; never fails (markdown has no syntax errors).
pub fn scan(text: &str) -> Scan {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    // Front matter is skipped here rather than with pulldown-cmark's metadata
    // blocks, which also start at a `---` in the middle of a page and would
    // swallow the fences up to the next `---`.
    let base = super::frontmatter::read(text)
        .filter(|fm| fm.closed)
        .map_or(0, |fm| fm.span.end);
    let parser = Parser::new_ext(&text[base..], opts)
        .into_offset_iter()
        .map(|(e, r)| (e, r.start + base..r.end + base));

    let mut out = Scan::default();
    let mut stack: Vec<(u8, usize)> = Vec::new(); // heading trail: (level, heading index)
    let mut tab: Option<String> = None;

    // State of the item being collected.
    let mut fence: Option<Fence> = None;
    let mut html: Option<(usize, String)> = None;
    let mut heading: Option<(Span, u8, String, Option<String>)> = None;
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut cell: Option<Cell> = None;
    let mut in_head = false;
    let mut para_start: Option<usize> = None;

    for (event, range) in parser {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.trim().to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                fence = Some(Fence {
                    span: Span::new(range.start, range.end),
                    info,
                    content: String::new(),
                    map: ContentMap::default(),
                    closed: true,
                    trail: stack.iter().map(|s| s.1).collect(),
                    tab: tab.clone(),
                });
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(mut f) = fence.take() {
                    f.closed = fence_is_closed(text, f.span);
                    out.blocks.push(Block::Fence(out.fences.len()));
                    out.fences.push(f);
                }
            }
            Event::Text(t) if fence.is_some() => {
                if let Some(f) = fence.as_mut() {
                    f.map.push(f.content.len(), range.start);
                    f.content.push_str(&t);
                }
            }
            Event::Start(Tag::HtmlBlock) => html = Some((range.start, String::new())),
            Event::Html(t) if html.is_some() => {
                if let Some((_, s)) = html.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((start, _)) = html.take() {
                    collect_comments(text, start, range.end, &mut out);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((
                    Span::new(range.start, range.end),
                    level_num(level),
                    String::new(),
                    None,
                ));
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(h) = heading.as_mut()
                    && let Some(name) = dest_url.strip_prefix("#tab/")
                {
                    h.3 = Some(name.to_string());
                }
                if let Some(c) = cell.as_mut() {
                    c.links.push(dest_url.to_string());
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((span, level, text_, tab_link)) = heading.take() {
                    let text_ = text_.trim().to_string();
                    if tab_link.is_some() {
                        // `# [HTTP](#tab/http)`: a tab, not a section.
                        tab = tab_link;
                    } else if text_.starts_with("[!INCLUDE") {
                        // `[!INCLUDE ...]` directly above a `---` reads as a
                        // setext heading; it closes the tab group.
                        tab = None;
                    } else {
                        while stack.last().is_some_and(|(l, _)| *l >= level) {
                            stack.pop();
                        }
                        stack.push((level, out.headings.len()));
                        out.blocks.push(Block::Heading(out.headings.len()));
                        out.headings.push(Heading {
                            span,
                            level,
                            text: text_,
                        });
                    }
                }
            }
            Event::Rule => {
                tab = None;
                out.blocks
                    .push(Block::Rule(Span::new(range.start, range.end)));
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    span: Span::new(range.start, range.end),
                    header: Vec::new(),
                    rows: Vec::new(),
                    trail: stack.iter().map(|s| s.1).collect(),
                });
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    out.blocks.push(Block::Table(out.tables.len()));
                    out.tables.push(t);
                }
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                row = Some(Row {
                    span: Span::new(range.start, range.end),
                    cells: Vec::new(),
                });
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                    t.header = r.cells;
                }
            }
            Event::Start(Tag::TableRow) => {
                row = Some(Row {
                    span: Span::new(range.start, range.end),
                    cells: Vec::new(),
                })
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(t), Some(r)) = (table.as_mut(), row.take())
                    && !in_head
                {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => {
                cell = Some(Cell {
                    text: String::new(),
                    links: Vec::new(),
                })
            }
            Event::End(TagEnd::TableCell) => {
                if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                    r.cells.push(Cell {
                        text: c.text.trim().to_string(),
                        links: c.links,
                    });
                }
            }
            Event::Start(Tag::Paragraph) => para_start = Some(range.start),
            Event::End(TagEnd::Paragraph) => {
                if let Some(start) = para_start.take() {
                    out.blocks.push(Block::Text(Span::new(start, range.end)));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.2.push_str(&t);
                } else if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = heading.as_mut() {
                    h.2.push(' ');
                } else if let Some(c) = cell.as_mut() {
                    c.text.push(' ');
                }
            }
            Event::InlineHtml(t) => {
                if let Some(c) = cell.as_mut()
                    && t.eq_ignore_ascii_case("<br>")
                {
                    c.text.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

fn level_num(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Finds the comments of one HTML block `[start, end)` of `text`.
fn collect_comments(text: &str, start: usize, end: usize, out: &mut Scan) {
    let block = &text[start..end];
    let mut pos = 0;
    while let Some(open) = memchr::memmem::find(&block.as_bytes()[pos..], b"<!--") {
        let open = pos + open;
        let inner_start = open + 4;
        let (inner_end, close_end, terminated) =
            match memchr::memmem::find(&block.as_bytes()[inner_start..], b"-->") {
                Some(n) => (inner_start + n, inner_start + n + 3, true),
                None => (block.len(), block.len(), false),
            };
        out.blocks.push(Block::Comment(out.comments.len()));
        out.comments.push(Comment {
            span: Span::new(start + open, start + close_end),
            inner: block[inner_start..inner_end].to_string(),
            inner_start: start + inner_start,
            terminated,
        });
        pos = close_end;
    }
}

/// A fence is closed when its last line is a run of the opening fence
/// character at least as long as the opening run.
fn fence_is_closed(text: &str, span: Span) -> bool {
    let block = &text[span.start..span.end];
    let first = block.trim_start();
    let ch = match first.chars().next() {
        Some(c @ ('`' | '~')) => c,
        _ => return true, // indented code blocks have no closing line
    };
    let open_len = first.chars().take_while(|&c| c == ch).count();
    let last = block
        .trim_end_matches(['\n', '\r'])
        .rsplit('\n')
        .next()
        .unwrap_or("");
    // Strip container prefixes (`>`, spaces) before the closing run.
    let last = last.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    let run = last.chars().take_while(|&c| c == ch).count();
    let first_line_only = !block.trim_end_matches(['\n', '\r']).contains('\n');
    !first_line_only && run >= open_len && last[run * ch.len_utf8()..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: x\n---\n\n# Title\n\n## Example\n\n### Request\n\n# [HTTP](#tab/http)\n<!-- {\n  \"blockType\": \"request\"\n} -->\n```msgraph-interactive\nGET /me\n```\n# [C#](#tab/csharp)\n[!INCLUDE [x](y.md)]\n\n---\n\n### Response\n``` http\nHTTP/1.1 200 OK\n```\n";

    #[test]
    fn fences_keep_info_content_trail_and_tab() {
        let s = scan(PAGE);
        assert_eq!(s.fences.len(), 2);
        let f = &s.fences[0];
        assert_eq!(f.info, "msgraph-interactive");
        assert_eq!(f.content, "GET /me\n");
        assert_eq!(&PAGE[f.source_offset(0)..f.source_offset(0) + 7], "GET /me");
        assert_eq!(f.tab.as_deref(), Some("http"));
        let trail: Vec<&str> = f
            .trail
            .iter()
            .map(|&i| s.headings[i].text.as_str())
            .collect();
        assert_eq!(trail, ["Title", "Example", "Request"]);
        let g = &s.fences[1];
        assert_eq!(g.lang(), "http");
        assert_eq!(g.tab, None, "the rule closed the tab group");
        assert_eq!(s.headings[g.trail[2]].text, "Response");
    }

    #[test]
    fn comment_comes_right_before_its_fence() {
        let s = scan(PAGE);
        let pos = s
            .blocks
            .iter()
            .position(|b| matches!(b, Block::Comment(0)))
            .unwrap();
        assert!(matches!(s.blocks[pos + 1], Block::Fence(0)));
        assert!(s.comments[0].inner.contains("request"));
        assert!(s.comments[0].terminated);
    }

    #[test]
    fn a_rule_mid_page_does_not_start_a_metadata_block() {
        let text = "---\ntitle: x\n---\n# T\n\n---\n\nSome text\n\n```http\nGET /me\n```\n\n---\n";
        let s = scan(text);
        assert_eq!(s.fences.len(), 1);
        assert_eq!(s.headings[0].text, "T");
    }

    #[test]
    fn unclosed_fence_and_unterminated_comment() {
        let s = scan("text\n\n```http\nGET /me\n");
        assert!(!s.fences[0].closed);
        let s = scan("```\n```\n");
        assert!(s.fences[0].closed);
        let s = scan("<!-- {\n \"blockType\": \"request\"\n\n```http\nGET /me\n```\n");
        assert!(!s.comments[0].terminated);
        assert!(s.fences.is_empty(), "the comment swallowed the fence");
    }

    #[test]
    fn fence_in_a_list_maps_back_past_indentation() {
        let text = "1. Step\n\n   ```json\n   {\"a\": 1}\n   ```\n";
        let s = scan(text);
        let f = &s.fences[0];
        assert_eq!(f.content, "{\"a\": 1}\n");
        assert_eq!(&text[f.source_offset(1)..f.source_offset(1) + 3], "\"a\"");
    }

    #[test]
    fn table_cells_with_links_and_escaped_pipes() {
        let text = "|Property|Type|Description|\n|:--|:--|:--|\n|parts|[widgetPart](widgetpart.md) collection|a \\| b|\n";
        let s = scan(text);
        let t = &s.tables[0];
        assert_eq!(t.header[1].text, "Type");
        assert_eq!(t.rows[0].cells[1].text, "widgetPart collection");
        assert_eq!(t.rows[0].cells[1].links, ["widgetpart.md"]);
        assert_eq!(t.rows[0].cells[2].text, "a | b");
    }
}
