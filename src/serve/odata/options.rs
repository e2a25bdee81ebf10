//! The system query options of a request: recognised by name (`$` optional
//! on beta), parsed and checked (a 400 for a bad value or a repeat).

use serde_json::Value;

/// The system query options recognised, by canonical (lower-case, `$`-prefixed)
/// name.
pub const SYSTEM_OPTIONS: &[&str] = &[
    "$select",
    "$expand",
    "$filter",
    "$orderby",
    "$top",
    "$skip",
    "$count",
    "$search",
    "$format",
    "$skiptoken",
    "$deltatoken",
    "$apply",
    "$id",
];

/// Whether `version` is Graph's beta endpoint (`beta`, any case), where the
/// `$` prefix of a system query option is optional.
fn is_beta(version: &str) -> bool {
    version.trim_matches('/').eq_ignore_ascii_case("beta")
}

/// The canonical name (`"$select"`, `"$skiptoken"`, …) of the system query
/// option that the query parameter `name` denotes on Graph `version` (`v1.0`
/// or `beta`), or `None` when it is an ordinary parameter.
///
/// Case-insensitive. A `$`-prefixed name is recognised on every version; a
/// bare name (`select`) only on `beta` (see the module docs for why v1.0
/// requires the `$`).
pub fn system_option(name: &str, version: &str) -> Option<&'static str> {
    let bare = match name.strip_prefix('$') {
        Some(rest) => rest,
        None if is_beta(version) => name,
        None => return None,
    };
    SYSTEM_OPTIONS
        .iter()
        .copied()
        .find(|canonical| canonical[1..].eq_ignore_ascii_case(bare))
}

/// Why a query string is a 400 Bad Request.
///
/// The messages are those of the OData library behind Graph (what a client
/// sees in `error.message`); [`QueryError::to_json`] wraps them in Graph's
/// error body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// `$top` is not an integer of at least 1.
    #[error(
        "Invalid value '{value}' for $top query option found. The $top query option requires a positive integer value (the minimum value of $top is 1)."
    )]
    InvalidTop {
        /// The value as given.
        value: String,
    },
    /// `$skip` is not a non-negative integer.
    #[error(
        "Invalid value '{value}' for $skip query option found. The $skip query option requires a non-negative integer value."
    )]
    InvalidSkip {
        /// The value as given.
        value: String,
    },
    /// `$count` is neither `true` nor `false`.
    #[error("'{value}' is not a valid count option.")]
    InvalidCount {
        /// The value as given.
        value: String,
    },
    /// The same system query option appears twice (`$top=1&$TOP=2`, or on
    /// beta `$top=1&top=2`).
    #[error(
        "Query option '{name}' was specified more than once, but it must be specified at most once."
    )]
    Duplicate {
        /// Canonical name of the option.
        name: String,
    },
}

impl QueryError {
    /// The HTTP status Graph answers with: always 400.
    pub fn status(&self) -> u16 {
        400
    }

    /// The Graph error body: `{"error":{"code":"BadRequest","message":…}}`.
    pub fn to_json(&self) -> Value {
        crate::serve::bad_request(self)
    }
}

/// The query options of one request, system options by canonical name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryOptions {
    /// `$select`, split at top-level commas, trimmed, empty items dropped.
    pub select: Option<Vec<String>>,
    /// `$expand`, as given.
    pub expand: Option<String>,
    /// `$filter`, as given.
    pub filter: Option<String>,
    /// `$orderby`, as given.
    pub orderby: Option<String>,
    /// `$top` (at least 1).
    pub top: Option<u64>,
    /// `$skip`.
    pub skip: Option<u64>,
    /// `$count`.
    pub count: Option<bool>,
    /// `$search`, as given (quotes kept).
    pub search: Option<String>,
    /// `$format`, as given.
    pub format: Option<String>,
    /// `$skiptoken`, as given.
    pub skiptoken: Option<String>,
    /// `$deltatoken`, as given.
    pub deltatoken: Option<String>,
    /// Other recognised system options (`$apply`, `$id`) as (canonical name,
    /// value), in the order given.
    pub other_system: Vec<(String, String)>,
    /// Ordinary parameters, name and value as given, in the order given.
    pub custom: Vec<(String, String)>,
}

impl QueryOptions {
    /// Reads already percent-decoded query pairs with the v1.0 rule: only
    /// `$`-prefixed names are system options. Use [`QueryOptions::parse_for`]
    /// to honour beta's optional `$`.
    pub fn parse(pairs: &[(String, String)]) -> Result<QueryOptions, QueryError> {
        Self::parse_for(pairs, "v1.0")
    }

