//! What the conformance kit's subcommands do (`verify`, `coverage`, `openapi`); `main.rs` only
//! parses their arguments. See `ci/README.md` for how a partner CI uses them.

use crate::coverage;
use crate::transcript::normalise::Options;
use crate::transcript::{drift, load, verify};
use std::path::{Path, PathBuf};

/// What a command prints and whether it succeeded (its exit status).
pub struct Outcome {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    fn ok(stdout: String) -> Outcome {
        Outcome {
            ok: true,
            stdout,
            stderr: String::new(),
        }
    }

    fn failed(stdout: String, stderr: String) -> Outcome {
        Outcome {
            ok: false,
            stdout,
            stderr,
        }
    }
}

pub struct VerifyOptions {
    /// The committed snapshot; without it the transcript is replayed against the harness.
    pub snapshot: Option<PathBuf>,
    pub transcript: PathBuf,
    /// Rewrite the snapshot from the transcript (refused when `CI=true`).
    pub update: bool,
    /// The recording's clock ran: timestamps become placeholders.
    pub clock_running: bool,
    /// Scenario of the harness a recording is replayed against.
    pub scenario: Option<PathBuf>,
    /// The value of `CI` in the environment.
    pub ci: Option<String>,
}

/// `wfo-harness verify`.
pub fn verify(options: VerifyOptions) -> Result<Outcome, String> {
    let Some(snapshot) = &options.snapshot else {
        return replay(&options.transcript, options.scenario.as_deref());
    };
    let exchanges = load::read(&options.transcript)?;
    let normalise = Options {
        clock_running: options.clock_running,
    };
    let actual = verify::normalised_yaml(exchanges, normalise);
    if options.update {
        if options
            .ci
            .as_deref()
            .is_some_and(|v| v == "true" || v == "1")
        {
            return Err(
                "refusing --update in CI (CI=true): snapshots are reviewed and committed, never written by CI"
                    .into(),
            );
        }
        std::fs::write(snapshot, format!("{}{actual}", verify::SNAPSHOT_HEADER))
            .map_err(|e| format!("cannot write {}: {e}", snapshot.display()))?;
        return Ok(Outcome::ok(format!("{} written\n", snapshot.display())));
    }
    let expected = std::fs::read_to_string(snapshot).map_err(|e| {
        format!(
            "cannot read the snapshot {}: {e} (create it with `wfo-harness verify --update`, outside CI)",
            snapshot.display()
        )
    })?;
    let drift = verify::compare(&expected, &actual);
    if drift.matches() {
        Ok(Outcome::ok(format!(
            "{}: the transcript matches the snapshot\n",
            snapshot.display()
        )))
    } else {
        Ok(Outcome::failed(
            drift.report,
            format!(
                "{}: the transcript differs from the snapshot (review the diff; `wfo-harness verify --update` accepts it)\n",
                snapshot.display()
            ),
        ))
    }
}

/// `wfo-harness verify --transcript recorded.har` without a snapshot: replays it against the
/// harness and reports drift.
fn replay(transcript: &Path, scenario: Option<&Path>) -> Result<Outcome, String> {
    let text = std::fs::read_to_string(transcript)
        .map_err(|e| format!("cannot read {}: {e}", transcript.display()))?;
    let exchanges =
        load::parse_for_replay(&text).map_err(|e| format!("{}: {e}", transcript.display()))?;
    let loaded = match scenario {
        Some(path) => {
            let yaml = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            crate::scenario::load(&path.display().to_string(), &yaml, None)
                .map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => crate::scenario::default_scenario(None),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let findings = runtime.block_on(async {
        let app = crate::app(crate::Config {
            scenario: loaded,
            ..crate::Config::default()
        })
        .map_err(|e| e.to_string())?;
        Ok::<_, String>(drift::replay(&app, &exchanges).await)
    })?;
    let mut out = String::new();
    for f in &findings {
        out.push_str(&format!("exchange {} ({}):\n", f.index + 1, f.label));
        for d in &f.differences {
            out.push_str(&format!("  {d}\n"));
        }
    }
    if findings.is_empty() {
        Ok(Outcome::ok(format!(
            "{} exchanges replayed: the harness answers every one with the recorded status and shape\n",
            exchanges.len()
        )))
    } else {
        out.push_str(&format!(
            "{} of {} exchanges are answered differently by the harness\n",
            findings.len(),
            exchanges.len()
        ));
        Ok(Outcome::failed(out, String::new()))
    }
}

/// `wfo-harness coverage --transcript FILE [--format F] [--fail-under PERCENT]`.
pub fn coverage(
    transcript: &Path,
    format: &str,
    fail_under: Option<f64>,
) -> Result<Outcome, String> {
    let format = coverage::Format::parse(format)?;
    let exchanges = load::read(transcript)?;
    let report = coverage::report(&exchanges);
    let text = coverage::render(&report, format);
    match fail_under {
        Some(min) if report.percent < min => Ok(Outcome::failed(
            text,
            format!(
                "coverage {}% is under the required {min}%\n",
                report.percent
            ),
        )),
        _ => Ok(Outcome::ok(text)),
    }
}

/// `wfo-harness openapi [--vendor V]`.
pub fn openapi(vendor: Option<&str>) -> Result<String, String> {
    let vendor = vendor.map(crate::openapi::vendor).transpose()?;
    Ok(serde_json::to_string_pretty(&crate::openapi::document(vendor)).expect("JSON") + "\n")
}
