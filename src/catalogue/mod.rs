//! The catalogue: the single source of truth for endpoints. The router, the permission check,
//! `wfo-harness endpoints` and the permission-matrix test all read it; adding an endpoint is one
//! row here plus one handler.

mod rows;

pub use rows::ENDPOINTS;

use axum::routing::{MethodFilter, MethodRouter};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Which vendor API an endpoint belongs to; decides where it is mounted and its error shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Vendor {
    /// Webex WFO (seeds 000, 001), `/api/...`.
    #[serde(rename = "webex-wfo")]
    Webex,
    /// The Webex WFO data server's simplified APIs, `/dataserver/api/...`.
    #[serde(rename = "webex-wfo-dataserver")]
    WebexDataServer,
    /// inContact WFO (seed 003), `/incontact/api/...`.
    #[serde(rename = "incontact-wfo")]
    InContact,
    /// Talkdesk (seed 002), `/talkdesk/...`.
    Talkdesk,
    /// An XCALLY-style dialer (seed 004), `/dialer/api/...`.
    Dialer,
}

impl Vendor {
    /// The vendor whose error shape a path gets (admin paths have none: `None`).
    pub fn of_path(path: &str) -> Option<Vendor> {
        if path.starts_with("/dataserver/") {
            Some(Vendor::WebexDataServer)
        } else if path.starts_with("/incontact/") {
            Some(Vendor::InContact)
        } else if path.starts_with("/talkdesk/") {
            Some(Vendor::Talkdesk)
        } else if path.starts_with("/dialer/") {
            Some(Vendor::Dialer)
        } else if path.starts_with("/__admin") {
            None
        } else {
            Some(Vendor::Webex)
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Vendor::Webex => "webex-wfo",
            Vendor::WebexDataServer => "webex-wfo-dataserver",
            Vendor::InContact => "incontact-wfo",
            Vendor::Talkdesk => "talkdesk",
            Vendor::Dialer => "dialer",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    /// A drop folder, not an HTTP endpoint.
    File,
    /// A rule over every call (the WFM rate limit).
    #[serde(rename = "*")]
    Any,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::File => "FILE",
            Method::Any => "*",
        }
    }

    fn filter(self) -> Option<MethodFilter> {
        match self {
            Method::Get => Some(MethodFilter::GET),
            Method::Post => Some(MethodFilter::POST),
            Method::Put => Some(MethodFilter::PUT),
            Method::Patch => Some(MethodFilter::PATCH),
            Method::Delete => Some(MethodFilter::DELETE),
            Method::File | Method::Any => None,
        }
    }
}

/// Who may call an endpoint. Every row has one: an endpoint cannot be mounted without a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// No credentials (the login itself).
    Public,
    /// Any live Webex session.
    Session,
    /// A Webex session whose roles hold, for every inner list, at least one of its permissions.
    Permissions(&'static [&'static [&'static str]]),
    /// The Webex data server trusts its host: no session.
    DataServerTrust,
    /// A drop folder: whoever can write the folder.
    FolderAccess,
    /// The vendor documents no authentication (inContact).
    NotDocumented,
    /// A Talkdesk OAuth bearer token.
    BearerToken,
    /// A Talkdesk OAuth bearer token (`POST /talkdesk/oauth/token`) granted this scope.
    TalkdeskScope(&'static str),
    /// HTTP basic auth (the dialer).
    BasicAuth,
    /// A WFM personal access token.
    WfmToken,
}

impl Rule {
    /// The rule as the catalogue prints it: `ViewOrg`, `CaptureContacts + (RecordVoice | RecordScreen)`.
    pub fn describe(&self) -> String {
        match self {
            Rule::Public => "(none)".into(),
            Rule::Session => "(session)".into(),
            Rule::Permissions(all) => all
                .iter()
                .map(|any| {
                    if any.len() == 1 || all.len() == 1 {
                        any.join(" | ")
                    } else {
                        format!("({})", any.join(" | "))
                    }
                })
                .collect::<Vec<_>>()
                .join(" + "),
            Rule::DataServerTrust => "(data-server trust)".into(),
            Rule::FolderAccess => "(folder access)".into(),
            Rule::NotDocumented => "(not documented)".into(),
            Rule::BearerToken => "(bearer token)".into(),
            Rule::TalkdeskScope(scope) => format!("(bearer token) {scope}"),
            Rule::BasicAuth => "(basic auth)".into(),
            Rule::WfmToken => "(WFM token)".into(),
        }
    }

    /// Whether a holder of `permissions` satisfies a permission rule. Other rules are not
    /// about Webex permissions and answer `true`.
    pub fn allows(&self, permissions: &[String]) -> bool {
        match self {
            Rule::Permissions(all) => all
                .iter()
                .all(|any| any.iter().any(|p| permissions.iter().any(|h| h == p))),
            _ => true,
        }
    }

    /// True when the rule needs a Webex session.
    pub fn needs_webex_session(&self) -> bool {
        matches!(self, Rule::Session | Rule::Permissions(_))
    }
}

/// How an implemented endpoint is mounted: its handler for the row's method.
pub type Mount = fn(MethodFilter) -> MethodRouter;

/// One documented endpoint.
pub struct Endpoint {
    /// Stable key (`auth.login`), used by transcripts, faults and coverage.
    pub key: &'static str,
    pub vendor: Vendor,
    pub method: Method,
    /// The path served, in axum's template syntax, vendor prefix included; empty when the
    /// endpoint is not HTTP.
    pub path: &'static str,
    /// The path as the document writes it.
    pub documented_path: &'static str,
    pub rule: Rule,
    /// What the request carries, as the document says.
    pub body: &'static str,
    /// Where the document describes it (seed and section).
    pub doc: &'static str,
    /// Documented query parameters; others are accepted and flagged in the transcript.
    pub query: &'static [&'static str],
    /// Documented top-level JSON body fields; others are accepted and flagged in the transcript.
    pub fields: &'static [&'static str],
    /// The handler, once the endpoint is implemented.
    pub mount: Option<Mount>,
}

impl Endpoint {
    pub fn implemented(&self) -> bool {
        self.mount.is_some()
    }

    pub(crate) fn method_router(&self) -> Option<MethodRouter> {
        Some((self.mount?)(self.method.filter()?))
    }
}

/// Looks an endpoint up by key.
pub fn by_key(key: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().find(|e| e.key == key)
}

/// The endpoint served at `(method, template)`, where `template` is the matched route path.
pub fn by_route(method: &str, template: &str) -> Option<&'static Endpoint> {
    type Routes = HashMap<(&'static str, &'static str), &'static Endpoint>;
    static ROUTES: OnceLock<Routes> = OnceLock::new();
    ROUTES
        .get_or_init(|| {
            ENDPOINTS
                .iter()
                .filter(|e| e.implemented())
                .map(|e| ((e.method.as_str(), e.path), e))
                .collect()
        })
        .get(&(method, template))
        .copied()
}

/// A row of `wfo-harness endpoints`.
#[derive(Serialize)]
pub struct Listing {
    pub key: &'static str,
    pub vendor: Vendor,
    pub method: &'static str,
    pub path: &'static str,
    pub permission: String,
    pub implemented: bool,
    pub doc: &'static str,
}

pub fn listing() -> Vec<Listing> {
    ENDPOINTS
        .iter()
        .map(|e| Listing {
            key: e.key,
            vendor: e.vendor,
            method: e.method.as_str(),
            path: if e.path.is_empty() {
                e.documented_path
            } else {
                e.path
            },
            permission: e.rule.describe(),
            implemented: e.implemented(),
            doc: e.doc,
        })
        .collect()
}
