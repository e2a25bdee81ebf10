//! Documented URLs and methods against the paths the metadata can resolve.
//!
//! Both the examples' request lines and the `## HTTP request` templates are
//! read; URLs on other hosts (callbacks, upload sessions) and the service's
//! own `$batch` and `$metadata` are outside the entity model and skipped.
//!
//! A URL that resolves can still be documented with a method the metadata
//! cannot serve there. Only what OData rules out is reported: an action
//! called with anything but POST, a function with anything but GET, a
//! `$count` written to, PATCH or DELETE on a collection of entities, POST to
//! a single entity or a single-valued structural property, and DELETE on a
//! structural property that cannot be null. What the service may refuse
//! although the model allows it (capability annotations) is not guessed.

use super::sink::{Scope, Sink, page_at, page_version};
use crate::checks::graph_path;
use crate::contract::Page;
use crate::drift::{Change, ItemKind};
use crate::graph::is_version_segment;
use crate::schema::csdl::Csdl;
use crate::schema::resolve::{Resolved, ResolvedKind, SegmentKind, UnresolvedReason};

pub(super) fn compare(pages: &[Page], scope: &Scope<'_>, sink: &mut Sink<'_>) {
    let csdl = sink.file.csdl.clone();
    for page in pages {
        let folder_owned = scope.owns(page_version(page).as_deref());
        let examples = page
            .examples
            .iter()
            .filter(|e| scope.owns(e.version.as_deref()))
            .map(|e| {
                (
                    e.request.message.method.as_str(),
                    e.request.message.url.as_str(),
                    e.request.place.at.line,
                )
            });
        let templates = page
            .templates
            .iter()
            .filter(|_| folder_owned)
            .map(|t| (t.method.as_str(), t.url.as_str(), t.place.at.line));
        // One item per page and reason: a page that lists six forms of one
        // path (`/me/drive/items/{id}/…`, `/me/drive/root:/{path}:/…`) has
        // one problem, not six.
        let mut found: Vec<(Found, usize)> = Vec::new();
        for (method, url, line) in templates.chain(examples) {
            let Some(f) = one(&csdl, page, method, url, line) else {
                continue;
            };
            match found
                .iter_mut()
                .find(|(g, _)| g.kind == f.kind && g.detail == f.detail)
            {
                Some((_, n)) => *n += 1,
                None => found.push((f, 0)),
            }
        }
        for (f, more) in found {
            let detail = match more {
                0 => f.detail,
                1 => format!("{} (and 1 more path on the page)", f.detail),
                n => format!("{} (and {n} more paths on the page)", f.detail),
            };
            sink.push(
                f.kind,
                Change::Removed,
                f.group,
                f.subject,
                detail,
                Some(page_at(page, f.line)),
                None,
            );
        }
    }
}

/// A URL or method the metadata does not serve.
struct Found {
    kind: ItemKind,
    group: String,
    subject: String,
    detail: String,
    line: usize,
}

