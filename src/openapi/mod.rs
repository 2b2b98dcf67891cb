//! `wfo-harness openapi [--vendor V]` and `GET /__admin/openapi.json`: an OpenAPI 3.1 document
//! of every implemented endpoint, generated from the catalogue (paths, parameters, security,
//! documented error responses from [`crate::contract`]) and the endpoints' types
//! ([`schemas`]), never written by hand.

pub mod schemas;

use crate::catalogue::{ENDPOINTS, Endpoint, Method, Rule, Vendor};
use crate::contract;
use serde_json::{Map, Value, json};

/// The vendors by name, for `--vendor`.
pub const VENDORS: &[Vendor] = &[
    Vendor::Webex,
    Vendor::WebexDataServer,
    Vendor::InContact,
    Vendor::Talkdesk,
    Vendor::Dialer,
];

/// Parses `--vendor`: a vendor name (`webex-wfo`, `talkdesk`, ...).
pub fn vendor(name: &str) -> Result<Vendor, String> {
    VENDORS
        .iter()
        .copied()
        .find(|v| v.name().eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            let names: Vec<&str> = VENDORS.iter().map(|v| v.name()).collect();
            format!("unknown vendor `{name}`: use one of {}", names.join(", "))
        })
}

/// The document for every implemented endpoint, or those of one vendor.
pub fn document(only: Option<Vendor>) -> Value {
    let mut paths = Map::new();
    for ep in ENDPOINTS
        .iter()
        .filter(|e| e.implemented() && !e.path.is_empty())
        .filter(|e| only.is_none_or(|v| v == e.vendor))
    {
        let item = paths
            .entry(ep.path.to_string())
            .or_insert_with(|| json!({}));
        item[ep.method.as_str().to_ascii_lowercase()] = operation(ep);
    }
    let title = match only {
        Some(v) => format!("wfo-harness: {}", v.name()),
        None => "wfo-harness: every vendor".to_string(),
    };
    let tags: Vec<Value> = VENDORS
        .iter()
        .filter(|v| only.is_none_or(|o| o == **v))
        .map(|v| json!({"name": v.name()}))
        .collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The endpoints wfo-harness implements, as the vendor documents describe them. Generated from the harness's endpoint catalogue.",
        },
        "servers": [
            {"url": "http://127.0.0.1:8080", "description": "wfo-harness serve (sandbox default)"},
        ],
        "tags": tags,
        "paths": paths,
        "components": {
            "securitySchemes": {
                "webexSession": {"type": "apiKey", "in": "cookie", "name": "hazelcast.sessionId",
                    "description": "Seed 001 Getting Started: the session of POST /api/rest/authorize; it expires after two idle hours."},
                "talkdeskBearer": {"type": "http", "scheme": "bearer",
                    "description": "Seed 002: an access token of POST /talkdesk/oauth/token (client credentials)."},
                "dialerBasic": {"type": "http", "scheme": "basic", "description": "Seed 004: HTTP basic auth."},
                "wfmToken": {"type": "http", "scheme": "bearer", "description": "Seed 001 Access WFM APIs: a personal access token."},
            },
            "schemas": error_schemas(),
        },
    })
}

fn operation(ep: &Endpoint) -> Value {
    let mut op = json!({
        "operationId": ep.key,
        "tags": [ep.vendor.name()],
        "summary": ep.doc,
        "description": format!(
            "Documented as `{} {}`. Permission: {}.",
            ep.method.as_str(),
            ep.documented_path,
            ep.rule.describe()
        ),
    });
    let mut parameters: Vec<Value> = path_params(ep.path)
        .into_iter()
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    parameters.extend(ep.query.iter().map(|name| {
        json!({"name": name, "in": "query", "required": false, "schema": {"type": "string"}})
    }));
    if !parameters.is_empty() {
        op["parameters"] = Value::Array(parameters);
    }
    if let Some(body) = request_body(ep) {
        op["requestBody"] = body;
    }
    match security(ep.rule) {
        Some(scheme) => op["security"] = json!([{scheme: []}]),
        None => op["security"] = json!([]),
    }
    op["responses"] = responses(ep);
    op
}

/// `{name}` segments of a path template.
fn path_params(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

fn security(rule: Rule) -> Option<&'static str> {
    match rule {
        Rule::Session | Rule::Permissions(_) => Some("webexSession"),
        Rule::BearerToken => Some("talkdeskBearer"),
        Rule::BasicAuth => Some("dialerBasic"),
        Rule::WfmToken => Some("wfmToken"),
        _ => None,
    }
}

fn request_body(ep: &Endpoint) -> Option<Value> {
    if !matches!(ep.method, Method::Post | Method::Put | Method::Patch) || ep.body == "-" {
        return None;
    }
    let body = ep.body;
    if body.starts_with("multipart") {
        return Some(
            json!({"required": true, "content": {"multipart/form-data": {"schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "contentMediaType": "application/octet-stream"}},
                "description": body,
            }}}}),
        );
    }
    if body.starts_with("json") {
        let schema = schemas::request(ep.key).unwrap_or_else(|| {
            let props: Map<String, Value> = ep
                .fields
                .iter()
                .map(|f| (f.to_string(), json!({})))
                .collect();
            json!({"type": "object", "properties": props, "description": body})
        });
        return Some(
            json!({"required": true, "content": {"application/json": {"schema": schema}}}),
        );
    }
    if body.contains("csv") {
        return Some(
            json!({"required": true, "content": {"text/csv": {"schema": {"type": "string", "description": body}}}}),
        );
    }
    None
}

fn responses(ep: &Endpoint) -> Value {
    let mut out = Map::new();
    let success = schemas::response(ep.key).unwrap_or_else(|| json!({}));
    out.insert(
        "200".into(),
        json!({"description": "The documented answer.", "content": {"application/json": {"schema": success}}}),
    );
    let mut by_status: std::collections::BTreeMap<u16, Vec<String>> = Default::default();
    for case in contract::cases(ep).into_iter().filter(|c| c.status >= 300) {
        by_status
            .entry(case.status)
            .or_default()
            .push(case.description);
    }
    let error = json!({"$ref": format!("#/components/schemas/{}", error_schema_name(ep.vendor))});
    for (status, reasons) in by_status {
        let mut r = json!({
            "description": reasons.join("; "),
            "content": {"application/json": {"schema": error}},
        });
        if status == 429 {
            r["headers"] = json!({"Retry-After": {"description": "Seconds to wait (virtual clock).", "schema": {"type": "integer"}}});
        }
        out.insert(status.to_string(), r);
    }
    Value::Object(out)
}

fn error_schema_name(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Webex | Vendor::WebexDataServer => "WebexError",
        Vendor::InContact => "InContactError",
        Vendor::Talkdesk => "TalkdeskError",
        Vendor::Dialer => "DialerError",
    }
}

/// The vendors' error bodies (ARCHITECTURE.md "The vendors").
fn error_schemas() -> Value {
    json!({
        "WebexError": {"type": "object", "required": ["errorMessage"], "properties": {
            "errorMessage": {"type": "string"}, "requestId": {"type": "string"}}},
        "InContactError": {"type": "object", "required": ["Message"], "properties": {"Message": {"type": "string"}}},
        "TalkdeskError": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string"}, "message": {"type": "string"}, "description": {"type": "string"},
            "fields": {"type": "array", "items": {"type": "object", "properties": {
                "name": {"type": "string"}, "description": {"type": "string"}}}}}},
        "DialerError": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}},
    })
}
