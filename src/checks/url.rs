//! Request URLs against the metadata: does the path exist, and is it the
//! page's API version.

use super::context::CheckContext;
use super::run::{Check, Sink};
use crate::contract::extract::url_version as version_of_url;
use crate::contract::{Example, Page, folder_version};
use crate::outcome::Code;
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
                        path_only(path),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::extract_page;
    use crate::schema::csdl::Csdl;
    use crate::source::SourceFile;
    use std::sync::Arc;

    const CSDL: &str = r#"<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
<edmx:DataServices><Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
<EntityType Name="widget" BaseType="microsoft.graph.entity"><Property Name="displayName" Type="Edm.String"/></EntityType>
<EntityContainer Name="GraphService"><EntitySet Name="widgets" EntityType="microsoft.graph.widget"/></EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>"#;

    fn findings(check: &dyn Check, page_key: &str, url: &str) -> Vec<(String, String)> {
        let text = format!(
            "### Request\n```http\nGET {url}\n```\n### Response\n```http\nHTTP/1.1 200 OK\n```\n"
        );
        let page = extract_page(Arc::new(SourceFile::from_text(page_key, &text)));
        let ctx = CheckContext::new().with_csdl(None, Arc::new(Csdl::parse(CSDL).unwrap()));
        let mut sink = Sink::new(&page);
        check.check(&page, &ctx, &mut sink);
        sink.into_findings()
            .into_iter()
            .map(|f| {
                (
                    f.code.id().to_string(),
                    page.source.slice(f.span).to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn resolvable_and_unresolvable_urls() {
        assert!(
            findings(
                &url_resolves(),
                "v1.0/api/x",
                "https://graph.microsoft.com/v1.0/widgets/{id}"
            )
            .is_empty()
        );
        assert_eq!(
            findings(
                &url_resolves(),
                "v1.0/api/x",
                "https://graph.microsoft.com/v1.0/widgets/{id}/gadgets"
            ),
            [("MC4101".to_string(), "gadgets".to_string())]
        );
        // Other hosts are not the service's.
        assert!(
            findings(
                &url_resolves(),
                "v1.0/api/x",
                "https://bot.contoso.com/api/calls"
            )
            .is_empty()
        );
    }

    #[test]
    fn version_must_match_the_folder() {
        assert_eq!(
            findings(
                &url_version(),
                "v1.0/api/x",
                "https://graph.microsoft.com/beta/widgets"
            ),
            [("MC4102".to_string(), "beta".to_string())]
        );
        assert!(
            findings(
                &url_version(),
                "beta/api/x",
                "https://graph.microsoft.com/beta/widgets"
            )
            .is_empty()
        );
        assert!(findings(&url_version(), "v1.0/api/x", "/widgets").is_empty());
    }
}
