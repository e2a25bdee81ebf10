//! The permissions table: no TODO or empty cells, and only scopes the service
//! knows.

use super::context::CheckContext;
use super::run::{Check, Sink};
use crate::contract::{Page, folder_version};
use crate::outcome::Code;
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

impl Check for PermissionsTable {
    fn check(&self, page: &Page, ctx: &CheckContext, sink: &mut Sink<'_>) {
        let scopes = ctx.scopes(folder_version(&page.source.page));
        for row in &page.permissions {
            let cell = row.scopes.trim();
            let row_text = page.source.slice(row.place.span);
            if cell.is_empty() || cell.to_ascii_lowercase().contains("todo") {
                let at = row_text
                    .to_ascii_lowercase()
                    .find("todo")
                    .map_or(row.place.span.start, |i| row.place.span.start + i);
                let what = if cell.is_empty() {
                    "empty".to_string()
                } else {
                    format!("`{cell}`")
                };
                sink.report(
                    Code::PermissionsTodo,
                    Span::new(at, at + if cell.is_empty() { 1 } else { 4 }),
                    format!("permissions for `{}` are {what}", row.kind),
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
                        "`{token}` is not a permission scope of the service; did you mean `{near}`?"
                    ),
                    None,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::extract_page;
    use crate::schema::permissions::PermissionScopes;
    use crate::source::SourceFile;
    use std::sync::Arc;

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
        let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/x", &text)));
        let mut ctx = CheckContext::new();
        if let Some(xml) = scopes {
            ctx = ctx.with_scopes(None, Arc::new(PermissionScopes::parse(xml).unwrap()));
        }
        let mut sink = Sink::new(&page);
        permissions_table().check(&page, &ctx, &mut sink);
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
    }

    #[test]
    fn every_permissions_column_is_checked() {
        // Tables of APIs that act on self or on others have two permissions
        // columns; a defect in the second is as much a defect.
        let text = "## Permissions\n\n|Permission type|Permissions acting on self|Permissions acting on others|\n|:---|:---|:---|\n|Delegated (work or school account)|Widget.Read.All|Widget.ReadWrit.All|\n|Application|Not supported.|TODO|\n";
        let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/x", text)));
        let ctx = CheckContext::new()
            .with_scopes(None, Arc::new(PermissionScopes::parse(PERMS).unwrap()));
        let mut sink = Sink::new(&page);
        permissions_table().check(&page, &ctx, &mut sink);
        let found: Vec<(String, usize)> = sink
            .into_findings()
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
