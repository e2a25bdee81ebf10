//! `check` over the project's own pages in `specs/`, with the widget API's
//! own metadata in `specs/metadata/`: every static check fires on the page
//! written to trigger it, and on no clean page.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use mdcontract::config::Config;
use mdcontract::outcome::Code;
use mdcontract::{runner, suite};

fn findings() -> Vec<mdcontract::outcome::Finding> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::from_metadata_dir(&root.join("specs/metadata"));
    let specs = suite::load_paths(&[root.join("specs")]).expect("specs load");
    let ctx = runner::check_context(&config, &specs).expect("specs metadata loads");
    runner::check(&specs, &ctx)
}

/// Pages written to be defective, and the oddities whose syntax is
/// deliberately loose (they may carry MC1001, MC2001 and MC4203 only).
const DEFECTIVE: &[&str] = &[
    "specs/v1.0/api/widget-checks.md",
    "specs/v1.0/api/widget-page-checks.md",
    "specs/beta/api/gadgetassignment-checks.md",
    "specs/beta/api/widget-problems.md",
    "specs/beta/api/widget-oddities.md",
    "specs/beta/api/widget-oddities-bodies.md",
];

#[test]
fn every_static_check_fires_on_its_page() {
    let found = findings();
    let on_checks_pages: BTreeSet<Code> = found
        .iter()
        .filter(|f| {
            f.file.ends_with("widget-checks.md")
                || f.file.ends_with("widget-page-checks.md")
                || f.file.ends_with("gadgetassignment-checks.md")
        })
        .map(|f| f.code)
        .collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| c.id().starts_with("MC4"))
        .filter(|c| !on_checks_pages.contains(c))
        .map(|c| c.id())
        .collect();
    assert!(
        missing.is_empty(),
        "checks with no triggering example: {missing:?}"
    );
}

#[test]
fn clean_pages_have_no_findings() {
    let found = findings();
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &found {
        let file = f.file.replace('\\', "/");
        let rel = file
            .split("/specs/")
            .last()
            .map(|r| format!("specs/{r}"))
            .unwrap_or(file);
        by_file
            .entry(rel)
            .or_default()
            .push(format!("{}:{} {}", f.code, f.location.line, f.message));
    }
    // Two pages keep a form on purpose: the seed's TODO permissions and a
    // comment inside a resource's JSON representation.
    let expected_elsewhere: BTreeMap<&str, &[&str]> = BTreeMap::from([
        (
            "specs/beta/api/gadgetassignment-update.md",
            &["MC4301", "MC4301"][..],
        ),
        ("specs/v1.0/resources/widgetcatalog.md", &["MC2001"][..]),
    ]);
    for (file, list) in &by_file {
        if DEFECTIVE.contains(&file.as_str()) {
            continue;
        }
        let codes: Vec<&str> = list.iter().map(|l| &l[..6]).collect();
        let want = expected_elsewhere
            .get(file.as_str())
            .copied()
            .unwrap_or(&[]);
        assert_eq!(codes, want, "unexpected findings on {file}: {list:#?}");
    }
}

#[test]
fn the_seed_shaped_page_reports_its_todo_permissions_and_nothing_else() {
    let found = findings();
    let seed: Vec<_> = found
        .iter()
        .filter(|f| f.file.ends_with("gadgetassignment-update.md"))
        .collect();
    assert_eq!(seed.len(), 2);
    assert!(seed.iter().all(|f| f.code == Code::PermissionsTodo));
}

#[test]
fn findings_on_the_specs_are_pinned() {
    let lines: Vec<String> = findings()
        .iter()
        .map(|f| {
            let file = f.file.replace('\\', "/");
            let rel = file.split("/specs/").last().unwrap_or(&file).to_string();
            format!(
                "{rel}:{}:{} {} {}",
                f.location.line, f.location.col, f.code, f.message
            )
        })
        .collect();
    insta::with_settings!({
        snapshot_path => "../snapshots/check",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("check_of_specs", lines.join("\n"));
    });
}
