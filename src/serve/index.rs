//! The route index: every documented operation of the pages, reachable by
//! every URL the docs give for it.
//!
//! The contract is the operation, not the example. A page documents an
//! operation with URL templates (every line of its `## HTTP request` block)
//! and examples; each example answers requests to its own URL *and* to every
//! template of its page with the same method. A template whose method no
//! example of the page shows is answered from the metadata (see
//! [`super::synth`]). URLs are matched by Graph's rules (see
//! [`crate::graph::path`]): decoded, case-insensitive segments, functions with
//! or without `()`, keys in parentheses, path addressing.
//!
//! Built once. A lookup walks a trie of documented segments (a literal
//! child, the placeholder child, then the patterns: globs and calls), so only
//! the operations with the same method and a compatible path are looked at;
//! these are then filtered by query and body. Pure: no network.

use std::collections::HashMap;
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::odata::system_option;
use crate::checks::{BodyProblem, CheckContext, Side, body_problems, request_problems};
use crate::contract::{Example, ExampleId};
use crate::graph::path::{ReqSeg, Seg, documented_segments, request_segments};
use crate::graph::version_of;
use crate::outcome::Code;
use crate::replay::prepare::{Origin, Prepared, Reply, WireBody};
use crate::suite::Suite;

/// One answer: a documented example, or an operation answered from the
/// metadata.
#[derive(Debug)]
struct Route {
    id: ExampleId,
    method: String,
    /// Documented query pairs: system options by canonical name, other
    /// names lowercased; `None` for a `{placeholder}` value.
    query: Vec<(String, Option<String>)>,
    /// Names of the non-system query parameters this operation documents
    /// (its example's and its page's templates'), lowercased.
    params: Vec<String>,
    body: Option<Value>,
    /// The documented body's top-level `@odata.type`.
    body_type: Option<String>,
    /// Its shape, to rank bodies without walking them per request.
    body_print: Option<Print>,
    /// The documented request body is not JSON (file content, text).
    body_bytes: bool,
    /// What is served: the documented reply, repaired unless `--strict`.
    reply: Reply,
    /// Codes of the doc defects repaired in [`Route::reply`].
    repaired: Vec<Code>,
    synthesised: bool,
    example: Option<Example>,
    source: crate::source::Source,
    /// Schema problems of the documented body itself (pointer, message):
    /// a client that sends what the docs show is not blamed for them.
    known_problems: Vec<(String, String)>,
    /// The documented request or response body breaks its schema: when
    /// another example documents the same request, that one answers.
    defective: bool,
}

/// One documented URL that leads to a route.
#[derive(Debug)]
struct Entry {
    route: usize,
    via: Via,
    /// The URL as documented, placeholders kept.
    pattern: String,
    segments: Vec<Seg>,
    /// The system query options the documented URL names
    /// (`/me/mailFolders?$filter=singleValueExtendedProperties/…`): the URL
    /// documents that variant of the path, and lists a request for the
    /// path only when the request sends them too.
    options: Vec<String>,
    /// Rank of each segment (see [`Seg::rank`]): compared lexicographically,
    /// a literal where another has a placeholder sorts first.
    path_key: Box<[u8]>,
}

/// What a documented URL is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The example's own request URL.
    Example,
    /// A URL of the page's `## HTTP request` block.
    Template,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Example => "example",
            Via::Template => "template",
        }
    }
}

/// A literal segment of the documented paths, by its number in
/// [`Index::literals`]: the trie compares numbers, and a request's segment
/// is hashed once, not once per node it passes.
type Literal = u32;

#[derive(Debug, Default)]
struct Node {
    literal: HashMap<Literal, Node, foldhash::fast::FixedState>,
    hole: Option<Box<Node>>,
    patterns: Vec<(Seg, Node)>,
    entries: Vec<usize>,
}

/// How the index is built.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Serve the examples as written: no repair of doc defects.
    pub strict: bool,
}

/// Every documented operation of a suite, indexed for lookup.
#[derive(Debug, Default)]
pub struct Index {
    routes: Vec<Route>,
    /// Routes below this are examples; the others are synthesised.
    examples: usize,
    entries: Vec<Entry>,
    by_method: HashMap<String, Node>,
    /// Every literal segment of the trie, numbered.
    literals: HashMap<String, Literal, foldhash::fast::FixedState>,
    check: Option<Arc<CheckContext>>,
    options: Options,
}

/// Why a request matched no example, measured against the closest one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mismatch {
    /// The closest documented example, if there is any example at all.
    pub closest: Option<String>,
    /// What differs, in words: `method: ...`, `path segment 3: ...`,
    /// `query parameter x: ...`, `body /message: ...`.
    pub reason: String,
}

/// How a request was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered<'a> {
    pub via: Via,
    /// The documented URL matched.
    pub pattern: &'a str,
    /// Why this route over the runner-up, in words; empty when alone.
    pub why: String,
    pub repaired: &'a [Code],
    pub synthesised: bool,
}

