//! Seed 001 "Contact API", "Contact Basic Search API" and "Contact Monitoring API": search the
//! stored contacts, read one, update its custom metadata. Query parsing and rendering only;
//! filters, view rules and index scans are in `contacts::search`.

use super::contact_import::caller;
use crate::contacts::evaluation::{self, Evaluation};
use crate::contacts::search::{MetadataFilter, Pattern, Query, Viewer, search};
use crate::contacts::{Contact, ContactType, Contacts};
use crate::http::{ApiError, Call};
use crate::scenario::qm::EvalForm;
use crate::world::{Org, Person};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, NaiveTime};
use serde_json::{Map, Value, json};

const DAY_MS: i64 = 86_400_000;
/// Results of a search without `limit`.
pub const DEFAULT_LIMIT: usize = 100;

/// The query string as (name, value) pairs, repeated names kept.
pub fn pairs(raw: &Option<String>) -> Vec<(String, String)> {
    crate::http::form::parse_form(raw.as_deref().unwrap_or(""))
}

fn values<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

fn last<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    values(pairs, name).into_iter().last()
}

fn bad(call: &Call, name: &str, rule: String) -> ApiError {
    call.error(
        StatusCode::BAD_REQUEST,
        format!("Invalid parameter {name}: {rule}"),
    )
    .with_field(name)
}

fn boolean(call: &Call, pairs: &[(String, String)], name: &str) -> Result<Option<bool>, ApiError> {
    match last(pairs, name) {
        None => Ok(None),
        Some(v) => match v.to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(Some(true)),
            "false" | "0" => Ok(Some(false)),
            _ => Err(bad(call, name, format!("`{v}` is not true, false, 1 or 0"))),
        },
    }
}

fn integer(call: &Call, pairs: &[(String, String)], name: &str) -> Result<Option<i64>, ApiError> {
    match last(pairs, name) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| bad(call, name, format!("`{v}` is not an integer"))),
    }
}

fn id(call: &Call, pairs: &[(String, String)], name: &str) -> Result<Option<u64>, ApiError> {
    match last(pairs, name) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse::<u64>()
            .map(Some)
            .map_err(|_| bad(call, name, format!("`{v}` is not an integer id"))),
    }
}

fn patterns(pairs: &[(String, String)], name: &str, ignore_case: bool) -> Vec<Pattern> {
    values(pairs, name)
        .into_iter()
        .filter(|v| !v.is_empty())
        .map(|v| Pattern::new(v, ignore_case))
        .collect()
}

fn date(call: &Call, name: &str, v: &str) -> Result<i64, ApiError> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(|d| {
            d.and_hms_opt(0, 0, 0)
                .expect("midnight")
                .and_utc()
                .timestamp_millis()
        })
        .map_err(|_| {
            bad(
                call,
                name,
                format!("`{v}` is not a date in the format YYYY-MM-DD"),
            )
        })
}

/// `HH:MM` or `HH:MM:SS` (the document gives one for beginTime, the other for endTime; clients
/// send both).
fn time(call: &Call, name: &str, v: &str) -> Result<i64, ApiError> {
    NaiveTime::parse_from_str(v, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(v, "%H:%M"))
        .map(|t| {
            use chrono::Timelike;
            t.num_seconds_from_midnight() as i64 * 1000
        })
        .map_err(|_| {
            bad(
                call,
                name,
                format!("`{v}` is not a time in the format HH:MM or HH:MM:SS"),
            )
        })
}

