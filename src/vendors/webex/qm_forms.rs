//! Seed 001 "Evaluation Form API", "Evaluation Form ID API", "Survey Configuration API" and
//! "Survey ID API": the scenario's `evalForms:` and `surveys:` (see `scenario::qm`), in
//! scenario order. Survey questions carry their `surveyId`, answers their `questionId`; a
//! survey's `totalPoints` is the sum of its question weights (one decimal) unless the scenario
//! gives it. The ID APIs answer the one object in a one-element array, as the seed's examples
//! show; an unknown id is 404.

use super::org::path_id;
use crate::http::{ApiError, Call};
use crate::scenario::qm::{EvalForm, Survey, of_tenant};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use serde_json::{Value, json};

/// The caller's tenant's forms (a form without `tenant` serves every tenant).
fn forms(call: &Call) -> Result<Vec<EvalForm>, ApiError> {
    let tenant = call.session()?.record.tenant_id;
    Ok(of_tenant(
        &call.sandbox.scenario().scenario.eval_forms,
        tenant,
    ))
}

/// The caller's tenant's surveys.
fn surveys(call: &Call) -> Result<Vec<Survey>, ApiError> {
    let tenant = call.session()?.record.tenant_id;
    Ok(of_tenant(&call.sandbox.scenario().scenario.surveys, tenant))
}

fn render_survey(s: &Survey) -> Value {
    let mut v = json!(s);
    let total = s.total_points.unwrap_or_else(|| {
        (s.questions.iter().map(|q| q.weight).sum::<f64>() * 10.0).round() / 10.0
    });
    v["totalPoints"] = json!(total);
    if let Some(qs) = v["questions"].as_array_mut() {
        for q in qs {
            q["surveyId"] = json!(s.id);
            let qid = q["id"].clone();
            if let Some(answers) = q["answers"].as_array_mut() {
                for a in answers {
                    a["questionId"] = qid.clone();
                    // The field table calls the answer's provider id `providerQuestionId`, the
                    // example `providerAnswerId`: both are written.
                    a["providerQuestionId"] = a["providerAnswerId"].clone();
                }
            }
        }
    }
    v
}

/// `GET /api/rest/recording/evalform`.
pub async fn evalform_list(call: Call) -> Result<Json<Value>, ApiError> {
    call.session()?;
    Ok(Json(json!(forms(&call)?)))
}

/// `GET /api/rest/recording/evalform/{id}`.
pub async fn evalform_get(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    call.session()?;
    let id = path_id(&call, "id", &id)?;
    let form = forms(&call)?
        .into_iter()
        .find(|f| f.id == id)
        .ok_or_else(|| {
            call.error(
                StatusCode::NOT_FOUND,
                format!("No evaluation form with id {id}"),
            )
        })?;
    // The seed's "Evaluation Form ID API" example is a one-element array.
    Ok(Json(json!([form])))
}

/// `GET /api/rest/recording/survey`.
pub async fn survey_list(call: Call) -> Result<Json<Value>, ApiError> {
    call.session()?;
    Ok(Json(Value::Array(
        surveys(&call)?.iter().map(render_survey).collect(),
    )))
}

/// `GET /api/rest/recording/survey/{id}`.
pub async fn survey_get(call: Call, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    call.session()?;
    let id = path_id(&call, "id", &id)?;
    let survey = surveys(&call)?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| call.error(StatusCode::NOT_FOUND, format!("No survey with id {id}")))?;
    // The seed's "Survey ID API JSON File Example" is a one-element array.
    Ok(Json(json!([render_survey(&survey)])))
}
