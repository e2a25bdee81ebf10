//! URL paths as Graph matches them: one normal form for the documented URLs
//! (an example's URL, every URL of a page's `## HTTP request` block) and for
//! the paths clients send.
//!
//! The rules, applied to both sides alike:
//! - segments are split on `/` outside parentheses and quotes, then
//!   percent-decoded (`AAMk%3D` is `AAMk=`, `19%3Aab%40thread` is `19:ab@thread`);
//! - names compare case-insensitively, as Graph resolves them (`/Users`,
//!   `/me/MailFolders`);
//! - a `microsoft.graph.` qualifier is dropped (`/me/microsoft.graph.sendMail`
//!   is `/me/sendMail`, a cast `microsoft.graph.user` is `user`);
//! - a function called without parameters is the same with or without
//!   `()` (`delta()`, `delta`); a function with parameters matches by its
//!   name and the names of its parameters, whatever the values
//!   (`range(address='A1:B2')` against `range(address='<address>')`);
//! - a key in parentheses is a key segment (`users('42')` is `users/42`);
//! - path addressing binds a path of several segments: a segment ending in
//!   `:` opens a path that runs to the next segment ending in `:` or to the
//!   end (`root:/a/b/c.txt:/content` is `root:`, `a/b/c.txt:`, `content`);
//! - in a documented URL, a `{placeholder}` (or `<placeholder>`) binds any
//!   non-empty text; a segment that is nothing but a placeholder binds any
//!   segment.

use percent_encoding::percent_decode_str;

/// How specific one documented segment is: lower is more specific.
pub type Rank = u8;

/// One segment of a documented URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A literal, lowercased.
    Lit(String),
    /// `{id}`: any one non-empty segment.
    Hole,
    /// Literal text around placeholders (`{hostname}:`), lowercased.
    Glob(Vec<Piece>),
    /// A function call with parameters: its name and parameter names,
    /// lowercased and sorted.
    Call { name: String, params: Vec<String> },
}

/// A part of a [`Seg::Glob`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Piece {
    Lit(String),
    Hole,
}

impl Seg {
    /// Literal 0, function call 0, glob 1, placeholder 2.
    pub fn rank(&self) -> Rank {
        match self {
            Seg::Lit(_) | Seg::Call { .. } => 0,
            Seg::Glob(_) => 1,
            Seg::Hole => 2,
        }
    }

    /// Does the request segment `s` (from [`request_segments`]) match?
    pub fn matches(&self, s: &ReqSeg) -> bool {
        match self {
            Seg::Lit(l) => s.call.is_none() && s.text == *l,
            // `$count`, `$value`, `$ref` are OData's segments, never a key.
            Seg::Hole => !s.text.is_empty() && !s.text.starts_with('$'),
            Seg::Glob(pieces) => s.call.is_none() && glob(pieces, &s.text),
            Seg::Call { name, params } => s
                .call
                .as_ref()
                .is_some_and(|(n, p)| n == name && p == params),
        }
    }
}

/// One segment of a request path, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReqSeg {
    /// The decoded segment, lowercased, qualifier and `()` dropped.
    pub text: String,
    /// For a function call with parameters: its name and sorted parameter
    /// names, lowercased.
    pub call: Option<(String, Vec<String>)>,
}

/// The segments of a documented path (no query): `/v1.0/users/{id}`.
pub fn documented_segments(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for raw in drive_root(raw_segments(path, false)) {
        documented_segment(&raw, &mut out);
    }
    out
}

/// The segments of a request path (no query), percent-decoded.
pub fn request_segments(path: &str) -> Vec<ReqSeg> {
    let mut out = Vec::new();
    for raw in drive_root(raw_segments(path, true)) {
        request_segment(&raw, &mut out);
    }
    out
}