fn one(csdl: &Csdl, page: &Page, method: &str, url: &str, line: usize) -> Option<Found> {
    let path = graph_path(url)?;
    let path = path.split(['?', '#']).next().unwrap_or(path).trim();
    let first = path
        .split('/')
        .filter(|s| !s.is_empty())
        .find(|s| !is_version_segment(s))?;
    // `$batch`, `$metadata`; `{nextLink}` and other URLs that are wholly a
    // placeholder.
    if first.starts_with('$') || first.starts_with('{') {
        return None;
    }
    // `/me/mailFolders/{id}/childFolders/{id}/.../messages`: any depth.
    if path.split('/').any(|s| s == "..." || s == "…") {
        return None;
    }
    let method = method.to_ascii_uppercase();
    let subject = format!("{method} {}", shown_path(path));
    let found = |kind, group: String, detail: String| Found {
        kind,
        group,
        subject: subject.clone(),
        detail,
        line,
    };
    match csdl.resolve_str(path) {
        // `/thumbnails/{thumb-id}/{size}`: a placeholder right after a key
        // stands for a property's name, not for another key.
        Err(u)
            if matches!(u.reason, UnresolvedReason::KeyNotAllowed { .. })
                && u.segment.starts_with('{')
                && u.resolved
                    .last()
                    .is_some_and(|s| s.kind == SegmentKind::Key) =>
        {
            None
        }
        Err(u) => Some(found(
            ItemKind::Url,
            u.last_type()
                .map_or_else(|| family(page), |t| t.name.clone()),
            format!("does not resolve in the metadata: {}", u.reason),
        )),
        Ok(r) if method == "POST" && ends_in_word_key(&r) => {
            // `POST /directory/deletedItems/getUserOwnedObjects`: read as a
            // key, the name of an action the metadata does not bind here.
            let last = r.segments.last().map_or("", |s| s.segment.as_str());
            let on = r
                .segments
                .iter()
                .rev()
                .nth(1)
                .and_then(|s| s.type_ref.as_ref())
                .map(ToString::to_string)
                .unwrap_or_default();
            Some(found(
                ItemKind::Url,
                r.type_ref
                    .as_ref()
                    .map_or_else(|| family(page), |t| t.name.clone()),
                format!(
                    "does not resolve in the metadata: `{last}` is not an action bound to `{on}` \
                     (read as a key, it addresses one entity, which POST cannot create)"
                ),
            ))
        }
        Ok(r) => {
            let why = method_problem(csdl, &method, &r)?;
            Some(found(
                ItemKind::Method,
                addressed(&r).unwrap_or_else(|| family(page)),
                why,
            ))
        }
    }
}

/// The resource type a path is about: the binding type of a final
/// operation (or `$count`, `$value`, `$ref`), else the type addressed.
fn addressed(r: &Resolved) -> Option<String> {
    let mut steps = r.segments.iter().rev();
    let last = steps.next()?;
    let step = match last.kind {
        SegmentKind::Action
        | SegmentKind::Function
        | SegmentKind::Count
        | SegmentKind::Value
        | SegmentKind::Ref => steps.next()?,
        _ => last,
    };
    step.type_ref.as_ref().map(|t| t.name.clone())
}

/// Whether the path ends in a literal key that reads as a name
/// (`getUserOwnedObjects`): letters only, starting lowercase.
fn ends_in_word_key(r: &Resolved) -> bool {
    r.segments.last().is_some_and(|s| {
        s.kind == SegmentKind::Key
            && s.segment.starts_with(|c: char| c.is_ascii_lowercase())
            && s.segment.chars().all(|c| c.is_ascii_alphabetic())
            && s.segment.chars().any(|c| c.is_ascii_uppercase())
    })
}

/// The path from the service root: `/me/events`, version segment dropped.
fn shown_path(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let skip = usize::from(segments.first().is_some_and(|s| is_version_segment(s)));
    format!("/{}", segments[skip..].join("/"))
}

/// The page family a URL without a resolved type is grouped by, as the
/// HTML charts group pages: `api/user-get` → `user-*`,
/// `api/intune-apps-mobileapp-get` → `intune-apps-*`.
fn family(page: &Page) -> String {
    format!("{}-*", crate::source::page_family(&page.source.page))
}

