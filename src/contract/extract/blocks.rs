//! Reading one fence as an HTTP message (its parse issues become
//! findings), a resource representation, or a syntax block of templates.

use serde_json::Value;

use super::extractor::{Extractor, next_char_end, place};
use crate::contract::model::*;
use crate::http::message::{self, Body, IssueKind, Message, Shape};
use crate::json::JsonError;
use crate::markdown::annotation::Annotation;
use crate::outcome::{Code, Finding};
use crate::source::Span;

impl Extractor<'_> {
    /// Parses a fence as a message; issues become findings.
    pub(super) fn message(&mut self, i: usize) -> Option<Message> {
        let f = &self.scan.fences[i];
        let (msg, issues) = message::parse(&f.content);
        for issue in issues {
            let at = f.source_offset(issue.offset);
            let line_end = self.src.text[at..]
                .find('\n')
                .map_or(self.src.text.len(), |n| at + n);
            let span = Span::new(at, line_end);
            let (code, text) = match issue.kind {
                IssueKind::BadHeader => (
                    Code::HeaderInvalid,
                    "line among the headers is not `Name: value`",
                ),
                IssueKind::BadStatusLine => (
                    Code::StatusLineInvalid,
                    "status line has no valid status code",
                ),
                IssueKind::BadRequestLine => (Code::RequestLineInvalid, "request line has no URL"),
                IssueKind::NotAMessage => (
                    Code::RequestLineInvalid,
                    "block does not start with `METHOD URL`",
                ),
            };
            let snippet: String = self.src.slice(span).chars().take(60).collect();
            self.finding(code, span, format!("{text}: `{snippet}`"));
        }
        msg
    }

    /// The finding of a JSON body of fence `i` that is not strict JSON.
    pub(super) fn body_finding(
        &self,
        i: usize,
        body: &Body,
        example: Option<&str>,
    ) -> Option<Finding> {
        let Body::Json {
            error: Some(e),
            value,
            ..
        } = body
        else {
            return None;
        };
        let mut found = self.not_strict(i, e, value.is_some(), "JSON body");
        found.example = example.map(str::to_string);
        Some(found)
    }

    /// MC2xxx for JSON in fence `i` that is not strict JSON: `recovered`
    /// when the lenient reader still made a value of it.
    fn not_strict(&self, i: usize, e: &JsonError, recovered: bool, what: &str) -> Finding {
        let at = self.scan.fences[i].source_offset(e.offset);
        let end = next_char_end(&self.src.text, at);
        let (code, msg) = if recovered {
            (
                Code::BodyNotStrictJson,
                format!("{what} is not strict JSON: {}", e.message),
            )
        } else {
            (
                Code::BodyUnrecoverable,
                format!("{what} cannot be parsed: {}", e.message),
            )
        };
        Finding::new(code, self.src, Span::new(at, end), msg)
    }

    pub(super) fn body_findings(&mut self, i: usize, body: &Body, example: Option<&str>) {
        let found = self.body_finding(i, body, example);
        self.findings.extend(found);
    }

    pub(super) fn resource(&mut self, i: usize, ann: Annotation) {
        let f = &self.scan.fences[i];
        let (json, error) = crate::json::parse(&f.content).into_parts();
        self.stats.resource_json += 1;
        self.stats.not_strict += usize::from(error.is_some());
        if let Some(e) = error {
            let found = self.not_strict(i, &e, json.is_some(), "resource JSON");
            self.findings.push(found);
        }
        if json.as_ref().is_some_and(|v| !v.is_object()) {
            self.finding(
                Code::ResourceBodyNotObject,
                Span::at(f.span.start),
                "resource JSON representation is not an object".into(),
            );
        }
        let Some(odata_type) = ann.odata_type.clone() else {
            self.finding(
                Code::ResourceWithoutType,
                Span::at(f.span.start),
                "resource block has no `@odata.type` in its annotation".into(),
            );
            self.disp[i] = Some(Disposition::Finding {
                code: Code::ResourceWithoutType,
            });
            return;
        };
        let json = json.filter(Value::is_object);
        self.disp[i] = Some(Disposition::Resource {
            resource: self.resources.len(),
        });
        self.resources.push(Resource {
            odata_type,
            base_type: ann.base_type,
            key_property: ann.key_property,
            open_type: ann.open_type,
            optional_properties: ann.optional_properties,
            json,
            place: place(self.src, f.span, f.source_offset(0)),
            properties: Vec::new(),
        });
    }

    /// A syntax block: every request line in it is a template (a block often
    /// lists several addressing forms, one per line).
    pub(super) fn template(&mut self, i: usize) {
        let f = &self.scan.fences[i];
        let first = self.templates.len();
        let mut offset = 0;
        for line in f.content.split_inclusive('\n') {
            if message::shape(line) == Shape::Request
                && let (Some(Message::Request(r)), _) = message::parse(line)
            {
                let at = f.source_offset(offset + (line.len() - line.trim_start().len()));
                self.templates.push(Template {
                    method: r.method,
                    url: r.url,
                    place: place(self.src, f.span, at),
                });
            }
            offset += line.len();
        }
        self.disp[i] = Some(Disposition::Template { template: first });
    }
}
