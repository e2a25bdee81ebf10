//! Tests of path resolution against a small model.

use super::resolved::{Resolved, ResolvedKind, SegmentKind, Unresolved, UnresolvedReason};
use super::segment::percent_decode;
use crate::schema::csdl::Csdl;

/// The model the paths resolve against: entity sets, singletons, containment,
/// an open type, a media entity, bound and unbound operations, overloads.
const MODEL: &str = include_str!("../testdata/paths.csdl.xml");

fn model() -> Csdl {
    Csdl::parse(MODEL).expect("model parses")
}

fn ok(c: &Csdl, path: &[&str]) -> Resolved {
    c.resolve_path(path)
        .unwrap_or_else(|e| panic!("{path:?} should resolve: {e}"))
}

fn err(c: &Csdl, path: &[&str]) -> Unresolved {
    match c.resolve_path(path) {
        Ok(r) => panic!("{path:?} should fail, got {r:?}"),
        Err(e) => e,
    }
}

fn ty(r: &Resolved) -> String {
    r.type_ref
        .as_ref()
        .map_or("-".to_string(), ToString::to_string)
}

#[test]
fn roots() {
    let c = model();
    let r = ok(&c, &["users"]);
    assert_eq!(r.kind, ResolvedKind::EntitySet);
    assert_eq!(ty(&r), "Collection(microsoft.graph.user)");
    let r = ok(&c, &["ME"]);
    assert_eq!(r.kind, ResolvedKind::SingleEntity);
    assert_eq!(r.last_segment_kind(), Some(SegmentKind::Singleton));
    let r = ok(&c, &["getCount()"]);
    assert_eq!(r.kind, ResolvedKind::Function);
    assert_eq!(ty(&r), "Edm.Int32");
    assert_eq!(r.operation(), Some("microsoft.graph.getCount"));

    let e = err(&c, &["people"]);
    assert_eq!(e.index, 0);
    assert_eq!(
        e.reason,
        UnresolvedReason::UnknownRoot("people".to_string())
    );
    assert_eq!(err(&c, &[]).reason, UnresolvedReason::EmptyPath);
    assert_eq!(err(&c, &[""]).reason, UnresolvedReason::EmptySegment);
    assert!(matches!(
        err(&c, &["me('x')"]).reason,
        UnresolvedReason::UnexpectedParens(_)
    ));
}

#[test]
fn a_placeholder_on_an_open_type_is_a_property_name() {
    let c = model();
    let r = ok(&c, &["me", "thumbnails", "{id}", "{size}", "url"]);
    assert_eq!(ty(&r), "Edm.String");
    let r = ok(&c, &["me", "thumbnails", "{id}", "{size}"]);
    assert_eq!(ty(&r), "microsoft.graph.thumbnail");
    assert_eq!(r.last_segment_kind(), Some(SegmentKind::Property));
    // Not on a type that is not open, nor past a property that has none.
    assert!(matches!(
        err(&c, &["me", "{size}"]).reason,
        UnresolvedReason::KeyNotAllowed { .. }
    ));
    assert!(err(&c, &["me", "thumbnails", "{id}", "{size}", "nope"]).index == 4);
}

#[test]
fn keys_in_all_forms() {
    let c = model();
    for path in [
        &["users", "{id}"][..],
        &["users", "{user-id | userPrincipalName}"],
        &["users", "john.doe@contoso.com"],
        &["users", "48d31887-5fad-4d73-a9f5-3c356e68a038"],
        &["users('x')"],
        &["users(id='x')"],
        &["me", "messages(1)"],
    ] {
        let r = ok(&c, path);
        assert_eq!(r.kind, ResolvedKind::SingleEntity, "{path:?}");
        assert_eq!(r.last_segment_kind(), Some(SegmentKind::Key), "{path:?}");
    }
    let r = ok(&c, &["users", "messages"]);
    assert_eq!(r.kind, ResolvedKind::SingleEntity);
    assert!(
        r.warnings()[0].contains("key segment missing"),
        "{:?}",
        r.warnings()
    );
    assert!(ok(&c, &["users", "x"]).warnings().is_empty());
    let r = ok(&c, &["users('x')"]);
    assert_eq!(r.segments.len(), 2);
    assert_eq!(r.segments[1].index, 0);
    assert_eq!(
        ty(&ok(&c, &["me", "messages(1)"])),
        "microsoft.graph.message"
    );

    let e = err(&c, &["me", "{id}"]);
    assert_eq!(e.index, 1);
    assert!(matches!(e.reason, UnresolvedReason::KeyNotAllowed { .. }));
    assert!(matches!(
        err(&c, &["users()"]).reason,
        UnresolvedReason::UnexpectedParens(_)
    ));
    assert!(matches!(
        err(&c, &["me", "manager('x')"]).reason,
        UnresolvedReason::UnexpectedParens(_)
    ));
}

