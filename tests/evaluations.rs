//! QM evaluations declared in the scenario (issue 9): the contact search flags scored,
//! needsApproval, inProgress and canEvaluate follow from them and from their evaluation form;
//! canEvaluate depends on who asks; the contact's `evaluation`, `evalForm` and `evaluator`
//! `$ref`s resolve. The contacts world (tests/fixtures/contacts/world.yaml) declares contact 1
//! scored by the administrator, contact 2 completed on a form that requires approval, contact 5
//! begun by the administrator, and contacts 3 (a call in progress) and 4 without evaluation.

mod common;
mod contacts_common;

use common::Harness;
use contacts_common::*;
use serde_json::{Value, json};

async fn ids(h: &Harness, cookie: &str, query: &str) -> Vec<u64> {
    let reply = h
        .get(
            &format!("/api/rest/recording/contact?beginDate=2025-01-01&{query}"),
            Some(cookie),
        )
        .await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.text());
    reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn can_evaluate_depends_on_the_caller() {
    let h = world();
    let (admin, sup, mark) = (
        h.login(ADMIN).await,
        h.login(SUPERVISOR).await,
        h.login(MARK).await,
    );
    // The administrator may go on with the evaluation they began (5) and evaluate the
    // unevaluated contact 4; 3 is a call still in progress; 1 and 2 are submitted.
    assert_eq!(ids(&h, &admin, "canEvaluate=true").await, vec![5, 4]);
    // The supervisor sees team 13 (contacts 2, 3, 5) and holds EvaluateContacts, but 5 was
    // begun by someone else.
    assert_eq!(ids(&h, &sup, "").await, vec![2, 3, 5]);
    assert_eq!(ids(&h, &sup, "canEvaluate=true").await, Vec::<u64>::new());
    // An agent without EvaluateContacts evaluates nothing, own contacts least of all.
    assert_eq!(ids(&h, &mark, "").await, vec![1, 4]);
    assert_eq!(ids(&h, &mark, "canEvaluate=true").await, Vec::<u64>::new());
    let four = h.get("/api/rest/recording/contact/4", Some(&admin)).await;
    assert_eq!(four.json()["canEvaluate"], true);
    let four = h.get("/api/rest/recording/contact/4", Some(&mark)).await;
    assert_eq!(four.json()["canEvaluate"], false);
}

#[tokio::test]
async fn the_form_decides_whether_a_completed_evaluation_needs_approval() {
    let h = world();
    let a = h.login(ADMIN).await;
    assert_eq!(ids(&h, &a, "needsApproval=true").await, vec![2]);
    assert_eq!(ids(&h, &a, "scored=true").await, vec![1]);
    // The same evaluation on a form without approval is scored.
    let h = Harness::with_scenario(&WORLD.replace(
        "{id: 2, name: Approved form, approvalRequired: true}",
        "{id: 2, name: Approved form}",
    ));
    let a = h.login(ADMIN).await;
    assert_eq!(ids(&h, &a, "needsApproval=true").await, Vec::<u64>::new());
    assert_eq!(ids(&h, &a, "scored=true").await, vec![1, 2]);
    // ... and so is an approved one on the approval form.
    let h = Harness::with_scenario(&WORLD.replace(
        "{form: Approved form, evaluator: sup@example.com, score: 55}",
        "{form: Approved form, evaluator: sup@example.com, score: 55, state: approved}",
    ));
    let a = h.login(ADMIN).await;
    assert_eq!(ids(&h, &a, "scored=1").await, vec![1, 2]);
    let stats = h
        .get(
            "/api/rest/recording/contact?beginDate=2025-01-01&searchStats=true",
            Some(&a),
        )
        .await;
    // The in-progress evaluation's 40 is no final score: (90 + 55) / 2.
    assert_eq!(stats.json()["avgScore"], "72.5");
}

#[tokio::test]
async fn every_evaluation_ref_of_a_contact_resolves() {
    let h = world();
    let a = h.login(ADMIN).await;
    let contact = h
        .get("/api/rest/recording/contact/1", Some(&a))
        .await
        .json();
    let eval_ref = contact["evaluation"]["$ref"].as_str().unwrap().to_string();
    assert_eq!(eval_ref, "/api/rest/recording/contact/1/eval/1");
    let evaluation = h.get(&eval_ref, Some(&a)).await;
    assert_eq!(evaluation.status, 200, "{}", evaluation.text());
    snap_json!("evaluation_1", evaluation.json());
    assert_eq!(evaluation.json()["score"], contact["evaluation"]["score"]);
    let form = h
        .get(contact["evalForm"]["$ref"].as_str().unwrap(), Some(&a))
        .await;
    assert_eq!(form.status, 200);
    assert_eq!(form.json()[0]["name"], contact["evalForm"]["name"]);
    let in_progress = h
        .get("/api/rest/recording/contact/5/eval/3", Some(&a))
        .await;
    assert_eq!(
        (
            &in_progress.json()["state"],
            &in_progress.json()["evaluated"],
            &in_progress.json()["band"]
        ),
        (&json!("inProgress"), &Value::Null, &json!(1))
    );
}

