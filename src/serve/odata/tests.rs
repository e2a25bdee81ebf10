//! Tests of the OData query options: parsing, and applying them to a body.

use serde_json::{Value, json};

use super::*;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn parse(list: &[(&str, &str)]) -> Result<QueryOptions, QueryError> {
    QueryOptions::parse(&pairs(list))
}

fn parse_beta(list: &[(&str, &str)]) -> Result<QueryOptions, QueryError> {
    QueryOptions::parse_for(&pairs(list), "beta")
}

fn opts(list: &[(&str, &str)]) -> QueryOptions {
    parse(list).expect("valid options")
}

#[test]
fn system_option_is_case_insensitive_with_dollar() {
    assert_eq!(system_option("$select", "v1.0"), Some("$select"));
    assert_eq!(system_option("$SELECT", "v1.0"), Some("$select"));
    assert_eq!(system_option("$skipToken", "v1.0"), Some("$skiptoken"));
    assert_eq!(system_option("$deltaToken", "beta"), Some("$deltatoken"));
    assert_eq!(system_option("$orderBy", "v1.0"), Some("$orderby"));
    assert_eq!(system_option("$apply", "v1.0"), Some("$apply"));
    assert_eq!(system_option("$id", "v1.0"), Some("$id"));
}

#[test]
fn bare_names_are_system_options_only_on_beta() {
    assert_eq!(system_option("select", "beta"), Some("$select"));
    assert_eq!(system_option("Filter", "BETA"), Some("$filter"));
    assert_eq!(system_option("top", "/beta/"), Some("$top"));
    assert_eq!(system_option("select", "v1.0"), None);
    assert_eq!(system_option("top", "v1.0"), None);
    assert_eq!(system_option("select", ""), None);
}

#[test]
fn unknown_and_undocumented_names_are_not_system_options() {
    assert_eq!(system_option("$levels", "v1.0"), None);
    assert_eq!(system_option("$foo", "beta"), None);
    assert_eq!(system_option("$", "beta"), None);
    assert_eq!(system_option("", "beta"), None);
    assert_eq!(system_option("$$select", "beta"), None);
    assert_eq!(system_option("token", "beta"), None);
    assert_eq!(system_option("$sélect", "beta"), None);
    for canonical in SYSTEM_OPTIONS {
        assert_eq!(system_option(canonical, "v1.0"), Some(*canonical));
    }
}

#[test]
fn parse_reads_every_documented_option() {
    let o = opts(&[
        ("$select", "givenName, surname"),
        ("$expand", "members"),
        ("$filter", "startswith(givenName,'J')"),
        ("$orderby", "displayName desc"),
        ("$top", "2"),
        ("$skip", "11"),
        ("$count", "true"),
        ("$search", "\"pizza\""),
        ("$format", "json"),
        ("$skiptoken", "X'44537074'"),
        ("$deltatoken", "latest"),
        ("$apply", "groupby((a))"),
        ("api-version", "2"),
    ]);
    assert_eq!(
        o.select,
        Some(vec!["givenName".to_string(), "surname".to_string()])
    );
    assert_eq!(o.expand.as_deref(), Some("members"));
    assert_eq!(o.filter.as_deref(), Some("startswith(givenName,'J')"));
    assert_eq!(o.orderby.as_deref(), Some("displayName desc"));
    assert_eq!(o.top, Some(2));
    assert_eq!(o.skip, Some(11));
    assert_eq!(o.count, Some(true));
    assert_eq!(o.search.as_deref(), Some("\"pizza\""));
    assert_eq!(o.format.as_deref(), Some("json"));
    assert_eq!(o.skiptoken.as_deref(), Some("X'44537074'"));
    assert_eq!(o.deltatoken.as_deref(), Some("latest"));
    assert_eq!(
        o.other_system,
        vec![("$apply".to_string(), "groupby((a))".to_string())]
    );
    assert_eq!(o.custom, vec![("api-version".to_string(), "2".to_string())]);
    assert!(!o.is_empty());
}

#[test]
fn parse_keeps_custom_parameters_as_given() {
    let o = opts(&[("select", "id"), ("$Foo", "1"), ("format", "pdf")]);
    assert!(o.is_empty());
    assert_eq!(
        o.custom,
        pairs(&[("select", "id"), ("$Foo", "1"), ("format", "pdf")])
    );
}

#[test]
fn parse_for_beta_reads_bare_names() {
    let o = parse_beta(&[("select", "id"), ("top", "3"), ("count", "FALSE")]).expect("valid");
    assert_eq!(o.select, Some(vec!["id".to_string()]));
    assert_eq!(o.top, Some(3));
    assert_eq!(o.count, Some(false));
    assert!(o.custom.is_empty());
}

