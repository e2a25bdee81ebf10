//! Tests of the route index: matching, ranking, body judging, query
//! reading, and the closest example to a miss.

use super::judge::names_difference;
use std::sync::Arc;

use super::model::*;
use super::query::strip_version;
use super::query_pairs;
use crate::checks::CheckContext;
use crate::suite::Suite;

fn specs() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs")
}

fn specs_index() -> Index {
    Index::new(&crate::suite::load_paths(&[specs()]).expect("specs load"))
}

fn matched(index: &Index, method: &str, target: &str, body: &str) -> Result<String, String> {
    match index.lookup(method, target, Some("application/json"), body.as_bytes()) {
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
            r##"{"target": {"@odata.type": "#x", "targetLabel": "a", "colour": 1}}"##
        ),
        Err("body /target/colour: not documented".to_string())
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

fn template(lines: &str) -> String {
    format!(
        "## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{lines}\n```\n\n"
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
        matched(&index, "GET", "/v1.0/users/delta()", ""),
        Ok("v1.0/api/b-user-delta#delta".to_string())
    );
    assert_eq!(
        matched(&index, "GET", "/v1.0/users/42", ""),
        Ok("v1.0/api/a-user-get#get".to_string())
    );
}

#[test]
fn every_template_of_the_http_request_block_leads_to_the_pages_examples() {
    let text = format!(
        "{}{}",
        template(
            "GET /me/drive/items/{item-id}\nGET /drives/{drive-id}/items/{item-id}\nGET /me/drive/root:/{item-path}\nGET /sites/{site-id}/drive/items/{item-id}"
        ),
        example("get_item", "GET /me/drive/items/0123", "200 OK")
    );
    let suite = Suite {
        pages: vec![page("v1.0/api/driveitem-get", &text)],
    };
    let index = Index::new(&suite);
    for url in [
        "/v1.0/me/drive/items/0123",
        "/v1.0/drives/b!abc/items/01XYZ",
        "/v1.0/me/drive/root:/FolderA/FileB.txt",
        "/v1.0/Sites/contoso/drive/items/9",
    ] {
        match index.lookup("GET", url, None, b"") {
            Lookup::Matched { id, answered, .. } => {
                assert_eq!(id.as_str(), "v1.0/api/driveitem-get#get_item", "{url}");
                let via = if url.ends_with("0123") {
                    Via::Example
                } else {
                    Via::Template
                };
                assert_eq!(answered.via, via, "{url}");
            }
            Lookup::Unmatched(m) => panic!("{url}: {}", m.reason),
        }
    }
    assert!(matches!(
        index.lookup("GET", "/v1.0/drives/b!abc/items", None, b""),
        Lookup::Unmatched(_)
    ));
}

#[test]
fn the_page_that_lists_the_url_answers_over_one_that_only_matches() {
    // `a-wrapper` sorts first and its example matches `/users/{id}`,
    // but only `b-user-get` lists `/users/{id}` among its templates.
    let listed = format!(
        "{}{}",
        template("GET /users/{id | userPrincipalName}\nGET /me"),
        example("get_user", "GET /v1.0/me", "200 OK")
    );
    let suite = Suite {
        pages: vec![
            page(
                "v1.0/api/a-wrapper",
                &example("odd", "GET /v1.0/users/{id}", "200 OK"),
            ),
            page("v1.0/api/b-user-get", &listed),
        ],
    };
    let index = Index::new(&suite);
    match index.lookup("GET", "/v1.0/users/87d349ed-44d7", None, b"") {
        Lookup::Matched { id, answered, .. } => {
            assert_eq!(id.as_str(), "v1.0/api/b-user-get#get_user");
            assert_eq!(
                answered.why,
                "its page lists this URL in its HTTP request block"
            );
        }
        Lookup::Unmatched(m) => panic!("{}", m.reason),
    }
}

#[test]
fn system_query_options_are_taken_and_other_parameters_must_be_documented() {
    let text = format!(
        "{}{}",
        template("GET /me/calendarView?startDateTime={start}&endDateTime={end}"),
        example(
            "view",
            "GET /v1.0/me/calendarView?startDateTime=2021-01-01&endDateTime=2021-01-02",
            "200 OK"
        )
    );
    let suite = Suite {
        pages: vec![page("v1.0/api/user-list-calendarview", &text)],
    };
    let index = Index::new(&suite);
    for url in [
        "/v1.0/me/calendarView?startDateTime=2020-01-01&endDateTime=2020-02-01&$select=subject&$top=5",
        "/v1.0/me/calendarView?StartDateTime=2020-01-01&endDateTime=2020-02-01&$Select=subject",
        "/v1.0/me/calendarView?%24count=true&%24filter=a%20eq%20b",
    ] {
        assert_eq!(
            matched(&index, "GET", url, ""),
            Ok("v1.0/api/user-list-calendarview#view".to_string()),
            "{url}"
        );
    }
    let refused = matched(&index, "GET", "/v1.0/me/calendarView?color=red", "");
    assert!(
        refused
            .as_ref()
            .is_err_and(|r| r.starts_with("query parameter color: not documented")),
        "{refused:?}"
    );
}

#[test]
fn a_clean_example_answers_before_a_defective_one_for_the_same_request() {
    // The checks page documents the same GET as widget-get, with a
    // misspelt property in its response, and sorts first: with a check
    // context the clean widget-get answers.
    let suite = crate::suite::load_paths(&[specs()]).expect("specs load");
    let target = "/v1.0/widgetCatalog/widgets/5f3c2a7e-91b4-4d0e-8c62-0a9e7d41b3f5";
    let bare = Index::new(&suite);
    let first = matched(&bare, "GET", target, "").expect("documented");
    assert!(first.starts_with("v1.0/api/widget-checks#"), "{first}");
    let checked = Index::with_check(&suite, Arc::new(specs_context(&suite)), Options::default());
    assert_eq!(
        matched(&checked, "GET", target, ""),
        Ok("v1.0/api/widget-get#get_widget".to_string())
    );
}

/// specs/ indexed with its own metadata.
fn checked_specs_index() -> Index {
    let suite = crate::suite::load_paths(&[specs()]).expect("specs load");
    Index::with_check(&suite, Arc::new(specs_context(&suite)), Options::default())
}

fn specs_context(suite: &Suite) -> CheckContext {
    let mut config = crate::config::Config::default();
    config.merge_cli(
        ["v1.0", "beta"]
            .map(|v| {
                (
                    Some(v.to_string()),
                    specs().join(format!("metadata/{v}.csdl.xml")),
                )
            })
            .to_vec(),
        Vec::new(),
    );
    crate::runner::check_context(&config, suite).expect("metadata")
}

#[test]
fn request_bodies_are_judged_by_type_not_by_the_examples_values() {
    let index = checked_specs_index();
    let target = "/v1.0/widgetCatalog/widgets/5f3c2a7e-91b4-4d0e-8c62-0a9e7d41b3f5";
    // A subset of the properties, other values, and the SDK's
    // `@odata.type`: valid for `widget`.
    assert!(
        matched(
            &index,
            "PATCH",
            target,
            r##"{"@odata.type": "#microsoft.graph.widget", "color": "blue"}"##
        )
        .is_ok()
    );
    // A number where the type says string.
    let wrong = matched(&index, "PATCH", target, r#"{"displayName": 7}"#);
    assert!(
        wrong
            .as_ref()
            .is_err_and(|r| r.starts_with("body /displayName")),
        "{wrong:?}"
    );
}

#[test]
fn non_json_bodies_go_to_operations_that_take_bytes() {
    let text = format!(
        "{}<!-- {{\"blockType\": \"request\", \"name\": \"upload\"}} -->\n```http\nPUT /v1.0/me/drive/items/{{parent-id}}:/{{filename}}:/content\nContent-Type: text/plain\n\nThe contents of the file goes here.\n```\n\
         <!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 201 Created\n```\n\n",
        template(
            "PUT /me/drive/items/{parent-id}:/{filename}:/content\nPUT /me/drive/root:/{item-path}:/content"
        )
    );
    let suite = Suite {
        pages: vec![page("v1.0/api/driveitem-put-content", &text)],
    };
    let index = Index::new(&suite);
    for ct in [Some("text/plain"), Some("application/octet-stream"), None] {
        assert!(
            matches!(
                index.lookup(
                    "PUT",
                    "/v1.0/me/drive/root:/FolderA/FileB.txt:/content",
                    ct,
                    b"\x00\x01binary"
                ),
                Lookup::Matched { .. }
            ),
            "{ct:?}"
        );
    }
}

#[test]
fn query_pairs_are_decoded_sorted_and_case_folded() {
    assert_eq!(
        query_pairs("$Top=2&%24select=id%2Cname&Filter=x", "beta"),
        vec![
            ("$filter".to_string(), "x".to_string()),
            ("$select".to_string(), "id,name".to_string()),
            ("$top".to_string(), "2".to_string())
        ]
    );
    // v1.0 wants the `$`: a bare `filter` is an ordinary parameter.
    assert_eq!(
        query_pairs("Filter=x", "v1.0"),
        vec![("filter".to_string(), "x".to_string())]
    );
}

#[test]
fn names_are_compared_without_values_and_case_insensitively() {
    let d = serde_json::json!({"message": {"subject": "x"}, "saveToSentItems": "false"});
    let s = serde_json::json!({"Message": {"subject": 1, "@odata.type": "#m"}, "SaveToSentItems": true});
    assert_eq!(names_difference(&d, &s, ""), None);
    let s = serde_json::json!({"message": {"subjekt": "y"}});
    assert_eq!(
        names_difference(&d, &s, "").as_deref(),
        Some("body /message/subjekt: not documented")
    );
}

#[test]
fn versions_are_stripped() {
    assert_eq!(strip_version("/v1.0/users/x"), "/users/x");
    assert_eq!(strip_version("/beta/me"), "/me");
    assert_eq!(strip_version("/me"), "/me");
}

/// The closest example as it was found before the search was indexed: a
/// scan of every entry, same method first; the reference the indexed
/// search must agree with.
fn closest_by_scan(index: &Index, method: &str, target: &str, body: &[u8]) -> Miss {
    use crate::graph::path::request_segments;
    let (path, query) = super::query::split_target(target);
    let segments = request_segments(path);
    let query = query_pairs(query, crate::graph::version_of(path));
    let sent = super::judge::sent_body(Some("application/json"), body);
    let typed = Typed::new();
    let method = method.to_ascii_uppercase();
    let request = super::closest::Request {
        method: &method,
        segments: &segments,
        query: &query,
        path,
        sent: &sent,
        typed: &typed,
    };
    let mut best: Option<(usize, usize)> = None;
    for pass in [true, false] {
        for (n, e) in index.entries.iter().enumerate() {
            let r = &index.routes[e.route];
            if (r.method == method) != pass {
                continue;
            }
            let (score, _) = index.explain(e, r, &request);
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, n));
            }
        }
        if best.is_some_and(|(s, _)| s / 1000 * 2 >= segments.len()) {
            break;
        }
    }
    match best {
        Some((_, n)) => {
            let e = &index.entries[n];
            let r = &index.routes[e.route];
            Miss {
                closest: Some(r.id.as_str().to_string()),
                reason: index.explain(e, r, &request).1,
            }
        }
        None => Miss {
            closest: None,
            reason: "no example is served".to_string(),
        },
    }
}

