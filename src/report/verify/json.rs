//! `verify`'s verdict as JSON lines.

use std::io::Write;

use crate::outcome::Code;
use crate::serve::Verdict;

/// JSON lines: one `coverage` line per example (with its `family`), one
/// `unmatched` line per request, one `repaired` line per example answered
/// after a repair, one `family` line per page family, then a `summary`.
pub fn write_json(out: &mut dyn Write, v: &Verdict) -> std::io::Result<()> {
    let mut line = |value: serde_json::Value| -> std::io::Result<()> {
        serde_json::to_writer(&mut *out, &value)?;
        out.write_all(b"\n")
    };
    for (id, n) in &v.coverage {
        line(serde_json::json!({
            "kind": "coverage",
            "example": id,
            "requests": n,
            "family": crate::source::page_family(id),
        }))?;
    }
    for u in &v.unmatched {
        let mut value = serde_json::to_value(u).unwrap_or_default();
        if let Some(o) = value.as_object_mut() {
            o.insert("kind".into(), "unmatched".into());
            o.insert("code".into(), Code::ServeUnmatched.id().into());
        }
        line(value)?;
    }
    for (id, r) in &v.repaired {
        line(serde_json::json!({
            "kind": "repaired",
            "example": id,
            "codes": r.codes,
            "requests": r.requests,
            "pattern": r.pattern,
            "line": r.line,
        }))?;
    }
    let families = v.families();
    for f in &families {
        let mut value = serde_json::to_value(f).unwrap_or_default();
        if let Some(o) = value.as_object_mut() {
            o.insert("kind".into(), "family".into());
        }
        line(value)?;
    }
    line(serde_json::json!({
        "kind": "summary",
        "requests": v.requests,
        "unmatched": v.unmatched_total(),
        "examples": v.coverage.len(),
        "exercised": v.exercised(),
        "matched": v.matched(),
        "protocol": v.protocol,
        "in_batch": v.in_batch,
        "repaired": v.repaired_requests,
        "repaired_codes": v.repaired_codes,
        "synthesised": v.synthesised,
        "families": families.len(),
    }))
}
