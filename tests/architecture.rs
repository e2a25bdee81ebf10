//! The layering of `src/`, checked against the layer table of
//! `docs/architecture.md`.
//!
//! The table is the rule: a module may import only from its own layer or a
//! lower one, and no two files may import each other, directly or in a
//! cycle. This test reads the table, walks `src/**/*.rs`, reads every
//! `use` path and every path written in the code that starts at `crate::`,
//! `super::` or `self::` (and `mdcontract::` in `main.rs`, the binary), and
//! asserts that
//!
//! - (a) every top-level module of `src/` has exactly one row;
//! - (b) no file imports a module of a higher layer;
//! - (c) no files import each other in a cycle.
//!
//! An import resolves to the file that defines the longest module path it
//! names: `crate::a::b::c` is `src/a/b/c.rs` or `src/a/b/c/mod.rs` if there is
//! one, else `src/a/b.rs` or `src/a/b/mod.rs` (an item, or an inline module,
//! of that file), and so on up to `src/lib.rs`. Comments and string literals
//! are skipped, so intra-doc links and doc tests do not count. Each violation
//! is printed with its `file:line`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

#[path = "architecture/paths.rs"]
mod paths;

use paths::{defining_file, imports};

const TABLE: &str = "docs/architecture.md";

/// One row of the layer table.
#[derive(Debug)]
struct Row {
    module: String,
    layer: u32,
    line: usize,
}

/// A source file of `src/`: its path as printed, its module path in the
/// library (empty for `lib.rs`), and its text. `main.rs` is the binary.
struct SourceFile {
    path: String,
    module: Vec<String>,
    bin: bool,
    text: String,
}

impl SourceFile {
    /// The top-level module the file belongs to: `checks` for
    /// `src/checks/url.rs`, `main.rs` for the binary, none for `lib.rs`.
    fn top(&self) -> Option<&str> {
        if self.bin {
            Some("main.rs")
        } else {
            self.module.first().map(String::as_str)
        }
    }
}

// ---------------------------------------------------------------- the table

/// The rows of the first markdown table whose header starts `| layer |
/// module |`. Module names are written in backticks, `cli/` and `config`
/// alike; `main.rs` keeps its extension.
fn parse_table(text: &str) -> Result<Vec<Row>, String> {
    let mut lines = text.lines().enumerate().skip_while(|(_, l)| {
        let cells = cells(l);
        !(cells.len() >= 2 && cells[0] == "layer" && cells[1] == "module")
    });
    let Some((header, _)) = lines.next() else {
        return Err(format!(
            "{TABLE}: no table with the header `| layer | module |`"
        ));
    };
    let mut rows = Vec::new();
    for (n, line) in lines.skip(1) {
        if !line.trim_start().starts_with('|') {
            break;
        }
        let cells = cells(line);
        let at = format!("{TABLE}:{}", n + 1);
        let layer = cells.first().and_then(|c| c.parse().ok());
        let module = cells
            .get(1)
            .map(|c| c.trim_matches('`').trim_end_matches('/'));
        match (layer, module) {
            (Some(layer), Some(module)) if !module.is_empty() => rows.push(Row {
                module: module.to_string(),
                layer,
                line: n + 1,
            }),
            _ => {
                return Err(format!(
                    "{at}: a row needs a layer number and a module: {line}"
                ));
            }
        }
    }
    if rows.is_empty() {
        return Err(format!(
            "{TABLE}:{}: the layer table has no rows",
            header + 1
        ));
    }
    Ok(rows)
}

fn cells(line: &str) -> Vec<&str> {
    let line = line.trim();
    let Some(inner) = line.strip_prefix('|') else {
        return Vec::new();
    };
    inner
        .trim_end_matches('|')
        .split('|')
        .map(str::trim)
        .collect()
}

// --------------------------------------------------------------- the rules

