//! Pairing requests with responses (by name, else by order), the ids of
//! the examples made, and the requests left without a response.

use super::extractor::{Extractor, LastRequest, PendingRequest, place};
use crate::contract::model::*;
use crate::graph::url_version;
use crate::http::message::Message;
use crate::markdown::annotation::Annotation;
use crate::outcome::{CLIP, Code, clip};
use crate::source::Span;

impl Extractor<'_> {
    pub(super) fn request(&mut self, i: usize, ann: Annotation) {
        let annotated = ann.block_type.is_some();
        // A name is taken by its annotation, whether or not the fence under
        // it reads as a request: each later use is one duplicate.
        for name in &ann.names {
            let key = name.to_lowercase();
            if let Some(first) = self.used_names.get(&key) {
                let shown = clip(name, CLIP);
                let message = if first == name {
                    format!("example name `{shown}` is used twice on this page")
                } else {
                    format!(
                        "example name `{shown}` is used twice on this page (as `{}` before; names that differ only in case collide)",
                        clip(first, CLIP)
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
                    part: Some(part),
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

    pub(super) fn response(&mut self, i: usize, ann: Annotation) {
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
                            format!("`{}`", clip(&req_names, CLIP))
                        };
                        self.finding(
                            Code::UnknownRequestName,
                            span,
                            format!(
                                "response is named `{}`, but no request on the page has that name (the request before it has {shown}); paired by order",
                                clip(&ann.names.join(", "), CLIP)
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
                            clip(&ann.names.join(", "), CLIP)
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
        // The response is moved into the last example it answers (cloned
        // for the others), each request's part into its example.
        let last = targets.len().saturating_sub(1);
        let mut part = Some(part);
        for (n, r) in targets.into_iter().enumerate() {
            let response = if n == last { part.take() } else { part.clone() };
            let Some(response) = response else { break };
            self.requests[r].paired = true;
            let Some(request) = self.requests[r].part.take() else {
                continue;
            };
            let req = &mut self.requests[r];
            let name = req.names.first().cloned();
            let ordinal = self.examples.len() + 1;
            let mut key = name.clone().unwrap_or_else(|| format!("example-{ordinal}"));
            if self.used_keys.contains(&key) {
                key = format!("{key}~{ordinal}");
            }
            self.used_keys.insert(key.clone());
            let id = ExampleId::new(&self.src.page, &key);
            let version = url_version(&request.message.url)
                .or_else(|| folder_version(&self.src.page))
                .map(str::to_string);
            let req_fence = req.fence;
            let example = Example {
                id,
                name,
                version,
                annotated: req.annotated && annotated,
                headings: std::mem::take(&mut req.headings),
                request,
                response,
            };
            self.disp[req_fence] = Some(Disposition::Request {
                example: self.examples.len(),
            });
            let found = self.body_finding(
                req_fence,
                &example.request.message.body,
                Some(example.id.as_str()),
            );
            self.findings.extend(found);
            self.examples.push(example);
        }
        self.disp[i] = Some(Disposition::Response {
            example: first_example,
        });
        if let Some(first) = self.examples.get(first_example) {
            let found = self.body_finding(i, &first.response.message.body, Some(first.id.as_str()));
            self.findings.extend(found);
        }
    }

    /// Unanswered requests become findings; property tables join the resource.
    pub(super) fn finish(&mut self) {
        for r in 0..self.requests.len() {
            if self.requests[r].paired {
                continue;
            }
            let fence = self.requests[r].fence;
            // Unpaired requests keep their part.
            if !self.requests[r].part.as_ref().is_some_and(|p| p.annotated) {
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
                Some(n) => format!("request `{}` has no response block", clip(n, CLIP)),
                None => "request has no response block after it".to_string(),
            };
            self.finding(Code::RequestWithoutResponse, span, what);
            self.disp[fence] = Some(Disposition::Finding {
                code: Code::RequestWithoutResponse,
            });
            if let Some(part) = &self.requests[r].part {
                let found = self.body_finding(fence, &part.message.body, None);
                self.findings.extend(found);
            }
        }
        if self.resources.len() == 1 {
            let props: Vec<Property> = self
                .scan
                .tables
                .iter()
                .flat_map(|t| crate::contract::properties::rows(self.src, t))
                .collect();
            self.resources[0].properties = props;
        }
    }
}
