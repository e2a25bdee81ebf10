//! Annotation keys that no tool reads: typos such as `blocktype` or `scope`.

use super::context::CheckContext;
use super::sink::{Check, Sink};
use crate::contract::Page;
use crate::outcome::{CLIP, Code, clip};
use crate::source::Span;
use crate::suggest::did_you_mean;

/// Top-level keys of code-block and page annotations that the Graph docs
/// tooling reads, as found across the reference (every key used on at least
/// three pages, plus the documented aliases).
pub const KNOWN_KEYS: &[&str] = &[
    "blockType",
    "@odata.type",
    "@type",
    "@type.aka",
    "@property.aka",
    "@odata.annotations",
    "name",
    "type",
    "section",
    "tocPath",
    "tocBookmarks",
    "description",
    "keywords",
    "truncated",
    "suppressions",
    "optionalProperties",
    "nullableProperties",
    "keyProperty",
    "isCollection",
    "isEmpty",
    "isComposable",
    "isMediaEntity",
    "expectError",
    "baseType",
    "openType",
    "abstract",
    "namespace",
    "scopes",
    "sampleKeys",
    "tags",
    "target",
    "idempotent",
    "opaqueUrl",
];

pub struct AnnotationKeys;

pub fn annotation_keys() -> AnnotationKeys {
    AnnotationKeys
}

impl Check for AnnotationKeys {
    fn check(&self, page: &Page, _: &CheckContext, sink: &mut Sink<'_>) {
        for a in &page.annotations {
            let Some(map) = a.value.as_object() else {
                continue;
            };
            // Comments that hold some other JSON are not annotations.
            if !map.contains_key("blockType") && !map.contains_key("type") {
                continue;
            }
            let text = page.source.slice(a.span);
            for key in map.keys() {
                if KNOWN_KEYS.contains(&key.as_str()) {
                    continue;
                }
                let at = text
                    .find(&format!("\"{key}\""))
                    .map(|i| i + 1)
                    .or_else(|| text.find(key.as_str()))
                    .map_or(a.span.start, |i| a.span.start + i);
                let hint = did_you_mean(key, KNOWN_KEYS.iter().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                sink.report(
                    Code::UnknownAnnotationKey,
                    Span::new(at, at + key.len()),
                    format!(
                        "annotation key `{}` is not one the docs tooling reads{hint}",
                        clip(key, CLIP)
                    ),
                    None,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::extract_page;
    use crate::source::SourceFile;
    use std::sync::Arc;

    #[test]
    fn typos_are_reported_with_a_suggestion() {
        let text = "<!-- { \"blockType\": \"request\", \"name\": \"a\", \"scope\": \"User.Read\" } -->\n```http\nGET /me\n```\n<!-- { \"blockType\": \"response\", \"truncated\": true } -->\n```http\nHTTP/1.1 200 OK\n```\n<!-- { \"id\": \"not an annotation\" } -->\n";
        let page = extract_page(Arc::new(SourceFile::from_text("v1.0/api/x", text)));
        let mut sink = Sink::new(&page);
        annotation_keys().check(&page, &CheckContext::new(), &mut sink);
        let found = sink.into_findings();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(page.source.slice(found[0].span), "scope");
        assert!(
            found[0].message.ends_with("did you mean `scopes`?"),
            "{}",
            found[0].message
        );
    }
}
