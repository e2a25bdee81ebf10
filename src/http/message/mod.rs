//! HTTP messages as the docs write them: a request or response line, headers,
//! a blank line, a body.
//!
//! Pure and forgiving: the docs write `Name:value` without a space, put a blank
//! line between the request line and the headers, leave spaces in URLs and
//! write `HTTP 201 Created` without a version. Offsets are byte offsets into
//! the block text handed in, so that callers can map them back to the page.

use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::json::{self, JsonError, JsonOutcome};

const METHODS: &[&str] = &[
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "MERGE",
];

/// A header as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Header {
    pub name: String,
    pub value: String,
    #[serde(skip)]
    pub offset: usize,
}

/// A message body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Body {
    Empty,
    Json {
        /// Shared: a replay's request, the stub's reply and the checks all
        /// read the one parsed value.
        value: Option<Arc<Value>>,
        /// The strict-parse error, when the body is not strict JSON.
        #[serde(skip)]
        error: Option<JsonError>,
        /// True when the lenient reader had to repair the text.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        repaired: bool,
        #[serde(skip)]
        text: BodyText,
    },
    Form {
        fields: Vec<(String, String)>,
        #[serde(skip)]
        text: BodyText,
    },
    /// A placeholder such as `{binary data}` or a non-text content type.
    Binary {
        placeholder: String,
        #[serde(skip)]
        text: BodyText,
    },
    Text {
        text: String,
        #[serde(skip)]
        raw: BodyText,
    },
}

/// Where a body is in the block, and its length as Content-Length counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BodyText {
    pub offset: usize,
    pub len: usize,
    /// Length of the body (trailing newlines trimmed) with LF line endings.
    pub lf_len: usize,
    /// The same with CRLF line endings, which is what the Graph docs count.
    pub crlf_len: usize,
    /// Length of the body written compactly: the whitespace outside JSON
    /// strings dropped, as a client serialising the JSON sends it. Only
    /// meaningful for a JSON body.
    pub compact_len: usize,
}

impl Body {
    pub fn text(&self) -> Option<BodyText> {
        match self {
            Body::Empty => None,
            Body::Json { text, .. } | Body::Form { text, .. } | Body::Binary { text, .. } => {
                Some(*text)
            }
            Body::Text { raw, .. } => Some(*raw),
        }
    }

    pub fn json(&self) -> Option<&Value> {
        match self {
            Body::Json { value, .. } => value.as_deref(),
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Body::Empty)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    pub method: String,
    pub url: String,
    #[serde(skip)]
    pub url_offset: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_version: Option<String>,
    pub headers: Vec<Header>,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    pub status: u16,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    pub headers: Vec<Header>,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Request(Request),
    Response(Response),
}

/// What was wrong with a message, at a byte offset of the block.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageIssue {
    pub offset: usize,
    pub kind: IssueKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum IssueKind {
    /// The first line is neither a request line nor a status line.
    NotAMessage,
    /// `HTTP/1.1 abc`: starts like a status line but has no status code.
    BadStatusLine,
    /// `GET` with no URL.
    BadRequestLine,
    /// A line among the headers that is not `Name: value`.
    BadHeader,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// What the first line of a block looks like, without parsing the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Request,
    Response,
    Other,
}

/// Classifies a block by its first non-blank line.
pub fn shape(text: &str) -> Shape {
    let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return Shape::Other;
    };
    if is_status_line(line) {
        Shape::Response
    } else if request_method(line).is_some() {
        Shape::Request
    } else {
        Shape::Other
    }
}

fn is_status_line(line: &str) -> bool {
    let upper = line.get(..5).map(str::to_ascii_uppercase);
    matches!(upper.as_deref(), Some("HTTP/") | Some("HTTP "))
}

fn request_method(line: &str) -> Option<&str> {
    let (first, rest) = line.split_once(char::is_whitespace)?;
    if rest.trim().is_empty() {
        return None;
    }
    METHODS
        .iter()
        .find(|m| m.eq_ignore_ascii_case(first))
        .copied()
}