#[test]
fn top_must_be_a_positive_integer() {
    for bad in [
        "",
        "-1",
        "+1",
        "1.5",
        "abc",
        " 1",
        "0",
        "99999999999999999999999",
    ] {
        assert_eq!(
            parse(&[("$top", bad)]),
            Err(QueryError::InvalidTop {
                value: bad.to_string()
            }),
            "{bad:?}"
        );
    }
    assert_eq!(opts(&[("$top", "1")]).top, Some(1));
    assert_eq!(opts(&[("$top", "007")]).top, Some(7));
}

#[test]
fn skip_must_be_a_non_negative_integer() {
    for bad in ["", "-3", "x", "1e3", "3 "] {
        assert_eq!(
            parse(&[("$skip", bad)]),
            Err(QueryError::InvalidSkip {
                value: bad.to_string()
            })
        );
    }
    assert_eq!(opts(&[("$skip", "0")]).skip, Some(0));
    assert_eq!(
        opts(&[("$skip", "18446744073709551615")]).skip,
        Some(u64::MAX)
    );
}

#[test]
fn count_must_be_true_or_false() {
    assert_eq!(opts(&[("$count", "True")]).count, Some(true));
    assert_eq!(opts(&[("$count", "false")]).count, Some(false));
    for bad in ["", "1", "yes", "truee"] {
        assert_eq!(
            parse(&[("$count", bad)]),
            Err(QueryError::InvalidCount {
                value: bad.to_string()
            })
        );
    }
}

#[test]
fn duplicate_system_option_is_an_error() {
    assert_eq!(
        parse(&[("$top", "1"), ("$TOP", "2")]),
        Err(QueryError::Duplicate {
            name: "$top".to_string()
        })
    );
    assert_eq!(
        parse_beta(&[("$select", "a"), ("select", "b")]),
        Err(QueryError::Duplicate {
            name: "$select".to_string()
        })
    );
    // On v1.0 the bare one is a custom parameter, so no clash.
    let o = opts(&[("$select", "a"), ("select", "b")]);
    assert_eq!(o.select, Some(vec!["a".to_string()]));
    // Custom parameters may repeat.
    assert_eq!(opts(&[("x", "1"), ("x", "2")]).custom.len(), 2);
}

#[test]
fn errors_have_graph_messages_and_body() {
    let err = parse(&[("$top", "abc")]).expect_err("invalid");
    assert_eq!(err.status(), 400);
    assert!(err.to_string().contains("'abc'"));
    assert!(err.to_string().contains("$top"));
    let body = err.to_json();
    assert_eq!(body["error"]["code"], "BadRequest");
    assert_eq!(body["error"]["message"], err.to_string());
    let dup = parse(&[("$skip", "1"), ("$skip", "1")]).expect_err("dup");
    assert!(
        dup.to_string()
            .contains("'$skip' was specified more than once")
    );
    let count = parse(&[("$count", "maybe")]).expect_err("count");
    assert_eq!(count.to_string(), "'maybe' is not a valid count option.");
}

#[test]
fn select_split_handles_spaces_empties_and_parentheses() {
    let o = opts(&[("$select", " id ,, displayName,manager($select=id,mail) ,")]);
    assert_eq!(
        o.select,
        Some(vec![
            "id".to_string(),
            "displayName".to_string(),
            "manager($select=id,mail)".to_string()
        ])
    );
    assert_eq!(opts(&[("$select", "")]).select, Some(vec![]));
    assert_eq!(
        opts(&[("$select", ")),(")]).select.map(|s| s.len()),
        Some(2)
    );
}

fn users() -> Value {
    json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
        "value": [
            {"id": "1", "displayName": "A", "mail": "a@x", "jobTitle": "x"},
            {"id": "2", "displayName": "B", "mail": "b@x", "jobTitle": "y"},
            {"id": "3", "displayName": "C", "mail": "c@x", "jobTitle": "z"},
            {"id": "4", "displayName": "D", "mail": "d@x", "jobTitle": "w"}
        ]
    })
}

