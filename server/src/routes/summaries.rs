//! 工作总结 (issue 17): `GET/PATCH /organiser/units/{id}/summary`, `POST …/summary/submit`,
//! `GET …/summary/attachments/{upload_id}`, and the reviewers' `GET /review/units/{id}/summary`
//! (+ its attachments).
//!
//! - Only the unit's organisers see or write it (anyone else: 404, as an unknown unit); a
//!   reviewer whose scope holds the unit reads it once submitted (before: status and figures).
//! - The text is a list of blocks — heading (level 2–3), paragraph, bullets, numbers — of plain
//!   text with lengths in Unicode characters; nothing is ever HTML. A draft keeps what was typed
//!   (empty texts too); submitting needs every text filled and at least one paragraph.
//! - Attachments are finished uploads of the caller recognised by their bytes: PDF (`%PDF-`),
//!   DOCX (a ZIP whose central directory names `word/document.xml`), JPEG, PNG; ≤ 20 MiB.
//! - Saving and submitting are open from 2021-08-16 00:00 until 2021-10-23 00:00 China time
//!   (exclusive) by the server clock; once submitted the summary is final (409 `conflict`).
//! - `figures` are computed at every read (`db::indicators::unit_figures`), never stored.
use super::organisers::{etag, if_match, matches_version, unit_not_found};
use super::to_json;
use super::topics::{idempotent_write, parse_body};
use crate::auth::CurrentUser;
use crate::clock::{cst, rfc3339_cst};
use crate::db::organisers as units_db;
use crate::db::review as review_db;
use crate::db::summaries::{self as db, Attachment, Block, Summary};
use crate::db::topics::upload_in_use;
use crate::db::uploads as uploads_db;
use crate::idempotency;
use crate::image::{self, ImageFormat};
use crate::problem::{FieldError, Problem};
use crate::text;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;
use std::io::{Read, Seek, SeekFrom};

const UNITS_PATH: &str = "/api/v1/organiser/units";
const REVIEW_PATH: &str = "/api/v1/review/units";

/// The largest attachment: 20 MiB.
pub const MAX_ATTACHMENT_BYTES: u64 = 20 * 1024 * 1024;
pub const MAX_ATTACHMENTS: usize = 10;
pub const MAX_BLOCKS: usize = 100;
pub const MAX_TOTAL_CHARS: usize = 20_000;
pub const MAX_HEADING_CHARS: usize = 40;
pub const MAX_PARAGRAPH_CHARS: usize = 2_000;
pub const MAX_ITEMS: usize = 20;
pub const MAX_ITEM_CHARS: usize = 300;

pub const PDF: &str = "application/pdf";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn china(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    cst()
        .with_ymd_and_hms(y, m, d, 0, 0, 0)
        .single()
        .expect("a valid China date")
        .with_timezone(&Utc)
}

/// Saving and submitting: 2021-08-16 00:00 (inclusive) – 2021-10-23 00:00 (exclusive) China time.
pub fn window() -> (DateTime<Utc>, DateTime<Utc>) {
    (china(2021, 8, 16), china(2021, 10, 23))
}

fn window_open(now: DateTime<Utc>) -> bool {
    let (opens, closes) = window();
    opens <= now && now < closes
}

fn window_closed() -> Problem {
    let (opens, closes) = window();
    Problem::new(
        StatusCode::CONFLICT,
        "window-closed",
        "Window Closed",
        "工作总结的填写时间为8月16日至10月22日，现在不在填写时间内",
    )
    .with_member("opens_at", rfc3339_cst(opens).into())
    .with_member("closes_at", rfc3339_cst(closes).into())
}

fn submitted_already() -> Problem {
    Problem::conflict("工作总结已提交，不能再修改")
}

// ───────────────────────────── the view ─────────────────────────────

