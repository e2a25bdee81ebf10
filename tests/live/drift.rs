//! Each way the service drifts from the page, reported with its code, line,
//! JSON pointer, and expected and actual values.

use std::time::{Duration, Instant};

use crate::service::{
    drift_page, explained, mount_drift, received, replay, replayer, start, suite, target,
};

const HEAD: &str = "v1.0/api/widget-drift";

fn drift() -> (wiremock::MockServer, Vec<mdcontract::replay::ExampleReport>) {
    let server = start();
    mount_drift(&server);
    let reports = replay(
        replayer(target(&server, |b| b)),
        &suite(&[(HEAD, &drift_page())]),
    );
    (server, reports)
}

#[test]
fn every_drift_is_reported_precisely() {
    // Arrange and act: one run over the page, as the CLI does it.
    let started = Instant::now();
    let (server, reports) = drift();

    // Assert, one drift at a time.
    assert_eq!(
        explained(&reports, "renamed"),
        "v1.0/api/widget-drift:5: v1.0/api/widget-drift#renamed \
         (GET https://graph.microsoft.com/v1.0/drift/renamed): 2 mismatch(es)
  v1.0/api/widget-drift:15:3: error[MC5008]: response body shape at /name: expected string, actual (absent)
  v1.0/api/widget-drift:13:1: error[MC5009]: response body shape at /title: expected (absent), actual string",
        "a renamed property is a documented one missing and an undocumented one"
    );
    assert_eq!(
        explained(&reports, "retyped"),
        "v1.0/api/widget-drift:22: v1.0/api/widget-drift#retyped \
         (GET https://graph.microsoft.com/v1.0/drift/retyped): 1 mismatch(es)
  v1.0/api/widget-drift:32:17: error[MC5010]: response body shape at /value/0/count: expected number, actual string",
        "a wrong JSON type is named once, at the first element"
    );
    assert_eq!(
        explained(&reports, "extra"),
        "v1.0/api/widget-drift:39: v1.0/api/widget-drift#extra \
         (GET https://graph.microsoft.com/v1.0/drift/extra): 1 mismatch(es)
  v1.0/api/widget-drift:47:1: error[MC5009]: response body shape at /colour: expected (absent), actual string"
    );
    assert!(
        explained(&reports, "extra_truncated").ends_with(": passed"),
        "a truncated response may leave properties out; the media type's parameters are ignored"
    );
    assert_eq!(
        explained(&reports, "server_error"),
        "v1.0/api/widget-drift:71: v1.0/api/widget-drift#server_error \
         (GET https://graph.microsoft.com/v1.0/drift/broken): 1 mismatch(es)
  v1.0/api/widget-drift:76:1: error[MC5001]: status code (the service said \
`InternalServerError: The widget store is down.`): expected 200, actual 500"
    );
    assert!(
        explained(&reports, "throttled").ends_with(": passed"),
        "{}",
        explained(&reports, "throttled")
    );
    let base = server.uri();
    assert_eq!(
        explained(&reports, "busy"),
        format!(
            "v1.0/api/widget-drift:101: v1.0/api/widget-drift#busy \
             (GET https://graph.microsoft.com/v1.0/drift/busy): error: \
             {base} answered 503 Service Unavailable: gave up after 3 retries"
        )
    );
    assert_eq!(
        explained(&reports, "slow"),
        format!(
            "v1.0/api/widget-drift:116: v1.0/api/widget-drift#slow \
             (GET https://graph.microsoft.com/v1.0/drift/slow): error: \
             exchange failed: no answer from {base} within 1 s (the --timeout)"
        )
    );
    assert_eq!(
        explained(&reports, "not_json"),
        "v1.0/api/widget-drift:131: v1.0/api/widget-drift#not_json \
         (GET https://graph.microsoft.com/v1.0/drift/html): 2 mismatch(es)
  v1.0/api/widget-drift:137:1: error[MC5002]: Content-Type media type: expected `application/json`, actual `text/html`
  v1.0/api/widget-drift:139:1: error[MC5003]: response body: expected JSON, actual text that is not JSON \
(expected value at line 1 column 1): `<html> <body>Service Unavailable</body> </html>`"
    );

    // The 429 was retried once, after the second it asked for; the 503 three
    // times; and the slow answer did not hold the run up.
    let sent = received(&server);
    let count = |p: &str| sent.iter().filter(|s| *s == p).count();
    assert_eq!(count("GET /v1.0/drift/throttled"), 2);
    assert_eq!(count("GET /v1.0/drift/busy"), 4);
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_retry_after_longer_than_the_cap_fails_at_once_saying_so() {
    use wiremock::matchers::{method, path};
    let server = start();
    crate::service::mount(
        &server,
        wiremock::Mock::given(method("GET"))
            .and(path("/v1.0/drift/throttled"))
            .respond_with(
                wiremock::ResponseTemplate::new(429).insert_header("Retry-After", "3600"),
            ),
    );
    let started = Instant::now();
    let reports = replay(
        replayer(target(&server, |b| b)),
        &suite(&[(HEAD, &drift_page())]),
    );
    let text = explained(&reports, "throttled");
    assert_eq!(
        text,
        format!(
            "v1.0/api/widget-drift:86: v1.0/api/widget-drift#throttled \
             (GET https://graph.microsoft.com/v1.0/drift/throttled): error: \
             {} answered 429 Too Many Requests: \
             Retry-After asks for 3600 s, more than the 5 s this run waits",
            server.uri()
        )
    );
    let sent = received(&server);
    assert_eq!(
        sent.iter()
            .filter(|s| *s == "GET /v1.0/drift/throttled")
            .count(),
        1,
        "not retried"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}
