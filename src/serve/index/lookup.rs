//! Looking a request up: the trie walked for the entries whose documented
//! path takes the request's, the candidates ranked by a key and judged in
//! rank order; OData's protocol answers (`$count`, media streams) for a
//! path no route documents.

use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::judge::{query_difference, sent_body};
use super::model::{Answered, Index, Literal, Lookup, Node, Protocol, Sent, Typed, Via};
use super::print::Print;
use super::query::{query_pairs, split_target, strip_version};
use crate::graph::path::{ReqSeg, Seg, request_segments};
use crate::graph::version_of;

impl Index {
    /// The example or operation a request matches, or why none does.
    /// `target` is the request's path and query as received
    /// (`/v1.0/me?$select=id`); `content_type` its `Content-Type`.
    ///
    /// When several match, the most specific answers, compared in this
    /// order:
    /// 1. the path: segment by segment, a literal beats a `{placeholder}`
    ///    (`/users/delta` is not answered by `/users/{id}`);
    /// 2. a documented example beats an answer made from the metadata;
    /// 3. a route whose page lists the URL in its `## HTTP request` block
    ///    beats one that only happens to match;
    /// 4. the body: one whose documented `@odata.type` is the one sent,
    ///    then one equal to the documented body, then the one whose
    ///    documented names differ least from the names sent;
    /// 5. a clean example beats one whose documented bodies break the
    ///    metadata (known with a check context);
    /// 6. a success (documented status below 400) beats an error example,
    ///    whose condition (a missing item, a conflict) the request alone
    ///    cannot show;
    /// 7. the query: more parameters sent that the example documents
    ///    (`$expand` answered by the example that expands), fewer documented
    ///    parameters left unsent, more values as documented;
    /// 8. the order of the suite (pages by path, examples by place).
    pub fn lookup(
        &self,
        method: &str,
        target: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Lookup<'_> {
        let (path, query) = split_target(target);
        let segments = request_segments(path);
        let query = query_pairs(query, version_of(path));
        let sent = sent_body(content_type, body);
        let method = method.to_ascii_uppercase();
        let mut found: Vec<usize> = Vec::new();
        if let Some(root) = self.by_method.get(&method) {
            let literals: Vec<Option<Literal>> = segments
                .iter()
                .map(|s| {
                    s.call
                        .is_none()
                        .then(|| self.literals.get(&s.text).copied())
                        .flatten()
                })
                .collect();
            collect(root, &segments, &literals, &mut found);
        }
        // Per route: its best entry and whether its page lists the URL.
        // Entries of one route next to each other (found in trie order).
        found.sort_unstable_by_key(|&e| self.entries[e].route);
        let mut candidates: Vec<(usize, usize, bool)> = Vec::with_capacity(found.len());
        for &e in &found {
            let entry = &self.entries[e];
            // A template lists the URL when the request sends the system
            // options the template names; so does an example whose URL
            // names options (`/me?$expand=manager`) when they are sent.
            let options_sent = entry
                .options
                .iter()
                .all(|o| query.iter().any(|(k, _)| k == o));
            let listed = options_sent && (entry.via == Via::Template || !entry.options.is_empty());
            match candidates.last_mut().filter(|(r, _, _)| *r == entry.route) {
                Some((_, best, l)) => {
                    *l |= listed;
                    if entry.path_key < self.entries[*best].path_key {
                        *best = e;
                    }
                }
                None => candidates.push((entry.route, e, listed)),
            }
        }
        // Ranked before judged: the cheap part of the key for every
        // candidate, then, group by group in that order, the rest of the key
        // (body distance, query), and the query and body judged in rank
        // order until the winner and a runner-up (for `why`) are found. One
        // URL can have ninety examples with large bodies (the Intune pages):
        // most are never judged, and a body equal to a documented one needs
        // no type walk.
        let typed = Typed::new();
        let sent_print: std::cell::OnceCell<Option<Print>> = std::cell::OnceCell::new();
        let sent_type = match &sent {
            Sent::Json(v) => v.get("@odata.type").and_then(Value::as_str),
            _ => None,
        };
        let mut rest: Vec<(Prefix<'_>, usize, usize)> = candidates
            .iter()
            .map(|&(r, e, listed)| (self.prefix(r, e, listed, sent_type), r, e))
            .collect();
        let mut ranked: Vec<(Key<'_>, usize, usize)> = Vec::with_capacity(2);
        // Group by group, the best first: the first group almost always
        // holds the winner, so the candidates are never sorted whole.
        while ranked.len() < 2 && !rest.is_empty() {
            let Some(best) = rest.iter().map(|c| c.0.clone()).min() else {
                break;
            };
            let (tied, others): (Vec<_>, Vec<_>) = rest.into_iter().partition(|c| c.0 == best);
            rest = others;
            let mut group: Vec<(Key<'_>, usize, usize)> = tied
                .into_iter()
                .map(|(prefix, r, e)| {
                    let print = sent_print.get_or_init(|| match &sent {
                        Sent::Json(v) => Some(Print::of(v)),
                        _ => None,
                    });
                    (self.key(prefix, r, &query, &sent, print.as_ref()), r, e)
                })
                .collect();
            if group.len() > 1 {
                group.sort_by(|a, b| a.0.cmp(&b.0));
            }
            for candidate in group {
                // The winner is the first that takes the request; the
                // runner-up `why` is told against is the next in rank,
                // not judged (judging it would cost a second type walk).
                if ranked.is_empty() {
                    let route = &self.routes[candidate.1];
                    let passes = query_difference(route, &query).is_none()
                        && self
                            .body_verdict(route, &method, path, &sent, &typed)
                            .is_none();
                    if !passes {
                        continue;
                    }
                }
                ranked.push(candidate);
                if ranked.len() == 2 {
                    break;
                }
            }
        }
        let Some((best, r, e)) = ranked.first() else {
            if let Some(answer) = self.protocol(&method, path, target, content_type) {
                return answer;
            }
            return Lookup::Unmatched(
                self.closest(&method, &segments, &query, path, &sent, &typed),
            );
        };
        let why = ranked
            .get(1)
            .map_or_else(String::new, |(second, _, _)| best.why(second));
        let route = &self.routes[*r];
        let entry = &self.entries[*e];
        Lookup::Matched {
            route: *r,
            id: &route.id,
            reply: &route.reply,
            answered: Answered {
                via: entry.via,
                pattern: &entry.pattern,
                why,
                repaired: &route.repaired,
                synthesised: route.synthesised,
            },
            documented_query: &route.query,
            protocol: None,
        }
    }

    /// OData's answers for a request no route documents: `$count` of a
    /// documented collection, and a media stream (`$value`, or a property
    /// of type `Edm.Stream` in the metadata) of a documented entity.
    fn protocol(
        &self,
        method: &str,
        path: &str,
        target: &str,
        content_type: Option<&str>,
    ) -> Option<Lookup<'_>> {
        let (parent, last) = path.trim_end_matches('/').rsplit_once('/')?;
        let last = percent_decode_str(last).decode_utf8_lossy();
        let kind = match (method, last.as_ref()) {
            ("GET", "$count") => Protocol::Count,
            ("GET", _) if self.is_stream(path, &last) => Protocol::StreamRead,
            ("PUT", _) if self.is_stream(path, &last) => Protocol::StreamWrite,
            _ => return None,
        };
        let query = split_target(target).1;
        let parent_target = if query.is_empty() {
            parent.to_string()
        } else {
            format!("{parent}?{query}")
        };
        let mut found = self.lookup("GET", &parent_target, content_type, b"");
        match &mut found {
            Lookup::Matched { protocol, .. } if protocol.is_none() => *protocol = Some(kind),
            _ => return None,
        }
        Some(found)
    }

    /// Is `path` (whose last segment is `last`) a media stream: `$value`,
    /// or a property of type `Edm.Stream` in the metadata (`content` of a
    /// driveItem without metadata)?
    fn is_stream(&self, path: &str, last: &str) -> bool {
        if last == "$value" {
            return true;
        }
        // Decoded: an id's encoded `:/` (`01AB%3A%2Fa.txt%3A`) is path
        // addressing to the resolver.
        let decoded = percent_decode_str(path).decode_utf8_lossy();
        match &self.check {
            Some(ctx) => ctx
                .csdl(Some(version_of(path)).filter(|v| !v.is_empty()))
                .and_then(|csdl| csdl.resolve_str(strip_version(&decoded)).ok())
                .is_some_and(|r| {
                    r.kind == crate::schema::resolve::ResolvedKind::Value
                        || r.type_ref.is_some_and(|t| t.name == "Edm.Stream")
                }),
            None => last.eq_ignore_ascii_case("content"),
        }
    }

    /// The cheap part of a candidate's ranking key.
    fn prefix<'a>(
        &'a self,
        r: usize,
        e: usize,
        listed: bool,
        sent_type: Option<&str>,
    ) -> Prefix<'a> {
        let route = &self.routes[r];
        let documented_type = route.body_type.as_deref();
        let type_differs = match (documented_type, sent_type) {
            (Some(d), Some(s)) => !d
                .trim_start_matches('#')
                .eq_ignore_ascii_case(s.trim_start_matches('#')),
            _ => false,
        };
        Prefix {
            path: &self.entries[e].path_key,
            synthesised: route.synthesised,
            unlisted: !listed,
            type_differs,
        }
    }

