//! Orchestration of a static check: which metadata a run needs, loading it
//! once, and running the checks. Shared by the CLI and the benchmarks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::checks::{self, Check, CheckContext};
use crate::config::Config;
use crate::contract::{Page, Resource, folder_version};
use crate::outcome::Finding;
use crate::schema::csdl::Csdl;
use crate::schema::permissions::PermissionScopes;
use crate::schema::{SchemaRegistry, TypeSet};
use crate::source::SourceFile;
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
    context(
        config,
        &wanted(config, suite),
        Some(&docs_of(suite)),
        Loaded::default(),
    )
    .map_err(MetadataError)
}

/// Why [`load_checked`] stopped: the pages or the metadata (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Pages(#[from] crate::suite::LoadError),
    #[error(transparent)]
    Metadata(#[from] MetadataError),
}

/// The suite of `paths` and its check context, as [`suite::load_paths`]
/// then [`check_context`] give them; the metadata files that the
/// configuration names are read while the pages are, on the same thread
/// pool, so that neither waits for the other. An error of the pages comes
/// first, as it does when the two are loaded one after the other.
///
/// [`suite::load_paths`]: crate::suite::load_paths
pub fn load_checked(
    config: &Config,
    paths: &[PathBuf],
) -> Result<(Suite, CheckContext), LoadError> {
    load_whole(config, &crate::suite::discover(paths)?)
}

/// [`load_checked`] of inputs already found.
fn load_whole(
    config: &Config,
    inputs: &[crate::suite::Input],
) -> Result<(Suite, CheckContext), LoadError> {
    let named = config.named_versions().into_iter().collect();
    let (suite, early) = rayon::join(
        || crate::suite::load(inputs),
        || Loaded::read(config, &named),
    );
    let suite = suite?;
    let early = early.map_err(MetadataError)?;
    let ctx = context(
        config,
        &wanted(config, &suite),
        Some(&docs_of(&suite)),
        early,
    )
    .map_err(MetadataError)?;
    Ok((suite, ctx))
}

/// [`load_checked`] for a replay: each page reduced to its source and
/// examples ([`Page::into_examples`]) on the thread that extracted it, its
/// resource blocks kept only until the docs' own schemas are built from
/// them, and the pages without examples left out. Memory peaks at the
/// examples of the run, not at its whole model.
pub fn load_examples(
    config: &Config,
    paths: &[PathBuf],
) -> Result<(Suite, CheckContext), LoadError> {
    let mut pages = Vec::new();
    let inputs = crate::suite::discover(paths)?;
    let ctx = load_examples_each(config, &inputs, |_| {}, |page| pages.push(page))?;
    Ok((Suite { pages }, owned(ctx)))
}

/// [`load_examples`], handing `each` every page that has examples as soon as
/// it is extracted (in order, on a thread of the pool), and `ready` the
/// check context as soon as it exists ([`stream_inputs`]).
pub fn load_examples_each(
    config: &Config,
    inputs: &[crate::suite::Input],
    ready: impl FnOnce(&Arc<CheckContext>) + Send,
    mut each: impl FnMut(Page) + Send,
) -> Result<Arc<CheckContext>, LoadError> {
    // A page without examples has nothing to replay; its text is not kept
    // either.
    let examples = |page: Page| (!page.examples.is_empty()).then(|| page.into_examples());
    stream_inputs(config, inputs, ready, examples, |page| {
        if let Some(page) = page {
            each(page);
        }
    })
}

/// The resource blocks of a run, each with its page's version folder.
type Docs<'a> = Vec<(Option<&'a str>, &'a Resource)>;

fn docs_of(suite: &Suite) -> Docs<'_> {
    suite
        .pages
        .iter()
        .flat_map(|p| p.resources.iter().map(move |r| (p.folder_version(), r)))
        .collect()
}

