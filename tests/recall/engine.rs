//! The mutation engine of the recall measurement: defects of every kind that
//! `check` claims to find are injected into clean places of real corpus
//! pages, and each mutant counts as found when `check` reports the kind's
//! code at the kind's line, where the unmutated page had no such finding.
//!
//! Shared by `tests/recall.rs` (which asserts the floors) and
//! `examples/recall.rs` (which prints the table and writes `docs/recall.md`).
//! Everything runs in-process: the metadata is parsed once, pages are
//! mutated in memory and each mutant page is extracted and checked alone.
//!
//! Which line each kind expects (the line of the mutated text unless said
//! otherwise; see [`Kind::line_rule`]):
//! - body defects (types, properties, enums, formats, `@odata.type`) in
//!   response bodies typed by their annotation and in request bodies typed by
//!   the metadata (a POST to an entity set, a PATCH or PUT of an entity): the
//!   line of the member, which is where `check` points (the member's key);
//! - Content-Length: the header's line;
//! - pairing: the fence line of the block that is left without its partner
//!   (`check` points at fences, not at annotations);
//! - a body where HTTP has none, a body without Content-Type: the first line
//!   of the body, which is what the writer has to remove or declare.

#![allow(dead_code)] // the example and the test use different parts

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use mdcontract::checks::{self, CheckContext, Sink};
use mdcontract::config::Config;
use mdcontract::contract::{
    Disposition, Example, IgnoreReason, Page, extract_page, folder_version,
};
use mdcontract::json;
use mdcontract::outcome::Code;
use mdcontract::schema::csdl::Csdl;
use mdcontract::schema::permissions::is_scope_name;
use mdcontract::schema::resolve::ResolvedKind;
use mdcontract::schema::{NamedKind, TypeRef, TypeSet};
use mdcontract::source::ContentMap;
use mdcontract::source::SourceFile;
use mdcontract::suite::{self, Input, Suite};
use rayon::prelude::*;
use serde_json::Value;

/// The seed of the measurement. Changing it gives other positions; the
/// floors asserted by the test must hold for this one.
pub const SEED: u64 = 0x5eed_2021_0713;

/// Mutants wanted per kind (fewer when the corpus has fewer clean places).
pub const QUOTA: usize = 64;

/// SplitMix64: small, deterministic, good enough to pick positions.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// Declares [`Kind`] from one table, a row per kind: its name, the codes
/// that count as finding it, and the line a finding must be on (in words).
macro_rules! kinds {
    ($($kind:ident: $name:literal, [$($code:ident),+], $line:literal;)+) => {
        /// A kind of defect, as `check` claims to find it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Kind {
            $($kind,)+
        }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$kind,)+];

            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$kind => $name,)+
                }
            }

            /// The codes that count as finding this kind.
            pub fn codes(self) -> &'static [Code] {
                match self {
                    $(Kind::$kind => &[$(Code::$code),+],)+
                }
            }

            /// The line a finding must be on, in words.
            pub fn line_rule(self) -> &'static str {
                match self {
                    $(Kind::$kind => $line,)+
                }
            }
        }
    };
}

kinds! {
    // Strict parsing fails at the mutated place either way; MC2001
    // when the lenient reader still recovers a value, MC2002 when not.
    InvalidJson: "invalid JSON at a line", [BodyNotStrictJson, BodyUnrecoverable], "mutated line";
    WrongJsonType: "wrong JSON type", [WrongJsonType], "member's line";
    UnknownProperty: "unknown property", [UndocumentedProperty], "member's line";
    WrongEnum: "wrong enum value", [NotInEnum], "member's line";
    EnumCase: "enum value in the wrong case", [EnumCaseMismatch], "member's line";
    BadDateTime: "malformed date-time", [BadFormat], "member's line";
    BadFormat: "malformed GUID, duration, date or time", [BadFormat], "member's line";
    UnrelatedODataType: "wrong @odata.type (unrelated type)", [UnrelatedODataType], "inserted @odata.type's line";
    UnknownODataType: "wrong @odata.type (undefined type)", [UnknownODataType], "inserted @odata.type's line";
    AbstractType: "abstract type instantiated", [AbstractTypeInstantiated], "inserted @odata.type's line";
    ContentLengthLf: "wrong Content-Length (LF page)", [ContentLengthMismatch], "header's line";
    ContentLengthCrlf: "wrong Content-Length (CRLF page)", [ContentLengthMismatch], "header's line";
    ContentLengthMixed: "wrong Content-Length (CRLF and LF bodies)", [ContentLengthMismatch], "header's line";
    UnpairedRequest: "unpaired request", [RequestWithoutResponse], "request fence line";
    // A response whose annotation names its (now missing) request is
    // reported as naming no request; an unnamed one as having none.
    UnpairedResponse: "unpaired response", [ResponseWithoutRequest, UnknownRequestName], "response fence line";
    DuplicateName: "duplicate example name", [DuplicateExampleName], "request fence line";
    UnknownRequestName: "response names no request", [UnknownRequestName], "response fence line";
    BodyOnGet: "body on a GET request", [BodyOnBodylessMethod], "body's first line";
    BodyOn204: "body on a 204 response", [BodyOn204], "body's first line";
    MissingContentType: "JSON body without Content-Type", [MissingContentType], "body's first line";
    CreatedOnGet: "201 Created answering a GET or DELETE", [StatusNotForMethod], "status line";
    VersionMismatch: "URL version not the page's", [VersionMismatch], "request line";
    UnknownEntitySet: "unknown entity set", [UnresolvedUrl], "request line";
    UrlOutsideTemplates: "example URL outside the page's templates", [UrlOutsideTemplates], "request line";
    NearMissScope: "scope that does not exist (near miss)", [UnknownScope], "table row";
    TodoPermissions: "TODO permissions cell", [PermissionsTodo], "table row";
    MissingPermissions: "missing permissions section", [PermissionsMissing], "`## HTTP request` heading";
    UnknownAnnotationKey: "unknown annotation key", [UnknownAnnotationKey], "key's line";
}

/// One mutated page.
pub struct Mutant {
    pub kind: Kind,
    pub page: String,
    /// The page the mutant was made from (the corpus page, or its CRLF form).
    pub base: Arc<String>,
    /// The findings of `base`, as (code, line).
    base_seen: Arc<Seen>,
    pub text: String,
    /// 1-based line where the kind's code must be reported.
    pub line: usize,
    /// Lines inserted by the mutation: (first inserted line, count). Findings
    /// of the base page at or after it move down by `count`.
    pub inserted: Option<(usize, usize)>,
    /// What was done, for the list of misses.
    pub what: String,
}

/// A mutant and whether `check` found it.
pub struct Outcome {
    pub kind: Kind,
    pub page: String,
    pub line: usize,
    pub what: String,
    pub found: bool,
    /// The findings of the mutant page near the line, for misses.
    pub near: Vec<String>,
    /// The changed lines, `-` before and `+` after (at most three of each).
    pub diff: Vec<String>,
}

