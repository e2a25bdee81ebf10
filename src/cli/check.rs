//! `mdcontract check`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::Outcome;
use super::args::{CheckArgs, CheckFormat};
use crate::checks::{self, CheckContext};
use crate::config::{CONFIG_ENV, Config, parse_versioned};
use crate::outcome::{Finding, Tally};
use crate::report::{console, jsonl, junit, sarif, sources};
use crate::schema::csdl::{Csdl, PermissionScopes};
use crate::schema::{SchemaRegistry, TypeSet};
use crate::suite::{self, Suite};

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
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

fn load_csdl(path: &Path) -> Result<Csdl, String> {
    let text = read(path)?;
    let csdl = Csdl::parse(&text).map_err(|e| {
        format!(
            "{}:{}:{}: not valid CSDL: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    if let Some(d) = csdl.dangling_refs().first() {
        return Err(format!(
            "{}:{}: {} `{}` of `{}` names a type the metadata does not define",
            path.display(),
            d.line,
            d.context.as_str(),
            d.referenced,
            d.owner
        ));
    }
    Ok(csdl)
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

/// The configuration: `--config`, else `MDCONTRACT_CONFIG`, else the nearest
/// `mdcontract.toml` upward from the current directory; then the flags.
pub(crate) fn configuration(
    flag: Option<&Path>,
    metadata: &[String],
    permissions: &[String],
) -> Result<Config, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let loaded =
        Config::resolve(flag, std::env::var_os(CONFIG_ENV), &cwd).map_err(|e| e.to_string())?;
    let mut config = loaded.map(|l| l.config).unwrap_or_default();
    config.merge_cli(
        metadata.iter().map(|a| parse_versioned(a)).collect(),
        permissions.iter().map(|a| parse_versioned(a)).collect(),
    );
    Ok(config)
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
pub fn all_findings(suite: &Suite, ctx: &CheckContext) -> Vec<Finding> {
    let checked = checks::run(suite, ctx, &checks::default_checks());
    let mut out = Vec::new();
    for (page, more) in suite.pages.iter().zip(checked) {
        let mut found: Vec<Finding> = page.findings.iter().cloned().chain(more).collect();
        found.sort_by_key(|f| (f.span.start, f.code));
        out.extend(found);
    }
    out
}

pub fn run(args: CheckArgs) -> Outcome {
    let config = match configuration(args.config.as_deref(), &args.metadata, &args.permissions) {
        Ok(c) => c,
        Err(e) => return Outcome::RunError(e),
    };
    let suite = match suite::load_paths(&args.paths) {
        Ok(s) => s,
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    let mut wanted = versions(&suite);
    wanted.extend(config.named_versions());
    let ctx = match context(&config, &wanted, &suite) {
        Ok(c) => c,
        Err(e) => return Outcome::RunError(e),
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let applied = config.apply(all_findings(&suite, &ctx), &cwd);
    let findings = applied.kept;
    let tally = Tally::of(&findings);
    if let Some(path) = &args.junit
        && let Err(e) = std::fs::write(path, junit::junit(&suite.pages, &findings))
    {
        return Outcome::RunError(format!(
            "{}: cannot write the JUnit report: {e}",
            path.display()
        ));
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let written = match args.format {
        CheckFormat::Json => write_json(&mut out, &findings, &suite, tally, applied.suppressed),
        CheckFormat::Text => write_text(&mut out, &findings, &suite, tally, applied.suppressed),
        CheckFormat::Sarif => {
            let log = sarif::sarif(
                &findings,
                env!("CARGO_PKG_VERSION"),
                &sources::by_file(&suite.pages),
            );
            serde_json::to_writer_pretty(&mut out, &log)
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
        }
    }
    .and_then(|()| out.flush());
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Outcome::RunError(format!("cannot write output: {e}")),
    }
    if tally.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

fn write_json(
    out: &mut dyn Write,
    findings: &[Finding],
    suite: &Suite,
    tally: Tally,
    suppressed: usize,
) -> std::io::Result<()> {
    for f in findings {
        serde_json::to_writer(&mut *out, &jsonl::finding_line(f))?;
        out.write_all(b"\n")?;
    }
    let summary = serde_json::json!({
        "kind": "summary",
        "pages": suite.pages.len(),
        "examples": suite.examples().count(),
        "findings": { "error": tally.errors, "warning": tally.warnings, "note": tally.notes },
        "suppressed": suppressed,
    });
    serde_json::to_writer(&mut *out, &summary)?;
    out.write_all(b"\n")
}

fn write_text(
    out: &mut dyn Write,
    findings: &[Finding],
    suite: &Suite,
    tally: Tally,
    suppressed: usize,
) -> std::io::Result<()> {
    let mut text = String::new();
    let mut pages = suite.pages.iter().peekable();
    for f in findings {
        // Findings are in page order: advance to the finding's page.
        while pages
            .peek()
            .is_some_and(|p| p.source.display_path() != f.file)
        {
            pages.next();
        }
        console::render_finding(&mut text, f, pages.peek().map(|p| &*p.source));
        text.push('\n');
    }
    text.push_str(&format!(
        "checked {} pages, {} examples: {}{}\n",
        suite.pages.len(),
        suite.examples().count(),
        console::tally_line(tally),
        if suppressed > 0 {
            format!(" ({suppressed} suppressed by configuration)")
        } else {
            String::new()
        }
    ));
    out.write_all(text.as_bytes())
}
