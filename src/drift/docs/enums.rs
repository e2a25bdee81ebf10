//! Enum members: what the pages list against the members the metadata
//! declares.
//!
//! Two kinds of listing:
//! - a `Member` table under a heading that names the enum (`### bodyType
//!   values`, `# managedAppAvailability enum type`), as on `enums.md` and
//!   the enum pages; the enum not being in the metadata is an item too;
//! - a "possible values" list in the description of a property whose
//!   declared type is an enum: `Possible values are: `low`, `high`.`, with
//!   or without backticks. A list whose parts are not single names is not
//!   read (prose, not a list); "possible values include" lists are read as
//!   examples, never as the complete set.
//!
//! A value no member has is reported once per enum and value; a member a
//! complete listing leaves out is reported once per enum and member, at the
//! first listing that leaves it out. Members match case-insensitively (the
//! docs' capitalisation of prose lists is not a claim about the wire), and
//! `unknownFutureValue`, the sentinel of Graph's evolvable enums that pages
//! routinely leave out, is never reported missing.

use std::collections::{BTreeMap, HashSet};

use super::names::{by_simple_name, page_namespace};
use super::sink::{Sink, page_at};
use crate::contract::Page;
use crate::drift::{Change, ItemKind, Location};
use crate::markdown::scan::{Table, scan};
use crate::schema::csdl::{Csdl, EnumType, TypeKind, eq_ignore_case};

/// The sentinel member of evolvable enums.
const SENTINEL: &str = "unknownfuturevalue";

/// One place that lists an enum's values.
struct Listing {
    values: Vec<String>,
    at: Location,
    /// What lists them, in words: "the `bodyType values` table".
    what: String,
    /// False for "possible values include …".
    complete: bool,
}

pub(super) fn compare(pages: &[&Page], sink: &mut Sink<'_>) {
    let csdl = sink.file.csdl.clone();
    let csdl: &Csdl = &csdl;
    // Qualified enum name → listings, in page order.
    let mut listings: BTreeMap<&str, Vec<Listing>> = BTreeMap::new();
    let mut missing: HashSet<String> = HashSet::new();
    for page in pages {
        let ns = page_namespace(page).unwrap_or("microsoft.graph");
        for (name, listing) in tables(page) {
            // The heading names an enum type, or a property of the page's
            // resource (`### ageGroup values`) whose declared type is the
            // enum listed, or a string whose values the table lists.
            let target = match enum_named(csdl, &name, ns) {
                Some(e) => Some(e),
                None => match property_enum(csdl, page, &name) {
                    Some(declared) => declared,
                    None if missing.insert(name.to_lowercase()) => {
                        let is_other_type = csdl
                            .types_with_simple_name(&name)
                            .iter()
                            .any(|q| csdl.type_kind(q) != Some(TypeKind::Enum));
                        if !is_other_type {
                            sink.push(
                                ItemKind::EnumType,
                                Change::Removed,
                                name.as_str(),
                                name.as_str(),
                                format!("documented ({}), not in the metadata", listing.what),
                                Some(listing.at.clone()),
                                None,
                            );
                        }
                        None
                    }
                    None => None,
                },
            };
            if let Some(e) = target {
                listings.entry(&e.qualified_name).or_default().push(listing);
            }
        }
        for (name, listing) in prose(csdl, page) {
            listings.entry(name).or_default().push(listing);
        }
    }
    for (name, list) in listings {
        if let Some(e) = csdl.enum_type(name) {
            members(e, &list, sink);
        }
    }
}

/// When `name` is a property of a resource of the page: the enum type the
/// metadata declares for it, or `None` when it is not an enum (a string
/// whose values the page lists).
fn property_enum<'c>(csdl: &'c Csdl, page: &Page, name: &str) -> Option<Option<&'c EnumType>> {
    let mut found = false;
    for r in &page.resources {
        if r.properties.iter().any(|p| eq_ignore_case(&p.name, name)) {
            found = true;
        }
        let owner = r.odata_type.trim().trim_start_matches('#');
        let declared = csdl
            .all_properties(owner)
            .into_iter()
            .find(|p| eq_ignore_case(&p.name, name));
        if let Some(p) = declared {
            return Some(csdl.enum_type(&p.type_ref.name));
        }
    }
    found.then_some(None)
}

