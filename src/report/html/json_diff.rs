//! Pointer-level differences between two JSON values, and a pretty printer
//! that knows which pointer each printed line belongs to, so that the report
//! can mark the lines a difference touches on either side.
//!
//! The walk is `replay::diff`'s; this keeps each difference's kind and
//! whole values (not their cut text), for a reader comparing two bodies.

use serde_json::Value;

use crate::replay::diff::push_token;

/// What happened at a pointer, read from expected to actual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DiffOp {
    /// Only in the actual value.
    Added,
    /// Only in the expected value.
    Removed,
    /// In both, different.
    Changed,
}

impl DiffOp {
    pub fn as_str(self) -> &'static str {
        match self {
            DiffOp::Added => "added",
            DiffOp::Removed => "removed",
            DiffOp::Changed => "changed",
        }
    }
}

/// One difference.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffEntry {
    /// RFC 6901 pointer; `""` is the whole value.
    pub pointer: String,
    pub op: DiffOp,
    pub expected: Option<Value>,
    pub actual: Option<Value>,
}

/// Every difference, in the expected value's order (members only the actual
/// value has come after the expected ones, at each level), at most `limit`.
/// Objects are compared member by member, arrays element by element; any
/// other pair of unequal values (or an object against an array) is one
/// `Changed` entry.
pub fn diff(expected: &Value, actual: &Value, limit: usize) -> Vec<DiffEntry> {
    let mut out = Vec::new();
    if limit == 0 {
        return out;
    }
    crate::replay::diff::visit_differences(expected, actual, &mut |pointer, e, a| {
        let op = match (e, a) {
            (Some(_), Some(_)) => DiffOp::Changed,
            (Some(_), None) => DiffOp::Removed,
            _ => DiffOp::Added,
        };
        out.push(DiffEntry {
            pointer: pointer.to_string(),
            op,
            expected: e.cloned(),
            actual: a.cloned(),
        });
        out.len() < limit
    });
    out
}

/// One line of pretty-printed JSON and the pointer of the value it belongs
/// to (a member's line, or a closing bracket's container).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrettyLine {
    pub text: String,
    pub pointer: String,
}

/// `value` pretty-printed with two-space indents (as `serde_json`'s pretty
/// printer does), one [`PrettyLine`] per line.
pub fn pretty_lines(value: &Value) -> Vec<PrettyLine> {
    let mut lines = Vec::new();
    let mut pointer = String::new();
    pretty(value, &mut pointer, 0, String::new(), "", &mut lines);
    lines
}

/// Appends `value` at `depth`, its first line starting with `prefix` (the
/// member name) and its last line ending with `suffix` (a comma).
fn pretty(
    value: &Value,
    pointer: &mut String,
    depth: usize,
    prefix: String,
    suffix: &str,
    lines: &mut Vec<PrettyLine>,
) {
    let indent = "  ".repeat(depth);
    let mut line = |text: String, pointer: &str| {
        lines.push(PrettyLine {
            text,
            pointer: pointer.to_string(),
        })
    };
    match value {
        Value::Object(map) if !map.is_empty() => {
            line(format!("{indent}{prefix}{{"), pointer);
            let n = map.len();
            for (i, (k, v)) in map.iter().enumerate() {
                let len = pointer.len();
                push_token(pointer, k);
                let name = format!("{}: ", Value::String(k.clone()));
                pretty(v, pointer, depth + 1, name, comma(i, n), lines);
                pointer.truncate(len);
            }
            lines.push(PrettyLine {
                text: format!("{indent}}}{suffix}"),
                pointer: pointer.clone(),
            });
        }
        Value::Array(items) if !items.is_empty() => {
            line(format!("{indent}{prefix}["), pointer);
            let n = items.len();
            for (i, v) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                pretty(v, pointer, depth + 1, String::new(), comma(i, n), lines);
                pointer.truncate(len);
            }
            lines.push(PrettyLine {
                text: format!("{indent}]{suffix}"),
                pointer: pointer.clone(),
            });
        }
        scalar => line(format!("{indent}{prefix}{scalar}{suffix}"), pointer),
    }
}

fn comma(i: usize, n: usize) -> &'static str {
    if i + 1 < n { "," } else { "" }
}

/// True when `pointer` is `at` or inside it.
pub fn within(pointer: &str, at: &str) -> bool {
    pointer == at
        || (pointer.len() > at.len()
            && pointer.starts_with(at)
            && pointer[at.len()..].starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_added_removed_and_changed_members_by_pointer() {
        let e = json!({"a": {"b/c": [1, 2]}, "d": "x", "gone": true});
        let a = json!({"a": {"b/c": [1]}, "d": "y", "e": null});
        let d = diff(&e, &a, 100);
        let shown: Vec<(&str, DiffOp)> = d.iter().map(|d| (d.pointer.as_str(), d.op)).collect();
        assert_eq!(
            shown,
            [
                ("/a/b~1c/1", DiffOp::Removed),
                ("/d", DiffOp::Changed),
                ("/gone", DiffOp::Removed),
                ("/e", DiffOp::Added),
            ]
        );
        assert_eq!(d[1].expected, Some(json!("x")));
        assert_eq!(d[1].actual, Some(json!("y")));
        assert_eq!(d[3].expected, None);
        assert_eq!(diff(&e, &a, 2).len(), 2);
        assert!(diff(&e, &e, 100).is_empty());
        assert_eq!(diff(&json!(1), &json!("1"), 9)[0].pointer, "");
    }

    #[test]
    fn pretty_lines_match_serde_json_and_carry_pointers() {
        let v = json!({"a": [1, {"b": null}], "c": {}, "d/e": "x", "f": []});
        let lines = pretty_lines(&v);
        let text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            text.join("\n"),
            serde_json::to_string_pretty(&v).expect("serialises")
        );
        let at = |needle: &str| {
            lines
                .iter()
                .find(|l| l.text.contains(needle))
                .map(|l| l.pointer.as_str())
        };
        assert_eq!(at("\"b\""), Some("/a/1/b"));
        assert_eq!(at("\"d/e\""), Some("/d~1e"));
        assert_eq!(lines.last().map(|l| l.pointer.as_str()), Some(""));
    }

    #[test]
    fn within_respects_token_boundaries() {
        assert!(within("/a/b", "/a"));
        assert!(within("/a", "/a"));
        assert!(within("/a", ""));
        assert!(!within("/ab", "/a"));
    }
}
