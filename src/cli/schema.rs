//! `mdcontract schema`.

use std::sync::Arc;

use super::args::SchemaArgs;
use super::outcome::Outcome;
use crate::report;
use crate::schema::csdl::Csdl;
use crate::schema::{TypeSet, export_schemas};
use crate::suite;

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
    let suite = if args.paths.is_empty() {
        None
    } else {
        match suite::load_paths(&args.paths) {
            Ok(s) => Some(s),
            Err(e) => return Outcome::RunError(e.to_string()),
        }
    };
    if let Some(s) = &suite
        && let Err(e) = docs_type_names(s)
    {
        return Outcome::RunError(e);
    }
    let resources = suite
        .iter()
        .flat_map(|s| s.pages.iter().flat_map(|p| &p.resources));
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

/// Every `@odata.type` and `baseType` of the pages' resource blocks is an
/// OData qualified name (`microsoft.graph.user`): the type names become file
/// names under `--out`. The first that is not: `PAGE:LINE: …`.
fn docs_type_names(suite: &crate::suite::Suite) -> Result<(), String> {
    use crate::schema::csdl::{is_qualified_name, shown_name};
    for page in &suite.pages {
        for r in &page.resources {
            let names = std::iter::once(("@odata.type", r.odata_type.as_str()))
                .chain(r.base_type.as_deref().map(|b| ("baseType", b)));
            for (what, name) in names {
                let bare = name.trim().trim_start_matches('#');
                if !is_qualified_name(bare) {
                    return Err(format!(
                        "{}:{}: resource {what} {} is not an OData qualified name (namespace.name, each part a letter or `_` then letters, digits or `_`)",
                        crate::source::shown_path(&page.source.path),
                        r.place.at.line,
                        shown_name(name)
                    ));
                }
            }
        }
    }
    Ok(())
}