/// An enum type by the name a heading gives it.
fn enum_named<'c>(csdl: &'c Csdl, name: &str, ns: &str) -> Option<&'c EnumType> {
    if name.contains('.') {
        return csdl.enum_type(name);
    }
    let find = |name: &str| {
        csdl.enum_type(&format!("{ns}.{name}")).or_else(|| {
            let q = by_simple_name_of_kind(csdl, name, ns, TypeKind::Enum)?;
            csdl.enum_type(q)
        })
    };
    // `riskEventTypes values` for the enum `riskEventType`.
    find(name).or_else(|| name.strip_suffix('s').and_then(find))
}

fn by_simple_name_of_kind<'c>(
    csdl: &'c Csdl,
    name: &str,
    ns: &str,
    kind: TypeKind,
) -> Option<&'c str> {
    let q = by_simple_name(csdl, name, ns)?;
    if csdl.type_kind(q) == Some(kind) {
        return Some(q);
    }
    csdl.types_with_simple_name(name)
        .into_iter()
        .find(|q| csdl.type_kind(q) == Some(kind))
}

/// Listings that disagree in more than this many values are one item each,
/// naming the values, rather than one item per value: a table of a newer
/// version of an enum is one drift, not hundreds.
const LISTED: usize = 3;

/// The values listed against every member, and the members every complete
/// listing should name.
fn members(e: &EnumType, list: &[Listing], sink: &mut Sink<'_>) {
    let name = &e.qualified_name;
    // Values no member has, by the first listing that lists them.
    let mut said: HashSet<String> = HashSet::new();
    let mut unknown: Vec<Vec<&str>> = vec![Vec::new(); list.len()];
    for (i, l) in list.iter().enumerate() {
        for v in &l.values {
            if !e.members.iter().any(|m| eq_ignore_case(&m.name, v))
                && said.insert(v.to_lowercase())
            {
                unknown[i].push(v);
            }
        }
    }
    // Members left out, by the first complete listing that leaves them out.
    let mut left_out: Vec<Vec<(&str, usize, usize)>> = vec![Vec::new(); list.len()];
    for m in &e.members {
        if m.name.eq_ignore_ascii_case(SENTINEL) {
            continue;
        }
        let lacking: Vec<usize> = (0..list.len())
            .filter(|&i| {
                list[i].complete && !list[i].values.iter().any(|v| eq_ignore_case(v, &m.name))
            })
            .collect();
        if let Some(&first) = lacking.first() {
            left_out[first].push((&m.name, m.line, lacking.len() - 1));
        }
    }
    for (i, l) in list.iter().enumerate() {
        let values = &unknown[i];
        if values.len() > LISTED {
            sink.push(
                ItemKind::EnumMember,
                Change::Removed,
                name.as_str(),
                name.as_str(),
                format!(
                    "{} values listed by {} are not members in the metadata: {}",
                    values.len(),
                    l.what,
                    sample(values)
                ),
                Some(l.at.clone()),
                Some(e.line),
            );
        } else {
            for v in values {
                let others = list
                    .iter()
                    .filter(|o| o.values.iter().any(|w| eq_ignore_case(w, v)))
                    .count()
                    - 1;
                sink.push(
                    ItemKind::EnumMember,
                    Change::Removed,
                    name.as_str(),
                    format!("{name}/{v}"),
                    format!(
                        "listed by {}{}, not a member in the metadata",
                        l.what,
                        more(others)
                    ),
                    Some(l.at.clone()),
                    Some(e.line),
                );
            }
        }
        let members = &left_out[i];
        if members.len() > LISTED {
            let names: Vec<&str> = members.iter().map(|(m, _, _)| *m).collect();
            sink.push(
                ItemKind::EnumMember,
                Change::Added,
                name.as_str(),
                name.as_str(),
                format!(
                    "{} members in the metadata are missing from {}: {}",
                    names.len(),
                    l.what,
                    sample(&names)
                ),
                Some(l.at.clone()),
                Some(e.line),
            );
        } else {
            for (m, line, others) in members {
                sink.push(
                    ItemKind::EnumMember,
                    Change::Added,
                    name.as_str(),
                    format!("{name}/{m}"),
                    format!(
                        "a member in the metadata, missing from {}{}",
                        l.what,
                        more(*others)
                    ),
                    Some(l.at.clone()),
                    Some(*line),
                );
            }
        }
    }
}

