//! Where live requests go: a base URL for every API version, or one per
//! version, onto which the documented `https://graph.microsoft.com/<version>/…`
//! URLs are rebased.
//!
//! The two forms differ in what they stand for, because that is what users
//! have at hand:
//!
//! - `URL` (every version) replaces the **service root**
//!   `https://graph.microsoft.com`: the version segment is kept, so
//!   `--base-url https://graph.microsoft.com` replays against Graph itself and
//!   `--base-url http://127.0.0.1:8080` against a local service that serves
//!   `/v1.0/…` and `/beta/…`.
//! - `VERSION=URL` replaces the **version root**
//!   `https://graph.microsoft.com/<version>`: `beta=https://test.example/b`
//!   sends `/beta/me` to `https://test.example/b/me`. It takes precedence over
//!   a base for every version.
//! - `URL` whose last path segment is an API version
//!   (`https://graph.microsoft.com/v1.0`, the form `drift --help` shows) is
//!   that version's root, as if written `v1.0=URL`: the version is never sent
//!   twice (`/v1.0/v1.0/…`).

use reqwest::Url;

use crate::graph::is_version;

/// The base URLs of a live run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaseUrls {
    all: Option<String>,
    versions: Vec<(String, String)>,
}

/// Why a documented URL has nowhere to go.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RebaseError {
    #[error(
        "no base URL for API version {0}: add --base-url {0}=URL or a base URL for every version"
    )]
    NoBase(String),
    #[error("no base URL for a URL without an API version: add a --base-url for every version")]
    NoVersion,
    #[error("`{0}` is not a URL once rebased: {1}")]
    NotUrl(String, String),
}

impl BaseUrls {
    /// Reads `URL` and `VERSION=URL` entries (the `--base-url` flags, or the
    /// words of `MDCONTRACT_BASE_URL`). A later entry for the same version
    /// replaces an earlier one.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, String> {
        let mut bases = BaseUrls::default();
        for e in entries {
            bases.add(e.as_ref())?;
        }
        Ok(bases)
    }

    /// Adds one `URL` or `VERSION=URL` entry.
    pub fn add(&mut self, entry: &str) -> Result<(), String> {
        let entry = entry.trim();
        // Messages show the entry with any password masked.
        let shown_entry = redact_password(entry);
        let (version, url) = match entry.split_once('=') {
            Some((v, u)) if !v.contains([':', '/']) => (Some(v.trim()), u.trim()),
            _ => (None, entry),
        };
        if let Some(v) = version
            && !is_version(v)
        {
            return Err(format!(
                "base URL `{shown_entry}`: `{v}` is not an API version (`v1.0`, `beta`)"
            ));
        }
        let shown = redact_password(url);
        let parsed =
            Url::parse(url).map_err(|e| format!("base URL `{shown}` is not a URL: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!(
                "base URL `{shown}` must start with http:// or https://"
            ));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(format!(
                "base URL `{shown}` must not have a query or a fragment"
            ));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(format!(
                "base URL `{shown}` must not carry credentials: use MDCONTRACT_TOKEN or client credentials"
            ));
        }
        let url = url.trim_end_matches('/').to_string();
        // A base ending in a version segment is that version's root.
        let last = parsed
            .path_segments()
            .and_then(|mut s| s.rfind(|seg| !seg.is_empty()))
            .filter(|seg| is_version(seg))
            .map(str::to_string);
        let version = version.map(str::to_string).or(last);
        match version.as_deref() {
            Some(v) => {
                self.versions.retain(|(have, _)| have != v);
                self.versions.push((v.to_string(), url));
            }
            None => self.all = Some(url),
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_none() && self.versions.is_empty()
    }

    /// The URL to send a request to, from its path under the service root
    /// (`/v1.0/widgets/1?$select=id`, as [`crate::replay::prepare`] gives it).
    pub fn rebase(&self, target: &str) -> Result<Url, RebaseError> {
        let rest = target.trim_start_matches('/');
        let first = rest.split(['/', '?']).next().unwrap_or("");
        let joined = if is_version(first) {
            match self.versions.iter().find(|(v, _)| v == first) {
                Some((_, base)) => format!("{base}{}", &rest[first.len()..]),
                None => match &self.all {
                    Some(base) => format!("{base}/{rest}"),
                    None => return Err(RebaseError::NoBase(first.to_string())),
                },
            }
        } else {
            match &self.all {
                Some(base) => format!("{base}/{rest}"),
                None => return Err(RebaseError::NoVersion),
            }
        };
        Url::parse(&joined).map_err(|e| RebaseError::NotUrl(joined.clone(), e.to_string()))
    }

    /// The bases for a summary line: `http://a (every version), beta=http://b`.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self.all.iter().cloned().collect();
        parts.extend(self.versions.iter().map(|(v, u)| format!("{v}={u}")));
        parts.join(", ")
    }
}

