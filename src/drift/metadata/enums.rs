//! Enum types compared member by member, against Graph's evolvable-enum
//! pattern (`unknownFutureValue`) and flags.

use std::collections::HashMap;

use super::super::{Change, ItemKind};
use super::diff::{About, Diff};
use super::side::SENTINEL;
use crate::schema::csdl::{EnumMember, EnumType};

impl Diff<'_> {
    pub(super) fn changed_enum(&mut self, about: &About<'_>, o: &EnumType, n: &EnumType) {
        let lines = (Some(o.line), Some(n.line));
        if o.is_flags != n.is_flags {
            let words = |f: bool| if f { "flags" } else { "not flags" };
            let detail = format!("{} → {}", words(o.is_flags), words(n.is_flags));
            self.push(about, Change::Changed, true, detail, lines);
        }
        let (ou, nu) = (
            self.old.name(&o.underlying_type),
            self.new.name(&n.underlying_type),
        );
        if ou != nu {
            let detail = format!("underlying type {ou} → {nu}");
            self.push(about, Change::Changed, true, detail, lines);
        }
        let old_members = first_by_name(&o.members);
        let new_members = first_by_name(&n.members);
        let old_sentinel = old_members.get(SENTINEL).map(|m| m.value);
        let sentinel = new_members.get(SENTINEL).map(|m| m.value);
        // Old clients get the members before the sentinel, and
        // `unknownFutureValue` for those after it.
        let known = |s: Option<i64>, v: i64| s.is_none_or(|s| v < s);
        for m in &o.members {
            if !std::ptr::eq(old_members[m.name.as_str()], m) {
                continue;
            }
            let subject = format!("{}/{}", about.subject, m.name);
            let what = member(about, &subject);
            match new_members.get(m.name.as_str()) {
                None => {
                    let detail = format!("value {}", m.value);
                    self.push(
                        &what,
                        Change::Removed,
                        true,
                        detail,
                        (Some(m.line), Some(n.line)),
                    );
                }
                Some(nm) => {
                    let lines = (Some(m.line), Some(nm.line));
                    let (was_known, is_known) =
                        (known(old_sentinel, m.value), known(sentinel, nm.value));
                    let hidden = m.name != SENTINEL && was_known && !is_known;
                    let shown = m.name != SENTINEL && !was_known && is_known;
                    if nm.value != m.value || hidden || shown {
                        // JSON carries members by name, so a new value alone
                        // changes nothing on the wire, except in a flags enum
                        // (values combine) and for a member that moves past
                        // the sentinel: old clients then get
                        // `unknownFutureValue` instead of it.
                        let mut detail = if nm.value == m.value {
                            format!("value {}", m.value)
                        } else {
                            format!("value {} → {}", m.value, nm.value)
                        };
                        let breaking = if hidden {
                            detail.push_str(&format!(
                                ", now after {SENTINEL} ({}): old clients get {SENTINEL}",
                                sentinel.unwrap_or_default()
                            ));
                            true
                        } else if shown {
                            detail
                                .push_str(&format!(", now before {SENTINEL}: old clients get it"));
                            false
                        } else if o.is_flags || n.is_flags {
                            detail.push_str(", flags: values combine");
                            true
                        } else {
                            detail.push_str(", serialized by name");
                            false
                        };
                        self.push(&what, Change::Changed, breaking, detail, lines);
                    }
                }
            }
        }
        for m in &n.members {
            if !std::ptr::eq(new_members[m.name.as_str()], m)
                || old_members.contains_key(m.name.as_str())
            {
                continue;
            }
            let subject = format!("{}/{}", about.subject, m.name);
            let what = member(about, &subject);
            // Graph's breaking-change policy counts adding a member as
            // backward compatible (clients are told to expect new members;
            // evolvable enums even hide those after the sentinel). In a flags
            // enum a member whose bits overlap existing members' changes how
            // values already sent are spelled: that breaks.
            let overlap: Vec<&str> = if n.is_flags {
                o.members
                    .iter()
                    .filter(|e| e.value & m.value != 0 || (e.value == 0 && m.value == 0))
                    .map(|e| e.name.as_str())
                    .collect()
            } else {
                Vec::new()
            };
            let (breaking, why) = if !overlap.is_empty() {
                (true, format!("flags, overlaps {}", overlap.join(", ")))
            } else if m.name == SENTINEL {
                (false, "the enum becomes evolvable".to_string())
            } else {
                match sentinel {
                    Some(s) if m.value > s => (
                        false,
                        format!("after {SENTINEL} ({s}), hidden from old clients"),
                    ),
                    Some(s) => (false, format!("before {SENTINEL} ({s})")),
                    None => (false, format!("the enum has no {SENTINEL}")),
                }
            };
            let detail = format!("value {}, {why}", m.value);
            self.push(
                &what,
                Change::Added,
                breaking,
                detail,
                (Some(o.line), Some(m.line)),
            );
        }
    }
}

/// The members of an enum by name, the first of a repeated name only.
fn first_by_name(members: &[EnumMember]) -> HashMap<&str, &EnumMember> {
    let mut by_name = HashMap::new();
    for m in members {
        by_name.entry(m.name.as_str()).or_insert(m);
    }
    by_name
}

/// What a change of the member `subject` (`Enum/member`) of `about` is about.
fn member<'s>(about: &About<'s>, subject: &'s str) -> About<'s> {
    About {
        kind: ItemKind::EnumMember,
        group: about.group,
        subject,
    }
}
