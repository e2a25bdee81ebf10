//! MC4104: a request URL longer than servers accept (8 KiB), reported by
//! `check` rather than found only when replay sends it.

use super::context::CheckContext;
use super::sink::{Check, Sink};
use crate::contract::Page;
use crate::outcome::{CLIP, Code, clip};
use crate::source::Span;

/// The longest URL servers are expected to accept: 8 KiB.
pub const URL_LIMIT: usize = 8 << 10;

/// Every example's request URL is at most [`URL_LIMIT`] bytes long.
pub struct UrlLength;

pub fn url_length() -> UrlLength {
    UrlLength
}

impl Check for UrlLength {
    fn check(&self, page: &Page, _: &CheckContext, sink: &mut Sink<'_>) {
        for ex in &page.examples {
            let url = &ex.request.message.url;
            if url.len() <= URL_LIMIT {
                continue;
            }
            let start = ex.request.map.to_source(ex.request.message.url_offset);
            sink.report(
                Code::UrlTooLong,
                Span::new(start, start + 1),
                format!(
                    "URL is {} bytes long, more than the {URL_LIMIT} bytes servers accept: `{}`",
                    url.len(),
                    clip(url, CLIP)
                ),
                Some(&ex.id),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::contract::extract_page;
    use crate::source::SourceFile;

    fn findings(url: &str) -> Vec<crate::outcome::Finding> {
        let text = format!(
            "### Request\n```http\nGET {url}\n```\n### Response\n```http\nHTTP/1.1 204 No Content\n```\n"
        );
        let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/x", &text)));
        assert_eq!(page.examples.len(), 1);
        let mut sink = Sink::new(&page);
        url_length().check(&page, &CheckContext::new(), &mut sink);
        sink.into_findings()
    }

    /// Issue 11: a 1 MB URL is a check finding, with a clipped message.
    #[test]
    fn a_url_over_8_kib_is_an_error_with_a_short_message() {
        let ok = format!("/me/{}", "a".repeat(URL_LIMIT - 4));
        assert!(findings(&ok).is_empty());
        let huge = format!("/me?$filter={}", "x".repeat(1 << 20));
        let found = findings(&huge);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, Code::UrlTooLong);
        assert_eq!(
            found[0].code.default_severity(),
            crate::outcome::Severity::Error
        );
        assert_eq!(found[0].span.start, 24);
        assert!(found[0].message.len() < 400, "{}", found[0].message.len());
        assert!(found[0].message.ends_with("…`"), "{}", found[0].message);
    }
}