/// Why `method` cannot be sent to the resolved path, if OData rules it out.
fn method_problem(csdl: &Csdl, method: &str, r: &Resolved) -> Option<String> {
    let what = r
        .type_ref
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let op = || r.operation().unwrap_or("?").to_string();
    match (r.kind, method) {
        (_, "HEAD" | "OPTIONS") => None,
        (ResolvedKind::Action, m) if m != "POST" => Some(format!(
            "{m} on the action `{}`: actions are invoked with POST",
            op()
        )),
        // A composable function that returns one entity addresses it: the
        // entity can be updated or deleted there (`range(address='A1')`).
        (ResolvedKind::Function, "PATCH" | "PUT" | "DELETE")
            if returns_entity(csdl, r.operation().unwrap_or("")) =>
        {
            None
        }
        (ResolvedKind::Function, m) if m != "GET" => Some(format!(
            "{m} on the function `{}`: functions are invoked with GET",
            op()
        )),
        (ResolvedKind::Count, m) if m != "GET" => {
            Some(format!("{m} on `$count`: a count is only read"))
        }
        (ResolvedKind::EntitySet, m @ ("PATCH" | "DELETE")) => Some(format!(
            "{m} on a collection (`{what}`): the metadata addresses a collection here, not one entity"
        )),
        (ResolvedKind::SingleEntity, "POST") => Some(format!(
            "POST to a single entity (`{what}`): the metadata has no collection to add to here, nor an action"
        )),
        (ResolvedKind::Property, m @ ("POST" | "DELETE")) => {
            let last = r.segments.last()?;
            if last.kind != SegmentKind::Property {
                return None;
            }
            let owner = last.declared_on.as_deref()?;
            let prop = csdl
                .all_properties(owner)
                .into_iter()
                .find(|p| p.name.eq_ignore_ascii_case(&last.segment))?;
            if prop.type_ref.collection {
                return None;
            }
            match m {
                "POST" => Some(format!(
                    "POST to the single-valued property `{owner}/{}` (`{what}`): there is nothing to add to",
                    prop.name
                )),
                _ if !prop.nullable => Some(format!(
                    "DELETE on the property `{owner}/{}`, which cannot be null: a DELETE sets a property to null",
                    prop.name
                )),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether some overload of the function is composable and returns a
/// single entity.
fn returns_entity(csdl: &Csdl, name: &str) -> bool {
    csdl.operations_named(name).iter().any(|o| {
        o.is_composable
            && o.return_type.as_ref().is_some_and(|t| {
                !t.type_ref.collection && csdl.entity_type(&t.type_ref.name).is_some()
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"<Schema Namespace="n">
<EntityType Name="w"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/>
<Property Name="size" Type="Edm.Int32" Nullable="false"/><Property Name="note" Type="Edm.String"/>
<NavigationProperty Name="parts" Type="Collection(n.w)" ContainsTarget="true"/></EntityType>
<Action Name="reset" IsBound="true"><Parameter Name="bindingParameter" Type="n.w"/></Action>
<Function Name="count" IsBound="true"><Parameter Name="bindingParameter" Type="n.w"/><ReturnType Type="Edm.Int32"/></Function>
<EntityContainer Name="c"><EntitySet Name="ws" EntityType="n.w"/></EntityContainer></Schema>"#;

    fn problem(method: &str, path: &str) -> Option<String> {
        let csdl = Csdl::parse(MODEL).unwrap();
        let r = csdl.resolve_str(path).expect("resolves");
        method_problem(&csdl, method, &r)
    }

    #[test]
    fn methods_odata_rules_out_are_named() {
        assert!(
            problem("GET", "/ws/{id}/reset")
                .unwrap()
                .starts_with("GET on the action `n.reset`")
        );
        assert!(
            problem("POST", "/ws/{id}/count")
                .unwrap()
                .starts_with("POST on the function")
        );
        assert!(
            problem("PATCH", "/ws")
                .unwrap()
                .starts_with("PATCH on a collection")
        );
        assert!(
            problem("POST", "/ws/{id}")
                .unwrap()
                .starts_with("POST to a single entity")
        );
        assert!(
            problem("DELETE", "/ws/{id}/size")
                .unwrap()
                .contains("cannot be null")
        );
        assert!(
            problem("POST", "/ws/{id}/size")
                .unwrap()
                .starts_with("POST to the single-valued")
        );
    }

    #[test]
    fn methods_the_model_allows_are_not() {
        for (m, p) in [
            ("POST", "/ws"),
            ("POST", "/ws/{id}/parts"),
            ("PATCH", "/ws/{id}"),
            ("PUT", "/ws/{id}"),
            ("DELETE", "/ws/{id}"),
            ("POST", "/ws/{id}/reset"),
            ("GET", "/ws/{id}/count"),
            ("DELETE", "/ws/{id}/note"),
            ("GET", "/ws/$count"),
        ] {
            assert_eq!(problem(m, p), None, "{m} {p}");
        }
    }

    #[test]
    fn paths_are_shown_from_the_service_root() {
        assert_eq!(shown_path("/v1.0/me/events"), "/me/events");
        assert_eq!(shown_path("me//events/"), "/me/events");
    }
}
