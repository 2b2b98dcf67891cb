//! Webex WFO CAS analytics (seed 001 "Categories and Phrases API", "Speech Hits API", "Text
//! Hits API", "Transcript Export API", "Interaction Summary Read API").

mod common;

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::{Harness, Reply};
use serde_json::{Value, json};

const SCENARIO: &str = include_str!("fixtures/cas.yaml");
const ADMIN: (&str, &str) = ("admin@example.com", "admin");
const AGENT: (&str, &str) = ("agent@example.com", "agent");
const TEXT_ADMIN: (&str, &str) = ("text@example.com", "text");

async fn put(h: &Harness, path: &str, cookie: &str, body: &Value) -> Reply {
    h.call(Method::PUT, path, Some(cookie), Some(&body.to_string()))
        .await
}

fn assert_400(reply: &Reply, field: &str) {
    assert_eq!(reply.status, 400, "{field}: {}", reply.text());
    assert!(
        reply.message().contains(field),
        "{field}: {}",
        reply.message()
    );
}

#[tokio::test]
async fn categories_crud_with_the_documented_answers() {
    let h = Harness::with_scenario(SCENARIO);
    let a = h.login(ADMIN).await;
    let created = h
        .post(
            "/api/rest/cas/phraselist",
            Some(&a),
            r#"{"category": "Greeting", "description": "Openings"}"#,
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text());
    snap_json!("category_created", created.json());
    let id = created.json()["category"]["id"].as_u64().unwrap();
    // The example's document too: a client reading `categories[0].id` finds the new one.
    assert_eq!(created.json()["categories"][0]["id"], id);
    assert_eq!(created.json()["phrases"], json!([]));
    assert_eq!(created.json()["confidence"], 0, "no scenario minimum");
    let updated = put(
        &h,
        "/api/rest/cas/phraselist",
        &a,
        &json!({"id": id, "description": "Hellos", "languageId": "EN-GB"}),
    )
    .await;
    assert_eq!(updated.status, 200, "{}", updated.text());
    snap_json!("category_updated", updated.json());
    assert_eq!(
        updated.json()["categories"][0]["languageId"],
        "EN-GB",
        "kept as sent"
    );
    let list = h.get("/api/rest/cas/phraselist", Some(&a)).await;
    snap_json!("category_list", list.json());
    assert_eq!(list.json()["phrases"].as_array().unwrap().len(), 3);
    let deleted = h
        .delete(&format!("/api/rest/cas/phraselist?id={id}"), Some(&a))
        .await;
    assert_eq!(deleted.json(), json!({"deleted": 1}));
    let again = h
        .delete(&format!("/api/rest/cas/phraselist?id={id}"), Some(&a))
        .await;
    assert_eq!(again.status, 404, "{}", again.text());
    let missing = put(&h, "/api/rest/cas/phraselist", &a, &json!({"id": 99})).await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn category_errors_name_the_field_and_change_nothing() {
    let h = Harness::with_scenario(SCENARIO);
    let a = h.login(ADMIN).await;
    for (body, field) in [
        (json!({"description": "x"}), "category"),
        (json!({"category": "  "}), "category"),
        (json!({"category": 5}), "category"),
        (json!({"category": "X", "languageId": ""}), "languageId"),
    ] {
        let r = h
            .post("/api/rest/cas/phraselist", Some(&a), &body.to_string())
            .await;
        assert_400(&r, field);
    }
    assert_400(
        &put(
            &h,
            "/api/rest/cas/phraselist",
            &a,
            &json!({"category": "x"}),
        )
        .await,
        "id",
    );
    assert_400(
        &put(&h, "/api/rest/cas/phraselist", &a, &json!({"id": "one"})).await,
        "id",
    );
    assert_400(&h.delete("/api/rest/cas/phraselist", Some(&a)).await, "id");
    assert_400(
        &h.delete("/api/rest/cas/phraselist?id=x", Some(&a)).await,
        "id",
    );
    let bad = h.post("/api/rest/cas/phraselist", Some(&a), "{").await;
    assert_eq!(bad.status, 400);
    assert!(
        bad.message().contains("Malformed JSON"),
        "{}",
        bad.message()
    );
    let list = h.get("/api/rest/cas/phraselist", Some(&a)).await.json();
    assert_eq!(list["categories"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn categories_and_phrases_are_read_from_multipart_forms() {
    let h = Harness::with_scenario(SCENARIO);
    let a = h.login(ADMIN).await;
    let boundary = "XyZ";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\nCompliance\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"languageId\"\r\n\r\nen-us\r\n--{boundary}--\r\n"
    );
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/rest/cas/phraselist")
        .header(header::COOKIE, &a)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    let reply = h.send(request).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["category"]["category"], "Compliance");
    assert_eq!(reply.json()["category"]["id"], 3);
}

#[tokio::test]
async fn phrases_crud_with_the_documented_answers_and_errors() {
    let h = Harness::with_scenario(SCENARIO);
    let a = h.login(ADMIN).await;
    let list = h.get("/api/rest/cas/phrase", Some(&a)).await;
    snap_json!("phrase_list_scenario", list.json());
    let created = h
        .post(
            "/api/rest/cas/phrase",
            Some(&a),
            r#"{"phrase": "supervisor", "categoryId": "2", "soundslike": "super visor", "confidence": 70}"#,
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text());
    snap_json!("phrase_created", created.json());
    let id = created.json()["phrases"][0]["id"].as_u64().unwrap();
    assert_eq!(created.json()["category"]["id"], 2);
    assert_eq!(created.json()["categories"][0]["category"], "Churn");
    let updated = put(
        &h,
        "/api/rest/cas/phrase",
        &a,
        &json!({"id": id, "phrase": "manager", "state": 1}),
    )
    .await;
    assert_eq!(updated.json()["phrases"][0]["phrase"], "manager");
    assert_eq!(updated.json()["phrases"][0]["state"], 1);
    let of_two = h.get("/api/rest/cas/phrase?categoryId=2", Some(&a)).await;
    assert_eq!(of_two.json()["phrases"].as_array().unwrap().len(), 2);
    assert_400(
        &h.get("/api/rest/cas/phrase?categoryId=two", Some(&a)).await,
        "categoryId",
    );
    for (body, field) in [
        (json!({"categoryId": 1}), "phrase"),
        (json!({"phrase": "x"}), "categoryId"),
        (json!({"phrase": "x", "categoryId": 42}), "categoryId"),
        (
            json!({"phrase": "x", "categoryId": 1, "confidence": 101}),
            "confidence",
        ),
        (
            json!({"phrase": "x", "categoryId": 1, "confidence": "high"}),
            "confidence",
        ),
        (
            json!({"phrase": "x", "categoryId": 1, "confidence": -0.5}),
            "confidence",
        ),
        (
            json!({"phrase": "x", "categoryId": 1, "confidence": true}),
            "confidence",
        ),
        (
            json!({"phrases": [{"phrase": "x", "categoryId": 1}, {"phrase": "y", "categoryId": 1}]}),
            "phrases",
        ),
    ] {
        let r = h
            .post("/api/rest/cas/phrase", Some(&a), &body.to_string())
            .await;
        assert_400(&r, field);
    }
    assert_eq!(
        put(&h, "/api/rest/cas/phrase", &a, &json!({"id": 77}))
            .await
            .status,
        404
    );
    let deleted = h
        .delete(&format!("/api/rest/cas/phrase?id={id}"), Some(&a))
        .await;
    assert_eq!(deleted.json(), json!({"deleted": 1}));
    assert_eq!(
        h.delete(&format!("/api/rest/cas/phrase?id={id}"), Some(&a))
            .await
            .status,
        404
    );
    // Deleting a category takes its phrases with it.
    h.delete("/api/rest/cas/phraselist?id=1", Some(&a)).await;
    let left = h.get("/api/rest/cas/phrase", Some(&a)).await.json();
    assert_eq!(left["phrases"].as_array().unwrap().len(), 1);
    assert_eq!(left["categories"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn confidence_is_taken_in_both_scales_and_kept_as_given() {
    let h = Harness::with_scenario(SCENARIO);
    let a = h.login(ADMIN).await;
    for (given, kept) in [
        (json!(0.85), json!(0.85)),
        (json!("0.85"), json!(0.85)),
        (json!(1.0), json!(1.0)),
        (json!(1), json!(1)),
        (json!(62.5), json!(62.5)),
        (json!("70"), json!(70)),
        (json!(100), json!(100)),
    ] {
        let body = json!({"phrase": "x", "categoryId": 1, "confidence": given});
        let r = h
            .post("/api/rest/cas/phrase", Some(&a), &body.to_string())
            .await;
        assert_eq!(r.status, 200, "{given}: {}", r.text());
        assert_eq!(r.json()["phrases"][0]["confidence"], kept, "{given}");
    }
}

#[tokio::test]
async fn the_shapes_of_the_seed_tables_and_example_are_read_on_input() {
    let h = Harness::with_scenario(SCENARIO);
    let a = h.login(ADMIN).await;
    // POST Response Fields: `category` as an object.
    let nested = h
        .post(
            "/api/rest/cas/phraselist",
            Some(&a),
            r#"{"category": {"category": "Tone", "description": "Politeness", "languageId": "en-US"}}"#,
        )
        .await;
    assert_eq!(nested.status, 200, "{}", nested.text());
    assert_eq!(
        nested.json()["category"],
        json!({"id": 3, "category": "Tone", "description": "Politeness", "languageId": "en-US"})
    );
    // The JSON example: one item in its array; PUT's `id` may sit outside it.
    let wrapped = put(
        &h,
        "/api/rest/cas/phraselist",
        &a,
        &json!({"id": 3, "categories": [{"description": "Manners"}]}),
    )
    .await;
    assert_eq!(wrapped.status, 200, "{}", wrapped.text());
    assert_eq!(wrapped.json()["categories"][0]["description"], "Manners");
    let phrase = h
        .post(
            "/api/rest/cas/phrase",
            Some(&a),
            r#"{"phrases": [{"phrase": "please", "categoryId": 3, "soundsLike": ["pleas", "plz"]}], "confidence": 0}"#,
        )
        .await;
    assert_eq!(phrase.status, 200, "{}", phrase.text());
    snap_json!("phrase_created_from_example_shape", phrase.json());
}

#[tokio::test]
async fn sounds_like_alternates_hit_everywhere_hits_are_computed() {
    let h = Harness::with_scenario(SCENARIO);
    let a = h.login(ADMIN).await;
    let cat = h
        .post(
            "/api/rest/cas/phraselist",
            Some(&a),
            r#"{"category": "Service"}"#,
        )
        .await;
    let cat_id = cat.json()["category"]["id"].as_u64().unwrap();
    // The declared transcript of contact 1 says "how can I help?", never "help desk".
    let body = json!({"phrase": "help desk", "soundslike": "helped ask, how can I help", "categoryId": cat_id});
    let made = h
        .post("/api/rest/cas/phrase", Some(&a), &body.to_string())
        .await;
    assert_eq!(made.status, 200, "{}", made.text());
    assert_eq!(
        made.json()["phrases"][0]["soundsLike"],
        "helped ask, how can I help"
    );
    assert_eq!(
        made.json()["phrases"][0]["soundslike"],
        "helped ask, how can I help"
    );

    let speech = h
        .get("/api/rest/cas/contact?ccrId=1", Some(&a))
        .await
        .json();
    let service: Vec<&Value> = speech["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["category"] == "Service")
        .collect();
    assert_eq!(service.len(), 1, "{speech}");
    assert_eq!(service[0]["phrase"], "help desk");
    assert_eq!(service[0]["channel"], 1);

    let text = h
        .get("/api/rest/cas/textview?ccrid=1", Some(&a))
        .await
        .json();
    let hit = text["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["category"] == "Service")
        .cloned()
        .unwrap();
    let at: String = text["emailBody"]
        .as_str()
        .unwrap()
        .chars()
        .skip(hit["position"].as_u64().unwrap() as usize)
        .take(hit["length"].as_u64().unwrap() as usize)
        .collect();
    assert_eq!(at, "how can I help");

    let export = put(
        &h,
        "/api/rest/cas/spechtextview",
        &a,
        &json!({"ccrid": 1, "isRootRecording": false}),
    )
    .await;
    snap_json!("transcript_with_sounds_like_hit", export.json());
    let summary = h
        .get("/api/rest/cas/interactionssummary?ccrId=1", Some(&a))
        .await
        .json();
    let summary = summary["summary"].as_str().unwrap();
    assert!(summary.contains("Service"), "{summary}");
}

#[tokio::test]
async fn the_scenario_minimum_confidence_is_answered_and_filters_hits() {
    let yaml = SCENARIO.replace("cas:\n", "cas:\n  minConfidence: 0.6\n");
    let h = Harness::with_scenario(&yaml);
    let a = h.login(ADMIN).await;
    let list = h.get("/api/rest/cas/phraselist", Some(&a)).await.json();
    assert_eq!(list["confidence"], json!(0.6));
    let phrases = h.get("/api/rest/cas/phrase", Some(&a)).await.json();
    assert_eq!(phrases["confidence"], json!(0.6));
    // "refund" (50) is under the minimum, "charged twice" (80) over it.
    let speech = h
        .get("/api/rest/cas/contact?ccrId=1", Some(&a))
        .await
        .json();
    let hit: Vec<&Value> = speech["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| &h["phrase"])
        .collect();
    assert_eq!(hit, vec!["charged twice"], "{speech}");
    // Raising a phrase to 0.6 (the other scale) brings its hits back.
    let refund = phrases["phrases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["phrase"] == "refund")
        .unwrap()["id"]
        .clone();
    let r = put(
        &h,
        "/api/rest/cas/phrase",
        &a,
        &json!({"id": refund, "confidence": 60}),
    )
    .await;
    assert_eq!(r.json()["phrases"][0]["confidence"], 60);
    let speech = h
        .get("/api/rest/cas/contact?ccrId=1", Some(&a))
        .await
        .json();
    assert_eq!(speech["hits"].as_array().unwrap().len(), 3, "{speech}");
}

#[tokio::test]
async fn text_hits_errors() {
    let h = Harness::with_scenario(SCENARIO);
    let a = h.login(ADMIN).await;
    assert_400(&h.get("/api/rest/cas/textview", Some(&a)).await, "ccrId");
    assert_400(
        &h.get("/api/rest/cas/textview?ccrid=one", Some(&a)).await,
        "ccrId",
    );
    let unknown = h.get("/api/rest/cas/textview?ccrid=99", Some(&a)).await;
    assert_eq!(unknown.status, 404, "{}", unknown.text());
    assert!(unknown.message().contains("99"), "{}", unknown.message());
    let agent = h.login(AGENT).await;
    let denied = h.get("/api/rest/cas/textview?ccrid=1", Some(&agent)).await;
    assert_eq!(denied.status, 403, "{}", denied.text());
    let ok = h.get("/api/rest/cas/textview?ccrid=1", Some(&a)).await;
    assert_eq!(ok.status, 200, "{}", ok.text());
}

#[tokio::test]
async fn any_of_the_five_admin_permissions_opens_the_phrase_endpoints() {
    let h = Harness::with_scenario(SCENARIO);
    let t = h.login(TEXT_ADMIN).await;
    assert_eq!(
        h.get("/api/rest/cas/phraselist", Some(&t)).await.status,
        200
    );
    let made = h
        .post(
            "/api/rest/cas/phrase",
            Some(&t),
            r#"{"phrase": "hi", "categoryId": 1}"#,
        )
        .await;
    assert_eq!(made.status, 200, "{}", made.text());
    let agent = h.login(AGENT).await;
    assert_eq!(
        h.get("/api/rest/cas/phrase", Some(&agent)).await.status,
        403
    );
    // Hits and transcripts need their own permissions.
    assert_eq!(
        h.get("/api/rest/cas/contact?ccrId=1", Some(&t))
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn speech_hits_of_a_declared_transcript() {
    let h = Harness::with_scenario(SCENARIO);
    let a = h.login(ADMIN).await;
    let reply = h.get("/api/rest/cas/contact?ccrId=1", Some(&a)).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    snap_json!("speech_hits", reply.json());
    // "CCR ID" is spelled several ways.
    let other = h.get("/api/rest/cas/contact?CCRID=1", Some(&a)).await;
    assert_eq!(other.json(), reply.json());
    assert_400(&h.get("/api/rest/cas/contact", Some(&a)).await, "ccrId");
    assert_400(
        &h.get("/api/rest/cas/contact?ccrId=x", Some(&a)).await,
        "ccrId",
    );
    assert_eq!(
        h.get("/api/rest/cas/contact?ccrId=99", Some(&a))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn generated_transcripts_are_deterministic_and_searched() {
    let first = Harness::with_scenario(SCENARIO);
    let a = first.login(ADMIN).await;
    let body = json!({"ccrid": 2, "isRootRecording": false});
    let one = put(&first, "/api/rest/cas/spechtextview", &a, &body).await;
    assert_eq!(one.status, 200, "{}", one.text());
    let second = Harness::with_scenario(SCENARIO);
    let b = second.login(ADMIN).await;
    let two = put(&second, "/api/rest/cas/spechtextview", &b, &body).await;
    assert_eq!(one.json(), two.json());
    let texts = one.json()["texts"].as_array().unwrap().clone();
    assert_eq!(texts.len(), 4, "24 s of speech in 6 s segments");
    assert_eq!(texts[0]["channel"], 1, "the agent opens");
    snap_json!("transcript_generated", one.json());
}

#[tokio::test]
async fn transcript_export_in_both_spellings_and_its_errors() {
    let h = Harness::with_scenario(SCENARIO);
    let a = h.login(ADMIN).await;
    let doc = put(
        &h,
        "/api/rest/cas/spechtextview",
        &a,
        &json!({"ccrid": 882488, "isRootRecording": "false"}),
    )
    .await;
    assert_eq!(doc.status, 404, "{}", doc.text());
    let reply = put(
        &h,
        "/api/rest/cas/spechtextview",
        &a,
        &json!({"ccrid": "1", "isRootRecording": "false"}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    snap_json!("transcript_declared", reply.json());
    let spelled = put(
        &h,
        "/api/rest/cas/speechtextview",
        &a,
        &json!({"ccrid": 1, "isRootRecording": true}),
    )
    .await;
    assert_eq!(spelled.json(), reply.json());
    for (body, field) in [
        (json!({"isRootRecording": false}), "ccrid"),
        (json!({"ccrid": "abc", "isRootRecording": false}), "ccrid"),
        (json!({"ccrid": 1}), "isRootRecording"),
        (
            json!({"ccrid": 1, "isRootRecording": "maybe"}),
            "isRootRecording",
        ),
    ] {
        assert_400(
            &put(&h, "/api/rest/cas/spechtextview", &a, &body).await,
            field,
        );
    }
    let agent = h.login(AGENT).await;
    let denied = put(
        &h,
        "/api/rest/cas/spechtextview",
        &agent,
        &json!({"ccrid": 1, "isRootRecording": false}),
    )
    .await;
    assert_eq!(denied.status, 403);
}

#[tokio::test]
async fn interaction_summary_in_the_documented_shape() {
    let h = Harness::with_scenario(SCENARIO);
    let a = h.login(ADMIN).await;
    let reply = h
        .get(
            "/api/rest/cas/interactionssummary?ClientAppID=%22app%22&ccrId=1",
            Some(&a),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    snap_json!("interaction_summary", reply.json());
    assert_400(
        &h.get("/api/rest/cas/interactionssummary?ClientAppID=x", Some(&a))
            .await,
        "ccrId",
    );
    assert_eq!(
        h.get("/api/rest/cas/interactionssummary?ccrId=50", Some(&a))
            .await
            .status,
        404
    );
    // View Speech to Text Analytics is needed.
    let agent = h.login(AGENT).await;
    let denied = h
        .get("/api/rest/cas/interactionssummary?ccrId=1", Some(&agent))
        .await;
    assert_eq!(denied.status, 403, "{}", denied.text());
    let t = h.login(TEXT_ADMIN).await;
    let denied = h
        .get("/api/rest/cas/interactionssummary?ccrId=1", Some(&t))
        .await;
    assert_eq!(denied.status, 403, "{}", denied.text());
}

#[test]
fn a_scenario_transcript_for_an_unknown_contact_is_refused() {
    let yaml = SCENARIO.replace("ccrId: 1", "ccrId: 9");
    let err = wfo_harness::scenario::load("t", &yaml, None).unwrap_err();
    assert!(err.message.contains("ccrId 9"), "{}", err.message);
    let yaml = SCENARIO.replace("confidence: 80", "confidence: 180");
    let err = wfo_harness::scenario::load("t", &yaml, None).unwrap_err();
    assert!(err.message.contains("confidence"), "{}", err.message);
    let yaml = SCENARIO.replace("cas:\n", "cas:\n  minConfidence: -1\n");
    let err = wfo_harness::scenario::load("t", &yaml, None).unwrap_err();
    assert!(err.message.contains("minConfidence"), "{}", err.message);
    let yaml = SCENARIO.replace("confidence: 80", "confidence: 0.8");
    assert!(wfo_harness::scenario::load("t", &yaml, None).is_ok());
}
