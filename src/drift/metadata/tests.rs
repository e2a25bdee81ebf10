//! Tests of metadata ⇄ metadata drift.

use std::collections::BTreeSet;

use super::*;
use crate::drift::{Change, Impact, ItemKind};

fn parse(xml: &str) -> Csdl {
    Csdl::parse(xml).expect("test CSDL parses")
}

fn doc(body: &str) -> String {
    format!(
        r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
{body}
</Schema></edmx:DataServices></edmx:Edmx>"#
    )
}

fn diff(old: &str, new: &str) -> DriftReport {
    compare(&parse(&doc(old)), "old", &parse(&doc(new)), "new")
}

/// `impact change kind subject: detail` per item.
fn lines(r: &DriftReport) -> Vec<String> {
    r.items
        .iter()
        .map(|i| {
            format!(
                "{:?} {:?} {:?} {}: {}",
                i.impact.expect("classified"),
                i.change,
                i.kind,
                i.subject,
                i.detail
            )
        })
        .collect()
}

fn specs_pair() -> DriftReport {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/metadata/drift");
    compare_files(
        &root.join("widgets-old.csdl.xml"),
        &root.join("widgets-new.csdl.xml"),
    )
    .expect("the specs pair loads")
}

#[test]
fn identical_documents_have_no_drift() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/metadata");
    for f in [
        "v1.0.csdl.xml",
        "beta.csdl.xml",
        "drift/widgets-new.csdl.xml",
    ] {
        let r = compare_files(&root.join(f), &root.join(f)).expect("loads");
        assert!(r.is_empty(), "{f}: {:?}", r.items);
    }
}

#[test]
fn alias_and_namespace_spellings_are_one_name() {
    let old = r#"<EntityType Name="a"><Property Name="p" Type="graph.b"/>
        <NavigationProperty Name="n" Type="Collection(graph.a)"/></EntityType>
        <ComplexType Name="b"/>"#;
    let new = r#"<ComplexType Name="b"/><EntityType Name="a">
        <NavigationProperty Name="n" Type=" Collection( microsoft.graph.a ) "/>
        <Property Name="p" Type="microsoft.graph.b"/></EntityType>"#;
    let r = diff(old, new);
    assert!(r.is_empty(), "{:?}", lines(&r));
}

#[test]
fn a_property_moved_to_a_new_base_type_is_not_removed() {
    let old = r#"<EntityType Name="t"><Property Name="p" Type="Edm.String"/></EntityType>"#;
    let new = r#"<EntityType Name="base" Abstract="true"><Property Name="p" Type="Edm.String"/></EntityType>
        <EntityType Name="t" BaseType="graph.base"/>"#;
    assert_eq!(
        lines(&diff(old, new)),
        [
            "Additive Added EntityType microsoft.graph.base: abstract, 1 property, 0 navigation properties",
            "Additive Changed EntityType microsoft.graph.t: base type none → microsoft.graph.base",
        ]
    );
}

#[test]
fn a_base_type_change_breaks_unless_the_old_base_is_still_an_ancestor() {
    let old = r#"<EntityType Name="root"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
        <EntityType Name="mid" BaseType="graph.root"><Property Name="m" Type="Edm.String"/></EntityType>
        <EntityType Name="inserted" BaseType="graph.root"/>
        <EntityType Name="cut" BaseType="graph.mid"/>
        <EntityType Name="orphan" BaseType="graph.root"/>"#;
    let new = r#"<EntityType Name="root"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
        <EntityType Name="mid" BaseType="graph.root"><Property Name="m" Type="Edm.String"/></EntityType>
        <EntityType Name="inserted" BaseType="graph.mid"/>
        <EntityType Name="cut" BaseType="graph.root"/>
        <EntityType Name="orphan"/>"#;
    assert_eq!(
        lines(&diff(old, new)),
        [
            "Breaking Changed EntityType microsoft.graph.cut: base type microsoft.graph.mid → microsoft.graph.root (no longer inherits m)",
            "Breaking Changed EntityType microsoft.graph.orphan: base type microsoft.graph.root → none (no longer inherits id)",
            "Breaking Changed EntityType microsoft.graph.orphan: key (id) → ()",
            "Additive Changed EntityType microsoft.graph.inserted: base type microsoft.graph.root → microsoft.graph.mid (still derives from microsoft.graph.root)",
        ]
    );
}

