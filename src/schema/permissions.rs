//! Permission-scope documents (`{v1.0,beta}.permissions.xml`, which start
//! with a UTF-8 BOM): which scope names the service knows, delegated and
//! application, with their descriptions and the per-path restrictions.
//!
//! Apart from `csdl/` because it is a different document with its own
//! model; it shares only the XML walking of `csdl/xml.rs`.

use std::collections::{BTreeMap, HashMap};

use super::csdl::CsdlError;
use super::csdl::xml::{BuildError, Node, Walker, attributes, get};

/// An OAuth permission scheme.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scheme {
    /// `DelegatedWork`, "Delegated (work or school account)".
    DelegatedWork,
    /// `DelegatedPersonal`, "Delegated (personal Microsoft account)".
    DelegatedPersonal,
    /// `Application`.
    Application,
    Other(String),
}

impl Scheme {
    /// Maps both the definition names and the restriction labels.
    pub fn from_label(label: &str) -> Scheme {
        let l = label.trim().to_lowercase();
        if l == "application" {
            Scheme::Application
        } else if l == "delegatedwork" || (l.starts_with("delegated") && l.contains("work")) {
            Scheme::DelegatedWork
        } else if l == "delegatedpersonal" || (l.starts_with("delegated") && l.contains("personal"))
        {
            Scheme::DelegatedPersonal
        } else {
            Scheme::Other(label.trim().to_string())
        }
    }

    pub fn is_delegated(&self) -> bool {
        matches!(self, Scheme::DelegatedWork | Scheme::DelegatedPersonal)
    }

    pub fn as_str(&self) -> &str {
        match self {
            Scheme::DelegatedWork => "DelegatedWork",
            Scheme::DelegatedPersonal => "DelegatedPersonal",
            Scheme::Application => "Application",
            Scheme::Other(s) => s,
        }
    }
}

/// One scope name and what the document says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeInfo {
    pub name: String,
    /// Schemes whose definition list (`Org.OData.Authorization.V1.Authorizations`)
    /// declares the scope.
    pub defined_in: Vec<Scheme>,
    /// Schemes under which some path restriction requires the scope.
    pub required_in: Vec<Scheme>,
    /// From the first definition, if any.
    pub description: Option<String>,
    /// `Grant` of the first definition (`admin`, `user`), if any.
    pub grant: Option<String>,
    /// First line where the name occurs.
    pub line: usize,
}

impl ScopeInfo {
    /// Declared in a scheme definition list (not only used in restrictions).
    pub fn is_defined(&self) -> bool {
        !self.defined_in.is_empty()
    }

    pub fn is_delegated(&self) -> bool {
        self.schemes().any(Scheme::is_delegated)
    }

    pub fn is_application(&self) -> bool {
        self.schemes().any(|s| *s == Scheme::Application)
    }

    fn schemes(&self) -> impl Iterator<Item = &Scheme> {
        self.defined_in.iter().chain(self.required_in.iter())
    }
}

/// The scopes one scheme requires for one kind of request on one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionRestriction {
    /// `Annotations Target`, e.g. `microsoft.graph/me/calendars`.
    pub target: String,
    /// Term short name (`ReadRestrictions`, `InsertRestrictions`, ...);
    /// `ReadByKeyRestrictions` for the nested by-key read record.
    pub operation: String,
    pub scheme: Scheme,
    /// Scope strings as written (well-formed or not).
    pub scopes: Vec<String>,
    pub line: usize,
}

/// A scope string in a restriction that is not a scope name
/// (`"Not supported."`, `"User.Read.All and Group.Read.All"`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedScope {
    pub text: String,
    pub target: String,
    pub line: usize,
}

/// Known OAuth scope names from an `apiPermissionsAndScopes` document.
#[derive(Debug, Clone, Default)]
pub struct PermissionScopes {
    scopes: BTreeMap<String, ScopeInfo>,
    lower: HashMap<String, String>,
    restrictions: Vec<PermissionRestriction>,
    malformed: Vec<MalformedScope>,
}

