//! Seed 001 "Bulk Report Data Export API": `POST /api/rest/dataexplorer/report/{reportId}/export`
//! with an ExportActionData body, and `GET /api/rest/dataexplorer/report/export/request/{requestId}`.
//! Rules live in `crate::reports`; this file reads the wire and renders answers.

use crate::engine::jobs::{JobEndpoint, Lifecycle};
use crate::http::json::{kind, parse};
use crate::http::{ApiError, Call};
use crate::reports::{Extract, MAX_RECORDS, Page, filter, params, source};
use crate::scenario::reports::ReportSpec;
use axum::Json;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The job kind of asynchronous exports (a scenario's `jobs: {report.export: ...}` changes it).
pub const JOB_KIND: &str = "report.export";
/// The outcome whose data is the CSV.
const DONE: &str = "Completed";

/// The statuses seed 001 lists: Queued and Processing on the way, then the CSV or one of the
/// other final states, which a fault (`jobOutcome`) may choose.
pub const JOBS: JobEndpoint = JobEndpoint {
    endpoint: "report.export",
    states: &["Queued", "Processing"],
    outcomes: &["Failed", "Canceled", "Expired", "Blacklisted"],
};

/// Queued for 2 s, Processing for 5 s, then the CSV.
fn default_lifecycle() -> Lifecycle {
    Lifecycle::new(&[("Queued", 2_000), ("Processing", 5_000)], DONE)
}

fn bad(call: &Call, field: &str, message: impl std::fmt::Display) -> ApiError {
    call.error(StatusCode::BAD_REQUEST, format!("{field}: {message}"))
        .with_field(field)
}

/// A synchronous answer: the CSV with its extent (`Content-Extent: rows=N; columns=M`).
fn csv_response(extract: &Extract) -> Response {
    let extent = format!(
        "rows={}; columns={}",
        extract.total_rows, extract.total_columns
    );
    let mut r = (
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
        extract.csv.clone(),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&extent) {
        r.headers_mut().insert("content-extent", v);
    }
    r
}

fn page(call: &Call, spec: Option<&Value>, i: usize) -> Result<Page, ApiError> {
    let what = if i == 0 { "rows" } else { "columns" };
    let at = format!("pageSpecification[{i}]");
    let Some(v) = spec.and_then(|s| s.get(i)) else {
        return Ok(Page {
            offset: 0,
            limit: MAX_RECORDS,
        });
    };
    let Value::Object(o) = v else {
        return Err(bad(
            call,
            &at,
            format!(
                "must be an object {{offset, limit}} ({what}), not {}",
                kind(v)
            ),
        ));
    };
    let num = |name: &str, default: u64| -> Result<u64, ApiError> {
        match o.get(name) {
            None | Some(Value::Null) => Ok(default),
            Some(Value::Number(n)) if n.as_u64().is_some() => Ok(n.as_u64().unwrap_or(default)),
            Some(Value::String(s)) if s.trim().parse::<u64>().is_ok() => {
                Ok(s.trim().parse().unwrap_or(default))
            }
            Some(other) => Err(bad(
                call,
                &format!("{at}.{name}"),
                format!("must be a whole number of {what} (0 or more), not {other}"),
            )),
        }
    };
    let offset = num("offset", 0)?;
    let limit = num("limit", MAX_RECORDS)?;
    if i == 0 && limit > MAX_RECORDS {
        return Err(bad(
            call,
            &format!("{at}.limit"),
            format!("{limit} is over the maximum of {MAX_RECORDS} records per export request"),
        ));
    }
    Ok(Page { offset, limit })
}

fn report(call: &Call, raw: &str) -> Result<ReportSpec, ApiError> {
    let id: u64 = raw.trim().parse().map_err(|_| {
        bad(
            call,
            "reportId",
            format!("must be a whole number, not '{raw}'"),
        )
    })?;
    call.sandbox
        .scenario()
        .scenario
        .reports
        .iter()
        .find(|r| r.id == id)
        .cloned()
        .ok_or_else(|| call.error(StatusCode::NOT_FOUND, format!("No report with id {id}")))
}

/// `POST /api/rest/dataexplorer/report/{reportId}/export`.
pub async fn export(
    call: Call,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let spec = report(&call, &raw)?;
    let req = parse(&call, &body)?;
    if !req.is_object() {
        return Err(bad(
            &call,
            "body",
            format!("must be an ExportActionData object, not {}", kind(&req)),
        ));
    }
    match req.get("action") {
        Some(Value::String(a)) if a.eq_ignore_ascii_case("EXPORT_CSV") => {}
        Some(other) => {
            return Err(bad(
                &call,
                "action",
                format!("must be \"EXPORT_CSV\" (the only action), not {other}"),
            ));
        }
        None => return Err(bad(&call, "action", "is required: \"EXPORT_CSV\"")),
    }
    match req.get("state").and_then(|s| s.get("qname")) {
        Some(Value::String(q)) if *q == spec.qname => {}
        Some(Value::String(q)) => {
            return Err(bad(
                &call,
                "state.qname",
                format!(
                    "'{q}' is not the qname of report {} ({})",
                    spec.id, spec.qname
                ),
            ));
        }
        Some(other) => {
            return Err(bad(
                &call,
                "state.qname",
                format!("must be a string, not {}", kind(other)),
            ));
        }
        None => {
            return Err(bad(
                &call,
                "state.qname",
                "is required (the report's qname)",
            ));
        }
    }
    let encoded = match req
        .get("paramValues")
        .and_then(|p| p.get("encodedParamValues"))
    {
        None | Some(Value::Null) => "[]".to_string(),
        Some(Value::String(s)) => s.clone(),
        // A client that sends the list as JSON rather than as a string is understood too.
        Some(v @ Value::Array(_)) => v.to_string(),
        Some(other) => {
            return Err(bad(
                &call,
                "paramValues.encodedParamValues",
                format!("must be a string, not {}", kind(other)),
            ));
        }
    };
    let parsed = params::parse(&encoded).map_err(|e| {
        bad(
            &call,
            "paramValues.encodedParamValues",
            format!("malformed {e}"),
        )
    })?;
    let paging = match req.get("pageSpecification") {
        None | Some(Value::Null) => None,
        Some(v @ Value::Array(_)) => Some(v),
        Some(other) => {
            return Err(bad(
                &call,
                "pageSpecification",
                format!("must be a list [rows, columns], not {}", kind(other)),
            ));
        }
    };
    let rows = page(&call, paging, 0)?;
    let columns = page(&call, paging, 1)?;
    let session = call.session()?;
    let table = source::table(&call.sandbox.store, &spec, session.record.tenant_id);
    let filters = filter::filters(&spec, &table.columns, &parsed)
        .map_err(|e| bad(&call, &format!("paramValues.{}", e.path), e.message))?;
    let now = call.now_ms();
    let table = table.filtered(&filters, now);
    let extract = table.extract(rows, columns);
    // "If the data requested is small enough to be returned quickly" (seed 001): the data a
    // request asks for is the report as its filters restrict it ("create multiple, more
    // restricted exports"); the page only cuts what comes back. A filtered report of at most
    // 1,000 records is answered at once, a larger one (whatever the page) goes asynchronous.
    if extract.total_rows <= MAX_RECORDS {
        return Ok(csv_response(&extract));
    }
    // Too large to return instantly: a job on the virtual clock, which a job fault may decide
    // (a synchronous answer is no job: the fault stays armed). The job belongs to the
    // requesting tenant: only its sessions can read the request.
    let data = json!({
        "reportId": spec.id,
        "tenantId": session.record.tenant_id,
        "extract": extract,
    });
    let job = call.create_job(JOB_KIND, default_lifecycle(), &["Failed", "Expired"], data);
    let state = job.state_at(now);
    Ok(Json(json!({"requestId": job.id.to_string(), "status": state.state})).into_response())
}

/// `GET /api/rest/dataexplorer/report/export/request/{requestId}`: `{requestId, status}` while
/// Queued or Processing and for Failed, Canceled, Expired or Blacklisted; the CSV once done.
/// Another tenant's request is answered like an unknown one (404).
pub async fn status(call: Call, Path(raw): Path<String>) -> Result<Response, ApiError> {
    let missing = || {
        call.error(
            StatusCode::NOT_FOUND,
            format!("No export request with id '{raw}'"),
        )
    };
    let tenant = call.session()?.record.tenant_id;
    let id: u64 = raw.trim().parse().map_err(|_| missing())?;
    let job = call
        .sandbox
        .jobs()
        .get(id)
        .filter(|j| j.kind == JOB_KIND && j.data["tenantId"].as_u64() == Some(tenant))
        .ok_or_else(missing)?;
    let state = job.state_at(call.now_ms());
    if state.finished && state.state == DONE {
        let extract: Extract =
            serde_json::from_value(job.data["extract"].clone()).map_err(|e| {
                call.error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("export {id} lost its data: {e}"),
                )
            })?;
        return Ok(csv_response(&extract));
    }
    Ok(Json(json!({"requestId": job.id.to_string(), "status": state.state})).into_response())
}
