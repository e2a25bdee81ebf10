//! Edm primitive types → JSON Schema 2020-12.
//!
//! Graph serialises some primitives in ways the JSON Schema built-in formats
//! reject (`PT0.5S`, `08:00:00.0000000`, seven-digit fractions), and the
//! 2020-12 `format` keyword is only an annotation unless a validator opts in.
//! So every textual primitive gets an explicit `pattern`, which every
//! validator asserts, and never a `format`. Each schema carries an `x-edm`
//! annotation naming its primitive; error classification reads it back to say
//! *which* pattern failed.
//!
//! | Edm type | JSON Schema | accepts, for example |
//! |---|---|---|
//! | `String` | `{"type": "string"}` | `"x"` |
//! | `Boolean` | `{"type": "boolean"}` | `true` |
//! | `Byte`, `SByte`, `Int16`, `Int32` | `{"type": "integer"}` with the type's `minimum`/`maximum` | `42` |
//! | `Int64` | `{"type": ["integer", "string"]}`, strings matching `^-?[0-9]+$` | `42`, `"42"` |
//! | `Decimal` | `{"type": ["number", "string"]}`, strings matching a decimal literal | `1.5`, `"1.5"` |
//! | `Double`, `Single` | `{"type": ["number", "string"]}`, strings only `NaN`, `INF`, `-INF` | `1.5`, `"NaN"` |
//! | `DateTimeOffset` | string, [`DATE_TIME`]: seconds and fraction optional, fraction of any length, `Z` or `±hh:mm` | `"2021-07-09T13:45:12.3370000-07:00"` |
//! | `Date` | string, [`DATE`] | `"2021-07-09"` |
//! | `TimeOfDay` | string, [`TIME_OF_DAY`]: `HH:MM(:SS(.fraction)?)?` | `"08:00:00.0000000"` |
//! | `Duration` | string, [`DURATION`]: ISO 8601, optional sign, fractional seconds | `"PT0.5S"`, `"P1DT2H"`, `"-PT1M"`, `"P2Y"` |
//! | `Guid` | string, [`GUID`]: hex in either case | `"8f1e…"` |
//! | `Binary` | `{"type": "string"}` (base64; no pattern: docs use placeholders) | `"aGk="` |
//! | `Stream`, `Untyped`, abstract `Edm.*Type`, paths | `{}` | anything |
//! | `Geography*`, `Geometry*` | `{"type": "object"}` (GeoJSON) | `{"type": "Point", …}` |
//!
//! A nullable value adds `"null"` to `type`. Unknown `Edm.*` names get `{}`.

use serde_json::{Map, Value, json};

/// ISO 8601 date-time with a mandatory offset, as OData's `dateTimeOffsetValue`.
pub const DATE_TIME: &str = r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9](:([0-5][0-9]|60)(\.[0-9]+)?)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$";
/// ISO 8601 calendar date.
pub const DATE: &str = r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
/// `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fffffff`.
pub const TIME_OF_DAY: &str = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$";
/// ISO 8601 duration: at least one component, `T` only before a time
/// component, an optional leading `-`, and fractional seconds. Years, months
/// and weeks are accepted although OData's `Edm.Duration` has none: docs
/// write `P2Y`.
pub const DURATION: &str = concat!(
    r"^-?P(?:",
    r"(?:[0-9]+Y(?:[0-9]+M)?(?:[0-9]+W)?(?:[0-9]+D)?|[0-9]+M(?:[0-9]+W)?(?:[0-9]+D)?|[0-9]+W(?:[0-9]+D)?|[0-9]+D)",
    r"(?:T(?:[0-9]+H(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?|[0-9]+M(?:[0-9]+(?:\.[0-9]+)?S)?|[0-9]+(?:\.[0-9]+)?S))?",
    r"|T(?:[0-9]+H(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?|[0-9]+M(?:[0-9]+(?:\.[0-9]+)?S)?|[0-9]+(?:\.[0-9]+)?S)",
    r")$"
);
/// A GUID in 8-4-4-4-12 hex digits, either case.
pub const GUID: &str =
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
/// An Int64 written as a string.
pub const INT64_STRING: &str = r"^-?[0-9]+$";
/// A Decimal written as a string.
pub const DECIMAL_STRING: &str = r"^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$";
/// The only strings a Double or Single may be.
pub const DOUBLE_STRING: &str = r"^(NaN|INF|-INF)$";

