//! 活动回顾 (issue 17, 信息完善): `GET/PUT /organiser/activities/{id}/results` for the members of
//! the activity's unit (anyone else: the 404 of an unknown id), and the photos and videos at
//! `/media/results/{seq}.{ext}`. Editable from the activity's start until 2021-10-22 24:00 China
//! time by the server clock (409 `window-closed` otherwise). The public activity carries the
//! saved results (`db::activities::find`).
use super::organisers::{activity_not_found, check_image, etag, unsupported_image};
use super::topics::parse_body;
use super::uploads;
use crate::auth::CurrentUser;
use crate::db::results::{self as db, ActivityResults, Media, NewsLink, Owned};
use crate::db::topics::upload_in_use;
use crate::image::{self, ImageFormat, MAX_IMAGE_BYTES};
use crate::problem::{FieldErrors, Problem};
use crate::video::{self, Container};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::{Connection, TransactionBehavior};
use serde_json::{json, Map, Value};

pub const MAX_PHOTOS: usize = 30;
pub const MAX_VIDEOS: usize = 5;
pub const MAX_LINKS: usize = 10;
const MAX_TITLE_CHARS: usize = 60;
const MAX_URL_CHARS: usize = 500;
const MAX_PARTICIPANTS: i64 = 10_000_000;
const MAX_VIEWS: i64 = 1_000_000_000;
/// The largest result video: 500 MiB.
const MAX_VIDEO_BYTES: u64 = 500 * 1024 * 1024;

fn results_path(id: &str) -> String {
    format!("/api/v1/organiser/activities/{id}/results")
}

/// The caller's published activity `id`: 404 for anyone else's (or an unknown id), 409 for a
/// registered one not published yet or a cancelled one.
fn owned(conn: &Connection, id: &str, user_id: &str) -> Result<Owned, Problem> {
    match db::find_owned(conn, id, user_id)? {
        Some(a) if a.status == "published" => Ok(a),
        Some(_) => Err(Problem::conflict("活动已取消，不能填写活动回顾")),
        None if db::is_own_unpublished(conn, id, user_id)? => {
            Err(Problem::conflict("活动发布后才能填写活动回顾"))
        }
        None => Err(activity_not_found()),
    }
}

/// 409 `window-closed` unless results may be edited at `now`.
fn check_window(a: &Owned, now: i64) -> Result<(), Problem> {
    let w = db::window(a.starts_at, now);
    if w.open {
        return Ok(());
    }
    let detail = if now < a.starts_at {
        "活动开始后才能填写活动回顾"
    } else {
        "活动信息完善已于10月22日截止"
    };
    Err(Problem::new(
        StatusCode::CONFLICT,
        "window-closed",
        "Window Closed",
        detail,
    )
    .with_member("opens_at", json!(w.opens_at))
    .with_member("closes_at", json!(w.closes_at)))
}

fn with_etag(results: &ActivityResults) -> Response {
    let mut res = Json(results).into_response();
    if let Ok(v) = HeaderValue::from_str(&etag(results.version)) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    res
}