/// Issue 11: the closest example is found through the trie, not by a scan
/// of every entry, and names the same example with the same reason as the
/// scan did, for requests that miss in every way: a segment too many, one
/// changed, one missing, another method, an unknown query parameter.
#[test]
fn the_indexed_closest_example_is_the_scans() {
    let index = checked_specs_index();
    let mut targets: Vec<String> = index
        .entries
        .iter()
        .map(|e| super::query::split_target(&e.pattern).0.to_string())
        .collect();
    targets.sort();
    targets.dedup();
    let mut requests: Vec<(&str, String)> = vec![
        ("GET", "/".to_string()),
        ("GET", "/v1.0".to_string()),
        ("GET", "/nowhere/at/all".to_string()),
    ];
    for t in &targets {
        let t = t.replace(['{', '}'], "");
        let trimmed = t.rsplit_once('/').map_or("/", |(head, _)| head).to_string();
        requests.push(("GET", format!("{t}/mdcontractNoSuchSegment")));
        requests.push(("GET", format!("{trimmed}/mdcontractNoSuchSegment")));
        requests.push(("GET", trimmed.clone()));
        requests.push(("PUT", t.clone()));
        requests.push(("DELETE", format!("{t}/x/y/z")));
        requests.push(("GET", format!("{t}?mdcontractParam=1")));
        requests.push(("POST", t.clone()));
    }
    let body = br#"{"mdcontractName": 1}"#;
    let mut misses = 0;
    for (method, target) in &requests {
        for body in [&b""[..], &body[..]] {
            if let Lookup::Unmatched(miss) =
                index.lookup(method, target, Some("application/json"), body)
            {
                misses += 1;
                assert_eq!(
                    miss,
                    closest_by_scan(&index, method, target, body),
                    "{method} {target}"
                );
            }
        }
    }
    assert!(misses > requests.len(), "{misses} misses");
}

