//! Seed 001 "Generic Text Import API" and "Generic Text Import with Multiple Files API".

mod common;
mod contacts_common;

use axum::http::Method;
use common::Harness;
use contacts_common::*;
use serde_json::{Value, json};

async fn search(h: &Harness, cookie: &str, query: &str) -> Value {
    let reply = h
        .get(
            &format!("/api/rest/recording/contact?{query}"),
            Some(cookie),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()
}

#[tokio::test]
async fn the_seeds_batch_csv_imports_with_its_text_files_in_a_zip() {
    let h = world();
    let a = h.login(ADMIN).await;
    let archive = zip(&[
        ("textcontacts/textcontacts.csv", fixture("textcontacts.csv")),
        ("textcontacts/email1.txt", fixture("email1.txt")),
        ("chat1.txt", b"agent: hello\ncustomer: my bill".to_vec()),
    ]);
    let reply = upload_raw(
        &h,
        "/api/upload/textcontacts/",
        &a,
        multipart(&[
            ("textcontacts.zip", "application/zip", archive),
            (
                "email2.txt",
                "text/plain",
                b"Please close my account.".to_vec(),
            ),
        ]),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    snap_json!("batch_csv", reply.json());
    let found = search(
        &h,
        &a,
        "beginDate=2015-08-01&endDate=2015-08-31&expand=metadata",
    )
    .await;
    snap_json!("batch_csv_search", found);
    let emails = search(
        &h,
        &a,
        "beginDate=2015-08-01&endDate=2015-08-31&contactType=EMAIL",
    )
    .await;
    assert_eq!(emails.as_array().unwrap().len(), 2);
    // The same source ids again are refused; the record without id is imported again.
    let again = upload_raw(
        &h,
        "/api/upload/textcontacts/",
        &a,
        multipart(&[
            ("textcontacts.csv", "text/csv", fixture("textcontacts.csv")),
            ("email1.txt", "text/plain", fixture("email1.txt")),
            ("email2.txt", "text/plain", b"x".to_vec()),
            ("chat1.txt", "text/plain", b"y".to_vec()),
        ]),
    )
    .await
    .json();
    assert_eq!(
        (again["imported"].clone(), again["failed"].clone()),
        (json!(1), json!(2))
    );
    assert!(
        again["records"][0]["errors"][0]
            .as_str()
            .unwrap()
            .contains("already been used")
    );
}

#[tokio::test]
async fn the_seeds_json_file_example_imports_verbatim() {
    let h = world();
    let a = h.login(ADMIN).await;
    let reply = upload_raw(
        &h,
        "/api/upload/textcontacts/",
        &a,
        multipart(&[
            (
                "textcontacts.json",
                "application/json",
                fixture("textcontacts.json"),
            ),
            ("email1.txt", "text/plain", fixture("email1.txt")),
            ("chat1.txt", "text/plain", b"hi".to_vec()),
            ("call.wav", "audio/wav", wav(1)),
            ("notes.doc", "application/msword", b"?".to_vec()),
        ]),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    snap_json!("json_files", reply.json());
}

#[tokio::test]
async fn the_json_api_imports_records_and_refuses_reused_ids() {
    let h = world();
    let a = h.login(ADMIN).await;
    let body = json!({
        "textType": "chat",
        "evalForm": {"name": "Chat form"},
        "records": [
            {"time": 1767600000000i64, "username": "john.smith@acme.com", "sender": "cust@x.com",
             "receiver": "a|b", "text": "hello there", "subject": "Hi", "id": "src-1",
             "metadata": {"field1": "v"}},
            {"time": 1767600001000i64, "username": "john.smith@acme.com", "text": "again", "id": "src-1"},
            {"time": "soon", "username": "nobody", "metadata": {"undefined": "x"}},
            {"username": "john.smith@acme.com", "text": "t", "textType": "fax"}
        ]
    });
    let reply = h
        .post("/api/rest/cas/importtext", Some(&a), &body.to_string())
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    snap_json!("json_api", reply.json());
    let found = search(&h, &a, "contactType=TEXT").await;
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["subject"], "Hi");
    let put = h
        .call(
            Method::PUT,
            "/api/rest/cas/importtext",
            Some(&a),
            Some(&json!({"textType": "email", "records": [{"time": 1, "username": "2", "text": "t", "id": "e-1"}]}).to_string()),
        )
        .await;
    assert_eq!(put.json()["imported"], 1, "{}", put.text());
    for (bad, field) in [
        (json!({"records": []}), "textType"),
        (json!({"textType": "chat"}), "records"),
        (json!({"textType": "chat", "records": {}}), "records"),
    ] {
        let reply = h
            .post("/api/rest/cas/importtext", Some(&a), &bad.to_string())
            .await;
        assert_eq!(reply.status, 400);
        assert!(reply.message().contains(field), "{}", reply.message());
    }
    let verbatim = h
        .post(
            "/api/rest/cas/importtext",
            Some(&a),
            &String::from_utf8(fixture("importtext.json")).unwrap(),
        )
        .await;
    assert_eq!(verbatim.status, 200, "{}", verbatim.text());
    snap_json!("seed_example", verbatim.json());
}
