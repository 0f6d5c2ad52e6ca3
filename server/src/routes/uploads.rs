//! Resumable uploads: tus 1.0.0 core with the `creation` and `expiration` extensions under
//! `/api/v1/uploads` (the contract's "Uploads" section pins the details).
//!
//! - `OPTIONS /uploads`: the capabilities. `POST /uploads`: announces `Upload-Length` (≤
//!   `--max-upload-bytes`), answers 201 with `Location`. `HEAD /uploads/{id}`: the offset.
//!   `PATCH /uploads/{id}`: appends the body at `Upload-Offset`.
//! - The bytes go to `{--upload-dir}/{id}.bin`, streamed from the request body to the file as
//!   they arrive (a chunk is never held in memory whole, nor stored in SQLite). The file's length
//!   is the offset, so bytes received before a dropped connection count.
//! - One request at a time writes an upload: a per-upload lock, held by the writing task (not the
//!   request), so a client that vanishes mid-chunk still leaves a consistent file behind it.
//! - An upload belongs to its creator (others get 403) and expires 24 hours after creation if
//!   unfinished (410). Each user may have `--upload-quota-count` unfinished uploads declaring
//!   at most `--upload-quota-bytes` together (then 429 until one finishes or expires).
//! - A purge, every `--purge-interval-secs` and after each creation, deletes the files of
//!   expired uploads and of finished uploads that no entry or post has used for
//!   `--unused-upload-hours` (the rows stay, so they answer 410).
//! - A `PATCH` that sends more than `Upload-Length` allows is refused whole (413, the offset
//!   stays where it was); one that sends nothing for `--upload-idle-timeout-secs` ends with 408,
//!   keeping what arrived.
use crate::auth::CurrentUser;
use crate::db::uploads::{self as db, Upload};
use crate::idempotency;
use crate::problem::Problem;
use crate::AppState;
use axum::body::{Body, HttpBody};
use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rusqlite::TransactionBehavior;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