#[test]
fn navigation_and_properties() {
    let c = model();
    let r = ok(&c, &["users", "{id}", "memberOf"]);
    assert_eq!(r.kind, ResolvedKind::EntitySet);
    assert_eq!(ty(&r), "Collection(microsoft.graph.directoryObject)");
    let r = ok(&c, &["me", "Manager"]);
    assert_eq!(r.kind, ResolvedKind::SingleEntity);
    let r = ok(&c, &["me", "displayName"]);
    assert_eq!(r.kind, ResolvedKind::Property);
    assert_eq!(ty(&r), "Edm.String");
    let r = ok(&c, &["me", "id"]);
    assert_eq!(
        r.segments[1].declared_on.as_deref(),
        Some("microsoft.graph.entity")
    );
    let r = ok(&c, &["me", "address", "city"]);
    assert_eq!(r.kind, ResolvedKind::Property);
    let r = ok(&c, &["me", "address", "resident", "messages"]);
    assert_eq!(
        r.kind,
        ResolvedKind::EntitySet,
        "navigation on a complex type"
    );
    let r = ok(&c, &["me", "addresses"]);
    assert!(r.is_collection());

    let e = err(&c, &["me", "nosuch"]);
    assert_eq!(e.index, 1);
    assert_eq!(
        e.reason,
        UnresolvedReason::UnknownMember {
            name: "nosuch".to_string(),
            on_type: "microsoft.graph.user".to_string()
        }
    );
    assert_eq!(
        e.last_type().map(ToString::to_string).as_deref(),
        Some("microsoft.graph.user")
    );
    let e = err(&c, &["me", "displayName", "length"]);
    assert_eq!(e.index, 2);
    assert!(matches!(e.reason, UnresolvedReason::NotComposable(_)));
    let e = err(&c, &["me", "addresses", "city"]);
    assert!(matches!(e.reason, UnresolvedReason::UnknownMember { .. }));
    assert_eq!(e.to_json()["reason"], "unknown-member");
}

#[test]
fn casts() {
    let c = model();
    let r = ok(&c, &["users", "{id}", "memberOf", "microsoft.graph.group"]);
    assert_eq!(r.kind, ResolvedKind::EntitySet);
    assert_eq!(r.last_segment_kind(), Some(SegmentKind::Cast));
    assert_eq!(ty(&r), "Collection(microsoft.graph.group)");
    let r = ok(&c, &["me", "manager", "graph.USER"]);
    assert_eq!(r.kind, ResolvedKind::SingleEntity);
    assert_eq!(ty(&r), "microsoft.graph.user");
    let r = ok(
        &c,
        &[
            "groups",
            "{id}",
            "members",
            "microsoft.graph.user",
            "{id}",
            "displayName",
        ],
    );
    assert_eq!(r.kind, ResolvedKind::Property);
    let r = ok(&c, &["me", "microsoft.graph.directoryObject"]);
    assert_eq!(r.kind, ResolvedKind::SingleEntity, "upcast is allowed");
    let e = err(&c, &["me", "microsoft.graph.message"]);
    assert!(matches!(e.reason, UnresolvedReason::UnrelatedCast { .. }));
    let e = err(&c, &["me", "microsoft.graph.nothing"]);
    assert!(matches!(
        e.reason,
        UnresolvedReason::UnknownQualifiedName { .. }
    ));
}

