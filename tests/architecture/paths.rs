//! Reading the paths of Rust source: which module of the library each `use`
//! and each `crate::`/`super::`/`self::` path names, and which file of
//! `src/` defines it. No parser crate: a small lexer that skips comments and
//! literals is enough for paths, and keeps the test free of dependencies.

use std::collections::BTreeMap;

/// The library's name, as `main.rs` (a crate of its own) spells its paths.
const LIBRARY: &str = "mdcontract";
/// A path read from a file, made absolute in the library: `crate::a::B` in
/// any file, `super::B` in `src/a/c.rs`, `mdcontract::a::B` in `main.rs` are
/// all `["a", "B"]`.
#[derive(Debug, PartialEq)]
pub struct Import {
    pub line: usize,
    pub path: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    PathSep,
    Open,
    Close,
    Punct(char),
}

/// The tokens of Rust source that matter for paths, each with its line:
/// identifiers, `::`, braces and single punctuation. Comments, strings, raw
/// strings, byte strings and character literals are skipped.
fn lex(text: &str) -> Vec<(Tok, usize)> {
    let c: Vec<char> = text.chars().collect();
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let (mut out, mut i, mut line) = (Vec::new(), 0, 1);
    // Skips a quoted literal from its opening quote; `hashes` closing `#`s.
    let skip_quoted = |i: &mut usize, line: &mut usize, hashes: usize, raw: bool| {
        *i += 1;
        while *i < c.len() {
            match c[*i] {
                '\\' if !raw => *i += 1,
                '"' if (1..=hashes).all(|h| at(*i + h) == '#') => {
                    *i += 1 + hashes;
                    return;
                }
                '\n' => *line += 1,
                _ => {}
            }
            *i += 1;
        }
    };
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(c[i] == '\n');
                    i += 1;
                }
            }
        } else if ch == '"' {
            skip_quoted(&mut i, &mut line, 0, false);
        } else if ch == '\'' {
            if at(i + 1) == '\\' {
                // '\n', '\'', '\u{..}': past the escaped character, to the closing quote.
                i += 3;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1; // a lifetime: its name is lexed as an identifier
            }
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            let raw = matches!(word.as_str(), "r" | "br" | "cr");
            let mut hashes = 0;
            while raw && at(i + hashes) == '#' {
                hashes += 1;
            }
            if raw && at(i + hashes) == '"' {
                i += hashes;
                skip_quoted(&mut i, &mut line, hashes, true);
            } else if matches!(word.as_str(), "b" | "c") && at(i) == '"' {
                skip_quoted(&mut i, &mut line, 0, false);
            } else if word == "r" && hashes == 1 {
                i += 1; // a raw identifier, `r#type`: lexed next
            } else {
                out.push((Tok::Ident(word), line));
            }
        } else if ch.is_ascii_digit() {
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
        } else if ch == ':' && at(i + 1) == ':' {
            out.push((Tok::PathSep, line));
            i += 2;
        } else {
            out.push((
                match ch {
                    '{' => Tok::Open,
                    '}' => Tok::Close,
                    _ => Tok::Punct(ch),
                },
                line,
            ));
            i += 1;
        }
    }
    out
}

// ------------------------------------------------------------------- paths