/// Recall of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub kind: Kind,
    pub mutants: usize,
    pub found: usize,
}

impl Row {
    pub fn recall(&self) -> f64 {
        if self.mutants == 0 {
            0.0
        } else {
            100.0 * self.found as f64 / self.mutants as f64
        }
    }
}

pub struct Report {
    pub rows: Vec<Row>,
    pub outcomes: Vec<Outcome>,
    pub pages_used: usize,
}

impl Report {
    pub fn total(&self) -> Row {
        let mutants = self.rows.iter().map(|r| r.mutants).sum();
        let found = self.rows.iter().map(|r| r.found).sum();
        Row {
            kind: Kind::InvalidJson,
            mutants,
            found,
        }
    }

    pub fn row(&self, kind: Kind) -> Row {
        self.rows
            .iter()
            .copied()
            .find(|r| r.kind == kind)
            .unwrap_or(Row {
                kind,
                mutants: 0,
                found: 0,
            })
    }

    /// The per-kind table as plain text.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<42} {:<8} {:>7} {:>6} {:>8}\n",
            "kind", "code", "mutants", "found", "recall"
        );
        let line = |kind: &str, code: &str, r: &Row| {
            let (mutants, found, recall) = (r.mutants, r.found, r.recall());
            format!("{kind:<42} {code:<8} {mutants:>7} {found:>6} {recall:>7.1}%\n")
        };
        for r in &self.rows {
            out.push_str(&line(r.kind.name(), r.kind.codes()[0].id(), r));
        }
        out.push_str(&line("all", "", &self.total()));
        out
    }

    /// The per-kind table as markdown (`docs/recall.md`).
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "# Measured recall of `check`\n\n\
             Generated by `cargo run --example recall -- --markdown docs/recall.md`\n\
             (with `MDCONTRACT_CORPUS` and `MDCONTRACT_METADATA` set); do not edit by hand.\n\n\
             Defects of each kind are injected at seeded random places of clean pages of the\n\
             2021 Graph corpus (see `tests/recall/engine.rs`); a mutant is found when `check`,\n\
             with the 2021 metadata and permission files, reports the kind's code at the kind's\n\
             line and the unmutated page had no such finding there. `tests/recall.rs` asserts\n\
             the floors.\n\n",
        );
        out.push_str(&format!(
            "Seed `{SEED:#x}`, {QUOTA} mutants wanted per kind, {} pages used.\n\n",
            self.pages_used
        ));
        out.push_str(
            "| kind | code | line | mutants | found | recall |\n|---|---|---|---:|---:|---:|\n",
        );
        for r in &self.rows {
            let codes: Vec<String> = r
                .kind
                .codes()
                .iter()
                .map(|c| format!("`{}`", c.id()))
                .collect();
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {:.1} % |\n",
                r.kind.name(),
                codes.join(", "),
                r.kind.line_rule(),
                r.mutants,
                r.found,
                r.recall()
            ));
        }
        let t = self.total();
        out.push_str(&format!(
            "| **all** | | | **{}** | **{}** | **{:.1} %** |\n",
            t.mutants,
            t.found,
            t.recall()
        ));
        out.push_str(NOT_MEASURED);
        out
    }
}

/// Defects that no check claims to find, so not measured (appended to
/// `docs/recall.md`).
const NOT_MEASURED: &str = "
Not measured, because no check claims it (no finding code exists): a scope
that is in no permission file and is no near miss of one (the 2021 files
list far fewer scopes than the service grants, so `MC4302` reports only near
misses; the mutants of that kind are one letter away from a listed scope).
";

/// The metadata dir and the corpus, from `MDCONTRACT_METADATA` and
/// `MDCONTRACT_CORPUS`; `None` when either is unset.
pub fn inputs_from_env() -> Option<(PathBuf, PathBuf)> {
    let corpus = PathBuf::from(std::env::var_os("MDCONTRACT_CORPUS")?);
    let metadata = PathBuf::from(std::env::var_os("MDCONTRACT_METADATA")?);
    Some((corpus, metadata))
}

/// The check context over `metadata` (a directory with `v1.0.csdl.xml`,
/// `beta.csdl.xml`, `v1.0.permissions.xml`, `beta.permissions.xml`), parsed
/// once.
pub fn context(metadata: &Path) -> CheckContext {
    for v in ["v1.0", "beta"] {
        for f in [format!("{v}.csdl.xml"), format!("{v}.permissions.xml")] {
            let p = metadata.join(&f);
            assert!(p.is_file(), "{} is missing", p.display());
        }
    }
    let config = Config::from_metadata_dir(metadata);
    mdcontract::runner::check_context(&config, &Suite::default()).expect("metadata loads")
}

/// A finding reduced to what recall compares: code and line.
type Seen = BTreeSet<(Code, usize)>;

/// Extracts and checks one page in memory, as `check` does.
pub fn check_page(ctx: &CheckContext, key: &str, text: &str) -> (Page, Seen, Vec<String>) {
    let page = extract_page(Arc::new(SourceFile::from_text(key, text)));
    let mut sink = Sink::new(&page);
    for c in checks::default_checks() {
        c.check(&page, ctx, &mut sink);
    }
    let mut all: Vec<_> = page.findings.clone();
    all.extend(sink.into_findings());
    let seen = all.iter().map(|f| (f.code, f.location.line)).collect();
    let listed = all
        .iter()
        .map(|f| format!("{}:{} {}", f.code.id(), f.location.line, f.message))
        .collect();
    (page, seen, listed)
}

/// Runs the whole measurement.
pub fn measure(corpus: &Path, metadata: &Path) -> Report {
    let ctx = context(metadata);
    let roots: Vec<PathBuf> = ["v1.0", "beta"]
        .iter()
        .map(|v| corpus.join(v).join("api"))
        .collect();
    for r in &roots {
        assert!(r.is_dir(), "{} is not a directory", r.display());
    }
    let mut inputs: Vec<Input> = suite::discover(&roots).expect("corpus pages");
    let mut rng = Rng::new(SEED);
    rng.shuffle(&mut inputs);
    let mut counts = vec![0usize; Kind::ALL.len()];
    let mut mutants = Vec::new();
    let mut pages_used = 0;
    for input in &inputs {
        if counts.iter().all(|&c| c >= QUOTA) {
            break;
        }
        let Ok(text) = std::fs::read_to_string(&input.path) else {
            continue;
        };
        let wanted: Vec<Kind> = Kind::ALL
            .iter()
            .zip(&counts)
            .filter(|(_, c)| **c < QUOTA)
            .map(|(k, _)| *k)
            .collect();
        let made = mutate_page(&ctx, &input.page, text, &wanted, &mut rng);
        if !made.is_empty() {
            pages_used += 1;
        }
        for m in &made {
            counts[Kind::ALL.iter().position(|k| *k == m.kind).unwrap_or(0)] += 1;
        }
        mutants.extend(made);
    }
    // Made in order (the positions depend on the seed alone), judged in
    // parallel.
    let outcomes: Vec<Outcome> = mutants.par_iter().map(|m| judge(&ctx, m)).collect();
    let rows = Kind::ALL
        .iter()
        .map(|&kind| {
            let of_kind = outcomes.iter().filter(|o| o.kind == kind);
            Row {
                kind,
                mutants: of_kind.clone().count(),
                found: of_kind.filter(|o| o.found).count(),
            }
        })
        .collect();
    Report {
        rows,
        outcomes,
        pages_used,
    }
}

