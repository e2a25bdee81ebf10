//! [`Csdl::read_validated`] and the checks behind it: names that are not
//! OData identifiers, `BaseType` cycles, dangling type references.

use std::collections::{HashMap, HashSet};

use super::model::{Csdl, EDM_PRIMITIVES, is_edm_primitive};
use super::names::{
    MAX_IDENTIFIER, eq_ignore_case, is_namespace, is_simple_identifier, shown_name,
};
use super::problems::{DanglingRef, ModelProblem, RefContext};

impl Csdl {
    /// [`Csdl::read_file`], then [`Csdl::model_problems`]: the first one is
    /// the error, `FILE:LINE: …`. The one way every command (`check`,
    /// `schema`, `drift`) loads metadata, so that they accept and reject the
    /// same documents.
    pub fn read_validated(path: &std::path::Path) -> Result<Csdl, String> {
        let csdl = Csdl::read_file(path)?;
        if let Some(p) = csdl.model_problems().into_iter().next() {
            let shown = crate::source::shown_path(path);
            return Err(format!("{shown}:{}: {}", p.line, p.message));
        }
        Ok(csdl)
    }

    /// What makes the model unusable, sorted by line: names that are not
    /// OData identifiers (a namespace of dotted [`is_simple_identifier`]s,
    /// type and property names simple identifiers; a NUL, a `/` or `..` is
    /// none), `BaseType` cycles (a type deriving from itself, directly or
    /// not), and dangling type references ([`Csdl::dangling_refs`]).
    pub fn model_problems(&self) -> Vec<ModelProblem> {
        let mut out = Vec::new();
        let mut bad = |what: &str, name: &str, line: usize| {
            out.push(ModelProblem {
                line,
                message: format!(
                    "{what} {} is not an OData identifier (a letter or `_`, then letters, digits or `_`, at most {MAX_IDENTIFIER} characters)",
                    shown_name(name)
                ),
            });
        };
        for s in &self.schemas {
            if !is_namespace(&s.namespace) {
                bad("Schema Namespace", &s.namespace, s.line);
            }
            if let Some(a) = &s.alias
                && !is_simple_identifier(a)
            {
                bad("Schema Alias", a, s.line);
            }
        }
        for t in self.structured.values() {
            if !is_simple_identifier(&t.name) {
                bad("type name", &t.name, t.line);
            }
            for p in &t.properties {
                if !is_simple_identifier(&p.name) {
                    bad("property name", &p.name, p.line);
                }
            }
            for p in &t.navigation_properties {
                if !is_simple_identifier(&p.name) {
                    bad("navigation property name", &p.name, p.line);
                }
            }
        }
        for e in self.enums.values() {
            if !is_simple_identifier(&e.name) {
                bad("type name", &e.name, e.line);
            }
        }
        for d in self.type_definitions.values() {
            if !is_simple_identifier(&d.name) {
                bad("type name", &d.name, d.line);
            }
        }
        out.extend(self.base_type_cycles());
        out.extend(self.dangling_refs().into_iter().map(|d| ModelProblem {
            line: d.line,
            message: format!(
                "{} `{}` of `{}` names a type the metadata does not define",
                d.context.as_str(),
                d.referenced,
                d.owner
            ),
        }));
        out.sort_by_key(|p| p.line);
        out
    }

    /// One problem per `BaseType` cycle, at the line of the cycle's type
    /// declared first.
    fn base_type_cycles(&self) -> Vec<ModelProblem> {
        // 0: not seen, 1: on the current walk, 2: done.
        let mut state: HashMap<&str, u8> = HashMap::new();
        let mut out = Vec::new();
        for start in self.structured.keys() {
            if state.contains_key(start.as_str()) {
                continue;
            }
            let mut walk: Vec<&str> = Vec::new();
            let mut cur = Some(start.as_str());
            while let Some(name) = cur {
                match state.get(name) {
                    Some(1) => {
                        let at = walk.iter().position(|n| *n == name).unwrap_or(0);
                        let cycle = &walk[at..];
                        let first = cycle
                            .iter()
                            .filter_map(|n| self.structured.get(*n))
                            .min_by_key(|t| t.line);
                        if let Some(t) = first {
                            let mut names: Vec<&str> = cycle.to_vec();
                            names.push(name);
                            out.push(ModelProblem {
                                line: t.line,
                                message: format!(
                                    "BaseType cycle: {} (a type cannot derive from itself)",
                                    names.join(" → ")
                                ),
                            });
                        }
                        break;
                    }
                    Some(_) => break,
                    None => {}
                }
                state.insert(name, 1);
                walk.push(name);
                cur = self
                    .structured
                    .get(name)
                    .and_then(|t| t.base_type.as_deref())
                    .and_then(|b| self.structured.get_key_value(b))
                    .map(|(k, _)| k.as_str());
            }
            for n in walk {
                state.insert(n, 2);
            }
        }
        out
    }

