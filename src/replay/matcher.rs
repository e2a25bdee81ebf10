//! Matching an observed request against the documented one.
//!
//! wiremock's `path()` compares the percent-encoded path (`{id}` arrives as
//! `%7Bid%7D`) and panics on `?`, so the stub uses this matcher instead:
//! method; decoded path segments, where a `{placeholder}` matches any
//! non-empty run of characters within one segment; query parameters decoded
//! and compared as a set (placeholders allowed in values); a JSON body
//! compared as JSON, any other body byte for byte.

use std::sync::{Arc, Mutex};

use percent_encoding::percent_decode_str;
use reqwest::Url;
use serde_json::Value;

use super::prepare::Outgoing;

/// A piece of a pattern: literal text or a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Lit(String),
    Hole,
}

/// A path segment or query value with placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern(Vec<Piece>);

impl Pattern {
    fn new(text: &str) -> Self {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let tail = &rest[open..];
            match tail.find('}') {
                Some(close) if close > 1 => {
                    push_lit(&mut pieces, &rest[..open]);
                    pieces.push(Piece::Hole);
                    rest = &tail[close + 1..];
                }
                _ => {
                    push_lit(&mut pieces, &rest[..=open]);
                    rest = &tail[1..];
                }
            }
        }
        push_lit(&mut pieces, rest);
        Pattern(pieces)
    }

    fn matches(&self, text: &str) -> bool {
        matches_from(&self.0, text)
    }
}

fn push_lit(pieces: &mut Vec<Piece>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Piece::Lit(prev)) = pieces.last_mut() {
        prev.push_str(s);
    } else {
        pieces.push(Piece::Lit(s.to_string()));
    }
}

/// Wildcard match: a hole takes one or more characters.
fn matches_from(pieces: &[Piece], text: &str) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Lit(l), rest)) => text
            .strip_prefix(l.as_str())
            .is_some_and(|t| matches_from(rest, t)),
        Some((Piece::Hole, rest)) => text
            .char_indices()
            .skip(1)
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .filter(|&i| i > 0)
            .any(|i| matches_from(rest, &text[i..])),
    }
}

impl std::fmt::Display for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for p in &self.0 {
            match p {
                Piece::Lit(l) => f.write_str(l)?,
                Piece::Hole => f.write_str("{…}")?,
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq)]
enum BodyPattern {
    Json(Arc<Value>),
    Bytes(Vec<u8>),
}

/// The documented request, compiled for matching.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestPattern {
    method: String,
    segments: Vec<Pattern>,
    query: Vec<(String, Pattern)>,
    body: BodyPattern,
}

impl RequestPattern {
    /// Compiles the documented request. The template is parsed as a URL the
    /// way the client parses the URL it sends, so that both sides decode the
    /// same way; placeholders survive as `{...}` after decoding.
    pub fn new(request: &Outgoing) -> Result<Self, String> {
        let url = Url::parse(&format!("http://stub{}", request.template))
            .map_err(|e| format!("documented URL `{}` is not a URL: {e}", request.template))?;
        let segments = decoded_segments(&url)
            .iter()
            .map(|s| Pattern::new(s))
            .collect();
        let mut query: Vec<(String, Pattern)> = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), Pattern::new(&v)))
            .collect();
        query.sort_by(|a, b| (&a.0, a.1.to_string()).cmp(&(&b.0, b.1.to_string())));
        query.dedup();
        let body = match &request.body.json {
            Some(v) => BodyPattern::Json(Arc::clone(v)),
            None => BodyPattern::Bytes(request.body.bytes.clone()),
        };
        Ok(RequestPattern {
            method: request.method.clone(),
            segments,
            query,
            body,
        })
    }

    /// `Ok` when the request matches, else why not (the first difference).
    pub fn explain(&self, method: &str, url: &Url, body: &[u8]) -> Result<(), String> {
        if !self.method.eq_ignore_ascii_case(method) {
            return Err(format!("method: expected {}, got {method}", self.method));
        }
        let segments = decoded_segments(url);
        let path_ok = segments.len() == self.segments.len()
            && self
                .segments
                .iter()
                .zip(&segments)
                .all(|(p, s)| p.matches(s));
        if !path_ok {
            let expected: Vec<String> = self.segments.iter().map(ToString::to_string).collect();
            return Err(format!(
                "path: expected /{}, got /{}",
                expected.join("/"),
                segments.join("/")
            ));
        }
        let mut observed: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        observed.sort();
        observed.dedup();
        for (k, v) in &observed {
            if !self.query.iter().any(|(pk, pv)| pk == k && pv.matches(v)) {
                return Err(format!("query: parameter {k}={v} is not documented"));
            }
        }
        for (k, v) in &self.query {
            if !observed.iter().any(|(ok, ov)| ok == k && v.matches(ov)) {
                return Err(format!("query: documented parameter {k}={v} was not sent"));
            }
        }
        match &self.body {
            BodyPattern::Json(expected) => match serde_json::from_slice::<Value>(body) {
                Ok(actual) if actual == **expected => Ok(()),
                Ok(actual) => Err(match super::diff::first_difference(expected, &actual) {
                    Some(d) => format!("body: {d}"),
                    None => "body: differs".to_string(),
                }),
                Err(e) => Err(format!(
                    "body: expected JSON, got text that is not JSON ({e})"
                )),
            },
            BodyPattern::Bytes(expected) if expected.as_slice() == body => Ok(()),
            BodyPattern::Bytes(expected) => Err(format!(
                "body: expected {} bytes as documented, got {} different bytes",
                expected.len(),
                body.len()
            )),
        }
    }
}