/// A primitive type, by its `Edm.*` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Decimal,
    Double,
    Single,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    Stream,
    /// Any `Edm.Geography*` or `Edm.Geometry*` type.
    Spatial,
    /// `Edm.Untyped`, the abstract `Edm.*Type`s, path types, and unknown
    /// `Edm.*` names: anything goes.
    Any,
}

impl Primitive {
    /// The primitive an `Edm.*` name denotes (exact case, as CSDL requires);
    /// `None` for a name outside the `Edm` namespace.
    pub fn from_edm(name: &str) -> Option<Primitive> {
        let simple = name.strip_prefix("Edm.")?;
        Some(Self::from_simple(simple).unwrap_or(Primitive::Any))
    }

    /// The primitive a docs property table means by a type cell: `String`,
    /// `Int32`, `DateTimeOffset`, `Edm.Binary`, `boolean`, … (any case).
    /// `None` when the name is not a primitive.
    pub fn from_doc_name(name: &str) -> Option<Primitive> {
        let name = name.trim();
        let lower = name.to_ascii_lowercase();
        let simple = lower.strip_prefix("edm.").unwrap_or(&lower);
        let p = match simple {
            "string" | "str" => Primitive::String,
            "boolean" | "bool" => Primitive::Boolean,
            "byte" => Primitive::Byte,
            "sbyte" => Primitive::SByte,
            "int16" | "short" => Primitive::Int16,
            "int32" | "int" | "integer" => Primitive::Int32,
            "int64" | "long" => Primitive::Int64,
            "decimal" => Primitive::Decimal,
            "double" | "float" | "number" => Primitive::Double,
            "single" => Primitive::Single,
            // Older pages say `DateTime` for `Edm.DateTimeOffset`.
            "datetimeoffset" | "datetime" => Primitive::DateTimeOffset,
            "date" => Primitive::Date,
            "timeofday" => Primitive::TimeOfDay,
            "duration" => Primitive::Duration,
            "guid" | "uuid" => Primitive::Guid,
            "binary" => Primitive::Binary,
            "stream" => Primitive::Stream,
            "untyped" => Primitive::Any,
            s if s.starts_with("geography") || s.starts_with("geometry") => Primitive::Spatial,
            _ => return None,
        };
        Some(p)
    }

    fn from_simple(simple: &str) -> Option<Primitive> {
        let p = match simple {
            "String" => Primitive::String,
            "Boolean" => Primitive::Boolean,
            "Byte" => Primitive::Byte,
            "SByte" => Primitive::SByte,
            "Int16" => Primitive::Int16,
            "Int32" => Primitive::Int32,
            "Int64" => Primitive::Int64,
            "Decimal" => Primitive::Decimal,
            "Double" => Primitive::Double,
            "Single" => Primitive::Single,
            "DateTimeOffset" => Primitive::DateTimeOffset,
            "Date" => Primitive::Date,
            "TimeOfDay" => Primitive::TimeOfDay,
            "Duration" => Primitive::Duration,
            "Guid" => Primitive::Guid,
            "Binary" => Primitive::Binary,
            "Stream" => Primitive::Stream,
            s if s.starts_with("Geography") || s.starts_with("Geometry") => Primitive::Spatial,
            _ => return None,
        };
        Some(p)
    }