pub const TUS_VERSION: &str = "1.0.0";
/// Unfinished uploads expire this long after creation.
pub const UPLOAD_TTL_SECS: i64 = 24 * 3600;
const TUS_RESUMABLE: HeaderName = HeaderName::from_static("tus-resumable");
const UPLOAD_OFFSET: HeaderName = HeaderName::from_static("upload-offset");
const UPLOAD_LENGTH: HeaderName = HeaderName::from_static("upload-length");
const UPLOAD_EXPIRES: HeaderName = HeaderName::from_static("upload-expires");
const UPLOAD_METADATA: &str = "upload-metadata";
const OFFSET_STREAM: &str = "application/offset+octet-stream";
/// Bytes handed from the request to the file writer at a time.
const WRITE_BATCH: usize = 1024 * 1024;
/// How long a request waits for another one on the same upload to finish writing.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// `up_` and 20 hex digits: anything else is not an upload (and never becomes a file path).
pub fn is_upload_id(id: &str) -> bool {
    id.strip_prefix("up_")
        .is_some_and(|h| h.len() == 20 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn new_upload_id() -> String {
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    format!(
        "up_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

/// The file holding an upload's bytes.
pub fn upload_path(state: &AppState, id: &str) -> PathBuf {
    state.config.upload_dir().join(format!("{id}.bin"))
}

/// Serves a finished upload's file (whole, or the byte range asked for) as `content_type`
/// with `cache_control`; a missing file is `missing`. Entry videos and post images both go
/// through here.
pub async fn serve_file(
    state: &AppState,
    upload_id: &str,
    req: Request,
    content_type: &'static str,
    cache_control: &'static str,
    missing: impl FnOnce() -> Problem,
) -> Result<Response, Problem> {
    use tower::ServiceExt;
    if !is_upload_id(upload_id) {
        return Err(missing());
    }
    let res = tower_http::services::ServeFile::new(upload_path(state, upload_id))
        .oneshot(req)
        .await
        .map_err(|_| Problem::internal())?;
    if res.status() == StatusCode::NOT_FOUND {
        return Err(missing());
    }
    let mut res = res.map(Body::new);
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    Ok(res)
}

/// Bytes received so far (the file's length).
pub async fn received(state: &AppState, id: &str) -> std::io::Result<u64> {
    Ok(tokio::fs::metadata(upload_path(state, id)).await?.len())
}

/// RFC 9110 HTTP-date.
fn http_date(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

// ───────────────────────────── the per-upload lock ─────────────────────────────

type LockMap = Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>;

fn locks() -> &'static LockMap {
    static LOCKS: OnceLock<LockMap> = OnceLock::new();
    LOCKS.get_or_init(LockMap::default)
}

/// Exclusive access to one upload's file; the map entry goes when the last holder does.
pub struct UploadLock {
    id: String,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Drop for UploadLock {
    fn drop(&mut self) {
        self.guard.take();
        if let Ok(mut map) = locks().lock() {
            if map.get(&self.id).is_some_and(|m| Arc::strong_count(m) == 1) {
                map.remove(&self.id);
            }
        }
    }
}

/// Waits up to `wait` for the upload's lock.
pub async fn lock(id: &str, wait: Duration) -> Option<UploadLock> {
    let mutex = {
        let mut map = locks().lock().ok()?;
        map.entry(id.to_string()).or_default().clone()
    };
    let guard = tokio::time::timeout(wait, mutex.lock_owned()).await;
    // Build the lock even on a timeout, so its Drop tidies the map.
    let mut held = UploadLock {
        id: id.to_string(),
        guard: None,
    };
    held.guard = Some(guard.ok()?);
    Some(held)
}

// ───────────────────────────── responses ─────────────────────────────

fn with_tus(mut res: Response) -> Response {
    res.headers_mut()
        .insert(TUS_RESUMABLE, HeaderValue::from_static(TUS_VERSION));
    res
}

fn tus_problem(p: Problem, path: &str) -> Response {
    let version = p.status == 412;
    let mut res = with_tus(p.with_instance(path).into_response());
    if version {
        res.headers_mut()
            .insert("tus-version", HeaderValue::from_static(TUS_VERSION));
    }
    res
}

/// `Tus-Resumable: 1.0.0` on every request but `OPTIONS` (else 412).
fn check_version(headers: &HeaderMap) -> Result<(), Problem> {
    match headers.get(TUS_RESUMABLE).and_then(|v| v.to_str().ok()) {
        Some(TUS_VERSION) => Ok(()),
        _ => Err(Problem::new(
            StatusCode::PRECONDITION_FAILED,
            "precondition-failed",
            "Precondition Failed",
            "不支持的上传协议版本，请刷新页面后重试",
        )),
    }
}

fn header_error(status: StatusCode, field: &str, message: &str) -> Problem {
    let mut p = Problem::field(field, message);
    if status == StatusCode::BAD_REQUEST {
        p.status = 400;
        p.slug = "bad-request";
        p.title = "Bad Request";
    }
    p
}

fn too_large(max: u64) -> Problem {
    let mut p = crate::problem::payload_too_large();
    p.detail = format!("文件超过{}MB，请压缩后再上传", max / (1024 * 1024));
    p
}

fn gone() -> Problem {
    Problem::new(
        StatusCode::GONE,
        "gone",
        "Gone",
        "上传已过期，请重新选择文件上传",
    )
}

fn forbidden() -> Problem {
    Problem::forbidden("这不是你的上传")
}

fn no_such_upload() -> Problem {
    Problem::not_found("上传不存在")
}

/// A non-negative integer header (digits only, as tus requires).
fn number(headers: &HeaderMap, name: &HeaderName) -> Option<Result<u64, ()>> {
    headers.get(name).map(|v| {
        v.to_str()
            .ok()
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse().ok())
            .ok_or(())
    })
}

/// `key base64,key base64`: keys unique and without spaces or commas, values base64.
fn metadata_ok(raw: &str) -> bool {
    use base64::Engine;
    let mut keys = std::collections::HashSet::new();
    raw.len() <= 4096
        && raw.split(',').all(|pair| {
            let mut parts = pair.trim().splitn(2, ' ');
            let key = parts.next().unwrap_or_default();
            let value_ok = parts.next().is_none_or(|v| {
                base64::engine::general_purpose::STANDARD
                    .decode(v.trim())
                    .is_ok()
            });
            !key.is_empty() && key.is_ascii() && keys.insert(key.to_string()) && value_ok
        })
}

/// What a HEAD or PATCH may do with an upload: the caller's, known, not expired.
async fn usable(state: &AppState, id: &str, user_id: &str) -> Result<Upload, Problem> {
    if !is_upload_id(id) {
        return Err(no_such_upload());
    }
    let lookup = id.to_string();
    let upload = state
        .db
        .run(move |conn| Ok(db::find_upload(conn, &lookup)?))
        .await?
        .ok_or_else(no_such_upload)?;
    if upload.user_id != user_id {
        return Err(forbidden());
    }
    if upload.purged || (!upload.finished && state.clock.now().timestamp() >= upload.expires_at) {
        return Err(gone());
    }
    Ok(upload)
}

fn offset_headers(res: &mut Response, offset: u64, upload: &Upload) {
    let h = res.headers_mut();
    h.insert(UPLOAD_OFFSET, HeaderValue::from(offset));
    if offset < upload.length {
        if let Ok(v) = HeaderValue::from_str(&http_date(upload.expires_at)) {
            h.insert(UPLOAD_EXPIRES, v);
        }
    }
}

// ───────────────────────────── handlers ─────────────────────────────

/// `OPTIONS /uploads`: what this server speaks (a CORS preflight never gets here).
pub async fn options(State(state): State<AppState>) -> Response {
    let mut res = with_tus(StatusCode::NO_CONTENT.into_response());
    let h = res.headers_mut();
    h.insert("tus-version", HeaderValue::from_static(TUS_VERSION));
    h.insert(
        "tus-max-size",
        HeaderValue::from(state.config.max_upload_bytes),
    );
    h.insert(
        "tus-extension",
        HeaderValue::from_static("creation,expiration"),
    );
    res
}

/// Middleware outside the CORS layer: `OPTIONS /api/v1/uploads` without
/// `Access-Control-Request-Method` gets [`options`]; everything else goes on.
pub async fn plain_options(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let plain = req.method() == Method::OPTIONS
        && req.uri().path() == "/api/v1/uploads"
        && !req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if plain {
        options(State(state)).await
    } else {
        next.run(req).await
    }
}

/// `POST /uploads`: creates an empty upload of `Upload-Length` bytes for the caller.
pub async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
) -> Response {
    const PATH: &str = "/api/v1/uploads";
    match create_upload(&state, current, &headers).await {
        Ok(res) => res,
        Err(p) => tus_problem(p, PATH),
    }
}

async fn create_upload(
    state: &AppState,
    current: CurrentUser,
    headers: &HeaderMap,
) -> Result<Response, Problem> {
    check_version(headers)?;
    let length = match number(headers, &UPLOAD_LENGTH) {
        Some(Ok(n)) => n,
        _ => {
            return Err(header_error(
                StatusCode::BAD_REQUEST,
                "Upload-Length",
                "缺少 Upload-Length，或它不是非负整数",
            ))
        }
    };
    let max = state.config.max_upload_bytes;
    if length > max {
        return Err(too_large(max));
    }
    let metadata = headers
        .get(UPLOAD_METADATA)
        .map(|v| v.to_str().map(str::to_string));
    let metadata = match metadata {
        None => None,
        Some(Ok(m)) if metadata_ok(&m) => Some(m),
        Some(_) => {
            return Err(header_error(
                StatusCode::BAD_REQUEST,
                "Upload-Metadata",
                "Upload-Metadata 格式不正确",
            ))
        }
    };
    let key = idempotency::key_from_headers(headers)?;
    let user_id = current.user.id;
    let signature = format!("{length}\n{}", metadata.as_deref().unwrap_or_default());
    let request = key.map(|k| {
        idempotency::Request::new(
            &user_id,
            "POST",
            "/api/v1/uploads",
            &k,
            signature.as_bytes(),
        )
    });
    let now = state.clock.now().timestamp();
    let expires_at = now + UPLOAD_TTL_SECS;
    let id = new_upload_id();
    let dir = state.config.upload_dir();
    let file = upload_path(state, &id);
    let (quota_count, quota_bytes) = (
        u64::from(state.config.upload_quota_count),
        state.config.upload_quota_bytes,
    );
    spawn_purge(state.clone());
    let (location, expires_at, replayed) = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if let Some(req) = &request {
                if let Some(stored) = idempotency::lookup(&tx, req, now)? {
                    let location = stored.location.unwrap_or_default();
                    let earlier = location.rsplit('/').next().unwrap_or_default().to_string();
                    let expires =
                        db::find_upload(&tx, &earlier)?.map_or(expires_at, |u| u.expires_at);
                    return Ok((location, expires, true));
                }
            }
            let (count, bytes, first_expiry) = db::unfinished_uploads(&tx, &user_id, now)?;
            // An empty upload is finished at once: it takes no place.
            let over = count >= quota_count || bytes.saturating_add(length) > quota_bytes;
            if length > 0 && over {
                return Err(Problem::too_many(
                    format!(
                        "你有{count}个上传尚未完成（共{}MB），请先完成或等它们过期后再上传新文件",
                        bytes.div_ceil(1024 * 1024)
                    ),
                    first_expiry.map_or(60, |e| (e - now).max(1)) as u32,
                ));
            }
            db::insert_upload(
                &tx,
                &id,
                &user_id,
                length,
                metadata.as_deref(),
                now,
                expires_at,
            )?;
            std::fs::create_dir_all(&dir)
                .and_then(|_| std::fs::File::create(&file))
                .map_err(|e| {
                    tracing::error!("creating {}: {e}", file.display());
                    Problem::internal()
                })?;
            let location = format!("/api/v1/uploads/{id}");
            if let Some(req) = &request {
                idempotency::store(&tx, req, 201, Some(&location), b"", now)?;
            }
            tx.commit()?;
            Ok((location, expires_at, false))
        })
        .await?;
    let mut res = with_tus(StatusCode::CREATED.into_response());
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&location) {
        h.insert(header::LOCATION, v);
    }
    if length > 0 {
        if let Ok(v) = HeaderValue::from_str(&http_date(expires_at)) {
            h.insert(UPLOAD_EXPIRES, v);
        }
    }
    if replayed {
        h.insert(idempotency::REPLAYED, HeaderValue::from_static("true"));
    }
    Ok(res)
}

