//! Tests of [`Csdl::parse`] on input that is not (valid) CSDL: the error
//! kinds with their lines and columns, and truncated or mangled documents
//! that must never panic.

use super::super::{Csdl, CsdlError};
use super::{SMALL, mangled_small};

#[test]
fn error_not_xml() {
    for input in ["hello world", "", "   \n  ", "{\"json\": true}"] {
        let err = Csdl::parse(input).expect_err(input);
        assert!(
            matches!(err, CsdlError::NotXml { .. }),
            "{input:?}: {err:?}"
        );
    }
    let err = Csdl::parse("\n\n  plain text").expect_err("text");
    assert_eq!((err.line(), err.column()), (3, 3));
    assert!(err.to_string().contains("not XML"), "{err}");
}

#[test]
fn error_unclosed_at_eof() {
    let xml = "<Schema Namespace=\"n\">\n  <EntityType Name=\"t\">\n    <Property Name=\"p\" Type=\"Edm.String\"/>\n";
    let err = Csdl::parse(xml).expect_err("unclosed");
    match &err {
        CsdlError::Unclosed {
            name, line, column, ..
        } => {
            assert_eq!(name, "EntityType");
            assert_eq!((*line, *column), (2, 3));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn error_mismatched_end_tag() {
    let xml = "<Schema Namespace=\"n\">\n  <EntityType Name=\"t\">\n</Schema>";
    let err = Csdl::parse(xml).expect_err("mismatch");
    assert!(matches!(err, CsdlError::Unclosed { .. }), "{err:?}");
    assert_eq!((err.line(), err.column()), (2, 3));
    assert!(
        err.to_string().contains("found </Schema> at line 3"),
        "{err}"
    );
}

#[test]
fn error_unclosed_inside_skipped_annotation() {
    let xml = "<Schema Namespace=\"n\">\n <Annotations Target=\"x\">\n  <Annotation Term=\"t\">\n";
    let err = Csdl::parse(xml).expect_err("unclosed");
    assert!(matches!(err, CsdlError::Unclosed { .. }), "{err:?}");
    assert_eq!(err.line(), 2);
}

#[test]
fn error_syntax_positions() {
    let err = Csdl::parse("<Schema Namespace=\"n\">\n  <EntityType Name=\"t>\n")
        .expect_err("unterminated attribute");
    assert!(matches!(err, CsdlError::Malformed { .. }), "{err:?}");
    assert_eq!((err.line(), err.column()), (2, 3));

    let err = Csdl::parse("<Schema Namespace=\"n\"></Schema>\n<Schema Namespace=\"m\"/>")
        .expect_err("two roots");
    assert_eq!(err.line(), 2);

    let err = Csdl::parse("<Schema Namespace=\"n\"/>\ntrailing").expect_err("trailing");
    assert!(matches!(err, CsdlError::Malformed { .. }), "{err:?}");
    assert_eq!((err.line(), err.column()), (2, 1));

    let err = Csdl::parse("<Schema Namespace=\"n\"><EntityType Name=\"a\" Name=\"b\"/></Schema>")
        .expect_err("duplicate attribute");
    assert!(matches!(err, CsdlError::Malformed { .. }), "{err:?}");
}

#[test]
fn error_not_csdl_and_invalid() {
    let err = Csdl::parse("<html><body/></html>").expect_err("html");
    assert!(matches!(err, CsdlError::NotCsdl { ref root, .. } if root == "html"));

    let err =
        Csdl::parse("<Schema Namespace=\"n\">\n<EntityType/>\n</Schema>").expect_err("no name");
    assert!(matches!(err, CsdlError::Invalid { .. }), "{err:?}");
    assert_eq!(err.line(), 2);

    let err = Csdl::parse(
            "<Schema Namespace=\"n\"><EnumType Name=\"e\"><Member Name=\"a\" Value=\"x\"/></EnumType></Schema>",
        )
        .expect_err("bad value");
    assert!(err.to_string().contains("non-integer"), "{err}");

    let err =
        Csdl::parse("<Schema Namespace=\"n\"><EntityType Name=\"t\" Abstract=\"maybe\"/></Schema>")
            .expect_err("bad bool");
    assert!(err.to_string().contains("not a boolean"), "{err}");

    let err = Csdl::parse("<Schema/>").expect_err("no namespace");
    assert!(err.to_string().contains("Namespace"), "{err}");
}

#[test]
fn bom_and_columns_with_multibyte_text() {
    let xml = "\u{feff}<Schema Namespace=\"n\">\n<!-- é è --><EntityType/></Schema>";
    let err = Csdl::parse(xml).expect_err("no name");
    assert_eq!((err.line(), err.column()), (2, 13));
}

#[test]
fn unknown_elements_are_ignored() {
    let xml = r#"<Schema Namespace="n">
  <Term Name="x" Type="Edm.String" />
  <EntityType Name="t">
    <Property Name="p" Type="Edm.String"><Annotation Term="a"><String>s</String></Annotation></Property>
    <Whatever />
  </EntityType>
</Schema>"#;
    let c = Csdl::parse(xml).expect("parses");
    assert_eq!(c.structured("n.t").map(|t| t.properties.len()), Some(1));
}

#[test]
fn truncated_and_mangled_inputs_never_panic() {
    let mut cuts = 0;
    let complete = SMALL.trim_end().len();
    for (i, _) in SMALL.char_indices().take_while(|(i, _)| *i < complete) {
        let prefix = &SMALL[..i];
        // Every strict prefix lacks the closing root tag.
        assert!(Csdl::parse(prefix).is_err(), "prefix of {i} bytes parsed");
        cuts += 1;
    }
    assert!(cuts > 1000);
    for mangled in mangled_small() {
        let _ = Csdl::parse(&mangled);
    }
}