/// Issue 15: an index loaded for serving (pages streamed, no page text, the
/// examples dropped once judged) has the same routes, entries and answers
/// as the index of the whole suite, with metadata for every version, for
/// one, and for none (the docs' own schemas).
#[test]
fn an_index_loaded_for_serving_is_the_suites_index() {
    use crate::config::Config;
    use crate::replay::prepare::Prepared;
    let with = |versions: &[&str]| {
        let mut config = Config::default();
        config.merge_cli(
            versions
                .iter()
                .map(|v| {
                    (
                        Some(v.to_string()),
                        specs().join(format!("metadata/{v}.csdl.xml")),
                    )
                })
                .collect(),
            Vec::new(),
        );
        config
    };
    let shown = |index: &Index| -> Vec<String> {
        let routes = index.routes.iter().map(|r| {
            format!(
                "{:?} {} {:?} {:?} {:?} {:?} {:?} {} {:?} {:?} {} {:?} {}",
                r.id,
                r.method,
                r.query,
                r.params,
                r.body,
                r.body_type,
                r.body_print,
                r.body_bytes,
                r.reply,
                r.repaired,
                r.synthesised,
                r.known_problems,
                r.defective
            )
        });
        let entries = index.entries.iter().map(|e| format!("{e:?}"));
        let mut literals: Vec<String> = index
            .literals
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        literals.sort();
        routes
            .chain(entries)
            .chain(literals)
            .chain([format!("{} examples", index.examples)])
            .collect()
    };
    let suite = crate::suite::load_paths(&[specs()]).expect("specs load");
    for config in [with(&["v1.0", "beta"]), with(&["beta"]), with(&[])] {
        for strict in [false, true] {
            let options = Options { strict };
            let ctx = crate::runner::check_context(&config, &suite).expect("metadata");
            let whole = Index::with_check(&suite, Arc::new(ctx), options);
            let loaded = Index::load(&config, &[specs()], options).expect("specs load");
            assert_eq!(shown(&loaded), shown(&whole));
            assert!(whole.len() > 10 && whole.example(0).is_some());
            assert!((0..loaded.route_count()).all(|r| loaded.example(r).is_none()));
            for (page, ex) in suite.examples() {
                let Ok(p) = Prepared::new(&page.source, ex) else {
                    continue;
                };
                let ct = p
                    .request
                    .headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                    .map(|(_, v)| v.as_str());
                let target = &p.request.target;
                let method = &p.request.method;
                let bytes = &p.request.body.bytes;
                assert_eq!(
                    format!("{:?}", loaded.lookup(method, target, ct, bytes)),
                    format!("{:?}", whole.lookup(method, target, ct, bytes)),
                    "{method} {target}"
                );
            }
        }
    }
}

