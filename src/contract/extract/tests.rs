//! Tests of page extraction: pairing, leftovers, ids, resources.

use super::*;
use crate::source::SourceFile;
use std::sync::Arc;

fn page(text: &str) -> Page {
    extract_page(Arc::new(SourceFile::from_text("v1.0/api/x", text)))
}

fn codes(p: &Page) -> Vec<&str> {
    p.findings.iter().map(|f| f.code.id()).collect()
}

#[test]
fn annotated_pair_by_name() {
    let p = page(
        "<!-- {\"blockType\": \"request\", \"name\": \"get_me\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n\n<!-- {\"blockType\": \"response\", \"name\": \"get_me\", \"truncated\": true, \"@odata.type\": \"microsoft.graph.user\"} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"id\": \"1\"}\n```\n",
    );
    assert_eq!(codes(&p), Vec::<&str>::new());
    let e = &p.examples[0];
    assert_eq!(e.id.as_str(), "v1.0/api/x#get_me");
    assert!(e.annotated);
    assert_eq!(e.version.as_deref(), Some("v1.0"));
    assert_eq!(
        e.response.odata_type.as_deref(),
        Some("microsoft.graph.user")
    );
    assert!(e.response.truncated);
    assert_eq!(e.request.place.at.line, 3);
}

#[test]
fn unannotated_pair_by_order_and_template() {
    let p = page(
        "## HTTP Request\n<!-- {\"blockType\": \"ignored\"} -->\n```http\nPATCH /a/{id}\n```\n\n## Example\n### Request\n``` http\nPATCH https://graph.microsoft.com/beta/a/{id}\n\n{\"x\": 1}\n```\n### Response\n``` http\nHTTP/1.1 204 No Content\n```\n",
    );
    assert_eq!(codes(&p), Vec::<&str>::new());
    assert_eq!(p.templates.len(), 1);
    assert_eq!(p.templates[0].url, "/a/{id}");
    let e = &p.examples[0];
    assert_eq!(e.id.as_str(), "v1.0/api/x#example-1");
    assert_eq!(e.version.as_deref(), Some("beta"), "the URL's version wins");
    assert!(!e.annotated);
}

#[test]
fn array_name_answers_two_requests() {
    let p = page(
        "<!-- {\"blockType\": \"request\", \"name\": \"a\"} -->\n```http\nGET /v1.0/a\n```\n<!-- {\"blockType\": \"request\", \"name\": \"b\"} -->\n```http\nGET /v1.0/b\n```\n<!-- {\"blockType\": \"response\", \"name\": [\"a\", \"b\"]} -->\n```http\nHTTP/1.1 200 OK\n```\n",
    );
    assert_eq!(codes(&p), Vec::<&str>::new());
    let ids: Vec<&str> = p.examples.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["v1.0/api/x#a", "v1.0/api/x#b"]);
}

/// An annotated exchange `req` + `resp` (an `ignored` request when
/// `ignored`), then `between` and one more annotated response.
fn second_response(ignored: bool, between: &str, status: &str) -> Page {
    let kind = if ignored { "ignored" } else { "request" };
    page(&format!(
        "## Examples\n### Example 1\n#### Request\n<!-- {{\"blockType\": \"{kind}\", \"name\": \"a\"}} -->\n```http\nPOST /me/x\n```\n#### Response\n<!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 200 OK\n```\n{between}<!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 {status}\n```\n"
    ))
}

#[test]
fn a_second_response_under_the_same_example_is_an_alternative_answer() {
    for ignored in [false, true] {
        for between in [
            "",
            "The service may also answer:\n",
            "#### Partial success response\n",
            "##### Error response\n",
        ] {
            let p = second_response(ignored, between, "207 Multi-Status");
            assert!(
                codes(&p).is_empty(),
                "{ignored} {between:?}: {:?}",
                codes(&p)
            );
            assert_eq!(p.examples.len(), usize::from(!ignored));
            let last = &p.fences.last().unwrap().disposition;
            assert_eq!(
                *last,
                Disposition::Ignored {
                    reason: IgnoreReason::AlternativeResponse
                },
                "{ignored} {between:?}"
            );
        }
        // Another example starts: its response without its request is
        // unpaired, after an annotated request or an ignored one.
        for between in [
            "### Example 2\n",
            "#### Request\nThe request is not shown.\n#### Response\n",
            "## See also\n",
        ] {
            let p = second_response(ignored, between, "207 Multi-Status");
            assert_eq!(codes(&p), ["MC3002"], "{ignored} {between:?}");
        }
        // The same status again is no other outcome: it answers another
        // request, which the page does not show (`$select=...`).
        let p = second_response(ignored, "When using $select:\n", "200 OK");
        assert_eq!(codes(&p), ["MC3002"], "{ignored}");
    }
}

