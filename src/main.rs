//! The `wfo-harness` command line: parses arguments and calls into the library.

use clap::{Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use wfo_harness::{commands, kit};

#[derive(Parser)]
#[command(
    name = "wfo-harness",
    version,
    about = "A stateful fake of WFO vendor APIs for client tests"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the vendor APIs and the admin API.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Scenario YAML to serve instead of the embedded default.
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// Persistent store directory (reused on restart); a temporary one when absent.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Seed of generated data and ids, replacing the scenario's.
        #[arg(long)]
        seed: Option<u64>,
        /// Exchanges kept per sandbox transcript (oldest dropped first).
        #[arg(long, default_value_t = wfo_harness::transcript::DEFAULT_LIMIT)]
        transcript_limit: u64,
        /// Largest contact upload request, in bytes (413 above it).
        #[arg(long, default_value_t = wfo_harness::contacts::upload::UploadLimits::default().request_bytes)]
        max_upload_bytes: u64,
        /// Most entries of the ZIP archives of one upload (413 above it).
        #[arg(long, default_value_t = wfo_harness::contacts::upload::UploadLimits::default().zip_entries)]
        max_zip_entries: usize,
        /// Most uncompressed bytes of the ZIP archives of one upload (413 above it).
        #[arg(long, default_value_t = wfo_harness::contacts::upload::UploadLimits::default().zip_bytes)]
        max_zip_bytes: u64,
        /// The data server's drop folder: `DIR/<tenant>/CONTACT*.csv` and `TEXTCONTACT*` files
        /// are imported and moved to `processed/` or `failed/`.
        #[arg(long)]
        dropbox: Option<PathBuf>,
        /// Vary answers within the documents from this seed (503s, slow answers, shorter
        /// idle expiry, smaller pages, job durations); every variation is in the transcript.
        #[arg(long)]
        vary: Option<u64>,
    },
    /// Compare a transcript with a snapshot (or, without one, replay a recording against the
    /// harness and report drift).
    Verify {
        /// The committed snapshot (insta-compatible YAML).
        #[arg(long)]
        snapshot: Option<PathBuf>,
        /// A transcript: the harness's JSON Lines, normalised YAML or HAR, or a HAR recorded
        /// elsewhere.
        #[arg(long)]
        transcript: PathBuf,
        /// Rewrite the snapshot from the transcript (refused when CI=true).
        #[arg(long)]
        update: bool,
        /// The clock ran while recording: timestamps become placeholders.
        #[arg(long)]
        clock_running: bool,
        /// Scenario to replay a recording against (without --snapshot).
        #[arg(long)]
        scenario: Option<PathBuf>,
    },
    /// Which documented statuses of each endpoint a transcript exercised.
    Coverage {
        #[arg(long)]
        transcript: PathBuf,
        /// table, json or markdown.
        #[arg(long, default_value = "table")]
        format: String,
        /// Exit 1 when under this percentage of documented cases.
        #[arg(long)]
        fail_under: Option<f64>,
    },
    /// Print the OpenAPI 3.1 document of the implemented endpoints.
    Openapi {
        /// Only this vendor's endpoints (webex-wfo, webex-wfo-dataserver, incontact-wfo,
        /// talkdesk, dialer).
        #[arg(long)]
        vendor: Option<String>,
    },
    /// Work with scenario files.
    Scenario {
        #[command(subcommand)]
        command: ScenarioCommand,
    },
    /// Print the endpoint catalogue and what is implemented.
    Endpoints {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Work with recorded transcripts.
    Transcript {
        #[command(subcommand)]
        command: TranscriptCommand,
    },
}

#[derive(Subcommand)]
enum ScenarioCommand {
    /// Validate scenario files without serving (exit 1 when any is invalid).
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum TranscriptCommand {
    /// Export a sandbox's transcript from a stopped server's store.
    Export {
        #[arg(long)]
        data: PathBuf,
        #[arg(long, default_value = "default")]
        sandbox: String,
        /// jsonl, har or yaml.
        #[arg(long, default_value = "jsonl")]
        format: String,
        /// Drop what varies between identical runs (timings, sandbox name), sort keys.
        #[arg(long)]
        normalise: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

/// Prints a kit command's outcome and turns it into the exit status.
fn finish(outcome: Result<kit::Outcome, String>) -> ExitCode {
    match outcome {
        Ok(o) => {
            print!("{}", o.stdout);
            eprint!("{}", o.stderr);
            if o.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("wfo-harness: {e}");
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Verify {
            snapshot,
            transcript,
            update,
            clock_running,
            scenario,
        } => finish(kit::verify(kit::VerifyOptions {
            snapshot,
            transcript,
            update,
            clock_running,
            scenario,
            ci: std::env::var("CI").ok(),
        })),
        Command::Coverage {
            transcript,
            format,
            fail_under,
        } => finish(kit::coverage(&transcript, &format, fail_under)),
        Command::Openapi { vendor } => match kit::openapi(vendor.as_deref()) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("wfo-harness: {e}");
                ExitCode::from(2)
            }
        },
        Command::Serve {
            addr,
            scenario,
            data,
            seed,
            transcript_limit,
            vary,
            max_upload_bytes,
            max_zip_entries,
            max_zip_bytes,
            dropbox,
        } => {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build();
            let runtime = match runtime {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("wfo-harness: cannot start the runtime: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let options = commands::ServeOptions {
                addr,
                scenario,
                data,
                seed,
                transcript_limit,
                vary: vary.map(|seed| wfo_harness::engine::vary::Vary { seed }),
                uploads: wfo_harness::contacts::upload::UploadLimits {
                    request_bytes: max_upload_bytes,
                    zip_entries: max_zip_entries,
                    zip_bytes: max_zip_bytes,
                },
                dropbox,
            };
            match runtime.block_on(commands::serve(options)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("wfo-harness: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Scenario {
            command: ScenarioCommand::Check { files },
        } => {
            if commands::check_scenarios(&files) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Endpoints { format } => {
            print!(
                "{}",
                commands::endpoints(matches!(format, ListFormat::Json))
            );
            ExitCode::SUCCESS
        }
        Command::Transcript {
            command:
                TranscriptCommand::Export {
                    data,
                    sandbox,
                    format,
                    normalise,
                },
        } => match commands::export_transcript(&data, &sandbox, &format, normalise) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("wfo-harness: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