fn ids(body: &Value) -> Vec<String> {
    body["value"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| i["id"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn skip_then_top_slice_value() {
    let mut body = users();
    apply(&opts(&[("$top", "2"), ("$skip", "1")]), &mut body);
    assert_eq!(ids(&body), ["2", "3"]);
    // Order of the parameters does not matter: skip is applied first.
    let mut body = users();
    apply(&opts(&[("$skip", "1"), ("$top", "2")]), &mut body);
    assert_eq!(ids(&body), ["2", "3"]);
}

#[test]
fn top_and_skip_beyond_the_length_are_fine() {
    let mut body = users();
    apply(&opts(&[("$top", "100")]), &mut body);
    assert_eq!(ids(&body).len(), 4);
    let mut body = users();
    apply(&opts(&[("$skip", "100")]), &mut body);
    assert_eq!(ids(&body).len(), 0);
    let mut body = users();
    apply(
        &opts(&[
            ("$skip", "18446744073709551615"),
            ("$top", "18446744073709551615"),
        ]),
        &mut body,
    );
    assert_eq!(ids(&body).len(), 0);
}

#[test]
fn top_does_not_invent_a_next_link() {
    let mut body = users();
    apply(&opts(&[("$top", "1")]), &mut body);
    assert_eq!(ids(&body), ["1"]);
    assert!(body.get("@odata.nextLink").is_none());
}

#[test]
fn documented_next_link_is_kept() {
    let mut body = users();
    body["@odata.nextLink"] = json!("https://graph.microsoft.com/v1.0/users?$skiptoken=abc");
    apply(&opts(&[("$top", "1")]), &mut body);
    assert_eq!(
        body["@odata.nextLink"],
        "https://graph.microsoft.com/v1.0/users?$skiptoken=abc"
    );
}

#[test]
fn count_true_adds_total_before_slicing_after_context() {
    let mut body = users();
    apply(&opts(&[("$count", "true"), ("$top", "1")]), &mut body);
    assert_eq!(body["@odata.count"], 4);
    let keys: Vec<&String> = body
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["@odata.context", "@odata.count", "value"]);
}

#[test]
fn count_goes_first_without_context() {
    let mut body = json!({"value": [1, 2]});
    apply(&opts(&[("$count", "true")]), &mut body);
    let keys: Vec<&String> = body
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["@odata.count", "value"]);
    assert_eq!(body["@odata.count"], 2);
}

#[test]
fn documented_count_wins_and_false_adds_nothing() {
    let mut body = users();
    body["@odata.count"] = json!(893);
    apply(&opts(&[("$count", "true")]), &mut body);
    assert_eq!(body["@odata.count"], 893);
    let mut body = users();
    apply(&opts(&[("$count", "false")]), &mut body);
    assert!(body.get("@odata.count").is_none());
}

#[test]
fn select_trims_collection_items() {
    let mut body = users();
    apply(&opts(&[("$select", "DISPLAYNAME,notShown")]), &mut body);
    assert_eq!(body["value"][0], json!({"id": "1", "displayName": "A"}));
    assert_eq!(body["value"][3], json!({"id": "4", "displayName": "D"}));
    // Top-level members of the collection are untouched.
    assert!(body.get("@odata.context").is_some());
}

#[test]
fn select_keeps_annotations() {
    let mut body = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
        "@odata.etag": "W/\"1\"",
        "@microsoft.graph.downloadUrl": "https://x",
        "@microsoft.graph.conflictBehavior": "fail",
        "id": "1",
        "displayName": "A",
        "members@odata.nextLink": "https://next",
        "members@delta": [],
        "members": [],
        "owners@odata.nextLink": "https://owners",
        "owners": [],
        "mail": "a@x"
    });
    apply(
        &opts(&[("$select", "members,@microsoft.graph.downloadUrl")]),
        &mut body,
    );
    assert_eq!(
        body,
        json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
            "@odata.etag": "W/\"1\"",
            "@microsoft.graph.downloadUrl": "https://x",
            "id": "1",
            "members@odata.nextLink": "https://next",
            "members@delta": [],
            "members": []
        })
    );
}

#[test]
fn select_paths_casts_and_nested_options_keep_the_head_property() {
    let mut body =
        json!({"id": "1", "from": {"emailAddress": {}}, "subject": "s", "body": {}, "manager": {}});
    apply(
        &opts(&[(
            "$select",
            "from/emailAddress/address,microsoft.graph.message/subject,manager($select=id)",
        )]),
        &mut body,
    );
    assert_eq!(
        body,
        json!({"id": "1", "from": {"emailAddress": {}}, "subject": "s", "manager": {}})
    );
}

#[test]
fn select_keeps_expanded_properties() {
    let mut body =
        json!({"id": "r", "name": "root", "size": 1, "children": [{"id": "c"}], "thumbnails": []});
    apply(
        &opts(&[
            ("$select", "name"),
            ("$expand", "children($select=id,name),thumbnails/$ref"),
        ]),
        &mut body,
    );
    assert_eq!(
        body,
        json!({"id": "r", "name": "root", "children": [{"id": "c"}], "thumbnails": []})
    );
}

