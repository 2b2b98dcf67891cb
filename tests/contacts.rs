//! Seed 001 "Contact API", "Contact Basic Search API", "Contact Monitoring API" over the
//! contacts the scenario declares (ids 1..4) and imported ones.

mod common;
mod contacts_common;

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::{Harness, Reply};
use contacts_common::*;
use serde_json::{Value, json};

async fn ids(h: &Harness, cookie: &str, query: &str) -> Vec<u64> {
    let reply = h
        .get(
            &format!("/api/rest/recording/contact?{query}"),
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

async fn ranged(h: &Harness, cookie: &str, query: &str, range: &str) -> Reply {
    let request = Request::builder()
        .method(Method::GET)
        .uri(format!("/api/rest/recording/contact?{query}"))
        .header(header::COOKIE, cookie)
        .header(header::RANGE, range)
        .body(Body::empty())
        .unwrap();
    h.send(request).await
}

#[tokio::test]
async fn the_default_window_is_the_60_days_before_today_newest_first() {
    let h = world();
    let admin = h.login(ADMIN).await;
    let reply = h.get("/api/rest/recording/contact", Some(&admin)).await;
    assert_eq!(reply.status, 200);
    snap_json!("default_search", reply.json());
    assert_eq!(ids(&h, &admin, "").await, vec![1, 2, 3]);
    assert_eq!(
        ids(&h, &admin, "beginDate=2025-01-01").await,
        vec![1, 2, 3, 5, 4]
    );
}

#[tokio::test]
async fn every_filter_acts_on_the_stored_contacts() {
    let h = world();
    let a = h.login(ADMIN).await;
    let cases: &[(&str, &[u64])] = &[
        ("agent=2", &[1]),
        ("agent=3", &[2, 3]),
        ("Agent=2", &[1, 2, 3]),
        ("ani=1555*", &[1, 2]),
        ("ani=4567&ani=15551234", &[1, 3]),
        ("dnis=211?", &[1, 2, 3]),
        ("dnis=2112", &[2]),
        ("number=2113", &[3]),
        ("number=4567", &[3]),
        ("phoneNumber=1800", &[1]),
        ("line=1?00", &[1, 2]),
        ("line=1900&line=1800", &[1, 2]),
        ("callId=B-1", &[2]),
        ("callId=B", &[]),
        ("assocCallId=assoc-1", &[1]),
        ("firstName=ma*", &[1]),
        ("lastName=Smith&lastName=Nobody", &[2, 3]),
        ("group=10", &[1]),
        ("team=13", &[2, 3]),
        ("hasRecording=true", &[1, 2]),
        ("hasRecording=false", &[3]),
        ("scored=true", &[1]),
        ("scored=0", &[2, 3]),
        ("tagged=1", &[2]),
        ("hr=true", &[1]),
        ("training=true", &[2]),
        ("needsApproval=1", &[2]),
        ("inProgress=true", &[]),
        ("inProgress=true&beginDate=2025-01-01", &[5]),
        ("canEvaluate=true", &[]),
        ("canEvaluate=true&beginDate=2025-01-01", &[5, 4]),
        ("canEvaluate=false", &[1, 2, 3]),
        ("silenceEvents=2&silenceDuration=10000", &[1]),
        ("silenceEvents=1", &[1, 2]),
        ("silenceDuration=5000", &[1]),
        ("talkOverEvents=1", &[1]),
        ("talkOverDuration=7000", &[]),
        ("type=archive", &[2]),
        ("type=quality", &[1, 2, 3]),
        ("metadata=phone", &[1]),
        ("metadata=phone~contains~*", &[1]),
        ("metadata=phone~equals~555-1234", &[1]),
        ("metadata=phone~equals~555-12", &[]),
        ("metadata=phone~beginsWith~555", &[1]),
        ("metadata=phone~endsWith~234", &[1]),
        ("metadata=customerNo~equals~C-??", &[2]),
        ("metadata=customerNo~equals~X&metadata=phone", &[1]),
        ("contactType=CALL", &[1, 2, 3]),
        ("contactType=TEXT", &[]),
        ("hasTranscription", &[1, 2]),
        ("beginDate=2026-01-04&endDate=2026-01-04", &[2]),
        (
            "beginDate=2026-01-04&beginTime=10:00&endDate=2026-01-04&endTime=10:00:01",
            &[2],
        ),
        (
            "beginDate=2026-01-04&beginTime=10:01&endDate=2026-01-05&endTime=08:00",
            &[],
        ),
        (
            "beginDate=2026-01-04&beginTime=09:59&endDate=2026-01-05&endTime=08:00:01",
            &[1, 2],
        ),
        ("dateEvaluatedStart=2026-01-01", &[1, 2]),
        ("dateEvaluatedStart=2026-01-05", &[1]),
        ("dateEvaluatedEnd=2026-01-04&beginDate=2025-01-01", &[2]),
    ];
    for (query, expected) in cases {
        assert_eq!(&ids(&h, &a, query).await, expected, "{query}");
    }
}

#[tokio::test]
async fn bad_values_are_400s_naming_the_parameter() {
    let h = world();
    let a = h.login(ADMIN).await;
    for (query, named) in [
        ("beginDate=2026/01/01", "beginDate"),
        ("beginDate=2026-01-01&beginTime=10:00", "beginTime"),
        ("endDate=2026-01-01&endTime=25:00", "endTime"),
        ("metadata=phone~like~5", "metadata"),
        ("metadata=~equals~5", "metadata"),
        ("group=sales", "group"),
        ("team=-1", "team"),
        ("agent=mark", "agent"),
        ("scored=maybe", "scored"),
        ("limit=0", "limit"),
        ("silenceEvents=many", "silenceEvents"),
        ("type=both", "type"),
        ("searchStats=yes", "searchStats"),
    ] {
        let reply = h
            .get(&format!("/api/rest/recording/contact?{query}"), Some(&a))
            .await;
        assert_eq!(reply.status, 400, "{query}");
        assert!(
            reply.message().contains(named),
            "{query}: {}",
            reply.message()
        );
    }
    let reply = h
        .get("/api/rest/recording/contact?beginDate=x", Some(&a))
        .await;
    snap_json!("bad_date", reply.json());
    let reply = ranged(&h, &a, "", "items=5-2").await;
    assert_eq!(reply.status, 400);
}

#[tokio::test]
async fn expand_and_exclude_shape_events_and_metadata() {
    let h = world();
    let a = h.login(ADMIN).await;
    let get = |q: &'static str| {
        let h = &h;
        let a = a.clone();
        async move {
            h.get(&format!("/api/rest/recording/contact/1?{q}"), Some(&a))
                .await
                .json()
        }
    };
    assert_eq!(
        get("").await["metadata"],
        json!({"$ref": "/api/rest/recording/contact/1/metadata/"})
    );
    let expanded = get("expand=metadata&expand=event&expand=eventCalculations").await;
    assert_eq!(expanded["metadata"]["QueueLanguage"]["value"], "English");
    assert_eq!(expanded["event"].as_array().unwrap().len(), 3);
    let one = get("expand=metadata.phone").await;
    assert_eq!(one["metadata"]["phone"]["value"], "555-1234");
    assert!(one["metadata"].get("QueueLanguage").is_none());
    let excluded = get("expand=metadata,event&exclude=metadata.phone&exclude=event").await;
    assert!(excluded["metadata"].get("phone").is_none());
    assert_eq!(
        excluded["event"]["$ref"],
        "/api/rest/recording/contact/1/event/"
    );
}

#[tokio::test]
async fn range_pages_within_limit_and_search_stats_count() {
    let h = world();
    let a = h.login(ADMIN).await;
    let stats = h
        .get("/api/rest/recording/contact?searchStats=true", Some(&a))
        .await
        .json();
    snap_json!("search_stats", stats);
    let reply = ranged(&h, &a, "limit=1000", "items=1-2").await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-range").as_deref(),
        Some("items 1-2/3")
    );
    let page: Vec<u64> = reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_u64().unwrap())
        .collect();
    assert_eq!(page, vec![2, 3]);
    let reply = ranged(&h, &a, "limit=1", "items=1-2").await;
    assert_eq!(
        reply.header("content-range").as_deref(),
        Some("items 1-1/3")
    );
    let reply = ranged(&h, &a, "", "items=10-19").await;
    assert_eq!(reply.json(), json!([]));
    assert_eq!(reply.header("content-range").as_deref(), Some("items */3"));
    assert_eq!(ids(&h, &a, "limit=2").await, vec![1, 2]);
}