impl<'a> Answered<'a> {
    /// As the server journals it; `protocol` when OData's rules answered
    /// from this route (`$count`, a media stream).
    pub fn into_line(self, protocol: Option<Protocol>) -> super::journal::AnswerLine<'a> {
        super::journal::AnswerLine {
            via: match protocol {
                Some(p) => {
                    std::borrow::Cow::Owned(format!("{} of {}", p.as_str(), self.via.as_str()))
                }
                None => std::borrow::Cow::Borrowed(self.via.as_str()),
            },
            pattern: self.pattern,
            why: std::borrow::Cow::Owned(self.why),
            repaired: self.repaired,
            synthesised: self.synthesised,
        }
    }

    /// As the journal records it; `protocol` when OData's rules answered
    /// from this route (`$count`, a media stream).
    pub fn to_answer(&self, protocol: Option<Protocol>) -> super::Answer {
        super::Answer {
            via: match protocol {
                Some(p) => format!("{} of {}", p.as_str(), self.via.as_str()),
                None => self.via.as_str().to_string(),
            },
            pattern: self.pattern.to_string(),
            why: self.why.clone(),
            repaired: self.repaired.iter().map(|c| c.id().to_string()).collect(),
            synthesised: self.synthesised,
        }
    }
}

/// What a lookup found.
#[derive(Debug)]
pub enum Lookup<'a> {
    Matched {
        /// The route's position; below [`Index::len`] an example
        /// in [`Index::ids`] order.
        route: usize,
        id: &'a ExampleId,
        reply: &'a Reply,
        answered: Answered<'a>,
        /// The documented query pairs of the route, to tell which options
        /// the served body already reflects.
        documented_query: &'a [(String, Option<String>)],
        /// Answered by OData's protocol rules from the route of the path
        /// the request's last segment is applied to.
        protocol: Option<Protocol>,
    },
    Unmatched(Mismatch),
}

/// A request answered by OData's rules from the documented answer of
/// another path: the collection of `/users/$count`, the entity of
/// `/me/photo/$value` or of a stream property (`/items/{id}/content`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `…/$count` of a documented collection: its number of items, as text.
    Count,
    /// A read of a media stream: the bytes.
    StreamRead,
    /// A write of a media stream (`PUT`): the entity that holds it.
    StreamWrite,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Count => "$count",
            Protocol::StreamRead => "stream read",
            Protocol::StreamWrite => "stream write",
        }
    }
}

/// The problems of a request body by the operation's types, once per
/// request; `None` inside when no type can be told.
type Typed = std::cell::OnceCell<Option<Vec<BodyProblem>>>;

/// A request body as received.
#[derive(Debug)]
enum Sent {
    None,
    Json(Value),
    NotJson(String),
    Bytes,
}

impl Index {
    /// Indexes every operation of `suite` that can be served.
    pub fn new(suite: &Suite) -> Self {
        Self::build(suite, None, Options::default())
    }

    /// Indexes `suite` with a check context: request bodies are judged by
    /// the operation's types in the metadata, defective examples rank after
    /// clean ones and (unless `options.strict`) are served repaired, and
    /// operations without a usable example are answered from the metadata.
    pub fn with_check(suite: &Suite, ctx: Arc<CheckContext>, options: Options) -> Self {
        Self::build(suite, Some(ctx), options)
    }

    fn build(suite: &Suite, check: Option<Arc<CheckContext>>, options: Options) -> Self {
        let mut index = Index {
            check,
            options,
            ..Index::default()
        };
        // Per page: the routes of each method, for its templates.
        let mut page_routes: Vec<Vec<usize>> = Vec::with_capacity(suite.pages.len());
        for page in &suite.pages {
            let mut mine = Vec::new();
            // Page keys start at the version folder (`source::page_key`).
            let version = crate::contract::folder_version(&page.source.page);
            let params = page_params(page, version);
            for ex in &page.examples {
                let Ok(prepared) = Prepared::new(&page.source, ex) else {
                    continue;
                };
                if prepared.request.origin != Origin::Graph {
                    continue;
                }
                let (path, query) = split_target(&prepared.request.template);
                let query = documented_query(query, version_of(path));
                let mut route_params = params.clone();
                route_params.extend(
                    query
                        .iter()
                        .filter(|(k, _)| !k.starts_with('$'))
                        .map(|(k, _)| k.clone()),
                );
                let body_bytes = !ex.request.message.body.is_empty()
                    && prepared.request.body.json.is_none()
                    && prepared.request.body.json_error.is_none();
                let route = Route {
                    id: ex.id.clone(),
                    method: prepared.request.method.clone(),
                    query,
                    params: route_params,
                    body_type: prepared
                        .request
                        .body
                        .json
                        .as_ref()
                        .and_then(|b| b.get("@odata.type"))
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    body_print: prepared.request.body.json.as_ref().map(Print::of),
                    body: prepared.request.body.json.clone(),
                    body_bytes,
                    reply: prepared.reply,
                    repaired: Vec::new(),
                    synthesised: false,
                    example: Some(ex.clone()),
                    source: page.source.clone(),
                    known_problems: Vec::new(),
                    defective: false,
                };
                let n = index.routes.len();
                let mut route = route;
                served_media(&mut route.reply, ex.id.as_str(), n);
                index.routes.push(route);
                index.add_entry(n, Via::Example, path.to_string());
                mine.push(n);
            }
            page_routes.push(mine);
        }
        index.examples = index.routes.len();
        if let Some(ctx) = index.check.clone() {
            index.judge_examples(&ctx);
        }
        // Every template of a page leads to the page's examples of its
        // method, or to an answer from the metadata.
        for (page, mine) in suite.pages.iter().zip(&page_routes) {
            let version = crate::contract::folder_version(&page.source.page);
            let mut synthesised: HashMap<String, usize> = HashMap::new();
            let templates = page
                .templates
                .iter()
                .map(|t| (t.method.to_ascii_uppercase(), t.url.clone()))
                .chain(table_templates(page));
            for (method, url) in templates {
                let Some(path) = template_path(&url, version) else {
                    continue;
                };
                let same: Vec<usize> = mine
                    .iter()
                    .copied()
                    .filter(|&r| index.routes[r].method == method)
                    .collect();
                if !same.is_empty() {
                    for r in same {
                        index.add_entry(r, Via::Template, path.clone());
                    }
                    continue;
                }
                let route = match synthesised.get(&format!("{method} {path}")) {
                    Some(&r) => Some(r),
                    None => index.synthesise(page, version, &method, &path),
                };
                if let Some(r) = route {
                    synthesised.insert(format!("{method} {path}"), r);
                    index.add_entry(r, Via::Template, path);
                }
            }
        }
        index
    }

