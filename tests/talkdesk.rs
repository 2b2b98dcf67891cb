//! Talkdesk (seed 002) over HTTP: OAuth client credentials, the users bulk import (template,
//! upload, job progress on the virtual clock, cancel, 20-day retention), the users it changes.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::{Harness, Reply};
use serde_json::{Value, json};
use wfo_harness::http::basic_auth::basic_header;

const IMPORTS: &str = "/talkdesk/bulk-imports/users";
const BOUNDARY: &str = "XyZ-boundary";

async fn token_reply(h: &Harness, auth: Option<(&str, &str)>, form: &str) -> Reply {
    let mut b = Request::post("/talkdesk/oauth/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some((id, secret)) = auth {
        b = b.header(header::AUTHORIZATION, basic_header(id, secret));
    }
    h.send(b.body(Body::from(form.to_string())).unwrap()).await
}

async fn token(h: &Harness) -> String {
    let r = token_reply(
        h,
        Some(("harness-client", "harness-secret")),
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["access_token"].as_str().unwrap().to_string()
}

async fn call(h: &Harness, token: &str, method: Method, path: &str, body: Option<Value>) -> Reply {
    let b = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    let req = match body {
        Some(v) => b
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(v.to_string())),
        None => b.body(Body::empty()),
    };
    h.send(req.unwrap()).await
}

fn multipart(parts: &[(&str, Option<&str>, &str)]) -> String {
    let mut out = String::new();
    for (name, file, data) in parts {
        out.push_str(&format!("--{BOUNDARY}\r\n"));
        match file {
            Some(f) => out.push_str(&format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: text/csv\r\n\r\n"
            )),
            None => out.push_str(&format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n")),
        }
        out.push_str(data);
        out.push_str("\r\n");
    }
    out.push_str(&format!("--{BOUNDARY}--\r\n"));
    out
}

async fn upload(h: &Harness, token: &str, kind: Option<&str>, csv: Option<&str>) -> Reply {
    let mut parts = Vec::new();
    if let Some(c) = csv {
        parts.push(("file", Some("users.csv"), c));
    }
    if let Some(k) = kind {
        parts.push(("type", None, k));
    }
    h.send(
        Request::post(IMPORTS)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Body::from(multipart(&parts)))
            .unwrap(),
    )
    .await
}

fn users_csv(n: usize) -> String {
    let mut csv = String::from("Full Name,Email,Ring Groups,Extension\n");
    for i in 0..n {
        csv.push_str(&format!(
            "User {i},user{i}@example.com,sales;support,{}\n",
            2000 + i
        ));
    }
    csv
}

