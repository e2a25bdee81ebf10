//! What a check sees, the check trait, and the default list.

use super::{body_equals, body_shape, content_type, media_type, status_code};
use crate::contract::Example;
use crate::replay::prepare::Prepared;
use crate::replay::report::Mismatch;
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
}

impl Exchange<'_> {
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
        match r
            .message
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
        {
            Some(h) => Span::at(in_page(&r.map, h.offset, r.place.span.start)),
            None => self.response_span(),
        }
    }

    /// Where a request header is, else the request line.
    pub fn request_header_span(&self, name: &str) -> Span {
        let r = &self.example.request;
        match r
            .message
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
        {
            Some(h) => Span::at(in_page(&r.map, h.offset, r.place.span.start)),
            None => self.request_span(),
        }
    }
}

/// One check of an exchange.
pub trait ReplayCheck: Send + Sync {
    fn check(&self, exchange: &Exchange<'_>, out: &mut Vec<Mismatch>);
}

/// The checks every replay runs, snapshot aside (it needs a root).
///
/// [`super::content_length`] is not among them: clients and servers compute their
/// own `Content-Length`, so the documented one never goes over the wire and
/// is a property of the page, which the static check `MC4204` reports. Over
/// the 2021 Graph corpus it would fail 594 of 5,109 examples for a header no
/// client uses; add it with `Replayer::with_check` for a strict run.
pub fn default_checks() -> Vec<Box<dyn ReplayCheck>> {
    vec![
        Box::new(status_code()),
        Box::new(content_type()),
        Box::new(body_equals()),
    ]
}

/// The checks of a live replay, snapshot aside: the status code (equal: a
/// 201 documented as 200 changes what a client does, and so does a 204
/// documented as 200), the media type (parameters aside, see
/// [`super::media_type`]) and the body's shape (see [`super::body_shape`]).
pub fn live_checks() -> Vec<Box<dyn ReplayCheck>> {
    vec![
        Box::new(status_code()),
        Box::new(media_type()),
        Box::new(body_shape()),
    ]
}
