//! JSON bodies: strict first, then a lenient repair.
//!
//! Doc writers type JSON by hand, so real bodies carry trailing commas, `//`
//! comments, `...` standing for omitted items and non-breaking spaces pasted
//! from a word processor. The strict parse (serde_json) decides whether the
//! page is right; when it fails, a small recursive-descent reader recovers a
//! value so that schema checks can still run, and the strict error is kept so
//! that it is still reported at its exact place.

use serde_json::{Map, Number, Value};

/// Deeper nesting than this is refused by the lenient reader (the strict one
/// stops at serde_json's own limit of 128). Real bodies nest a dozen levels.
pub const MAX_DEPTH: usize = 256;

/// A JSON syntax error at a byte offset of the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

/// What reading a body as JSON gave.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonOutcome {
    /// Strict JSON.
    Strict(Value),
    /// Not strict JSON, but a value was recovered; `error` is the strict error.
    Repaired { value: Value, error: JsonError },
    /// Nothing could be recovered; `error` is the strict error.
    Broken { error: JsonError },
}

impl JsonOutcome {
    pub fn value(&self) -> Option<&Value> {
        match self {
            JsonOutcome::Strict(v) | JsonOutcome::Repaired { value: v, .. } => Some(v),
            JsonOutcome::Broken { .. } => None,
        }
    }

    /// The value, if any, and the strict error, if any, by value.
    pub fn into_parts(self) -> (Option<Value>, Option<JsonError>) {
        match self {
            JsonOutcome::Strict(v) => (Some(v), None),
            JsonOutcome::Repaired { value, error } => (Some(value), Some(error)),
            JsonOutcome::Broken { error } => (None, Some(error)),
        }
    }

    pub fn strict_error(&self) -> Option<&JsonError> {
        match self {
            JsonOutcome::Strict(_) => None,
            JsonOutcome::Repaired { error, .. } | JsonOutcome::Broken { error } => Some(error),
        }
    }
}

/// Reads `text` strictly, falling back to the lenient reader.
pub fn parse(text: &str) -> JsonOutcome {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => JsonOutcome::Strict(v),
        Err(e) => {
            let mut message = strip_position(&e.to_string());
            let mut offset = offset_of(text, e.line(), e.column());
            // serde_json reports a trailing comma at the bracket after it;
            // the comma is what the writer has to delete.
            if message.contains("trailing comma")
                && let Some(comma) = text[..offset.min(text.len())].rfind(',')
            {
                offset = comma;
            }
            // A space pasted from a word processor: serde_json calls it what
            // it expected there ("key must be a string"); name it instead.
            if let Some((at, name)) = unicode_space_near(text, offset) {
                offset = at;
                message = format!("{name} where JSON allows only spaces, tabs and line breaks");
            }
            let error = JsonError { offset, message };
            match parse_lenient(text) {
                Ok(value) => JsonOutcome::Repaired { value, error },
                Err(_) => JsonOutcome::Broken { error },
            }
        }
    }
}

/// The non-ASCII space (as the lenient reader skips them) at `offset`, or
/// ending at it: its offset and its name.
fn unicode_space_near(text: &str, offset: usize) -> Option<(usize, &'static str)> {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let name = |c: char| match c {
        '\u{a0}' => Some("non-breaking space (U+00A0)"),
        '\u{202f}' => Some("narrow non-breaking space (U+202F)"),
        '\u{200b}' => Some("zero-width space (U+200B)"),
        '\u{feff}' => Some("byte order mark (U+FEFF)"),
        _ => None,
    };
    if let Some(n) = text[at..].chars().next().and_then(name) {
        return Some((at, n));
    }
    let c = text[..at].chars().next_back()?;
    name(c).map(|n| (at - c.len_utf8(), n))
}

/// Reads `text` with the lenient grammar only (used for annotations too).
pub fn parse_lenient(text: &str) -> Result<Value, JsonError> {
    let mut r = Reader::new(text);
    r.skip_ws();
    let v = r.value()?.unwrap_or(Value::Null);
    r.skip_ws();
    // A lone trailing ellipsis after the value is harmless.
    while r.eat_ellipsis() {
        r.skip_ws();
    }
    if r.i < r.s.len() {
        return Err(r.err("unexpected text after the JSON value"));
    }
    Ok(v)
}

