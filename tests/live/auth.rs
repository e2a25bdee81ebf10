//! Client credentials: one token for every request in flight, fetched again
//! when it is due, and a token endpoint that refuses.

use std::sync::Arc;
use std::time::Duration;

use mdcontract::replay::live::auth::{ClientCredentials, DEFAULT_SCOPE};
use mdcontract::replay::live::{Credentials, Secret};
use mdcontract::replay::{ExampleReport, LiveTarget, Verdict};
use mdcontract::suite::Suite;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::service::{
    json, mount, mount_token_endpoint, received, replay, replayer, start, suite, target,
};

/// The client secret, with characters that form encoding changes.
pub const SECRET: &str = "s3cr3t~with/slash+plus";
/// [`SECRET`] as `application/x-www-form-urlencoded` sends it.
pub const SECRET_FORM: &str = "s3cr3t%7Ewith%2Fslash%2Bplus";
pub const ACCESS_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.access-123";

/// `n` pages with one GET each (pages are replayed in parallel).
pub fn get_pages(n: usize) -> Arc<Suite> {
    let pages: Vec<(String, String)> = (0..n)
        .map(|i| {
            (
                format!("v1.0/api/thing-{i}"),
                format!(
                    "# Thing {i}\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"get_{i}\" }} -->\n\
                     ```http\nGET https://graph.microsoft.com/v1.0/things/{i}\n```\n\n\
                     <!-- {{ \"blockType\": \"response\", \"name\": \"get_{i}\" }} -->\n\
                     ```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{{\"id\": \"{i}\"}}\n```\n"
                ),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = pages
        .iter()
        .map(|(k, t)| (k.as_str(), t.as_str()))
        .collect();
    suite(&refs)
}

/// `GET /v1.0/things/*` answers for the right bearer token only.
pub fn mount_things(server: &MockServer, token: &str) {
    mount(
        server,
        Mock::given(method("GET"))
            .and(wiremock::matchers::path_regex("^/v1.0/things/[0-9]+$"))
            .and(header("authorization", format!("Bearer {token}")))
            .respond_with(json(200, serde_json::json!({"id": "1"}))),
    );
}

pub fn client_credentials(server: &MockServer) -> Credentials {
    Credentials::ClientCredentials(ClientCredentials {
        token_url: format!("{}/token", server.uri()),
        client_id: "app-1".into(),
        client_secret: Secret::new(SECRET),
        scope: DEFAULT_SCOPE.into(),
    })
}

fn replay_with(target: &Arc<LiveTarget>, suite: &Arc<Suite>) -> Vec<ExampleReport> {
    replay(replayer(target.clone()), suite)
}

#[test]
fn requests_in_flight_share_one_token_from_the_endpoint() {
    // Arrange: a token endpoint slow enough that every request waits for it.
    let server = start();
    mount(
        &server,
        Mock::given(method("POST"))
            .and(path("/token"))
            .and(wiremock::matchers::body_string_contains(format!(
                "client_secret={SECRET_FORM}"
            )))
            .and(wiremock::matchers::body_string_contains(
                "grant_type=client_credentials",
            ))
            .and(wiremock::matchers::body_string_contains(
                "scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
            ))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(
                        serde_json::json!({"access_token": ACCESS_TOKEN, "expires_in": 3599}),
                    )
                    .set_delay(Duration::from_millis(300)),
            ),
    );
    mount_things(&server, ACCESS_TOKEN);
    let target = target(&server, |b| b.with_credentials(client_credentials(&server)));

    // Act: eight pages at once.
    let reports = replay_with(&target, &get_pages(8));

    // Assert
    for r in &reports {
        assert!(r.passed(), "{}", r.explain());
    }
    assert_eq!(target.tokens_fetched(), 1);
    let sent = received(&server);
    assert_eq!(sent.iter().filter(|s| *s == "POST /token").count(), 1);
    assert_eq!(sent.len(), 9);
}

#[test]
fn a_token_is_fetched_again_when_it_is_due() {
    // expires_in 1: refreshed half-way through its life, after 0.5 s.
    let server = start();
    mount_token_endpoint(&server, SECRET_FORM, ACCESS_TOKEN, 1);
    mount_things(&server, ACCESS_TOKEN);
    let target = target(&server, |b| b.with_credentials(client_credentials(&server)));
    let pages = get_pages(1);

    let first = replay_with(&target, &pages);
    let again_at_once = replay_with(&target, &pages);
    std::thread::sleep(Duration::from_millis(700));
    let later = replay_with(&target, &pages);

    for r in first.iter().chain(&again_at_once).chain(&later) {
        assert!(r.passed(), "{}", r.explain());
    }
    assert_eq!(target.tokens_fetched(), 2);
}

#[test]
fn a_token_endpoint_answering_401_fails_every_example_and_is_asked_once() {
    let server = start();
    mount(
        &server,
        Mock::given(method("POST"))
            .and(path("/token"))
            .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
                "error": "invalid_client",
                "error_description": "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: 1"
            }))),
    );
    mount_things(&server, ACCESS_TOKEN);
    let target = target(&server, |b| b.with_credentials(client_credentials(&server)));

    let reports = replay_with(&target, &get_pages(3));

    let expected = format!(
        "cannot get an access token from {}/token: the token endpoint answered 401 Unauthorized: \
         invalid_client: AADSTS7000215: Invalid client secret provided.",
        server.uri()
    );
    for r in &reports {
        assert_eq!(
            r.verdict,
            Verdict::Errored {
                error: expected.clone()
            }
        );
    }
    assert_eq!(received(&server), ["POST /token"]);
    assert_eq!(
        mdcontract::replay::runtime()
            .block_on(target.authenticate())
            .unwrap_err()
            .to_string(),
        expected
    );
}