    /// Checks every example's documented bodies against the metadata: known
    /// problems, defective examples, and the repaired reply.
    fn judge_examples(&mut self, ctx: &CheckContext) {
        use rayon::prelude::*;
        let strict = self.options.strict;
        self.routes[..self.examples].par_iter_mut().for_each(|r| {
            let Some(ex) = &r.example else { return };
            if let Some(body) = &r.body {
                r.known_problems = body_problems(ctx, ex, Side::Request, body)
                    .into_iter()
                    .map(|p| (p.pointer, p.message))
                    .collect();
            }
            let response_problems = r
                .reply
                .body
                .json
                .as_ref()
                .is_some_and(|b| !body_problems(ctx, ex, Side::Response, b).is_empty());
            let repair = super::repair::response(ctx, ex, &r.reply);
            r.defective = !r.known_problems.is_empty() || response_problems || repair.is_some();
            if !strict && let Some((codes, body)) = repair {
                r.reply.body = WireBody {
                    bytes: serde_json::to_vec_pretty(&body).unwrap_or_default(),
                    verbatim: false,
                    json: Some(body),
                    json_error: None,
                };
                r.repaired.extend(codes);
            }
            if !strict && r.reply.body.json.is_some() && r.reply.body.json_error.is_some() {
                // Served as the lenient reading: a client cannot read the
                // text as written.
                r.repaired.push(Code::BodyNotStrictJson);
            }
        });
    }

    /// A route answered from the metadata for `method` on the template
    /// `path` of `page`.
    fn synthesise(
        &mut self,
        page: &crate::contract::Page,
        version: Option<&str>,
        method: &str,
        path: &str,
    ) -> Option<usize> {
        let ctx = self.check.as_ref()?;
        let csdl = ctx.csdl(version)?;
        let types = ctx.schemas(version)?.types();
        let under_root = strip_version(path);
        let answer = super::synth::answer(csdl, types, method, under_root)?;
        let mut headers = Vec::new();
        if let Some(ct) = answer.content_type {
            headers.push(("Content-Type".to_string(), ct.to_string()));
        }
        let body = match (&answer.body, answer.bytes) {
            (Some(v), _) => WireBody {
                bytes: serde_json::to_vec_pretty(v).unwrap_or_default(),
                verbatim: true,
                json: Some(v.clone()),
                json_error: None,
            },
            (None, Some("text/plain")) => WireBody {
                bytes: b"1".to_vec(),
                verbatim: true,
                ..WireBody::default()
            },
            (None, Some(media)) => WireBody {
                bytes: super::media::placeholder_bytes(media, path),
                verbatim: true,
                ..WireBody::default()
            },
            (None, None) => WireBody::default(),
        };
        let n = self.routes.len();
        self.routes.push(Route {
            id: ExampleId::new(page.source.page.as_str(), &format!("{method} {under_root}")),
            method: method.to_string(),
            query: Vec::new(),
            params: page_params(page, version),
            body: None,
            body_type: None,
            body_print: None,
            body_bytes: false,
            reply: Reply {
                status: answer.status,
                headers,
                content_length: None,
                body,
            },
            repaired: Vec::new(),
            synthesised: true,
            example: None,
            source: page.source.clone(),
            known_problems: Vec::new(),
            defective: false,
        });
        Some(n)
    }

    fn add_entry(&mut self, route: usize, via: Via, pattern: String) {
        let (path, query) = split_target(&pattern);
        let segments = documented_segments(path);
        let options: Vec<String> = query_pairs(query, version_of(path))
            .into_iter()
            .map(|(k, _)| k)
            .filter(|k| k.starts_with('$'))
            .collect();
        let method = self.routes[route].method.clone();
        let literals = &mut self.literals;
        let mut node = self.by_method.entry(method).or_default();
        for seg in &segments {
            node = match seg {
                Seg::Lit(l) => {
                    let next = Literal::try_from(literals.len()).unwrap_or(Literal::MAX);
                    let id = *literals.entry(l.clone()).or_insert(next);
                    node.literal.entry(id).or_default()
                }
                Seg::Hole => node.hole.get_or_insert_with(Box::default),
                other => {
                    let at = match node.patterns.iter().position(|(s, _)| s == other) {
                        Some(at) => at,
                        None => {
                            node.patterns.push((other.clone(), Node::default()));
                            node.patterns.len() - 1
                        }
                    };
                    &mut node.patterns[at].1
                }
            };
        }
        // The same URL twice for one route (an example URL that is also a
        // template) is one entry.
        if node.entries.iter().any(|&e| {
            let x = &self.entries[e];
            x.route == route && x.via == via && x.options == options
        }) {
            return;
        }
        let n = self.entries.len();
        node.entries.push(n);
        self.entries.push(Entry {
            route,
            via,
            path_key: segments.iter().map(Seg::rank).collect(),
            pattern,
            segments,
            options,
        });
    }