#[test]
fn bound_operations() {
    let c = model();
    let r = ok(&c, &["me", "messages", "{id}", "microsoft.graph.forward"]);
    assert_eq!(r.kind, ResolvedKind::Action);
    assert!(r.type_ref.is_none());
    assert_eq!(r.operation(), Some("microsoft.graph.forward"));
    assert_eq!(
        r.segments[3].declared_on.as_deref(),
        Some("microsoft.graph.message")
    );
    // Unqualified, with parentheses, overload on another type.
    let r = ok(&c, &["groups", "{id}", "forward()"]);
    assert_eq!(r.kind, ResolvedKind::Action);
    assert_eq!(
        r.segments[2].declared_on.as_deref(),
        Some("microsoft.graph.group")
    );
    // Bound to a base type, returning a collection.
    let r = ok(&c, &["me", "checkMemberGroups"]);
    assert_eq!(r.kind, ResolvedKind::Action);
    assert_eq!(ty(&r), "Collection(Edm.String)");
    // Bound to the collection.
    let r = ok(&c, &["users", "delta()"]);
    assert_eq!(r.kind, ResolvedKind::Function);
    assert_eq!(ty(&r), "Collection(microsoft.graph.user)");
    let r = ok(&c, &["users", "microsoft.graph.delta", "{id}", "manager"]);
    assert_eq!(r.kind, ResolvedKind::SingleEntity, "functions compose");
    let r = ok(
        &c,
        &[
            "me",
            "reminderView(StartDateTime='2021-01-01',EndDateTime='x')",
        ],
    );
    assert_eq!(r.kind, ResolvedKind::Function);
    assert_eq!(ty(&r), "Collection(microsoft.graph.physicalAddress)");

    // Not bound here.
    let e = err(&c, &["users", "{id}", "delta"]);
    assert_eq!(e.index, 2);
    assert!(matches!(e.reason, UnresolvedReason::NotBound { .. }), "{e}");
    // Nothing follows an action.
    let e = err(&c, &["me", "messages", "{id}", "forward", "x"]);
    assert_eq!(e.index, 4);
    assert!(matches!(e.reason, UnresolvedReason::NotComposable(_)));
}

#[test]
fn lenient_derived_members_and_operations() {
    let c = model();
    let r = ok(&c, &["me", "messages", "{id}", "event"]);
    assert!(r.via_derived());
    assert_eq!(r.kind, ResolvedKind::SingleEntity);
    assert_eq!(
        r.segments[3].declared_on.as_deref(),
        Some("microsoft.graph.eventMessage")
    );
    let r = ok(&c, &["me", "messages", "{id}", "send"]);
    assert!(r.via_derived());
    assert_eq!(r.kind, ResolvedKind::Action);
    assert_eq!(ty(&r), "microsoft.graph.sendResult");
    let r = ok(&c, &["directoryObjects", "{id}", "members"]);
    assert!(r.via_derived(), "members lives on group");
    // Cast first: no longer via derived.
    let r = ok(
        &c,
        &[
            "me",
            "messages",
            "{id}",
            "microsoft.graph.eventMessage",
            "event",
        ],
    );
    assert!(!r.via_derived());
}

#[test]
fn system_segments() {
    let c = model();
    let r = ok(&c, &["users", "$count"]);
    assert_eq!(r.kind, ResolvedKind::Count);
    assert_eq!(ty(&r), "Edm.Int32");
    let r = ok(
        &c,
        &[
            "users",
            "{id}",
            "memberOf",
            "microsoft.graph.group",
            "$count",
        ],
    );
    assert_eq!(r.kind, ResolvedKind::Count);
    let r = ok(&c, &["me", "photo", "$value"]);
    assert_eq!(r.kind, ResolvedKind::Value);
    assert_eq!(ty(&r), "Edm.Stream");
    let r = ok(&c, &["me", "displayName", "$value"]);
    assert_eq!(ty(&r), "Edm.String");
    let r = ok(&c, &["me", "messages", "{id}", "importance", "$value"]);
    assert_eq!(ty(&r), "microsoft.graph.importance");
    let r = ok(&c, &["groups", "{id}", "members", "$ref"]);
    assert_eq!(r.kind, ResolvedKind::Ref);
    assert!(r.is_collection());
    let r = ok(&c, &["groups", "{id}", "members", "{id}", "$ref"]);
    assert_eq!(r.kind, ResolvedKind::Ref);
    assert!(!r.is_collection());

    assert!(matches!(
        err(&c, &["me", "$count"]).reason,
        UnresolvedReason::SystemSegment { .. }
    ));
    let r = ok(&c, &["me", "messages", "{id}", "$value"]);
    assert_eq!(r.kind, ResolvedKind::Value);
    assert_eq!(
        r.warnings().len(),
        1,
        "non-media entity is accepted with a warning"
    );
    assert!(ok(&c, &["me", "photo", "$value"]).warnings().is_empty());
    assert!(matches!(
        err(&c, &["me", "address", "$value"]).reason,
        UnresolvedReason::SystemSegment { .. }
    ));
    assert!(matches!(
        err(&c, &["me", "address", "$ref"]).reason,
        UnresolvedReason::SystemSegment { .. }
    ));
    assert!(matches!(
        err(&c, &["users", "$filter"]).reason,
        UnresolvedReason::UnknownSystemSegment(_)
    ));
    let e = err(&c, &["users", "$count", "x"]);
    assert_eq!(e.index, 2);
    assert!(matches!(e.reason, UnresolvedReason::NotComposable(_)));
}