/// Checks the mutant page and decides whether it was found: the kind's code
/// at the kind's line, and not on the base page at that place.
fn judge(ctx: &CheckContext, m: &Mutant) -> Outcome {
    let base_seen = &m.base_seen;
    let (_, seen, listed) = check_page(ctx, &m.page, &m.text);
    let shift = |line: usize| match m.inserted {
        Some((at, n)) if line >= at => line + n,
        _ => line,
    };
    let before: Seen = base_seen.iter().map(|&(c, l)| (c, shift(l))).collect();
    let found = m
        .kind
        .codes()
        .iter()
        .any(|&c| seen.contains(&(c, m.line)) && !before.contains(&(c, m.line)));
    let near = if found {
        Vec::new()
    } else {
        listed
            .into_iter()
            .filter(|l| {
                l.split([':', ' '])
                    .nth(1)
                    .and_then(|n| n.parse::<usize>().ok())
                    .is_some_and(|n| n + 3 >= m.line && n <= m.line + 3)
            })
            .collect()
    };
    Outcome {
        kind: m.kind,
        page: m.page.clone(),
        line: m.line,
        what: m.what.clone(),
        found,
        near,
        diff: diff(&m.base, &m.text),
    }
}

/// The lines that differ between `a` and `b`, past their common first and
/// last lines.
fn diff(a: &str, b: &str) -> Vec<String> {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let shown = |lines: &[&str], sign: char| -> Vec<String> {
        lines[head..lines.len() - tail]
            .iter()
            .enumerate()
            .take(3)
            .map(|(i, l)| {
                let l: String = l.chars().take(120).collect();
                format!("{sign}{}: {l}", head + i + 1)
            })
            .collect()
    };
    let mut out = shown(&a, '-');
    out.extend(shown(&b, '+'));
    out
}

// ---------------------------------------------------------------------------
// Text helpers

/// Byte offsets of the start of every line.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// 1-based line of `offset`.
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Byte range of 1-based `line`, without its line break.
    fn range(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts[line - 1];
        let mut end = self.starts.get(line).map_or(text.len(), |&s| s - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }
}

fn replace(text: &str, start: usize, end: usize, with: &str) -> String {
    format!("{}{with}{}", &text[..start], &text[end..])
}

/// Replaces lines `first..=last` by empty lines, keeping the line count.
/// The ATX headings of `text` outside code fences: (1-based line, level,
/// text).
fn markdown_headings(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || !line.starts_with('#') {
            continue;
        }
        let level = t.bytes().take_while(|&b| b == b'#').count();
        if t[level..].starts_with(' ') {
            out.push((n + 1, level, t[level..].trim().to_string()));
        }
    }
    out
}

fn blank_lines(text: &str, lines: &Lines, first: usize, last: usize) -> String {
    let (start, _) = lines.range(text, first);
    let (_, end) = lines.range(text, last);
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    replace(text, start, end, &eol.repeat(last - first))
}

