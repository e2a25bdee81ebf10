//! Actions and functions compared overload by overload: parameters (inputs
//! may widen), return types (outputs may narrow), composability.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::super::{Change, ItemKind};
use super::diff::{About, Diff};
use super::side::Side;
use super::side::UNTYPED;
use super::words::{nullable_words, widened};
use crate::schema::csdl::{Operation, OperationKind, Parameter, TypeRef};

impl Diff<'_> {
    pub(super) fn operations(&mut self) {
        let old = overloads(self.old);
        let new = overloads(self.new);
        let keys: BTreeSet<&OpKey> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let os = old.get(key).map(Vec::as_slice).unwrap_or_default();
            let ns = new.get(key).map(Vec::as_slice).unwrap_or_default();
            let ambiguous = os.len() > 1 || ns.len() > 1;
            let (pairs, gone, came) = pair_overloads(os, ns);
            let kind = if key.action {
                ItemKind::Action
            } else {
                ItemKind::Function
            };
            for (o, n) in pairs {
                let subject = op_subject(key, o, ambiguous);
                let about = About {
                    kind,
                    group: &o.namespace,
                    subject: &subject,
                };
                self.changed_operation(&about, o, n);
            }
            // An overload on one side only: removed (breaking) or added.
            let (old_side, new_side) = (self.old, self.new);
            let gone = gone.into_iter().map(|o| (o, old_side, Change::Removed));
            let came = came.into_iter().map(|n| (n, new_side, Change::Added));
            for (op, side, change) in gone.chain(came) {
                let subject = op_subject(key, op, ambiguous);
                let about = About {
                    kind,
                    group: &op.namespace,
                    subject: &subject,
                };
                let removed = change == Change::Removed;
                let lines = if removed {
                    (Some(op.line), None)
                } else {
                    (None, Some(op.line))
                };
                self.push(&about, change, removed, signature(side, op), lines);
            }
        }
    }

    /// True when every value of type `narrow` is a value of type `wide`
    /// (both normalised, `narrow` read in the old document's terms, `wide`
    /// in the new one's): the same collection-ness and a wider number type,
    /// `Edm.Untyped`, or a base type of `narrow`.
    pub(super) fn accepts(&self, wide: &TypeRef, narrow: &TypeRef) -> bool {
        if wide.collection != narrow.collection {
            return false;
        }
        let numeric = !widened(narrow, wide).is_empty();
        let untyped = wide.name == UNTYPED;
        let base = self.new.derives_from(&narrow.name, &wide.name)
            || self.old.derives_from(&narrow.name, &wide.name);
        numeric || untyped || base
    }

    pub(super) fn changed_operation(&mut self, about: &About<'_>, o: &Operation, n: &Operation) {
        let mut old_params: HashMap<&str, &Parameter> = HashMap::new();
        for p in o.non_binding_parameters() {
            old_params.entry(p.name.as_str()).or_insert(p);
        }
        let mut new_params: HashMap<&str, &Parameter> = HashMap::new();
        for p in n.non_binding_parameters() {
            new_params.entry(p.name.as_str()).or_insert(p);
        }
        for p in o.non_binding_parameters() {
            if !std::ptr::eq(old_params[p.name.as_str()], p) {
                continue;
            }
            let pt = self.old.type_ref(&p.type_ref);
            match new_params.get(p.name.as_str()) {
                None => {
                    let detail = format!("parameter {} removed ({pt})", p.name);
                    self.push(
                        about,
                        Change::Changed,
                        true,
                        detail,
                        (Some(p.line), Some(n.line)),
                    );
                }
                Some(q) => {
                    let lines = (Some(p.line), Some(q.line));
                    let qt = self.new.type_ref(&q.type_ref);
                    if pt != qt {
                        // Input only: what the client sent before must still
                        // be accepted.
                        let wider = self.accepts(&qt, &pt);
                        let detail = format!(
                            "parameter {} type {pt} → {qt}{}",
                            p.name,
                            if wider { " (widened)" } else { "" }
                        );
                        self.push(about, Change::Changed, !wider, detail, lines);
                    }
                    if p.nullable != q.nullable {
                        let detail = format!(
                            "parameter {} {} → {}",
                            p.name,
                            nullable_words(p.nullable),
                            nullable_words(q.nullable)
                        );
                        // Input only: requiring breaks, relaxing does not.
                        self.push(about, Change::Changed, !q.nullable, detail, lines);
                    }
                }
            }
        }
        for q in n.non_binding_parameters() {
            if !std::ptr::eq(new_params[q.name.as_str()], q)
                || old_params.contains_key(q.name.as_str())
            {
                continue;
            }
            let detail = format!(
                "parameter {} added ({}, {})",
                q.name,
                self.new.type_ref(&q.type_ref),
                nullable_words(q.nullable)
            );
            self.push(
                about,
                Change::Changed,
                !q.nullable,
                detail,
                (Some(o.line), Some(q.line)),
            );
        }
        match (&o.return_type, &n.return_type) {
            (None, None) => {}
            (Some(r), None) => {
                let detail = format!("return type {} removed", self.old.type_ref(&r.type_ref));
                self.push(
                    about,
                    Change::Changed,
                    true,
                    detail,
                    (Some(r.line), Some(n.line)),
                );
            }
            (None, Some(r)) => {
                let detail = format!("return type {} added", self.new.type_ref(&r.type_ref));
                self.push(
                    about,
                    Change::Changed,
                    false,
                    detail,
                    (Some(o.line), Some(r.line)),
                );
            }
            (Some(r), Some(s)) => {
                let lines = (Some(r.line), Some(s.line));
                let (rt, st) = (
                    self.old.return_ref(&r.type_ref),
                    self.new.return_ref(&s.type_ref),
                );
                if rt != st {
                    // Output only: what the client reads must still be what it
                    // could read before.
                    let narrower = self.accepts(&rt, &st);
                    let detail = format!(
                        "return type {rt} → {st}{}",
                        if narrower {
                            " (narrowed)"
                        } else {
                            widened(&rt, &st)
                        }
                    );
                    self.push(about, Change::Changed, !narrower, detail, lines);
                }
                if r.nullable != s.nullable {
                    let detail = format!(
                        "return {} → {}",
                        nullable_words(r.nullable),
                        nullable_words(s.nullable)
                    );
                    // Output only: may now be null breaks readers.
                    self.push(about, Change::Changed, s.nullable, detail, lines);
                }
            }
        }
        if o.is_composable != n.is_composable {
            let words = |c: bool| if c { "composable" } else { "not composable" };
            let detail = format!("{} → {}", words(o.is_composable), words(n.is_composable));
            self.push(
                about,
                Change::Changed,
                o.is_composable,
                detail,
                (Some(o.line), Some(n.line)),
            );
        }
    }
}

