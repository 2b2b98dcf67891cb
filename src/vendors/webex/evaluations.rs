//! `GET /api/rest/recording/contact/{id}/eval/{evalId}`: the evaluation a contact's
//! `evaluation.$ref` points at (seed 001 "Contact API" JSON File Example; the field notes ask
//! that every `$ref` resolve). The seed shows no body for it: it answers the contact's
//! evaluation with the fields the contact shows (`stateId`, `score`, `evalForm`, `evaluator`)
//! plus its id, state name, score band and submission time.

use super::contacts::{contact_in_view, evaluation_ref, form_ref_json, person_ref, score_json};
use crate::contacts::evaluation::form_of;
use crate::http::{ApiError, Call};
use crate::world::Org;
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use serde_json::{Value, json};

pub async fn get_evaluation(
    call: Call,
    Path((id, eval_id)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let org = Org::of(&call.sandbox.store);
    let (contact, viewer) = contact_in_view(&call, &org, &id)?;
    let evaluation = contact
        .evaluation
        .as_ref()
        .filter(|e| e.id.to_string() == eval_id)
        .ok_or_else(|| {
            call.error(
                StatusCode::NOT_FOUND,
                format!("Contact {id} has no evaluation {eval_id}"),
            )
        })?;
    let form = form_of(&contact, &viewer.forms);
    let person = |pid: Option<u64>| {
        pid.and_then(|p| org.persons.get(&p))
            .as_ref()
            .map_or(Value::Null, person_ref)
    };
    let state = evaluation.state();
    Ok(Json(json!({
        "id": evaluation.id,
        "contactId": contact.id,
        "stateId": state.id(),
        "state": state.name(),
        "score": evaluation.score.map(score_json),
        "band": form.and_then(|f| evaluation.band(f)),
        "evaluated": evaluation.evaluated_ms,
        "evalForm": form.map(form_ref_json),
        "evaluator": person(Some(evaluation.evaluator_id)),
        "agent": person(contact.agent_id),
        "hr": contact.qm.hr,
        "training": contact.qm.training,
        "$ref": evaluation_ref(&contact, evaluation),
    })))
}
