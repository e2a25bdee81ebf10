//! [`SchemaRegistry`]: shallow validators, compiled lazily, once per type.
//!
//! Compiling every type of a Graph version up front costs seconds and about a
//! gigabyte (measured: 3,822 types through one shared jsonschema registry);
//! a docs run touches a few hundred types. So each type's validator is built
//! the first time it is asked for, behind a per-type [`OnceLock`]: checks run
//! on rayon threads, two threads asking for the same type wait for one
//! compilation, and threads asking for different types do not wait for each
//! other (the map's lock is only held to find or insert the slot). Compiled
//! `pattern`s are shared between all validators through one
//! [`jsonschema::PatternCache`], and use the linear-time `regex` engine.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use jsonschema::{PatternCache, PatternOptions, Validator};
use serde_json::{Value, json};
use thiserror::Error;

use super::edm::Primitive;
use super::errors::{SchemaError, classify};
use super::members::Members;
use super::shallow::{DRAFT_2020_12, control_properties, shallow_schema};
use super::typeset::{NamedKind, TypeSet};

/// Why no validator could be had for a type name.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RegistryError {
    /// The name is not a type of the set, nor an `Edm.*` primitive.
    #[error("unknown type `{0}`")]
    UnknownType(String),
    /// The generated schema does not compile (a bug, or a pattern the engine
    /// rejects).
    #[error("schema of `{name}` does not compile: {message}")]
    Compile { name: String, message: String },
}

/// A compiled shallow schema. The schema itself is not kept (over the
/// shared corpus, the schemas of the compiled types held 22 MB): error
/// classification, which needs it, makes it again for a value that has
/// errors.
struct Compiled {
    /// The schema without the member rules that `members` applies.
    validator: Arc<Validator>,
    /// `patternProperties` and `additionalProperties`, applied in Rust (see
    /// `members.rs` for why); `None` when the validator applies them.
    members: Option<Members>,
}

/// Sorts errors by the position, in `value`, of the member their path
/// starts with (stably: errors of one member keep their order; errors of the
/// object itself come first).
fn order_by_member(value: &Value, errors: &mut [SchemaError]) {
    let Value::Object(members) = value else {
        return;
    };
    if errors.len() < 2 {
        return;
    }
    let index: HashMap<&str, usize> = members
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i + 1))
        .collect();
    let position = |e: &SchemaError| -> usize {
        let Some(rest) = e.instance_path.strip_prefix('/') else {
            return 0;
        };
        let first = rest.split('/').next().unwrap_or_default();
        let name = first.replace("~1", "/").replace("~0", "~");
        index.get(name.as_str()).copied().unwrap_or(0)
    };
    errors.sort_by_cached_key(position);
}

type Slot = Arc<OnceLock<Result<Arc<Compiled>, RegistryError>>>;

/// Key of the collection envelope's validator (no type name starts with `$`).
const ENVELOPE: &str = "$envelope";

/// Shallow validators for the types of one [`TypeSet`], built on first use.
///
/// ```
/// # use std::sync::Arc;
/// # use mdcontract::schema::{csdl::Csdl, SchemaRegistry, TypeSet};
/// # let csdl = Csdl::parse(r#"<Schema Namespace="n"><ComplexType Name="t"><Property Name="p" Type="Edm.Int32"/></ComplexType></Schema>"#).unwrap();
/// let registry = SchemaRegistry::new(Arc::new(TypeSet::from_csdl(&csdl, "v1.0")));
/// let errors = registry.validate("n.t", &serde_json::json!({"p": "1", "q": 2})).unwrap();
/// assert_eq!(errors.len(), 2); // `p` has the wrong type, `q` is unknown
/// ```
pub struct SchemaRegistry {
    types: Arc<TypeSet>,
    slots: Mutex<HashMap<String, Slot>>,
    patterns: PatternCache,
}

impl std::fmt::Debug for SchemaRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaRegistry")
            .field("source", &self.types.source())
            .field("types", &self.types.len())
            .field("compiled", &self.compiled_count())
            .finish_non_exhaustive()
    }
}