/// The offset in `text` of the value at `pointer` (RFC 6901, e.g.
/// `/value/0/target/@odata.type`), reading `text` leniently. For a pointer
/// into an object member, the offset is that of the member's key, which is
/// where a reader looks for it.
pub fn locate(text: &str, pointer: &str) -> Option<usize> {
    let segments: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        pointer
            .strip_prefix('/')?
            .split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect()
    };
    let mut r = Reader::new(text);
    r.skip_ws();
    let mut at = r.i;
    for seg in &segments {
        r.skip_ws();
        match r.peek()? {
            b'{' => {
                r.i += 1;
                loop {
                    match r.next_entry(b'}') {
                        Next::Entry => {}
                        Next::Close | Next::End => return None,
                    }
                    let key_at = r.i;
                    let key = r.member_name().ok()?;
                    if &key == seg {
                        at = key_at;
                        break;
                    }
                    r.value().ok()?;
                }
            }
            b'[' => {
                let want: usize = seg.parse().ok()?;
                r.i += 1;
                let mut idx = 0;
                loop {
                    match r.next_entry(b']') {
                        Next::Entry => {}
                        Next::Close | Next::End => return None,
                    }
                    if idx == want {
                        at = r.i;
                        break;
                    }
                    r.value().ok()?;
                    idx += 1;
                }
            }
            _ => return None,
        }
    }
    Some(at)
}

/// serde_json reports 1-based line and column (in bytes); turn them into an offset.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let mut start = 0;
    for _ in 1..line {
        match memchr::memchr(b'\n', &text.as_bytes()[start..]) {
            Some(n) => start += n + 1,
            None => return text.len(),
        }
    }
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// serde_json appends " at line L column C"; we print our own position.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// What follows inside an object or array.
enum Next {
    Entry,
    Close,
    End,
}

