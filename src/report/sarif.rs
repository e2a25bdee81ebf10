//! SARIF 2.1.0, the format GitHub code scanning reads: each finding becomes
//! an alert on its markdown line in the pull request.
//!
//! One run, one rule per code of the catalogue (so `ruleIndex` is the code's
//! position in [`Code::ALL`] and stays valid whatever the findings are), one
//! result per finding. Paths are written relative to `%SRCROOT%`, which
//! GitHub resolves to the repository checkout, so `check` should be given
//! paths relative to the repository root. A test validates the output against
//! the OASIS schema.

use serde_json::{Map, Value, json};

use crate::outcome::{Code, Finding, Severity};
use crate::source::{LineCol, SourceFile, Span};

/// The `$schema` written into every log: the OASIS schema of SARIF 2.1.0
/// with Errata 01, the schema the tests validate against.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base that relative artifact URIs are resolved against. GitHub's upload
/// action binds it to the checkout directory.
pub const SRCROOT: &str = "%SRCROOT%";

/// The key of our entry in `partialFingerprints`. The `/v1` is bumped if the
/// hashed fields ever change, so GitHub sees new results rather than
/// mismatched old ones.
pub const FINGERPRINT_KEY: &str = "mdcontract/v1";

/// The SARIF log of `findings`.
///
/// `tool_version` goes into `tool.driver.version` (pass
/// `env!("CARGO_PKG_VERSION")`). `sources` finds the text of the page a
/// finding names by its `file`; with it each region gets its end
/// (`endLine`, `endColumn`), without it (`&report::sources::none`) a region is
/// its start only, which SARIF reads as "to the end of the start line".
/// [`report::sources::by_file`](crate::report::sources::by_file) makes the
/// lookup from extracted pages.
///
/// Columns count Unicode code points, like every column mdcontract prints;
/// the run says so with `columnKind`.
///
/// ```
/// use std::sync::Arc;
/// use mdcontract::{contract::extract_page, report::{sarif, sources}, source::SourceFile};
///
/// let text = "<!-- { \"blockType\": \"request\", \"name\": \"get_me\" } -->\n\
///             ```http\nGET https://graph.microsoft.com/v1.0/me\n```\n";
/// let pages = [extract_page(Arc::new(SourceFile::from_text("docs/me.md", text)))];
/// let log = sarif::sarif(&pages[0].findings, "0.1.0", &sources::by_file(&pages));
/// let result = &log["runs"][0]["results"][0];
/// assert_eq!(result["ruleId"], "MC3001");
/// assert_eq!(result["level"], "warning"); // the request has no response
/// assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
/// ```
pub fn sarif<'s>(
    findings: &[Finding],
    tool_version: &str,
    sources: &dyn Fn(&str) -> Option<&'s SourceFile>,
) -> Value {
    sarif_with_ends(findings, tool_version, &|f| {
        sources(&f.file).map(|src| region_end(src, f.span, f.location))
    })
}

/// [`sarif`] for a caller that holds no page text but knows where its
/// findings' regions end: `end` gives the end of a finding's region (as
/// [`region_end`] works it out from the page), or `None` for a region that
/// is its start only.
pub fn sarif_with_ends(
    findings: &[Finding],
    tool_version: &str,
    end: &dyn Fn(&Finding) -> Option<LineCol>,
) -> Value {
    let mut fingerprints = Fingerprints::default();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| result(f, end(f), fingerprints.next(f)))
        .collect();
    let mut driver = Map::new();
    driver.insert("name".into(), json!("mdcontract"));
    if let Some(uri) = information_uri() {
        driver.insert("informationUri".into(), json!(uri));
    }
    driver.insert("version".into(), json!(tool_version));
    driver.insert(
        "rules".into(),
        Value::Array(Code::ALL.iter().map(|&c| rule(c)).collect()),
    );
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "originalUriBaseIds": {
                SRCROOT: { "description": { "text": "The directory mdcontract was run in." } }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// The crate's repository (or homepage) from its manifest, if it names one.
/// SARIF requires the value to be an absolute URI, so an empty field is left
/// out rather than written as `""`.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")]
        .into_iter()
        .find(|u| !u.is_empty())
}

/// The rule of `code`. Help is given as text only: it uses backticks, and a
/// help line that quotes a fence (```` ```http ````) would render as a broken
/// code span if it were offered as markdown.
fn rule(code: Code) -> Value {
    json!({
        "id": code.id(),
        "name": pascal_case(code.title()),
        "shortDescription": { "text": code.title() },
        "fullDescription": { "text": code.help() },
        "help": { "text": code.help() },
        "defaultConfiguration": { "level": level(code.default_severity()) },
    })
}

