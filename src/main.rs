//! The `wfo-harness` command line: parses arguments and calls into the library.

use clap::{Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use wfo_harness::commands;

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

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Serve {
            addr,
            scenario,
            data,
            seed,
            transcript_limit,
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