    /// Number of documented examples served; routes from there on are
    /// answered from the metadata.
    pub fn len(&self) -> usize {
        self.examples
    }

    /// True when no example is served.
    pub fn is_empty(&self) -> bool {
        self.examples == 0
    }

    /// The served example at `route` (a position in [`Index::ids`]): its id,
    /// page and request, for reports that point at the page.
    pub fn example(&self, route: usize) -> Option<(&crate::source::SourceFile, &Example)> {
        self.routes
            .get(route)
            .and_then(|r| r.example.as_ref().map(|e| (&*r.source, e)))
    }

    /// The media type a redirect of `route` downloads: the documented
    /// `Content-Type` of the redirect, else `application/octet-stream`.
    pub fn download_type(&self, route: usize) -> Option<&str> {
        let r = self.routes.get(route)?;
        Some(
            r.reply
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                .map_or("application/octet-stream", |(_, v)| v.as_str()),
        )
    }

    /// Number of routes: the examples, then the answers from the metadata.
    pub fn route_count(&self) -> usize {
        self.routes.len()
    }

    /// What route `route` answers with.
    pub fn reply(&self, route: usize) -> Option<&Reply> {
        self.routes.get(route).map(|r| &r.reply)
    }

    /// Every served example id, in suite order.
    pub fn ids(&self) -> impl Iterator<Item = &ExampleId> {
        self.routes[..self.examples].iter().map(|r| &r.id)
    }

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
        match self.lookup("GET", &parent_target, content_type, b"") {
            Lookup::Matched {
                route,
                id,
                reply,
                answered,
                documented_query,
                protocol: None,
            } => Some(Lookup::Matched {
                route,
                id,
                reply,
                answered,
                documented_query,
                protocol: Some(kind),
            }),
            _ => None,
        }
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

    /// The first reason `r` cannot take the body sent, if any. `typed`
    /// holds the body's problems by the operation's types, worked out once
    /// per request (they depend on the URL and the body, not on which
    /// example: the Intune pages give one URL ninety examples).
    fn body_verdict(
        &self,
        r: &Route,
        method: &str,
        path: &str,
        sent: &Sent,
        typed: &Typed,
    ) -> Option<String> {
        match sent {
            Sent::None => None,
            // The documented body itself: its own problems are excused.
            Sent::Json(value) if r.body.as_ref() == Some(value) => None,
            Sent::NotJson(e) => (!r.body_bytes && !r.synthesised && r.body.is_some())
                .then(|| format!("body: not JSON ({e})")),
            // Content endpoints take any bytes of any media type; a body
            // documented as JSON does not.
            Sent::Bytes => (r.body.is_some() && !r.body_bytes)
                .then(|| "body: documented as JSON, sent as another media type".to_string()),
            Sent::Json(_) if r.body_bytes => None,
            Sent::Json(value) => self.typed_verdict(r, method, path, value, typed),
        }
    }

    /// A JSON body judged by the operation's types: the entity type created
    /// or updated, or the action's parameters, as the request's URL resolves
    /// in the metadata. Without a type, by the names the example documents.
    fn typed_verdict(
        &self,
        r: &Route,
        method: &str,
        path: &str,
        value: &Value,
        typed: &Typed,
    ) -> Option<String> {
        let version = Some(version_of(path)).filter(|v| !v.is_empty());
        let problems = |value: &Value| {
            self.check
                .as_ref()
                .and_then(|ctx| request_problems(ctx, version, method, strip_version(path), value))
        };
        let first_new = |problems: &[BodyProblem]| {
            problems
                .iter()
                .find(|p| {
                    !r.known_problems
                        .iter()
                        .any(|(ptr, msg)| *ptr == p.pointer && *msg == p.message)
                })
                .map(|p| {
                    let at = if p.pointer.is_empty() {
                        "/"
                    } else {
                        p.pointer.as_str()
                    };
                    format!("body {at}: {}", p.message)
                })
        };
        match typed.get_or_init(|| problems(value)) {
            Some(found) => {
                let verdict = first_new(found)?;
                // Names in another case than the example's (`Color`) are
                // the example's names: judged again under them.
                match &r.body {
                    Some(d) => {
                        let renamed = renamed_as_documented(d, value);
                        if renamed == *value {
                            return Some(verdict);
                        }
                        problems(&renamed).and_then(|p| first_new(&p))
                    }
                    None => Some(verdict),
                }
            }
            None => r.body.as_ref().and_then(|d| names_difference(d, value, "")),
        }
    }

