//! Prints the measured recall of `check` per defect kind (the mutation test
//! of `tests/recall.rs`), and with `--markdown FILE` writes it as markdown
//! (`docs/recall.md` is generated this way).
//!
//! ```sh
//! MDCONTRACT_CORPUS=../shared/corpus/graph-docs-2021 \
//! MDCONTRACT_METADATA=../shared/metadata/graph-2021-07 \
//!   cargo run --example recall -- --markdown docs/recall.md
//! ```
//!
//! `--misses` lists every mutant that was not found, `--samples` shows the
//! first mutant of each kind.

#[path = "../tests/recall/engine.rs"]
mod engine;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let markdown = args
        .iter()
        .position(|a| a == "--markdown")
        .and_then(|i| args.get(i + 1));
    let Some((corpus, metadata)) = engine::inputs_from_env() else {
        eprintln!("set MDCONTRACT_CORPUS and MDCONTRACT_METADATA");
        return ExitCode::from(2);
    };
    let report = engine::measure(&corpus, &metadata);
    print!("{}", report.table());
    if args.iter().any(|a| a == "--samples") {
        // The first mutant of each kind, to see what the mutations look like.
        let mut shown = std::collections::BTreeSet::new();
        for o in &report.outcomes {
            if shown.insert(o.kind) {
                println!(
                    "{}: {}:{} {} (found: {})",
                    o.kind.name(),
                    o.page,
                    o.line,
                    o.what,
                    o.found
                );
                for d in &o.diff {
                    println!("    {d}");
                }
            }
        }
    }
    if args.iter().any(|a| a == "--misses") {
        for o in report.outcomes.iter().filter(|o| !o.found) {
            println!("missed: {} {}:{} {}", o.kind.name(), o.page, o.line, o.what);
            for n in &o.near {
                println!("    {n}");
            }
        }
    }
    if let Some(path) = markdown {
        if let Err(e) = std::fs::write(path, report.markdown()) {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
        eprintln!("wrote {path}");
    }
    ExitCode::SUCCESS
}
