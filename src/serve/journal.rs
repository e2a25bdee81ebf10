//! The journal: one JSON line per request received, streamed to a file
//! through a buffer (memory stays bounded however long the server runs) and
//! flushed on shutdown.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::index::Miss;

/// One request as journaled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Milliseconds since the Unix epoch.
    pub time_ms: u128,
    pub method: String,
    /// Path and query as received.
    pub url: String,
    /// Header names and values, secrets masked ([`mask_header`]).
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy UTF-8), cut at [`BODY_LIMIT`] bytes.
    pub body: String,
    /// The body's full size in bytes when it was cut ([`BODY_LIMIT`]): the
    /// body above is not the whole request, and `verify` takes the server's
    /// verdict on it rather than judging it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_bytes: Option<usize>,
    /// The example the request matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
    /// Why it matched none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmatched: Option<Miss>,
    /// How a matched request was answered: which documented URL it matched,
    /// why that example, and what was repaired or synthesised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// A protocol request answered by the server itself rather than by an
    /// example (`$batch`): neither matched nor unmatched; its inner requests
    /// are journaled on their own lines, each with [`JournalEntry::batch`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// For a request inside a `$batch`: the journal line of the batch and the
    /// inner request's `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchRef>,
}

/// How a matched request was answered.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Answer {
    /// What the request's URL matched: `example` (the example's own URL) or
    /// `template` (a URL of the page's `## HTTP request` block).
    pub via: String,
    /// The documented URL it matched, placeholders kept (`/users/{id}`).
    pub pattern: String,
    /// Why this example answered rather than another candidate, in words;
    /// empty when it was the only candidate.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub why: String,
    /// Finding codes of the doc defects repaired in the served response
    /// (not with `--strict`): the example is still reported by `verify`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repaired: Vec<String>,
    /// The response was generated from the metadata: the operation has no
    /// usable documented response.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthesised: bool,
}

/// Where an inner request of a `$batch` came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRef {
    /// Journal line of the `$batch` request.
    pub line: usize,
    /// The inner request's `id`.
    pub id: String,
}

/// Bodies longer than this are journaled cut, with a note of the full size.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The value of a header as journaled: credentials and cookies are masked.
pub fn mask_header(name: &str, value: &str) -> String {
    masked(name, Cow::Borrowed(value)).into_owned()
}

/// [`mask_header`] without a copy of a value that is not a secret.
fn masked<'v>(name: &str, value: Cow<'v, str>) -> Cow<'v, str> {
    let is = |s: &str| name.eq_ignore_ascii_case(s);
    let has = |s: &str| {
        name.as_bytes()
            .windows(s.len())
            .any(|w| w.eq_ignore_ascii_case(s.as_bytes()))
    };
    let secret = is("authorization")
        || is("proxy-authorization")
        || is("cookie")
        || is("set-cookie")
        || is("x-api-key")
        || has("token")
        || has("secret")
        || has("password");
    if !secret {
        return value;
    }
    // Keep the scheme (`Bearer`) so that a reader sees what kind of
    // credential was sent, never the credential.
    let authorization = name.len() >= 13
        && name.as_bytes()[name.len() - 13..].eq_ignore_ascii_case(b"authorization");
    match value.split_once(' ') {
        Some((scheme, _)) if authorization => Cow::Owned(format!("{scheme} ***")),
        _ => Cow::Borrowed("***"),
    }
}

/// The body as journaled: lossy UTF-8, cut at [`BODY_LIMIT`] bytes.
fn body_text(body: &[u8]) -> Cow<'_, str> {
    if body.len() <= BODY_LIMIT {
        String::from_utf8_lossy(body)
    } else {
        Cow::Owned(format!(
            "{}… ({} bytes in all)",
            String::from_utf8_lossy(&body[..BODY_LIMIT]),
            body.len()
        ))
    }
}

/// One journal line as the server writes it: a [`JournalEntry`] that
/// borrows from the request and the index, so that journaling a request
/// copies nothing but the JSON it writes. It serialises field for field as
/// a `JournalEntry` does, and reads back as one.
#[derive(Debug, Serialize)]
pub struct Line<'a> {
    pub time_ms: u128,
    pub method: &'a str,
    pub url: &'a str,
    pub headers: Headers<'a>,
    #[serde(serialize_with = "serialize_body")]
    pub body: &'a [u8],
    /// Set by [`Line::new`]: the body's size when it is cut.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_bytes: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unmatched: Option<&'a Miss>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<AnswerLine<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchLine<'a>>,
}

impl<'a> Line<'a> {
    /// The line of a request received now, before it is judged.
    pub fn new(method: &'a str, url: &'a str, headers: Headers<'a>, body: &'a [u8]) -> Self {
        Line {
            time_ms: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or_default(),
            method,
            url,
            headers,
            body,
            body_bytes: (body.len() > BODY_LIMIT).then_some(body.len()),
            matched: None,
            unmatched: None,
            answer: None,
            protocol: None,
            batch: None,
        }
    }
}