/// Builds the search query from the parameters (seed 001 "Request Fields").
pub fn parse_query(call: &Call, pairs: &[(String, String)]) -> Result<Query, ApiError> {
    let now = call.now_ms();
    let today = now.div_euclid(DAY_MS) * DAY_MS;
    let begin_time = last(pairs, "beginTime");
    let end_time = last(pairs, "endTime");
    if begin_time.is_some() && end_time.is_none() {
        return Err(bad(
            call,
            "beginTime",
            "when beginTime is used, endTime must also be used".into(),
        ));
    }
    let begin_day = match last(pairs, "beginDate") {
        Some(d) => date(call, "beginDate", d)?,
        None => today - 60 * DAY_MS,
    };
    let end_day = match last(pairs, "endDate") {
        Some(d) => date(call, "endDate", d)?,
        None => today,
    };
    let from_ms = begin_day
        + match begin_time {
            Some(t) => time(call, "beginTime", t)?,
            None => 0,
        };
    // Field notes: an endDate without endTime is inclusive (the whole day).
    let to_ms = match end_time {
        Some(t) => end_day + time(call, "endTime", t)?,
        None => end_day + DAY_MS,
    };
    let upload_type = match last(pairs, "type") {
        None | Some("") => None,
        Some(t @ ("quality" | "archive")) => Some(t.to_string()),
        Some(other) => {
            return Err(bad(
                call,
                "type",
                format!("`{other}` is not quality or archive"),
            ));
        }
    };
    let contact_type = match last(pairs, "contactType") {
        None | Some("") => None,
        Some(t) => Some(match t.to_ascii_uppercase().as_str() {
            "CALL" => ContactType::Call,
            "TEXT" => ContactType::Text,
            "EMAIL" => ContactType::Email,
            _ => {
                return Err(bad(
                    call,
                    "contactType",
                    format!("`{t}` is not CALL, TEXT or EMAIL"),
                ));
            }
        }),
    };
    let metadata = values(pairs, "metadata")
        .into_iter()
        .map(|m| MetadataFilter::parse(m).map_err(|e| bad(call, "metadata", e)))
        .collect::<Result<Vec<_>, _>>()?;
    let evaluated = |name: &str, shift: i64| -> Result<Option<i64>, ApiError> {
        last(pairs, name)
            .map(|d| date(call, name, d).map(|ms| ms + shift))
            .transpose()
    };
    Ok(Query {
        agent: id(call, pairs, "agent")?,
        ani: patterns(pairs, "ani", false),
        dnis: patterns(pairs, "dnis", false),
        number: patterns(pairs, "number", false),
        phone_number: patterns(pairs, "phoneNumber", false),
        line: patterns(pairs, "line", false),
        call_id: last(pairs, "callId")
            .filter(|v| !v.is_empty())
            .map(str::to_string),
        assoc_call_id: last(pairs, "assocCallId")
            .filter(|v| !v.is_empty())
            .map(str::to_string),
        from_ms,
        to_ms,
        first_name: patterns(pairs, "firstName", true),
        last_name: patterns(pairs, "lastName", true),
        username: Vec::new(),
        group: id(call, pairs, "group")?,
        team: id(call, pairs, "team")?,
        has_recording: boolean(call, pairs, "hasRecording")?,
        scored: boolean(call, pairs, "scored")?,
        tagged: boolean(call, pairs, "tagged")?,
        hr: boolean(call, pairs, "hr")?,
        training: boolean(call, pairs, "training")?,
        needs_approval: boolean(call, pairs, "needsApproval")?,
        in_progress: boolean(call, pairs, "inProgress")?,
        can_evaluate: boolean(call, pairs, "canEvaluate")?,
        silence_duration: integer(call, pairs, "silenceDuration")?,
        silence_events: integer(call, pairs, "silenceEvents")?,
        talk_over_duration: integer(call, pairs, "talkOverDuration")?,
        talk_over_events: integer(call, pairs, "talkOverEvents")?,
        upload_type,
        metadata,
        contact_type,
        // Field notes: clients send the bare flag.
        has_transcription: pairs
            .iter()
            .any(|(k, v)| k == "hasTranscription" && !v.eq_ignore_ascii_case("false")),
        evaluated_from_ms: evaluated("dateEvaluatedStart", 0)?,
        evaluated_to_ms: evaluated("dateEvaluatedEnd", DAY_MS)?,
    })
}

/// What `expand` / `exclude` ask for.
#[derive(Default)]
pub struct Shape {
    events: bool,
    metadata: bool,
    metadata_keys: Vec<String>,
    excluded_keys: Vec<String>,
}

