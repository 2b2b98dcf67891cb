//! The XCALLY-style dialer (seed 004) over HTTP: the seed's curl examples replayed verbatim,
//! the read/update/delete side, associations, the two-step CSV import and every error path.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::{Harness, Reply};
use serde_json::json;
use wfo_harness::http::basic_auth::basic_header;

/// The seed's world: persons 24, 26 and 31 (the agents of its examples), lists 12, 32 and 33,
/// list 12 with custom fields 1 and 3, and a campaign 58 so that the next one is 59.
const SEED_WORLD: &str = r#"
name: dialer-seed
clock: {start: "2019-07-25T09:29:42Z", frozen: true}
tenants:
  - id: 1
    name: T
    groups: [{id: 2, name: G}]
    teams: [{id: 3, name: T, group: 2}]
    persons:
      - {id: 24, firstName: Ann, lastName: A, email: ann@example.com, team: 3, systemUsername: ann, acdId: "1024"}
      - {id: 26, firstName: Bob, lastName: B, email: bob@example.com, team: 3}
      - {id: 31, firstName: Cy, lastName: C, email: cy@example.com, team: 3}
dialer:
  users: [{username: admin, password: password}]
  lists:
    - id: 12
      name: Existing
      customFields: [{id: 1, name: notes}, {id: 3, name: source}]
    - {id: 32, name: Thirty-two}
    - {id: 33, name: Thirty-three}
  campaigns:
    - {id: 58, name: Older}
"#;