#[test]
fn annotated_leftovers_are_findings() {
    let p = page(
        "<!-- {\"blockType\": \"request\", \"name\": \"a\"} -->\n```http\nGET /me\n```\n\ntext\n\n<!-- {\"blockType\": \"request\", \"name\": \"b\"} -->\n```http\nGET /you\n```\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 200 OK\n```\n## Example 2\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 200 OK\n```\n<!-- {\"blockType\": \"request\", \"name\": \"z\"} -->\n## Heading\n",
    );
    assert_eq!(codes(&p), ["MC3001", "MC3002", "MC1005"]);
    assert_eq!(p.examples.len(), 1);
    assert_eq!(p.examples[0].request.message.url, "/you");
    assert!(
        p.fences
            .iter()
            .all(|f| !matches!(f.disposition, Disposition::Ignored { .. }))
    );
}

#[test]
fn unannotated_leftovers_are_prose_snippets() {
    let p = page(
        "```http\nHTTP/1.1 409 Conflict\n```\n\n```http\nGET /me\n```\n\n```http\nPrefer: outlook.timezone=\"UTC\"\n```\n",
    );
    assert_eq!(codes(&p), Vec::<&str>::new());
    assert!(p.examples.is_empty());
    assert!(p.fences.iter().all(|f| f.disposition
        == Disposition::Ignored {
            reason: IgnoreReason::ProseSnippet
        }));
}

#[test]
fn responses_to_an_ignored_request_are_ignored_too() {
    let p = page(
        "<!-- {\"blockType\": \"ignored\", \"name\": \"x\"} -->\n```http\nGET /v1.0/reports/x\n```\n<!-- {\"blockType\": \"ignored\"} -->\n```http\nHTTP/1.1 302 Found\n```\nFollow the redirect.\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 200 OK\n```\n",
    );
    assert_eq!(codes(&p), Vec::<&str>::new());
    assert_eq!(
        p.fences[2].disposition,
        Disposition::Ignored {
            reason: IgnoreReason::AnswersIgnoredRequest
        }
    );
}

#[test]
fn an_ignored_alternative_request_does_not_take_the_annotated_requests_response() {
    let p = page(
        "<!-- {\"blockType\": \"request\", \"name\": \"get_me\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\nOr by id:\n<!-- {\"blockType\": \"ignored\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/users/{id}\n```\n<!-- {\"blockType\": \"response\", \"truncated\": true} -->\n```http\nHTTP/1.1 204 No Content\n```\n",
    );
    assert!(codes(&p).is_empty(), "{:?}", codes(&p));
    assert_eq!(p.examples.len(), 1);
    assert_eq!(p.examples[0].name.as_deref(), Some("get_me"));
    assert_eq!(
        p.examples[0].request.message.url,
        "https://graph.microsoft.com/v1.0/me"
    );
    // The ignored block is still accounted for as ignored.
    assert_eq!(
        p.fences[1].disposition,
        Disposition::Ignored {
            reason: IgnoreReason::AnnotatedIgnored
        }
    );
    // Under another example's heading, the ignored request is that
    // example's: the response is its, and the annotated one has none.
    let p = page(
        "### Example 1\n<!-- {\"blockType\": \"request\", \"name\": \"get_me\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n### Example 2\n<!-- {\"blockType\": \"ignored\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/users/{id}\n```\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 204 No Content\n```\n",
    );
    assert_eq!(codes(&p), ["MC3001"]);
    assert_eq!(
        p.fences[2].disposition,
        Disposition::Ignored {
            reason: IgnoreReason::AnswersIgnoredRequest
        }
    );
}

#[test]
fn a_fence_line_inside_a_fence_is_a_swallowed_fence() {
    let p = page(
        "<!-- {\"blockType\": \"request\", \"name\": \"a\"} -->\n```http\nGET /me\n### Response\n```http\nHTTP/1.1 200 OK\n```\n",
    );
    assert!(codes(&p).contains(&"MC1008"), "{:?}", codes(&p));
    let f = p
        .findings
        .iter()
        .find(|f| f.code == Code::FenceSwallowed)
        .unwrap();
    assert_eq!(f.location.line, 5);
}

