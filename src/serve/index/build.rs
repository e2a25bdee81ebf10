//! Building the index: every example of the suite a route, every URL the
//! docs give for it (the example's own, its page's templates and methods
//! table) an entry of the trie; the examples judged against the metadata,
//! and operations without an example answered from it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::model::{Entry, Index, Literal, Node, Options, Route, Via};
use super::page::ServedPage;
use super::query::{query_pairs, split_target, strip_version};
use crate::checks::{CheckContext, Side, body_problems};
use crate::config::Config;
use crate::contract::{ExampleId, Page};
use crate::graph::path::{Seg, documented_segments};
use crate::graph::version_of;
use crate::outcome::Code;
use crate::replay::prepare::{Origin, Reply, WireBody};
use crate::suite::Suite;

/// An index being built: the example routes of the pages as they come, in
/// page order; then [`Building::finish`] judges them against the metadata
/// and adds the pages' templates.
pub(super) struct Building {
    index: Index,
    /// Per page with templates: its key, templates and query parameters,
    /// and its example routes.
    pages: Vec<Templates>,
    /// What is kept of the examples once judged.
    keep: Keep,
}

/// What an index keeps of its examples once they are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    /// The examples and their pages, for reports ([`Index::new`]).
    Examples,
    /// What is served, not the examples ([`Index::load`]).
    Replies,
    /// What requests are matched and judged by: not the examples, and of
    /// the replies only their status ([`Index::load_for_verdict`]).
    Verdict,
}

/// What the templates of a page lead to, kept until the index is finished.
struct Templates {
    page: String,
    templates: Vec<(String, String)>,
    params: Vec<String>,
    routes: Vec<usize>,
}

impl Building {
    pub(super) fn new(options: Options, keep: Keep) -> Self {
        Building {
            index: Index {
                options,
                ..Index::default()
            },
            pages: Vec::new(),
            keep,
        }
    }

    /// Adds the example routes of the next page.
    pub(super) fn push(&mut self, page: ServedPage) {
        let index = &mut self.index;
        let mut mine = Vec::with_capacity(page.routes.len());
        for (mut route, path) in page.routes {
            let n = index.routes.len();
            served_media(&mut route.reply, route.id.as_str(), n);
            index.routes.push(route);
            index.add_entry(n, Via::Example, path);
            mine.push(n);
        }
        if !page.templates.is_empty() {
            self.pages.push(Templates {
                page: page.page,
                templates: page.templates,
                params: page.params,
                routes: mine,
            });
        }
    }

    /// The index: the examples judged by `check`, then every template of a
    /// page leading to the page's examples of its method, or to an answer
    /// from the metadata.
    pub(super) fn finish(self, check: Option<Arc<CheckContext>>) -> Index {
        let Building {
            mut index,
            pages,
            keep,
        } = self;
        index.check = check;
        index.examples = index.routes.len();
        if let Some(ctx) = index.check.clone() {
            index.judge_examples(&ctx, keep);
        }
        if keep != Keep::Examples {
            for r in &mut index.routes {
                r.example = None;
            }
        }
        for page in pages {
            let version = crate::contract::folder_version(&page.page);
            let mut synthesised: HashMap<String, usize> = HashMap::new();
            for (method, url) in page.templates {
                let Some(path) = template_path(&url, version) else {
                    continue;
                };
                let same: Vec<usize> = page
                    .routes
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
                    None => index.synthesise(&page.page, &page.params, version, &method, &path),
                };
                if let Some(r) = route {
                    synthesised.insert(format!("{method} {path}"), r);
                    index.add_entry(r, Via::Template, path);
                }
            }
        }
        index
    }
}

impl Index {
    pub(super) fn build(suite: &Suite, check: Option<Arc<CheckContext>>, options: Options) -> Self {
        let mut building = Building::new(options, Keep::Examples);
        for page in &suite.pages {
            building.push(ServedPage::borrowed(page));
        }
        building.finish(check)
    }

    /// Indexes the pages of `paths` as [`Index::with_check`] indexes their
    /// suite with the check context of `config`, which is built as the
    /// runner builds it: the same routes, judged alike. The pages stream
    /// through extraction a few hundred at a time, each reduced to what the
    /// index keeps ([`ServedPage`]) where it was extracted; the metadata is
    /// read meanwhile. Memory holds the index, not the suite: the index
    /// keeps no page text and drops the examples once judged, so that
    /// [`Index::example`] answers `None`; what is served and how requests
    /// are matched is the same.
    pub fn load(
        config: &Config,
        paths: &[PathBuf],
        options: Options,
    ) -> Result<Self, crate::runner::LoadError> {
        Self::load_keeping(config, paths, options, Keep::Replies, |_| (), |()| {})
    }

