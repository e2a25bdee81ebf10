//! `[metadata]` entries of `mdcontract.toml` apply to the pages of their API
//! version, whichever version that is: a page under an `alpha/` folder is
//! checked (and drift-compared) against the file `alpha = "…"` names.

use std::path::Path;
use std::process::{Command, Output};

/// The only metadata of the project, for `alpha`: one entity set of widgets,
/// whose type has no `colour`.
const ALPHA_CSDL: &str = r#"<?xml version="1.0"?>
<Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
<EntityType Name="widget"><Key><PropertyRef Name="id"/></Key>
<Property Name="id" Type="Edm.String" Nullable="false"/>
<Property Name="name" Type="Edm.String"/></EntityType>
<EntityContainer Name="GraphService"><EntitySet Name="widgets" EntityType="microsoft.graph.widget"/></EntityContainer>
</Schema>
"#;

/// An alpha API page: a widget answered with a `colour` the alpha metadata
/// does not declare, and a URL it cannot resolve.
const ALPHA_PAGE: &str = "# Get widget\n\n\
### Request\n```http\nGET https://graph.microsoft.com/alpha/widgets/1\n```\n\
### Response\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n\
{\"@odata.context\": \"https://graph.microsoft.com/alpha/$metadata#widgets/$entity\", \"id\": \"1\", \"name\": \"a\", \"colour\": \"red\"}\n```\n\n\
### Request\n```http\nGET https://graph.microsoft.com/alpha/gadgets\n```\n\
### Response\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"value\": []}\n```\n";

/// An alpha resource page that documents the `colour` the metadata lacks.
const ALPHA_RESOURCE: &str = "# widget resource type\n\n\
## Properties\n|Property|Type|Description|\n|:---|:---|:---|\n\
|id|String|The identifier.|\n|name|String|The name.|\n|colour|String|The colour.|\n\n\
## JSON representation\n<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.widget\", \"keyProperty\": \"id\"} -->\n\
```json\n{\"id\": \"String\", \"name\": \"String\", \"colour\": \"String\"}\n```\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "mdcontract.toml",
        "[metadata]\nalpha = \"metadata/alpha.csdl.xml\"\n",
    );
    write("metadata/alpha.csdl.xml", ALPHA_CSDL);
    write("alpha/api/widget-get.md", ALPHA_PAGE);
    write("alpha/resources/widget.md", ALPHA_RESOURCE);
    dir
}

/// `mdcontract ARGS` run in `dir`, so that the config file is discovered.
fn mdcontract(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mdcontract"))
        .args(args)
        .current_dir(dir)
        .env_remove("MDCONTRACT_CONFIG")
        .output()
        .expect("binary runs")
}

#[test]
fn an_alpha_page_is_checked_against_the_alpha_metadata_of_the_config() {
    let dir = project();
    let o = mdcontract(dir.path(), &["check", "alpha", "--format", "json"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stderr}\n{stdout}");
    let findings: Vec<(String, String)> = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON lines"))
        .filter(|l| l["kind"] == "finding")
        .map(|l| {
            (
                l["code"].as_str().unwrap_or("").to_string(),
                l["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    // Only the alpha metadata knows `widget` (so that `colour` is not in
    // its schema) and knows no `gadgets`.
    assert!(
        findings
            .iter()
            .any(|(code, m)| code == "MC4001" && m.contains("colour")),
        "{findings:#?}"
    );
    assert!(
        findings
            .iter()
            .any(|(code, m)| code == "MC4101" && m.contains("gadgets")),
        "{findings:#?}"
    );
    // The `alpha` segment is the version, not a path the metadata lacks.
    assert!(
        !findings
            .iter()
            .any(|(code, m)| code == "MC4101" && m.contains("widgets")),
        "{findings:#?}"
    );
}

#[test]
fn an_alpha_resource_page_drifts_against_the_alpha_metadata_of_the_config() {
    let dir = project();
    let o = mdcontract(dir.path(), &["drift", "--docs", "alpha"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stderr}\n{stdout}");
    assert!(
        stdout.contains(
            "removed property microsoft.graph.widget/colour: documented, not in the metadata"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("alpha.csdl.xml (alpha)"), "{stdout}");
    assert!(!stdout.contains("widgets"), "{stdout}");
}