/// `GET /organiser/activities/{id}/results`.
pub async fn get(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = results_path(&id);
    let user_id = current.user.id;
    let now = state.clock.now().timestamp();
    let results = state
        .db
        .run(move |conn| {
            let a = owned(conn, &id, &user_id)?;
            Ok(db::read(conn, &a.id, a.starts_at, now, true)?)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(with_etag(&results))
}

/// A results body once its members are checked (uploads are checked against the database and
/// their bytes later).
#[derive(Debug, Default)]
struct Input {
    photos: Vec<String>,
    videos: Vec<String>,
    links: Vec<NewsLink>,
    participants_offline: Option<i64>,
    views_online: Option<i64>,
}

fn upload_ids(
    obj: &Map<String, Value>,
    key: &str,
    max: usize,
    errors: &mut FieldErrors,
) -> Vec<String> {
    let Some(Value::Array(items)) = obj.get(key) else {
        errors.add(key, "须为上传编号的列表");
        return Vec::new();
    };
    if items.len() > max {
        errors.add(key, format!("最多{max}个"));
    }
    let mut ids: Vec<String> = Vec::new();
    for (i, v) in items.iter().enumerate() {
        match v.as_str() {
            Some(s) if ids.iter().any(|x| x == s) => errors.add(&format!("{key}[{i}]"), "重复了"),
            Some(s) => ids.push(s.to_string()),
            None => errors.add(&format!("{key}[{i}]"), "须为上传编号"),
        }
    }
    ids
}

/// A news link's URL: `https://` with a host, no spaces or control characters.
fn is_https_url(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && !host.starts_with('.')
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn links(obj: &Map<String, Value>, errors: &mut FieldErrors) -> Vec<NewsLink> {
    let Some(Value::Array(items)) = obj.get("links") else {
        errors.add("links", "须为新闻链接的列表");
        return Vec::new();
    };
    if items.len() > MAX_LINKS {
        errors.add("links", format!("最多{MAX_LINKS}条新闻链接"));
    }
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = |m: &str| format!("links[{i}].{m}");
        let Some(link) = item.as_object() else {
            errors.add(&format!("links[{i}]"), "须为含标题和网址的对象");
            continue;
        };
        let title = link.get("title").and_then(Value::as_str).map(str::trim);
        match title {
            None | Some("") => errors.add(&field("title"), "请填写新闻标题"),
            Some(t) if t.chars().count() > MAX_TITLE_CHARS => errors.add(
                &field("title"),
                format!("标题不能超过{MAX_TITLE_CHARS}个字"),
            ),
            Some(t) => {
                if let Err(u) = crate::text::check(t, false) {
                    errors.add(&field("title"), format!("标题{}", u.message()));
                }
            }
        }
        let url = link.get("url").and_then(Value::as_str).map(str::trim);
        match url {
            None | Some("") => errors.add(&field("url"), "请填写新闻网址"),
            Some(u) if u.chars().count() > MAX_URL_CHARS => {
                errors.add(&field("url"), format!("网址不能超过{MAX_URL_CHARS}个字符"))
            }
            Some(u) if !is_https_url(u) => errors.add(&field("url"), "网址须以 https:// 开头"),
            Some(_) => {}
        }
        if let (Some(title), Some(url)) = (title, url) {
            out.push(NewsLink {
                title: title.to_string(),
                url: url.to_string(),
            });
        }
    }
    out
}

fn figure(
    obj: &Map<String, Value>,
    key: &str,
    max: i64,
    applies: bool,
    errors: &mut FieldErrors,
) -> Option<i64> {
    match obj.get(key) {
        None => {
            errors.add(key, "缺少此项（不填请传 null）");
            None
        }
        Some(Value::Null) => None,
        Some(v) => match v.as_i64().filter(|n| (0..=max).contains(n)) {
            Some(_) if !applies => {
                errors.add(
                    key,
                    if key == "participants_offline" {
                        "线上活动没有线下参与人数"
                    } else {
                        "线下活动没有线上观看人次"
                    },
                );
                None
            }
            Some(n) => Some(n),
            None => {
                errors.add(key, format!("须为0到{max}的整数"));
                None
            }
        },
    }
}

/// Checks every member of a results body (all wrong fields told together).
fn check_input(obj: &Map<String, Value>, format: &str, path: &str) -> Result<Input, Problem> {
    let mut errors = FieldErrors::new();
    let input = Input {
        photos: upload_ids(obj, "photo_upload_ids", MAX_PHOTOS, &mut errors),
        videos: upload_ids(obj, "video_upload_ids", MAX_VIDEOS, &mut errors),
        links: links(obj, &mut errors),
        participants_offline: figure(
            obj,
            "participants_offline",
            MAX_PARTICIPANTS,
            format != "online",
            &mut errors,
        ),
        views_online: figure(
            obj,
            "views_online",
            MAX_VIEWS,
            format != "offline",
            &mut errors,
        ),
    };
    errors.finish(input, path)
}

/// `If-Match` as sent: 428 without one.
fn required_if_match(headers: &HeaderMap) -> Result<String, Problem> {
    headers
        .get(header::IF_MATCH)
        .map(|v| v.to_str().unwrap_or_default().to_string())
        .ok_or_else(|| {
            Problem::new(
                StatusCode::PRECONDITION_REQUIRED,
                "precondition-required",
                "Precondition Required",
                "请先重新打开活动回顾再保存（缺少版本号 If-Match）",
            )
        })
}

fn matches_version(if_match: &str, version: i64) -> bool {
    let current = etag(version);
    if_match.split(',').any(|t| {
        let t = t.trim();
        t == "*" || t.strip_prefix("W/").unwrap_or(t) == current
    })
}

/// A new video (not yet one of this activity's): the caller's finished upload in an accepted
/// container within [`MAX_VIDEO_BYTES`]; its media row, or the message for its field.
async fn checked_video(
    state: &AppState,
    upload_id: &str,
    user_id: &str,
) -> Result<Result<(Media, uploads::UploadLock), (StatusCode, String)>, Problem> {
    let (upload, held) = match uploads::finished_upload(state, upload_id, user_id).await? {
        Ok(ok) => ok,
        Err(message) => return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, message.into()))),
    };
    if upload.length > MAX_VIDEO_BYTES {
        return Ok(Err((
            StatusCode::PAYLOAD_TOO_LARGE,
            "视频不能超过500MB".into(),
        )));
    }
    let file = uploads::upload_path(state, upload_id);
    let probe = tokio::task::spawn_blocking(move || video::probe_file(&file))
        .await?
        .map_err(|e| {
            tracing::error!("probing upload: {e}");
            Problem::internal()
        })?;
    let Some(probe) = probe else {
        return Ok(Err((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "视频须为 MP4、MOV 或 WebM 格式".into(),
        )));
    };
    Ok(Ok((
        Media {
            kind: "video",
            upload_id: upload_id.to_string(),
            ext: probe.container.as_str().to_string(),
            width: None,
            height: None,
            duration_seconds: probe.duration_seconds,
        },
        held,
    )))
}