#[derive(Serialize)]
struct UnitRef {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct AttachmentView {
    upload_id: String,
    filename: String,
    media_type: String,
    bytes: i64,
    url: String,
}

#[derive(Serialize)]
struct WindowView {
    opens_at: String,
    closes_at: String,
    open: bool,
    server_time: String,
}

#[derive(Serialize)]
struct View {
    unit: UnitRef,
    status: String,
    version: i64,
    blocks: Vec<Block>,
    attachments: Vec<AttachmentView>,
    figures: Value,
    updated_at: Option<String>,
    submitted_at: Option<String>,
    window: WindowView,
}

fn time(secs: i64) -> String {
    rfc3339_cst(DateTime::from_timestamp(secs, 0).unwrap_or_default())
}

/// The unit's figures now (never stored).
fn figures(conn: &Connection, unit_id: &str) -> Result<Value, Problem> {
    let f = crate::db::indicators::unit_figures(conn, unit_id)?.ok_or_else(Problem::internal)?;
    serde_json::to_value(f).map_err(|_| Problem::internal())
}

/// The `UnitSummary` of `s`; `base` is where its attachments are downloaded from; `text` false
/// leaves out the blocks and attachments (a reviewer reading a draft).
fn view(
    conn: &Connection,
    unit: &units_db::Unit,
    s: Summary,
    base: &str,
    text: bool,
    now: DateTime<Utc>,
) -> Result<View, Problem> {
    let (opens, closes) = window();
    let attachments = if text {
        s.attachments
            .into_iter()
            .map(|a| AttachmentView {
                url: format!("{base}/{}/summary/attachments/{}", unit.id, a.upload_id),
                upload_id: a.upload_id,
                filename: a.filename,
                media_type: a.media_type,
                bytes: a.bytes,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(View {
        unit: UnitRef {
            id: unit.id.clone(),
            name: unit.name.clone(),
        },
        status: s.status,
        version: s.version,
        blocks: if text { s.blocks } else { Vec::new() },
        attachments,
        figures: figures(conn, &unit.id)?,
        updated_at: s.updated_at.map(time),
        submitted_at: s.submitted_at.map(time),
        window: WindowView {
            opens_at: rfc3339_cst(opens),
            closes_at: rfc3339_cst(closes),
            open: window_open(now),
            server_time: rfc3339_cst(now),
        },
    })
}

fn with_etag(body: Vec<u8>, version: Option<i64>) -> Response {
    let mut res = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response();
    if let Some(v) = version.and_then(|v| HeaderValue::from_str(&etag(v)).ok()) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

/// A unit of the caller's, else 404.
fn own_unit(conn: &Connection, id: &str, user_id: &str) -> Result<units_db::Unit, Problem> {
    if !units_db::is_member(conn, id, user_id)? {
        return Err(unit_not_found());
    }
    units_db::find_unit(conn, id)?.ok_or_else(unit_not_found)
}

// ───────────────────────────── the blocks ─────────────────────────────

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// A string member of a block, checked for forbidden characters and its length.
fn block_text(
    v: &Value,
    field: &str,
    max: usize,
    multiline: bool,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let Some(s) = v.as_str() else {
        errors.push(FieldError::new(field, "须为文字"));
        return None;
    };
    if s.chars().any(|c| text::is_forbidden(c, multiline)) {
        errors.push(FieldError::new(field, text::Unsafe::Control.message()));
    } else if chars(s) > max {
        errors.push(FieldError::new(field, format!("不能超过{max}个字")));
    }
    Some(s.to_string())
}

/// Parses and checks the `blocks` member: a 422 naming every wrong block member, else the
/// blocks as they will be stored (nothing but the known members).
pub fn parse_blocks(v: &Value) -> Result<Vec<Block>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let Some(list) = v.as_array() else {
        return Err(vec![FieldError::new("blocks", "须为段落列表")]);
    };
    if list.len() > MAX_BLOCKS {
        return Err(vec![FieldError::new(
            "blocks",
            format!("最多{MAX_BLOCKS}段"),
        )]);
    }
    let mut blocks = Vec::with_capacity(list.len());
    let mut total = 0;
    for (i, b) in list.iter().enumerate() {
        let at = |m: &str| format!("blocks[{i}].{m}");
        let Some(obj) = b.as_object() else {
            errors.push(FieldError::new(&format!("blocks[{i}]"), "须为一段内容"));
            continue;
        };
        let kind = obj.get("type").and_then(Value::as_str).unwrap_or_default();
        let allowed: &[&str] = match kind {
            "heading" => &["type", "level", "text"],
            "paragraph" => &["type", "text"],
            "bullets" | "numbers" => &["type", "items"],
            _ => {
                errors.push(FieldError::new(
                    &at("type"),
                    "段落类型须为标题、正文、无序列表或有序列表",
                ));
                continue;
            }
        };
        for key in obj.keys().filter(|k| !allowed.contains(&k.as_str())) {
            errors.push(FieldError::new(&at(key), "这种段落不能有这一项"));
        }
        let mut block = Block {
            kind: kind.to_string(),
            level: None,
            text: None,
            items: None,
        };
        match kind {
            "heading" | "paragraph" => {
                let (max, multiline) = if kind == "heading" {
                    (MAX_HEADING_CHARS, false)
                } else {
                    (MAX_PARAGRAPH_CHARS, true)
                };
                match obj.get("text") {
                    Some(t) => block.text = block_text(t, &at("text"), max, multiline, &mut errors),
                    None => errors.push(FieldError::new(&at("text"), "缺少文字")),
                }
                total += block.text.as_deref().map_or(0, chars);
                if kind == "heading" {
                    match obj.get("level").and_then(Value::as_i64) {
                        Some(l @ (2 | 3)) => block.level = Some(l as u8),
                        _ => errors.push(FieldError::new(&at("level"), "标题级别须为2或3")),
                    }
                }
            }
            _ => {
                let items = obj.get("items").and_then(Value::as_array);
                match items {
                    Some(items) if (1..=MAX_ITEMS).contains(&items.len()) => {
                        let mut kept = Vec::with_capacity(items.len());
                        for (j, item) in items.iter().enumerate() {
                            let field = format!("blocks[{i}].items[{j}]");
                            if let Some(s) =
                                block_text(item, &field, MAX_ITEM_CHARS, false, &mut errors)
                            {
                                total += chars(&s);
                                kept.push(s);
                            }
                        }
                        block.items = Some(kept);
                    }
                    _ => errors.push(FieldError::new(
                        &at("items"),
                        format!("列表须有1至{MAX_ITEMS}项"),
                    )),
                }
            }
        }
        blocks.push(block);
    }
    if total > MAX_TOTAL_CHARS {
        errors.push(FieldError::new(
            "blocks",
            format!("全文不能超过{MAX_TOTAL_CHARS}个字"),
        ));
    }
    if errors.is_empty() {
        Ok(blocks)
    } else {
        Err(errors)
    }
}

/// What submitting needs beyond a draft: a paragraph, and every text and item filled.
pub fn incomplete(blocks: &[Block]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if let Some(t) = &b.text {
            if !text::has_visible(t) {
                errors.push(FieldError::new(&format!("blocks[{i}].text"), "请填写内容"));
            }
        }
        for (j, item) in b.items.iter().flatten().enumerate() {
            if !text::has_visible(item) {
                errors.push(FieldError::new(
                    &format!("blocks[{i}].items[{j}]"),
                    "请填写这一项",
                ));
            }
        }
    }
    if !blocks.iter().any(|b| b.kind == "paragraph") {
        errors.push(FieldError::new("blocks", "请至少写一段正文"));
    }
    errors
}

// ───────────────────────────── the attachments ─────────────────────────────

/// What an attachment's bytes are: PDF, DOCX, JPEG or PNG, else `None`.
pub fn sniff_attachment(file: &std::path::Path) -> std::io::Result<Option<&'static str>> {
    let mut f = std::fs::File::open(file)?;
    let mut head = [0u8; 16];
    let n = read_up_to(&mut f, &mut head)?;
    let head = &head[..n];
    if head.starts_with(b"%PDF-") {
        return Ok(Some(PDF));
    }
    match image::sniff(head) {
        Some(ImageFormat::Jpeg) => return Ok(Some(ImageFormat::Jpeg.mime())),
        Some(ImageFormat::Png) => return Ok(Some(ImageFormat::Png.mime())),
        _ => {}
    }
    if head.starts_with(b"PK\x03\x04") && zip_names(&mut f, "word/document.xml")? {
        return Ok(Some(DOCX));
    }
    Ok(None)
}

fn read_up_to(f: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn u16_at(b: &[u8], i: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from(u32::from_le_bytes(
        b.get(i..i + 4)?.try_into().ok()?,
    )))
}

/// Whether the ZIP's central directory (found through its end record, in the last 64 KiB + 22
/// bytes) lists an entry named `name`. A damaged or truncated directory lists nothing.
pub fn zip_names<F: Read + Seek>(f: &mut F, name: &str) -> std::io::Result<bool> {
    let len = f.seek(SeekFrom::End(0))?;
    let tail_len = len.min(65_535 + 22);
    f.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = vec![0u8; tail_len as usize];
    f.read_exact(&mut tail)?;
    let Some(eocd) = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..].starts_with(b"PK\x05\x06"))
    else {
        return Ok(false);
    };
    let (Some(entries), Some(size), Some(offset)) = (
        u16_at(&tail, eocd + 10),
        u32_at(&tail, eocd + 12),
        u32_at(&tail, eocd + 16),
    ) else {
        return Ok(false);
    };
    if size > MAX_ATTACHMENT_BYTES || offset.saturating_add(size) > len {
        return Ok(false);
    }
    f.seek(SeekFrom::Start(offset))?;
    let mut dir = vec![0u8; size as usize];
    f.read_exact(&mut dir)?;
    let mut at = 0;
    for _ in 0..entries {
        if !dir[at..].starts_with(b"PK\x01\x02") {
            return Ok(false);
        }
        let (Some(n), Some(extra), Some(comment)) = (
            u16_at(&dir, at + 28),
            u16_at(&dir, at + 30),
            u16_at(&dir, at + 32),
        ) else {
            return Ok(false);
        };
        let Some(entry) = dir.get(at + 46..at + 46 + n) else {
            return Ok(false);
        };
        if entry == name.as_bytes() {
            return Ok(true);
        }
        at += 46 + n + extra + comment;
    }
    Ok(false)
}

