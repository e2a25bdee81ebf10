//! The permissions table: no TODO or empty cells, and only scopes the service
//! knows.

use super::context::CheckContext;
use super::sink::{Check, Sink};
use crate::contract::{Page, folder_version};
use crate::outcome::{CLIP, Code, clip};
use crate::schema::permissions::is_scope_name;
use crate::source::Span;
use crate::suggest::closest_within;

pub struct PermissionsTable;

pub fn permissions_table() -> PermissionsTable {
    PermissionsTable
}

/// The scope-like words of a permissions cell: `User.Read, User.ReadWrite`,
/// `Mail.Read and Mail.Send`, `Sites.Read.All (preview)`.
pub fn scope_tokens(cell: &str) -> Vec<&str> {
    cell.split([',', ';', '/', '|'])
        .flat_map(|part| part.split_whitespace())
        .map(|t| {
            t.trim_matches(|c: char| matches!(c, '.' | '*' | '`' | '(' | ')' | '"' | '\'' | ':'))
        })
        .filter(|t| is_scope_name(t))
        .collect()
}

/// Where the word `TODO` (any case) starts in `text`: a word of its own,
/// not the start of `todoTask` or `ToDoList`.
fn todo_at(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    lower
        .match_indices("todo")
        .map(|(i, _)| i)
        .find(|&i| !word(i.checked_sub(1).and_then(|j| bytes.get(j))) && !word(bytes.get(i + 4)))
}

/// `` `Application` ``, or `` `Application` (`Mail`) `` for a workload sub-row.
fn row_label(row: &crate::contract::PermissionRow) -> String {
    match &row.workload {
        Some(w) => format!("`{}` (`{w}`)", row.kind),
        None => format!("`{}`", row.kind),
    }
}

impl Check for PermissionsTable {
    fn check(&self, page: &Page, ctx: &CheckContext, sink: &mut Sink<'_>) {
        let scopes = ctx.scopes(folder_version(&page.source.page));
        for row in &page.permissions {
            let cell = row.scopes.trim();
            let row_text = page.source.slice(row.place.span);
            if cell.is_empty() || todo_at(cell).is_some() {
                let at =
                    todo_at(row_text).map_or(row.place.span.start, |i| row.place.span.start + i);
                let what = if cell.is_empty() {
                    "empty".to_string()
                } else {
                    format!("`{}`", clip(cell, CLIP))
                };
                sink.report(
                    Code::PermissionsTodo,
                    Span::new(at, at + if cell.is_empty() { 1 } else { 4 }),
                    format!("permissions for {} are {what}", row_label(row)),
                    None,
                );
                continue;
            }
            let Some(known) = scopes else { continue };
            for token in scope_tokens(cell) {
                if known.contains(token) {
                    continue;
                }
                // The permission files list far fewer scopes than the service
                // grants (`Application.Read.All` is in neither 2021 file), so a
                // scope merely absent from them is not reported: only one a
                // typo away from a listed scope is.
                let Some(near) = closest_within(token, known.names(), 2) else {
                    continue;
                };
                let at = row_text
                    .find(token)
                    .map_or(row.place.span.start, |i| row.place.span.start + i);
                sink.report(
                    Code::UnknownScope,
                    Span::new(at, at + token.len()),
                    format!(
                        "`{}` is not a permission scope of the service; did you mean `{near}`?",
                        clip(token, CLIP)
                    ),
                    None,
                );
            }
        }
    }
}

/// An API operation page (under `api/`, with an `## HTTP request` section)
/// that documents no permissions: no permissions table, and no Permissions
/// or Prerequisites section that names a scope, holds a table, or says that
/// no permission is needed.
pub struct PermissionsMissing;

pub fn permissions_missing() -> PermissionsMissing {
    PermissionsMissing
}

/// The ATX headings of `text` outside code fences: (offset, level, text).
fn headings(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        let marker = ["```", "~~~"].into_iter().find(|m| t.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m && t.trim_start_matches(m).trim().is_empty() => {
                fence = None
            }
            (None, None) if line.starts_with('#') => {
                let level = t.bytes().take_while(|&b| b == b'#').count();
                let rest = &t[level..];
                if level <= 6 && rest.starts_with([' ', '\t']) {
                    out.push((offset, level, rest.trim()));
                }
            }
            _ => {}
        }
        offset += line.len();
    }
    out
}

