//! wfo-harness: a stateful, scriptable fake of workforce-optimization vendor APIs (Webex WFO,
//! inContact WFO, Talkdesk, an XCALLY-style dialer) for client tests. It serves the vendors'
//! documented endpoints from a YAML scenario, keeps state in sled, runs every request in a
//! sandbox with its own virtual clock, and records every exchange as a transcript.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let app = wfo_harness::app(wfo_harness::Config::default())?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! wfo_harness::server::serve(listener, app.router, std::future::pending()).await;
//! # Ok(()) }
//! ```

pub mod admin;
pub mod cas;
pub mod catalogue;
pub mod clock;
pub mod commands;
pub mod contacts;
pub mod contract;
pub mod coverage;
pub mod engine;
pub mod gateway;
pub mod http;
pub mod ids;
pub mod kit;
pub mod openapi;
pub mod qm;
pub mod reports;
pub mod sandbox;
pub mod scenario;
pub mod server;
pub mod sessions;
pub mod store;
pub mod transcript;
pub mod vendors;
pub mod world;

use sandbox::Sandboxes;
use scenario::Loaded;
use std::path::PathBuf;
use std::sync::Arc;
use store::{Store, StoreError};

/// How a harness is set up.
pub struct Config {
    /// The scenario sandboxes are created from.
    pub scenario: Arc<Loaded>,
    /// `--data DIR`: a durable store; `None` is a temporary one.
    pub data: Option<PathBuf>,
    /// Exchanges kept per sandbox transcript.
    pub transcript_limit: u64,
    /// `serve --vary SEED`: vary answers within the documents, reproducibly.
    pub vary: Option<engine::vary::Vary>,
    /// Caps of contact uploads (request size, ZIP entries and uncompressed bytes).
    pub uploads: contacts::upload::UploadLimits,
}

impl Default for Config {
    /// The embedded default scenario on a temporary store.
    fn default() -> Self {
        Config {
            scenario: scenario::default_scenario(None),
            data: None,
            transcript_limit: transcript::DEFAULT_LIMIT,
            vary: None,
            uploads: Default::default(),
        }
    }
}

/// What every handler and the gateway share.
#[derive(Clone)]
pub struct AppState {
    pub sandboxes: Arc<Sandboxes>,
    pub uploads: contacts::upload::UploadLimits,
}

/// A ready harness: its router and state.
pub struct App {
    pub router: axum::Router,
    pub state: AppState,
}

impl App {
    /// Writes every transcript's pending exchanges and flushes the store (on shutdown).
    pub fn flush(&self) {
        self.state.sandboxes.flush_transcripts();
        self.state.sandboxes.store().flush_blocking();
    }
}

/// Opens the store and builds the router; the default sandbox is created at once.
pub fn app(config: Config) -> Result<App, StoreError> {
    let store = Store::open(config.data.as_deref())?;
    let sandboxes = Arc::new(
        Sandboxes::new(store, config.scenario, config.transcript_limit).with_vary(config.vary),
    );
    if let Err(e) = sandboxes.get(sandbox::DEFAULT) {
        eprintln!("wfo-harness: the default sandbox could not be created: {e}");
    }
    let state = AppState {
        sandboxes,
        uploads: config.uploads,
    };
    Ok(App {
        router: server::router(state.clone()),
        state,
    })
}
