//! Schemas from the real Graph metadata (and the real docs corpus, when it is
//! there). Each test reads `MDCONTRACT_METADATA` (the folder holding
//! `beta.csdl.xml`) and says on stderr that it checked nothing without it.

use std::path::PathBuf;
use std::sync::Arc;

use mdcontract::schema::csdl::Csdl;
use mdcontract::schema::{
    SchemaErrorKind, SchemaRegistry, TypeSet, collection_envelope, export_schemas, schema_id,
};
use serde_json::{Value, json};

fn beta_csdl(test: &str) -> Option<Csdl> {
    let Some(dir) = std::env::var_os("MDCONTRACT_METADATA") else {
        eprintln!("{test}: MDCONTRACT_METADATA is not set; checked nothing");
        return None;
    };
    let path = PathBuf::from(dir).join("beta.csdl.xml");
    let xml = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Some(Csdl::parse(&xml).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Every exported document is a valid 2020-12 schema, every `$ref` resolves
/// once all documents are registered, and a real-looking user validates.
#[test]
fn exported_beta_schemas_are_valid_and_their_refs_resolve() {
    let Some(csdl) = beta_csdl("exported_beta_schemas_are_valid_and_their_refs_resolve") else {
        return;
    };
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
}

/// Every structured type's shallow validator compiles, and a Graph body
/// gets the error kinds the checker expects.
#[test]
fn every_beta_shallow_validator_compiles() {
    let Some(csdl) = beta_csdl("every_beta_shallow_validator_compiles") else {
        return;
    };
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
}

/// Docs resources from the real v1.0 corpus, merged over the v1.0 CSDL:
/// the merge resolves, and every added type's validator compiles.
#[test]
fn docs_types_from_the_corpus_merge_over_csdl() {
    let (Some(meta), Some(corpus)) = (
        std::env::var_os("MDCONTRACT_METADATA"),
        std::env::var_os("MDCONTRACT_CORPUS"),
    ) else {
        eprintln!(
            "docs_types_from_the_corpus_merge_over_csdl: MDCONTRACT_METADATA or MDCONTRACT_CORPUS is not set; checked nothing"
        );
        return;
    };
    let xml = std::fs::read_to_string(PathBuf::from(meta).join("v1.0.csdl.xml")).expect("read");
    let csdl = Csdl::parse(&xml).expect("v1.0 parses");
    let suite =
        mdcontract::suite::load_paths(&[PathBuf::from(corpus).join("v1.0")]).expect("corpus");
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
}
