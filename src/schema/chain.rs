//! [`base_chain`]: the one walk up a type's bases, behind the CSDL model's
//! and the type set's `base_chain` (and [`nearest_key`], their `key_of`).

/// A type, its base, that one's base, … as `base` finds them; `name` keys
/// the types so that a cycle ends the chain (as a missing base does).
pub(crate) fn base_chain<'a, T>(
    start: Option<&'a T>,
    name: impl Fn(&'a T) -> &'a str,
    base: impl Fn(&'a T) -> Option<&'a T>,
) -> Vec<&'a T> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut cur = start;
    while let Some(t) = cur {
        if !seen.insert(name(t)) {
            break;
        }
        out.push(t);
        cur = base(t);
    }
    out
}

/// The key of the first type along `chain` that declares one (`Key` is
/// inherited): empty if none does.
pub(crate) fn nearest_key<'a, T>(
    chain: Vec<&'a T>,
    key: impl Fn(&'a T) -> &'a [String],
) -> Vec<&'a str> {
    chain
        .into_iter()
        .map(key)
        .find(|k| !k.is_empty())
        .map(|k| k.iter().map(String::as_str).collect())
        .unwrap_or_default()
}
