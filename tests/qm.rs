//! Webex quality management over HTTP: inclusion/exclusion lists (seed 001
//! "Inclusion/Exclusion List API") — create, read, update, delete and every documented error.

mod common;

use axum::http::Method;
use common::{ADMIN, AGENT, Harness};
use serde_json::json;

const BASE: &str = "/api/rest/recording/inclusionExclusion";

#[tokio::test]
async fn lists_are_created_read_updated_and_deleted() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    assert_eq!(h.get(BASE, Some(&admin)).await.json(), json!([]));

    let made = h
        .post(
            BASE,
            Some(&admin),
            r#"{"inclusionExclusionListId": 1, "inclusionExclusionType": 2,
                "inclusionExclusionPatternType": 1, "pattern": "612822????",
                "inclusionExclusionCallDirection": 3}"#,
        )
        .await;
    assert_eq!(made.status, 200);
    snap_json!("inclexcl_created", made.json());

    // The path form creates with the path's id; the body may repeat it.
    let with_id = h
        .post(
            &format!("{BASE}/40"),
            Some(&admin),
            r#"{"inclusionExclusionListId": 40, "inclusionExclusionType": "1", "pattern": "+44"}"#,
        )
        .await;
    assert_eq!(with_id.status, 200, "{}", with_id.text());
    assert_eq!(with_id.json()["inclusionExclusionListId"], 40);
    // A plain POST takes the (required) body id; the path form needs none in the body.
    let body_id = h
        .post(
            BASE,
            Some(&admin),
            r#"{"inclusionExclusionListId": 7, "inclusionExclusionType": 1, "pattern": "2*"}"#,
        )
        .await;
    assert_eq!(body_id.json()["inclusionExclusionListId"], 7);
    let path_only = h
        .post(
            &format!("{BASE}/41"),
            Some(&admin),
            r#"{"inclusionExclusionType": 2}"#,
        )
        .await;
    assert_eq!(path_only.json()["inclusionExclusionListId"], 41);

    let one = h.get(&format!("{BASE}/40"), Some(&admin)).await;
    assert_eq!(one.status, 200);
    snap_json!("inclexcl_get", one.json());

    let put = h
        .call(
            Method::PUT,
            &format!("{BASE}/1"),
            Some(&admin),
            Some(
                r#"{"inclusionExclusionListId": 1, "inclusionExclusionType": 1,
                    "inclusionExclusionPatternType": 3, "pattern": "20??",
                    "inclusionExclusionCallDirection": 1}"#,
            ),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text());
    snap_json!("inclexcl_updated", put.json());

    let del = h.delete(&format!("{BASE}/7"), Some(&admin)).await;
    assert_eq!((del.status, del.body.len()), (200, 0));
    assert_eq!(h.get(&format!("{BASE}/7"), Some(&admin)).await.status, 404);
    let all = h.get(BASE, Some(&admin)).await.json();
    snap_json!("inclexcl_list", all);
}