/// The problem of one upload field: 413 and 415 as such, else a 422.
fn upload_problem(field: &str, status: StatusCode, message: &str) -> Problem {
    match status {
        StatusCode::UNSUPPORTED_MEDIA_TYPE => unsupported_image(field, message),
        StatusCode::PAYLOAD_TOO_LARGE => {
            let mut p = Problem::new(status, "payload-too-large", "Payload Too Large", message);
            p.errors = vec![crate::problem::FieldError::new(field, message)];
            p
        }
        _ => Problem::field(field, message),
    }
}

/// The media row of a new photo: checked as a cover is, then its pixel size read.
fn checked_photo(
    conn: &Connection,
    state_file: std::path::PathBuf,
    upload_id: &str,
    field: &str,
    user_id: &str,
    now: i64,
) -> Result<Media, Problem> {
    let file = uploads::is_upload_id(upload_id).then_some(state_file);
    let format = check_image(
        conn,
        upload_id,
        file.as_deref(),
        user_id,
        now,
        field,
        "照片",
    )?;
    let size = file
        .as_deref()
        .map(|f| image::read_image(f, MAX_IMAGE_BYTES))
        .transpose()
        .map_err(|e| {
            tracing::error!("reading upload {upload_id}: {e}");
            Problem::internal()
        })?
        .flatten()
        .filter(|(f, _, _)| *f == format);
    let Some((_, width, height)) = size else {
        return Err(unsupported_image(field, "照片无法读取尺寸，请换一张图片"));
    };
    Ok(Media {
        kind: "photo",
        upload_id: upload_id.to_string(),
        ext: format.ext().to_string(),
        width: Some(i64::from(width)),
        height: Some(i64::from(height)),
        duration_seconds: None,
    })
}

