//! Request URLs against the metadata: does the path exist, and is it the
//! page's API version.

use super::context::CheckContext;
use super::sink::{Check, Sink};
use crate::contract::{Example, Page, folder_version};
use crate::graph::path::{ReqSeg, Seg, documented_segments, request_segments};
use crate::graph::url_version as version_of_url;
use crate::outcome::{CLIP, Code, clip};
use crate::source::Span;

/// The path of a Graph URL (a relative URL is taken as one); `None` for other
/// hosts (bots' callback URLs, upload sessions on storage hosts), which are
/// outside the service's metadata.
pub(crate) fn graph_path(url: &str) -> Option<&str> {
    match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            let host_end = rest.find('/').unwrap_or(rest.len());
            let host = &rest[..host_end];
            host.eq_ignore_ascii_case("graph.microsoft.com")
                .then_some(&rest[host_end..])
        }
        None => Some(url),
    }
}

/// Span of `needle` inside the URL of `ex`, else of the whole URL's start.
fn url_span(ex: &Example, needle: &str) -> Span {
    let url = &ex.request.message.url;
    let url_start = ex.request.map.to_source(ex.request.message.url_offset);
    match (!needle.is_empty()).then(|| url.find(needle)).flatten() {
        Some(i) => Span::new(url_start + i, url_start + i + needle.len()),
        None => Span::new(url_start, url_start + url.len().min(1)),
    }
}

/// The request URL resolves through entity sets, singletons, navigation
/// properties, keys, casts and bound operations of the version's metadata.
pub struct UrlResolves;

pub fn url_resolves() -> UrlResolves {
    UrlResolves
}

impl Check for UrlResolves {
    fn check(&self, page: &Page, ctx: &CheckContext, sink: &mut Sink<'_>) {
        for ex in &page.examples {
            let Some(csdl) = ctx.csdl(ex.version.as_deref()) else {
                continue;
            };
            let Some(path) = graph_path(&ex.request.message.url) else {
                continue;
            };
            if let Err(u) = csdl.resolve_str(path) {
                let version = ex.version.as_deref().unwrap_or("the");
                sink.report(
                    Code::UnresolvedUrl,
                    url_span(ex, &u.segment),
                    format!(
                        "`{}` does not resolve in the {version} metadata: {}",
                        clip(path_only(path), CLIP),
                        u.reason
                    ),
                    Some(&ex.id),
                );
            }
        }
    }
}

fn path_only(path: &str) -> &str {
    path.split(['?', '#']).next().unwrap_or(path)
}

/// The URL's version segment is the version of the page's folder.
pub struct UrlVersion;

pub fn url_version() -> UrlVersion {
    UrlVersion
}

impl Check for UrlVersion {
    fn check(&self, page: &Page, _: &CheckContext, sink: &mut Sink<'_>) {
        let Some(folder) = folder_version(&page.source.page) else {
            return;
        };
        for ex in &page.examples {
            let url = &ex.request.message.url;
            if graph_path(url).is_none() {
                continue;
            }
            if let Some(v) = version_of_url(url)
                && v != folder
            {
                sink.report(
                    Code::VersionMismatch,
                    url_span(ex, v),
                    format!("URL calls `/{v}/` on a page in the `{folder}` folder"),
                    Some(&ex.id),
                );
            }
        }
    }
}

/// The example's request URL is one of the page's `## HTTP request`
/// templates, in the normal form `serve` matches URLs by
/// ([`crate::graph::path`]): case-insensitive names, placeholders binding
/// segments, `()` optional, `microsoft.graph.` dropped, keys in parentheses,
/// path addressing, `/drive` as `/me/drive`, `root` as `items/root`. The
/// query is not compared, nor the version (MC4102's business). Only examples
/// whose method some template has are checked: a page may show another
/// operation's call on purpose.
pub struct UrlInTemplates;

pub fn url_in_templates() -> UrlInTemplates {
    UrlInTemplates
}

/// The path of a documented URL (template or example) without query, host
/// or version: `None` for another host.
fn template_free_path(url: &str) -> Option<String> {
    // The query first: it may hold a URL of its own (`$ref?$id=https://…`).
    let url = url.trim().split(['?', '#']).next().unwrap_or("");
    let path = graph_path(url)?;
    let path = crate::graph::path::template_url(path);
    let trimmed = path.trim_start_matches('/');
    let rest = match trimmed.split_once('/') {
        Some((first, rest)) if crate::graph::is_version(first) => rest,
        None if crate::graph::is_version(trimmed) => "",
        _ => trimmed,
    };
    Some(format!("/{rest}"))
}