/// Every violation of the three rules, each naming its `file:line`.
fn violations(rows: &[Row], files: &[SourceFile]) -> [Vec<String>; 3] {
    let mut rows_of: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for row in rows {
        rows_of.entry(row.module.as_str()).or_default().push(row);
    }
    let mut tops: BTreeMap<&str, &str> = BTreeMap::new();
    for f in files {
        if let Some(top) = f.top() {
            tops.entry(top).or_insert(&f.path);
        }
    }
    // (a) exactly one row per top-level module
    let mut rows_wrong = Vec::new();
    for (top, path) in &tops {
        match rows_of.get(top).map(Vec::as_slice) {
            None | Some([]) => {
                rows_wrong.push(format!("{path}: module `{top}` has no row in {TABLE}"))
            }
            Some([_]) => {}
            Some([first, more @ ..]) => rows_wrong.extend(more.iter().map(|r| {
                format!(
                    "{TABLE}:{}: `{top}` has a row already (line {})",
                    r.line, first.line
                )
            })),
        }
    }
    for row in rows
        .iter()
        .filter(|r| !tops.contains_key(r.module.as_str()))
    {
        rows_wrong.push(format!(
            "{TABLE}:{}: `{}` is not a top-level module of src/",
            row.line, row.module
        ));
    }

    let layer = |top: &str| rows_of.get(top).and_then(|r| r.first()).map(|r| r.layer);
    let by_module: BTreeMap<Vec<String>, usize> = files
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.bin)
        .map(|(n, f)| (f.module.clone(), n))
        .collect();
    // (b) no import of a higher layer; and the file graph for (c)
    let (mut upward, mut reported) = (Vec::new(), BTreeSet::new());
    let mut edges: BTreeMap<(usize, usize), (usize, String)> = BTreeMap::new();
    for (n, f) in files.iter().enumerate() {
        for import in imports(&f.text, &f.module, f.bin) {
            let Some(&to) = defining_file(&import.path, &by_module) else {
                continue;
            };
            let written = format!("crate::{}", import.path.join("::"));
            if to != n {
                edges
                    .entry((n, to))
                    .or_insert((import.line, written.clone()));
            }
            let (Some(from_top), Some(to_top)) = (f.top(), files[to].top()) else {
                continue;
            };
            // One line per import of a file: `use crate::a::{B, C}` is one.
            if let (Some(lf), Some(lt)) = (layer(from_top), layer(to_top))
                && lt > lf
                && reported.insert((n, import.line, to))
            {
                upward.push(format!(
                    "{}:{}: `{from_top}` (layer {lf}) imports {written} of `{to_top}` (layer {lt})",
                    f.path, import.line
                ));
            }
        }
    }
    // (c) no cycles between files
    let cycles = cycles(files.len(), &edges)
        .into_iter()
        .map(|cycle| {
            let names: Vec<&str> = cycle.iter().map(|&n| files[n].path.as_str()).collect();
            let mut text = format!(
                "files import each other: {} → {}",
                names.join(" → "),
                names[0]
            );
            for (k, &from) in cycle.iter().enumerate() {
                let to = cycle[(k + 1) % cycle.len()];
                let (line, written) = &edges[&(from, to)];
                text.push_str(&format!(
                    "\n    {}:{line}: imports {written}",
                    files[from].path
                ));
            }
            text
        })
        .collect();
    [rows_wrong, upward, cycles]
}

/// One shortest cycle per strongly connected part of the graph that has
/// more than one file, each starting at its first file.
fn cycles(nodes: usize, edges: &BTreeMap<(usize, usize), (usize, String)>) -> Vec<Vec<usize>> {
    let mut next = vec![Vec::new(); nodes];
    for &(a, b) in edges.keys() {
        next[a].push(b);
    }
    let reach = |from: usize| {
        let mut seen = vec![false; nodes];
        let mut queue = VecDeque::from([from]);
        let mut parent = vec![usize::MAX; nodes];
        while let Some(n) = queue.pop_front() {
            for &m in &next[n] {
                if !seen[m] {
                    seen[m] = true;
                    parent[m] = n;
                    queue.push_back(m);
                }
            }
        }
        (seen, parent)
    };
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for a in 0..nodes {
        if done.contains(&a) {
            continue;
        }
        let (seen, parent) = reach(a);
        if !seen[a] {
            continue;
        }
        // The shortest way back to `a`, then its strongly connected part.
        let mut cycle = vec![a];
        let mut n = parent[a];
        while n != a {
            cycle.push(n);
            n = parent[n];
        }
        cycle[1..].reverse();
        if cycle.len() < 2 {
            continue;
        }
        done.extend((0..nodes).filter(|&m| seen[m] && reach(m).0[a]));
        out.push(cycle);
    }
    out
}