impl SchemaRegistry {
    /// A registry over `types`; nothing is compiled yet.
    pub fn new(types: Arc<TypeSet>) -> SchemaRegistry {
        SchemaRegistry {
            types,
            slots: Mutex::new(HashMap::new()),
            patterns: PatternCache::new(),
        }
    }

    pub fn types(&self) -> &Arc<TypeSet> {
        &self.types
    }

    /// How many validators have been compiled (or failed to) so far.
    pub fn compiled_count(&self) -> usize {
        self.lock().values().filter(|s| s.get().is_some()).count()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Slot>> {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The canonical key of a type name: the set's spelling, or the `Edm.*`
    /// name as given.
    fn canonical<'a>(&'a self, name: &'a str) -> Result<&'a str, RegistryError> {
        if let Some(t) = self.types.get(name) {
            return Ok(t.name.as_str());
        }
        let trimmed = name.trim();
        if Primitive::from_edm(trimmed).is_some() {
            return Ok(trimmed);
        }
        Err(RegistryError::UnknownType(name.to_string()))
    }

    fn compiled(&self, key: &str) -> Result<Arc<Compiled>, RegistryError> {
        let slot = {
            let mut slots = self.lock();
            match slots.get(key) {
                Some(s) => Arc::clone(s),
                None => {
                    let s: Slot = Arc::default();
                    slots.insert(key.to_string(), Arc::clone(&s));
                    s
                }
            }
        };
        slot.get_or_init(|| self.compile(key)).clone()
    }

    /// The shallow schema of a key.
    fn schema(&self, key: &str) -> Result<Value, RegistryError> {
        if key == ENVELOPE {
            return Ok(envelope_shallow());
        }
        shallow_schema(&self.types, key).ok_or_else(|| RegistryError::UnknownType(key.to_string()))
    }

    /// Validates `value` with the compiled schema of `key`, appending the
    /// classified errors to `out`.
    fn errors(&self, key: &str, c: &Compiled, value: &Value, out: &mut Vec<SchemaError>) {
        let from = out.len();
        let mut schema: Option<Value> = None;
        for e in c.validator.iter_errors(value) {
            if schema.is_none() {
                schema = Some(self.schema(key).unwrap_or(Value::Null));
            }
            if let Some(s) = &schema {
                classify(&e, s, &self.types, out);
            }
        }
        if let Some(m) = &c.members {
            m.check(value, out);
            // jsonschema checked the members in one pass, in the object's
            // order; keep that order for the errors of members.
            order_by_member(value, &mut out[from..]);
        }
    }

    fn compile(&self, key: &str) -> Result<Arc<Compiled>, RegistryError> {
        let mut schema = self.schema(key)?;
        let members = Members::take(&mut schema);
        let validator = jsonschema::draft202012::options()
            .with_pattern_options(PatternOptions::regex())
            .with_pattern_cache(self.patterns.clone())
            .build(&schema)
            .map_err(|e| RegistryError::Compile {
                name: key.to_string(),
                message: e.to_string(),
            })?;
        Ok(Arc::new(Compiled {
            validator: Arc::new(validator),
            members,
        }))
    }

    /// The shallow validator of a structured type, enum or `Edm.*` primitive,
    /// compiled on first use. It does not apply the member rules
    /// (`patternProperties`, `additionalProperties`) that [`validate`]
    /// applies in Rust (see `members.rs`).
    ///
    /// [`validate`]: SchemaRegistry::validate
    pub fn validator(&self, type_name: &str) -> Result<Arc<Validator>, RegistryError> {
        let key = self.canonical(type_name)?;
        Ok(Arc::clone(&self.compiled(key)?.validator))
    }

    /// Validates one value against its type's shallow schema: the object's
    /// own properties, not the objects nested in it (see `shallow.rs`).
    pub fn validate(
        &self,
        type_name: &str,
        value: &Value,
    ) -> Result<Vec<SchemaError>, RegistryError> {
        let key = self.canonical(type_name)?;
        let mut out = Vec::new();
        let compiled = self.compiled(key)?;
        self.errors(key, &compiled, value, &mut out);
        Ok(out)
    }

    /// Validates the envelope of an OData collection response, its elements
    /// unchecked: `value` an array, `@odata.nextLink` and `@odata.deltaLink`
    /// URLs (or `null`), `@odata.count` an integer, `@odata.context` a
    /// string, other annotations anything, no other member.
    pub fn validate_envelope(&self, body: &Value) -> Result<Vec<SchemaError>, RegistryError> {
        let mut out = Vec::new();
        let compiled = self.compiled(ENVELOPE)?;
        self.errors(ENVELOPE, &compiled, body, &mut out);
        Ok(out)
    }

    /// Validates an OData collection response: the envelope (`value`,
    /// `@odata.nextLink`, `@odata.count`, …) and then each element of
    /// `value` as `item_type`, or as the derived type its `@odata.type`
    /// names. Element errors have `/value/<i>` paths.
    pub fn validate_collection(
        &self,
        item_type: &str,
        body: &Value,
    ) -> Result<Vec<SchemaError>, RegistryError> {
        let key = self.canonical(item_type)?.to_string();
        let mut out = self.validate_envelope(body)?;
        let structured = self
            .types
            .get(&key)
            .is_some_and(|t| t.kind != NamedKind::Enum);
        if let Some(items) = body.get("value").and_then(Value::as_array) {
            for (i, item) in items.iter().enumerate() {
                let ty = if structured && item.is_object() {
                    self.types.effective_type(&key, item).unwrap_or(&key)
                } else {
                    &key
                };
                let prefix = format!("/value/{i}");
                out.extend(
                    self.validate(ty, item)?
                        .into_iter()
                        .map(|e| e.under(&prefix)),
                );
            }
        }
        Ok(out)
    }
}

/// The envelope of a collection response, elements unchecked. Its
/// annotations follow the same rules as anywhere else
/// ([`control_properties`]).
fn envelope_shallow() -> Value {
    json!({
        "$schema": DRAFT_2020_12,
        "type": "object",
        "properties": {
            "value": {"type": "array"}
        },
        "required": ["value"],
        "patternProperties": control_properties(),
        "additionalProperties": false,
        "x-type": "collection envelope"
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::errors::SchemaErrorKind;
    use crate::schema::from_csdl::tests::small_set;
    use crate::schema::from_docs::tests::widget_set;
    use serde_json::json;

    fn registry() -> SchemaRegistry {
        SchemaRegistry::new(Arc::new(small_set()))
    }

    fn kinds(errors: &[SchemaError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.instance_path.as_str(), e.kind.as_str()))
            .collect()
    }

    #[test]
    fn compiles_lazily_once_per_type() {
        let r = registry();
        assert_eq!(r.compiled_count(), 0);
        let a = r.validator("microsoft.graph.user").expect("user");
        let b = r.validator("Microsoft.Graph.User").expect("same user");
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(r.compiled_count(), 1);
        assert!(matches!(
            r.validator("microsoft.graph.nope"),
            Err(RegistryError::UnknownType(_))
        ));
    }

    #[test]
    fn classifies_every_kind() {
        let r = registry();
        let errors = r
            .validate(
                "microsoft.graph.user",
                &json!({
                    "id": "1",
                    "displayName": 7,
                    "nickname": "x",
                    "importance": "urgent",
                    "workDays": "monday,funday",
                    "deletedDateTime": "yesterday",
                    "assignedLicenses": [{"skuId": "not checked: nested"}]
                }),
            )
            .expect("known type");
        let mut got = kinds(&errors);
        got.sort();
        assert_eq!(
            got,
            [
                ("/deletedDateTime", "pattern"),
                ("/displayName", "wrong-type"),
                ("/importance", "not-in-enum"),
                ("/nickname", "unknown-property"),
                ("/workDays", "not-in-enum"),
            ]
        );
        let flags = errors
            .iter()
            .find(|e| e.instance_path == "/workDays")
            .expect("flags");
        assert_eq!(
            flags.kind,
            SchemaErrorKind::NotInEnum {
                value: "monday,funday".into(),
                allowed: vec!["monday".into(), "tuesday".into()]
            }
        );
        let date = errors
            .iter()
            .find(|e| e.instance_path == "/deletedDateTime")
            .expect("date");
        assert_eq!(
            date.kind,
            SchemaErrorKind::Pattern {
                format: "date-time".into()
            }
        );
        assert_eq!(date.schema_path, "/properties/deletedDateTime/pattern");
    }

    #[test]
    fn graph_serialisations_pass() {
        let r = registry();
        let ok = r
            .validate(
                "microsoft.graph.mailboxSettings",
                &json!({
                    "workingHoursStart": "08:00:00.0000000",
                    "retention": "PT0.5S",
                    "quota": "9007199254740993",
                    "ratio": "NaN"
                }),
            )
            .expect("known");
        assert_eq!(ok, []);
        let bad = r
            .validate(
                "microsoft.graph.mailboxSettings",
                &json!({"ratio": "1.5", "quota": 1.5}),
            )
            .expect("known");
        // Errors come in the body's order.
        assert_eq!(
            kinds(&bad),
            [("/ratio", "wrong-type"), ("/quota", "wrong-type")]
        );
    }

    #[test]
    fn primitives_and_enums_by_name() {
        let r = registry();
        assert_eq!(r.validate("Edm.Guid", &json!("x")).map(|e| e.len()), Ok(1));
        assert_eq!(
            r.validate("microsoft.graph.importance", &json!("low")),
            Ok(vec![])
        );
    }

    #[test]
    fn collections_use_each_elements_derived_type() {
        let r = registry();
        let body = json!({
            "@odata.context": "x",
            "@odata.nextLink": "https://graph.microsoft.com/beta/users?$skiptoken=1",
            "value": [
                {"id": "1", "displayName": "u"},
                {"@odata.type": "#microsoft.graph.user", "id": "2", "displayName": "v"},
                {"id": "3", "nickname": "w"}
            ],
            "surprise": 1
        });
        let errors = r
            .validate_collection("microsoft.graph.directoryObject", &body)
            .expect("known");
        assert_eq!(
            kinds(&errors),
            [
                ("/surprise", "unknown-property"),
                ("/value/0/displayName", "unknown-property"),
                ("/value/2/nickname", "unknown-property"),
            ]
        );
        let missing = r
            .validate_collection("Edm.String", &json!({"value": ["a", 1]}))
            .expect("known");
        assert_eq!(kinds(&missing), [("/value/1", "wrong-type")]);
        let no_value = r
            .validate_collection("Edm.String", &json!({}))
            .expect("known");
        assert_eq!(kinds(&no_value), [("", "other")]);
    }

    #[test]
    fn docs_derived_schemas_validate_too() {
        let r = SchemaRegistry::new(Arc::new(widget_set()));
        let errors = r
            .validate(
                "microsoft.graph.widget",
                &json!({
                    "id": "w1",
                    "color": "red",
                    "createdDateTime": "2021-07-09T13:45:12.3370000-07:00",
                    "dailyCheckTime": "08:00:00.0000000",
                    "tags": ["a"],
                    "owner": {"anything": true},
                    "mystery": 42,
                    "serial": "12",
                    "spareParts": [{"name": "x"}],
                    "weight": "heavy"
                }),
            )
            .expect("known");
        assert_eq!(kinds(&errors), [("/weight", "wrong-type")]);
    }

    #[test]
    fn threads_share_one_compilation() {
        let r = Arc::new(registry());
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let r = Arc::clone(&r);
                std::thread::spawn(move || {
                    r.validator("microsoft.graph.user")
                        .map(|v| Arc::as_ptr(&v) as usize)
                })
            })
            .collect();
        let ptrs: Vec<usize> = handles
            .into_iter()
            .map(|h| h.join().expect("thread").expect("validator"))
            .collect();
        assert!(ptrs.windows(2).all(|w| w[0] == w[1]));
        assert_eq!(r.compiled_count(), 1);
    }
}
