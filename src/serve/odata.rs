//! OData system query options as Microsoft Graph reads them, applied to a
//! documented response body.
//!
//! The rules come from the Graph concept page *Use query parameters to
//! customize responses* (`query-parameters.md`, July 2021) and *Paging*
//! (`paging.md`):
//!
//! * The system query options Graph documents are `$count`, `$expand`,
//!   `$filter`, `$format`, `$orderby`, `$search`, `$select`, `$skip` and `$top`,
//!   plus `$skipToken` (paging) and, on delta functions, `$deltaToken`
//!   (`delta-query-overview.md`). Reference pages also use `$apply` (access
//!   reviews, reports) and `$id` (`DELETE …/$ref?$id=…`); they are recognised
//!   and kept in [`QueryOptions::other_system`]. `$levels` is not a top-level
//!   option in Graph: it only appears *inside* `$expand`
//!   (`$expand=manager($levels=max)`), so it is not recognised here.
//! * Names are case-insensitive (`$skipToken` and `$skiptoken` are one
//!   option; pages write both).
//! * **The `$` prefix.** "On the beta endpoint, the `$` prefix is optional
//!   […]. On the v1 endpoint, the `$` prefix is optional for only a subset of
//!   APIs." A stub cannot know that subset, so on `v1.0` only `$`-prefixed
//!   names are system options and a bare `select=` is an ordinary (custom)
//!   parameter; on `beta` a bare name is the system option. The v1.0 pages that
//!   write a bare name (OneDrive and SharePoint: `?expand=`, `?select=`) show
//!   a response that already reflects it, so not applying it there loses
//!   nothing, and the docs allow a query option to "fail silently". Note that
//!   on beta this also reads driveItem's `content?format=pdf` as `$format`,
//!   which [`apply`] never acts on.
//! * A `$`-prefixed name that Graph does not document (`$foo`) stays a custom
//!   parameter, as given: the docs only say unsupported parameters may be
//!   ignored.
//! * `$top`: "The minimum value of `$top` is 1 and the maximum depends on the
//!   corresponding API", so `$top=0` is a 400 here; no maximum is enforced.
//!   `$skip` is any non-negative integer. `$count` is `true` or `false`.
//! * An option given twice is a 400, as in the OData library Graph runs on.