    fn key<'a>(
        &'a self,
        prefix: Prefix<'a>,
        r: usize,
        query: &[(String, String)],
        sent: &Sent,
        sent_print: Option<&Print>,
    ) -> Key<'a> {
        let route = &self.routes[r];
        let body_distance = match (&route.body_print, sent_print) {
            (Some(d), Some(s)) if d.value == s.value => 0,
            (Some(d), Some(s)) => 1 + d.names_distance(s),
            (None, None) if matches!(sent, Sent::None) => 0,
            _ => 1,
        };
        let unsent = route
            .query
            .iter()
            .filter(|(k, _)| !query.iter().any(|(q, _)| q == k))
            .count();
        // Options that change the shape of the answer: `$expand` (and
        // the operation's own parameters) sent as the example documents.
        let named = query
            .iter()
            .filter(|(k, _)| k == "$expand" || !k.starts_with('$'))
            .filter(|(k, _)| route.query.iter().any(|(dk, _)| dk == k))
            .count();
        let as_documented = query
            .iter()
            .filter(|(k, v)| {
                route
                    .query
                    .iter()
                    .any(|(dk, dv)| dk == k && dv.as_deref() == Some(v.as_str()))
            })
            .count();
        Key {
            prefix,
            body_distance,
            defective: route.defective,
            error: route.reply.status >= 400,
            unnamed: usize::MAX - named,
            unsent,
            not_as_documented: usize::MAX - as_documented,
            order: r,
        }
    }
}

