//! Values for the `{placeholders}` of documented URLs in live mode.
//!
//! A placeholder gets, in this order:
//!
//! 1. the value of `[placeholders]` in `mdcontract.toml` under its name as
//!    written (`widget-id`), else under a name equal to it once case, `-`, `_`
//!    and spaces are ignored (`widgetId`); for `{id | userPrincipalName}` the
//!    name is the first alternative, `id`;
//! 2. the id of an object an earlier example of the same page created (a POST
//!    answered 2xx with a JSON object carrying `id`), the most recent first,
//!    when the placeholder is the path segment right after the collection the
//!    object was created in (`POST /widgets` then `GET /widgets/{anything}`),
//!    or when its name is the resource's name followed by `id`, ignoring
//!    case, `-` and `_` (`{widget-id}`, `{widgetId}`, `{widget_id}` after a
//!    POST to `…/widgets`; a trailing `s` of the collection is dropped, `ies`
//!    becomes `y`).
//!
//! A placeholder with no value leaves the example unsent (skipped, with the
//! reason). Only URLs are filled; bodies and headers are sent as documented.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::graph::is_version;
use crate::replay::target::Observed;

/// The `[placeholders]` of the configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placeholders {
    values: BTreeMap<String, String>,
}

impl Placeholders {
    pub fn new(values: BTreeMap<String, String>) -> Self {
        Placeholders { values }
    }

    fn lookup(&self, written: &str) -> Option<&str> {
        let name = written.split('|').next().unwrap_or("").trim();
        if let Some(v) = self.values.get(name) {
            return Some(v);
        }
        let key = normalise(name);
        self.values
            .iter()
            .find(|(k, _)| normalise(k) == key)
            .map(|(_, v)| v.as_str())
    }
}

/// An object an example created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// The last literal segment of the URL it was POSTed to (`widgets`).
    pub collection: String,
    pub id: String,
}

/// What the examples of a page created so far, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Captures {
    created: Vec<Created>,
}

impl Captures {
    pub fn record(&mut self, created: Created) {
        self.created.push(created);
    }

    pub fn created(&self) -> &[Created] {
        &self.created
    }

    fn lookup(&self, written: &str, after: Option<&str>) -> Option<&str> {
        let name = normalise(written.split('|').next().unwrap_or(""));
        self.created
            .iter()
            .rev()
            .find(|c| {
                after.is_some_and(|a| a.eq_ignore_ascii_case(&c.collection))
                    || name == format!("{}id", normalise(&singular(&c.collection)))
                    || name == format!("{}id", normalise(&c.collection))
            })
            .map(|c| c.id.as_str())
    }
}

/// A placeholder that got no value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "no value for `{{{name}}}`: set `{key}` under [placeholders] in mdcontract.toml, \
     or create the object in an earlier example of the page (writes need --allow-writes)"
)]
pub struct Unfilled {
    /// The placeholder as written, braces aside.
    pub name: String,
    /// The key to set.
    pub key: String,
}

/// Characters percent-encoded in a filled value: those that would end the
/// path segment or the query value, or are not allowed in a URL. Everything
/// else is sent as is, since services compare ids as written (`AAMk…=` in
/// Outlook ids, `@` in user principal names).
const VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// `template` (a path and query with placeholders) with every placeholder
/// filled from `config`, then `captures`; the first one without a value is
/// the error.
pub fn fill(
    template: &str,
    config: &Placeholders,
    captures: &Captures,
) -> Result<String, Unfilled> {
    let mut unfilled = None;
    let filled = map_placeholders(template, |name, after| {
        let value = config.lookup(name).or_else(|| captures.lookup(name, after));
        if value.is_none() && unfilled.is_none() {
            let key = name.split('|').next().unwrap_or("").trim().to_string();
            unfilled = Some(Unfilled {
                name: name.to_string(),
                key,
            });
        }
        value.map(|v| utf8_percent_encode(v, VALUE).to_string())
    });
    match unfilled {
        Some(u) => Err(u),
        None => Ok(filled),
    }
}

/// True when a placeholder of `template` has no configured value, so that
/// only an earlier example of the page can supply it.
pub fn needs_capture(template: &str, config: &Placeholders) -> bool {
    let mut needs = false;
    map_placeholders(template, |name, _| {
        needs |= config.lookup(name).is_none();
        None
    });
    needs
}

