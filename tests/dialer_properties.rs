//! Properties of the dialer's CSV import (seed 004): whatever the CSV, every data row is counted
//! exactly once, as created, duplicate or invalid; and a second import of the same file creates
//! nothing when duplicates are checked on the phone.

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::Harness;
use proptest::prelude::*;
use serde_json::Value;
use wfo_harness::http::basic_auth::basic_header;

const WORLD: &str = "dialer:\n  lists: [{id: 1, name: L, customFields: [{id: 1, name: note}]}]\n";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn post(h: &Harness, path: &str, content_type: &str, body: String) -> Value {
    let r = h
        .send(
            Request::post(path)
                .header(header::AUTHORIZATION, basic_header("admin", "password"))
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert!(r.status < 300, "{}: {}", r.status, r.text());
    r.json()
}

/// A cell: phone-like, text, empty, or text that needs quoting (commas, quotes, newlines).
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,3}",
        "[a-z ]{0,6}",
        Just(String::new()),
        "[a-z,\"\n]{1,5}".prop_map(|s| format!("\"{}\"", s.replace('"', "\"\""))),
        "\\+?[0-9 ()-]{0,6}",
    ]
}

/// A row of 2..=4 cells (the header has 3: short and long rows are malformed).
fn row() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(cell(), 2..=4)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    #[test]
    fn created_plus_duplicate_plus_invalid_is_every_data_row(
        rows in proptest::collection::vec(row(), 0..25),
        dedupe in any::<bool>(),
    ) {
        let mut csv = String::from("Name,Phone,Note\n");
        for r in &rows {
            csv.push_str(&r.join(","));
            csv.push('\n');
        }
        let h = Harness::with_scenario(WORLD);
        let duplicates = if dedupe { r#"["phone"]"# } else { "[]" };
        let (first, second) = runtime().block_on(async {
            let up = post(&h, "/dialer/api/cm/contacts/upload", "text/csv", csv).await;
            let name = up["name"].as_str().unwrap().to_string();
            let body = format!(r#"{{"binding":{{"firstName":"Name","phone":"Phone","cf_1":"Note"}},"ListId":1,"duplicates":{duplicates}}}"#);
            let path = format!("/dialer/api/cm/contacts/upload/{name}");
            let first = post(&h, &path, "application/json", body.clone()).await;
            let second = post(&h, &path, "application/json", body).await;
            (first, second)
        });
        let n = |v: &Value, k: &str| v[k].as_u64().unwrap();
        for result in [&first, &second] {
            prop_assert_eq!(n(result, "total"), rows.len() as u64);
            prop_assert_eq!(
                n(result, "created") + n(result, "duplicates") + n(result, "invalid"),
                rows.len() as u64
            );
        }
        prop_assert_eq!(n(&first, "invalid"), n(&second, "invalid"));
        if dedupe {
            // A row with a phone that was created is a duplicate the second time; rows without
            // a phone cannot be checked and are created again.
            prop_assert!(n(&second, "created") <= n(&first, "created"));
            prop_assert!(n(&second, "duplicates") >= n(&first, "created") - n(&second, "created"));
        } else {
            prop_assert_eq!(n(&second, "created"), n(&first, "created"));
        }
    }
}
