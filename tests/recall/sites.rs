//! Helpers of the mutators: picking an example, rewriting a status, the
//! body defects a member can carry, and Content-Length defects.

use super::*;

/// One example of `page` that `fits` (by index), picked at random.
pub(super) fn pick_example(
    page: &Page,
    rng: &mut Rng,
    fits: impl Fn(usize) -> bool,
) -> Option<usize> {
    let sites: Vec<usize> = (0..page.examples.len()).filter(|&i| fits(i)).collect();
    rng.pick(&sites).copied()
}

/// `text` with the status `code` of the status line `line` and the reason
/// after it replaced by `with`; and the code replaced, as written.
pub(super) fn restatus(
    text: &str,
    lines: &Lines,
    line: usize,
    code: u16,
    with: &str,
) -> Option<(String, String)> {
    let (ls, le) = lines.range(text, line);
    let code = code.to_string();
    let at = ls + text[ls..le].find(&format!(" {code}"))? + 1;
    Some((replace(text, at, le, with), code))
}

/// Whether member `m` can carry a defect of `kind`.
pub(super) fn body_site_fits(kind: Kind, m: &Member, types: &TypeSet) -> bool {
    let any_type_site = !m.owner_typed;
    match kind {
        Kind::InvalidJson => true,
        Kind::WrongJsonType => wrong_type(m).is_some(),
        Kind::UnknownProperty => !types.is_open(&m.owner),
        Kind::WrongEnum => enum_members(m, types).is_some() && m.json.is_string(),
        Kind::EnumCase => enum_members(m, types).is_some_and(|all| {
            m.json
                .as_str()
                .is_some_and(|v| all.iter().any(|a| a == v) && !v.contains(','))
        }),
        Kind::BadDateTime => primitive(m) == Some("Edm.DateTimeOffset") && m.json.is_string(),
        Kind::BadFormat => {
            bad_formats(m).is_some() && m.json.as_str().is_some_and(|v| !v.is_empty())
        }
        Kind::UnrelatedODataType | Kind::UnknownODataType => any_type_site,
        Kind::AbstractType => any_type_site && !abstract_candidates(types, &m.declared).is_empty(),
        _ => false,
    }
}

/// A value of another JSON type than member `m`'s, and what it is.
pub(super) fn wrong_type(m: &Member) -> Option<(&'static str, &'static str)> {
    let ty = m.ty.as_ref()?;
    if ty.collection {
        // A collection written as one value.
        return (ty.name.starts_with("Edm.") && m.json.is_array())
            .then_some(("\"zq\"", "a string for a collection"));
    }
    Some(match (primitive(m)?, &m.json) {
        ("Edm.String", Value::String(_)) => ("12345", "a number"),
        ("Edm.Boolean", Value::Bool(_)) => ("\"yes\"", "a string"),
        ("Edm.Int32" | "Edm.Int16" | "Edm.Byte", Value::Number(_)) => ("\"7\"", "a string"),
        ("Edm.Double" | "Edm.Single" | "Edm.Int64" | "Edm.Decimal", Value::Number(_)) => {
            ("true", "a boolean")
        }
        _ => return None,
    })
}

/// Malformed values for member `m`'s format, other than date-times.
pub(super) fn bad_formats(m: &Member) -> Option<&'static [&'static str]> {
    Some(match primitive(m)? {
        "Edm.Guid" => &[
            "not-a-guid",
            "{00000000-0000-0000-0000-000000000000}",
            "1234",
        ],
        "Edm.Duration" => &["1 hour", "01:00:00", "PT"],
        "Edm.Date" => &["07/09/2021", "2021-7-9", "9 July 2021"],
        "Edm.TimeOfDay" => &["1pm", "25:61", "13h45"],
        _ => return None,
    })
}

