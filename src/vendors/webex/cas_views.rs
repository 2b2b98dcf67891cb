//! Seed 001 "Speech Hits API" (`GET /api/rest/cas/contact`), "Text Hits API"
//! (`GET /api/rest/cas/textview`), "Transcript Export API" (`PUT /api/rest/cas/spechtextview`,
//! also served as `speechtextview`, field notes) and "Interaction Summary Read API"
//! (`GET /api/rest/cas/interactionssummary`): a contact's transcript and the phrase hits in it.

use super::contact_import::caller;
use crate::cas::hits::{self, Hit, Searched};
use crate::cas::{Cas, transcript};
use crate::contacts::{Contact, ContactType, Contacts};
use crate::http::{ApiError, Call};
use crate::world::{Org, Person};
use axum::Json;
use axum::body::Bytes;
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::StatusCode;
use serde_json::{Value, json};

type QueryPairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The CCR id of a query: the seeds write it "CCR ID", "CCRID" and `ccrId`, clients `ccrid`;
/// any spelling that reads `ccrid` once spaces, `_` and case are ignored is taken.
fn ccr_id(call: &Call, query: QueryPairs) -> Result<u64, ApiError> {
    let Query(pairs) = query.map_err(|e| call.error(StatusCode::BAD_REQUEST, e.body_text()))?;
    let found = pairs.iter().find(|(k, _)| {
        let k: String = k
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        k == "ccrid"
    });
    let Some((_, raw)) = found else {
        return Err(call
            .error(StatusCode::BAD_REQUEST, "ccrId is required (?ccrId=N)")
            .with_field("ccrId"));
    };
    raw.trim().parse().map_err(|_| {
        call.error(
            StatusCode::BAD_REQUEST,
            format!("ccrId must be a whole number, not `{raw}`"),
        )
        .with_field("ccrId")
    })
}

/// The contact `id` if the caller may see it (its tenant and the view rules), else 404.
fn visible_contact(call: &Call, me: &Person, id: u64) -> Result<Contact, ApiError> {
    let org = Org::of(&call.sandbox.store);
    let visible = |c: &Contact| {
        c.tenant_id == me.tenant_id
            && (c.agent_id == Some(me.id)
                || org
                    .visible_team_ids(me)
                    .is_none_or(|teams| c.team_id.is_some_and(|t| teams.contains(&t))))
    };
    Contacts::of(&call.sandbox.store)
        .get(id)
        .filter(visible)
        .ok_or_else(|| {
            call.error(
                StatusCode::NOT_FOUND,
                format!("No contact with CCR id {id}"),
            )
        })
}

/// The agent, team and group of a contact, as names.
struct Who {
    first: String,
    last: String,
    display_id: String,
    team: String,
    group: String,
}

fn who(call: &Call, c: &Contact) -> Who {
    let org = Org::of(&call.sandbox.store);
    let agent = c.agent_id.and_then(|id| org.persons.get(&id));
    let team = c.team_id.and_then(|id| org.teams.get(&id));
    let group = c.group_id.and_then(|id| org.groups.get(&id));
    Who {
        first: agent
            .as_ref()
            .map(|p| p.first_name.clone())
            .unwrap_or_default(),
        last: agent
            .as_ref()
            .map(|p| p.last_name.clone())
            .unwrap_or_default(),
        display_id: agent
            .as_ref()
            .map(|p| p.acd_id.clone().unwrap_or_else(|| p.id.to_string()))
            .unwrap_or_default(),
        team: team.map(|t| t.name).unwrap_or_default(),
        group: group.map(|g| g.name).unwrap_or_default(),
    }
}

/// When analytics "was performed": as the contact ended.
fn analysed_at(c: &Contact) -> i64 {
    c.start_ms + c.duration_ms
}

fn searched(call: &Call, c: &Contact) -> Vec<Searched> {
    Cas::of(&call.sandbox.store).searchable(c.tenant_id)
}

/// A segment's hits with their time inside the segment, by character position.
fn timed(seg: &transcript::Segment, hits: &[Hit]) -> Vec<(i64, i64, Hit)> {
    let chars = seg.text.chars().count().max(1) as i64;
    let span = seg.end - seg.start;
    hits.iter()
        .map(|h| {
            let at = |pos: usize| seg.start + span * pos as i64 / chars;
            (at(h.position), at(h.position + h.length), h.clone())
        })
        .collect()
}

/// `GET /api/rest/cas/contact?ccrId=N`: the speech hits of a contact.
pub async fn speech_hits(call: Call, query: QueryPairs) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let c = visible_contact(&call, &me, ccr_id(&call, query)?)?;
    let phrases = searched(&call, &c);
    let mut out = Vec::new();
    for seg in transcript::of(&call.sandbox.store, &c) {
        for (start, stop, h) in timed(&seg, &hits::find(&seg.text, &phrases)) {
            out.push(json!({
                "phrase": h.phrase, "stop": stop, "audit": out.len() + 1,
                "confidence": h.confidence, "start": start, "channel": seg.channel,
                "category": h.category,
            }));
        }
    }
    let w = who(&call, &c);
    // The field table says `contactId`, the example `contactid`: both are sent.
    Ok(Json(json!({
        "date": analysed_at(&c), "hits": out, "path": "",
        "firstName": w.first, "lastName": w.last, "contactId": c.id, "contactid": c.id,
        "team": w.team, "displayId": w.display_id, "group": w.group,
    })))
}