/// `text` with the request and response blocks of every other example
/// (the second, fourth, …) in CRLF line endings, the rest in LF.
fn crlf_every_other_example(text: &str, page: &Page) -> String {
    let mut spans: Vec<(usize, usize)> = page
        .fences
        .iter()
        .filter_map(|f| match f.disposition {
            Disposition::Request { example } | Disposition::Response { example }
                if example % 2 == 1 =>
            {
                Some((f.place.span.start, f.place.span.end))
            }
            _ => None,
        })
        .collect();
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len() + 256);
    let mut last = 0;
    for (start, end) in spans {
        if start < last {
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str(&text[start..end].replace('\n', "\r\n"));
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// The 1-based line of the fence of example `i`'s request or response.
fn fence_line(page: &Page, i: usize, request: bool) -> Option<(usize, usize, usize)> {
    page.fences.iter().find_map(|f| match f.disposition {
        Disposition::Request { example } if request && example == i => {
            Some((f.place.at.line, f.place.span.start, f.place.span.end))
        }
        Disposition::Response { example } if !request && example == i => {
            Some((f.place.at.line, f.place.span.start, f.place.span.end))
        }
        _ => None,
    })
}

/// The annotation comment right above the fence starting at `fence_start`:
/// (span start, span end, value).
fn annotation_before(page: &Page, fence_start: usize) -> Option<(usize, usize, &Value)> {
    let text = &page.source.text;
    page.annotations.iter().find_map(|a| {
        (a.span.end <= fence_start && text[a.span.end..fence_start].trim().is_empty()).then_some((
            a.span.start,
            a.span.end,
            &a.value,
        ))
    })
}

fn has_code_at(seen: &Seen, codes: &[Code], line: usize) -> bool {
    seen.iter().any(|(c, l)| codes.contains(c) && *l == line)
}

// ---------------------------------------------------------------------------
// Sites: places of a page where a kind can be injected

/// One member of a typed object in a response body, alone on its line.
struct Member {
    line: usize,
    /// Offsets in the page: key (with quotes) and value.
    key: (usize, usize),
    value: (usize, usize),
    name: String,
    json: Value,
    /// The object's effective type and the member's declared type.
    owner: String,
    ty: Option<TypeRef>,
    /// The object has its own `@odata.type`.
    owner_typed: bool,
    /// The declared type of the object (what an inserted `@odata.type` must
    /// be or derive from).
    declared: String,
}

/// The typed objects of example `ex`'s response body and their members:
/// the body is typed by the response annotation's `@odata.type`.
fn response_members(page: &Page, ex: &Example, types: &TypeSet, lines: &Lines) -> Vec<Member> {
    let resp = &ex.response;
    if !(200..300).contains(&resp.message.status) {
        return Vec::new();
    }
    let (Some(annotated), Some(body), Some(t)) = (
        resp.odata_type.as_deref(),
        resp.message.body.json(),
        resp.message.body.text(),
    ) else {
        return Vec::new();
    };
    let (name, collection) = match annotated.trim().strip_prefix("Collection(") {
        Some(inner) => (inner.trim_end_matches(')'), true),
        None => (annotated, resp.is_collection),
    };
    let Some(top) = types.get(name).filter(|t| t.is_structured()) else {
        return Vec::new();
    };
    let top = top.name.clone();
    let envelope = body.get("value").is_some_and(Value::is_array);
    let mut objects: Vec<(String, String, &Value)> = Vec::new(); // pointer, declared, value
    if envelope && types.property(&top, "value").is_none() {
        if let Some(items) = body.get("value").and_then(Value::as_array) {
            for (i, item) in items.iter().enumerate().take(3) {
                objects.push((format!("/value/{i}"), top.clone(), item));
            }
        }
    } else if !collection {
        objects.push((String::new(), top.clone(), body));
    }
    let start = resp.map.to_source(t.offset);
    let end = resp.map.to_source(t.offset + t.len);
    object_members(page, start, end, objects, types, lines)
}

/// The typed objects of example `ex`'s request body and their members: a
/// POST to an entity set creates one of its entities, a PATCH or PUT of one
/// entity updates it (the type the metadata gives the URL).
fn request_members(
    page: &Page,
    ex: &Example,
    csdl: &Csdl,
    types: &TypeSet,
    lines: &Lines,
) -> Vec<Member> {
    let rq = &ex.request;
    let (Some(body), Some(t)) = (rq.message.body.json(), rq.message.body.text()) else {
        return Vec::new();
    };
    let Some(path) = rq.message.url.strip_prefix("https://graph.microsoft.com") else {
        return Vec::new();
    };
    let Ok(resolved) = csdl.resolve_str(path) else {
        return Vec::new();
    };
    let creates_or_updates = match (rq.message.method.as_str(), resolved.kind) {
        ("POST", ResolvedKind::EntitySet) => true,
        ("PATCH" | "PUT", ResolvedKind::SingleEntity) => {
            resolved.type_ref.as_ref().is_some_and(|t| !t.collection)
        }
        _ => false,
    };
    let Some(top) = resolved
        .type_ref
        .filter(|_| creates_or_updates)
        .and_then(|t| types.get(&t.name).filter(|t| t.is_structured()))
    else {
        return Vec::new();
    };
    let start = rq.map.to_source(t.offset);
    let end = rq.map.to_source(t.offset + t.len);
    let objects = vec![(String::new(), top.name.clone(), body)];
    object_members(page, start, end, objects, types, lines)
}

/// The members of `objects` (pointer, declared type, value) and of the
/// typed objects inside them, in a body that is `[start, end)` of the page.
fn object_members(
    page: &Page,
    start: usize,
    end: usize,
    mut objects: Vec<(String, String, &Value)>,
    types: &TypeSet,
    lines: &Lines,
) -> Vec<Member> {
    let mut out = Vec::new();
    let text = &page.source.text;
    let body_text = &text[start..end];
    while let Some((pointer, declared, v)) = objects.pop() {
        let Some(map) = v.as_object() else { continue };
        let own = map.get("@odata.type").and_then(Value::as_str);
        let effective = match own {
            Some(o) => match types.get(o) {
                Some(t) if types.is_same_or_derived(&t.name, &declared) => t.name.clone(),
                _ => continue,
            },
            None => declared.clone(),
        };
        for (name, value) in map {
            if name.contains('@') || name.contains('/') || name.contains('~') {
                continue;
            }
            let ptr = format!("{pointer}/{name}");
            let ty = types.property_type(&effective, name);
            // Descend into objects of a known structured type.
            if let Some(ty) = &ty
                && types.get(&ty.name).is_some_and(|t| t.is_structured())
            {
                if let Some(a) = value.as_array() {
                    for (i, item) in a.iter().enumerate().take(2) {
                        objects.push((format!("{ptr}/{i}"), ty.name.clone(), item));
                    }
                } else if value.is_object() {
                    objects.push((ptr.clone(), ty.name.clone(), value));
                }
            }
            let Some(at) = json::locate(body_text, &ptr) else {
                continue;
            };
            let key_start = start + at;
            let line = lines.line(key_start);
            let (ls, le) = lines.range(text, line);
            // The member alone on its line: `"name": value,`.
            if !text[ls..key_start].trim().is_empty() {
                continue;
            }
            let quoted = format!("\"{name}\"");
            if !text[key_start..].starts_with(&quoted) {
                continue;
            }
            let after_key = key_start + quoted.len();
            let rest = &text[after_key..le];
            let Some(colon) = rest.find(':') else {
                continue;
            };
            if !rest[..colon].trim().is_empty() {
                continue;
            }
            let vstart_rel =
                colon + 1 + (rest[colon + 1..].len() - rest[colon + 1..].trim_start().len());
            let vtext = rest[vstart_rel..].trim_end();
            let vtext = vtext.strip_suffix(',').unwrap_or(vtext).trim_end();
            if serde_json::from_str::<Value>(vtext).ok().as_ref() != Some(value) {
                continue;
            }
            let vstart = after_key + vstart_rel;
            out.push(Member {
                line,
                key: (key_start, after_key),
                value: (vstart, vstart + vtext.len()),
                name: name.clone(),
                json: value.clone(),
                owner: effective.clone(),
                ty: ty.clone(),
                owner_typed: own.is_some(),
                declared: declared.clone(),
            });
        }
    }
    out.sort_by_key(|m| m.key.0);
    out
}

/// The primitive `Edm.*` name of a single-valued member, if it has one.
fn primitive(m: &Member) -> Option<&str> {
    m.ty.as_ref()
        .filter(|t| !t.collection && t.name.starts_with("Edm."))
        .map(|t| t.name.as_str())
}

fn enum_members<'t>(m: &Member, types: &'t TypeSet) -> Option<&'t [String]> {
    let ty = m.ty.as_ref().filter(|t| !t.collection)?;
    let t = types.get(&ty.name).filter(|t| t.kind == NamedKind::Enum)?;
    Some(&t.members)
}

// ---------------------------------------------------------------------------
// Mutators

/// The mutants of one page for the `wanted` kinds, at most one per kind.
pub fn mutate_page(
    ctx: &CheckContext,
    key: &str,
    text: String,
    wanted: &[Kind],
    rng: &mut Rng,
) -> Vec<Mutant> {
    let original = Original::new(ctx, key, Arc::new(text));
    let base = &original.text;
    let mut out = Vec::new();
    // CRLF pages, and pages with CRLF blocks among LF ones, are made from
    // LF pages; their baseline is checked separately.
    let variant = |wanted_kind: Kind, make: &dyn Fn() -> String| {
        (wanted.contains(&wanted_kind) && !base.contains('\r'))
            .then(|| Original::new(ctx, key, Arc::new(make())))
    };
    let crlf = variant(Kind::ContentLengthCrlf, &|| base.replace('\n', "\r\n"));
    let mixed = variant(Kind::ContentLengthMixed, &|| {
        crlf_every_other_example(base, &original.page)
    });
    for &kind in wanted {
        let m = match kind {
            Kind::ContentLengthCrlf => crlf.as_ref().and_then(|o| content_length(kind, o, rng)),
            Kind::ContentLengthMixed => mixed.as_ref().and_then(|o| content_length(kind, o, rng)),
            _ => mutate(kind, ctx, &original, rng),
        };
        out.extend(m);
    }
    out
}

/// A page mutants are made from: its text, as parsed, its own findings and
/// its line starts.
struct Original<'k> {
    key: &'k str,
    text: Arc<String>,
    page: Page,
    seen: Arc<Seen>,
    lines: Lines,
}