/// What identifies an overload across the two files.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct OpKey {
    qualified_name: String,
    action: bool,
    /// The binding parameter's type, normalised; `None` when unbound.
    binding: Option<TypeRef>,
}

pub(super) fn overloads<'a>(side: Side<'a>) -> BTreeMap<OpKey, Vec<&'a Operation>> {
    let mut out: BTreeMap<OpKey, Vec<&Operation>> = BTreeMap::new();
    for op in side.csdl.operations() {
        let key = OpKey {
            qualified_name: op.qualified_name.clone(),
            action: op.kind == OperationKind::Action,
            binding: op.binding_type().map(|t| side.type_ref(t)),
        };
        let group = out.entry(key).or_default();
        // The same overload declared twice: the first counts.
        if !group.iter().any(|g| param_names(g) == param_names(op)) {
            group.push(op);
        }
    }
    out
}

/// Non-binding parameter names, sorted.
pub(super) fn param_names(op: &Operation) -> Vec<&str> {
    let mut v: Vec<&str> = op
        .non_binding_parameters()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    v.sort_unstable();
    v
}

pub(super) type Paired<'a> = (
    Vec<(&'a Operation, &'a Operation)>,
    Vec<&'a Operation>,
    Vec<&'a Operation>,
);

/// Pairs the overloads of one key: the only one on each side, whatever its
/// parameters; else by parameter names (function overloads differ by them,
/// so an overload whose names changed is another overload). Returns the
/// pairs, the removed and the added overloads.
pub(super) fn pair_overloads<'a>(old: &[&'a Operation], new: &[&'a Operation]) -> Paired<'a> {
    if let ([o], [n]) = (old, new) {
        return (vec![(*o, *n)], Vec::new(), Vec::new());
    }
    let mut pairs = Vec::new();
    let mut gone: Vec<&Operation> = Vec::new();
    let mut came: Vec<&Operation> = new.to_vec();
    for &o in old {
        let names = param_names(o);
        match came.iter().position(|n| param_names(n) == names) {
            Some(i) => pairs.push((o, came.remove(i))),
            None => gone.push(o),
        }
    }
    (pairs, gone, came)
}

/// `ns.name(binding)` (bound), `ns.name()` (unbound); with the parameter
/// names when the key has several overloads: `ns.name(binding; a, b)` (and
/// none for the one without parameters).
pub(super) fn op_subject(key: &OpKey, op: &Operation, ambiguous: bool) -> String {
    let binding = key.binding.as_ref().map(ToString::to_string);
    let params = ambiguous
        .then(|| param_names(op).join(", "))
        .filter(|p| !p.is_empty());
    match (binding, params) {
        (Some(b), Some(p)) => format!("{}({b}; {p})", key.qualified_name),
        (Some(b), None) => format!("{}({b})", key.qualified_name),
        (None, Some(p)) => format!("{}({p})", key.qualified_name),
        (None, None) => format!("{}()", key.qualified_name),
    }
}

/// `(a: Edm.String, b: Collection(ns.t)) → ns.r` for added and removed
/// overloads.
pub(super) fn signature(side: Side<'_>, op: &Operation) -> String {
    let params: Vec<String> = op
        .non_binding_parameters()
        .iter()
        .map(|p| format!("{}: {}", p.name, side.type_ref(&p.type_ref)))
        .collect();
    let mut s = format!("({})", params.join(", "));
    if let Some(r) = &op.return_type {
        s.push_str(&format!(" → {}", side.type_ref(&r.type_ref)));
    }
    s
}