/// The file name in an upload's metadata (`filename <base64>`), made safe: no path, no control
/// characters, at most 120 characters.
fn filename_of(metadata: Option<&str>) -> Option<String> {
    use base64::Engine;
    let value = metadata?.split(',').find_map(|pair| {
        let mut parts = pair.trim().splitn(2, ' ');
        (parts.next() == Some("filename"))
            .then(|| parts.next())
            .flatten()
    })?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(value.trim())
        .ok()?;
    let name = String::from_utf8(bytes).ok()?;
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .filter(|c| !text::is_forbidden(*c, false) && !text::is_invisible(*c))
        .take(120)
        .collect();
    let clean = clean.trim().to_string();
    text::has_visible(&clean).then_some(clean)
}

fn attachment_problem(
    status: StatusCode,
    slug: &'static str,
    title: &'static str,
    field: &str,
    m: &str,
) -> Problem {
    let mut p = Problem::new(status, slug, title, m.to_string());
    p.errors = vec![FieldError::new(field, m)];
    p
}

/// Checks the attachment list: the current summary's attachments stay as they are; a new one
/// must be a finished, unused upload of the caller holding a PDF, DOCX, JPEG or PNG of at most
/// 20 MiB.
fn check_attachments(
    conn: &Connection,
    state: &AppState,
    current: &Summary,
    v: &Value,
    user_id: &str,
) -> Result<Vec<Attachment>, Problem> {
    let Some(ids) = v.as_array() else {
        return Err(Problem::field("attachment_upload_ids", "须为上传编号列表"));
    };
    if ids.len() > MAX_ATTACHMENTS {
        return Err(Problem::field(
            "attachment_upload_ids",
            format!("最多{MAX_ATTACHMENTS}个附件"),
        ));
    }
    let mut kept: Vec<Attachment> = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let field = format!("attachment_upload_ids[{i}]");
        let unusable = || Problem::field(&field, "附件上传不存在或已过期，请重新上传");
        let Some(id) = id.as_str() else {
            return Err(Problem::field(&field, "须为上传编号"));
        };
        if kept.iter().any(|a| a.upload_id == id) {
            return Err(Problem::field(&field, "同一个附件只能添加一次"));
        }
        if let Some(a) = current.attachments.iter().find(|a| a.upload_id == id) {
            kept.push(a.clone());
            continue;
        }
        if !super::uploads::is_upload_id(id) {
            return Err(unusable());
        }
        let file = super::uploads::upload_path(state, id);
        let upload = uploads_db::find_upload(conn, id)?
            .filter(|u| u.user_id == user_id && !u.purged)
            .ok_or_else(unusable)?;
        let received = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        if !upload.finished || received != upload.length {
            return Err(Problem::field(
                &field,
                "附件还没有上传完成，请等上传结束后再保存",
            ));
        }
        if upload_in_use(conn, id)? {
            return Err(Problem::field(&field, "这个文件已经使用过了，请重新上传"));
        }
        if upload.length > MAX_ATTACHMENT_BYTES {
            return Err(attachment_problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Payload Too Large",
                &field,
                "附件不能超过20MB",
            ));
        }
        let media_type = sniff_attachment(&file).map_err(|e| {
            tracing::error!("reading upload {id}: {e}");
            Problem::internal()
        })?;
        let Some(media_type) = media_type else {
            return Err(attachment_problem(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported Media Type",
                &field,
                "附件须为 PDF、DOCX、JPEG 或 PNG 文件",
            ));
        };
        let filename = filename_of(db::upload_metadata(conn, id)?.as_deref())
            .unwrap_or_else(|| format!("附件{}", i + 1));
        kept.push(Attachment {
            upload_id: id.to_string(),
            filename,
            media_type: media_type.to_string(),
            bytes: upload.length as i64,
        });
    }
    Ok(kept)
}

