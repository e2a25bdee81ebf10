//! What a page holds once extracted: examples, resources, templates, and the
//! fate of every fence.

use serde::Serialize;

use crate::http::message::{Body, Request, Response};
use crate::markdown::frontmatter::FrontMatter;
use crate::outcome::{Code, Finding};
use crate::source::{ContentMap, LineCol, Source, Span};

/// The stable identity of an example: page key, `#`, annotation name or
/// `example-N`. It names the test, the snapshot, the JUnit case and the SARIF
/// result, so it never changes unless the page does.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ExampleId(pub String);

impl ExampleId {
    pub fn new(page: &str, name: &str) -> Self {
        ExampleId(format!("{page}#{name}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ExampleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a block is: its span and the line:col of its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    pub span: Span,
    #[serde(flatten)]
    pub at: LineCol,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestPart {
    #[serde(flatten)]
    pub message: Request,
    pub place: Place,
    /// True when the block had a `request` annotation.
    pub annotated: bool,
    /// Maps offsets of the message text (header, body, error offsets) to the page.
    #[serde(skip)]
    pub map: ContentMap,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponsePart {
    #[serde(flatten)]
    pub message: Response,
    pub place: Place,
    /// True when the block had a `response` annotation.
    pub annotated: bool,
    /// Maps offsets of the message text to the page.
    #[serde(skip)]
    pub map: ContentMap,
    /// `truncated: true`: the body may omit properties.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// The annotation's `@odata.type`, the type the body is documented as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_collection: bool,
}

/// A documented request with the response it produces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    pub id: ExampleId,
    /// The annotation name, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The API version (`v1.0`, `beta`): the URL's version segment, else the
    /// page's folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// True when request and response were both annotated.
    pub annotated: bool,
    /// The headings above the request, outermost first.
    pub headings: Vec<String>,
    pub request: RequestPart,
    pub response: ResponsePart,
}

impl Example {
    /// Drops the bodies of the request and the response, and the content
    /// maps that place them on the page: what a command that reads only an
    /// example's method, URL, headers, version and lines keeps of it.
    pub fn drop_bodies(&mut self) {
        self.request.message.body = Body::Empty;
        self.response.message.body = Body::Empty;
        self.request.map = ContentMap::default();
        self.response.map = ContentMap::default();
    }
}

/// A documented type: a `blockType: resource` block plus the page's property tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    /// The qualified type name, e.g. `microsoft.graph.user`.
    pub odata_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_property: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_type: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub optional_properties: Vec<String>,
    /// The JSON representation, as recovered.
    pub json: Option<serde_json::Value>,
    pub place: Place,
    /// Rows of the page's Property and Relationship tables.
    pub properties: Vec<Property>,
}

/// A row of a `| Property | Type | Description |` table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Property {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeExpr,
    pub description: String,
    /// True for rows of a Relationships table (navigation properties).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub relationship: bool,
    pub line: usize,
}

/// A property type as the table writes it: `String collection`,
/// `Collection(microsoft.graph.x)`, `[x](x.md)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeExpr {
    /// The type's name as written, without the collection marker
    /// (`String`, `Edm.Binary`, `recipient`, `microsoft.graph.x`).
    pub name: String,
    pub collection: bool,
    /// The page the type links to, if it is a link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// A `## HTTP request` syntax block: the URL template of the method.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Template {
    pub method: String,
    pub url: String,
    pub place: Place,
}

/// Why a fence is not an example part, a resource or a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IgnoreReason {
    /// Annotated `"blockType": "ignored"`.
    AnnotatedIgnored,
    /// Annotated `"blockType": "example"` or `"samples"`: a sample with no exchange.
    AnnotatedSample,
    /// An unannotated JSON block that is not part of an exchange.
    UnannotatedJson,
    /// A fence in a language that is not HTTP or JSON.
    OtherLanguage,
    /// A response to a request that the page annotated `ignored`.
    AnswersIgnoredRequest,
    /// Another answer to a request already answered, shown under the same
    /// example: a 207 partial success, an error response, the content served
    /// at a 302's Location.
    AlternativeResponse,
    /// An unannotated http snippet in prose: a bare URL, a header, a request
    /// or response shown without its counterpart. Annotated blocks never get
    /// this reason; they get a finding instead.
    ProseSnippet,
}