/// Parses one block. Issues are returned beside the message; a message is
/// returned whenever its first line could be read.
pub fn parse(text: &str) -> (Option<Message>, Vec<MessageIssue>) {
    let mut issues = Vec::new();
    let mut lines = Lines::new(text);
    // Skip leading blank lines.
    let first = loop {
        match lines.next() {
            Some((off, l)) if l.trim().is_empty() => {
                let _ = off;
                continue;
            }
            Some(x) => break x,
            None => {
                issues.push(MessageIssue {
                    offset: 0,
                    kind: IssueKind::NotAMessage,
                });
                return (None, issues);
            }
        }
    };
    let (first_off, first_line) = first;
    let lead = first_line.len() - first_line.trim_start().len();
    let line = first_line.trim();

    enum Start {
        Req(String, String, usize, Option<String>),
        Resp(u16, String),
    }
    let start = if is_status_line(line) {
        // `HTTP/1.1 200 OK`, `HTTP/1.1 204`, `HTTP 201 Created`.
        let rest =
            line[4..].trim_start_matches(|c: char| c == '/' || c == '.' || c.is_ascii_digit());
        let rest = rest.trim_start();
        let code_len = rest.chars().take_while(char::is_ascii_digit).count();
        match rest[..code_len].parse::<u16>() {
            Ok(status) if (100..=599).contains(&status) => {
                Start::Resp(status, rest[code_len..].trim().to_string())
            }
            _ => {
                issues.push(MessageIssue {
                    offset: first_off + lead,
                    kind: IssueKind::BadStatusLine,
                });
                return (None, issues);
            }
        }
    } else if let Some(method) = request_method(line) {
        let after_method = &line[method.len()..];
        let url_lead = after_method.len() - after_method.trim_start().len();
        let mut url = after_method.trim();
        let mut version = None;
        if let Some(idx) = url.rfind(' ') {
            let tail = &url[idx + 1..];
            if tail.to_ascii_uppercase().starts_with("HTTP/") {
                version = Some(tail.to_string());
                url = url[..idx].trim_end();
            }
        }
        Start::Req(
            method.to_string(),
            url.to_string(),
            first_off + lead + method.len() + url_lead,
            version,
        )
    } else {
        let bad = if line.split_whitespace().count() == 1
            && request_method(&format!("{line} x")).is_some()
        {
            IssueKind::BadRequestLine
        } else {
            IssueKind::NotAMessage
        };
        issues.push(MessageIssue {
            offset: first_off + lead,
            kind: bad,
        });
        return (None, issues);
    };

    // Headers: `Name: value` lines up to the first blank line. A blank line
    // right after the start line is tolerated when headers follow it.
    let mut headers = Vec::new();
    let mut body_start = None;
    let mut seen_header = false;
    while let Some((off, l)) = lines.peek() {
        if l.trim().is_empty() {
            lines.next();
            if !seen_header
                && lines
                    .peek()
                    .is_some_and(|(_, next)| header_parts(next).is_some())
            {
                continue;
            }
            body_start = lines.peek().map(|(o, _)| o);
            break;
        }
        match header_parts(l) {
            Some((name, value)) => {
                seen_header = true;
                headers.push(Header {
                    name: name.to_string(),
                    value: value.to_string(),
                    offset: off,
                });
                lines.next();
            }
            None => {
                if looks_like_body(l) {
                    // A body with no blank line before it.
                    body_start = Some(off);
                    break;
                }
                issues.push(MessageIssue {
                    offset: off,
                    kind: IssueKind::BadHeader,
                });
                lines.next();
            }
        }
    }

    let body = match body_start {
        Some(off) => parse_body(text, off, &headers),
        None => Body::Empty,
    };
    let msg = match start {
        Start::Req(method, url, url_offset, http_version) => Message::Request(Request {
            method,
            url,
            url_offset,
            http_version,
            headers,
            body,
        }),
        Start::Resp(status, reason) => Message::Response(Response {
            status,
            reason,
            headers,
            body,
        }),
    };
    (Some(msg), issues)
}

fn header_parts(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    if name.is_empty()
        || name.starts_with(char::is_whitespace)
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return None;
    }
    Some((name, value.trim()))
}

/// The length of `text` with the whitespace outside JSON strings dropped:
/// the bytes a JSON serialiser writes for the same value (keys, strings and
/// numbers as they are written).
pub fn compact_json_len(text: &str) -> usize {
    let (mut len, mut in_string, mut escaped) = (0, false, false);
    for b in text.bytes() {
        if in_string {
            len += 1;
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            len += 1;
            in_string = b == b'"';
        }
    }
    len
}

