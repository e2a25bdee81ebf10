//! A stable-Rust mutation test over real inputs (issue 11): a seeded RNG
//! mutates corpus pages (byte flips, truncations, inserted fences, backticks,
//! NUL and CR, huge lines, deeply nested and unbalanced JSON, duplicated
//! annotations) and every mutant is extracted and checked in-process, with
//! the real metadata, as `check` does; the specs' CSDL and permission files
//! and the default config are mutated through their loaders. Errors and
//! findings are fine; a panic is not, and the test lists every mutant that
//! panicked with its seed and index so it can be reproduced.
//!
//! Bounded by a count of mutants, not by wall time, so that a run is the
//! same run everywhere (`MDCONTRACT_FUZZ_MUTANTS` raises the count locally;
//! `MDCONTRACT_FUZZ_SEED` changes the seed).

// Test functions without `#[test]` (a libtest-mimic harness, see
// tests/common/gate.rs).

mod common;

#[path = "recall/engine.rs"]
mod engine;

use common::gate::{self, Gated};

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use mdcontract::config::Config;
use mdcontract::schema::csdl::Csdl;
use mdcontract::schema::permissions::PermissionScopes;

/// Corpus page mutants per run: about 10 s in a debug test build.
const PAGE_MUTANTS: usize = 5_000;
/// Mutants of each small input (CSDL, permissions, config): a few seconds.
const SMALL_MUTANTS: usize = 4_000;

/// SplitMix64: small, seeded, the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn env_usize(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A char boundary of `s` at or before `at`.
fn boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One to three mutations of `text`, chosen by `rng`.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut t = text.to_string();
    for _ in 0..1 + rng.below(3) {
        let at = boundary(&t, rng.below(t.len() + 1));
        match rng.below(14) {
            // A flipped byte (lossily back to text: pages are text).
            0 => {
                let mut bytes = t.into_bytes();
                if !bytes.is_empty() {
                    let i = rng.below(bytes.len());
                    bytes[i] ^= 1 << rng.below(8);
                }
                t = String::from_utf8_lossy(&bytes).into_owned();
            }
            1 => t.truncate(at),
            2 => t.insert_str(
                at,
                ["\n```\n", "\n```http\n", "\n```json\n", "```"][rng.below(4)],
            ),
            3 => t.insert_str(at, &"`".repeat(1 + rng.below(8))),
            4 => t.insert(at, '\0'),
            5 => t.insert(at, '\r'),
            6 => t.insert_str(at, &"x".repeat(100_000 + rng.below(200_000))),
            7 => {
                let depth = 1 + rng.below(5_000);
                let open = if rng.below(2) == 0 { "[" } else { "{\"a\":" };
                t.insert_str(at, &open.repeat(depth));
            }
            8 => t.insert_str(at, ["{", "}", "[", "]", "\"", ",", ":"][rng.below(7)]),
            // A duplicated annotation (or any comment), elsewhere.
            9 => {
                if let Some(start) = t.find("<!--").map(|i| i + rng.below(3)) {
                    let start = boundary(&t, start.min(t.len()));
                    let start = t[..start].rfind("<!--").unwrap_or(start);
                    let end = t[start..].find("-->").map_or(t.len(), |e| start + e + 3);
                    let copy = t[start..end].to_string();
                    t.insert_str(at, &copy);
                }
            }
            // A slice of the page moved or deleted.
            10 => {
                let end = boundary(&t, at + rng.below(2_000));
                t.replace_range(at..end, "");
            }
            11 => {
                let end = boundary(&t, at + rng.below(500));
                let copy = t[at..end].to_string();
                let to = boundary(&t, rng.below(t.len() + 1));
                t.insert_str(to, &copy);
            }
            12 => t.insert_str(
                at,
                ["\u{a0}", "\u{feff}", "\u{2028}", "é", "\u{1F600}"][rng.below(5)],
            ),
            _ => t.insert_str(at, ["%", "%zz", "{id}", "\\", "<", "&"][rng.below(6)]),
        }
    }
    t
}

/// Runs `f` on each mutant; the mutants that panicked, with their message.
fn panics(
    seed: u64,
    count: u64,
    inputs: &[(String, String)],
    f: impl Fn(&str, &str),
) -> Vec<String> {
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    for i in 0..count {
        let (name, text) = &inputs[rng.below(inputs.len())];
        let mutant = mutate(&mut rng, text);
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| f(name, &mutant))) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            out.push(format!("mutant {i} (seed {seed}) of {name}: {msg}"));
        }
    }
    out
}

