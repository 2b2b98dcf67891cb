//! HTTP load bench: wfo-harness (the built binary, transcripts on) against a bare axum handler,
//! driven over loopback by the same hyper HTTP/1.1 keep-alive load generator.
//!
//! `cargo bench --bench http`. Prints throughput and latency per scenario, the harness's startup
//! time and resident memory, and a summary table for the README. The issue's targets are printed
//! next to the figures but never asserted: shared machines are too noisy for a pass/fail.
//!
//! `WFO_BENCH_TRANSCRIPT_LIMIT=N` passes `--transcript-limit N` to the harness (default: the
//! harness's own default, which the 200k GETs overrun on purpose).

use axum::Router;
use axum::http::header::{CONTENT_TYPE, COOKIE, HOST, SET_COOKIE};
use axum::http::{HeaderValue, Method, Request, StatusCode};
use axum::routing::get;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener as StdListener};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;

/// Concurrent keep-alive connections per scenario.
const CONNECTIONS: usize = 16;
/// Requests per GET scenario (the harness GET runs twice, for the memory comparison).
const GET_REQUESTS: usize = 100_000;
/// Requests of the write scenario (each person update writes the person and its profile to sled
/// in one transaction).
const WRITE_REQUESTS: usize = 20_000;
/// A scenario stops here whatever its count, so the bench always ends.
const SCENARIO_LIMIT: Duration = Duration::from_secs(60);
/// How long the harness may take to answer its health check before the bench gives up.
const STARTUP_LIMIT: Duration = Duration::from_secs(10);

const LOGIN_BODY: &str = r#"{"userId":"admin@example.com","password":"admin","language":"en"}"#;
/// The authenticated write: seed 001 "Person by ID API" PUT of the default scenario's agent.
const PERSON_PATH: &str = "/api/rest/org/common/person/5";
const PERSON_BODY: &str = r#"{"id":5,"acdId":"123ABC","acdServerId":"1","firstName":"Avery","lastName":"Agent","email":"agent@example.com","displayName":"Avery Agent","activated":1767571200000,"groupId":3,"timeZone":"America/Chicago"}"#;
const SESSION_COOKIE: &str = "hazelcast.sessionId";

// The issue's targets.
const TARGET_GET_RATIO: f64 = 0.50;
const TARGET_STARTUP_MS: f64 = 100.0;
/// "Flat" memory: the second 100k requests may add at most this much RSS over the first.
const FLAT_RSS_RATIO: f64 = 1.10;

