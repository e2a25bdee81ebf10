//! The normalised exchange as text: what a snapshot pins.
//!
//! The request is shown as documented (placeholders kept, the path under the
//! service root), headers that change from run to run are left out, names are
//! lowercase and sorted, and JSON bodies are pretty-printed, so that the text
//! changes only when the page or the service changes. Stub mode leaves ids
//! and dates as they are: they come from the page.

use std::fmt::Write;

use super::prepare::Prepared;
use super::target::Observed;

/// Headers whose values change between runs or carry secrets.
const VOLATILE: &[&str] = &[
    "authorization",
    "date",
    "client-request-id",
    "request-id",
    "x-ms-ags-diagnostic",
    "x-ms-request-id",
    "x-ms-correlation-id",
    "cookie",
    "set-cookie",
    "age",
    "expires",
    "last-modified",
];

pub fn is_volatile_header(name: &str) -> bool {
    VOLATILE.iter().any(|v| v.eq_ignore_ascii_case(name))
}

/// The exchange as snapshot text.
pub fn exchange_text(prepared: &Prepared, observed: &Observed) -> String {
    let req = &prepared.request;
    let mut out = String::with_capacity(512 + observed.body.len() * 2);
    let _ = writeln!(out, "{} {}", req.method, req.template);
    headers(
        &mut out,
        req.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    );
    body(&mut out, &req.body.bytes, req.body.json.as_deref());
    out.push('\n');
    let _ = writeln!(out, "HTTP {}", observed.status);
    headers(
        &mut out,
        observed
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str())),
    );
    let json = serde_json::from_slice::<serde_json::Value>(&observed.body).ok();
    body(&mut out, &observed.body, json.as_ref());
    out
}

fn headers<'a>(out: &mut String, list: impl Iterator<Item = (&'a str, &'a str)>) {
    let mut list: Vec<(String, &str)> = list
        .filter(|(n, _)| !is_volatile_header(n))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.trim()))
        .collect();
    list.sort();
    for (n, v) in list {
        let _ = writeln!(out, "{n}: {v}");
    }
}

fn body(out: &mut String, bytes: &[u8], json: Option<&serde_json::Value>) {
    if bytes.is_empty() {
        return;
    }
    out.push('\n');
    match (json, std::str::from_utf8(bytes)) {
        (Some(v), _) => {
            out.push_str(&serde_json::to_string_pretty(v).unwrap_or_default());
            out.push('\n');
        }
        (None, Ok(text)) => {
            out.push_str(text.trim_end());
            out.push('\n');
        }
        (None, Err(_)) => {
            let _ = writeln!(out, "<{} bytes, not UTF-8>", bytes.len());
        }
    }
}
