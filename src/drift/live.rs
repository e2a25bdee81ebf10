//! Docs ⇄ live: the documented read-only examples sent to the live service
//! through the replay live target, and the shape of each answer compared
//! with the documented example's body (the live shape check, MC5008–MC5010)
//! and with the type's schema (the body schema check), then aggregated per
//! resource type: "property `foo` missing in 12 of 14 responses".
//!
//! [`run`] sends (the only network code here, all of it in `replay`);
//! [`aggregate`] is pure and turns the replay reports into a
//! [`DriftReport`]. Only GET examples whose documented answer is a 2xx JSON
//! body are sent: the live target refuses writes anyway, and an example
//! without a body has no shape to drift.
//!
//! A response is compared when it came back with the documented status:
//! an example answered 404 (an id of the docs that the tenant does not
//! have) or 500 says nothing about the shape, and is counted, not reported.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::{Change, Comparison, DriftItem, DriftReport, ItemKind, Location};
use crate::checks::{CheckContext, graph_path};
use crate::contract::{Example, Page};
use crate::outcome::Code;
use crate::replay::{ExampleReport, Replayer, Selection, Verdict, replay_suite};
use crate::suite::Suite;

/// What happened to the examples sent, besides the drift found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveStats {
    /// Examples selected (documented GET with a 2xx JSON answer).
    pub selected: usize,
    /// Answered with the documented status: their shape was compared.
    pub compared: usize,
    /// Answered with another status (a 404 for an id of the docs).
    pub other_status: usize,
    /// Not sent (a placeholder without a value, a URL on another host).
    pub skipped: usize,
    /// No answer: refused, unreachable, timed out.
    pub errored: usize,
    /// The first error, as the replay reported it (redacted).
    pub first_error: Option<String>,
    /// The first reason an example was skipped.
    pub first_skip: Option<String>,
}

/// The result of a docs ⇄ live comparison.
#[derive(Debug, Clone)]
pub struct LiveDrift {
    pub report: DriftReport,
    pub stats: LiveStats,
}

/// Why the comparison has nothing to say.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LiveError {
    #[error("the pages have no GET example with a documented 2xx JSON response to compare")]
    NothingToSend,
    #[error("no documented example could be sent ({skipped} skipped): {first}")]
    NothingSent { skipped: usize, first: String },
    #[error("the live service could not be reached ({errored} examples failed): {first}")]
    Unreachable { errored: usize, first: String },
}

/// The examples of `suite` to send: GET requests whose documented answer
/// is a 2xx JSON body.
pub fn select(suite: &Suite) -> Selection {
    let mut out = Selection::new();
    for (p, page) in suite.pages.iter().enumerate() {
        for (e, ex) in page.examples.iter().enumerate() {
            let resp = &ex.response.message;
            if ex.request.message.method.eq_ignore_ascii_case("GET")
                && (200..300).contains(&resp.status)
                && resp.body.json().is_some()
            {
                out.push((p, e));
            }
        }
    }
    out
}

/// Sends the selected examples through `replayer` (a live replayer,
/// read-only) with at most `jobs` pages in flight, and aggregates the
/// answers. `ctx` names each response's resource type from the metadata
/// when the example does not; `right` is what the report says was compared
/// (the base URL).
pub fn run(
    replayer: Arc<Replayer>,
    suite: Arc<Suite>,
    ctx: &CheckContext,
    jobs: usize,
    right: &str,
) -> Result<LiveDrift, LiveError> {
    let selection = select(&suite);
    if selection.is_empty() {
        return Err(LiveError::NothingToSend);
    }
    let reports = replay_suite(
        replayer,
        suite.clone(),
        Arc::new(selection.clone()),
        jobs,
        |_, _| {},
    );
    let drift = aggregate(&suite, &selection, &reports, ctx, right);
    let s = &drift.stats;
    if s.compared + s.other_status == 0 {
        if s.errored > 0 {
            return Err(LiveError::Unreachable {
                errored: s.errored,
                first: s.first_error.clone().unwrap_or_default(),
            });
        }
        return Err(LiveError::NothingSent {
            skipped: s.skipped,
            first: s.first_skip.clone().unwrap_or_default(),
        });
    }
    Ok(drift)
}

/// One difference of one response, generalised so that responses can be
/// counted together.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Key {
    ty: String,
    change: Change,
    /// Where, from the resource: `displayName`, `parts/*/name`; empty for
    /// the whole body.
    at: String,
    /// What differs: the JSON types, or the schema check's code.
    what: String,
}

/// A difference found in some responses of a type.
struct Seen {
    /// The page and line of the first response that shows it.
    first: Location,
    /// The first response's words (schema problems).
    message: String,
    responses: usize,
}

