//! `mdcontract check`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Outcome;
use super::args::{CheckArgs, CheckFormat};
use crate::checks::{self, CheckContext};
use crate::outcome::{Finding, Tally};
use crate::report::{console, jsonl};
use crate::schema::csdl::{Csdl, PermissionScopes};
use crate::suite::{self, Suite};

/// `beta=beta.csdl.xml` → (`Some("beta")`, path); a plain path → (`None`, path).
pub fn parse_versioned(arg: &str) -> (Option<String>, PathBuf) {
    if let Some((v, path)) = arg.split_once('=')
        && crate::contract::is_version(v)
    {
        return (Some(v.to_string()), PathBuf::from(path));
    }
    (None, PathBuf::from(arg))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

/// Loads every metadata and permissions file named on the command line.
fn context(args: &CheckArgs) -> Result<CheckContext, String> {
    let mut ctx = CheckContext::new();
    for arg in &args.metadata {
        let (version, path) = parse_versioned(arg);
        let text = read(&path)?;
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
        ctx = ctx.with_csdl(version.as_deref(), Arc::new(csdl));
    }
    for arg in &args.permissions {
        let (version, path) = parse_versioned(arg);
        let text = read(&path)?;
        let scopes = PermissionScopes::parse(&text).map_err(|e| {
            format!(
                "{}:{}:{}: not a permissions file: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        ctx = ctx.with_scopes(version.as_deref(), Arc::new(scopes));
    }
    Ok(ctx)
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
    // Metadata and pages are independent: read them at the same time.
    let (ctx, suite) = rayon::join(|| context(&args), || suite::load_paths(&args.paths));
    let ctx = match ctx {
        Ok(c) => c,
        Err(e) => return Outcome::RunError(e),
    };
    let suite = match suite {
        Ok(s) => s,
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    let findings = all_findings(&suite, &ctx);
    let tally = Tally::of(&findings);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let written = match args.format {
        CheckFormat::Json => write_json(&mut out, &findings, &suite, tally),
        CheckFormat::Text => write_text(&mut out, &findings, &suite, tally),
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
    });
    serde_json::to_writer(&mut *out, &summary)?;
    out.write_all(b"\n")
}

fn write_text(
    out: &mut dyn Write,
    findings: &[Finding],
    suite: &Suite,
    tally: Tally,
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
        "checked {} pages, {} examples: {}\n",
        suite.pages.len(),
        suite.examples().count(),
        console::tally_line(tally)
    ));
    out.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_file_arguments() {
        assert_eq!(
            parse_versioned("beta=x/beta.xml"),
            (Some("beta".into()), PathBuf::from("x/beta.xml"))
        );
        assert_eq!(
            parse_versioned("v1.0=a.xml"),
            (Some("v1.0".into()), PathBuf::from("a.xml"))
        );
        assert_eq!(
            parse_versioned("dir=x/a.xml"),
            (None, PathBuf::from("dir=x/a.xml"))
        );
        assert_eq!(parse_versioned("a.xml"), (None, PathBuf::from("a.xml")));
    }
}
