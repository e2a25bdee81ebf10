//! Where two JSON values differ, as JSON pointers.

use serde_json::Value;

/// One difference between an expected and an actual JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// RFC 6901 JSON pointer into both values (`""` is the whole value).
    pub pointer: String,
    /// The expected value, compact JSON, or `(absent)`.
    pub expected: String,
    /// The actual value, compact JSON, or `(absent)`.
    pub actual: String,
}

/// How a missing value is written.
pub const ABSENT: &str = "(absent)";

/// Longest value text shown in a difference; longer ones are cut with `…`.
const SHOWN: usize = 200;

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "the root"
        } else {
            &self.pointer
        };
        write!(
            f,
            "at {at}: expected {}, actual {}",
            self.expected, self.actual
        )
    }
}

/// The first difference in document order, if any.
pub fn first_difference(expected: &Value, actual: &Value) -> Option<Difference> {
    differences(expected, actual, 1).into_iter().next()
}

/// Up to `limit` differences, in document order of `expected` (keys only
/// `actual` has come after the keys of `expected`, at each level).
pub fn differences(expected: &Value, actual: &Value, limit: usize) -> Vec<Difference> {
    let mut out = Vec::new();
    if limit == 0 {
        return out;
    }
    visit_differences(expected, actual, &mut |pointer, e, a| {
        out.push(Difference {
            pointer: pointer.to_string(),
            expected: shown(e),
            actual: shown(a),
        });
        out.len() < limit
    });
    out
}

/// Called at each difference with its pointer and both sides; returns
/// whether to go on.
pub type OnDifference<'f> = dyn FnMut(&str, Option<&Value>, Option<&Value>) -> bool + 'f;

/// Walks both values in document order of `expected` (members only
/// `actual` has come after, at each level) and calls `found` with the
/// pointer and both sides (`None` where a side has no value) at each place
/// they differ: objects are compared member by member, arrays element by
/// element, anything else by equality. Stops when `found` returns `false`.
///
/// The one walker behind [`differences`] and the HTML report's JSON diff.
pub fn visit_differences(expected: &Value, actual: &Value, found: &mut OnDifference<'_>) {
    let mut pointer = String::new();
    walk(Some(expected), Some(actual), &mut pointer, found);
}

/// `false` once `found` asked to stop.
fn walk(
    expected: Option<&Value>,
    actual: Option<&Value>,
    pointer: &mut String,
    found: &mut OnDifference<'_>,
) -> bool {
    match (expected, actual) {
        (Some(Value::Object(e)), Some(Value::Object(a))) => {
            let only_actual = a.iter().filter(|(k, _)| !e.contains_key(*k));
            let members = e
                .iter()
                .map(|(k, ev)| (k, Some(ev), a.get(k)))
                .chain(only_actual.map(|(k, av)| (k, None, Some(av))));
            for (k, ev, av) in members {
                let len = pointer.len();
                push_token(pointer, k);
                let go_on = walk(ev, av, pointer, found);
                pointer.truncate(len);
                if !go_on {
                    return false;
                }
            }
            true
        }
        (Some(Value::Array(e)), Some(Value::Array(a))) => {
            for i in 0..e.len().max(a.len()) {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                let go_on = walk(e.get(i), a.get(i), pointer, found);
                pointer.truncate(len);
                if !go_on {
                    return false;
                }
            }
            true
        }
        (e, a) if e == a => true,
        (e, a) => found(pointer, e, a),
    }
}

/// Appends `key` to `pointer` as an RFC 6901 reference token.
pub(crate) fn push_token(pointer: &mut String, key: &str) {
    pointer.push('/');
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

fn shown(v: Option<&Value>) -> String {
    let Some(v) = v else {
        return ABSENT.to_string();
    };
    let text = v.to_string();
    if text.chars().count() <= SHOWN {
        return text;
    }
    let mut cut: String = text.chars().take(SHOWN).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn differences_name_the_pointer_and_both_values() {
        let e = json!({"a": {"b/c": [1, 2]}, "d": "x"});
        let a = json!({"a": {"b/c": [1]}, "d": "y", "e": null});
        let d = differences(&e, &a, 10);
        let shown: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "at /a/b~1c/1: expected 2, actual (absent)",
                "at /d: expected \"x\", actual \"y\"",
                "at /e: expected (absent), actual null",
            ]
        );
        assert_eq!(differences(&e, &a, 1).len(), 1);
        assert_eq!(first_difference(&e, &e), None);
        assert_eq!(
            first_difference(&json!(1), &json!("1"))
                .unwrap()
                .to_string(),
            "at the root: expected 1, actual \"1\""
        );
    }
}