// ------------------------------------------------------------ the crate

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rows() -> Vec<Row> {
    let text =
        std::fs::read_to_string(root().join(TABLE)).expect("docs/architecture.md is readable");
    parse_table(&text).unwrap_or_else(|e| panic!("{e}"))
}

fn source_files() -> Vec<SourceFile> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = root().join("src");
    let mut paths = Vec::new();
    walk(&src, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&src).expect("under src/");
            let mut module: Vec<String> = rel
                .with_extension("")
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|m| m == "mod" || m == "lib") {
                module.pop();
            }
            SourceFile {
                path: format!("src/{}", rel.display()),
                bin: rel == Path::new("main.rs"),
                text: std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display())),
                module,
            }
        })
        .collect()
}

fn assert_none(what: &str, found: &[String]) {
    assert!(
        found.is_empty(),
        "{} {what}:\n{}\n",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn every_top_level_module_has_exactly_one_row() {
    let [rows_wrong, _, _] = violations(&rows(), &source_files());
    assert_none("problems with the layer table", &rows_wrong);
}

#[test]
fn no_file_imports_a_module_of_a_higher_layer() {
    let [_, upward, _] = violations(&rows(), &source_files());
    assert_none("imports of a higher layer", &upward);
}

#[test]
fn no_files_import_each_other() {
    let [_, _, cycles] = violations(&rows(), &source_files());
    assert_none("import cycles between files", &cycles);
}

// ------------------------------------------------- the checker's own tests

fn strings(p: &[&str]) -> Vec<String> {
    p.iter().map(|s| s.to_string()).collect()
}

fn file(path: &str, module: &[&str], text: &str) -> SourceFile {
    SourceFile {
        path: path.into(),
        module: strings(module),
        bin: path == "src/main.rs",
        text: text.into(),
    }
}

#[test]
fn a_missing_row_an_upward_import_and_a_cycle_are_each_reported_with_their_line() {
    let table = "| layer | module | responsibility |\n|---|---|---|\n\
                 | 0 | `low` | below |\n| 1 | `high/` | above |\n| 1 | `gone` | stale |\n";
    let rows = parse_table(table).expect("a table");
    let files = [
        file(
            "src/lib.rs",
            &[],
            "pub mod low;\npub mod high;\npub mod extra;\n",
        ),
        file("src/low.rs", &["low"], ""),
        file(
            "src/high/mod.rs",
            &["high"],
            "mod part;\npub use crate::high::part::P;\n",
        ),
        file("src/high/part.rs", &["high", "part"], "use super::Q;\n"),
        file("src/extra.rs", &["extra"], "\n\nuse crate::low::L;\n"),
    ];
    let [rows_wrong, upward, cycles] = violations(&rows, &files);
    assert_eq!(
        rows_wrong,
        [
            "src/extra.rs: module `extra` has no row in docs/architecture.md",
            "docs/architecture.md:5: `gone` is not a top-level module of src/"
        ]
    );
    assert!(upward.is_empty(), "{upward:?}");
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(
        cycles[0].starts_with(
            "files import each other: src/high/mod.rs → src/high/part.rs → src/high/mod.rs"
        ) && cycles[0].contains("src/high/mod.rs:2: imports crate::high::part::P")
            && cycles[0].contains("src/high/part.rs:1: imports crate::high::Q"),
        "{cycles:?}"
    );
    let low = [
        file("src/low.rs", &["low"], "use crate::high::H;\n"),
        file("src/high/mod.rs", &["high"], ""),
    ];
    let [_, upward, _] = violations(&rows, &low);
    assert_eq!(
        upward,
        ["src/low.rs:1: `low` (layer 0) imports crate::high::H of `high` (layer 1)"]
    );
}
