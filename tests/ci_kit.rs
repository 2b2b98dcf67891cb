//! The partner CI kit: `ci/run-against-harness.sh` runs the example Python suite
//! (`ci/examples/python`, standard library only) against the harness and verifies its committed
//! snapshot; a deliberately changed client request shows the diff and fails.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_wfo-harness");

fn kit(env: &[(&str, &str)], command: &[&str]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("bash");
    cmd.current_dir(root)
        .arg("ci/run-against-harness.sh")
        .args(["--binary", BIN])
        .args(["--snapshot", "ci/examples/python/snapshot.yaml"])
        .args(["--out", out.path().to_str().unwrap()])
        .arg("--")
        .args(command)
        .env("CI", "true")
        .env_remove("CLIENT_LANGUAGE")
        .env_remove("WFO_HARNESS_URL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const SUITE: &[&str] = &["python3", "ci/examples/python/test_client.py"];

#[test]
fn the_example_suite_passes_and_matches_its_snapshot() {
    let o = kit(&[], SUITE);
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(t.contains("Ran 5 tests"), "{t}");
    assert!(t.contains("the transcript matches the snapshot"), "{t}");
    assert!(t.contains("documented cases exercised"), "{t}");
}

#[test]
fn a_changed_client_request_shows_the_diff_and_fails() {
    let o = kit(&[("CLIENT_LANGUAGE", "fr")], SUITE);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("Ran 5 tests"), "the suite itself passes: {t}");
    assert!(
        t.contains("exchange 1 (POST /api/rest/authorize) changed:"),
        "{t}"
    );
    assert!(
        t.contains("  -     language: en\n  +     language: fr\n"),
        "{t}"
    );
    assert!(t.contains("differs from the snapshot"), "{t}");
}

#[test]
fn a_failing_suite_fails_the_run_with_its_status() {
    let o = kit(
        &[],
        &["bash", "-c", "test -n \"$WFO_HARNESS_URL\" && exit 3"],
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let o = kit(&[], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("no test command after --"));
}

#[test]
fn a_harness_that_cannot_start_stops_the_run_before_the_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = Command::new("bash")
        .current_dir(root)
        .args(["ci/run-against-harness.sh", "--binary", BIN])
        .args(["--scenario", "tests/fixtures/cli/unknown-key.yaml"])
        .args(["--", "bash", "-c", "echo the tests ran"])
        .output()
        .unwrap();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("the harness did not start"), "{t}");
    assert!(!t.contains("the tests ran"), "{t}");
}

#[test]
fn the_kit_passes_vary_to_the_harness_and_the_transcript_lists_the_variations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let client = "import os, urllib.request as r, urllib.error as e\n\
                  for i in range(40):\n    \
                  try: r.urlopen(os.environ['WFO_HARNESS_URL'] + '/api/rest/authorize')\n    \
                  except e.HTTPError as x: print(x.code, x.headers.get('Retry-After'))\n";
    let o = Command::new("bash")
        .current_dir(root)
        .args(["ci/run-against-harness.sh", "--binary", BIN, "--vary", "11"])
        .args(["--out", out.path().to_str().unwrap()])
        .args(["--", "python3", "-c", client])
        .output()
        .unwrap();
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    let answers: Vec<&str> = t
        .lines()
        .filter(|l| l.starts_with("401 ") || l.starts_with("503 "))
        .collect();
    assert_eq!(answers.len(), 40, "{t}");
    let unavailable = answers.iter().filter(|l| l.starts_with("503 ")).count();
    assert!(unavailable > 0, "{t}");
    assert!(
        answers
            .iter()
            .all(|l| l.starts_with("401 None") || !l.ends_with("None"))
    );
    let yaml = std::fs::read_to_string(out.path().join("transcript.yaml")).unwrap();
    assert_eq!(
        yaml.matches("kind: unavailable").count(),
        unavailable,
        "{yaml}"
    );
}