struct Reader<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    fn new(text: &'a str) -> Self {
        Reader {
            s: text.as_bytes(),
            text,
            i: 0,
            depth: 0,
        }
    }

    fn err(&self, message: &str) -> JsonError {
        JsonError {
            offset: self.i.min(self.s.len()),
            message: message.to_string(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// Skips white space (including NBSP, U+202F, zero-width space and a BOM)
    /// and `//` / `/* */` comments.
    fn skip_ws(&mut self) {
        loop {
            let rest = &self.s[self.i.min(self.s.len())..];
            match rest {
                [b' ' | b'\t' | b'\n' | b'\r', ..] => self.i += 1,
                [0xC2, 0xA0, ..] => self.i += 2,
                [0xE2, 0x80, 0xAF | 0x8B, ..] | [0xEF, 0xBB, 0xBF, ..] => self.i += 3,
                [b'/', b'/', ..] => {
                    self.i = match memchr::memchr(b'\n', rest) {
                        Some(n) => self.i + n + 1,
                        None => self.s.len(),
                    }
                }
                [b'/', b'*', ..] => {
                    self.i = match memchr::memmem::find(&rest[2..], b"*/") {
                        Some(n) => self.i + 2 + n + 2,
                        None => self.s.len(),
                    }
                }
                _ => return,
            }
        }
    }

    /// `...` or `…` standing for omitted content.
    fn eat_ellipsis(&mut self) -> bool {
        let rest = &self.s[self.i.min(self.s.len())..];
        if rest.starts_with(b"...") {
            self.i += 3;
            while self.peek() == Some(b'.') {
                self.i += 1;
            }
            true
        } else if rest.starts_with("…".as_bytes()) {
            self.i += "…".len();
            true
        } else {
            false
        }
    }

    /// A value, or `None` where the text holds only an ellipsis.
    fn value(&mut self) -> Result<Option<Value>, JsonError> {
        self.skip_ws();
        if self.eat_ellipsis() {
            return Ok(None);
        }
        match self.peek() {
            Some(b'{') => self.nested(Self::object).map(Some),
            Some(b'[') => self.nested(Self::array).map(Some),
            Some(b'"' | b'\'') => self.string().map(|s| Some(Value::String(s))),
            Some(b'-' | b'0'..=b'9') => self.number().map(Some),
            Some(c) if c.is_ascii_alphabetic() => {
                let word = self.word();
                match word {
                    "true" => Ok(Some(Value::Bool(true))),
                    "false" => Ok(Some(Value::Bool(false))),
                    "null" => Ok(Some(Value::Null)),
                    _ => Err(self.err("expected a JSON value")),
                }
            }
            None => Err(self.err("unexpected end of JSON")),
            Some(_) => Err(self.err("expected a JSON value")),
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<Value, JsonError>) -> Result<Value, JsonError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err("JSON is nested too deeply"));
        }
        self.depth += 1;
        let v = f(self);
        self.depth -= 1;
        v
    }

    fn word(&mut self) -> &str {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'@' | b'.' | b'-') {
                self.i += 1;
            } else {
                break;
            }
        }
        &self.text[start..self.i]
    }

    /// Skips white space, commas and `...` between the entries of an object
    /// or array, and consumes the closing bracket when it comes.
    fn next_entry(&mut self, close: u8) -> Next {
        loop {
            self.skip_ws();
            match self.peek() {
                None => return Next::End,
                Some(c) if c == close => {
                    self.i += 1;
                    return Next::Close;
                }
                Some(b',') => self.i += 1,
                _ if self.eat_ellipsis() => {}
                _ => return Next::Entry,
            }
        }
    }

    /// A member's name, quoted or not, and the `:` after it.
    fn member_name(&mut self) -> Result<String, JsonError> {
        let key = match self.peek() {
            Some(b'"' | b'\'') => self.string()?,
            Some(c) if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'@') => {
                self.word().to_string()
            }
            _ => return Err(self.err("expected a property name")),
        };
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.err("expected `:` after a property name"));
        }
        self.i += 1;
        Ok(key)
    }

    fn object(&mut self) -> Result<Value, JsonError> {
        self.i += 1; // '{'
        let mut map = Map::new();
        // An object cut short at the end of the text is closed there.
        while let Next::Entry = self.next_entry(b'}') {
            let key = self.member_name()?;
            if let Some(v) = self.value()? {
                map.insert(key, v);
            }
        }
        Ok(Value::Object(map))
    }

    fn array(&mut self) -> Result<Value, JsonError> {
        self.i += 1; // '['
        let mut items = Vec::new();
        while let Next::Entry = self.next_entry(b']') {
            if let Some(v) = self.value()? {
                items.push(v);
            }
        }
        Ok(Value::Array(items))
    }

    /// A string in double or single quotes; raw control characters are kept.
    fn string(&mut self) -> Result<String, JsonError> {
        let quote = self.s[self.i];
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(c) = self.peek() {
                if c == quote || c == b'\\' {
                    break;
                }
                self.i += 1;
            }
            out.push_str(&self.text[start..self.i]);
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(c) if c == quote => {
                    self.i += 1;
                    return Ok(out);
                }
                _ => {
                    // Backslash escape.
                    self.i += 1;
                    let Some(e) = self.peek() else {
                        return Err(self.err("unterminated string"));
                    };
                    self.i += 1;
                    match e {
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'u' => {
                            let hex = self.text.get(self.i..self.i + 4).unwrap_or("");
                            match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                                Some(ch) => {
                                    out.push(ch);
                                    self.i += 4;
                                }
                                None => out.push_str("\\u"),
                            }
                        }
                        _ => {
                            // `\"`, `\\`, `\/` and unknown escapes keep the character.
                            let ch_start = self.i - 1;
                            let mut end = self.i;
                            while !self.text.is_char_boundary(end) {
                                end += 1;
                            }
                            self.i = end;
                            out.push_str(&self.text[ch_start..end]);
                        }
                    }
                }
            }
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.i += 1;
            } else {
                break;
            }
        }
        let lit = &self.text[start..self.i];
        if let Ok(n) = lit.parse::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Ok(n) = lit.parse::<u64>() {
            return Ok(Value::Number(n.into()));
        }
        match lit.parse::<f64>().ok().and_then(Number::from_f64) {
            Some(n) => Ok(Value::Number(n)),
            None => {
                self.i = start;
                Err(self.err("invalid number"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn repaired(text: &str) -> (Value, JsonError) {
        match parse(text) {
            JsonOutcome::Repaired { value, error } => (value, error),
            other => panic!("expected a repair of {text:?}, got {other:?}"),
        }
    }

    #[test]
    fn strict_json_is_strict() {
        assert_eq!(
            parse(r#"{"a": [1, 2.5, "x"]}"#),
            JsonOutcome::Strict(json!({"a": [1, 2.5, "x"]}))
        );
    }

    #[test]
    fn trailing_commas_are_repaired_and_the_error_placed() {
        let text = "{\n  \"a\": 1,\n}";
        let (v, e) = repaired(text);
        assert_eq!(v, json!({"a": 1}));
        // The finding points at the comma, not at the `}` serde_json names.
        assert_eq!(&text[e.offset..e.offset + 1], ",");
        assert!(e.message.contains("trailing comma"), "{}", e.message);
    }

    #[test]
    fn comments_ellipses_and_nbsp_are_skipped() {
        let text = "{\n  // note\n  \"a\": [1, ...],\u{a0}\n  /* x */ \"b\": \"…\",\n  …\n}";
        let (v, _) = repaired(text);
        assert_eq!(v, json!({"a": [1], "b": "…"}));
    }

    #[test]
    fn a_non_breaking_space_is_named_where_it_is() {
        for (text, name) in [
            (
                "{\n  \"a\": 1,\n\u{a0} \"b\": 2\n}",
                "non-breaking space (U+00A0)",
            ),
            ("{\u{a0}\"a\": 1}", "non-breaking space (U+00A0)"),
            ("[1,\u{202f}2]", "narrow non-breaking space (U+202F)"),
        ] {
            let (v, e) = repaired(text);
            assert_eq!(
                e.message,
                format!("{name} where JSON allows only spaces, tabs and line breaks"),
                "{text:?}"
            );
            let space = text.find(['\u{a0}', '\u{202f}']).unwrap();
            assert_eq!(e.offset, space, "{text:?}");
            assert!(v.is_object() || v.is_array());
        }
        // Other errors keep serde_json's words.
        let (_, e) = repaired("{\"a\": 1,}");
        assert!(e.message.contains("trailing comma"), "{}", e.message);
    }

    #[test]
    fn unquoted_keys_and_raw_newlines_in_strings() {
        let (v, _) = repaired("{ blockType: \"request\", \"name\": \"a\nb\" }");
        assert_eq!(v, json!({"blockType": "request", "name": "a\nb"}));
    }

    #[test]
    fn a_body_cut_short_is_closed() {
        let (v, _) = repaired("{ \"value\": [ { \"id\": \"1\" }");
        assert_eq!(v, json!({"value": [{"id": "1"}]}));
    }

    #[test]
    fn garbage_is_broken_with_the_strict_error() {
        match parse("{ \"a\": <binary> }") {
            JsonOutcome::Broken { error } => assert_eq!(error.offset, 7),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(100_000);
        match parse(&text) {
            JsonOutcome::Broken { error } => {
                assert!(
                    error.message.contains("recursion limit"),
                    "{}",
                    error.message
                )
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse_lenient(&text).unwrap_err().message,
            "JSON is nested too deeply"
        );
    }

    #[test]
    fn locate_finds_members_and_items() {
        let text = "{\n  \"a\": 1,\n  \"value\": [ {\"x\": 1}, {\"target\": {\"@odata.type\": \"t\"}} ],\n}";
        let at = locate(text, "/value/1/target/@odata.type").unwrap();
        assert!(text[at..].starts_with("\"@odata.type\""), "{}", &text[at..]);
        let at = locate(text, "/value/1").unwrap();
        assert!(text[at..].starts_with("{\"target\""));
        assert_eq!(locate(text, ""), Some(0));
        assert_eq!(locate(text, "/missing"), None);
        assert_eq!(locate(text, "/value/9"), None);
    }

    #[test]
    fn text_after_the_value_is_not_recovered() {
        assert!(parse_lenient("{} trailing").is_err());
        assert!(parse_lenient("{} ...").is_ok());
    }
}