    /// [`Index::load`] for judging requests, not for serving: each reply's
    /// body goes once its example is judged (the status stays, which ranks
    /// the examples), so that [`Index::reply`] has no body. `note` takes
    /// what else the caller needs of each page (on the thread that
    /// extracted it, before the page is reduced and dropped) and `noted`
    /// gets it in page order, so that the caller need not read the pages
    /// again.
    pub fn load_for_verdict<T: Send>(
        config: &Config,
        paths: &[PathBuf],
        options: Options,
        note: impl Fn(&Page) -> T + Sync,
        noted: impl FnMut(T) + Send,
    ) -> Result<Self, crate::runner::LoadError> {
        Self::load_keeping(config, paths, options, Keep::Verdict, note, noted)
    }

    fn load_keeping<T: Send>(
        config: &Config,
        paths: &[PathBuf],
        options: Options,
        keep: Keep,
        note: impl Fn(&Page) -> T + Sync,
        mut noted: impl FnMut(T) + Send,
    ) -> Result<Self, crate::runner::LoadError> {
        let mut building = Building::new(options, keep);
        let ctx = crate::runner::stream_checked(
            config,
            paths,
            |page| (note(&page), ServedPage::serving(page)),
            |(t, page)| {
                noted(t);
                building.push(page);
            },
        )?;
        Ok(building.finish(Some(Arc::new(ctx))))
    }

    /// Checks every example's documented bodies against the metadata: known
    /// problems, defective examples, and the repaired reply (for
    /// [`Keep::Verdict`], the reply's body then goes, and the example with
    /// it).
    fn judge_examples(&mut self, ctx: &CheckContext, keep: Keep) {
        use rayon::prelude::*;
        let strict = self.options.strict;
        self.routes[..self.examples].par_iter_mut().for_each(|r| {
            let Some(ex) = r.example.as_deref() else {
                return;
            };
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
            let repair = crate::serve::repair::response(ctx, ex, &r.reply);
            r.defective = !r.known_problems.is_empty() || response_problems || repair.is_some();
            if !strict && let Some((codes, body)) = repair {
                r.reply.body = WireBody {
                    bytes: serde_json::to_vec_pretty(&body).unwrap_or_default(),
                    verbatim: false,
                    json: Some(Arc::new(body)),
                    json_error: None,
                };
                r.repaired.extend(codes);
            }
            if !strict && r.reply.body.json.is_some() && r.reply.body.json_error.is_some() {
                // Served as the lenient reading: a client cannot read the
                // text as written.
                r.repaired.push(Code::BodyNotStrictJson);
            }
            if keep == Keep::Verdict {
                r.reply.body = WireBody::default();
                r.example = None;
            }
        });
    }

    /// A route answered from the metadata for `method` on the template
    /// `path` of the page `page` (whose templates name `params`).
    fn synthesise(
        &mut self,
        page: &str,
        params: &[String],
        version: Option<&str>,
        method: &str,
        path: &str,
    ) -> Option<usize> {
        let ctx = self.check.as_ref()?;
        let csdl = ctx.csdl(version)?;
        let types = ctx.schemas(version)?.types();
        let under_root = strip_version(path);
        let answer = crate::serve::synth::answer(csdl, types, method, under_root)?;
        let mut headers = Vec::new();
        if let Some(ct) = answer.content_type {
            headers.push(("Content-Type".to_string(), ct.to_string()));
        }
        let body = match (&answer.body, answer.bytes) {
            (Some(v), _) => WireBody {
                bytes: serde_json::to_vec_pretty(v).unwrap_or_default(),
                verbatim: true,
                json: Some(Arc::new(v.clone())),
                json_error: None,
            },
            (None, Some("text/plain")) => WireBody {
                bytes: b"1".to_vec(),
                verbatim: true,
                ..WireBody::default()
            },
            (None, Some(media)) => WireBody {
                bytes: crate::serve::media::placeholder_bytes(media, path),
                verbatim: true,
                ..WireBody::default()
            },
            (None, None) => WireBody::default(),
        };
        let n = self.routes.len();
        self.routes.push(Route {
            id: ExampleId::new(page, &format!("{method} {under_root}")),
            method: method.to_string(),
            query: Vec::new(),
            params: params.to_vec(),
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
            source: None,
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
        // Entries are numbered in order, so the first to pass a node is
        // the lowest under it (a duplicate below passes only nodes that
        // already have one).
        let number = self.entries.len();
        let mut node = self.by_method.entry(method).or_default();
        node.first.get_or_insert(number);
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
            node.first.get_or_insert(number);
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
    if crate::serve::media::is_placeholder_text(&text, &content_type) {
        reply.body.bytes = crate::serve::media::placeholder_bytes(&content_type, seed);
    }
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
