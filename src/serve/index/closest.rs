//! The closest example to a request that matched none, and why it does not
//! take the request: the slow path, for misses only.

use super::judge::{query_difference, shared_names};
use super::query::split_target;
use super::{Entry, Index, Miss, Route, Sent, Typed};
use crate::graph::path::{ReqSeg, Seg};

impl Index {
    /// The slow path, for requests that matched nothing: the documented
    /// URLs of the same method first (any method when none comes close), each
    /// measured by how far the request gets before it differs.
    pub(super) fn closest(
        &self,
        method: &str,
        segments: &[ReqSeg],
        query: &[(String, String)],
        path: &str,
        sent: &Sent,
        typed: &Typed,
    ) -> Miss {
        // Scored without words first: a URL whose path differs scores by the
        // segments it shares, counted without formatting a reason (the
        // reason of every documented URL cost an unmatched request 55
        // matched ones); only the winner's reason is written, below.
        let mut best: Option<(usize, usize, Option<String>)> = None;
        for pass in [true, false] {
            for (n, e) in self.entries.iter().enumerate() {
                let r = &self.routes[e.route];
                if (r.method == method) != pass {
                    continue;
                }
                let (score, reason) = match path_score(e, segments) {
                    Some(score) => (score, None),
                    None => {
                        let (score, reason) =
                            self.explain(e, r, method, segments, query, path, sent, typed);
                        (score, Some(reason))
                    }
                };
                if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    best = Some((score, n, reason));
                }
            }
            // A same-method URL that gets past half the path is closer than
            // anything of another method.
            if best
                .as_ref()
                .is_some_and(|(s, _, _)| *s / 1000 * 2 >= segments.len())
            {
                break;
            }
        }
        match best {
            Some((_, n, reason)) => {
                let e = &self.entries[n];
                let r = &self.routes[e.route];
                let reason = reason.unwrap_or_else(|| {
                    self.explain(e, r, method, segments, query, path, sent, typed)
                        .1
                });
                Miss {
                    closest: Some(r.id.as_str().to_string()),
                    reason,
                }
            }
            None => Miss {
                closest: None,
                reason: "no example is served".to_string(),
            },
        }
    }

    /// How far the request gets against entry `e` of route `r` (higher is
    /// closer), and what differs. The score is [`path_score`]'s when that
    /// has one.
    #[allow(clippy::too_many_arguments)]
    fn explain(
        &self,
        e: &Entry,
        r: &Route,
        method: &str,
        segments: &[ReqSeg],
        query: &[(String, String)],
        path: &str,
        sent: &Sent,
        typed: &Typed,
    ) -> (usize, String) {
        let n = e.segments.len();
        let same = matched_segments(e, segments);
        let base = same * 1000;
        if same < n || segments.len() != n {
            let shown = |s: &Seg| match s {
                Seg::Lit(l) => l.clone(),
                Seg::Hole => "{placeholder}".to_string(),
                Seg::Glob(_) | Seg::Call { .. } => {
                    raw_segment(&e.pattern, same).unwrap_or_else(|| "{pattern}".to_string())
                }
            };
            let reason = if same < n && same < segments.len() {
                format!(
                    "path segment {}: expected `{}`, got `{}`",
                    same + 1,
                    shown(&e.segments[same]),
                    segments[same].text
                )
            } else if segments.len() < n {
                format!(
                    "path segment {}: expected `{}`, got nothing",
                    segments.len() + 1,
                    shown(&e.segments[segments.len()])
                )
            } else {
                format!(
                    "path segment {}: `{}` is not documented",
                    n + 1,
                    segments[n].text
                )
            };
            return (base, reason);
        }
        if r.method != method {
            return (
                base + 100,
                format!("method: expected {}, got {method}", r.method),
            );
        }
        if let Some(q) = query_difference(r, query) {
            return (base + 200, q);
        }
        match self.body_verdict(r, method, path, sent, typed) {
            Some(b) => (base + 300 + shared_names(r.body.as_ref(), sent), b),
            None => (base + 400, "matches".to_string()),
        }
    }
}

/// [`Index::explain`]'s score without its reason, when the request's path
/// differs from entry `e`'s (`None` when the paths match: the method, query
/// and body decide, and `explain` must be asked).
fn path_score(e: &Entry, segments: &[ReqSeg]) -> Option<usize> {
    let n = e.segments.len();
    let same = matched_segments(e, segments);
    (same < n || segments.len() != n).then_some(same * 1000)
}

/// How many of entry `e`'s documented segments, from the first, the
/// request's segments match.
fn matched_segments(e: &Entry, segments: &[ReqSeg]) -> usize {
    e.segments
        .iter()
        .zip(segments)
        .take_while(|(d, s)| d.matches(s))
        .count()
}

/// Segment `n` of a documented path as written (for messages).
fn raw_segment(pattern: &str, n: usize) -> Option<String> {
    split_target(pattern)
        .0
        .trim_start_matches('/')
        .split('/')
        .nth(n)
        .map(str::to_string)
}