#[tokio::test]
async fn view_rules_limit_what_each_caller_finds() {
    let h = world();
    let supervisor = h.login(SUPERVISOR).await;
    assert_eq!(ids(&h, &supervisor, "").await, vec![2, 3]);
    assert_eq!(ids(&h, &supervisor, "agent=2").await, Vec::<u64>::new());
    let mark = h.login(MARK).await;
    assert_eq!(ids(&h, &mark, "beginDate=2025-01-01").await, vec![1, 4]);
    let other = h.login(OTHER_TENANT).await;
    assert_eq!(ids(&h, &other, "").await, Vec::<u64>::new());
    assert_eq!(
        h.get("/api/rest/recording/contact/2", Some(&mark))
            .await
            .status,
        404
    );
    assert_eq!(
        h.get("/api/rest/recording/contact/2", Some(&supervisor))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn one_contact_or_404() {
    let h = world();
    let a = h.login(ADMIN).await;
    let reply = h.get("/api/rest/recording/contact/2", Some(&a)).await;
    assert_eq!(reply.status, 200);
    snap_json!("contact_2", reply.json());
    for id in ["99", "abc"] {
        let reply = h
            .get(&format!("/api/rest/recording/contact/{id}"), Some(&a))
            .await;
        assert_eq!(reply.status, 404);
        assert!(reply.message().contains("does not exist"));
    }
}

#[tokio::test]
async fn put_metadata_updates_custom_metadata() {
    let h = world();
    let a = h.login(ADMIN).await;
    let reply = h
        .call(
            Method::PUT,
            "/api/rest/recording/contact/2/metadata",
            Some(&a),
            Some(r#"{"reason": "billing", "score": 7, "customerNo": null, "QueueLanguage": {"value": "French"}}"#),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    snap_json!("metadata_put", reply.json());
    assert_eq!(ids(&h, &a, "metadata=reason~equals~billing").await, vec![2]);
    assert_eq!(ids(&h, &a, "metadata=customerNo").await, Vec::<u64>::new());
    for body in [
        r#"[1]"#,
        &format!(r#"{{"{}": "x"}}"#, "k".repeat(40)),
        r#"{"a": [1]}"#,
    ] {
        let reply = h
            .call(
                Method::PUT,
                "/api/rest/recording/contact/2/metadata",
                Some(&a),
                Some(body),
            )
            .await;
        assert_eq!(reply.status, 400, "{body}");
    }
    let reply = h
        .call(
            Method::PUT,
            "/api/rest/recording/contact/77/metadata",
            Some(&a),
            Some("{}"),
        )
        .await;
    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn basic_search_finds_the_most_recent_match_or_404() {
    let h = world();
    let a = h.login(ADMIN).await;
    let reply = h
        .get(
            "/api/rest/recording/contactBasicSearch?username=john.smith@acme.com",
            Some(&a),
        )
        .await;
    assert_eq!(reply.status, 200);
    snap_json!("basic_search", reply.json());
    let reply = h
        .get(
            "/api/rest/recording/contactBasicSearch?ani=4567&lastName=smith",
            Some(&a),
        )
        .await;
    assert_eq!(
        (
            reply.json()["id"].clone(),
            reply.json()["isComplete"].clone()
        ),
        (json!(3), json!(false))
    );
    let reply = h
        .get(
            "/api/rest/recording/contactBasicSearch?line=1*&firstName=Mark",
            Some(&a),
        )
        .await;
    assert_eq!(reply.json()["id"], 1);
    let reply = h
        .get("/api/rest/recording/contactBasicSearch?dnis=0000", Some(&a))
        .await;
    assert_eq!(reply.status, 404);
    let supervisor = h.login(SUPERVISOR).await;
    let reply = h
        .get(
            "/api/rest/recording/contactBasicSearch?firstName=Mark",
            Some(&supervisor),
        )
        .await;
    assert_eq!(reply.status, 404, "out of scope is not found");
}

#[tokio::test]
async fn monitoring_counts_contacts_of_the_last_15_minutes() {
    let h = world();
    let a = h.login(ADMIN).await;
    let reply = h.get("/api/rest/monitoring/contacts/lite", Some(&a)).await;
    assert_eq!(
        reply.json(),
        json!({"contacts": {"total": "0", "totalWithAudio": 0, "totalWithVideo": 0}})
    );
    let csv = "AgentId,Recording1,Recording2\n2,m.wav,m.webmv\n3,n.wav,\n";
    let up = upload(
        &h,
        &a,
        &[
            ("m.csv", "text/csv", csv.as_bytes().to_vec()),
            ("m.wav", "audio/wav", wav(1)),
            ("n.wav", "audio/wav", wav(2)),
            ("m.webmv", "video/webm", webm(1)),
        ],
    )
    .await;
    assert_eq!(up.json()["inserted"], 2, "{}", up.text());
    let reply = h.get("/api/rest/monitoring/contacts/lite", Some(&a)).await;
    snap_json!("monitoring", reply.json());
    h.advance("", 15 * 60_000 + 1).await;
    let reply = h.get("/api/rest/monitoring/contacts/lite", Some(&a)).await;
    assert_eq!(reply.json()["contacts"]["total"], "0");
}

#[tokio::test]
async fn searching_100_imported_contacts_by_agent_and_time() {
    let h = world();
    let a = h.login(ADMIN).await;
    let mut csv = String::from("AgentId,ContactStartTimeMs,CallId,CallingAddress,Recording1\n");
    for n in 0..100 {
        let agent = if n % 2 == 0 { "2" } else { "acme\\smithj" };
        csv.push_str(&format!(
            "{agent},{},{n},{},r.wav\n",
            1_767_000_000_000i64 + n * 1000,
            5550000 + n
        ));
    }
    let up = upload(
        &h,
        &a,
        &[
            ("b.csv", "text/csv", csv.into_bytes()),
            ("r.wav", "audio/wav", wav(1)),
        ],
    )
    .await;
    assert_eq!(up.json()["inserted"], 100);
    let stats: Value = h
        .get(
            "/api/rest/recording/contact?searchStats=true&agent=2&ani=555*",
            Some(&a),
        )
        .await
        .json();
    assert_eq!(stats["count"], "50");
}