fn looks_like_body(line: &str) -> bool {
    matches!(
        line.trim_start().as_bytes().first(),
        Some(b'{' | b'[' | b'<')
    )
}

/// Reads the body starting at `offset` of `text`, by Content-Type and shape.
pub fn parse_body(text: &str, offset: usize, headers: &[Header]) -> Body {
    let raw = &text[offset..];
    let trimmed = raw.trim_end();
    if trimmed.trim_start().is_empty() {
        return Body::Empty;
    }
    let lead = trimmed.len() - trimmed.trim_start().len();
    let newlines = memchr::memchr_iter(b'\n', trimmed.as_bytes()).count();
    let crs = memchr::memchr_iter(b'\r', trimmed.as_bytes()).count();
    let lf_len = trimmed.len() - crs;
    let body_text = BodyText {
        offset,
        len: trimmed.len(),
        lf_len,
        crlf_len: lf_len + newlines,
        compact_len: compact_json_len(trimmed),
    };
    let content_type = find_header(headers, "content-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let start = trimmed.as_bytes().get(lead).copied();
    let head = trimmed[lead..]
        .chars()
        .take(40)
        .collect::<String>()
        .to_ascii_lowercase();

    if is_binary_placeholder(&head) || is_binary_type(&content_type) {
        return Body::Binary {
            placeholder: trimmed.trim().chars().take(200).collect(),
            text: body_text,
        };
    }
    if content_type.contains("x-www-form-urlencoded") {
        let fields = trimmed
            .trim()
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
                None => (p.trim().to_string(), String::new()),
            })
            .collect();
        return Body::Form {
            fields,
            text: body_text,
        };
    }
    let json_type = content_type.contains("json");
    if matches!(start, Some(b'{' | b'[')) || (json_type && !content_type.contains("text/")) {
        let outcome = json::parse(trimmed);
        let (value, error, repaired) = match outcome {
            JsonOutcome::Strict(v) => (Some(v), None, false),
            JsonOutcome::Repaired { value, error } => (Some(value), Some(error), true),
            JsonOutcome::Broken { error } => (None, Some(error), false),
        };
        let error = error.map(|mut e| {
            e.offset += offset;
            e
        });
        return Body::Json {
            value: value.map(Arc::new),
            error,
            repaired,
            text: body_text,
        };
    }
    Body::Text {
        text: trimmed.to_string(),
        raw: body_text,
    }
}

fn is_binary_placeholder(head: &str) -> bool {
    let h = head.trim_start_matches(['{', '<', '[', '(']).trim_start();
    h.starts_with("binary") || h.starts_with("stream") || h.starts_with("file content")
}

/// True for a content type whose body is text a page can show as it is sent:
/// `text/*`, JSON and XML (`application/json`, `application/ld+json`,
/// `application/xml`, `image/svg+xml`), forms, multipart bodies, `$batch`
/// (`application/http`) and scripts. `application/zip`, `image/png`,
/// `application/octet-stream`, `application/vnd.ms-excel` are not.
pub fn is_textual_content_type(ct: &str) -> bool {
    let ct = ct.trim().to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or("").trim();
    essence.is_empty()
        || essence.starts_with("text/")
        || essence.starts_with("multipart/")
        || essence.contains("json")
        || essence.ends_with("xml")
        || essence.contains("x-www-form-urlencoded")
        || essence == "application/http"
        || essence == "application/javascript"
        || essence == "application/ecmascript"
}

fn is_binary_type(ct: &str) -> bool {
    ct.starts_with("application/octet-stream")
        || ct.starts_with("image/")
        || ct.starts_with("audio/")
        || ct.starts_with("video/")
        || ct.starts_with("application/pdf")
        || ct.starts_with("application/zip")
}

/// Lines with their starting offsets, keeping `\r` out of the line text.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines { text, pos: 0 }
    }

    fn peek(&self) -> Option<(usize, &'a str)> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        Some((self.pos, rest[..end].trim_end_matches('\r')))
    }

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let item = self.peek()?;
        let rest = &self.text[self.pos..];
        self.pos += memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |n| n + 1);
        Some(item)
    }
}

#[cfg(test)]
mod tests;