impl Shape {
    pub fn parse(pairs: &[(String, String)]) -> Shape {
        let mut s = Shape::default();
        let split = |name: &str| -> Vec<String> {
            values(pairs, name)
                .into_iter()
                .flat_map(|v| v.split(','))
                .map(|v| v.trim().to_string())
                .collect()
        };
        for v in split("expand") {
            match v.as_str() {
                "event" | "events" => s.events = true,
                "metadata" => s.metadata = true,
                other => {
                    if let Some(k) = other.strip_prefix("metadata.") {
                        s.metadata_keys.push(k.to_string());
                    }
                    // Field notes: other values are ignored.
                }
            }
        }
        for v in split("exclude") {
            match v.as_str() {
                "event" | "events" => s.events = false,
                "metadata" => {
                    s.metadata = false;
                    s.metadata_keys.clear();
                }
                other => {
                    if let Some(k) = other.strip_prefix("metadata.") {
                        s.excluded_keys.push(k.to_string());
                    }
                }
            }
        }
        s
    }
}

fn username(p: &Person) -> String {
    p.ad_login
        .as_deref()
        .and_then(|l| l.rsplit('\\').next())
        .map(str::to_string)
        .unwrap_or_else(|| p.email.clone())
}

pub fn person_ref(p: &Person) -> Value {
    json!({
        "$ref": format!("/api/rest/recording/person/{}", p.id),
        "firstName": p.first_name,
        "lastName": p.last_name,
        "username": username(p),
        "displayId": format!("{}.{}", p.tenant_id, p.id),
    })
}

/// The contact's metadata as `expand=metadata` renders it (field notes): an object keyed by
/// metadata name, each value `{"value": ...}`.
pub fn metadata_json(c: &Contact) -> Value {
    c.metadata
        .iter()
        .map(|(k, v)| (k.clone(), json!({"value": v})))
        .collect::<Map<_, _>>()
        .into()
}

/// The contact's events as `expand=event` renders them.
pub fn events_json(c: &Contact) -> Value {
    c.events
        .iter()
        .map(|e| json!({"type": e.kind, "startTime": c.start_ms + e.start_ms, "duration": e.duration_ms}))
        .collect()
}

/// The contact's `evalForm`, `evaluation` and `evaluator` (seed 001 "JSON File Example"); null
/// when it has none.
fn render_evaluation(v: &mut Map<String, Value>, org: &Org, c: &Contact, forms: &[EvalForm]) {
    let form = evaluation::form_of(c, forms);
    v.insert("evalForm".into(), form.map_or(Value::Null, form_ref_json));
    let e = c.evaluation.as_ref();
    v.insert(
        "evaluation".into(),
        e.map_or(Value::Null, |e| {
            json!({
                "stateId": e.state().id(),
                "score": e.score.map(score_json),
                "$ref": evaluation_ref(c, e),
            })
        }),
    );
    let evaluator = e.and_then(|e| org.persons.get(&e.evaluator_id));
    v.insert(
        "evaluator".into(),
        evaluator.as_ref().map_or(Value::Null, person_ref),
    );
}

/// An evaluation form as the contact names it: `{"name", "$ref"}`.
pub fn form_ref_json(f: &EvalForm) -> Value {
    json!({"name": f.name, "$ref": format!("/api/rest/recording/evalform/{}", f.id)})
}

/// A score as the seed writes it: `90`, not `90.0`; fractions stay (`72.5`).
pub fn score_json(score: f64) -> Value {
    if score.fract() == 0.0 && score.abs() < 1e15 {
        json!(score as i64)
    } else {
        json!(score)
    }
}

/// Where a contact's evaluation is read.
pub fn evaluation_ref(c: &Contact, e: &Evaluation) -> String {
    format!("/api/rest/recording/contact/{}/eval/{}", c.id, e.id)
}

