//! The JUnit report of `check`: one suite and one case per page, failing
//! when the page has error findings (see [`JunitReport::by_page`]).

use std::collections::HashMap;

use super::model::{CaseOutcome, JunitCase, JunitReport, JunitSuite};
use crate::outcome::{Finding, Severity};
use crate::report::console::render_finding;
use crate::source::SourceFile;

/// The JUnit XML of `findings` over `pages`: one suite and one case per page.
/// See [`JunitReport::by_page`].
pub fn junit<'a>(pages: impl IntoIterator<Item = &'a SourceFile>, findings: &[Finding]) -> String {
    JunitReport::by_page(pages, findings).to_xml()
}

impl JunitReport {
    /// One suite per page, named by the page's path, holding one case: it
    /// fails when the page has error findings, and its `<system-out>` lists
    /// the warnings and notes.
    ///
    /// It takes the pages and not only the findings because a page without
    /// findings is a passed test, and a report that left it out would
    /// undercount. `findings` are matched to pages by `file`; they need not be
    /// the pages' own (`check` adds its own). A finding whose file is not
    /// among `pages` still gets a suite of its own, after the pages, so
    /// nothing is dropped. Case `classname` is the page key
    /// (`v1.0/api/user-get`), `name` its path.
    pub fn by_page<'a>(
        pages: impl IntoIterator<Item = &'a SourceFile>,
        findings: &[Finding],
    ) -> Self {
        let pages: Vec<&SourceFile> = pages.into_iter().collect();
        let mut by_file: HashMap<&str, Vec<&Finding>> = HashMap::new();
        let mut orphans: Vec<&str> = Vec::new();
        let known: std::collections::HashSet<String> =
            pages.iter().map(|p| p.display_path()).collect();
        for f in findings {
            let list = by_file.entry(&f.file).or_default();
            if list.is_empty() && !known.contains(&f.file) {
                orphans.push(&f.file);
            }
            list.push(f);
        }
        let mut report = JunitReport::new("mdcontract");
        for page in pages {
            let file = page.display_path();
            let found = by_file.get(file.as_str()).map_or(&[][..], Vec::as_slice);
            report
                .suites
                .push(page_suite(&file, &page.page, Some(page), found));
        }
        for file in orphans {
            report
                .suites
                .push(page_suite(file, file, None, &by_file[file]));
        }
        report
    }
}

fn page_suite(
    file: &str,
    page_key: &str,
    source: Option<&SourceFile>,
    findings: &[&Finding],
) -> JunitSuite {
    let (errors, others): (Vec<&Finding>, Vec<&Finding>) =
        findings.iter().partition(|f| f.severity == Severity::Error);
    let render = |list: &[&Finding]| {
        let mut out = String::new();
        for (i, f) in list.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            render_finding(&mut out, f, source);
        }
        out
    };
    let outcome = match errors.as_slice() {
        [] => CaseOutcome::Passed,
        [only] => CaseOutcome::Failed {
            message: only.to_string(),
            body: render(&errors),
        },
        [first, ..] => CaseOutcome::Failed {
            message: format!("{} error findings; the first: {first}", errors.len()),
            body: render(&errors),
        },
    };
    JunitSuite {
        name: file.to_string(),
        cases: vec![JunitCase {
            classname: page_key.to_string(),
            name: file.to_string(),
            time: None,
            outcome,
            system_out: render(&others),
        }],
    }
}
