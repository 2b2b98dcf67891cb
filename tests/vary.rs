//! `serve --vary SEED`: answers vary within the documents (transient 503 with Retry-After, slow
//! answers, earlier idle-session expiry), reproducibly from the seed, and every variation is
//! listed in the transcript.

mod common;

use common::{ADMIN, AGENT, Harness};
use proptest::prelude::*;
use serde_json::Value;
use wfo_harness::engine::vary::{MIN_IDLE_MS, Vary};
use wfo_harness::sessions::WEBEX_IDLE_TIMEOUT_MS;
use wfo_harness::{Config, app, contract};

fn varied(seed: u64) -> Harness {
    Harness {
        app: app(Config {
            vary: Some(Vary { seed }),
            ..Config::default()
        })
        .unwrap(),
    }
}

/// What a client may do, for the property.
#[derive(Debug, Clone)]
enum Op {
    Login(bool),
    BadLogin,
    MalformedLogin,
    WhoAmI(bool),
    Permissions(bool),
    Logout,
    Advance(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<bool>().prop_map(Op::Login),
        Just(Op::BadLogin),
        Just(Op::MalformedLogin),
        any::<bool>().prop_map(Op::WhoAmI),
        any::<bool>().prop_map(Op::Permissions),
        Just(Op::Logout),
        (0i64..3 * 3_600_000).prop_map(Op::Advance),
    ]
}