    fn is_defined(&self, name: &str) -> bool {
        is_edm_primitive(name) || self.exact_type_name(name).is_some()
    }

    /// Type references (and imported operations) that name nothing defined
    /// in the document. `Edm.*` primitives are fine. Sorted by line.
    pub fn dangling_refs(&self) -> Vec<DanglingRef> {
        let mut out = Vec::new();
        let mut imports = Vec::new();
        let mut check = |name: &str, context: RefContext, owner: String, line: usize| {
            if !self.is_defined(name) {
                let suggestion = self
                    .index
                    .lower_types
                    .get(&name.to_lowercase())
                    .cloned()
                    .or_else(|| {
                        EDM_PRIMITIVES
                            .iter()
                            .find(|p| eq_ignore_case(p, name))
                            .map(|p| p.to_string())
                    });
                out.push(DanglingRef {
                    referenced: name.to_string(),
                    context,
                    owner,
                    line,
                    suggestion,
                });
            }
        };
        use RefContext as Ctx;
        for t in self.structured.values() {
            let member = |name: &str| format!("{}/{}", t.qualified_name, name);
            if let Some(b) = &t.base_type {
                check(b, Ctx::BaseType, t.qualified_name.clone(), t.line);
            }
            for p in &t.properties {
                check(&p.type_ref.name, Ctx::PropertyType, member(&p.name), p.line);
            }
            for p in &t.navigation_properties {
                check(
                    &p.type_ref.name,
                    Ctx::NavigationPropertyType,
                    member(&p.name),
                    p.line,
                );
            }
        }
        let underlying = self
            .enums
            .values()
            .map(|e| (&e.underlying_type, &e.qualified_name, e.line))
            .chain(
                self.type_definitions
                    .values()
                    .map(|t| (&t.underlying_type, &t.qualified_name, t.line)),
            );
        for (name, owner, line) in underlying {
            check(name, Ctx::UnderlyingType, owner.clone(), line);
        }
        for op in &self.operations {
            for p in &op.parameters {
                let owner = format!("{}({})", op.qualified_name, p.name);
                check(&p.type_ref.name, Ctx::ParameterType, owner, p.line);
            }
            if let Some(r) = &op.return_type {
                check(
                    &r.type_ref.name,
                    Ctx::ReturnType,
                    op.qualified_name.clone(),
                    r.line,
                );
            }
        }
        let op_names: HashSet<&str> = self
            .operations
            .iter()
            .map(|o| o.qualified_name.as_str())
            .collect();
        for c in &self.containers {
            let member = |name: &str| format!("{}/{}", c.qualified_name, name);
            for s in &c.entity_sets {
                check(&s.entity_type, Ctx::EntitySetType, member(&s.name), s.line);
            }
            for s in &c.singletons {
                check(&s.type_name, Ctx::SingletonType, member(&s.name), s.line);
            }
            for i in c.action_imports.iter().chain(c.function_imports.iter()) {
                if !op_names.contains(i.operation.as_str()) {
                    imports.push(DanglingRef {
                        referenced: i.operation.clone(),
                        context: RefContext::ImportedOperation,
                        owner: member(&i.name),
                        line: i.line,
                        suggestion: None,
                    });
                }
            }
        }
        out.append(&mut imports);
        out.sort_by(|a, b| a.line.cmp(&b.line).then_with(|| a.owner.cmp(&b.owner)));
        out
    }
}