    /// The slow path, for requests that matched nothing: the documented
    /// URLs of the same method first (any method when none comes close), each
    /// measured by how far the request gets before it differs.
    fn closest(
        &self,
        method: &str,
        segments: &[ReqSeg],
        query: &[(String, String)],
        path: &str,
        sent: &Sent,
        typed: &Typed,
    ) -> Mismatch {
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
                Mismatch {
                    closest: Some(r.id.as_str().to_string()),
                    reason,
                }
            }
            None => Mismatch {
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
    fn why(&self, other: &Key<'_>) -> String {
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

/// Segment `n` of a documented path as written (for messages).
fn raw_segment(pattern: &str, n: usize) -> Option<String> {
    split_target(pattern)
        .0
        .trim_start_matches('/')
        .split('/')
        .nth(n)
        .map(str::to_string)
}

/// Non-system query parameter names of the page's templates, lowercased.
fn page_params(page: &crate::contract::Page, version: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = page
        .templates
        .iter()
        .flat_map(|t| {
            let (_, q) = split_target(&t.url);
            documented_query(q, version.unwrap_or(""))
                .into_iter()
                .filter(|(k, _)| !k.starts_with('$'))
                .map(|(k, _)| k)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Where a documented redirect to a download host points instead: this
/// server, which answers with placeholder bytes (see [`CONTENT_PATH`]).
pub const CONTENT_PATH: &str = "/_mdcontract/content/";

/// A documented binary answer made servable: placeholder text (`Binary data
/// for the image`) or no body for a media type becomes deterministic bytes
/// of that type; a redirect to another host (a download URL) points back at
/// this server's [`CONTENT_PATH`], so that a client following it gets bytes
/// and never leaves the machine.
fn served_media(reply: &mut Reply, seed: &str, route: usize) {
    let header = |name: &str| {
        reply
            .headers
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    if (300..400).contains(&reply.status) {
        if let Some(at) = header("location") {
            let location = &reply.headers[at].1;
            let external = location.contains("://")
                && !location
                    .to_ascii_lowercase()
                    .contains("://graph.microsoft.com");
            if external {
                reply.headers[at].1 = format!("{CONTENT_PATH}{route}");
            }
        }
        return;
    }
    if !(200..300).contains(&reply.status) || matches!(reply.status, 202 | 204) {
        return;
    }
    if reply.body.json.is_some() || reply.body.json_error.is_some() {
        return;
    }
    let Some(at) = header("content-type") else {
        return;
    };
    let content_type = reply.headers[at].1.clone();
    let text = String::from_utf8_lossy(&reply.body.bytes);
    if super::media::is_placeholder_text(&text, &content_type) {
        reply.body.bytes = super::media::placeholder_bytes(&content_type, seed);
    }
}

/// The operations a resource page lists in its methods table
/// (`| [Upload content](../api/driveitem-put-content.md) | `PUT /drive/items/{item-id}/content` |`):
/// templates of an operation whose own page may be missing.
fn table_templates(page: &crate::contract::Page) -> Vec<(String, String)> {
    if !page.source.page.contains("resources/") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for line in page.source.text.lines() {
        if !line.trim_start().starts_with('|') {
            continue;
        }
        for (i, cell) in line.split('`').enumerate() {
            if i % 2 == 0 {
                continue;
            }
            let Some((method, url)) = cell.trim().split_once(' ') else {
                continue;
            };
            let url = url.trim();
            if matches!(method, "GET" | "POST" | "PATCH" | "PUT" | "DELETE")
                && url.starts_with('/')
                && !url.contains(' ')
            {
                out.push((method.to_string(), url.to_string()));
            }
        }
    }
    out
}

/// A template URL as a path under `/{version}`, or `None` for one that is
/// not a Graph path (another host).
fn template_path(url: &str, version: Option<&str>) -> Option<String> {
    let (origin, path) = crate::replay::prepare::service_path(url, version).ok()?;
    if origin != Origin::Graph {
        return None;
    }
    Some(crate::graph::path::template_url(&path))
}

/// `/v1.0/users/x` → `/users/x`.
fn strip_version(path: &str) -> &str {
    let rest = path.trim_start_matches('/');
    match rest.split_once('/') {
        Some((first, tail)) if crate::graph::is_version(first) => {
            &path[path.len() - tail.len() - 1..]
        }
        _ => path,
    }
}

/// What was sent, by its `Content-Type`: JSON for a JSON media type (or
/// none, when the bytes look like JSON), else bytes of another media type.
fn sent_body(content_type: Option<&str>, body: &[u8]) -> Sent {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Sent::None;
    }
    let json_type = content_type.map(|ct| {
        let ct = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        ct == "application/json" || ct.ends_with("+json") || ct == "text/json"
    });
    let looks_json = || {
        body.iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| matches!(b, b'{' | b'['))
    };
    match json_type {
        Some(false) => Sent::Bytes,
        None if !looks_json() => Sent::Bytes,
        _ => match serde_json::from_slice::<Value>(body) {
            Ok(v) => Sent::Json(v),
            Err(e) => Sent::NotJson(e.to_string()),
        },
    }
}

/// Query parameters `r` does not take. System query options are taken by
/// every operation (Graph accepts them on any resource; they shape the
/// answer); other parameters must be documented for the operation.
fn query_difference(r: &Route, sent: &[(String, String)]) -> Option<String> {
    for (k, _) in sent {
        if k.starts_with('$') || k.starts_with('@') {
            continue;
        }
        if !r.params.iter().any(|p| p == k) {
            return Some(format!(
                "query parameter {k}: not documented for this operation (OData system query options are taken everywhere)"
            ));
        }
    }
    None
}

/// Names the sent object has that the documented one does not (compared
/// case-insensitively; `@odata.*` annotations allowed), when no type can be
/// told for the body. Values are not compared: an example's values are one
/// instance, not the contract.
fn names_difference(d: &Value, s: &Value, pointer: &str) -> Option<String> {
    let (Value::Object(d), Value::Object(s)) = (d, s) else {
        return None;
    };
    for (k, sv) in s {
        if k.contains('@') {
            continue;
        }
        match d.iter().find(|(dk, _)| dk.eq_ignore_ascii_case(k)) {
            None => return Some(format!("body {pointer}/{k}: not documented")),
            Some((_, dv)) => {
                if let Some(diff) = names_difference(dv, sv, &format!("{pointer}/{k}")) {
                    return Some(diff);
                }
            }
        }
    }
    None
}

/// A JSON body's fingerprint: a hash of the whole value (object members in
/// any order) and the sorted hashes of its top-level names (annotations
/// aside). Worked out once per documented body and once per request, so
/// that ranking many examples of one operation compares numbers, not trees.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Print {
    value: u64,
    names: Box<[u64]>,
}

impl Print {
    fn of(v: &Value) -> Print {
        let mut names: Vec<u64> = match v {
            Value::Object(m) => m
                .keys()
                .filter(|k| !k.contains('@'))
                .map(|k| hash_of(k.as_bytes()))
                .collect(),
            _ => Vec::new(),
        };
        names.sort_unstable();
        Print {
            value: value_hash(v),
            names: names.into(),
        }
    }

    /// How many top-level names one body has that the other lacks.
    fn names_distance(&self, other: &Print) -> usize {
        let (a, b) = (&self.names, &other.names);
        let (mut i, mut j, mut shared) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        a.len() + b.len() - 2 * shared
    }
}

/// FNV-1a: small, fast, and stable for the fingerprints of one run.
fn hash_of(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A hash of a JSON value in which object members commute.
fn value_hash(v: &Value) -> u64 {
    match v {
        Value::Null => 1,
        Value::Bool(b) => 2 + u64::from(*b),
        Value::Number(n) => hash_of(n.to_string().as_bytes()) ^ 4,
        Value::String(s) => hash_of(s.as_bytes()) ^ 5,
        Value::Array(items) => items.iter().fold(6u64, |h, i| {
            (h ^ value_hash(i)).wrapping_mul(0x0100_0000_01b3)
        }),
        Value::Object(m) => m.iter().fold(7u64, |h, (k, v)| {
            h.wrapping_add(hash_of(k.as_bytes()).wrapping_mul(31) ^ value_hash(v))
        }),
    }
}

/// `value` with its object names spelled as in `documented` where they
/// differ only in case, so the type check sees the documented names.
fn renamed_as_documented(documented: &Value, value: &Value) -> Value {
    match (documented, value) {
        (Value::Object(d), Value::Object(v)) => Value::Object(
            v.iter()
                .map(
                    |(k, vv)| match d.iter().find(|(dk, _)| dk.eq_ignore_ascii_case(k)) {
                        Some((dk, dv)) => (dk.clone(), renamed_as_documented(dv, vv)),
                        None => (k.clone(), vv.clone()),
                    },
                )
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// Top-level names the sent body shares with the documented one (at most 99).
fn shared_names(documented: Option<&Value>, sent: &Sent) -> usize {
    match (documented, sent) {
        (Some(Value::Object(d)), Sent::Json(Value::Object(s))) => s
            .keys()
            .filter(|k| d.keys().any(|dk| dk.eq_ignore_ascii_case(k)))
            .count()
            .min(99),
        _ => 0,
    }
}

fn split_target(target: &str) -> (&str, &str) {
    let target = target.split('#').next().unwrap_or("");
    target.split_once('?').unwrap_or((target, ""))
}

/// The documented query: system options by canonical name, other names
/// lowercased; `{placeholder}` values as `None`.
fn documented_query(query: &str, version: &str) -> Vec<(String, Option<String>)> {
    query_pairs(query, version)
        .into_iter()
        .map(|(k, v)| {
            let v = if v.contains('{') || v.contains('<') {
                None
            } else {
                Some(v)
            };
            (k, v)
        })
        .collect()
}

/// Decoded query pairs (`+` is a space): system options by canonical name
/// (`$Top` → `$top`; on beta, where the `$` is optional, `top` too), other
/// names lowercased; sorted, without duplicates.
pub fn query_pairs(query: &str, version: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let decode = |s: &str| {
                percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            let k = decode(k);
            let k = match system_option(&k, version) {
                Some(canonical) => canonical.to_string(),
                None => k.to_ascii_lowercase(),
            };
            (k, decode(v))
        })
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs")
    }

    fn specs_index() -> Index {
        Index::new(&crate::suite::load_paths(&[specs()]).expect("specs load"))
    }

    fn matched(index: &Index, method: &str, target: &str, body: &str) -> Result<String, String> {
        match index.lookup(method, target, Some("application/json"), body.as_bytes()) {
            Lookup::Matched { id, .. } => Ok(id.as_str().to_string()),
            Lookup::Unmatched(m) => Err(m.reason),
        }
    }

    #[test]
    fn lookup_decodes_segments_and_fills_placeholders() {
        let index = specs_index();
        // `%43` is `C`; the documented ids are `{placeholders}`: the path
        // matches, and the body is what differs.
        assert_eq!(
            matched(
                &index,
                "PATCH",
                "/beta/widget%43atalog/widgets/any-id/assignments/other-id",
                r##"{"target": {"@odata.type": "#x", "targetLabel": "a", "colour": 1}}"##
            ),
            Err("body /target/colour: not documented".to_string())
        );
        assert_eq!(
            matched(
                &index,
                "DELETE",
                "/v1.0/widgetCatalog/widgets/b7d81e04-3c5a-4f29-a6e1-92c40fd8e7a3",
                ""
            ),
            Ok("v1.0/api/widget-delete#delete_widget".to_string())
        );
        assert_eq!(
            matched(
                &index,
                "PUT",
                "/v1.0/widgetCatalog/widgets/b7d81e04-3c5a-4f29-a6e1-92c40fd8e7a3",
                ""
            ),
            Err("method: expected DELETE, got PUT".to_string())
        );
    }

    fn page(name: &str, text: &str) -> crate::contract::Page {
        crate::contract::extract_page(Arc::new(crate::source::SourceFile::new(
            format!("{name}.md").into(),
            name.to_string(),
            text.as_bytes().to_vec(),
        )))
    }

    fn example(name: &str, request: &str, status: &str) -> String {
        format!(
            "<!-- {{\"blockType\": \"request\", \"name\": \"{name}\"}} -->\n```http\n{request}\n```\n\
             <!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 {status}\n```\n\n"
        )
    }

    fn template(lines: &str) -> String {
        format!(
            "## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{lines}\n```\n\n"
        )
    }

    #[test]
    fn a_literal_segment_answers_before_a_placeholder_whatever_the_page_order() {
        // `a-page` documents `/users/{id}` and comes first; `/users/delta`
        // is still answered by the page that documents it literally.
        let suite = Suite {
            pages: vec![
                page(
                    "v1.0/api/a-user-get",
                    &example(
                        "get",
                        "GET https://graph.microsoft.com/v1.0/users/{id}",
                        "200 OK",
                    ),
                ),
                page(
                    "v1.0/api/b-user-delta",
                    &example(
                        "delta",
                        "GET https://graph.microsoft.com/v1.0/users/delta",
                        "204 No Content",
                    ),
                ),
            ],
        };
        let index = Index::new(&suite);
        assert_eq!(
            matched(&index, "GET", "/v1.0/users/delta()", ""),
            Ok("v1.0/api/b-user-delta#delta".to_string())
        );
        assert_eq!(
            matched(&index, "GET", "/v1.0/users/42", ""),
            Ok("v1.0/api/a-user-get#get".to_string())
        );
    }

    #[test]
    fn every_template_of_the_http_request_block_leads_to_the_pages_examples() {
        let text = format!(
            "{}{}",
            template(
                "GET /me/drive/items/{item-id}\nGET /drives/{drive-id}/items/{item-id}\nGET /me/drive/root:/{item-path}\nGET /sites/{site-id}/drive/items/{item-id}"
            ),
            example("get_item", "GET /me/drive/items/0123", "200 OK")
        );
        let suite = Suite {
            pages: vec![page("v1.0/api/driveitem-get", &text)],
        };
        let index = Index::new(&suite);
        for url in [
            "/v1.0/me/drive/items/0123",
            "/v1.0/drives/b!abc/items/01XYZ",
            "/v1.0/me/drive/root:/FolderA/FileB.txt",
            "/v1.0/Sites/contoso/drive/items/9",
        ] {
            match index.lookup("GET", url, None, b"") {
                Lookup::Matched { id, answered, .. } => {
                    assert_eq!(id.as_str(), "v1.0/api/driveitem-get#get_item", "{url}");
                    let via = if url.ends_with("0123") {
                        Via::Example
                    } else {
                        Via::Template
                    };
                    assert_eq!(answered.via, via, "{url}");
                }
                Lookup::Unmatched(m) => panic!("{url}: {}", m.reason),
            }
        }
        assert!(matches!(
            index.lookup("GET", "/v1.0/drives/b!abc/items", None, b""),
            Lookup::Unmatched(_)
        ));
    }

    #[test]
    fn the_page_that_lists_the_url_answers_over_one_that_only_matches() {
        // `a-wrapper` sorts first and its example matches `/users/{id}`,
        // but only `b-user-get` lists `/users/{id}` among its templates.
        let listed = format!(
            "{}{}",
            template("GET /users/{id | userPrincipalName}\nGET /me"),
            example("get_user", "GET /v1.0/me", "200 OK")
        );
        let suite = Suite {
            pages: vec![
                page(
                    "v1.0/api/a-wrapper",
                    &example("odd", "GET /v1.0/users/{id}", "200 OK"),
                ),
                page("v1.0/api/b-user-get", &listed),
            ],
        };
        let index = Index::new(&suite);
        match index.lookup("GET", "/v1.0/users/87d349ed-44d7", None, b"") {
            Lookup::Matched { id, answered, .. } => {
                assert_eq!(id.as_str(), "v1.0/api/b-user-get#get_user");
                assert_eq!(
                    answered.why,
                    "its page lists this URL in its HTTP request block"
                );
            }
            Lookup::Unmatched(m) => panic!("{}", m.reason),
        }
    }

    #[test]
    fn system_query_options_are_taken_and_other_parameters_must_be_documented() {
        let text = format!(
            "{}{}",
            template("GET /me/calendarView?startDateTime={start}&endDateTime={end}"),
            example(
                "view",
                "GET /v1.0/me/calendarView?startDateTime=2021-01-01&endDateTime=2021-01-02",
                "200 OK"
            )
        );
        let suite = Suite {
            pages: vec![page("v1.0/api/user-list-calendarview", &text)],
        };
        let index = Index::new(&suite);
        for url in [
            "/v1.0/me/calendarView?startDateTime=2020-01-01&endDateTime=2020-02-01&$select=subject&$top=5",
            "/v1.0/me/calendarView?StartDateTime=2020-01-01&endDateTime=2020-02-01&$Select=subject",
            "/v1.0/me/calendarView?%24count=true&%24filter=a%20eq%20b",
        ] {
            assert_eq!(
                matched(&index, "GET", url, ""),
                Ok("v1.0/api/user-list-calendarview#view".to_string()),
                "{url}"
            );
        }
        let refused = matched(&index, "GET", "/v1.0/me/calendarView?color=red", "");
        assert!(
            refused
                .as_ref()
                .is_err_and(|r| r.starts_with("query parameter color: not documented")),
            "{refused:?}"
        );
    }

    #[test]
    fn a_clean_example_answers_before_a_defective_one_for_the_same_request() {
        // The checks page documents the same GET as widget-get, with a
        // misspelt property in its response, and sorts first: with a check
        // context the clean widget-get answers.
        let suite = crate::suite::load_paths(&[specs()]).expect("specs load");
        let target = "/v1.0/widgetCatalog/widgets/5f3c2a7e-91b4-4d0e-8c62-0a9e7d41b3f5";
        let bare = Index::new(&suite);
        let first = matched(&bare, "GET", target, "").expect("documented");
        assert!(first.starts_with("v1.0/api/widget-checks#"), "{first}");
        let checked =
            Index::with_check(&suite, Arc::new(specs_context(&suite)), Options::default());
        assert_eq!(
            matched(&checked, "GET", target, ""),
            Ok("v1.0/api/widget-get#get_widget".to_string())
        );
    }

    /// specs/ indexed with its own metadata.
    fn checked_specs_index() -> Index {
        let suite = crate::suite::load_paths(&[specs()]).expect("specs load");
        Index::with_check(&suite, Arc::new(specs_context(&suite)), Options::default())
    }

    fn specs_context(suite: &Suite) -> CheckContext {
        let mut config = crate::config::Config::default();
        config.merge_cli(
            ["v1.0", "beta"]
                .map(|v| {
                    (
                        Some(v.to_string()),
                        specs().join(format!("metadata/{v}.csdl.xml")),
                    )
                })
                .to_vec(),
            Vec::new(),
        );
        crate::runner::check_context(&config, suite).expect("metadata")
    }

    #[test]
    fn request_bodies_are_judged_by_type_not_by_the_examples_values() {
        let index = checked_specs_index();
        let target = "/v1.0/widgetCatalog/widgets/5f3c2a7e-91b4-4d0e-8c62-0a9e7d41b3f5";
        // A subset of the properties, other values, and the SDK's
        // `@odata.type`: valid for `widget`.
        assert!(
            matched(
                &index,
                "PATCH",
                target,
                r##"{"@odata.type": "#microsoft.graph.widget", "color": "blue"}"##
            )
            .is_ok()
        );
        // A number where the type says string.
        let wrong = matched(&index, "PATCH", target, r#"{"displayName": 7}"#);
        assert!(
            wrong
                .as_ref()
                .is_err_and(|r| r.starts_with("body /displayName")),
            "{wrong:?}"
        );
    }

    #[test]
    fn non_json_bodies_go_to_operations_that_take_bytes() {
        let text = format!(
            "{}<!-- {{\"blockType\": \"request\", \"name\": \"upload\"}} -->\n```http\nPUT /v1.0/me/drive/items/{{parent-id}}:/{{filename}}:/content\nContent-Type: text/plain\n\nThe contents of the file goes here.\n```\n\
             <!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 201 Created\n```\n\n",
            template(
                "PUT /me/drive/items/{parent-id}:/{filename}:/content\nPUT /me/drive/root:/{item-path}:/content"
            )
        );
        let suite = Suite {
            pages: vec![page("v1.0/api/driveitem-put-content", &text)],
        };
        let index = Index::new(&suite);
        for ct in [Some("text/plain"), Some("application/octet-stream"), None] {
            assert!(
                matches!(
                    index.lookup(
                        "PUT",
                        "/v1.0/me/drive/root:/FolderA/FileB.txt:/content",
                        ct,
                        b"\x00\x01binary"
                    ),
                    Lookup::Matched { .. }
                ),
                "{ct:?}"
            );
        }
    }

    #[test]
    fn query_pairs_are_decoded_sorted_and_case_folded() {
        assert_eq!(
            query_pairs("$Top=2&%24select=id%2Cname&Filter=x", "beta"),
            vec![
                ("$filter".to_string(), "x".to_string()),
                ("$select".to_string(), "id,name".to_string()),
                ("$top".to_string(), "2".to_string())
            ]
        );
        // v1.0 wants the `$`: a bare `filter` is an ordinary parameter.
        assert_eq!(
            query_pairs("Filter=x", "v1.0"),
            vec![("filter".to_string(), "x".to_string())]
        );
    }

    #[test]
    fn names_are_compared_without_values_and_case_insensitively() {
        let d = serde_json::json!({"message": {"subject": "x"}, "saveToSentItems": "false"});
        let s = serde_json::json!({"Message": {"subject": 1, "@odata.type": "#m"}, "SaveToSentItems": true});
        assert_eq!(names_difference(&d, &s, ""), None);
        let s = serde_json::json!({"message": {"subjekt": "y"}});
        assert_eq!(
            names_difference(&d, &s, "").as_deref(),
            Some("body /message/subjekt: not documented")
        );
    }

    #[test]
    fn versions_are_stripped() {
        assert_eq!(strip_version("/v1.0/users/x"), "/users/x");
        assert_eq!(strip_version("/beta/me"), "/me");
        assert_eq!(strip_version("/me"), "/me");
    }
}
