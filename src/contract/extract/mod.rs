//! Turning one scanned page into examples, resources and templates.
//!
//! Pairing rules, in order:
//! 1. A response annotation that names requests (`"name": "x"` or
//!    `"name": ["x", "y"]`) pairs with the unpaired requests of those names.
//! 2. Otherwise a response pairs with the request block right before it, when
//!    that request has no response yet. This is how unannotated pages (all the
//!    generated Intune pages) and annotated responses without a name pair.
//! 3. Anything left over is a finding: nothing is dropped silently.
//!
//! A request block under a `## HTTP request` heading is the method's URL
//! template, not an example.
//!
//! One file per concern: [`extractor`] holds the state of one page's walk
//! and its queries, [`walk`] dispatches blocks and fences, [`pairing`]
//! pairs requests with responses, [`blocks`] reads messages, resources and
//! templates, [`permissions`] reads permission tables.

mod blocks;
mod extractor;
mod pairing;
mod permissions;
mod walk;

use super::model::*;
use crate::markdown::frontmatter;
use crate::markdown::scan;
use crate::outcome::Code;
use crate::source::{Source, Span};
use extractor::{Extractor, place};
use permissions::permission_rows;

/// Extracts one page.
pub fn extract_page(source: Source) -> Page {
    let scan = scan::scan(&source.text);
    let mut x = Extractor::new(&source, &scan);
    if let Some(at) = source.invalid_utf8_at {
        x.finding(
            Code::NotUtf8,
            Span::at(at),
            "file is not valid UTF-8; invalid bytes were replaced".to_string(),
        );
    }
    let front_matter = frontmatter::read(&source.text);
    if let Some(fm) = &front_matter
        && !fm.closed
    {
        x.finding(
            Code::FrontMatterUnclosed,
            fm.span,
            "front matter starts with `---` but has no closing `---`".to_string(),
        );
    }
    x.walk();
    x.finish();
    let fences = scan
        .fences
        .iter()
        .zip(x.disp)
        .map(|(f, d)| FenceReport {
            place: place(&source, f.span, f.span.start),
            info: f.info.clone(),
            disposition: d.unwrap_or(Disposition::Ignored {
                reason: IgnoreReason::OtherLanguage,
            }),
        })
        .collect();
    let mut findings = x.findings;
    findings.sort_by_key(|f| f.span.start);
    // The vectors grew one push at a time, and their items are large (an
    // example is 720 bytes): a page with one example would keep room for
    // four. A command that holds every page holds their spare room too.
    Page {
        front_matter,
        examples: trimmed(x.examples),
        resources: trimmed(x.resources),
        templates: trimmed(x.templates),
        fences,
        findings: trimmed(findings),
        suppressions: trimmed(x.suppressions),
        stats: x.stats,
        annotations: trimmed(x.annotations),
        permissions: permission_rows(&source, &scan),
        source,
    }
}

/// `items` without spare capacity.
fn trimmed<T>(mut items: Vec<T>) -> Vec<T> {
    items.shrink_to_fit();
    items
}

#[cfg(test)]
mod tests;
