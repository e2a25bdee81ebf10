//! Type names as the pages write them, resolved against the metadata:
//! simple and qualified names, a page's stated namespace.

use crate::contract::Page;
use crate::schema::csdl::Csdl;

/// `microsoft.graph.user` → `user`.
pub(super) fn simple(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(_, s)| s)
}

/// `microsoft.graph.user` → `microsoft.graph`.
pub(super) fn namespace(name: &str) -> &str {
    name.rsplit_once('.').map_or("", |(ns, _)| ns)
}

/// The namespace a page states (`Namespace: microsoft.graph.callRecords`),
/// if it states one.
pub(super) fn page_namespace(page: &Page) -> Option<&str> {
    page.source.text.lines().take(60).find_map(|l| {
        let l = l.trim().trim_start_matches(['>', ' ', '*']);
        let rest = l.strip_prefix("Namespace:")?;
        let ns = rest.trim().trim_matches(['*', '`', ' ']);
        (!ns.is_empty() && !ns.contains(' ')).then_some(ns)
    })
}

/// The qualified name of a type the docs name: a qualified name the
/// metadata knows (any case), else the simple name in `ns`, then in
/// `microsoft.graph`, then anywhere.
pub(super) fn resolve_type_name<'c>(csdl: &'c Csdl, name: &str, ns: &str) -> Option<&'c str> {
    let name = name.trim().trim_start_matches('#');
    if name.is_empty() {
        return None;
    }
    if name.contains('.')
        && let Some(q) = csdl.canonical_type_name(name)
    {
        return Some(q);
    }
    by_simple_name(csdl, simple(name), ns)
}

/// A type by simple name, preferring `ns`, then `microsoft.graph`.
pub(super) fn by_simple_name<'c>(csdl: &'c Csdl, simple_name: &str, ns: &str) -> Option<&'c str> {
    let found = csdl.types_with_simple_name(simple_name);
    let in_ns = |want: &str| {
        found
            .iter()
            .copied()
            .find(|q| namespace(q).eq_ignore_ascii_case(want))
    };
    in_ns(ns)
        .or_else(|| in_ns("microsoft.graph"))
        .or_else(|| found.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drift::docs::tests::pages;

    #[test]
    fn the_namespace_a_page_states() {
        let p = pages(&[("a", "# x\n\nNamespace: microsoft.graph.callRecords\n")]);
        assert_eq!(page_namespace(&p[0]), Some("microsoft.graph.callRecords"));
    }
}
