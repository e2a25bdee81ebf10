//! Sites of body defects: the members of typed objects in request and
//! response bodies, alone on their lines.

use super::*;

/// One member of a typed object in a response body, alone on its line.
pub(super) struct Member {
    pub(super) line: usize,
    /// Offsets in the page: key (with quotes) and value.
    pub(super) key: (usize, usize),
    pub(super) value: (usize, usize),
    pub(super) name: String,
    pub(super) json: Value,
    /// The object's effective type and the member's declared type.
    pub(super) owner: String,
    pub(super) ty: Option<TypeRef>,
    /// The object has its own `@odata.type`.
    pub(super) owner_typed: bool,
    /// The declared type of the object (what an inserted `@odata.type` must
    /// be or derive from).
    pub(super) declared: String,
}

/// The typed objects of example `ex`'s response body and their members:
/// the body is typed by the response annotation's `@odata.type`.
pub(super) fn response_members(
    page: &Page,
    ex: &Example,
    types: &TypeSet,
    lines: &Lines,
) -> Vec<Member> {
    let resp = &ex.response;
    if !(200..300).contains(&resp.message.status) {
        return Vec::new();
    }
    let (Some(annotated), Some(body), Some(t)) = (
        resp.odata_type.as_deref(),
        resp.message.body.json(),
        resp.message.body.text(),
    ) else {
        return Vec::new();
    };
    let (name, collection) = match annotated.trim().strip_prefix("Collection(") {
        Some(inner) => (inner.trim_end_matches(')'), true),
        None => (annotated, resp.is_collection),
    };
    let Some(top) = types.get(name).filter(|t| t.is_structured()) else {
        return Vec::new();
    };
    let top = top.name.clone();
    let envelope = body.get("value").is_some_and(Value::is_array);
    let mut objects: Vec<(String, String, &Value)> = Vec::new(); // pointer, declared, value
    if envelope && types.property(&top, "value").is_none() {
        if let Some(items) = body.get("value").and_then(Value::as_array) {
            for (i, item) in items.iter().enumerate().take(3) {
                objects.push((format!("/value/{i}"), top.clone(), item));
            }
        }
    } else if !collection {
        objects.push((String::new(), top.clone(), body));
    }
    let start = resp.map.to_source(t.offset);
    let end = resp.map.to_source(t.offset + t.len);
    object_members(page, start, end, objects, types, lines)
}

/// The typed objects of example `ex`'s request body and their members: a
/// POST to an entity set creates one of its entities, a PATCH or PUT of one
/// entity updates it (the type the metadata gives the URL).
pub(super) fn request_members(
    page: &Page,
    ex: &Example,
    csdl: &Csdl,
    types: &TypeSet,
    lines: &Lines,
) -> Vec<Member> {
    let rq = &ex.request;
    let (Some(body), Some(t)) = (rq.message.body.json(), rq.message.body.text()) else {
        return Vec::new();
    };
    let Some(path) = rq.message.url.strip_prefix("https://graph.microsoft.com") else {
        return Vec::new();
    };
    let Ok(resolved) = csdl.resolve_str(path) else {
        return Vec::new();
    };
    let creates_or_updates = match (rq.message.method.as_str(), resolved.kind) {
        ("POST", ResolvedKind::EntitySet) => true,
        ("PATCH" | "PUT", ResolvedKind::SingleEntity) => {
            resolved.type_ref.as_ref().is_some_and(|t| !t.collection)
        }
        _ => false,
    };
    let Some(top) = resolved
        .type_ref
        .filter(|_| creates_or_updates)
        .and_then(|t| types.get(&t.name).filter(|t| t.is_structured()))
    else {
        return Vec::new();
    };
    let start = rq.map.to_source(t.offset);
    let end = rq.map.to_source(t.offset + t.len);
    let objects = vec![(String::new(), top.name.clone(), body)];
    object_members(page, start, end, objects, types, lines)
}

/// The members of `objects` (pointer, declared type, value) and of the
/// typed objects inside them, in a body that is `[start, end)` of the page.
pub(super) fn object_members(
    page: &Page,
    start: usize,
    end: usize,
    mut objects: Vec<(String, String, &Value)>,
    types: &TypeSet,
    lines: &Lines,
) -> Vec<Member> {
    let mut out = Vec::new();
    let text = &page.source.text;
    let body_text = &text[start..end];
    while let Some((pointer, declared, v)) = objects.pop() {
        let Some(map) = v.as_object() else { continue };
        let own = map.get("@odata.type").and_then(Value::as_str);
        let effective = match own {
            Some(o) => match types.get(o) {
                Some(t) if types.is_same_or_derived(&t.name, &declared) => t.name.clone(),
                _ => continue,
            },
            None => declared.clone(),
        };
        for (name, value) in map {
            if name.contains('@') || name.contains('/') || name.contains('~') {
                continue;
            }
            let ptr = format!("{pointer}/{name}");
            let ty = types.property_type(&effective, name);
            // Descend into objects of a known structured type.
            if let Some(ty) = &ty
                && types.get(&ty.name).is_some_and(|t| t.is_structured())
            {
                if let Some(a) = value.as_array() {
                    for (i, item) in a.iter().enumerate().take(2) {
                        objects.push((format!("{ptr}/{i}"), ty.name.clone(), item));
                    }
                } else if value.is_object() {
                    objects.push((ptr.clone(), ty.name.clone(), value));
                }
            }
            let Some(at) = json::locate(body_text, &ptr) else {
                continue;
            };
            let key_start = start + at;
            let line = lines.line(key_start);
            let (ls, le) = lines.range(text, line);
            // The member alone on its line: `"name": value,`.
            if !text[ls..key_start].trim().is_empty() {
                continue;
            }
            let quoted = format!("\"{name}\"");
            if !text[key_start..].starts_with(&quoted) {
                continue;
            }
            let after_key = key_start + quoted.len();
            let rest = &text[after_key..le];
            let Some(colon) = rest.find(':') else {
                continue;
            };
            if !rest[..colon].trim().is_empty() {
                continue;
            }
            let vstart_rel =
                colon + 1 + (rest[colon + 1..].len() - rest[colon + 1..].trim_start().len());
            let vtext = rest[vstart_rel..].trim_end();
            let vtext = vtext.strip_suffix(',').unwrap_or(vtext).trim_end();
            if serde_json::from_str::<Value>(vtext).ok().as_ref() != Some(value) {
                continue;
            }
            let vstart = after_key + vstart_rel;
            out.push(Member {
                line,
                key: (key_start, after_key),
                value: (vstart, vstart + vtext.len()),
                name: name.clone(),
                json: value.clone(),
                owner: effective.clone(),
                ty: ty.clone(),
                owner_typed: own.is_some(),
                declared: declared.clone(),
            });
        }
    }
    out.sort_by_key(|m| m.key.0);
    out
}

/// The primitive `Edm.*` name of a single-valued member, if it has one.
pub(super) fn primitive(m: &Member) -> Option<&str> {
    m.ty.as_ref()
        .filter(|t| !t.collection && t.name.starts_with("Edm."))
        .map(|t| t.name.as_str())
}

pub(super) fn enum_members<'t>(m: &Member, types: &'t TypeSet) -> Option<&'t [String]> {
    let ty = m.ty.as_ref().filter(|t| !t.collection)?;
    let t = types.get(&ty.name).filter(|t| t.kind == NamedKind::Enum)?;
    Some(&t.members)
}
