//! XML walking shared by the CSDL and permissions parsers: start tags with
//! their byte offsets, line and column of any offset, well-formedness
//! errors as [`CsdlError`]s, and attribute reading.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::error::CsdlError;

/// Incremental byte offset -> (line, column) conversion. Offsets asked for
/// are mostly increasing, so the whole document is scanned once.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text,
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn advance(&mut self, pos: usize) {
        let pos = pos.min(self.text.len());
        if pos < self.pos {
            // Going backwards (rare: error positions): start over.
            self.pos = 0;
            self.line = 1;
            self.line_start = 0;
        }
        let bytes = self.text.as_bytes();
        if let Some(chunk) = bytes.get(self.pos..pos) {
            for (i, &b) in chunk.iter().enumerate() {
                if b == b'\n' {
                    self.line += 1;
                    self.line_start = self.pos + i + 1;
                }
            }
        }
        self.pos = pos;
    }

    fn line(&mut self, pos: usize) -> usize {
        self.advance(pos);
        self.line
    }

    fn position(&mut self, pos: usize) -> (usize, usize) {
        self.advance(pos);
        let column = match self.text.get(self.line_start..self.pos) {
            Some(s) => s.chars().count() + 1,
            None => self.pos.saturating_sub(self.line_start) + 1,
        };
        (self.line, column)
    }
}

pub(in crate::schema) enum Node<'a> {
    Open {
        e: BytesStart<'a>,
        pos: usize,
        empty: bool,
    },
    Close,
    Eof,
}

pub(in crate::schema) struct Walker<'a> {
    xml: &'a str,
    reader: Reader<&'a [u8]>,
    lines: Lines<'a>,
    /// Byte offsets of the start tags of the open elements.
    open: Vec<usize>,
    seen_root: bool,
}

/// Name of the tag whose `<` is at `pos`.
fn tag_name_at(xml: &str, pos: usize) -> &str {
    let rest = xml.get(pos..).unwrap_or("");
    let rest = rest.strip_prefix('<').unwrap_or(rest);
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    rest.get(..end).unwrap_or("")
}

impl<'a> Walker<'a> {
    pub(in crate::schema) fn new(xml: &'a str) -> Self {
        let reader = Reader::from_str(xml);
        Walker {
            xml,
            reader,
            lines: Lines::new(xml),
            open: Vec::with_capacity(16),
            seen_root: false,
        }
    }

    pub(in crate::schema) fn line(&mut self, pos: usize) -> usize {
        self.lines.line(pos)
    }

    pub(in crate::schema) fn position(&mut self, pos: usize) -> (usize, usize) {
        self.lines.position(pos)
    }

    fn malformed(&mut self, pos: usize, message: String) -> CsdlError {
        let (line, column) = self.position(pos);
        if self.seen_root {
            CsdlError::Malformed {
                line,
                column,
                message,
            }
        } else {
            CsdlError::NotXml {
                line,
                column,
                message,
            }
        }
    }

    fn unclosed(&mut self, open_pos: usize, found: Option<(String, usize)>) -> CsdlError {
        let name = tag_name_at(self.xml, open_pos).to_string();
        let detail = match found {
            Some((found, at)) => {
                let (l, c) = self.position(at);
                format!(" (found </{found}> at line {l}, column {c})")
            }
            None => " before the end of the input".to_string(),
        };
        let (line, column) = self.position(open_pos);
        CsdlError::Unclosed {
            name,
            line,
            column,
            detail,
        }
    }

