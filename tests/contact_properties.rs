//! Properties of contact import and search, over any input.

mod common;
mod contacts_common;

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::Harness;
use contacts_common::*;
use proptest::prelude::*;
use wfo_harness::contacts::search::Pattern;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The reference matcher: `*` any run, `?` one character, everything else itself.
fn reference(p: &[char], v: &[char]) -> bool {
    match (p.first(), v.first()) {
        (None, None) => true,
        (Some('*'), _) => reference(&p[1..], v) || (!v.is_empty() && reference(p, &v[1..])),
        (Some('?'), Some(_)) => reference(&p[1..], &v[1..]),
        (Some(a), Some(b)) if a == b => reference(&p[1..], &v[1..]),
        _ => false,
    }
}

const AGENTS: [&str; 4] = ["2", "3", "abc\\bunkowm", "john.smith@acme.com"];

#[derive(Debug, Clone)]
struct Row {
    agent: usize,
    offset_s: i64,
    ani: String,
    line: String,
}

fn rows() -> impl Strategy<Value = Vec<Row>> {
    proptest::collection::vec(
        (0..4usize, 0..86_400i64, "[0-9]{3,8}", "[0-9]{2,4}").prop_map(
            |(agent, offset_s, ani, line)| Row {
                agent,
                offset_s,
                ani,
                line,
            },
        ),
        1..25,
    )
}

