//! Turning one scanned page into examples, resources and templates.
//!
//! Pairing rules, in order:
//! 1. A response annotation that names requests (`"name": "x"` or
//!    `"name": ["x", "y"]`) pairs with the unpaired requests of those names.
//! 2. Otherwise a response pairs with the request block right before it, when
//!    that request has no response yet. This is how unannotated pages (all the
//!    generated Intune pages) and annotated responses without a name pair.
//! 3. Anything left over is a finding: nothing is dropped silently.
//!
//! A request block under a `## HTTP request` heading is the method's URL
//! template, not an example.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::model::*;
use super::properties;
use crate::graph::is_version;
use crate::http::message::{self, Body, IssueKind, Message, Shape};
use crate::json::JsonError;
use crate::markdown::annotation::{self, Annotation, Reading};
use crate::markdown::frontmatter;
use crate::markdown::scan::{self, Block, Fence, Scan};
use crate::outcome::{Code, Finding};
use crate::source::{Source, SourceFile, Span};

/// Extracts one page.
pub fn extract_page(source: Source) -> Page {
    let scan = scan::scan(&source.text);
    let mut x = Extractor {
        src: &source,
        scan: &scan,
        findings: Vec::new(),
        examples: Vec::new(),
        resources: Vec::new(),
        templates: Vec::new(),
        requests: Vec::new(),
        disp: vec![None; scan.fences.len()],
        suppressions: Vec::new(),
        last_request: None,
        answered_under: None,
        used_names: HashMap::new(),
        used_keys: HashSet::new(),
        by_name: HashMap::new(),
        stats: PageStats::default(),
        annotations: Vec::new(),
    };
    if let Some(at) = source.invalid_utf8_at {
        x.finding(
            Code::NotUtf8,
            Span::at(at),
            "file is not valid UTF-8; invalid bytes were replaced".to_string(),
        );
    }
    let front_matter = frontmatter::read(&source.text);
    if let Some(fm) = &front_matter
        && !fm.closed
    {
        x.finding(
            Code::FrontMatterUnclosed,
            fm.span,
            "front matter starts with `---` but has no closing `---`".to_string(),
        );
    }
    x.walk();
    x.finish();
    let fences = scan
        .fences
        .iter()
        .zip(x.disp)
        .map(|(f, d)| FenceReport {
            place: place(&source, f.span, f.span.start),
            info: f.info.clone(),
            disposition: d.unwrap_or(Disposition::Ignored {
                reason: IgnoreReason::OtherLanguage,
            }),
        })
        .collect();
    let mut findings = x.findings;
    findings.sort_by_key(|f| f.span.start);
    Page {
        front_matter,
        examples: x.examples,
        resources: x.resources,
        templates: x.templates,
        fences,
        findings,
        suppressions: x.suppressions,
        stats: x.stats,
        annotations: x.annotations,
        permissions: permission_rows(&source, &scan),
        source,
    }
}

fn place(src: &SourceFile, span: Span, at: usize) -> Place {
    Place {
        span,
        at: src.line_col(at),
    }
}

/// A request block waiting for its response.
struct PendingRequest {
    fence: usize,
    part: RequestPart,
    names: Vec<String>,
    annotated: bool,
    paired: bool,
    headings: Vec<String>,
}

struct PendingAnnotation {
    annotation: Annotation,
    span: Span,
}

struct Extractor<'a> {
    src: &'a Source,
    scan: &'a Scan,
    findings: Vec<Finding>,
    examples: Vec<Example>,
    resources: Vec<Resource>,
    templates: Vec<Template>,
    requests: Vec<PendingRequest>,
    disp: Vec<Option<Disposition>>,
    suppressions: Vec<String>,
    /// The request block most recently seen.
    last_request: Option<LastRequest>,
    /// Set once the most recent request has its answer: the index of the
    /// last heading before that answer (`None` when none) and its status. A
    /// later response is an alternative answer to the same request when it
    /// has another status and only response headings stand between them
    /// (see `alternative_answer`).
    answered_under: Option<(Option<usize>, u16)>,
    /// Request names seen so far, for duplicate detection, by their lower
    /// case form (the docs' snippet files are named by it, so `getWidget`
    /// and `getwidget` collide): the spelling first seen.
    used_names: HashMap<String, String>,
    /// Example keys (the part of the id after `#`) given so far.
    used_keys: HashSet<String>,
    /// Requests by name, so pairing stays linear on pages with many examples.
    by_name: HashMap<String, Vec<usize>>,
    stats: PageStats,
    annotations: Vec<AnnotationRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LastRequest {
    /// Index into `requests`.
    Example(usize),
    /// A request the page annotated `ignored`: responses after it are ignored too.
    Ignored,
}

