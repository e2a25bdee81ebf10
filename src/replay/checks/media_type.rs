//! Live mode's Content-Type check: the media type, parameters aside.
//!
//! A live service adds parameters the docs never show (Graph answers
//! `application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8`
//! where the page says `application/json`), so only the essence (`type/subtype`)
//! is compared. Without a documented Content-Type, a documented JSON body
//! still has to come back as JSON. An error status the page does not
//! document (a 404 where it shows a 200) is the status check's finding: the
//! media type of its error page is not compared.

use super::exchange::{Exchange, ReplayCheck};
use crate::outcome::Code;
use crate::outcome::Finding;

#[derive(Debug, Clone, Copy, Default)]
pub struct MediaType;

pub fn media_type() -> MediaType {
    MediaType
}

/// `Application/JSON; charset=utf-8` → `application/json`.
pub fn essence(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json") || essence == "text/json"
}

impl ReplayCheck for MediaType {
    fn check(&self, x: &Exchange<'_>, out: &mut Vec<Finding>) {
        if x.observed.status >= 400 && x.observed.status != x.prepared.reply.status {
            return;
        }
        let documented = x
            .example
            .response
            .message
            .header("content-type")
            .map(essence);
        let observed = x.observed.header("content-type").map(essence);
        let span = x.response_header_span("content-type");
        let shown = |v: &Option<String>| {
            v.as_ref()
                .map_or_else(|| "(absent)".to_string(), |v| format!("`{v}`"))
        };
        match &documented {
            Some(d) if observed.as_deref() != Some(d.as_str()) => out.push(
                x.finding(Code::ReplayContentType, span, "Content-Type media type")
                    .with_values(format!("`{d}`"), shown(&observed)),
            ),
            None if x.prepared.reply.body.json.is_some()
                && !observed.as_deref().is_some_and(is_json) =>
            {
                out.push(
                    x.finding(
                        Code::ReplayContentType,
                        span,
                        "Content-Type of a documented JSON body",
                    )
                    .with_values("a JSON media type", shown(&observed)),
                )
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_essence_drops_parameters_case_and_spaces() {
        assert_eq!(
            essence(" Application/JSON ;odata.metadata=minimal"),
            "application/json"
        );
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/html"));
    }
}
