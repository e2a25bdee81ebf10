//! Metadata and permission files per API version, from the file and from flags.

use super::*;

#[test]
fn metadata_paths_are_relative_to_the_config_folder_and_star_applies_to_every_version() {
    let c = config(
        "[metadata]\n\"*\" = \"all.xml\"\n\"v1.0\" = \"../m/./v1.xml\"\nbeta = \"/abs/beta.xml\"\n",
    );
    assert_eq!(
        c.metadata_for(Some("v1.0")),
        paths(&["/m/v1.xml", "/proj/all.xml"])
    );
    assert_eq!(
        c.metadata_for(Some("beta")),
        paths(&["/abs/beta.xml", "/proj/all.xml"])
    );
    assert_eq!(c.metadata_for(Some("v2")), paths(&["/proj/all.xml"]));
    assert_eq!(c.metadata_for(None), paths(&["/proj/all.xml"]));
    assert!(c.permissions_for(Some("v1.0")).is_empty());
}

#[test]
fn flags_replace_the_file_for_the_versions_they_name() {
    let mut c = config(
        "[metadata]\n\"*\" = \"all.xml\"\n\"v1.0\" = \"v1.xml\"\n[permissions]\nbeta = \"p.xml\"\n",
    );
    c.merge_cli(
        vec![(Some("beta".into()), "/flags/beta.xml".into())],
        Vec::new(),
    );
    assert_eq!(c.metadata_for(Some("beta")), paths(&["/flags/beta.xml"]));
    assert_eq!(
        c.metadata_for(Some("v1.0")),
        paths(&["/proj/v1.xml", "/proj/all.xml"])
    );
    assert_eq!(c.permissions_for(Some("beta")), paths(&["/proj/p.xml"]));

    // A flag without a version covers every version, so the file no longer answers.
    c.merge_cli(
        vec![(None, "/flags/all.xml".into())],
        vec![(None, "rel/p.xml".into()), (None, "rel/p.xml".into())],
    );
    assert_eq!(c.metadata_for(Some("v1.0")), paths(&["/flags/all.xml"]));
    assert_eq!(
        c.metadata_for(Some("beta")),
        paths(&["/flags/beta.xml", "/flags/all.xml"])
    );
    let cwd = std::env::current_dir().expect("cwd");
    assert_eq!(c.permissions_for(Some("beta")), vec![cwd.join("rel/p.xml")]);
}

#[test]
fn a_version_prefix_is_split_off_only_when_it_looks_like_a_version() {
    let cases: &[(&str, Option<&str>, &str)] = &[
        ("beta=beta.csdl.xml", Some("beta"), "beta.csdl.xml"),
        ("v1.0=metadata/v1.0.xml", Some("v1.0"), "metadata/v1.0.xml"),
        ("v2=v2.xml", Some("v2"), "v2.xml"),
        ("v1.0-preview=p.xml", Some("v1.0-preview"), "p.xml"),
        ("beta=a=b.xml", Some("beta"), "a=b.xml"),
        ("*=all.xml", None, "all.xml"),
        ("metadata.xml", None, "metadata.xml"),
        ("C:\\meta=data\\v1.xml", None, "C:\\meta=data\\v1.xml"),
        ("out=1.xml", None, "out=1.xml"),
        ("dir/v1.0=x.xml", None, "dir/v1.0=x.xml"),
        ("beta=", None, "beta="),
        ("v=x.xml", None, "v=x.xml"),
        ("v1.=x.xml", None, "v1.=x.xml"),
        ("Beta=x.xml", None, "Beta=x.xml"),
    ];
    for &(arg, version, file) in cases {
        assert_eq!(
            parse_versioned(arg),
            (version.map(str::to_string), PathBuf::from(file)),
            "{arg}"
        );
    }
}

#[test]
fn a_metadata_folder_names_a_file_per_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in [
        "beta.csdl.xml",
        "v1.0.csdl.xml",
        "v1.0.permissions.xml",
        "notes.txt",
    ] {
        std::fs::write(dir.path().join(f), "").expect("write");
    }
    let c = Config::from_metadata_dir(dir.path());
    assert_eq!(
        c.metadata_for(Some("beta")),
        [dir.path().join("beta.csdl.xml")]
    );
    assert_eq!(
        c.metadata_for(Some("v1.0")),
        [dir.path().join("v1.0.csdl.xml")]
    );
    assert_eq!(
        c.permissions_for(Some("v1.0")),
        [dir.path().join("v1.0.permissions.xml")]
    );
    assert!(c.permissions_for(Some("beta")).is_empty());
}