impl Extractor<'_> {
    fn finding(&mut self, code: Code, span: Span, message: String) -> usize {
        self.findings
            .push(Finding::new(code, self.src, span, message));
        self.findings.len() - 1
    }

    fn walk(&mut self) {
        let mut pending: Option<PendingAnnotation> = None;
        for block in &self.scan.blocks {
            match *block {
                Block::Comment(i) => {
                    let c = &self.scan.comments[i];
                    if !c.terminated {
                        self.finding(
                            Code::UnterminatedComment,
                            Span::new(c.span.start, c.span.start + 4),
                            "`<!--` has no closing `-->`: the rest of the page is inside the comment"
                                .to_string(),
                        );
                    }
                    match annotation::read(&c.inner) {
                        Reading::NotAnnotation => {}
                        Reading::Unreadable { error } => {
                            self.flush_annotation(pending.take());
                            self.json_finding(
                                Code::AnnotationUnreadable,
                                c.inner_start,
                                &error,
                                "annotation",
                            );
                        }
                        Reading::Annotation {
                            annotation,
                            strict_error,
                        } => {
                            if let Some(error) = strict_error {
                                self.json_finding(
                                    Code::AnnotationNotStrictJson,
                                    c.inner_start,
                                    &error,
                                    "annotation",
                                );
                            }
                            self.annotations.push(AnnotationRecord {
                                span: c.span,
                                inner_start: c.inner_start,
                                value: annotation.raw.clone(),
                            });
                            if annotation.is_page_annotation {
                                self.suppressions
                                    .extend(annotation.suppressions.iter().cloned());
                            } else {
                                self.flush_annotation(pending.take());
                                pending = Some(PendingAnnotation {
                                    annotation: *annotation,
                                    span: c.span,
                                });
                            }
                        }
                    }
                }
                Block::Fence(i) => {
                    let ann = pending.take().map(|p| p.annotation);
                    self.fence(i, ann);
                }
                // Prose may stand between an annotation and its fence.
                Block::Text(_) => {}
                Block::Heading(_) | Block::Table(_) | Block::Rule(_) => {
                    self.flush_annotation(pending.take());
                }
            }
        }
        self.flush_annotation(pending.take());
    }

    /// An annotation that met no fence: a finding when it promised one.
    fn flush_annotation(&mut self, pending: Option<PendingAnnotation>) {
        let Some(p) = pending else { return };
        let bt = p.annotation.block_type.as_deref().unwrap_or("");
        if matches!(bt, "request" | "response" | "resource") {
            self.finding(
                Code::AnnotationWithoutFence,
                p.span,
                format!("`{bt}` annotation is not followed by a code fence"),
            );
        }
    }

    fn json_finding(&mut self, code: Code, base: usize, error: &JsonError, what: &str) {
        let at = base + error.offset;
        let end = next_char_end(&self.src.text, at);
        self.finding(
            code,
            Span::new(at, end),
            format!("{what}: {}", error.message),
        );
    }

    fn fence(&mut self, i: usize, ann: Option<Annotation>) {
        let f = &self.scan.fences[i];
        if !f.closed {
            self.finding(
                Code::UnclosedFence,
                Span::new(f.span.start, f.span.start + 3),
                format!("fence `{}` is never closed", f.info),
            );
        }
        self.swallowed_fence(i);
        let lang = f.lang();
        let block_type = ann.as_ref().and_then(|a| a.block_type.clone());
        let shape = message::shape(&f.content);
        match block_type.as_deref() {
            Some("request") => self.request(i, ann.unwrap_or_default()),
            Some("response") => self.response(i, ann.unwrap_or_default()),
            Some("resource") => self.resource(i, ann.unwrap_or_default()),
            Some("ignored") => {
                if shape == Shape::Request && self.in_syntax_section(f) {
                    self.template(i);
                } else {
                    // An ignored request right after an annotated request that
                    // awaits its response shows another form of that request
                    // (the URL by id instead of `/me`): the response after it
                    // still answers the annotated request. Otherwise (or
                    // when a heading such as `### Example 2` stands between
                    // them) the responses after it answer the ignored
                    // request.
                    let alternative = matches!(
                        self.last_request,
                        Some(LastRequest::Example(r))
                            if self.requests[r].annotated
                                && !self.requests[r].paired
                                && self.same_section(self.requests[r].fence, i)
                    );
                    if shape == Shape::Request && !alternative {
                        self.last_request = Some(LastRequest::Ignored);
                        self.answered_under = None;
                    }
                    self.disp[i] = Some(Disposition::Ignored {
                        reason: IgnoreReason::AnnotatedIgnored,
                    });
                }
            }
            Some("example" | "samples") => {
                self.disp[i] = Some(Disposition::Ignored {
                    reason: IgnoreReason::AnnotatedSample,
                })
            }
            Some(other) => {
                let other = other.to_string();
                let at = f.span;
                self.finding(
                    Code::UnknownBlockType,
                    Span::new(at.start, at.start),
                    format!("unknown blockType `{other}`; the block was not used"),
                );
                self.disp[i] = Some(Disposition::Finding {
                    code: Code::UnknownBlockType,
                });
            }
            None => {
                let httpish = matches!(
                    lang.as_str(),
                    "http" | "msgraph-interactive" | "https" | "rest"
                );
                match shape {
                    Shape::Request if httpish || lang.is_empty() || lang == "json" => {
                        if self.in_syntax_section(f) {
                            self.template(i);
                        } else {
                            self.request(i, ann.unwrap_or_default());
                        }
                    }
                    Shape::Response if httpish || lang.is_empty() || lang == "json" => {
                        self.response(i, ann.unwrap_or_default())
                    }
                    // A bare URL, a header or a body shown in prose.
                    _ if httpish => {
                        self.disp[i] = Some(Disposition::Ignored {
                            reason: IgnoreReason::ProseSnippet,
                        })
                    }
                    _ if lang == "json" => {
                        self.disp[i] = Some(Disposition::Ignored {
                            reason: IgnoreReason::UnannotatedJson,
                        })
                    }
                    _ => {
                        self.disp[i] = Some(Disposition::Ignored {
                            reason: IgnoreReason::OtherLanguage,
                        })
                    }
                }
            }
        }
    }

    /// True when the nearest section heading (level 1–2) is `HTTP request`.
    /// A fence of request lines only (no headers, no body), at least one
    /// with a `{placeholder}`: the syntax of a URL, not an example of it.
    fn is_syntax_block(&self, i: usize) -> bool {
        let f = &self.scan.fences[i];
        let mut lines = f
            .content
            .lines()
            .filter(|l| !l.trim().is_empty())
            .peekable();
        lines.peek().is_some()
            && f.content.contains('{')
            && lines.all(|l| message::shape(l) == Shape::Request)
    }

    /// True when response fence `i`, of `status`, is another outcome of
    /// the most recent request, already answered: its status differs from
    /// that answer's (a 207 after a 200, an error, the 200 served at a 302's
    /// Location), and only response headings stand between them: headings
    /// no higher than the one above that answer, none naming a request or an
    /// example (`### Partial success response`, or none at all). A heading
    /// `### Example 2` or `#### Request` starts another example, whose
    /// response without its request is unpaired; a second response of the
    /// same status answers a request the page does not show (`$select`).
    fn alternative_answer(&self, i: usize, status: u16) -> bool {
        let Some((prev, answered)) = self.answered_under else {
            return false;
        };
        if status == answered {
            return false;
        }
        let current = self.scan.fences[i].trail.last().copied();
        let from = prev.map_or(0, |p| p + 1);
        let to = current.map_or(0, |c| c + 1);
        let base = prev.map_or(0, |p| self.scan.headings[p].level);
        self.scan
            .headings
            .get(from..to)
            .unwrap_or(&[])
            .iter()
            .all(|h| {
                let text = h.text.to_ascii_lowercase();
                h.level >= base && !text.contains("request") && !text.contains("example")
            })
    }

    /// True when no heading stands between fences `a` and `b` (`a` first).
    fn same_section(&self, a: usize, b: usize) -> bool {
        self.scan.fences[a].trail.last() == self.scan.fences[b].trail.last()
    }

    fn in_syntax_section(&self, f: &Fence) -> bool {
        f.trail
            .iter()
            .rev()
            .map(|&h| &self.scan.headings[h])
            .find(|h| h.level <= 2)
            .is_some_and(|h| h.text.to_ascii_lowercase().starts_with("http request"))
    }

    fn headings(&self, f: &Fence) -> Vec<String> {
        f.trail
            .iter()
            .map(|&h| self.scan.headings[h].text.clone())
            .collect()
    }

    /// Parses a fence as a message; issues become findings.
    fn message(&mut self, i: usize) -> Option<Message> {
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

    fn body_findings(&mut self, i: usize, body: &Body, example: Option<&str>) {
        if let Body::Json {
            error: Some(e),
            value,
            ..
        } = body
        {
            let f = &self.scan.fences[i];
            let at = f.source_offset(e.offset);
            let end = next_char_end(&self.src.text, at);
            let (code, msg) = if value.is_some() {
                (
                    Code::BodyNotStrictJson,
                    format!("JSON body is not strict JSON: {}", e.message),
                )
            } else {
                (
                    Code::BodyUnrecoverable,
                    format!("JSON body cannot be parsed: {}", e.message),
                )
            };
            let idx = self.finding(code, Span::new(at, end), msg);
            if let Some(id) = example {
                self.findings[idx].example = Some(id.to_string());
            }
        }
    }

    fn request(&mut self, i: usize, ann: Annotation) {
        let annotated = ann.block_type.is_some();
        // A name is taken by its annotation, whether or not the fence under
        // it reads as a request: each later use is one duplicate.
        for name in &ann.names {
            let key = name.to_lowercase();
            if let Some(first) = self.used_names.get(&key) {
                let message = if first == name {
                    format!("example name `{name}` is used twice on this page")
                } else {
                    format!(
                        "example name `{name}` is used twice on this page (as `{first}` before; names that differ only in case collide)"
                    )
                };
                let span = Span::at(self.scan.fences[i].span.start);
                self.finding(Code::DuplicateExampleName, span, message);
            } else {
                self.used_names.insert(key, name.clone());
            }
        }
        match self.message(i) {
            Some(Message::Request(req)) => {
                let f = &self.scan.fences[i];
                self.stats.count_body(&req.body, true);
                let part = RequestPart {
                    place: place(
                        self.src,
                        f.span,
                        f.source_offset(req.url_offset.min(f.content.len())),
                    ),
                    message: req,
                    annotated,
                    map: f.map.clone(),
                };
                let headings = self.headings(f);
                for name in &ann.names {
                    self.by_name
                        .entry(name.clone())
                        .or_default()
                        .push(self.requests.len());
                }
                self.requests.push(PendingRequest {
                    fence: i,
                    part,
                    names: ann.names,
                    annotated,
                    paired: false,
                    headings,
                });
                self.last_request = Some(LastRequest::Example(self.requests.len() - 1));
                self.answered_under = None;
            }
            Some(Message::Response(_)) => {
                let span = Span::at(self.scan.fences[i].span.start);
                self.finding(
                    Code::RequestLineInvalid,
                    span,
                    "block annotated as a request holds a response".into(),
                );
                self.disp[i] = Some(Disposition::Finding {
                    code: Code::RequestLineInvalid,
                });
            }
            None => {
                self.disp[i] = Some(Disposition::Finding {
                    code: Code::RequestLineInvalid,
                })
            }
        }
    }

    fn response(&mut self, i: usize, ann: Annotation) {
        let annotated = ann.block_type.is_some();
        let resp = match self.message(i) {
            Some(Message::Response(r)) => r,
            Some(Message::Request(_)) => {
                let span = Span::at(self.scan.fences[i].span.start);
                self.finding(
                    Code::StatusLineInvalid,
                    span,
                    "block annotated as a response holds a request".into(),
                );
                self.disp[i] = Some(Disposition::Finding {
                    code: Code::StatusLineInvalid,
                });
                return;
            }
            None => {
                self.disp[i] = Some(Disposition::Finding {
                    code: Code::StatusLineInvalid,
                });
                return;
            }
        };
        self.stats.count_body(&resp.body, false);
        let f = &self.scan.fences[i];
        let part = ResponsePart {
            place: place(self.src, f.span, f.source_offset(0)),
            message: resp,
            annotated,
            map: f.map.clone(),
            truncated: ann.truncated,
            odata_type: ann.odata_type.clone(),
            is_collection: ann.is_collection,
        };

        // Which requests does it answer?
        let mut targets: Vec<usize> = Vec::new();
        for name in &ann.names {
            let found = self.by_name.get(name).and_then(|rs| {
                rs.iter()
                    .copied()
                    .find(|&r| !self.requests[r].paired && !targets.contains(&r))
            });
            targets.extend(found);
        }
        if targets.is_empty() {
            let last = match self.last_request {
                // A named response pairs by order only with an unnamed request:
                // a request of another name is a different example.
                Some(LastRequest::Example(r))
                    if !self.requests[r].paired
                        && (ann.names.is_empty() || self.requests[r].names.is_empty()) =>
                {
                    Some(r)
                }
                Some(LastRequest::Ignored)
                    if ann.names.is_empty() && self.answered_under.is_none() =>
                {
                    self.answered_under = Some((f.trail.last().copied(), part.message.status));
                    self.disp[i] = Some(Disposition::Ignored {
                        reason: IgnoreReason::AnswersIgnoredRequest,
                    });
                    return;
                }
                _ => None,
            };
            match last {
                Some(r) => {
                    if !ann.names.is_empty() {
                        let req_names = self.requests[r].names.join(", ");
                        let span = Span::at(f.span.start);
                        let shown = if req_names.is_empty() {
                            "no name".to_string()
                        } else {
                            format!("`{req_names}`")
                        };
                        self.finding(
                            Code::UnknownRequestName,
                            span,
                            format!(
                                "response is named `{}`, but no request on the page has that name (the request before it has {shown}); paired by order",
                                ann.names.join(", ")
                            ),
                        );
                    }
                    targets.push(r);
                }
                // A 207 partial success, an error response, the content
                // served at a 302's Location: another answer to the request
                // already answered, shown under the same example.
                None if ann.names.is_empty() && self.alternative_answer(i, part.message.status) => {
                    self.answered_under = Some((f.trail.last().copied(), part.message.status));
                    self.disp[i] = Some(Disposition::Ignored {
                        reason: IgnoreReason::AlternativeResponse,
                    });
                    self.body_findings(i, &part.message.body, None);
                    return;
                }
                None if !annotated => {
                    self.disp[i] = Some(Disposition::Ignored {
                        reason: IgnoreReason::ProseSnippet,
                    });
                    return;
                }
                None => {
                    let span = Span::at(f.span.start);
                    let code = if ann.names.is_empty() {
                        Code::ResponseWithoutRequest
                    } else {
                        Code::UnknownRequestName
                    };
                    let msg = if ann.names.is_empty() {
                        "response has no request before it that lacks a response".to_string()
                    } else {
                        format!(
                            "response names `{}`, but no unanswered request on the page has that name",
                            ann.names.join(", ")
                        )
                    };
                    self.finding(code, span, msg);
                    self.disp[i] = Some(Disposition::Finding { code });
                    self.body_findings(i, &part.message.body, None);
                    return;
                }
            }
        }
        if matches!(self.last_request, Some(LastRequest::Example(r)) if targets.contains(&r)) {
            self.answered_under = Some((f.trail.last().copied(), part.message.status));
        }
        let first_example = self.examples.len();
        for r in targets {
            self.requests[r].paired = true;
            let req = &self.requests[r];
            let name = req.names.first().cloned();
            let ordinal = self.examples.len() + 1;
            let mut key = name.clone().unwrap_or_else(|| format!("example-{ordinal}"));
            if self.used_keys.contains(&key) {
                key = format!("{key}~{ordinal}");
            }
            self.used_keys.insert(key.clone());
            let id = ExampleId::new(&self.src.page, &key);
            let version = url_version(&req.part.message.url)
                .or_else(|| folder_version(&self.src.page))
                .map(str::to_string);
            let example = Example {
                id: id.clone(),
                name,
                version,
                annotated: req.annotated && annotated,
                headings: req.headings.clone(),
                request: req.part.clone(),
                response: part.clone(),
            };
            let req_fence = req.fence;
            let req_body = req.part.message.body.clone();
            self.disp[req_fence] = Some(Disposition::Request {
                example: self.examples.len(),
            });
            self.body_findings(req_fence, &req_body, Some(id.as_str()));
            self.examples.push(example);
        }
        self.disp[i] = Some(Disposition::Response {
            example: first_example,
        });
        let id = self.examples[first_example].id.0.clone();
        self.body_findings(i, &part.message.body, Some(&id));
    }

    fn resource(&mut self, i: usize, ann: Annotation) {
        let f = &self.scan.fences[i];
        let outcome = crate::json::parse(&f.content);
        let json = outcome.value().cloned();
        self.stats.resource_json += 1;
        self.stats.not_strict += usize::from(outcome.strict_error().is_some());
        if let Some(e) = outcome.strict_error() {
            let at = f.source_offset(e.offset);
            let end = next_char_end(&self.src.text, at);
            let (code, msg) = if json.is_some() {
                (
                    Code::BodyNotStrictJson,
                    format!("resource JSON is not strict JSON: {}", e.message),
                )
            } else {
                (
                    Code::BodyUnrecoverable,
                    format!("resource JSON cannot be parsed: {}", e.message),
                )
            };
            self.finding(code, Span::new(at, end), msg);
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
    fn template(&mut self, i: usize) {
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

    /// A line that opens a fence inside a fence: the previous fence was
    /// never closed and swallowed the markdown after it.
    fn swallowed_fence(&mut self, i: usize) {
        let f = &self.scan.fences[i];
        let mut offset = 0;
        for line in f.content.split_inclusive('\n') {
            let t = line.trim();
            if t.len() > 3 && (t.starts_with("```") || t.starts_with("~~~")) {
                let at = f.source_offset(offset + (line.len() - line.trim_start().len()));
                let span = Span::new(at, at + t.len());
                self.finding(
                    Code::FenceSwallowed,
                    span,
                    format!("`{t}` inside a code block: the fence before it is not closed, so the markdown in between became code"),
                );
                return;
            }
            offset += line.len();
        }
    }

    /// Unanswered requests become findings; property tables join the resource.
    fn finish(&mut self) {
        for r in 0..self.requests.len() {
            if self.requests[r].paired {
                continue;
            }
            let fence = self.requests[r].fence;
            if !self.requests[r].part.annotated {
                // An unannotated request with no response: a syntax block
                // outside the `## HTTP request` section (`GET
                // /sites/{hostname}:/{server-relative-path}` under "Access a
                // site by server-relative URL") is a template; anything else
                // is a URL shown in prose.
                if self.is_syntax_block(fence) {
                    self.template(fence);
                } else {
                    self.disp[fence] = Some(Disposition::Ignored {
                        reason: IgnoreReason::ProseSnippet,
                    });
                }
                continue;
            }
            let span = Span::at(self.scan.fences[fence].span.start);
            let what = match self.requests[r].names.first() {
                Some(n) => format!("request `{n}` has no response block"),
                None => "request has no response block after it".to_string(),
            };
            self.finding(Code::RequestWithoutResponse, span, what);
            self.disp[fence] = Some(Disposition::Finding {
                code: Code::RequestWithoutResponse,
            });
            let body = self.requests[r].part.message.body.clone();
            self.body_findings(fence, &body, None);
        }
        if self.resources.len() == 1 {
            let props: Vec<Property> = self
                .scan
                .tables
                .iter()
                .flat_map(|t| properties::rows(self.src, t))
                .collect();
            self.resources[0].properties = props;
        }
    }
}

/// Rows of tables whose header names a `Permission type` column.
fn permission_rows(src: &SourceFile, scan: &Scan) -> Vec<PermissionRow> {
    let mut rows = Vec::new();
    for t in &scan.tables {
        let Some(kind_col) = t
            .header
            .iter()
            .position(|c| c.text.to_ascii_lowercase().starts_with("permission type"))
        else {
            continue;
        };
        // Every column of scopes is headed `Permissions …`: tables for APIs
        // acting on self or on others have one of each ("Permissions acting
        // on self", "…on others"). A table of permission types against
        // something else (`Supported resource types` on the webhooks page)
        // is no permissions table.
        let scope_cols: Vec<usize> = t
            .header
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                *i != kind_col && c.text.to_ascii_lowercase().starts_with("permission")
            })
            .map(|(i, _)| i)
            .collect();
        for scope_col in scope_cols {
            // The permission type a workload sub-row belongs to, and whether
            // that type's own row left its cell empty (its scopes are then in
            // the sub-rows, and the empty cell is no defect).
            let mut group: Option<(String, Option<PermissionRow>)> = None;
            let mut parent_empty = false;
            for r in &t.rows {
                let (Some(kind), Some(scopes)) = (r.cells.get(kind_col), r.cells.get(scope_col))
                else {
                    continue;
                };
                let sub_row = group.is_some()
                    && (indented_first_cell(src.slice(r.span))
                        || parent_empty && !looks_like_permission_type(&kind.text));
                let row = PermissionRow {
                    kind: kind.text.clone(),
                    workload: None,
                    scopes: scopes.text.clone(),
                    place: place(src, r.span, r.span.start),
                };
                if sub_row {
                    let Some((parent, empty_parent)) = group.as_mut() else {
                        continue;
                    };
                    // The empty parent row is answered by its first sub-row.
                    empty_parent.take();
                    rows.push(PermissionRow {
                        kind: parent.clone(),
                        workload: Some(kind.text.trim_matches(['*', '_', ' ']).to_string()),
                        ..row
                    });
                    continue;
                }
                // A new permission type ends the previous group; an empty
                // parent row that no sub-row followed is an empty cell after
                // all.
                if let Some((_, Some(empty))) = group.take() {
                    rows.push(empty);
                }
                parent_empty = row.scopes.is_empty();
                if parent_empty {
                    group = Some((row.kind.clone(), Some(row)));
                } else {
                    group = Some((row.kind.clone(), None));
                    rows.push(row);
                }
            }
            if let Some((_, Some(empty))) = group.take() {
                rows.push(empty);
            }
        }
    }
    rows
}

/// True when a table row's first cell starts with indentation written as
/// HTML entities or no-break spaces (`|&nbsp; &nbsp; **Mail** |`): a
/// workload sub-row of the permission type above it.
fn indented_first_cell(row: &str) -> bool {
    let cell = row
        .trim_start()
        .trim_start_matches('|')
        .trim_start_matches([' ', '\t']);
    ["&nbsp;", "&#160;", "&#xa0;", "&ensp;", "&emsp;", "\u{a0}"]
        .iter()
        .any(|p| {
            cell.get(..p.len())
                .is_some_and(|c| c.eq_ignore_ascii_case(p))
        })
}

/// `Delegated (work or school account)`, `Application`, `Delegated`: the
/// permission types a table lists (a workload label is none of them).
fn looks_like_permission_type(kind: &str) -> bool {
    let k = kind.to_ascii_lowercase();
    k.contains("delegated") || k.contains("application")
}

fn next_char_end(text: &str, at: usize) -> usize {
    text[at.min(text.len())..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8())
}

/// The version segment of a request URL: `https://graph.microsoft.com/v1.0/me` → `v1.0`.
pub fn url_version(url: &str) -> Option<&str> {
    let path = match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            &rest[rest.find('/').unwrap_or(rest.len())..]
        }
        None => url,
    };
    let first = path.trim_start_matches('/').split(['/', '?']).next()?;
    is_version(first).then_some(first)
}