async fn ids_paged(
    h: &Harness,
    cookie: &str,
    query: &str,
    range: Option<(usize, usize)>,
) -> Vec<u64> {
    let mut request = Request::builder()
        .method(Method::GET)
        .uri(format!("/api/rest/recording/contact?{query}"))
        .header(header::COOKIE, cookie);
    if let Some((a, b)) = range {
        request = request.header(header::RANGE, format!("items={a}-{b}"));
    }
    let reply = h.send(request.body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_u64().unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    /// (1) Any valid CSV batch is found again: searchStats counts exactly the rows imported,
    /// and each row is found by its CallId with its agent, ANI and line filters.
    #[test]
    fn an_imported_csv_batch_is_found_by_its_filters(rows in rows()) {
        let h = world();
        runtime().block_on(async {
            let admin = h.login(ADMIN).await;
            let mut csv = String::from("AgentId,ContactStartTimeMs,CallId,CallingAddress,Line,Recording1\n");
            for (n, r) in rows.iter().enumerate() {
                csv.push_str(&format!(
                    "\"{}\",{},p-{n},{},{},r.wav\n",
                    AGENTS[r.agent], 1_420_070_400_000i64 + r.offset_s * 1000, r.ani, r.line
                ));
            }
            let reply = upload(&h, &admin, &[("p.csv", "text/csv", csv.into_bytes()), ("r.wav", "audio/wav", wav(1))]).await;
            prop_assert_eq!(reply.json()["inserted"].as_u64(), Some(rows.len() as u64));
            let window = "beginDate=2015-01-01&endDate=2015-01-01";
            let stats = h.get(&format!("/api/rest/recording/contact?{window}&searchStats=true"), Some(&admin)).await.json();
            prop_assert_eq!(stats["count"].clone(), serde_json::json!(rows.len().to_string()));
            for (n, r) in rows.iter().enumerate() {
                let person = if r.agent % 2 == 0 { 2 } else { 3 };
                let q = format!("{window}&callId=p-{n}&agent={person}&ani={}&line={}", r.ani, r.line);
                prop_assert_eq!(ids_paged(&h, &admin, &q, None).await.len(), 1, "{}", q);
                let count = rows.iter().filter(|o| o.agent % 2 == r.agent % 2).count();
                let stats = h.get(&format!("/api/rest/recording/contact?{window}&searchStats=true&agent={person}"), Some(&admin)).await.json();
                prop_assert_eq!(stats["count"].clone(), serde_json::json!(count.to_string()));
            }
            Ok(())
        })?;
    }

    /// (3) Range pages concatenated equal the unpaged result, for any page size.
    #[test]
    fn range_pages_concatenate_to_the_whole_result(rows in rows(), page in 1usize..7) {
        let h = world();
        runtime().block_on(async {
            let admin = h.login(ADMIN).await;
            let mut csv = String::from("AgentId,ContactStartTimeMs,Recording1\n");
            for r in &rows {
                csv.push_str(&format!("\"{}\",{},r.wav\n", AGENTS[r.agent], 1_420_070_400_000i64 + r.offset_s * 1000));
            }
            upload(&h, &admin, &[("p.csv", "text/csv", csv.into_bytes()), ("r.wav", "audio/wav", wav(1))]).await;
            let query = "beginDate=2014-12-01&limit=1000";
            let all = ids_paged(&h, &admin, query, None).await;
            let mut pages = Vec::new();
            let mut first = 0;
            loop {
                let got = ids_paged(&h, &admin, query, Some((first, first + page - 1))).await;
                if got.is_empty() {
                    break;
                }
                pages.extend(got);
                first += page;
            }
            prop_assert_eq!(pages, all);
            Ok(())
        })?;
    }

    /// (4) Arbitrary bytes as a ZIP, CSV or JSON part never make the server fail (no 5xx).
    #[test]
    fn arbitrary_bytes_never_yield_a_5xx(bytes in proptest::collection::vec(any::<u8>(), 0..2048), zip_prefix in any::<bool>()) {
        let h = world();
        let mut data = bytes.clone();
        if zip_prefix {
            data.splice(0..0, b"PK\x03\x04".iter().copied());
        }
        runtime().block_on(async {
            let admin = h.login(ADMIN).await;
            for name in ["a.zip", "a.csv", "a.json"] {
                let reply = upload(&h, &admin, &[(name, "application/octet-stream", data.clone())]).await;
                prop_assert!(reply.status < 500, "{} {}: {}", name, reply.status, reply.text());
            }
            let reply = upload_raw(&h, "/api/upload/textcontacts/", &admin, multipart(&[("t.zip", "application/zip", data.clone())])).await;
            prop_assert!(reply.status < 500);
            let reply = upload_raw(&h, "/api/upload/contacts", &admin, data.clone()).await;
            prop_assert!(reply.status < 500);
            Ok(())
        })?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    /// (2) Any wildcard pattern matches exactly what the reference matcher says.
    #[test]
    fn wildcards_match_like_the_reference(pattern in "[ab*?]{0,8}", value in "[ab]{0,10}") {
        let p: Vec<char> = pattern.chars().collect();
        let v: Vec<char> = value.chars().collect();
        prop_assert_eq!(Pattern::new(&pattern, false).matches(&value), reference(&p, &v));
    }
}

/// (2) over HTTP: an `ani` wildcard search returns exactly the contacts the reference matches.
#[tokio::test]
async fn ani_wildcards_over_http_agree_with_the_reference() {
    let h = world();
    let admin = h.login(ADMIN).await;
    let anis = ["15551234", "1555", "4567", "15559999", "1234", "5551", "15"];
    let mut csv = String::from("AgentId,ContactStartTimeMs,CallingAddress,Recording1\n");
    for (n, a) in anis.iter().enumerate() {
        csv.push_str(&format!(
            "2,{},{a},r.wav\n",
            1_420_070_400_000i64 + n as i64
        ));
    }
    upload(
        &h,
        &admin,
        &[
            ("w.csv", "text/csv", csv.into_bytes()),
            ("r.wav", "audio/wav", wav(1)),
        ],
    )
    .await;
    for pattern in ["1555*", "*5*", "?5*", "1?3?", "*", "15", "*9", "????"] {
        let got = ids_paged(
            &h,
            &admin,
            &format!("beginDate=2015-01-01&endDate=2015-01-01&ani={pattern}"),
            None,
        )
        .await;
        let p: Vec<char> = pattern.chars().collect();
        let expected = anis
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, a)| reference(&p, &a.chars().collect::<Vec<_>>()))
            .count();
        assert_eq!(got.len(), expected, "{pattern}");
    }
}
