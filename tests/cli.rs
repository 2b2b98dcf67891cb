//! The `wfo-harness` binary as a user runs it: child processes spoken to over loopback HTTP.
//!
//! Every server is started on a free 127.0.0.1 port, waited for by polling `/__admin/health`,
//! and killed by a drop guard if a test fails half-way.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_wfo-harness");
const READY_DEADLINE: Duration = Duration::from_secs(10);
const EXIT_DEADLINE: Duration = Duration::from_secs(10);
const ADMIN_LOGIN: &str = r#"{"userId":"admin@example.com","password":"admin","language":"en"}"#;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

/// A free loopback address: bind port 0, note the port, let it go.
fn free_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address")
}

// ---------------------------------------------------------------------------------------------
// HTTP/1.1 over a plain TcpStream
// ---------------------------------------------------------------------------------------------

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }

    /// The value of the `hazelcast.sessionId` cookie set by this response.
    fn session_cookie(&self) -> String {
        let set_cookie = self
            .header("set-cookie")
            .unwrap_or_else(|| panic!("no Set-Cookie in the response: {:?}", self.headers));
        let pair = set_cookie.split(';').next().unwrap_or("").trim();
        let (name, value) = pair.split_once('=').expect("a name=value cookie");
        assert_eq!(name, "hazelcast.sessionId", "cookie name in {set_cookie}");
        assert!(!value.is_empty(), "empty session cookie in {set_cookie}");
        value.to_string()
    }
}