fn serialize_body<S: serde::Serializer>(body: &&[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&body_text(body))
}

/// The headers of a request as journaled: `[name, value]` pairs, secrets
/// masked ([`mask_header`]).
#[derive(Debug, Clone, Copy)]
pub enum Headers<'a> {
    /// A request's own headers.
    Http(&'a hyper::HeaderMap),
    /// An inner request of a `$batch`.
    Pairs(&'a [(String, String)]),
}

impl Serialize for Headers<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Headers::Http(map) => s.collect_seq(map.iter().map(|(n, v)| {
                let v = String::from_utf8_lossy(v.as_bytes());
                (n.as_str(), masked(n.as_str(), v))
            })),
            Headers::Pairs(pairs) => s.collect_seq(
                pairs
                    .iter()
                    .map(|(n, v)| (n.as_str(), masked(n, Cow::Borrowed(v.as_str())))),
            ),
        }
    }
}

/// [`Answer`] as the server writes it.
#[derive(Debug, Serialize)]
pub struct AnswerLine<'a> {
    pub via: Cow<'static, str>,
    pub pattern: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub why: Cow<'a, str>,
    #[serde(
        skip_serializing_if = "<[crate::outcome::Code]>::is_empty",
        serialize_with = "serialize_codes"
    )]
    pub repaired: &'a [crate::outcome::Code],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub synthesised: bool,
}

impl AnswerLine<'_> {
    /// A copy that borrows what this one holds.
    pub fn borrowed(&self) -> AnswerLine<'_> {
        AnswerLine {
            via: self.via.clone(),
            pattern: self.pattern,
            why: Cow::Borrowed(&self.why),
            repaired: self.repaired,
            synthesised: self.synthesised,
        }
    }

    /// As [`for_each`] gives it back.
    pub fn to_answer(&self) -> Answer {
        Answer {
            via: self.via.to_string(),
            pattern: self.pattern.to_string(),
            why: self.why.to_string(),
            repaired: self.repaired.iter().map(|c| c.id().to_string()).collect(),
            synthesised: self.synthesised,
        }
    }
}

fn serialize_codes<S: serde::Serializer>(
    codes: &&[crate::outcome::Code],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(codes.iter().map(|c| c.id()))
}

/// [`BatchRef`] as the server writes it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct BatchLine<'a> {
    pub line: usize,
    pub id: &'a str,
}

/// A journal file, or none.
#[derive(Debug, Default)]
pub struct Journal {
    out: Option<Mutex<BufWriter<File>>>,
    /// The first write that failed; [`Journal::flush`] returns it.
    failed: Mutex<Option<std::io::Error>>,
    /// Lines appended (counted without a file too, so that request numbers
    /// in the live report are journal lines).
    lines: std::sync::atomic::AtomicUsize,
}

impl Journal {
    /// A journal that writes `path` (created, or truncated).
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let file = File::create(path)?;
        Ok(Journal {
            out: Some(Mutex::new(BufWriter::with_capacity(1 << 16, file))),
            failed: Mutex::new(None),
            lines: Default::default(),
        })
    }

    /// Appends one line. A write error does not stop the server (the journal
    /// is evidence, not a dependency): the first one is kept, and
    /// [`Journal::flush`] returns it, so the command reports it at shutdown.
    ///
    /// Returns the entry's 1-based line number.
    pub fn append(&self, entry: &impl Serialize) -> usize {
        use std::sync::atomic::Ordering;
        let Some(out) = &self.out else {
            return self.lines.fetch_add(1, Ordering::Relaxed) + 1;
        };
        thread_local! {
            /// Each thread serialises its lines into its own buffer, outside
            /// the journal's lock and without an allocation per line.
            static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BUFFER.with_borrow_mut(|line| {
            line.clear();
            let _ = serde_json::to_writer(&mut *line, entry);
            line.push(b'\n');
            // Numbered under the lock, so that numbers follow the file's order.
            let Ok(mut w) = out.lock() else {
                return self.lines.fetch_add(1, Ordering::Relaxed) + 1;
            };
            let n = self.lines.fetch_add(1, Ordering::Relaxed) + 1;
            if let Err(e) = w.write_all(line)
                && let Ok(mut failed) = self.failed.lock()
            {
                failed.get_or_insert(e);
            }
            if line.capacity() > 1 << 20 {
                *line = Vec::new();
            }
            n
        })
    }

    /// Writes out what is buffered; an error when this or an earlier write
    /// failed.
    pub fn flush(&self) -> std::io::Result<()> {
        if let Some(e) = self.failed.lock().ok().and_then(|mut f| f.take()) {
            return Err(e);
        }
        match &self.out {
            Some(out) => match out.lock() {
                Ok(mut w) => w.flush(),
                Err(_) => Ok(()),
            },
            None => Ok(()),
        }
    }
}