use serde_json::{Map, Value};

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
        super::bad_request(self)
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
fn split_top_level(value: &str) -> Vec<String> {
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
fn head_property(item: &str) -> &str {
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

/// Whether an object is a collection response: a `value` array, and neither
/// an `id` nor an `@odata.context` that names a single entity (`…/$entity`).
/// An entity may itself have an array property called `value` (a
/// multiValueLegacyExtendedProperty does), and that must not be paged.
fn collection_items(map: &Map<String, Value>) -> bool {
    if !matches!(map.get("value"), Some(Value::Array(_))) {
        return false;
    }
    if map.contains_key("id") {
        return false;
    }
    match map.get("@odata.context") {
        Some(Value::String(ctx)) => !ctx.ends_with("$entity"),
        _ => true,
    }
}

/// Applies the options a stub can honour to a documented JSON response body.
///
/// * **Collection** (`{"value": [...], ...}`, see below): `$skip`, then `$top`,
///   slice `value`. `$count=true` adds `@odata.count`, the length of `value`
///   before slicing, unless the body already has one (the documented total
///   wins: it often counts more items than the example lists). It is placed
///   after `@odata.context`, where Graph writes it.
///
///   When `$top` cuts items off and the body has no `@odata.nextLink`, none is
///   invented. Graph would return one ("If more items remain in the result
///   set, the response body will contain an `@odata.nextLink`"), but the stub
///   has no next page to serve: the documented example is all the data it
///   knows, and the link's `$skiptoken` is opaque server state. An invented
///   link would send SDK page iterators back to the same example, which
///   either loops or repeats items; a missing link just ends the iteration.
///   A documented `@odata.nextLink` is kept as it is.
/// * **`$select`** keeps, in each object item of a collection (or in the
///   entity itself when the body is not a collection): the selected
///   properties (case-insensitive; `a/b` keeps `a`; `*` keeps everything),
///   `id`, every `@odata.*` control annotation, the annotations of kept
///   properties (`prop@odata.nextLink`, `members@delta`), and the properties
///   named in `$expand` (OData returns expanded navigation properties whatever
///   `$select` says). A selected property that the example does not show
///   stays absent: the stub does not make up values. An empty `$select`
///   changes nothing.
/// * **`$expand`** is a no-op: the documented response already shows what
///   the example expanded, and the stub cannot fetch related entities.
/// * `$filter`, `$orderby`, `$search`, `$format` and the tokens are not
///   evaluated: the example answers them as documented.
///
/// A collection is an object whose `value` is an array and that has no `id`
/// and no `@odata.context` ending in `$entity`. A Graph error body
/// (`{"error": …}`), arrays and scalars are left alone; nothing panics.
pub fn apply(opts: &QueryOptions, body: &mut Value) {
    let Value::Object(map) = body else {
        return;
    };
    if map.len() == 1 && map.contains_key("error") {
        return;
    }
    let selection = Selection::new(opts);
    if collection_items(map) {
        let mut total = 0usize;
        if let Some(Value::Array(items)) = map.get_mut("value") {
            total = items.len();
            if let Some(skip) = opts.skip {
                let skip = usize::try_from(skip).unwrap_or(usize::MAX).min(items.len());
                items.drain(..skip);
            }
            if let Some(top) = opts.top {
                let top = usize::try_from(top).unwrap_or(usize::MAX);
                items.truncate(top);
            }
            if let Some(selection) = &selection {
                for item in items.iter_mut() {
                    if let Value::Object(entity) = item {
                        selection.apply(entity);
                    }
                }
            }
        }
        if opts.count == Some(true) && !map.contains_key("@odata.count") {
            insert_count(map, total);
        }
    } else if let Some(selection) = &selection {
        selection.apply(map);
    }
}

/// Inserts `@odata.count` after `@odata.context` (or first when there is
/// none), keeping the order of the other members.
fn insert_count(map: &mut Map<String, Value>, total: usize) {
    let old = std::mem::take(map);
    let has_context = old.contains_key("@odata.context");
    let count = Value::from(total);
    if !has_context {
        map.insert("@odata.count".to_string(), count.clone());
    }
    for (k, v) in old {
        let is_context = k == "@odata.context";
        map.insert(k, v);
        if is_context {
            map.insert("@odata.count".to_string(), count.clone());
        }
    }
}

/// What `$select` (with `$expand`) keeps in an entity.
struct Selection {
    /// Lower-cased property names kept.
    keep: Vec<String>,
}

impl Selection {
    /// `None` when nothing is to be removed: no `$select`, an empty one, or
    /// one with `*`.
    fn new(opts: &QueryOptions) -> Option<Selection> {
        let select = opts.select.as_ref()?;
        if select.is_empty() || select.iter().any(|s| s.trim() == "*") {
            return None;
        }
        let mut keep: Vec<String> = select
            .iter()
            .map(|s| head_property(s).to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect();
        if keep.is_empty() {
            return None;
        }
        if let Some(expand) = &opts.expand {
            keep.extend(
                split_top_level(expand)
                    .iter()
                    .map(|s| head_property(s).to_ascii_lowercase())
                    .filter(|s| !s.is_empty() && s != "*"),
            );
        }
        Some(Selection { keep })
    }

    fn keeps_property(&self, name: &str) -> bool {
        name.eq_ignore_ascii_case("id") || self.keep.iter().any(|k| k.eq_ignore_ascii_case(name))
    }

    fn keeps_key(&self, key: &str) -> bool {
        if let Some(rest) = key.strip_prefix('@') {
            // An annotation of the entity: `@odata.*` always stays, others
            // (`@microsoft.graph.downloadUrl`) when selected by name.
            let control = rest
                .get(..6)
                .is_some_and(|p| p.eq_ignore_ascii_case("odata."));
            return control || self.keep.iter().any(|k| k.eq_ignore_ascii_case(key));
        }
        match key.split_once('@') {
            // `prop@odata.nextLink`, `members@delta`: goes with `prop`.
            Some((prop, _)) => self.keeps_property(prop),
            None => self.keeps_property(key),
        }
    }

    fn apply(&self, entity: &mut Map<String, Value>) {
        entity.retain(|key, _| self.keeps_key(key));
    }
}

/// The body of the `/$count` path segment (`GET /users/$count`): the number
/// of items of a collection body, as text (`"893"`).
///
/// A documented `@odata.count` (a non-negative integer) wins over the length
/// of `value`, since it counts the whole collection while the example lists a
/// few items. A body that is already a non-negative JSON integer (a
/// documented `/$count` response parsed as JSON) gives that number. Anything
/// else (an entity, an array, a string) gives `None`.
pub fn count_text(body: &Value) -> Option<String> {
    match body {
        Value::Number(n) => n.as_u64().map(|n| n.to_string()),
        Value::Object(map) if collection_items(map) => {
            if let Some(n) = map.get("@odata.count").and_then(Value::as_u64) {
                return Some(n.to_string());
            }
            match map.get("value") {
                Some(Value::Array(items)) => Some(items.len().to_string()),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn parse(list: &[(&str, &str)]) -> Result<QueryOptions, QueryError> {
        QueryOptions::parse(&pairs(list))
    }

    fn parse_beta(list: &[(&str, &str)]) -> Result<QueryOptions, QueryError> {
        QueryOptions::parse_for(&pairs(list), "beta")
    }

    fn opts(list: &[(&str, &str)]) -> QueryOptions {
        parse(list).expect("valid options")
    }

    #[test]
    fn system_option_is_case_insensitive_with_dollar() {
        assert_eq!(system_option("$select", "v1.0"), Some("$select"));
        assert_eq!(system_option("$SELECT", "v1.0"), Some("$select"));
        assert_eq!(system_option("$skipToken", "v1.0"), Some("$skiptoken"));
        assert_eq!(system_option("$deltaToken", "beta"), Some("$deltatoken"));
        assert_eq!(system_option("$orderBy", "v1.0"), Some("$orderby"));
        assert_eq!(system_option("$apply", "v1.0"), Some("$apply"));
        assert_eq!(system_option("$id", "v1.0"), Some("$id"));
    }

    #[test]
    fn bare_names_are_system_options_only_on_beta() {
        assert_eq!(system_option("select", "beta"), Some("$select"));
        assert_eq!(system_option("Filter", "BETA"), Some("$filter"));
        assert_eq!(system_option("top", "/beta/"), Some("$top"));
        assert_eq!(system_option("select", "v1.0"), None);
        assert_eq!(system_option("top", "v1.0"), None);
        assert_eq!(system_option("select", ""), None);
    }

    #[test]
    fn unknown_and_undocumented_names_are_not_system_options() {
        assert_eq!(system_option("$levels", "v1.0"), None);
        assert_eq!(system_option("$foo", "beta"), None);
        assert_eq!(system_option("$", "beta"), None);
        assert_eq!(system_option("", "beta"), None);
        assert_eq!(system_option("$$select", "beta"), None);
        assert_eq!(system_option("token", "beta"), None);
        assert_eq!(system_option("$sélect", "beta"), None);
        for canonical in SYSTEM_OPTIONS {
            assert_eq!(system_option(canonical, "v1.0"), Some(*canonical));
        }
    }

    #[test]
    fn parse_reads_every_documented_option() {
        let o = opts(&[
            ("$select", "givenName, surname"),
            ("$expand", "members"),
            ("$filter", "startswith(givenName,'J')"),
            ("$orderby", "displayName desc"),
            ("$top", "2"),
            ("$skip", "11"),
            ("$count", "true"),
            ("$search", "\"pizza\""),
            ("$format", "json"),
            ("$skiptoken", "X'44537074'"),
            ("$deltatoken", "latest"),
            ("$apply", "groupby((a))"),
            ("api-version", "2"),
        ]);
        assert_eq!(
            o.select,
            Some(vec!["givenName".to_string(), "surname".to_string()])
        );
        assert_eq!(o.expand.as_deref(), Some("members"));
        assert_eq!(o.filter.as_deref(), Some("startswith(givenName,'J')"));
        assert_eq!(o.orderby.as_deref(), Some("displayName desc"));
        assert_eq!(o.top, Some(2));
        assert_eq!(o.skip, Some(11));
        assert_eq!(o.count, Some(true));
        assert_eq!(o.search.as_deref(), Some("\"pizza\""));
        assert_eq!(o.format.as_deref(), Some("json"));
        assert_eq!(o.skiptoken.as_deref(), Some("X'44537074'"));
        assert_eq!(o.deltatoken.as_deref(), Some("latest"));
        assert_eq!(
            o.other_system,
            vec![("$apply".to_string(), "groupby((a))".to_string())]
        );
        assert_eq!(o.custom, vec![("api-version".to_string(), "2".to_string())]);
        assert!(!o.is_empty());
    }

    #[test]
    fn parse_keeps_custom_parameters_as_given() {
        let o = opts(&[("select", "id"), ("$Foo", "1"), ("format", "pdf")]);
        assert!(o.is_empty());
        assert_eq!(
            o.custom,
            pairs(&[("select", "id"), ("$Foo", "1"), ("format", "pdf")])
        );
    }

    #[test]
    fn parse_for_beta_reads_bare_names() {
        let o = parse_beta(&[("select", "id"), ("top", "3"), ("count", "FALSE")]).expect("valid");
        assert_eq!(o.select, Some(vec!["id".to_string()]));
        assert_eq!(o.top, Some(3));
        assert_eq!(o.count, Some(false));
        assert!(o.custom.is_empty());
    }

    #[test]
    fn top_must_be_a_positive_integer() {
        for bad in [
            "",
            "-1",
            "+1",
            "1.5",
            "abc",
            " 1",
            "0",
            "99999999999999999999999",
        ] {
            assert_eq!(
                parse(&[("$top", bad)]),
                Err(QueryError::InvalidTop {
                    value: bad.to_string()
                }),
                "{bad:?}"
            );
        }
        assert_eq!(opts(&[("$top", "1")]).top, Some(1));
        assert_eq!(opts(&[("$top", "007")]).top, Some(7));
    }

    #[test]
    fn skip_must_be_a_non_negative_integer() {
        for bad in ["", "-3", "x", "1e3", "3 "] {
            assert_eq!(
                parse(&[("$skip", bad)]),
                Err(QueryError::InvalidSkip {
                    value: bad.to_string()
                })
            );
        }
        assert_eq!(opts(&[("$skip", "0")]).skip, Some(0));
        assert_eq!(
            opts(&[("$skip", "18446744073709551615")]).skip,
            Some(u64::MAX)
        );
    }

    #[test]
    fn count_must_be_true_or_false() {
        assert_eq!(opts(&[("$count", "True")]).count, Some(true));
        assert_eq!(opts(&[("$count", "false")]).count, Some(false));
        for bad in ["", "1", "yes", "truee"] {
            assert_eq!(
                parse(&[("$count", bad)]),
                Err(QueryError::InvalidCount {
                    value: bad.to_string()
                })
            );
        }
    }

    #[test]
    fn duplicate_system_option_is_an_error() {
        assert_eq!(
            parse(&[("$top", "1"), ("$TOP", "2")]),
            Err(QueryError::Duplicate {
                name: "$top".to_string()
            })
        );
        assert_eq!(
            parse_beta(&[("$select", "a"), ("select", "b")]),
            Err(QueryError::Duplicate {
                name: "$select".to_string()
            })
        );
        // On v1.0 the bare one is a custom parameter, so no clash.
        let o = opts(&[("$select", "a"), ("select", "b")]);
        assert_eq!(o.select, Some(vec!["a".to_string()]));
        // Custom parameters may repeat.
        assert_eq!(opts(&[("x", "1"), ("x", "2")]).custom.len(), 2);
    }

    #[test]
    fn errors_have_graph_messages_and_body() {
        let err = parse(&[("$top", "abc")]).expect_err("invalid");
        assert_eq!(err.status(), 400);
        assert!(err.to_string().contains("'abc'"));
        assert!(err.to_string().contains("$top"));
        let body = err.to_json();
        assert_eq!(body["error"]["code"], "BadRequest");
        assert_eq!(body["error"]["message"], err.to_string());
        let dup = parse(&[("$skip", "1"), ("$skip", "1")]).expect_err("dup");
        assert!(
            dup.to_string()
                .contains("'$skip' was specified more than once")
        );
        let count = parse(&[("$count", "maybe")]).expect_err("count");
        assert_eq!(count.to_string(), "'maybe' is not a valid count option.");
    }

    #[test]
    fn select_split_handles_spaces_empties_and_parentheses() {
        let o = opts(&[("$select", " id ,, displayName,manager($select=id,mail) ,")]);
        assert_eq!(
            o.select,
            Some(vec![
                "id".to_string(),
                "displayName".to_string(),
                "manager($select=id,mail)".to_string()
            ])
        );
        assert_eq!(opts(&[("$select", "")]).select, Some(vec![]));
        assert_eq!(
            opts(&[("$select", ")),(")]).select.map(|s| s.len()),
            Some(2)
        );
    }

    fn users() -> Value {
        json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
            "value": [
                {"id": "1", "displayName": "A", "mail": "a@x", "jobTitle": "x"},
                {"id": "2", "displayName": "B", "mail": "b@x", "jobTitle": "y"},
                {"id": "3", "displayName": "C", "mail": "c@x", "jobTitle": "z"},
                {"id": "4", "displayName": "D", "mail": "d@x", "jobTitle": "w"}
            ]
        })
    }

    fn ids(body: &Value) -> Vec<String> {
        body["value"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|i| i["id"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn skip_then_top_slice_value() {
        let mut body = users();
        apply(&opts(&[("$top", "2"), ("$skip", "1")]), &mut body);
        assert_eq!(ids(&body), ["2", "3"]);
        // Order of the parameters does not matter: skip is applied first.
        let mut body = users();
        apply(&opts(&[("$skip", "1"), ("$top", "2")]), &mut body);
        assert_eq!(ids(&body), ["2", "3"]);
    }

    #[test]
    fn top_and_skip_beyond_the_length_are_fine() {
        let mut body = users();
        apply(&opts(&[("$top", "100")]), &mut body);
        assert_eq!(ids(&body).len(), 4);
        let mut body = users();
        apply(&opts(&[("$skip", "100")]), &mut body);
        assert_eq!(ids(&body).len(), 0);
        let mut body = users();
        apply(
            &opts(&[
                ("$skip", "18446744073709551615"),
                ("$top", "18446744073709551615"),
            ]),
            &mut body,
        );
        assert_eq!(ids(&body).len(), 0);
    }

    #[test]
    fn top_does_not_invent_a_next_link() {
        let mut body = users();
        apply(&opts(&[("$top", "1")]), &mut body);
        assert_eq!(ids(&body), ["1"]);
        assert!(body.get("@odata.nextLink").is_none());
    }

    #[test]
    fn documented_next_link_is_kept() {
        let mut body = users();
        body["@odata.nextLink"] = json!("https://graph.microsoft.com/v1.0/users?$skiptoken=abc");
        apply(&opts(&[("$top", "1")]), &mut body);
        assert_eq!(
            body["@odata.nextLink"],
            "https://graph.microsoft.com/v1.0/users?$skiptoken=abc"
        );
    }

    #[test]
    fn count_true_adds_total_before_slicing_after_context() {
        let mut body = users();
        apply(&opts(&[("$count", "true"), ("$top", "1")]), &mut body);
        assert_eq!(body["@odata.count"], 4);
        let keys: Vec<&String> = body
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["@odata.context", "@odata.count", "value"]);
    }

    #[test]
    fn count_goes_first_without_context() {
        let mut body = json!({"value": [1, 2]});
        apply(&opts(&[("$count", "true")]), &mut body);
        let keys: Vec<&String> = body
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["@odata.count", "value"]);
        assert_eq!(body["@odata.count"], 2);
    }

    #[test]
    fn documented_count_wins_and_false_adds_nothing() {
        let mut body = users();
        body["@odata.count"] = json!(893);
        apply(&opts(&[("$count", "true")]), &mut body);
        assert_eq!(body["@odata.count"], 893);
        let mut body = users();
        apply(&opts(&[("$count", "false")]), &mut body);
        assert!(body.get("@odata.count").is_none());
    }

    #[test]
    fn select_trims_collection_items() {
        let mut body = users();
        apply(&opts(&[("$select", "DISPLAYNAME,notShown")]), &mut body);
        assert_eq!(body["value"][0], json!({"id": "1", "displayName": "A"}));
        assert_eq!(body["value"][3], json!({"id": "4", "displayName": "D"}));
        // Top-level members of the collection are untouched.
        assert!(body.get("@odata.context").is_some());
    }

    #[test]
    fn select_keeps_annotations() {
        let mut body = json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
            "@odata.etag": "W/\"1\"",
            "@microsoft.graph.downloadUrl": "https://x",
            "@microsoft.graph.conflictBehavior": "fail",
            "id": "1",
            "displayName": "A",
            "members@odata.nextLink": "https://next",
            "members@delta": [],
            "members": [],
            "owners@odata.nextLink": "https://owners",
            "owners": [],
            "mail": "a@x"
        });
        apply(
            &opts(&[("$select", "members,@microsoft.graph.downloadUrl")]),
            &mut body,
        );
        assert_eq!(
            body,
            json!({
                "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
                "@odata.etag": "W/\"1\"",
                "@microsoft.graph.downloadUrl": "https://x",
                "id": "1",
                "members@odata.nextLink": "https://next",
                "members@delta": [],
                "members": []
            })
        );
    }

    #[test]
    fn select_paths_casts_and_nested_options_keep_the_head_property() {
        let mut body = json!({"id": "1", "from": {"emailAddress": {}}, "subject": "s", "body": {}, "manager": {}});
        apply(
            &opts(&[(
                "$select",
                "from/emailAddress/address,microsoft.graph.message/subject,manager($select=id)",
            )]),
            &mut body,
        );
        assert_eq!(
            body,
            json!({"id": "1", "from": {"emailAddress": {}}, "subject": "s", "manager": {}})
        );
    }

    #[test]
    fn select_keeps_expanded_properties() {
        let mut body = json!({"id": "r", "name": "root", "size": 1, "children": [{"id": "c"}], "thumbnails": []});
        apply(
            &opts(&[
                ("$select", "name"),
                ("$expand", "children($select=id,name),thumbnails/$ref"),
            ]),
            &mut body,
        );
        assert_eq!(
            body,
            json!({"id": "r", "name": "root", "children": [{"id": "c"}], "thumbnails": []})
        );
    }

    #[test]
    fn select_star_or_empty_keeps_everything() {
        for sel in ["*", "", " , ", "id,*"] {
            let mut body = users();
            apply(&opts(&[("$select", sel)]), &mut body);
            assert_eq!(body, users(), "{sel:?}");
        }
    }

    #[test]
    fn expand_alone_is_a_no_op() {
        let mut body = users();
        apply(&opts(&[("$expand", "members")]), &mut body);
        assert_eq!(body, users());
    }

    #[test]
    fn entity_is_not_paged_but_is_selected() {
        let mut body = json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
            "id": "1", "displayName": "A", "mail": "a@x"
        });
        apply(
            &opts(&[
                ("$top", "1"),
                ("$skip", "5"),
                ("$count", "true"),
                ("$select", "mail"),
            ]),
            &mut body,
        );
        assert_eq!(
            body,
            json!({
                "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
                "id": "1", "mail": "a@x"
            })
        );
    }

    #[test]
    fn entity_with_a_value_array_is_not_a_collection() {
        let original = json!({"id": "String {…} Name x", "value": ["a", "b", "c"]});
        let mut body = original.clone();
        apply(&opts(&[("$top", "1"), ("$count", "true")]), &mut body);
        assert_eq!(body, original);
        assert_eq!(count_text(&original), None);
        let entity_ctx = json!({"@odata.context": "x/$entity", "value": [1, 2]});
        let mut body = entity_ctx.clone();
        apply(&opts(&[("$top", "1")]), &mut body);
        assert_eq!(body, entity_ctx);
    }

    #[test]
    fn primitive_items_survive_select() {
        let mut body = json!({"value": ["a", 1, null, {"id": "x", "p": 1}]});
        apply(&opts(&[("$select", "q")]), &mut body);
        assert_eq!(body, json!({"value": ["a", 1, null, {"id": "x"}]}));
    }

    #[test]
    fn odd_bodies_do_not_panic_and_are_left_alone() {
        let all = opts(&[
            ("$select", "a"),
            ("$top", "1"),
            ("$skip", "1"),
            ("$count", "true"),
            ("$expand", "b"),
        ]);
        for original in [
            json!(null),
            json!(true),
            json!(3),
            json!("text"),
            json!([1, 2, 3]),
            json!([{"id": 1, "a": 1, "b": 2}]),
            json!({"error": {"code": "x", "message": "y"}}),
        ] {
            let mut body = original.clone();
            apply(&all, &mut body);
            assert_eq!(body, original);
        }
        // `value` that is not an array: an entity, selected as such.
        let mut body = json!({"value": "x", "a": 1, "b": 2, "c": 3});
        apply(&all, &mut body);
        assert_eq!(body, json!({"a": 1, "b": 2}));
        let mut body = json!({});
        apply(&all, &mut body);
        assert_eq!(body, json!({}));
    }

    #[test]
    fn odd_names_values_and_bodies_do_not_panic() {
        let odd = [
            "", "$", "é", "$é", "(", ")", ",", "/", "@", "@é", "a@", "@odat", "*", "\u{0}",
        ];
        let bodies = [
            json!({"value": [{"é": 1, "@é": 2, "a@": 3, "@odat": 4, "": 5}]}),
            json!({"@odata.context": 1, "value": [[], null]}),
        ];
        for name in odd {
            for value in odd {
                for version in ["v1.0", "beta", ""] {
                    let _ = system_option(name, version);
                    let list = pairs(&[(name, value), ("$select", value), ("$expand", value)]);
                    if let Ok(o) = QueryOptions::parse_for(&list, version) {
                        for body in &bodies {
                            let mut b = body.clone();
                            apply(&o, &mut b);
                            let _ = count_text(&b);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn no_options_change_nothing() {
        let mut body = users();
        apply(&QueryOptions::default(), &mut body);
        assert_eq!(body, users());
    }

    #[test]
    fn count_text_counts_collections() {
        assert_eq!(count_text(&users()).as_deref(), Some("4"));
        assert_eq!(count_text(&json!({"value": []})).as_deref(), Some("0"));
        let mut with_total = users();
        with_total["@odata.count"] = json!(893);
        assert_eq!(count_text(&with_total).as_deref(), Some("893"));
        with_total["@odata.count"] = json!("many");
        assert_eq!(count_text(&with_total).as_deref(), Some("4"));
        assert_eq!(count_text(&json!(17)).as_deref(), Some("17"));
        assert_eq!(count_text(&json!(-1)), None);
        assert_eq!(count_text(&json!(1.5)), None);
        assert_eq!(count_text(&json!([1, 2])), None);
        assert_eq!(count_text(&json!({"id": "1"})), None);
        assert_eq!(count_text(&json!({"value": 3})), None);
        assert_eq!(count_text(&json!("3")), None);
    }
}
