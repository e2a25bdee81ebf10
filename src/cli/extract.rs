//! `mdcontract extract`.

use std::io::Write;

use super::Outcome;
use super::args::{ExtractArgs, Format};
use crate::contract::Page;
use crate::outcome::Tally;
use crate::report::{console, jsonl};
use crate::suite::{self, Suite};

pub fn run(args: ExtractArgs) -> Outcome {
    let suite = match suite::load_paths(&args.paths) {
        Ok(s) => s,
        Err(e) => return Outcome::RunError(e.to_string()),
    };
    let tally = Tally::of(suite.findings());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut err = String::new();
    let written = match args.format {
        Format::Json => write_json(&mut out, &suite),
        Format::Text => write_text(&mut out, &mut err, &suite, tally),
    };
    let written = written.and_then(|()| out.flush());
    drop(out);
    if let Err(outcome) = super::output_written(written) {
        return outcome;
    }
    let _ = std::io::stderr().lock().write_all(err.as_bytes());
    if tally.errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

fn write_json(out: &mut dyn Write, suite: &Suite) -> std::io::Result<()> {
    for page in &suite.pages {
        jsonl::write_page(out, page)?;
    }
    serde_json::to_writer(&mut *out, &jsonl::summary_line(suite))?;
    out.write_all(b"\n")
}

fn write_text(
    out: &mut dyn Write,
    err: &mut String,
    suite: &Suite,
    tally: Tally,
) -> std::io::Result<()> {
    for (page, ex) in suite.examples() {
        writeln!(
            out,
            "{}:{}  {}  {} {} -> {}",
            page.source.display_path(),
            ex.request.place.at.line,
            ex.id,
            ex.request.message.method,
            ex.request.message.url,
            ex.response.message.status
        )?;
    }
    for page in &suite.pages {
        for f in &page.findings {
            console::render_finding(err, f, Some(&page.source));
            err.push('\n');
        }
    }
    let count = |f: fn(&Page) -> usize| suite.pages.iter().map(f).sum::<usize>();
    err.push_str(&format!(
        "extracted {} pages: {} examples, {} resources, {} templates; {}\n",
        suite.pages.len(),
        count(|p| p.examples.len()),
        count(|p| p.resources.len()),
        count(|p| p.templates.len()),
        console::tally_line(tally)
    ));
    Ok(())
}
