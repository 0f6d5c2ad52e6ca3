//! 话题互动: `GET /topics`, `GET /topics/{id}`, `GET|POST /topics/{id}/posts`,
//! `GET /topics/{id}/posts/new-count`, `POST /topics/{id}/poll/votes`, `GET|DELETE /posts/{id}`,
//! `POST|DELETE /posts/{id}/likes`, `POST /posts/{id}/reports`, the generated topic covers
//! under `/media/covers/topics/` and post images under `/media/posts/`. Post text is plain text:
//! it is checked (length, banned words, links) and stored trimmed, never turned into HTML. A post
//! image is a finished upload of the author whose bytes are a JPEG, PNG, WebP or GIF.
use crate::auth::{CurrentUser, MaybeUser};
use crate::clock::rfc3339_cst;
use crate::db::topics::{
    self as db, Ownership, PostImage, PostLimits, PostQuery, PostRefused, PostSort, VoteRefused,
};
use crate::db::uploads as uploads_db;
use crate::idempotency;
use crate::image::{self, ImageFormat, MAX_IMAGE_BYTES};
use crate::moderation;
use crate::problem::{FieldError, FieldErrors, Problem};
use crate::routes::media::{cover_svg, generated_svg};
use crate::routes::uploads;
use crate::routes::{
    self, fnv1a, page_json, send_json, to_json, vary_authorization, QueryParams, WriteRequest,
};
use crate::AppState;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::DateTime;
use rusqlite::{Connection, TransactionBehavior};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

const TOPICS_PATH: &str = "/api/v1/topics";
const POSTS_PATH: &str = "/api/v1/posts";

fn topic_not_found() -> Problem {
    Problem::not_found("话题不存在")
}

fn post_not_found() -> Problem {
    Problem::not_found("内容不存在或已被删除")
}

/// 403 `muted` with `muted_until` (unix seconds, exclusive).
pub(crate) fn muted(until: i64) -> Problem {
    let at = chrono::DateTime::from_timestamp(until, 0)
        .unwrap_or_default()
        .with_timezone(&crate::clock::cst());
    Problem::new(
        StatusCode::FORBIDDEN,
        "muted",
        "Muted",
        format!(
            "您已被禁言至{}，期间不能发布内容",
            at.format("%Y年%-m月%-d日%H:%M:%S")
        ),
    )
    .with_member(
        "muted_until",
        serde_json::Value::String(crate::db::organisers::time(until)),
    )
}

/// A JSON body read from raw bytes (the bytes are what Idempotency-Key hashes), refused the way
/// `ApiJson` refuses: another content type → 415, malformed → 400, wrong shape → 422 `body`.
pub(crate) fn parse_body<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Problem> {
    let json_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .is_some_and(|m| m == "application/json" || m.ends_with("+json"));
    if !json_type {
        return Err(Problem::not_json());
    }
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => {
            Problem::field("body", format!("请求内容不符合要求：{e}"))
        }
        _ => Problem::bad_request("请求体不是合法的 JSON"),
    })
}

/// A write's outcome: done now (status, `Location`, body) or a replay of an earlier one.
pub(crate) enum Written {
    Fresh(StatusCode, Option<String>, Vec<u8>),
    Replayed(idempotency::Stored),
}

impl IntoResponse for Written {
    fn into_response(self) -> Response {
        match self {
            Written::Replayed(stored) => stored.into_response(),
            Written::Fresh(status, location, body) => {
                let mut res =
                    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
                if let Some(l) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
                    res.headers_mut().insert(header::LOCATION, l);
                }
                res
            }
        }
    }
}

/// Runs `write` in one `BEGIN IMMEDIATE` transaction with the Idempotency-Key lookup before it
/// and the stored response after it, so a retried write is never done twice.
pub(crate) async fn idempotent_write<F>(
    state: &AppState,
    request: Option<idempotency::Request>,
    now: i64,
    instance: &str,
    write: F,
) -> Result<Written, Problem>
where
    F: FnOnce(&Connection) -> Result<(StatusCode, Option<String>, Vec<u8>), Problem>
        + Send
        + 'static,
{
    state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if let Some(req) = &request {
                if let Some(stored) = idempotency::lookup(&tx, req, now)? {
                    return Ok(Written::Replayed(stored));
                }
            }
            let (status, location, body) = write(&tx)?;
            if let Some(req) = &request {
                idempotency::store(&tx, req, status.as_u16(), location.as_deref(), &body, now)?;
            }
            tx.commit()?;
            Ok(Written::Fresh(status, location, body))
        })
        .await
        .map_err(|p| p.with_instance(instance))
}

