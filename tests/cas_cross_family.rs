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

/// Issue 9: "transcript (from text import, scenario or call)": a call made through the call
/// engine gets a (generated) transcript in which a phrase added through the CAS API, or one of
/// its `soundsLike` alternates, is found.
#[tokio::test]
async fn a_call_made_through_the_call_engine_has_hits_for_a_phrase_added_through_cas() {
    let h = Harness::new();
    let started = h
        .post("/__admin/calls", None, r#"{"agent": "agent@example.com"}"#)
        .await;
    assert_eq!(started.status, 201, "{}", started.text());
    let ccr = started.json()["segments"][0]["contactId"].as_u64().unwrap();
    h.advance("", 48_000).await;
    let ended = h.post("/__admin/calls/1/end", None, "").await;
    assert_eq!(ended.json()["state"], "ended", "{}", ended.text());

    let a = h.login(ADMIN).await;
    let body = json!({"ccrid": ccr, "isRootRecording": false});
    let before = h
        .call(
            Method::PUT,
            "/api/rest/cas/spechtextview",
            Some(&a),
            Some(&body.to_string()),
        )
        .await;
    assert_eq!(before.status, 200, "{}", before.text());
    let texts = before.json()["texts"].as_array().unwrap().clone();
    assert_eq!(texts.len(), 8, "48 s of speech in 6 s segments");
    assert!(
        texts.iter().all(|t| t["hits"] == json!([])),
        "no phrases yet"
    );

    let cat = h
        .post(
            "/api/rest/cas/phraselist",
            Some(&a),
            r#"{"category": "Courtesy"}"#,
        )
        .await;
    let cat_id = cat.json()["categories"][0]["id"].as_u64().unwrap();
    // Generated agent lines say "...can I help you...": "help you" hits as itself, "may I"
    // through its alternate "can I".
    for (phrase, sounds_like) in [("help you", ""), ("may I", "can I")] {
        let made = h
            .post(
                "/api/rest/cas/phrase",
                Some(&a),
                &json!({"phrase": phrase, "soundsLike": sounds_like, "categoryId": cat_id})
                    .to_string(),
            )
            .await;
        assert_eq!(made.status, 200, "{}", made.text());
    }
    let after = h
        .call(
            Method::PUT,
            "/api/rest/cas/spechtextview",
            Some(&a),
            Some(&body.to_string()),
        )
        .await;
    let phrases: Vec<String> = after.json()["texts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["hits"].as_array().unwrap().clone())
        .map(|h| h["phrase"].as_str().unwrap().to_string())
        .collect();
    assert!(phrases.contains(&"help you".to_string()), "{phrases:?}");
    assert!(phrases.contains(&"may I".to_string()), "{phrases:?}");
    snap_json!("transcript_of_engine_call", after.json());
    let speech = h
        .get(&format!("/api/rest/cas/contact?ccrId={ccr}"), Some(&a))
        .await;
    assert_eq!(
        speech.json()["hits"].as_array().unwrap().len(),
        phrases.len(),
        "{}",
        speech.text()
    );
}
