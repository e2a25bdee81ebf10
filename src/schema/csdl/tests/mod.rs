//! Tests of the CSDL model: building, lookups, inheritance, validation.
//! Parse errors and hostile input are in `parse_errors.rs`; both read the
//! [`SMALL`] document (as do the permissions parser's hostile-input tests).

use super::*;

mod parse_errors;

/// Two schemas (one aliased), enums, a type definition, inheritance,
/// annotations, operations and a container; the tests assert its line numbers.
pub(in crate::schema) const SMALL: &str = include_str!("../../testdata/small.csdl.xml");

fn small() -> Csdl {
    Csdl::parse(SMALL).expect("small CSDL parses")
}

#[test]
fn type_ref_parse_and_display() {
    let t = TypeRef::parse(" Collection(graph.user) ");
    assert!(t.collection);
    assert_eq!(t.name, "graph.user");
    assert_eq!(t.to_string(), "Collection(graph.user)");
    let t = TypeRef::parse("Edm.String");
    assert!(!t.collection);
    assert!(t.is_edm());
    assert_eq!(t.to_string(), "Edm.String");
    // Unbalanced: kept whole, later reported as dangling.
    assert_eq!(TypeRef::parse("Collection(x").name, "Collection(x");
}

#[test]
fn schemas_and_aliases() {
    let c = small();
    assert_eq!(c.schemas().len(), 2);
    assert_eq!(c.schemas()[0].namespace, "microsoft.graph");
    assert_eq!(c.schemas()[0].alias.as_deref(), Some("graph"));
    assert_eq!(c.schemas()[0].line, 4);
    assert_eq!(c.schemas()[1].alias, None);
    assert_eq!(
        c.aliases().get("graph").map(String::as_str),
        Some("microsoft.graph")
    );
}

#[test]
fn entity_and_complex_types() {
    let c = small();
    let user = c.structured("microsoft.graph.user").expect("user");
    assert_eq!(user.kind, StructuredKind::Entity);
    assert_eq!(user.name, "user");
    assert_eq!(user.namespace, "microsoft.graph");
    assert_eq!(
        user.base_type.as_deref(),
        Some("microsoft.graph.directoryObject")
    );
    assert_eq!(user.line, 25);
    assert_eq!(user.properties.len(), 3);
    let dn = &user.properties[0];
    assert_eq!(dn.name, "displayName");
    assert_eq!(dn.line, 26);
    assert!(dn.nullable);
    let phones = &user.properties[1];
    assert_eq!(
        phones.type_ref,
        TypeRef::collection_of("Edm.String".to_string())
    );
    assert!(!phones.nullable);
    assert_eq!(
        user.properties[2].type_ref.name,
        "microsoft.graph.physicalAddress"
    );
    let msgs = user.navigation_property("MESSAGES").expect("ci nav");
    assert!(msgs.contains_target);
    assert_eq!(
        msgs.type_ref.to_string(),
        "Collection(microsoft.graph.message)"
    );
    assert!(
        !user
            .navigation_property("manager")
            .expect("manager")
            .contains_target
    );

    let entity = c.entity_type("graph.entity").expect("alias lookup");
    assert!(entity.is_abstract);
    assert_eq!(entity.key, vec!["id".to_string()]);
    let addr = c
        .complex_type("Microsoft.Graph.PhysicalAddress")
        .expect("ci");
    assert_eq!(addr.kind, StructuredKind::Complex);
    assert!(c.entity_type("microsoft.graph.physicalAddress").is_none());
    assert!(c.structured("microsoft.graph.nothing").is_none());

    let cr = c
        .structured("microsoft.graph.callRecords.callRecord")
        .expect("second schema");
    assert_eq!(cr.base_type.as_deref(), Some("microsoft.graph.entity"));
    assert_eq!(
        cr.navigation_properties[0].type_ref.name,
        "microsoft.graph.user"
    );
    assert_eq!(
        c.types_with_simple_name("CallRecord"),
        vec!["microsoft.graph.callRecords.callRecord"]
    );
}

