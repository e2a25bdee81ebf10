//! `mdcontract extract`.

use std::io::Write;

use super::args::{ExtractArgs, Format};
use super::{Outcome, write_out};
use crate::outcome::Tally;
use crate::report::{console, jsonl};
use crate::suite;

pub fn run(args: ExtractArgs) -> Outcome {
    let suite = match suite::load_paths(&args.paths) {
        Ok(s) => s,
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    let tally = Tally::of(suite.findings());
    let mut out = Vec::with_capacity(1 << 16);
    let mut err = String::new();
    match args.format {
        Format::Json => {
            for page in &suite.pages {
                for line in jsonl::page_lines(page) {
                    let _ = serde_json::to_writer(&mut out, &line);
                    out.push(b'\n');
                }
            }
            let _ = serde_json::to_writer(&mut out, &jsonl::summary_line(&suite));
            out.push(b'\n');
        }
        Format::Text => {
            for (page, ex) in suite.examples() {
                let _ = writeln!(
                    out,
                    "{}:{}  {}  {} {} -> {}",
                    page.source.display_path(),
                    ex.request.place.at.line,
                    ex.id,
                    ex.request.message.method,
                    ex.request.message.url,
                    ex.response.message.status
                );
            }
            for page in &suite.pages {
                for f in &page.findings {
                    console::render_finding(&mut err, f, Some(&page.source));
                    err.push('\n');
                }
            }
            let count = |f: fn(&crate::contract::Page) -> usize| suite.pages.iter().map(f).sum::<usize>();
            err.push_str(&format!(
                "extracted {} pages: {} examples, {} resources, {} templates; {}\n",
                suite.pages.len(),
                count(|p| p.examples.len()),
                count(|p| p.resources.len()),
                count(|p| p.templates.len()),
                console::tally_line(tally)
            ));
        }
    }
    if let Err(e) = write_out(&out, &err) {
        return e;
    }
    if tally.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}
