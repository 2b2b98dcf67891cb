//! Seed 001 "Categories and Phrases API": `GET|POST|PUT|DELETE /api/rest/cas/phraselist` and
//! `/api/rest/cas/phrase`. The seed gives multipart/form-data as content type and JSON bodies
//! in its example: both are read (form fields, or a part holding the JSON). Rules in `crate::cas`.

use super::contact_import::caller;
use crate::cas::confidence::Confidence;
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

/// A phrase; `soundsLike` (field tables) and `soundslike` (JSON example) are both written.
fn phrase_json(p: &Phrase) -> Value {
    json!({
        "phrase": p.phrase, "phonetic": p.phonetic, "soundsLike": p.sounds_like,
        "soundslike": p.sounds_like, "confidence": p.confidence.number(), "id": p.id,
        "categoryId": p.category_id, "state": p.state,
    })
}

/// The one answer shape of every GET, POST and PUT ("GET/POST/PUT JSON File Example"):
/// `{"categories": [...], "phrases": [...], "confidence": number}`, the top-level confidence
/// being the minimum phrase confidence whose hits are reported ([`Cas::min_confidence`]).
fn document(cas: &Cas, categories: &[Category], phrases: &[Phrase]) -> Map<String, Value> {
    let mut doc = Map::new();
    doc.insert(
        "categories".into(),
        categories.iter().map(category_json).collect(),
    );
    doc.insert("phrases".into(), phrases.iter().map(phrase_json).collect());
    doc.insert(
        "confidence".into(),
        Value::Number(cas.min_confidence().number().clone()),
    );
    doc
}

/// The item a POST or PUT body describes. Besides the flat fields, the shapes of the seed's
/// tables and example are read: `{"category": {...}}` (POST Response Fields) or a one-item
/// `{"categories": [{...}]}` / `{"phrases": [{...}]}` (the JSON example); a top-level `id`
/// applies when the item has none.
fn item_of(call: &Call, body: Value, singular: &str, plural: &str) -> Result<Value, ApiError> {
    let inner = match (body.get(singular), body.get(plural)) {
        (Some(Value::Object(o)), _) => o.clone(),
        (_, Some(Value::Array(items))) => match items.as_slice() {
            [Value::Object(o)] => o.clone(),
            _ => {
                return Err(call
                    .error(
                        StatusCode::BAD_REQUEST,
                        format!(
                            "{plural} must hold exactly one object: one {singular} per request"
                        ),
                    )
                    .with_field(plural));
            }
        },
        _ => return Ok(body),
    };
    let mut item = inner;
    if let Some(id) = body.get("id")
        && !item.contains_key("id")
    {
        item.insert("id".into(), id.clone());
    }
    Ok(Value::Object(item))
}

/// `GET /api/rest/cas/phraselist`: all the tenant's categories and phrases.
pub async fn list_categories(call: Call) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let cas = Cas::of(&call.sandbox.store);
    let doc = document(
        &cas,
        &cas.categories_of(me.tenant_id),
        &cas.phrases_of(me.tenant_id),
    );
    Ok(Json(Value::Object(doc)))
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
        // Kept as sent (`en-US` stays `en-US`).
        c.language_id = l.trim().to_string();
    }
    Ok(())
}

/// The phrases of category `id`.
fn phrases_in(cas: &Cas, tenant_id: u64, id: u64) -> Vec<Phrase> {
    let mut all = cas.phrases_of(tenant_id);
    all.retain(|p| p.category_id == id);
    all
}

/// `POST /api/rest/cas/phraselist`: the example's document with the new category (and its
/// phrases: none yet), plus `category` as the POST Response Fields table names it.
pub async fn create_category(
    call: Call,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let body = item_of(
        &call,
        body_object(&call, &headers, body).await?,
        "category",
        "categories",
    )?;
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
    let cas = Cas::of(&call.sandbox.store);
    let c = cas.add_category(c);
    let mut doc = Map::new();
    doc.insert("category".into(), category_json(&c));
    doc.extend(document(&cas, std::slice::from_ref(&c), &[]));
    Ok(Json(Value::Object(doc)))
}