impl<'k> Original<'k> {
    fn new(ctx: &CheckContext, key: &'k str, text: Arc<String>) -> Self {
        let (page, seen, _) = check_page(ctx, key, &text);
        let lines = Lines::new(&text);
        Original {
            key,
            text,
            page,
            seen: Arc::new(seen),
            lines,
        }
    }

    /// The mutant `new` of this page, of `kind`, to be reported at `line`.
    fn mutant(
        &self,
        kind: Kind,
        line: usize,
        new: String,
        inserted: Option<(usize, usize)>,
        what: String,
    ) -> Mutant {
        Mutant {
            kind,
            page: self.key.to_string(),
            base: self.text.clone(),
            base_seen: self.seen.clone(),
            text: new,
            line,
            inserted,
            what,
        }
    }
}

fn mutate(kind: Kind, ctx: &CheckContext, original: &Original, rng: &mut Rng) -> Option<Mutant> {
    let key = original.key;
    let (text, page, seen, lines) = (
        original.text.as_str(),
        &original.page,
        &original.seen,
        &original.lines,
    );
    let mutant = |line: usize, new: String, inserted: Option<(usize, usize)>, what: String| {
        original.mutant(kind, line, new, inserted, what)
    };
    match kind {
        Kind::InvalidJson
        | Kind::WrongJsonType
        | Kind::UnknownProperty
        | Kind::WrongEnum
        | Kind::EnumCase
        | Kind::BadDateTime
        | Kind::BadFormat
        | Kind::UnrelatedODataType
        | Kind::UnknownODataType
        | Kind::AbstractType => {
            // Members of clean request and response bodies only: no body
            // finding at all within the body's lines.
            let mut sites: Vec<(usize, Member)> = Vec::new();
            for (i, ex) in page.examples.iter().enumerate() {
                let version = ex.version.as_deref();
                let Some(types) = ctx.schemas(version).map(|s| s.types()) else {
                    continue;
                };
                let clean = |body: &mdcontract::http::message::Body, map: &ContentMap| {
                    body.text().is_some_and(|t| {
                        let first = lines.line(map.to_source(t.offset));
                        let last = lines.line(map.to_source(t.offset + t.len));
                        !seen.iter().any(|(c, l)| {
                            (first..=last).contains(l)
                                && (c.id().starts_with("MC2") || c.id().starts_with("MC4"))
                        })
                    })
                };
                if clean(&ex.response.message.body, &ex.response.map) {
                    for m in response_members(page, ex, types, lines) {
                        sites.push((i, m));
                    }
                }
                if let Some(csdl) = ctx.csdl(version)
                    && clean(&ex.request.message.body, &ex.request.map)
                {
                    for m in request_members(page, ex, csdl, types, lines) {
                        sites.push((i, m));
                    }
                }
            }
            let fitting: Vec<&(usize, Member)> = sites
                .iter()
                .filter(|(i, m)| {
                    let types = ctx
                        .schemas(page.examples[*i].version.as_deref())
                        .map(|s| s.types());
                    types.is_some_and(|types| body_site_fits(kind, m, types))
                })
                .collect();
            let (i, m) = *rng.pick(&fitting)?;
            let types = ctx.schemas(page.examples[*i].version.as_deref())?.types();
            let (new, what) = body_mutation(kind, text, m, types, rng)?;
            Some(mutant(m.line, new, None, what))
        }
        Kind::ContentLengthLf => content_length(kind, original, rng),
        Kind::UnpairedRequest | Kind::UnpairedResponse | Kind::UnknownRequestName => {
            // Examples whose request and response are both annotated, the
            // request with a name: pairing is then by name, not by order.
            // Not on pages with a spare request or response already (a
            // second response to one request would answer it instead).
            if seen.iter().any(|(c, _)| c.id().starts_with("MC300")) {
                return None;
            }
            let i = pick_example(page, rng, |i| {
                let ex = &page.examples[i];
                ex.request.annotated
                    && ex.response.annotated
                    && ex.name.is_some()
                    && fence_line(page, i, true).is_some()
                    && fence_line(page, i, false).is_some()
            })?;
            let (rq_line, rq_start, rq_end) = fence_line(page, i, true)?;
            let (rs_line, rs_start, rs_end) = fence_line(page, i, false)?;
            let codes = kind.codes();
            match kind {
                Kind::UnpairedRequest => {
                    // A page that shows another answer to a request (a 207
                    // after a 200): without one, the other still answers.
                    if page.fences.iter().any(|f| {
                        f.disposition
                            == (Disposition::Ignored {
                                reason: IgnoreReason::AlternativeResponse,
                            })
                    }) {
                        return None;
                    }
                    let (a, _, _) = annotation_before(page, rs_start)?;
                    if has_code_at(seen, codes, rq_line) {
                        return None;
                    }
                    let new = blank_lines(text, lines, lines.line(a), lines.line(rs_end - 1));
                    Some(mutant(rq_line, new, None, "response block removed".into()))
                }
                Kind::UnpairedResponse => {
                    let (a, _, _) = annotation_before(page, rq_start)?;
                    if has_code_at(seen, codes, rs_line) {
                        return None;
                    }
                    let new = blank_lines(text, lines, lines.line(a), lines.line(rq_end - 1));
                    Some(mutant(rs_line, new, None, "request block removed".into()))
                }
                _ => {
                    let (a, b, v) = annotation_before(page, rs_start)?;
                    let name = v.get("name").and_then(Value::as_str)?;
                    if has_code_at(seen, codes, rs_line) {
                        return None;
                    }
                    let quoted = format!("\"{name}\"");
                    let at = a + text[a..b].rfind(&quoted)?;
                    let new = replace(text, at, at + quoted.len(), &format!("\"{name}-zq\""));
                    Some(mutant(
                        rs_line,
                        new,
                        None,
                        format!("response renamed `{name}-zq`"),
                    ))
                }
            }
        }
        Kind::DuplicateName => {
            let named: Vec<(usize, String)> = (0..page.examples.len())
                .filter(|&i| page.examples[i].request.annotated)
                .filter_map(|i| {
                    let (_, s, _) = fence_line(page, i, true)?;
                    let (_, _, v) = annotation_before(page, s)?;
                    Some((i, v.get("name")?.as_str()?.to_string()))
                })
                .collect();
            if named.len() < 2 {
                return None;
            }
            let j = 1 + rng.below(named.len() - 1);
            let first = &named[rng.below(j)].1;
            let (i, own) = &named[j];
            if own == first {
                return None;
            }
            let (line, s, _) = fence_line(page, *i, true)?;
            if has_code_at(seen, kind.codes(), line) {
                return None;
            }
            let (a, b, _) = annotation_before(page, s)?;
            let quoted = format!("\"{own}\"");
            let at = a + text[a..b].find(&quoted)?;
            let mut new = replace(text, at, at + quoted.len(), &format!("\"{first}\""));
            // Its response follows the new name, so that only the name is doubled.
            if let Some((_, rs, _)) = fence_line(page, *i, false) {
                let shift = first.len() as isize - own.len() as isize;
                let rs = (rs as isize + shift) as usize;
                let page2 = extract_page(Arc::new(SourceFile::from_text(key, &new)));
                if let Some((ra, rb, v)) = annotation_before(&page2, rs)
                    && v.get("name").and_then(Value::as_str) == Some(own)
                    && let Some(k) = new[ra..rb].find(&quoted)
                {
                    new = replace(&new, ra + k, ra + k + quoted.len(), &format!("\"{first}\""));
                }
            }
            Some(mutant(
                line,
                new,
                None,
                format!("request `{own}` renamed `{first}`"),
            ))
        }
        Kind::BodyOnGet => {
            let i = pick_example(page, rng, |i| {
                let rq = &page.examples[i].request.message;
                rq.method == "GET" && rq.body.text().is_none()
            })?;
            let (_, _, end) = fence_line(page, i, true)?;
            // The closing fence's line: the body goes right above it.
            let close = lines.line(end.saturating_sub(1).max(1));
            let (cs, _) = lines.range(text, close);
            if !text[cs..].trim_start().starts_with("```") {
                return None;
            }
            // A blank line ends the headers, then a one-line JSON body.
            let new = replace(text, cs, cs, "\n{\"displayName\": \"zq\"}\n");
            if has_code_at(seen, kind.codes(), close + 1) {
                return None;
            }
            Some(mutant(
                close + 1,
                new,
                Some((close, 2)),
                "body added to a GET".into(),
            ))
        }
        Kind::BodyOn204 => {
            let i = pick_example(page, rng, |i| {
                let rs = &page.examples[i].response.message;
                matches!(rs.status, 200 | 201) && rs.body.text().is_some_and(|t| t.len > 0)
            })?;
            let rs = &page.examples[i].response;
            let t = rs.message.body.text()?;
            let body_line = lines.line(rs.map.to_source(t.offset));
            if has_code_at(seen, kind.codes(), body_line) {
                return None;
            }
            let (_, fs, _) = fence_line(page, i, false)?;
            let status_line = lines.line(fs) + 1;
            let (new, code) = restatus(
                text,
                lines,
                status_line,
                rs.message.status,
                "204 No Content",
            )?;
            Some(mutant(
                body_line,
                new,
                None,
                format!("status {code} made 204"),
            ))
        }
        Kind::CreatedOnGet => {
            let i = pick_example(page, rng, |i| {
                let ex = &page.examples[i];
                matches!(ex.request.message.method.as_str(), "GET" | "DELETE")
                    && matches!(ex.response.message.status, 200 | 204)
            })?;
            let rs = &page.examples[i].response;
            let status_line = lines.line(rs.map.to_source(0));
            if has_code_at(seen, kind.codes(), status_line) {
                return None;
            }
            let (new, code) = restatus(text, lines, status_line, rs.message.status, "201 Created")?;
            Some(mutant(
                status_line,
                new,
                None,
                format!(
                    "status {code} of a {} made 201",
                    page.examples[i].request.message.method
                ),
            ))
        }
        Kind::MissingPermissions => {
            // The one Permissions section of an API page, removed up to the
            // next heading of its level: the page then documents none.
            let heads = markdown_headings(text);
            let perm: Vec<&(usize, usize, String)> = heads
                .iter()
                .filter(|(_, _, h)| {
                    let h = h.to_ascii_lowercase();
                    h.contains("permission") || h.contains("prerequisite")
                })
                .collect();
            let &[&(first, 2, _)] = perm.as_slice() else {
                return None;
            };
            let &(request_line, _, _) = heads
                .iter()
                .find(|(_, l, h)| *l <= 3 && h.to_ascii_lowercase().starts_with("http request"))?;
            if request_line < first || has_code_at(seen, kind.codes(), request_line) {
                return None;
            }
            let end = heads
                .iter()
                .find(|(line, l, _)| *line > first && *l <= 2)
                .map(|&(line, _, _)| line)?;
            let new = blank_lines(text, lines, first, end - 1);
            Some(mutant(
                request_line,
                new,
                None,
                format!(
                    "lines {first}-{} (the Permissions section) removed",
                    end - 1
                ),
            ))
        }
        Kind::MissingContentType => {
            let i = pick_example(page, rng, |i| {
                let rs = &page.examples[i].response.message;
                rs.body.json().is_some()
                    && rs
                        .headers
                        .iter()
                        .filter(|h| h.name.eq_ignore_ascii_case("content-type"))
                        .count()
                        == 1
            })?;
            let rs = &page.examples[i].response;
            let t = rs.message.body.text()?;
            let body_line = lines.line(rs.map.to_source(t.offset));
            if has_code_at(seen, kind.codes(), body_line) {
                return None;
            }
            let h = rs
                .message
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("content-type"))?;
            let hl = lines.line(rs.map.to_source(h.offset));
            let (ls, le) = lines.range(text, hl);
            let new = replace(text, ls, le, "Cache-Control: no-cache");
            Some(mutant(
                body_line,
                new,
                None,
                "Content-Type header replaced".into(),
            ))
        }
        Kind::VersionMismatch | Kind::UnknownEntitySet | Kind::UrlOutsideTemplates => {
            // An example URL is compared with the templates of its method,
            // on a page with an `## HTTP request` section, unless the
            // example shows another call's syntax under its own heading.
            let templated = kind != Kind::UrlOutsideTemplates
                || markdown_headings(text)
                    .iter()
                    .any(|(_, l, h)| *l <= 3 && h.to_ascii_lowercase().starts_with("http request"));
            if !templated {
                return None;
            }
            let i =
                pick_example(page, rng, |i| {
                    let ex = &page.examples[i];
                    let url = &ex.request.message.url;
                    (url.starts_with("https://graph.microsoft.com/v1.0/")
                        || url.starts_with("https://graph.microsoft.com/beta/"))
                        && (kind != Kind::UrlOutsideTemplates
                            || (page.templates.iter().any(|t| {
                                t.method.eq_ignore_ascii_case(&ex.request.message.method)
                            }) && !ex
                                .headings
                                .iter()
                                .any(|h| h.to_ascii_lowercase().starts_with("http request"))))
                })?;
            let rq = &page.examples[i].request;
            let url = &rq.message.url;
            let at = rq.map.to_source(rq.message.url_offset);
            if !text[at..].starts_with(url.as_str()) {
                return None;
            }
            let line = lines.line(at);
            if has_code_at(seen, kind.codes(), line) {
                return None;
            }
            let path_at = "https://graph.microsoft.com/".len();
            let (version, rest) = url[path_at..].split_once('/')?;
            if kind == Kind::VersionMismatch {
                if folder_version(key) != Some(version) {
                    return None;
                }
                let other = if version == "v1.0" { "beta" } else { "v1.0" };
                let new = replace(text, at + path_at, at + path_at + version.len(), other);
                return Some(mutant(
                    line,
                    new,
                    None,
                    format!("/{version}/ made /{other}/"),
                ));
            }
            let seg_len = rest.find(['/', '?', '(', '#']).unwrap_or(rest.len());
            let seg = &rest[..seg_len];
            if seg.is_empty() || !seg.chars().all(|c| c.is_ascii_alphanumeric()) {
                return None;
            }
            // The URL resolved before: no MC4101 anywhere on its line.
            let s = at + path_at + version.len() + 1;
            let new = replace(text, s, s + seg_len, &format!("{seg}zq"));
            Some(mutant(line, new, None, format!("/{seg} made /{seg}zq")))
        }
        Kind::NearMissScope | Kind::TodoPermissions => {
            let rows: Vec<_> = page
                .permissions
                .iter()
                .filter(|r| !has_code_at(seen, kind.codes(), r.place.at.line))
                .filter(|r| {
                    let t = r.scopes.trim();
                    !t.is_empty() && !t.to_ascii_lowercase().contains("todo")
                })
                .collect();
            let row = *rng.pick(&rows)?;
            let (rs, re) = (row.place.span.start, row.place.span.end);
            let line = row.place.at.line;
            if kind == Kind::TodoPermissions {
                let cell = row.scopes.trim();
                let at = rs + text[rs..re].rfind(cell)?;
                let new = replace(text, at, at + cell.len(), "TODO");
                return Some(mutant(line, new, None, format!("`{cell}` made TODO")));
            }
            let scopes = ctx.scopes(folder_version(key))?;
            let tokens: Vec<&str> = row
                .scopes
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
                .map(|t| t.trim_matches('.'))
                .filter(|t| is_scope_name(t) && scopes.contains(t))
                .collect();
            let token = *rng.pick(&tokens)?;
            // Delete one letter (not a dot): one edit from a known scope.
            let letters: Vec<usize> = token
                .char_indices()
                .filter(|(_, c)| c.is_ascii_alphabetic())
                .map(|(i, _)| i)
                .collect();
            let &k = rng.pick(&letters)?;
            let typo = format!("{}{}", &token[..k], &token[k + 1..]);
            if !is_scope_name(&typo) || scopes.contains(&typo) {
                return None;
            }
            let at = rs + text[rs..re].find(token)?;
            let new = replace(text, at, at + token.len(), &typo);
            Some(mutant(line, new, None, format!("`{token}` made `{typo}`")))
        }
        Kind::UnknownAnnotationKey => {
            let sites: Vec<_> = page
                .annotations
                .iter()
                .filter(|a| a.value.get("blockType").is_some() || a.value.get("type").is_some())
                .collect();
            let a = *rng.pick(&sites)?;
            let brace = a.span.start + text[a.span.start..a.span.end].find('{')?;
            let line = lines.line(brace);
            if has_code_at(seen, kind.codes(), line) {
                return None;
            }
            let new = replace(text, brace + 1, brace + 1, " \"zqKey\": true,");
            Some(mutant(
                line,
                new,
                None,
                "annotation key `zqKey` added".into(),
            ))
        }
        Kind::ContentLengthCrlf | Kind::ContentLengthMixed => None,
    }
}

