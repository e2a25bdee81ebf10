//! The closest example to a request that matched none, and why it does not
//! take the request: the slow path, for misses only.

use super::judge::{query_difference, shared_names};
use super::model::{Entry, Index, Miss, Node, Route, Sent, Typed};
use super::query::split_target;
use crate::graph::path::{ReqSeg, Seg};

impl Index {
    /// The slow path, for requests that matched nothing: the documented
    /// URLs of the same method first (any method when none comes close), each
    /// measured by how far the request gets before it differs.
    ///
    /// Indexed, not scanned: the trie of each method is walked along the
    /// request's segments, so that only the entries whose path takes the
    /// most segments are looked at; of those that take them all, each is
    /// explained (method, query, body), and otherwise the first entry under
    /// the deepest nodes reached is the closest (a scan of every entry cost
    /// an unmatched request dozens of matched ones, issue 11). The result is
    /// the scan's: the highest score, then the first entry.
    pub(super) fn closest(
        &self,
        method: &str,
        segments: &[ReqSeg],
        query: &[(String, String)],
        path: &str,
        sent: &Sent,
        typed: &Typed,
    ) -> Miss {
        let request = Request {
            method,
            segments,
            query,
            path,
            sent,
            typed,
        };
        let mut best = self
            .by_method
            .get(method)
            .and_then(|root| self.best_under(root, &request));
        // A same-method URL that gets past half the path is closer than
        // anything of another method.
        let near = best
            .as_ref()
            .is_some_and(|(s, _, _)| *s / 1000 * 2 >= segments.len());
        if !near {
            let other = self
                .by_method
                .iter()
                .filter(|(m, _)| m.as_str() != method)
                .filter_map(|(_, root)| self.best_under(root, &request))
                .min_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            if let Some(o) = other
                && best.as_ref().is_none_or(|(s, _, _)| o.0 > *s)
            {
                best = Some(o);
            }
        }
        match best {
            Some((_, n, reason)) => {
                let e = &self.entries[n];
                let r = &self.routes[e.route];
                let reason = reason.unwrap_or_else(|| self.explain(e, r, &request).1);
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

    /// The closest entry of one method's trie: its score, its number, and
    /// its reason when it was explained. The trie is walked level by level
    /// (the nodes whose documented prefix takes the request's first `k`
    /// segments); an entry's score is the deepest such level on its path.
    fn best_under(&self, root: &Node, q: &Request<'_>) -> Option<(usize, usize, Option<String>)> {
        let mut level: Vec<&Node> = vec![root];
        let mut depth = 0;
        while let Some(seg) = q.segments.get(depth) {
            let literal = seg
                .call
                .is_none()
                .then(|| self.literals.get(&seg.text).copied())
                .flatten();
            let mut next: Vec<&Node> = Vec::new();
            for node in &level {
                if let Some(child) = literal.and_then(|l| node.literal.get(&l)) {
                    next.push(child);
                }
                if let Some(child) = &node.hole
                    && Seg::Hole.matches(seg)
                {
                    next.push(child);
                }
                next.extend(
                    node.patterns
                        .iter()
                        .filter(|(s, _)| s.matches(seg))
                        .map(|(_, child)| child),
                );
            }
            if next.is_empty() {
                break;
            }
            level = next;
            depth += 1;
        }
        // The whole path taken: the entries that end there are told apart
        // by method, query and body, and score above any longer path.
        let mut best: Option<(usize, usize, Option<String>)> = None;
        if depth == q.segments.len() {
            for &n in level.iter().flat_map(|node| &node.entries) {
                let e = &self.entries[n];
                let r = &self.routes[e.route];
                let (score, reason) = self.explain(e, r, q);
                if best
                    .as_ref()
                    .is_none_or(|(s, b, _)| score > *s || (score == *s && n < *b))
                {
                    best = Some((score, n, Some(reason)));
                }
            }
        }
        best.or_else(|| {
            level
                .iter()
                .filter_map(|node| node.first)
                .min()
                .map(|n| (depth * 1000, n, None))
        })
    }

    /// How far the request gets against entry `e` of route `r` (higher is
    /// closer), and what differs.
    pub(super) fn explain(&self, e: &Entry, r: &Route, q: &Request<'_>) -> (usize, String) {
        let n = e.segments.len();
        let same = matched_segments(e, q.segments);
        let base = same * 1000;
        if same < n || q.segments.len() != n {
            let shown = |s: &Seg| match s {
                Seg::Lit(l) => l.clone(),
                Seg::Hole => "{placeholder}".to_string(),
                Seg::Glob(_) | Seg::Call { .. } => {
                    raw_segment(&e.pattern, same).unwrap_or_else(|| "{pattern}".to_string())
                }
            };
            let reason = if same < n && same < q.segments.len() {
                format!(
                    "path segment {}: expected `{}`, got `{}`",
                    same + 1,
                    shown(&e.segments[same]),
                    q.segments[same].text
                )
            } else if q.segments.len() < n {
                format!(
                    "path segment {}: expected `{}`, got nothing",
                    q.segments.len() + 1,
                    shown(&e.segments[q.segments.len()])
                )
            } else {
                format!(
                    "path segment {}: `{}` is not documented",
                    n + 1,
                    q.segments[n].text
                )
            };
            return (base, reason);
        }
        if r.method != q.method {
            return (
                base + 100,
                format!("method: expected {}, got {}", r.method, q.method),
            );
        }
        if let Some(diff) = query_difference(r, q.query) {
            return (base + 200, diff);
        }
        match self.body_verdict(r, q.method, q.path, q.sent, q.typed) {
            Some(b) => (base + 300 + shared_names(r.body.as_deref(), q.sent), b),
            None => (base + 400, "matches".to_string()),
        }
    }
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

/// A request that matched nothing, as [`Index::closest`] measures it.
#[derive(Clone, Copy)]
pub(super) struct Request<'a> {
    pub(super) method: &'a str,
    pub(super) segments: &'a [ReqSeg],
    pub(super) query: &'a [(String, String)],
    pub(super) path: &'a str,
    pub(super) sent: &'a Sent,
    pub(super) typed: &'a Typed,
}