/// True when a permissions section's text documents permissions: a scope,
/// a table, or a statement that none is needed.
fn documents_permissions(section: &str) -> bool {
    let lower = section.to_ascii_lowercase();
    !scope_tokens(section).is_empty()
        || section.lines().any(|l| l.trim_start().starts_with('|'))
        || [
            "not required",
            "no permission",
            "not needed",
            "does not require",
            "not supported",
            "anonymous",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

impl Check for PermissionsMissing {
    fn check(&self, page: &Page, _: &CheckContext, sink: &mut Sink<'_>) {
        if !page.permissions.is_empty() || !page.source.page.contains("api/") {
            return;
        }
        let text = page.source.text.as_str();
        let heads = headings(text);
        let Some(&(at, level, _)) = heads
            .iter()
            .find(|(_, l, h)| *l <= 3 && h.to_ascii_lowercase().starts_with("http request"))
        else {
            return;
        };
        let mut section: Option<&str> = None;
        let documented = heads.iter().enumerate().any(|(n, &(start, lvl, h))| {
            let lower = h.to_ascii_lowercase();
            if !(lower.contains("permission") || lower.contains("prerequisite")) {
                return false;
            }
            section.get_or_insert(h);
            let end = heads[n + 1..]
                .iter()
                .find(|(_, l, _)| *l <= lvl)
                .map_or(text.len(), |&(o, _, _)| o);
            documents_permissions(&text[start..end])
        });
        if !documented {
            let why = match section {
                Some(h) => format!("its `{h}` section names no permission scope and has no table"),
                None => "it has no permissions table and no Permissions section".to_string(),
            };
            sink.report(
                Code::PermissionsMissing,
                Span::new(at, at + level),
                format!("the page documents an API call but not the permissions it needs: {why}"),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{codes_and_text, finding_lines, page, run_check};
    use crate::schema::permissions::PermissionScopes;
    use std::sync::Arc;

    fn missing(text: &str) -> Vec<usize> {
        finding_lines(&permissions_missing(), text)
    }

    #[test]
    fn an_api_page_without_permissions() {
        let call = "## HTTP request\n```http\nGET /me\n```\n";
        assert_eq!(missing(&format!("# Get me\n{call}")), [2]);
        // A `## Permissions` heading inside a code block is no section.
        assert_eq!(
            missing(&format!(
                "# Get me\n```md\n## Permissions\nUser.Read\n```\n{call}"
            )),
            [6]
        );
        for documented in [
            "## Permissions\n|Permission type|Permissions|\n|:--|:--|\n|Application|User.Read.All|\n",
            "## Permissions\nOne of the delegated Universal Print permissions, such as PrinterShare.Read.All.\n",
            "## Permissions\n| Calendar | Delegated |\n|:--|:--|\n| user | Calendars.Read |\n",
            "## Prerequisites\nNo permissions are required to call this API.\n",
            "## Prerequisites\nOne of the following permissions is required: Files.Read\n",
        ] {
            assert!(
                missing(&format!("# Get me\n{documented}{call}")).is_empty(),
                "{documented}"
            );
        }
        // A Prerequisites section that names no scope documents none.
        assert_eq!(
            missing(&format!(
                "# Get\n## Prerequisites\nThe user must have granted read access.\n{call}"
            )),
            [4]
        );
        // Not an API call page: a resource page, a concept page.
        let page = page("v1.0/resources/x", &format!("# x\n{call}"));
        assert!(run_check(&permissions_missing(), &page, &CheckContext::new()).is_empty());
        assert!(missing("# Overview\nNo HTTP request here.\n").is_empty());
    }

    #[test]
    fn tokens() {
        assert_eq!(
            scope_tokens("User.Read, User.ReadWrite.All and Mail.Send (preview)"),
            ["User.Read", "User.ReadWrite.All", "Mail.Send"]
        );
        assert!(scope_tokens("Not supported.").is_empty());
    }

    fn run(table: &str, scopes: Option<&str>) -> Vec<(String, String)> {
        let text = format!(
            "## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n{table}"
        );
        let mut ctx = CheckContext::new();
        if let Some(xml) = scopes {
            ctx = ctx.with_scopes(None, Arc::new(PermissionScopes::parse(xml).unwrap()));
        }
        codes_and_text(&permissions_table(), &page("v1.0/api/x", &text), &ctx)
    }

    const PERMS: &str = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>
<Schema><Annotations Target=\"microsoft.graph.GraphService\"><Annotation Term=\"Org.OData.Authorization.V1.Authorizations\"><Collection>
<Record Type=\"Org.OData.Authorization.V1.OAuth2Implicit\"><PropertyValue Property=\"Name\" String=\"DelegatedWork\" />
<PropertyValue Property=\"Scopes\"><Collection>
<Record><PropertyValue Property=\"Scope\" String=\"Widget.Read.All\" /></Record>
<Record><PropertyValue Property=\"Scope\" String=\"Widget.ReadWrite.All\" /></Record>
</Collection></PropertyValue></Record></Collection></Annotation></Annotations></Schema>";

    #[test]
    fn unknown_scopes_with_a_suggestion() {
        let found = run(
            "|Delegated (work or school account)|Widget.Read.All, Widget.ReadWrit.All|\n|Application|Not supported.|\n",
            Some(PERMS),
        );
        assert_eq!(found, [("MC4302".into(), "Widget.ReadWrit.All".into())]);
    }

    #[test]
    fn grouped_workload_rows_hold_the_scopes_of_an_empty_type_row() {
        // An empty permission-type row followed by indented workload rows
        // (the shapes the reference pages use): the scopes are in the
        // sub-rows, and a misspelled one there is reported on its own line.
        let table = "|Delegated (work or school account)||\n\
                     |&nbsp; &nbsp; **Widgets** | Widget.Read.All |\n\
                     | &nbsp; &nbsp; **Gadgets**|Widget.ReadWrit.All|\n\
                     |Delegated (personal Microsoft account)|Not supported.|\n\
                     |Application| |\n\
                     |\u{a0}\u{a0}**Widgets** | Widget.ReadWrite.All|\n";
        assert_eq!(
            run(table, Some(PERMS)),
            [("MC4302".into(), "Widget.ReadWrit.All".into())]
        );
        // A sub-row with no scopes is still an empty cell, named by its workload.
        let page = page(
            "v1.0/api/x",
            "|Permission type|Permissions|\n|:---|:---|\n|Application||\n|&nbsp; &nbsp; **Mail** | |\n|&nbsp; &nbsp; **Files** | Files.Read.All |\n",
        );
        let found = run_check(&permissions_table(), &page, &CheckContext::new());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].location.line, 4);
        assert!(
            found[0].message.contains("`Application` (`Mail`)"),
            "{}",
            found[0].message
        );
        // An empty type row with no sub-rows after it is still reported.
        assert_eq!(
            run(
                "|Delegated (work or school account)||\n|Application|Widget.Read.All|\n",
                None
            ),
            [("MC4301".into(), "|".into())]
        );
    }

    #[test]
    fn todo_and_empty_cells() {
        let found = run(
            "|Delegated (work or school account)|**TODO: Determine scopes **|\n|Application| |\n",
            None,
        );
        assert_eq!(
            found,
            [
                ("MC4301".into(), "TODO".into()),
                ("MC4301".into(), "|".into())
            ]
        );
        assert!(run("|Application|Widget.Read.All|\n", None).is_empty());
        // `todo` inside a word is no TODO.
        assert!(run("|Application|Tasks.ReadWrite (todoTask)|\n", None).is_empty());
        assert_eq!(todo_at("**TODO: Determine scopes **"), Some(2));
        assert_eq!(todo_at("todoTask, ToDo"), Some(10));
        // A table of permission types against something else is not read.
        let page = page(
            "v1.0/resources/x",
            "|Permission type|Supported resource types|\n|:---|:---|\n|Application|[todoTask][], [chat][]|\n",
        );
        assert!(page.permissions.is_empty());
    }

    #[test]
    fn every_permissions_column_is_checked() {
        // Tables of APIs that act on self or on others have two permissions
        // columns; a defect in the second is as much a defect.
        let text = "## Permissions\n\n|Permission type|Permissions acting on self|Permissions acting on others|\n|:---|:---|:---|\n|Delegated (work or school account)|Widget.Read.All|Widget.ReadWrit.All|\n|Application|Not supported.|TODO|\n";
        let ctx = CheckContext::new()
            .with_scopes(None, Arc::new(PermissionScopes::parse(PERMS).unwrap()));
        let found: Vec<(String, usize)> =
            run_check(&permissions_table(), &page("v1.0/api/x", text), &ctx)
                .into_iter()
                .map(|f| (f.code.id().to_string(), f.location.line))
                .collect();
        assert_eq!(
            found,
            [("MC4302".into(), 5), ("MC4301".into(), 6)],
            "{found:?}"
        );
    }
}