/// OpenID Connect scopes: single words, but real scope names.
pub const OIDC_SCOPES: &[&str] = &["openid", "profile", "email", "offline_access"];

/// `Area.Verb[.Qualifier...]`: dot-separated ASCII words, at least two; or
/// one of the [`OIDC_SCOPES`].
pub fn is_scope_name(s: &str) -> bool {
    if OIDC_SCOPES.iter().any(|o| o.eq_ignore_ascii_case(s)) {
        return true;
    }
    let mut parts = 0;
    for part in s.split('.') {
        if part.is_empty()
            || !part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return false;
        }
        parts += 1;
    }
    parts >= 2 && s.starts_with(|c: char| c.is_ascii_alphabetic())
}

#[derive(Debug, Default)]
struct RecordAcc {
    props: Vec<(String, String)>,
    scopes: Vec<String>,
    line: usize,
}

impl RecordAcc {
    fn get(&self, name: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

enum PFrame {
    Annotations(String),
    Annotation(String),
    Record(RecordAcc),
    PropertyValue(String),
    Other,
}

/// The text of the innermost frame of `stack` that `pick` picks, else "".
fn innermost<'a>(stack: &'a [PFrame], pick: impl Fn(&'a PFrame) -> Option<&'a str>) -> &'a str {
    stack.iter().rev().find_map(pick).unwrap_or("")
}

impl PermissionScopes {
    /// Parses a permissions document (a leading BOM is ignored). Known names
    /// are those of the scheme definition lists plus the well-formed names
    /// that restrictions require.
    pub fn parse(xml: &str) -> Result<PermissionScopes, CsdlError> {
        let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
        let mut walker = Walker::new(xml);
        let mut out = PermissionScopes::default();
        let mut stack: Vec<PFrame> = Vec::with_capacity(16);
        loop {
            match walker.next()? {
                Node::Eof => break,
                Node::Close => {
                    if let Some(frame) = stack.pop() {
                        out.close_frame(frame, &mut stack);
                    }
                }
                Node::Open { e, pos, empty } => {
                    let line = walker.line(pos);
                    let local = e.local_name().into_inner();
                    let attrs = match attributes(&e) {
                        Ok(a) => a,
                        Err(BuildError::Malformed(message) | BuildError::Invalid(message)) => {
                            let (line, column) = walker.position(pos);
                            return Err(CsdlError::Malformed {
                                line,
                                column,
                                message,
                            });
                        }
                    };
                    let frame = match local {
                        "Annotations" => {
                            PFrame::Annotations(get(&attrs, "Target").unwrap_or("").to_string())
                        }
                        "Annotation" => {
                            PFrame::Annotation(get(&attrs, "Term").unwrap_or("").to_string())
                        }
                        "Record" => PFrame::Record(RecordAcc {
                            line,
                            ..RecordAcc::default()
                        }),
                        "PropertyValue" => {
                            let prop = get(&attrs, "Property").unwrap_or("").to_string();
                            if let Some(value) = get(&attrs, "String")
                                && let Some(PFrame::Record(r)) = stack.last_mut()
                            {
                                r.props.push((prop.clone(), value.to_string()));
                            }
                            PFrame::PropertyValue(prop)
                        }
                        _ => PFrame::Other,
                    };
                    if empty {
                        out.close_frame(frame, &mut stack);
                    } else {
                        stack.push(frame);
                    }
                }
            }
        }
        for (name, info) in &out.scopes {
            out.lower
                .entry(name.to_lowercase())
                .or_insert_with(|| info.name.clone());
        }
        Ok(out)
    }