/// Runs the purge every `--purge-interval-secs` for as long as the runtime does.
pub fn start_purge_timer(state: AppState) {
    let every = Duration::from_secs(state.config.purge_interval_secs.max(1));
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let purged = purge(&state).await;
            if purged > 0 {
                tracing::info!("purged {purged} expired or unused uploads");
            }
        }
    });
}

fn spawn_purge(state: AppState) {
    tokio::spawn(async move { purge(&state).await });
}

/// Deletes the files of unfinished uploads past their expiry and of finished uploads unused for
/// `--unused-upload-hours`, skipping any upload a request holds. The rows stay (marked purged),
/// so they answer 410. How many were purged.
pub async fn purge(state: &AppState) -> usize {
    let now = state.clock.now().timestamp();
    let unused_before = now - (state.config.unused_upload_hours as i64).saturating_mul(3600);
    let Ok((expired, unused)) = state
        .db
        .run(move |conn| {
            Ok((
                db::expired_uploads(conn, now)?,
                db::unused_uploads(conn, unused_before)?,
            ))
        })
        .await
    else {
        return 0;
    };
    let mut purged = 0;
    for (id, finished) in expired
        .into_iter()
        .map(|id| (id, false))
        .chain(unused.into_iter().map(|id| (id, true)))
    {
        let Some(_held) = lock(&id, Duration::ZERO).await else {
            continue;
        };
        let marked = id.clone();
        let Ok(marked) = state
            .db
            .run(move |conn| {
                if finished {
                    Ok(db::mark_purged_if_unused(conn, &marked)?)
                } else {
                    db::mark_purged(conn, &marked)?;
                    Ok(true)
                }
            })
            .await
        else {
            continue;
        };
        if marked {
            let _ = tokio::fs::remove_file(upload_path(state, &id)).await;
            purged += 1;
        }
    }
    purged
}

