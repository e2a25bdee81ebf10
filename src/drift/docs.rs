//! Docs ⇄ metadata: what the resource pages and examples say against what
//! the service's CSDL declares. Pure: the pages and the parsed CSDL come in,
//! a [`DriftReport`] goes out.
//!
//! Split by what is compared, one file each:
//! - `types`: resource types, their properties and navigation properties,
//!   property types and nullability (the resource blocks and the Properties
//!   and Relationships tables against entity and complex types), with
//!   `stated` (what a row states) and `undocumented` (entity types no page
//!   documents);
//! - `enums`: enum members (the pages' `Member` tables and "possible values"
//!   lists against enum types);
//! - `urls`: example and `## HTTP request` URLs that do not resolve, and
//!   methods documented for a path the metadata cannot reach that way.
//!
//! What they share: `sink` (the metadata file compared against, which pages
//! it answers for, where items go) and `names` (type names resolved).
//!
//! Pages are attributed to metadata as `check` does: a page's folder names
//! its API version (`v1.0/resources/user.md`), an example's URL names its own
//! (`/beta/me`), and the metadata given for that version is used, else the
//! metadata given for every version. Pages with no metadata for their version
//! are not compared.
//!
//! Precision comes first: a difference is reported only where the docs make
//! a claim. What the comparisons deliberately leave out, and why, is said
//! where each is made; docs/commands/drift.md lists it for users.

mod enums;
mod names;
mod sink;
mod stated;
mod types;
mod undocumented;
mod urls;

use std::collections::BTreeSet;

use super::{Comparison, DriftItem, DriftReport};
use crate::contract::Page;
use sink::{Scope, Sink, page_version};

pub use sink::MetadataFile;

/// Why nothing could be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocsError {
    #[error("no metadata was given")]
    NoMetadata,
    #[error(
        "no page has metadata for its API version: the pages are {pages}, the metadata is for {metadata}"
    )]
    NoPageAttributed { pages: String, metadata: String },
}

/// Compares `pages` with the metadata of their API version.
pub fn compare(pages: &[Page], metadata: &[MetadataFile]) -> Result<DriftReport, DocsError> {
    if metadata.is_empty() {
        return Err(DocsError::NoMetadata);
    }
    let mut items = Vec::new();
    let mut attributed = false;
    for (index, file) in metadata.iter().enumerate() {
        let scope = Scope { metadata, index };
        let page_set: Vec<&Page> = pages
            .iter()
            .filter(|p| scope.owns(page_version(p).as_deref()))
            .collect();
        let has_examples = pages
            .iter()
            .flat_map(|p| &p.examples)
            .any(|e| scope.owns(e.version.as_deref()));
        if page_set.is_empty() && !has_examples {
            continue;
        }
        attributed = true;
        let mut sink = Sink {
            file,
            items: &mut items,
        };
        types::compare(&page_set, &mut sink);
        enums::compare(&page_set, &mut sink);
        urls::compare(pages, &scope, &mut sink);
    }
    if !attributed {
        return Err(DocsError::NoPageAttributed {
            pages: list(
                pages
                    .iter()
                    .map(page_version)
                    .collect::<Vec<_>>()
                    .iter()
                    .map(Option::as_deref),
            ),
            metadata: list(metadata.iter().map(|m| m.version.as_deref())),
        });
    }
    dedup(&mut items);
    let mut report = DriftReport {
        comparison: Comparison::DocsMetadata,
        left: "docs".to_string(),
        right: metadata_label(metadata),
        items,
    };
    report.sort();
    Ok(report)
}

/// Each metadata file once, with the versions it was used for:
/// `v1.0.csdl.xml (v1.0), beta.csdl.xml (beta)`.
fn metadata_label(metadata: &[MetadataFile]) -> String {
    let mut by_path: Vec<(&str, Vec<Option<&str>>)> = Vec::new();
    for m in metadata {
        match by_path.iter_mut().find(|(p, _)| *p == m.path) {
            Some((_, versions)) => versions.push(m.version.as_deref()),
            None => by_path.push((&m.path, vec![m.version.as_deref()])),
        }
    }
    by_path
        .into_iter()
        .map(|(path, versions)| format!("{path} ({})", list(versions.into_iter())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The API versions `pages` belong to: every page's (its folder) and every
/// example's (its URL); `None` for a page without one. The metadata to load
/// is the metadata of these versions.
pub fn versions(pages: &[Page]) -> BTreeSet<Option<String>> {
    let mut out: BTreeSet<Option<String>> = pages.iter().map(page_version).collect();
    out.extend(
        pages
            .iter()
            .flat_map(|p| &p.examples)
            .map(|e| e.version.clone()),
    );
    out
}

/// `v1.0, beta` or `(no version)`.
fn list<'a>(versions: impl Iterator<Item = Option<&'a str>>) -> String {
    let set: BTreeSet<&str> = versions.map(|v| v.unwrap_or("(no version)")).collect();
    set.into_iter().collect::<Vec<_>>().join(", ")
}

/// Drops repeated items (the same subject, kind and change said twice, as
/// when two pages show one URL): the first place is kept.
fn dedup(items: &mut Vec<DriftItem>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|i| {
        seen.insert((
            i.kind,
            i.change,
            i.subject.clone(),
            i.detail.clone(),
            i.right.clone(),
        ))
    });
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::Arc;

    use crate::contract::extract_page;
    use crate::schema::csdl::Csdl;
    use crate::source::SourceFile;

    pub(crate) fn pages(list: &[(&str, &str)]) -> Vec<Page> {
        list.iter()
            .map(|(key, text)| extract_page(Arc::new(SourceFile::from_text(key, text))))
            .collect()
    }

    pub(crate) fn metadata(xml: &str) -> Vec<MetadataFile> {
        vec![MetadataFile {
            version: None,
            path: "m.xml".into(),
            csdl: Arc::new(Csdl::parse(xml).expect("CSDL parses")),
        }]
    }

    /// `kind change subject: detail` of every item.
    pub(crate) fn shown(report: &DriftReport) -> Vec<String> {
        report
            .items
            .iter()
            .map(|i| {
                format!(
                    "{} {} {}: {}",
                    serde_json::to_value(i.kind).unwrap().as_str().unwrap(),
                    serde_json::to_value(i.change).unwrap().as_str().unwrap(),
                    i.subject,
                    i.detail
                )
            })
            .collect()
    }

    #[test]
    fn nothing_attributed_is_an_error_naming_both_sides() {
        let p = pages(&[("v1.0/resources/a", "# a\n")]);
        let mut m = metadata(r#"<Schema Namespace="n"/>"#);
        m[0].version = Some("beta".into());
        assert_eq!(
            compare(&p, &m).unwrap_err().to_string(),
            "no page has metadata for its API version: the pages are v1.0, the metadata is for beta"
        );
    }
}
