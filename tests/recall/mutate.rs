//! The mutators: the mutants of one page, one per wanted kind.

use super::*;

/// The mutants of one page for the `wanted` kinds, at most one per kind.
pub fn mutate_page(
    ctx: &CheckContext,
    key: &str,
    text: String,
    wanted: &[Kind],
    rng: &mut Rng,
) -> Vec<Mutant> {
    let original = Original::new(ctx, key, Arc::new(text));
    let base = &original.text;
    let mut out = Vec::new();
    // CRLF pages, and pages with CRLF blocks among LF ones, are made from
    // LF pages; their baseline is checked separately.
    let variant = |wanted_kind: Kind, make: &dyn Fn() -> String| {
        (wanted.contains(&wanted_kind) && !base.contains('\r'))
            .then(|| Original::new(ctx, key, Arc::new(make())))
    };
    let crlf = variant(Kind::ContentLengthCrlf, &|| base.replace('\n', "\r\n"));
    let mixed = variant(Kind::ContentLengthMixed, &|| {
        crlf_every_other_example(base, &original.page)
    });
    for &kind in wanted {
        let m = match kind {
            Kind::ContentLengthCrlf => crlf.as_ref().and_then(|o| content_length(kind, o, rng)),
            Kind::ContentLengthMixed => mixed.as_ref().and_then(|o| content_length(kind, o, rng)),
            _ => mutate(kind, ctx, &original, rng),
        };
        out.extend(m);
    }
    out
}

/// A page mutants are made from: its text, as parsed, its own findings and
/// its line starts.
pub(super) struct Original<'k> {
    pub(super) key: &'k str,
    pub(super) text: Arc<String>,
    pub(super) page: Page,
    pub(super) seen: Arc<Seen>,
    pub(super) lines: Lines,
}

impl<'k> Original<'k> {
    pub(super) fn new(ctx: &CheckContext, key: &'k str, text: Arc<String>) -> Self {
        let (page, seen, _) = check_page(ctx, key, &text);
        let lines = Lines::new(&text);
        Original {
            key,
            text,
            page,
            seen: Arc::new(seen),
            lines,
        }
    }

    /// The first line of example `i`'s response body, unless the page has
    /// a finding of `kind` there already.
    pub(super) fn fresh_body_line(&self, kind: Kind, i: usize) -> Option<usize> {
        let rs = &self.page.examples[i].response;
        let t = rs.message.body.text()?;
        let line = self.lines.line(rs.map.to_source(t.offset));
        (!has_code_at(&self.seen, kind.codes(), line)).then_some(line)
    }

    /// The mutant `new` of this page, of `kind`, to be reported at `line`.
    pub(super) fn mutant(
        &self,
        kind: Kind,
        line: usize,
        new: String,
        inserted: Option<(usize, usize)>,
        what: String,
    ) -> Mutant {
        Mutant {
            kind,
            page: self.key.to_string(),
            base: self.text.clone(),
            base_seen: self.seen.clone(),
            text: new,
            line,
            inserted,
            what,
        }
    }
}

