//! A live target from environment variables, for the `cargo test` harness
//! (`MDCONTRACT_TARGET=live`) and as the CLI's fallback for flags not given.

use std::time::Duration;

use super::auth::Credentials;
use super::base_url::BaseUrls;
use super::target::{LiveTarget, LiveTargetBuilder};

/// Base URLs, as `--base-url` takes them, separated by spaces or commas.
pub const BASE_URL_ENV: &str = "MDCONTRACT_BASE_URL";
/// Seconds allowed per request (`--timeout`).
pub const TIMEOUT_ENV: &str = "MDCONTRACT_TIMEOUT";
/// `1` or `true` sends writes (`--allow-writes`).
pub const ALLOW_WRITES_ENV: &str = "MDCONTRACT_ALLOW_WRITES";

/// Reads a timeout in seconds (decimals allowed, more than zero).
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s > 0.0 && s.is_finite() && s <= 86_400.0 => Ok(Duration::from_secs_f64(s)),
        _ => Err(format!(
            "timeout `{text}` is not a number of seconds between 0 and 86400"
        )),
    }
}

/// A live target builder from [`BASE_URL_ENV`], [`TIMEOUT_ENV`],
/// [`ALLOW_WRITES_ENV`] and the credential variables of
/// [`Credentials::from_env`]. `var` looks a variable up
/// (`|n| std::env::var(n).ok()`).
pub fn builder_from_env(var: impl Fn(&str) -> Option<String>) -> Result<LiveTargetBuilder, String> {
    let bases = var(BASE_URL_ENV).unwrap_or_default();
    let entries: Vec<&str> = bases
        .split([' ', ',', '\n', '\t'])
        .filter(|e| !e.is_empty())
        .collect();
    if entries.is_empty() {
        return Err(format!(
            "live replay needs {BASE_URL_ENV}: the service root (`https://graph.microsoft.com`) or VERSION=URL entries"
        ));
    }
    let bases = BaseUrls::parse(&entries).map_err(|e| format!("{BASE_URL_ENV}: {e}"))?;
    let mut builder = LiveTarget::builder(bases).with_credentials(Credentials::from_env(&var)?);
    if let Some(t) = var(TIMEOUT_ENV).filter(|t| !t.trim().is_empty()) {
        builder =
            builder.with_timeout(parse_timeout(&t).map_err(|e| format!("{TIMEOUT_ENV}: {e}"))?);
    }
    let writes = var(ALLOW_WRITES_ENV).unwrap_or_default();
    let writes = match writes.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "no" => false,
        "1" | "true" | "yes" => true,
        other => return Err(format!("{ALLOW_WRITES_ENV}: `{other}` is neither 1 nor 0")),
    };
    Ok(builder.should_allow_writes(writes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_are_positive_seconds() {
        assert_eq!(parse_timeout("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("soon").is_err());
    }

    #[test]
    fn the_base_url_is_required_and_writes_are_opt_in() {
        let none = |_: &str| None;
        assert!(
            builder_from_env(none)
                .unwrap_err()
                .starts_with("live replay needs MDCONTRACT_BASE_URL")
        );
        let env = |n: &str| match n {
            BASE_URL_ENV => Some("http://127.0.0.1:1, beta=http://127.0.0.1:2".to_string()),
            ALLOW_WRITES_ENV => Some("maybe".to_string()),
            _ => None,
        };
        assert_eq!(
            builder_from_env(env).unwrap_err(),
            "MDCONTRACT_ALLOW_WRITES: `maybe` is neither 1 nor 0"
        );
    }
}
