//! Types and their members compared: kind, base type, key, flags, and the
//! properties and navigation properties in effect (inherited ones included).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::super::{Change, ItemKind};
use super::diff::{About, Diff};
use super::side::{Decl, Side, decls};
use super::words::{kind_words, nullable_words, plural, widened};
use crate::schema::csdl::{
    Csdl, EntityOrComplex, NavigationProperty, Property, StructuredKind, TypeRef,
};

impl Diff<'_> {
    pub(super) fn types(&mut self) {
        let old = decls(self.old.csdl);
        let new = decls(self.new.csdl);
        for (&q, o) in &old {
            match new.get(q) {
                None => {
                    let group = o.namespace().to_string();
                    let detail = self.describe_type(self.old, o);
                    self.push(
                        &About {
                            kind: o.kind(),
                            group: &group,
                            subject: q,
                        },
                        Change::Removed,
                        true,
                        detail,
                        (Some(o.line()), None),
                    );
                }
                Some(n) => self.changed_type(q, o, n),
            }
        }
        for (&q, n) in &new {
            if !old.contains_key(q) {
                let detail = self.describe_type(self.new, n);
                let group = n.namespace().to_string();
                self.push(
                    &About {
                        kind: n.kind(),
                        group: &group,
                        subject: q,
                    },
                    Change::Added,
                    false,
                    detail,
                    (None, Some(n.line())),
                );
            }
        }
    }

    /// A short description of a type for added and removed items.
    pub(super) fn describe_type(&self, side: Side<'_>, d: &Decl<'_>) -> String {
        match d {
            Decl::Structured(t) => {
                let mut s = String::new();
                if t.is_abstract {
                    s.push_str("abstract, ");
                }
                if let Some(b) = &t.base_type {
                    s.push_str(&format!("base {}, ", side.name(b)));
                }
                s.push_str(&format!(
                    "{}, {}",
                    plural(t.properties.len(), "property", "properties"),
                    plural(
                        t.navigation_properties.len(),
                        "navigation property",
                        "navigation properties"
                    )
                ));
                s
            }
            Decl::Enum(e) => format!(
                "{}{}",
                plural(e.members.len(), "member", "members"),
                if e.is_flags { ", flags" } else { "" }
            ),
            Decl::Definition(t) => format!("underlying type {}", side.name(&t.underlying_type)),
        }
    }

    pub(super) fn changed_type(&mut self, q: &str, o: &Decl<'_>, n: &Decl<'_>) {
        let group = o.namespace().to_string();
        let about = About {
            kind: o.kind(),
            group: &group,
            subject: q,
        };
        let lines = (Some(o.line()), Some(n.line()));
        match (o, n) {
            (Decl::Structured(o), Decl::Structured(n)) => self.changed_structured(&about, o, n),
            (Decl::Enum(o), Decl::Enum(n)) => self.changed_enum(&about, o, n),
            (Decl::Definition(o), Decl::Definition(n)) => {
                let (a, b) = (
                    self.old.name(&o.underlying_type),
                    self.new.name(&n.underlying_type),
                );
                if a != b {
                    let detail = format!("underlying type {a} → {b}");
                    self.push(&about, Change::Changed, true, detail, lines);
                }
            }
            _ => {
                let detail = format!("{} → {}", kind_words(o.kind()), kind_words(n.kind()));
                self.push(&about, Change::Changed, true, detail, lines);
            }
        }
    }

    pub(super) fn changed_structured(
        &mut self,
        about: &About<'_>,
        o: &EntityOrComplex,
        n: &EntityOrComplex,
    ) {
        let lines = (Some(o.line), Some(n.line));
        if o.kind != n.kind {
            let words = |k: StructuredKind| match k {
                StructuredKind::Entity => "entity type",
                StructuredKind::Complex => "complex type",
            };
            let detail = format!("{} → {}", words(o.kind), words(n.kind));
            self.push(about, Change::Changed, true, detail, lines);
        }
        let (ob, nb) = (
            o.base_type.as_deref().map(|b| self.old.name(b)),
            n.base_type.as_deref().map(|b| self.new.name(b)),
        );
        let old_eff = effective(self.old.csdl, o);
        let new_eff = effective(self.new.csdl, n);
        if ob != nb {
            let show = |b: &Option<Cow<'_, str>>| b.as_deref().unwrap_or("none").to_string();
            let mut detail = format!("base type {} → {}", show(&ob), show(&nb));
            // Inherited members the type no longer has, in document order.
            let own: HashSet<&str> = own_members(o).collect();
            let mut lost: Vec<(&str, usize)> = old_eff
                .iter()
                .filter(|(name, _)| !own.contains(*name) && !new_eff.contains_key(*name))
                .map(|(name, m)| (*name, m.line()))
                .collect();
            lost.sort_by_key(|&(name, line)| (line, name));
            // Compatible when the old base is still an ancestor (a type was
            // inserted between them, or a base added) and nothing inherited
            // is lost.
            let kept = ob.as_deref().is_none_or(|old_base| {
                self.new
                    .csdl
                    .base_chain(&n.qualified_name)
                    .iter()
                    .any(|t| t.qualified_name == old_base)
            });
            if !lost.is_empty() {
                let names: Vec<&str> = lost.iter().take(5).map(|&(n, _)| n).collect();
                let more = if lost.len() > 5 {
                    format!(" and {} more", lost.len() - 5)
                } else {
                    String::new()
                };
                detail.push_str(&format!(" (no longer inherits {}{more})", names.join(", ")));
            } else if kept && ob.is_some() {
                detail.push_str(&format!(" (still derives from {})", show(&ob)));
            }
            let breaking = !kept || !lost.is_empty();
            self.push(about, Change::Changed, breaking, detail, lines);
        }
        let flags = [
            (
                o.is_abstract,
                n.is_abstract,
                "abstract",
                "not abstract",
                true,
            ),
            (o.open_type, n.open_type, "open", "closed", false),
            (o.has_stream, n.has_stream, "has stream", "no stream", false),
        ];
        for (was, is, yes, no, breaking_when_set) in flags {
            if was != is {
                let detail = if is {
                    format!("{no} → {yes}")
                } else {
                    format!("{yes} → {no}")
                };
                // Setting `Abstract` breaks (no more instances); setting
                // `OpenType` or `HasStream` adds.
                let breaking = is == breaking_when_set;
                self.push(about, Change::Changed, breaking, detail, lines);
            }
        }
        if o.is_entity() && n.is_entity() {
            let mut ok: Vec<&str> = self.old.csdl.key_of(&o.qualified_name);
            let mut nk: Vec<&str> = self.new.csdl.key_of(&n.qualified_name);
            ok.sort_unstable();
            nk.sort_unstable();
            if ok != nk {
                let detail = format!("key ({}) → ({})", ok.join(", "), nk.join(", "));
                // A key where there was none (a singleton's type that now
                // derives from `entity`) takes no address away.
                self.push(about, Change::Changed, !ok.is_empty(), detail, lines);
            }
        }
        self.members(about, o, n, &old_eff, &new_eff);
    }

    /// Properties and navigation properties of a type on both sides.
    pub(super) fn members(
        &mut self,
        about: &About<'_>,
        o: &EntityOrComplex,
        n: &EntityOrComplex,
        old_eff: &HashMap<&str, Member<'_>>,
        new_eff: &HashMap<&str, Member<'_>>,
    ) {
        let mut seen: HashSet<&str> = HashSet::new();
        let own = own_members(o).chain(own_members(n));
        for name in own {
            if !seen.insert(name) {
                continue;
            }
            let subject = format!("{}/{name}", about.subject);
            match (old_eff.get(name), new_eff.get(name)) {
                (Some(a), Some(b)) => self.changed_member(about.group, &subject, a, b),
                (Some(a), None) => {
                    let what = About {
                        kind: a.kind(),
                        group: about.group,
                        subject: &subject,
                    };
                    let detail = a.describe(self.old);
                    self.push(
                        &what,
                        Change::Removed,
                        true,
                        detail,
                        (Some(a.line()), Some(n.line)),
                    );
                }
                (None, Some(b)) => {
                    let what = About {
                        kind: b.kind(),
                        group: about.group,
                        subject: &subject,
                    };
                    let mut detail = b.describe(self.new);
                    let breaking = match b {
                        Member::Property(p) => !p.nullable && !p.type_ref.collection,
                        Member::Navigation(_) => false,
                    };
                    if breaking {
                        detail.push_str(": writers that omit it fail");
                    }
                    self.push(
                        &what,
                        Change::Added,
                        breaking,
                        detail,
                        (Some(o.line), Some(b.line())),
                    );
                }
                (None, None) => {}
            }
        }
    }

    pub(super) fn changed_member(
        &mut self,
        group: &str,
        subject: &str,
        a: &Member<'_>,
        b: &Member<'_>,
    ) {
        let about = About {
            kind: a.kind(),
            group,
            subject,
        };
        let lines = (Some(a.line()), Some(b.line()));
        if a.kind() != b.kind() {
            let detail = format!(
                "{} → {} ({})",
                kind_words(a.kind()),
                kind_words(b.kind()),
                self.new.type_ref(b.type_ref())
            );
            self.push(&about, Change::Changed, true, detail, lines);
            return;
        }
        let (ta, tb) = (
            self.old.type_ref(a.type_ref()),
            self.new.type_ref(b.type_ref()),
        );
        if ta != tb {
            let detail = format!("type {ta} → {tb}{}", widened(&ta, &tb));
            self.push(&about, Change::Changed, true, detail, lines);
        }
        // Nullable speaks of the items of a structural collection and means
        // nothing on a collection-valued navigation property.
        let nullable_matters = match (a, b) {
            (Member::Navigation(_), _) => !ta.collection && !tb.collection,
            _ => true,
        };
        if nullable_matters && a.nullable() != b.nullable() {
            let items = if ta.collection && tb.collection {
                "items "
            } else {
                ""
            };
            let detail = format!(
                "{items}{} → {items}{}",
                nullable_words(a.nullable()),
                nullable_words(b.nullable())
            );
            self.push(&about, Change::Changed, true, detail, lines);
        }
        if let (Member::Navigation(x), Member::Navigation(y)) = (a, b) {
            let was = self.old.contained(x, &self.homes.0);
            let is = self.new.contained(y, &self.homes.1);
            if was != is {
                let words = |c: bool, declared: bool| match (c, declared) {
                    (true, true) => "contained",
                    (true, false) => {
                        "contained in effect (no entity set or singleton holds the target)"
                    }
                    (false, _) => "not contained",
                };
                let detail = format!(
                    "{} → {}",
                    words(was, x.contains_target),
                    words(is, y.contains_target)
                );
                // Contained → not contained: every request that worked still
                // does (OData addresses, creates in, updates and deletes
                // through a collection-valued navigation property whether or
                // not it contains); `$ref` and an entity set address come in
                // addition. The reverse takes `$ref` away.
                self.push(&about, Change::Changed, is, detail, lines);
            }
        }
    }
}

