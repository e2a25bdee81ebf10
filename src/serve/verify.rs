//! The verdict on a journal: which documented examples were exercised, and
//! every request that matched none, with the closest example and the reason.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::index::Mismatch;
use super::journal;

/// What a journal shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Requests in the journal.
    pub requests: usize,
    /// Every documented example (when the docs are given, else the ones the
    /// journal names) and how many requests exercised it.
    pub coverage: BTreeMap<String, usize>,
    /// Requests that matched no example.
    pub unmatched: Vec<Unmatched>,
}

/// One request that matched no example.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    /// 1-based line of the journal.
    pub line: usize,
    pub method: String,
    pub url: String,
    #[serde(flatten)]
    pub mismatch: Mismatch,
}

impl Verdict {
    /// Examples exercised at least once.
    pub fn exercised(&self) -> usize {
        self.coverage.values().filter(|n| **n > 0).count()
    }
}

/// Reads `journal_path`; `documented` lists every example served, if known.
/// With documented examples, the requests are matched again against `index`
/// so that a journal from an older server is judged by the docs as they are.
pub fn verify(journal_path: &Path, index: Option<&super::Index>) -> Result<Verdict, String> {
    let entries = journal::read(journal_path)?;
    let mut coverage: BTreeMap<String, usize> = BTreeMap::new();
    if let Some(index) = index {
        for id in index.ids() {
            coverage.entry(id.as_str().to_string()).or_default();
        }
    }
    let mut unmatched = Vec::new();
    for (n, e) in entries.iter().enumerate() {
        let (matched, why) = match index {
            Some(index) => match index.lookup(&e.method, &e.url, e.body.as_bytes()) {
                super::Lookup::Matched { id, .. } => (Some(id.as_str().to_string()), None),
                super::Lookup::Unmatched(m) => (None, Some(m)),
            },
            None => (e.matched.clone(), e.unmatched.clone()),
        };
        match (matched, why) {
            (Some(id), _) => *coverage.entry(id).or_default() += 1,
            (None, why) => unmatched.push(Unmatched {
                line: n + 1,
                method: e.method.clone(),
                url: e.url.clone(),
                mismatch: why.unwrap_or(Mismatch {
                    closest: None,
                    reason: "the journal gives no reason".to_string(),
                }),
            }),
        }
    }
    Ok(Verdict {
        requests: entries.len(),
        coverage,
        unmatched,
    })
}