/// The text a text-hits answer shows: the message of a text contact, else the transcript lines.
fn body_text(call: &Call, c: &Contact) -> String {
    match &c.text {
        Some(t) => t.text.clone(),
        None => transcript::of(&call.sandbox.store, c)
            .into_iter()
            .map(|s| s.text)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// `GET /api/rest/cas/textview?ccrid=N`: the text hits of a (chat, email) contact.
pub async fn text_hits(call: Call, query: QueryPairs) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let c = visible_contact(&call, &me, ccr_id(&call, query)?)?;
    let text = body_text(&call, &c);
    let found: Vec<Value> = hits::find(&text, &searched(&call, &c))
        .into_iter()
        .map(|h| {
            json!({"position": h.position, "length": h.length, "phrase": h.phrase, "category": h.category})
        })
        .collect();
    let w = who(&call, &c);
    let t = c.text.clone().unwrap_or_default();
    let full = format!("{} {}", w.first, w.last).trim().to_string();
    // `agentName` (field table) and `agentname` (example) are both sent.
    Ok(Json(json!({
        "date": analysed_at(&c), "lastName": w.last, "receiver": t.receivers,
        "emailBody": text, "subject": t.subject, "groupId": c.group_id, "team": w.team,
        "ccrId": c.id, "hits": found, "firstName": w.first, "sender": t.sender,
        "agentName": full, "agentname": full, "teamId": c.team_id, "personId": c.agent_id,
        "group": w.group,
    })))
}

/// A flag given as a boolean or as the string `"true"`/`"false"` (the seed's example).
fn flag(call: &Call, body: &Value, field: &str) -> Result<bool, ApiError> {
    match body.get(field) {
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(false),
        None | Some(Value::Null) => Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!("{field} is required (true or false)"),
            )
            .with_field(field)),
        Some(other) => Err(call
            .error(
                StatusCode::BAD_REQUEST,
                format!("{field} must be true or false, not {other}"),
            )
            .with_field(field)),
    }
}

/// `PUT /api/rest/cas/spechtextview` `{"ccrid": N, "isRootRecording": false}`: the transcript
/// as `{"texts": [{text, channel, start, end, hits}]}` (field notes).
pub async fn transcript_export(call: Call, body: Bytes) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let body = crate::http::json::parse(&call, &body)?;
    if !body.is_object() {
        return Err(call.error(
            StatusCode::BAD_REQUEST,
            "The body must be a JSON object {\"ccrid\": N, \"isRootRecording\": false}",
        ));
    }
    let id = crate::http::json::opt_integer(&call, &body, "ccrid")?.ok_or_else(|| {
        call.error(StatusCode::BAD_REQUEST, "ccrid is required")
            .with_field("ccrid")
    })?;
    // The root and the reconciled recording carry the same speech here: the flag is checked
    // but selects the same transcript.
    flag(&call, &body, "isRootRecording")?;
    let c = visible_contact(&call, &me, id)?;
    let phrases = searched(&call, &c);
    let texts: Vec<Value> = transcript::of(&call.sandbox.store, &c)
        .into_iter()
        .map(|seg| {
            let found: Vec<Value> = timed(&seg, &hits::find(&seg.text, &phrases))
                .into_iter()
                .map(|(start, stop, h)| {
                    json!({
                        "category": h.category, "phrase": h.phrase, "confidence": h.confidence,
                        "position": h.position, "length": h.length, "start": start, "stop": stop,
                    })
                })
                .collect();
            json!({"text": seg.text, "channel": seg.channel, "start": seg.start, "end": seg.end, "hits": found})
        })
        .collect();
    Ok(Json(json!({"texts": texts})))
}

fn kind_word(c: &Contact) -> &'static str {
    match (
        c.contact_type,
        c.text.as_ref().map(|t| t.text_type.as_str()),
    ) {
        (ContactType::Call, None) => "call",
        (ContactType::Email, _) | (_, Some("email")) => "email",
        (_, Some("chat")) => "chat",
        _ => "text conversation",
    }
}

/// A deterministic summary of a contact's transcript: who, what the customer opened with, what
/// the agent closed with and the categories hit.
fn summarise(call: &Call, c: &Contact) -> String {
    let w = who(call, c);
    let agent = match format!("{} {}", w.first, w.last).trim() {
        "" => "The agent".to_string(),
        name => name.to_string(),
    };
    let segments = transcript::of(&call.sandbox.store, c);
    let customer = segments
        .iter()
        .find(|s| s.channel == 0)
        .map(|s| s.text.as_str());
    let closing = segments
        .iter()
        .rev()
        .find(|s| s.channel == 1)
        .map(|s| s.text.as_str());
    let mut out = format!("{agent} handled a {} with a customer.", kind_word(c));
    if let Some(t) = customer {
        out.push_str(&format!(" The customer said: \"{t}\""));
    }
    if let Some(t) = closing {
        out.push_str(&format!(" The agent closed with: \"{t}\""));
    }
    let mut cats: Vec<String> = segments
        .iter()
        .flat_map(|s| hits::find(&s.text, &searched(call, c)))
        .map(|h| h.category)
        .collect();
    cats.sort();
    cats.dedup();
    if !cats.is_empty() {
        out.push_str(&format!(" Topics: {}.", cats.join(", ")));
    }
    if segments.is_empty() {
        out.push_str(" No transcript is available.");
    }
    out
}

/// `GET /api/rest/cas/interactionssummary?ClientAppID=..&ccrId=N`.
pub async fn interaction_summary(call: Call, query: QueryPairs) -> Result<Json<Value>, ApiError> {
    let me = caller(&call)?;
    let c = visible_contact(&call, &me, ccr_id(&call, query)?)?;
    Ok(Json(
        json!({"status": "success", "summary": summarise(&call, &c), "Reason": "Success"}),
    ))
}
