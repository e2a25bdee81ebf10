//! The kinds of defect the recall measurement injects: one table of each
//! kind's name, the codes that count as finding it and its line.

use super::*;

/// Declares [`Kind`] from one table, a row per kind: its name, the codes
/// that count as finding it, and the line a finding must be on (in words).
macro_rules! kinds {
    ($($kind:ident: $name:literal, [$($code:ident),+], $line:literal;)+) => {
        /// A kind of defect, as `check` claims to find it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Kind {
            $($kind,)+
        }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$kind,)+];

            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$kind => $name,)+
                }
            }

            /// The codes that count as finding this kind.
            pub fn codes(self) -> &'static [Code] {
                match self {
                    $(Kind::$kind => &[$(Code::$code),+],)+
                }
            }

            /// The line a finding must be on, in words.
            pub fn line_rule(self) -> &'static str {
                match self {
                    $(Kind::$kind => $line,)+
                }
            }
        }
    };
}

kinds! {
    // Strict parsing fails at the mutated place either way; MC2001
    // when the lenient reader still recovers a value, MC2002 when not.
    InvalidJson: "invalid JSON at a line", [BodyNotStrictJson, BodyUnrecoverable], "mutated line";
    WrongJsonType: "wrong JSON type", [WrongJsonType], "member's line";
    UnknownProperty: "unknown property", [UndocumentedProperty], "member's line";
    WrongEnum: "wrong enum value", [NotInEnum], "member's line";
    EnumCase: "enum value in the wrong case", [EnumCaseMismatch], "member's line";
    BadDateTime: "malformed date-time", [BadFormat], "member's line";
    BadFormat: "malformed GUID, duration, date or time", [BadFormat], "member's line";
    UnrelatedODataType: "wrong @odata.type (unrelated type)", [UnrelatedODataType], "inserted @odata.type's line";
    UnknownODataType: "wrong @odata.type (undefined type)", [UnknownODataType], "inserted @odata.type's line";
    AbstractType: "abstract type instantiated", [AbstractTypeInstantiated], "inserted @odata.type's line";
    ContentLengthLf: "wrong Content-Length (LF page)", [ContentLengthMismatch], "header's line";
    ContentLengthCrlf: "wrong Content-Length (CRLF page)", [ContentLengthMismatch], "header's line";
    ContentLengthMixed: "wrong Content-Length (CRLF and LF bodies)", [ContentLengthMismatch], "header's line";
    UnpairedRequest: "unpaired request", [RequestWithoutResponse], "request fence line";
    // A response whose annotation names its (now missing) request is
    // reported as naming no request; an unnamed one as having none.
    UnpairedResponse: "unpaired response", [ResponseWithoutRequest, UnknownRequestName], "response fence line";
    DuplicateName: "duplicate example name", [DuplicateExampleName], "request fence line";
    UnknownRequestName: "response names no request", [UnknownRequestName], "response fence line";
    BodyOnGet: "body on a GET request", [BodyOnBodylessMethod], "body's first line";
    BodyOn204: "body on a 204 response", [BodyOn204], "body's first line";
    MissingContentType: "JSON body without Content-Type", [MissingContentType], "body's first line";
    CreatedOnGet: "201 Created answering a GET or DELETE", [StatusNotForMethod], "status line";
    VersionMismatch: "URL version not the page's", [VersionMismatch], "request line";
    UnknownEntitySet: "unknown entity set", [UnresolvedUrl], "request line";
    UrlOutsideTemplates: "example URL outside the page's templates", [UrlOutsideTemplates], "request line";
    NearMissScope: "scope that does not exist (near miss)", [UnknownScope], "table row";
    TodoPermissions: "TODO permissions cell", [PermissionsTodo], "table row";
    MissingPermissions: "missing permissions section", [PermissionsMissing], "`## HTTP request` heading";
    UnknownAnnotationKey: "unknown annotation key", [UnknownAnnotationKey], "key's line";
}