#[test]
fn drive_item_paths() {
    let c = model();
    let r = ok(&c, &["me", "drive", "root:", "{item-path}:", "children"]);
    assert_eq!(r.kind, ResolvedKind::EntitySet);
    assert_eq!(ty(&r), "Collection(microsoft.graph.driveItem)");
    assert_eq!(r.segments[3].kind, SegmentKind::ItemPath);
    let r = ok(
        &c,
        &[
            "me",
            "drive",
            "items",
            "{parent-id}:",
            "folder",
            "file.txt:",
            "content",
        ],
    );
    assert_eq!(ty(&r), "Edm.Stream");
    let r = ok(&c, &["me", "drive", "root:", "folder", "file.txt"]);
    assert_eq!(r.kind, ResolvedKind::SingleEntity);
    assert_eq!(ty(&r), "microsoft.graph.driveItem");
    let e = err(&c, &["me", "drive", "items:", "x"]);
    assert!(matches!(
        e.reason,
        UnresolvedReason::ItemPathNotAllowed { .. }
    ));
}

#[test]
fn resolve_str_splits_urls() {
    let c = model();
    let r = c
        .resolve_str("https://graph.microsoft.com/v1.0/me/messages/%7Bid%7D?$select=subject")
        .expect("resolves");
    assert_eq!(r.kind, ResolvedKind::SingleEntity);
    let r = c.resolve_str("/beta/users/$count").expect("resolves");
    assert_eq!(r.kind, ResolvedKind::Count);
    let r = c.resolve_str("groups/{id}/members/").expect("resolves");
    assert_eq!(r.kind, ResolvedKind::EntitySet);
    assert_eq!(percent_decode("a%2"), "a%2");
    assert_eq!(percent_decode("%C3%A9"), "é");
    assert_eq!(percent_decode("%FF"), "%FF");
    assert_eq!(percent_decode("%+f"), "%+f");
}

#[test]
fn json_output() {
    let c = model();
    let r = ok(&c, &["users", "{id}", "memberOf", "microsoft.graph.group"]);
    let j = r.to_json();
    assert_eq!(j["kind"], "EntitySet");
    assert_eq!(j["type"], "Collection(microsoft.graph.group)");
    assert_eq!(j["segments"][3]["kind"], "Cast");
    let e = err(&c, &["nope"]);
    assert_eq!(e.to_json()["reason"], "unknown-root");
    assert!(e.to_string().starts_with("segment 0 `nope`"));
}

#[test]
fn undefined_types_do_not_panic() {
    let xml = r#"<Schema Namespace="n">
  <EntityType Name="t"><NavigationProperty Name="x" Type="Collection(n.ghost)" /></EntityType>
  <EntityContainer Name="c"><Singleton Name="s" Type="n.t" /></EntityContainer>
</Schema>"#;
    let c = Csdl::parse(xml).expect("parses");
    let r = ok(&c, &["s", "x"]);
    assert_eq!(r.kind, ResolvedKind::Property, "unknown element type");
    let e = err(&c, &["s", "x", "{id}"]);
    assert!(matches!(e.reason, UnresolvedReason::KeyNotAllowed { .. }));
    let e = err(&c, &["s", "x", "y"]);
    assert!(matches!(e.reason, UnresolvedReason::UndefinedType(_)));
}

#[test]
fn arbitrary_segment_sequences_never_panic() {
    let c = model();
    let vocab = [
        "",
        "me",
        "users",
        "{id}",
        "users('x')",
        "()",
        "(",
        ")",
        "$count",
        "$value",
        "$ref",
        "$",
        "messages",
        "graph.message",
        "microsoft.graph.group",
        "forward",
        "delta()",
        "root:",
        ":",
        "x:",
        "address",
        "é%",
        "getCount",
        "a.b.c.",
        ".",
    ];
    let mut n = 0;
    for a in vocab {
        for b in vocab {
            for d in vocab {
                let _ = c.resolve_path(&[a, b, d]);
                let _ = c.resolve_str(&format!("/{a}/{b}/{d}"));
                n += 1;
            }
        }
    }
    assert_eq!(n, vocab.len().pow(3));
}