/// Whether member `m` can carry a defect of `kind`.
/// One example of `page` that `fits` (by index), picked at random.
fn pick_example(page: &Page, rng: &mut Rng, fits: impl Fn(usize) -> bool) -> Option<usize> {
    let sites: Vec<usize> = (0..page.examples.len()).filter(|&i| fits(i)).collect();
    rng.pick(&sites).copied()
}

/// `text` with the status `code` of the status line `line` and the reason
/// after it replaced by `with`; and the code replaced, as written.
fn restatus(
    text: &str,
    lines: &Lines,
    line: usize,
    code: u16,
    with: &str,
) -> Option<(String, String)> {
    let (ls, le) = lines.range(text, line);
    let code = code.to_string();
    let at = ls + text[ls..le].find(&format!(" {code}"))? + 1;
    Some((replace(text, at, le, with), code))
}

fn body_site_fits(kind: Kind, m: &Member, types: &TypeSet) -> bool {
    let any_type_site = !m.owner_typed;
    match kind {
        Kind::InvalidJson => true,
        Kind::WrongJsonType => wrong_type(m).is_some(),
        Kind::UnknownProperty => !types.is_open(&m.owner),
        Kind::WrongEnum => enum_members(m, types).is_some() && m.json.is_string(),
        Kind::EnumCase => enum_members(m, types).is_some_and(|all| {
            m.json
                .as_str()
                .is_some_and(|v| all.iter().any(|a| a == v) && !v.contains(','))
        }),
        Kind::BadDateTime => primitive(m) == Some("Edm.DateTimeOffset") && m.json.is_string(),
        Kind::BadFormat => {
            bad_formats(m).is_some() && m.json.as_str().is_some_and(|v| !v.is_empty())
        }
        Kind::UnrelatedODataType | Kind::UnknownODataType => any_type_site,
        Kind::AbstractType => any_type_site && !abstract_candidates(types, &m.declared).is_empty(),
        _ => false,
    }
}