/// Extraction findings and check findings of every page, in page order.
pub fn check(suite: &Suite, ctx: &CheckContext) -> Vec<Finding> {
    let checks = checks::default_checks();
    suite
        .pages
        .par_iter()
        .map(|page| page_findings(page, ctx, &checks))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

/// The versions a run needs metadata for: the suite's and the configuration's.
fn wanted(config: &Config, suite: &Suite) -> BTreeSet<Option<String>> {
    let mut wanted = versions(suite);
    wanted.extend(config.named_versions());
    wanted
}

/// Files by the API version they apply to.
type VersionFiles = Vec<(Option<String>, PathBuf)>;

/// The metadata and permission files that apply to some versions, each
/// first file per version (the one checked against).
fn files(config: &Config, versions: &BTreeSet<Option<String>>) -> (VersionFiles, VersionFiles) {
    let mut csdl_files = Vec::new();
    let mut scope_files = Vec::new();
    for v in versions {
        // The first file that applies to a version is the one checked against.
        if let Some(p) = config.metadata_for(v.as_deref()).into_iter().next() {
            csdl_files.push((v.clone(), p));
        }
        if let Some(p) = config.permissions_for(v.as_deref()).into_iter().next() {
            scope_files.push((v.clone(), p));
        }
    }
    (csdl_files, scope_files)
}

/// Metadata and permission files read and parsed, each distinct path once.
#[derive(Default)]
struct Loaded {
    /// Each metadata file with its schema registry (validators inside are
    /// compiled lazily, per type that a body uses).
    csdls: Vec<(PathBuf, Arc<Csdl>, Arc<SchemaRegistry>)>,
    scopes: Vec<(PathBuf, Arc<PermissionScopes>)>,
}

impl Loaded {
    /// Reads the files that apply to `versions`.
    fn read(config: &Config, versions: &BTreeSet<Option<String>>) -> Result<Loaded, String> {
        let mut loaded = Loaded::default();
        let (csdl_files, scope_files) = files(config, versions);
        loaded.add(&csdl_files, &scope_files)?;
        Ok(loaded)
    }

    /// Reads, in parallel, the files of `csdl_files` and `scope_files` not
    /// read yet.
    fn add(&mut self, csdl_files: &VersionFiles, scope_files: &VersionFiles) -> Result<(), String> {
        let new = |files: &VersionFiles, have: Vec<&PathBuf>| -> Vec<PathBuf> {
            let set: BTreeSet<&PathBuf> = files
                .iter()
                .map(|(_, p)| p)
                .filter(|p| !have.contains(p))
                .collect();
            set.into_iter().cloned().collect()
        };
        let csdl_paths = new(csdl_files, self.csdls.iter().map(|(p, ..)| p).collect());
        let scope_paths = new(scope_files, self.scopes.iter().map(|(p, _)| p).collect());
        let (csdls, scopes) = rayon::join(
            || {
                csdl_paths
                    .into_par_iter()
                    .map(|p| {
                        let csdl = load_csdl(&p)?;
                        let types = TypeSet::from_csdl(&csdl, &p.display().to_string());
                        let registry = Arc::new(SchemaRegistry::new(Arc::new(types)));
                        Ok((p, Arc::new(csdl), registry))
                    })
                    .collect::<Result<Vec<_>, String>>()
            },
            || {
                scope_paths
                    .into_par_iter()
                    .map(|p| load_scopes(&p).map(|c| (p, Arc::new(c))))
                    .collect::<Result<Vec<_>, _>>()
            },
        );
        self.csdls.extend(csdls?);
        self.scopes.extend(scopes?);
        Ok(())
    }
}

/// Reads and parses each distinct metadata file once, whichever versions
/// name it, and builds the check context for `versions`; files already in
/// `loaded` are not read again. The versions without metadata are checked
/// against the resource pages of `docs`, when given.
fn context(
    config: &Config,
    versions: &BTreeSet<Option<String>>,
    docs: Option<&Docs<'_>>,
    mut loaded: Loaded,
) -> Result<CheckContext, String> {
    let (csdl_files, scope_files) = files(config, versions);
    loaded.add(&csdl_files, &scope_files)?;
    let Loaded { csdls, scopes } = loaded;
    let mut ctx = CheckContext::new();
    for (v, p) in &csdl_files {
        if let Some((_, csdl, registry)) = csdls.iter().find(|(q, ..)| q == p) {
            ctx = ctx
                .with_csdl(v.as_deref(), csdl.clone())
                .with_schemas(v.as_deref(), registry.clone());
        }
    }
    // Versions without metadata are checked against the docs' own resource
    // pages of that version (each version's types built on a thread of the
    // pool).
    if let Some(docs) = docs {
        let unmodelled: Vec<&Option<String>> = versions
            .iter()
            .filter(|v| {
                !csdl_files.iter().any(|(w, _)| w == *v) && ctx.csdl(v.as_deref()).is_none()
            })
            .collect();
        let built: Vec<(&Option<String>, TypeSet)> = unmodelled
            .into_par_iter()
            .map(|v| {
                let resources = docs
                    .iter()
                    .filter(|(folder, _)| *folder == v.as_deref())
                    .map(|(_, r)| *r);
                (v, TypeSet::from_docs(resources, "docs"))
            })
            .collect();
        for (v, types) in built {
            if !types.is_empty() {
                ctx =
                    ctx.with_schemas(v.as_deref(), Arc::new(SchemaRegistry::new(Arc::new(types))));
            }
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
    let mut seen: BTreeSet<Option<&str>> = suite
        .examples()
        .map(|(_, e)| e.version.as_deref())
        .collect();
    seen.extend(suite.pages.iter().map(Page::folder_version));
    seen.into_iter().map(|v| v.map(str::to_string)).collect()
}

/// A page's extraction findings and check findings, in the page's order.
fn page_findings(page: &Page, ctx: &CheckContext, checks: &[Box<dyn Check>]) -> Vec<Finding> {
    let mut found = page.findings.clone();
    found.extend(checks::run_page(page, ctx, checks));
    found.sort_by_key(|f| (f.span.start, f.code));
    found
}

/// What `check` keeps of a page once its checks have run: the source, which
/// the writers quote, and how many examples it had.
#[derive(Debug, Clone)]
pub struct CheckedPage {
    pub source: Arc<SourceFile>,
    pub examples: usize,
}

impl CheckedPage {
    fn of(page: &Page) -> CheckedPage {
        CheckedPage {
            source: Arc::clone(&page.source),
            examples: page.examples.len(),
        }
    }

    /// The API version the page's folder names, if any.
    pub fn folder_version(&self) -> Option<&str> {
        folder_version(&self.source.page)
    }
}

/// A checked run: every page's source and counts, the findings in page
/// order, and the context they were checked in.
#[derive(Debug)]
pub struct Checked {
    pub pages: Vec<CheckedPage>,
    pub findings: Vec<Finding>,
    pub ctx: CheckContext,
}

impl Checked {
    pub fn examples(&self) -> usize {
        self.pages.iter().map(|p| p.examples).sum()
    }
}

/// Whether [`load_examples_each`] builds the check context of `inputs`
/// before their pages are in: when every version folder has metadata.
pub fn context_before_pages(config: &Config, inputs: &[crate::suite::Input]) -> bool {
    !needs_docs(config, &crate::suite::version_folders(inputs))
}

/// Whether some version folder of the run has no metadata, so that its
/// bodies are checked against the run's own resource pages.
fn needs_docs(config: &Config, folders: &BTreeSet<Option<String>>) -> bool {
    folders
        .iter()
        .any(|f| config.metadata_for(f.as_deref()).is_empty())
}

/// Loads and checks the pages of `paths` under `config`.
///
/// When every page's version folder has metadata, the check context needs
/// no page, so it is built first and the pages stream through extraction
/// and the checks a few hundred at a time, each dropped once checked but
/// for its source: memory holds the text of the run, not its model. When
/// some version must be checked against the docs' own resource pages, every
/// page is loaded first, as [`load_checked`] does. Both give the same
/// findings.
pub fn check_paths(config: &Config, paths: &[PathBuf]) -> Result<Checked, LoadError> {
    let inputs = crate::suite::discover(paths)?;
    let folders = crate::suite::version_folders(&inputs);
    let docs_needed = needs_docs(config, &folders);
    let checks = checks::default_checks();
    if docs_needed {
        // The docs' resource pages are the schemas, so no page can be
        // checked before the last is in. Rather than hold every page's
        // model until then, each page is extracted once for what the
        // context needs (its text kept), and again for its checks once the
        // context exists: a second parse of the run for a third of the
        // memory.
        let mut sources = Vec::with_capacity(inputs.len());
        let ctx = stream_inputs(
            config,
            &inputs,
            |_| {},
            |page| page.source.clone(),
            |source| sources.push(source),
        )
        .map(owned)?;
        let (pages, found): (Vec<CheckedPage>, Vec<Vec<Finding>>) = sources
            .into_par_iter()
            .map(|source| {
                let page = crate::contract::extract_page(source);
                (CheckedPage::of(&page), page_findings(&page, &ctx, &checks))
            })
            .unzip();
        return Ok(Checked {
            pages,
            findings: found.into_iter().flatten().collect(),
            ctx,
        });
    }
    // Versions that only URLs name have no folder, hence no resource pages:
    // a configured default (the `None` entry) answers for them, as it does
    // for every version the configuration does not name.
    let mut versions = folders;
    versions.extend(config.named_versions());
    let ctx = context(config, &versions, None, Loaded::default()).map_err(MetadataError)?;
    let mut pages = Vec::with_capacity(inputs.len());
    let mut findings = Vec::new();
    crate::suite::load_each(
        &inputs,
        |page| (CheckedPage::of(&page), page_findings(&page, &ctx, &checks)),
        |(page, found)| {
            pages.push(page);
            findings.extend(found);
        },
    )?;
    Ok(Checked {
        pages,
        findings,
        ctx,
    })
}

/// [`check_context`] of a run whose pages stream by instead of being held
/// ([`stream_inputs`]).
pub fn stream_checked<T: Send>(
    config: &Config,
    paths: &[PathBuf],
    map: impl Fn(Page) -> T + Sync,
    each: impl FnMut(T) + Send,
) -> Result<CheckContext, LoadError> {
    let inputs = crate::suite::discover(paths)?;
    Ok(owned(stream_inputs(config, &inputs, |_| {}, map, each)?))
}

/// The context out of its `Arc` (not shared when no `ready` kept it).
fn owned(ctx: Arc<CheckContext>) -> CheckContext {
    Arc::try_unwrap(ctx).unwrap_or_else(|shared| (*shared).clone())
}

/// The check context of a run whose pages stream by instead of being held:
/// the pages of `inputs` are extracted a few hundred at a time
/// ([`crate::suite::load_each`]), each reduced by `map` on the thread that
/// extracted it and handed to `each` in page order. What the context needs
/// of a page is taken first: the API versions of its folder and examples,
/// and its resource blocks when its folder has no metadata (the docs'
/// schemas of that version are built from them, then dropped). The
/// metadata files that the configuration names are read meanwhile.
///
/// `ready` gets the context as soon as it exists: while the pages load
/// when every version folder of the run has metadata (the context then
/// needs no page, as in [`check_paths`]), else once the last page is in.
/// Either way it is the one [`check_context`] builds for the whole suite.
fn stream_inputs<T: Send>(
    config: &Config,
    inputs: &[crate::suite::Input],
    ready: impl FnOnce(&Arc<CheckContext>) + Send,
    map: impl Fn(Page) -> T + Sync,
    mut each: impl FnMut(T) + Send,
) -> Result<Arc<CheckContext>, LoadError> {
    let named = config.named_versions().into_iter().collect();
    let folders = crate::suite::version_folders(inputs);
    let before_pages = !needs_docs(config, &folders);
    let mut wanted: BTreeSet<Option<String>> = BTreeSet::new();
    let mut resources: Vec<(Option<String>, Resource)> = Vec::new();
    let reduce = |mut page: Page| {
        let folder = page.folder_version().map(str::to_string);
        let mut seen: Vec<Option<String>> =
            page.examples.iter().map(|e| e.version.clone()).collect();
        seen.push(folder.clone());
        // Only a folder without metadata is checked against its pages.
        let found = if config.metadata_for(folder.as_deref()).is_empty() {
            std::mem::take(&mut page.resources)
        } else {
            Vec::new()
        };
        (seen, folder, found, map(page))
    };
    let mut ready = Some(ready);
    let ready_early = &mut ready;
    let (loaded, early) = rayon::join(
        || {
            crate::suite::load_each(inputs, reduce, |(seen, folder, found, item)| {
                wanted.extend(seen);
                resources.extend(found.into_iter().map(|r| (folder.clone(), r)));
                each(item);
            })
        },
        move || -> Result<Result<Arc<CheckContext>, Loaded>, String> {
            let early = Loaded::read(config, &named)?;
            if !before_pages {
                return Ok(Err(early));
            }
            // Versions that only URLs name have no folder: a configured
            // default answers for them (see `check_paths`).
            let mut versions = folders.clone();
            versions.extend(config.named_versions());
            let ctx = Arc::new(context(config, &versions, None, early)?);
            if let Some(ready) = ready_early.take() {
                ready(&ctx);
            }
            Ok(Ok(ctx))
        },
    );
    loaded?;
    match early.map_err(MetadataError)? {
        Ok(ctx) => Ok(ctx),
        Err(early) => {
            wanted.extend(config.named_versions());
            let docs: Docs<'_> = resources.iter().map(|(f, r)| (f.as_deref(), r)).collect();
            let ctx =
                Arc::new(context(config, &wanted, Some(&docs), early).map_err(MetadataError)?);
            if let Some(ready) = ready.take() {
                ready(&ctx);
            }
            Ok(ctx)
        }
    }
}

#[cfg(test)]
mod tests;
