//! The HTML report (`--html FILE` on check, replay, verify and drift): its
//! structure, checked in Rust, and the page itself, opened in headless
//! Chromium through the DevTools protocol: it renders without a console
//! error or a network request, its charts are drawn, and its filter hides
//! exactly the rows the model says it should.
//!
//! The browser tests need Chromium (Debian's `chromium`; `.ci/run` installs
//! it): without it they are ignored and say how to install it (under
//! `CI=true` they fail). With
//! `MDCONTRACT_CORPUS` and `MDCONTRACT_METADATA`, the report of a full-corpus
//! `check` is opened too; `MDCONTRACT_UPDATE_SCREENSHOT=1` then writes its
//! screenshot to `docs/report.png` (the README's picture). Screenshots and
//! reports otherwise go under `target/tmp/html-report/`.

// Test functions without `#[test]` (a libtest-mimic harness, see
// tests/common/gate.rs): clippy.toml's allow-unwrap-in-tests does not see
// them as tests.
#![allow(clippy::unwrap_used)]

mod common;

use common::cli::{mdcontract, root};
use common::gate::{self, Gated};

#[path = "html_report/cdp.rs"]
mod cdp;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use cdp::Chromium;
use mdcontract::config::Config;
use mdcontract::drift::{Change, Comparison, DriftItem, DriftReport, Impact, ItemKind, Location};
use mdcontract::outcome::{Code, Finding};
use mdcontract::replay::checks::body_schema;
use mdcontract::replay::{self, Replayer, TargetKind, Verdict};
use mdcontract::report::html::{self, HtmlReport, Links};
use mdcontract::serve::{self, Unmatched};
use mdcontract::source::{SourceFile, Span};
use mdcontract::{runner, suite};
use serde_json::json;

/// Page text that must stay text: escaped, and never run.
const HOSTILE: &str =
    "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> & 'q'";

/// Where reports and screenshots go: under `target/`.
fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report");
    std::fs::create_dir_all(&dir).expect("output folder");
    dir
}

/// Writes `report` as `name.html` under `target/`; returns its path.
fn write(name: &str, report: &HtmlReport) -> (PathBuf, String) {
    let page = html::render(report);
    let path = out_dir().join(format!("{name}.html"));
    std::fs::write(&path, &page).expect("report written");
    (path, page)
}

/// `check specs/` with the specs' own metadata, plus one finding whose
/// message is hostile markup.
fn check_specs() -> HtmlReport {
    let config = Config::from_metadata_dir(&root().join("specs/metadata"));
    let specs = suite::load_paths(&[root().join("specs")]).expect("specs load");
    let ctx = runner::check_context(&config, &specs).expect("specs metadata loads");
    let mut findings = runner::check(&specs, &ctx);
    let page = Arc::new(SourceFile::from_text(
        &root()
            .join("specs/v1.0/api/widget-get.md")
            .display()
            .to_string(),
        "a\nb\n",
    ));
    findings.push(Finding::new(
        Code::UndocumentedProperty,
        &page,
        Span::at(2),
        format!("hostile page text: {HOSTILE}"),
    ));
    let run = html::CheckRun {
        paths: vec!["specs/".into()],
        pages: specs.pages.len(),
        examples: specs.examples().count(),
        suppressed: 0,
        links: Links::for_report(&out_dir().join("check-specs.html"), root()),
    };
    html::check_report(&findings, &run)
}

/// `replay specs/` against the stub; one failed example is given a drifted
/// answer, as a live service would send, so that the page has a JSON diff.
fn replay_specs() -> HtmlReport {
    let specs = Arc::new(suite::load_paths(&[root().join("specs")]).expect("specs load"));
    let config = Config::from_metadata_dir(&root().join("specs/metadata"));
    let ctx = runner::check_context(&config, &specs).expect("specs metadata loads");
    let target = TargetKind::Stub.build().expect("stub target");
    let replayer = Arc::new(Replayer::new(target).with_check(body_schema(Arc::new(ctx))));
    let selection = Arc::new(replay::all_examples(&specs));
    let started = Instant::now();
    let mut reports = replay::replay_suite(replayer, specs.clone(), selection, 4, |_, _| {});
    let drifted = reports
        .iter_mut()
        .find(|r| matches!(r.verdict, Verdict::Failed { .. }) && r.observed_body.is_some())
        .expect("specs has failing examples with a body");
    drifted.observed_body = Some(
        json!({"id": "other", "displayName": HOSTILE, "added": [1, 2], "target": {"x": 1}})
            .to_string(),
    );
    let run = html::ReplayRun {
        paths: vec!["specs/".into()],
        against: "the stub".into(),
        seconds: started.elapsed().as_secs_f64(),
        links: Links::for_report(&out_dir().join("replay-specs.html"), root()),
    };
    html::replay_report(&reports, &specs, &run)
}

