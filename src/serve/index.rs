//! The route index: every served example under method + path-template trie.
//!
//! Built once. A lookup walks the trie by decoded path segments (a literal
//! child, then the `{placeholder}` child), so only the examples with the same
//! method and a compatible path are looked at; these are then filtered by
//! query set and JSON body. Pure: no network.

use std::collections::HashMap;
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::checks::{CheckContext, Side, body_problems};
use crate::contract::{Example, ExampleId};
use crate::replay::prepare::{Origin, Prepared, Reply};
use crate::suite::Suite;

/// One served example.
#[derive(Debug)]
struct Route {
    id: ExampleId,
    method: String,
    /// Decoded segments; `None` for a segment with a placeholder.
    segments: Vec<Option<String>>,
    /// `true` per placeholder segment: compared lexicographically, the
    /// route with a literal where another has a placeholder sorts first.
    path_key: Box<[bool]>,
    /// Decoded query pairs, `$`-option names lowercased, sorted.
    query: Vec<(String, Option<String>)>,
    body: Option<Value>,
    reply: Reply,
    example: Example,
    source: crate::source::Source,
    /// Schema problems of the documented body itself (pointer, message):
    /// a client that sends what the docs show is not blamed for them.
    known_problems: Vec<(String, String)>,
    /// The documented request or response body breaks its schema: when
    /// another example documents the same request, that one answers.
    defective: bool,
}

#[derive(Debug, Default)]
struct Node {
    literal: HashMap<String, Node>,
    hole: Option<Box<Node>>,
    routes: Vec<usize>,
}

/// Every example of a suite, indexed for lookup.
#[derive(Debug, Default)]
pub struct Index {
    routes: Vec<Route>,
    by_method: HashMap<String, Node>,
    check: Option<Arc<CheckContext>>,
}

/// Why a request matched no example, measured against the closest one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mismatch {
    /// The closest documented example, if there is any example at all.
    pub closest: Option<String>,
    /// What differs, in words: `method: ...`, `path segment 3: ...`,
    /// `query parameter $top: ...`, `body /message: ...`.
    pub reason: String,
}

/// What a lookup found.
#[derive(Debug)]
pub enum Lookup<'a> {
    Matched {
        /// The example's position in [`Index::ids`].
        route: usize,
        id: &'a ExampleId,
        reply: &'a Reply,
    },
    Unmatched(Mismatch),
}

impl Index {
    /// Indexes every example of `suite` that can be served (a graph URL and
    /// a final status).
    pub fn new(suite: &Suite) -> Self {
        let mut index = Index::default();
        for (page, ex) in suite.examples() {
            let Ok(prepared) = Prepared::new(&page.source, ex) else {
                continue;
            };
            if prepared.request.origin != Origin::Graph {
                continue;
            }
            let (path, query) = split_target(&prepared.request.template);
            let segments: Vec<Option<String>> = path_segments(path)
                .into_iter()
                .map(|s| if s.contains('{') { None } else { Some(s) })
                .collect();
            let path_key = segments.iter().map(Option::is_none).collect();
            let route = Route {
                id: ex.id.clone(),
                method: prepared.request.method.clone(),
                segments,
                path_key,
                query: query_pairs(query)
                    .into_iter()
                    .map(|(k, v)| {
                        let v = if v.contains('{') { None } else { Some(v) };
                        (k, v)
                    })
                    .collect(),
                body: prepared.request.body.json.clone(),
                reply: prepared.reply,
                example: ex.clone(),
                source: page.source.clone(),
                known_problems: Vec::new(),
                defective: false,
            };
            index.insert(route);
        }
        index
    }

    /// Also checks JSON request bodies against the documented body's schema
    /// (`checks::body_problems`), after the shape comparison: a value of the
    /// right JSON type can still be outside its enum, range or format.
    ///
    /// Also marks examples whose documented bodies break their schemas, so
    /// that a clean example answers before them (see [`Index::lookup`]).
    pub fn with_check(mut self, ctx: Arc<CheckContext>) -> Self {
        use rayon::prelude::*;
        self.routes.par_iter_mut().for_each(|r| {
            if let Some(body) = &r.body {
                r.known_problems = body_problems(&ctx, &r.example, Side::Request, body)
                    .into_iter()
                    .map(|p| (p.pointer, p.message))
                    .collect();
            }
            let response_problems =
                r.reply.body.json.as_ref().is_some_and(|b| {
                    !body_problems(&ctx, &r.example, Side::Response, b).is_empty()
                });
            r.defective = !r.known_problems.is_empty() || response_problems;
        });
        self.check = Some(ctx);
        self
    }