/// What became of one fence of the page. Every fence gets exactly one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "as", rename_all = "kebab-case")]
pub enum Disposition {
    Request {
        example: usize,
    },
    Response {
        example: usize,
    },
    Resource {
        resource: usize,
    },
    Template {
        template: usize,
    },
    Ignored {
        reason: IgnoreReason,
    },
    /// Not usable; the finding says why.
    Finding {
        code: Code,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FenceReport {
    pub place: Place,
    pub info: String,
    #[serde(flatten)]
    pub disposition: Disposition,
}

/// One extracted page.
#[derive(Debug)]
pub struct Page {
    pub source: Source,
    pub front_matter: Option<FrontMatter>,
    pub examples: Vec<Example>,
    pub resources: Vec<Resource>,
    pub templates: Vec<Template>,
    pub fences: Vec<FenceReport>,
    pub findings: Vec<Finding>,
    /// The page annotation's `suppressions`, as written.
    pub suppressions: Vec<String>,
    pub stats: PageStats,
    /// Every annotation comment of the page, as read.
    pub annotations: Vec<AnnotationRecord>,
    /// Rows of the page's permissions table (`| Permission type | Permissions |`).
    pub permissions: Vec<PermissionRow>,
}

/// An annotation comment and what it said.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotationRecord {
    /// The whole comment, `<!--` to `-->`.
    pub span: Span,
    /// Offset of the text between `<!--` and `-->`.
    pub inner_start: usize,
    pub value: serde_json::Value,
}

/// A row of a permissions table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PermissionRow {
    /// `Delegated (work or school account)`, `Application`, ...; for a
    /// workload sub-row, the permission type of the row it is grouped under.
    pub kind: String,
    /// The workload of an indented sub-row (`|&nbsp; &nbsp; **Mail** |
    /// Mail.Read |` under an empty `Delegated` row): `Mail`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workload: Option<String>,
    /// The permissions cell as text: `User.Read, User.ReadWrite` or `Not supported.`
    pub scopes: String,
    pub place: Place,
}

/// Counts of JSON bodies on a page, over every request, response and
/// resource block whether paired or not (the corpus accounting uses them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PageStats {
    pub request_json: usize,
    pub response_json: usize,
    pub resource_json: usize,
    /// Bodies of the three kinds above that are not strict JSON.
    pub not_strict: usize,
}

impl std::ops::AddAssign for PageStats {
    fn add_assign(&mut self, o: Self) {
        self.request_json += o.request_json;
        self.response_json += o.response_json;
        self.resource_json += o.resource_json;
        self.not_strict += o.not_strict;
    }
}

impl Page {
    /// The page reduced to its source and examples, which is all a replay
    /// reads; the rest of the model is dropped here.
    pub fn into_examples(self) -> Page {
        Page::of_parts(self.source, None, self.examples, Vec::new(), Vec::new())
    }

    /// A page that holds only these parts of a page's model, the rest
    /// (fences, findings, suppressions, counts, annotations, permission
    /// rows) empty: what a command that reads no more keeps of a page.
    pub fn of_parts(
        source: Source,
        front_matter: Option<FrontMatter>,
        examples: Vec<Example>,
        resources: Vec<Resource>,
        templates: Vec<Template>,
    ) -> Page {
        Page {
            source,
            front_matter,
            examples,
            resources,
            templates,
            fences: Vec::new(),
            findings: Vec::new(),
            suppressions: Vec::new(),
            stats: PageStats::default(),
            annotations: Vec::new(),
            permissions: Vec::new(),
        }
    }

    /// The API version the page's folder names (`v1.0`, `beta`), if any.
    pub fn folder_version(&self) -> Option<&str> {
        folder_version(&self.source.page)
    }
}

/// `v1.0/api/user-get` → `v1.0`.
pub fn folder_version(page: &str) -> Option<&str> {
    page.split('/').find(|s| is_version(s))
}

use crate::graph::is_version;