fn seed() -> u64 {
    env_usize("MDCONTRACT_FUZZ_SEED", 11)
}

fn md_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            md_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Quiet panics on this thread while mutants run: the test reports them
/// itself (other threads' panics still print).
fn quietly<R>(f: impl FnOnce() -> R) -> R {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let r = f();
    QUIET.with(|q| q.set(false));
    r
}

fn corpus_page_mutants_extract_and_check_without_panicking() -> Gated {
    let corpus = gate::corpus()?;
    let metadata = gate::metadata()?;
    let ctx = engine::context(&metadata);
    let mut files = Vec::new();
    md_files(&corpus, &mut files);
    assert!(
        files.len() > 1000,
        "{} pages under {}",
        files.len(),
        corpus.display()
    );
    // A fixed sample of pages (every page would be slow to read in CI).
    let mut rng = Rng(seed() ^ 0xC0FFEE);
    let pages: Vec<(String, String)> = (0..200)
        .filter_map(|_| {
            let p = &files[rng.below(files.len())];
            let key = p
                .strip_prefix(&corpus)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((key, std::fs::read_to_string(p).ok()?))
        })
        .collect();
    assert!(pages.len() > 150, "pages read: {}", pages.len());
    let count = env_usize("MDCONTRACT_FUZZ_MUTANTS", PAGE_MUTANTS as u64);
    let (examples, findings) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    let failed = quietly(|| {
        panics(seed(), count, &pages, |key, text| {
            let (page, _, listed) = engine::check_page(&ctx, key, text);
            examples.set(examples.get() + page.examples.len());
            findings.set(findings.get() + listed.len());
        })
    });
    assert!(
        failed.is_empty(),
        "{} mutants panicked:\n{}",
        failed.len(),
        failed.join("\n")
    );
    // The mutants were still pages: examples were extracted and checked.
    assert!(
        examples.get() as u64 > count / 4 && findings.get() as u64 > count / 2,
        "{count} mutants gave {} examples and {} findings",
        examples.get(),
        findings.get()
    );
    Ok(())
}

fn small_inputs(names: &[&str]) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    names
        .iter()
        .map(|n| {
            let text = std::fs::read_to_string(root.join(n)).expect("input reads");
            (n.to_string(), text)
        })
        .collect()
}

fn csdl_and_permissions_mutants_load_without_panicking() {
    let csdl = small_inputs(&[
        "specs/metadata/v1.0.csdl.xml",
        "specs/metadata/beta.csdl.xml",
    ]);
    let perms = small_inputs(&[
        "specs/metadata/v1.0.permissions.xml",
        "specs/metadata/beta.permissions.xml",
    ]);
    let count = env_usize("MDCONTRACT_FUZZ_MUTANTS", SMALL_MUTANTS as u64);
    // The unmutated files load: the mutants exercise the parser past its
    // first line.
    for (n, t) in &csdl {
        assert!(Csdl::parse(t).is_ok(), "{n} parses");
    }
    let mut failed = quietly(|| {
        panics(seed(), count, &csdl, |_, t| {
            let _ = Csdl::parse(t);
        })
    });
    failed.extend(quietly(|| {
        panics(seed(), count, &perms, |_, t| {
            let _ = PermissionScopes::parse(t);
        })
    }));
    assert!(
        failed.is_empty(),
        "{} mutants panicked:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

fn config_mutants_load_without_panicking() {
    let config = small_inputs(&["src/default-config.toml"]);
    let count = env_usize("MDCONTRACT_FUZZ_MUTANTS", SMALL_MUTANTS as u64);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("mdcontract.toml");
    assert!(
        Config::parse(&path, &config[0].1).is_ok(),
        "the default config parses"
    );
    let failed = quietly(|| {
        panics(seed(), count, &config, |_, t| {
            let _ = Config::parse(&path, t);
        })
    });
    assert!(
        failed.is_empty(),
        "{} mutants panicked:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

gated_tests!(
    corpus_page_mutants_extract_and_check_without_panicking,
    csdl_and_permissions_mutants_load_without_panicking,
    config_mutants_load_without_panicking,
);