/// The SARIF level of a severity. Spelled out rather than reusing
/// `Severity::as_str`, so a new severity cannot silently produce a level
/// SARIF does not have.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn result(f: &Finding, end: Option<LineCol>, fingerprint: String) -> Value {
    let rule_index = Code::ALL
        .iter()
        .position(|&c| c == f.code)
        .expect("every code is in Code::ALL");
    let (uri, relative) = artifact_uri(&f.file);
    let mut artifact = Map::new();
    artifact.insert("uri".into(), json!(uri));
    if relative {
        artifact.insert("uriBaseId".into(), json!(SRCROOT));
    }
    let mut out = json!({
        "ruleId": f.code.id(),
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": region(f, end),
            }
        }],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
    });
    if let Some(example) = &f.example {
        out["properties"] = json!({ "example": example });
    }
    out
}

/// The finding's span as a text region, its end when known ([`region_end`]:
/// the column *after* the last character, as SARIF wants; a span that ends
/// with a line break ends on the line it breaks, not at column 1 of the next
/// one).
fn region(f: &Finding, end: Option<LineCol>) -> Value {
    let start = f.location;
    let mut region = json!({ "startLine": start.line, "startColumn": start.col });
    if let Some(end) = end {
        region["endLine"] = json!(end.line);
        region["endColumn"] = json!(end.col);
    }
    region
}

/// Where a region of `span` on `src` that starts at `start` ends: the
/// column after its last character, trailing line breaks dropped, never
/// before `start`.
pub(crate) fn region_end(src: &SourceFile, span: Span, start: LineCol) -> LineCol {
    src.line_col(span_end(src, span.start, span.end)).max(start)
}

/// The end offset of `start..end` with trailing line breaks dropped, clamped
/// to the text and never before `start`.
fn span_end(src: &SourceFile, start: usize, end: usize) -> usize {
    let len = src.text.len();
    let start = start.min(len);
    let end = end.clamp(start, len);
    let bytes = src.text.as_bytes();
    let mut e = end;
    while e > start && matches!(bytes[e - 1], b'\n' | b'\r') {
        e -= 1;
    }
    e
}

/// The artifact URI of a path as the user named it, and whether it is
/// relative (to be resolved against `%SRCROOT%`).
///
/// Backslashes become slashes and leading `./` is dropped, so the same page
/// gets the same URI on every platform; every byte outside the unreserved set
/// and `/` is percent-encoded (a space is `%20`, `é` is `%C3%A9`, and a colon
/// in a relative path cannot be mistaken for a scheme). Absolute paths become
/// `file:` URIs.
pub fn artifact_uri(path: &str) -> (String, bool) {
    let path = path.replace('\\', "/");
    let bytes = path.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if drive {
        return (
            format!("file:///{}:{}", &path[..1], encode_path(&path[2..])),
            false,
        );
    }
    if let Some(rest) = path.strip_prefix("//") {
        // A UNC path `\\server\share\x`: the server is the URI's authority.
        return (format!("file://{}", encode_path(rest)), false);
    }
    if path.starts_with('/') {
        return (format!("file://{}", encode_path(&path)), false);
    }
    let mut rel = path.as_str();
    while let Some(rest) = rel.strip_prefix("./") {
        rel = rest;
    }
    (encode_path(rel), true)
}

fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `annotation is not strict JSON` → `AnnotationIsNotStrictJson`: each word
/// capitalised, acronyms (`JSON`, `HTML`, `UTF`) as ordinary words,
/// camel-cased words (`blockType`) kept, punctuation dropped.
fn pascal_case(title: &str) -> String {
    let mut out = String::new();
    for word in title.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        let Some(first) = chars.next() else { continue };
        out.push(first.to_ascii_uppercase());
        let rest = chars.as_str();
        let acronym = word.len() > 1 && !word.chars().any(|c| c.is_ascii_lowercase());
        if acronym {
            out.push_str(&rest.to_ascii_lowercase());
        } else {
            out.push_str(rest);
        }
    }
    out
}

/// Stable fingerprints: FNV-1a 64 of code, file URI and the example id (or,
/// for a finding outside any example, its message), plus the finding's
/// occurrence number among findings with the same hash.
///
/// Neither line nor column goes in, so a result keeps its fingerprint when
/// text above it moves; the occurrence number tells apart two findings of
/// one code in one example. FNV-1a is written here rather than taken from
/// `std`'s `DefaultHasher`, whose output may change between Rust releases.
#[derive(Default)]
struct Fingerprints {
    seen: std::collections::HashMap<u64, usize>,
}

impl Fingerprints {
    fn next(&mut self, f: &Finding) -> String {
        let (uri, _) = artifact_uri(&f.file);
        let what = f.example.as_deref().unwrap_or(&f.message);
        let hash = fnv1a64(&[f.code.id(), &uri, what]);
        let n = self.seen.entry(hash).or_insert(0);
        *n += 1;
        format!("{hash:016x}:{n}")
    }
}