/// `a, b, c, d, e, … (12 more)`.
fn sample(names: &[&str]) -> String {
    const SHOWN: usize = 5;
    let head = names
        .iter()
        .take(SHOWN)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        format!("{head}, … ({} more)", names.len() - SHOWN)
    } else {
        head
    }
}

/// ` (and 2 more listings)`.
fn more(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => " (and 1 more listing)".to_string(),
        n => format!(" (and {n} more listings)"),
    }
}

/// The page's `Member` tables, each with the enum name its heading gives.
fn tables(page: &Page) -> Vec<(String, Listing)> {
    let text = &page.source.text;
    // Only pages that have such a table are scanned again.
    if !text.contains("Member") && !text.contains("member") {
        return Vec::new();
    }
    let s = scan(text);
    let mut out = Vec::new();
    for t in &s.tables {
        if !is_member_table(t) {
            continue;
        }
        let Some((name, heading)) = t
            .trail
            .iter()
            .rev()
            .filter_map(|&h| s.headings.get(h))
            .find_map(|h| enum_heading(&h.text).map(|n| (n, h.text.trim().to_string())))
        else {
            continue;
        };
        let values: Vec<String> = t
            .rows
            .iter()
            .filter_map(|r| r.cells.first())
            .filter_map(|c| member_name(&c.text))
            .collect();
        if values.is_empty() {
            continue;
        }
        let line = page.source.line_col(t.span.start).line;
        out.push((
            name,
            Listing {
                values,
                at: page_at(page, line),
                what: format!("the `{heading}` table"),
                complete: true,
            },
        ));
    }
    out
}

fn is_member_table(t: &Table) -> bool {
    t.header.first().is_some_and(|c| {
        c.text
            .trim()
            .trim_matches('*')
            .eq_ignore_ascii_case("member")
    })
}

/// The enum a heading names: `bodyType values`, `managedAppAvailability
/// enum type`, `` `x` enum``.
fn enum_heading(text: &str) -> Option<String> {
    let t = text.trim().replace('`', "");
    let lower = t.to_ascii_lowercase();
    let name = [" values", " enum type", " enumeration", " enum"]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix).map(|n| &t[..n.len()]))?
        .trim();
    let generic = ["enum", "possible", "member", "members", "property"];
    (is_identifier(name) && !generic.contains(&name.to_ascii_lowercase().as_str()))
        .then(|| name.to_string())
}

/// The member a table cell names: `` `red` ``, `**red**`, `red`.
fn member_name(cell: &str) -> Option<String> {
    let t = cell.trim().trim_matches(['`', '*', '_', ' ', '"']);
    is_identifier(t).then(|| t.to_string())
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// The "possible values" lists of the page's property rows whose declared
/// type is an enum.
fn prose<'c>(csdl: &'c Csdl, page: &Page) -> Vec<(&'c str, Listing)> {
    let mut out = Vec::new();
    for r in &page.resources {
        let owner = r.odata_type.trim().trim_start_matches('#');
        let Some(ty) = csdl.structured(owner) else {
            continue;
        };
        for row in &r.properties {
            let Some((values, complete)) = possible_values(&row.description) else {
                continue;
            };
            let declared = csdl
                .all_properties(&ty.qualified_name)
                .into_iter()
                .find(|p| p.name == row.name)
                .map(|p| p.type_ref.name.as_str());
            let Some(e) = declared.and_then(|d| csdl.enum_type(d)) else {
                continue;
            };
            out.push((
                e.qualified_name.as_str(),
                Listing {
                    values,
                    at: page_at(page, row.line),
                    what: format!(
                        "the possible values of `{}/{}`",
                        ty.qualified_name, row.name
                    ),
                    complete,
                },
            ));
        }
    }
    out
}