/// A contact as seed 001's "JSON File Example" shows it (plus the field notes' `contactType`)
/// to `viewer` (whose `canEvaluate` it is).
pub fn render(org: &Org, viewer: &Viewer, c: &Contact, shape: &Shape) -> Value {
    let mut v = Map::new();
    v.insert("id".into(), json!(c.id));
    v.insert("startTime".into(), json!(c.start_ms));
    v.insert("callDuration".into(), json!(c.duration_ms));
    v.insert("tz".into(), json!(c.tz));
    v.insert("contactType".into(), json!(c.contact_type.as_str()));
    v.insert("ani".into(), json!(c.ani));
    v.insert("dnis".into(), json!(c.dnis));
    v.insert("line".into(), json!(c.line));
    v.insert("icmCallId".into(), json!(c.call_id));
    v.insert("assocCallId".into(), json!(c.assoc_call_id));
    v.insert("direction".into(), json!(c.direction));
    let agent = c.agent_id.and_then(|a| org.persons.get(&a));
    v.insert(
        "agent".into(),
        agent.as_ref().map_or(Value::Null, person_ref),
    );
    let team = c.team_id.and_then(|t| org.teams.get(&t));
    v.insert(
        "team".into(),
        team.map_or(Value::Null, |t| {
            json!({"name": t.name, "$ref": format!("/api/rest/recording/team/{}", t.id), "displayId": format!("{}.{}", t.tenant_id, t.id)})
        }),
    );
    let group = c.group_id.and_then(|g| org.groups.get(&g));
    v.insert(
        "group".into(),
        group.map_or(
            Value::Null,
            |g| json!({"name": g.name, "$ref": format!("/api/rest/recording/group/{}", g.id)}),
        ),
    );
    for (k, f) in [
        ("hr", c.qm.hr),
        ("training", c.qm.training),
        ("scored", c.qm.scored),
        ("tagged", c.qm.tagged),
        ("needsApproval", c.qm.needs_approval),
        ("inProgress", c.qm.in_progress),
    ] {
        v.insert(k.into(), json!(f));
    }
    v.insert("canEvaluate".into(), json!(viewer.can_evaluate(c)));
    render_evaluation(&mut v, org, c, &viewer.forms);
    v.insert("audioUploaded".into(), json!(c.has_audio()));
    v.insert("screenUploaded".into(), json!(c.has_screen()));
    v.insert(
        "recordingUrl".into(),
        json!(format!("/api/rest/recording/contact/{}/recording", c.id)),
    );
    let metadata_ref = format!("/api/rest/recording/contact/{}/metadata/", c.id);
    let metadata = if shape.metadata || !shape.metadata_keys.is_empty() {
        let mut m = Map::new();
        if !shape.metadata {
            m.insert("$ref".into(), json!(metadata_ref));
        }
        for (k, value) in &c.metadata {
            let wanted = shape.metadata || shape.metadata_keys.contains(k);
            if wanted && !shape.excluded_keys.contains(k) {
                m.insert(k.clone(), json!({"value": value}));
            }
        }
        Value::Object(m)
    } else {
        json!({"$ref": metadata_ref})
    };
    v.insert("metadata".into(), metadata);
    let events = if shape.events {
        events_json(c)
    } else {
        json!({"$ref": format!("/api/rest/recording/contact/{}/event/", c.id)})
    };
    v.insert("event".into(), events);
    if let Some(t) = &c.text {
        v.insert("textType".into(), json!(t.text_type));
        v.insert("subject".into(), json!(t.subject));
        v.insert("sender".into(), json!(t.sender));
    }
    Value::Object(v)
}

/// `Range: items=a-b` (inclusive).
fn range(call: &Call, headers: &HeaderMap) -> Result<Option<(usize, usize)>, ApiError> {
    let Some(v) = headers.get(header::RANGE) else {
        return Ok(None);
    };
    let text = v.to_str().unwrap_or("").trim();
    let parsed = text.strip_prefix("items=").and_then(|r| {
        let (a, b) = r.split_once('-')?;
        let (a, b) = (
            a.trim().parse::<usize>().ok()?,
            b.trim().parse::<usize>().ok()?,
        );
        (a <= b).then_some((a, b))
    });
    parsed.map(Some).ok_or_else(|| {
        call.error(
            StatusCode::BAD_REQUEST,
            format!("Invalid header Range: `{text}` is not items=FIRST-LAST"),
        )
        .with_field("Range")
    })
}

/// The caller as contact viewer and evaluator.
fn viewer(call: &Call, org: &Org) -> Result<Viewer, ApiError> {
    let session = call.session()?;
    Ok(Viewer::new(org, caller(call)?).evaluating(
        &session.record.permissions,
        &call.sandbox.scenario().scenario.eval_forms,
    ))
}