fn try_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: */*\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        request.push_str("Content-Type: application/json\r\n");
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    if let Some(body) = body {
        request.push_str(body);
    }
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    Ok(parse_response(&raw))
}

fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Response {
    try_request(addr, method, path, headers, body)
        .unwrap_or_else(|e| panic!("{method} {path} on {addr} failed: {e}"))
}

fn get(addr: SocketAddr, path: &str) -> Response {
    request(addr, "GET", path, &[], None)
}

fn post(addr: SocketAddr, path: &str, body: &str) -> Response {
    request(addr, "POST", path, &[], Some(body))
}

fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of headers in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Response {
        status,
        headers,
        body: String::from_utf8(body).expect("UTF-8 body"),
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size_text = String::from_utf8_lossy(&rest[..eol]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16).expect("chunk size");
        if size == 0 {
            return out;
        }
        let start = eol + 2;
        out.extend_from_slice(&rest[start..start + size]);
        rest = &rest[start + size + 2..];
    }
}

// ---------------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------------

/// What a reader thread has collected of a stream, and whether the stream has closed.
#[derive(Default)]
struct Collected {
    text: String,
    closed: bool,
}

/// Collects a child's output stream on a thread, so the pipe never fills up; waiters are woken
/// at every line and at the end, so nothing polls.
struct Capture {
    shared: Arc<(Mutex<Collected>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Capture {
    fn new(stream: impl Read + Send + 'static) -> Capture {
        let shared = Arc::new((Mutex::new(Collected::default()), Condvar::new()));
        let sink = shared.clone();
        let thread = std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            while let Ok(n) = reader.read_line(&mut line) {
                if n == 0 {
                    break;
                }
                sink.0.lock().unwrap().text.push_str(&line);
                sink.1.notify_all();
                line.clear();
            }
            sink.0.lock().unwrap().closed = true;
            sink.1.notify_all();
        });
        Capture {
            shared,
            thread: Some(thread),
        }
    }

    fn now(&self) -> String {
        self.shared.0.lock().unwrap().text.clone()
    }

    /// Waits until the stream contains `needle` (true), or closes or `deadline` passes (false).
    fn wait_for(&self, needle: &str, deadline: Duration) -> bool {
        self.wait_until(deadline, |c| c.text.contains(needle))
    }

    /// Waits until the stream closes (the child exited); false when `deadline` passes first.
    fn wait_closed(&self, deadline: Duration) -> bool {
        self.wait_until(deadline, |c| c.closed)
    }

    fn wait_until(&self, deadline: Duration, done: impl Fn(&Collected) -> bool) -> bool {
        let (lock, woken) = &*self.shared;
        let guard = lock.lock().unwrap();
        let (guard, _) = woken
            .wait_timeout_while(guard, deadline, |c| !done(c) && !c.closed)
            .unwrap();
        done(&guard)
    }

    /// Everything, once the stream has closed.
    fn finish(&mut self) -> String {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.now()
    }
}

fn spawn(args: &[&str]) -> (Child, Capture, Capture) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {BIN}: {e}"));
    let out = Capture::new(child.stdout.take().expect("piped stdout"));
    let err = Capture::new(child.stderr.take().expect("piped stderr"));
    (child, out, err)
}

/// The child's exit status once its stdout closes (it exited), or `None` after `deadline`.
fn wait_with_deadline(child: &mut Child, out: &Capture, deadline: Duration) -> Option<ExitStatus> {
    if out.wait_closed(deadline) {
        Some(child.wait().expect("wait for the child"))
    } else {
        child.try_wait().expect("try_wait")
    }
}

/// What a finished command printed.
struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Run {
    fn success(&self) -> bool {
        self.status.success()
    }
}

/// Runs the binary to completion (killed after a deadline).
fn run(args: &[&str]) -> Run {
    let (mut child, mut out, mut err) = spawn(args);
    let status = match wait_with_deadline(&mut child, &out, EXIT_DEADLINE) {
        Some(s) => s,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`wfo-harness {}` did not exit within {EXIT_DEADLINE:?}; stdout:\n{}\nstderr:\n{}",
                args.join(" "),
                out.finish(),
                err.finish()
            );
        }
    };
    Run {
        status,
        stdout: out.finish(),
        stderr: err.finish(),
    }
}

/// A running `wfo-harness serve`; killed (SIGKILL) when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    stdout: Capture,
    stderr: Capture,
}

impl Server {
    /// `serve --addr ADDR EXTRA...`, returned once `/__admin/health` answers 200.
    fn start_at(addr: SocketAddr, extra: &[&str]) -> Server {
        let addr_text = addr.to_string();
        let mut args = vec!["serve", "--addr", addr_text.as_str()];
        args.extend_from_slice(extra);
        let (child, stdout, stderr) = spawn(&args);
        let mut server = Server {
            child,
            addr,
            stdout,
            stderr,
        };
        server.wait_ready();
        server
    }

    fn start(extra: &[&str]) -> Server {
        Server::start_at(free_addr(), extra)
    }

    /// Ready once the startup line is printed (the listener is bound by then) and health answers.
    fn wait_ready(&mut self) {
        if !self.stdout.wait_for("listening on", READY_DEADLINE) {
            match self.child.try_wait().expect("try_wait") {
                Some(status) => panic!(
                    "the server exited before it was ready ({status}); stdout:\n{}\nstderr:\n{}",
                    self.stdout.finish(),
                    self.stderr.finish()
                ),
                None => panic!(
                    "the server on {} was not ready within {READY_DEADLINE:?}; stdout:\n{}\nstderr:\n{}",
                    self.addr,
                    self.stdout.now(),
                    self.stderr.now()
                ),
            }
        }
        let health = try_request(self.addr, "GET", "/__admin/health", &[], None)
            .unwrap_or_else(|e| panic!("health check of {}: {e}", self.addr));
        assert_eq!(health.status, 200, "{}", health.body);
    }

    /// SIGTERM, then the exit status and everything printed.
    fn terminate(mut self) -> Run {
        let status = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -TERM failed: {status}");
        let status = wait_with_deadline(&mut self.child, &self.stdout, EXIT_DEADLINE).unwrap_or_else(|| {
            panic!(
                "the server did not exit within {EXIT_DEADLINE:?} of SIGTERM; stdout:\n{}\nstderr:\n{}",
                self.stdout.now(),
                self.stderr.now()
            )
        });
        Run {
            status,
            stdout: self.stdout.finish(),
            stderr: self.stderr.finish(),
        }
    }

    /// SIGKILL: no shutdown code runs.
    fn kill(mut self) {
        self.child.kill().expect("SIGKILL the server");
        self.child.wait().expect("reap the server");
    }
}

impl Drop for Server {
    /// SIGTERM first (so a temporary store is removed), SIGKILL when that is not enough.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(self.child.id().to_string())
                .status();
            if wait_with_deadline(&mut self.child, &self.stdout, Duration::from_secs(2)).is_none() {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
        }
    }
}

fn login(addr: SocketAddr, body: &str) -> Response {
    post(addr, "/api/rest/authorize", body)
}

/// `(line, column)`, both from 1, of the first `needle` in `text` that follows `after`.
fn position_of(text: &str, after: &str, needle: &str) -> (usize, usize) {
    let from = text.find(after).expect("anchor in the fixture");
    let at = from + text[from..].find(needle).expect("needle in the fixture");
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].chars().count() + 1)
}

// ---------------------------------------------------------------------------------------------
// serve
// ---------------------------------------------------------------------------------------------

#[test]
fn serve_default_scenario_reports_health_and_flushes_on_sigterm() {
    let server = Server::start(&[]);
    let addr = server.addr;

    let first_line = server.stdout.now();
    assert!(
        first_line.contains(&format!("http://{addr}")),
        "startup line names the address {addr}: {first_line}"
    );
    assert!(
        first_line.contains("scenario `default`"),
        "startup line names the scenario: {first_line}"
    );
    assert!(
        first_line.contains("temporary store"),
        "without --data the store is temporary: {first_line}"
    );

    let health = get(addr, "/__admin/health");
    assert_eq!(health.status, 200, "{}", health.body);
    let health = health.json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["scenario"], "default");
    assert_eq!(health["sandbox"], "default");
    assert_eq!(health["now"], "2026-01-05T09:00:00.000Z");

    let run = server.terminate();
    assert!(
        run.success(),
        "SIGTERM exits with success, got {}; stderr:\n{}",
        run.status,
        run.stderr
    );
    assert!(
        run.stdout.contains("store flushed"),
        "the shutdown says the store was flushed: {}",
        run.stdout
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn acknowledged_writes_survive_sigkill_and_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let data_arg = data.to_str().unwrap();

    let server = Server::start(&["--data", data_arg]);
    let addr = server.addr;
    assert!(
        server
            .stdout
            .now()
            .contains(&format!("store {}", data.display())),
        "startup line names the store: {}",
        server.stdout.now()
    );
    let logged_in = login(addr, ADMIN_LOGIN);
    assert_eq!(logged_in.status, 200, "{}", logged_in.body);
    let session = logged_in.session_cookie();
    assert_eq!(logged_in.json()["sessionId"], session.as_str());

    let clock = post(addr, "/__admin/clock", r#"{"advanceMs": 60000}"#);
    assert_eq!(clock.status, 200, "{}", clock.body);
    assert_eq!(clock.json()["now"], "2026-01-05T09:01:00.000Z");

    // No shutdown code runs: only what was flushed before each acknowledgement survives.
    server.kill();

    let server = Server::start(&["--data", data_arg]);
    let addr = server.addr;
    let cookie = format!("hazelcast.sessionId={session}");
    let current = request(
        addr,
        "GET",
        "/api/rest/authorize",
        &[("Cookie", &cookie)],
        None,
    );
    assert_eq!(
        current.status, 200,
        "the session survived: {}",
        current.body
    );
    let current = current.json();
    assert_eq!(current["userId"], "admin@example.com");
    assert_eq!(current["sessionId"], session.as_str());

    let clock = get(addr, "/__admin/clock");
    assert_eq!(clock.status, 200, "{}", clock.body);
    let clock = clock.json();
    assert_eq!(clock["now"], "2026-01-05T09:01:00.000Z");
    assert_eq!(clock["frozen"], true);

    let transcript = get(addr, "/__admin/transcript");
    assert_eq!(transcript.status, 200, "{}", transcript.body);
    let exchanges: Vec<Value> = transcript
        .body
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let login_exchange = exchanges
        .iter()
        .find(|e| e["endpoint"] == "auth.login")
        .unwrap_or_else(|| panic!("the login is still in the transcript: {}", transcript.body));
    assert_eq!(login_exchange["status"], 200);
    assert_eq!(login_exchange["seq"], 1);
}

#[test]
fn a_store_in_use_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let data_arg = dir.path().to_str().unwrap();
    let _first = Server::start(&["--data", data_arg]);

    let second_addr = free_addr().to_string();
    let run = run(&["serve", "--addr", &second_addr, "--data", data_arg]);
    assert!(
        !run.success(),
        "a second server on the same store must fail; stdout:\n{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("in use"),
        "stderr says the store is in use: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(data_arg),
        "names the store: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        !run.stdout.contains("listening"),
        "nothing was served: {}",
        run.stdout
    );
}

#[test]
fn a_directory_of_other_files_is_not_a_store() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a database\n").unwrap();
    let data_arg = dir.path().to_str().unwrap();

    let addr = free_addr().to_string();
    let run = run(&["serve", "--addr", &addr, "--data", data_arg]);
    assert!(!run.success(), "stdout:\n{}", run.stdout);
    assert!(
        run.stderr.contains("not a wfo-harness store"),
        "stderr explains the refusal: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("notes.txt"),
        "names the foreign file: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    // The directory is left as it was: nothing was written into it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["notes.txt"]);
}

#[test]
fn scenario_seed_and_addr_options_are_honoured() {
    let scenario = fixture("mini.yaml");
    let addr = free_addr();
    let server = Server::start_at(
        addr,
        &["--scenario", scenario.to_str().unwrap(), "--seed", "42"],
    );
    assert_eq!(server.addr, addr);
    let first_line = server.stdout.now();
    assert!(
        first_line.contains(&format!("http://{addr}")),
        "listens on the --addr given: {first_line}"
    );
    assert!(
        first_line.contains("scenario `cli-mini`"),
        "names the --scenario: {first_line}"
    );

    let health = get(addr, "/__admin/health").json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["scenario"], "cli-mini");
    assert_eq!(health["now"], "2026-02-01T10:00:00.000Z");

    // The default scenario's users are gone; the file's person logs in.
    let admin = login(addr, ADMIN_LOGIN);
    assert_eq!(admin.status, 401, "{}", admin.body);
    let mina = login(
        addr,
        r#"{"userId":"mina@mini.test","password":"mina-secret"}"#,
    );
    assert_eq!(mina.status, 200, "{}", mina.body);
    let body = mina.json();
    assert_eq!(body["userId"], "mina@mini.test");
    assert_eq!(body["teamName"], "Mini Team");
    assert_eq!(body["groupName"], "Mini Group");
    assert_eq!(body["tenantId"], 1);

    // --seed 42 replaces the file's seed 7: the first session id is seed 42's.
    let session = mina.session_cookie();
    assert_eq!(session, wfo_harness::ids::session_id(42, 1));
    assert_ne!(session, wfo_harness::ids::session_id(7, 1));

    let run = server.terminate();
    assert!(run.success(), "{}", run.stderr);
}

#[test]
fn serve_refuses_an_invalid_scenario_file() {
    let scenario = fixture("bad-team.yaml");
    let addr = free_addr().to_string();
    let run = run(&[
        "serve",
        "--addr",
        &addr,
        "--scenario",
        scenario.to_str().unwrap(),
    ]);
    assert!(!run.success(), "stdout:\n{}", run.stdout);
    assert!(run.stderr.contains("bad-team.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("no team with id 99"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// scenario check
// ---------------------------------------------------------------------------------------------

#[test]
fn scenario_check_accepts_valid_files() {
    let mini = fixture("mini.yaml");
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/default.yaml");
    let run = run(&[
        "scenario",
        "check",
        mini.to_str().unwrap(),
        default.to_str().unwrap(),
    ]);
    assert!(run.success(), "stderr:\n{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "one line per file: {}", run.stdout);
    assert!(lines[0].contains("mini.yaml: ok"), "{}", lines[0]);
    assert!(lines[0].contains("`cli-mini`"), "{}", lines[0]);
    assert!(lines[1].contains("default.yaml: ok"), "{}", lines[1]);
    assert!(lines[1].contains("`default`"), "{}", lines[1]);
    assert!(lines[1].contains("2 persons"), "{}", lines[1]);
    assert_eq!(run.stderr, "");
}

#[test]
fn scenario_check_names_the_line_and_column_of_an_unknown_key() {
    let path = fixture("unknown-key.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let (line, column) = position_of(&text, "\ncolour:", "colour");
    let run = run(&["scenario", "check", path.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1), "stdout:\n{}", run.stdout);
    assert!(
        run.stderr
            .contains(&format!("unknown-key.yaml: line {line}, column {column}: ")),
        "stderr names line {line}, column {column}: {}",
        run.stderr
    );
    assert!(run.stderr.contains("colour"), "{}", run.stderr);
    assert!(!run.stdout.contains("ok"), "{}", run.stdout);
}

#[test]
fn scenario_check_names_the_line_and_column_of_a_bad_reference() {
    let path = fixture("bad-team.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let (line, column) = position_of(&text, "team: 99", "99");
    let run = run(&["scenario", "check", path.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1), "stdout:\n{}", run.stdout);
    assert!(
        run.stderr.contains(&format!(
            "bad-team.yaml: line {line}, column {column}: no team with id 99"
        )),
        "stderr names line {line}, column {column}: {}",
        run.stderr
    );
}

#[test]
fn scenario_check_fails_when_any_file_is_invalid() {
    let good = fixture("mini.yaml");
    let bad = fixture("bad-team.yaml");
    let run = run(&[
        "scenario",
        "check",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(run.stdout.contains("mini.yaml: ok"), "{}", run.stdout);
    assert!(run.stderr.contains("bad-team.yaml: line"), "{}", run.stderr);
}

#[test]
fn scenario_check_reports_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent.yaml");
    let run = run(&["scenario", "check", missing.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        run.stderr.contains("absent.yaml: cannot read"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// endpoints
// ---------------------------------------------------------------------------------------------

#[test]
fn endpoints_prints_a_table_with_a_summary() {
    let run = run(&["endpoints"]);
    assert!(run.success(), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        header,
        [
            "KEY",
            "VENDOR",
            "METHOD",
            "PATH",
            "PERMISSION",
            "IMPLEMENTED"
        ]
    );

    let rows = &lines[1..lines.len() - 1];
    let login: Vec<&str> = rows
        .iter()
        .find(|l| l.starts_with("auth.login "))
        .unwrap_or_else(|| panic!("an auth.login row: {}", run.stdout))
        .split_whitespace()
        .collect();
    assert_eq!(
        login,
        [
            "auth.login",
            "webex-wfo",
            "POST",
            "/api/rest/authorize",
            "(none)",
            "yes"
        ]
    );
    let search = rows
        .iter()
        .find(|l| l.starts_with("contact.search "))
        .unwrap_or_else(|| panic!("a contact.search row: {}", run.stdout));
    assert!(search.ends_with(" yes"), "{search}");

    let summary = lines[lines.len() - 1];
    let words: Vec<&str> = summary.split(' ').collect();
    assert_eq!(words.len(), 5, "{summary}");
    assert_eq!(
        (words[1], &words[3..]),
        ("of", &["endpoints", "implemented"][..])
    );
    let implemented: usize = words[0].parse().expect("N");
    let total: usize = words[2].parse().expect("M");
    assert_eq!(total, rows.len(), "M counts the rows");
    let yes = rows.iter().filter(|l| l.ends_with(" yes")).count();
    assert_eq!(implemented, yes, "N counts the rows marked yes");
    assert!(0 < implemented && implemented <= total, "{summary}");
}

#[test]
fn endpoints_as_json_lists_every_endpoint() {
    let run = run(&["endpoints", "--format", "json"]);
    assert!(run.success(), "{}", run.stderr);
    let list: Value = serde_json::from_str(&run.stdout).expect("a JSON document");
    let items = list.as_array().expect("a JSON array");
    assert!(!items.is_empty());
    for item in items {
        for key in [
            "key",
            "vendor",
            "method",
            "path",
            "permission",
            "implemented",
        ] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
        assert!(item["implemented"].is_boolean(), "{item}");
    }
    let by_key = |key: &str| {
        items
            .iter()
            .find(|i| i["key"] == key)
            .unwrap_or_else(|| panic!("no {key} in the list"))
    };
    let login = by_key("auth.login");
    assert_eq!(login["implemented"], true);
    assert_eq!(login["method"], "POST");
    assert_eq!(login["path"], "/api/rest/authorize");
    assert_eq!(login["vendor"], "webex-wfo");
    assert_eq!(by_key("contact.search")["implemented"], true);
    assert_eq!(by_key("datasrv.text_drop")["implemented"], false);

    // Same catalogue as the table.
    let table = self::run(&["endpoints"]);
    let implemented = items.iter().filter(|i| i["implemented"] == true).count();
    assert!(
        table.stdout.ends_with(&format!(
            "{implemented} of {} endpoints implemented\n",
            items.len()
        )),
        "{}",
        table.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// transcript export
// ---------------------------------------------------------------------------------------------

/// Every string in a JSON value, strings holding JSON documents opened up too.
fn strings_of(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            if let Ok(inner @ (Value::Object(_) | Value::Array(_))) =
                serde_json::from_str::<Value>(s)
            {
                strings_of(&inner, out);
            }
            out.push(s.clone());
        }
        Value::Array(items) => items.iter().for_each(|i| strings_of(i, out)),
        Value::Object(map) => map.values().for_each(|i| strings_of(i, out)),
        _ => {}
    }
}

fn assert_no_secrets(what: &str, text: &str, parsed: &Value, session: &str) {
    assert!(
        !text.contains(session),
        "{what} holds the session id {session}:\n{text}"
    );
    assert!(
        !text.contains("wrong-password"),
        "{what} holds the failed login's password:\n{text}"
    );
    let mut strings = Vec::new();
    strings_of(parsed, &mut strings);
    assert!(
        !strings.iter().any(|s| s == "admin"),
        "{what} holds the password `admin` as a value:\n{text}"
    );
    assert!(
        strings.iter().any(|s| s == "<password>"),
        "{what} shows the password's placeholder:\n{text}"
    );
}

#[test]
fn transcript_export_of_a_stopped_store() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let data_arg = data.to_str().unwrap();

    let server = Server::start(&["--data", data_arg]);
    let addr = server.addr;
    let ok = login(addr, ADMIN_LOGIN);
    assert_eq!(ok.status, 200, "{}", ok.body);
    let session = ok.session_cookie();
    let failed = login(
        addr,
        r#"{"userId":"admin@example.com","password":"wrong-password"}"#,
    );
    assert_eq!(failed.status, 401, "{}", failed.body);
    // A second sandbox, so the store holds two.
    let other = post(addr, "/sandbox/ci-1/api/rest/authorize", ADMIN_LOGIN);
    assert_eq!(other.status, 200, "{}", other.body);
    let stopped = server.terminate();
    assert!(stopped.success(), "{}", stopped.stderr);

    let export = |extra: &[&str]| {
        let mut args = vec!["transcript", "export", "--data", data_arg];
        args.extend_from_slice(extra);
        let run = run(&args);
        assert!(
            run.success(),
            "export {extra:?} failed ({}): {}",
            run.status,
            run.stderr
        );
        run.stdout
    };

    // JSON Lines (the default format): one object per exchange.
    let jsonl = export(&["--format", "jsonl"]);
    assert_eq!(jsonl, export(&[]), "jsonl is the default");
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 2, "{jsonl}");
    assert!(lines.iter().all(|l| l.is_object()));
    assert!(
        lines.iter().all(|l| l["endpoint"] == "auth.login"),
        "{jsonl}"
    );
    assert!(lines.iter().all(|l| l["sandbox"] == "default"), "{jsonl}");
    let statuses: Vec<&Value> = lines.iter().map(|l| &l["status"]).collect();
    assert_eq!(statuses, [200, 401]);
    assert_eq!(lines[0]["requestBody"]["password"], "<password>");
    assert_eq!(lines[1]["requestBody"]["password"], "<password>");
    assert_eq!(lines[0]["responseBody"]["sessionId"], "<session-1>");
    assert_no_secrets("jsonl", &jsonl, &Value::Array(lines.clone()), &session);

    // Normalised: no timings, no sandbox name.
    let normalised = export(&["--format", "jsonl", "--normalise"]);
    for line in normalised.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        for volatile in ["time", "durationMs", "sandbox"] {
            assert!(v.get(volatile).is_none(), "{volatile} in {line}");
        }
        assert_eq!(v["endpoint"], "auth.login");
    }

    // HAR 1.2.
    let har_text = export(&["--format", "har"]);
    let har: Value = serde_json::from_str(&har_text).expect("HAR is JSON");
    assert_eq!(har["log"]["version"], "1.2");
    let entries = har["log"]["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["request"]["method"], "POST");
    assert_eq!(
        entries[0]["request"]["url"],
        "http://wfo-harness/api/rest/authorize"
    );
    assert_eq!(entries[0]["response"]["status"], 200);
    assert_eq!(entries[1]["response"]["status"], 401);
    assert_eq!(entries[0]["_endpoint"], "auth.login");
    assert_no_secrets("har", &har_text, &har, &session);

    // YAML.
    let yaml_text = export(&["--format", "yaml", "--normalise"]);
    let yaml: Value = serde_saphyr::from_str(&yaml_text).expect("the export is YAML");
    let items = yaml.as_array().expect("a YAML sequence");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["endpoint"], "auth.login");
    assert!(items[0].get("durationMs").is_none());
    assert_no_secrets("yaml", &yaml_text, &yaml, &session);

    // Another sandbox of the same store.
    let ci = export(&["--sandbox", "ci-1"]);
    let ci_lines: Vec<Value> = ci
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(ci_lines.len(), 1, "{ci}");
    assert_eq!(ci_lines[0]["sandbox"], "ci-1");
    assert_eq!(ci_lines[0]["seq"], 1);

    // A sandbox the store does not have.
    let missing = run(&[
        "transcript",
        "export",
        "--data",
        data_arg,
        "--sandbox",
        "nope",
    ]);
    assert!(!missing.success());
    assert!(missing.stderr.contains("`nope`"), "{}", missing.stderr);
    assert!(
        missing.stderr.contains("default") && missing.stderr.contains("ci-1"),
        "names the sandboxes present: {}",
        missing.stderr
    );
    assert_eq!(missing.stdout, "");

    // An unknown format.
    let bad_format = run(&[
        "transcript",
        "export",
        "--data",
        data_arg,
        "--format",
        "xml",
    ]);
    assert!(!bad_format.success());
    assert!(
        bad_format.stderr.contains("jsonl, har or yaml"),
        "{}",
        bad_format.stderr
    );
}

#[test]
fn transcript_export_of_a_missing_store_fails() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("never-served");
    let absent = run(&["transcript", "export", "--data", missing.to_str().unwrap()]);
    assert!(!absent.success());
    assert!(
        absent.stderr.contains("does not exist"),
        "{}",
        absent.stderr
    );
    assert!(!missing.exists(), "the export must not create a store");

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let refused = run(&["transcript", "export", "--data", empty.to_str().unwrap()]);
    assert!(!refused.success());
    assert!(
        refused.stderr.contains("not a wfo-harness store"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        std::fs::read_dir(&empty).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn a_restart_keeps_the_stored_world_and_seed_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("store");
    let data_arg = data.to_str().unwrap();
    let server = Server::start(&["--data", data_arg, "--seed", "42"]);
    let first = login(server.addr, ADMIN_LOGIN);
    assert_eq!(
        first.json()["sessionId"],
        wfo_harness::ids::session_id(42, 1)
    );
    server.terminate();

    // Another scenario and no seed: the store's sandbox is kept, with its seed, and the
    // startup line names what is really served.
    let mini = fixture("mini.yaml");
    let server = Server::start(&["--data", data_arg, "--scenario", mini.to_str().unwrap()]);
    assert!(
        server.stdout.now().contains("scenario `default`"),
        "{}",
        server.stdout.now()
    );
    // stderr has its own reader thread: wait for it to catch up with stdout.
    assert!(
        server.stderr.wait_for("it is kept", READY_DEADLINE),
        "{}",
        server.stderr.now()
    );
    let second = login(server.addr, ADMIN_LOGIN);
    assert_eq!(second.status, 200, "{}", second.body);
    assert_eq!(
        second.json()["sessionId"],
        wfo_harness::ids::session_id(42, 2)
    );
}
