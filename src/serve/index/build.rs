//! Building the index: every example of the suite a route, every URL the
//! docs give for it (the example's own, its page's templates and methods
//! table) an entry of the trie; the examples judged against the metadata,
//! and operations without an example answered from it.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::model::{Entry, Index, Literal, Node, Options, Route, Via};
use super::print::Print;
use super::query::{documented_query, query_pairs, split_target, strip_version};
use crate::checks::{CheckContext, Side, body_problems};
use crate::contract::ExampleId;
use crate::graph::path::{Seg, documented_segments};
use crate::graph::version_of;
use crate::outcome::Code;
use crate::replay::prepare::{Origin, Prepared, Reply, WireBody};
use crate::suite::Suite;

impl Index {
    pub(super) fn build(suite: &Suite, check: Option<Arc<CheckContext>>, options: Options) -> Self {
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
            let repair = crate::serve::repair::response(ctx, ex, &r.reply);
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
        let answer = crate::serve::synth::answer(csdl, types, method, under_root)?;
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
                bytes: crate::serve::media::placeholder_bytes(media, path),
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
    if crate::serve::media::is_placeholder_text(&text, &content_type) {
        reply.body.bytes = crate::serve::media::placeholder_bytes(&content_type, seed);
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