    /// The first difference between the body sent and `r`'s: by shape, then
    /// by schema when there is a check context.
    fn body_verdict(
        &self,
        r: &Route,
        sent: &Result<Option<Value>, serde_json::Error>,
    ) -> Option<String> {
        if let Some(d) = body_difference(r.body.as_ref(), sent) {
            return Some(d);
        }
        let (Some(ctx), Some(documented), Ok(Some(value))) = (&self.check, &r.body, sent) else {
            return None;
        };
        let value = renamed_as_documented(documented, value);
        body_problems(ctx, &r.example, Side::Request, &value)
            .into_iter()
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
                format!("body {at}: schema: {}", p.message)
            })
    }

    fn insert(&mut self, route: Route) {
        let n = self.routes.len();
        let mut node = self.by_method.entry(route.method.clone()).or_default();
        for seg in &route.segments {
            node = match seg {
                Some(lit) => node.literal.entry(lit.clone()).or_default(),
                None => node.hole.get_or_insert_with(Box::default),
            };
        }
        node.routes.push(n);
        self.routes.push(route);
    }

    /// Number of examples served.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// True when no example is served.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// The served example at `route` (a position in [`Index::ids`]): its id,
    /// page and request, for reports that point at the page.
    pub fn example(&self, route: usize) -> Option<(&crate::source::SourceFile, &Example)> {
        self.routes.get(route).map(|r| (&*r.source, &r.example))
    }

    /// Every served example id, in suite order.
    pub fn ids(&self) -> impl Iterator<Item = &ExampleId> {
        self.routes.iter().map(|r| &r.id)
    }

    /// The example a request matches, or why none does. `target` is the
    /// request's path and query as received (`/v1.0/me?$select=id`).
    ///
    /// When several examples match, the most specific answers, compared in
    /// this order:
    /// 1. the path: segment by segment, a literal beats a `{placeholder}`
    ///    (`/users/delta` is not answered by `/users/{id}`);
    /// 2. the body: one equal to the documented body beats one that only
    ///    fits its shape and schema;
    /// 3. a clean example beats one whose documented bodies break their
    ///    schemas (known with a check context);
    /// 4. a success (documented status below 400) beats an error example,
    ///    whose condition (a missing item, a conflict) the request alone
    ///    cannot show;
    /// 5. the query: more literal values beat `{placeholder}` values;
    /// 6. the order of the suite (pages by path, examples by place).
    pub fn lookup(&self, method: &str, target: &str, body: &[u8]) -> Lookup<'_> {
        let (path, query) = split_target(target);
        let segments = path_segments(path);
        let query = query_pairs(query);
        let json = if body.iter().all(u8::is_ascii_whitespace) {
            Ok(None)
        } else {
            serde_json::from_slice::<Value>(body).map(Some)
        };
        let mut candidates = Vec::new();
        if let Some(root) = self.by_method.get(&method.to_ascii_uppercase()) {
            collect(root, &segments, &mut candidates);
        }
        let best = candidates
            .into_iter()
            .filter(|&c| {
                let r = &self.routes[c];
                query_difference(&r.query, &query).is_none()
                    && self.body_verdict(r, &json).is_none()
            })
            .min_by_key(|&c| {
                let r = &self.routes[c];
                let body_equal = match (&r.body, &json) {
                    (Some(d), Ok(Some(s))) => d == s,
                    (None, Ok(None)) => true,
                    _ => false,
                };
                let query_holes = r.query.iter().filter(|(_, v)| v.is_none()).count();
                (
                    &r.path_key,
                    !body_equal,
                    r.defective,
                    r.reply.status >= 400,
                    query_holes,
                    c,
                )
            });
        if let Some(c) = best {
            let r = &self.routes[c];
            return Lookup::Matched {
                route: c,
                id: &r.id,
                reply: &r.reply,
            };
        }
        Lookup::Unmatched(self.closest(method, &segments, &query, &json))
    }

    /// The slow path, for requests that matched nothing: every example is
    /// measured by how far the request gets before it differs.
    fn closest(
        &self,
        method: &str,
        segments: &[String],
        query: &[(String, String)],
        json: &Result<Option<Value>, serde_json::Error>,
    ) -> Mismatch {
        let mut best: Option<(usize, &Route, String)> = None;
        for r in &self.routes {
            let (score, reason) = explain(self, r, method, segments, query, json);
            if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                best = Some((score, r, reason));
            }
        }
        match best {
            Some((_, r, reason)) => Mismatch {
                closest: Some(r.id.as_str().to_string()),
                reason,
            },
            None => Mismatch {
                closest: None,
                reason: "no example is served".to_string(),
            },
        }
    }
}