/// The cheap part of a candidate's ranking; smaller is better.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Prefix<'a> {
    path: &'a [u8],
    synthesised: bool,
    unlisted: bool,
    /// The body names another `@odata.type` than the example's body (the
    /// Intune pages document one POST per derived type).
    type_differs: bool,
}

/// The ranking of one candidate; smaller is better (see [`Index::lookup`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key<'a> {
    prefix: Prefix<'a>,
    body_distance: usize,
    defective: bool,
    error: bool,
    unnamed: usize,
    unsent: usize,
    not_as_documented: usize,
    order: usize,
}

impl Key<'_> {
    /// Why `self` won over `other`, in words.
    pub(super) fn why(&self, other: &Key<'_>) -> String {
        let (a, b) = (&self.prefix, &other.prefix);
        let s = if a.path != b.path {
            "a more literal path match (a literal segment over a placeholder)"
        } else if a.synthesised != b.synthesised {
            "a documented example over an answer from the metadata"
        } else if a.unlisted != b.unlisted {
            "its page lists this URL in its HTTP request block"
        } else if a.type_differs != b.type_differs {
            "its documented body names the `@odata.type` sent"
        } else if self.body_distance != other.body_distance {
            if self.body_distance == 0 {
                "the body sent equals its documented body"
            } else {
                "its documented body has more of the names sent"
            }
        } else if self.defective != other.defective {
            "its documented bodies fit the metadata; the other example's do not"
        } else if self.error != other.error {
            "a success example over an error example"
        } else if self.unnamed != other.unnamed {
            "more of the query options sent are documented by the example"
        } else if self.unsent != other.unsent {
            "fewer documented query parameters left unsent"
        } else if self.not_as_documented != other.not_as_documented {
            "more query values as documented"
        } else {
            "the first in page order"
        };
        s.to_string()
    }
}

/// The entries of the documented paths under `node` that match
/// `segments`, whose literal numbers are `literals` (`None`: no documented
/// path has that literal, or the segment is a call).
fn collect(node: &Node, segments: &[ReqSeg], literals: &[Option<Literal>], out: &mut Vec<usize>) {
    let (Some((first, rest)), Some((literal, literals))) =
        (segments.split_first(), literals.split_first())
    else {
        out.extend_from_slice(&node.entries);
        return;
    };
    if let Some(child) = literal.and_then(|l| node.literal.get(&l)) {
        collect(child, rest, literals, out);
    }
    if let Some(child) = &node.hole
        && Seg::Hole.matches(first)
    {
        collect(child, rest, literals, out);
    }
    for (seg, child) in &node.patterns {
        if seg.matches(first) {
            collect(child, rest, literals, out);
        }
    }
}
