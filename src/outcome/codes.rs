//! The catalogue of finding codes.
//!
//! Codes are stable: once published a code keeps its meaning. They are grouped
//! by the stage that raises them (`MC0xxx` input, `MC1xxx` markdown and
//! annotations, `MC2xxx` HTTP messages and bodies, `MC3xxx` pairing into
//! examples and resources). The table of docs/finding-codes.md is checked against this list by
//! a test, so the two cannot drift apart.

use serde::Serialize;

/// How bad a finding is. `Error` findings make `extract` and `check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $variant:ident = $code:literal, $sev:ident, $title:literal, $help:literal; )*) => {
        /// A kind of finding. See [`Code::ALL`] for the catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable identifier, e.g. `MC2001`.
            pub fn id(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            /// The severity used unless configuration overrides it.
            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// A short name for the kind of finding.
            pub fn title(self) -> &'static str {
                match self { $( Code::$variant => $title, )* }
            }

            /// One line telling the doc writer what to do about it.
            pub fn help(self) -> &'static str {
                match self { $( Code::$variant => $help, )* }
            }

            /// Looks a code up by its identifier (`MC2001`).
            pub fn from_id(id: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.id().eq_ignore_ascii_case(id))
            }
        }
    };
}

codes! {
    NotUtf8 = "MC0001", Error, "file is not valid UTF-8",
        "save the page as UTF-8; the text was decoded lossily so extraction could go on";
    AnnotationNotStrictJson = "MC1001", Warning, "annotation is not strict JSON",
        "write the annotation comment as strict JSON (quoted keys, no trailing commas)";
    AnnotationUnreadable = "MC1002", Error, "annotation cannot be read",
        "the comment looks like an annotation but no JSON object could be recovered from it";
    UnterminatedComment = "MC1003", Error, "unterminated HTML comment",
        "close the comment with `-->`; everything after it was swallowed by the comment";
    UnclosedFence = "MC1004", Error, "unclosed code fence",
        "close the fence with a line of the same backticks; it runs to the end of the page";
    AnnotationWithoutFence = "MC1005", Error, "annotation is not followed by a code fence",
        "put the annotated ```http or ```json fence right after the annotation comment";
    UnknownBlockType = "MC1006", Warning, "unknown blockType",
        "use one of request, response, resource, ignored, example";
    FrontMatterUnclosed = "MC1007", Warning, "front matter is not closed",
        "close the YAML front matter with a line `---`";
    FenceSwallowed = "MC1008", Error, "code fence swallowed the markdown after it",
        "close the earlier fence with a line of three backticks; the text up to here was read as code";
    BodyNotStrictJson = "MC2001", Warning, "JSON body is not strict JSON",
        "fix the JSON so it parses strictly; a lenient reading was used for the other checks";
    BodyUnrecoverable = "MC2002", Error, "JSON body cannot be parsed",
        "the body looks like JSON but could not be read even leniently; it was kept as text";
    RequestLineInvalid = "MC2003", Error, "request line cannot be parsed",
        "start a request block with `METHOD URL`, e.g. `GET https://graph.microsoft.com/v1.0/me`";
    StatusLineInvalid = "MC2004", Error, "status line cannot be parsed",
        "start a response block with a status line, e.g. `HTTP/1.1 200 OK`";
    HeaderInvalid = "MC2005", Warning, "header line cannot be parsed",
        "write headers as `Name: value`, one per line, before a blank line and the body";
    RequestWithoutResponse = "MC3001", Warning, "request has no response",
        "add the response block that the request produces (annotated `\"blockType\": \"response\"`)";
    ResponseWithoutRequest = "MC3002", Error, "response has no request",
        "add the request this response belongs to, or name it in the response annotation";
    DuplicateExampleName = "MC3003", Error, "duplicate example name on the page",
        "give every request annotation on a page its own `name`";
    UnknownRequestName = "MC3004", Error, "response names no request on the page",
        "make the response annotation's `name` equal to its request's `name`";
    ResourceWithoutType = "MC3006", Error, "resource block has no @odata.type",
        "add `\"@odata.type\": \"microsoft.graph.x\"` to the resource annotation";
    ResourceBodyNotObject = "MC3007", Error, "resource block is not a JSON object",
        "the JSON representation of a resource must be one JSON object";
    UndocumentedProperty = "MC4001", Error, "property is not in the type's schema",
        "remove the property, fix its spelling, or document it on the resource (types that accept any property are marked openType)";
    WrongJsonType = "MC4002", Error, "value has the wrong JSON type",
        "write the value with the JSON type the property's schema gives (string, number, boolean, object, array)";
    NotInEnum = "MC4003", Error, "value is not a member of the enum",
        "use one of the enum's members, spelled as the metadata spells them";
    BadFormat = "MC4004", Warning, "value does not match the property's format",
        "write dates as ISO 8601 (2021-07-09T13:45:12Z), durations as PT1H, GUIDs as 8-4-4-4-12 hex";
    AbstractTypeInstantiated = "MC4005", Error, "abstract type instantiated",
        "name a concrete derived type in `@odata.type`; an abstract type has no instances";
    UnrelatedODataType = "MC4006", Error, "@odata.type is not the expected type or derived from it",
        "use the property's type or one of its derived types in `@odata.type`";
    UnknownODataType = "MC4007", Warning, "@odata.type names a type the metadata does not define",
        "fix the type name (types are `microsoft.graph.name`, case-sensitive)";
    SchemaViolation = "MC4008", Error, "body does not match its schema",
        "make the body match the type's schema";
    EnumCaseMismatch = "MC4009", Warning, "enum value differs from a member only in case",
        "spell the value as the metadata spells the member";
    ResponseShape = "MC4010", Error, "response shape does not fit the operation's result",
        "answer one entity as the object itself, a collection as `{\"value\": [...]}` (OData JSON format)";
    UnresolvedUrl = "MC4101", Warning, "URL does not resolve in the metadata",
        "fix the path, or the metadata lacks what the docs describe (drift)";
    VersionMismatch = "MC4102", Warning, "URL version differs from the page's version",
        "use the version of the folder the page is in (`/v1.0/` pages call `/v1.0/`)";
    UrlOutsideTemplates = "MC4103", Warning, "example URL matches none of the page's HTTP request templates",
        "call one of the URLs the `## HTTP request` section lists, or list the URL the example calls";
    UrlTooLong = "MC4104", Error, "URL is longer than 8 KiB",
        "shorten the URL (servers and clients refuse request lines this long, 414 URI Too Long): send the request inside a `$batch` body, where its URL is payload (Graph's documented way around URL length limits), or split it";
    BodyOnBodylessMethod = "MC4201", Warning, "request body on a GET or DELETE",
        "remove the body: GET and DELETE requests carry none";
    BodyOn204 = "MC4202", Error, "204 No Content response has a body",
        "remove the body or use 200 OK";
    MissingContentType = "MC4203", Warning, "JSON body without a Content-Type header",
        "add `Content-Type: application/json`; SDKs return nothing without it";
    ContentLengthMismatch = "MC4204", Warning, "Content-Length fits neither the LF, the CRLF nor the compact length of the body",
        "correct the Content-Length header, or drop it";
    StatusNotForMethod = "MC4205", Error, "response status does not fit the request method",
        "a GET, HEAD or DELETE creates nothing: answer `200 OK` (or `204 No Content`), not `201 Created`";
    PermissionsTodo = "MC4301", Error, "permissions table has a TODO or empty cell",
        "fill in the least-privileged permissions, or write `Not supported.`";
    UnknownScope = "MC4302", Warning, "permission scope is a near miss of a known scope",
        "check the spelling against the permissions reference";
    UnknownAnnotationKey = "MC4303", Warning, "unknown annotation key",
        "use a known annotation key; unknown keys are ignored by every tool";
    PermissionsMissing = "MC4304", Warning, "API page documents no permissions",
        "add a `## Permissions` section with the permissions table (or say that the API needs none)";
    ReplayStatus = "MC5001", Error, "replayed status code differs from the documented one",
        "make the documented status line what the service answers";
    ReplayContentType = "MC5002", Error, "replayed Content-Type differs from the documented one",
        "document the Content-Type the service sends; JSON bodies are served as application/json";
    ReplayBody = "MC5003", Error, "replayed response body differs from the documented one",
        "fix the documented body at the JSON pointer shown, or the service";
    ReplayContentLength = "MC5004", Error, "Content-Length matches neither the LF nor the CRLF length of the bytes on the wire",
        "correct the Content-Length header, or drop it";
    ReplaySnapshot = "MC5005", Error, "replayed exchange differs from its snapshot",
        "review the change with `cargo insta review`; CI never accepts snapshots";
    ReplayUnmatched = "MC5006", Error, "request sent does not match the documented request",
        "the documented request cannot be sent as written: see the difference named";
    ReplayJsonUnreadable = "MC5007", Error, "body documented as JSON cannot be sent or served as JSON",
        "fix the JSON of the body: a client or a service would reject it";
    LiveMissingProperty = "MC5008", Error, "live response lacks a documented property",
        "the service does not return the property at the JSON pointer shown: fix the documented body, or the service";
    LiveUndocumentedProperty = "MC5009", Error, "live response has a property the documented response does not show",
        "document the property, or mark the response `truncated` when the page shows only some properties";
    LivePropertyType = "MC5010", Error, "live value has another JSON type than the documented one",
        "document the JSON type the service returns at the JSON pointer shown, or fix the service";
    ServeUnmatched = "MC6001", Error, "request sent to `serve` matches no documented example",
        "the client sends what the docs do not show: see the closest example and the difference named";
    ServeNotExercised = "MC6002", Note, "documented example was not exercised by any request",
        "send the documented request, or leave the example out of the pages served";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_well_formed() {
        let ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted, "codes must be unique and listed in order");
        for id in ids {
            assert!(id.len() == 6 && id.starts_with("MC"), "{id}");
            assert!(id[2..].chars().all(|c| c.is_ascii_digit()), "{id}");
        }
    }

    #[test]
    fn from_id_round_trips() {
        for &c in Code::ALL {
            assert_eq!(Code::from_id(c.id()), Some(c));
        }
        assert_eq!(Code::from_id("mc2001"), Some(Code::BodyNotStrictJson));
        assert_eq!(Code::from_id("MC9999"), None);
    }
}
