//! Discovery, reading and the errors a config file can have.

use super::*;

// --- discovery ---

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn discovery_finds_the_file_in_the_start_folder_or_the_nearest_parent() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = absolute(tmp.path());
    write(
        &root.join("a").join(FILE_NAME),
        "[placeholders]\nfrom = \"a\"\n",
    );
    write(
        &root.join("a/b").join(FILE_NAME),
        "[placeholders]\nfrom = \"b\"\n",
    );
    std::fs::create_dir_all(root.join("a/b/c/d")).expect("mkdir");

    let found = Config::discover(&root.join("a/b/c/d"))
        .expect("no error")
        .expect("a config");
    assert_eq!(found.path, root.join("a/b").join(FILE_NAME));
    assert_eq!(found.dir, root.join("a/b"));
    assert_eq!(found.config.placeholders()["from"], "b");

    let found = Config::discover(&root.join("a/./b/../"))
        .expect("no error")
        .expect("a config");
    assert_eq!(found.path, root.join("a").join(FILE_NAME));
}

#[test]
fn discovery_passes_over_a_folder_named_like_the_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = absolute(tmp.path());
    std::fs::create_dir_all(root.join("x").join(FILE_NAME)).expect("mkdir");
    let found = Config::discover(&root.join("x")).expect("no error");
    // A stray file above the temporary folder is not ours to judge.
    assert!(
        found.as_ref().is_none_or(|f| !f.path.starts_with(&root)),
        "{found:?}"
    );
}

#[test]
fn discovery_reports_an_invalid_file_it_finds() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = absolute(tmp.path());
    let file = root.join(FILE_NAME);
    write(
        &file,
        "[placeholders]\nid = \"1\"\n[severity]\nMC3001 = \"of\"\n",
    );
    let err = Config::discover(&root).expect_err("an error");
    assert_eq!(
        err.to_string(),
        format!(
            "{}:4:10: invalid severity `of` for MC3001, expected one of `error`, `warning`, `note`, `off`; did you mean `off`?",
            file.display()
        )
    );
    assert_eq!(err.at, Some(LineCol { line: 4, col: 10 }));
}

#[test]
fn resolve_takes_the_flag_then_the_environment_then_discovery() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = absolute(tmp.path());
    for name in ["flag", "env", "found"] {
        write(
            &root.join(name).join(FILE_NAME),
            &format!("[placeholders]\nfrom = \"{name}\"\n"),
        );
    }
    let from = |flag: Option<&str>, env: Option<&str>| {
        let flag = flag.map(|f| root.join(f).join(FILE_NAME));
        let env = env.map(|e| root.join(e).join(FILE_NAME).into_os_string());
        let loaded = Config::resolve(flag.as_deref(), env, &root.join("found"))
            .expect("no error")
            .expect("a config");
        loaded.config.placeholders()["from"].clone()
    };
    assert_eq!(from(Some("flag"), Some("env")), "flag");
    assert_eq!(from(None, Some("env")), "env");
    assert_eq!(from(None, None), "found");
    let empty_env = Config::resolve(None, Some(OsString::new()), &root.join("found"))
        .expect("no error")
        .expect("a config");
    assert_eq!(empty_env.config.placeholders()["from"], "found");
}

#[test]
fn a_missing_or_unreadable_file_is_named() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = absolute(tmp.path());

    let missing = root.join("missing.toml");
    let err = Config::load(&missing).expect_err("an error");
    assert_eq!(
        err.to_string(),
        format!("{}: no such file or directory", missing.display())
    );

    let folder = root.join("folder.toml");
    std::fs::create_dir(&folder).expect("mkdir");
    let err = Config::load(&folder).expect_err("an error");
    assert!(
        err.to_string()
            .starts_with(&format!("{}: cannot read: ", folder.display())),
        "{err}"
    );

    let latin1 = root.join("latin1.toml");
    std::fs::write(&latin1, b"[placeholders]\nid = \"caf\xe9\"\n").expect("write");
    let err = Config::load(&latin1).expect_err("an error");
    assert_eq!(
        err.to_string(),
        format!("{}:2:10: file is not valid UTF-8", latin1.display())
    );
}

// --- errors ---