/// OneDrive's equivalent spellings of one item, in one form:
/// - `/drive` is the signed-in user's drive, `/me/drive`;
/// - a drive's `root` is its item with the id `root`, `items/root`
///   (`/drives/{id}/root/children` is `/drives/{id}/items/root/children`,
///   and so reaches `/drives/{drive-id}/items/{item-id}/children`);
/// - an item addressed by path, `root:/a/b.txt:`, is an item addressed by
///   id, `items/{id}` (so `/me/drive/root:/a/b.txt:/content` reaches an
///   operation documented as `/me/drive/items/{item-id}/content`).
fn drive_root(segments: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(segments.len() + 2);
    let mut iter = segments.into_iter().peekable();
    while let Some(s) = iter.next() {
        let at_root = out.is_empty() || (out.len() == 1 && crate::graph::is_version(&out[0]));
        if at_root && s.eq_ignore_ascii_case("drive") {
            out.push("me".to_string());
        }
        let n = out.len();
        let of_drive = out.last().is_some_and(|p| p.eq_ignore_ascii_case("drive"))
            || (n >= 2 && out[n - 2].eq_ignore_ascii_case("drives"));
        if of_drive && s.eq_ignore_ascii_case("root") {
            out.push("items".to_string());
            out.push(s);
            continue;
        }
        // `items/{parent-id}:/{path}:` is one item, addressed by a path
        // under its parent.
        let after_items = out.last().is_some_and(|p| p.eq_ignore_ascii_case("items"));
        if after_items && s.len() > 1 && s.ends_with(':') && s.contains(":/") {
            out.push(s.trim_end_matches(':').to_string());
            continue;
        }
        if after_items
            && s.len() > 1
            && s.ends_with(':')
            && iter.peek().is_some_and(|p| !p.is_empty())
        {
            let path = iter.next().unwrap_or_default();
            out.push(format!("{s}/{}", path.trim_end_matches(':')));
            continue;
        }
        if of_drive && s.eq_ignore_ascii_case("root:") {
            out.push("items".to_string());
            match iter.next() {
                Some(p) if !p.is_empty() => out.push(p.trim_end_matches(':').to_string()),
                _ => out.push("root".to_string()),
            }
            continue;
        }
        out.push(s);
    }
    out
}