    fn xml_error(&mut self, err: quick_xml::Error) -> CsdlError {
        use quick_xml::errors::IllFormedError;
        let at = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
        match err {
            quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag { found, .. }) => {
                match self.open.last().copied() {
                    Some(open_pos) => self.unclosed(open_pos, Some((found, at))),
                    None => self.malformed(at, format!("unexpected </{found}>")),
                }
            }
            quick_xml::Error::IllFormed(IllFormedError::MissingEndTag(_)) => {
                match self.open.last().copied() {
                    Some(open_pos) => self.unclosed(open_pos, None),
                    None => self.malformed(at, "missing end tag".to_string()),
                }
            }
            other => self.malformed(at, other.to_string()),
        }
    }

    fn check_root(&mut self, pos: usize) -> Result<(), CsdlError> {
        if self.open.is_empty() {
            if self.seen_root {
                let (line, column) = self.position(pos);
                return Err(CsdlError::Malformed {
                    line,
                    column,
                    message: "a second root element".to_string(),
                });
            }
            self.seen_root = true;
        }
        Ok(())
    }

    fn stray_content(&mut self, pos: usize) -> CsdlError {
        if self.seen_root {
            let (line, column) = self.position(pos);
            CsdlError::Malformed {
                line,
                column,
                message: "content after the root element".to_string(),
            }
        } else {
            let (line, column) = self.position(pos);
            CsdlError::NotXml {
                line,
                column,
                message: "content before any element".to_string(),
            }
        }
    }

    pub(in crate::schema) fn next(&mut self) -> Result<Node<'a>, CsdlError> {
        loop {
            let pos = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match self.reader.read_event() {
                Ok(ev) => ev,
                Err(err) => return Err(self.xml_error(err)),
            };
            match event {
                Event::Start(e) => {
                    self.check_root(pos)?;
                    self.open.push(pos);
                    return Ok(Node::Open {
                        e,
                        pos,
                        empty: false,
                    });
                }
                Event::Empty(e) => {
                    self.check_root(pos)?;
                    return Ok(Node::Open {
                        e,
                        pos,
                        empty: true,
                    });
                }
                Event::End(_) => {
                    self.open.pop();
                    return Ok(Node::Close);
                }
                Event::Text(t) => {
                    if self.open.is_empty() {
                        let content = t.into_inner();
                        if let Some(off) = content.find(|c: char| !c.is_whitespace()) {
                            return Err(self.stray_content(pos + off));
                        }
                    }
                }
                Event::CData(_) | Event::GeneralRef(_) => {
                    if self.open.is_empty() {
                        return Err(self.stray_content(pos));
                    }
                }
                Event::Eof => {
                    if let Some(open_pos) = self.open.last().copied() {
                        return Err(self.unclosed(open_pos, None));
                    }
                    if !self.seen_root {
                        let (line, column) = self.position(pos);
                        return Err(CsdlError::NotXml {
                            line,
                            column,
                            message: "no root element".to_string(),
                        });
                    }
                    return Ok(Node::Eof);
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            }
        }
    }

    /// Skips the subtree of a just-opened (non-empty) element.
    pub(in crate::schema) fn skip(
        &mut self,
        e: &BytesStart<'_>,
        pos: usize,
    ) -> Result<(), CsdlError> {
        match self.reader.read_to_end(e.name()) {
            Ok(_) => {
                self.open.pop();
                Ok(())
            }
            Err(quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::MissingEndTag(
                _,
            ))) => Err(self.unclosed(pos, None)),
            Err(err) => Err(self.xml_error(err)),
        }
    }
}

/// A problem found while modelling one element.
#[derive(Debug)]
pub(in crate::schema) enum BuildError {
    /// Broken attribute syntax: malformed XML.
    Malformed(String),
    /// Well-formed but not valid CSDL.
    Invalid(String),
}

/// Attributes of an element as (local name, normalized value).
pub(in crate::schema) fn attributes<'e>(
    e: &'e BytesStart<'_>,
) -> Result<Vec<(&'e str, Cow<'e, str>)>, BuildError> {
    let mut out = Vec::with_capacity(6);
    for attr in e.attributes() {
        let attr = attr.map_err(|err| BuildError::Malformed(format!("bad attribute: {err}")))?;
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| BuildError::Malformed(format!("bad attribute value: {err}")))?;
        out.push((attr.key.local_name().into_inner(), value));
    }
    Ok(out)
}

pub(in crate::schema) fn get<'v>(attrs: &'v [(&str, Cow<'_, str>)], name: &str) -> Option<&'v str> {
    attrs
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.as_ref())
}

pub(in crate::schema) fn required<'v>(
    attrs: &'v [(&str, Cow<'_, str>)],
    name: &str,
    element: &str,
) -> Result<&'v str, BuildError> {
    match get(attrs, name) {
        Some(v) if !v.trim().is_empty() => Ok(v.trim()),
        _ => Err(BuildError::Invalid(format!(
            "<{element}> without a {name} attribute"
        ))),
    }
}

pub(in crate::schema) fn boolean(
    attrs: &[(&str, Cow<'_, str>)],
    name: &str,
    default: bool,
) -> Result<bool, BuildError> {
    match get(attrs, name).map(str::trim) {
        None => Ok(default),
        Some(v) if v.eq_ignore_ascii_case("true") || v == "1" => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") || v == "0" => Ok(false),
        Some(v) => Err(BuildError::Invalid(format!(
            "{name}=\"{v}\" is not a boolean"
        ))),
    }
}
