//! Tests of the body check: request targets, Graph JSON, action parameters.

use super::*;
use crate::checks::CheckContext;
use crate::contract::extract_page;
use crate::schema::csdl::Csdl;
use crate::schema::{SchemaRegistry, TypeSet};
use crate::source::SourceFile;

const CSDL: &str = r#"<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
<edmx:DataServices><Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
<EntityType Name="widget" BaseType="microsoft.graph.entity"><Property Name="displayName" Type="Edm.String"/><Property Name="data" Type="graph.Json"/><Property Name="count" Type="Edm.Int32"/></EntityType>
<ComplexType Name="Json"/>
<Action Name="make" IsBound="true"><Parameter Name="bindingParameter" Type="Collection(graph.widget)"/><Parameter Name="note" Type="Edm.String"/><Parameter Name="label" Type="Edm.String" Nullable="false"/></Action>
<EntityType Name="roundWidget" BaseType="microsoft.graph.widget"><Property Name="radius" Type="Edm.Int32"/><NavigationProperty Name="part" Type="microsoft.graph.gadget"/></EntityType>
<EntityType Name="gadget" BaseType="microsoft.graph.entity"><Property Name="size" Type="Edm.Int32"/></EntityType>
<EntityContainer Name="GraphService"><EntitySet Name="widgets" EntityType="microsoft.graph.widget"/></EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>"#;

/// (code, line) of the body findings of a POST of `body` to `/widgets`.
fn post(body: &str) -> Vec<(String, usize)> {
    request("POST /widgets", body)
}

/// (code, line) of the body findings of `METHOD /path` with `body`.
fn request(line: &str, body: &str) -> Vec<(String, usize)> {
    let (method, path) = line.split_once(' ').unwrap();
    let text = format!(
        "```http\n{method} https://graph.microsoft.com/v1.0{path}\nContent-Type: application/json\n\n{body}\n```\n```http\nHTTP/1.1 201 Created\n```\n"
    );
    let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/x", &text)));
    let csdl = Arc::new(Csdl::parse(CSDL).unwrap());
    let types = Arc::new(TypeSet::from_csdl(&csdl, "v1.0"));
    let ctx = CheckContext::new()
        .with_csdl(None, csdl)
        .with_schemas(None, Arc::new(SchemaRegistry::new(types)));
    let mut sink = Sink::new(&page);
    body_schema().check(&page, &ctx, &mut sink);
    sink.into_findings()
        .into_iter()
        .map(|f| (f.code.id().to_string(), f.location.line))
        .collect()
}

#[test]
fn a_request_body_is_typed_by_the_operation_before_its_own_odata_type() {
    // An unrelated type is that defect, not one unknown property per member.
    assert_eq!(
        post("{\n  \"@odata.type\": \"#microsoft.graph.gadget\",\n  \"displayName\": \"x\"\n}"),
        [("MC4006".to_string(), 6)]
    );
    // A derived type is the body's type: its own properties are known.
    assert!(
        post("{\n  \"@odata.type\": \"#microsoft.graph.roundWidget\",\n  \"radius\": 2\n}")
            .is_empty()
    );
    assert_eq!(
        post("{\n  \"@odata.type\": \"#microsoft.graph.roundWidget\",\n  \"radius\": \"2\"\n}"),
        [("MC4002".to_string(), 7)]
    );
    // `part` is a navigation of one derived type only: the URL's type is
    // a guess, and the body's own type is taken instead.
    assert!(
        request(
            "PATCH /widgets/1/part",
            "{\n  \"@odata.type\": \"#microsoft.graph.widget\",\n  \"displayName\": \"x\"\n}"
        )
        .is_empty()
    );
    assert_eq!(
        request("PATCH /widgets/1/part", "{\n  \"size\": \"big\"\n}"),
        [("MC4002".to_string(), 6)]
    );
}

#[test]
fn graph_json_holds_any_value_but_not_a_placeholder() {
    for data in [
        "\"0\"",
        "0",
        "[[1, \"a\"], [null, true]]",
        "{\"k\": [1]}",
        "null",
    ] {
        assert!(
            post(&format!("{{\n  \"data\": {data}\n}}")).is_empty(),
            "{data}"
        );
    }
    for data in ["\"data-value\"", "\"string\"", "\"Number\""] {
        assert_eq!(
            post(&format!("{{\n  \"data\": {data}\n}}")),
            [("MC4002".to_string(), 6)],
            "{data}"
        );
    }
    // The same stand-ins in a property of another type are that type's
    // business: a string property may hold "string".
    assert!(post("{\n  \"displayName\": \"string\"\n}").is_empty());
    assert_eq!(
        post("{\n  \"count\": \"count-value\"\n}"),
        [("MC4002".to_string(), 6)]
    );
}

#[test]
fn an_action_parameter_is_nullable_unless_the_metadata_says_not() {
    assert!(
        request(
            "POST /widgets/make",
            "{\n  \"note\": null,\n  \"label\": \"x\"\n}"
        )
        .is_empty()
    );
    assert_eq!(
        request(
            "POST /widgets/make",
            "{\n  \"note\": \"n\",\n  \"label\": null\n}"
        ),
        [("MC4002".to_string(), 7)]
    );
    // A property is nullable by the same default.
    assert!(post("{\n  \"displayName\": null\n}").is_empty());
    assert_eq!(
        request("POST /widgets/make", "{\n  \"note\": 5\n}"),
        [("MC4002".to_string(), 6)]
    );
}