/// Splits a path on `/` outside parentheses and quotes, decodes each piece
/// when `decode`, joins path-addressing runs and drops empty segments at
/// either end.
fn raw_segments(path: &str, decode: bool) -> Vec<String> {
    let mut pieces = Vec::new();
    let (mut depth, mut quote, mut start) = (0usize, None::<char>, 0usize);
    for (i, c) in path.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') if depth > 0 => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, '/') if depth == 0 => {
                pieces.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(&path[start..]);
    let decoded: Vec<String> = pieces
        .into_iter()
        .map(|p| {
            if decode {
                percent_decode_str(p).decode_utf8_lossy().into_owned()
            } else {
                p.to_string()
            }
        })
        .collect();
    let mut out: Vec<String> = Vec::with_capacity(decoded.len());
    let mut open = false;
    for seg in decoded {
        if open {
            // Inside `root:/…`: the path runs to a segment ending in `:`.
            if let Some(last) = out.last_mut() {
                if !last.is_empty() {
                    last.push('/');
                }
                last.push_str(&seg);
            }
            open = !seg.ends_with(':');
            continue;
        }
        // `a:/b.txt:` decoded from one segment (`a%3A%2Fb.txt%3A`) is a
        // whole path already.
        let opens = seg.len() > 1 && seg.ends_with(':') && !seg.contains(":/");
        out.push(seg);
        if opens {
            out.push(String::new());
            open = true;
        }
    }
    while out.first().is_some_and(String::is_empty) {
        out.remove(0);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// The URL of a documented template line, as written in a page's
/// `## HTTP request` block, without what is not part of it: alternatives
/// written after a placeholder (`{user-id} | userPrincipalName/…`) are the
/// placeholder's, and prose after the URL (`GET /me/events (preview)`) is
/// cut at the first space outside parentheses, braces and angle brackets
/// (`{id | userPrincipalName}`, `<site id>` are one placeholder each).
pub fn template_url(path: &str) -> String {
    let mut path = path.to_string();
    while let Some(at) = path.find("} |") {
        let tail = &path[at + 3..];
        let skip = tail.find('/').unwrap_or(tail.len());
        path = format!("{}}}{}", &path[..at], &tail[skip..]);
    }
    let mut depth = 0usize;
    let end = path
        .char_indices()
        .find(|&(_, c)| {
            match c {
                '(' | '{' | '<' => depth += 1,
                ')' | '}' | '>' => depth = depth.saturating_sub(1),
                _ => {}
            }
            c == ' ' && depth == 0
        })
        .map_or(path.len(), |(i, _)| i);
    path.truncate(end);
    path
}

/// `microsoft.graph.x` → `x`.
fn unqualified(s: &str) -> &str {
    const Q: &str = "microsoft.graph.";
    match s.get(..Q.len()) {
        Some(p) if p.eq_ignore_ascii_case(Q) && s.len() > Q.len() => &s[Q.len()..],
        _ => s,
    }
}

/// A segment's name and the text inside its outer parentheses, when it ends
/// in `)`: `range(address='A1')` → (`range`, `address='A1'`).
fn split_call(s: &str) -> Option<(&str, &str)> {
    let open = s.find('(')?;
    let inner = s.strip_suffix(')')?.get(open + 1..)?;
    Some((&s[..open], inner))
}

/// The arguments of a call, split on commas outside quotes and parentheses.
fn arguments(inner: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quote, mut start) = (0usize, None::<char>, 0usize);
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                out.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = inner[start..].trim();
    if !last.is_empty() || !out.is_empty() {
        out.push(last);
    }
    out
}

/// The named parameters of a call, lowercased and sorted, or `None` when
/// the call is a key (`('42')`, one argument without a name).
fn parameter_names(args: &[&str]) -> Option<Vec<String>> {
    let mut names = Vec::with_capacity(args.len());
    for a in args {
        let (name, _) = a.split_once('=')?;
        let name = name.trim();
        if name.is_empty() || name.contains(['\'', '"', '{', '<']) {
            return None;
        }
        names.push(name.to_ascii_lowercase());
    }
    names.sort();
    Some(names)
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['\'', '"'] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

fn documented_segment(raw: &str, out: &mut Vec<Seg>) {
    let s = unqualified(raw.trim());
    if let Some((name, inner)) = split_call(s)
        && !name.is_empty()
        && !has_placeholder(name)
    {
        let args = arguments(inner);
        let name = name.to_ascii_lowercase();
        match (args.len(), parameter_names(&args)) {
            (0, _) => out.push(Seg::Lit(name)),
            (_, Some(params)) => out.push(Seg::Call { name, params }),
            (1, None) => {
                out.push(Seg::Lit(name));
                out.push(plain(unquote(args[0])));
            }
            // Several unnamed arguments: a composite key, kept as text.
            _ => out.push(plain(s)),
        }
        return;
    }
    out.push(plain(s));
}

fn request_segment(raw: &str, out: &mut Vec<ReqSeg>) {
    let s = unqualified(raw.trim());
    if let Some((name, inner)) = split_call(s)
        && !name.is_empty()
    {
        let args = arguments(inner);
        let name = name.to_ascii_lowercase();
        match (args.len(), parameter_names(&args)) {
            (0, _) => out.push(ReqSeg {
                text: name,
                call: None,
            }),
            (_, Some(params)) => out.push(ReqSeg {
                text: s.to_ascii_lowercase(),
                call: Some((name, params)),
            }),
            (1, None) => {
                out.push(ReqSeg {
                    text: name,
                    call: None,
                });
                out.push(ReqSeg {
                    text: unquote(args[0]).to_ascii_lowercase(),
                    call: None,
                });
            }
            _ => out.push(ReqSeg {
                text: s.to_ascii_lowercase(),
                call: None,
            }),
        }
        return;
    }
    out.push(ReqSeg {
        text: s.to_ascii_lowercase(),
        call: None,
    });
}

fn has_placeholder(s: &str) -> bool {
    (s.contains('{') && s.contains('}')) || (s.contains('<') && s.contains('>'))
}

/// A segment without a call: literal, placeholder, or text around
/// placeholders.
fn plain(s: &str) -> Seg {
    if !has_placeholder(s) {
        return Seg::Lit(s.to_ascii_lowercase());
    }
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let close = match c {
            '{' => '}',
            '<' => '>',
            _ => {
                lit.extend(c.to_lowercase());
                continue;
            }
        };
        // A placeholder runs to its closing brace; an unclosed one is text.
        let rest: String = chars.clone().collect();
        match rest.find(close) {
            Some(end) => {
                if !lit.is_empty() {
                    pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                if pieces.last() != Some(&Piece::Hole) {
                    pieces.push(Piece::Hole);
                }
                for _ in 0..=rest[..end].chars().count() {
                    chars.next();
                }
            }
            None => lit.push(c),
        }
    }
    if !lit.is_empty() {
        pieces.push(Piece::Lit(lit));
    }
    match pieces.as_slice() {
        [Piece::Hole] => Seg::Hole,
        [Piece::Lit(l)] => Seg::Lit(l.clone()),
        _ => Seg::Glob(pieces),
    }
}

/// Does `text` match the glob `pieces` (each hole binds one or more chars)?
fn glob(pieces: &[Piece], text: &str) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Lit(l), rest)) => text.strip_prefix(l.as_str()).is_some_and(|t| glob(rest, t)),
        Some((Piece::Hole, rest)) => {
            if rest.is_empty() {
                return !text.is_empty();
            }
            text.char_indices()
                .skip(1)
                .map(|(i, _)| i)
                .any(|i| glob(rest, &text[i..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Does a whole documented path match a request path?
    fn m(documented: &str, sent: &str) -> bool {
        let (d, s) = (documented_segments(documented), request_segments(sent));
        d.len() == s.len() && d.iter().zip(&s).all(|(d, s)| d.matches(s))
    }

    #[test]
    fn placeholders_bind_one_segment_and_names_fold_case() {
        assert!(m("/v1.0/users/{id|userPrincipalName}", "/v1.0/Users/42"));
        assert!(!m("/v1.0/users/{id}", "/v1.0/users"));
        assert!(!m("/v1.0/users/{id}", "/v1.0/users/42/manager"));
        assert!(m("/v1.0/users/", "/v1.0/users"));
    }

    #[test]
    fn functions_with_or_without_parentheses_and_qualifier() {
        assert!(m("/v1.0/users/delta()", "/v1.0/users/delta"));
        assert!(m("/v1.0/users/delta", "/v1.0/users/delta()"));
        assert!(m("/v1.0/me/sendMail", "/v1.0/me/microsoft.graph.sendMail"));
        assert!(m(
            "/v1.0/reports/getTeamsUserActivityUserCounts(period='{period_value}')",
            "/v1.0/reports/getTeamsUserActivityUserCounts(period='D7')"
        ));
        assert!(m(
            "/v1.0/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='<address>')",
            "/v1.0/me/drive/items/01/workbook/worksheets/Sheet1/range(address='A1:B2')"
        ));
        assert!(!m(
            "/v1.0/reports/getTeamsUserActivityUserCounts(period='{p}')",
            "/v1.0/reports/getTeamsUserActivityUserCounts(date=2021-01-01)"
        ));
    }

    #[test]
    fn keys_in_parentheses_are_key_segments() {
        assert!(m("/v1.0/users/{id}", "/v1.0/users('42')"));
        assert!(m("/v1.0/users('{id}')/manager", "/v1.0/users/42/manager"));
    }

    #[test]
    fn path_addressing_binds_several_segments() {
        let t = "/v1.0/me/drive/root:/{item-path}:/content";
        assert!(m(t, "/v1.0/me/drive/root:/FolderA/FileB.txt:/content"));
        assert!(m(t, "/v1.0/me/drive/root:/FileB.txt:/content"));
        assert!(m(
            t,
            "/v1.0/me/drive/root%3A/FolderA%2FFileB.txt%3A/content"
        ));
        assert!(!m(t, "/v1.0/me/drive/root:/FolderA/FileB.txt:/children"));
        let site = "/v1.0/sites/{hostname}:/{server-relative-path}";
        assert!(m(site, "/v1.0/sites/contoso.sharepoint.com:/teams/hr"));
        assert!(m(
            "/v1.0/drives/{drive-id}/items/{parent-id}:/{filename}:/content",
            "/v1.0/drives/b!x/items/01AB:/new.txt:/content"
        ));
    }

    #[test]
    fn a_drives_items_have_one_spelling() {
        assert!(m(
            "/v1.0/drives/{drive-id}/root/delta",
            "/v1.0/drives/b!x/items/root/delta()"
        ));
        assert!(m(
            "/v1.0/me/drive/items/{item-id}/content",
            "/v1.0/me/drive/root:/FolderA/FileB.txt:/content"
        ));
        assert!(m(
            "/v1.0/drive/items/{item-id}/content",
            "/v1.0/me/drive/items/01/content"
        ));
        assert!(m("/v1.0/me/drive/root:", "/v1.0/me/drive/root"));
        assert!(m(
            "/v1.0/drives/{drive-id}/items/{item-id}/children",
            "/v1.0/drives/b!x/root/children"
        ));
        assert!(m(
            "/v1.0/drives/{drive-id}/root:/{path}:/children",
            "/v1.0/drives/b!x/items/01AB/children"
        ));
        // A path under a parent item is one item.
        let upload = "/v1.0/drives/b!x/items/01AB:/FileB.txt:/content";
        assert!(m("/v1.0/drives/{drive-id}/items/{item-id}/content", upload));
        assert!(m(
            "/v1.0/drives/{drive-id}/items/{parent-id}:/{filename}:/content",
            upload
        ));
        // The same with the id's `:` and `/` percent-encoded, as SDKs send it.
        assert!(m(
            "/v1.0/drives/{drive-id}/items/{item-id}/content",
            "/v1.0/drives/b!x/items/01AB%3A%2FFileB.txt%3A/content"
        ));
    }

    #[test]
    fn ids_are_decoded() {
        assert!(m(
            "/v1.0/teams/{team-id}/channels/19:abc@thread.tacv2",
            "/v1.0/teams/1/channels/19%3Aabc%40thread.tacv2"
        ));
        assert!(m("/v1.0/me/messages/AAMk=", "/v1.0/me/messages/AAMk%3D"));
    }

    #[test]
    fn globs_and_ranks() {
        let segs = documented_segments("/v1.0/sites/{hostname}:/{path}:/lists/{id}");
        let ranks: Vec<Rank> = segs.iter().map(Seg::rank).collect();
        assert_eq!(ranks, vec![0, 0, 1, 1, 0, 2]);
        assert!(glob(&[Piece::Hole, Piece::Lit(":".into())], "a:"));
        assert!(!glob(&[Piece::Hole, Piece::Lit(":".into())], ":"));
    }
}