/// `HEAD /uploads/{id}`: the offset; errors are status and headers only.
pub async fn head(State(state): State<AppState>, Path(id): Path<String>, req: Request) -> Response {
    let (mut parts, _) = req.into_parts();
    let bare = |status: StatusCode| {
        let mut res = with_tus(status.into_response());
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    };
    let current = match CurrentUser::from_request_parts(&mut parts, &state).await {
        Ok(c) => c,
        Err(rejected) => {
            let mut res = bare(rejected.status());
            if let Some(v) = rejected.headers().get(header::WWW_AUTHENTICATE) {
                res.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, v.clone());
            }
            return res;
        }
    };
    if check_version(&parts.headers).is_err() {
        let mut res = bare(StatusCode::PRECONDITION_FAILED);
        res.headers_mut()
            .insert("tus-version", HeaderValue::from_static(TUS_VERSION));
        return res;
    }
    let upload = match usable(&state, &id, &current.user.id).await {
        Ok(u) => u,
        Err(p) => {
            return bare(StatusCode::from_u16(p.status).unwrap_or(StatusCode::NOT_FOUND));
        }
    };
    let Ok(offset) = received(&state, &id).await else {
        return bare(StatusCode::INTERNAL_SERVER_ERROR);
    };
    let mut res = bare(StatusCode::OK);
    offset_headers(&mut res, offset, &upload);
    res.headers_mut()
        .insert(UPLOAD_LENGTH, HeaderValue::from(upload.length));
    res
}

