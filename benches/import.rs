//! `cargo bench --bench import`: one bulk contact import of 10,000 contacts with a recording
//! each, streamed in process (the request body is generated as it is sent, so the benchmark
//! itself holds no more than one part), then contact search latency over 100,000 stored
//! contacts. Prints contacts/s, peak resident memory (VmHWM) and its ratio to the request size
//! for a small and a large request (target: memory does not grow with request size), and
//! search latency percentiles (target: p99 < 20 ms for an indexed filter).

use axum::body::Body;
use axum::http::{Method, Request, header};
use bytes::Bytes;
use std::time::{Duration, Instant};
use tower::ServiceExt;
use wfo_harness::contacts::{Contact, Contacts};
use wfo_harness::{App, Config, app};

const BOUNDARY: &str = "bench-boundary-7e3";
/// Bytes of each recording (`BENCH_MEDIA_BYTES`, default 16 KiB).
fn media_bytes() -> usize {
    std::env::var("BENCH_MEDIA_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16 * 1024)
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

fn part_header(name: &str, content_type: &str) -> String {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n"
    )
}

fn media(n: usize) -> Vec<u8> {
    let mut v = b"RIFF\0\0\0\0WAVE".to_vec();
    v.extend((0..media_bytes()).map(|i| (i.wrapping_mul(n + 1) % 251) as u8));
    v
}

/// The parts of an import of `n` contacts, generated lazily: the CSV, then one WAV each.
fn parts(n: usize) -> impl Iterator<Item = Bytes> {
    let csv = std::iter::once_with(move || {
        let mut s = part_header("bench.csv", "text/csv");
        s.push_str("AgentId,ContactStartTimeMs,CallId,CallingAddress,Recording1\n");
        for i in 0..n {
            s.push_str(&format!(
                "{},{},b-{i},555{i:07},m{i}.wav\n",
                if i % 2 == 0 { 4 } else { 5 },
                1_767_000_000_000i64 + i as i64 * 1000
            ));
        }
        s.push_str("\r\n");
        Bytes::from(s)
    });
    let media = (0..n).map(|i| {
        let mut v = part_header(&format!("m{i}.wav"), "audio/wav").into_bytes();
        v.extend(media(i));
        v.extend_from_slice(b"\r\n");
        Bytes::from(v)
    });
    let end = std::iter::once_with(|| Bytes::from(format!("--{BOUNDARY}--\r\n")));
    csv.chain(media).chain(end)
}

fn request_size(n: usize) -> usize {
    parts(n).map(|b| b.len()).sum()
}

async fn login(app: &App) -> String {
    let r = app
        .router
        .clone()
        .oneshot(
            Request::post("/api/rest/authorize")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    r#"{"userId":"admin@example.com","password":"admin"}"#,
                ))
                .unwrap(),
        )
        .await
        .unwrap();
    let cookie = r.headers()[header::SET_COOKIE].to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

async fn import(app: &App, cookie: &str, n: usize) -> (Duration, u64) {
    let size = request_size(n);
    let stream = futures_util::stream::iter(parts(n).map(Ok::<_, std::io::Error>));
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/upload/contacts")
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::CONTENT_LENGTH, size)
        .body(Body::from_stream(stream))
        .unwrap();
    let started = Instant::now();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let elapsed = started.elapsed();
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        v["inserted"].as_u64(),
        Some(n as u64),
        "{}",
        &String::from_utf8_lossy(&body)[..400.min(body.len())]
    );
    (elapsed, size as u64)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let baseline = status_kib("VmHWM:");
        println!("## Bulk contact import (in process, streamed request)\n");
        println!("| contacts | request | time | contacts/s | peak RSS (VmHWM) | peak − baseline / request |");
        println!("|---|---|---|---|---|---|");
        for n in [2_000usize, 10_000] {
            let app = app(Config::default()).unwrap();
            let cookie = login(&app).await;
            let (elapsed, size) = import(&app, &cookie, n).await;
            let peak = status_kib("VmHWM:");
            println!(
                "| {n} | {:.1} MiB | {:.2} s | {:.0} | {:.1} MiB | {:.3} |",
                size as f64 / 1048576.0,
                elapsed.as_secs_f64(),
                n as f64 / elapsed.as_secs_f64(),
                peak as f64 / 1024.0,
                (peak.saturating_sub(baseline) * 1024) as f64 / size as f64,
            );
        }

        println!("\n## Contact search over 100,000 stored contacts\n");
        let app = app(Config::default()).unwrap();
        let cookie = login(&app).await;
        let sandbox = app.state.sandboxes.get("default").unwrap();
        let contacts = Contacts::of(&sandbox.store);
        let now = sandbox.clock.now_ms();
        let started = Instant::now();
        for i in 0..100_000i64 {
            let mut c = Contact::new(1, now - 50 * 86_400_000 + i * 40_000);
            c.agent_id = Some(1_000 + (i % 100) as u64);
            c.team_id = Some(3);
            c.group_id = Some(2);
            c.ani = Some(format!("555{:07}", i));
            c.duration_ms = 60_000;
            contacts.insert(c);
        }
        println!(
            "stored 100,000 contacts (no media) in {:.1} s; VmRSS now {:.1} MiB, peak {:.1} MiB\n",
            started.elapsed().as_secs_f64(),
            status_kib("VmRSS:") as f64 / 1024.0,
            status_kib("VmHWM:") as f64 / 1024.0
        );
        println!("| query | matches | p50 | p99 | max |");
        println!("|---|---|---|---|---|");
        for (label, query) in [
            ("agent (indexed), first page of 100", "agent=1042"),
            ("agent + searchStats (whole match set)", "agent=1042&searchStats=true"),
            ("agent + ani wildcard", "agent=1042&ani=555*42"),
            ("one day of the tenant (time index)", "beginDate=2026-01-01&endDate=2026-01-01"),
        ] {
            let mut times = Vec::new();
            let mut matches = 0;
            for round in 0..120 {
                let request = Request::get(format!("/api/rest/recording/contact?{query}"))
                    .header(header::COOKIE, &cookie)
                    .body(Body::empty())
                    .unwrap();
                let t = Instant::now();
                let response = app.router.clone().oneshot(request).await.unwrap();
                let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
                let elapsed = t.elapsed();
                if round >= 20 {
                    times.push(elapsed);
                }
                let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
                matches = v.as_array().map(|a| a.len()).or_else(|| v["count"].as_str()?.parse().ok()).unwrap_or(0);
            }
            times.sort();
            println!(
                "| {label} | {matches} | {:.2} ms | {:.2} ms | {:.2} ms |",
                percentile(&times, 0.5).as_secs_f64() * 1e3,
                percentile(&times, 0.99).as_secs_f64() * 1e3,
                times.last().unwrap().as_secs_f64() * 1e3
            );
        }
    });
}