fn drift_sample() -> HtmlReport {
    let mut items = Vec::new();
    let namespaces = [
        "microsoft.graph",
        "microsoft.graph.callRecords",
        "microsoft.graph.ediscovery",
    ];
    let kinds = [
        ItemKind::Property,
        ItemKind::EntityType,
        ItemKind::NavigationProperty,
        ItemKind::EnumMember,
    ];
    for i in 0..40 {
        let (change, impact) = match i % 4 {
            0 => (Change::Removed, Impact::Breaking),
            1 => (Change::Changed, Impact::Breaking),
            _ => (Change::Added, Impact::Additive),
        };
        items.push(DriftItem {
            kind: kinds[i % kinds.len()],
            change,
            impact: Some(impact),
            group: namespaces[i % namespaces.len()].to_string(),
            subject: format!("{}.type{i}/prop{i}", namespaces[i % namespaces.len()]),
            detail: if i == 7 {
                HOSTILE.to_string()
            } else {
                "type Edm.String → Edm.Int32".to_string()
            },
            left: Some(Location {
                file: "specs/metadata/v1.0.csdl.xml".into(),
                line: 10 + i,
            }),
            right: (change != Change::Removed).then(|| Location {
                file: "specs/metadata/beta.csdl.xml".into(),
                line: 20 + i,
            }),
        });
    }
    let mut report = DriftReport {
        comparison: Comparison::MetadataMetadata,
        left: "specs/metadata/v1.0.csdl.xml".into(),
        right: "specs/metadata/beta.csdl.xml".into(),
        items,
    };
    report.sort();
    html::drift_report(
        &report,
        &Links::for_report(&out_dir().join("drift.html"), root()),
    )
}

fn verify_sample() -> HtmlReport {
    let verdict = serve::Verdict {
        requests: 5,
        coverage: BTreeMap::from([
            ("v1.0/api/widget-get#get_widget".to_string(), 3),
            ("v1.0/api/widget-list#list_widgets".to_string(), 0),
            ("beta/api/gadgetassignment-update#example-1".to_string(), 0),
        ]),
        unmatched: vec![
            Unmatched {
                line: 4,
                method: "PUT".into(),
                url: "/v1.0/widgetCatalog/widgets/1".into(),
                miss: serve::Miss {
                    closest: Some("v1.0/api/widget-update#update_widget".into()),
                    reason: "method: expected PATCH, got PUT".into(),
                },
            },
            Unmatched {
                line: 5,
                method: "GET".into(),
                url: format!("/v1.0/gadgets?q={HOSTILE}"),
                miss: serve::Miss {
                    closest: None,
                    reason: format!("path segment 2: `gadgets` is not documented; sent {HOSTILE}"),
                },
            },
        ],
        omitted: 0,
        ..serve::Verdict::default()
    };
    html::verify_report(&verdict, "requests.jsonl")
}

/// The page loads nothing over the network and runs no inline script but
/// its own: every `src`/`href` is local, and page text is escaped.
fn assert_self_contained(name: &str, page: &str) {
    for attr in ["src=\"", "href=\"", "src='", "href='", "url("] {
        for (at, _) in page.match_indices(attr) {
            let value = &page[at + attr.len()..];
            assert!(
                !(value.starts_with("http:")
                    || value.starts_with("https:")
                    || value.starts_with("//")),
                "{name}: a network load: {}",
                &page[at..(at + 80).min(page.len())]
            );
        }
    }
    assert_eq!(
        page.matches("<script").count(),
        1,
        "{name}: only the report's own script"
    );
    assert!(
        !page.contains("<img src=x"),
        "{name}: hostile markup escaped"
    );
    assert!(
        page.contains("default-src 'none'"),
        "{name}: a CSP that forbids loads"
    );
}