#[test]
fn every_error_names_the_file_line_and_column() {
    let cases: &[(&str, &str)] = &[
        (
            "metadat = 1\n",
            "1:1: unknown key `metadat` in the top level, expected one of `metadata`, `permissions`, `severity`, `suppress`, `placeholders`; did you mean `metadata`?",
        ),
        (
            "[placeholders]\nid = \"1\"\n[colors]\n",
            "3:2: unknown key `colors` in the top level, expected one of `metadata`, `permissions`, `severity`, `suppress`, `placeholders`",
        ),
        (
            "[[suppress]]\npaths = [\"a.md\"]\nreason = \"r\"\ncode = [\"MC3001\"]\n",
            "4:1: unknown key `code` in [[suppress]], expected one of `codes`, `paths`, `reason`; did you mean `codes`?",
        ),
        (
            "[severity]\nMC2010 = \"error\"\n",
            "2:1: unknown finding code `MC2010`; did you mean `MC2001`?",
        ),
        (
            "[[suppress]]\ncodes = [\"MC3001\", \"MC9999\"]\npaths = [\"a.md\"]\nreason = \"r\"\n",
            "2:20: unknown finding code `MC9999`",
        ),
        (
            "[severity]\nMC2001 = \"fatal\"\n",
            "2:10: invalid severity `fatal` for MC2001, expected one of `error`, `warning`, `note`, `off`",
        ),
        (
            "[severity]\nmc2001 = \"warn\"\n",
            "2:10: invalid severity `warn` for MC2001, expected one of `error`, `warning`, `note`, `off`; did you mean `warning`?",
        ),
        (
            "[[suppress]]\nreason = \"r\"\npaths = [\"beta/[api\"]\n",
            "3:10: invalid glob `beta/[api`: unclosed character class; missing ']'",
        ),
        (
            "[[suppress]]\nreason = \"r\"\npaths = ['beta\\api\\*.md']\n",
            "3:10: invalid glob `beta\\api\\*.md`: separate folders with `/`",
        ),
        (
            "[[suppress]]\nreason = \"r\"\npaths = [\"a.md\", \"/docs/*.md\"]\n",
            "3:18: invalid glob `/docs/*.md`: write the path relative to the folder of the config file",
        ),
        (
            "[[suppress]]\nreason = \"r\"\npaths = [\"C:/docs/*.md\"]\n",
            "3:10: invalid glob `C:/docs/*.md`: write the path relative to the folder of the config file",
        ),
        (
            "[[suppress]]\nreason = \"r\"\npaths = [\"../docs/*.md\"]\n",
            "3:10: invalid glob `../docs/*.md`: `..` never matches: pages are matched below the config folder or from their version folder",
        ),
        (
            "[[suppress]]\nreason = \"r\"\npaths = [\"\"]\n",
            "3:10: invalid glob ``: the glob is empty",
        ),
        (
            "[metadata]\n\"v1,0\" = \"m.xml\"\n",
            "2:1: invalid API version `v1,0` in [metadata], expected \"*\" or a version such as `v1.0` or `beta`",
        ),
        (
            "[permissions]\nall = \"p.xml\"\n",
            "2:1: invalid API version `all` in [permissions], expected \"*\" or a version such as `v1.0` or `beta`",
        ),
        (
            "[[suppress]]\npaths = [\"a.md\"]\nreason = \"r\"\n\n[[suppress]]\npaths = [\"b.md\"]\n",
            "5:1: [[suppress]] needs a `reason` saying why the findings are suppressed",
        ),
        (
            "[[suppress]]\npaths = [\"a.md\"]\nreason = \" \"\n",
            "3:10: [[suppress]] needs a `reason` saying why the findings are suppressed",
        ),
        (
            "[[suppress]]\ncodes = [\"MC3001\"]\nreason = \"r\"\n",
            "1:1: [[suppress]] needs `paths`; to turn a code off everywhere, set it to \"off\" in [severity]",
        ),
        (
            "[[suppress]]\npaths = []\nreason = \"r\"\n",
            "1:1: [[suppress]] needs `paths`; to turn a code off everywhere, set it to \"off\" in [severity]",
        ),
        (
            "[[suppress]]\ncodes = []\npaths = [\"a.md\"]\nreason = \"r\"\n",
            "2:9: [[suppress]] has an empty `codes`; leave it out to suppress every code",
        ),
        (
            "[metadata\n",
            "1:10: invalid TOML: unclosed table, expected `]`",
        ),
        (
            "[severity]\nMC2001 = \"error\"\nMC2001 = \"note\"\n",
            "3:1: invalid TOML: duplicate key",
        ),
        (
            "[metadata]\nbeta = 3\n",
            "2:8: invalid type: integer `3`, expected a string (in `metadata.beta`)",
        ),
        (
            "[[suppress]]\npaths = \"a.md\"\nreason = \"r\"\n",
            "2:9: invalid type: string \"a.md\", expected a sequence (in `suppress.paths`)",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            error(text),
            format!("{FILE}:{expected}"),
            "--- text:\n{text}"
        );
    }
}
