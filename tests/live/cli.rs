//! `mdcontract replay --live`: flags, exit codes, and what it prints.

use crate::service::{
    CREATED_ID, PART_ID, drift_page, mount_drift, mount_story, received, replay_live, start,
    story_page, story_requests, write_page,
};

// Runs the CLI with `env` and none of the caller's MDCONTRACT_ variables.
use crate::common::cli::mdcontract_isolated as mdcontract;

/// The story page and a config giving `{part-id}`, in a temp dir.
fn story_dir() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    write_page(dir.path(), "v1.0/api/widget-story", &story_page());
    let config = dir.path().join("mdcontract.toml");
    std::fs::write(
        &config,
        format!("[placeholders]\npart-id = \"{PART_ID}\"\n"),
    )
    .expect("config");
    let docs = dir.path().join("v1.0").to_str().expect("utf-8").to_string();
    let config = config.to_str().expect("utf-8").to_string();
    (dir, docs, config)
}

#[test]
fn without_allow_writes_the_cli_sends_no_write() {
    // Arrange
    let server = start();
    mount_story(&server);
    let (_dir, docs, config) = story_dir();

    // Act
    let out = replay_live(&docs, &server.uri(), &["--config", &config], &[]);

    // Assert: skipped is not failed, and only the GET went out.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.ends_with(&format!(
            "s against {} with no credentials, read-only\n1 passed, 0 failed, 4 skipped\n",
            server.uri()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            ": skipped: POST is a write; live replay sends only GET and HEAD unless --allow-writes"
        ),
        "{stdout}"
    );
    assert_eq!(received(&server), [format!("GET /v1.0/parts/{PART_ID}")]);
}

#[test]
fn with_allow_writes_the_cli_replays_the_story() {
    let server = start();
    mount_story(&server);
    let (_dir, docs, config) = story_dir();

    let out = replay_live(
        &docs,
        &format!("v1.0={}/v1.0", server.uri()),
        &["--allow-writes", "--timeout", "5", "--config", &config],
        &[],
    );

    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.ends_with("5 passed, 0 failed, 0 skipped\n"),
        "{stdout}"
    );
    assert_eq!(received(&server).len(), 5);
}

#[test]
fn drift_is_a_failure_with_pointer_and_values_in_json_lines() {
    let server = start();
    mount_drift(&server);
    let dir = tempfile::tempdir().expect("temp dir");
    write_page(dir.path(), "v1.0/api/widget-drift", &drift_page());
    let docs = dir.path().to_str().expect("utf-8");

    let out = replay_live(
        docs,
        &server.uri(),
        &[
            "--format",
            "json",
            "--filter",
            "*#retyped",
            "--timeout",
            "1",
        ],
        &[],
    );

    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["verdict"], "failed");
    assert_eq!(
        lines[0]["mismatches"][0],
        serde_json::json!({
            "code": "MC5010",
            "span": lines[0]["mismatches"][0]["span"].clone(),
            "location": {"line": 32, "col": 17},
            "message": "response body shape",
            "pointer": "/value/0/count",
            "expected": "number",
            "actual": "string"
        })
    );
    assert_eq!(lines[1]["failed"], 1);
}

#[test]
fn usage_errors_exit_2_and_say_what_is_missing() {
    let no_base = mdcontract(&["replay", "specs/", "--live"], &[]);
    assert_eq!(no_base.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&no_base.stderr),
        "error: --live needs --base-url URL (the service root, such as https://graph.microsoft.com) \
         or MDCONTRACT_BASE_URL\n"
    );
    let bad_base = mdcontract(
        &["replay", "specs/", "--live", "--base-url", "gamma=http://x"],
        &[],
    );
    assert_eq!(
        String::from_utf8_lossy(&bad_base.stderr),
        "error: base URL `gamma=http://x`: `gamma` is not an API version (`v1.0`, `beta`)\n"
    );
    let bad_timeout = mdcontract(
        &[
            "replay",
            "specs/",
            "--live",
            "--base-url",
            "http://127.0.0.1:1",
            "--timeout",
            "0",
        ],
        &[],
    );
    assert_eq!(
        String::from_utf8_lossy(&bad_timeout.stderr),
        "error: --timeout: timeout `0` is not a number of seconds between 0 and 86400\n"
    );
    let half_credentials = mdcontract(
        &[
            "replay",
            "specs/",
            "--live",
            "--base-url",
            "http://127.0.0.1:1",
        ],
        &[("MDCONTRACT_CLIENT_ID", "app")],
    );
    assert_eq!(half_credentials.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&half_credentials.stderr).starts_with(
            "error: client credentials need MDCONTRACT_TOKEN_URL, MDCONTRACT_CLIENT_ID and MDCONTRACT_CLIENT_SECRET"
        )
    );
    // Live-only flags without --live are a clap usage error.
    let writes_alone = mdcontract(&["replay", "specs/", "--allow-writes"], &[]);
    assert_eq!(writes_alone.status.code(), Some(2));
}

#[test]
fn the_cli_stops_before_any_example_when_the_token_endpoint_refuses() {
    let server = start();
    mount_story(&server);
    crate::service::mount(
        &server,
        wiremock::Mock::given(wiremock::matchers::path("/token")).respond_with(
            wiremock::ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"error": "invalid_client"})),
        ),
    );
    let (_dir, docs, config) = story_dir();
    let token_url = format!("{}/token", server.uri());

    let out = replay_live(
        &docs,
        &server.uri(),
        &["--config", &config],
        &[
            ("MDCONTRACT_TOKEN_URL", &token_url),
            ("MDCONTRACT_CLIENT_ID", "app-1"),
            ("MDCONTRACT_CLIENT_SECRET", "x-secret-x"),
        ],
    );

    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "error: cannot get an access token from {token_url}: \
             the token endpoint answered 401 Unauthorized: invalid_client\n"
        )
    );
    assert!(out.stdout.is_empty());
    assert_eq!(received(&server), ["POST /token"]);
}

#[test]
fn a_filtered_example_that_needs_a_created_id_runs_the_examples_before_it() {
    let server = start();
    mount_story(&server);
    let (_dir, docs, config) = story_dir();

    let out = replay_live(
        &docs,
        &server.uri(),
        &[
            "--allow-writes",
            "--config",
            &config,
            "--filter",
            "*#delete",
        ],
        &[],
    );

    // Only `delete` is reported; `create` had to run for its id, and the
    // examples between ran in page order.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.ends_with("1 passed, 0 failed, 0 skipped\n"),
        "{stdout}"
    );
    assert_eq!(received(&server), story_requests(CREATED_ID));
}
