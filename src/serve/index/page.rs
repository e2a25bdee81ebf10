//! What the index keeps of a page: its examples made routes (prepared,
//! not yet numbered nor judged), its URL templates and query parameters.
//! Made for serving on the thread that extracted the page, so that the rest
//! of the page (its text, the examples' bodies) is dropped there.

use serde_json::Value;

use super::model::Route;
use super::print::Print;
use super::query::{documented_query, split_target};
use crate::contract::{Example, Page, Template, folder_version};
use crate::graph::version_of;
use crate::replay::prepare::{Origin, Prepared};
use crate::source::Source;

/// A page as the index reads it.
#[derive(Debug)]
pub(super) struct ServedPage {
    /// The page key (`v1.0/api/user-get`): the first half of the ids of
    /// the routes answered from the metadata for its templates.
    pub(super) page: String,
    /// The example routes and the documented URL of each, in page order.
    pub(super) routes: Vec<(Route, String)>,
    /// Every URL template of the page, method uppercased: its `## HTTP
    /// request` block, then the operations of a resource page's methods
    /// table.
    pub(super) templates: Vec<(String, String)>,
    /// Non-system query parameter names of the templates, lowercased.
    pub(super) params: Vec<String>,
}

impl ServedPage {
    /// What an index loaded for serving keeps of `page`, which is dropped:
    /// no page text, and examples without their bodies (the routes hold
    /// what is served and judged).
    pub(super) fn serving(page: Page) -> ServedPage {
        let Page {
            source,
            examples,
            templates,
            ..
        } = page;
        ServedPage::of(&source, examples, &templates, false)
    }

    /// What the index keeps of `page`: its examples, cloned, and its source,
    /// for reports that point at the page.
    pub(super) fn borrowed(page: &Page) -> ServedPage {
        ServedPage::of(&page.source, page.examples.clone(), &page.templates, true)
    }

    fn of(
        source: &Source,
        examples: Vec<Example>,
        templates: &[Template],
        keep: bool,
    ) -> ServedPage {
        // Page keys start at the version folder (`source::page_key`).
        let version = folder_version(&source.page);
        let params = page_params(templates, version);
        let mut routes = Vec::new();
        for mut ex in examples {
            let Ok(prepared) = Prepared::new(source, &ex) else {
                continue;
            };
            if prepared.request.origin != Origin::Graph {
                continue;
            }
            let (path, query) = split_target(&prepared.request.template);
            let path = path.to_string();
            let query = documented_query(query, version_of(&path));
            let mut route_params = params.clone();
            route_params.extend(
                query
                    .iter()
                    .filter(|(k, _)| !k.starts_with('$'))
                    .map(|(k, _)| k.clone()),
            );
            let body = prepared.request.body.json;
            let body_bytes = !ex.request.message.body.is_empty()
                && body.is_none()
                && prepared.request.body.json_error.is_none();
            if !keep {
                ex.drop_bodies();
            }
            let route = Route {
                id: ex.id.clone(),
                method: prepared.request.method.clone(),
                query,
                params: route_params,
                body_type: body
                    .as_ref()
                    .and_then(|b| b.get("@odata.type"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                body_print: body.as_deref().map(Print::of),
                body,
                body_bytes,
                reply: prepared.reply,
                repaired: Vec::new(),
                synthesised: false,
                example: Some(Box::new(ex)),
                source: keep.then(|| source.clone()),
                known_problems: Vec::new(),
                defective: false,
            };
            routes.push((route, path));
        }
        let mut templates: Vec<(String, String)> = templates
            .iter()
            .map(|t| (t.method.to_ascii_uppercase(), t.url.clone()))
            .collect();
        templates.extend(table_templates(source));
        ServedPage {
            page: source.page.clone(),
            routes,
            templates,
            params,
        }
    }
}

/// Non-system query parameter names of the page's templates, lowercased.
fn page_params(templates: &[Template], version: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = templates
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

/// The operations a resource page lists in its methods table
/// (`| [Upload content](../api/driveitem-put-content.md) | `PUT /drive/items/{item-id}/content` |`):
/// templates of an operation whose own page may be missing.
fn table_templates(source: &crate::source::SourceFile) -> Vec<(String, String)> {
    if !source.page.contains("resources/") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for line in source.text.lines() {
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
