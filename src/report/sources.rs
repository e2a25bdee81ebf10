//! Finding a page's text again from the `file` a finding names.
//!
//! Findings carry byte spans and the line:col of their start, not text.
//! Reporters that need more (the end of a span for SARIF, the offending line
//! for a snippet) look the page up by the finding's `file`. They take the
//! lookup as `&dyn Fn(&str) -> Option<&'s SourceFile>` so that any caller can
//! answer it from what it holds; [`by_file`] answers it from extracted pages.
//!
//! The `'s` in that signature is deliberate: with the elided form
//! `Fn(&str) -> Option<&SourceFile>` the result would be tied to the `&str`
//! argument, and no closure that returns a page it captured could be passed.

use std::collections::HashMap;

use crate::contract::Page;
use crate::source::SourceFile;

/// A lookup over `pages`, keyed by the path each page's findings name
/// ([`SourceFile::display_path`]). Builds an index once, so each lookup is a
/// hash probe however many pages there are.
///
/// ```
/// use std::sync::Arc;
/// use mdcontract::{contract::extract_page, report::sources, source::SourceFile};
///
/// let page = extract_page(Arc::new(SourceFile::from_text("p.md", "text\n")));
/// let pages = [page];
/// let lookup = sources::by_file(&pages);
/// assert!(lookup("p.md").is_some());
/// assert!(lookup("q.md").is_none());
/// ```
pub fn by_file<'a>(pages: &'a [Page]) -> impl Fn(&str) -> Option<&'a SourceFile> + 'a {
    by_source(pages.iter().map(|p| &*p.source))
}

/// [`by_file`] over the sources themselves.
pub fn by_source<'a>(
    sources: impl IntoIterator<Item = &'a SourceFile>,
) -> impl Fn(&str) -> Option<&'a SourceFile> + 'a {
    let index: HashMap<String, &'a SourceFile> =
        sources.into_iter().map(|s| (s.display_path(), s)).collect();
    move |file| index.get(file).copied()
}

/// A lookup that knows no page: reporters fall back to what the finding
/// itself holds (its start, no end, no snippet).
pub fn none(_file: &str) -> Option<&'static SourceFile> {
    None
}