#[tokio::test]
async fn an_unknown_or_hidden_evaluation_is_not_found() {
    let h = world();
    let (admin, mark) = (h.login(ADMIN).await, h.login(MARK).await);
    for path in [
        "/api/rest/recording/contact/1/eval/2",
        "/api/rest/recording/contact/1/eval/x",
        "/api/rest/recording/contact/4/eval/1",
        "/api/rest/recording/contact/99/eval/1",
    ] {
        assert_eq!(h.get(path, Some(&admin)).await.status, 404, "{path}");
    }
    // Contact 2 is John's: out of Mark's view.
    let hidden = h
        .get("/api/rest/recording/contact/2/eval/2", Some(&mark))
        .await;
    assert_eq!(hidden.status, 404);
    assert_eq!(
        h.get("/api/rest/recording/contact/1/eval/1", None)
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn a_text_import_assigns_its_form_by_id_else_by_name() {
    let h = world();
    let a = h.login(ADMIN).await;
    for (form, expected) in [
        (
            json!({"id": 2, "name": "Service quality"}),
            json!("Approved form"),
        ),
        (json!({"name": "Service quality"}), json!("Service quality")),
        (json!({"name": "No such form"}), Value::Null),
    ] {
        let body = json!({
            "textType": "chat",
            "evalForm": form,
            "records": [{"time": 1767600000000i64, "username": "john.smith@acme.com", "text": "hello"}]
        });
        let reply = h
            .post("/api/rest/cas/importtext", Some(&a), &body.to_string())
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        let found = h
            .get("/api/rest/recording/contact?contactType=TEXT", Some(&a))
            .await
            .json();
        let newest = found
            .as_array()
            .unwrap()
            .iter()
            .max_by_key(|c| c["id"].as_u64())
            .unwrap();
        assert_eq!(newest["evalForm"]["name"].clone(), expected, "{form}");
        assert_eq!(newest["canEvaluate"], json!(!expected.is_null()), "{form}");
    }
}

#[test]
fn scenario_evaluations_are_checked_where_they_are_written() {
    let load = |from: &str, to: &str| {
        let yaml = WORLD.replace(from, to);
        assert_ne!(yaml, WORLD, "{from}");
        wfo_harness::scenario::load("t", &yaml, None).unwrap_err()
    };
    let score =
        "{form: 1, evaluator: admin@example.com, score: 90, evaluated: \"2026-01-05T08:30:00Z\"}";
    let cases = [
        (
            "    hr: true\n",
            "    hr: true\n    scored: true\n",
            "declare `evaluation",
        ),
        (
            score,
            "{form: 9, evaluator: admin@example.com, score: 1}",
            "form `9`",
        ),
        (
            score,
            "{form: 1, evaluator: nobody@x.com, score: 1}",
            "matches no person",
        ),
        (
            score,
            "{form: 1, evaluator: '2', score: 1}",
            "their own contact",
        ),
        (
            score,
            "{form: 1, evaluator: john.smith@acme.com, score: 1}",
            "EvaluateContacts",
        ),
        (score, "{form: 1, evaluator: '4'}", "needs a score"),
        (score, "{form: 1, evaluator: '4', score: -1}", "0 or more"),
        (
            score,
            "{form: 1, evaluator: '4', score: 1, evaluated: soon}",
            "evaluated",
        ),
        (
            score,
            "{form: 1, evaluator: '4', score: 1, state: done}",
            "done",
        ),
    ];
    for (from, to, says) in cases {
        let err = load(from, to);
        assert!(err.to_string().contains(says), "{to}: {err}");
        assert!(err.line.is_some(), "{to}: {err} has a line");
    }
}

/// A survey whose results go to the `CSAT` metadata field, and contact 4 answering it.
fn surveyed(answers: &str) -> String {
    WORLD
        .replace(
            "evalForms:\n",
            "surveys:\n  - {id: 3, name: After-call survey, metaDataFieldKey: CSAT, questions: [{id: 10, label: Satisfied?, weight: 2.5, answers: [{id: 100, label: Yes, weight: 1}, {id: 101, label: No, weight: 0}]}, {id: 11, label: Recommend?, weight: 1, answers: [{id: 110, label: Yes, weight: 0.5}]}]}\n  - {id: 4, name: Unkeyed}\nevalForms:\n",
        )
        .replace(
            "    callId: \"OLD-1\"\n",
            &format!("    callId: \"OLD-1\"\n    survey: {{survey: {answers}}}\n"),
        )
}

#[tokio::test]
async fn a_survey_result_attaches_to_its_contact_through_the_surveys_metadata_field() {
    let h = Harness::with_scenario(&surveyed(
        "After-call survey, answers: [{question: 10, answer: 100}, {question: 11, answer: 110}]",
    ));
    let a = h.login(ADMIN).await;
    // 2.5 × 1 + 1 × 0.5
    assert_eq!(ids(&h, &a, "metadata=CSAT~equals~3").await, vec![4]);
    assert_eq!(ids(&h, &a, "metadata=CSAT").await, vec![4]);
    let four = h
        .get("/api/rest/recording/contact/4?expand=metadata", Some(&a))
        .await
        .json();
    assert_eq!(four["metadata"]["CSAT"]["value"], "3");
    let survey = h.get("/api/rest/recording/survey/3", Some(&a)).await.json();
    assert_eq!(survey[0]["metaDataFieldKey"], "CSAT");
}

#[test]
fn scenario_survey_results_are_checked_where_they_are_written() {
    for (answers, says) in [
        ("9, answers: []", "survey `9`"),
        ("Unkeyed, answers: []", "no metaDataFieldKey"),
        ("3, answers: [{question: 12, answer: 100}]", "question 12"),
        ("3, answers: [{question: 10, answer: 110}]", "answer 110"),
        (
            "3, answers: [{question: 10, answer: 100}, {question: 10, answer: 101}]",
            "answered twice",
        ),
    ] {
        let err = wfo_harness::scenario::load("t", &surveyed(answers), None).unwrap_err();
        assert!(err.to_string().contains(says), "{answers}: {err}");
        assert!(err.line.is_some(), "{answers}: {err} has a line");
    }
}

#[tokio::test]
async fn a_form_or_survey_with_a_tenant_serves_that_tenant_only() {
    let tenanted = WORLD.replace(
        "  - {id: 2, name: Approved form, approvalRequired: true}\n",
        "  - {id: 2, name: Approved form, approvalRequired: true}\n  - {id: 3, name: Elsewhere form, tenant: 40}\nsurveys:\n  - {id: 7, name: Elsewhere survey, tenant: 40}\n",
    );
    let h = Harness::with_scenario(&tenanted);
    let (admin, other) = (h.login(ADMIN).await, h.login(OTHER_TENANT).await);
    let names = |v: Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_string())
            .collect()
    };
    let list = h.get("/api/rest/recording/evalform", Some(&admin)).await;
    assert_eq!(names(list.json()), ["Service quality", "Approved form"]);
    assert_eq!(
        list.json()[0].get("tenant"),
        None,
        "a harness setting, not answered"
    );
    let list = h.get("/api/rest/recording/evalform", Some(&other)).await;
    assert_eq!(
        names(list.json()),
        ["Service quality", "Approved form", "Elsewhere form"]
    );
    assert_eq!(
        h.get("/api/rest/recording/evalform/3", Some(&admin))
            .await
            .status,
        404
    );
    let surveys = h.get("/api/rest/recording/survey", Some(&admin)).await;
    assert_eq!(surveys.json(), json!([]));
    let surveys = h.get("/api/rest/recording/survey", Some(&other)).await;
    assert_eq!(names(surveys.json()), ["Elsewhere survey"]);

    // A tenant-1 contact cannot be evaluated on tenant 40's form; a tenant must exist.
    let score =
        "{form: 1, evaluator: admin@example.com, score: 90, evaluated: \"2026-01-05T08:30:00Z\"}";
    let err = wfo_harness::scenario::load(
        "t",
        &tenanted.replace(score, "{form: 3, evaluator: admin@example.com, score: 1}"),
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("tenant 1's evalForms"), "{err}");
    let err = wfo_harness::scenario::load(
        "t",
        &tenanted.replace("tenant: 40}\nsurveys", "tenant: 99}\nsurveys"),
        None,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("tenant 99 is not a declared tenant"),
        "{err}"
    );
    assert!(err.line.is_some());
}
