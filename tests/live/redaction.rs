//! No output of a live run holds the token or the client secret: not the
//! CLI's text or JSON lines, not its errors, not the JUnit file, not a
//! report, not a snapshot, even when the service echoes the token back and
//! the token endpoint echoes the secret.

use std::path::Path;

use mdcontract::replay::Replayer;
use mdcontract::replay::live::{Credentials, Secret};
use mdcontract::report::junit::replay::junit_xml;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::auth::{ACCESS_TOKEN, SECRET, SECRET_FORM, client_credentials, get_pages};
use crate::service::{
    Echo, mount, mount_token_endpoint, replay, replay_live, start, target, write_page,
};

/// A bearer token given in MDCONTRACT_TOKEN.
const BEARER: &str = "bearer-token-0f9e8d7c6b5a";

/// Every form a secret could be found in.
const NEVER: &[&str] = &[
    SECRET,
    SECRET_FORM,
    ACCESS_TOKEN,
    BEARER,
    "access-123",
    "0f9e8d7c6b5a",
];

/// The three examples of `get_pages(3)` answered by the three echoes.
fn mount_echoes(server: &MockServer) {
    for (i, echo) in [Echo::Text, Echo::ErrorMessage, Echo::Key]
        .into_iter()
        .enumerate()
    {
        mount(
            server,
            Mock::given(method("GET"))
                .and(path(format!("/v1.0/things/{i}")))
                .respond_with(echo),
        );
    }
}

/// Every file under `dir`, as text.
fn files_under(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let text = String::from_utf8_lossy(&std::fs::read(&p).expect("read")).into_owned();
                out.push((p.display().to_string(), text));
            }
        }
    }
    out
}

fn assert_clean(outputs: &[(String, String)]) {
    for (name, text) in outputs {
        for secret in NEVER {
            assert!(!text.contains(secret), "{name} holds `{secret}`:\n{text}");
        }
    }
}

#[test]
fn no_report_junit_file_or_snapshot_holds_the_token() {
    // Arrange: client credentials, and a service that echoes the token.
    let server = start();
    mount_token_endpoint(&server, SECRET_FORM, ACCESS_TOKEN, 3600);
    mount_echoes(&server);
    let snapshots = tempfile::tempdir().expect("temp dir");
    // The accepted snapshot of the example whose answer has the token as a
    // key: the check passes only if the text insta compares is redacted
    // (with or without CI, which writes no new snapshot to grep).
    let accepted = snapshots.path().join("v1.0/api/thing-2");
    std::fs::create_dir_all(&accepted).expect("mkdir");
    std::fs::write(
        accepted.join("get_2.snap"),
        "---\nsource: tests/live/redaction.rs\n---\nGET /v1.0/things/2\n\nHTTP 200\n\
         content-type: application/json\n\n{\n  \"Bearer ***\": \"<boolean>\",\n  \"id\": \"<id>\"\n}\n",
    )
    .expect("write snapshot");
    let target = target(&server, |b| b.with_credentials(client_credentials(&server)));
    let replayer = Replayer::live(target, Default::default()).with_snapshots(snapshots.path());

    // Act
    let reports = replay(replayer, &get_pages(3));

    // Assert: the echoes reached the reports, masked.
    let mut outputs = vec![("junit".to_string(), junit_xml(&reports, 1.0))];
    for r in &reports {
        outputs.push((format!("{} explained", r.id), r.explain()));
        outputs.push((
            format!("{} as JSON", r.id),
            serde_json::to_string(r).expect("JSON"),
        ));
    }
    outputs.extend(files_under(snapshots.path()));
    assert_clean(&outputs);
    let all: String = outputs.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains("you sent Bearer ***"), "{all}");
    let key = crate::service::explained(&reports, "get_2");
    assert!(
        key.ends_with(
            "error[MC5009]: response body shape at /Bearer ***: expected (absent), actual boolean"
        ),
        "{key}"
    );
}

#[test]
fn no_cli_output_holds_the_bearer_token_or_the_client_secret() {
    let server = start();
    mount_echoes(&server);
    let dir = tempfile::tempdir().expect("temp dir");
    for (i, p) in get_pages(3).pages.iter().enumerate() {
        write_page(dir.path(), &format!("v1.0/api/thing-{i}"), &p.source.text);
    }
    let docs = dir.path().to_str().expect("utf-8").to_string();
    let junit = dir.path().join("out.xml");
    let mut outputs = Vec::new();

    // A bearer token, text then JSON lines, each with a JUnit file.
    for format in ["text", "json"] {
        let out = replay_live(
            &docs,
            &server.uri(),
            &[
                "--format",
                format,
                "--junit",
                junit.to_str().expect("utf-8"),
            ],
            &[("MDCONTRACT_TOKEN", BEARER)],
        );
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(stdout.contains("you sent Bearer ***"), "{stdout}");
        outputs.push((format!("{format} stdout"), stdout));
        outputs.push((
            format!("{format} stderr"),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ));
        outputs.push((
            format!("{format} junit"),
            std::fs::read_to_string(&junit).expect("junit"),
        ));
    }

    // Client credentials, against a token endpoint that quotes the request
    // (the form-encoded secret) in its error.
    mount(
        &server,
        Mock::given(method("POST"))
            .and(path("/token"))
            .respond_with(|req: &Request| {
                ResponseTemplate::new(400).set_body_json(serde_json::json!({
                "error": "invalid_request",
                "error_description": format!("cannot read {}", String::from_utf8_lossy(&req.body)),
            }))
            }),
    );
    let token_url = format!("{}/token", server.uri());
    let out = replay_live(
        &docs,
        &server.uri(),
        &[],
        &[
            ("MDCONTRACT_TOKEN_URL", &token_url),
            ("MDCONTRACT_CLIENT_ID", "app-1"),
            ("MDCONTRACT_CLIENT_SECRET", SECRET),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.contains("client_secret=***&"), "{stderr}");
    outputs.push(("client credentials stderr".into(), stderr));
    outputs.push((
        "client credentials stdout".into(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    ));

    assert_clean(&outputs);
    // And the secrets' own Debug output, for good measure.
    let creds = Credentials::Bearer(Secret::new(BEARER));
    assert_clean(&[("debug".into(), format!("{creds:?} {}", creds.describe()))]);
}