/// FNV-1a 64 over the fields, each followed by a 0x1F separator so that
/// `("ab", "c")` and `("a", "bc")` differ.
fn fnv1a64(fields: &[&str]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    for field in fields {
        for &b in field.as_bytes().iter().chain(&[0x1f]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn finding_at(src: &SourceFile, needle: &str, code: Code) -> Finding {
        let at = src.text.find(needle).expect("needle is in the text");
        Finding::new(code, src, Span::new(at, at + needle.len()), "msg")
    }

    #[test]
    fn fnv1a64_matches_the_reference_values() {
        // Reference values of FNV-1a 64 for "" and "a", without our separator.
        fn plain(s: &str) -> u64 {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for &b in s.as_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x100_0000_01b3);
            }
            h
        }
        assert_eq!(plain(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(plain("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(plain("foobar"), 0x8594_4171_f739_67e8);
        assert_ne!(fnv1a64(&["ab", "c"]), fnv1a64(&["a", "bc"]));
    }

    #[test]
    fn fingerprints_ignore_position_and_count_repeats() {
        let a = SourceFile::from_text("p.md", "x\n{\"a\": 1,}\n");
        let b = SourceFile::from_text("p.md", "moved\ndown\nx\n{\"a\": 1,}\n");
        let fa = finding_at(&a, ",}", Code::BodyNotStrictJson).with_example("p#e");
        let fb = finding_at(&b, ",}", Code::BodyNotStrictJson).with_example("p#e");
        let mut fp = Fingerprints::default();
        let first = fp.next(&fa);
        assert!(first.ends_with(":1"), "{first}");
        assert_eq!(fp.next(&fb), first.replace(":1", ":2"));
        assert_eq!(Fingerprints::default().next(&fb), first);
        let other = fa.clone().with_example("p#f");
        assert_ne!(Fingerprints::default().next(&other), first);
    }

    #[test]
    fn uris_are_relative_slashed_and_percent_encoded() {
        assert_eq!(
            artifact_uri("specs/v1.0/api/user get.md"),
            ("specs/v1.0/api/user%20get.md".to_string(), true)
        );
        assert_eq!(
            artifact_uri(".\\docs\\é#1.md"),
            ("docs/%C3%A9%231.md".to_string(), true)
        );
        assert_eq!(artifact_uri("a:b.md"), ("a%3Ab.md".to_string(), true));
        assert_eq!(
            artifact_uri("/home/u/x y.md"),
            ("file:///home/u/x%20y.md".to_string(), false)
        );
        assert_eq!(
            artifact_uri("C:\\docs\\x.md"),
            ("file:///C:/docs/x.md".to_string(), false)
        );
        assert_eq!(
            artifact_uri("\\\\server\\share\\x.md"),
            ("file://server/share/x.md".to_string(), false)
        );
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(
            pascal_case("JSON body is not strict JSON"),
            "JsonBodyIsNotStrictJson"
        );
        assert_eq!(pascal_case("file is not valid UTF-8"), "FileIsNotValidUtf8");
        assert_eq!(pascal_case("unknown blockType"), "UnknownBlockType");
        assert_eq!(
            pascal_case("resource block has no @odata.type"),
            "ResourceBlockHasNoOdataType"
        );
        for &c in Code::ALL {
            let name = pascal_case(c.title());
            assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "{name}");
        }
    }

    /// The region of `f` as [`sarif`] makes it with `src` as its page.
    fn region_on(f: &Finding, src: Option<&SourceFile>) -> Value {
        region(f, src.map(|s| region_end(s, f.span, f.location)))
    }

    #[test]
    fn region_ends_after_the_last_character_and_before_a_line_break() {
        let src = SourceFile::from_text("p.md", "ab\n  é{x}\nnext\n");
        let f = finding_at(&src, "é{x}\n", Code::BodyNotStrictJson);
        let r = region_on(&f, Some(&src));
        assert_eq!(
            r,
            json!({"startLine": 2, "startColumn": 3, "endLine": 2, "endColumn": 7})
        );
        assert_eq!(
            region_on(&f, None),
            json!({"startLine": 2, "startColumn": 3})
        );
    }

    #[test]
    fn empty_span_is_an_insertion_point() {
        let src = SourceFile::from_text("p.md", "ab\ncd\n");
        let f = Finding::new(Code::UnknownBlockType, &src, Span::at(4), "m");
        assert_eq!(
            region_on(&f, Some(&src)),
            json!({"startLine": 2, "startColumn": 2, "endLine": 2, "endColumn": 2})
        );
    }

    #[test]
    fn result_level_is_the_findings_severity_not_the_default() {
        let src = SourceFile::from_text("p.md", "x\n");
        let mut f = finding_at(&src, "x", Code::BodyNotStrictJson);
        f.severity = Severity::Error;
        let log = sarif(&[f], "1.2.3", &super::super::sources::none);
        let run = &log["runs"][0];
        assert_eq!(run["results"][0]["level"], "error");
        let idx = run["results"][0]["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(run["tool"]["driver"]["rules"][idx]["id"], "MC2001");
        assert_eq!(
            run["tool"]["driver"]["rules"][idx]["defaultConfiguration"]["level"],
            "warning"
        );
        assert_eq!(run["tool"]["driver"]["version"], "1.2.3");
    }
}