/// One segment as `serve` matches it, or a function segment of the same
/// name whatever its parameters: templates often leave them out
/// (`getScopesForUser` for `getScopesForUser(userid='x')`) or list optional
/// ones the example leaves out (`rowsAbove(count=n)` for `rowsAbove`).
fn segment_matches(t: &Seg, e: &ReqSeg) -> bool {
    t.matches(e)
        || match (t, &e.call) {
            (Seg::Lit(l), Some((name, _))) => l == name,
            (Seg::Call { name, .. }, None) => *name == e.text,
            (Seg::Call { name, .. }, Some((n, _))) => name == n,
            _ => false,
        }
}

/// `/me` is the signed-in user, `/users/{id}`: a template of one form
/// lists the call of the other.
fn me_as_user_template(mut segs: Vec<Seg>) -> Vec<Seg> {
    if segs.first() == Some(&Seg::Lit("me".into())) {
        segs.splice(0..1, [Seg::Lit("users".into()), Seg::Hole]);
    }
    segs
}

fn me_as_user_request(mut segs: Vec<ReqSeg>) -> Vec<ReqSeg> {
    if segs
        .first()
        .is_some_and(|s| s.text == "me" && s.call.is_none())
    {
        segs.insert(
            0,
            ReqSeg {
                text: "users".into(),
                call: None,
            },
        );
    }
    segs
}

/// The owners a drive is reached through: `/me` (as `/users/me`),
/// `/users/{id}`, `/groups/{id}`, `/sites/{id}`.
const DRIVE_OWNERS: [&str; 3] = ["users", "groups", "sites"];

/// A drive however reached (`/me/drive`, `/groups/{id}/drive`,
/// `/sites/{id}/drive`) is a drive by id, `/drives/{id}`: the segments from
/// the owner's `drive` on, as `drives/{id}/…` (the template's with a
/// placeholder for the id).
fn drive_as_drives_template(segs: &[Seg]) -> Option<Vec<Seg>> {
    let at = 2;
    let owner_ok = matches!(&segs.first()?, Seg::Lit(o) if DRIVE_OWNERS.contains(&o.as_str()));
    if !owner_ok || segs.get(at) != Some(&Seg::Lit("drive".into())) {
        return None;
    }
    let mut out = vec![Seg::Lit("drives".into()), Seg::Hole];
    out.extend_from_slice(&segs[at + 1..]);
    Some(out)
}

fn drive_as_drives_request(segs: &[ReqSeg]) -> Option<Vec<ReqSeg>> {
    let at = 2;
    let owner = segs.first()?;
    let drive = segs.get(at)?;
    if owner.call.is_some()
        || !DRIVE_OWNERS.contains(&owner.text.as_str())
        || drive.text != "drive"
        || drive.call.is_some()
    {
        return None;
    }
    let mut out = vec![
        ReqSeg {
            text: "drives".into(),
            call: None,
        },
        ReqSeg {
            text: "drive".into(),
            call: None,
        },
    ];
    out.extend_from_slice(&segs[at + 1..]);
    Some(out)
}

fn same_length_match(template: &[Seg], example: &[ReqSeg]) -> bool {
    template.len() == example.len()
        && template
            .iter()
            .zip(example)
            .all(|(t, e)| segment_matches(t, e))
}

/// The example matches the template, also with OData's own additions after
/// it: a type cast (`/transitiveMembers/microsoft.graph.user`), `$count`,
/// and `$value`, the raw value or media content of what the template
/// addresses (`cast` tells which segments of the example were casts).
fn matches_template(template: &[Seg], example: &[ReqSeg], cast: &[bool]) -> bool {
    let mut n = example.len();
    if example
        .get(n.wrapping_sub(1))
        .is_some_and(|s| s.text == "$count" || s.text == "$value")
    {
        if same_length_match(template, example) {
            return true;
        }
        n -= 1;
    }
    if n > 0 && cast.get(n - 1).copied().unwrap_or(false) {
        if same_length_match(template, &example[..n]) {
            return true;
        }
        n -= 1;
    }
    same_length_match(template, &example[..n])
}

/// Which raw segments of `path` are type casts (`microsoft.graph.user`),
/// by position; only meaningful when the segments line up with
/// [`request_segments`] (no path addressing), which is checked by length.
fn cast_segments(path: &str, count: usize) -> Vec<bool> {
    let casts: Vec<bool> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let s = s.to_ascii_lowercase();
            s.starts_with("microsoft.graph.") && !s.contains('(')
        })
        .collect();
    if casts.len() == count {
        casts
    } else {
        vec![false; count]
    }
}