#[test]
fn duplicate_declarations_count_once() {
    let once = r#"<EnumType Name="e"><Member Name="a"/><Member Name="unknownFutureValue"/></EnumType>
        <Action Name="go" IsBound="true"><Parameter Name="b" Type="graph.t"/></Action>
        <EntityType Name="t"><Property Name="p" Type="Edm.String"/></EntityType>"#;
    let twice = r#"<EnumType Name="e"><Member Name="a"/><Member Name="unknownFutureValue"/><Member Name="a" Value="9"/></EnumType>
        <Action Name="go" IsBound="true"><Parameter Name="b" Type="graph.t"/></Action>
        <Action Name="go" IsBound="true"><Parameter Name="b" Type="graph.t"/></Action>
        <EntityType Name="t"><Property Name="p" Type="Edm.String"/><Property Name="p" Type="Edm.Int32"/></EntityType>
        <EntityType Name="t"><Property Name="q" Type="Edm.String"/></EntityType>"#;
    let r = diff(once, twice);
    assert!(r.is_empty(), "{:?}", lines(&r));
    let r = diff(twice, once);
    assert!(r.is_empty(), "{:?}", lines(&r));
}

#[test]
fn property_rules() {
    let old = r#"<EntityType Name="t">
        <Property Name="gone" Type="Edm.String"/>
        <Property Name="wide" Type="Edm.Int32"/>
        <Property Name="tight" Type="Edm.String"/>
        <Property Name="loose" Type="Edm.String" Nullable="false"/>
        <Property Name="many" Type="Edm.String"/>
        <Property Name="nav" Type="graph.t"/>
    </EntityType>"#;
    let new = r#"<EntityType Name="t">
        <Property Name="wide" Type="Edm.Int64"/>
        <Property Name="tight" Type="Edm.String" Nullable="false"/>
        <Property Name="loose" Type="Edm.String"/>
        <Property Name="many" Type="Collection(Edm.String)"/>
        <NavigationProperty Name="nav" Type="graph.t"/>
        <Property Name="opt" Type="Edm.String"/>
        <Property Name="req" Type="Edm.Boolean" Nullable="false"/>
        <Property Name="tags" Type="Collection(Edm.String)" Nullable="false"/>
    </EntityType>"#;
    assert_eq!(
        lines(&diff(old, new)),
        [
            "Breaking Removed Property microsoft.graph.t/gone: Edm.String, nullable",
            "Breaking Changed Property microsoft.graph.t/loose: not nullable → nullable",
            "Breaking Changed Property microsoft.graph.t/many: type Edm.String → Collection(Edm.String)",
            "Breaking Changed Property microsoft.graph.t/nav: property → navigation property (microsoft.graph.t)",
            "Breaking Added Property microsoft.graph.t/req: Edm.Boolean, not nullable: writers that omit it fail",
            "Breaking Changed Property microsoft.graph.t/tight: nullable → not nullable",
            "Breaking Changed Property microsoft.graph.t/wide: type Edm.Int32 → Edm.Int64 (widened)",
            "Additive Added Property microsoft.graph.t/opt: Edm.String, nullable",
            "Additive Added Property microsoft.graph.t/tags: Collection(Edm.String), not nullable",
        ]
    );
}