#[test]
fn case_insensitive_and_canonical_names() {
    let c = small();
    assert_eq!(
        c.canonical_type_name("MICROSOFT.GRAPH.USER"),
        Some("microsoft.graph.user")
    );
    assert_eq!(
        c.canonical_type_name("Graph.DirectoryObject"),
        Some("microsoft.graph.directoryObject")
    );
    assert_eq!(c.canonical_type_name("Edm.String"), None);
    assert_eq!(c.type_kind("Edm.String"), Some(TypeKind::Primitive));
    assert_eq!(c.type_kind("graph.color"), Some(TypeKind::Enum));
    assert_eq!(c.type_kind("graph.weight"), Some(TypeKind::TypeDefinition));
    assert_eq!(
        c.type_kind("graph.physicalAddress"),
        Some(TypeKind::Complex)
    );
    assert_eq!(c.type_kind("graph.user"), Some(TypeKind::Entity));
    assert_eq!(c.type_kind("graph.nope"), None);
}

#[test]
fn enums_and_type_definitions() {
    let c = small();
    let color = c.enum_type("microsoft.graph.color").expect("color");
    assert_eq!(color.underlying_type, "Edm.Int64");
    assert!(!color.is_flags);
    let values: Vec<(&str, i64)> = color
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.value))
        .collect();
    assert_eq!(values, vec![("red", 1), ("green", 2), ("blue", 10)]);
    assert_eq!(color.member("GREEN").map(|m| m.line), Some(7));
    let flags = c.enum_type("graph.flags").expect("flags");
    assert!(flags.is_flags);
    assert_eq!(flags.underlying_type, "Edm.Int32");
    let w = c.type_definition("graph.weight").expect("weight");
    assert_eq!(w.underlying_type, "Edm.Decimal");
}

#[test]
fn operations_and_container() {
    let c = small();
    let fwd = c.operations_named("microsoft.graph.forward");
    assert_eq!(fwd.len(), 1);
    let fwd = fwd[0];
    assert_eq!(fwd.kind, OperationKind::Action);
    assert!(fwd.is_bound);
    assert_eq!(
        fwd.binding_type().map(|t| t.name.as_str()),
        Some("microsoft.graph.message")
    );
    assert_eq!(fwd.non_binding_parameters().len(), 1);
    assert!(fwd.return_type.is_none());
    assert_eq!(c.operations_named("Forward").len(), 1);
    assert_eq!(c.operations_named("graph.FORWARD").len(), 1);
    let delta = c.operations_named("delta")[0];
    assert_eq!(delta.kind, OperationKind::Function);
    assert!(delta.is_composable);
    assert_eq!(
        delta.return_type.as_ref().map(|r| r.type_ref.to_string()),
        Some("Collection(microsoft.graph.user)".to_string())
    );

    assert_eq!(c.containers().len(), 1);
    assert_eq!(
        c.containers()[0].qualified_name,
        "microsoft.graph.GraphService"
    );
    let users = c.entity_set("USERS").expect("users");
    assert_eq!(users.entity_type, "microsoft.graph.user");
    assert_eq!(
        c.entity_set("directoryObjects")
            .map(|s| s.entity_type.as_str()),
        Some("microsoft.graph.directoryObject")
    );
    assert_eq!(
        c.singleton("Me").map(|s| s.type_name.as_str()),
        Some("microsoft.graph.user")
    );
    let imp = c.operation_import("topusers").expect("import");
    assert_eq!(imp.operation, "microsoft.graph.delta");
    assert_eq!(imp.kind, OperationKind::Function);

    let s = c.stats();
    assert_eq!(s.entity_types, 6);
    assert_eq!(s.complex_types, 1);
    assert_eq!(s.enum_types, 2);
    assert_eq!(s.type_definitions, 1);
    assert_eq!((s.actions, s.functions, s.bound_operations), (1, 1, 2));
    assert_eq!((s.entity_sets, s.singletons, s.function_imports), (2, 1, 1));
    assert_eq!(s.to_json()["entity_types"], 6);
}