/// True when the page has an `HTTP request` heading (level 1 to 3) outside
/// code fences.
fn has_http_request_section(text: &str) -> bool {
    let mut in_fence = false;
    text.lines().any(|line| {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            return false;
        }
        let level = t.bytes().take_while(|&b| b == b'#').count();
        !in_fence
            && line.starts_with('#')
            && (1..=3).contains(&level)
            && t[level..]
                .trim()
                .to_ascii_lowercase()
                .starts_with("http request")
    })
}

impl Check for UrlInTemplates {
    fn check(&self, page: &Page, ctx: &CheckContext, sink: &mut Sink<'_>) {
        if page.templates.is_empty() || !has_http_request_section(&page.source.text) {
            return;
        }
        for ex in &page.examples {
            let req = &ex.request.message;
            let Some(path) = template_free_path(&req.url) else {
                continue;
            };
            // An example under a heading of its own `HTTP request` shows
            // the syntax of another call (`## Get a single thumbnail`).
            if ex
                .headings
                .iter()
                .any(|h| h.to_ascii_lowercase().starts_with("http request"))
            {
                continue;
            }
            let segs = request_segments(&path);
            let cast = cast_segments(&path, segs.len());
            let sent = me_as_user_request(segs.clone());
            let cast_me = if sent.len() > segs.len() {
                [&[false][..], &cast].concat()
            } else {
                cast.clone()
            };
            let sent_drive = drive_as_drives_request(&sent);
            let mut same_method = page
                .templates
                .iter()
                .filter(|t| t.method.eq_ignore_ascii_case(&req.method))
                .filter_map(|t| template_free_path(&t.url))
                .peekable();
            if same_method.peek().is_none() {
                continue;
            }
            let listed: Vec<String> = same_method.collect();
            if listed.iter().any(|t| {
                let template = me_as_user_template(documented_segments(t));
                if matches_template(&template, &sent, &cast_me) {
                    return true;
                }
                let Some(e) = &sent_drive else {
                    return false;
                };
                let t = drive_as_drives_template(&template).unwrap_or(template);
                // `drives`, `drive`, then the example's segments after
                // its `drive`, with their casts.
                let tail = cast_me
                    .get(sent.len().saturating_sub(e.len() - 2)..)
                    .unwrap_or(&[]);
                let cast_e = [&[false, false][..], tail].concat();
                matches_template(&t, e, &cast_e)
            }) {
                continue;
            }
            // A step of a scenario beyond the documented resource: under
            // one example heading, one request calls a template of the page
            // and another goes on into what that resource contains
            // (`…/range(address='A1')/format` documented and patched, then
            // `…/format/font` patched in the same example). Only a path the
            // metadata resolves is such a step; without metadata nothing
            // tells it from a wrong URL, and it is not reported. A lone
            // request that goes past the templates (`…/worksheets/add`
            // where the page lists `…/worksheets`) is still reported.
            let extends_a_template = page
                .templates
                .iter()
                .filter_map(|t| template_free_path(&t.url))
                .any(|t| {
                    let template = me_as_user_template(documented_segments(&t));
                    let calls_it = |segments: &[ReqSeg]| {
                        segments.len() == template.len() && same_length_match(&template, segments)
                    };
                    template.len() < sent.len()
                        && same_length_match(&template, &sent[..template.len()])
                        && page.examples.iter().any(|o| {
                            o.id != ex.id
                                && o.headings == ex.headings
                                && template_free_path(&o.request.message.url).is_some_and(|p| {
                                    calls_it(&me_as_user_request(request_segments(&p)))
                                })
                        })
                });
            if extends_a_template {
                let resolves = ctx
                    .csdl(ex.version.as_deref())
                    .map(|csdl| graph_path(&req.url).is_some_and(|p| csdl.resolve_str(p).is_ok()));
                if resolves != Some(false) {
                    continue;
                }
            }
            let shown: Vec<String> = listed
                .iter()
                .take(3)
                .map(|t| format!("`{}`", clip(t, CLIP)))
                .collect();
            let more = if listed.len() > 3 { ", …" } else { "" };
            sink.report(
                Code::UrlOutsideTemplates,
                url_span(ex, ""),
                format!(
                    "`{} {}` matches none of the page's `## HTTP request` templates for {} ({}{more})",
                    clip(&req.method, CLIP),
                    clip(&path, CLIP),
                    clip(&req.method, CLIP),
                    shown.join(", ")
                ),
                Some(&ex.id),
            );
        }
    }
}

#[cfg(test)]
mod tests;