/// The object a POST to `template` created, if its answer says so.
pub fn created_by(method: &str, template: &str, observed: &Observed) -> Option<Created> {
    if !method.eq_ignore_ascii_case("POST") || !(200..300).contains(&observed.status) {
        return None;
    }
    let body: serde_json::Value = serde_json::from_slice(&observed.body).ok()?;
    let id = match body.get("id")? {
        serde_json::Value::String(s) if !s.is_empty() => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let path = template.split('?').next().unwrap_or("");
    let collection = path
        .split('/')
        .rev()
        .find(|s| !s.is_empty() && !s.contains('{') && !is_version(s))?;
    Some(Created {
        collection: collection.to_string(),
        id,
    })
}

/// Calls `value(name, segment before)` for every `{name}` of `text` (no `/`
/// inside the braces) and replaces the placeholder with what it returns
/// (`None` keeps it). The segment before is given when the placeholder opens
/// a path segment: `widgets` for `/widgets/{id}`.
fn map_placeholders(
    text: &str,
    mut value: impl FnMut(&str, Option<&str>) -> Option<String>,
) -> String {
    let query_at = text.find('?').unwrap_or(text.len());
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(rel) = text[i..].find('{') {
        let open = i + rel;
        out.push_str(&text[i..open]);
        let tail = &text[open..];
        match tail.find(['}', '/']) {
            Some(close) if tail.as_bytes()[close] == b'}' && close > 1 => {
                let name = &tail[1..close];
                let after = (open < query_at && text[..open].ends_with('/'))
                    .then(|| text[..open - 1].rsplit('/').next())
                    .flatten()
                    .filter(|s| !s.is_empty());
                match value(name, after) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&tail[..=close]),
                }
                i = open + close + 1;
            }
            _ => {
                out.push('{');
                i = open + 1;
            }
        }
    }
    out.push_str(&text[i..]);
    out
}

/// Lowercase, letters and digits only: `Widget-Id` → `widgetid`.
fn normalise(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `widgets` → `widget`, `policies` → `policy`.
fn singular(collection: &str) -> String {
    if let Some(stem) = collection.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = collection.strip_suffix('s') {
        stem.to_string()
    } else {
        collection.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Placeholders {
        Placeholders::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn created(collection: &str, id: &str) -> Captures {
        let mut c = Captures::default();
        c.record(Created {
            collection: collection.into(),
            id: id.into(),
        });
        c
    }

    #[test]
    fn configured_values_come_first_by_exact_then_loose_name() {
        let cfg = config(&[("user-id", "a b@x.com"), ("widgetId", "w/1")]);
        let caps = created("widgets", "captured");
        assert_eq!(
            fill(
                "/v1.0/users/{user-id | userPrincipalName}/widgets/{widget-id}?$filter=id eq '{user_id}'",
                &cfg,
                &caps
            ),
            Ok("/v1.0/users/a%20b@x.com/widgets/w%2F1?$filter=id eq 'a%20b@x.com'".into())
        );
    }

    #[test]
    fn a_created_id_fills_the_segment_after_its_collection_or_a_matching_name() {
        let none = Placeholders::default();
        let caps = created("widgets", "42");
        assert_eq!(
            fill("/v1.0/widgetCatalog/widgets/{id}", &none, &caps),
            Ok("/v1.0/widgetCatalog/widgets/42".into())
        );
        assert_eq!(
            fill("/v1.0/x/{widgetId}/parts", &none, &caps),
            Ok("/v1.0/x/42/parts".into())
        );
        assert_eq!(
            fill("/v1.0/x/{widget_id}", &none, &caps),
            Ok("/v1.0/x/42".into())
        );
        let policies = created("policies", "p");
        assert_eq!(fill("/a/{policy-id}", &none, &policies), Ok("/a/p".into()));
        assert_eq!(
            fill("/v1.0/parts/{part-id}", &none, &caps)
                .unwrap_err()
                .to_string(),
            "no value for `{part-id}`: set `part-id` under [placeholders] in mdcontract.toml, \
             or create the object in an earlier example of the page (writes need --allow-writes)"
        );
        // The most recent object wins.
        let mut two = created("widgets", "old");
        two.record(Created {
            collection: "widgets".into(),
            id: "new".into(),
        });
        assert_eq!(
            fill("/widgets/{id}", &none, &two),
            Ok("/widgets/new".into())
        );
    }

    #[test]
    fn capture_needs_a_2xx_post_with_an_id() {
        let ok = Observed {
            status: 201,
            headers: vec![],
            body: br#"{"id": "w1", "name": "x"}"#.to_vec(),
        };
        assert_eq!(
            created_by("POST", "/v1.0/widgetCatalog/widgets?$select=id", &ok),
            Some(Created {
                collection: "widgets".into(),
                id: "w1".into()
            })
        );
        assert_eq!(created_by("GET", "/v1.0/widgets", &ok), None);
        let failed = Observed {
            status: 400,
            ..ok.clone()
        };
        assert_eq!(created_by("POST", "/v1.0/widgets", &failed), None);
        let no_id = Observed {
            body: b"{}".to_vec(),
            ..ok
        };
        assert_eq!(created_by("POST", "/v1.0/widgets", &no_id), None);
    }

    #[test]
    fn needs_capture_when_config_lacks_a_value() {
        let cfg = config(&[("id", "1")]);
        assert!(!needs_capture("/a/{id}", &cfg));
        assert!(needs_capture("/a/{id}/b/{part-id}", &cfg));
        assert!(!needs_capture("/a/b", &cfg));
        assert_eq!(
            fill("/a/{/b}", &cfg, &Captures::default()),
            Ok("/a/{/b}".into())
        );
    }
}