#[test]
fn enum_rules_follow_the_policy_and_the_evolvable_pattern() {
    let old = r#"<EnumType Name="evolvable"><Member Name="a" Value="0"/><Member Name="b" Value="1"/><Member Name="unknownFutureValue" Value="2"/></EnumType>
        <EnumType Name="closed"><Member Name="a" Value="0"/><Member Name="b" Value="1"/></EnumType>
        <EnumType Name="bits" IsFlags="true"><Member Name="x" Value="1"/><Member Name="y" Value="2"/></EnumType>"#;
    let new = r#"<EnumType Name="evolvable"><Member Name="a" Value="0"/><Member Name="early" Value="1"/><Member Name="unknownFutureValue" Value="2"/><Member Name="b" Value="3"/><Member Name="late" Value="4"/></EnumType>
        <EnumType Name="closed" IsFlags="true"><Member Name="a" Value="0"/><Member Name="c" Value="2"/></EnumType>
        <EnumType Name="bits" IsFlags="true"><Member Name="x" Value="1"/><Member Name="y" Value="4"/><Member Name="xy" Value="5"/><Member Name="z" Value="8"/></EnumType>"#;
    assert_eq!(
        lines(&diff(old, new)),
        [
            "Breaking Changed EnumType microsoft.graph.closed: not flags → flags",
            "Breaking Added EnumMember microsoft.graph.bits/xy: value 5, flags, overlaps x",
            "Breaking Changed EnumMember microsoft.graph.bits/y: value 2 → 4, flags: values combine",
            "Breaking Removed EnumMember microsoft.graph.closed/b: value 1",
            "Breaking Changed EnumMember microsoft.graph.evolvable/b: value 1 → 3, now after unknownFutureValue (2): old clients get unknownFutureValue",
            "Additive Added EnumMember microsoft.graph.bits/z: value 8, the enum has no unknownFutureValue",
            "Additive Added EnumMember microsoft.graph.closed/c: value 2, the enum has no unknownFutureValue",
            "Additive Added EnumMember microsoft.graph.evolvable/early: value 1, before unknownFutureValue (2)",
            "Additive Added EnumMember microsoft.graph.evolvable/late: value 4, after unknownFutureValue (2), hidden from old clients",
        ]
    );
    // Renumbered, the sentinel included, all on the same side of it:
    // JSON names the members, nothing changes for a client.
    let old = r#"<EnumType Name="status"><Member Name="up" Value="0"/><Member Name="upgrading" Value="1"/><Member Name="down" Value="2"/><Member Name="unknownFutureValue" Value="3"/></EnumType>"#;
    let new = r#"<EnumType Name="status"><Member Name="up" Value="0"/><Member Name="down" Value="1"/><Member Name="resizing" Value="2"/><Member Name="unknownFutureValue" Value="999"/></EnumType>"#;
    assert_eq!(
        lines(&diff(old, new)),
        [
            "Breaking Removed EnumMember microsoft.graph.status/upgrading: value 1",
            "Additive Changed EnumMember microsoft.graph.status/down: value 2 → 1, serialized by name",
            "Additive Added EnumMember microsoft.graph.status/resizing: value 2, before unknownFutureValue (999)",
            "Additive Changed EnumMember microsoft.graph.status/unknownFutureValue: value 3 → 999, serialized by name",
        ]
    );
}

#[test]
fn graph_json_and_edm_untyped_are_one_type() {
    let json = r#"<ComplexType Name="Json"/><EntityType Name="t"><Property Name="v" Type="graph.Json"/></EntityType>
        <Action Name="abs" IsBound="true"><Parameter Name="b" Type="graph.t"/><Parameter Name="number" Type="graph.Json"/><ReturnType Type="Collection(graph.Json)"/></Action>"#;
    let untyped = r#"<ComplexType Name="Json"/><EntityType Name="t"><Property Name="v" Type="Edm.Untyped"/></EntityType>
        <Action Name="abs" IsBound="true"><Parameter Name="b" Type="graph.t"/><Parameter Name="number" Type="Edm.Untyped"/><ReturnType Type="Collection(Edm.Untyped)"/></Action>"#;
    let r = diff(json, untyped);
    assert!(r.is_empty(), "{:?}", lines(&r));
    let r = diff(untyped, json);
    assert!(r.is_empty(), "{:?}", lines(&r));
    // A `Json` that declares members is a complex type like any other.
    let declared = json.replace(
        r#"<ComplexType Name="Json"/>"#,
        r#"<ComplexType Name="Json"><Property Name="raw" Type="Edm.String"/></ComplexType>"#,
    );
    let untyped_declared = untyped.replace(
        r#"<ComplexType Name="Json"/>"#,
        r#"<ComplexType Name="Json"><Property Name="raw" Type="Edm.String"/></ComplexType>"#,
    );
    assert_eq!(
        lines(&diff(&declared, &untyped_declared)),
        [
            "Breaking Changed Property microsoft.graph.t/v: type microsoft.graph.Json → Edm.Untyped",
            "Breaking Changed Action microsoft.graph.abs(microsoft.graph.t): return type Collection(microsoft.graph.Json) → Collection(Edm.Untyped)",
            "Additive Changed Action microsoft.graph.abs(microsoft.graph.t): parameter number type microsoft.graph.Json → Edm.Untyped (widened)",
        ]
    );
}