    fn close_frame(&mut self, frame: PFrame, stack: &mut [PFrame]) {
        let PFrame::Record(record) = frame else {
            return;
        };
        let target = innermost(stack, |f| match f {
            PFrame::Annotations(t) => Some(t.as_str()),
            _ => None,
        })
        .to_string();
        let term = innermost(stack, |f| match f {
            PFrame::Annotation(t) => Some(t.as_str()),
            _ => None,
        });
        let is_definition = term.ends_with("Authorizations");
        if let Some(scope) = record.get("Scope") {
            let scope = scope.trim().to_string();
            // The enclosing scheme record: the nearest open Record with a
            // Name (definition list) or SchemeName (restriction).
            let parent = stack.iter_mut().rev().find_map(|f| match f {
                PFrame::Record(r) if r.get("Name").is_some() || r.get("SchemeName").is_some() => {
                    Some(r)
                }
                _ => None,
            });
            let Some(parent) = parent else {
                return;
            };
            let scheme_label = parent
                .get("Name")
                .or_else(|| parent.get("SchemeName"))
                .unwrap_or("");
            let scheme = Scheme::from_label(scheme_label);
            if is_definition {
                let info = self.entry(&scope, record.line);
                if !info.defined_in.contains(&scheme) {
                    info.defined_in.push(scheme);
                }
                if info.description.is_none() {
                    info.description = record.get("Description").map(str::to_string);
                }
                if info.grant.is_none() {
                    info.grant = record.get("Grant").map(str::to_string);
                }
            } else {
                parent.scopes.push(scope.clone());
                if is_scope_name(&scope) {
                    let info = self.entry(&scope, record.line);
                    if !info.required_in.contains(&scheme) {
                        info.required_in.push(scheme);
                    }
                } else {
                    self.malformed.push(MalformedScope {
                        text: scope,
                        target,
                        line: record.line,
                    });
                }
            }
        } else if let Some(label) = record.get("SchemeName")
            && !is_definition
        {
            let by_key = stack
                .iter()
                .any(|f| matches!(f, PFrame::PropertyValue(p) if p == "ReadByKeyRestrictions"));
            let operation = if by_key {
                "ReadByKeyRestrictions".to_string()
            } else {
                term.rsplit('.').next().unwrap_or(term).to_string()
            };
            self.restrictions.push(PermissionRestriction {
                target,
                operation,
                scheme: Scheme::from_label(label),
                scopes: record.scopes,
                line: record.line,
            });
        }
    }

    fn entry(&mut self, scope: &str, line: usize) -> &mut ScopeInfo {
        self.scopes
            .entry(scope.to_string())
            .or_insert_with(|| ScopeInfo {
                name: scope.to_string(),
                defined_in: Vec::new(),
                required_in: Vec::new(),
                description: None,
                grant: None,
                line,
            })
    }

    /// Scope by name, exact first, then case-insensitive.
    pub fn get(&self, name: &str) -> Option<&ScopeInfo> {
        let name = name.trim();
        self.scopes.get(name).or_else(|| {
            self.lower
                .get(&name.to_lowercase())
                .and_then(|n| self.scopes.get(n))
        })
    }