fn main() {
    // The load generator gets its own runtime, so neither server shares a scheduler with it.
    let client = multi_thread("bench-client");

    let harness_port = free_port();
    let (mut harness, startup) = Harness::start(&client, harness_port);
    let rss_start = harness.rss_kib();
    println!(
        "harness pid {} on 127.0.0.1:{harness_port}: healthy after {:.1} ms, VmRSS {}",
        harness.pid(),
        ms(startup),
        kib(rss_start)
    );

    let bare = {
        let server = multi_thread("bare-axum");
        let addr = server.block_on(serve_bare());
        let target = Target::new(addr, Method::GET, "/", None, Bytes::new());
        let outcome = client.block_on(drive(&target, GET_REQUESTS));
        report("bare axum GET /", &outcome);
        // Stops the bare server, so it takes no CPU while the harness is measured.
        server.shutdown_timeout(Duration::from_secs(1));
        outcome
    };

    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, harness_port));
    let cookie = client.block_on(login(addr));
    let get = Target::new(
        addr,
        Method::GET,
        "/api/rest/authorize",
        Some(&cookie),
        Bytes::new(),
    );
    let get_1 = client.block_on(drive(&get, GET_REQUESTS));
    report("harness GET /api/rest/authorize #1", &get_1);
    let rss_1 = harness.rss_kib();
    println!("  harness VmRSS after it: {}", kib(rss_1));

    let get_2 = client.block_on(drive(&get, GET_REQUESTS));
    report("harness GET /api/rest/authorize #2", &get_2);
    let rss_2 = harness.rss_kib();
    println!("  harness VmRSS after it: {}", kib(rss_2));

    // The authenticated write: an org person update (one sled transaction per request).
    let write = Target::new(
        addr,
        Method::PUT,
        PERSON_PATH,
        Some(&cookie),
        Bytes::from_static(PERSON_BODY.as_bytes()),
    );
    let writes = client.block_on(drive(&write, WRITE_REQUESTS));
    report("harness PUT /api/rest/org/common/person/5", &writes);
    let rss_3 = harness.rss_kib();
    println!("  harness VmRSS after it: {}", kib(rss_3));

    harness.stop();

    let get_ratio = get_1.rate() / bare.rate();
    let rss_ratio = rss_2 as f64 / rss_1.max(1) as f64;
    let verdict = |met: bool| if met { "met" } else { "MISSED" };
    println!();
    println!(
        "throughput harness/bare: GET #1 {:.1}%, GET #2 {:.1}%, PUT {:.1}%",
        100.0 * get_ratio,
        100.0 * get_2.rate() / bare.rate(),
        100.0 * writes.rate() / bare.rate()
    );
    println!();
    println!(
        "Summary ({CONNECTIONS} keep-alive HTTP/1.1 connections over 127.0.0.1, transcripts on \
         (limit {}), {} cores):",
        std::env::var("WFO_BENCH_TRANSCRIPT_LIMIT")
            .unwrap_or_else(|_| wfo_harness::transcript::DEFAULT_LIMIT.to_string()),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!();
    println!("| Measure | Result | Target |");
    println!("|---|---|---|");
    println!("| Bare axum `GET /` | {} | baseline |", bare.summary());
    println!(
        "| Harness `GET /api/rest/authorize` (first {}k) | {}; {:.0}% of bare | ≥ {:.0}% of bare: {} |",
        GET_REQUESTS / 1000,
        get_1.summary(),
        100.0 * get_ratio,
        100.0 * TARGET_GET_RATIO,
        verdict(get_ratio >= TARGET_GET_RATIO)
    );
    println!(
        "| Harness `GET /api/rest/authorize` (second {}k) | {}; {:.0}% of bare | - |",
        GET_REQUESTS / 1000,
        get_2.summary(),
        100.0 * get_2.rate() / bare.rate()
    );
    println!(
        "| Harness `PUT /api/rest/org/common/person/5` (person update) | {}; {:.0}% of bare | - |",
        writes.summary(),
        100.0 * writes.rate() / bare.rate()
    );
    println!(
        "| Startup (spawn to `/__admin/health` 200) | {:.1} ms | < {TARGET_STARTUP_MS:.0} ms: {} |",
        ms(startup),
        verdict(ms(startup) < TARGET_STARTUP_MS)
    );
    println!(
        "| VmRSS before load / after GET #1 / after GET #2 | {} / {} / {} (×{rss_ratio:.2}) | flat (≤ ×{FLAT_RSS_RATIO:.2}): {} |",
        kib(rss_start),
        kib(rss_1),
        kib(rss_2),
        verdict(rss_ratio <= FLAT_RSS_RATIO)
    );
    println!("| VmRSS after the writes | {} | - |", kib(rss_3));
}

fn multi_thread(name: &str) -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(name)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// A port that was free a moment ago (the harness binds it itself).
fn free_port() -> u16 {
    let listener = StdListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).expect("bind");
    listener.local_addr().expect("local addr").port()
}

/// The baseline: one trivial axum route, served on the current runtime.
async fn serve_bare() -> SocketAddr {
    use axum::serve::ListenerExt;
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("bind the bare server");
    let addr = listener.local_addr().expect("local addr");
    // The harness sets TCP_NODELAY on its connections; so does the baseline.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let router = Router::new().route("/", get(|| async { "ok" }));
    tokio::spawn(async move { axum::serve(listener, router).await });
    addr
}

/// The harness child process; killed when dropped, so a panicking bench leaves nothing behind.
struct Harness {
    child: Option<Child>,
}