// ───────────────────────────── handlers ─────────────────────────────

/// `GET /organiser/units/{id}/summary`.
pub async fn get(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("{UNITS_PATH}/{id}/summary");
    let user_id = current.user.id;
    let now = state.clock.now();
    let (body, version) = state
        .db
        .run(move |conn| {
            let unit = own_unit(conn, &id, &user_id)?;
            let s = db::find(conn, &id)?;
            let version = s.version;
            Ok((
                to_json(&view(conn, &unit, s, UNITS_PATH, true, now)?)?,
                version,
            ))
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(with_etag(body, Some(version)))
}

/// `PATCH /organiser/units/{id}/summary`.
pub async fn update(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let path = format!("{UNITS_PATH}/{id}/summary");
    let obj: Value = parse_body(&headers, &body).map_err(|p| p.with_instance(&path))?;
    let expected = if_match(&headers);
    let user_id = current.user.id;
    let now = state.clock.now();
    let st = state.clone();
    let (body, version) = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let unit = own_unit(&tx, &id, &user_id)?;
            let Some(expected) = expected else {
                return Err(Problem::new(
                    StatusCode::PRECONDITION_REQUIRED,
                    "precondition-required",
                    "Precondition Required",
                    "请先重新打开工作总结再保存（缺少版本号 If-Match）",
                ));
            };
            let s = db::find(&tx, &id)?;
            if !matches_version(&expected, s.version) {
                let current = serde_json::to_value(view(&tx, &unit, s, UNITS_PATH, true, now)?)
                    .map_err(|_| Problem::internal())?;
                return Err(Problem::new(
                    StatusCode::PRECONDITION_FAILED,
                    "version-mismatch",
                    "Version Mismatch",
                    "工作总结已在别处被修改，请刷新后再保存",
                )
                .with_member("current", current));
            }
            if s.status != "draft" {
                return Err(submitted_already());
            }
            if !window_open(now) {
                return Err(window_closed());
            }
            let Some(obj) = obj
                .as_object()
                .filter(|o| o.contains_key("blocks") || o.contains_key("attachment_upload_ids"))
            else {
                return Err(Problem::field(
                    "body",
                    "请提供 blocks 或 attachment_upload_ids",
                ));
            };
            let blocks = match obj.get("blocks") {
                Some(v) => Some(parse_blocks(v).map_err(Problem::validation)?),
                None => None,
            };
            let attachments = match obj.get("attachment_upload_ids") {
                Some(v) => Some(check_attachments(&tx, &st, &s, v, &user_id)?),
                None => None,
            };
            db::save_draft(
                &tx,
                &s,
                blocks.as_deref(),
                attachments.as_deref(),
                &user_id,
                now.timestamp(),
            )?;
            let s = db::find(&tx, &id)?;
            let version = s.version;
            let body = to_json(&view(&tx, &unit, s, UNITS_PATH, true, now)?)?;
            tx.commit()?;
            Ok((body, version))
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(with_etag(body, Some(version)))
}

/// `POST /organiser/units/{id}/summary/submit`.
pub async fn submit(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let path = format!("{UNITS_PATH}/{id}/summary/submit");
    let user_id = current.user.id;
    let request = idempotency::post_request(&headers, &user_id, &path, b"")?;
    let now = state.clock.now();
    let instance = path.clone();
    let written = idempotent_write(&state, request, now.timestamp(), &path, move |tx| {
        let unit = own_unit(tx, &id, &user_id)?;
        let s = db::find(tx, &id)?;
        if s.status != "draft" {
            return Err(Problem::conflict("工作总结已提交，不能重复提交"));
        }
        if !window_open(now) {
            return Err(window_closed());
        }
        let missing = incomplete(&s.blocks);
        if !missing.is_empty() {
            return Err(Problem::validation(missing).with_instance(&instance));
        }
        db::submit(tx, &id, &user_id, now.timestamp())?;
        let s = db::find(tx, &id)?;
        Ok((
            StatusCode::OK,
            None,
            to_json(&view(tx, &unit, s, UNITS_PATH, true, now)?)?,
        ))
    })
    .await?;
    let res = written.into_response();
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let version = parts
        .status
        .is_success()
        .then(|| serde_json::from_slice::<Value>(&bytes).ok()?["version"].as_i64())
        .flatten();
    let mut res = Response::from_parts(parts, axum::body::Body::from(bytes));
    if let Some(v) = version.and_then(|v| HeaderValue::from_str(&etag(v)).ok()) {
        res.headers_mut().insert(header::ETAG, v);
    }
    Ok(res)
}

/// The `Content-Disposition` of an attachment: its (safe) name, percent-encoded.
fn disposition(filename: &str) -> HeaderValue {
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!("attachment; filename*=UTF-8''{encoded}"))
        .unwrap_or(HeaderValue::from_static("attachment"))
}

fn static_media_type(media_type: &str) -> &'static str {
    [PDF, DOCX, "image/jpeg", "image/png"]
        .into_iter()
        .find(|m| *m == media_type)
        .unwrap_or("application/octet-stream")
}

