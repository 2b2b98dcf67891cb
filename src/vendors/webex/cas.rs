//! Seed 001 "Categories and Phrases API": `GET|POST|PUT|DELETE /api/rest/cas/phraselist` and
//! `/api/rest/cas/phrase`. The seed gives multipart/form-data as content type and JSON bodies
//! in its example: both are read (form fields, or a part holding the JSON). Rules in `crate::cas`.

use super::contact_import::caller;
use crate::cas::{Cas, Category, Phrase};
use crate::http::json::{opt_integer, opt_string};
use crate::http::multipart::{Form, Limits};
use crate::http::{ApiError, Call};
use axum::Json;
use axum::body::Body;
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value, json};

/// Forms here carry a few short fields.
const FORM_LIMITS: Limits = Limits {
    total: 1024 * 1024,
    part: 1024 * 1024,
};

type QueryPairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The request body as a JSON object: JSON, or multipart fields (a part that is itself a JSON
/// object is taken whole).
async fn body_object(call: &Call, headers: &HeaderMap, body: Body) -> Result<Value, ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let value = if ct.starts_with("multipart/form-data") {
        let parts = Form::new(call, headers, body, FORM_LIMITS)?
            .read_all()
            .await?;
        let mut obj = Map::new();
        for p in &parts {
            let text = p.text(call)?;
            if let Ok(Value::Object(whole)) = serde_json::from_str::<Value>(text) {
                obj.extend(whole);
            } else if let Some(name) = &p.name {
                obj.insert(name.clone(), Value::String(text.to_string()));
            }
        }
        Value::Object(obj)
    } else {
        let bytes = axum::body::to_bytes(body, FORM_LIMITS.total as usize)
            .await
            .map_err(|_| call.error(StatusCode::PAYLOAD_TOO_LARGE, "The body is over 1 MiB"))?;
        crate::http::json::parse(call, &bytes)?
    };
    if !value.is_object() {
        return Err(call.error(
            StatusCode::BAD_REQUEST,
            format!(
                "The body must be a JSON object, not {}",
                crate::http::json::kind(&value)
            ),
        ));
    }
    Ok(value)
}

/// The `id` query parameter (DELETE), required and a whole number.
fn query_id(call: &Call, query: QueryPairs) -> Result<u64, ApiError> {
    let Query(pairs) = query.map_err(|e| call.error(StatusCode::BAD_REQUEST, e.body_text()))?;
    let raw = pairs
        .iter()
        .find(|(k, _)| k == "id")
        .map(|(_, v)| v.trim().to_string());
    match raw {
        None => Err(call
            .error(StatusCode::BAD_REQUEST, "id is required (?id=...)")
            .with_field("id")),
        Some(v) => v.parse().map_err(|_| {
            call.error(
                StatusCode::BAD_REQUEST,
                format!("id must be a whole number, not `{v}`"),
            )
            .with_field("id")
        }),
    }
}

fn required_id(call: &Call, body: &Value, field: &str) -> Result<u64, ApiError> {
    opt_integer(call, body, field)?.ok_or_else(|| {
        call.error(StatusCode::BAD_REQUEST, format!("{field} is required"))
            .with_field(field)
    })
}

fn not_found(call: &Call, what: &str, id: u64) -> ApiError {
    call.error(StatusCode::NOT_FOUND, format!("No {what} with id {id}"))
}

fn category_json(c: &Category) -> Value {
    json!({"id": c.id, "category": c.category, "description": c.description, "languageId": c.language_id})
}

fn phrase_json(p: &Phrase) -> Value {
    json!({
        "phrase": p.phrase, "phonetic": p.phonetic, "soundsLike": p.sounds_like,
        "confidence": p.confidence, "id": p.id, "categoryId": p.category_id, "state": p.state,
    })
}

/// `GET /api/rest/cas/phraselist`: the tenant's categories.
pub async fn list_categories(call: Call) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let cats = Cas::of(&call.sandbox.store).categories_of(me.tenant_id);
    Ok(Json(
        json!({"categories": cats.iter().map(category_json).collect::<Vec<_>>()}),
    ))
}

/// The category fields of a POST or PUT body applied to `c`.
fn apply_category(call: &Call, body: &Value, c: &mut Category) -> Result<(), ApiError> {
    if let Some(name) = opt_string(call, body, "category")? {
        if name.trim().is_empty() {
            return Err(call
                .error(StatusCode::BAD_REQUEST, "category must not be empty")
                .with_field("category"));
        }
        c.category = name.trim().to_string();
    }
    if let Some(d) = opt_string(call, body, "description")? {
        c.description = d;
    }
    if let Some(l) = opt_string(call, body, "languageId")? {
        if l.trim().is_empty() {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    "languageId must not be empty (e.g. en-us)",
                )
                .with_field("languageId"));
        }
        c.language_id = l.trim().to_ascii_lowercase();
    }
    Ok(())
}

/// `POST /api/rest/cas/phraselist`: answers `{"category": {...}}` (POST Response Fields).
pub async fn create_category(
    call: Call,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let body = body_object(&call, &headers, body).await?;
    if opt_string(&call, &body, "category")?.is_none_or(|s| s.trim().is_empty()) {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                "category is required: the category's name",
            )
            .with_field("category"));
    }
    let mut c = Category {
        id: 0,
        tenant_id: me.tenant_id,
        category: String::new(),
        description: String::new(),
        language_id: "en-us".into(),
    };
    apply_category(&call, &body, &mut c)?;
    let c = Cas::of(&call.sandbox.store).add_category(c);
    Ok(Json(json!({"category": category_json(&c)})))
}

