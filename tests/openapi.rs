//! The OpenAPI 3.1 document: generated from the catalogue and the endpoints' types, served at
//! `GET /__admin/openapi.json` and printed by `wfo-harness openapi`, valid against the OpenAPI
//! 3.1 schema (vendored in tests/fixtures/openapi, so the test runs offline) and every schema
//! in it valid JSON Schema 2020-12.

mod common;

use common::Harness;
use serde_json::Value;
use std::process::Command;
use wfo_harness::catalogue::ENDPOINTS;

const BIN: &str = env!("CARGO_BIN_EXE_wfo-harness");

fn oas_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(include_str!("fixtures/openapi/oas-3.1-schema.json")).unwrap();
    jsonschema::validator_for(&schema).expect("the OpenAPI 3.1 schema compiles")
}

fn assert_valid(doc: &Value) {
    let errors: Vec<String> = oas_validator()
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "invalid OpenAPI document:\n{}",
        errors.join("\n")
    );
    // The OpenAPI schema leaves Schema Objects open: check each against JSON Schema 2020-12.
    let mut schemas: Vec<&Value> = doc["components"]["schemas"]
        .as_object()
        .expect("the vendors' error schemas")
        .values()
        .collect();
    collect_schemas(&doc["paths"], &mut schemas);
    for s in schemas {
        jsonschema::meta::validate(s).unwrap_or_else(|e| panic!("schema {s} is invalid: {e}"));
    }
}

fn collect_schemas<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if k == "schema" {
                    out.push(v);
                } else {
                    collect_schemas(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_schemas(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_served_document_is_valid_and_lists_every_implemented_endpoint() {
    let h = Harness::new();
    let reply = h.get("/__admin/openapi.json", None).await;
    assert_eq!(reply.status, 200);
    let doc = reply.json();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_valid(&doc);
    let mut in_paths = Vec::new();
    collect_schemas(&doc["paths"], &mut in_paths);
    assert!(
        in_paths.len() >= 8,
        "request, response and error schemas are checked"
    );
    let mut operations = 0;
    for ep in ENDPOINTS.iter().filter(|e| e.implemented()) {
        let op = &doc["paths"][ep.path][ep.method.as_str().to_ascii_lowercase()];
        assert_eq!(op["operationId"], ep.key, "{} is in the document", ep.key);
        operations += 1;
    }
    let listed: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p.as_object().unwrap().len())
        .sum();
    assert_eq!(listed, operations, "only implemented endpoints are listed");

    // The validation can fail: a broken document is caught.
    let mut broken = doc.clone();
    broken["paths"]["/api/rest/authorize"]["post"]["responses"] = Value::from("none");
    broken["components"]["securitySchemes"]["webexSession"]["in"] = Value::from("body");
    assert!(oas_validator().iter_errors(&broken).count() >= 2);
}

#[tokio::test]
async fn operations_carry_security_parameters_schemas_and_documented_errors() {
    let doc = Harness::new()
        .get("/__admin/openapi.json", None)
        .await
        .json();
    let login = &doc["paths"]["/api/rest/authorize"]["post"];
    assert_eq!(
        login["security"],
        serde_json::json!([]),
        "the login is public"
    );
    let body = &login["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(
        body["oneOf"][0]["required"],
        serde_json::json!(["userId", "password"]),
        "from the request type: {body}"
    );
    assert_eq!(
        body["oneOf"][1]["type"], "array",
        "the document's array form"
    );
    let ok = &login["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(ok["properties"]["sessionTimeout"]["type"], "string");
    let statuses: Vec<&String> = login["responses"].as_object().unwrap().keys().collect();
    assert_eq!(statuses, ["200", "400", "401"]);
    assert!(
        login["responses"]["400"]["description"]
            .as_str()
            .unwrap()
            .contains("`userId`")
    );

    let perms = &doc["paths"]["/api/rest/org/permissions/"]["get"];
    assert_eq!(perms["security"], serde_json::json!([{"webexSession": []}]));
    let keys: Vec<&String> = perms["responses"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["200", "401", "403"]);
    assert_eq!(
        perms["responses"]["403"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/WebexError"
    );
    assert_eq!(
        perms["responses"]["200"]["content"]["application/json"]["schema"]["type"],
        "array"
    );
    let scheme = &doc["components"]["securitySchemes"]["webexSession"];
    assert_eq!(
        (scheme["in"].as_str(), scheme["name"].as_str()),
        (Some("cookie"), Some("hazelcast.sessionId"))
    );
    snap_json!("login_operation", login);
}

#[tokio::test]
async fn the_cli_prints_the_same_document_and_filters_by_vendor() {
    let served = Harness::new()
        .get("/__admin/openapi.json", None)
        .await
        .json();
    let out = Command::new(BIN).arg("openapi").output().unwrap();
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, served);

    let out = Command::new(BIN)
        .args(["openapi", "--vendor", "talkdesk"])
        .output()
        .unwrap();
    let talkdesk: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&talkdesk);
    assert!(
        talkdesk["paths"]
            .as_object()
            .unwrap()
            .keys()
            .all(|p| p.starts_with("/talkdesk/"))
    );
    assert_eq!(talkdesk["info"]["title"], "wfo-harness: talkdesk");

    let out = Command::new(BIN)
        .args(["openapi", "--vendor", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown vendor `nope`"));
    let bad = Harness::new()
        .get("/__admin/openapi.json?vendor=nope", None)
        .await;
    assert_eq!(bad.status, 400);
}