    /// Reads already percent-decoded query pairs for Graph `version` (`v1.0`
    /// or `beta`; see [`system_option`]).
    ///
    /// Errors (all 400 in Graph): `$top` not an integer ≥ 1, `$skip` not a
    /// non-negative integer, `$count` not `true`/`false` (any case), and a
    /// system option given twice. Other values are kept as given: this reads
    /// options, it does not evaluate `$filter` or `$search`.
    pub fn parse_for(
        pairs: &[(String, String)],
        version: &str,
    ) -> Result<QueryOptions, QueryError> {
        let mut opts = QueryOptions::default();
        let mut seen: Vec<&'static str> = Vec::new();
        for (name, value) in pairs {
            let Some(canonical) = system_option(name, version) else {
                opts.custom.push((name.clone(), value.clone()));
                continue;
            };
            if seen.contains(&canonical) {
                return Err(QueryError::Duplicate {
                    name: canonical.to_string(),
                });
            }
            seen.push(canonical);
            match canonical {
                "$select" => opts.select = Some(split_top_level(value)),
                "$expand" => opts.expand = Some(value.clone()),
                "$filter" => opts.filter = Some(value.clone()),
                "$orderby" => opts.orderby = Some(value.clone()),
                "$top" => match parse_integer(value) {
                    Some(n) if n >= 1 => opts.top = Some(n),
                    _ => {
                        return Err(QueryError::InvalidTop {
                            value: value.clone(),
                        });
                    }
                },
                "$skip" => match parse_integer(value) {
                    Some(n) => opts.skip = Some(n),
                    None => {
                        return Err(QueryError::InvalidSkip {
                            value: value.clone(),
                        });
                    }
                },
                "$count" => {
                    opts.count = Some(if value.eq_ignore_ascii_case("true") {
                        true
                    } else if value.eq_ignore_ascii_case("false") {
                        false
                    } else {
                        return Err(QueryError::InvalidCount {
                            value: value.clone(),
                        });
                    })
                }
                "$search" => opts.search = Some(value.clone()),
                "$format" => opts.format = Some(value.clone()),
                "$skiptoken" => opts.skiptoken = Some(value.clone()),
                "$deltatoken" => opts.deltatoken = Some(value.clone()),
                other => opts.other_system.push((other.to_string(), value.clone())),
            }
        }
        Ok(opts)
    }

    /// Whether no system option was given (custom parameters aside).
    pub fn is_empty(&self) -> bool {
        self.select.is_none()
            && self.expand.is_none()
            && self.filter.is_none()
            && self.orderby.is_none()
            && self.top.is_none()
            && self.skip.is_none()
            && self.count.is_none()
            && self.search.is_none()
            && self.format.is_none()
            && self.skiptoken.is_none()
            && self.deltatoken.is_none()
            && self.other_system.is_empty()
    }
}

/// A non-negative decimal integer: ASCII digits only (no sign, no spaces),
/// within `u64`.
fn parse_integer(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// Splits at commas outside parentheses (`a,b($select=c,d)` gives `a` and
/// `b($select=c,d)`), trims, drops empty items.
pub(super) fn split_top_level(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in value.chars() {
        match c {
            '(' => {
                depth += 1;
                current.push(c);
            }
            ')' => {
                depth = depth.saturating_sub(1);
                current.push(c);
            }
            ',' if depth == 0 => {
                push_item(&mut items, &current);
                current.clear();
            }
            _ => current.push(c),
        }
    }
    push_item(&mut items, &current);
    items
}

fn push_item(items: &mut Vec<String>, item: &str) {
    let item = item.trim();
    if !item.is_empty() {
        items.push(item.to_string());
    }
}

/// The property of the entity that a `$select` or `$expand` item names: the
/// first path segment (`a/b` names `a`), skipping a namespace-qualified type
/// cast (`microsoft.graph.user/displayName` names `displayName`), without
/// nested options (`children($select=id)` names `children`) or `/$ref`.
pub(super) fn head_property(item: &str) -> &str {
    let item = item.split('(').next().unwrap_or(item).trim();
    let mut segments = item.split('/').filter(|s| !s.is_empty());
    let first = segments.next().unwrap_or("");
    if first.contains('.') && !first.starts_with('@') {
        // A type cast segment; the property follows it (when it does).
        if let Some(next) = segments.next() {
            return next;
        }
    }
    first
}