#[test]
fn model_problems_find_base_type_cycles_and_self_derivation() {
    let xml = "<Schema Namespace=\"microsoft.graph\" Alias=\"graph\">\n\
            <EntityType Name=\"entity\" BaseType=\"graph.entity\"/>\n\
            <EntityType Name=\"a\" BaseType=\"graph.b\"/>\n\
            <EntityType Name=\"b\" BaseType=\"graph.a\"/>\n\
            <EntityType Name=\"c\" BaseType=\"graph.a\"/>\n\
            </Schema>";
    let c = Csdl::parse(xml).expect("parses");
    let p = c.model_problems();
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!(p[0].line, 2);
    assert!(p[0].message.contains("BaseType cycle"), "{p:?}");
    assert!(
        p[0].message
            .contains("microsoft.graph.entity → microsoft.graph.entity")
    );
    assert_eq!(p[1].line, 3);
    assert!(p[1].message.contains("microsoft.graph.a"), "{p:?}");
}

#[test]
fn model_problems_find_names_that_are_not_identifiers() {
    for (ns, name) in [
        ("/abs/path/victim", "t"),
        ("../x", "t"),
        ("ok", "a\u{0}b"),
        ("ok", "a/b"),
        ("ok", ""),
        ("ok", &"n".repeat(129)),
        ("a..b", "t"),
    ] {
        let xml = format!("<Schema Namespace=\"{ns}\">\n<ComplexType Name=\"{name}\"/>\n</Schema>");
        let Ok(c) = Csdl::parse(&xml) else {
            continue;
        };
        let p = c.model_problems();
        assert!(
            p.iter()
                .any(|p| p.message.contains("not an OData identifier")),
            "{ns} {name:?}: {p:?}"
        );
    }
    let ok = Csdl::parse("<Schema Namespace=\"microsoft.graph.x_1\"><ComplexType Name=\"_\u{e9}t\u{e9}2\"/></Schema>")
            .expect("parses");
    assert!(ok.model_problems().is_empty(), "{:?}", ok.model_problems());
    assert!(is_qualified_name("microsoft.graph.user"));
    assert!(!is_qualified_name("user"));
    assert!(!is_qualified_name("/abs/path/package"));
    assert!(!is_simple_identifier("1a"));
}

#[test]
fn inheritance_helpers() {
    let c = small();
    let chain: Vec<&str> = c
        .base_chain("graph.user")
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(chain, vec!["user", "directoryObject", "entity"]);
    let props: Vec<&str> = c
        .all_properties("microsoft.graph.user")
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        props,
        vec![
            "id",
            "deletedDateTime",
            "displayName",
            "businessPhones",
            "address"
        ]
    );
    assert_eq!(c.all_navigation_properties("graph.user").len(), 3);
    let derived: Vec<&str> = c
        .derived_types("microsoft.graph.entity")
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        derived,
        vec!["directoryObject", "message", "callRecord", "user", "group"]
    );
    assert_eq!(c.direct_derived_types("graph.directoryObject").len(), 2);
    assert!(c.derived_types("graph.user").is_empty());
    assert!(c.derived_types("graph.unknown").is_empty());
    assert!(c.is_abstract("graph.entity"));
    assert!(!c.is_abstract("graph.user"));
    assert!(!c.is_abstract("graph.unknown"));
    assert!(c.is_open("graph.user"), "inherited from directoryObject");
    assert!(!c.is_open("graph.entity"));
    assert!(c.has_stream("graph.message"));
    assert_eq!(c.key_of("graph.user"), vec!["id"]);
    assert!(c.is_same_or_derived("graph.group", "graph.directoryObject"));
    assert!(!c.is_same_or_derived("graph.directoryObject", "graph.group"));
}

#[test]
fn base_chain_survives_cycles() {
    let xml = r#"<Schema Namespace="n">
  <EntityType Name="a" BaseType="n.b"/>
  <EntityType Name="b" BaseType="n.a"/>
</Schema>"#;
    let c = Csdl::parse(xml).expect("bare schema parses");
    assert_eq!(c.base_chain("n.a").len(), 2);
    assert_eq!(c.derived_types("n.a").len(), 1);
    assert!(!c.is_open("n.a"));
    assert!(c.all_properties("n.b").is_empty());
}