async fn serve_attachment(
    state: &AppState,
    a: Attachment,
    req: Request,
    path: &str,
) -> Result<Response, Problem> {
    let missing = || Problem::not_found("附件不存在").with_instance(path);
    let mut res = super::uploads::serve_file(
        state,
        &a.upload_id,
        req,
        static_media_type(&a.media_type),
        "private, no-store",
        missing,
    )
    .await?;
    res.headers_mut()
        .insert(header::CONTENT_DISPOSITION, disposition(&a.filename));
    Ok(res)
}

/// `GET /organiser/units/{id}/summary/attachments/{upload_id}`.
pub async fn attachment(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((id, upload_id)): Path<(String, String)>,
    req: Request,
) -> Result<Response, Problem> {
    let path = format!("{UNITS_PATH}/{id}/summary/attachments/{upload_id}");
    let user_id = current.user.id;
    let a = state
        .db
        .run(move |conn| {
            own_unit(conn, &id, &user_id)?;
            db::attachment(conn, &id, &upload_id)?.ok_or_else(|| Problem::not_found("附件不存在"))
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    serve_attachment(&state, a, req, &path).await
}

/// `GET /review/units/{id}/summary`.
pub async fn review(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("{REVIEW_PATH}/{id}/summary");
    let who = super::review::reviewer(&state, current, &path).await?;
    let now = state.clock.now();
    let body = state
        .db
        .run(move |conn| {
            let unit = review_db::unit_in_scope(conn, &who, &id)?.ok_or_else(unit_not_found)?;
            let s = db::find(conn, &id)?;
            let submitted = s.status == "submitted";
            to_json(&view(conn, &unit, s, REVIEW_PATH, submitted, now)?)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(with_etag(body, None))
}

/// `GET /review/units/{id}/summary/attachments/{upload_id}`: of a submitted summary only.
pub async fn review_attachment(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((id, upload_id)): Path<(String, String)>,
    req: Request,
) -> Result<Response, Problem> {
    let path = format!("{REVIEW_PATH}/{id}/summary/attachments/{upload_id}");
    let who = super::review::reviewer(&state, current, &path).await?;
    let a = state
        .db
        .run(move |conn| {
            review_db::unit_in_scope(conn, &who, &id)?.ok_or_else(unit_not_found)?;
            if db::find(conn, &id)?.status != "submitted" {
                return Err(Problem::not_found("附件不存在"));
            }
            db::attachment(conn, &id, &upload_id)?.ok_or_else(|| Problem::not_found("附件不存在"))
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    serve_attachment(&state, a, req, &path).await
}