    /// Known scope name (case-insensitive).
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The declared spelling of a known scope (`user.read` -> `User.Read`).
    pub fn canonical<'s>(&'s self, name: &str) -> Option<&'s str> {
        self.get(name).map(|s| s.name.as_str())
    }

    /// All known scope names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.scopes.keys().map(String::as_str)
    }

    /// All known scopes, sorted by name.
    pub fn scopes(&self) -> impl Iterator<Item = &ScopeInfo> {
        self.scopes.values()
    }

    /// Known delegated (work or personal) scope names.
    pub fn delegated(&self) -> impl Iterator<Item = &str> {
        self.scopes
            .values()
            .filter(|s| s.is_delegated())
            .map(|s| s.name.as_str())
    }

    /// Known application scope names.
    pub fn application(&self) -> impl Iterator<Item = &str> {
        self.scopes
            .values()
            .filter(|s| s.is_application())
            .map(|s| s.name.as_str())
    }

    pub fn len(&self) -> usize {
        self.scopes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty()
    }

    /// Per-target permission restrictions, in document order.
    pub fn restrictions(&self) -> &[PermissionRestriction] {
        &self.restrictions
    }

    /// Restriction scope strings that are not scope names.
    pub fn malformed(&self) -> &[MalformedScope] {
        &self.malformed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two scope definitions and the restrictions of one target, behind a
    /// byte-order mark.
    const PERMS: &str = concat!("\u{feff}", include_str!("testdata/permissions.xml"));

    #[test]
    fn permission_scopes_parse() {
        let p = PermissionScopes::parse(PERMS).expect("parses");
        assert_eq!(
            p.names().collect::<Vec<_>>(),
            vec!["Calendars.Read", "User.Read", "User.Read.All"]
        );
        assert!(p.contains("user.read"));
        assert!(p.contains("USER.READ.ALL"));
        assert!(!p.contains("Mail.Send"));
        assert!(!p.contains("Not supported."));
        assert_eq!(p.canonical("calendars.read"), Some("Calendars.Read"));

        let ur = p.get("User.Read").expect("User.Read");
        assert!(ur.is_defined());
        assert_eq!(ur.defined_in, vec![Scheme::DelegatedWork]);
        assert_eq!(ur.description.as_deref(), Some("Sign in"));
        assert_eq!(ur.grant.as_deref(), Some("user"));
        assert_eq!(ur.line, 10);
        assert!(ur.is_delegated() && !ur.is_application());

        let all = p.get("user.read.all").expect("User.Read.All");
        assert_eq!(all.defined_in, vec![Scheme::Application]);
        assert_eq!(all.required_in, vec![Scheme::Application]);
        assert!(all.is_application());

        let cal = p.get("Calendars.Read").expect("Calendars.Read");
        assert!(!cal.is_defined());
        assert_eq!(cal.required_in, vec![Scheme::DelegatedPersonal]);

        assert_eq!(
            p.delegated().collect::<Vec<_>>(),
            vec!["Calendars.Read", "User.Read"]
        );
        assert_eq!(p.application().collect::<Vec<_>>(), vec!["User.Read.All"]);
        assert_eq!(p.len(), 3);

        let r = p.restrictions();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].target, "microsoft.graph/me/calendars");
        assert_eq!(r[0].operation, "ReadRestrictions");
        assert_eq!(r[0].scheme, Scheme::DelegatedPersonal);
        assert_eq!(r[0].scopes, vec!["Calendars.Read", "Not supported."]);
        assert_eq!(r[1].operation, "ReadByKeyRestrictions");
        assert_eq!(r[1].scheme, Scheme::Application);
        assert_eq!(p.malformed().len(), 1);
        assert_eq!(p.malformed()[0].text, "Not supported.");
    }

    #[test]
    fn permission_scopes_errors() {
        let err = PermissionScopes::parse("\u{feff}not xml").expect_err("text");
        assert!(matches!(err, CsdlError::NotXml { .. }));
        let err = PermissionScopes::parse("<Schema>\n<Annotations>").expect_err("unclosed");
        assert!(matches!(err, CsdlError::Unclosed { .. }));
        assert_eq!(err.line(), 2);
    }

    #[test]
    fn mangled_csdl_never_panics() {
        for mangled in crate::schema::csdl::tests::mangled_small() {
            let _ = PermissionScopes::parse(&mangled);
        }
    }
    #[test]
    fn scope_name_shape() {
        assert!(is_scope_name("User.Read"));
        assert!(is_scope_name("Sites.Selected"));
        assert!(is_scope_name("EduRoster.ReadWrite.All"));
        assert!(!is_scope_name("User"));
        assert!(is_scope_name("offline_access"));
        assert!(!is_scope_name("Chat.ReadWrite."));
        assert!(!is_scope_name("ProgramControl.Read.All`"));
        assert!(!is_scope_name("Directory AccessAsUser.All"));
        assert!(!is_scope_name(""));
        assert_eq!(
            Scheme::from_label("Delegated (work or school account)"),
            Scheme::DelegatedWork
        );
        assert_eq!(
            Scheme::from_label("DelegatedPersonal"),
            Scheme::DelegatedPersonal
        );
        assert_eq!(Scheme::from_label("Application"), Scheme::Application);
        assert_eq!(Scheme::from_label("x").as_str(), "x");
    }
}