#[test]
fn a_syntax_block_lists_several_templates() {
    let p = page("## HTTP request\n```http\nGET /me/calendar\nGET /users/{id}/calendar\n```\n");
    let urls: Vec<&str> = p.templates.iter().map(|t| t.url.as_str()).collect();
    assert_eq!(urls, ["/me/calendar", "/users/{id}/calendar"]);
    assert_eq!(p.templates[1].place.at.line, 4);
}

#[test]
fn body_errors_point_into_the_page() {
    let text = "```http\nPOST /me/x\n\n{\n  \"a\": 1,\n}\n```\n```http\nHTTP/1.1 204\n```\n";
    let p = page(text);
    assert_eq!(codes(&p), ["MC2001"]);
    let f = &p.findings[0];
    assert_eq!((f.location.line, f.location.col), (5, 9));
    assert_eq!(f.example.as_deref(), Some("v1.0/api/x#example-1"));
}

#[test]
fn duplicate_names_get_distinct_ids() {
    let req = "<!-- {\"blockType\": \"request\", \"name\": \"n\"} -->\n```http\nGET /me\n```\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 200 OK\n```\n";
    let p = page(&format!("{req}{req}"));
    assert_eq!(codes(&p), ["MC3003"]);
    assert_eq!(p.examples[1].id.as_str(), "v1.0/api/x#n~2");
}

#[test]
fn every_duplicate_name_is_reported() {
    let ex = |name: &str, line: &str| {
        format!(
            "<!-- {{\"blockType\": \"request\", \"name\": \"{name}\"}} -->\n```http\n{line}\n```\n<!-- {{\"blockType\": \"response\", \"name\": \"{name}\"}} -->\n```http\nHTTP/1.1 204 No Content\n```\n"
        )
    };
    // Two pairs of duplicates, one of them differing only in case, and
    // a third use whose fence does not read as a request.
    let p = page(
        &[
            ex("get_widget", "DELETE /me/widgets/1"),
            ex("list_parts", "DELETE /me/widgets/2"),
            ex("get_widget", "DELETE /me/widgets/3"),
            ex("List_Parts", "DELETE /me/widgets/4"),
            ex("get_widget", "HTTP/1.1 200 OK"),
        ]
        .concat(),
    );
    let dups: Vec<(usize, &str)> = p
        .findings
        .iter()
        .filter(|f| f.code == Code::DuplicateExampleName)
        .map(|f| (f.location.line, f.message.as_str()))
        .collect();
    assert_eq!(dups.len(), 3, "{dups:#?}");
    assert_eq!(dups[0].0, 18);
    assert!(dups[1].1.contains("`List_Parts`") && dups[1].1.contains("`list_parts`"));
    assert_eq!(dups[2].0, 34);
}

#[test]
fn resource_with_property_table() {
    let p = page(
        "## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|The id.|\n|tags|String collection|Tags.|\n\n## JSON representation\n<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.widget\", \"keyProperty\": \"id\"} -->\n```json\n{\"id\": \"String\", \"tags\": [\"String\"]}\n```\n",
    );
    assert_eq!(codes(&p), Vec::<&str>::new());
    let r = &p.resources[0];
    assert_eq!(r.odata_type, "microsoft.graph.widget");
    assert_eq!(r.properties.len(), 2);
    assert!(r.properties[1].ty.collection);
    assert_eq!(r.properties[0].line, 4);
}

/// CR-only line endings (issue 11: 0 examples and MC1005 on every
/// page) read as LF; CRLF is left alone.
#[test]
fn cr_only_line_endings_are_line_endings() {
    let lf = "# t\n\n<!-- {\"blockType\": \"request\", \"name\": \"a\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 204 No Content\n```\n";
    let cr = lf.replace('\n', "\r");
    let page = extract_page(Arc::new(SourceFile::from_text("p", &cr)));
    let want = extract_page(Arc::new(SourceFile::from_text("p", lf)));
    assert_eq!(want.examples.len(), 1);
    assert_eq!(page.examples.len(), 1);
    assert_eq!(
        page.findings.len(),
        want.findings.len(),
        "{:?}",
        page.findings
    );
    let f = SourceFile::from_text("p", "a\r\nb\rc");
    assert_eq!(f.text, "a\r\nb\nc");
    assert_eq!(f.line_col(5).line, 3);
}