/// `PATCH /uploads/{id}`: appends the body at `Upload-Offset`.
pub async fn patch(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let path = format!("/api/v1/uploads/{id}");
    match append(&state, &current.user.id, &id, &headers, body).await {
        Ok(res) => res,
        Err(p) => tus_problem(p, &path),
    }
}

async fn append(
    state: &AppState,
    user_id: &str,
    id: &str,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, Problem> {
    check_version(headers)?;
    let upload = usable(state, id, user_id).await?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.split(';').next().unwrap_or_default().trim() != OFFSET_STREAM {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported Media Type",
            "上传内容须为 application/offset+octet-stream",
        ));
    }
    let offset = match number(headers, &UPLOAD_OFFSET) {
        Some(Ok(n)) => n,
        _ => {
            return Err(header_error(
                StatusCode::BAD_REQUEST,
                "Upload-Offset",
                "缺少 Upload-Offset，或它不是非负整数",
            ))
        }
    };
    let declared = number(headers, &header::CONTENT_LENGTH).and_then(Result::ok);
    let chunk_limit = state.config.upload_chunk_limit;
    if declared.is_some_and(|n| n > chunk_limit) {
        let mut p = crate::problem::payload_too_large();
        p.detail = format!("单次上传的数据块不能超过{}MB", chunk_limit / (1024 * 1024));
        return Err(p);
    }
    let Some(held) = lock(id, LOCK_WAIT).await else {
        return Err(Problem::conflict("该文件正在上传中，请稍后查询进度再继续"));
    };
    let current = received(state, id).await.map_err(|e| {
        tracing::error!("upload {id}: {e}");
        Problem::internal()
    })?;
    if offset != current {
        let mut p = Problem::field("Upload-Offset", format!("服务器当前偏移量为 {current}"));
        p.status = 409;
        p.slug = "conflict";
        p.title = "Conflict";
        p.detail = format!("上传位置不一致（服务器已收到 {current} 字节），请从该位置继续上传");
        return Err(p);
    }
    let room = upload.length - current;
    if declared.is_some_and(|n| n > room) {
        return Err(too_large_for(upload.length));
    }
    // Never more than the chunk limit, nor past Upload-Length.
    let allowed = room.min(chunk_limit);
    let outcome = stream_to_file(state, &upload, held, body, current, allowed).await?;
    if outcome.over {
        return Err(if allowed < room {
            let mut p = crate::problem::payload_too_large();
            p.detail = format!("单次上传的数据块不能超过{}MB", chunk_limit / (1024 * 1024));
            p
        } else {
            too_large_for(upload.length)
        });
    }
    if outcome.stalled {
        return Err(Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            "request-timeout",
            "Request Timeout",
            format!(
                "网络太慢，已收到 {} 字节，请从该位置继续上传",
                outcome.offset
            ),
        ));
    }
    let mut res = with_tus(StatusCode::NO_CONTENT.into_response());
    offset_headers(&mut res, outcome.offset, &upload);
    Ok(res)
}

fn too_large_for(length: u64) -> Problem {
    let mut p = crate::problem::payload_too_large();
    p.detail = format!("数据超出了上传时声明的文件大小（{length} 字节）");
    p
}

struct Appended {
    /// The offset after the write.
    offset: u64,
    /// The body went on past what this request may write (nothing of it was kept).
    over: bool,
    /// The client sent nothing for `--upload-idle-timeout-secs` (what arrived was kept).
    stalled: bool,
}

