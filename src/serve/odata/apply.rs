//! Applying parsed query options to a documented response body: `$select`
//! and `$expand` trim the items, `$skip` and `$top` page them, `$count`
//! adds `@odata.count`; and the text of a `/$count` answer.

use serde_json::{Map, Value};

use super::options::{QueryOptions, head_property, split_top_level};

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