    /// The canonical `Edm.*` name (`Edm.Geography` for any spatial type,
    /// `Edm.Untyped` for [`Primitive::Any`]).
    pub fn edm_name(self) -> &'static str {
        match self {
            Primitive::String => "Edm.String",
            Primitive::Boolean => "Edm.Boolean",
            Primitive::Byte => "Edm.Byte",
            Primitive::SByte => "Edm.SByte",
            Primitive::Int16 => "Edm.Int16",
            Primitive::Int32 => "Edm.Int32",
            Primitive::Int64 => "Edm.Int64",
            Primitive::Decimal => "Edm.Decimal",
            Primitive::Double => "Edm.Double",
            Primitive::Single => "Edm.Single",
            Primitive::DateTimeOffset => "Edm.DateTimeOffset",
            Primitive::Date => "Edm.Date",
            Primitive::TimeOfDay => "Edm.TimeOfDay",
            Primitive::Duration => "Edm.Duration",
            Primitive::Guid => "Edm.Guid",
            Primitive::Binary => "Edm.Binary",
            Primitive::Stream => "Edm.Stream",
            Primitive::Spatial => "Edm.Geography",
            Primitive::Any => "Edm.Untyped",
        }
    }

    /// The name of the textual format a pattern failure means for this
    /// primitive, as [`crate::schema::SchemaErrorKind::Pattern`] reports it.
    /// `None` for primitives whose string form is only an alternative to a
    /// number: a bad one is a wrong type, not a bad format.
    pub fn format_name(self) -> Option<&'static str> {
        match self {
            Primitive::DateTimeOffset => Some("date-time"),
            Primitive::Date => Some("date"),
            Primitive::TimeOfDay => Some("time-of-day"),
            Primitive::Duration => Some("duration"),
            Primitive::Guid => Some("uuid"),
            _ => None,
        }
    }

    /// The JSON type a string failing this primitive's pattern should have
    /// been (`Int64` → `integer`, `Double` → `number`).
    pub fn numeric_type(self) -> Option<&'static str> {
        match self {
            Primitive::Int64 => Some("integer"),
            Primitive::Decimal | Primitive::Double | Primitive::Single => Some("number"),
            _ => None,
        }
    }

    /// The JSON Schema of a value of this primitive (see the module table).
    pub fn schema(self, nullable: bool) -> Value {
        let (types, pattern, range): (&[&str], Option<&str>, Option<(i64, i64)>) = match self {
            Primitive::Any | Primitive::Stream => return json!({ "x-edm": self.edm_name() }),
            Primitive::String | Primitive::Binary => (&["string"], None, None),
            Primitive::Boolean => (&["boolean"], None, None),
            Primitive::Byte => (&["integer"], None, Some((0, 255))),
            Primitive::SByte => (&["integer"], None, Some((-128, 127))),
            Primitive::Int16 => (&["integer"], None, Some((-32768, 32767))),
            Primitive::Int32 => (
                &["integer"],
                None,
                Some((i64::from(i32::MIN), i64::from(i32::MAX))),
            ),
            Primitive::Int64 => (&["integer", "string"], Some(INT64_STRING), None),
            Primitive::Decimal => (&["number", "string"], Some(DECIMAL_STRING), None),
            Primitive::Double | Primitive::Single => {
                (&["number", "string"], Some(DOUBLE_STRING), None)
            }
            Primitive::DateTimeOffset => (&["string"], Some(DATE_TIME), None),
            Primitive::Date => (&["string"], Some(DATE), None),
            Primitive::TimeOfDay => (&["string"], Some(TIME_OF_DAY), None),
            Primitive::Duration => (&["string"], Some(DURATION), None),
            Primitive::Guid => (&["string"], Some(GUID), None),
            Primitive::Spatial => (&["object"], None, None),
        };
        let mut m = Map::new();
        m.insert("type".into(), type_value(types, nullable));
        if let Some(p) = pattern {
            m.insert("pattern".into(), Value::from(p));
        }
        if let Some((min, max)) = range {
            m.insert("minimum".into(), Value::from(min));
            m.insert("maximum".into(), Value::from(max));
        }
        m.insert("x-edm".into(), Value::from(self.edm_name()));
        Value::Object(m)
    }
}

