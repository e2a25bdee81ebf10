//! The HTTP client every target builds on, with rustls's `ring` provider.
//!
//! reqwest is built with `rustls-no-provider` (aws-lc-rs, reqwest's default
//! provider, is a C build of about a minute), so a crypto provider has to be
//! installed before the first client is built: reqwest panics otherwise, even
//! for a client that never speaks HTTPS. [`client_builder`] installs `ring` as
//! the process default once and is the only way replay builds a client.
//! [`error_chain`] words a client error with its causes.

use std::sync::Once;

/// A reqwest client builder, after making sure rustls has a crypto provider.
/// Redirects are not followed (a documented 302 is checked as a 302), and no
/// proxy is used.
pub fn client_builder() -> reqwest::ClientBuilder {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Err means another provider was installed first, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .tcp_nodelay(true)
}

/// An error and its causes, `a: b: c`.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}

/// The headers of a response as text pairs (values that are not UTF-8 are
/// decoded lossily), as both targets report them.
pub fn observed_headers(headers: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}