// ───────────────────────────── topics ─────────────────────────────

/// `GET /topics`: open topics first, then by latest post.
pub async fn list(
    State(state): State<AppState>,
    query: QueryParams,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    const TAG: &str = "t";
    let mut errors = FieldErrors::new();
    let limit = query.limit(&mut errors);
    let after = query
        .cursor(TAG, 3, &mut errors)
        .map(|k| [k[0], k[1], k[2]]);
    errors.finish((), TOPICS_PATH)?;
    let body = state
        .db
        .run(move |conn| {
            let page = db::list_topics(conn, after, limit)?;
            page_json(page, TAG)
        })
        .await?;
    Ok(send_json(&headers, &body))
}

/// `GET /topics/{id}`: the topic with its poll (`my_vote` with a token).
pub async fn detail(
    State(state): State<AppState>,
    user: MaybeUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("{TOPICS_PATH}/{id}");
    let now = state.clock.now().timestamp();
    let viewer = user.id();
    let found = state
        .db
        .run(move |conn| {
            let Some((seq, topic)) = db::find_topic(conn, &id)? else {
                return Ok(None);
            };
            let poll = db::poll(conn, seq, viewer.as_deref(), now)?;
            Ok(Some(db::TopicDetail { topic, poll }))
        })
        .await?;
    let topic = found.ok_or_else(|| topic_not_found().with_instance(&path))?;
    Ok(vary_authorization(Json(topic).into_response()))
}