fn collect(node: &Node, segments: &[String], out: &mut Vec<usize>) {
    match segments.split_first() {
        None => out.extend_from_slice(&node.routes),
        Some((first, rest)) => {
            if let Some(child) = node.literal.get(first) {
                collect(child, rest, out);
            }
            if let Some(child) = &node.hole
                && !first.is_empty()
            {
                collect(child, rest, out);
            }
        }
    }
}

/// How far the request gets against `r` (higher is closer), and what differs.
fn explain(
    index: &Index,
    r: &Route,
    method: &str,
    segments: &[String],
    query: &[(String, String)],
    json: &Result<Option<Value>, serde_json::Error>,
) -> (usize, String) {
    let n = r.segments.len();
    // Path first: the longest run of equal leading segments.
    let same = r
        .segments
        .iter()
        .zip(segments)
        .take_while(|(d, s)| d.as_ref().map_or(!s.is_empty(), |d| d == *s))
        .count();
    // Scores: path progress first, then method, query, body; within a body
    // mismatch, the more sent names the example documents, the closer.
    let base = same * 1000;
    if same < n || segments.len() != n {
        let reason = if same < n && same < segments.len() {
            format!(
                "path segment {}: expected `{}`, got `{}`",
                same + 1,
                r.segments[same].as_deref().unwrap_or("{placeholder}"),
                segments[same]
            )
        } else if segments.len() < n {
            format!(
                "path segment {}: expected `{}`, got nothing",
                segments.len() + 1,
                r.segments[segments.len()]
                    .as_deref()
                    .unwrap_or("{placeholder}")
            )
        } else {
            format!(
                "path segment {}: `{}` is not documented",
                n + 1,
                segments[n]
            )
        };
        return (base, reason);
    }
    if !r.method.eq_ignore_ascii_case(method) {
        return (
            base + 100,
            format!("method: expected {}, got {method}", r.method),
        );
    }
    if let Some(q) = query_difference(&r.query, query) {
        return (base + 200, q);
    }
    match index.body_verdict(r, json) {
        Some(b) => (base + 300 + shared_names(r.body.as_ref(), json), b),
        None => (base + 400, "matches".to_string()),
    }
}

/// Top-level names the sent body shares with the documented one (at most 99).
fn shared_names(
    documented: Option<&Value>,
    sent: &Result<Option<Value>, serde_json::Error>,
) -> usize {
    match (documented, sent) {
        (Some(Value::Object(d)), Ok(Some(Value::Object(s)))) => s
            .keys()
            .filter(|k| d.keys().any(|dk| dk.eq_ignore_ascii_case(k)))
            .count()
            .min(99),
        _ => 0,
    }
}

fn query_difference(
    documented: &[(String, Option<String>)],
    sent: &[(String, String)],
) -> Option<String> {
    for (k, v) in sent {
        let known = documented
            .iter()
            .any(|(dk, dv)| dk == k && dv.as_ref().is_none_or(|dv| dv == v));
        if !known {
            return Some(match documented.iter().find(|(dk, _)| dk == k) {
                Some((_, Some(dv))) => {
                    format!("query parameter {k}: expected `{dv}`, got `{v}`")
                }
                _ => format!("query parameter {k}: not documented"),
            });
        }
    }
    for (k, _) in documented {
        if !sent.iter().any(|(sk, _)| sk == k) {
            return Some(format!("query parameter {k}: documented, not sent"));
        }
    }
    None
}

/// The first difference between the documented JSON body and the one sent:
/// object keys compared as sets (case-insensitively, as action parameters
/// are; an extra `@odata.type` is allowed), scalars by JSON type.
fn body_difference(
    documented: Option<&Value>,
    sent: &Result<Option<Value>, serde_json::Error>,
) -> Option<String> {
    match (documented, sent) {
        (_, Err(e)) => Some(format!("body: not JSON ({e})")),
        (None, Ok(_)) => None,
        (Some(_), Ok(None)) => Some("body: documented, not sent".to_string()),
        (Some(d), Ok(Some(s))) => shape_difference(d, s, ""),
    }
}