/// Runs the ops, returning (endpoint key, status) of every vendor call.
async fn run(h: &Harness, ops: &[Op]) -> Vec<(&'static str, u16, Option<String>)> {
    let mut cookie: Option<String> = None;
    let mut seen = Vec::new();
    for op in ops {
        let (key, reply) = match op {
            Op::Login(admin) => {
                let (user, password) = if *admin { ADMIN } else { AGENT };
                let body = format!(r#"{{"userId": "{user}", "password": "{password}"}}"#);
                let r = h.post("/api/rest/authorize", None, &body).await;
                if r.status == 200 {
                    cookie = Some(r.session_cookie());
                }
                ("auth.login", r)
            }
            Op::BadLogin => (
                "auth.login",
                h.post(
                    "/api/rest/authorize",
                    None,
                    r#"{"userId": "admin@example.com", "password": "x"}"#,
                )
                .await,
            ),
            Op::MalformedLogin => ("auth.login", h.post("/api/rest/authorize", None, "{").await),
            Op::WhoAmI(with) => (
                "auth.get",
                h.get("/api/rest/authorize", cookie.as_deref().filter(|_| *with))
                    .await,
            ),
            Op::Permissions(with) => (
                "org.permissions",
                h.get(
                    "/api/rest/org/permissions/",
                    cookie.as_deref().filter(|_| *with),
                )
                .await,
            ),
            Op::Logout => (
                "auth.logout",
                h.delete("/api/rest/authorize", cookie.as_deref()).await,
            ),
            Op::Advance(ms) => {
                h.advance("", *ms).await;
                continue;
            }
        };
        seen.push((key, reply.status, reply.header("retry-after")));
    }
    seen
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    /// With any seed, every answer is one the endpoint's documents allow (plus the harness's
    /// transient 503), and a 503 always says when to retry.
    #[test]
    fn any_seed_answers_within_the_documented_statuses(
        seed in any::<u64>(),
        ops in proptest::collection::vec(op(), 1..24),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let seen = runtime.block_on(async {
            let h = varied(seed);
            run(&h, &ops).await
        });
        for (key, status, retry_after) in seen {
            prop_assert!(contract::allows(key, status), "{key} answered {status}");
            if status == 503 {
                prop_assert!(retry_after.is_some_and(|s| s.parse::<u64>().is_ok_and(|s| (1..=5).contains(&s))));
            }
        }
    }
}

async fn transcript_yaml(h: &Harness) -> String {
    h.get("/__admin/transcript?format=yaml&normalise=true", None)
        .await
        .text()
}

fn many_calls() -> Vec<Op> {
    let mut ops = vec![Op::Login(true)];
    for i in 0..40 {
        ops.push(if i % 2 == 0 {
            Op::WhoAmI(true)
        } else {
            Op::Permissions(true)
        });
    }
    ops
}

#[tokio::test]
async fn the_same_seed_varies_the_same_way_and_lists_each_variation() {
    let (a, b) = (varied(11), varied(11));
    let seen = run(&a, &many_calls()).await;
    run(&b, &many_calls()).await;
    let yaml = transcript_yaml(&a).await;
    assert_eq!(
        yaml,
        transcript_yaml(&b).await,
        "reproducible from the seed"
    );

    let unavailable = seen.iter().filter(|(_, s, _)| *s == 503).count();
    assert!(
        unavailable > 0,
        "some of 41 calls are unavailable with seed 11"
    );
    let exchanges = a.transcript("").await;
    let noted: Vec<&Value> = exchanges
        .iter()
        .flat_map(|e| e["variations"].as_array().into_iter().flatten())
        .collect();
    let kinds = |k: &str| noted.iter().filter(|v| v["kind"] == k).count();
    assert_eq!(kinds("unavailable"), unavailable, "every 503 is listed");
    assert!(kinds("slow") > 0, "slow answers are listed too");
    for e in exchanges.iter().filter(|e| e["status"] == 503) {
        assert_eq!(
            e["responseHeaders"]["retry-after"],
            e["variations"]
                .as_array()
                .unwrap()
                .iter()
                .find(|v| v["kind"] == "unavailable")
                .unwrap()["retryAfterS"]
                .to_string()
        );
    }

    let other = varied(12);
    run(&other, &many_calls()).await;
    assert_ne!(
        yaml,
        transcript_yaml(&other).await,
        "another seed varies otherwise"
    );
    let plain = Harness::new();
    let seen = run(&plain, &many_calls()).await;
    assert!(
        seen.iter().all(|(_, s, _)| *s == 200),
        "without --vary nothing varies"
    );
}

#[tokio::test]
async fn sessions_may_expire_earlier_than_two_idle_hours() {
    // A seed whose first session expires early and whose first calls are not 503s.
    let seed = (0..1000u64)
        .find(|s| {
            let v = Vary { seed: *s };
            v.idle_timeout_ms(1, WEBEX_IDLE_TIMEOUT_MS) < WEBEX_IDLE_TIMEOUT_MS - 10 * 60_000
                && (1..=3).all(|seq| v.unavailable(seq).is_none())
        })
        .expect("such a seed");
    let idle = Vary { seed }.idle_timeout_ms(1, WEBEX_IDLE_TIMEOUT_MS);
    assert!(idle >= MIN_IDLE_MS);
    let h = varied(seed);
    let cookie = h.login(ADMIN).await;
    assert_eq!(
        h.get("/api/rest/authorize", Some(&cookie)).await.status,
        200
    );
    h.advance("", idle + 60_000).await;
    let reply = h.get("/api/rest/authorize", Some(&cookie)).await;
    assert_eq!(reply.status, 401);
    assert!(reply.message().contains("expired"), "{}", reply.text());
    let last = h.transcript("").await.pop().unwrap();
    assert_eq!(last["variations"][0]["kind"], "sessionIdleExpiry");
    assert_eq!(last["variations"][0]["idleTimeoutMs"], idle);
}

#[test]
fn job_durations_and_documented_outcomes_vary_but_scenario_overrides_do_not() {
    use std::collections::BTreeMap;
    use wfo_harness::engine::jobs::{Jobs, Lifecycle};
    let store = wfo_harness::store::Store::open(None).unwrap();
    let ss = store.sandbox("t");
    let default = Lifecycle::new(&[("QUEUED", 10_000), ("IN_PROGRESS", 60_000)], "COMPLETED");
    let jobs = Jobs::new(&ss, BTreeMap::new()).with_vary(Some(Vary { seed: 4 }));
    let mut outcomes = std::collections::BTreeSet::new();
    for _ in 0..30 {
        let job = jobs.create_varied("import", default.clone(), &["FAILED"], 0, Value::Null);
        for (varied, documented) in job.lifecycle.states.iter().zip(&default.states) {
            assert!(varied.ms >= documented.ms / 2 && varied.ms <= documented.ms * 3);
        }
        let note = job.variation.expect("listed");
        assert_eq!(note["kind"], "job");
        assert_eq!(note["outcome"], job.lifecycle.outcome.as_str());
        outcomes.insert(job.lifecycle.outcome);
    }
    assert_eq!(
        outcomes.into_iter().collect::<Vec<_>>(),
        ["COMPLETED", "FAILED"]
    );

    let fixed = Lifecycle::new(&[("QUEUED", 5)], "DONE");
    let overrides = BTreeMap::from([("import".to_string(), fixed.clone())]);
    let jobs = Jobs::new(&ss, overrides).with_vary(Some(Vary { seed: 4 }));
    let job = jobs.create("import", default, 0, Value::Null);
    assert_eq!(job.lifecycle, fixed);
    assert!(job.variation.is_none());
}

/// Contact search's `Range` is "up to": under `--vary` some ranged answers hold fewer items,
/// and `Content-Range` always says which ones came back.
#[tokio::test]
async fn ranged_contact_searches_may_answer_fewer_items_than_asked() {
    let yaml = format!(
        "{}contacts:\n  - {{ agent: agent@example.com, count: 30, audio: wav }}\n",
        include_str!("../scenarios/default.yaml")
    );
    let h = Harness {
        app: app(Config {
            scenario: wfo_harness::scenario::load("test", &yaml, None).unwrap(),
            vary: Some(Vary { seed: 11 }),
            ..Config::default()
        })
        .unwrap(),
    };
    let admin = h.login(ADMIN).await;
    let mut sizes = Vec::new();
    for _ in 0..12 {
        let request = axum::http::Request::builder()
            .uri("/api/rest/recording/contact")
            .header("cookie", &admin)
            .header("range", "items=0-9")
            .body(axum::body::Body::empty())
            .unwrap();
        let reply = h.send(request).await;
        if reply.status != 200 {
            continue; // a varied transient 503
        }
        let n = reply.json().as_array().unwrap().len();
        assert!((1..=10).contains(&n), "{n}");
        assert_eq!(
            reply.header("content-range").unwrap(),
            format!("items 0-{}/30", n - 1)
        );
        sizes.push(n);
    }
    assert!(sizes.contains(&10), "some pages are whole: {sizes:?}");
    assert!(sizes.iter().any(|&n| n < 10), "some are shorter: {sizes:?}");
    let yaml = transcript_yaml(&h).await;
    assert!(yaml.contains("pageSize"), "the variation is listed: {yaml}");
}
