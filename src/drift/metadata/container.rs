//! Entity sets and singletons compared by name, whatever their container.

use std::collections::BTreeMap;

use super::super::{Change, ItemKind};
use super::diff::{About, Diff};
use crate::schema::csdl::{Csdl, EntityContainer};

impl Diff<'_> {
    pub(super) fn entity_sets(&mut self) {
        self.container(ItemKind::EntitySet, "entity type", |c| {
            c.entity_sets
                .iter()
                .map(|s| (s.name.clone(), s.entity_type.clone(), s.line))
                .collect()
        });
    }

    pub(super) fn singletons(&mut self) {
        self.container(ItemKind::Singleton, "type", |c| {
            c.singletons
                .iter()
                .map(|s| (s.name.clone(), s.type_name.clone(), s.line))
                .collect()
        });
    }

    /// The entity sets or singletons (`members` of a container: name, type,
    /// line) of both sides compared.
    fn container(
        &mut self,
        kind: ItemKind,
        type_words: &str,
        members: impl Fn(&EntityContainer) -> Vec<(String, String, usize)>,
    ) {
        let (old, new) = (
            container_members(self.old.csdl, &members),
            container_members(self.new.csdl, &members),
        );
        self.container_items(kind, type_words, &old, &new);
    }

    /// Entity sets or singletons: name -> (container, namespace, type, line).
    pub(super) fn container_items(
        &mut self,
        kind: ItemKind,
        type_words: &str,
        old: &BTreeMap<String, (String, String, String, usize)>,
        new: &BTreeMap<String, (String, String, String, usize)>,
    ) {
        for (name, (container, ns, ty, line)) in old {
            let subject = format!("{container}/{name}");
            let about = About {
                kind,
                group: ns,
                subject: &subject,
            };
            let ty = self.old.name(ty).into_owned();
            match new.get(name) {
                None => {
                    let detail = format!("{type_words} {ty}");
                    self.push(&about, Change::Removed, true, detail, (Some(*line), None));
                }
                Some((_, _, nty, nline)) => {
                    let nty = self.new.name(nty);
                    if ty != nty {
                        let detail = format!("{type_words} {ty} → {nty}");
                        self.push(
                            &about,
                            Change::Changed,
                            true,
                            detail,
                            (Some(*line), Some(*nline)),
                        );
                    }
                }
            }
        }
        for (name, (container, ns, ty, line)) in new {
            if old.contains_key(name) {
                continue;
            }
            let subject = format!("{container}/{name}");
            let about = About {
                kind,
                group: ns,
                subject: &subject,
            };
            let detail = format!("{type_words} {}", self.new.name(ty));
            self.push(&about, Change::Added, false, detail, (None, Some(*line)));
        }
    }
}

/// The entity sets or singletons of every container, by name (the first
/// declaration wins): name -> (container, namespace, type, line).
pub(super) fn container_members(
    csdl: &Csdl,
    members: impl Fn(&EntityContainer) -> Vec<(String, String, usize)>,
) -> BTreeMap<String, (String, String, String, usize)> {
    let mut m = BTreeMap::new();
    for cont in csdl.containers() {
        for (name, type_name, line) in members(cont) {
            m.entry(name).or_insert_with(|| {
                (
                    cont.qualified_name.clone(),
                    cont.namespace.clone(),
                    type_name,
                    line,
                )
            });
        }
    }
    m
}