/// A value of another JSON type than member `m`'s, and what it is.
fn wrong_type(m: &Member) -> Option<(&'static str, &'static str)> {
    let ty = m.ty.as_ref()?;
    if ty.collection {
        // A collection written as one value.
        return (ty.name.starts_with("Edm.") && m.json.is_array())
            .then_some(("\"zq\"", "a string for a collection"));
    }
    Some(match (primitive(m)?, &m.json) {
        ("Edm.String", Value::String(_)) => ("12345", "a number"),
        ("Edm.Boolean", Value::Bool(_)) => ("\"yes\"", "a string"),
        ("Edm.Int32" | "Edm.Int16" | "Edm.Byte", Value::Number(_)) => ("\"7\"", "a string"),
        ("Edm.Double" | "Edm.Single" | "Edm.Int64" | "Edm.Decimal", Value::Number(_)) => {
            ("true", "a boolean")
        }
        _ => return None,
    })
}

/// Malformed values for member `m`'s format, other than date-times.
fn bad_formats(m: &Member) -> Option<&'static [&'static str]> {
    Some(match primitive(m)? {
        "Edm.Guid" => &[
            "not-a-guid",
            "{00000000-0000-0000-0000-000000000000}",
            "1234",
        ],
        "Edm.Duration" => &["1 hour", "01:00:00", "PT"],
        "Edm.Date" => &["07/09/2021", "2021-7-9", "9 July 2021"],
        "Edm.TimeOfDay" => &["1pm", "25:61", "13h45"],
        _ => return None,
    })
}

