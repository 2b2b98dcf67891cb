//! Reading `multipart/form-data` uploads with bounded memory. The gateway leaves upload bodies
//! unread (`gateway::streams`); a handler takes the raw `Body` and reads it here, part by part,
//! so a large upload is never held whole. Every failure is a vendor-shaped 400/413/415.

use super::{ApiError, Call};
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use bytes::Bytes;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How much a form may carry.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The whole request body.
    pub total: u64,
    /// One part.
    pub part: u64,
}

impl Limits {
    /// Forms that carry one small file (a CSV of an org or user import).
    pub const SMALL_FILES: Limits = Limits {
        total: 64 * 1024 * 1024,
        part: 64 * 1024 * 1024,
    };
}

/// A multipart body being read.
pub struct Form {
    inner: multer::Multipart<'static>,
    call: Call,
    /// Bytes handed to the handler so far (see [`Yielding`]).
    consumed: Arc<AtomicU64>,
}

/// One part, streamed: read it with [`Part::chunk`] or [`Part::bytes`].
pub struct Part {
    inner: multer::Field<'static>,
    call: Call,
    consumed: Arc<AtomicU64>,
    pub name: Option<String>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
}

/// A part read whole (small forms only).
#[derive(Debug, Clone)]
pub struct SmallPart {
    pub name: Option<String>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: Bytes,
}

impl SmallPart {
    /// The part as text, or a 400 saying it is not UTF-8.
    pub fn text(&self, call: &Call) -> Result<&str, ApiError> {
        std::str::from_utf8(&self.data).map_err(|e| {
            call.error(
                StatusCode::BAD_REQUEST,
                format!(
                    "Part '{}' is not UTF-8 text (invalid byte at offset {})",
                    self.label(),
                    e.valid_up_to()
                ),
            )
        })
    }

    /// The file name, else the field name, for messages.
    pub fn label(&self) -> &str {
        self.file_name
            .as_deref()
            .or(self.name.as_deref())
            .unwrap_or("(unnamed)")
    }
}

impl Form {
    /// Starts reading `body` as multipart: 415 when the request is not `multipart/form-data`,
    /// 400 when it has no boundary.
    pub fn new(
        call: &Call,
        headers: &HeaderMap,
        body: Body,
        limits: Limits,
    ) -> Result<Form, ApiError> {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !content_type
            .to_ascii_lowercase()
            .starts_with("multipart/form-data")
        {
            let shown = if content_type.is_empty() {
                "none"
            } else {
                content_type
            };
            return Err(call.error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("Content-Type must be multipart/form-data (got {shown})"),
            ));
        }
        let boundary = multer::parse_boundary(content_type).map_err(|_| {
            call.error(
                StatusCode::BAD_REQUEST,
                "Content-Type multipart/form-data has no boundary parameter",
            )
        })?;
        let constraints = multer::Constraints::new().size_limit(
            multer::SizeLimit::new()
                .whole_stream(limits.total)
                .per_field(limits.part),
        );
        let consumed = Arc::new(AtomicU64::new(0));
        Ok(Form {
            inner: multer::Multipart::with_constraints(
                Yielding {
                    inner: body.into_data_stream(),
                    pulled: 0,
                    consumed: consumed.clone(),
                    last_consumed: 0,
                    stalls: 0,
                },
                boundary,
                constraints,
            ),
            call: call.clone(),
            consumed,
        })
    }

    /// The next part, or `None` at the end of the form.
    pub async fn next_part(&mut self) -> Result<Option<Part>, ApiError> {
        self.consumed.fetch_add(PART_ALLOWANCE, Ordering::Relaxed);
        match self.inner.next_field().await {
            Ok(Some(field)) => Ok(Some(Part {
                consumed: self.consumed.clone(),
                name: field.name().map(str::to_string),
                file_name: field.file_name().map(str::to_string),
                content_type: field.content_type().map(|m| m.essence_str().to_string()),
                inner: field,
                call: self.call.clone(),
            })),
            Ok(None) => Ok(None),
            Err(e) => Err(form_error(&self.call, e)),
        }
    }

    /// Reads every part whole. Only for forms whose parts are small (see [`Limits`]).
    pub async fn read_all(mut self) -> Result<Vec<SmallPart>, ApiError> {
        let mut parts = Vec::new();
        while let Some(part) = self.next_part().await? {
            let (name, file_name, content_type) = (
                part.name.clone(),
                part.file_name.clone(),
                part.content_type.clone(),
            );
            let data = part.bytes().await?;
            parts.push(SmallPart {
                name,
                file_name,
                content_type,
                data,
            });
        }
        Ok(parts)
    }
}

impl Part {
    /// The next chunk of the part's data, or `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, ApiError> {
        let chunk = self
            .inner
            .chunk()
            .await
            .map_err(|e| form_error(&self.call, e))?;
        if let Some(c) = &chunk {
            self.consumed.fetch_add(c.len() as u64, Ordering::Relaxed);
        }
        Ok(chunk)
    }

    /// The whole part (bounded by the form's per-part limit).
    pub async fn bytes(self) -> Result<Bytes, ApiError> {
        let (call, consumed) = (self.call, self.consumed);
        let bytes = self.inner.bytes().await.map_err(|e| form_error(&call, e))?;
        consumed.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(bytes)
    }
}

/// A multipart reading failure as the client's mistake: 413 over a limit, else 400 with the reason.
fn form_error(call: &Call, e: multer::Error) -> ApiError {
    match e {
        multer::Error::StreamSizeExceeded { limit } => call.error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The upload is larger than the limit of {limit} bytes"),
        ),
        multer::Error::FieldSizeExceeded { limit, field_name } => call.error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Part '{}' is larger than the limit of {limit} bytes",
                field_name.as_deref().unwrap_or("(unnamed)")
            ),
        ),
        other => call.error(
            StatusCode::BAD_REQUEST,
            format!("Malformed multipart/form-data body: {other}"),
        ),
    }
}

/// How far the body may run ahead of what the handler has taken. multer reads its stream until
/// the stream is `Pending` and does so on every poll; a client faster than the handler (or an
/// in-process body) never is, and the whole request would pile up in multer's buffer. This
/// stream holds back (`Pending`, woken at once) while more than `WINDOW` bytes were read beyond
/// what the handler consumed; should its count drift (part headers are estimated at
/// `PART_ALLOWANCE` each), it lets data through after `MAX_STALLS` polls without progress.
const WINDOW: u64 = 512 * 1024;
const PART_ALLOWANCE: u64 = 4096;
const MAX_STALLS: u32 = 64;

struct Yielding<S> {
    inner: S,
    pulled: u64,
    consumed: Arc<AtomicU64>,
    last_consumed: u64,
    stalls: u32,
}

impl<S> futures_util::Stream for Yielding<S>
where
    S: futures_util::Stream<Item = Result<Bytes, axum::Error>> + Unpin,
{
    type Item = Result<Bytes, axum::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        let consumed = self.consumed.load(Ordering::Relaxed);
        if consumed != self.last_consumed {
            self.last_consumed = consumed;
            self.stalls = 0;
        }
        if self.pulled.saturating_sub(consumed) > WINDOW && self.stalls < MAX_STALLS {
            self.stalls += 1;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let polled = std::pin::Pin::new(&mut self.inner).poll_next(cx);
        if let Poll::Ready(Some(Ok(chunk))) = &polled {
            self.pulled += chunk.len() as u64;
        }
        polled
    }
}
