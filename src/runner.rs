//! Orchestration of a static check: which metadata a run needs, loading it
//! once, and running the checks. Shared by the CLI and the benchmarks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::checks::{self, CheckContext};
use crate::config::Config;
use crate::outcome::Finding;
use crate::schema::csdl::Csdl;
use crate::schema::permissions::PermissionScopes;
use crate::schema::{SchemaRegistry, TypeSet};
use crate::suite::Suite;

/// A metadata or permissions file that cannot be used (exit code 2). The
/// message names the file, and the line where there is one.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MetadataError(String);

/// The check context for `suite` under `config`: every metadata file that
/// applies to a version of the suite, or that the configuration names, is
/// read and parsed once.
pub fn check_context(config: &Config, suite: &Suite) -> Result<CheckContext, MetadataError> {
    let mut wanted = versions(suite);
    wanted.extend(config.named_versions());
    context(config, &wanted, suite).map_err(MetadataError)
}

/// Extraction findings and check findings of every page, in page order.
pub fn check(suite: &Suite, ctx: &CheckContext) -> Vec<Finding> {
    all_findings(suite, ctx)
}

/// Reads and parses each distinct metadata file once, whichever versions
/// name it, and builds the check context for `versions`.
fn context(
    config: &Config,
    versions: &BTreeSet<Option<String>>,
    suite: &Suite,
) -> Result<CheckContext, String> {
    let mut csdl_files: Vec<(Option<String>, PathBuf)> = Vec::new();
    let mut scope_files: Vec<(Option<String>, PathBuf)> = Vec::new();
    for v in versions {
        // The first file that applies to a version is the one checked against.
        if let Some(p) = config.metadata_for(v.as_deref()).into_iter().next() {
            csdl_files.push((v.clone(), p));
        }
        if let Some(p) = config.permissions_for(v.as_deref()).into_iter().next() {
            scope_files.push((v.clone(), p));
        }
    }
    let distinct = |files: &[(Option<String>, PathBuf)]| -> Vec<PathBuf> {
        let set: BTreeSet<&PathBuf> = files.iter().map(|(_, p)| p).collect();
        set.into_iter().cloned().collect()
    };
    let csdls: Vec<(PathBuf, Arc<Csdl>)> = distinct(&csdl_files)
        .into_par_iter()
        .map(|p| load_csdl(&p).map(|c| (p, Arc::new(c))))
        .collect::<Result<_, _>>()?;
    let scopes: Vec<(PathBuf, Arc<PermissionScopes>)> = distinct(&scope_files)
        .into_par_iter()
        .map(|p| load_scopes(&p).map(|c| (p, Arc::new(c))))
        .collect::<Result<_, _>>()?;
    // One schema registry per distinct metadata file; validators inside it
    // are compiled lazily, per type that a body uses.
    let registries: Vec<Arc<SchemaRegistry>> = csdls
        .par_iter()
        .map(|(p, c)| {
            Arc::new(SchemaRegistry::new(Arc::new(TypeSet::from_csdl(
                c,
                &p.display().to_string(),
            ))))
        })
        .collect();
    let mut ctx = CheckContext::new();
    for (v, p) in &csdl_files {
        if let Some(i) = csdls.iter().position(|(q, _)| q == p) {
            ctx = ctx
                .with_csdl(v.as_deref(), csdls[i].1.clone())
                .with_schemas(v.as_deref(), registries[i].clone());
        }
    }
    // Versions without metadata are checked against the docs' own resource
    // pages of that version.
    for v in versions {
        if csdl_files.iter().any(|(w, _)| w == v) || ctx.csdl(v.as_deref()).is_some() {
            continue;
        }
        let resources = suite
            .pages
            .iter()
            .filter(|p| p.folder_version() == v.as_deref())
            .flat_map(|p| &p.resources);
        let types = TypeSet::from_docs(resources, "docs");
        if !types.is_empty() {
            ctx = ctx.with_schemas(v.as_deref(), Arc::new(SchemaRegistry::new(Arc::new(types))));
        }
    }
    for (v, p) in scope_files {
        if let Some((_, c)) = scopes.iter().find(|(q, _)| *q == p) {
            ctx = ctx.with_scopes(v.as_deref(), c.clone());
        }
    }
    Ok(ctx)
}

fn read(path: &Path) -> Result<String, String> {
    crate::source::read_input(path, crate::source::INPUT_LIMIT)
        .and_then(|b| String::from_utf8(b).map_err(std::io::Error::other))
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

fn load_csdl(path: &Path) -> Result<Csdl, String> {
    Csdl::read_validated(path)
}

fn load_scopes(path: &Path) -> Result<PermissionScopes, String> {
    let text = read(path)?;
    PermissionScopes::parse(&text).map_err(|e| {
        format!(
            "{}:{}:{}: not a permissions file: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// The API versions a run needs metadata for: every example's and page's.
fn versions(suite: &Suite) -> BTreeSet<Option<String>> {
    let mut out: BTreeSet<Option<String>> =
        suite.examples().map(|(_, e)| e.version.clone()).collect();
    out.extend(
        suite
            .pages
            .iter()
            .map(|p| p.folder_version().map(str::to_string)),
    );
    out
}

/// Extraction findings and check findings of every page, in page order.
fn all_findings(suite: &Suite, ctx: &CheckContext) -> Vec<Finding> {
    let checked = checks::run(suite, ctx, &checks::default_checks());
    let mut out = Vec::new();
    for (page, more) in suite.pages.iter().zip(checked) {
        let mut found: Vec<Finding> = page.findings.iter().cloned().chain(more).collect();
        found.sort_by_key(|f| (f.span.start, f.code));
        out.extend(found);
    }
    out
}