/// `GET /api/rest/recording/contact`.
pub async fn search_contacts(
    call: Call,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let pairs = pairs(&raw);
    let query = parse_query(&call, &pairs)?;
    let shape = Shape::parse(&pairs);
    let limit = match integer(&call, &pairs, "limit")? {
        None => DEFAULT_LIMIT,
        Some(n) if n > 0 => n as usize,
        Some(n) => {
            return Err(bad(
                &call,
                "limit",
                format!("`{n}` is not a positive integer"),
            ));
        }
    };
    let stats = boolean(&call, &pairs, "searchStats")?.unwrap_or(false);
    let range = range(&call, &headers)?;
    let store = &call.sandbox.store;
    let contacts = Contacts::of(store);
    let org = Org::of(store);
    let viewer = viewer(&call, &org)?;
    if stats {
        let (mut count, mut duration) = (0i64, 0i64);
        let (mut scored, mut score) = (0u32, 0f64);
        search(&contacts, &org, &viewer, &query, |c, _| {
            count += 1;
            duration += c.duration_ms;
            // Submitted evaluations count; one in progress has no final score yet.
            if let Some(s) = c
                .evaluation
                .as_ref()
                .filter(|e| e.evaluated_ms.is_some())
                .and_then(|e| e.score)
            {
                scored += 1;
                score += s;
            }
            true
        });
        let avg = (count > 0).then(|| (duration / count).to_string());
        let avg_score =
            (scored > 0).then(|| ((score / scored as f64 * 100.0).round() / 100.0).to_string());
        return Ok(axum::Json(json!({
            "avgCallDuration": avg,
            "avgScore": avg_score,
            "count": count.to_string(),
        }))
        .into_response());
    }
    // The window: Range selects items of the whole result; limit caps how many are returned.
    // A ranged answer may hold fewer items than asked (`serve --vary`), as Content-Range says.
    let (first, last_wanted) = match range {
        Some((a, b)) => {
            let asked = b.min(a + limit - 1) - a + 1;
            (a, a + call.page_size(asked) - 1)
        }
        None => (0, limit - 1),
    };
    let mut page = Vec::new();
    let mut total = 0usize;
    search(&contacts, &org, &viewer, &query, |c, _| {
        if total >= first && total <= last_wanted {
            page.push(c);
        }
        total += 1;
        true
    });
    let body: Vec<Value> = page
        .iter()
        .map(|c| render(&org, &viewer, c, &shape))
        .collect();
    let content_range = if body.is_empty() {
        format!("items */{total}")
    } else {
        format!("items {first}-{}/{total}", first + body.len() - 1)
    };
    let mut response = axum::Json(Value::Array(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&content_range) {
        response.headers_mut().insert(header::CONTENT_RANGE, v);
    }
    Ok(response)
}

/// The contact `id` with the caller as viewer; 404 when absent or out of the caller's view.
pub fn contact_in_view(call: &Call, org: &Org, id: &str) -> Result<(Contact, Viewer), ApiError> {
    let not_found = || {
        call.error(
            StatusCode::NOT_FOUND,
            format!("Contact {id} does not exist"),
        )
    };
    let id: u64 = id.parse().map_err(|_| not_found())?;
    let contact = Contacts::of(&call.sandbox.store)
        .get(id)
        .ok_or_else(not_found)?;
    let viewer = viewer(call, org)?;
    if !viewer.sees(&contact) {
        return Err(not_found());
    }
    Ok((contact, viewer))
}

/// `GET /api/rest/recording/contact/{id}`: the contact, or 404 ("an error code instead of an
/// empty list"); a contact out of the caller's view is not found either.
pub async fn get_contact(
    call: Call,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let org = Org::of(&call.sandbox.store);
    let (contact, viewer) = contact_in_view(&call, &org, &id)?;
    let shape = Shape::parse(&pairs(&raw));
    Ok(axum::Json(render(&org, &viewer, &contact, &shape)).into_response())
}

/// `PUT /api/rest/recording/contact/{id}/metadata` (used by real clients): sets custom metadata
/// from `{"name": "value", ...}` (also `{"name": {"value": "..."}}`, as search renders it);
/// answers the contact's metadata.
pub async fn put_metadata(
    call: Call,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let org = Org::of(&call.sandbox.store);
    let (mut contact, _) = contact_in_view(&call, &org, &id)?;
    let parsed = crate::http::json::parse(&call, &body)?;
    let Value::Object(fields) = parsed else {
        return Err(call.error(
            StatusCode::BAD_REQUEST,
            "The body must be a JSON object of metadata name/value pairs",
        ));
    };
    let mut updates = Vec::new();
    for (name, value) in fields {
        let value = match &value {
            Value::Object(o) => o.get("value").cloned().unwrap_or(Value::Null),
            other => other.clone(),
        };
        let text = match value {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null => None,
            other => {
                return Err(call
                    .error(
                        StatusCode::BAD_REQUEST,
                        format!(
                            "metadata {name} must be a string, not {}",
                            crate::http::json::kind(&other)
                        ),
                    )
                    .with_field(&name));
            }
        };
        use crate::contacts::import::{METADATA_NAME_MAX, METADATA_VALUE_MAX};
        if name.is_empty() || name.chars().count() > METADATA_NAME_MAX {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "metadata field name `{name}` must have 1 to {METADATA_NAME_MAX} characters"
                    ),
                )
                .with_field(&name));
        }
        if text
            .as_ref()
            .is_some_and(|t| t.chars().count() > METADATA_VALUE_MAX)
        {
            return Err(call
                .error(
                    StatusCode::BAD_REQUEST,
                    format!("metadata {name} is longer than the maximum of {METADATA_VALUE_MAX} characters"),
                )
                .with_field(&name));
        }
        updates.push((name, text));
    }
    for (name, text) in updates {
        match text {
            Some(t) => contact.metadata.insert(name, t),
            None => contact.metadata.remove(&name),
        };
    }
    Contacts::of(&call.sandbox.store).update(&contact);
    Ok(axum::Json(metadata_json(&contact)).into_response())
}