/// Abstract types an object declared as `declared` could claim to be: the
/// type itself or one derived from it.
pub(super) fn abstract_candidates<'t>(types: &'t TypeSet, declared: &str) -> Vec<&'t str> {
    let mut out: Vec<&str> = types
        .derived_types(declared)
        .iter()
        .filter(|t| t.is_abstract)
        .map(|t| t.name.as_str())
        .collect();
    if let Some(t) = types.get(declared).filter(|t| t.is_abstract) {
        out.push(t.name.as_str());
    }
    out.sort_unstable();
    out.dedup();
    out
}

pub(super) fn body_mutation(
    kind: Kind,
    text: &str,
    m: &Member,
    types: &TypeSet,
    rng: &mut Rng,
) -> Option<(String, String)> {
    let value = |with: &str| replace(text, m.value.0, m.value.1, with);
    let insert_type = |t: &str| {
        replace(
            text,
            m.key.0,
            m.key.0,
            &format!("\"@odata.type\": \"#{t}\", "),
        )
    };
    Some(match kind {
        Kind::InvalidJson => {
            if rng.below(2) == 0 {
                // `"name" = value`
                let colon = m.key.1 + text[m.key.1..].find(':')?;
                (
                    replace(text, colon, colon + 1, " ="),
                    format!("`:` after `{}` made `=`", m.name),
                )
            } else {
                // The key's opening quote dropped.
                (
                    replace(text, m.key.0, m.key.0 + 1, ""),
                    format!("opening quote of `{}` dropped", m.name),
                )
            }
        }
        Kind::WrongJsonType => {
            let (with, what) = wrong_type(m)?;
            (value(with), format!("`{}` made {what}", m.name))
        }
        Kind::UnknownProperty => {
            let renamed = format!("{}Zq", m.name);
            (
                replace(text, m.key.0, m.key.1, &format!("\"{renamed}\"")),
                format!("`{}` renamed `{renamed}`", m.name),
            )
        }
        Kind::WrongEnum => (
            value("\"zqNotAMember\""),
            format!("enum `{}` made `zqNotAMember`", m.name),
        ),
        Kind::EnumCase => {
            let v = m.json.as_str()?;
            let flipped: String = v
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 {
                        if c.is_ascii_uppercase() {
                            c.to_ascii_lowercase()
                        } else {
                            c.to_ascii_uppercase()
                        }
                    } else {
                        c
                    }
                })
                .collect();
            if flipped == v || enum_members(m, types)?.contains(&flipped) {
                return None;
            }
            (
                value(&format!("\"{flipped}\"")),
                format!("enum `{v}` made `{flipped}`"),
            )
        }
        Kind::BadFormat => {
            let bad = *rng.pick(bad_formats(m)?)?;
            (
                value(&format!("\"{bad}\"")),
                format!("`{}` made `{bad}`", m.name),
            )
        }
        Kind::BadDateTime => {
            let bad = *rng.pick(&[
                "07/09/2021 13:45:12",
                "9 July 2021",
                "2021-7-9T13:45Z",
                "yesterday",
            ])?;
            (
                value(&format!("\"{bad}\"")),
                format!("`{}` made `{bad}`", m.name),
            )
        }
        Kind::UnrelatedODataType => {
            let unrelated: Vec<&str> = types
                .structured_types()
                .filter(|t| {
                    !t.is_abstract
                        && !types.is_same_or_derived(&t.name, &m.declared)
                        && t.name.starts_with("microsoft.graph.")
                })
                .map(|t| t.name.as_str())
                .collect();
            let t = *rng.pick(&unrelated)?;
            (
                insert_type(t),
                format!("`@odata.type: #{t}` on a `{}`", m.declared),
            )
        }
        Kind::UnknownODataType => {
            let t = format!("microsoft.graph.zq{}", rng.below(1000));
            (
                insert_type(&t),
                format!("`@odata.type: #{t}` on a `{}`", m.declared),
            )
        }
        Kind::AbstractType => {
            let t = *rng.pick(&abstract_candidates(types, &m.declared))?;
            (
                insert_type(t),
                format!("`@odata.type: #{t}` on a `{}`", m.declared),
            )
        }
        _ => return None,
    })
}