/// `GET /media/covers/topics/{id}.svg`: a generated cover in the topic's colour.
pub async fn cover(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, Problem> {
    generated_svg(&state, &file, db::topic_color, |id, color| {
        cover_svg(id, &color)
    })
    .await
}

// ───────────────────────────── posts of a topic ─────────────────────────────

/// `since`: a post id of this topic (deleted ones too) or an RFC 3339 time, as a position
/// `(created_ms, seq)` that newer posts are after. `None` when it is neither.
fn resolve_since(
    conn: &Connection,
    topic_seq: i64,
    since: &str,
) -> rusqlite::Result<Option<(i64, i64)>> {
    if since.starts_with("po_") {
        return db::post_position(conn, topic_seq, since);
    }
    Ok(DateTime::parse_from_rfc3339(since)
        .ok()
        .map(|t| (t.timestamp_millis(), i64::MAX)))
}

const BAD_SINCE: &str = "since 须为该话题的内容编号（po_…）或 RFC 3339 时间";

/// `GET /topics/{id}/posts`: `sort=latest|hot`, `since` (latest only), cursor paging.
pub async fn list_posts(
    State(state): State<AppState>,
    user: MaybeUser,
    Path(id): Path<String>,
    query: QueryParams,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let path = format!("{TOPICS_PATH}/{id}/posts");
    let viewer = user.id();
    let instance = path.clone();
    let body = state
        .db
        .run(move |conn| {
            let Some((topic_seq, _)) = db::topic_seq(conn, &id)? else {
                return Err(topic_not_found().with_instance(&instance));
            };
            let mut errors = FieldErrors::new();
            let mut q = PostQuery {
                topic_seq,
                limit: query.limit(&mut errors),
                ..PostQuery::default()
            };
            let sort = query.param("sort");
            q.sort = match sort.as_deref() {
                None | Some("latest") => PostSort::Latest,
                Some("hot") => PostSort::Hot,
                Some(_) => {
                    errors.add("sort", "排序只能是 latest 或 hot");
                    PostSort::Latest
                }
            };
            let since = query.param("since");
            if let Some(s) = &since {
                if q.sort != PostSort::Latest {
                    errors.add("since", "since 只能与 sort=latest 一起使用");
                } else {
                    match resolve_since(conn, topic_seq, s)? {
                        Some(position) => q.since = Some(position),
                        None => errors.add("since", BAD_SINCE),
                    }
                }
            }
            // `tag`: the hashtag's text, with or without its #s (free text: one that no post
            // holds simply finds nothing).
            let raw_tag = query.param("tag");
            if raw_tag.as_ref().is_some_and(|t| t.chars().count() > 32) {
                errors.add("tag", "话题标签不能超过30个字");
            }
            q.tag = raw_tag
                .map(|raw| raw.trim_matches('#').trim().to_string())
                .filter(|t| !t.is_empty());
            // A cursor continues only its own list: same topic, order, `since` and `tag`.
            let tag = format!(
                "p{}{:08x}",
                if q.sort == PostSort::Hot { 'h' } else { 'l' },
                fnv1a(
                    format!(
                        "{topic_seq}\u{1f}{}\u{1f}{}",
                        since.unwrap_or_default(),
                        q.tag.as_deref().unwrap_or_default()
                    )
                    .as_bytes()
                ) as u32
            );
            let key_len = if q.sort == PostSort::Hot { 3 } else { 2 };
            q.after = query.cursor(&tag, key_len, &mut errors);
            errors.finish((), &instance)?;
            let page = db::list_posts(conn, &q, viewer.as_deref())?;
            page_json(page, &tag)
        })
        .await?;
    Ok(vary_authorization(send_json(&headers, &body)))
}

#[derive(Serialize)]
struct NewPostCount {
    count: i64,
    newest_id: Option<String>,
    server_time: String,
}

/// `GET /topics/{id}/posts/new-count?since=`: for the "有 N 条新内容" banner. `no-store`.
pub async fn new_count(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: QueryParams,
) -> Result<Response, Problem> {
    let path = format!("{TOPICS_PATH}/{id}/posts/new-count");
    let now = state.clock.now();
    let instance = path.clone();
    let (count, newest_id) = state
        .db
        .run(move |conn| {
            let Some((topic_seq, _)) = db::topic_seq(conn, &id)? else {
                return Err(topic_not_found().with_instance(&instance));
            };
            let Some(since) = query.param("since") else {
                return Err(Problem::field("since", "缺少 since（内容编号或时间）")
                    .with_instance(&instance));
            };
            let Some(position) = resolve_since(conn, topic_seq, &since)? else {
                return Err(Problem::field("since", BAD_SINCE).with_instance(&instance));
            };
            Ok(db::new_count(conn, topic_seq, position)?)
        })
        .await?;
    let body = NewPostCount {
        count,
        newest_id,
        server_time: rfc3339_cst(now),
    };
    Ok((
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        Json(body),
    )
        .into_response())
}

#[derive(Deserialize)]
struct PostCreate {
    text: String,
    #[serde(default)]
    image_upload_id: Option<String>,
}

/// A 422 naming `field` for text the moderation rules refuse.
pub(crate) fn moderation_problem(refusal: &moderation::Refusal, field: &str) -> Problem {
    let (detail, message) = refusal.messages();
    let mut p = Problem::field(field, message);
    p.detail = detail;
    p
}

fn too_fast(wait_ms: i64) -> Problem {
    let secs = ((wait_ms + 999) / 1000).max(1);
    let when = if secs < 60 {
        format!("{secs}秒")
    } else {
        format!("{}分钟", (secs + 59) / 60)
    };
    Problem::too_many(
        format!("发布太频繁了，请{when}后再试"),
        u32::try_from(secs).unwrap_or(u32::MAX),
    )
}

const IMAGE_FIELD: &str = "image_upload_id";

fn image_problem(
    status: StatusCode,
    slug: &'static str,
    title: &'static str,
    message: &str,
) -> Problem {
    let mut p = Problem::new(status, slug, title, format!("{message}，请重新选择图片"));
    p.errors = vec![FieldError::new(IMAGE_FIELD, message)];
    p
}

/// Checks `upload_id` as a post image of `user_id` (in the post's transaction, so two posts can
/// not take the same upload): a finished upload of theirs (422), used by no post or entry (422),
/// whose bytes are an image (415) of at most [`MAX_IMAGE_BYTES`] (413). `file` is where its bytes
/// are; a finished upload is never written again, so they are read without the upload lock.
fn check_image(
    conn: &Connection,
    upload_id: &str,
    file: Option<&std::path::Path>,
    user_id: &str,
    now: i64,
) -> Result<ImageFormat, Problem> {
    let unusable = || Problem::field(IMAGE_FIELD, "图片上传不存在或已过期，请重新上传");
    let Some(file) = file else {
        return Err(unusable());
    };
    let upload = uploads_db::find_upload(conn, upload_id)?
        .filter(|u| u.user_id == user_id && !u.purged && (u.finished || now < u.expires_at))
        .ok_or_else(unusable)?;
    let received = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    if !upload.finished || received != upload.length {
        return Err(Problem::field(
            IMAGE_FIELD,
            "图片还没有上传完成，请等上传结束后再发布",
        ));
    }
    if db::upload_in_use(conn, upload_id)? {
        return Err(Problem::field(
            IMAGE_FIELD,
            "这张图片已经发布过了，请重新上传",
        ));
    }
    let format = image::sniff_file(file)
        .map_err(|e| {
            tracing::error!("reading upload {upload_id}: {e}");
            Problem::internal()
        })?
        .ok_or_else(|| {
            image_problem(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported Media Type",
                "图片须为 JPEG、PNG、WebP 或 GIF 格式",
            )
        })?;
    if upload.length > MAX_IMAGE_BYTES {
        return Err(image_problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
            "Payload Too Large",
            &format!("图片不能超过{}MB", MAX_IMAGE_BYTES / (1024 * 1024)),
        ));
    }
    Ok(format)
}