/// `PUT /api/rest/cas/phraselist` with the category's `id`: answers `{"categories": [...]}`.
pub async fn update_category(
    call: Call,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let body = body_object(&call, &headers, body).await?;
    let id = required_id(&call, &body, "id")?;
    let cas = Cas::of(&call.sandbox.store);
    let mut c = cas
        .category(me.tenant_id, id)
        .ok_or_else(|| not_found(&call, "category", id))?;
    apply_category(&call, &body, &mut c)?;
    cas.categories.put(&c.id, &c);
    Ok(Json(json!({"categories": [category_json(&c)]})))
}

/// `DELETE /api/rest/cas/phraselist?id=N`: `{"deleted":1}`; its phrases go with it.
pub async fn delete_category(call: Call, query: QueryPairs) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let id = query_id(&call, query)?;
    if !Cas::of(&call.sandbox.store).delete_category(me.tenant_id, id) {
        return Err(not_found(&call, "category", id));
    }
    Ok(Json(json!({"deleted": 1})))
}

/// `GET /api/rest/cas/phrase` (optionally `?categoryId=N`): the tenant's phrases.
pub async fn list_phrases(call: Call, query: QueryPairs) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let Query(pairs) = query.map_err(|e| call.error(StatusCode::BAD_REQUEST, e.body_text()))?;
    let filter = match pairs.iter().find(|(k, _)| k == "categoryId") {
        None => None,
        Some((_, v)) => Some(v.trim().parse::<u64>().map_err(|_| {
            call.error(
                StatusCode::BAD_REQUEST,
                format!("categoryId must be a whole number, not `{v}`"),
            )
            .with_field("categoryId")
        })?),
    };
    let phrases = Cas::of(&call.sandbox.store).phrases_of(me.tenant_id);
    let shown: Vec<Value> = phrases
        .iter()
        .filter(|p| filter.is_none_or(|c| p.category_id == c))
        .map(phrase_json)
        .collect();
    Ok(Json(json!({"phrases": shown})))
}

/// The phrase fields of a POST or PUT body applied to `p`.
fn apply_phrase(call: &Call, cas: &Cas, body: &Value, p: &mut Phrase) -> Result<(), ApiError> {
    if let Some(text) = opt_string(call, body, "phrase")? {
        if text.trim().is_empty() {
            return Err(call
                .error(StatusCode::BAD_REQUEST, "phrase must not be empty")
                .with_field("phrase"));
        }
        p.phrase = text.trim().to_string();
    }
    if let Some(cat) = opt_integer(call, body, "categoryId")? {
        if cas.category(p.tenant_id, cat).is_none() {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    format!("categoryId {cat} is not a category of this tenant"),
                )
                .with_field("categoryId"));
        }
        p.category_id = cat;
    }
    if let Some(v) = opt_string(call, body, "phonetic")? {
        p.phonetic = v;
    }
    // The example spells it `soundslike`, the field table `soundsLike`: both are read.
    for key in ["soundsLike", "soundslike"] {
        if let Some(v) = opt_string(call, body, key)? {
            p.sounds_like = v;
        }
    }
    if let Some(c) = opt_integer(call, body, "confidence")? {
        if c > 100 {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    format!("confidence must be between 0 and 100, not {c}"),
                )
                .with_field("confidence"));
        }
        p.confidence = c as u32;
    }
    if let Some(s) = opt_integer(call, body, "state")? {
        p.state = s as i64;
    }
    Ok(())
}

/// `POST /api/rest/cas/phrase`: `phrase` and `categoryId` required; answers `{"phrases": [...]}`.
pub async fn create_phrase(
    call: Call,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let body = body_object(&call, &headers, body).await?;
    if opt_string(&call, &body, "phrase")?.is_none_or(|s| s.trim().is_empty()) {
        return Err(call
            .error(
                StatusCode::BAD_REQUEST,
                "phrase is required: the phrase to search for",
            )
            .with_field("phrase"));
    }
    required_id(&call, &body, "categoryId")?;
    let cas = Cas::of(&call.sandbox.store);
    let mut p = Phrase {
        id: 0,
        tenant_id: me.tenant_id,
        category_id: 0,
        phrase: String::new(),
        phonetic: String::new(),
        sounds_like: String::new(),
        confidence: 50,
        state: 0,
    };
    apply_phrase(&call, &cas, &body, &mut p)?;
    let p = cas.add_phrase(p);
    Ok(Json(json!({"phrases": [phrase_json(&p)]})))
}

/// `PUT /api/rest/cas/phrase` with the phrase's `id`.
pub async fn update_phrase(
    call: Call,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let body = body_object(&call, &headers, body).await?;
    let id = required_id(&call, &body, "id")?;
    let cas = Cas::of(&call.sandbox.store);
    let mut p = cas
        .phrase(me.tenant_id, id)
        .ok_or_else(|| not_found(&call, "phrase", id))?;
    apply_phrase(&call, &cas, &body, &mut p)?;
    cas.phrases.put(&p.id, &p);
    Ok(Json(json!({"phrases": [phrase_json(&p)]})))
}

/// `DELETE /api/rest/cas/phrase?id=N`: `{"deleted":1}`.
pub async fn delete_phrase(call: Call, query: QueryPairs) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let id = query_id(&call, query)?;
    if !Cas::of(&call.sandbox.store).delete_phrase(me.tenant_id, id) {
        return Err(not_found(&call, "phrase", id));
    }
    Ok(Json(json!({"deleted": 1})))
}