/// The values a description lists after "possible values", and whether the
/// list claims to be complete. `None` when there is no list, or when it is
/// prose rather than a list of names.
fn possible_values(description: &str) -> Option<(Vec<String>, bool)> {
    let lower = description.to_ascii_lowercase();
    let at = lower.find("possible values")?;
    let mut rest = &description[at + "possible values".len()..];
    let mut complete = true;
    loop {
        let t = rest.trim_start();
        let l = t.to_ascii_lowercase();
        if let Some(r) = t.strip_prefix(':') {
            rest = r;
            break;
        } else if l.starts_with("are") || l.starts_with("is ") {
            rest = &t[if l.starts_with("are") { 3 } else { 2 }..];
        } else if l.starts_with("include") {
            complete = false;
            rest = &t["include".len()..];
        } else {
            rest = t;
            break;
        }
    }
    let end = sentence_end(rest);
    let segment = &rest[..end];
    let values: Vec<String> = if segment.contains('`') {
        segment
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::trim)
            .filter(|v| is_identifier(v))
            .map(str::to_string)
            .collect()
    } else {
        let mut out = Vec::new();
        for part in segment.split([',', ';']) {
            for piece in part.split(" or ").flat_map(|p| p.split(" and ")) {
                let p = piece.trim();
                let p = p
                    .strip_prefix("and ")
                    .or_else(|| p.strip_prefix("or "))
                    .unwrap_or(p);
                // `low (the default)`: the name before the parenthesis.
                let p = match p.find('(') {
                    Some(i) if p.ends_with(')') => p[..i].trim(),
                    _ => p,
                };
                let p = p.trim_matches(['"', '\'', '*', '_', ' ']);
                if p.is_empty() {
                    continue;
                }
                if !is_identifier(p) {
                    return None;
                }
                out.push(p.to_string());
            }
        }
        out
    };
    let values: Vec<String> = values
        .into_iter()
        .filter(|v| !matches!(v.to_ascii_lowercase().as_str(), "null" | "true" | "false"))
        .collect();
    (values.len() >= 2).then_some((values, complete))
}

/// Where the sentence starting `text` ends: a `.` followed by a space or
/// the end, outside backticks.
fn sentence_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut in_code = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'`' => in_code = !in_code,
            b'.' if !in_code && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()) => {
                return i;
            }
            _ => {}
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(d: &str) -> Option<(Vec<String>, bool)> {
        possible_values(d)
    }

    #[test]
    fn possible_values_lists_are_read_with_or_without_backticks() {
        assert_eq!(
            values("The finish. The possible values are: `red`, `green`, `blue`. Read-only."),
            Some((vec!["red".into(), "green".into(), "blue".into()], true))
        );
        assert_eq!(
            values("Possible values are: low, normal, and high."),
            Some((vec!["low".into(), "normal".into(), "high".into()], true))
        );
        assert_eq!(
            values("Possible values include `a`, `b`, or `null`."),
            Some((vec!["a".into(), "b".into()], false))
        );
        assert_eq!(
            values("Possible values are described in the table below."),
            None
        );
        assert_eq!(values("No list here."), None);
    }

    #[test]
    fn headings_name_enums() {
        assert_eq!(enum_heading("bodyType values").as_deref(), Some("bodyType"));
        assert_eq!(
            enum_heading("managedAppAvailability enum type").as_deref(),
            Some("managedAppAvailability")
        );
        assert_eq!(enum_heading("`status` values").as_deref(), Some("status"));
        assert_eq!(enum_heading("Enum values"), None);
        assert_eq!(enum_heading("Members"), None);
    }
}