fn reports_are_self_contained_and_escape_page_text() {
    for (name, report) in [
        ("check-specs", check_specs()),
        ("replay-specs", replay_specs()),
        ("drift", drift_sample()),
        ("verify", verify_sample()),
    ] {
        // Rendered, not written: the browser test writes these files.
        let page = html::render(&report);
        assert_self_contained(name, &page);
        assert!(
            page.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"),
            "{name}"
        );
        assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
        assert!(!report.charts.is_empty(), "{name} has charts");
    }
}

/// `--html FILE` on the commands that take it writes a report beside the
/// usual output. (`drift` takes it too; its comparisons are tested with
/// their own command.)
fn the_html_flag_writes_a_report_from_check_replay_and_verify() {
    let dir = tempfile::tempdir().expect("temp dir");
    let journal = dir.path().join("requests.jsonl");
    std::fs::write(
        &journal,
        "{\"time_ms\":0,\"method\":\"PUT\",\"url\":\"/v1.0/widgetCatalog/widgets/1\",\"headers\":[],\"body\":\"\"}\n",
    )
    .expect("journal");
    let specs = root().join("specs");
    let specs = specs.to_str().expect("utf-8 path");
    let html = |name: &str| dir.path().join(format!("{name}.html"));
    let runs: [(&str, Vec<String>, &str); 3] = [
        ("check", vec!["check".into(), specs.into()], "Check report"),
        (
            "replay",
            vec!["replay".into(), specs.into()],
            "Replay report",
        ),
        (
            "verify",
            vec![
                "verify".into(),
                "--journal".into(),
                journal.display().to_string(),
                "--docs".into(),
                specs.into(),
            ],
            "Verify report",
        ),
    ];
    for (name, mut args, title) in runs {
        args.extend(["--html".to_string(), html(name).display().to_string()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = mdcontract(&args);
        // specs/ is defective on purpose, and the journal's PUT matches nothing.
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let page = std::fs::read_to_string(html(name))
            .unwrap_or_else(|e| panic!("{name}: no HTML report: {e}"));
        assert!(page.contains(&format!("<title>{title}</title>")), "{name}");
        assert_self_contained(name, &page);
    }
}

/// What one page did in the browser.
struct Opened {
    session: String,
    load_ms: f64,
}

/// Opens `path` in a new tab of `browser`, with a viewport of 1280 × `height`.
fn open(browser: &mut Chromium, path: &Path, height: u32) -> Opened {
    let session = browser.new_page(1280, height);
    let url = format!("file://{}", path.display());
    let wall = browser.navigate(&session, &url);
    let load = browser.eval(
        &session,
        "performance.getEntriesByType('navigation')[0].loadEventEnd",
    );
    Opened {
        session,
        load_ms: load.as_f64().unwrap_or(wall.as_secs_f64() * 1000.0),
    }
}

/// Console errors, uncaught exceptions, error log entries (CSP violations
/// among them) and requests that are not for a file or data URL.
fn problems(browser: &Chromium, session: &str) -> Vec<String> {
    browser
        .events()
        .iter()
        .filter(|e| e["sessionId"] == session)
        .filter_map(|e| {
            let p = &e["params"];
            match e["method"].as_str()? {
                "Runtime.exceptionThrown" => {
                    let d = &p["exceptionDetails"];
                    let text = d["exception"]["description"]
                        .as_str()
                        .map_or_else(|| d["text"].to_string(), str::to_string);
                    Some(format!("uncaught exception: {text}"))
                }
                "Runtime.consoleAPICalled"
                    if matches!(p["type"].as_str(), Some("error" | "assert")) =>
                {
                    Some(format!(
                        "console.{}: {}",
                        p["type"].as_str().unwrap_or(""),
                        p["args"]
                    ))
                }
                "Log.entryAdded" if p["entry"]["level"] == "error" => {
                    Some(format!("log: {}", p["entry"]["text"]))
                }
                "Network.requestWillBeSent" => {
                    let url = p["request"]["url"].as_str().unwrap_or("");
                    (!(url.starts_with("file:") || url.starts_with("data:")))
                        .then(|| format!("network request: {url}"))
                }
                _ => None,
            }
        })
        .collect()
}

/// Types `query` into the first table's filter and checks the rows left
/// visible against the model; then a facet select; then Clear.
fn check_filter(browser: &mut Chromium, s: &str, report: &HtmlReport, query: &str) {
    let table = &report.tables[0];
    let id = &table.id;
    let total = table.rows.len();
    let visible = format!(
        "Array.from(document.querySelectorAll('#{id} tbody tr')).filter(r => !r.hidden && r.getClientRects().length > 0).length"
    );
    assert_eq!(
        browser.eval(s, &visible),
        json!(total),
        "{id}: every row shows at first"
    );

    let expected = table.rows.iter().filter(|r| r.matches(query)).count();
    assert!(
        expected > 0 && expected < total,
        "{id}: `{query}` should narrow the table"
    );
    browser.eval(
        s,
        &format!("document.querySelector('#{id} input[type=search]').focus()"),
    );
    browser.type_text(s, query);
    let shown = browser.eval_until(
        s,
        &format!("Number(document.querySelector('#{id}').dataset.visible)"),
        &json!(expected),
    );
    assert_eq!(shown, json!(expected), "{id}: rows kept by `{query}`");
    assert_eq!(
        browser.eval(s, &visible),
        json!(expected),
        "{id}: rows displayed"
    );

    // The first facet select, on its most frequent value, with the query.
    let (col, column) = table
        .columns
        .iter()
        .enumerate()
        .find(|(_, c)| c.facet)
        .expect("a facet column");
    let value = browser.eval(
        s,
        &format!("document.querySelector('#{id} select[data-col=\"{col}\"]').options[1].value"),
    );
    let value = value.as_str().expect("an option value").to_string();
    let both = table
        .rows
        .iter()
        .filter(|r| r.matches(query) && r.cells[col].text == value)
        .count();
    browser.eval(
        s,
        &format!(
            "(() => {{ const s = document.querySelector('#{id} select[data-col=\"{col}\"]'); \
             s.value = {}; s.dispatchEvent(new Event('change')); }})()",
            json!(value)
        ),
    );
    assert_eq!(
        browser.eval(s, &visible),
        json!(both),
        "{id}: `{query}` and {} = {value}",
        column.name
    );
    browser.eval(
        s,
        &format!("document.querySelector('#{id} .reset').click()"),
    );
    assert_eq!(
        browser.eval(s, &visible),
        json!(total),
        "{id}: Clear shows every row"
    );
}

/// Opens a report and runs the common checks; returns the tab.
fn check_in_browser(
    browser: &mut Chromium,
    name: &str,
    report: &HtmlReport,
    query: &str,
    height: u32,
) -> Opened {
    let (path, _) = write(name, report);
    let opened = open(browser, &path, height);
    let s = opened.session.clone();
    let charts = browser.eval(&s, "document.querySelectorAll('svg.chart').length");
    assert_eq!(
        charts,
        json!(report.charts.len()),
        "{name}: every chart is drawn"
    );
    let marks = browser.eval(&s, "document.querySelectorAll('svg.chart .seg').length");
    assert!(marks.as_u64().unwrap_or(0) > 0, "{name}: charts have marks");
    let drawn = browser.eval(
        &s,
        "Array.from(document.querySelectorAll('svg.chart')).every(c => c.getBoundingClientRect().height > 40)",
    );
    assert_eq!(drawn, json!(true), "{name}: charts have a size");
    assert_eq!(
        browser.eval(&s, "document.documentElement.classList.contains('js')"),
        json!(true),
        "{name}: the report's script ran (the CSP allows it)"
    );
    assert_eq!(
        browser.eval(&s, "typeof window.__pwned"),
        json!("undefined"),
        "{name}: page text never runs"
    );
    check_filter(browser, &s, report, query);
    browser.eval(&s, "document.activeElement.blur(); window.scrollTo(0, 0)");
    browser.screenshot(&s, &out_dir().join(format!("{name}.png")));
    let problems = problems(browser, &s);
    assert!(problems.is_empty(), "{name}: {problems:#?}");
    opened
}

fn check_replay_drift_and_verify_reports_render_in_chromium() -> Gated {
    gate::chromium()?;
    let mut browser = Chromium::launch();

    let check = check_specs();
    check_in_browser(&mut browser, "check-specs", &check, "MC4001", 1400);

    let replay = replay_specs();
    let opened = check_in_browser(&mut browser, "replay-specs", &replay, "widget-checks", 1400);
    let s = opened.session;
    let diffs: usize = replay.failures.iter().map(|f| f.diff.len()).sum();
    assert!(diffs > 0, "the drifted example has a diff");
    assert_eq!(
        browser.eval(
            &s,
            "document.querySelectorAll('.failure table.diff tbody tr').length"
        ),
        json!(diffs),
        "every difference is a row of a diff table"
    );
    assert_eq!(
        browser.eval(&s, "document.querySelectorAll('details.failure').length"),
        json!(replay.failures.len())
    );
    // The failure with the drifted answer, for a look at the diff.
    browser.eval(
        &s,
        "document.querySelector('table.diff').closest('details').scrollIntoView()",
    );
    browser.screenshot(&s, &out_dir().join("replay-specs-diff.png"));
    let text = browser.eval(&s, "document.body.textContent");
    assert!(
        text.as_str()
            .is_some_and(|t| t.contains("<script>window.__pwned=1</script>")),
        "hostile text shows as text"
    );

    let drift = drift_sample();
    check_in_browser(&mut browser, "drift", &drift, "callrecords", 1200);

    let verify = verify_sample();
    check_in_browser(&mut browser, "verify", &verify, "PUT", 1200);
    Ok(())
}

/// The report of `check` over the whole corpus, with both versions' CSDL
/// and permissions.
fn full_corpus_check_report_renders_in_chromium() -> Gated {
    let corpus = gate::corpus()?;
    let metadata = gate::metadata()?;
    gate::chromium()?;
    let started = Instant::now();
    // `--metadata VERSION=... --permissions VERSION=...` for both versions.
    let config = Config::from_metadata_dir(&metadata);
    let docs = suite::load_paths(std::slice::from_ref(&corpus)).expect("corpus loads");
    let ctx = runner::check_context(&config, &docs).expect("metadata loads");
    let findings = runner::check(&docs, &ctx);
    assert!(findings.len() > 1000, "the corpus has its findings");
    let path = out_dir().join("corpus-check.html");
    let run = html::CheckRun {
        paths: vec![corpus.display().to_string()],
        pages: docs.pages.len(),
        examples: docs.examples().count(),
        suppressed: 0,
        links: Links::for_report(&path, &std::env::current_dir().expect("cwd")),
    };
    let report = html::check_report(&findings, &run);
    let (path, page) = write("corpus-check", &report);
    assert_self_contained("corpus-check", &page);

    let mut browser = Chromium::launch();
    let opened = check_in_browser(&mut browser, "corpus-check", &report, "MC4101", 1640);
    eprintln!(
        "corpus check report: {} findings, {:.2} MB, loaded in Chromium in {:.0} ms ({})",
        findings.len(),
        page.len() as f64 / 1e6,
        opened.load_ms,
        path.display()
    );
    if std::env::var("MDCONTRACT_UPDATE_SCREENSHOT").as_deref() == Ok("1") {
        let docs_png = root().join("docs/report.png");
        browser.screenshot(&opened.session, &docs_png);
        eprintln!(
            "MDCONTRACT_UPDATE_SCREENSHOT=1: wrote {}",
            docs_png.display()
        );
    }
    eprintln!(
        "full corpus test took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

gated_tests!(
    reports_are_self_contained_and_escape_page_text,
    the_html_flag_writes_a_report_from_check_replay_and_verify,
    check_replay_drift_and_verify_reports_render_in_chromium,
    full_corpus_check_report_renders_in_chromium,
);
