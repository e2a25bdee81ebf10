//! Where nothing answers as it should: a host that does not resolve, a port
//! that refuses, HTTPS to a plain-HTTP port. Each is an error of the
//! example, worded for a person, and none holds the run up.

use std::sync::Arc;
use std::time::{Duration, Instant};

use mdcontract::replay::live::{BaseUrls, Credentials};
use mdcontract::replay::{ExampleReport, LiveTarget, Verdict};

use crate::auth::get_pages;
use crate::service::{replay, replayer, start};

fn replay_at(base: &str) -> (Vec<ExampleReport>, Duration) {
    let target = LiveTarget::builder(BaseUrls::parse(&[base]).expect("base URL"))
        .with_credentials(Credentials::Anonymous)
        .with_timeout(Duration::from_secs(3))
        .build()
        .expect("target");
    let started = Instant::now();
    let reports = replay(replayer(Arc::new(target)), &get_pages(2));
    (reports, started.elapsed())
}

fn error_of(r: &ExampleReport) -> &str {
    match &r.verdict {
        Verdict::Errored { error } => error,
        other => panic!("{}: expected an error, got {other:?}", r.id),
    }
}

#[test]
fn a_host_that_does_not_resolve_is_an_error_of_each_example() {
    // `.invalid` never resolves (RFC 6761).
    let (reports, took) = replay_at("http://graph.mdcontract.invalid");
    assert_eq!(reports.len(), 2);
    for r in &reports {
        let e = error_of(r);
        assert!(
            e.starts_with("exchange failed: cannot connect to http://graph.mdcontract.invalid: "),
            "{e}"
        );
        assert!(e.contains("dns error"), "{e}");
    }
    assert!(took < Duration::from_secs(8), "{took:?}");
}

#[test]
fn a_refused_connection_is_an_error_of_each_example() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let (reports, took) = replay_at(&base);
    for r in &reports {
        let e = error_of(r);
        assert!(
            e.starts_with(&format!("exchange failed: cannot connect to {base}: ")),
            "{e}"
        );
        assert!(e.contains("Connection refused"), "{e}");
    }
    assert!(took < Duration::from_secs(3), "{took:?}");
}

#[test]
fn https_to_a_plain_http_port_is_a_tls_error() {
    let server = start();
    let base = server.uri().replace("http://", "https://");
    let (reports, took) = replay_at(&base);
    for r in &reports {
        let e = error_of(r);
        assert!(
            e.starts_with(&format!(
                "exchange failed: TLS handshake with {base} failed \
                 (the server does not speak TLS: is it plain HTTP?): "
            )),
            "{e}"
        );
    }
    assert!(took < Duration::from_secs(3), "{took:?}");
}
