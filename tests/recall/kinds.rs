//! The kinds of defect the recall measurement injects: one table of each
//! kind's name, the codes that count as finding it and its line.

use super::*;

/// Declares [`Kind`] from one table, a row per kind: its name and the codes
/// that count as finding it, under the line a finding must be on (in words),
/// which a run of kinds shares.
macro_rules! kinds {
    ($($line:literal => { $($kind:ident: $name:literal, [$($code:ident),+];)+ })+) => {
        /// A kind of defect, as `check` claims to find it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Kind {
            $($($kind,)+)+
        }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$($(Kind::$kind,)+)+];

            pub fn name(self) -> &'static str {
                match self {
                    $($(Kind::$kind => $name,)+)+
                }
            }

            /// The codes that count as finding this kind.
            pub fn codes(self) -> &'static [Code] {
                match self {
                    $($(Kind::$kind => &[$(Code::$code),+],)+)+
                }
            }

            /// The line a finding must be on, in words.
            pub fn line_rule(self) -> &'static str {
                match self {
                    $($(Kind::$kind => $line,)+)+
                }
            }
        }
    };
}

kinds! {
    "mutated line" => {
        // Strict parsing fails at the mutated place either way; MC2001
        // when the lenient reader still recovers a value, MC2002 when not.
        InvalidJson: "invalid JSON at a line", [BodyNotStrictJson, BodyUnrecoverable];
    }
    "member's line" => {
        WrongJsonType: "wrong JSON type", [WrongJsonType];
        UnknownProperty: "unknown property", [UndocumentedProperty];
        WrongEnum: "wrong enum value", [NotInEnum];
        EnumCase: "enum value in the wrong case", [EnumCaseMismatch];
        BadDateTime: "malformed date-time", [BadFormat];
        BadFormat: "malformed GUID, duration, date or time", [BadFormat];
    }
    "inserted @odata.type's line" => {
        UnrelatedODataType: "wrong @odata.type (unrelated type)", [UnrelatedODataType];
        UnknownODataType: "wrong @odata.type (undefined type)", [UnknownODataType];
        AbstractType: "abstract type instantiated", [AbstractTypeInstantiated];
    }
    "header's line" => {
        ContentLengthLf: "wrong Content-Length (LF page)", [ContentLengthMismatch];
        ContentLengthCrlf: "wrong Content-Length (CRLF page)", [ContentLengthMismatch];
        ContentLengthMixed: "wrong Content-Length (CRLF and LF bodies)", [ContentLengthMismatch];
    }
    "request fence line" => {
        UnpairedRequest: "unpaired request", [RequestWithoutResponse];
    }
    "response fence line" => {
        // A response whose annotation names its (now missing) request is
        // reported as naming no request; an unnamed one as having none.
        UnpairedResponse: "unpaired response", [ResponseWithoutRequest, UnknownRequestName];
    }
    "request fence line" => {
        DuplicateName: "duplicate example name", [DuplicateExampleName];
    }
    "response fence line" => {
        UnknownRequestName: "response names no request", [UnknownRequestName];
    }
    "body's first line" => {
        BodyOnGet: "body on a GET request", [BodyOnBodylessMethod];
        BodyOn204: "body on a 204 response", [BodyOn204];
        MissingContentType: "JSON body without Content-Type", [MissingContentType];
    }
    "status line" => {
        CreatedOnGet: "201 Created answering a GET or DELETE", [StatusNotForMethod];
    }
    "request line" => {
        VersionMismatch: "URL version not the page's", [VersionMismatch];
        UnknownEntitySet: "unknown entity set", [UnresolvedUrl];
        UrlOutsideTemplates: "example URL outside the page's templates", [UrlOutsideTemplates];
    }
    "table row" => {
        NearMissScope: "scope that does not exist (near miss)", [UnknownScope];
        TodoPermissions: "TODO permissions cell", [PermissionsTodo];
    }
    "`## HTTP request` heading" => {
        MissingPermissions: "missing permissions section", [PermissionsMissing];
    }
    "key's line" => {
        UnknownAnnotationKey: "unknown annotation key", [UnknownAnnotationKey];
    }
}
