//! Request and response schemas of implemented endpoints, keyed by endpoint key and derived
//! with `schemars` (JSON Schema 2020-12, which OpenAPI 3.1 uses) from the types the handlers
//! answer with. A family registers its endpoints' types here; an endpoint without an entry still
//! gets a schema built from its catalogue row's `fields`.

use crate::vendors::webex::auth::{AuthorizeRequest, AuthorizedUser};
use crate::vendors::webex::permissions::Permission;
use schemars::{JsonSchema, schema_for};
use serde_json::{Value, json};

/// A schema as it sits inside an OpenAPI document (no `$schema` of its own).
fn schema<T: JsonSchema>() -> Value {
    let mut v = schema_for!(T).to_value();
    if let Value::Object(m) = &mut v {
        m.remove("$schema");
    }
    v
}

/// The request body schema of an endpoint, when its types are known.
pub fn request(key: &str) -> Option<Value> {
    match key {
        // The document also shows the credentials as a one-element array; both are accepted.
        "auth.login" => {
            let one = schema::<AuthorizeRequest>();
            Some(
                json!({"oneOf": [one, {"type": "array", "items": one, "minItems": 1, "maxItems": 1}]}),
            )
        }
        _ => None,
    }
}

/// The success response schema of an endpoint, when its types are known.
pub fn response(key: &str) -> Option<Value> {
    match key {
        "auth.login" | "auth.get" => Some(schema::<AuthorizedUser>()),
        "org.permissions" => Some(schema::<Vec<Permission>>()),
        _ => None,
    }
}
