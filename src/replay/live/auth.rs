//! Credentials for a live service: a bearer token given as is, or OAuth2
//! client credentials exchanged for an access token, cached until shortly
//! before it expires and shared by every request in flight.

use std::time::{Duration, Instant};

use super::secret::{Redactor, Secret};
use crate::replay::client::error_chain;

/// A bearer token, sent as is.
pub const TOKEN_ENV: &str = "MDCONTRACT_TOKEN";
/// The OAuth2 token endpoint for client credentials.
pub const TOKEN_URL_ENV: &str = "MDCONTRACT_TOKEN_URL";
pub const CLIENT_ID_ENV: &str = "MDCONTRACT_CLIENT_ID";
pub const CLIENT_SECRET_ENV: &str = "MDCONTRACT_CLIENT_SECRET";
/// The scope asked for; [`DEFAULT_SCOPE`] when unset.
pub const SCOPE_ENV: &str = "MDCONTRACT_SCOPE";
pub const DEFAULT_SCOPE: &str = "https://graph.microsoft.com/.default";

/// The longest a token is refreshed before it expires. A token that lives
/// less than twice this is refreshed half-way through its life instead.
pub const REFRESH_EARLY: Duration = Duration::from_secs(60);

/// How requests authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// No `Authorization` header (a local service that needs none).
    Anonymous,
    /// `Authorization: Bearer <token>` with a token obtained elsewhere.
    Bearer(Secret),
    /// An access token obtained from a token endpoint.
    ClientCredentials(ClientCredentials),
}

/// The OAuth2 client-credentials grant (RFC 6749, section 4.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    pub token_url: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub scope: String,
}

impl Credentials {
    /// Reads [`TOKEN_ENV`], else the client-credentials variables (the three
    /// of [`TOKEN_URL_ENV`], [`CLIENT_ID_ENV`] and [`CLIENT_SECRET_ENV`] are
    /// needed together), else [`Credentials::Anonymous`]. `var` looks a
    /// variable up (`std::env::var(name).ok()`); empty counts as unset.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let get = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        if let Some(token) = get(TOKEN_ENV) {
            return Ok(Credentials::Bearer(Secret::new(token.trim())));
        }
        let (url, id, secret) = (
            get(TOKEN_URL_ENV),
            get(CLIENT_ID_ENV),
            get(CLIENT_SECRET_ENV),
        );
        match (url, id, secret) {
            (None, None, None) => Ok(Credentials::Anonymous),
            (Some(token_url), Some(client_id), Some(secret)) => {
                Ok(Credentials::ClientCredentials(ClientCredentials {
                    token_url: token_url.trim().to_string(),
                    client_id: client_id.trim().to_string(),
                    client_secret: Secret::new(secret),
                    scope: get(SCOPE_ENV).unwrap_or_else(|| DEFAULT_SCOPE.to_string()),
                }))
            }
            (url, id, secret) => {
                let missing: Vec<&str> = [
                    (url.is_none(), TOKEN_URL_ENV),
                    (id.is_none(), CLIENT_ID_ENV),
                    (secret.is_none(), CLIENT_SECRET_ENV),
                ]
                .iter()
                .filter(|(m, _)| *m)
                .map(|(_, n)| *n)
                .collect();
                Err(format!(
                    "client credentials need {TOKEN_URL_ENV}, {CLIENT_ID_ENV} and {CLIENT_SECRET_ENV}; {} not set",
                    missing.join(" and ")
                ))
            }
        }
    }

    /// The secrets these credentials hold.
    pub fn secrets(&self) -> Vec<&Secret> {
        match self {
            Credentials::Anonymous => vec![],
            Credentials::Bearer(t) => vec![t],
            Credentials::ClientCredentials(c) => vec![&c.client_secret],
        }
    }

    /// How requests authenticate, in words (no secret in them).
    pub fn describe(&self) -> String {
        match self {
            Credentials::Anonymous => "no credentials".to_string(),
            Credentials::Bearer(_) => format!("the bearer token of {TOKEN_ENV}"),
            Credentials::ClientCredentials(c) => format!(
                "client credentials of client {} from {}",
                c.client_id, c.token_url
            ),
        }
    }
}

/// Why no access token could be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot get an access token from {url}: {why}")]
pub struct AuthError {
    pub url: String,
    pub why: String,
    /// The endpoint refused the credentials (400, 401, 403): asking again in
    /// this run would only be refused again.
    pub refused: bool,
}

/// When a token obtained at `obtained`, valid for `lifetime`, is replaced.
pub fn refresh_at(obtained: Instant, lifetime: Duration) -> Instant {
    obtained + lifetime - REFRESH_EARLY.min(lifetime / 2)
}

enum State {
    Empty,
    Token { token: Secret, refresh_at: Instant },
    Refused(AuthError),
}

/// Hands out the token of a run's credentials.
pub(crate) struct Authenticator {
    credentials: Credentials,
    redactor: Redactor,
    /// Held across the token request, so that requests in flight wait for
    /// the one exchange rather than each starting their own.
    state: tokio::sync::Mutex<State>,
    /// How many times the token endpoint was asked (for tests and the CLI).
    fetched: std::sync::atomic::AtomicUsize,
}

