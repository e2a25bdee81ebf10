//! The walk over a page's blocks: annotations met with the fence below
//! them, and each fence dispatched by its annotation or, unannotated, by
//! its shape and language.

use super::extractor::{Extractor, LastRequest, PendingAnnotation};
use crate::contract::model::*;
use crate::http::message::{self, Shape};
use crate::markdown::annotation::{self, Annotation, Reading};
use crate::markdown::scan::Block;
use crate::outcome::Code;
use crate::source::Span;

impl Extractor<'_> {
    pub(super) fn walk(&mut self) {
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
                            mut annotation,
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
                                // Moved: nothing reads `raw` after this.
                                value: std::mem::take(&mut annotation.raw),
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
    pub(super) fn flush_annotation(&mut self, pending: Option<PendingAnnotation>) {
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

    pub(super) fn fence(&mut self, i: usize, ann: Option<Annotation>) {
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

    /// A line that opens a fence inside a fence: the previous fence was
    /// never closed and swallowed the markdown after it.
    pub(super) fn swallowed_fence(&mut self, i: usize) {
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
}