async fn send(h: &Harness, method: Method, path: &str, content_type: &str, body: &str) -> Reply {
    h.send(
        Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, basic_header("admin", "password"))
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

async fn post(h: &Harness, path: &str, body: &str) -> Reply {
    send(h, Method::POST, path, "application/json", body).await
}

async fn get(h: &Harness, path: &str) -> Reply {
    send(h, Method::GET, path, "application/json", "").await
}

#[tokio::test]
async fn the_seeds_curl_examples_succeed_verbatim() {
    let h = Harness::with_scenario(SEED_WORLD);
    let list1 = post(
        &h,
        "/dialer/api/cm/lists",
        r#"{"name": "list1", "description": "A brief description of my list"}"#,
    )
    .await;
    assert_eq!(list1.status, 201, "{}", list1.text());
    snap_json!("seed_list_created", list1.json());
    let c = post(
        &h,
        "/dialer/api/cm/contacts",
        r#"{"firstName": "John", "lastName": "doe", "phone": "1234567890", "ListId": 12}"#,
    )
    .await;
    assert_eq!(c.status, 201, "{}", c.text());
    let cf = post(&h, "/dialer/api/cm/contacts", r#"{"firstName": "John", "lastName": "doe", "phone": "1234567890", "ListId": 12, "cf_1": "some text", "cf_3": "some other text"}"#).await;
    assert_eq!(cf.status, 201, "{}", cf.text());
    snap_json!("seed_contact_with_custom_fields", cf.json());
    let queue = post(&h, "/dialer/api/voice/queues", r#"{"dialActive":true,"type":"outbound","dialCheckDuplicateType":"always","dialCutDigit":0,"autopause":"no","ringinuse":"no","timeoutrestart":"no","setinterfacevar":"no","setqueuevar":"no","setqueueentryvar":"no","dialOrderByScheduledAt":"ASC","dialGlobalInterval":"07:00-22:00,*,*,*","dialAMDInitialSilence":2500,"dialAMDGreeting":1500,"dialAMDAfterGreetingSilence":800,"dialAMDTotalAnalysisTime":5000,"dialAMDMinWordLength":100,"dialAMDBetweenWordsSilence":50,"dialAMDMaximumNumberOfWords":3,"dialAMDSilenceThreshold":256,"dialAMDMaximumWordLength":5000,"dialMethod":"progressive","dialPowerLevel":1,"dialPredictiveOptimization":"dropRate","dialPredictiveOptimizationPercentage":3,"dialPredictiveInterval":10,"dialLimitQueue":0,"dialRandomLastDigitCallerIdNumber":0,"dialOriginateTimeout":30,"dialQueueOptions":"tTxX","dialQueueTimeout":3,"strategy":"rrmemory","timeout":3,"retry":3,"weight":1,"dialGlobalMaxRetry":4,"dialCongestionMaxRetry":3,"dialCongestionRetryFrequency":150,"dialBusyMaxRetry":3,"dialBusyRetryFrequency":150,"dialNoAnswerMaxRetry":3,"dialNoAnswerRetryFrequency":150,"name":"TestCampaign","TrunkId":12,"IntervalId":11}"#).await;
    assert_eq!(queue.status, 201, "{}", queue.text());
    assert_eq!(queue.json()["id"], 59);
    snap_json!("seed_queue_created", queue.json());
    let list = post(&h, "/dialer/api/cm/lists", r#"{"name":"TestList"}"#).await;
    assert_eq!(list.status, 201, "{}", list.text());
    let ql = post(
        &h,
        "/dialer/api/voice/queues/59/lists",
        r#"{"id":59,"ids":[32, 33]}"#,
    )
    .await;
    assert_eq!(ql.status, 201, "{}", ql.text());
    let qu = post(
        &h,
        "/dialer/api/voice/queues/59/users",
        r#"{"id":59,"ids":[24,26,31],"penalty":"0"}"#,
    )
    .await;
    assert_eq!(qu.status, 201, "{}", qu.text());
    snap_json!("seed_queue_users", qu.json());
    let lu = post(
        &h,
        "/dialer/api/cm/lists/32/users",
        r#"{"id":32,"ids":[24,26,31]}"#,
    )
    .await;
    assert_eq!(lu.status, 201, "{}", lu.text());
    let lc = post(&h, "/dialer/api/cm/lists/32/contacts", r#"[{"ListId":32,"firstName":"test1","lastName":"asdasd","phone":"123456789","cf_1":"qwertyuio"},{"ListId":32,"firstName":"test2","lastName":"asdasd","phone":"098765432","cf_3":"asdfghjk"}]"#).await;
    // cf_1 and cf_3 belong to list 12 in this world: list 32 has no custom fields.
    assert_eq!(lc.status, 400, "{}", lc.text());
    snap_json!("seed_list_contacts_unknown_custom_field", lc.json());
    let f1 = post(
        &h,
        "/dialer/api/cm/custom_fields",
        r#"{"name": "a", "ListId": 32}"#,
    )
    .await;
    let f2 = post(
        &h,
        "/dialer/api/cm/custom_fields",
        r#"{"name": "b", "ListId": 32}"#,
    )
    .await;
    let f3 = post(
        &h,
        "/dialer/api/cm/custom_fields",
        r#"{"name": "c", "ListId": 32}"#,
    )
    .await;
    assert_eq!((f1.status, f2.status, f3.status), (201, 201, 201));
    assert_eq!(f1.json()["id"], 4);
    let fields = get(&h, "/dialer/api/cm/lists/12/fields").await;
    assert_eq!(fields.json()["count"], 2);
    // The seed's examples give custom fields 1 and 3 to list 12 in one place and to list 32 in
    // another; field ids are global, so the second example runs in a world where list 32 has them.
    let h32 = Harness::with_scenario(
        &SEED_WORLD
            .replace(
                "      customFields: [{id: 1, name: notes}, {id: 3, name: source}]\n",
                "",
            )
            .replace(
                "{id: 32, name: Thirty-two}",
                "{id: 32, name: Thirty-two, customFields: [{id: 1, name: notes}, {id: 3, name: source}]}",
            ),
    );
    let lc = post(&h32, "/dialer/api/cm/lists/32/contacts", r#"[{"ListId":32,"firstName":"test1","lastName":"asdasd","phone":"123456789","cf_1":"qwertyuio"},{"ListId":32,"firstName":"test2","lastName":"asdasd","phone":"098765432","cf_3":"asdfghjk"}]"#).await;
    assert_eq!(lc.status, 201, "{}", lc.text());
    snap_json!("seed_list_contacts", lc.json());

    // Step 1 as the seed's curl sends it: the file as the body, form content type.
    let up = send(
        &h,
        Method::POST,
        "/dialer/api/cm/contacts/upload",
        "application/x-www-form-urlencoded",
        "Nome, telefono\nMario,3331234567\nLuigi,3337654321\n",
    )
    .await;
    assert_eq!(up.status, 201, "{}", up.text());
    snap_json!("seed_upload", up.json());
    let name = up.json()["name"].as_str().unwrap().to_string();
    let import = post(&h, &format!("/dialer/api/cm/contacts/upload/{name}"), r#"{"id":"file.csv","binding":{"firstName":"Nome","phone":" telefono"},"ListId":32,"duplicates":["phone"]}"#).await;
    assert_eq!(import.status, 200, "{}", import.text());
    snap_json!("seed_import", import.json());
}

#[tokio::test]
async fn a_csv_imported_twice_creates_each_contact_once() {
    let h = Harness::with_scenario(SEED_WORLD);
    let csv = "firstName;phone\nA;111\nB;222\nA again;111\n;\nC;not a phone\n";
    let up = send(
        &h,
        Method::POST,
        "/dialer/api/cm/contacts/upload",
        "text/csv",
        csv,
    )
    .await;
    let name = up.json()["name"].as_str().unwrap().to_string();
    let body = r#"{"binding":{"firstName":"firstName","phone":"phone"},"ListId":33,"duplicates":["phone"]}"#;
    let first = post(&h, &format!("/dialer/api/cm/contacts/upload/{name}"), body).await;
    assert_eq!(first.status, 200, "{}", first.text());
    assert_eq!(
        (
            first.json()["created"].as_u64(),
            first.json()["duplicates"].as_u64(),
            first.json()["invalid"].as_u64()
        ),
        (Some(2), Some(1), Some(2))
    );
    let second = post(&h, &format!("/dialer/api/cm/contacts/upload/{name}"), body).await;
    assert_eq!(
        (
            second.json()["created"].as_u64(),
            second.json()["duplicates"].as_u64(),
            second.json()["invalid"].as_u64()
        ),
        (Some(0), Some(3), Some(2))
    );
    let contacts = get(
        &h,
        "/dialer/api/cm/lists/33/contacts?fields=firstName,phone&sort=phone",
    )
    .await;
    assert_eq!(
        contacts.json(),
        json!({"count": 2, "rows": [{"firstName": "A", "phone": "111"}, {"firstName": "B", "phone": "222"}]})
    );
}

#[tokio::test]
async fn a_browser_upload_sends_the_csv_as_a_multipart_file() {
    let h = Harness::with_scenario(SEED_WORLD);
    let body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\tmp\\\\my list.csv\"\r\nContent-Type: text/csv\r\n\r\nName,Phone\nX,123\r\n--b--\r\n";
    let up = send(
        &h,
        Method::POST,
        "/dialer/api/cm/contacts/upload",
        "multipart/form-data; boundary=b",
        body,
    )
    .await;
    assert_eq!(up.status, 201, "{}", up.text());
    assert_eq!(up.json()["name"], "1-my_list.csv");
    let import = post(
        &h,
        "/dialer/api/cm/contacts/upload/1-my_list.csv",
        r#"{"binding":{"lastName":"Name","phone":"Phone"},"ListId":32}"#,
    )
    .await;
    assert_eq!(import.json()["created"], 1);
    let empty_form = send(
        &h,
        Method::POST,
        "/dialer/api/cm/contacts/upload",
        "multipart/form-data; boundary=b",
        "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--b--\r\n",
    )
    .await;
    assert_eq!(empty_form.status, 400);
}

#[tokio::test]
async fn csv_import_errors_name_the_problem() {
    let h = Harness::with_scenario(SEED_WORLD);
    let up = send(
        &h,
        Method::POST,
        "/dialer/api/cm/contacts/upload",
        "text/csv",
        "Nome,telefono\nA,1\n",
    )
    .await;
    let name = up.json()["name"].as_str().unwrap().to_string();
    let path = format!("/dialer/api/cm/contacts/upload/{name}");
    let missing = post(
        &h,
        "/dialer/api/cm/contacts/upload/nope.csv",
        r#"{"binding":{"phone":"telefono"},"ListId":32}"#,
    )
    .await;
    assert_eq!(missing.status, 404);
    snap_json!("import_unknown_file", missing.json());
    let column = post(
        &h,
        &path,
        r#"{"binding":{"phone":"cellulare"},"ListId":32}"#,
    )
    .await;
    assert_eq!(column.status, 400);
    snap_json!("import_unknown_column", column.json());
    let field = post(&h, &path, r#"{"binding":{"nickname":"Nome"},"ListId":32}"#).await;
    assert_eq!(field.status, 400);
    assert_eq!(field.json()["errors"][0]["path"], "binding.nickname");
    let list = post(
        &h,
        &path,
        r#"{"binding":{"phone":"telefono"},"ListId":999}"#,
    )
    .await;
    assert_eq!(list.status, 400);
    assert_eq!(list.json()["errors"][0]["path"], "ListId");
    let no_binding = post(&h, &path, r#"{"ListId":32}"#).await;
    assert_eq!(no_binding.status, 400);
    let dup = post(
        &h,
        &path,
        r#"{"binding":{"phone":"telefono"},"ListId":32,"duplicates":["shoeSize"]}"#,
    )
    .await;
    assert_eq!(dup.status, 400);
    assert_eq!(dup.json()["errors"][0]["path"], "duplicates");
    let empty = send(
        &h,
        Method::POST,
        "/dialer/api/cm/contacts/upload",
        "text/csv",
        "",
    )
    .await;
    assert_eq!(empty.status, 400);
    let contacts = get(&h, "/dialer/api/cm/contacts").await;
    assert_eq!(
        contacts.json()["count"],
        0,
        "refused imports change nothing"
    );
}

#[tokio::test]
async fn bad_bodies_get_a_message_and_field_errors() {
    let h = Harness::with_scenario(SEED_WORLD);
    let no_list = post(
        &h,
        "/dialer/api/cm/contacts",
        r#"{"firstName": "J", "ListId": 99}"#,
    )
    .await;
    assert_eq!(no_list.status, 400);
    snap_json!("contact_unknown_list", no_list.json());
    let cf = post(
        &h,
        "/dialer/api/cm/contacts",
        r#"{"firstName": "J", "ListId": 12, "cf_2": "x"}"#,
    )
    .await;
    assert_eq!(cf.status, 400);
    snap_json!("contact_unknown_custom_field", cf.json());
    let bad_phone = post(
        &h,
        "/dialer/api/cm/contacts",
        r#"{"phone": "call me", "ListId": 12}"#,
    )
    .await;
    assert_eq!(bad_phone.json()["errors"][0]["path"], "phone");
    let bad_type = post(
        &h,
        "/dialer/api/cm/contacts",
        r#"{"firstName": ["J"], "ListId": 12}"#,
    )
    .await;
    assert_eq!(bad_type.status, 400);
    let malformed = post(&h, "/dialer/api/cm/lists", r#"{"name": "#).await;
    assert_eq!(malformed.status, 400);
    snap_json!("malformed_json", malformed.json());
    let no_name = post(&h, "/dialer/api/cm/lists", r#"{"description": "x"}"#).await;
    assert_eq!(no_name.json()["errors"][0]["path"], "name");
    let taken = post(&h, "/dialer/api/cm/lists", r#"{"name": "Existing"}"#).await;
    assert_eq!(taken.status, 400);
    for (field, value) in [
        ("dialMethod", json!("turbo")),
        ("dialPowerLevel", json!(0)),
        ("dialAMDSilenceThreshold", json!(40000)),
        ("dialCheckDuplicateType", json!("sometimes")),
        ("dialGlobalInterval", json!("7-22")),
        ("dialActive", json!("yes")),
        ("strategy", json!("best")),
        ("dialOriginateTimeout", json!("soon")),
    ] {
        let mut body = json!({"name": "Q1"});
        body[field] = value;
        let r = post(&h, "/dialer/api/voice/queues", &body.to_string()).await;
        assert_eq!(r.status, 400, "{field}");
        assert_eq!(r.json()["errors"][0]["path"], field);
    }
    let r = post(
        &h,
        "/dialer/api/voice/queues",
        r#"{"name": "Q1", "dialMethod": "turbo"}"#,
    )
    .await;
    snap_json!("queue_bad_enum", r.json());
    let r = post(&h, "/dialer/api/voice/queues", r#"{"name": "has space"}"#).await;
    assert_eq!(r.json()["errors"][0]["path"], "name");
    let agents = post(
        &h,
        "/dialer/api/voice/queues/58/users",
        r#"{"ids": [24, 77, 78]}"#,
    )
    .await;
    assert_eq!(agents.status, 400);
    snap_json!("queue_users_unknown_agents", agents.json());
    let lists = post(
        &h,
        "/dialer/api/voice/queues/58/lists",
        r#"{"id": 58, "ids": [32, 99]}"#,
    )
    .await;
    assert_eq!(lists.status, 400);
    assert!(lists.text().contains("99"));
    let mismatch = post(
        &h,
        "/dialer/api/voice/queues/58/lists",
        r#"{"id": 59, "ids": [32]}"#,
    )
    .await;
    assert_eq!(mismatch.json()["errors"][0]["path"], "id");
    let no_ids = post(&h, "/dialer/api/cm/lists/32/users", r#"{"id": 32}"#).await;
    assert_eq!(no_ids.json()["errors"][0]["path"], "ids");
    let penalty = post(
        &h,
        "/dialer/api/voice/queues/58/users",
        r#"{"ids": [24], "penalty": "high"}"#,
    )
    .await;
    assert_eq!(penalty.json()["errors"][0]["path"], "penalty");
    let no_queue = post(&h, "/dialer/api/voice/queues/77/users", r#"{"ids": [24]}"#).await;
    assert_eq!(no_queue.status, 404);
    let not_array = post(
        &h,
        "/dialer/api/cm/lists/32/contacts",
        r#"[{"firstName": "ok"}, {"ListId": 33, "firstName": "x"}]"#,
    )
    .await;
    assert_eq!(not_array.json()["errors"][0]["path"], "[1].ListId");
    assert_eq!(
        get(&h, "/dialer/api/cm/lists/32/contacts").await.json()["count"],
        0,
        "all or nothing"
    );
}

#[tokio::test]
async fn collections_follow_motion_conventions() {
    let h = Harness::with_scenario(SEED_WORLD);
    let users = get(&h, "/dialer/api/users").await;
    assert_eq!(users.status, 200);
    snap_json!("users", users.json());
    for n in ["b", "c", "a"] {
        post(
            &h,
            "/dialer/api/cm/contacts",
            &format!(r#"{{"firstName": "{n}", "lastName": "Same", "ListId": 32}}"#),
        )
        .await;
    }
    let page = get(
        &h,
        "/dialer/api/cm/contacts?sort=-firstName&limit=2&offset=1&fields=id,firstName",
    )
    .await;
    assert_eq!(
        page.json(),
        json!({"count": 3, "rows": [{"id": 1, "firstName": "b"}, {"id": 3, "firstName": "a"}]})
    );
    let eq = get(&h, "/dialer/api/cm/contacts?firstName=c&fields=id").await;
    assert_eq!(eq.json(), json!({"count": 1, "rows": [{"id": 2}]}));
    let free = get(
        &h,
        "/dialer/api/cm/lists?filter=thirty&fields=id&includeGlobals=true",
    )
    .await;
    assert_eq!(
        free.json(),
        json!({"count": 2, "rows": [{"id": 32}, {"id": 33}]})
    );
    let bad = get(&h, "/dialer/api/cm/lists?limit=-1").await;
    assert_eq!(bad.status, 400);
    snap_json!("bad_limit", bad.json());
    let one = get(&h, "/dialer/api/cm/lists/32?fields=name&name=other").await;
    assert_eq!(one.json(), json!({"name": "Thirty-two"}));
    assert_eq!(get(&h, "/dialer/api/users/24").await.json()["name"], "ann");
    assert_eq!(get(&h, "/dialer/api/users/25").await.status, 404);
    assert_eq!(get(&h, "/dialer/api/cm/lists/abc").await.status, 404);
}

#[tokio::test]
async fn records_are_read_updated_and_deleted_by_id() {
    let h = Harness::with_scenario(SEED_WORLD);
    h.advance("", 60_000).await;
    let put = send(
        &h,
        Method::PUT,
        "/dialer/api/cm/lists/32",
        "application/json",
        r#"{"description": "renamed", "ignored": 1}"#,
    )
    .await;
    assert_eq!(put.status, 200, "{}", put.text());
    snap_json!("list_updated", put.json());
    let q = send(
        &h,
        Method::PUT,
        "/dialer/api/voice/queues/58",
        "application/json",
        r#"{"dialMethod": "predictive"}"#,
    )
    .await;
    assert_eq!(q.json()["dialMethod"], "predictive");
    let bad = send(
        &h,
        Method::PUT,
        "/dialer/api/voice/queues/58",
        "application/json",
        r#"{"dialMethod": "slow"}"#,
    )
    .await;
    assert_eq!(bad.status, 400);
    let c = post(
        &h,
        "/dialer/api/cm/contacts",
        r#"{"firstName": "J", "ListId": 12, "cf_1": "x"}"#,
    )
    .await;
    let cid = c.json()["id"].as_u64().unwrap();
    let moved = send(
        &h,
        Method::PUT,
        &format!("/dialer/api/cm/contacts/{cid}"),
        "application/json",
        r#"{"ListId": 32}"#,
    )
    .await;
    assert_eq!(
        moved.status,
        400,
        "cf_1 is not a field of list 32: {}",
        moved.text()
    );
    let renamed = send(
        &h,
        Method::PUT,
        &format!("/dialer/api/cm/contacts/{cid}"),
        "application/json",
        r#"{"lastName": "Doe"}"#,
    )
    .await;
    assert_eq!(
        (
            renamed.json()["firstName"].as_str(),
            renamed.json()["lastName"].as_str()
        ),
        (Some("J"), Some("Doe"))
    );

    post(
        &h,
        "/dialer/api/voice/queues/58/lists",
        r#"{"ids": [12, 32]}"#,
    )
    .await;
    post(
        &h,
        "/dialer/api/voice/queues/58/users",
        r#"{"ids": [24, 26], "penalty": 2}"#,
    )
    .await;
    post(&h, "/dialer/api/cm/lists/32/users", r#"{"ids": [31]}"#).await;
    let qu = get(&h, "/dialer/api/voice/queues/58/users?fields=id,penalty").await;
    assert_eq!(
        qu.json(),
        json!({"count": 2, "rows": [{"id": 24, "penalty": 2}, {"id": 26, "penalty": 2}]})
    );
    let del = send(
        &h,
        Method::DELETE,
        "/dialer/api/voice/queues/58/users?ids=24",
        "application/json",
        "",
    )
    .await;
    assert_eq!(del.status, 204);
    assert_eq!(
        get(&h, "/dialer/api/voice/queues/58/users").await.json()["count"],
        1
    );
    let no_ids = send(
        &h,
        Method::DELETE,
        "/dialer/api/voice/queues/58/lists",
        "application/json",
        "",
    )
    .await;
    assert_eq!(no_ids.status, 400);
    let bad_ids = send(
        &h,
        Method::DELETE,
        "/dialer/api/cm/lists/32/users?ids=x",
        "application/json",
        "",
    )
    .await;
    assert_eq!(bad_ids.status, 400);
    assert_eq!(
        send(
            &h,
            Method::DELETE,
            "/dialer/api/cm/lists/32/users?ids=31",
            "application/json",
            ""
        )
        .await
        .status,
        204
    );
    assert_eq!(
        get(&h, "/dialer/api/cm/lists/32/users").await.json()["count"],
        0
    );

    // Deleting list 12 takes its contacts and fields, and leaves the campaign's other list.
    assert_eq!(
        send(
            &h,
            Method::DELETE,
            "/dialer/api/cm/lists/12",
            "application/json",
            ""
        )
        .await
        .status,
        204
    );
    assert_eq!(get(&h, "/dialer/api/cm/lists/12").await.status, 404);
    assert_eq!(
        get(&h, &format!("/dialer/api/cm/contacts/{cid}"))
            .await
            .status,
        404
    );
    let ql = get(&h, "/dialer/api/voice/queues/58/lists?fields=id").await;
    assert_eq!(ql.json(), json!({"count": 1, "rows": [{"id": 32}]}));
    assert_eq!(
        send(
            &h,
            Method::DELETE,
            "/dialer/api/cm/lists/12",
            "application/json",
            ""
        )
        .await
        .status,
        404
    );
    assert_eq!(
        send(
            &h,
            Method::DELETE,
            "/dialer/api/voice/queues/58",
            "application/json",
            ""
        )
        .await
        .status,
        204
    );
    assert_eq!(get(&h, "/dialer/api/voice/queues").await.json()["count"], 0);
}

#[tokio::test]
async fn the_default_scenario_serves_the_seeds_credentials_and_its_persons() {
    let h = Harness::new();
    let users = get(&h, "/dialer/api/users?fields=id,email").await;
    assert_eq!(
        users.json(),
        json!({"count": 2, "rows": [{"id": 4, "email": "admin@example.com"}, {"id": 5, "email": "agent@example.com"}]})
    );
    let refused = h
        .send(
            Request::get("/dialer/api/users")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(refused.status, 401);
    snap_json!("unauthorized", refused.json());
}

#[test]
fn scenario_dialer_sections_are_checked() {
    let load = |yaml: &str| {
        wfo_harness::scenario::load("t", yaml, None)
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    assert!(load(SEED_WORLD).is_ok());
    let bad_agent = "dialer:\n  lists: [{name: L, agents: [77]}]\n";
    assert_eq!(
        load(bad_agent).unwrap_err(),
        "dialer.lists[0].agents: 77 is not the id of a person"
    );
    let twice = "dialer:\n  lists: [{id: 1, name: A}, {id: 1, name: B}]\n";
    assert!(load(twice).is_err());
    let campaign = "dialer:\n  campaigns: [{name: Q, dialMethod: warp}]\n";
    assert!(load(campaign).unwrap_err().contains("dialMethod"));
    let unknown = "dialer:\n  lists: [{name: L, colour: red}]\n";
    assert!(load(unknown).is_err());
    let clients =
        "talkdesk:\n  clients: [{id: a, secret: s, scopes: []}, {id: a, secret: t, scopes: []}]\n";
    assert!(load(clients).unwrap_err().contains("used twice"));
}

#[tokio::test]
async fn a_reset_brings_the_scenario_lists_back() {
    let h = Harness::with_scenario(SEED_WORLD);
    let del = send(
        &h,
        Method::DELETE,
        "/dialer/api/cm/lists/12",
        "application/json",
        "",
    )
    .await;
    assert_eq!(del.status, 204);
    post(&h, "/dialer/api/cm/lists", r#"{"name": "New"}"#).await;
    assert_eq!(h.post("/__admin/reset", None, "{}").await.status, 200);
    let lists = get(&h, "/dialer/api/cm/lists?fields=id").await;
    assert_eq!(
        lists.json(),
        json!({"count": 3, "rows": [{"id": 12}, {"id": 32}, {"id": 33}]})
    );
    assert_eq!(
        get(&h, "/dialer/api/cm/lists/12/fields").await.json()["count"],
        2
    );
}

#[tokio::test]
async fn custom_fields_are_documented_fields_in_the_transcript() {
    let h = Harness::with_scenario(SEED_WORLD);
    post(
        &h,
        "/dialer/api/cm/contacts",
        r#"{"firstName": "J", "ListId": 12, "cf_1": "x", "shoeSize": 44}"#,
    )
    .await;
    let exchange = h.transcript("").await.pop().unwrap();
    let text = exchange.to_string();
    assert!(text.contains("body.shoeSize"), "{text}");
    assert!(!text.contains("body.cf_1"), "{text}");
}