/// `PUT /api/rest/cas/phraselist` with the category's `id`: the example's document with the
/// updated category and its phrases.
pub async fn update_category(
    call: Call,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let body = item_of(
        &call,
        body_object(&call, &headers, body).await?,
        "category",
        "categories",
    )?;
    let id = required_id(&call, &body, "id")?;
    let cas = Cas::of(&call.sandbox.store);
    let mut c = cas
        .category(me.tenant_id, id)
        .ok_or_else(|| not_found(&call, "category", id))?;
    apply_category(&call, &body, &mut c)?;
    cas.categories.put(&c.id, &c);
    let phrases = phrases_in(&cas, me.tenant_id, c.id);
    Ok(Json(Value::Object(document(
        &cas,
        std::slice::from_ref(&c),
        &phrases,
    ))))
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

/// `GET /api/rest/cas/phrase` (optionally `?categoryId=N`): the tenant's categories and phrases,
/// or that category and its phrases.
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
    let cas = Cas::of(&call.sandbox.store);
    let mut categories = cas.categories_of(me.tenant_id);
    let mut phrases = cas.phrases_of(me.tenant_id);
    if let Some(id) = filter {
        categories.retain(|c| c.id == id);
        phrases.retain(|p| p.category_id == id);
    }
    Ok(Json(Value::Object(document(&cas, &categories, &phrases))))
}

/// `confidence`: a number or a numeric string, in one of the two readings of
/// `crate::cas::confidence`.
fn opt_confidence(call: &Call, body: &Value) -> Result<Option<Confidence>, ApiError> {
    let read = match body.get("confidence") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::Number(n)) => Confidence::new(n.clone()),
        Some(Value::String(s)) => Confidence::read(s),
        Some(other) => Err(format!(
            "must be a number, not {}",
            crate::http::json::kind(other)
        )),
    };
    read.map(Some).map_err(|why| {
        call.error(StatusCode::BAD_REQUEST, format!("confidence {why}"))
            .with_field("confidence")
    })
}

/// `soundsLike` / `soundslike`: a string (alternates separated by commas), or a list of strings
/// kept joined by ", ".
fn opt_sounds_like(call: &Call, body: &Value, key: &str) -> Result<Option<String>, ApiError> {
    match body.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(|all| Some(all.join(", ")))
            .ok_or_else(|| {
                call.error(
                    StatusCode::BAD_REQUEST,
                    format!("{key} must be a string or a list of strings"),
                )
                .with_field(key)
            }),
        _ => opt_string(call, body, key),
    }
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
        if let Some(v) = opt_sounds_like(call, body, key)? {
            p.sounds_like = v;
        }
    }
    if let Some(c) = opt_confidence(call, body)? {
        p.confidence = c;
    }
    if let Some(s) = opt_integer(call, body, "state")? {
        p.state = s as i64;
    }
    Ok(())
}

/// A phrase with its category, as the example's document.
fn phrase_document(cas: &Cas, p: &Phrase) -> Map<String, Value> {
    let category: Vec<Category> = cas
        .category(p.tenant_id, p.category_id)
        .into_iter()
        .collect();
    document(cas, &category, std::slice::from_ref(p))
}

/// `POST /api/rest/cas/phrase`: `phrase` and `categoryId` required; answers the example's
/// document with the new phrase and its category, plus that category as `category` (POST
/// Response Fields).
pub async fn create_phrase(
    call: Call,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let body = item_of(
        &call,
        body_object(&call, &headers, body).await?,
        "phrase",
        "phrases",
    )?;
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
        confidence: Confidence::percent(50),
        state: 0,
    };
    apply_phrase(&call, &cas, &body, &mut p)?;
    let p = cas.add_phrase(p);
    let mut doc = Map::new();
    if let Some(c) = cas.category(p.tenant_id, p.category_id) {
        doc.insert("category".into(), category_json(&c));
    }
    doc.extend(phrase_document(&cas, &p));
    Ok(Json(Value::Object(doc)))
}

/// `PUT /api/rest/cas/phrase` with the phrase's `id`: the example's document with the phrase
/// and its category.
pub async fn update_phrase(
    call: Call,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let body = item_of(
        &call,
        body_object(&call, &headers, body).await?,
        "phrase",
        "phrases",
    )?;
    let id = required_id(&call, &body, "id")?;
    let cas = Cas::of(&call.sandbox.store);
    let mut p = cas
        .phrase(me.tenant_id, id)
        .ok_or_else(|| not_found(&call, "phrase", id))?;
    apply_phrase(&call, &cas, &body, &mut p)?;
    cas.phrases.put(&p.id, &p);
    Ok(Json(Value::Object(phrase_document(&cas, &p))))
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
