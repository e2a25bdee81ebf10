//! Secrets and their redaction.
//!
//! A [`Secret`] (a bearer token, a client secret, an access token obtained at
//! run time) prints as `***` whichever way it is formatted, so that it cannot
//! reach a message by accident. That is not enough on its own: a service may
//! echo the `Authorization` header in an error body, a token endpoint may echo
//! the request, and those texts end up in mismatches. So every text that
//! leaves a live replay (reports, the JUnit file, snapshots, the CLI's output)
//! also goes through a [`Redactor`], which knows every secret of the run and
//! masks each one in the forms it may take on the wire.

use std::borrow::Cow;
use std::sync::{Arc, RwLock};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What a secret is replaced with.
pub const MASK: &str = "***";

/// A value that must never be shown. `Debug` and `Display` print [`MASK`];
/// [`Secret::expose`] is the one way to the text.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(MASK)
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(MASK)
    }
}

/// Masks every secret it was given, in every text it is handed. Cheap to
/// clone: clones share the list, so an access token obtained later in the run
/// is masked everywhere.
#[derive(Clone, Default)]
pub struct Redactor {
    /// Every form of every secret, longest first (so that a secret containing
    /// another is masked whole).
    forms: Arc<RwLock<Vec<String>>>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.forms.read().map_or(0, |f| f.len());
        write!(f, "Redactor({n} forms)")
    }
}

/// What `application/x-www-form-urlencoded` leaves as is: letters, digits and
/// `*-._` (a space becomes `+`, handled apart).
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

impl Redactor {
    pub fn new() -> Self {
        Redactor::default()
    }

    /// Masks `secret` from now on: as written, JSON-escaped, and
    /// percent-encoded as a form field or a URL (how it travels to a token
    /// endpoint). An empty secret is ignored.
    pub fn add(&self, secret: &Secret) {
        let raw = secret.expose();
        if raw.is_empty() {
            return;
        }
        let json = serde_json::to_string(raw).unwrap_or_default();
        let json = json
            .strip_prefix('"')
            .and_then(|j| j.strip_suffix('"'))
            .unwrap_or(raw)
            .to_string();
        let form = utf8_percent_encode(raw, FORM)
            .to_string()
            .replace("%20", "+");
        let url = utf8_percent_encode(raw, FORM).to_string();
        let Ok(mut forms) = self.forms.write() else {
            return;
        };
        for f in [raw.to_string(), json, form, url] {
            if !forms.contains(&f) {
                forms.push(f);
            }
        }
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    }

    /// `text` with every secret replaced by [`MASK`].
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let Ok(forms) = self.forms.read() else {
            // A poisoned lock means a panic mid-update: show nothing rather
            // than risk showing a secret.
            return Cow::Owned(MASK.to_string());
        };
        let mut out = Cow::Borrowed(text);
        for f in forms.iter() {
            if out.contains(f.as_str()) {
                out = Cow::Owned(out.replace(f.as_str(), MASK));
            }
        }
        out
    }

    /// True when no secret is known (nothing to mask).
    pub fn is_empty(&self) -> bool {
        self.forms.read().is_ok_and(|f| f.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_prints_as_stars_however_it_is_formatted() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s} {s:?} {:?}", Some(&s)), "*** *** Some(***)");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn every_form_of_every_secret_is_masked_even_one_added_later() {
        let r = Redactor::new();
        let shared = r.clone();
        r.add(&Secret::new("s3cr\"et value/+"));
        shared.add(&Secret::new("eyJ0eXAi.abc"));
        let text = "raw s3cr\"et value/+, json \"s3cr\\\"et value/+\", \
                    form s3cr%22et+value%2F%2B, url s3cr%22et%20value%2F%2B, \
                    header Bearer eyJ0eXAi.abc";
        assert_eq!(
            r.redact(text),
            "raw ***, json \"***\", form ***, url ***, header Bearer ***"
        );
        assert!(matches!(r.redact("nothing here"), Cow::Borrowed(_)));
        r.add(&Secret::new(""));
        assert_eq!(r.redact("x"), "x");
    }
}
