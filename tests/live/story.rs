//! Placeholders, page order, and writes: nothing but GET and HEAD is sent
//! without `--allow-writes`; with it, the id a POST creates fills the later
//! URLs of the page.

use std::collections::BTreeMap;
use std::sync::Arc;

use mdcontract::replay::live::Placeholders;
use mdcontract::replay::{PageSession, Replayer, Verdict, runtime};

use crate::service::{
    CREATED_ID, PART_ID, explained, mount_story, received, replay, start, story_page,
    story_requests, suite, target,
};

const HEAD: &str = "v1.0/api/widget-story";

fn part_config() -> Placeholders {
    Placeholders::new(BTreeMap::from([(
        "part-id".to_string(),
        PART_ID.to_string(),
    )]))
}

#[test]
fn without_allow_writes_writes_are_skipped_and_nothing_but_gets_is_sent() {
    // Arrange
    let server = start();
    mount_story(&server);
    let replayer = Replayer::live(target(&server, |b| b), part_config());

    // Act
    let reports = replay(replayer, &suite(&[(HEAD, &story_page())]));

    // Assert: the writes are skipped (not passed), with the reason; the GET
    // that needs the created id has none, so it is skipped too, saying how
    // to give it one; the GET with a configured id is sent and passes.
    let reason = |name: &str| match &reports
        .iter()
        .find(|r| r.id.as_str().ends_with(&format!("#{name}")))
        .expect("report")
        .verdict
    {
        Verdict::Skipped { reason } => reason.clone(),
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(
        reason("create"),
        "POST is a write; live replay sends only GET and HEAD unless --allow-writes"
    );
    assert_eq!(
        reason("update"),
        "PATCH is a write; live replay sends only GET and HEAD unless --allow-writes"
    );
    assert_eq!(
        reason("delete"),
        "DELETE is a write; live replay sends only GET and HEAD unless --allow-writes"
    );
    assert_eq!(
        reason("get"),
        "no value for `{widget-id}`: set `widget-id` under [placeholders] in mdcontract.toml, \
         or create the object in an earlier example of the page (writes need --allow-writes)"
    );
    assert!(explained(&reports, "get_part").ends_with(": passed"));
    assert_eq!(received(&server), [format!("GET /v1.0/parts/{PART_ID}")]);
}

#[test]
fn with_allow_writes_the_created_id_fills_the_later_urls_in_page_order() {
    let server = start();
    mount_story(&server);
    let target = target(&server, |b| b.should_allow_writes(true));
    let replayer = Replayer::live(target, part_config());

    let reports = replay(replayer, &suite(&[(HEAD, &story_page())]));

    for name in ["create", "get", "update", "delete", "get_part"] {
        let text = explained(&reports, name);
        assert!(text.ends_with(": passed"), "{text}");
    }
    let mut story = story_requests(CREATED_ID);
    story.push(format!("GET /v1.0/parts/{PART_ID}"));
    assert_eq!(received(&server), story);
}

#[test]
fn asking_for_one_example_first_runs_the_examples_that_create_its_id_once() {
    // The `cargo test` harness asks for one example per trial, in any order.
    let server = start();
    mount_story(&server);
    let target = target(&server, |b| b.should_allow_writes(true));
    let replayer = Arc::new(Replayer::live(target, part_config()));
    let session = PageSession::new(replayer, suite(&[(HEAD, &story_page())]), 0);

    let get_part = runtime().block_on(session.report(4));
    let delete = runtime().block_on(session.report(3));
    let create = runtime().block_on(session.report(0));

    for r in [&get_part, &delete, &create] {
        assert!(r.passed(), "{}", r.explain());
    }
    // get_part needs nothing earlier: it ran alone. delete needs the id: the
    // examples before it ran first, in order; create was not sent twice.
    let widget = format!("/v1.0/widgets/{CREATED_ID}");
    assert_eq!(
        received(&server),
        [
            format!("GET /v1.0/parts/{PART_ID}"),
            "POST /v1.0/widgets".to_string(),
            format!("GET {widget}"),
            format!("PATCH {widget}"),
            format!("DELETE {widget}"),
        ]
    );
}

#[test]
fn a_documented_authorization_header_is_replaced_not_sent() {
    let server = start();
    mount_story(&server);
    let target = target(&server, |b| {
        b.with_credentials(mdcontract::replay::live::Credentials::Bearer(
            mdcontract::replay::live::Secret::new("real-token"),
        ))
    });
    let config = Placeholders::new(BTreeMap::from([(
        "widget-id".to_string(),
        CREATED_ID.to_string(),
    )]));
    let reports = replay(
        Replayer::live(target, config),
        &suite(&[(HEAD, &story_page())]),
    );
    assert!(explained(&reports, "get").ends_with(": passed"));
    let sent = runtime()
        .block_on(server.received_requests())
        .unwrap_or_default();
    let auth: Vec<&str> = sent
        .iter()
        .flat_map(|r| r.headers.get_all("authorization"))
        .filter_map(|v| v.to_str().ok())
        .collect();
    // Only `get` was sent (the others are writes, or lack `{part-id}`), and
    // its documented `Authorization: Bearer {token}` gave way to the token.
    assert_eq!(auth, ["Bearer real-token"]);
    assert_eq!(sent.len(), 1);
}
