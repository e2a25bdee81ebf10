//! Schemas from the real Graph metadata (and the real docs corpus, when it is
//! there). Each test reads `MDCONTRACT_METADATA` (the folder holding
//! `{v1.0,beta}.csdl.xml` and `{v1.0,beta}.permissions.xml`); without it the
//! tests are ignored and say so (under `CI=true` they fail).

// Test functions without `#[test]` (a libtest-mimic harness, see
// tests/common/gate.rs): clippy.toml's allow-unwrap-in-tests does not see
// them as tests.
#![allow(clippy::unwrap_used)]

mod common;

use common::gate::{self, Gated};

use std::sync::Arc;

use mdcontract::schema::csdl::Csdl;
use mdcontract::schema::permissions::{PermissionScopes, ScopeInfo};
use mdcontract::schema::resolve::{Resolved, ResolvedKind, SegmentKind};
use mdcontract::schema::{
    SchemaErrorKind, SchemaRegistry, TypeSet, collection_envelope, export_schemas, schema_id,
};
use serde_json::{Value, json};

fn beta_csdl() -> Result<Csdl, gate::Missing> {
    let path = gate::metadata()?.join("beta.csdl.xml");
    let xml = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Ok(Csdl::parse(&xml).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Every exported document is a valid 2020-12 schema, every `$ref` resolves
/// once all documents are registered, and a real-looking user validates.
fn exported_beta_schemas_are_valid_and_their_refs_resolve() -> Gated {
    let csdl = beta_csdl()?;
    let types = TypeSet::from_csdl(&csdl, "beta");
    let dir = tempfile::tempdir().expect("tempdir");
    let report = export_schemas(&types, dir.path()).expect("export");
    assert_eq!(report.schemas, types.len());
    assert!(types.stats().entity_types + types.stats().complex_types > 2000);

    let mut docs: Vec<(String, Value)> = Vec::new();
    let mut invalid = Vec::new();
    for entry in std::fs::read_dir(dir.path()).expect("read dir") {
        let path = entry.expect("entry").path();
        let doc: Value = serde_json::from_slice(&std::fs::read(&path).expect("read"))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if let Err(e) = jsonschema::meta::validate(&doc) {
            invalid.push(format!("{}: {e}", path.display()));
        }
        let id = doc["$id"]
            .as_str()
            .expect("every document has an $id")
            .to_string();
        docs.push((id, doc));
    }
    assert!(
        invalid.is_empty(),
        "{} invalid: {:?}",
        invalid.len(),
        &invalid[..invalid.len().min(5)]
    );
    assert_eq!(
        docs.len(),
        types.len() + 1,
        "one file per type plus the index"
    );

    let registry = jsonschema::Registry::new()
        .extend(docs)
        .and_then(|b| b.prepare())
        .expect("all documents register");
    let user_id = schema_id(&types, "microsoft.graph.user");
    let validator = jsonschema::draft202012::options()
        .with_registry(&registry)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(&json!({ "$ref": user_id }))
        .expect("user compiles with every $ref resolved");
    let user = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#users/$entity",
        "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
        "displayName": "Adele Vance",
        "accountEnabled": true,
        "businessPhones": ["+1 425 555 0109"],
        "createdDateTime": "2021-07-09T13:45:12.3370000-07:00",
        "assignedLicenses": [
            {"disabledPlans": ["bea4c11e-220a-4e6d-8eb8-8ea15d019f90"], "skuId": "b05e124f-c7cc-45a0-a6aa-8cf78c946968"}
        ],
        "mailboxSettings": {
            "timeZone": "Pacific Standard Time",
            "workingHours": {"daysOfWeek": ["monday"], "startTime": "08:00:00.0000000", "endTime": "17:00:00.0000000"}
        }
    });
    let errors: Vec<String> = validator
        .iter_errors(&user)
        .map(|e| format!("{} {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let bad = json!({"assignedLicenses": [{"skuId": "not-a-guid"}]});
    let paths: Vec<String> = validator
        .iter_errors(&bad)
        .map(|e| e.instance_path().to_string())
        .collect();
    assert!(
        paths.iter().any(|p| p == "/assignedLicenses/0/skuId"),
        "{paths:?}"
    );

    // user is open in beta: undeclared properties pass.
    assert!(validator.is_valid(&json!({"extension_abc_favouriteColour": "teal"})));

    // todoTask is closed; its envelope reaches it through an absolute $ref.
    let envelope = jsonschema::draft202012::options()
        .with_registry(&registry)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(&collection_envelope(&types, "microsoft.graph.todoTask"))
        .expect("envelope compiles");
    let task = json!({
        "@odata.etag": "W/\"xzyPKP0BiUGgld+lMKXwbQAAgdhkVQ==\"",
        "id": "AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AFvjf",
        "title": "Buy milk",
        "importance": "low",
        "isReminderOn": false,
        "status": "notStarted",
        "createdDateTime": "2020-07-08T20:39:17.2578905Z",
        "lastModifiedDateTime": "2020-07-08T20:39:17.2578905Z",
        "bodyLastModifiedDateTime": "2020-07-08T20:39:17.2578905Z",
        "body": {"content": "", "contentType": "text"},
        "dueDateTime": {"dateTime": "2020-07-09T07:00:00.0000000", "timeZone": "UTC"}
    });
    let page = json!({"value": [task], "@odata.nextLink": "https://graph.microsoft.com/beta/me/todo/lists/1/tasks?$skip=10"});
    let errors: Vec<String> = envelope
        .iter_errors(&page)
        .map(|e| format!("{} {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(!envelope.is_valid(&json!({"value": [{"colour": "red"}]})));
    assert!(!envelope.is_valid(&json!({"value": [{"body": {"contentType": "rtf"}}]})));
    assert!(!envelope.is_valid(&json!({"items": []})));
    Ok(())
}

/// Every structured type's shallow validator compiles, and a Graph body
/// gets the error kinds the checker expects.
fn every_beta_shallow_validator_compiles() -> Gated {
    let csdl = beta_csdl()?;
    let registry = SchemaRegistry::new(Arc::new(TypeSet::from_csdl(&csdl, "beta")));
    let names: Vec<String> = registry.types().types().map(|t| t.name.clone()).collect();
    let failures: Vec<String> = names
        .iter()
        .filter_map(|n| registry.validator(n).err().map(|e| e.to_string()))
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
    assert_eq!(registry.compiled_count(), names.len());

    let errors = registry
        .validate(
            "microsoft.graph.todoTask",
            &json!({
                "title": "Sync",
                "importance": "urgent",
                "isReminderOn": "no",
                "createdDateTime": "2021-07-09",
                "dueDateTime": {"dateTime": "not checked: nested", "timeZone": 1},
                "colour": "red"
            }),
        )
        .expect("todoTask is known");
    let kinds: Vec<(&str, &SchemaErrorKind)> = errors
        .iter()
        .map(|e| (e.instance_path.as_str(), &e.kind))
        .collect();
    assert!(
        matches!(
            kinds.as_slice(),
            [
                ("/importance", SchemaErrorKind::NotInEnum { .. }),
                ("/isReminderOn", SchemaErrorKind::WrongType { .. }),
                ("/createdDateTime", SchemaErrorKind::Pattern { .. }),
                ("/colour", SchemaErrorKind::UnknownProperty(_)),
            ]
        ),
        "{kinds:?}"
    );
    Ok(())
}

/// Docs resources from the real v1.0 corpus, merged over the v1.0 CSDL:
/// the merge resolves, and every added type's validator compiles.
fn docs_types_from_the_corpus_merge_over_csdl() -> Gated {
    let meta = gate::metadata()?;
    let corpus = gate::corpus()?;
    let xml = std::fs::read_to_string(meta.join("v1.0.csdl.xml")).expect("read");
    let csdl = Csdl::parse(&xml).expect("v1.0 parses");
    let suite = mdcontract::suite::load_paths(&[corpus.join("v1.0")]).expect("corpus");
    let resources: Vec<_> = suite
        .pages
        .iter()
        .flat_map(|p| p.resources.iter())
        .collect();
    assert!(resources.len() > 500, "{}", resources.len());

    let docs = TypeSet::from_docs(resources.iter().copied(), "docs-v1.0");
    let merged = TypeSet::from_csdl_and_docs(&csdl, resources.iter().copied(), "v1.0");
    let csdl_only = TypeSet::from_csdl(&csdl, "v1.0");
    eprintln!(
        "docs: {:?}, {} unresolved names; merged: {} types ({} from docs only)",
        docs.stats(),
        docs.unresolved().len(),
        merged.len(),
        merged.len() - csdl_only.len()
    );
    assert!(docs.stats().entity_types > 100);
    let registry = SchemaRegistry::new(Arc::new(docs));
    let failures: Vec<String> = registry
        .types()
        .types()
        .filter_map(|t| registry.validator(&t.name).err().map(|e| e.to_string()))
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
    Ok(())
}

/// The real metadata (moved from the unit tests of src/schema/csdl.rs, so
/// that `cargo test --lib` never needs outside data): the folder holding `{v1.0,beta}.csdl.xml` and `{v1.0,beta}.permissions.xml`.
fn real_metadata_files() -> Gated {
    let dir = gate::metadata()?;
    for version in ["v1.0", "beta"] {
        let path = dir.join(format!("{version}.csdl.xml"));
        let xml = std::fs::read_to_string(&path).expect("read CSDL");
        let c = Csdl::parse(&xml).expect("real CSDL parses");
        let s = c.stats();
        assert!(s.entity_types > 0, "{version}: {s:?}");
        assert!(s.complex_types > 0, "{version}: {s:?}");
        assert!(s.enum_types > 0, "{version}: {s:?}");
        assert!(s.entity_sets > 0 && s.singletons > 0, "{version}: {s:?}");
        assert!(s.actions > 0 && s.functions > 0, "{version}: {s:?}");
        assert!(c.duplicates().is_empty(), "{version}: {:?}", c.duplicates());
        let user = c.entity_type("microsoft.graph.user").expect("user");
        assert!(user.line > 1);
        assert!(c.is_same_or_derived("graph.user", "microsoft.graph.directoryObject"));
        assert!(
            !c.derived_types("microsoft.graph.directoryObject")
                .is_empty()
        );
        assert_eq!(c.key_of("microsoft.graph.user"), vec!["id"]);
        assert!(c.singleton("me").is_some());
        // Dangling references are data, not a failure; make sure the pass
        // runs and every entry points at a real line.
        let lines = xml.lines().count();
        assert!(
            c.dangling_refs()
                .iter()
                .all(|d| d.line >= 1 && d.line <= lines)
        );

        let ppath = dir.join(format!("{version}.permissions.xml"));
        let pxml = std::fs::read_to_string(&ppath).expect("read permissions");
        let p = PermissionScopes::parse(&pxml).expect("real permissions parse");
        assert!(p.len() > 100, "{version}: {}", p.len());
        assert!(p.contains("user.read"));
        assert!(
            p.get("User.Read.All")
                .is_some_and(ScopeInfo::is_application)
        );
        assert!(!p.contains("Not supported."));
        assert!(!p.restrictions().is_empty());
    }
    Ok(())
}

fn ok(c: &Csdl, path: &[&str]) -> Resolved {
    c.resolve_path(path)
        .unwrap_or_else(|e| panic!("{path:?} should resolve: {e}"))
}

fn ty(r: &Resolved) -> String {
    r.type_ref
        .as_ref()
        .map_or("-".to_string(), ToString::to_string)
}

/// Resolves the documented examples against the real beta (and v1.0)
/// metadata (moved from the unit tests of src/schema/resolve.rs).
fn real_metadata_resolution() -> Gated {
    let dir = gate::metadata()?;
    let xml = std::fs::read_to_string(dir.join("beta.csdl.xml")).expect("read beta");
    let beta = Csdl::parse(&xml).expect("beta parses");
    let s = beta.stats();
    assert!(s.entity_types > 0 && s.complex_types > 0 && s.entity_sets > 0);

    let r = ok(
        &beta,
        &[
            "officeConfiguration",
            "clientConfigurations",
            "{officeClientConfigurationId}",
            "assignments",
            "{officeClientConfigurationAssignmentId}",
        ],
    );
    assert_eq!(r.kind, ResolvedKind::SingleEntity);
    assert_eq!(
        ty(&r),
        "microsoft.graph.officeClientConfigurationAssignment"
    );
    assert!(!r.via_derived());

    let r = ok(
        &beta,
        &["me", "messages", "{id}", "microsoft.graph.forward"],
    );
    assert_eq!(r.kind, ResolvedKind::Action);
    assert_eq!(r.operation(), Some("microsoft.graph.forward"));
    assert!(r.type_ref.is_none());

    let r = ok(
        &beta,
        &["users", "{id}", "memberOf", "microsoft.graph.group"],
    );
    assert_eq!(r.kind, ResolvedKind::EntitySet);
    assert_eq!(r.last_segment_kind(), Some(SegmentKind::Cast));
    assert_eq!(ty(&r), "Collection(microsoft.graph.group)");

    let xml = std::fs::read_to_string(dir.join("v1.0.csdl.xml")).expect("read v1.0");
    let v1 = Csdl::parse(&xml).expect("v1.0 parses");
    let r = ok(&v1, &["me", "messages", "{id}", "forward"]);
    assert_eq!(r.kind, ResolvedKind::Action);
    let r = ok(&v1, &["users", "{id}", "memberOf", "microsoft.graph.group"]);
    assert_eq!(ty(&r), "Collection(microsoft.graph.group)");
    Ok(())
}

gated_tests!(
    exported_beta_schemas_are_valid_and_their_refs_resolve,
    every_beta_shallow_validator_compiles,
    docs_types_from_the_corpus_merge_over_csdl,
    real_metadata_files,
    real_metadata_resolution,
);