/// Abstract types an object declared as `declared` could claim to be: the
/// type itself or one derived from it.
fn abstract_candidates<'t>(types: &'t TypeSet, declared: &str) -> Vec<&'t str> {
    let mut out: Vec<&str> = types
        .derived_types(declared)
        .iter()
        .filter(|t| t.is_abstract)
        .map(|t| t.name.as_str())
        .collect();
    if let Some(t) = types.get(declared).filter(|t| t.is_abstract) {
        out.push(t.name.as_str());
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn body_mutation(
    kind: Kind,
    text: &str,
    m: &Member,
    types: &TypeSet,
    rng: &mut Rng,
) -> Option<(String, String)> {
    let value = |with: &str| replace(text, m.value.0, m.value.1, with);
    let insert_type = |t: &str| {
        replace(
            text,
            m.key.0,
            m.key.0,
            &format!("\"@odata.type\": \"#{t}\", "),
        )
    };
    Some(match kind {
        Kind::InvalidJson => {
            if rng.below(2) == 0 {
                // `"name" = value`
                let colon = m.key.1 + text[m.key.1..].find(':')?;
                (
                    replace(text, colon, colon + 1, " ="),
                    format!("`:` after `{}` made `=`", m.name),
                )
            } else {
                // The key's opening quote dropped.
                (
                    replace(text, m.key.0, m.key.0 + 1, ""),
                    format!("opening quote of `{}` dropped", m.name),
                )
            }
        }
        Kind::WrongJsonType => {
            let (with, what) = wrong_type(m)?;
            (value(with), format!("`{}` made {what}", m.name))
        }
        Kind::UnknownProperty => {
            let renamed = format!("{}Zq", m.name);
            (
                replace(text, m.key.0, m.key.1, &format!("\"{renamed}\"")),
                format!("`{}` renamed `{renamed}`", m.name),
            )
        }
        Kind::WrongEnum => (
            value("\"zqNotAMember\""),
            format!("enum `{}` made `zqNotAMember`", m.name),
        ),
        Kind::EnumCase => {
            let v = m.json.as_str()?;
            let flipped: String = v
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 {
                        if c.is_ascii_uppercase() {
                            c.to_ascii_lowercase()
                        } else {
                            c.to_ascii_uppercase()
                        }
                    } else {
                        c
                    }
                })
                .collect();
            if flipped == v || enum_members(m, types)?.contains(&flipped) {
                return None;
            }
            (
                value(&format!("\"{flipped}\"")),
                format!("enum `{v}` made `{flipped}`"),
            )
        }
        Kind::BadFormat => {
            let bad = *rng.pick(bad_formats(m)?)?;
            (
                value(&format!("\"{bad}\"")),
                format!("`{}` made `{bad}`", m.name),
            )
        }
        Kind::BadDateTime => {
            let bad = *rng.pick(&[
                "07/09/2021 13:45:12",
                "9 July 2021",
                "2021-7-9T13:45Z",
                "yesterday",
            ])?;
            (
                value(&format!("\"{bad}\"")),
                format!("`{}` made `{bad}`", m.name),
            )
        }
        Kind::UnrelatedODataType => {
            let unrelated: Vec<&str> = types
                .structured_types()
                .filter(|t| {
                    !t.is_abstract
                        && !types.is_same_or_derived(&t.name, &m.declared)
                        && t.name.starts_with("microsoft.graph.")
                })
                .map(|t| t.name.as_str())
                .collect();
            let t = *rng.pick(&unrelated)?;
            (
                insert_type(t),
                format!("`@odata.type: #{t}` on a `{}`", m.declared),
            )
        }
        Kind::UnknownODataType => {
            let t = format!("microsoft.graph.zq{}", rng.below(1000));
            (
                insert_type(&t),
                format!("`@odata.type: #{t}` on a `{}`", m.declared),
            )
        }
        Kind::AbstractType => {
            let t = *rng.pick(&abstract_candidates(types, &m.declared))?;
            (
                insert_type(t),
                format!("`@odata.type: #{t}` on a `{}`", m.declared),
            )
        }
        _ => return None,
    })
}

/// A Content-Length that is wrong under both the LF and the CRLF count of
/// the body, on a request or response with a body: the header's value
/// changed, or a header line added after the start line.
fn content_length(kind: Kind, original: &Original, rng: &mut Rng) -> Option<Mutant> {
    let (text, page, seen, lines) = (
        original.text.as_str(),
        &original.page,
        &original.seen,
        &original.lines,
    );
    let mut sites = Vec::new();
    for (i, ex) in page.examples.iter().enumerate() {
        if ex.request.message.body.text().is_some_and(|t| t.len > 0) {
            sites.push((i, true));
        }
        if ex.response.message.body.text().is_some_and(|t| t.len > 0) {
            sites.push((i, false));
        }
    }
    let &(i, request) = rng.pick(&sites)?;
    let ex = &page.examples[i];
    let (headers, body, map) = if request {
        (
            &ex.request.message.headers,
            &ex.request.message.body,
            &ex.request.map,
        )
    } else {
        (
            &ex.response.message.headers,
            &ex.response.message.body,
            &ex.response.map,
        )
    };
    let t = body.text()?;
    // The body's lengths, counted here from the page text: trailing line
    // breaks dropped, then LF and CRLF line endings.
    let raw = &text[map.to_source(t.offset)..map.to_source(t.offset + t.len)];
    let lf_text = raw.replace("\r\n", "\n");
    let lf_text = lf_text.trim_end_matches(['\n', '\r']);
    let lf = lf_text.len();
    let crlf = lf + lf_text.matches('\n').count();
    // A JSON body may also be counted written compactly (what a client
    // serialising it sends); a truncated response's header may describe
    // the whole body, so only a length below the compact part shown is
    // wrong there.
    let compact = if matches!(body, mdcontract::http::message::Body::Json { .. }) {
        mdcontract::http::message::compact_json_len(lf_text).min(lf)
    } else {
        lf
    };
    let truncated = !request && ex.response.truncated;
    let accepted = [lf, crlf, lf + 1, crlf + 2, compact];
    let wrong = if truncated {
        if compact == 0 {
            return None;
        }
        rng.below(compact)
    } else {
        loop {
            let w = if lf > 8 && rng.below(2) == 0 {
                lf - 1 - rng.below(lf / 2)
            } else {
                crlf + 3 + rng.below(200)
            };
            if !accepted.contains(&w) {
                break w;
            }
        }
    };
    let existing = headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("content-length"))
        .collect::<Vec<_>>();
    match existing.as_slice() {
        [h] => {
            let at = map.to_source(h.offset);
            let line = lines.line(at);
            if has_code_at(seen, kind.codes(), line) {
                return None;
            }
            let (_, le) = lines.range(text, line);
            let colon = at + text[at..le].find(':')?;
            let new = replace(text, colon + 1, le, &format!(" {wrong}"));
            let what = format!(
                "Content-Length {} made {wrong} (LF {lf}, CRLF {crlf})",
                h.value
            );
            Some(original.mutant(kind, line, new, None, what))
        }
        [] => {
            let (_, fs, _) = fence_line(page, i, request)?;
            let start_line = lines.line(fs) + 1;
            let (_, le) = lines.range(text, start_line);
            let eol = if text[le..].starts_with('\r') {
                "\r\n"
            } else {
                "\n"
            };
            let new = replace(text, le, le, &format!("{eol}Content-Length: {wrong}"));
            let what = format!(
                "Content-Length: {wrong} added to the {} (LF {lf}, CRLF {crlf})",
                if request { "request" } else { "response" }
            );
            let line = start_line + 1;
            Some(original.mutant(kind, line, new, Some((line, 1)), what))
        }
        _ => None,
    }
}