/// `GET /api/rest/recording/contactBasicSearch`: the most recent matching contact in view (it
/// may be in progress), or 404.
pub async fn basic_search(call: Call, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let pairs = pairs(&raw);
    let query = Query {
        ani: patterns(&pairs, "ani", false),
        dnis: patterns(&pairs, "dnis", false),
        first_name: patterns(&pairs, "firstName", true),
        last_name: patterns(&pairs, "lastName", true),
        line: patterns(&pairs, "line", false),
        username: patterns(&pairs, "username", true),
        from_ms: i64::MIN,
        to_ms: i64::MAX,
        ..Query::default()
    };
    let store = &call.sandbox.store;
    let contacts = Contacts::of(store);
    let org = Org::of(store);
    let viewer = viewer(&call, &org)?;
    let mut found = None;
    search(&contacts, &org, &viewer, &query, |c, _| {
        found = Some(c);
        false
    });
    let c = found.ok_or_else(|| {
        call.error(
            StatusCode::NOT_FOUND,
            "No contact matches the given parameters",
        )
    })?;
    let agent = c.agent_id.and_then(|a| org.persons.get(&a));
    Ok(axum::Json(json!({
        "id": c.id,
        "assocCallId": c.assoc_call_id,
        "callDuration": c.duration_ms,
        "recordingUrl": format!("/index.html#/recordings?loadContact={}", c.id),
        "isComplete": c.complete,
        "startTime": c.start_ms,
        "agent": agent.map(|p| json!({
            "$ref": format!("/api/rest/recording/person/{}", p.id),
            "displayId": format!("{} {}", p.first_name, p.last_name),
            "lastName": p.last_name,
            "firstName": p.first_name,
            "username": p.email,
        })),
    }))
    .into_response())
}

/// `GET /api/rest/monitoring/contacts/lite`: contacts created in the last 15 minutes of the
/// virtual clock, with and without audio and screen.
pub async fn monitoring(call: Call) -> Result<Response, ApiError> {
    let store = &call.sandbox.store;
    let contacts = Contacts::of(store);
    let tenant = caller(&call)?.tenant_id;
    let now = call.now_ms();
    let since = now - 15 * 60_000;
    let (mut total, mut audio, mut video) = (0u64, 0u64, 0u64);
    for id in contacts.ids_created(tenant, since, now.saturating_add(1)) {
        let Some(c) = contacts.get(id) else { continue };
        total += 1;
        audio += c.has_audio() as u64;
        video += c.has_screen() as u64;
    }
    Ok(axum::Json(json!({
        "contacts": {"total": total.to_string(), "totalWithAudio": audio, "totalWithVideo": video}
    }))
    .into_response())
}
