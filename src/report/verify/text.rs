//! `verify`'s verdict as text: the summary, the unmatched requests and the
//! repaired examples, and coverage per page family.

use std::io::Write;

use crate::outcome::Code;
use crate::serve::{Family, Verdict};

/// How much the text output lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextOptions {
    /// Every unmatched request, every repaired example, every example not
    /// exercised; else the first [`TEXT_CAP`] of the first two and a count
    /// of the last.
    pub all: bool,
}

/// Unmatched requests (and repaired examples) the text lists without `all`.
pub const TEXT_CAP: usize = 20;

/// Page families the text's coverage table lists by name; the rest are
/// summed on one line.
pub const TEXT_FAMILIES: usize = 20;

/// Text, as the live report gives it: [`write_text_with`] without `all`.
pub fn write_text(out: &mut dyn Write, v: &Verdict) -> std::io::Result<()> {
    write_text_with(out, v, TextOptions::default())
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "–".to_string()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// Text: a summary block first (requests, `$batch`, matched, unmatched,
/// repaired per code, synthesised, examples exercised); then the unmatched
/// requests with their closest example and reason, and the examples
/// answered after a repair (each capped at [`TEXT_CAP`] unless `all`);
/// then coverage per page family (the [`TEXT_FAMILIES`] with the most
/// examples, the rest summed); the examples not exercised are listed only
/// with `all`, else counted.
pub fn write_text_with(out: &mut dyn Write, v: &Verdict, opts: TextOptions) -> std::io::Result<()> {
    let documented = v.coverage.len();
    let exercised = v.exercised();
    let unmatched = v.unmatched_total();
    writeln!(
        out,
        "{} requests; {unmatched} unmatched; {exercised} of {documented} documented examples exercised",
        v.requests,
    )?;
    let width = v.requests.to_string().len();
    let batch = if v.protocol + v.in_batch > 0 {
        format!(
            "  ({} inside $batch; {} $batch request{} answered by the server)",
            v.in_batch,
            v.protocol,
            plural(v.protocol)
        )
    } else {
        String::new()
    };
    writeln!(out, "  requests     {:>width$}{batch}", v.requests)?;
    writeln!(out, "  matched      {:>width$}", v.matched())?;
    writeln!(out, "  unmatched    {unmatched:>width$}")?;
    let codes = if v.repaired_codes.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = v
            .repaired_codes
            .iter()
            .map(|(c, n)| format!("{c}: {n}"))
            .collect();
        format!("  ({})", list.join(", "))
    };
    writeln!(out, "  repaired     {:>width$}{codes}", v.repaired_requests)?;
    writeln!(out, "  synthesised  {:>width$}", v.synthesised)?;
    writeln!(
        out,
        "  exercised    {exercised:>width$} of {documented} documented examples ({})",
        percent(exercised, documented)
    )?;

    let shown = if opts.all {
        v.unmatched.len()
    } else {
        v.unmatched.len().min(TEXT_CAP)
    };
    for u in &v.unmatched[..shown] {
        writeln!(out)?;
        writeln!(
            out,
            "error[{}]: {} {} (journal line {}) matches no documented example",
            Code::ServeUnmatched,
            u.method,
            u.url,
            u.line
        )?;
        if let Some(c) = &u.miss.closest {
            writeln!(out, "  closest: {c}")?;
        }
        writeln!(out, "  reason:  {}", u.miss.reason)?;
    }
    let hidden = v.unmatched.len() - shown;
    if hidden + v.omitted > 0 {
        writeln!(out)?;
    }
    if v.omitted > 0 {
        writeln!(
            out,
            "… and {} more unmatched requests ({} not kept by the live report; `mdcontract verify --journal FILE --all` lists every one)",
            hidden + v.omitted,
            v.omitted
        )?;
    } else if hidden > 0 {
        writeln!(
            out,
            "… and {hidden} more unmatched requests (--all lists every one)"
        )?;
    }

    let repaired = v.repaired_by_requests();
    let shown = if opts.all {
        repaired.len()
    } else {
        repaired.len().min(TEXT_CAP)
    };
    for (id, r) in &repaired[..shown] {
        writeln!(out)?;
        for (code, n) in &r.codes {
            let title = Code::from_id(code).map_or("doc defect", |c| c.title());
            writeln!(
                out,
                "warning[{code}]: {id} answered {n} request{} after a repair: {title}",
                plural(*n)
            )?;
        }
        writeln!(
            out,
            "  first:   journal line {}, matched {}",
            r.line, r.pattern
        )?;
    }
    if repaired.len() > shown {
        writeln!(
            out,
            "\n… and {} more repaired examples (--all lists every one)",
            repaired.len() - shown
        )?;
    }

    write_families(out, v)?;

    let not_exercised = documented - exercised;
    if not_exercised > 0 {
        writeln!(out)?;
        if opts.all {
            for (id, n) in &v.coverage {
                if *n == 0 {
                    writeln!(
                        out,
                        "note[{}]: not exercised: {id}",
                        Code::ServeNotExercised
                    )?;
                }
            }
        } else {
            writeln!(
                out,
                "note[{}]: {not_exercised} documented examples not exercised (--all lists every one; --format json and --html always do)",
                Code::ServeNotExercised
            )?;
        }
    }
    Ok(())
}

/// The coverage table per page family: the [`TEXT_FAMILIES`] with the most
/// examples, then one line summing the rest.
fn write_families(out: &mut dyn Write, v: &Verdict) -> std::io::Result<()> {
    let families = v.families();
    if families.is_empty() {
        return Ok(());
    }
    let (top, rest) = families.split_at(families.len().min(TEXT_FAMILIES));
    let mut rows: Vec<(String, usize, usize, usize)> = top
        .iter()
        .map(|f| (f.family.clone(), f.exercised, f.examples, f.requests))
        .collect();
    if !rest.is_empty() {
        let sum = |f: fn(&Family) -> usize| rest.iter().map(f).sum::<usize>();
        rows.push((
            format!(
                "({} other famil{})",
                rest.len(),
                if rest.len() == 1 { "y" } else { "ies" }
            ),
            sum(|f| f.exercised),
            sum(|f| f.examples),
            sum(|f| f.requests),
        ));
    }
    let name_w = rows
        .iter()
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(0)
        .max("family".len());
    let ratio = |r: &(String, usize, usize, usize)| format!("{}/{}", r.1, r.2);
    let ratio_w = rows
        .iter()
        .map(|r| ratio(r).len())
        .max()
        .unwrap_or(0)
        .max("exercised".len());
    writeln!(out)?;
    writeln!(
        out,
        "coverage by page family ({} families; the {} with the most examples):",
        families.len(),
        top.len()
    )?;
    writeln!(
        out,
        "  {:<name_w$}  {:>ratio_w$}  {:>8}  {:>8}",
        "family", "exercised", "coverage", "requests"
    )?;
    for r in &rows {
        writeln!(
            out,
            "  {:<name_w$}  {:>ratio_w$}  {:>8}  {:>8}",
            r.0,
            ratio(r),
            percent(r.1, r.2),
            r.3
        )?;
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