fn shape_difference(d: &Value, s: &Value, pointer: &str) -> Option<String> {
    let at = if pointer.is_empty() { "/" } else { pointer };
    match (d, s) {
        (Value::Object(d), Value::Object(s)) => {
            for (k, dv) in d {
                let Some((sk, sv)) = s.iter().find(|(sk, _)| sk.eq_ignore_ascii_case(k)) else {
                    return Some(format!("body {pointer}/{k}: documented, not sent"));
                };
                let _ = sk;
                if let Some(diff) = shape_difference(dv, sv, &format!("{pointer}/{k}")) {
                    return Some(diff);
                }
            }
            for k in s.keys() {
                if k != "@odata.type" && !d.keys().any(|dk| dk.eq_ignore_ascii_case(k)) {
                    return Some(format!("body {pointer}/{k}: not documented"));
                }
            }
            None
        }
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Array(_), Value::Array(_))
        | (Value::String(_), Value::String(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::Bool(_), Value::Bool(_)) => None,
        _ => Some(format!("body {at}: expected {}, got {}", kind(d), kind(s))),
    }
}

/// `value` with its object names spelled as in `documented` where they
/// differ only in case, so the schema check sees the documented names.
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

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn split_target(target: &str) -> (&str, &str) {
    let target = target.split('#').next().unwrap_or("");
    target.split_once('?').unwrap_or((target, ""))
}

fn path_segments(path: &str) -> Vec<String> {
    path.trim_start_matches('/')
        .split('/')
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect()
}

/// Decoded query pairs (`+` is a space), `$`-option names lowercased, sorted
/// and without duplicates.
fn query_pairs(query: &str) -> Vec<(String, String)> {
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
            let k = if k.starts_with('$') {
                k.to_ascii_lowercase()
            } else {
                k
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

    fn specs_index() -> Index {
        let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
        Index::new(&crate::suite::load_paths(&[specs]).expect("specs load"))
    }

    fn matched(index: &Index, method: &str, target: &str, body: &str) -> Result<String, String> {
        match index.lookup(method, target, body.as_bytes()) {
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
                r##"{"target": {"@odata.type": "#x", "targetLabel": "a"}}"##
            ),
            Err("body /target/includeRetired: documented, not sent".to_string())
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
            matched(&index, "GET", "/v1.0/users/delta", ""),
            Ok("v1.0/api/b-user-delta#delta".to_string())
        );
        assert_eq!(
            matched(&index, "GET", "/v1.0/users/42", ""),
            Ok("v1.0/api/a-user-get#get".to_string())
        );
    }

    #[test]
    fn a_clean_example_answers_before_a_defective_one_for_the_same_request() {
        // The checks page documents the same GET as widget-get, with a
        // misspelt property in its response, and sorts first: with a check
        // context the clean widget-get answers.
        let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
        let suite = crate::suite::load_paths(std::slice::from_ref(&specs)).expect("specs load");
        let target = "/v1.0/widgetCatalog/widgets/5f3c2a7e-91b4-4d0e-8c62-0a9e7d41b3f5";
        let bare = Index::new(&suite);
        let first = matched(&bare, "GET", target, "").expect("documented");
        assert!(first.starts_with("v1.0/api/widget-checks#"), "{first}");
        let mut config = crate::config::Config::default();
        config.merge_cli(
            ["v1.0", "beta"]
                .map(|v| {
                    (
                        Some(v.to_string()),
                        specs.join(format!("metadata/{v}.csdl.xml")),
                    )
                })
                .to_vec(),
            Vec::new(),
        );
        let ctx = crate::runner::check_context(&config, &suite).expect("metadata");
        let checked = Index::new(&suite).with_check(Arc::new(ctx));
        assert_eq!(
            matched(&checked, "GET", target, ""),
            Ok("v1.0/api/widget-get#get_widget".to_string())
        );
    }

    #[test]
    fn query_pairs_are_decoded_sorted_and_case_folded() {
        assert_eq!(
            query_pairs("$Top=2&%24select=id%2Cname"),
            vec![
                ("$select".to_string(), "id,name".to_string()),
                ("$top".to_string(), "2".to_string())
            ]
        );
    }

    #[test]
    fn bodies_allow_odata_type_and_case_insensitive_names() {
        let d = serde_json::json!({"message": {"subject": "x"}, "saveToSentItems": false});
        let s = serde_json::json!({"Message": {"subject": "y", "@odata.type": "#m"}, "SaveToSentItems": true});
        assert_eq!(body_difference(Some(&d), &Ok(Some(s))), None);
        let s = serde_json::json!({"message": {"subject": 1}, "saveToSentItems": false});
        assert_eq!(
            body_difference(Some(&d), &Ok(Some(s))).as_deref(),
            Some("body /message/subject: expected a string, got a number")
        );
    }
}
