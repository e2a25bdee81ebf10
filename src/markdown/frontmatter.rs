//! YAML front matter, read as the flat `key: value` list that doc pages use.
//!
//! Pages use only top-level scalar keys (`title`, `description`, `ms.prod`,
//! `doc_type`, ...), so a full YAML parser would buy nothing but build time.

use crate::source::Span;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub span: Span,
    pub fields: Vec<(String, String)>,
    /// False when the opening `---` has no closing line.
    pub closed: bool,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads the front matter at the very start of `text`, if there is one.
pub fn read(text: &str) -> Option<FrontMatter> {
    let body_start = if text.starts_with("---\n") {
        4
    } else if text.starts_with("---\r\n") {
        5
    } else {
        return None;
    };
    let mut fields = Vec::new();
    let mut pos = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let end = pos + line.len();
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return Some(FrontMatter {
                span: Span::new(0, end),
                fields,
                closed: true,
            });
        }
        if let Some((k, v)) = l.split_once(':')
            && !k.starts_with([' ', '\t', '-', '#'])
        {
            let v = v.trim().trim_matches('"').trim_matches('\'').to_string();
            fields.push((k.trim().to_string(), v));
        }
        pos = end;
    }
    Some(FrontMatter {
        span: Span::new(0, 3),
        fields,
        closed: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_flat_keys() {
        let fm = read("---\ntitle: \"Get a user\"\nms.prod: users\n---\n# x").unwrap();
        assert!(fm.closed);
        assert_eq!(fm.get("title"), Some("Get a user"));
        assert_eq!(fm.get("MS.PROD"), Some("users"));
        assert_eq!(fm.span.end, 43);
    }

    #[test]
    fn unclosed_and_absent() {
        assert!(!read("---\ntitle: x\n# heading\n").unwrap().closed);
        assert!(read("# no front matter\n---\n").is_none());
    }
}