impl Harness {
    /// Spawns `wfo-harness serve` and waits until its health check answers 200.
    fn start(client: &Runtime, port: u16) -> (Harness, Duration) {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let spawned = Instant::now();
        let mut command = Command::new(env!("CARGO_BIN_EXE_wfo-harness"));
        command.args(["serve", "--addr", &addr.to_string()]);
        // The default cap is what users get; a larger one shows the cost of recording alone.
        if let Ok(limit) = std::env::var("WFO_BENCH_TRANSCRIPT_LIMIT") {
            command.args(["--transcript-limit", &limit]);
        }
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn wfo-harness");
        let mut harness = Harness { child: Some(child) };
        let target = Target::new(addr, Method::GET, "/__admin/health", None, Bytes::new());
        let startup = client.block_on(async {
            loop {
                if let Ok(StatusCode::OK) = target.once().await {
                    return spawned.elapsed();
                }
                if let Some(Ok(Some(status))) = harness.child.as_mut().map(Child::try_wait) {
                    panic!("wfo-harness exited before it was healthy: {status}");
                }
                if spawned.elapsed() > STARTUP_LIMIT {
                    panic!("wfo-harness did not answer /__admin/health within {STARTUP_LIMIT:?}");
                }
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        });
        (harness, startup)
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// VmRSS of the child, in KiB (0 when unreadable).
    fn rss_kib(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .ok()
            .and_then(|status| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
            .unwrap_or(0)
    }

    /// SIGTERM first, so the harness shuts down cleanly and removes its temporary store; SIGKILL
    /// if it has not exited within five seconds.
    fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let asked = Instant::now();
        while asked.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One request, rebuilt for every send (hyper requests are not `Clone`); headers are prepared once
/// so that the load generator costs the same for both servers.
#[derive(Clone)]
struct Target {
    addr: SocketAddr,
    method: Method,
    path: &'static str,
    host: HeaderValue,
    cookie: Option<HeaderValue>,
    body: Bytes,
}

impl Target {
    fn new(
        addr: SocketAddr,
        method: Method,
        path: &'static str,
        cookie: Option<&str>,
        body: Bytes,
    ) -> Target {
        assert!(addr.ip().is_loopback(), "the bench only talks to 127.0.0.1");
        Target {
            addr,
            method,
            path,
            host: HeaderValue::from_str(&addr.to_string()).expect("host header"),
            cookie: cookie
                .map(|c| HeaderValue::from_str(&format!("{SESSION_COOKIE}={c}")).expect("cookie")),
            body,
        }
    }

    fn request(&self) -> Request<Full<Bytes>> {
        let mut request = Request::new(Full::new(self.body.clone()));
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = axum::http::Uri::from_static(self.path);
        let headers = request.headers_mut();
        headers.insert(HOST, self.host.clone());
        if let Some(c) = &self.cookie {
            headers.insert(COOKIE, c.clone());
        }
        if !self.body.is_empty() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        request
    }

    async fn connect(&self) -> Result<SendRequest<Full<Bytes>>, BoxError> {
        let stream = TcpStream::connect(self.addr).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(sender)
    }

    /// One request on a fresh connection (health polling).
    async fn once(&self) -> Result<StatusCode, BoxError> {
        let mut sender = self.connect().await?;
        let response = sender.send_request(self.request()).await?;
        let status = response.status();
        response.into_body().collect().await?;
        Ok(status)
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Logs in and returns the session id from `Set-Cookie`.
async fn login(addr: SocketAddr) -> String {
    let target = Target::new(
        addr,
        Method::POST,
        "/api/rest/authorize",
        None,
        Bytes::from_static(LOGIN_BODY.as_bytes()),
    );
    let mut sender = target.connect().await.expect("connect for the login");
    let response = sender
        .send_request(target.request())
        .await
        .expect("login request");
    assert_eq!(response.status(), StatusCode::OK, "login failed");
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            let pair = v.split(';').next()?.trim();
            let (name, value) = pair.split_once('=')?;
            (name == SESSION_COOKIE && !value.is_empty()).then(|| value.to_string())
        })
        .expect("the login sets the hazelcast.sessionId cookie")
}

/// What one scenario did.
struct Outcome {
    /// 2xx answers.
    ok: usize,
    /// Other statuses and transport errors.
    errors: usize,
    elapsed: Duration,
    /// Latency of every 2xx answer in µs, sorted.
    latencies_us: Vec<u32>,
}

impl Outcome {
    fn rate(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    fn percentile(&self, p: f64) -> u32 {
        if self.latencies_us.is_empty() {
            return 0;
        }
        let at = ((self.latencies_us.len() - 1) as f64 * p).round() as usize;
        self.latencies_us[at]
    }

    fn summary(&self) -> String {
        let mut notes = String::new();
        if self.errors > 0 {
            notes.push_str(&format!(", {} errors", self.errors));
        }
        if self.elapsed >= SCENARIO_LIMIT {
            notes.push_str(", stopped at the time limit");
        }
        format!(
            "{:.0} req/s (p50 {} µs, p99 {} µs; {} requests in {:.1} s{notes})",
            self.rate(),
            self.percentile(0.50),
            self.percentile(0.99),
            self.ok,
            self.elapsed.as_secs_f64(),
        )
    }
}

fn report(name: &str, o: &Outcome) {
    println!(
        "{name:<36} requests {:>7}  errors {:>5}  {:>6.2} s  {:>8.0} req/s  p50 {:>6} µs  p99 {:>6} µs{}",
        o.ok,
        o.errors,
        o.elapsed.as_secs_f64(),
        o.rate(),
        o.percentile(0.50),
        o.percentile(0.99),
        if o.elapsed >= SCENARIO_LIMIT {
            "  (stopped at the time limit)"
        } else {
            ""
        }
    );
}

/// Sends `total` requests over `CONNECTIONS` keep-alive connections (or as many as fit in
/// `SCENARIO_LIMIT`), each connection sending its next request as soon as the last one answers.
async fn drive(target: &Target, total: usize) -> Outcome {
    let target = Arc::new(target.clone());
    // Connections are opened before the clock starts: the scenario measures requests only.
    let mut senders = Vec::with_capacity(CONNECTIONS);
    for _ in 0..CONNECTIONS {
        senders.push(target.connect().await.expect("connect to the server"));
    }
    let issued = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + SCENARIO_LIMIT;
    let tasks: Vec<_> = senders
        .into_iter()
        .map(|sender| {
            let target = target.clone();
            let issued = issued.clone();
            tokio::spawn(connection_loop(target, sender, issued, total, deadline))
        })
        .collect();
    let mut ok = 0;
    let mut errors = 0;
    let mut latencies_us = Vec::with_capacity(total);
    for task in tasks {
        let (lat, errs) = task.await.expect("load task");
        ok += lat.len();
        errors += errs;
        latencies_us.extend(lat);
    }
    let elapsed = started.elapsed();
    latencies_us.sort_unstable();
    Outcome {
        ok,
        errors,
        elapsed,
        latencies_us,
    }
}

/// One connection's share of a scenario: its 2xx latencies (µs) and its error count.
async fn connection_loop(
    target: Arc<Target>,
    mut sender: SendRequest<Full<Bytes>>,
    issued: Arc<AtomicUsize>,
    total: usize,
    deadline: Instant,
) -> (Vec<u32>, usize) {
    let mut latencies = Vec::with_capacity(total / CONNECTIONS + 1);
    let mut errors = 0;
    while issued.fetch_add(1, Ordering::Relaxed) < total {
        let sent = Instant::now();
        if sent >= deadline {
            break;
        }
        match exchange(&target, &mut sender).await {
            Ok(status) if status.is_success() => {
                latencies.push(sent.elapsed().as_micros().min(u32::MAX as u128) as u32);
            }
            Ok(_) => errors += 1,
            Err(_) => {
                errors += 1;
                // The connection is gone: open another one, or give up this connection's share.
                match target.connect().await {
                    Ok(s) => sender = s,
                    Err(_) => break,
                }
            }
        }
    }
    (latencies, errors)
}

async fn exchange(
    target: &Target,
    sender: &mut SendRequest<Full<Bytes>>,
) -> Result<StatusCode, BoxError> {
    sender.ready().await?;
    let response = sender.send_request(target.request()).await?;
    let status = response.status();
    // The body is read whole, so the connection is free for the next request.
    response.into_body().collect().await?;
    Ok(status)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn kib(k: u64) -> String {
    format!("{:.1} MiB", k as f64 / 1024.0)
}
