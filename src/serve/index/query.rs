//! Request targets and query strings: the path and the query apart, the
//! version root stripped, query pairs decoded and named canonically.

use percent_encoding::percent_decode_str;

use crate::serve::odata::system_option;

/// `/v1.0/users/x` → `/users/x`.
pub(super) fn strip_version(path: &str) -> &str {
    let rest = path.trim_start_matches('/');
    match rest.split_once('/') {
        Some((first, tail)) if crate::graph::is_version(first) => {
            &path[path.len() - tail.len() - 1..]
        }
        _ => path,
    }
}

pub(super) fn split_target(target: &str) -> (&str, &str) {
    let target = target.split('#').next().unwrap_or("");
    target.split_once('?').unwrap_or((target, ""))
}

/// The documented query: system options by canonical name, other names
/// lowercased; `{placeholder}` values as `None`.
pub(super) fn documented_query(query: &str, version: &str) -> Vec<(String, Option<String>)> {
    query_pairs(query, version)
        .into_iter()
        .map(|(k, v)| {
            let v = if v.contains('{') || v.contains('<') {
                None
            } else {
                Some(v)
            };
            (k, v)
        })
        .collect()
}

/// Decoded query pairs (`+` is a space): system options by canonical name
/// (`$Top` → `$top`; on beta, where the `$` is optional, `top` too), other
/// names lowercased; sorted, without duplicates.
pub fn query_pairs(query: &str, version: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let decode = |s: &str| {
                percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            let k = decode(k);
            let k = match system_option(&k, version) {
                Some(canonical) => canonical.to_string(),
                None => k.to_ascii_lowercase(),
            };
            (k, decode(v))
        })
        .collect();
    pairs.sort();
    pairs.dedup();
    pairs
}
