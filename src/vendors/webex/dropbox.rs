//! Seed 000/001 "Using the Data Server for bulk contact import" and the text import's data
//! server use: `serve --dropbox DIR` watches `DIR/<tenant>/` (tenant id or name) for
//! `CONTACT*.csv` (prefix case-sensitive; JSON is not accepted there) and `TEXTCONTACT*.csv|json`
//! files, imports each exactly as `POST /api/upload/contacts` or `/api/upload/textcontacts/`
//! would (with the folder's media or text files as the other parts), then moves it to
//! `processed/` (every contact imported) or `failed/` with `NAME.result.json` beside it, holding
//! the upload API's answer. Media and text files a contact used move with it; others stay.
//! A file is picked up only once it and the folder's other files kept their size and mtime
//! over one whole scan, so a file still being written is never read half-way.

use super::contact_import::import_upload;
use super::text_import::import_text_upload;
use crate::AppState;
use crate::contacts::import::{FileKind, classify};
use crate::contacts::upload::{Chunks, Refused, Upload, UploadLimits};
use crate::sandbox::Sandbox;
use crate::world::{Org, Person, Scope};
use bytes::Bytes;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use tokio::io::AsyncReadExt;

/// What a scan saw of each file: size and modification time.
#[derive(Default)]
pub struct Watch {
    seen: HashMap<PathBuf, (u64, Option<SystemTime>)>,
}

/// Scans `dir` every `every` until the server stops, importing into the default sandbox.
pub async fn watch(dir: PathBuf, state: AppState, every: Duration) {
    let mut w = Watch::default();
    loop {
        if let Ok(sandbox) = state.sandboxes.get(crate::sandbox::DEFAULT) {
            scan(&dir, &sandbox, state.uploads, &mut w).await;
        }
        tokio::time::sleep(every).await;
    }
}

struct FileChunks(tokio::fs::File);

impl Chunks for FileChunks {
    async fn next(&mut self) -> Result<Option<Bytes>, Refused> {
        let mut buf = vec![0u8; 64 * 1024];
        let n = self.0.read(&mut buf).await.map_err(|e| Refused {
            too_large: false,
            message: format!("cannot read the file: {e}"),
        })?;
        if n == 0 {
            return Ok(None);
        }
        buf.truncate(n);
        Ok(Some(Bytes::from(buf)))
    }
}

/// The data server's trusted identity in a tenant: imports need a tenant, not a user.
fn data_server(tenant_id: u64) -> Person {
    Person {
        tenant_id,
        first_name: "Data".into(),
        last_name: "Server".into(),
        scope: Scope {
            tenant: true,
            ..Scope::default()
        },
        ..Person::default()
    }
}

