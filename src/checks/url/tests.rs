//! Tests of the URL checks: versions, resolution against the metadata, templates.

use super::*;
use crate::checks::testing::{codes_and_text, finding_lines, page, run_check};
use crate::schema::csdl::Csdl;
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
    let ctx = CheckContext::new().with_csdl(None, Arc::new(Csdl::parse(CSDL).unwrap()));
    codes_and_text(check, &page(page_key, &text), &ctx)
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

/// MC4103 lines for a page whose `## HTTP request` section lists
/// `templates` and whose one example calls `call`.
fn outside(templates: &[&str], call: &str) -> Vec<usize> {
    let text = format!(
        "# Op\n## HTTP request\n```http\n{}\n```\n## Example\n### Request\n```http\n{call}\n```\n### Response\n```http\nHTTP/1.1 200 OK\n```\n",
        templates.join("\n")
    );
    finding_lines(&url_in_templates(), &text)
}

#[test]
fn an_example_url_is_one_of_the_templates() {
    let users = ["GET /users/{id | userPrincipalName}/messages/{message-id}"];
    for call in [
        "GET https://graph.microsoft.com/v1.0/users/42/messages/AAMk%3D",
        "GET https://graph.microsoft.com/v1.0/Users/42/Messages/1?$select=subject",
        "GET /me/messages/1",
        "GET https://graph.microsoft.com/v1.0/users('42')/messages/1",
        "GET /users/42/messages/1/$count",
        "GET /users/42/messages/1/$value",
    ] {
        assert!(outside(&users, call).is_empty(), "{call}");
    }
    for (templates, call) in [
        (&["GET /me/messages/{id}"][..], "GET /users/42/messages/1"),
        (
            &["GET /groups/{id}/members"][..],
            "GET /groups/1/members/microsoft.graph.user",
        ),
        (
            &["GET /groups/{id}/members"][..],
            "GET /groups/1/members/microsoft.graph.user/$count",
        ),
        (
            &["GET /drives/{drive-id}/items/{item-id}/children"][..],
            "GET /me/drive/root/children",
        ),
        (
            &["GET /me/drive/items/{item-id}/content"][..],
            "GET /drive/root:/a/b.txt:/content",
        ),
        (
            &["GET /reports/getX(period='{period}')"][..],
            "GET /reports/getX(period='D7')",
        ),
        (&["GET /x/getScopes"][..], "GET /x/getScopes(userid='1')"),
        (&["GET /x/rowsAbove(count=n)"][..], "GET /x/rowsAbove"),
        (&["GET /sites/<site-id>/lists"][..], "GET /sites/root/lists"),
        (
            &[
                "GET /groups/{id}/rejectedSenders/$ref?$id=https://graph.microsoft.com/v1.0/users/{user-id}",
            ][..],
            "GET /groups/1/rejectedSenders/$ref",
        ),
        // Another method: no template to compare with.
        (&["GET /me/messages/{id}"][..], "DELETE /users/1/events/2"),
    ] {
        assert!(outside(templates, call).is_empty(), "{templates:?} {call}");
    }
    for (templates, call) in [
        (&users[..], "GET /users/42/events/1"),
        (&users[..], "GET /users/42/messages"),
        (
            &["GET /external/connections/{id}"][..],
            "GET /connections/contosohr",
        ),
        (
            &["GET /education/classes/acdefc6b/assignments/{id}"][..],
            "GET /education/classes/c42f/assignments/1",
        ),
    ] {
        assert_eq!(outside(templates, call), [9], "{templates:?} {call}");
    }
}

/// A scenario under one example heading: a request to the page's
/// template, then one into what that resource contains.
#[test]
fn a_scenario_step_into_a_contained_resource_is_not_outside_the_templates() {
    const NESTED: &str = r#"<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
<edmx:DataServices><Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
<EntityType Name="widget" BaseType="microsoft.graph.entity"><NavigationProperty Name="format" Type="microsoft.graph.widgetFormat" ContainsTarget="true"/></EntityType>
<EntityType Name="widgetFormat" BaseType="microsoft.graph.entity"><NavigationProperty Name="font" Type="microsoft.graph.widgetFont" ContainsTarget="true"/></EntityType>
<EntityType Name="widgetFont" BaseType="microsoft.graph.entity"><Property Name="bold" Type="Edm.Boolean"/></EntityType>
<EntityContainer Name="GraphService"><EntitySet Name="widgets" EntityType="microsoft.graph.widget"/></EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>"#;
    let lines = |calls: &[&str], csdl: bool| -> Vec<usize> {
        let mut text =
            "# Op\n## HTTP request\n```http\nPATCH /widgets/{id}/format\n```\n## Example\n"
                .to_string();
        for (n, call) in calls.iter().enumerate() {
            text += &format!(
                "### Request\n<!-- {{ \"blockType\": \"request\", \"name\": \"r{n}\" }} -->\n```http\n{call}\n```\n### Response\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 204 No Content\n```\n"
            );
        }
        let mut ctx = CheckContext::new();
        if csdl {
            ctx = ctx.with_csdl(None, Arc::new(Csdl::parse(NESTED).unwrap()));
        }
        run_check(&url_in_templates(), &page("v1.0/api/x", &text), &ctx)
            .into_iter()
            .map(|f| f.location.line)
            .collect()
    };
    let scenario = ["PATCH /widgets/1/format", "PATCH /widgets/1/format/font"];
    assert!(lines(&scenario, true).is_empty());
    // Without metadata a step cannot be told from a wrong URL: not
    // reported either.
    assert!(lines(&scenario, false).is_empty());
    // A step the metadata does not resolve is outside the templates.
    assert_eq!(
        lines(
            &["PATCH /widgets/1/format", "PATCH /widgets/1/format/colour"],
            true
        ),
        [20]
    );
    // A lone request past the templates, with no call of the template
    // beside it, is reported.
    assert_eq!(lines(&["PATCH /widgets/1/format/font"], true), [10]);
}
