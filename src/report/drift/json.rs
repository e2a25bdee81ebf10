//! The JSON lines writer: one object per item, then a summary object.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::summary::{Summary, ordered, words};
use crate::drift::{DriftItem, DriftReport};

pub(super) fn item_json(item: &DriftItem) -> Value {
    let mut obj = Map::new();
    obj.insert("kind".into(), Value::from("drift"));
    if let Ok(Value::Object(fields)) = serde_json::to_value(item) {
        for (k, v) in fields {
            let k = if k == "kind" {
                "item_kind".to_string()
            } else {
                k
            };
            obj.insert(k, v);
        }
    }
    Value::Object(obj)
}

pub(super) fn write_json(out: &mut dyn Write, report: &DriftReport) -> io::Result<()> {
    for item in ordered(report) {
        serde_json::to_writer(&mut *out, &item_json(item))?;
        out.write_all(b"\n")?;
    }
    let summary = Summary::of(report);
    let by_kind: Map<String, Value> = summary
        .by_kind
        .iter()
        .map(|(k, c)| (words(k).replace(' ', "-"), c.to_json()))
        .collect();
    let by_group: Map<String, Value> = summary
        .by_group
        .iter()
        .map(|(g, c)| ((*g).to_string(), c.to_json()))
        .collect();
    let t = summary.total;
    let line = json!({
        "kind": "summary",
        "comparison": report.comparison,
        "left": report.left,
        "right": report.right,
        "items": t.total(),
        "by_change": {"added": t.added, "removed": t.removed, "changed": t.changed},
        "by_impact": {"breaking": t.breaking, "additive": t.additive, "unclassified": t.unclassified},
        "by_kind": by_kind,
        "by_group": by_group,
    });
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}