/// A Content-Length that is wrong under both the LF and the CRLF count of
/// the body, on a request or response with a body: the header's value
/// changed, or a header line added after the start line.
pub(super) fn content_length(kind: Kind, original: &Original, rng: &mut Rng) -> Option<Mutant> {
    let (text, page, seen, lines) = (
        original.text.as_str(),
        &original.page,
        &original.seen,
        &original.lines,
    );
    let mut sites = Vec::new();
    for (i, ex) in page.examples.iter().enumerate() {
        if ex.request.message.body.text().is_some_and(|t| t.len > 0) {
            sites.push((i, true));
        }
        if ex.response.message.body.text().is_some_and(|t| t.len > 0) {
            sites.push((i, false));
        }
    }
    let &(i, request) = rng.pick(&sites)?;
    let ex = &page.examples[i];
    let (headers, body, map) = if request {
        (
            &ex.request.message.headers,
            &ex.request.message.body,
            &ex.request.map,
        )
    } else {
        (
            &ex.response.message.headers,
            &ex.response.message.body,
            &ex.response.map,
        )
    };
    let t = body.text()?;
    // The body's lengths, counted here from the page text: trailing line
    // breaks dropped, then LF and CRLF line endings.
    let raw = &text[map.to_source(t.offset)..map.to_source(t.offset + t.len)];
    let lf_text = raw.replace("\r\n", "\n");
    let lf_text = lf_text.trim_end_matches(['\n', '\r']);
    let lf = lf_text.len();
    let crlf = lf + lf_text.matches('\n').count();
    // A JSON body may also be counted written compactly (what a client
    // serialising it sends); a truncated response's header may describe
    // the whole body, so only a length below the compact part shown is
    // wrong there.
    let compact = if matches!(body, mdcontract::http::message::Body::Json { .. }) {
        mdcontract::http::message::compact_json_len(lf_text).min(lf)
    } else {
        lf
    };
    let truncated = !request && ex.response.truncated;
    let accepted = [lf, crlf, lf + 1, crlf + 2, compact];
    let wrong = if truncated {
        if compact == 0 {
            return None;
        }
        rng.below(compact)
    } else {
        loop {
            let w = if lf > 8 && rng.below(2) == 0 {
                lf - 1 - rng.below(lf / 2)
            } else {
                crlf + 3 + rng.below(200)
            };
            if !accepted.contains(&w) {
                break w;
            }
        }
    };
    let existing = headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("content-length"))
        .collect::<Vec<_>>();
    match existing.as_slice() {
        [h] => {
            let at = map.to_source(h.offset);
            let line = lines.line(at);
            if has_code_at(seen, kind.codes(), line) {
                return None;
            }
            let (_, le) = lines.range(text, line);
            let colon = at + text[at..le].find(':')?;
            let new = replace(text, colon + 1, le, &format!(" {wrong}"));
            let what = format!(
                "Content-Length {} made {wrong} (LF {lf}, CRLF {crlf})",
                h.value
            );
            Some(original.mutant(kind, line, new, None, what))
        }
        [] => {
            let (_, fs, _) = fence_line(page, i, request)?;
            let start_line = lines.line(fs) + 1;
            let (_, le) = lines.range(text, start_line);
            let eol = if text[le..].starts_with('\r') {
                "\r\n"
            } else {
                "\n"
            };
            let new = replace(text, le, le, &format!("{eol}Content-Length: {wrong}"));
            let what = format!(
                "Content-Length: {wrong} added to the {} (LF {lf}, CRLF {crlf})",
                if request { "request" } else { "response" }
            );
            let line = start_line + 1;
            Some(original.mutant(kind, line, new, Some((line, 1)), what))
        }
        _ => None,
    }
}
