//! Bad metadata given to the binary: not XML, dangling references, type
//! names that are paths, cycles. Every command rejects it the same way, as a
//! usage error naming the file and line, and `schema` writes nothing
//! outside `--out`.

use crate::common::cli::{mdcontract, stderr, write};

/// A widget whose `parts` name an undefined type, on line 7.
const SMALL_CSDL: &str = include_str!("../fixtures/csdl/dangling.csdl.xml");

pub fn metadata_that_is_not_xml_is_a_usage_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let csdl = write(dir.path(), "bad.csdl.xml", b"this is not XML at all\n");
    let page = write(dir.path(), "p.md", b"# nothing\n");
    let o = mdcontract(&["check", &page, "--metadata", &format!("beta={csdl}")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("bad.csdl.xml:1:"), "{err}");
}

pub fn a_dangling_type_reference_is_a_usage_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let csdl = write(dir.path(), "dangling.csdl.xml", SMALL_CSDL.as_bytes());
    let page = write(dir.path(), "p.md", b"# nothing\n");
    let o = mdcontract(&["check", &page, "--metadata", &csdl]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("dangling.csdl.xml:7:"), "{err}");
    assert!(err.contains("microsoft.graph.widgetPart"), "{err}");
}

/// A CSDL whose `Namespace` is a path: `schema` must not write outside
/// `--out` (issue 11: it overwrote `victim.json` with exit 0).
pub fn schema_with_a_path_as_csdl_namespace_writes_nothing_outside_out() {
    let dir = tempfile::tempdir().unwrap();
    let victim_stem = dir.path().join("victim");
    let victim = dir.path().join("victim.t.json");
    std::fs::write(&victim, b"precious\n").unwrap();
    for namespace in [
        victim_stem.display().to_string(),
        "../x".to_string(),
        "a\u{0}b".to_string(),
    ] {
        let xml = format!(
            "<?xml version=\"1.0\"?>\n<Schema Namespace=\"{}\">\n<EntityType Name=\"t\"><Property Name=\"p\" Type=\"Edm.String\"/></EntityType>\n</Schema>\n",
            namespace
        );
        let csdl = write(dir.path(), "evil.csdl.xml", xml.as_bytes());
        let out = dir.path().join("out");
        let o = mdcontract(&[
            "schema",
            "--metadata",
            &csdl,
            "--out",
            out.to_str().unwrap(),
            "--force",
        ]);
        assert_eq!(o.status.code(), Some(2), "{namespace}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("evil.csdl.xml:2:"), "{err}");
        assert!(err.contains("not an OData identifier"), "{err}");
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious\n");
        assert!(!dir.path().join("x.t.json").exists());
    }
}

/// The markdown route: a resource block's `@odata.type` that is a path.
pub fn schema_with_a_path_as_odata_type_writes_nothing_outside_out() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("package.json");
    std::fs::write(&victim, b"precious\n").unwrap();
    let odata_type = dir.path().join("package").display().to_string();
    let page = format!(
        "# t\n\n<!-- {{\"blockType\": \"resource\", \"@odata.type\": \"{odata_type}\"}} -->\n```json\n{{\"name\": \"String\"}}\n```\n"
    );
    let page = write(dir.path(), "evil.md", page.as_bytes());
    let out = dir.path().join("out");
    let o = mdcontract(&["schema", &page, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("evil.md:5:"), "{err}");
    assert!(err.contains("not an OData qualified name"), "{err}");
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious\n");
}

/// A `BaseType` cycle (here a type deriving from itself), a dangling
/// reference and a NUL in a name are the same usage error, naming the file
/// and line, whichever command reads the metadata: one validation for
/// `check`, `schema` and `drift` (issue 11: `schema` and `drift` took them).
pub fn every_command_rejects_the_same_bad_metadata_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "good.csdl.xml",
        b"<Schema Namespace=\"microsoft.graph\" Alias=\"graph\">\n<EntityType Name=\"entity\"/>\n</Schema>\n",
    );
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "cycle.csdl.xml",
            b"<Schema Namespace=\"microsoft.graph\" Alias=\"graph\">\n<EntityType Name=\"entity\" BaseType=\"graph.entity\"/>\n</Schema>\n",
            "BaseType cycle",
        ),
        (
            "dangling.csdl.xml",
            b"<Schema Namespace=\"microsoft.graph\" Alias=\"graph\">\n<EntityType Name=\"entity\" BaseType=\"graph.nothing\"/>\n</Schema>\n",
            "graph.nothing",
        ),
        (
            "nul.csdl.xml",
            b"<Schema Namespace=\"microsoft.graph\" Alias=\"graph\">\n<EntityType Name=\"ent\0ity\"/>\n</Schema>\n",
            "not an OData identifier",
        ),
    ];
    let page = write(dir.path(), "p.md", b"# nothing\n");
    let out = dir.path().join("out");
    for (name, xml, says) in cases {
        let csdl = write(dir.path(), name, xml);
        let runs: [Vec<&str>; 3] = [
            vec!["check", &page, "--metadata", &csdl],
            vec![
                "schema",
                "--metadata",
                &csdl,
                "--out",
                out.to_str().unwrap(),
            ],
            vec!["drift", "--from", &good, "--to", &csdl],
        ];
        for args in runs {
            let o = mdcontract(&args);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
            assert!(err.contains(&format!("{name}:2:")), "{args:?}: {err}");
            assert!(err.contains(says), "{args:?}: {err}");
        }
        assert!(!out.exists(), "schema wrote nothing");
    }
}