/// An index loaded for a verdict (`verify`) matches every request as the
/// index loaded for serving does, its replies without bodies; what it
/// notes of each page comes in page order.
#[test]
fn an_index_loaded_for_a_verdict_matches_as_the_served_one() {
    use crate::config::Config;
    use crate::replay::prepare::Prepared;
    let mut config = Config::default();
    let metadata = ["v1.0", "beta"].map(|v| {
        let file = specs().join(format!("metadata/{v}.csdl.xml"));
        (Some(v.to_string()), file)
    });
    config.merge_cli(metadata.to_vec(), Vec::new());
    let paths = [specs()];
    let served = Index::load(&config, &paths, Options::default()).expect("specs load");
    let mut noted = Vec::new();
    let judged = Index::load_for_verdict(
        &config,
        &paths,
        Options::default(),
        |page| page.source.page.clone(),
        |page| noted.push(page),
    )
    .expect("specs load");
    let suite = crate::suite::load_paths(&paths).expect("specs load");
    let pages: Vec<String> = suite.pages.iter().map(|p| p.source.page.clone()).collect();
    assert_eq!(noted, pages);
    assert_eq!(judged.route_count(), served.route_count());
    for r in 0..judged.len() {
        let (judged, served) = (judged.reply(r).unwrap(), served.reply(r).unwrap());
        assert_eq!(judged.status, served.status);
        assert!(judged.body.bytes.is_empty() && judged.body.json.is_none());
    }
    for (page, ex) in suite.examples() {
        let Ok(p) = Prepared::new(&page.source, ex) else {
            continue;
        };
        let headers = &p.request.headers;
        let ct = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-type"));
        let ct = ct.map(|(_, v)| v.as_str());
        let (method, target, bytes) = (&p.request.method, &p.request.target, &p.request.body.bytes);
        let shown = |found: Lookup<'_>| match found {
            Lookup::Matched {
                route,
                id,
                answered,
                protocol,
                ..
            } => format!("{route} {id:?} {answered:?} {protocol:?}"),
            Lookup::Unmatched(miss) => format!("{miss:?}"),
        };
        assert_eq!(
            shown(judged.lookup(method, target, ct, bytes)),
            shown(served.lookup(method, target, ct, bytes)),
            "{method} {target}"
        );
    }
}