pub(super) fn mutate(
    kind: Kind,
    ctx: &CheckContext,
    original: &Original,
    rng: &mut Rng,
) -> Option<Mutant> {
    let key = original.key;
    let (text, page, seen, lines) = (
        original.text.as_str(),
        &original.page,
        &original.seen,
        &original.lines,
    );
    let mutant = |line: usize, new: String, inserted: Option<(usize, usize)>, what: String| {
        original.mutant(kind, line, new, inserted, what)
    };
    match kind {
        Kind::InvalidJson
        | Kind::WrongJsonType
        | Kind::UnknownProperty
        | Kind::WrongEnum
        | Kind::EnumCase
        | Kind::BadDateTime
        | Kind::BadFormat
        | Kind::UnrelatedODataType
        | Kind::UnknownODataType
        | Kind::AbstractType => {
            // Members of clean request and response bodies only: no body
            // finding at all within the body's lines.
            let mut sites: Vec<(usize, Member)> = Vec::new();
            for (i, ex) in page.examples.iter().enumerate() {
                let version = ex.version.as_deref();
                let Some(types) = ctx.schemas(version).map(|s| s.types()) else {
                    continue;
                };
                let clean = |body: &mdcontract::http::message::Body, map: &ContentMap| {
                    body.text().is_some_and(|t| {
                        let first = lines.line(map.to_source(t.offset));
                        let last = lines.line(map.to_source(t.offset + t.len));
                        !seen.iter().any(|(c, l)| {
                            (first..=last).contains(l)
                                && (c.id().starts_with("MC2") || c.id().starts_with("MC4"))
                        })
                    })
                };
                if clean(&ex.response.message.body, &ex.response.map) {
                    for m in response_members(page, ex, types, lines) {
                        sites.push((i, m));
                    }
                }
                if let Some(csdl) = ctx.csdl(version)
                    && clean(&ex.request.message.body, &ex.request.map)
                {
                    for m in request_members(page, ex, csdl, types, lines) {
                        sites.push((i, m));
                    }
                }
            }
            let fitting: Vec<&(usize, Member)> = sites
                .iter()
                .filter(|(i, m)| {
                    let types = ctx
                        .schemas(page.examples[*i].version.as_deref())
                        .map(|s| s.types());
                    types.is_some_and(|types| body_site_fits(kind, m, types))
                })
                .collect();
            let (i, m) = *rng.pick(&fitting)?;
            let types = ctx.schemas(page.examples[*i].version.as_deref())?.types();
            let (new, what) = body_mutation(kind, text, m, types, rng)?;
            Some(mutant(m.line, new, None, what))
        }
        Kind::ContentLengthLf => content_length(kind, original, rng),
        Kind::UnpairedRequest | Kind::UnpairedResponse | Kind::UnknownRequestName => {
            // Examples whose request and response are both annotated, the
            // request with a name: pairing is then by name, not by order.
            // Not on pages with a spare request or response already (a
            // second response to one request would answer it instead).
            if seen.iter().any(|(c, _)| c.id().starts_with("MC300")) {
                return None;
            }
            let i = pick_example(page, rng, |i| {
                let ex = &page.examples[i];
                ex.request.annotated
                    && ex.response.annotated
                    && ex.name.is_some()
                    && fence_line(page, i, true).is_some()
                    && fence_line(page, i, false).is_some()
            })?;
            let (rq_line, rq_start, rq_end) = fence_line(page, i, true)?;
            let (rs_line, rs_start, rs_end) = fence_line(page, i, false)?;
            let codes = kind.codes();
            match kind {
                Kind::UnpairedRequest => {
                    // A page that shows another answer to a request (a 207
                    // after a 200): without one, the other still answers.
                    if page.fences.iter().any(|f| {
                        f.disposition
                            == (Disposition::Ignored {
                                reason: IgnoreReason::AlternativeResponse,
                            })
                    }) {
                        return None;
                    }
                    let (a, _, _) = annotation_before(page, rs_start)?;
                    if has_code_at(seen, codes, rq_line) {
                        return None;
                    }
                    let new = blank_lines(text, lines, lines.line(a), lines.line(rs_end - 1));
                    Some(mutant(rq_line, new, None, "response block removed".into()))
                }
                Kind::UnpairedResponse => {
                    let (a, _, _) = annotation_before(page, rq_start)?;
                    if has_code_at(seen, codes, rs_line) {
                        return None;
                    }
                    let new = blank_lines(text, lines, lines.line(a), lines.line(rq_end - 1));
                    Some(mutant(rs_line, new, None, "request block removed".into()))
                }
                _ => {
                    let (a, b, v) = annotation_before(page, rs_start)?;
                    let name = v.get("name").and_then(Value::as_str)?;
                    if has_code_at(seen, codes, rs_line) {
                        return None;
                    }
                    let quoted = format!("\"{name}\"");
                    let at = a + text[a..b].rfind(&quoted)?;
                    let new = replace(text, at, at + quoted.len(), &format!("\"{name}-zq\""));
                    Some(mutant(
                        rs_line,
                        new,
                        None,
                        format!("response renamed `{name}-zq`"),
                    ))
                }
            }
        }
        Kind::DuplicateName => {
            let named: Vec<(usize, String)> = (0..page.examples.len())
                .filter(|&i| page.examples[i].request.annotated)
                .filter_map(|i| {
                    let (_, s, _) = fence_line(page, i, true)?;
                    let (_, _, v) = annotation_before(page, s)?;
                    Some((i, v.get("name")?.as_str()?.to_string()))
                })
                .collect();
            if named.len() < 2 {
                return None;
            }
            let j = 1 + rng.below(named.len() - 1);
            let first = &named[rng.below(j)].1;
            let (i, own) = &named[j];
            if own == first {
                return None;
            }
            let (line, s, _) = fence_line(page, *i, true)?;
            if has_code_at(seen, kind.codes(), line) {
                return None;
            }
            let (a, b, _) = annotation_before(page, s)?;
            let quoted = format!("\"{own}\"");
            let at = a + text[a..b].find(&quoted)?;
            let mut new = replace(text, at, at + quoted.len(), &format!("\"{first}\""));
            // Its response follows the new name, so that only the name is doubled.
            if let Some((_, rs, _)) = fence_line(page, *i, false) {
                let shift = first.len() as isize - own.len() as isize;
                let rs = (rs as isize + shift) as usize;
                let page2 = extract_page(Arc::new(SourceFile::from_text(key, &new)));
                if let Some((ra, rb, v)) = annotation_before(&page2, rs)
                    && v.get("name").and_then(Value::as_str) == Some(own)
                    && let Some(k) = new[ra..rb].find(&quoted)
                {
                    new = replace(&new, ra + k, ra + k + quoted.len(), &format!("\"{first}\""));
                }
            }
            Some(mutant(
                line,
                new,
                None,
                format!("request `{own}` renamed `{first}`"),
            ))
        }
        Kind::BodyOnGet => {
            let i = pick_example(page, rng, |i| {
                let rq = &page.examples[i].request.message;
                rq.method == "GET" && rq.body.text().is_none()
            })?;
            let (_, _, end) = fence_line(page, i, true)?;
            // The closing fence's line: the body goes right above it.
            let close = lines.line(end.saturating_sub(1).max(1));
            let (cs, _) = lines.range(text, close);
            if !text[cs..].trim_start().starts_with("```") {
                return None;
            }
            // A blank line ends the headers, then a one-line JSON body.
            let new = replace(text, cs, cs, "\n{\"displayName\": \"zq\"}\n");
            if has_code_at(seen, kind.codes(), close + 1) {
                return None;
            }
            Some(mutant(
                close + 1,
                new,
                Some((close, 2)),
                "body added to a GET".into(),
            ))
        }
        Kind::BodyOn204 => {
            let i = pick_example(page, rng, |i| {
                let rs = &page.examples[i].response.message;
                matches!(rs.status, 200 | 201) && rs.body.text().is_some_and(|t| t.len > 0)
            })?;
            let rs = &page.examples[i].response;
            let body_line = original.fresh_body_line(kind, i)?;
            let (_, fs, _) = fence_line(page, i, false)?;
            let status_line = lines.line(fs) + 1;
            let (new, code) = restatus(
                text,
                lines,
                status_line,
                rs.message.status,
                "204 No Content",
            )?;
            Some(mutant(
                body_line,
                new,
                None,
                format!("status {code} made 204"),
            ))
        }
        Kind::CreatedOnGet => {
            let i = pick_example(page, rng, |i| {
                let ex = &page.examples[i];
                matches!(ex.request.message.method.as_str(), "GET" | "DELETE")
                    && matches!(ex.response.message.status, 200 | 204)
            })?;
            let rs = &page.examples[i].response;
            let status_line = lines.line(rs.map.to_source(0));
            if has_code_at(seen, kind.codes(), status_line) {
                return None;
            }
            let (new, code) = restatus(text, lines, status_line, rs.message.status, "201 Created")?;
            Some(mutant(
                status_line,
                new,
                None,
                format!(
                    "status {code} of a {} made 201",
                    page.examples[i].request.message.method
                ),
            ))
        }
        Kind::MissingPermissions => {
            // The one Permissions section of an API page, removed up to the
            // next heading of its level: the page then documents none.
            let heads = markdown_headings(text);
            let perm: Vec<&(usize, usize, String)> = heads
                .iter()
                .filter(|(_, _, h)| {
                    let h = h.to_ascii_lowercase();
                    h.contains("permission") || h.contains("prerequisite")
                })
                .collect();
            let &[&(first, 2, _)] = perm.as_slice() else {
                return None;
            };
            let &(request_line, _, _) = heads
                .iter()
                .find(|(_, l, h)| *l <= 3 && h.to_ascii_lowercase().starts_with("http request"))?;
            if request_line < first || has_code_at(seen, kind.codes(), request_line) {
                return None;
            }
            let end = heads
                .iter()
                .find(|(line, l, _)| *line > first && *l <= 2)
                .map(|&(line, _, _)| line)?;
            let new = blank_lines(text, lines, first, end - 1);
            Some(mutant(
                request_line,
                new,
                None,
                format!(
                    "lines {first}-{} (the Permissions section) removed",
                    end - 1
                ),
            ))
        }
        Kind::MissingContentType => {
            let i = pick_example(page, rng, |i| {
                let rs = &page.examples[i].response.message;
                rs.body.json().is_some()
                    && rs
                        .headers
                        .iter()
                        .filter(|h| h.name.eq_ignore_ascii_case("content-type"))
                        .count()
                        == 1
            })?;
            let rs = &page.examples[i].response;
            let body_line = original.fresh_body_line(kind, i)?;
            let h = rs
                .message
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("content-type"))?;
            let hl = lines.line(rs.map.to_source(h.offset));
            let (ls, le) = lines.range(text, hl);
            let new = replace(text, ls, le, "Cache-Control: no-cache");
            Some(mutant(
                body_line,
                new,
                None,
                "Content-Type header replaced".into(),
            ))
        }
        Kind::VersionMismatch | Kind::UnknownEntitySet | Kind::UrlOutsideTemplates => {
            // An example URL is compared with the templates of its method,
            // on a page with an `## HTTP request` section, unless the
            // example shows another call's syntax under its own heading.
            let templated = kind != Kind::UrlOutsideTemplates
                || markdown_headings(text)
                    .iter()
                    .any(|(_, l, h)| *l <= 3 && h.to_ascii_lowercase().starts_with("http request"));
            if !templated {
                return None;
            }
            let i =
                pick_example(page, rng, |i| {
                    let ex = &page.examples[i];
                    let url = &ex.request.message.url;
                    (url.starts_with("https://graph.microsoft.com/v1.0/")
                        || url.starts_with("https://graph.microsoft.com/beta/"))
                        && (kind != Kind::UrlOutsideTemplates
                            || (page.templates.iter().any(|t| {
                                t.method.eq_ignore_ascii_case(&ex.request.message.method)
                            }) && !ex
                                .headings
                                .iter()
                                .any(|h| h.to_ascii_lowercase().starts_with("http request"))))
                })?;
            let rq = &page.examples[i].request;
            let url = &rq.message.url;
            let at = rq.map.to_source(rq.message.url_offset);
            if !text[at..].starts_with(url.as_str()) {
                return None;
            }
            let line = lines.line(at);
            if has_code_at(seen, kind.codes(), line) {
                return None;
            }
            let path_at = "https://graph.microsoft.com/".len();
            let (version, rest) = url[path_at..].split_once('/')?;
            if kind == Kind::VersionMismatch {
                if folder_version(key) != Some(version) {
                    return None;
                }
                let other = if version == "v1.0" { "beta" } else { "v1.0" };
                let new = replace(text, at + path_at, at + path_at + version.len(), other);
                return Some(mutant(
                    line,
                    new,
                    None,
                    format!("/{version}/ made /{other}/"),
                ));
            }
            let seg_len = rest.find(['/', '?', '(', '#']).unwrap_or(rest.len());
            let seg = &rest[..seg_len];
            if seg.is_empty() || !seg.chars().all(|c| c.is_ascii_alphanumeric()) {
                return None;
            }
            // The URL resolved before: no MC4101 anywhere on its line.
            let s = at + path_at + version.len() + 1;
            let new = replace(text, s, s + seg_len, &format!("{seg}zq"));
            Some(mutant(line, new, None, format!("/{seg} made /{seg}zq")))
        }
        Kind::NearMissScope | Kind::TodoPermissions => {
            let rows: Vec<_> = page
                .permissions
                .iter()
                .filter(|r| !has_code_at(seen, kind.codes(), r.place.at.line))
                .filter(|r| {
                    let t = r.scopes.trim();
                    !t.is_empty() && !t.to_ascii_lowercase().contains("todo")
                })
                .collect();
            let row = *rng.pick(&rows)?;
            let (rs, re) = (row.place.span.start, row.place.span.end);
            let line = row.place.at.line;
            if kind == Kind::TodoPermissions {
                let cell = row.scopes.trim();
                let at = rs + text[rs..re].rfind(cell)?;
                let new = replace(text, at, at + cell.len(), "TODO");
                return Some(mutant(line, new, None, format!("`{cell}` made TODO")));
            }
            let scopes = ctx.scopes(folder_version(key))?;
            let tokens: Vec<&str> = row
                .scopes
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
                .map(|t| t.trim_matches('.'))
                .filter(|t| is_scope_name(t) && scopes.contains(t))
                .collect();
            let token = *rng.pick(&tokens)?;
            // Delete one letter (not a dot): one edit from a known scope.
            let letters: Vec<usize> = token
                .char_indices()
                .filter(|(_, c)| c.is_ascii_alphabetic())
                .map(|(i, _)| i)
                .collect();
            let &k = rng.pick(&letters)?;
            let typo = format!("{}{}", &token[..k], &token[k + 1..]);
            if !is_scope_name(&typo) || scopes.contains(&typo) {
                return None;
            }
            let at = rs + text[rs..re].find(token)?;
            let new = replace(text, at, at + token.len(), &typo);
            Some(mutant(line, new, None, format!("`{token}` made `{typo}`")))
        }
        Kind::UnknownAnnotationKey => {
            let sites: Vec<_> = page
                .annotations
                .iter()
                .filter(|a| a.value.get("blockType").is_some() || a.value.get("type").is_some())
                .collect();
            let a = *rng.pick(&sites)?;
            let brace = a.span.start + text[a.span.start..a.span.end].find('{')?;
            let line = lines.line(brace);
            if has_code_at(seen, kind.codes(), line) {
                return None;
            }
            let new = replace(text, brace + 1, brace + 1, " \"zqKey\": true,");
            Some(mutant(
                line,
                new,
                None,
                "annotation key `zqKey` added".into(),
            ))
        }
        Kind::ContentLengthCrlf | Kind::ContentLengthMixed => None,
    }
}
