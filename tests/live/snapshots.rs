//! The live snapshot pins the answer's shape, not its values: it holds
//! across calls that create other ids at other times.

use std::collections::BTreeMap;
use std::path::Path;

use mdcontract::replay::live::Placeholders;
use mdcontract::replay::{Replayer, runtime};

use crate::service::{PART_ID, mount_story_as, replay, start, story_page, suite, target};

/// The accepted snapshots of the story, as a reviewer would have accepted
/// them after a first run.
const ACCEPTED: &[(&str, &str)] = &[
    (
        "create",
        "POST /v1.0/widgets\n\nHTTP 201\ncontent-type: application/json\n\n{\n  \"createdDateTime\": \"<date-time>\",\n  \"id\": \"<id>\",\n  \"name\": \"<string>\"\n}",
    ),
    (
        "get",
        "GET /v1.0/widgets/{widget-id}\n\nHTTP 200\ncontent-type: application/json\n\n{\n  \"createdDateTime\": \"<date-time>\",\n  \"id\": \"<id>\",\n  \"name\": \"<string>\"\n}",
    ),
    ("update", "PATCH /v1.0/widgets/{widget-id}\n\nHTTP 204"),
    ("delete", "DELETE /v1.0/widgets/{widget-id}\n\nHTTP 204"),
    (
        "get_part",
        "GET /v1.0/parts/{part-id}\n\nHTTP 200\ncontent-type: application/json\n\n{\n  \"id\": \"<id>\",\n  \"size\": \"<number>\"\n}",
    ),
];

fn accept(root: &Path) {
    let dir = root.join("v1.0/api/widget-story");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (name, text) in ACCEPTED {
        std::fs::write(
            dir.join(format!("{name}.snap")),
            format!("---\nsource: tests/live/snapshots.rs\n---\n{text}\n"),
        )
        .expect("write snapshot");
    }
}

#[test]
fn the_shape_snapshot_holds_across_calls_with_other_ids_and_dates() {
    // Arrange: accepted snapshots, and a service that creates a widget.
    let root = tempfile::tempdir().expect("temp dir");
    accept(root.path());
    let server = start();
    let pages = suite(&[("v1.0/api/widget-story", &story_page())]);
    let config = Placeholders::new(BTreeMap::from([("part-id".into(), PART_ID.into())]));
    let run = || {
        let target = target(&server, |b| b.should_allow_writes(true));
        replay(
            Replayer::live(target, config.clone()).with_snapshots(root.path()),
            &pages,
        )
    };

    // Act: two calls, each creating another widget at another time.
    mount_story_as(
        &server,
        "8d9e0f1a-2b3c-4d5e-6f70-8192a3b4c5d6",
        "2026-01-02T03:04:05Z",
    );
    let first = run();
    runtime().block_on(server.reset());
    mount_story_as(&server, "AAMkAGI2TG93AAA=", "2027-11-30T23:59:59.1234567Z");
    let second = run();

    // Assert
    for r in first.iter().chain(&second) {
        assert!(r.passed(), "{}", r.explain());
    }
    let pending: Vec<_> = std::fs::read_dir(root.path().join("v1.0/api/widget-story"))
        .expect("read dir")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "new"))
        .collect();
    assert!(pending.is_empty(), "{pending:?}");
}

#[test]
fn a_changed_shape_fails_the_snapshot_with_mc5005() {
    let root = tempfile::tempdir().expect("temp dir");
    accept(root.path());
    let server = start();
    crate::service::mount(
        &server,
        wiremock::Mock::given(wiremock::matchers::path(format!("/v1.0/parts/{PART_ID}")))
            .respond_with(crate::service::json(
                200,
                serde_json::json!({"id": "p", "size": "4"}),
            )),
    );
    let config = Placeholders::new(BTreeMap::from([("part-id".into(), PART_ID.into())]));
    let replayer = Replayer::live(target(&server, |b| b), config).with_snapshots(root.path());

    let reports = replay(
        replayer,
        &suite(&[("v1.0/api/widget-story", &story_page())]),
    );

    let text = crate::service::explained(&reports, "get_part");
    assert!(
        text.contains(
            "error[MC5010]: response body shape at /size: expected number, actual string"
        ),
        "{text}"
    );
    assert!(text.contains("error[MC5005]: "), "{text}");
}