/// `"string"` or `["string", "null"]`.
pub(crate) fn type_value(types: &[&str], nullable: bool) -> Value {
    let mut v: Vec<Value> = types.iter().map(|t| Value::from(*t)).collect();
    if nullable {
        v.push(Value::from("null"));
    }
    if v.len() == 1 {
        v.pop().unwrap_or(Value::Null)
    } else {
        Value::Array(v)
    }
}

/// The JSON Schema of an `Edm.*` type by name (`{}` for unknown names).
pub fn edm_schema(name: &str, nullable: bool) -> Value {
    Primitive::from_edm(name)
        .unwrap_or(Primitive::Any)
        .schema(nullable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(p: Primitive, v: Value) -> bool {
        let schema = p.schema(false);
        jsonschema::draft202012::is_valid(&schema, &v)
    }

    #[track_caller]
    fn accepts(p: Primitive, good: &[Value]) {
        for v in good {
            assert!(ok(p, v.clone()), "{p:?} should accept {v}");
        }
    }

    #[track_caller]
    fn rejects(p: Primitive, bad: &[Value]) {
        for v in bad {
            assert!(!ok(p, v.clone()), "{p:?} should reject {v}");
        }
    }

    #[test]
    fn date_time_offset_takes_any_fraction_and_any_offset() {
        accepts(
            Primitive::DateTimeOffset,
            &[
                json!("2021-07-09T13:45:12.3370000-07:00"),
                json!("2021-07-09T13:45:12Z"),
                json!("2021-07-09T13:45Z"),
                json!("0001-01-01T00:00:00Z"),
                json!("2021-07-09T13:45:12.1+05:30"),
            ],
        );
        rejects(
            Primitive::DateTimeOffset,
            &[
                json!("2021-07-09T13:45:12"),
                json!("2021-07-09"),
                json!("2021-13-09T13:45:12Z"),
                json!("2021-07-09 13:45:12Z"),
                json!("String (timestamp)"),
                json!(20210709),
                Value::Null,
            ],
        );
    }

    #[test]
    fn date_and_time_of_day() {
        accepts(Primitive::Date, &[json!("2021-07-09"), json!("1999-12-31")]);
        rejects(
            Primitive::Date,
            &[json!("2021-7-9"), json!("2021-07-09T00:00:00Z")],
        );
        accepts(
            Primitive::TimeOfDay,
            &[
                json!("08:00:00.0000000"),
                json!("08:00"),
                json!("23:59:59"),
                json!("06:30:00"),
            ],
        );
        rejects(
            Primitive::TimeOfDay,
            &[json!("24:00:00"), json!("8:00"), json!("08:00:00Z")],
        );
    }

    #[test]
    fn duration_takes_fractional_seconds_signs_and_years() {
        accepts(
            Primitive::Duration,
            &[
                json!("PT0.5S"),
                json!("P1DT2H"),
                json!("-PT1M"),
                json!("P2Y"),
                json!("PT1H30M"),
                json!("P1Y2M3W4DT5H6M7.25S"),
                json!("P0D"),
                json!("PT10M"),
            ],
        );
        rejects(
            Primitive::Duration,
            &[
                json!("P"),
                json!("PT"),
                json!("P1DT"),
                json!("1 hour"),
                json!("PT1.S"),
                json!("P1H"),
                json!("PT1D"),
            ],
        );
    }

    #[test]
    fn guid_in_either_case() {
        accepts(
            Primitive::Guid,
            &[
                json!("8f1e7e8e-0b2a-4bd2-9f5c-3c1d0a9b7e6f"),
                json!("8F1E7E8E-0B2A-4BD2-9F5C-3C1D0A9B7E6F"),
            ],
        );
        rejects(
            Primitive::Guid,
            &[
                json!("8f1e7e8e0b2a4bd29f5c3c1d0a9b7e6f"),
                json!("{8f1e7e8e-0b2a-4bd2-9f5c-3c1d0a9b7e6f}"),
                json!("Guid"),
            ],
        );
    }

    #[test]
    fn numbers_as_numbers_or_graph_strings() {
        accepts(
            Primitive::Int64,
            &[
                json!(9007199254740993_i64),
                json!("9007199254740993"),
                json!(-1),
            ],
        );
        rejects(Primitive::Int64, &[json!(1.5), json!("1.5"), json!("ten")]);
        accepts(
            Primitive::Double,
            &[
                json!(1.5),
                json!(3),
                json!("NaN"),
                json!("INF"),
                json!("-INF"),
            ],
        );
        rejects(
            Primitive::Double,
            &[json!("1.5"), json!("nan"), json!(true)],
        );
        accepts(
            Primitive::Decimal,
            &[json!(1.25), json!("1.25"), json!("-3")],
        );
        rejects(Primitive::Decimal, &[json!("1,25")]);
        accepts(Primitive::Int32, &[json!(0), json!(2147483647)]);
        rejects(
            Primitive::Int32,
            &[json!(2147483648_i64), json!("1"), json!(1.5)],
        );
        rejects(Primitive::Byte, &[json!(256), json!(-1)]);
    }

    #[test]
    fn the_rest() {
        accepts(Primitive::String, &[json!(""), json!("x")]);
        rejects(Primitive::String, &[json!(1), Value::Null]);
        accepts(Primitive::Boolean, &[json!(true)]);
        rejects(Primitive::Boolean, &[json!("true")]);
        accepts(Primitive::Binary, &[json!("aGk=")]);
        accepts(Primitive::Stream, &[json!(1), json!("x"), Value::Null]);
        accepts(Primitive::Spatial, &[json!({"type": "Point"})]);
        rejects(Primitive::Spatial, &[json!("POINT(1 2)")]);
    }

    #[test]
    fn nullable_adds_null() {
        let s = Primitive::DateTimeOffset.schema(true);
        assert_eq!(s["type"], json!(["string", "null"]));
        assert!(jsonschema::draft202012::is_valid(&s, &Value::Null));
        assert!(!jsonschema::draft202012::is_valid(&s, &json!("x")));
        assert_eq!(
            Primitive::Int64.schema(true)["type"],
            json!(["integer", "string", "null"])
        );
    }

    #[test]
    fn names() {
        assert_eq!(Primitive::from_edm("Edm.Int64"), Some(Primitive::Int64));
        assert_eq!(
            Primitive::from_edm("Edm.GeographyPoint"),
            Some(Primitive::Spatial)
        );
        assert_eq!(
            Primitive::from_edm("Edm.PropertyPath"),
            Some(Primitive::Any)
        );
        assert_eq!(Primitive::from_edm("microsoft.graph.user"), None);
        assert_eq!(Primitive::from_doc_name("String"), Some(Primitive::String));
        assert_eq!(
            Primitive::from_doc_name("Edm.Binary"),
            Some(Primitive::Binary)
        );
        assert_eq!(
            Primitive::from_doc_name("dateTimeOffset"),
            Some(Primitive::DateTimeOffset)
        );
        assert_eq!(Primitive::from_doc_name("recipient"), None);
        assert_eq!(
            edm_schema("Edm.Nope", false),
            json!({"x-edm": "Edm.Untyped"})
        );
    }

    #[test]
    fn patterns_compile_with_the_linear_time_engine() {
        for p in [
            DATE_TIME,
            DATE,
            TIME_OF_DAY,
            DURATION,
            GUID,
            INT64_STRING,
            DECIMAL_STRING,
            DOUBLE_STRING,
        ] {
            let schema = json!({"pattern": p});
            jsonschema::draft202012::options()
                .with_pattern_options(jsonschema::PatternOptions::regex())
                .build(&schema)
                .unwrap_or_else(|e| panic!("{p}: {e}"));
        }
    }
}