/// `POST /topics/{id}/posts`: checks the text (length, banned words, links), the image if any,
/// the topic (exists, open) and the author's rate limit, then creates the post — with the
/// Idempotency-Key record in the same transaction, looked up first so a replay is never
/// checked again.
pub async fn create_post(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    write: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("{TOPICS_PATH}/{id}/posts");
    let (input, request): (PostCreate, _) = write.keyed_json(&current.user.id, &path)?;
    let now = state.clock.now();
    let limits = PostLimits {
        interval_ms: i64::from(state.config.post_interval_secs) * 1000,
        per_hour: i64::from(state.config.posts_per_hour),
    };
    let user_id = current.user.id;
    // Text is checked before the transaction; a replay of an accepted post passes it again.
    let checked = moderation::check_post(&input.text, &state.banned_words.current());
    // Only a well-formed upload id ever becomes a file path.
    let image: Option<(String, Option<PathBuf>)> = input.image_upload_id.map(|upload_id| {
        let file =
            uploads::is_upload_id(&upload_id).then(|| uploads::upload_path(&state, &upload_id));
        (upload_id, file)
    });
    let written = idempotent_write(&state, request, now.timestamp(), &path, move |tx| {
        if let Some(until) = crate::db::moderation::muted_until(tx, &user_id, now.timestamp())? {
            return Err(muted(until));
        }
        let text = checked.map_err(|r| moderation_problem(&r, "text"))?;
        let format = match &image {
            Some((upload_id, file)) => Some(check_image(
                tx,
                upload_id,
                file.as_deref(),
                &user_id,
                now.timestamp(),
            )?),
            None => None,
        };
        let image = image
            .as_ref()
            .zip(format)
            .map(|((upload_id, _), f)| PostImage {
                upload_id,
                ext: f.ext(),
            });
        let now_ms = now.timestamp_millis();
        let post = match db::create_post(tx, &id, &user_id, &text, image, now_ms, limits)? {
            Ok(post) => post,
            Err(PostRefused::NoSuchTopic) => return Err(topic_not_found()),
            Err(PostRefused::TopicClosed) => {
                return Err(Problem::conflict("该话题已结束，不能再发布内容"))
            }
            Err(PostRefused::TooFast(ms)) => return Err(too_fast(ms)),
        };
        let location = format!("{POSTS_PATH}/{}", post.id);
        Ok((StatusCode::CREATED, Some(location), to_json(&post)?))
    })
    .await?;
    Ok(written.into_response())
}

/// `GET /media/posts/{id}.{ext}`: a post's image with the type its bytes were recognised as
/// (`nosniff`, so a browser never guesses another). A deleted post's image is gone (404).
pub async fn image(
    State(state): State<AppState>,
    Path(file): Path<String>,
    req: Request,
) -> Result<Response, Problem> {
    let instance = format!("/media/posts/{file}");
    let not_found = || Problem::not_found("没有这张图片").with_instance(&instance);
    let (id, ext) = file.rsplit_once('.').ok_or_else(not_found)?;
    let format = ImageFormat::parse_ext(ext).ok_or_else(not_found)?;
    let lookup = id.to_string();
    let (upload_id, stored) = state
        .db
        .run(move |conn| Ok(db::post_image(conn, &lookup)?))
        .await?
        .ok_or_else(not_found)?;
    if stored != format.ext() {
        return Err(not_found());
    }
    // The bytes behind a post's URL never change; they only disappear with the post.
    let cache = "public, max-age=31536000, immutable";
    let mut res =
        uploads::serve_file(&state, &upload_id, req, format.mime(), cache, not_found).await?;
    res.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}

#[derive(Deserialize)]
struct VoteCreate {
    option_ids: Vec<String>,
}