fn decoded_segments(url: &Url) -> Vec<String> {
    url.path()
        .trim_start_matches('/')
        .split('/')
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect()
}

/// The wiremock matcher: a [`RequestPattern`] that remembers why the last
/// request did not match, so that a stub's 404 can say what differed.
#[derive(Debug, Clone)]
pub struct DocumentedRequest {
    pattern: Arc<RequestPattern>,
    last_mismatch: Arc<Mutex<Option<String>>>,
}

impl DocumentedRequest {
    pub fn new(pattern: RequestPattern) -> Self {
        DocumentedRequest {
            pattern: Arc::new(pattern),
            last_mismatch: Arc::default(),
        }
    }

    /// Why the last request that reached the stub did not match, if it did not.
    pub fn last_mismatch(&self) -> Option<String> {
        self.last_mismatch
            .lock()
            .map(|g| g.clone())
            .unwrap_or_default()
    }
}

impl wiremock::Match for DocumentedRequest {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let verdict = self
            .pattern
            .explain(request.method.as_str(), &request.url, &request.body);
        if let Ok(mut slot) = self.last_mismatch.lock() {
            *slot = verdict.as_ref().err().cloned();
        }
        verdict.is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::prepare::{Origin, WireBody};

    fn outgoing(method: &str, template: &str, json: Option<Value>) -> Outgoing {
        Outgoing {
            method: method.into(),
            target: template.into(),
            template: template.into(),
            origin: Origin::Graph,
            headers: vec![],
            content_length: None,
            body: WireBody {
                json: json.map(Arc::new),
                ..WireBody::default()
            },
        }
    }

    fn url(s: &str) -> Url {
        Url::parse(&format!("http://127.0.0.1:1{s}")).unwrap()
    }

    #[test]
    fn placeholders_match_any_segment_text_after_decoding() {
        let p = RequestPattern::new(&outgoing(
            "GET",
            "/v1.0/drives/{drive-id}/root:/{path}:/children",
            None,
        ))
        .unwrap();
        assert_eq!(
            p.explain(
                "GET",
                &url("/v1.0/drives/sample/root:/a%20b:/children"),
                b""
            ),
            Ok(())
        );
        assert!(
            p.explain("GET", &url("/v1.0/drives/sample/root:/:/children"), b"")
                .unwrap_err()
                .starts_with("path:")
        );
        assert!(
            p.explain("GET", &url("/v1.0/drives/a/b/root:/x:/children"), b"")
                .is_err()
        );
        assert!(
            p.explain("POST", &url("/x"), b"")
                .unwrap_err()
                .starts_with("method")
        );
    }

    #[test]
    fn query_parameters_are_a_set_and_decoded() {
        let p = RequestPattern::new(&outgoing(
            "GET",
            "/v1.0/users?$select=id,displayName&$filter=name eq 'a b'",
            None,
        ))
        .unwrap();
        assert_eq!(
            p.explain(
                "GET",
                &url("/v1.0/users?$filter=name%20eq%20%27a%20b%27&$select=id,displayName"),
                b""
            ),
            Ok(())
        );
        assert_eq!(
            p.explain("GET", &url("/v1.0/users?$select=id,displayName"), b""),
            Err("query: documented parameter $filter=name eq 'a b' was not sent".into())
        );
    }

    #[test]
    fn json_bodies_compare_as_json() {
        let p = RequestPattern::new(&outgoing(
            "POST",
            "/v1.0/x",
            Some(serde_json::json!({"a": 1, "b": [true]})),
        ))
        .unwrap();
        assert_eq!(
            p.explain("POST", &url("/v1.0/x"), br#"{"b":[true],"a":1}"#),
            Ok(())
        );
        assert_eq!(
            p.explain("POST", &url("/v1.0/x"), br#"{"b":[false],"a":1}"#),
            Err("body: at /b/0: expected true, actual false".into())
        );
    }
}
