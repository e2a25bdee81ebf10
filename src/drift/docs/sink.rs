//! One metadata file in a docs ⇄ metadata run: which pages and examples it
//! answers for, and where the items compared against it go.

use std::sync::Arc;

use crate::contract::{Page, folder_version};
use crate::drift::{Change, DriftItem, ItemKind, Location};
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

/// One metadata file and the versions it answers for.
pub(super) struct Scope<'a> {
    pub(super) metadata: &'a [MetadataFile],
    pub(super) index: usize,
}

impl Scope<'_> {
    /// Whether pages (or examples) of `version` are compared with this file:
    /// it is the first file for the version, or the first file for every
    /// version when none names it.
    pub(super) fn owns(&self, version: Option<&str>) -> bool {
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
pub(super) struct Sink<'a> {
    pub(super) file: &'a MetadataFile,
    pub(super) items: &'a mut Vec<DriftItem>,
}

impl Sink<'_> {
    /// A place in the metadata file.
    pub(super) fn at_line(&self, line: usize) -> Location {
        Location {
            file: self.file.path.clone(),
            line,
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn push(
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
pub(super) fn page_version(page: &Page) -> Option<String> {
    if let Some(v) = page.folder_version() {
        return Some(v.to_string());
    }
    let path = page.source.path.to_string_lossy().replace('\\', "/");
    folder_version(&path).map(str::to_string)
}

/// A place in a page.
pub(super) fn page_at(page: &Page, line: usize) -> Location {
    Location {
        file: page.source.display_path(),
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
