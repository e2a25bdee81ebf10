//! Reading a journal into a verdict, streamed line by line; with the docs
//! given, each request matched again against them.

use std::path::Path;

use super::model::{Unmatched, Verdict};
use super::tally::Tally;
use crate::serve::index::{Index, Lookup, Miss};
use crate::serve::journal;
use crate::serve::journal::JournalEntry;

/// Reads `journal_path`; with `index` (the docs given to `verify`), every
/// example served is listed and the requests are matched again, so that a
/// journal from an older server is judged by the docs as they are.
///
/// A protocol line (`$batch`) is counted as such, never matched again; the
/// requests inside a batch count like any other. What the journal says was
/// repaired or synthesised in an answer is kept when the request matches
/// the same example now (it describes that example's answer).
pub fn verify(journal_path: &Path, index: Option<&Index>) -> Result<Verdict, String> {
    let mut v = Verdict::default();
    if let Some(index) = index {
        for id in index.ids() {
            v.coverage.entry(id.as_str().to_string()).or_default();
        }
    }
    // Streamed: one line in memory at a time, the verdict a tally (the
    // unmatched requests kept are the first `Tally::KEPT`).
    let torn = journal::for_each(journal_path, |line, e| {
        v.requests += 1;
        judge(&mut v, index, line, e);
    })?;
    v.warnings.extend(torn);
    Ok(v)
}

/// One journal line into the verdict.
fn judge(v: &mut Verdict, index: Option<&Index>, line: usize, e: JournalEntry) {
    if e.protocol.is_some() {
        v.protocol += 1;
        return;
    }
    v.in_batch += usize::from(e.batch.is_some());
    // Matched again against the docs as they are now, the answer is
    // today's; from the journal alone, the server's. A body the journal
    // cut (`body_bytes`) cannot be judged again: the server's verdict on
    // the whole body stands.
    let cut = e.body_bytes.is_some();
    let (matched, answer, why) = match index {
        Some(index) if !cut => match index.lookup(
            &e.method,
            &e.url,
            journal_content_type(&e.headers),
            e.body.as_bytes(),
        ) {
            // What the server journaled of the answer stands when the
            // request still matches that example (the docs may be given
            // under another root: `api/x#a` for `v1.0/api/x#a`).
            Lookup::Matched {
                id,
                answered,
                protocol,
                ..
            } => {
                let id = id.as_str().to_string();
                let answer = match (&e.answer, &e.matched) {
                    (Some(a), Some(m)) if same_example(m, &id) => a.clone(),
                    _ => answered.to_answer(protocol),
                };
                (Some(id), Some(answer), None)
            }
            Lookup::Unmatched(m) => (None, None, Some(m)),
        },
        Some(index) => {
            // The server's example, under the root the docs are given now.
            let id = e.matched.map(|m| {
                index
                    .ids()
                    .find(|id| same_example(id.as_str(), &m))
                    .map_or(m, |id| id.as_str().to_string())
            });
            (id, e.answer, e.unmatched)
        }
        None => (e.matched, e.answer, e.unmatched),
    };
    match (matched, why) {
        (Some(id), _) => {
            *v.coverage.entry(id.clone()).or_default() += 1;
            if let Some(answer) = &answer {
                v.answered(&id, answer, line);
            }
        }
        (None, why) => {
            if v.unmatched.len() < Tally::KEPT {
                v.unmatched.push(Unmatched {
                    line,
                    method: e.method,
                    url: e.url,
                    miss: why.unwrap_or(Miss {
                        closest: None,
                        reason: "the journal gives no reason".to_string(),
                    }),
                });
            } else {
                v.omitted += 1;
            }
        }
    }
}

/// Whether two example ids name the same example: equal, or equal but for
/// the leading directories of the page key (`v1.0/api/x#a` and `api/x#a`:
/// the docs given to `serve` and to `verify` as different roots).
pub(super) fn same_example(a: &str, b: &str) -> bool {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    long == short
        || long
            .strip_suffix(short)
            .is_some_and(|head| head.ends_with('/'))
}

/// The `Content-Type` a journaled request was sent with.
fn journal_content_type(headers: &[(String, String)]) -> Option<&str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str())
}
