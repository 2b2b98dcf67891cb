//! Opening the database: a temporary one, or `--data DIR`, which must be a harness store (or empty)
//! and not held by another process.

use std::fmt;
use std::path::{Path, PathBuf};

const MARKER_TREE: &str = "__harness";
const MARKER_KEY: &str = "format";
const FORMAT: &str = "wfo-harness-store/1";
/// The file sled writes first into a database directory.
const SLED_CONF: &str = "conf";

pub(super) struct Opened {
    pub db: sled::Db,
    pub durable: bool,
    /// The directory the database lives in (media files are kept under `media/`).
    pub dir: PathBuf,
    // Dropped after `db`: the temporary directory outlives the database handle.
    _tmp: Option<tempfile::TempDir>,
}

/// Why a store could not be opened; each says what to do about it.
#[derive(Debug)]
pub enum StoreError {
    InUse(PathBuf),
    NotAHarnessStore(PathBuf, String),
    Io(PathBuf, String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::InUse(p) => write!(
                f,
                "the store {} is in use by another process (is another wfo-harness serving it?)",
                p.display()
            ),
            StoreError::NotAHarnessStore(p, why) => write!(
                f,
                "{} is not a wfo-harness store ({why}); pass an empty or new directory to --data",
                p.display()
            ),
            StoreError::Io(p, e) => write!(f, "cannot open the store {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for StoreError {}

impl Opened {
    pub fn open(dir: Option<&Path>) -> Result<Opened, StoreError> {
        match dir {
            None => {
                let tmp = tempfile::Builder::new()
                    .prefix("wfo-harness-")
                    .tempdir()
                    .map_err(|e| StoreError::Io(std::env::temp_dir(), e.to_string()))?;
                let db = sled_open(tmp.path(), true)?;
                mark(&db, tmp.path())?;
                Ok(Opened {
                    db,
                    durable: false,
                    dir: tmp.path().to_path_buf(),
                    _tmp: Some(tmp),
                })
            }
            Some(dir) => {
                check_directory(dir)?;
                let db = sled_open(dir, false)?;
                let marker = db
                    .open_tree(MARKER_TREE)
                    .and_then(|t| t.get(MARKER_KEY))
                    .map_err(|e| StoreError::Io(dir.to_path_buf(), e.to_string()))?;
                match marker {
                    Some(v) if v.as_ref() == FORMAT.as_bytes() => {}
                    Some(v) => {
                        return Err(StoreError::NotAHarnessStore(
                            dir.to_path_buf(),
                            format!("its format is `{}`", String::from_utf8_lossy(&v)),
                        ));
                    }
                    None if db.tree_names().len() > 2 || !db.is_empty() => {
                        return Err(StoreError::NotAHarnessStore(
                            dir.to_path_buf(),
                            "it is a sled database written by something else".into(),
                        ));
                    }
                    None => mark(&db, dir)?,
                }
                Ok(Opened {
                    db,
                    durable: true,
                    dir: dir.to_path_buf(),
                    _tmp: None,
                })
            }
        }
    }
}

/// A directory with files in it that sled did not write is refused before sled touches it.
fn check_directory(dir: &Path) -> Result<(), StoreError> {
    if dir.exists() && !dir.is_dir() {
        return Err(StoreError::NotAHarnessStore(
            dir.to_path_buf(),
            "it is a file, not a directory".into(),
        ));
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if !names.is_empty() && !names.iter().any(|n| n == SLED_CONF) {
        return Err(StoreError::NotAHarnessStore(
            dir.to_path_buf(),
            format!("it holds other files, such as `{}`", names[0]),
        ));
    }
    Ok(())
}

/// True when sled has written `dir` (its `conf` file), i.e. a server has used it as `--data`.
pub(super) fn holds_a_store(dir: &Path) -> bool {
    dir.join(SLED_CONF).exists()
}

fn sled_open(dir: &Path, temporary: bool) -> Result<sled::Db, StoreError> {
    let config = sled::Config::new()
        .path(dir)
        .cache_capacity(64 * 1024 * 1024)
        .flush_every_ms(if temporary { None } else { Some(500) });
    config.open().map_err(|e| {
        let text = e.to_string();
        if text.contains("lock")
            || text.contains("WouldBlock")
            || text.contains("temporarily unavailable")
        {
            StoreError::InUse(dir.to_path_buf())
        } else {
            StoreError::Io(dir.to_path_buf(), text)
        }
    })
}

fn mark(db: &sled::Db, dir: &Path) -> Result<(), StoreError> {
    db.open_tree(MARKER_TREE)
        .and_then(|t| t.insert(MARKER_KEY, FORMAT))
        .map(|_| ())
        .map_err(|e| StoreError::Io(dir.to_path_buf(), e.to_string()))
}
