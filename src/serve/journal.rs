//! The journal: one JSON line per request received, streamed to a file
//! through a buffer (memory stays bounded however long the server runs) and
//! flushed on shutdown.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::index::Mismatch;

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
    /// The example the request matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
    /// Why it matched none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmatched: Option<Mismatch>,
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
    let n = name.to_ascii_lowercase();
    let secret = matches!(
        n.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie" | "x-api-key"
    ) || n.contains("token")
        || n.contains("secret")
        || n.contains("password");
    if !secret {
        return value.to_string();
    }
    // Keep the scheme (`Bearer`) so that a reader sees what kind of
    // credential was sent, never the credential.
    match value.split_once(' ') {
        Some((scheme, _)) if n.ends_with("authorization") => format!("{scheme} ***"),
        _ => "***".to_string(),
    }
}

/// The body as journaled.
pub fn journal_body(body: &[u8]) -> String {
    if body.len() <= BODY_LIMIT {
        String::from_utf8_lossy(body).into_owned()
    } else {
        format!(
            "{}… ({} bytes in all)",
            String::from_utf8_lossy(&body[..BODY_LIMIT]),
            body.len()
        )
    }
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
    pub fn append(&self, entry: &JournalEntry) -> usize {
        use std::sync::atomic::Ordering;
        let Some(out) = &self.out else {
            return self.lines.fetch_add(1, Ordering::Relaxed) + 1;
        };
        let mut line = serde_json::to_vec(entry).unwrap_or_default();
        line.push(b'\n');
        // Numbered under the lock, so that numbers follow the file's order.
        let Ok(mut w) = out.lock() else {
            return self.lines.fetch_add(1, Ordering::Relaxed) + 1;
        };
        let n = self.lines.fetch_add(1, Ordering::Relaxed) + 1;
        if let Err(e) = w.write_all(&line)
            && let Ok(mut failed) = self.failed.lock()
        {
            failed.get_or_insert(e);
        }
        n
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

/// Reads a journal back, one entry per non-empty line.
pub fn read(path: &Path) -> Result<Vec<JournalEntry>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the journal: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l)
                .map_err(|e| format!("{}:{}: not a journal line: {e}", path.display(), n + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked() {
        assert_eq!(mask_header("Authorization", "Bearer abc.def"), "Bearer ***");
        assert_eq!(mask_header("Cookie", "a=b"), "***");
        assert_eq!(mask_header("SdkVersion", "graph-js/3"), "graph-js/3");
    }
}