impl Authenticator {
    /// Every secret of `credentials` is given to `redactor`, and so will be
    /// every access token obtained.
    pub fn new(credentials: Credentials, redactor: Redactor) -> Self {
        for s in credentials.secrets() {
            redactor.add(s);
        }
        Authenticator {
            credentials,
            redactor,
            state: tokio::sync::Mutex::new(State::Empty),
            fetched: Default::default(),
        }
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    pub fn tokens_fetched(&self) -> usize {
        self.fetched.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The bearer token to send, if any.
    pub async fn token(
        &self,
        client: &reqwest::Client,
        timeout: Duration,
    ) -> Result<Option<Secret>, AuthError> {
        let cc = match &self.credentials {
            Credentials::Anonymous => return Ok(None),
            Credentials::Bearer(t) => return Ok(Some(t.clone())),
            Credentials::ClientCredentials(cc) => cc,
        };
        let mut state = self.state.lock().await;
        match &*state {
            State::Token { token, refresh_at } if Instant::now() < *refresh_at => {
                return Ok(Some(token.clone()));
            }
            State::Refused(e) => return Err(e.clone()),
            _ => {}
        }
        self.fetched
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let asked = Instant::now();
        match fetch(client, cc, timeout).await {
            Ok((token, lifetime)) => {
                self.redactor.add(&token);
                *state = State::Token {
                    token: token.clone(),
                    refresh_at: refresh_at(asked, lifetime),
                };
                Ok(Some(token))
            }
            Err(mut e) => {
                e.why = self.redactor.redact(&e.why).into_owned();
                if e.refused {
                    *state = State::Refused(e.clone());
                }
                Err(e)
            }
        }
    }
}

/// Lifetime assumed when the endpoint does not say (`expires_in` absent).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// Longest token-endpoint answer quoted in an error.
const QUOTED: usize = 300;

async fn fetch(
    client: &reqwest::Client,
    cc: &ClientCredentials,
    timeout: Duration,
) -> Result<(Secret, Duration), AuthError> {
    let err = |why: String, refused: bool| AuthError {
        url: cc.token_url.clone(),
        why,
        refused,
    };
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", cc.client_id.as_str()),
        ("client_secret", cc.client_secret.expose()),
        ("scope", cc.scope.as_str()),
    ];
    let response = client
        .post(&cc.token_url)
        .timeout(timeout)
        .form(&form)
        .send()
        .await
        .map_err(|e| {
            let why = if e.is_timeout() {
                format!("no answer within {} s", timeout.as_secs_f64())
            } else {
                error_chain(&e)
            };
            err(why, e.is_builder())
        })?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| err(error_chain(&e), false))?;
    let json: Option<serde_json::Value> = serde_json::from_slice(&body).ok();
    if !status.is_success() {
        let detail = json
            .as_ref()
            .and_then(|j| {
                let code = j.get("error")?.as_str()?;
                Some(match j.get("error_description").and_then(|d| d.as_str()) {
                    Some(d) => format!("{code}: {}", first_line(d)),
                    None => code.to_string(),
                })
            })
            .unwrap_or_else(|| quoted(&body));
        return Err(err(
            format!("the token endpoint answered {status}: {detail}"),
            matches!(status.as_u16(), 400 | 401 | 403),
        ));
    }
    let Some(json) = json else {
        return Err(err(
            format!("the token endpoint answered {status} with a body that is not JSON"),
            true,
        ));
    };
    let token = json
        .get("access_token")
        .and_then(|t| t.as_str())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| err("the answer has no access_token".to_string(), true))?;
    let lifetime = match json.get("expires_in") {
        Some(serde_json::Value::Number(n)) => n.as_u64().map(Duration::from_secs),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok().map(Duration::from_secs),
        _ => None,
    }
    .unwrap_or(DEFAULT_LIFETIME);
    Ok((Secret::new(token), lifetime))
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("").trim()
}

fn quoted(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return "an empty body".to_string();
    }
    let cut: String = text.chars().take(QUOTED).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn a_bearer_token_comes_first_then_client_credentials() {
        assert_eq!(
            Credentials::from_env(env(&[(TOKEN_ENV, " t0k "), (TOKEN_URL_ENV, "http://x")])),
            Ok(Credentials::Bearer(Secret::new("t0k")))
        );
        let cc = Credentials::from_env(env(&[
            (TOKEN_URL_ENV, "http://x/token"),
            (CLIENT_ID_ENV, "app"),
            (CLIENT_SECRET_ENV, "s"),
        ]))
        .unwrap();
        let Credentials::ClientCredentials(cc) = cc else {
            panic!("{cc:?}")
        };
        assert_eq!(cc.scope, DEFAULT_SCOPE);
        assert_eq!(
            Credentials::from_env(env(&[(TOKEN_ENV, "")])),
            Ok(Credentials::Anonymous)
        );
        assert_eq!(
            Credentials::from_env(env(&[(CLIENT_ID_ENV, "app")])),
            Err("client credentials need MDCONTRACT_TOKEN_URL, MDCONTRACT_CLIENT_ID and \
                 MDCONTRACT_CLIENT_SECRET; MDCONTRACT_TOKEN_URL and MDCONTRACT_CLIENT_SECRET not set"
                .into())
        );
    }

    #[test]
    fn tokens_are_refreshed_a_minute_early_or_half_way_for_short_ones() {
        let t = Instant::now();
        assert_eq!(
            refresh_at(t, Duration::from_secs(3600)),
            t + Duration::from_secs(3540)
        );
        assert_eq!(
            refresh_at(t, Duration::from_secs(10)),
            t + Duration::from_secs(5)
        );
        assert_eq!(refresh_at(t, Duration::ZERO), t);
    }

    #[test]
    fn credentials_never_print_their_secret() {
        let c = Credentials::ClientCredentials(ClientCredentials {
            token_url: "http://x".into(),
            client_id: "app".into(),
            client_secret: Secret::new("very-secret"),
            scope: DEFAULT_SCOPE.into(),
        });
        assert!(!format!("{c:?} {}", c.describe()).contains("very-secret"));
    }
}