/// Turns replay reports (`reports[i]` for `selection[i]`) into drift items,
/// one per resource type and difference, counted over the responses of that
/// type that were compared.
pub fn aggregate(
    suite: &Suite,
    selection: &Selection,
    reports: &[ExampleReport],
    ctx: &CheckContext,
    right: &str,
) -> LiveDrift {
    let mut stats = LiveStats {
        selected: selection.len(),
        ..LiveStats::default()
    };
    let mut compared: HashMap<String, usize> = HashMap::new();
    let mut found: BTreeMap<Key, Seen> = BTreeMap::new();
    for (&(p, e), report) in selection.iter().zip(reports) {
        let page = &suite.pages[p];
        let ex = &page.examples[e];
        let mismatches = match &report.verdict {
            Verdict::Passed => &[][..],
            Verdict::Failed { mismatches } => mismatches.as_slice(),
            Verdict::Skipped { reason } => {
                stats.skipped += 1;
                stats.first_skip.get_or_insert_with(|| reason.clone());
                continue;
            }
            Verdict::Errored { error } => {
                stats.errored += 1;
                stats.first_error.get_or_insert_with(|| error.clone());
                continue;
            }
        };
        if mismatches.iter().any(|m| m.code == Code::ReplayStatus) {
            stats.other_status += 1;
            continue;
        }
        stats.compared += 1;
        let ty = resource_type(page, ex, ctx);
        *compared.entry(ty.clone()).or_default() += 1;
        let collection = is_collection(ex);
        // A difference counts once per response, however many elements
        // show it.
        let mut here: Vec<Key> = Vec::new();
        for m in mismatches {
            let Some((change, what)) = classify(m) else {
                continue;
            };
            let at = m
                .pointer()
                .map(|p| general(p, collection))
                .unwrap_or_default();
            let key = Key {
                ty: ty.clone(),
                change,
                at,
                what,
            };
            if here.contains(&key) {
                continue;
            }
            here.push(key.clone());
            found
                .entry(key)
                .and_modify(|s| s.responses += 1)
                .or_insert_with(|| Seen {
                    first: Location {
                        file: report.file.clone(),
                        line: m.location.line,
                    },
                    message: m.message.clone(),
                    responses: 1,
                });
        }
    }
    let items = found
        .into_iter()
        .map(|(k, seen)| {
            let of = compared.get(&k.ty).copied().unwrap_or(seen.responses);
            item(k, seen, of)
        })
        .collect();
    let mut report = DriftReport {
        comparison: Comparison::DocsLive,
        left: "docs".to_string(),
        right: right.to_string(),
        items,
    };
    report.sort();
    LiveDrift { report, stats }
}

/// The change and the generalised "what" of a mismatch that is drift of
/// the body; `None` for the others (status, media type, snapshot).
fn classify(m: &crate::outcome::Finding) -> Option<(Change, String)> {
    let types = || {
        format!(
            "{}→{}",
            m.expected().unwrap_or(""),
            m.actual().unwrap_or("")
        )
    };
    match m.code {
        Code::LiveMissingProperty => Some((Change::Removed, String::new())),
        Code::LiveUndocumentedProperty => Some((Change::Added, String::new())),
        Code::LivePropertyType => Some((Change::Changed, types())),
        Code::ReplayBody => Some((Change::Changed, "body".to_string())),
        // The schema check's findings on the live body (MC40xx).
        c if c.id().starts_with("MC40") && m.message.starts_with("response body") => {
            Some((Change::Changed, c.id().to_string()))
        }
        _ => None,
    }
}

fn item(k: Key, seen: Seen, of: usize) -> DriftItem {
    let n = seen.responses;
    let at = if k.at.is_empty() {
        "the body".to_string()
    } else {
        format!("`{}`", k.at)
    };
    let detail = match k.change {
        Change::Removed => format!("property {at} missing in {n} of {of} responses"),
        Change::Added => format!("property {at} not documented, present in {n} of {of} responses"),
        Change::Changed if k.what == "body" => {
            format!("{}, in {n} of {of} responses", seen.message)
        }
        Change::Changed if k.what.starts_with("MC") => format!(
            "{} ({}), in {n} of {of} responses",
            seen.message.trim_start_matches("response body: "),
            k.what
        ),
        Change::Changed => {
            let (doc, live) = k.what.split_once('→').unwrap_or((&k.what, ""));
            format!("{at}: {doc} in the docs, {live} in {n} of {of} responses")
        }
    };
    let subject = if k.at.is_empty() {
        k.ty.clone()
    } else {
        format!("{}/{}", k.ty, k.at)
    };
    DriftItem {
        kind: ItemKind::ResponseShape,
        change: k.change,
        impact: None,
        group: k.ty,
        subject,
        detail,
        left: Some(seen.first),
        right: None,
    }
}

/// `/value/3/parts/0/name` → `parts/*/name` (for a collection response),
/// `/manager/displayName` → `manager/displayName`.
fn general(pointer: &str, collection: bool) -> String {
    let parts: Vec<&str> = pointer
        .split('/')
        .skip(1)
        .map(|s| {
            if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
                "*"
            } else {
                s
            }
        })
        .collect();
    let rest = match parts.as_slice() {
        ["value", "*", rest @ ..] if collection => rest,
        all => all,
    };
    rest.join("/")
}

/// Whether the documented answer is a collection (`{"value": [...]}`).
fn is_collection(ex: &Example) -> bool {
    ex.response.is_collection
        || ex
            .response
            .message
            .body
            .json()
            .and_then(|b| b.get("value"))
            .is_some_and(serde_json::Value::is_array)
}

/// The resource type a response is of: the response annotation's
/// `@odata.type`, else what the URL addresses in the metadata of the
/// example's version, else the page family (`user-*`).
fn resource_type(page: &Page, ex: &Example, ctx: &CheckContext) -> String {
    if let Some(t) = &ex.response.odata_type {
        let t = t.trim().trim_start_matches('#');
        if !t.is_empty() {
            return t.to_string();
        }
    }
    let resolved = ctx
        .csdl(ex.version.as_deref())
        .zip(graph_path(&ex.request.message.url))
        .and_then(|(csdl, path)| csdl.resolve_str(path).ok())
        .and_then(|r| r.type_ref.map(|t| t.name));
    if let Some(t) = resolved {
        return t;
    }
    let stem = page.source.page.rsplit('/').next().unwrap_or("");
    format!("{}-*", stem.split('-').next().unwrap_or(stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_are_counted_together_across_elements() {
        assert_eq!(general("/value/3/parts/0/name", true), "parts/*/name");
        assert_eq!(general("/value/3/name", false), "value/*/name");
        assert_eq!(
            general("/manager/displayName", false),
            "manager/displayName"
        );
        assert_eq!(general("", false), "");
    }
}
