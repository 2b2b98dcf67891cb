//! Cross-family: a phrase added through the CAS API (seed 001 "Categories and Phrases API") is
//! found in a text contact imported afterwards through the "Generic Text Import API", by the
//! "Text Hits API", the "Speech Hits API" and the transcript export.

mod common;

use axum::http::Method;
use common::{ADMIN, Harness};
use serde_json::json;

#[tokio::test]
async fn a_phrase_added_through_cas_is_a_hit_in_a_text_contact_imported_afterwards() {
    let h = Harness::new();
    let a = h.login(ADMIN).await;
    let cat = h
        .post(
            "/api/rest/cas/phraselist",
            Some(&a),
            r#"{"category": "Churn", "languageId": "en-us"}"#,
        )
        .await;
    assert_eq!(cat.status, 200, "{}", cat.text());
    let cat_id = cat.json()["category"]["id"].as_u64().unwrap();
    let phrase = h
        .post(
            "/api/rest/cas/phrase",
            Some(&a),
            &json!({"phrase": "cancel my account", "categoryId": cat_id}).to_string(),
        )
        .await;
    assert_eq!(phrase.status, 200, "{}", phrase.text());

    let import = json!({
        "textType": "chat",
        "records": [{
            "time": 1767600000000i64, "username": "agent@example.com", "sender": "cust@example.com",
            "receiver": "agent@example.com", "id": "chat-1",
            "text": "Customer: Hi, I want to cancel my account.\nAgent: Sorry to hear that. Cancel my account, you said?"
        }]
    });
    let imported = h
        .post("/api/rest/cas/importtext", Some(&a), &import.to_string())
        .await;
    assert_eq!(imported.json()["imported"], 1, "{}", imported.text());
    let ccr = imported.json()["records"][0]["id"].as_u64().unwrap();

    let text = h
        .get(&format!("/api/rest/cas/textview?ccrid={ccr}"), Some(&a))
        .await;
    assert_eq!(text.status, 200, "{}", text.text());
    let body = text.json();
    let hits = body["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2, "{body}");
    assert_eq!(hits[0]["category"], "Churn");
    let email_body = body["emailBody"].as_str().unwrap();
    let at: String = email_body
        .chars()
        .skip(hits[0]["position"].as_u64().unwrap() as usize)
        .take(hits[0]["length"].as_u64().unwrap() as usize)
        .collect();
    assert_eq!(at, "cancel my account");
    snap_json!("text_hits_after_import", body);

    let speech = h
        .get(&format!("/api/rest/cas/contact?ccrId={ccr}"), Some(&a))
        .await;
    let channels: Vec<u64> = speech.json()["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["channel"].as_u64().unwrap())
        .collect();
    assert_eq!(channels, vec![0, 1], "the customer line, then the agent's");

    let export = h
        .call(
            Method::PUT,
            "/api/rest/cas/speechtextview",
            Some(&a),
            Some(&json!({"ccrid": ccr, "isRootRecording": "false"}).to_string()),
        )
        .await;
    assert_eq!(export.status, 200, "{}", export.text());
    snap_json!("transcript_of_text_contact", export.json());

    // Deleting the phrase removes the hits.
    let pid = phrase.json()["phrases"][0]["id"].as_u64().unwrap();
    h.delete(&format!("/api/rest/cas/phrase?id={pid}"), Some(&a))
        .await;
    let after = h
        .get(&format!("/api/rest/cas/textview?ccrid={ccr}"), Some(&a))
        .await;
    assert_eq!(after.json()["hits"], json!([]));
}