/// Streams a journal: `f` gets each entry with its 1-based line, one line
/// in memory at a time, however large the file. A last line that is not
/// JSON is what a server killed mid-write leaves (a torn line): it is
/// skipped and returned as a warning naming the line; a bad line anywhere
/// else is an error (`FILE:LINE: not a journal line: …`).
pub fn for_each(
    path: &Path,
    mut f: impl FnMut(usize, JournalEntry),
) -> Result<Option<String>, String> {
    use std::io::BufRead;
    let shown = path.display();
    let file = File::open(path).map_err(|e| format!("{shown}: cannot read the journal: {e}"))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let mut buf = Vec::new();
    let mut n = 0;
    // A line that did not parse: an error if another line follows it.
    let mut pending: Option<String> = None;
    loop {
        buf.clear();
        let read = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| format!("{shown}: cannot read the journal: {e}"))?;
        if read == 0 {
            break;
        }
        n += 1;
        if buf.trim_ascii().is_empty() {
            continue;
        }
        if let Some(e) = pending.take() {
            return Err(e);
        }
        match serde_json::from_slice::<JournalEntry>(&buf) {
            Ok(e) => f(n, e),
            Err(e) => pending = Some(format!("{shown}:{n}: not a journal line: {e}")),
        }
    }
    Ok(
        pending
            .map(|e| format!("{e} (the last line: torn by a server stopped mid-write? skipped)")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line the server writes reads back as the entry it stands for,
    /// and is the very JSON that entry writes.
    #[test]
    fn a_line_is_written_as_its_entry() {
        let mut map = hyper::HeaderMap::new();
        map.insert("authorization", "Bearer secret.token".parse().unwrap());
        map.insert("content-type", "application/json".parse().unwrap());
        let pairs = vec![("X-Api-Key".to_string(), "k".to_string())];
        let miss = Miss {
            closest: Some("v1.0/api/a#b".to_string()),
            reason: "method".to_string(),
        };
        let codes = [crate::outcome::Code::ResponseShape];
        let long = vec![b'x'; BODY_LIMIT + 3];
        let lines = [
            Line {
                matched: Some("v1.0/api/user-get#get_user"),
                answer: Some(AnswerLine {
                    via: Cow::Borrowed("template"),
                    pattern: "/users/{id}",
                    why: Cow::Borrowed("a literal segment"),
                    repaired: &codes,
                    synthesised: true,
                }),
                ..Line::new(
                    "GET",
                    "/v1.0/users/1?$top=2",
                    Headers::Http(&map),
                    b"{\"a\":\"\xff\"}",
                )
            },
            Line {
                unmatched: Some(&miss),
                batch: Some(BatchLine { line: 3, id: "1" }),
                ..Line::new("POST", "/v1.0/me", Headers::Pairs(&pairs), &long)
            },
            Line {
                protocol: Some("$batch"),
                ..Line::new("POST", "/v1.0/$batch", Headers::Pairs(&[]), b"")
            },
        ];
        for line in &lines {
            let written = serde_json::to_string(line).unwrap();
            let entry: JournalEntry = serde_json::from_str(&written).unwrap();
            assert_eq!(serde_json::to_string(&entry).unwrap(), written);
            assert_eq!(entry.method, line.method);
            assert_eq!(entry.url, line.url);
            assert_eq!(entry.matched.as_deref(), line.matched);
            assert_eq!(entry.unmatched.as_ref(), line.unmatched);
            assert_eq!(
                entry.answer,
                line.answer.as_ref().map(AnswerLine::to_answer)
            );
            assert_eq!(entry.protocol.as_deref(), line.protocol);
        }
        let first: JournalEntry =
            serde_json::from_str(&serde_json::to_string(&lines[0]).unwrap()).unwrap();
        assert_eq!(
            first.headers,
            [
                ("authorization".to_string(), "Bearer ***".to_string()),
                ("content-type".to_string(), "application/json".to_string())
            ]
        );
        assert_eq!(first.body, "{\"a\":\"\u{fffd}\"}");
        assert_eq!(first.answer.unwrap().repaired, ["MC4010"]);
        let second: JournalEntry =
            serde_json::from_str(&serde_json::to_string(&lines[1]).unwrap()).unwrap();
        assert_eq!(
            second.headers,
            [("X-Api-Key".to_string(), "***".to_string())]
        );
        assert!(
            second
                .body
                .ends_with(&format!("… ({} bytes in all)", BODY_LIMIT + 3))
        );
        assert_eq!(
            second.batch,
            Some(BatchRef {
                line: 3,
                id: "1".to_string()
            })
        );
    }

    #[test]
    fn secrets_are_masked() {
        assert_eq!(mask_header("Authorization", "Bearer abc.def"), "Bearer ***");
        assert_eq!(mask_header("Cookie", "a=b"), "***");
        assert_eq!(mask_header("SdkVersion", "graph-js/3"), "graph-js/3");
        assert_eq!(mask_header("Proxy-Authorization", "Basic x"), "Basic ***");
        assert_eq!(mask_header("X-Refresh-TOKEN", "abc"), "***");
        assert_eq!(mask_header("client_secret", "abc def"), "***");
    }
}