/// Streams `body` into the upload's file: the request hands batches to a writer task that owns
/// the lock, so if the client goes away mid-chunk the bytes already received are written, the
/// upload is marked finished if they completed it, and only then is the lock released. A body
/// longer than `allowed` is refused whole: the file goes back to `start`, its length before.
async fn stream_to_file(
    state: &AppState,
    upload: &Upload,
    held: UploadLock,
    mut body: Body,
    start: u64,
    allowed: u64,
) -> Result<Appended, Problem> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let path = upload_path(state, &upload.id);
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let discard = Arc::new(AtomicBool::new(false));
    let discard_in_writer = discard.clone();
    let writer_state = state.clone();
    let (id, length) = (upload.id.clone(), upload.length);
    let writer = tokio::spawn(async move {
        let file = path.clone();
        let written = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            let mut f = std::fs::OpenOptions::new().append(true).open(&file)?;
            while let Some(batch) = rx.blocking_recv() {
                f.write_all(&batch)?;
            }
            if discard_in_writer.load(Ordering::SeqCst) {
                f.set_len(start)?;
            }
            Ok(())
        })
        .await;
        if let Ok(Err(e)) | Err(e) = written.map_err(std::io::Error::other) {
            tracing::error!("writing upload {id}: {e}");
        }
        let offset = tokio::fs::metadata(&path).await.map(|m| m.len());
        if let Ok(offset) = offset {
            if offset == length {
                let now = writer_state.clock.now().timestamp();
                let done = id.clone();
                let _ = writer_state
                    .db
                    .run(move |conn| Ok(db::mark_finished(conn, &done, now)?))
                    .await;
            }
        }
        drop(held);
        offset
    });
    let mut taken: u64 = 0;
    let mut over = false;
    let mut stalled = false;
    let idle = Duration::from_secs(state.config.upload_idle_timeout_secs.max(1));
    let mut batch: Vec<u8> = Vec::with_capacity(WRITE_BATCH);
    loop {
        let next = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx));
        let Ok(frame) = tokio::time::timeout(idle, next).await else {
            stalled = true;
            break;
        };
        let data = match frame {
            None => break,
            // The client went away: keep what arrived.
            Some(Err(_)) => break,
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) => data,
                Err(_) => continue,
            },
        };
        let room = (allowed - taken) as usize;
        let take = data.len().min(room);
        batch.extend_from_slice(&data[..take]);
        taken += take as u64;
        if take < data.len() {
            // Too long: none of this request's bytes count.
            over = true;
            discard.store(true, Ordering::SeqCst);
            batch.clear();
            break;
        }
        if batch.len() >= WRITE_BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(WRITE_BATCH));
            if tx.send(full).await.is_err() {
                break;
            }
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(batch).await;
    }
    drop(tx);
    let offset = writer.await?.map_err(|e| {
        tracing::error!("upload {}: {e}", upload.id);
        Problem::internal()
    })?;
    Ok(Appended {
        offset,
        over,
        stalled,
    })
}

/// For the entry that uses it: a finished upload of `user_id`, locked so no PATCH runs while its
/// bytes are read. `Err` is the 422 message for `upload_id`.
pub async fn finished_upload(
    state: &AppState,
    id: &str,
    user_id: &str,
) -> Result<Result<(Upload, UploadLock), &'static str>, Problem> {
    let not_usable = "上传不存在或已过期，请重新上传";
    if !is_upload_id(id) {
        return Ok(Err(not_usable));
    }
    let lookup = id.to_string();
    let Some(upload) = state
        .db
        .run(move |conn| Ok(db::find_upload(conn, &lookup)?))
        .await?
    else {
        return Ok(Err(not_usable));
    };
    if upload.user_id != user_id || upload.purged {
        return Ok(Err(not_usable));
    }
    let Some(held) = lock(id, LOCK_WAIT).await else {
        return Ok(Err("文件还没有上传完成"));
    };
    // The purge may have taken it while this request waited for the lock.
    let lookup = id.to_string();
    let purged = state
        .db
        .run(move |conn| Ok(db::find_upload(conn, &lookup)?))
        .await?
        .is_none_or(|u| u.purged);
    if purged {
        return Ok(Err(not_usable));
    }
    let size = received(state, id).await.unwrap_or(0);
    if size < upload.length {
        let expired = state.clock.now().timestamp() >= upload.expires_at;
        return Ok(Err(if expired {
            not_usable
        } else {
            "文件还没有上传完成"
        }));
    }
    Ok(Ok((upload, held)))
}