/// Every path of a file that names something of the library, made absolute.
/// `module` is the file's module path; inline modules (`mod tests { … }`)
/// are tracked, so `super::` inside one is the file's own module.
pub fn imports(text: &str, module: &[String], bin: bool) -> Vec<Import> {
    let toks = lex(text);
    let ident = |i: usize| match toks.get(i) {
        Some((Tok::Ident(s), _)) => Some(s.as_str()),
        _ => None,
    };
    let is = |i: usize, t: &Tok| toks.get(i).is_some_and(|(x, _)| x == t);
    let mut here = module.to_vec();
    // Brace depth, and the depths at which inline modules were opened.
    let (mut depth, mut inline, mut pending) = (0usize, Vec::new(), None);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Open => {
                depth += 1;
                if let Some(name) = pending.take() {
                    here.push(name);
                    inline.push(depth);
                }
            }
            Tok::Close => {
                if inline.last() == Some(&depth) {
                    inline.pop();
                    here.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Tok::Ident(w) if w == "mod" && ident(i + 1).is_some() && is(i + 2, &Tok::Open) => {
                pending = ident(i + 1).map(str::to_string);
            }
            Tok::Ident(w)
                if w == "use"
                    && (ident(i + 1).is_some()
                        || is(i + 1, &Tok::PathSep)
                        || is(i + 1, &Tok::Open)) =>
            {
                i += 1;
                let mut leaves = Vec::new();
                use_tree(&toks, &mut i, Vec::new(), &mut leaves);
                for (raw, line) in leaves {
                    if let Some(path) = absolute(&raw, &here, bin) {
                        out.push(Import { line, path });
                    }
                }
                continue;
            }
            Tok::Ident(w)
                if is(i + 1, &Tok::PathSep)
                    && i.checked_sub(1)
                        .is_none_or(|p| !is(p, &Tok::PathSep) && ident(p) != Some("in")) =>
            {
                let line = toks[i].1;
                let mut raw = vec![w.clone()];
                let mut j = i + 1;
                while is(j, &Tok::PathSep) && ident(j + 1).is_some() {
                    raw.extend(ident(j + 1).map(str::to_string));
                    j += 2;
                }
                if let Some(path) = absolute(&raw, &here, bin) {
                    out.push(Import { line, path });
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The leaves of a use tree, each as the written path and its line: `use
/// a::{b, c::{self, D as E}, *}` gives `a::b`, `a::c`, `a::c::D`, `a`.
fn use_tree(
    toks: &[(Tok, usize)],
    i: &mut usize,
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, usize)>,
) {
    let mut prefix = prefix;
    while let Some((tok, line)) = toks.get(*i) {
        *i += 1;
        match tok {
            Tok::PathSep => {}
            Tok::Punct('*') => return out.push((prefix, *line)),
            Tok::Open => {
                while let Some((tok, _)) = toks.get(*i) {
                    match tok {
                        Tok::Close => {
                            *i += 1;
                            break;
                        }
                        Tok::Punct(',') => *i += 1,
                        _ => use_tree(toks, i, prefix.clone(), out),
                    }
                }
                return;
            }
            Tok::Ident(name) => {
                if matches!(toks.get(*i), Some((Tok::PathSep, _))) {
                    prefix.push(name.clone());
                    continue;
                }
                // `self` in a group is the module the group is in.
                if name != "self" || prefix.is_empty() {
                    prefix.push(name.clone());
                }
                if matches!(toks.get(*i), Some((Tok::Ident(a), _)) if a == "as") {
                    *i += 2;
                }
                return out.push((prefix, *line));
            }
            _ => return,
        }
    }
}

/// A written path made absolute in the library, or `None` when it names
/// something else (std, another crate, a relative path, the binary itself).
fn absolute(raw: &[String], here: &[String], bin: bool) -> Option<Vec<String>> {
    let (first, rest) = raw.split_first()?;
    let mut path = match first.as_str() {
        "crate" if !bin => Vec::new(),
        LIBRARY if bin => Vec::new(),
        "self" if !bin => here.to_vec(),
        "super" if !bin => {
            let supers = raw.iter().take_while(|s| *s == "super").count();
            let keep = here.len().checked_sub(supers)?;
            let mut path = here[..keep].to_vec();
            path.extend(raw[supers..].iter().cloned());
            return Some(path);
        }
        _ => return None,
    };
    path.extend(rest.iter().cloned());
    Some(path)
}

/// The file defining the longest prefix of `path` that is a module with a
/// file of its own (`lib.rs` for the empty prefix).
pub fn defining_file<'a>(
    path: &[String],
    files: &'a BTreeMap<Vec<String>, usize>,
) -> Option<&'a usize> {
    (0..=path.len()).rev().find_map(|k| files.get(&path[..k]))
}

fn strings(p: &[&str]) -> Vec<String> {
    p.iter().map(|s| s.to_string()).collect()
}

#[test]
fn use_trees_inline_modules_comments_and_strings_are_read_as_rust_does() {
    let text = "use super::{x::Y, self as z};\n\
                // crate::c::in_a_comment\n\
                mod tests {\n    use super::*;\n    const S: &str = \"crate::c::s\";\n}\n\
                fn f<'a>() { let _ = r#\"crate::c::raw\"#; crate::c::g(); '{'; }\n\
                pub(in crate::a) fn h() {}\n\
                use std::fmt;\n";
    let found = imports(text, &strings(&["a", "b"]), false);
    let paths: Vec<(usize, String)> = found.iter().map(|i| (i.line, i.path.join("::"))).collect();
    assert_eq!(
        paths,
        [
            (1, "a::x::Y".into()),
            (1, "a".into()),
            (4, "a::b".into()),
            (7, "c::g".into())
        ],
        "{text}"
    );
    let bin = imports("use mdcontract::cli::{Cli, run};\nuse crate::x;", &[], true);
    let paths: Vec<String> = bin.iter().map(|i| i.path.join("::")).collect();
    assert_eq!(paths, ["cli::Cli", "cli::run"]);
}

#[test]
fn an_import_resolves_to_the_file_of_the_longest_module_path() {
    let files: BTreeMap<Vec<String>, usize> = [
        (vec![], 0),
        (strings(&["a"]), 1),
        (strings(&["a", "b"]), 2),
        (strings(&["c"]), 3),
    ]
    .into_iter()
    .collect();
    let at = |p: &[&str]| defining_file(&strings(p), &files).copied();
    assert_eq!(at(&["a", "b", "X"]), Some(2)); // an item of a/b.rs
    assert_eq!(at(&["a", "b"]), Some(2)); // the module a/b.rs itself
    assert_eq!(at(&["a", "b", "inline", "Y"]), Some(2)); // an inline module of a/b.rs
    assert_eq!(at(&["a", "Z"]), Some(1)); // an item of a/mod.rs
    assert_eq!(at(&["Root"]), Some(0)); // an item of lib.rs
}
