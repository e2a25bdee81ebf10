//! What a check sees and the check trait.

use std::sync::OnceLock;

use serde_json::Value;

use crate::contract::Example;
use crate::http::message::Header;
use crate::outcome::Code;
use crate::outcome::Finding;
use crate::replay::prepare::Prepared;
use crate::replay::target::Observed;
use crate::source::{ContentMap, SourceFile, Span};

/// The page offset of a block-content offset (the fence's start when the
/// block has no content map).
pub(super) fn in_page(map: &ContentMap, offset: usize, fallback: usize) -> usize {
    if map.0.is_empty() {
        fallback
    } else {
        map.to_source(offset)
    }
}

/// Everything a check may look at.
#[derive(Debug, Clone, Copy)]
pub struct Exchange<'a> {
    pub source: &'a SourceFile,
    pub example: &'a Example,
    pub prepared: &'a Prepared,
    pub observed: &'a Observed,
    /// The observed body read as JSON, on first ask (see
    /// [`Exchange::observed_json`]).
    pub observed_json: &'a ObservedJson,
}

/// The observed body read as JSON once for all the checks of an exchange:
/// the value, or the parser's message.
#[derive(Debug, Default)]
pub struct ObservedJson(OnceLock<Result<Value, String>>);

impl<'a> Exchange<'a> {
    /// The observed body as JSON, or why it is not JSON; read on the first
    /// call and shared by every check after it.
    pub fn observed_json(&self) -> Result<&'a Value, &'a str> {
        self.observed_json
            .0
            .get_or_init(|| serde_json::from_slice(&self.observed.body).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(String::as_str)
    }
}

impl Exchange<'_> {
    /// A finding of this exchange's example at `span` of its page.
    pub fn finding(&self, code: Code, span: Span, message: impl Into<String>) -> Finding {
        Finding::new(code, self.source, span, message).with_example(self.example.id.as_str())
    }

    /// Where the response block's status line is.
    pub fn response_span(&self) -> Span {
        let r = &self.example.response;
        Span::at(in_page(&r.map, 0, r.place.span.start))
    }

    /// Where the request block's URL is.
    pub fn request_span(&self) -> Span {
        let r = &self.example.request;
        Span::at(in_page(&r.map, r.message.url_offset, r.place.span.start))
    }

    /// Where a response header is, else the status line.
    pub fn response_header_span(&self, name: &str) -> Span {
        let r = &self.example.response;
        header_span(&r.message.headers, name, &r.map, r.place.span.start)
            .unwrap_or_else(|| self.response_span())
    }

    /// Where a request header is, else the request line.
    pub fn request_header_span(&self, name: &str) -> Span {
        let r = &self.example.request;
        header_span(&r.message.headers, name, &r.map, r.place.span.start)
            .unwrap_or_else(|| self.request_span())
    }
}

/// One check of an exchange.
pub trait ReplayCheck: Send + Sync {
    fn check(&self, exchange: &Exchange<'_>, out: &mut Vec<Finding>);
}

/// Where the header `name` (any case) of a block is, if the block has it.
fn header_span(headers: &[Header], name: &str, map: &ContentMap, fence: usize) -> Option<Span> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| Span::at(in_page(map, h.offset, fence)))
}