fn files_of(dir: &Path) -> Vec<(PathBuf, String, u64, Option<SystemTime>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<_> = entries
        .filter_map(|e| {
            let e = e.ok()?;
            let meta = e.metadata().ok()?;
            if !meta.is_file() {
                return None;
            }
            let name = e.file_name().to_str()?.to_string();
            Some((e.path(), name, meta.len(), meta.modified().ok()))
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// One pass over every tenant folder.
pub async fn scan(dir: &Path, sandbox: &Sandbox, limits: UploadLimits, w: &mut Watch) {
    let org = Org::of(&sandbox.store);
    for tenant in org.tenants.values() {
        for folder in [dir.join(tenant.id.to_string()), dir.join(&tenant.name)] {
            if folder.is_dir() {
                scan_folder(&folder, sandbox, tenant.id, limits, w).await;
            }
        }
    }
}

async fn scan_folder(
    folder: &Path,
    sandbox: &Sandbox,
    tenant_id: u64,
    limits: UploadLimits,
    w: &mut Watch,
) {
    let files = files_of(folder);
    // Stable: unchanged since the previous scan (every file of the folder, media included).
    let mut stable = true;
    for (path, _, size, mtime) in &files {
        let now = (*size, *mtime);
        if w.seen.insert(path.clone(), now) != Some(now) {
            stable = false;
        }
    }
    if !stable {
        return;
    }
    for (path, name, _, _) in &files {
        let text = name.starts_with("TEXTCONTACT");
        if !text && !name.starts_with("CONTACT") {
            continue;
        }
        if !path.exists() {
            continue;
        }
        let kind = classify(name);
        let result = match (text, kind) {
            (false, Some(FileKind::Csv)) | (true, Some(FileKind::Csv | FileKind::Json)) => {
                import_file(folder, path, name, sandbox, tenant_id, limits, text).await
            }
            (false, Some(FileKind::Json)) => Err(json!({
                "errorMessage": format!("{name}: the data server takes CSV contact files, not JSON"),
            })),
            _ => continue,
        };
        let (ok, body, used) = match result {
            Ok((body, used)) => {
                let failed = body["failed"].as_u64().unwrap_or(0);
                let done = body["inserted"]
                    .as_u64()
                    .or(body["imported"].as_u64())
                    .unwrap_or(0)
                    + body["merged"].as_u64().unwrap_or(0);
                (failed == 0 && done > 0, body, used)
            }
            Err(body) => (false, body, Vec::new()),
        };
        let target = folder.join(if ok { "processed" } else { "failed" });
        let _ = std::fs::create_dir_all(&target);
        let _ = std::fs::write(
            target.join(format!("{name}.result.json")),
            serde_json::to_vec_pretty(&body).unwrap_or_default(),
        );
        let _ = std::fs::rename(path, target.join(name));
        for other in used {
            let _ = std::fs::rename(folder.join(&other), target.join(&other));
        }
        for (p, _, _, _) in &files {
            if !p.exists() {
                w.seen.remove(p);
            }
        }
    }
}

/// Imports one declaration file with the folder's media (or text) files as the other parts.
async fn import_file(
    folder: &Path,
    path: &Path,
    name: &str,
    sandbox: &Sandbox,
    tenant_id: u64,
    limits: UploadLimits,
    text: bool,
) -> Result<(Value, Vec<String>), Value> {
    fn accept_contacts(kind: FileKind) -> Option<&'static str> {
        matches!(kind, FileKind::Text).then_some("not a contact file")
    }
    fn accept_texts(kind: FileKind) -> Option<&'static str> {
        matches!(kind, FileKind::Media(_)).then_some("not a text contact file")
    }
    let mut upload = Upload::new(
        sandbox.store.blobs(),
        limits,
        if text { accept_texts } else { accept_contacts },
    );
    let refused = |r: Refused| json!({"errorMessage": r.message});
    let open = |p: PathBuf| async move {
        tokio::fs::File::open(&p)
            .await
            .map_err(|e| json!({"errorMessage": format!("cannot open {}: {e}", p.display())}))
    };
    upload
        .take(
            Some(name.to_string()),
            None,
            FileChunks(open(path.to_path_buf()).await?),
        )
        .await
        .map_err(refused)?;
    let mut companions = Vec::new();
    for (p, other, _, _) in files_of(folder) {
        let wanted = match classify(&other) {
            Some(FileKind::Media(_)) => !text,
            Some(FileKind::Text) => text,
            _ => false,
        };
        if wanted {
            upload
                .take(Some(other.clone()), None, FileChunks(open(p).await?))
                .await
                .map_err(refused)?;
            companions.push(other);
        }
    }
    let caller = data_server(tenant_id);
    let now = sandbox.clock.now_ms();
    let body = if text {
        import_text_upload(&sandbox.store, &caller, &mut upload)
    } else {
        import_upload(&sandbox.store, &caller, now, &mut upload)
    };
    // The companions a contact used move with the file.
    let used: Vec<String> = if text {
        companions
    } else {
        body["recordings"]
            .as_array()
            .map(|rs| {
                rs.iter()
                    .filter(|r| r["status"] == "stored")
                    .filter_map(|r| r["name"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok((body, used))
}