#[test]
fn a_stream_wrapper_returned_is_the_stream() {
    let report = r#"<ComplexType Name="report"><Property Name="content" Type="Edm.Stream"/></ComplexType>
        <EntityType Name="reportRoot"/>"#;
    let wrapped = format!(
        r#"{report}<Function Name="getCounts" IsBound="true"><Parameter Name="b" Type="graph.reportRoot"/><ReturnType Type="graph.report"/></Function>
        <EntityType Name="t"><Property Name="r" Type="graph.report"/></EntityType>"#
    );
    let bare = format!(
        r#"{report}<Function Name="getCounts" IsBound="true"><Parameter Name="b" Type="graph.reportRoot"/><ReturnType Type="Edm.Stream"/></Function>
        <EntityType Name="t"><Property Name="r" Type="Edm.Stream"/></EntityType>"#
    );
    // Returned, one response; as a property, two shapes.
    let expected =
        ["Breaking Changed Property microsoft.graph.t/r: type microsoft.graph.report → Edm.Stream"];
    assert_eq!(lines(&diff(&wrapped, &bare)), expected);
    // A second member makes it an object like any other.
    let two = |s: &str| {
        s.replace(
            r#"Type="Edm.Stream"/></ComplexType>"#,
            r#"Type="Edm.Stream"/><Property Name="kind" Type="Edm.String"/></ComplexType>"#,
        )
    };
    assert_eq!(
        lines(&diff(&two(&wrapped), &two(&bare))),
        [
            expected[0],
            "Breaking Changed Function microsoft.graph.getCounts(microsoft.graph.reportRoot): return type microsoft.graph.report → Edm.Stream",
        ]
    );
}

#[test]
fn containment_is_compared_in_effect_and_by_direction() {
    let sets = r#"<EntityContainer Name="c"><EntitySet Name="groups" EntityType="graph.group"/></EntityContainer>"#;
    let old = format!(
        r#"<EntityType Name="group"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
        <EntityType Name="stat" BaseType="graph.group"/><EntityType Name="analytics"/>
        <EntityType Name="item">
          <NavigationProperty Name="analytics" Type="graph.analytics"/>
          <NavigationProperty Name="incompatibleGroups" Type="Collection(graph.group)" ContainsTarget="true"/>
          <NavigationProperty Name="members" Type="Collection(graph.group)"/>
          <NavigationProperty Name="stats" Type="Collection(graph.stat)"/>
        </EntityType>{sets}"#
    );
    let new = format!(
        r#"<EntityType Name="group"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
        <EntityType Name="stat" BaseType="graph.group"/><EntityType Name="analytics"/>
        <EntityType Name="item">
          <NavigationProperty Name="analytics" Type="graph.analytics" ContainsTarget="true"/>
          <NavigationProperty Name="incompatibleGroups" Type="Collection(graph.group)"/>
          <NavigationProperty Name="members" Type="Collection(graph.group)" ContainsTarget="true"/>
          <NavigationProperty Name="stats" Type="Collection(graph.stat)" ContainsTarget="true"/>
        </EntityType>{sets}"#
    );
    // analytics: no set holds its target either way; stats: the groups
    // set holds stat entities, so it was not contained.
    assert_eq!(
        lines(&diff(&old, &new)),
        [
            "Breaking Changed NavigationProperty microsoft.graph.item/members: not contained → contained",
            "Breaking Changed NavigationProperty microsoft.graph.item/stats: not contained → contained",
            "Additive Changed NavigationProperty microsoft.graph.item/incompatibleGroups: contained → not contained",
        ]
    );
    // The set gone, its entities are reachable only through the path.
    let r = diff(&old, &old.replace(sets, ""));
    assert_eq!(
        lines(&r),
        [
            "Breaking Changed NavigationProperty microsoft.graph.item/members: not contained → contained in effect (no entity set or singleton holds the target)",
            "Breaking Changed NavigationProperty microsoft.graph.item/stats: not contained → contained in effect (no entity set or singleton holds the target)",
            "Breaking Removed EntitySet microsoft.graph.c/groups: entity type microsoft.graph.group",
        ]
    );
}

