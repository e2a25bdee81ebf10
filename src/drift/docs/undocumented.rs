//! Entity types the metadata can reach from the service root that no page
//! documents (only when the pages cover at least half of them).

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use super::names::simple;
use super::sink::Sink;
use crate::contract::{Page, Resource};
use crate::drift::{Change, ItemKind};
use crate::schema::csdl::{Csdl, eq_ignore_case};

/// Entity types the metadata can reach from its entity sets and singletons
/// that no page documents.
pub(super) fn undocumented(
    csdl: &Csdl,
    pages: &[&Page],
    by_type: &BTreeMap<&str, Vec<(&Page, &Resource)>>,
    sink: &mut Sink<'_>,
) {
    let reachable = reachable_entity_types(csdl);
    if reachable.is_empty() {
        return;
    }
    // A page named or titled for a type documents it too, even when its
    // resource block is missing or unreadable; so does a page of its
    // methods (`reportroot-getmailboxusagedetail`), or a link to such a
    // page, even when it is not among the pages given. Page names carry
    // prefixes (`intune-devices-detectedapp`, `callrecords-session`), so
    // each part of a name counts.
    let mut named: HashSet<String> = HashSet::new();
    let mut add = |stem: &str| {
        let stem = stem.to_lowercase();
        named.extend(stem.split('-').map(str::to_string));
        named.insert(stem);
    };
    for page in pages {
        linked_pages(&page.source.text).for_each(&mut add);
        if let Some(stem) = page.source.page.rsplit('/').next() {
            add(stem);
        }
        if let Some(title) = page.front_matter.as_ref().and_then(|f| f.get("title")) {
            let title = title.trim_matches(['"', '\'', ' ']).to_lowercase();
            if let Some(t) = title.strip_suffix(" resource type") {
                add(t.trim());
            }
        }
    }
    let documented = |q: &str| {
        let s = simple(q).to_lowercase();
        // Workbook pages drop the prefix: `chart.md` for `workbookChart`.
        let short = s.strip_prefix("workbook").filter(|r| !r.is_empty());
        by_type.keys().any(|k| eq_ignore_case(k, q))
            || named.contains(&s)
            || short.is_some_and(|r| named.contains(r))
    };
    let covered = reachable.iter().filter(|q| documented(q)).count();
    if covered * 2 < reachable.len() {
        return;
    }
    for q in reachable {
        if documented(q) {
            continue;
        }
        let Some(t) = csdl.entity_type(q) else {
            continue;
        };
        sink.push(
            ItemKind::EntityType,
            Change::Added,
            q,
            q,
            "in the metadata (reachable from the service root), not documented",
            None,
            Some(t.line),
        );
    }
}

/// The file stems of the markdown pages `text` links to:
/// `[user](../resources/user.md#properties)` → `user`.
pub(super) fn linked_pages(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("](").filter_map(move |(at, _)| {
        let rest = &text[at + 2..];
        let end = rest.find([')', ' ', '\n'])?;
        let target = rest[..end].split(['#', '?']).next()?;
        let file = target.rsplit('/').next()?;
        file.strip_suffix(".md").filter(|s| !s.is_empty())
    })
}

/// Non-abstract entity types reachable from the entity sets and singletons
/// through navigation properties, in a stable order.
pub(super) fn reachable_entity_types(csdl: &Csdl) -> Vec<&str> {
    let mut seen: HashMap<&str, ()> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut queue: VecDeque<&str> = VecDeque::new();
    let roots = csdl
        .entity_sets()
        .map(|s| s.entity_type.as_str())
        .chain(csdl.singletons().map(|s| s.type_name.as_str()));
    for r in roots {
        if let Some(t) = csdl.entity_type(r)
            && seen.insert(&t.qualified_name, ()).is_none()
        {
            queue.push_back(&t.qualified_name);
        }
    }
    while let Some(cur) = queue.pop_front() {
        order.push(cur);
        for nav in csdl.all_navigation_properties(cur) {
            if let Some(t) = csdl.entity_type(&nav.type_ref.name)
                && seen.insert(&t.qualified_name, ()).is_none()
            {
                queue.push_back(&t.qualified_name);
            }
        }
    }
    order.retain(|q| !csdl.is_abstract(q));
    order.sort_unstable();
    order
}
