//! Inheritance on a [`Csdl`]: base chains, inherited members, derived
//! types, and the flags (`OpenType`, `HasStream`, `Key`) bases pass down.

use std::collections::{HashSet, VecDeque};

use super::model::{Csdl, EntityOrComplex, NavigationProperty, Property};

impl Csdl {
    /// The type, then its base type, then that one's base, ... Cycles and
    /// missing bases end the chain. Empty if `name` is not an entity or
    /// complex type.
    pub fn base_chain(&self, name: &str) -> Vec<&EntityOrComplex> {
        crate::schema::chain::base_chain(
            self.structured(name),
            |t| t.qualified_name.as_str(),
            |t| t.base_type.as_deref().and_then(|b| self.structured(b)),
        )
    }

    /// Structural properties including inherited ones, base-most first.
    pub fn all_properties(&self, name: &str) -> Vec<&Property> {
        self.base_chain(name)
            .into_iter()
            .rev()
            .flat_map(|t| t.properties.iter())
            .collect()
    }

    /// Navigation properties including inherited ones, base-most first.
    pub fn all_navigation_properties(&self, name: &str) -> Vec<&NavigationProperty> {
        self.base_chain(name)
            .into_iter()
            .rev()
            .flat_map(|t| t.navigation_properties.iter())
            .collect()
    }

    /// Types deriving from `name`, directly or transitively (breadth first,
    /// declaration order within a level). Excludes the type itself.
    pub fn derived_types(&self, name: &str) -> Vec<&EntityOrComplex> {
        let Some(root) = self.structured(name) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        seen.insert(root.qualified_name.as_str());
        let mut queue: VecDeque<&str> = VecDeque::new();
        queue.push_back(root.qualified_name.as_str());
        while let Some(cur) = queue.pop_front() {
            for d in self.index.derived.get(cur).into_iter().flatten() {
                if let Some((k, t)) = self.structured.get_key_value(d.as_str())
                    && seen.insert(k.as_str())
                {
                    out.push(t);
                    queue.push_back(k.as_str());
                }
            }
        }
        out
    }

    /// Types deriving directly from `name`.
    pub fn direct_derived_types(&self, name: &str) -> Vec<&EntityOrComplex> {
        let Some(root) = self.structured(name) else {
            return Vec::new();
        };
        self.index
            .derived
            .get(&root.qualified_name)
            .into_iter()
            .flatten()
            .filter_map(|d| self.structured.get(d.as_str()))
            .collect()
    }

    /// Whether `derived` is `base` or derives from it (case-insensitive names).
    pub fn is_same_or_derived(&self, derived: &str, base: &str) -> bool {
        let Some(base) = self.structured(base) else {
            return false;
        };
        self.base_chain(derived)
            .iter()
            .any(|t| t.qualified_name == base.qualified_name)
    }

    /// The type's own `Abstract` flag (false for unknown names).
    pub fn is_abstract(&self, name: &str) -> bool {
        self.structured(name).is_some_and(|t| t.is_abstract)
    }

    /// `OpenType` on the type or any base (false for unknown names).
    pub fn is_open(&self, name: &str) -> bool {
        self.base_chain(name).iter().any(|t| t.open_type)
    }

    /// `HasStream` on the type or any base (a media entity).
    pub fn has_stream(&self, name: &str) -> bool {
        self.base_chain(name).iter().any(|t| t.has_stream)
    }

    /// Key property names: the nearest `Key` along the base chain.
    pub fn key_of(&self, name: &str) -> Vec<&str> {
        crate::schema::chain::nearest_key(self.base_chain(name), |t| &t.key)
    }
}
