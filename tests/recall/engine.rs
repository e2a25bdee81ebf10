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

mod kinds;
mod members;
mod mutate;
mod report;
mod sites;
mod text;

pub use kinds::Kind;
use members::*;
pub use mutate::mutate_page;
use mutate::*;
pub use report::{Report, Row};
use sites::*;
use text::*;

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