#[test]
fn inputs_may_widen_outputs_may_narrow_properties_neither() {
    let old = r#"<ComplexType Name="base"><Property Name="p" Type="Edm.String"/></ComplexType>
        <ComplexType Name="derived" BaseType="graph.base"/>
        <EntityType Name="singletonType"><Property Name="q" Type="graph.base"/><Property Name="r" Type="graph.derived"/></EntityType>
        <Action Name="send"><Parameter Name="a" Type="graph.derived"/><Parameter Name="b" Type="graph.base"/><Parameter Name="c" Type="Edm.String"/><ReturnType Type="graph.base"/></Action>
        <Function Name="get"><ReturnType Type="graph.derived"/></Function>
        <Function Name="count"><ReturnType Type="Edm.Int64"/></Function>"#;
    let new = r#"<EntityType Name="entity"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
        <ComplexType Name="base"><Property Name="p" Type="Edm.String"/></ComplexType>
        <ComplexType Name="derived" BaseType="graph.base"/>
        <EntityType Name="singletonType" BaseType="graph.entity"><Property Name="q" Type="graph.derived"/><Property Name="r" Type="graph.base"/></EntityType>
        <Action Name="send"><Parameter Name="a" Type="graph.base"/><Parameter Name="b" Type="graph.derived"/><Parameter Name="c" Type="Edm.Untyped"/><ReturnType Type="graph.derived"/></Action>
        <Function Name="get"><ReturnType Type="graph.base"/></Function>
        <Function Name="count"><ReturnType Type="Edm.Int32"/></Function>"#;
    assert_eq!(
        lines(&diff(old, new)),
        [
            "Breaking Changed Property microsoft.graph.singletonType/q: type microsoft.graph.base → microsoft.graph.derived",
            "Breaking Changed Property microsoft.graph.singletonType/r: type microsoft.graph.derived → microsoft.graph.base",
            "Breaking Changed Action microsoft.graph.send(): parameter b type microsoft.graph.base → microsoft.graph.derived",
            "Breaking Changed Function microsoft.graph.get(): return type microsoft.graph.derived → microsoft.graph.base",
            "Additive Added EntityType microsoft.graph.entity: 1 property, 0 navigation properties",
            "Additive Changed EntityType microsoft.graph.singletonType: base type none → microsoft.graph.entity",
            "Additive Changed EntityType microsoft.graph.singletonType: key () → (id)",
            "Additive Changed Action microsoft.graph.send(): parameter a type microsoft.graph.derived → microsoft.graph.base (widened)",
            "Additive Changed Action microsoft.graph.send(): parameter c type Edm.String → Edm.Untyped (widened)",
            "Additive Changed Action microsoft.graph.send(): return type microsoft.graph.base → microsoft.graph.derived (narrowed)",
            "Additive Changed Function microsoft.graph.count(): return type Edm.Int64 → Edm.Int32 (narrowed)",
        ]
    );
}