pub(super) enum Member<'a> {
    Property(&'a Property),
    Navigation(&'a NavigationProperty),
}

impl Member<'_> {
    pub(super) fn kind(&self) -> ItemKind {
        match self {
            Member::Property(_) => ItemKind::Property,
            Member::Navigation(_) => ItemKind::NavigationProperty,
        }
    }

    pub(super) fn type_ref(&self) -> &TypeRef {
        match self {
            Member::Property(p) => &p.type_ref,
            Member::Navigation(p) => &p.type_ref,
        }
    }

    pub(super) fn nullable(&self) -> bool {
        match self {
            Member::Property(p) => p.nullable,
            Member::Navigation(p) => p.nullable,
        }
    }

    pub(super) fn line(&self) -> usize {
        match self {
            Member::Property(p) => p.line,
            Member::Navigation(p) => p.line,
        }
    }

    pub(super) fn describe(&self, side: Side<'_>) -> String {
        let t = side.type_ref(self.type_ref());
        match self {
            Member::Property(p) => format!("{t}, {}", nullable_words(p.nullable)),
            Member::Navigation(p) if p.contains_target => format!("{t}, contained"),
            Member::Navigation(_) => t.to_string(),
        }
    }
}

/// Names of a type's own members, properties first, in document order.
pub(super) fn own_members(t: &EntityOrComplex) -> impl Iterator<Item = &str> {
    t.properties
        .iter()
        .map(|p| p.name.as_str())
        .chain(t.navigation_properties.iter().map(|p| p.name.as_str()))
}

/// Every member of `t`, inherited ones included; the most derived
/// declaration wins, then the first.
pub(super) fn effective<'a>(
    csdl: &'a Csdl,
    t: &'a EntityOrComplex,
) -> HashMap<&'a str, Member<'a>> {
    let mut out = HashMap::new();
    let chain = csdl.base_chain(&t.qualified_name);
    // `base_chain` is empty when `t` is not the declaration the map holds
    // (a duplicate); the type itself still counts.
    let chain: Vec<&EntityOrComplex> = if chain.is_empty() { vec![t] } else { chain };
    for ty in chain {
        for p in &ty.properties {
            out.entry(p.name.as_str()).or_insert(Member::Property(p));
        }
        for p in &ty.navigation_properties {
            out.entry(p.name.as_str()).or_insert(Member::Navigation(p));
        }
    }
    out
}