/// `url` with the password of its user info, if any, shown as `***`
/// (`https://user:***@host`). Textual, so it also masks what does not parse
/// as a URL.
fn redact_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_string();
    };
    let Some(colon) = authority[..at].find(':') else {
        return url.to_string();
    };
    format!(
        "{}{}:***{}",
        &url[..scheme_end],
        &authority[..colon],
        &url[scheme_end + at..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_for_every_version_replaces_the_service_root() {
        let b = BaseUrls::parse(&["http://127.0.0.1:9/root/"]).unwrap();
        assert_eq!(
            b.rebase("/v1.0/widgets/1?$select=id").unwrap().as_str(),
            "http://127.0.0.1:9/root/v1.0/widgets/1?$select=id"
        );
        assert_eq!(
            b.rebase("/me").unwrap().as_str(),
            "http://127.0.0.1:9/root/me"
        );
    }

    #[test]
    fn a_version_base_replaces_the_version_root_and_wins() {
        let b =
            BaseUrls::parse(&["https://all.example", "beta=https://b.example/graph/beta"]).unwrap();
        assert_eq!(
            b.rebase("/beta/me/widgets?$filter=name eq 'a b'")
                .unwrap()
                .as_str(),
            "https://b.example/graph/beta/me/widgets?$filter=name%20eq%20%27a%20b%27"
        );
        assert_eq!(
            b.rebase("/v1.0/me").unwrap().as_str(),
            "https://all.example/v1.0/me"
        );
        let only_beta = BaseUrls::parse(&["beta=https://b.example"]).unwrap();
        assert_eq!(
            only_beta.rebase("/v1.0/me").unwrap_err().to_string(),
            "no base URL for API version v1.0: add --base-url v1.0=URL or a base URL for every version"
        );
        assert_eq!(only_beta.rebase("/me"), Err(RebaseError::NoVersion));
        assert_eq!(only_beta.describe(), "beta=https://b.example");
    }

    #[test]
    fn a_base_ending_in_a_version_is_that_versions_root() {
        let b = BaseUrls::parse(&["http://127.0.0.1:9/v1.0/"]).unwrap();
        assert_eq!(
            b.rebase("/v1.0/widgets/1?$select=id").unwrap().as_str(),
            "http://127.0.0.1:9/v1.0/widgets/1?$select=id"
        );
        // Other versions have no base: an error, not `/v1.0/beta/…`.
        assert_eq!(
            b.rebase("/beta/me"),
            Err(RebaseError::NoBase("beta".into()))
        );
        assert_eq!(b.describe(), "v1.0=http://127.0.0.1:9/v1.0");
        let b = BaseUrls::parse(&["https://graph.microsoft.com/beta"]).unwrap();
        assert_eq!(
            b.rebase("/beta/me").unwrap().as_str(),
            "https://graph.microsoft.com/beta/me"
        );
    }

    #[test]
    fn bad_entries_say_what_is_wrong() {
        let err = |e: &str| BaseUrls::parse(&[e]).unwrap_err();
        assert_eq!(
            err("gamma=http://x"),
            "base URL `gamma=http://x`: `gamma` is not an API version (`v1.0`, `beta`)"
        );
        assert_eq!(
            err("ftp://x"),
            "base URL `ftp://x` must start with http:// or https://"
        );
        assert!(err("nothing").starts_with("base URL `nothing` is not a URL"));
        assert!(err("http://u:p@x").contains("must not carry credentials"));
        // The password is never shown, whichever rule the entry breaks.
        for (entry, shown) in [
            (
                "https://user:hunter2@host/v1.0",
                "https://user:***@host/v1.0",
            ),
            (
                "beta=https://user:hunter2@host/?q",
                "https://user:***@host/?q",
            ),
            ("ftp://user:hunter2@host", "ftp://user:***@host"),
            (
                "gamma=https://user:hunter2@host",
                "gamma=https://user:***@host",
            ),
            ("https://user:hunter2@ho st", "https://user:***@ho st"),
        ] {
            let e = err(entry);
            assert!(!e.contains("hunter2"), "{e}");
            assert!(e.contains(shown), "{e}");
        }
        assert!(err("https://user@host").contains("`https://user@host`"));
        assert!(err("http://x/?a=b").contains("query"));
    }
}
