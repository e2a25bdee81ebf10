//! The index's types: the routes and the documented URLs that lead to
//! them (a trie per method), what a lookup finds, and why a request
//! matched none; with the accessors the server and the reports use.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use crate::checks::{BodyProblem, CheckContext};
use crate::contract::{Example, ExampleId};
use crate::graph::path::Seg;
use crate::outcome::Code;
use crate::replay::prepare::Reply;
use crate::suite::Suite;

use super::print::Print;

/// One answer: a documented example, or an operation answered from the
/// metadata.
#[derive(Debug)]
pub(super) struct Route {
    pub(super) id: ExampleId,
    pub(super) method: String,
    /// Documented query pairs: system options by canonical name, other
    /// names lowercased; `None` for a `{placeholder}` value.
    pub(super) query: Vec<(String, Option<String>)>,
    /// Names of the non-system query parameters this operation documents
    /// (its example's and its page's templates'), lowercased.
    pub(super) params: Vec<String>,
    /// The documented request body, when it is JSON that could be read
    /// (the example's parsed value, shared).
    pub(super) body: Option<Arc<Value>>,
    /// The documented body's top-level `@odata.type`.
    pub(super) body_type: Option<String>,
    /// Its shape, to rank bodies without walking them per request.
    pub(super) body_print: Option<Print>,
    /// The documented request body is not JSON (file content, text).
    pub(super) body_bytes: bool,
    /// What is served: the documented reply, repaired unless `--strict`.
    pub(super) reply: Reply,
    /// Codes of the doc defects repaired in [`Route::reply`].
    pub(super) repaired: Vec<Code>,
    pub(super) synthesised: bool,
    /// The documented example; `None` for an answer from the metadata. An
    /// index loaded for serving ([`Index::load`]) keeps it without its
    /// bodies, and only until it is judged.
    pub(super) example: Option<Box<Example>>,
    /// The example's page; `None` for an answer from the metadata, and in
    /// an index loaded for serving.
    pub(super) source: Option<crate::source::Source>,
    /// Schema problems of the documented body itself (pointer, message):
    /// a client that sends what the docs show is not blamed for them.
    pub(super) known_problems: Vec<(String, String)>,
    /// The documented request or response body breaks its schema: when
    /// another example documents the same request, that one answers.
    pub(super) defective: bool,
}

/// One documented URL that leads to a route.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) route: usize,
    pub(super) via: Via,
    /// The URL as documented, placeholders kept.
    pub(super) pattern: String,
    pub(super) segments: Vec<Seg>,
    /// The system query options the documented URL names
    /// (`/me/mailFolders?$filter=singleValueExtendedProperties/…`): the URL
    /// documents that variant of the path, and lists a request for the
    /// path only when the request sends them too.
    pub(super) options: Vec<String>,
    /// Rank of each segment (see [`Seg::rank`]): compared lexicographically,
    /// a literal where another has a placeholder sorts first.
    pub(super) path_key: Box<[u8]>,
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
pub(super) type Literal = u32;

/// A node of the trie of documented paths (one per method).
#[derive(Debug, Default)]
pub(super) struct Node {
    pub(super) literal: HashMap<Literal, Node, foldhash::fast::FixedState>,
    pub(super) hole: Option<Box<Node>>,
    pub(super) patterns: Vec<(Seg, Node)>,
    /// The entries whose documented path ends here.
    pub(super) entries: Vec<usize>,
    /// The first entry (the lowest number) whose path passes through here:
    /// the closest example to a request that gets this far and no further.
    pub(super) first: Option<usize>,
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
    pub(super) routes: Vec<Route>,
    /// Routes below this are examples; the others are synthesised.
    pub(super) examples: usize,
    pub(super) entries: Vec<Entry>,
    pub(super) by_method: HashMap<String, Node>,
    /// Every literal segment of the trie, numbered.
    pub(super) literals: HashMap<String, Literal, foldhash::fast::FixedState>,
    pub(super) check: Option<Arc<CheckContext>>,
    pub(super) options: Options,
}

/// A request that matched no example: the closest example, and why that
/// one does not take it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Miss {
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
    pub fn into_line(self, protocol: Option<Protocol>) -> crate::serve::journal::AnswerLine<'a> {
        crate::serve::journal::AnswerLine {
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
    pub fn to_answer(&self, protocol: Option<Protocol>) -> crate::serve::Answer {
        crate::serve::Answer {
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
    Unmatched(Miss),
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
pub(super) type Typed = std::cell::OnceCell<Option<Vec<BodyProblem>>>;

/// A request body as received.
#[derive(Debug)]
pub(super) enum Sent {
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
    /// page and request, for reports that point at the page. `None` in an
    /// index loaded for serving ([`Index::load`]), which keeps no page.
    pub fn example(&self, route: usize) -> Option<(&crate::source::SourceFile, &Example)> {
        self.routes
            .get(route)
            .and_then(|r| Some((&**r.source.as_ref()?, &**r.example.as_ref()?)))
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
}
