//! The shape of a JSON body: its keys and the JSON types of its values.
//!
//! A live service answers with its own ids, dates and values, so live replay
//! compares shapes, not values ([`differences`]), and pins the shape of each
//! answer in a snapshot ([`shape_text`]), in which every value is replaced by
//! its kind (`<string>`, `<number>`, and `<id>`, `<date-time>`, `<etag>`,
//! `<url>` for the values that change from call to call), so that the
//! snapshot is stable across calls.
//!
//! The rules, for both:
//! - keys with an `@` (`@odata.context`, `name@odata.type`) are control
//!   information, not properties: they are neither required nor reported;
//! - `null` goes with every type (a nullable property), and a property
//!   documented as `null` may be absent (services leave out properties that
//!   have no value);
//! - integers and decimals are both `number`;
//! - each element of an array is compared with the documented element at the
//!   same index, or the last documented one (docs show one or two elements),
//!   and a difference found in several elements is reported once, at the
//!   first.

use serde_json::{Map, Value};

use crate::replay::prepare::Prepared;
use crate::replay::target::Observed;

/// How a live body differs from the documented one at one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeChange {
    /// A documented property the live body does not have.
    Missing,
    /// A property only the live body has.
    Undocumented,
    /// The same property with another JSON type.
    Type,
}

/// One difference of shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeDifference {
    pub change: ShapeChange,
    /// JSON pointer into the live body (for [`ShapeChange::Missing`], where
    /// the property would be).
    pub pointer: String,
    /// The documented JSON type, or `(absent)`.
    pub expected: String,
    /// The live JSON type, or `(absent)`.
    pub actual: String,
}

/// `string`, `number`, `boolean`, `object`, `array` or `null`.
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

const ABSENT: &str = "(absent)";

/// Up to `limit` differences between the shape of `documented` and that of
/// `live`. With `allow_undocumented` (a response the page marks
/// `truncated`), properties only the live body has are not differences.
pub fn differences(
    documented: &Value,
    live: &Value,
    allow_undocumented: bool,
    limit: usize,
) -> Vec<ShapeDifference> {
    let mut walk = Walk {
        allow_undocumented,
        limit,
        out: Vec::new(),
        seen: Vec::new(),
        pointer: String::new(),
        general: String::new(),
    };
    walk.compare(documented, live);
    walk.out
}

struct Walk {
    allow_undocumented: bool,
    limit: usize,
    out: Vec<ShapeDifference>,
    /// Pointers with array indices as `*`, of the differences found, so that
    /// a difference in every element is reported once.
    seen: Vec<(ShapeChange, String)>,
    pointer: String,
    general: String,
}

impl Walk {
    fn report(&mut self, change: ShapeChange, expected: &str, actual: &str) {
        if self.out.len() >= self.limit
            || self
                .seen
                .iter()
                .any(|(c, g)| *c == change && *g == self.general)
        {
            return;
        }
        self.seen.push((change, self.general.clone()));
        self.out.push(ShapeDifference {
            change,
            pointer: self.pointer.clone(),
            expected: expected.to_string(),
            actual: actual.to_string(),
        });
    }

    fn enter(&mut self, token: &str, general: &str) -> (usize, usize) {
        let at = (self.pointer.len(), self.general.len());
        for p in [&mut self.pointer, &mut self.general] {
            p.push('/');
        }
        push_escaped(&mut self.pointer, token);
        push_escaped(&mut self.general, general);
        at
    }

    fn leave(&mut self, (p, g): (usize, usize)) {
        self.pointer.truncate(p);
        self.general.truncate(g);
    }

    fn compare(&mut self, doc: &Value, live: &Value) {
        if self.out.len() >= self.limit {
            return;
        }
        match (doc, live) {
            (Value::Null, _) | (_, Value::Null) => {}
            (Value::Object(d), Value::Object(l)) => {
                for (k, dv) in d.iter().filter(|(k, _)| !k.contains('@')) {
                    let at = self.enter(k, k);
                    match l.get(k) {
                        Some(lv) => self.compare(dv, lv),
                        None if dv.is_null() => {}
                        None => self.report(ShapeChange::Missing, json_type(dv), ABSENT),
                    }
                    self.leave(at);
                }
                if !self.allow_undocumented {
                    for (k, lv) in l.iter().filter(|(k, _)| !k.contains('@')) {
                        if !d.contains_key(k) {
                            let at = self.enter(k, k);
                            self.report(ShapeChange::Undocumented, ABSENT, json_type(lv));
                            self.leave(at);
                        }
                    }
                }
            }
            (Value::Array(d), Value::Array(l)) => {
                let Some(last) = d.last() else { return };
                for (i, lv) in l.iter().enumerate() {
                    let at = self.enter(&i.to_string(), "*");
                    self.compare(d.get(i).unwrap_or(last), lv);
                    self.leave(at);
                }
            }
            (d, l) if json_type(d) != json_type(l) => {
                self.report(ShapeChange::Type, json_type(d), json_type(l));
            }
            _ => {}
        }
    }
}

fn push_escaped(pointer: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// The shape of `value`: keys sorted, every value replaced by its kind,
/// arrays by one element merging the shapes of all of theirs.
pub fn shape_of(value: &Value) -> Value {
    shape(value, None)
}

fn shape(value: &Value, key: Option<&str>) -> Value {
    match value {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                out.insert(k.clone(), shape(&m[k], Some(k)));
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            let merged = items
                .iter()
                .map(|v| shape(v, key))
                .reduce(|a, b| merge(&a, &b));
            Value::Array(merged.into_iter().collect())
        }
        Value::String(s) => Value::String(string_kind(key, s).to_string()),
        Value::Number(_) => Value::String("<number>".into()),
        Value::Bool(_) => Value::String("<boolean>".into()),
        Value::Null => Value::String("<null>".into()),
    }
}