#[test]
fn select_star_or_empty_keeps_everything() {
    for sel in ["*", "", " , ", "id,*"] {
        let mut body = users();
        apply(&opts(&[("$select", sel)]), &mut body);
        assert_eq!(body, users(), "{sel:?}");
    }
}

#[test]
fn expand_alone_is_a_no_op() {
    let mut body = users();
    apply(&opts(&[("$expand", "members")]), &mut body);
    assert_eq!(body, users());
}

#[test]
fn entity_is_not_paged_but_is_selected() {
    let mut body = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
        "id": "1", "displayName": "A", "mail": "a@x"
    });
    apply(
        &opts(&[
            ("$top", "1"),
            ("$skip", "5"),
            ("$count", "true"),
            ("$select", "mail"),
        ]),
        &mut body,
    );
    assert_eq!(
        body,
        json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
            "id": "1", "mail": "a@x"
        })
    );
}

#[test]
fn entity_with_a_value_array_is_not_a_collection() {
    let original = json!({"id": "String {…} Name x", "value": ["a", "b", "c"]});
    let mut body = original.clone();
    apply(&opts(&[("$top", "1"), ("$count", "true")]), &mut body);
    assert_eq!(body, original);
    assert_eq!(count_text(&original), None);
    let entity_ctx = json!({"@odata.context": "x/$entity", "value": [1, 2]});
    let mut body = entity_ctx.clone();
    apply(&opts(&[("$top", "1")]), &mut body);
    assert_eq!(body, entity_ctx);
}

#[test]
fn primitive_items_survive_select() {
    let mut body = json!({"value": ["a", 1, null, {"id": "x", "p": 1}]});
    apply(&opts(&[("$select", "q")]), &mut body);
    assert_eq!(body, json!({"value": ["a", 1, null, {"id": "x"}]}));
}

#[test]
fn odd_bodies_do_not_panic_and_are_left_alone() {
    let all = opts(&[
        ("$select", "a"),
        ("$top", "1"),
        ("$skip", "1"),
        ("$count", "true"),
        ("$expand", "b"),
    ]);
    for original in [
        json!(null),
        json!(true),
        json!(3),
        json!("text"),
        json!([1, 2, 3]),
        json!([{"id": 1, "a": 1, "b": 2}]),
        json!({"error": {"code": "x", "message": "y"}}),
    ] {
        let mut body = original.clone();
        apply(&all, &mut body);
        assert_eq!(body, original);
    }
    // `value` that is not an array: an entity, selected as such.
    let mut body = json!({"value": "x", "a": 1, "b": 2, "c": 3});
    apply(&all, &mut body);
    assert_eq!(body, json!({"a": 1, "b": 2}));
    let mut body = json!({});
    apply(&all, &mut body);
    assert_eq!(body, json!({}));
}

#[test]
fn odd_names_values_and_bodies_do_not_panic() {
    let odd = [
        "", "$", "é", "$é", "(", ")", ",", "/", "@", "@é", "a@", "@odat", "*", "\u{0}",
    ];
    let bodies = [
        json!({"value": [{"é": 1, "@é": 2, "a@": 3, "@odat": 4, "": 5}]}),
        json!({"@odata.context": 1, "value": [[], null]}),
    ];
    for name in odd {
        for value in odd {
            for version in ["v1.0", "beta", ""] {
                let _ = system_option(name, version);
                let list = pairs(&[(name, value), ("$select", value), ("$expand", value)]);
                if let Ok(o) = QueryOptions::parse_for(&list, version) {
                    for body in &bodies {
                        let mut b = body.clone();
                        apply(&o, &mut b);
                        let _ = count_text(&b);
                    }
                }
            }
        }
    }
}

#[test]
fn no_options_change_nothing() {
    let mut body = users();
    apply(&QueryOptions::default(), &mut body);
    assert_eq!(body, users());
}

#[test]
fn count_text_counts_collections() {
    assert_eq!(count_text(&users()).as_deref(), Some("4"));
    assert_eq!(count_text(&json!({"value": []})).as_deref(), Some("0"));
    let mut with_total = users();
    with_total["@odata.count"] = json!(893);
    assert_eq!(count_text(&with_total).as_deref(), Some("893"));
    with_total["@odata.count"] = json!("many");
    assert_eq!(count_text(&with_total).as_deref(), Some("4"));
    assert_eq!(count_text(&json!(17)).as_deref(), Some("17"));
    assert_eq!(count_text(&json!(-1)), None);
    assert_eq!(count_text(&json!(1.5)), None);
    assert_eq!(count_text(&json!([1, 2])), None);
    assert_eq!(count_text(&json!({"id": "1"})), None);
    assert_eq!(count_text(&json!({"value": 3})), None);
    assert_eq!(count_text(&json!("3")), None);
}