async fn status_of(h: &Harness, token: &str, id: &str) -> Value {
    let r = call(h, token, Method::GET, &format!("{IMPORTS}/{id}"), None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

async fn user_emails(h: &Harness, token: &str) -> Vec<String> {
    let r = call(h, token, Method::GET, "/talkdesk/users?per_page=100", None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["_embedded"]["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn client_credentials_give_a_bearer_token() {
    let h = Harness::new();
    let ok = token_reply(
        &h,
        Some(("harness-client", "harness-secret")),
        "grant_type=client_credentials&scope=users%3Aread+bulk-imports:read",
    )
    .await;
    assert_eq!(ok.status, 200);
    snap_json!("token", ok.json());
    // Client id and secret as form fields (RFC 6749 2.3.1) work too.
    let form = token_reply(
        &h,
        None,
        "grant_type=client_credentials&client_id=harness-client&client_secret=harness-secret",
    )
    .await;
    assert_eq!(form.status, 200);
    assert_eq!(
        form.json()["scope"],
        "bulk-imports:read bulk-imports:write users:read"
    );

    let as_json = h
        .send(
            Request::post("/talkdesk/oauth/token")
                .header(
                    header::AUTHORIZATION,
                    basic_header("harness-client", "harness-secret"),
                )
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    r#"{"grant_type": "client_credentials", "scope": "users:read"}"#,
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(as_json.json()["scope"], "users:read", "{}", as_json.text());

    let wrong = token_reply(
        &h,
        Some(("harness-client", "nope")),
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(wrong.status, 401);
    snap_json!("token_wrong_secret", wrong.json());
    let none = token_reply(&h, None, "grant_type=client_credentials").await;
    assert_eq!(none.status, 401);
    let grant = token_reply(
        &h,
        Some(("harness-client", "harness-secret")),
        "grant_type=password",
    )
    .await;
    assert_eq!(grant.status, 400);
    snap_json!("token_bad_grant", grant.json());
    let missing = token_reply(&h, Some(("harness-client", "harness-secret")), "").await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json()["fields"][0]["name"], "grant_type");
    let scope = token_reply(
        &h,
        Some(("harness-client", "harness-secret")),
        "grant_type=client_credentials&scope=users:write",
    )
    .await;
    assert_eq!(scope.status, 400);
    snap_json!("token_scope_not_granted", scope.json());
}

#[tokio::test]
async fn scopes_and_limits_come_from_the_scenario() {
    let h = Harness::with_scenario(
        "talkdesk:\n  clients:\n    - {id: ro, secret: s, scopes: [users:read]}\n  tokenTtlSeconds: 60\n  maxCsvLines: 3\n",
    );
    let r = token_reply(&h, Some(("ro", "s")), "grant_type=client_credentials").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["expires_in"], 60);
    let t = r.json()["access_token"].as_str().unwrap().to_string();
    let refused = upload(&h, &t, Some("CREATE_USERS"), Some(&users_csv(1))).await;
    assert_eq!(refused.status, 403);
    snap_json!("missing_scope", refused.json());
    let old = token_reply(
        &h,
        Some(("harness-client", "harness-secret")),
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(
        old.status, 401,
        "the default client is not in this scenario"
    );
}

#[tokio::test]
async fn the_template_is_a_csv_header() {
    let h = Harness::new();
    let t = token(&h).await;
    let r = call(&h, &t, Method::GET, &format!("{IMPORTS}/template"), None).await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/csv"));
    assert_eq!(
        r.text(),
        "Current Email,Full Name,Email,Ring Groups,Extension,Role\r\n"
    );
}

#[tokio::test]
async fn users_are_the_scenario_persons_paginated() {
    let h = Harness::new();
    let t = token(&h).await;
    let r = call(
        &h,
        &t,
        Method::GET,
        "/talkdesk/users?page=1&per_page=1",
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    snap_json!("users_page_1", r.json());
    let one = call(
        &h,
        &t,
        Method::GET,
        "/talkdesk/users/000000000000000000000005",
        None,
    )
    .await;
    assert_eq!(one.json()["email"], "agent@example.com");
    let none = call(&h, &t, Method::GET, "/talkdesk/users/ffff", None).await;
    assert_eq!(none.status, 404);
    for bad in ["page=0", "per_page=101", "per_page=x"] {
        let r = call(&h, &t, Method::GET, &format!("/talkdesk/users?{bad}"), None).await;
        assert_eq!(r.status, 400, "{bad}");
    }
    let r = call(&h, &t, Method::GET, "/talkdesk/users?per_page=0", None).await;
    snap_json!("users_bad_per_page", r.json());
}

#[tokio::test]
async fn an_import_progresses_with_the_virtual_clock_and_reports_row_errors() {
    let h = Harness::new();
    let t = token(&h).await;
    let csv = "Full Name,Email,Extension\nNew One,new.one@example.com,3001\nNo Mail,,3002\nAda Again,admin@example.com,3003\nBad Ext,bad.ext@example.com,12a\n";
    let created = upload(&h, &t, Some("CREATE_USERS"), Some(csv)).await;
    assert_eq!(created.status, 202, "{}", created.text());
    let body = created.json();
    assert_eq!(
        created.header("location").unwrap(),
        body["_links"]["self"]["href"].as_str().unwrap()
    );
    snap_json!("import_created", body);
    let id = body["id"].as_str().unwrap().to_string();

    h.advance("", 1_000).await;
    assert_eq!(status_of(&h, &t, &id).await["status"], "IN_PROGRESS");
    h.advance("", 200).await;
    let midway = status_of(&h, &t, &id).await;
    assert_eq!(midway["processed_rows"], 2);
    assert!(
        !user_emails(&h, &t)
            .await
            .contains(&"new.one@example.com".to_string())
    );
    h.advance("", 200).await;
    let done = status_of(&h, &t, &id).await;
    snap_json!("import_completed_with_errors", done);
    assert!(
        user_emails(&h, &t)
            .await
            .contains(&"new.one@example.com".to_string())
    );

    let list = call(&h, &t, Method::GET, IMPORTS, None).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.json()["total"], 1);
    assert_eq!(list.json()["_embedded"]["imports"][0]["id"], id.as_str());
}

#[tokio::test]
async fn update_and_delete_imports_change_the_users() {
    let h = Harness::new();
    let t = token(&h).await;
    let up = upload(
        &h,
        &t,
        Some("UPDATE_USERS"),
        Some("Current Email,Full Name,Role\nagent@example.com,Avery Renamed,Supervisor\nghost@example.com,Nobody,\n"),
    )
    .await;
    assert_eq!(up.status, 202, "{}", up.text());
    h.advance("", 10_000).await;
    let id = up.json()["id"].as_str().unwrap().to_string();
    let done = status_of(&h, &t, &id).await;
    assert_eq!(done["status"], "COMPLETED_WITH_ERRORS");
    assert_eq!(
        done["errors"],
        json!([{"line": 3, "column": "Current Email", "code": "NOT_FOUND"}])
    );
    let agent = call(
        &h,
        &t,
        Method::GET,
        "/talkdesk/users/000000000000000000000005",
        None,
    )
    .await;
    assert_eq!(agent.json()["name"], "Avery Renamed");
    assert_eq!(agent.json()["role"], "Supervisor");

    let del = upload(
        &h,
        &t,
        Some("delete_users"),
        Some("Current Email\nagent@example.com\n"),
    )
    .await;
    assert_eq!(del.status, 202, "{}", del.text());
    h.advance("", 10_000).await;
    let id = del.json()["id"].as_str().unwrap().to_string();
    assert_eq!(status_of(&h, &t, &id).await["status"], "COMPLETED");
    assert_eq!(user_emails(&h, &t).await, vec!["admin@example.com"]);

    let failed = upload(
        &h,
        &t,
        Some("DELETE_USERS"),
        Some("Current Email\nagent@example.com\n"),
    )
    .await;
    h.advance("", 10_000).await;
    let id = failed.json()["id"].as_str().unwrap().to_string();
    assert_eq!(status_of(&h, &t, &id).await["status"], "FAILED");
}

#[tokio::test]
async fn a_thousand_users_complete_and_a_thousand_and_one_are_refused() {
    let h = Harness::new();
    let t = token(&h).await;
    let ok = upload(&h, &t, Some("CREATE_USERS"), Some(&users_csv(1000))).await;
    assert_eq!(ok.status, 202, "{}", ok.text());
    assert_eq!(ok.json()["total_rows"], 1000);
    h.advance("", 1_000 + 1000 * 100).await;
    let id = ok.json()["id"].as_str().unwrap().to_string();
    let done = status_of(&h, &t, &id).await;
    assert_eq!(done["status"], "COMPLETED");
    assert_eq!(done["successful_rows"], 1000);
    let users = call(&h, &t, Method::GET, "/talkdesk/users", None).await;
    assert_eq!(users.json()["total"], 1002);

    let too_many = upload(&h, &t, Some("CREATE_USERS"), Some(&users_csv(1001))).await;
    assert_eq!(too_many.status, 413);
    snap_json!("import_too_many_lines", too_many.json());
}

#[tokio::test]
async fn bad_uploads_are_refused_naming_the_field() {
    let h = Harness::new();
    let t = token(&h).await;
    let json_body = call(
        &h,
        &t,
        Method::POST,
        IMPORTS,
        Some(json!({"type": "CREATE_USERS"})),
    )
    .await;
    assert_eq!(json_body.status, 415);
    snap_json!("import_not_multipart", json_body.json());
    let no_file = upload(&h, &t, Some("CREATE_USERS"), None).await;
    assert_eq!(no_file.status, 400);
    snap_json!("import_no_file", no_file.json());
    let no_type = upload(&h, &t, None, Some(&users_csv(1))).await;
    assert_eq!(no_type.status, 400);
    assert_eq!(no_type.json()["fields"][0]["name"], "type");
    let bad_type = upload(&h, &t, Some("MERGE_USERS"), Some(&users_csv(1))).await;
    assert_eq!(bad_type.status, 400);
    snap_json!("import_bad_type", bad_type.json());
    let bad_header = upload(
        &h,
        &t,
        Some("CREATE_USERS"),
        Some("Full Name,Email,Nickname\na,b@c.de,x\n"),
    )
    .await;
    assert_eq!(bad_header.status, 400);
    snap_json!("import_bad_header", bad_header.json());
    let missing = upload(&h, &t, Some("UPDATE_USERS"), Some("Full Name\nx\n")).await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json()["fields"][0]["name"], "Current Email");
    let empty = upload(&h, &t, Some("CREATE_USERS"), Some("")).await;
    assert_eq!(empty.status, 400);
    let list = call(&h, &t, Method::GET, IMPORTS, None).await;
    assert_eq!(list.json()["total"], 0, "refused uploads start nothing");
}

#[tokio::test]
async fn an_import_can_be_canceled_midway_but_not_once_finished() {
    let h = Harness::new();
    let t = token(&h).await;
    let r = upload(&h, &t, Some("CREATE_USERS"), Some(&users_csv(10))).await;
    let id = r.json()["id"].as_str().unwrap().to_string();
    let path = format!("{IMPORTS}/{id}");
    h.advance("", 1_000 + 450).await;
    let bad = call(
        &h,
        &t,
        Method::PATCH,
        &path,
        Some(json!({"status": "COMPLETED"})),
    )
    .await;
    assert_eq!(bad.status, 400);
    snap_json!("cancel_bad_status", bad.json());
    let canceled = call(
        &h,
        &t,
        Method::PATCH,
        &path,
        Some(json!({"status": "CANCELED"})),
    )
    .await;
    assert_eq!(canceled.status, 200, "{}", canceled.text());
    snap_json!("canceled", canceled.json());
    // The 4 rows processed before the cancel took effect; the rest never will.
    h.advance("", 100_000).await;
    let after = status_of(&h, &t, &id).await;
    assert_eq!(
        (after["status"].as_str(), after["successful_rows"].as_u64()),
        (Some("CANCELED"), Some(4))
    );
    assert_eq!(user_emails(&h, &t).await.len(), 2 + 4);
    let again = call(
        &h,
        &t,
        Method::PATCH,
        &path,
        Some(json!({"status": "CANCELED"})),
    )
    .await;
    assert_eq!(again.status, 409);
    snap_json!("cancel_finished", again.json());
    let unknown = call(
        &h,
        &t,
        Method::PATCH,
        &format!("{IMPORTS}/nope"),
        Some(json!({"status": "CANCELED"})),
    )
    .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn imports_are_gone_after_twenty_days() {
    let h = Harness::new();
    let t = token(&h).await;
    let r = upload(&h, &t, Some("CREATE_USERS"), Some(&users_csv(2))).await;
    let id = r.json()["id"].as_str().unwrap().to_string();
    h.advance("", 20 * 86_400_000 - 1).await;
    let t = token(&h).await;
    assert_eq!(status_of(&h, &t, &id).await["status"], "COMPLETED");
    h.advance("", 1).await;
    let gone = call(&h, &t, Method::GET, &format!("{IMPORTS}/{id}"), None).await;
    assert_eq!(gone.status, 404);
    snap_json!("import_gone", gone.json());
    let list = call(&h, &t, Method::GET, IMPORTS, None).await;
    assert_eq!(list.json()["total"], 0);
    // Its users stay.
    assert_eq!(user_emails(&h, &t).await.len(), 4);
}

#[tokio::test]
async fn imports_list_in_hal_pages_newest_first() {
    let h = Harness::new();
    let t = token(&h).await;
    let mut ids = Vec::new();
    for i in 0..3 {
        let csv = format!("Full Name,Email\nU{i},u{i}@example.com\n");
        let r = upload(&h, &t, Some("CREATE_USERS"), Some(&csv)).await;
        ids.push(r.json()["id"].as_str().unwrap().to_string());
    }
    let p2 = call(
        &h,
        &t,
        Method::GET,
        &format!("{IMPORTS}?page=2&per_page=1"),
        None,
    )
    .await;
    assert_eq!(p2.status, 200);
    let body = p2.json();
    assert_eq!(body["_embedded"]["imports"][0]["id"], ids[1].as_str());
    snap_json!("imports_page_2", body);
    let bad = call(&h, &t, Method::GET, &format!("{IMPORTS}?page=-1"), None).await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["fields"][0]["name"], "page");
}

async fn sandbox_token(h: &Harness) -> String {
    let r = h
        .send(
            Request::post("/sandbox/ci-1/talkdesk/oauth/token")
                .header(
                    header::AUTHORIZATION,
                    basic_header("harness-client", "harness-secret"),
                )
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("grant_type=client_credentials"))
                .unwrap(),
        )
        .await;
    r.json()["access_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn sandboxes_keep_their_own_tokens_and_links() {
    let h = Harness::new();
    let t = sandbox_token(&h).await;
    // Tokens, like session ids, do not depend on the sandbox's name (same suite, same
    // transcript), but each sandbox knows only its own.
    assert_eq!(t, token(&h).await);
    let list = call(
        &h,
        &t,
        Method::GET,
        "/sandbox/ci-1/talkdesk/users?per_page=1",
        None,
    )
    .await;
    assert_eq!(list.status, 200, "{}", list.text());
    assert_eq!(
        list.json()["_links"]["next"]["href"],
        "/sandbox/ci-1/talkdesk/users?page=2&per_page=1"
    );
    let second = sandbox_token(&h).await;
    let other = call(&h, &second, Method::GET, "/talkdesk/users", None).await;
    assert_eq!(other.status, 401);
}

#[tokio::test]
async fn transcripts_keep_no_client_secret_nor_token() {
    let h = Harness::new();
    let t = token(&h).await;
    upload(&h, &t, Some("CREATE_USERS"), Some(&users_csv(1))).await;
    let transcript = h.transcript("").await;
    let text = serde_json::to_string(&transcript).unwrap();
    assert!(!text.contains("harness-secret"), "{text}");
    assert!(!text.contains(&t), "{text}");
    let basic = basic_header("harness-client", "harness-secret");
    assert!(!text.contains(basic.trim_start_matches("Basic ")), "{text}");
    let keys: Vec<&str> = transcript
        .iter()
        .filter_map(|e| e["endpoint"].as_str())
        .collect();
    assert_eq!(keys, ["talkdesk.token", "talkdesk.bulk_import"]);
}

#[tokio::test]
async fn a_job_fault_fails_the_next_import_and_no_row_takes_effect() {
    let h = Harness::new();
    let t = token(&h).await;
    let fault = r#"{"endpoint": "talkdesk.bulk_import", "jobOutcome": "FAILED", "times": 1}"#;
    assert_eq!(h.post("/__admin/faults", None, fault).await.status, 201);
    // A refused upload creates no job and leaves the fault armed.
    assert_eq!(upload(&h, &t, Some("CREATE_USERS"), None).await.status, 400);
    let failed = upload(&h, &t, Some("CREATE_USERS"), Some(&users_csv(2))).await;
    assert_eq!(failed.status, 202, "{}", failed.text());
    let failed = failed.json()["id"].as_str().unwrap().to_string();
    h.advance("", 1_000 + 200).await;
    let done = status_of(&h, &t, &failed).await;
    assert_eq!(
        (
            &done["status"],
            &done["processed_rows"],
            &done["successful_rows"]
        ),
        (&json!("FAILED"), &json!(0), &json!(0)),
        "{done}"
    );
    assert!(
        !user_emails(&h, &t)
            .await
            .contains(&"user0@example.com".to_string())
    );
    // The fault is spent: the same upload now completes.
    let ok = upload(&h, &t, Some("CREATE_USERS"), Some(&users_csv(2))).await;
    let ok = ok.json()["id"].as_str().unwrap().to_string();
    h.advance("", 1_000 + 200).await;
    assert_eq!(status_of(&h, &t, &ok).await["status"], "COMPLETED");
    assert!(
        user_emails(&h, &t)
            .await
            .contains(&"user0@example.com".to_string())
    );
    let transcript = h.transcript("").await;
    let hits: Vec<_> = transcript
        .iter()
        .filter_map(|e| {
            e.get("fault")
                .map(|f| (e["endpoint"].clone(), f["id"].clone()))
        })
        .collect();
    assert_eq!(hits, [(json!("talkdesk.bulk_import"), json!(1))]);
}
