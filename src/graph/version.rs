//! API versions: the one predicate for a version folder or URL segment.

/// `v1.0`, `v2`, `v1.0-preview`, `beta`, `alpha`, `preview`: the folder names
/// and URL segments API versions use.
pub fn is_version(s: &str) -> bool {
    if matches!(s, "beta" | "alpha" | "preview") {
        return true;
    }
    let Some(rest) = s.strip_prefix('v') else {
        return false;
    };
    let (number, suffix) = match rest.split_once('-') {
        Some((n, s)) => (n, Some(s)),
        None => (rest, None),
    };
    !number.is_empty()
        && number
            .split('.')
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && suffix.is_none_or(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A URL segment that names an API version, in any case (`/V1.0/me` and
/// `/Beta/me` reach the service as `/v1.0/me` and `/beta/me` do): the URL
/// form of [`is_version`], for code that reads documented URLs.
pub fn is_version_segment(s: &str) -> bool {
    is_version(s)
        || (s.bytes().any(|b| b.is_ascii_uppercase()) && is_version(&s.to_ascii_lowercase()))
}

/// The version segment of a path under the service root (`/v1.0/me` →
/// `v1.0`), or `""`.
pub fn version_of(path: &str) -> &str {
    path.trim_start_matches('/')
        .split(['/', '?'])
        .next()
        .filter(|v| is_version(v))
        .unwrap_or("")
}

/// The version segment of a request URL: `https://graph.microsoft.com/v1.0/me` → `v1.0`.
pub fn url_version(url: &str) -> Option<&str> {
    let path = match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            &rest[rest.find('/').unwrap_or(rest.len())..]
        }
        None => url,
    };
    Some(version_of(path)).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_the_folder_names_graph_uses() {
        for v in ["v1.0", "beta", "v2", "v1.0-preview", "alpha", "preview"] {
            assert!(is_version(v), "{v}");
        }
        for v in ["v", "v1..0", "v1.", "api", "v1.0-", "Beta", "users"] {
            assert!(!is_version(v), "{v}");
        }
        // Moved from config's tests, where the predicate was born.
        for v in ["", "1.0", "V1.0", "C:\\x", "*"] {
            assert!(!is_version(v), "{v}");
        }
    }

    #[test]
    fn a_url_segment_names_a_version_in_any_case() {
        for v in ["v1.0", "V1.0", "Beta", "ALPHA", "v1.0-Preview"] {
            assert!(is_version_segment(v), "{v}");
        }
        for v in ["", "V", "Users", "api"] {
            assert!(!is_version_segment(v), "{v}");
        }
    }

    #[test]
    fn version_of_reads_the_first_segment_only() {
        assert_eq!(version_of("/v1.0/me"), "v1.0");
        assert_eq!(version_of("beta/users"), "beta");
        assert_eq!(version_of("/me/v1.0"), "");
        assert_eq!(version_of(""), "");
        assert_eq!(version_of("/beta?$top=1"), "beta");
    }

    #[test]
    fn url_versions() {
        assert_eq!(
            url_version("https://graph.microsoft.com/v1.0/me"),
            Some("v1.0")
        );
        assert_eq!(url_version("/beta/me?x=1"), Some("beta"));
        assert_eq!(url_version("/me"), None);
    }
}