impl PageStats {
    fn count_body(&mut self, body: &Body, request: bool) {
        if let Body::Json { error, .. } = body {
            if request {
                self.request_json += 1;
            } else {
                self.response_json += 1;
            }
            self.not_strict += usize::from(error.is_some());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn page(text: &str) -> Page {
        extract_page(Arc::new(SourceFile::from_text("v1.0/api/x", text)))
    }

    fn codes(p: &Page) -> Vec<&str> {
        p.findings.iter().map(|f| f.code.id()).collect()
    }

    #[test]
    fn annotated_pair_by_name() {
        let p = page(
            "<!-- {\"blockType\": \"request\", \"name\": \"get_me\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n\n<!-- {\"blockType\": \"response\", \"name\": \"get_me\", \"truncated\": true, \"@odata.type\": \"microsoft.graph.user\"} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"id\": \"1\"}\n```\n",
        );
        assert_eq!(codes(&p), Vec::<&str>::new());
        let e = &p.examples[0];
        assert_eq!(e.id.as_str(), "v1.0/api/x#get_me");
        assert!(e.annotated);
        assert_eq!(e.version.as_deref(), Some("v1.0"));
        assert_eq!(
            e.response.odata_type.as_deref(),
            Some("microsoft.graph.user")
        );
        assert!(e.response.truncated);
        assert_eq!(e.request.place.at.line, 3);
    }

    #[test]
    fn unannotated_pair_by_order_and_template() {
        let p = page(
            "## HTTP Request\n<!-- {\"blockType\": \"ignored\"} -->\n```http\nPATCH /a/{id}\n```\n\n## Example\n### Request\n``` http\nPATCH https://graph.microsoft.com/beta/a/{id}\n\n{\"x\": 1}\n```\n### Response\n``` http\nHTTP/1.1 204 No Content\n```\n",
        );
        assert_eq!(codes(&p), Vec::<&str>::new());
        assert_eq!(p.templates.len(), 1);
        assert_eq!(p.templates[0].url, "/a/{id}");
        let e = &p.examples[0];
        assert_eq!(e.id.as_str(), "v1.0/api/x#example-1");
        assert_eq!(e.version.as_deref(), Some("beta"), "the URL's version wins");
        assert!(!e.annotated);
    }

    #[test]
    fn array_name_answers_two_requests() {
        let p = page(
            "<!-- {\"blockType\": \"request\", \"name\": \"a\"} -->\n```http\nGET /v1.0/a\n```\n<!-- {\"blockType\": \"request\", \"name\": \"b\"} -->\n```http\nGET /v1.0/b\n```\n<!-- {\"blockType\": \"response\", \"name\": [\"a\", \"b\"]} -->\n```http\nHTTP/1.1 200 OK\n```\n",
        );
        assert_eq!(codes(&p), Vec::<&str>::new());
        let ids: Vec<&str> = p.examples.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["v1.0/api/x#a", "v1.0/api/x#b"]);
    }

    /// An annotated exchange `req` + `resp` (an `ignored` request when
    /// `ignored`), then `between` and one more annotated response.
    fn second_response(ignored: bool, between: &str, status: &str) -> Page {
        let kind = if ignored { "ignored" } else { "request" };
        page(&format!(
            "## Examples\n### Example 1\n#### Request\n<!-- {{\"blockType\": \"{kind}\", \"name\": \"a\"}} -->\n```http\nPOST /me/x\n```\n#### Response\n<!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 200 OK\n```\n{between}<!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 {status}\n```\n"
        ))
    }

    #[test]
    fn a_second_response_under_the_same_example_is_an_alternative_answer() {
        for ignored in [false, true] {
            for between in [
                "",
                "The service may also answer:\n",
                "#### Partial success response\n",
                "##### Error response\n",
            ] {
                let p = second_response(ignored, between, "207 Multi-Status");
                assert!(
                    codes(&p).is_empty(),
                    "{ignored} {between:?}: {:?}",
                    codes(&p)
                );
                assert_eq!(p.examples.len(), usize::from(!ignored));
                let last = &p.fences.last().unwrap().disposition;
                assert_eq!(
                    *last,
                    Disposition::Ignored {
                        reason: IgnoreReason::AlternativeResponse
                    },
                    "{ignored} {between:?}"
                );
            }
            // Another example starts: its response without its request is
            // unpaired, after an annotated request or an ignored one.
            for between in [
                "### Example 2\n",
                "#### Request\nThe request is not shown.\n#### Response\n",
                "## See also\n",
            ] {
                let p = second_response(ignored, between, "207 Multi-Status");
                assert_eq!(codes(&p), ["MC3002"], "{ignored} {between:?}");
            }
            // The same status again is no other outcome: it answers another
            // request, which the page does not show (`$select=...`).
            let p = second_response(ignored, "When using $select:\n", "200 OK");
            assert_eq!(codes(&p), ["MC3002"], "{ignored}");
        }
    }

    #[test]
    fn annotated_leftovers_are_findings() {
        let p = page(
            "<!-- {\"blockType\": \"request\", \"name\": \"a\"} -->\n```http\nGET /me\n```\n\ntext\n\n<!-- {\"blockType\": \"request\", \"name\": \"b\"} -->\n```http\nGET /you\n```\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 200 OK\n```\n## Example 2\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 200 OK\n```\n<!-- {\"blockType\": \"request\", \"name\": \"z\"} -->\n## Heading\n",
        );
        assert_eq!(codes(&p), ["MC3001", "MC3002", "MC1005"]);
        assert_eq!(p.examples.len(), 1);
        assert_eq!(p.examples[0].request.message.url, "/you");
        assert!(
            p.fences
                .iter()
                .all(|f| !matches!(f.disposition, Disposition::Ignored { .. }))
        );
    }

    #[test]
    fn unannotated_leftovers_are_prose_snippets() {
        let p = page(
            "```http\nHTTP/1.1 409 Conflict\n```\n\n```http\nGET /me\n```\n\n```http\nPrefer: outlook.timezone=\"UTC\"\n```\n",
        );
        assert_eq!(codes(&p), Vec::<&str>::new());
        assert!(p.examples.is_empty());
        assert!(p.fences.iter().all(|f| f.disposition
            == Disposition::Ignored {
                reason: IgnoreReason::ProseSnippet
            }));
    }

    #[test]
    fn responses_to_an_ignored_request_are_ignored_too() {
        let p = page(
            "<!-- {\"blockType\": \"ignored\", \"name\": \"x\"} -->\n```http\nGET /v1.0/reports/x\n```\n<!-- {\"blockType\": \"ignored\"} -->\n```http\nHTTP/1.1 302 Found\n```\nFollow the redirect.\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 200 OK\n```\n",
        );
        assert_eq!(codes(&p), Vec::<&str>::new());
        assert_eq!(
            p.fences[2].disposition,
            Disposition::Ignored {
                reason: IgnoreReason::AnswersIgnoredRequest
            }
        );
    }

    #[test]
    fn an_ignored_alternative_request_does_not_take_the_annotated_requests_response() {
        let p = page(
            "<!-- {\"blockType\": \"request\", \"name\": \"get_me\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\nOr by id:\n<!-- {\"blockType\": \"ignored\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/users/{id}\n```\n<!-- {\"blockType\": \"response\", \"truncated\": true} -->\n```http\nHTTP/1.1 204 No Content\n```\n",
        );
        assert!(codes(&p).is_empty(), "{:?}", codes(&p));
        assert_eq!(p.examples.len(), 1);
        assert_eq!(p.examples[0].name.as_deref(), Some("get_me"));
        assert_eq!(
            p.examples[0].request.message.url,
            "https://graph.microsoft.com/v1.0/me"
        );
        // The ignored block is still accounted for as ignored.
        assert_eq!(
            p.fences[1].disposition,
            Disposition::Ignored {
                reason: IgnoreReason::AnnotatedIgnored
            }
        );
        // Under another example's heading, the ignored request is that
        // example's: the response is its, and the annotated one has none.
        let p = page(
            "### Example 1\n<!-- {\"blockType\": \"request\", \"name\": \"get_me\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n### Example 2\n<!-- {\"blockType\": \"ignored\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/users/{id}\n```\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 204 No Content\n```\n",
        );
        assert_eq!(codes(&p), ["MC3001"]);
        assert_eq!(
            p.fences[2].disposition,
            Disposition::Ignored {
                reason: IgnoreReason::AnswersIgnoredRequest
            }
        );
    }

    #[test]
    fn a_fence_line_inside_a_fence_is_a_swallowed_fence() {
        let p = page(
            "<!-- {\"blockType\": \"request\", \"name\": \"a\"} -->\n```http\nGET /me\n### Response\n```http\nHTTP/1.1 200 OK\n```\n",
        );
        assert!(codes(&p).contains(&"MC1008"), "{:?}", codes(&p));
        let f = p
            .findings
            .iter()
            .find(|f| f.code == Code::FenceSwallowed)
            .unwrap();
        assert_eq!(f.location.line, 5);
    }

    #[test]
    fn a_syntax_block_lists_several_templates() {
        let p = page("## HTTP request\n```http\nGET /me/calendar\nGET /users/{id}/calendar\n```\n");
        let urls: Vec<&str> = p.templates.iter().map(|t| t.url.as_str()).collect();
        assert_eq!(urls, ["/me/calendar", "/users/{id}/calendar"]);
        assert_eq!(p.templates[1].place.at.line, 4);
    }

    #[test]
    fn body_errors_point_into_the_page() {
        let text = "```http\nPOST /me/x\n\n{\n  \"a\": 1,\n}\n```\n```http\nHTTP/1.1 204\n```\n";
        let p = page(text);
        assert_eq!(codes(&p), ["MC2001"]);
        let f = &p.findings[0];
        assert_eq!((f.location.line, f.location.col), (5, 9));
        assert_eq!(f.example.as_deref(), Some("v1.0/api/x#example-1"));
    }

    #[test]
    fn duplicate_names_get_distinct_ids() {
        let req = "<!-- {\"blockType\": \"request\", \"name\": \"n\"} -->\n```http\nGET /me\n```\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 200 OK\n```\n";
        let p = page(&format!("{req}{req}"));
        assert_eq!(codes(&p), ["MC3003"]);
        assert_eq!(p.examples[1].id.as_str(), "v1.0/api/x#n~2");
    }

    #[test]
    fn every_duplicate_name_is_reported() {
        let ex = |name: &str, line: &str| {
            format!(
                "<!-- {{\"blockType\": \"request\", \"name\": \"{name}\"}} -->\n```http\n{line}\n```\n<!-- {{\"blockType\": \"response\", \"name\": \"{name}\"}} -->\n```http\nHTTP/1.1 204 No Content\n```\n"
            )
        };
        // Two pairs of duplicates, one of them differing only in case, and
        // a third use whose fence does not read as a request.
        let p = page(
            &[
                ex("get_widget", "DELETE /me/widgets/1"),
                ex("list_parts", "DELETE /me/widgets/2"),
                ex("get_widget", "DELETE /me/widgets/3"),
                ex("List_Parts", "DELETE /me/widgets/4"),
                ex("get_widget", "HTTP/1.1 200 OK"),
            ]
            .concat(),
        );
        let dups: Vec<(usize, &str)> = p
            .findings
            .iter()
            .filter(|f| f.code == Code::DuplicateExampleName)
            .map(|f| (f.location.line, f.message.as_str()))
            .collect();
        assert_eq!(dups.len(), 3, "{dups:#?}");
        assert_eq!(dups[0].0, 18);
        assert!(dups[1].1.contains("`List_Parts`") && dups[1].1.contains("`list_parts`"));
        assert_eq!(dups[2].0, 34);
    }

    #[test]
    fn resource_with_property_table() {
        let p = page(
            "## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|The id.|\n|tags|String collection|Tags.|\n\n## JSON representation\n<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.widget\", \"keyProperty\": \"id\"} -->\n```json\n{\"id\": \"String\", \"tags\": [\"String\"]}\n```\n",
        );
        assert_eq!(codes(&p), Vec::<&str>::new());
        let r = &p.resources[0];
        assert_eq!(r.odata_type, "microsoft.graph.widget");
        assert_eq!(r.properties.len(), 2);
        assert!(r.properties[1].ty.collection);
        assert_eq!(r.properties[0].line, 4);
    }

    #[test]
    fn url_versions() {
        assert_eq!(
            url_version("https://graph.microsoft.com/v1.0/me"),
            Some("v1.0")
        );
        assert_eq!(url_version("/beta/me?x=1"), Some("beta"));
        assert_eq!(url_version("/me"), None);
    }
}
