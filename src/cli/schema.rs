//! `mdcontract schema`.

use std::path::PathBuf;
use std::sync::Arc;

use super::args::SchemaArgs;
use super::outcome::Outcome;
use crate::contract::Resource;
use crate::report;
use crate::schema::csdl::Csdl;
use crate::schema::{TypeSet, export_schemas};
use crate::suite::{self, LoadError};

pub fn run(args: SchemaArgs) -> Outcome {
    if args.metadata.is_none() && args.paths.is_empty() {
        return Outcome::RunError(
            "give --metadata CSDL, or pages whose resource blocks define the types".into(),
        );
    }
    if !args.force
        && let Ok(mut entries) = std::fs::read_dir(&args.out)
        && entries.next().is_some()
    {
        return Outcome::RunError(format!(
            "{}: directory is not empty; choose a new one, or pass --force to write into it",
            args.out.display()
        ));
    }
    // Of each page, only its path and resource blocks are kept.
    let docs = match resource_blocks(&args.paths) {
        Ok(d) => d,
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    if let Err(e) = docs_type_names(&docs) {
        return Outcome::RunError(e);
    }
    let resources = docs.iter().flat_map(|(_, r)| r);
    let types = match &args.metadata {
        Some(path) => {
            let csdl = match Csdl::read_validated(path) {
                Ok(c) => c,
                Err(e) => return Outcome::RunError(e),
            };
            let source = path
                .file_stem()
                .map_or("csdl".into(), |s| s.to_string_lossy().into_owned());
            TypeSet::from_csdl_and_docs(&csdl, resources, &source)
        }
        None => TypeSet::from_docs(resources, "docs"),
    };
    if types.is_empty() {
        return Outcome::RunError(
            "no types found: the pages hold no `blockType: resource` blocks".into(),
        );
    }
    let types = Arc::new(types);
    match export_schemas(&types, &args.out) {
        Ok(report) => {
            eprint!("{}", report::schema::written(&report));
            Outcome::Clean
        }
        Err(e) => Outcome::RunError(format!("{}: cannot write schemas: {e}", args.out.display())),
    }
}

/// The resource blocks of the pages of `paths` (none when no path is
/// given), with the path of each page that has some.
fn resource_blocks(paths: &[PathBuf]) -> Result<Vec<(PathBuf, Vec<Resource>)>, LoadError> {
    let mut docs = Vec::new();
    if paths.is_empty() {
        return Ok(docs);
    }
    suite::load_each(
        &suite::discover(paths)?,
        |page| (page.source.path.clone(), page.resources),
        |(path, resources)| {
            if !resources.is_empty() {
                docs.push((path, resources));
            }
        },
    )?;
    Ok(docs)
}

/// Every `@odata.type` and `baseType` of the pages' resource blocks is an
/// OData qualified name (`microsoft.graph.user`): the type names become file
/// names under `--out`. The first that is not: `PAGE:LINE: …`.
fn docs_type_names(docs: &[(PathBuf, Vec<Resource>)]) -> Result<(), String> {
    use crate::schema::csdl::{is_qualified_name, shown_name};
    for (path, resources) in docs {
        for r in resources {
            let names = std::iter::once(("@odata.type", r.odata_type.as_str()))
                .chain(r.base_type.as_deref().map(|b| ("baseType", b)));
            for (what, name) in names {
                let bare = name.trim().trim_start_matches('#');
                if !is_qualified_name(bare) {
                    return Err(format!(
                        "{}:{}: resource {what} {} is not an OData qualified name (namespace.name, each part a letter or `_` then letters, digits or `_`)",
                        crate::source::shown_path(path),
                        r.place.at.line,
                        shown_name(name)
                    ));
                }
            }
        }
    }
    Ok(())
}
