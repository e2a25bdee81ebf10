//! Docs ⇄ metadata: what the resource pages and examples say against what
//! the service's CSDL declares. Pure: the pages and the parsed CSDL come in,
//! a [`DriftReport`] goes out.
//!
//! Split by what is compared, one file each:
//! - `types`: resource types, their properties and navigation properties,
//!   property types and nullability (the resource blocks and the Properties
//!   and Relationships tables against entity and complex types);
//! - `enums`: enum members (the pages' `Member` tables and "possible values"
//!   lists against enum types);
//! - `urls`: example and `## HTTP request` URLs that do not resolve, and
//!   methods documented for a path the metadata cannot reach that way.
//!
//! Pages are attributed to metadata as `check` does: a page's folder names
//! its API version (`v1.0/resources/user.md`), an example's URL names its own
//! (`/beta/me`), and the metadata given for that version is used, else the
//! metadata given for every version. Pages with no metadata for their version
//! are not compared.
//!
//! Precision comes first: a difference is reported only where the docs make
//! a claim. What the comparisons deliberately leave out, and why, is said
//! where each is made; the README lists it for users.

mod enums;
mod types;
mod urls;

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{Change, Comparison, DriftItem, DriftReport, ItemKind, Location};
use crate::contract::{Page, folder_version};
use crate::schema::csdl::Csdl;

/// A CSDL file and the API version it is for.
#[derive(Debug, Clone)]
pub struct MetadataFile {
    /// `None`: for every version.
    pub version: Option<String>,
    /// The path as shown in reports.
    pub path: String,
    pub csdl: Arc<Csdl>,
}

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

/// One metadata file and the versions it answers for.
pub(crate) struct Scope<'a> {
    metadata: &'a [MetadataFile],
    index: usize,
}

impl Scope<'_> {
    /// Whether pages (or examples) of `version` are compared with this file:
    /// it is the first file for the version, or the first file for every
    /// version when none names it.
    fn owns(&self, version: Option<&str>) -> bool {
        let chosen = version
            .and_then(|v| {
                self.metadata
                    .iter()
                    .position(|m| m.version.as_deref() == Some(v))
            })
            .or_else(|| self.metadata.iter().position(|m| m.version.is_none()));
        chosen == Some(self.index)
    }
}

/// Where items of one metadata file go.
pub(crate) struct Sink<'a> {
    file: &'a MetadataFile,
    items: &'a mut Vec<DriftItem>,
}

impl Sink<'_> {
    /// A place in the metadata file.
    fn at_line(&self, line: usize) -> Location {
        Location {
            file: self.file.path.clone(),
            line,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: ItemKind,
        change: Change,
        group: impl Into<String>,
        subject: impl Into<String>,
        detail: impl Into<String>,
        left: Option<Location>,
        right_line: Option<usize>,
    ) {
        let right = right_line.map(|l| self.at_line(l));
        self.items.push(DriftItem {
            kind,
            change,
            impact: None,
            group: group.into(),
            subject: subject.into(),
            detail: detail.into(),
            left,
            right,
        });
    }
}

/// The API version of a page: the folder its key names (as `check` reads
/// it), else a folder of its path, so that pages read from inside a version
/// folder (`--docs docs/v1.0`) still belong to that version.
fn page_version(page: &Page) -> Option<String> {
    if let Some(v) = page.folder_version() {
        return Some(v.to_string());
    }
    let path = page.source.path.to_string_lossy().replace('\\', "/");
    folder_version(&path).map(str::to_string)
}

/// A place in a page.
fn page_at(page: &Page, line: usize) -> Location {
    Location {
        file: page.source.display_path(),
        line,
    }
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

/// `microsoft.graph.user` → `user`.
fn simple(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(_, s)| s)
}

/// `microsoft.graph.user` → `microsoft.graph`.
fn namespace(name: &str) -> &str {
    name.rsplit_once('.').map_or("", |(ns, _)| ns)
}

/// The namespace a page states (`Namespace: microsoft.graph.callRecords`),
/// if it states one.
fn page_namespace(page: &Page) -> Option<&str> {
    page.source.text.lines().take(60).find_map(|l| {
        let l = l.trim().trim_start_matches(['>', ' ', '*']);
        let rest = l.strip_prefix("Namespace:")?;
        let ns = rest.trim().trim_matches(['*', '`', ' ']);
        (!ns.is_empty() && !ns.contains(' ')).then_some(ns)
    })
}

/// The qualified name of a type the docs name: a qualified name the
/// metadata knows (any case), else the simple name in `ns`, then in
/// `microsoft.graph`, then anywhere.
fn resolve_type_name<'c>(csdl: &'c Csdl, name: &str, ns: &str) -> Option<&'c str> {
    let name = name.trim().trim_start_matches('#');
    if name.is_empty() {
        return None;
    }
    if name.contains('.')
        && let Some(q) = csdl.canonical_type_name(name)
    {
        return Some(q);
    }
    by_simple_name(csdl, simple(name), ns)
}

/// A type by simple name, preferring `ns`, then `microsoft.graph`.
fn by_simple_name<'c>(csdl: &'c Csdl, simple_name: &str, ns: &str) -> Option<&'c str> {
    let found = csdl.types_with_simple_name(simple_name);
    let in_ns = |want: &str| {
        found
            .iter()
            .copied()
            .find(|q| namespace(q).eq_ignore_ascii_case(want))
    };
    in_ns(ns)
        .or_else(|| in_ns("microsoft.graph"))
        .or_else(|| found.first().copied())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::contract::extract_page;
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
    fn pages_are_attributed_to_the_metadata_of_their_version() {
        let xml = r#"<Schema Namespace="n"><EntityType Name="a"/></Schema>"#;
        let csdl = Arc::new(Csdl::parse(xml).unwrap());
        let files = vec![
            MetadataFile {
                version: Some("beta".into()),
                path: "beta.xml".into(),
                csdl: csdl.clone(),
            },
            MetadataFile {
                version: None,
                path: "any.xml".into(),
                csdl,
            },
        ];
        let beta = Scope {
            metadata: &files,
            index: 0,
        };
        let any = Scope {
            metadata: &files,
            index: 1,
        };
        assert!(beta.owns(Some("beta")) && !any.owns(Some("beta")));
        assert!(any.owns(Some("v1.0")) && any.owns(None) && !beta.owns(None));
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

    #[test]
    fn the_namespace_a_page_states() {
        let p = pages(&[("a", "# x\n\nNamespace: microsoft.graph.callRecords\n")]);
        assert_eq!(page_namespace(&p[0]), Some("microsoft.graph.callRecords"));
    }
}