#[tokio::test]
async fn every_documented_error_names_its_field_and_changes_nothing() {
    let h = Harness::new();
    let admin = h.login(ADMIN).await;
    let cases = [
        (
            "missing_type",
            r#"{"pattern": "612*"}"#,
            "inclusionExclusionType",
        ),
        (
            "bad_type",
            r#"{"inclusionExclusionType": 3}"#,
            "inclusionExclusionType",
        ),
        (
            "type_not_number",
            r#"{"inclusionExclusionType": "x"}"#,
            "inclusionExclusionType",
        ),
        (
            "bad_pattern_type",
            r#"{"inclusionExclusionType": 1, "inclusionExclusionPatternType": 6}"#,
            "inclusionExclusionPatternType",
        ),
        (
            "bad_direction",
            r#"{"inclusionExclusionType": 1, "inclusionExclusionCallDirection": 0}"#,
            "inclusionExclusionCallDirection",
        ),
        (
            "plus_inside",
            r#"{"inclusionExclusionType": 1, "pattern": "61+2"}"#,
            "pattern",
        ),
        (
            "bad_char",
            r#"{"inclusionExclusionType": 1, "pattern": "61#2"}"#,
            "pattern",
        ),
        (
            "pattern_not_string",
            r#"{"inclusionExclusionType": 1, "pattern": 612}"#,
            "pattern",
        ),
    ];
    for (name, body, field) in cases {
        // Each body is complete but for its mistake: the required id is there.
        let body = body.replacen('{', r#"{"inclusionExclusionListId": 1, "#, 1);
        let r = h.post(BASE, Some(&admin), &body).await;
        assert_eq!(r.status, 400, "{name}: {}", r.text());
        assert!(r.text().contains(field), "{name}: {}", r.text());
        snap_json!(format!("inclexcl_error_{name}"), r.json());
    }
    // "inclusionExclusionListId Y": a plain POST without it is refused, naming it.
    let missing_id = h
        .post(BASE, Some(&admin), r#"{"inclusionExclusionType": 1}"#)
        .await;
    assert_eq!(missing_id.status, 400, "{}", missing_id.text());
    snap_json!("inclexcl_error_missing_id", missing_id.json());
    let id_not_number = h
        .post(
            BASE,
            Some(&admin),
            r#"{"inclusionExclusionListId": "one", "inclusionExclusionType": 1}"#,
        )
        .await;
    assert_eq!(id_not_number.status, 400, "{}", id_not_number.text());
    assert!(id_not_number.message().contains("inclusionExclusionListId"));
    let malformed = h.post(BASE, Some(&admin), "{").await;
    assert_eq!(malformed.status, 400);
    assert_eq!(h.get(BASE, Some(&admin)).await.json(), json!([]));

    // Path/body id disagreement, a taken id, unknown ids, a non-numeric id.
    let ok = r#"{"inclusionExclusionType": 1}"#;
    assert_eq!(
        h.post(&format!("{BASE}/5"), Some(&admin), ok).await.status,
        200
    );
    let taken = h.post(&format!("{BASE}/5"), Some(&admin), ok).await;
    assert_eq!(taken.status, 409);
    snap_json!("inclexcl_error_taken", taken.json());
    let differs = h
        .post(
            &format!("{BASE}/6"),
            Some(&admin),
            r#"{"inclusionExclusionListId": 9, "inclusionExclusionType": 1}"#,
        )
        .await;
    assert_eq!(differs.status, 400);
    snap_json!("inclexcl_error_id_differs", differs.json());
    let unknown = h.get(&format!("{BASE}/99"), Some(&admin)).await;
    assert_eq!(unknown.status, 404);
    snap_json!("inclexcl_error_unknown", unknown.json());
    let put_unknown = h
        .call(Method::PUT, &format!("{BASE}/99"), Some(&admin), Some(ok))
        .await;
    assert_eq!(put_unknown.status, 404);
    assert_eq!(
        h.delete(&format!("{BASE}/99"), Some(&admin)).await.status,
        404
    );
    let bad_id = h.get(&format!("{BASE}/abc"), Some(&admin)).await;
    assert_eq!(bad_id.status, 400);
    let bad_put = h
        .call(
            Method::PUT,
            &format!("{BASE}/5"),
            Some(&admin),
            Some(r#"{"inclusionExclusionType": 9}"#),
        )
        .await;
    assert_eq!(bad_put.status, 400);
    assert_eq!(
        h.get(&format!("{BASE}/5"), Some(&admin)).await.json()["inclusionExclusionType"],
        1
    );

    // Administer QM is required; no session is 401.
    let agent = h.login(AGENT).await;
    assert_eq!(h.get(BASE, Some(&agent)).await.status, 403);
    assert_eq!(h.get(BASE, None).await.status, 401);
}

/// Two tenants, each with a QM administrator.
const TWO_TENANTS: &str = r#"
name: two
clock: {start: "2026-01-05T09:00:00Z", frozen: true}
tenants:
  - name: North
    groups: [{name: G}]
    teams: [{name: T, group: 2}]
    roles: [{name: QM, permissions: [AdministerQM]}]
    persons:
      - {firstName: Nor, lastName: Th, email: north@example.com, password: n, team: 3, roles: [QM]}
  - name: South
    groups: [{name: G}]
    teams: [{name: T, group: 7}]
    roles: [{name: QM, permissions: [AdministerQM]}]
    persons:
      - {firstName: Sou, lastName: Th, email: south@example.com, password: s, team: 8, roles: [QM]}
"#;

#[tokio::test]
async fn each_tenant_has_its_own_list_ids_and_sees_only_its_lists() {
    let h = Harness::with_scenario(TWO_TENANTS);
    let north = h.login(("north@example.com", "n")).await;
    let south = h.login(("south@example.com", "s")).await;
    let made = h
        .post(
            BASE,
            Some(&north),
            r#"{"inclusionExclusionListId": 5, "inclusionExclusionType": 2, "pattern": "612*"}"#,
        )
        .await;
    assert_eq!(made.status, 200, "{}", made.text());
    // To South, id 5 is free: GET says 404 and POST creates South's own list 5 (no 409 that
    // would reveal North's list).
    let seen = h.get(&format!("{BASE}/5"), Some(&south)).await;
    assert_eq!(seen.status, 404);
    assert_eq!(seen.message(), "No Inclusion/Exclusion list with id 5");
    let own = h
        .post(
            &format!("{BASE}/5"),
            Some(&south),
            r#"{"inclusionExclusionType": 1, "pattern": "555*"}"#,
        )
        .await;
    assert_eq!(own.status, 200, "{}", own.text());
    assert_eq!(
        own.json(),
        json!({"inclusionExclusionListId": 5, "inclusionExclusionType": 1,
               "inclusionExclusionPatternType": null, "pattern": "555*",
               "inclusionExclusionCallDirection": null})
    );
    // Each reads, updates and deletes its own list 5 only.
    let put = h
        .call(
            Method::PUT,
            &format!("{BASE}/5"),
            Some(&south),
            Some(r#"{"inclusionExclusionListId": 5, "inclusionExclusionType": 1, "pattern": "556*"}"#),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.text());
    assert_eq!(
        h.get(&format!("{BASE}/5"), Some(&north)).await.json()["pattern"],
        "612*"
    );
    assert_eq!(
        h.delete(&format!("{BASE}/5"), Some(&south)).await.status,
        200
    );
    assert_eq!(h.get(&format!("{BASE}/5"), Some(&south)).await.status, 404);
    assert_eq!(h.get(&format!("{BASE}/5"), Some(&north)).await.status, 200);
    let north_lists = h.get(BASE, Some(&north)).await.json();
    assert_eq!(
        north_lists.as_array().map(Vec::len),
        Some(1),
        "{north_lists}"
    );
    assert_eq!(h.get(BASE, Some(&south)).await.json(), json!([]));
    // A taken id of the tenant itself is still 409.
    let taken = h
        .post(
            &format!("{BASE}/5"),
            Some(&north),
            r#"{"inclusionExclusionType": 1}"#,
        )
        .await;
    assert_eq!(taken.status, 409);
}

/// Seed 001's evaluation form example, and a survey.
const FORMS: &str = r##"
evalForms:
  - id: 1
    name: Service quality
    description: Seed example
    creator: admin
    created: 1489634636917
    manualWeighting: false
    createdTz: America/Chicago
    updater: "2"
    updated: 1489634636917
    updatedTz: America/Chicago
    status: 0
    defaultForm: false
    approvalRequired: true
    bandRanges: [{ band: 1, begin: 0, end: 40 }, { band: 2, begin: 40, end: 60 }, { band: 3, begin: 60, end: 100 }]
    scoreType: { id: 1, name: percentage }
    sections:
      - id: 1
        name: section1
        order: 0
        weight: 1.0
        startColor: "#ffffff"
        endColor: "#000000"
        questions:
          - id: 1
            text: how was the service
            order: 0
            weight: 0.5
            options:
              - { id: 1, type: KPI, label: "Y", isDefault: true, kpiPriority: 0, order: 0, points: 100 }
              - { id: 2, type: ADDITIVE, label: "N", order: 1, points: 0 }
              - { id: 3, type: NOTAPPLICABLE, label: "N/A", order: 2, points: 0 }
  - { id: 2, name: Second form }
surveys:
  - id: 3
    name: After-call survey
    creator: admin
    created: 1489634636917
    providerSurveyId: qx-1
    surveyProviderConnectionId: 4
    questions:
      - id: 10
        label: Satisfied?
        type: choice
        weight: 2.25
        isKPI: true
        answers: [{ id: 100, label: "Yes", value: "5", weight: 1, providerAnswerId: qa-1 }, { id: 101, label: "No", value: "1", providerQuestionId: qa-2 }]
      - { id: 11, label: Comments, weight: 1.0 }
"##;

#[tokio::test]
async fn evaluation_forms_and_surveys_come_from_the_scenario() {
    let h = Harness::with_scenario(&format!("{}{FORMS}", wfo_harness::scenario::DEFAULT_YAML));
    let admin = h.login(ADMIN).await;
    let forms = h.get("/api/rest/recording/evalform", Some(&admin)).await;
    assert_eq!(forms.status, 200);
    snap_json!("evalform_list", forms.json());
    let one = h.get("/api/rest/recording/evalform/1", Some(&admin)).await;
    assert_eq!(one.status, 200);
    snap_json!("evalform_one", one.json());
    let one = h.get("/api/rest/recording/evalform/2", Some(&admin)).await;
    assert_eq!(one.json()[0]["name"], "Second form");
    let missing = h.get("/api/rest/recording/evalform/9", Some(&admin)).await;
    assert_eq!(missing.status, 404);
    snap_json!("evalform_unknown", missing.json());
    assert_eq!(
        h.get("/api/rest/recording/evalform/x", Some(&admin))
            .await
            .status,
        400
    );
    // Any session reads the forms.
    let agent = h.login(AGENT).await;
    assert_eq!(
        h.get("/api/rest/recording/evalform", Some(&agent))
            .await
            .status,
        200
    );
    assert_eq!(
        h.get("/api/rest/recording/evalform", None).await.status,
        401
    );

    let surveys = h.get("/api/rest/recording/survey", Some(&admin)).await;
    assert_eq!(surveys.status, 200);
    snap_json!("survey_list", surveys.json());
    let one = h
        .get("/api/rest/recording/survey/3", Some(&admin))
        .await
        .json();
    snap_json!("survey_one", one);
    assert_eq!(one[0]["totalPoints"], 3.3);
    assert_eq!(one[0]["questions"][0]["answers"][1]["questionId"], 10);
    assert_eq!(
        h.get("/api/rest/recording/survey/4", Some(&admin))
            .await
            .status,
        404
    );
    // The survey permissions: an agent has none of them.
    assert_eq!(
        h.get("/api/rest/recording/survey", Some(&agent))
            .await
            .status,
        403
    );
}

#[test]
fn a_form_id_declared_twice_is_refused() {
    let yaml = format!(
        "{}evalForms:\n  - {{ id: 1, name: a }}\n  - {{ id: 1, name: b }}\n",
        wfo_harness::scenario::DEFAULT_YAML
    );
    let Err(err) = wfo_harness::scenario::load("t", &yaml, None) else {
        panic!("a duplicate form id is refused");
    };
    assert!(err.to_string().contains("evalForms id 1"), "{err}");
}