/// `POST /topics/{id}/poll/votes`: one final vote per user while the poll is open.
pub async fn vote(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    write: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("{TOPICS_PATH}/{id}/poll/votes");
    let (input, request): (VoteCreate, _) = write.keyed_json(&current.user.id, &path)?;
    let now = state.clock.now().timestamp();
    let user_id = current.user.id;
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        let poll = match db::vote(tx, &id, &user_id, &input.option_ids, now)? {
            Ok(poll) => poll,
            Err(VoteRefused::NoSuchTopic) => return Err(topic_not_found()),
            Err(VoteRefused::NoPoll) => return Err(Problem::not_found("该话题没有投票")),
            Err(VoteRefused::Closed) => return Err(Problem::conflict("投票已结束")),
            Err(VoteRefused::AlreadyVoted) => return Err(Problem::conflict("你已经投过票了")),
            Err(VoteRefused::BadOptions(message)) => {
                return Err(Problem::field("option_ids", message))
            }
        };
        Ok((StatusCode::OK, None, to_json(&poll)?))
    })
    .await?;
    Ok(written.into_response())
}

// ───────────────────────────── one post ─────────────────────────────

/// `GET /posts/{id}`.
pub async fn post(
    State(state): State<AppState>,
    user: MaybeUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("{POSTS_PATH}/{id}");
    let viewer = user.id();
    let found = state
        .db
        .run(move |conn| Ok(db::find_post(conn, &id, viewer.as_deref())?))
        .await?;
    let post = found.ok_or_else(|| post_not_found().with_instance(&path))?;
    Ok(vary_authorization(Json(post).into_response()))
}

/// `DELETE /posts/{id}`: the author only; a soft delete, so the post leaves every list and count.
pub async fn delete_post(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("{POSTS_PATH}/{id}");
    let now_ms = state.clock.now().timestamp_millis();
    let user_id = current.user.id;
    state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            match db::delete_post(&tx, &id, &user_id, now_ms)? {
                Ok(()) => {}
                Err(Ownership::Missing | Ownership::Deleted) => return Err(post_not_found()),
                Err(Ownership::NotMine) => {
                    return Err(Problem::forbidden("只能删除自己发布的内容"))
                }
            }
            tx.commit()?;
            Ok(())
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn set_like(
    state: AppState,
    current: CurrentUser,
    id: String,
    liked: bool,
) -> Result<Response, Problem> {
    let path = format!("{POSTS_PATH}/{id}/likes");
    let state = routes::set_like(&state, current.user.id, id, liked, db::set_like).await?;
    Ok(Json(state.ok_or_else(|| post_not_found().with_instance(&path))?).into_response())
}

/// `POST /posts/{id}/likes`: one like per user; repeating it changes nothing.
pub async fn like(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    set_like(state, current, id, true).await
}

/// `DELETE /posts/{id}/likes`: removes my like, if any.
pub async fn unlike(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    set_like(state, current, id, false).await
}

#[derive(Deserialize)]
struct ReportCreate {
    reason: serde_json::Value,
    #[serde(default)]
    note: Option<String>,
}

const REASONS: [&str; 4] = ["spam", "abuse", "false_info", "other"];

/// `POST /posts/{id}/reports`: one report per user per post (again → 202 with the first one).
pub async fn report(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    write: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("{POSTS_PATH}/{id}/reports");
    let (input, request): (ReportCreate, _) = write.keyed_json(&current.user.id, &path)?;
    let mut errors = FieldErrors::new();
    let reason = input
        .reason
        .as_str()
        .filter(|r| REASONS.contains(r))
        .map(str::to_string);
    if reason.is_none() {
        errors.add("reason", "举报原因只能是 spam、abuse、false_info 或 other");
    }
    let note = input
        .note
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > 200) {
        errors.add("note", "补充说明不能超过200个字");
    } else if let Some(Err(u)) = note.as_deref().map(|n| crate::text::check(n, true)) {
        errors.add("note", format!("补充说明{}", u.message()));
    }
    errors.finish((), &path)?;
    let reason = reason.unwrap_or_default();
    let now = state.clock.now().timestamp();
    let user_id = current.user.id;
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        let report = db::report(tx, &id, &user_id, &reason, note.as_deref(), now)?
            .ok_or_else(post_not_found)?;
        Ok((StatusCode::ACCEPTED, None, to_json(&report)?))
    })
    .await?;
    Ok(written.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_told_in_seconds_then_minutes() {
        let p = too_fast(7_200);
        assert_eq!((p.status, p.retry_after), (429, Some(8)));
        assert_eq!(p.detail, "发布太频繁了，请8秒后再试");
        let p = too_fast(600_000);
        assert_eq!(p.retry_after, Some(600));
        assert_eq!(p.detail, "发布太频繁了，请10分钟后再试");
    }
}