/// `PUT /organiser/activities/{id}/results`: replaces the whole document. Saving what is
/// already saved changes nothing (a repeated request is answered as the first).
pub async fn put(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let path = results_path(&id);
    let obj: Map<String, Value> =
        parse_body(&headers, &body).map_err(|p| p.with_instance(&path))?;
    let expected = required_if_match(&headers);
    let gate = expected.clone().map(|_| ());
    let user_id = current.user.id;
    let now = state.clock.now().timestamp();
    // Who, when and what first (nothing is probed for a request that cannot succeed).
    let (lookup, uid) = (id.clone(), user_id.clone());
    let (activity, existing) = state
        .db
        .run(move |conn| {
            let a = owned(conn, &lookup, &uid)?;
            check_window(&a, now)?;
            gate?;
            let existing = db::media_uploads(conn, &a.id)?;
            Ok((a, existing))
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    let input = check_input(&obj, &activity.format, &path)?;
    let mut new_videos = Vec::new();
    let mut held = Vec::new();
    for (i, upload_id) in input.videos.iter().enumerate() {
        if existing.contains(upload_id) {
            continue;
        }
        match checked_video(&state, upload_id, &user_id).await? {
            Ok((media, lock)) => {
                new_videos.push(media);
                held.push(lock);
            }
            Err((status, message)) => {
                let field = format!("video_upload_ids[{i}]");
                return Err(upload_problem(&field, status, &message).with_instance(&path));
            }
        }
    }
    let expected = expected?;
    let files: Vec<_> = input
        .photos
        .iter()
        .map(|u| uploads::upload_path(&state, u))
        .collect();
    let results = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let a = owned(&tx, &id, &user_id)?;
            check_window(&a, now)?;
            let current = db::read(&tx, &a.id, a.starts_at, now, true)?;
            let existing = db::media_uploads(&tx, &a.id)?;
            let kept = |kind: &str, u: &str| {
                existing.contains(&u.to_string())
                    && match kind {
                        "photo" => current
                            .photos
                            .iter()
                            .any(|p| p.upload_id.as_deref() == Some(u)),
                        _ => current
                            .videos
                            .iter()
                            .any(|v| v.upload_id.as_deref() == Some(u)),
                    }
            };
            let mut media = Vec::new();
            for (i, (upload_id, file)) in input.photos.iter().zip(files).enumerate() {
                let field = format!("photo_upload_ids[{i}]");
                if kept("photo", upload_id) {
                    media.push(kept_media("photo", upload_id));
                } else {
                    media.push(checked_photo(&tx, file, upload_id, &field, &user_id, now)?);
                }
            }
            for (i, upload_id) in input.videos.iter().enumerate() {
                if kept("video", upload_id) {
                    media.push(kept_media("video", upload_id));
                    continue;
                }
                let field = format!("video_upload_ids[{i}]");
                let Some(v) = new_videos.iter().find(|v| &v.upload_id == upload_id) else {
                    return Err(Problem::field(&field, "视频已从活动回顾中移除，请重新上传"));
                };
                if upload_in_use(&tx, upload_id)? {
                    return Err(Problem::field(&field, "这个视频已经使用过了，请重新上传"));
                }
                media.push(v.clone());
            }
            let unchanged = current.version > 0
                && current.links == input.links
                && current.participants_offline == input.participants_offline
                && current.views_online == input.views_online
                && same_order(&current, &input);
            if unchanged {
                return Ok(current);
            }
            if !matches_version(&expected, current.version) {
                return Err(Problem::new(
                    StatusCode::PRECONDITION_FAILED,
                    "version-mismatch",
                    "Version Mismatch",
                    "活动回顾已在别处被修改，请比较后再保存",
                )
                .with_member(
                    "current",
                    serde_json::to_value(&current).unwrap_or_default(),
                ));
            }
            db::write(
                &tx,
                &a.id,
                &db::Document {
                    links: &input.links,
                    participants_offline: input.participants_offline,
                    views_online: input.views_online,
                    media: &media,
                },
                &user_id,
                now,
            )?;
            let saved = db::read(&tx, &a.id, a.starts_at, now, true)?;
            tx.commit()?;
            Ok(saved)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    drop(held);
    Ok(with_etag(&results))
}

/// A photo or video the activity already has: only its position changes (the row keeps the rest).
fn kept_media(kind: &'static str, upload_id: &str) -> Media {
    Media {
        kind,
        upload_id: upload_id.to_string(),
        ext: String::new(),
        width: None,
        height: None,
        duration_seconds: None,
    }
}

/// Whether `input` lists exactly the photos and videos `current` has, in the same order.
fn same_order(current: &ActivityResults, input: &Input) -> bool {
    let photos: Vec<_> = current
        .photos
        .iter()
        .map(|p| p.upload_id.as_deref())
        .collect();
    let videos: Vec<_> = current
        .videos
        .iter()
        .map(|v| v.upload_id.as_deref())
        .collect();
    photos
        == input
            .photos
            .iter()
            .map(|s| Some(s.as_str()))
            .collect::<Vec<_>>()
        && videos
            == input
                .videos
                .iter()
                .map(|s| Some(s.as_str()))
                .collect::<Vec<_>>()
}

/// `GET /media/results/{seq}.{ext}`: a photo or video of an activity's results.
pub async fn media(
    State(state): State<AppState>,
    Path(file): Path<String>,
    req: Request,
) -> Result<Response, Problem> {
    let not_found = || Problem::not_found("没有这个文件");
    let (seq, ext) = file.rsplit_once('.').ok_or_else(not_found)?;
    let seq: i64 = seq.parse().map_err(|_| not_found())?;
    let mime = ImageFormat::parse_ext(ext)
        .filter(|f| *f != ImageFormat::Gif)
        .map(ImageFormat::mime)
        .or_else(|| Container::parse(ext).map(Container::mime))
        .ok_or_else(not_found)?;
    let (upload_id, stored) = state
        .db
        .run(move |conn| Ok(db::media_file(conn, seq)?))
        .await?
        .ok_or_else(not_found)?;
    if stored != ext {
        return Err(not_found());
    }
    let mut res = uploads::serve_file(
        &state,
        &upload_id,
        req,
        mime,
        "public, max-age=300",
        not_found,
    )
    .await?;
    res.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}