#[test]
fn dangling_refs_found_with_lines() {
    let c = small();
    assert!(c.dangling_refs().is_empty(), "{:?}", c.dangling_refs());

    let xml = r#"<Schema Namespace="n" Alias="a">
  <EntityType Name="t" BaseType="a.missingBase">
    <Property Name="p" Type="Collection(a.Missing)" />
    <Property Name="q" Type="Edm.string" />
    <Property Name="ok" Type="Edm.String" />
    <NavigationProperty Name="nav" Type="n.T" />
  </EntityType>
  <Action Name="act" IsBound="true">
    <Parameter Name="b" Type="n.t" />
    <Parameter Name="x" Type="n.ghost" />
    <ReturnType Type="n.alsoGhost" />
  </Action>
  <EntityContainer Name="c">
    <EntitySet Name="s" EntityType="n.nothing" />
    <Singleton Name="one" Type="n.t" />
    <ActionImport Name="ai" Action="n.noSuchAction" />
  </EntityContainer>
</Schema>"#;
    let c = Csdl::parse(xml).expect("parses");
    let d = c.dangling_refs();
    let summary: Vec<(usize, RefContext, &str)> = d
        .iter()
        .map(|r| (r.line, r.context, r.referenced.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (2, RefContext::BaseType, "n.missingBase"),
            (3, RefContext::PropertyType, "n.Missing"),
            (4, RefContext::PropertyType, "Edm.string"),
            (6, RefContext::NavigationPropertyType, "n.T"),
            (10, RefContext::ParameterType, "n.ghost"),
            (11, RefContext::ReturnType, "n.alsoGhost"),
            (14, RefContext::EntitySetType, "n.nothing"),
            (16, RefContext::ImportedOperation, "n.noSuchAction"),
        ]
    );
    assert_eq!(d[3].suggestion.as_deref(), Some("n.t"));
    assert_eq!(d[3].owner, "n.t/nav");
    assert_eq!(d[2].suggestion.as_deref(), Some("Edm.String"));
    assert!(d[0].to_string().contains("line 2"));
    assert_eq!(d[0].to_json()["context"], "BaseType");
}

#[test]
fn duplicates_are_reported() {
    let xml = r#"<Schema Namespace="n">
  <EntityType Name="t"><Property Name="a" Type="Edm.String"/></EntityType>
  <ComplexType Name="t"/>
</Schema>"#;
    let c = Csdl::parse(xml).expect("parses");
    assert_eq!(
        c.duplicates(),
        &[Duplicate {
            qualified_name: "n.t".to_string(),
            line: 3,
            first_line: 2
        }]
    );
    assert_eq!(
        c.structured("n.t").map(|t| t.kind),
        Some(StructuredKind::Entity)
    );
}

#[test]
fn include_alias_resolves() {
    let xml = r#"<edmx:Edmx xmlns:edmx="x">
  <edmx:Reference Uri="https://example.com/core.xml">
    <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core" />
  </edmx:Reference>
  <edmx:DataServices>
    <Schema Namespace="n">
      <ComplexType Name="c"><Property Name="p" Type="Core.Tag" /></ComplexType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;
    let c = Csdl::parse(xml).expect("parses");
    let p = &c.structured("n.c").expect("c").properties[0];
    assert_eq!(p.type_ref.name, "Org.OData.Core.V1.Tag");
}

#[test]
fn alias_declared_after_use_resolves() {
    let xml = r#"<edmx:Edmx xmlns:edmx="x"><edmx:DataServices>
    <Schema Namespace="first">
      <ComplexType Name="c"><Property Name="p" Type="late.t" /></ComplexType>
    </Schema>
    <Schema Namespace="second.ns" Alias="late">
      <ComplexType Name="t" />
    </Schema>
</edmx:DataServices></edmx:Edmx>"#;
    let c = Csdl::parse(xml).expect("parses");
    let p = &c.structured("first.c").expect("c").properties[0];
    assert_eq!(p.type_ref.name, "second.ns.t");
    assert!(c.dangling_refs().is_empty());
}

/// [`SMALL`] with a few of its tokens broken, for the never-panic tests
/// of both parsers.
pub(in crate::schema) fn mangled_small() -> Vec<String> {
    [
        ("</Key>", ""),
        ("Value=\"10\"", "Value=10"),
        ("<Property", "<Property Type=\"\""),
        ("graph.", "&bogus;"),
        ("\"", "'"),
        (">", ">&"),
    ]
    .iter()
    .map(|(from, to)| SMALL.replacen(from, to, 3))
    .collect()
}