#[test]
fn overloads_are_told_apart_by_binding_type_then_parameter_names() {
    let old = r#"<EntityType Name="t"/><EntityType Name="u"/>
        <Function Name="f" IsBound="true"><Parameter Name="b" Type="graph.t"/><ReturnType Type="Edm.String"/></Function>
        <Function Name="f" IsBound="true"><Parameter Name="b" Type="Collection(graph.t)"/><ReturnType Type="Edm.String"/></Function>
        <Function Name="g"><Parameter Name="x" Type="Edm.Int32"/><ReturnType Type="Edm.String"/></Function>
        <Function Name="g"><Parameter Name="y" Type="Edm.Int32"/><ReturnType Type="Edm.String"/></Function>"#;
    let new = r#"<EntityType Name="t"/><EntityType Name="u"/>
        <Function Name="f" IsBound="true"><Parameter Name="b" Type="graph.u"/><ReturnType Type="Edm.String"/></Function>
        <Function Name="f" IsBound="true"><Parameter Name="bp" Type="Collection(microsoft.graph.t)"/><ReturnType Type="Edm.String" Nullable="false"/></Function>
        <Function Name="g"><Parameter Name="y" Type="Edm.Int64"/><ReturnType Type="Edm.String"/></Function>
        <Function Name="g"><Parameter Name="x" Type="Edm.Int32"/><ReturnType Type="Edm.String"/></Function>"#;
    assert_eq!(
        lines(&diff(old, new)),
        [
            "Breaking Removed Function microsoft.graph.f(microsoft.graph.t): () → Edm.String",
            "Additive Changed Function microsoft.graph.f(Collection(microsoft.graph.t)): return nullable → not nullable",
            "Additive Added Function microsoft.graph.f(microsoft.graph.u): () → Edm.String",
            "Additive Changed Function microsoft.graph.g(y): parameter y type Edm.Int32 → Edm.Int64 (widened)",
        ]
    );
}

#[test]
fn the_specs_pair_covers_every_kind_and_both_impacts() {
    let r = specs_pair();
    let kinds: BTreeSet<(ItemKind, Change)> = r.items.iter().map(|i| (i.kind, i.change)).collect();
    for kind in [
        ItemKind::EntityType,
        ItemKind::ComplexType,
        ItemKind::EnumType,
        ItemKind::TypeDefinition,
        ItemKind::Property,
        ItemKind::NavigationProperty,
        ItemKind::EnumMember,
        ItemKind::EntitySet,
        ItemKind::Singleton,
        ItemKind::Action,
        ItemKind::Function,
    ] {
        for change in [Change::Added, Change::Removed, Change::Changed] {
            assert!(kinds.contains(&(kind, change)), "no {change:?} {kind:?}");
        }
    }
    // Breaking first, every item located on the side(s) it exists on.
    let first_additive = r
        .items
        .iter()
        .position(|i| i.impact == Some(Impact::Additive))
        .expect("some additive");
    assert!(
        r.items[..first_additive]
            .iter()
            .all(|i| i.impact == Some(Impact::Breaking))
    );
    assert!(
        r.items[first_additive..]
            .iter()
            .all(|i| i.impact == Some(Impact::Additive))
    );
    for i in &r.items {
        match i.change {
            Change::Removed => assert!(i.left.as_ref().is_some_and(|l| l.line > 0), "{i:?}"),
            Change::Added => assert!(i.right.as_ref().is_some_and(|l| l.line > 0), "{i:?}"),
            Change::Changed => assert!(i.left.is_some() && i.right.is_some(), "{i:?}"),
        }
    }
    // Reversed, every item comes back with its change mirrored.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/metadata/drift");
    let back = compare_files(
        &root.join("widgets-new.csdl.xml"),
        &root.join("widgets-old.csdl.xml"),
    )
    .expect("loads");
    let count = |r: &DriftReport, c: Change| r.items.iter().filter(|i| i.change == c).count();
    assert_eq!(count(&r, Change::Added), count(&back, Change::Removed));
    assert_eq!(count(&r, Change::Removed), count(&back, Change::Added));
}

#[test]
fn errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.xml");
    let bad = dir.path().join("bad.xml");
    std::fs::write(&good, doc("")).expect("write");
    std::fs::write(
        &bad,
        "<edmx:Edmx>\n  <Schema Namespace=\"x\">\n</edmx:Edmx>",
    )
    .expect("write");
    let e = compare_files(&good, &bad).expect_err("malformed");
    // The unclosed element's start tag.
    assert!(e.starts_with(&format!("{}:2:3: ", bad.display())), "{e}");
    std::fs::write(&bad, "{\"not\": \"xml\"}").expect("write");
    let e = compare_files(&bad, &good).expect_err("not XML");
    assert!(e.starts_with(&format!("{}:1:1: ", bad.display())), "{e}");
    let e = compare_files(&dir.path().join("missing.xml"), &good).expect_err("missing");
    assert!(e.contains("missing.xml: cannot read"), "{e}");
}
