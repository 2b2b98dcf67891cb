//! What the CLI's subcommands do; `main.rs` only parses arguments and calls these.

use crate::catalogue;
use crate::scenario;
use crate::sessions::Sessions;
use crate::store::Store;
use crate::transcript::Transcript;
use crate::transcript::export::{self, Format};
use crate::{Config, app, server};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Instant;

pub struct ServeOptions {
    pub addr: SocketAddr,
    pub scenario: Option<PathBuf>,
    pub data: Option<PathBuf>,
    pub seed: Option<u64>,
    pub transcript_limit: u64,
    /// `--vary SEED`.
    pub vary: Option<crate::engine::vary::Vary>,
    /// Caps of contact uploads.
    pub uploads: crate::contacts::upload::UploadLimits,
    /// `--dropbox DIR`: the data server's drop folder, watched for contact files.
    pub dropbox: Option<PathBuf>,
}

/// `wfo-harness serve`: runs until Ctrl-C or SIGTERM, then flushes the store.
pub async fn serve(options: ServeOptions) -> Result<(), String> {
    let started = Instant::now();
    let scenario = match &options.scenario {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let origin = path.display().to_string();
            scenario::load(&origin, &text, options.seed).map_err(|e| format!("{origin}: {e}"))?
        }
        None => scenario::default_scenario(options.seed),
    };
    let requested = scenario.source.clone();
    let harness = app(Config {
        scenario,
        data: options.data.clone(),
        transcript_limit: options.transcript_limit,
        vary: options.vary,
        uploads: options.uploads,
    })
    .map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let store = match &options.data {
        Some(d) => format!("store {}", d.display()),
        None => "temporary store".to_string(),
    };
    // With --data, the default sandbox may come back from the store with the world it was built
    // from: say which scenario is really served.
    let served = harness
        .state
        .sandboxes
        .get(crate::sandbox::DEFAULT)
        .map_err(|e| format!("the default sandbox cannot be opened: {e}"))?
        .scenario();
    if served.source != requested || options.seed.is_some_and(|s| s != served.scenario.seed) {
        eprintln!(
            "wfo-harness: the store already holds sandbox `default`, built from scenario `{}` (seed {}); it is kept. \
             Load another with POST /__admin/scenario, delete the sandbox, or use a new --data directory.",
            served.name(),
            served.scenario.seed
        );
    }
    let shutdown = server::shutdown_signal();
    println!(
        "wfo-harness listening on http://{addr} with scenario `{}` ({}), {store}; ready in {} ms",
        served.name(),
        served.origin,
        started.elapsed().as_millis()
    );
    if let Some(dir) = options.dropbox.clone() {
        println!("wfo-harness watching the drop folder {}", dir.display());
        tokio::spawn(crate::vendors::webex::dropbox::watch(
            dir,
            harness.state.clone(),
            std::time::Duration::from_millis(500),
        ));
    }
    server::serve(listener, harness.router.clone(), shutdown).await;
    harness.flush();
    println!("wfo-harness stopped; store flushed");
    Ok(())
}

/// `wfo-harness scenario check FILE...`: true when every file is valid.
pub fn check_scenarios(files: &[PathBuf]) -> bool {
    let mut ok = true;
    for file in files {
        let result = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|text| {
                scenario::load(&file.display().to_string(), &text, None).map_err(|e| e.to_string())
            });
        match result {
            Ok(loaded) => println!(
                "{}: ok (scenario `{}`: {} tenants, {} persons)",
                file.display(),
                loaded.name(),
                loaded.world.tenants.len(),
                loaded.world.persons.len()
            ),
            Err(e) => {
                eprintln!("{}: {e}", file.display());
                ok = false;
            }
        }
    }
    ok
}

/// `wfo-harness endpoints [--format json]`.
pub fn endpoints(json: bool) -> String {
    let rows = catalogue::listing();
    if json {
        return serde_json::to_string_pretty(&rows).expect("catalogue serialises") + "\n";
    }
    let implemented = rows.iter().filter(|r| r.implemented).count();
    let mut table = vec![[
        "KEY".to_string(),
        "VENDOR".into(),
        "METHOD".into(),
        "PATH".into(),
        "PERMISSION".into(),
        "IMPLEMENTED".into(),
    ]];
    for r in &rows {
        table.push([
            r.key.to_string(),
            r.vendor.name().to_string(),
            r.method.to_string(),
            r.path.to_string(),
            r.permission.clone(),
            if r.implemented { "yes" } else { "no" }.to_string(),
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|c| {
            table
                .iter()
                .map(|row| row[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &table {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "{implemented} of {} endpoints implemented\n",
        rows.len()
    ));
    out
}

/// `wfo-harness transcript export --data DIR [--sandbox S] --format F [--normalise]`, offline.
pub fn export_transcript(
    data: &std::path::Path,
    sandbox: &str,
    format: &str,
    normalise: bool,
) -> Result<String, String> {
    let format = Format::parse(format)?;
    if !data.exists() {
        return Err(format!("{} does not exist", data.display()));
    }
    let store = Store::open_existing(data).map_err(|e| e.to_string())?;
    let ss = store.sandbox(sandbox);
    if !ss.exists() {
        let known = store.sandbox_names().join(", ");
        return Err(format!(
            "the store has no sandbox `{sandbox}` (it has: {known})"
        ));
    }
    let transcript = Transcript::open(&ss, u64::MAX);
    let sessions = Sessions::open(&ss);
    // A clock that ran while recording makes timestamps vary between runs.
    let clock_running = ss
        .meta::<crate::clock::ClockSetting>()
        .get(&"clock".to_string())
        .is_some_and(|c| !c.frozen);
    let options = normalise.then_some(crate::transcript::normalise::Options { clock_running });
    Ok(export::render_with(
        &transcript.exchanges(&sessions),
        format,
        options,
    ))
}