/// What a string value is, for the snapshot: the kinds that change from
/// call to call get their own name so that nothing of the value is kept.
fn string_kind(key: Option<&str>, s: &str) -> &'static str {
    let key = key.unwrap_or("");
    let lower = key.to_ascii_lowercase();
    if lower.contains("etag") {
        "<etag>"
    } else if key == "id" || key.ends_with("Id") || lower.ends_with("_id") || is_guid(s) {
        "<id>"
    } else if s.starts_with("http://") || s.starts_with("https://") {
        "<url>"
    } else if is_date(s) && s.len() > 10 && s.as_bytes()[10] == b'T' {
        "<date-time>"
    } else if is_date(s) && s.len() == 10 {
        "<date>"
    } else {
        "<string>"
    }
}

/// `2021-07-09…`
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// 8-4-4-4-12 hex digits.
fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Two shapes as one: objects take the union of their keys, `<null>` gives
/// way to anything, other differing kinds are joined (`<number|string>`).
fn merge(a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            let mut out = Map::new();
            for k in keys {
                let v = match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => merge(p, q),
                    (Some(p), None) | (None, Some(p)) => p.clone(),
                    (None, None) => Value::Null,
                };
                out.insert(k.clone(), v);
            }
            Value::Object(out)
        }
        (Value::Array(x), Value::Array(y)) => match (x.first(), y.first()) {
            (Some(p), Some(q)) => Value::Array(vec![merge(p, q)]),
            (Some(p), None) | (None, Some(p)) => Value::Array(vec![p.clone()]),
            (None, None) => Value::Array(vec![]),
        },
        (x, y) if x == y => x.clone(),
        (Value::String(n), other) | (other, Value::String(n)) if n == "<null>" => other.clone(),
        (x, y) => {
            let name = |v: &Value| match v {
                Value::String(s) => s.trim_matches(['<', '>']).to_string(),
                other => json_type(other).to_string(),
            };
            let mut kinds: Vec<String> = name(x)
                .split('|')
                .chain(name(y).split('|'))
                .map(str::to_string)
                .collect();
            kinds.sort();
            kinds.dedup();
            Value::String(format!("<{}>", kinds.join("|")))
        }
    }
}

/// What a live snapshot pins: the documented request line (placeholders
/// kept), the status, the media type, and the shape of the body.
pub fn shape_text(prepared: &Prepared, observed: &Observed) -> String {
    let mut out = format!(
        "{} {}\n\nHTTP {}\n",
        prepared.request.method, prepared.request.template, observed.status
    );
    if let Some(ct) = observed.header("content-type") {
        let essence = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        out.push_str(&format!("content-type: {essence}\n"));
    }
    if observed.body.is_empty() {
        return out;
    }
    out.push('\n');
    match serde_json::from_slice::<Value>(&observed.body) {
        Ok(v) => {
            out.push_str(&serde_json::to_string_pretty(&shape_of(&v)).unwrap_or_default());
            out.push('\n');
        }
        Err(_) => out.push_str(&format!("<{} bytes, not JSON>\n", observed.body.len())),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shown(d: &[ShapeDifference]) -> Vec<String> {
        d.iter()
            .map(|d| format!("{:?} {} {} {}", d.change, d.pointer, d.expected, d.actual))
            .collect()
    }

    #[test]
    fn a_rename_a_retype_and_an_extra_are_each_named_once() {
        let doc = json!({"@odata.context": "x", "value": [{"id": "1", "name": "a", "count": 2, "size": null}]});
        let live = json!({"value": [
            {"id": "9", "title": "a", "count": "2", "size": 3, "@odata.etag": "W/1"},
            {"id": "8", "title": "b", "count": "3"}
        ]});
        assert_eq!(
            shown(&differences(&doc, &live, false, 10)),
            [
                "Missing /value/0/name string (absent)",
                "Type /value/0/count number string",
                "Undocumented /value/0/title (absent) string",
            ]
        );
        assert_eq!(
            shown(&differences(&doc, &live, true, 10)),
            [
                "Missing /value/0/name string (absent)",
                "Type /value/0/count number string",
            ]
        );
        assert_eq!(differences(&doc, &live, false, 1).len(), 1);
        assert!(differences(&json!({"a": 1.5}), &json!({"a": 2}), false, 10).is_empty());
        assert!(differences(&json!([]), &json!([1, "x"]), false, 10).is_empty());
    }

    #[test]
    fn a_shape_keeps_keys_and_kinds_only() {
        let live = json!({
            "id": "AAMkAGI2",
            "@odata.etag": "W/\"abc\"",
            "@odata.context": "https://x/v1.0/$metadata#widgets/$entity",
            "createdDateTime": "2021-07-09T13:45:12Z",
            "birthday": "2021-07-09",
            "ownerId": "x",
            "guid": "48d31887-5fad-4d73-a9f5-3c356e68a038",
            "name": "hinge",
            "count": 2,
            "ok": true,
            "parts": [{"a": 1, "b": null}, {"a": "x", "b": "y", "c": false}],
            "empty": [],
            "none": null
        });
        assert_eq!(
            shape_of(&live),
            json!({
                "@odata.context": "<url>",
                "@odata.etag": "<etag>",
                "birthday": "<date>",
                "count": "<number>",
                "createdDateTime": "<date-time>",
                "empty": [],
                "guid": "<id>",
                "id": "<id>",
                "name": "<string>",
                "none": "<null>",
                "ok": "<boolean>",
                "ownerId": "<id>",
                "parts": [{"a": "<number|string>", "b": "<string>", "c": "<boolean>"}]
            })
        );
    }
}
