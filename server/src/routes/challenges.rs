//! 「点亮好奇心」短视频征集: `GET /challenges`, `GET /challenges/{id}`, the gallery
//! `GET /challenges/{id}/entries`, submitting a finished upload `POST /challenges/{id}/entries`,
//! `GET /entries/{id}`, `POST`/`DELETE /entries/{id}/likes`, `GET /me/entries`, and the media
//! they point at: uploaded videos (`/media/entries/…`, byte ranges) and generated covers.
use crate::auth::{CurrentUser, MaybeUser};
use crate::db::challenges::{self as db, ChallengeRow, Entry, EntryQuery, NewEntry, Sort};
use crate::idempotency;
use crate::pagination::encode_cursor;
use crate::problem::{FieldError, FieldErrors, Problem};
use crate::routes::media::{cover_svg, generated_svg, svg_response, with_play_button};
use crate::routes::uploads;
use crate::routes::{
    self, fnv1a, page_json, send_json, to_json, vary_authorization, LikeState, Page, QueryParams,
    WriteRequest,
};
use crate::video::{self, Container};
use crate::AppState;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::{Connection, TransactionBehavior};
use serde::Deserialize;
use std::collections::HashMap;

fn challenge_not_found(path: &str) -> Problem {
    Problem::not_found("征集活动不存在").with_instance(path)
}

fn entry_not_found(path: &str) -> Problem {
    Problem::not_found("作品不存在或未通过审核").with_instance(path)
}

/// `GET /challenges`: newest first.
pub async fn list_challenges(
    State(state): State<AppState>,
    query: QueryParams,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    const PATH: &str = "/api/v1/challenges";
    let now = state.clock.now().timestamp();
    let max = state.config.max_upload_bytes as i64;
    let body = state
        .db
        .run(move |conn| {
            let mut errors = FieldErrors::new();
            let limit = query.limit(&mut errors);
            let after = query.cursor("ch", 1, &mut errors).map(|k| k[0]);
            errors.finish((), PATH)?;
            let (rows, more, total) = db::list_challenges(conn, after, limit, now, max)?;
            let next_cursor = rows
                .last()
                .filter(|_| more)
                .map(|r| encode_cursor("ch", &[r.seq]));
            to_json(&Page {
                items: rows.into_iter().map(|r| r.challenge).collect(),
                next_cursor,
                total,
            })
        })
        .await?;
    Ok(send_json(&headers, &body))
}

async fn find_challenge(state: &AppState, id: &str) -> Result<Option<ChallengeRow>, Problem> {
    let now = state.clock.now().timestamp();
    let max = state.config.max_upload_bytes as i64;
    let id = id.to_string();
    state
        .db
        .run(move |conn| Ok(db::find_challenge(conn, &id, now, max)?))
        .await
}

/// `GET /challenges/{id}`: rules, deadline, categories and upload limits.
pub async fn challenge(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/challenges/{id}");
    let row = find_challenge(&state, &id)
        .await?
        .ok_or_else(|| challenge_not_found(&path))?;
    let body = to_json(&row.challenge)?;
    Ok(send_json(&headers, &body))
}

/// A cursor continues only the list it came from: same challenge, order and category.
fn cursor_tag(q: &EntryQuery) -> String {
    let sort = match q.sort {
        Sort::Latest => 'l',
        Sort::Popular => 'p',
    };
    let category = q.category.as_deref().unwrap_or_default();
    format!(
        "e{sort}{}x{:08x}",
        q.challenge_seq,
        fnv1a(category.as_bytes()) as u32
    )
}

fn validate_entries(
    row: &ChallengeRow,
    q: &QueryParams,
    path: &str,
) -> Result<EntryQuery, Problem> {
    let mut errors = FieldErrors::new();
    let mut list = EntryQuery {
        challenge_seq: row.seq,
        limit: q.limit(&mut errors),
        ..EntryQuery::default()
    };
    list.sort = match q.param("sort").as_deref() {
        None | Some("latest") => Sort::Latest,
        Some("popular") => Sort::Popular,
        Some(_) => {
            errors.add("sort", "排序只能是 latest 或 popular");
            Sort::Latest
        }
    };
    list.category = q.param("category");
    if let Some(c) = &list.category {
        if !row.challenge.categories.iter().any(|k| &k.id == c) {
            errors.add("category", "没有这个组别");
        }
    }
    let len = match list.sort {
        Sort::Latest => 2,
        Sort::Popular => 3,
    };
    list.after = q.cursor(&cursor_tag(&list), len, &mut errors);
    errors.finish(list, path)
}

/// Sets `liked_by_me` on `items` for `user_id`.
fn personalise(
    conn: &Connection,
    user_id: Option<&str>,
    items: &mut [Entry],
) -> Result<(), Problem> {
    if let Some(user_id) = user_id {
        let ids: Vec<&str> = items.iter().map(|e| e.id.as_str()).collect();
        let liked = db::liked_among(conn, user_id, &ids)?;
        for e in items.iter_mut() {
            e.liked_by_me = liked.contains(&e.id);
        }
    }
    Ok(())
}

/// `GET /challenges/{id}/entries`: approved entries, latest or most liked first.
pub async fn list_entries(
    State(state): State<AppState>,
    user: MaybeUser,
    Path(id): Path<String>,
    query: QueryParams,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/challenges/{id}/entries");
    let row = find_challenge(&state, &id)
        .await?
        .ok_or_else(|| challenge_not_found(&path))?;
    let user_id = user.0.map(|c| c.user.id);
    let body = state
        .db
        .run(move |conn| {
            let list = validate_entries(&row, &query, &path)?;
            let mut page = db::list_entries(conn, &list)?;
            personalise(conn, user_id.as_deref(), &mut page.items)?;
            page_json(page, &cursor_tag(&list))
        })
        .await?;
    Ok(vary_authorization(send_json(&headers, &body)))
}

/// `GET /me/entries`: mine in every review status, newest first.
pub async fn my_entries(
    State(state): State<AppState>,
    current: CurrentUser,
    query: QueryParams,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    const PATH: &str = "/api/v1/me/entries";
    let user_id = current.user.id;
    let body = state
        .db
        .run(move |conn| {
            let mut errors = FieldErrors::new();
            let limit = query.limit(&mut errors);
            let after = query.cursor("me", 2, &mut errors).map(|k| [k[0], k[1]]);
            errors.finish((), PATH)?;
            let mut page = db::my_entries(conn, &user_id, after, limit)?;
            personalise(conn, Some(&user_id), &mut page.items)?;
            page_json(page, "me")
        })
        .await?;
    Ok(vary_authorization(send_json(&headers, &body)))
}

/// `GET /entries/{id}`: approved entries are public; others only to their author.
pub async fn entry(
    State(state): State<AppState>,
    user: MaybeUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/entries/{id}");
    let user_id = user.0.map(|c| c.user.id);
    let found = state
        .db
        .run(move |conn| {
            let Some(e) = db::find_entry(conn, &id)? else {
                return Ok(None);
            };
            let mine = user_id.as_deref() == Some(e.author.id.as_str());
            if e.status != "approved" && !mine {
                return Ok(None);
            }
            let mut items = [e];
            personalise(conn, user_id.as_deref(), &mut items)?;
            let [e] = items;
            Ok(Some(e))
        })
        .await?;
    let e = found.ok_or_else(|| entry_not_found(&path))?;
    Ok(vary_authorization(Json(e).into_response()))
}

/// `POST /entries/{id}/likes` (`like`) and `DELETE` (`!like`): one like per user per entry,
/// idempotent, in one `BEGIN IMMEDIATE` transaction so concurrent likes count exactly.
async fn set_like(
    state: AppState,
    current: CurrentUser,
    id: String,
    like: bool,
) -> Result<Json<LikeState>, Problem> {
    let path = format!("/api/v1/entries/{id}/likes");
    let state = routes::set_like(&state, current.user.id, id, like, db::set_like).await?;
    Ok(Json(state.ok_or_else(|| entry_not_found(&path))?))
}

pub async fn like(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<LikeState>, Problem> {
    set_like(state, current, id, true).await
}

pub async fn unlike(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<LikeState>, Problem> {
    set_like(state, current, id, false).await
}

#[derive(Deserialize)]
struct EntryCreate {
    upload_id: String,
    title: String,
    #[serde(default)]
    description: String,
    category_id: String,
    /// Checked by `entry_consent` (naming `age` / `guardian.*` precisely).
    #[serde(default)]
    age: Option<serde_json::Value>,
    #[serde(default)]
    guardian: Option<serde_json::Value>,
}

/// Whether `age` must be sent (issue 20: the contract requires it; the app asks for it with
/// the category).
const AGE_REQUIRED: bool = true;

/// The JSON body: 415 for another content type, 400 when malformed, 422 (`body`) when misshapen.
fn parse_entry(headers: &HeaderMap, body: &[u8]) -> Result<EntryCreate, Problem> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(Problem::not_json());
    }
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| Problem::bad_request("请求体不是合法的 JSON"))?;
    serde_json::from_value(value)
        .map_err(|e| Problem::field("body", format!("请求内容不符合要求：{e}")))
}

fn not_a_video() -> Problem {
    let mut p = Problem::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        "Unsupported Media Type",
        "文件不是 MP4、MOV 或 WebM 视频，请重新选择",
    );
    p.errors = vec![FieldError::new(
        "upload_id",
        "文件不是 MP4、MOV 或 WebM 视频",
    )];
    p
}

/// `POST /challenges/{id}/entries`: submits a finished upload (→ 201, `pending_review`). The
/// Idempotency-Key is reserved for the whole request (its bytes are probed between awaits).
pub async fn create_entry(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    WriteRequest { headers, body }: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/challenges/{id}/entries");
    let request = idempotency::post_request(&headers, &current.user.id, &path, &body)?;
    let user_id = current.user.id;
    with_reserved_key(&state, request, &path, |request| async {
        let (location, body) = submit(&state, &user_id, &id, &headers, &body, request).await?;
        let mut res = (StatusCode::CREATED, body).into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if let Ok(v) = HeaderValue::from_str(&location) {
            h.insert(header::LOCATION, v);
        }
        Ok(res)
    })
    .await
}

/// A write that holds its Idempotency-Key for the whole request (an entry's upload is probed
/// between awaits): the key is reserved first (a stored answer is replayed), and freed again
/// when `write` is refused, so that a corrected retry with the same key is processed afresh.
async fn with_reserved_key<Fut>(
    state: &AppState,
    request: Option<idempotency::Request>,
    path: &str,
    write: impl FnOnce(Option<idempotency::Request>) -> Fut,
) -> Result<Response, Problem>
where
    Fut: std::future::Future<Output = Result<Response, Problem>>,
{
    let now = state.clock.now().timestamp();
    if let Some(req) = request.clone() {
        let replay = state
            .db
            .run(move |conn| idempotency::reserve(conn, &req, now))
            .await
            .map_err(|p| p.with_instance(path))?;
        if let Some(stored) = replay {
            return Ok(stored.into_response());
        }
    }
    match write(request.clone()).await {
        Ok(res) => Ok(res),
        Err(p) => {
            if let Some(req) = request {
                let _ = state
                    .db
                    .run(move |conn| Ok(idempotency::release(conn, &req)?))
                    .await;
            }
            Err(p.with_instance(path))
        }
    }
}

/// The upload behind an entry: the caller's finished upload (held while it is used), an
/// accepted container within the challenge's size and duration, after the field `errors`
/// found so far (all told together). `(upload, lock, container, duration)`.
async fn checked_video(
    state: &AppState,
    c: &db::Challenge,
    upload_id: &str,
    user_id: &str,
    mut errors: FieldErrors,
) -> Result<
    (
        crate::db::uploads::Upload,
        Option<uploads::UploadLock>,
        String,
        Option<f64>,
    ),
    Problem,
> {
    let upload = uploads::finished_upload(state, upload_id, user_id).await?;
    let (upload, held) = match upload {
        Ok(ok) => (ok.0, Some(ok.1)),
        Err(message) => {
            errors.add("upload_id", message);
            return Err(errors.into_problem());
        }
    };
    if !errors.is_empty() {
        return Err(errors.into_problem());
    }
    if upload.length > c.max_bytes as u64 {
        return Err(Problem::field(
            "upload_id",
            format!("文件超过{}MB", c.max_bytes / (1024 * 1024)),
        ));
    }
    let file = uploads::upload_path(state, &upload.id);
    let probe = tokio::task::spawn_blocking(move || video::probe_file(&file))
        .await?
        .map_err(|e| {
            tracing::error!("probing upload: {e}");
            Problem::internal()
        })?
        .filter(|p| {
            c.accepted_containers
                .iter()
                .any(|a| a == p.container.as_str())
        })
        .ok_or_else(not_a_video)?;
    let max = c.max_duration_seconds;
    if probe.duration_seconds.is_some_and(|d| d > max as f64) {
        return Err(Problem::field(
            "upload_id",
            format!("视频时长超过{max}秒，请剪辑后再提交"),
        ));
    }
    Ok((
        upload,
        held,
        probe.container.as_str().to_string(),
        probe.duration_seconds,
    ))
}

/// Checks, probes and inserts; completes the idempotency key in the insert's transaction.
async fn submit(
    state: &AppState,
    user_id: &str,
    challenge_id: &str,
    headers: &HeaderMap,
    body: &[u8],
    request: Option<idempotency::Request>,
) -> Result<(String, Vec<u8>), Problem> {
    let new = parse_entry(headers, body)?;
    let row = find_challenge(state, challenge_id)
        .await?
        .ok_or_else(|| Problem::not_found("征集活动不存在"))?;
    let c = &row.challenge;
    if !c.open {
        let now = crate::clock::rfc3339_cst(state.clock.now());
        return Err(Problem::conflict(if now < c.starts_at {
            "征集尚未开始，敬请期待"
        } else {
            "征集已截止，感谢你的关注"
        }));
    }
    let mut errors = FieldErrors::new();
    let title = new.title.trim().to_string();
    let n = title.chars().count();
    if n == 0 || n > 40 {
        errors.add("title", "标题须为1到40个字");
    } else if let Err(u) = crate::text::check(&title, false) {
        errors.add("title", format!("标题{}", u.message()));
    }
    let description = new.description.trim().to_string();
    if description.chars().count() > 500 {
        errors.add("description", "简介不能超过500个字");
    } else if let Err(u) = crate::text::check(&description, true) {
        errors.add("description", format!("简介{}", u.message()));
    }
    if !c.categories.iter().any(|k| k.id == new.category_id) {
        errors.add("category_id", "没有这个组别");
    }
    let consent = super::entry_consent::check(
        new.age.as_ref(),
        new.guardian.as_ref(),
        &c.categories,
        &new.category_id,
        AGE_REQUIRED,
        &mut errors,
    );
    let (upload, held, container, duration) =
        checked_video(state, c, &new.upload_id, user_id, errors).await?;
    let now = state.clock.now().timestamp();
    let (challenge_seq, category_id, author) = (row.seq, new.category_id, user_id.to_string());
    let created = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let Some(entry) = db::insert_entry(
                &tx,
                &NewEntry {
                    challenge_seq,
                    category_id: &category_id,
                    author_id: &author,
                    upload_id: &upload.id,
                    title: &title,
                    description: &description,
                    container: &container,
                    duration_seconds: duration,
                    created_at: now,
                },
            )?
            else {
                return Err(Problem::conflict("这个文件已经提交过作品了"));
            };
            if let Some(c) = &consent {
                let guardian = c
                    .guardian
                    .as_ref()
                    .map(|g| (g.name.as_str(), g.relation.as_str()));
                db::record_consent(&tx, &entry.id, c.age, guardian, now)?;
            }
            let location = format!("/api/v1/entries/{}", entry.id);
            let body = to_json(&entry)?;
            if let Some(req) = &request {
                idempotency::store(&tx, req, 201, Some(&location), &body, now)?;
            }
            tx.commit()?;
            Ok((location, body))
        })
        .await;
    drop(held);
    created
}

/// The author's own entry in `status` `rejected`, or why not: someone else's entry is a 404
/// until it is approved (as `GET /entries/{id}` hides it), then a 403.
fn own_rejected(conn: &Connection, id: &str, user_id: &str, verb: &str) -> Result<(), Problem> {
    let (status, author) = crate::db::moderation::entry_state(conn, id)?
        .ok_or_else(|| Problem::not_found("作品不存在"))?;
    if author != user_id {
        return Err(if status == "approved" {
            Problem::forbidden("只能处理自己的作品")
        } else {
            Problem::not_found("作品不存在")
        });
    }
    if status != "rejected" {
        return Err(Problem::conflict(format!("只有未通过的作品可以{verb}")));
    }
    Ok(())
}

/// `POST /entries/{id}/withdraw`: the author withdraws a rejected entry (it is deleted).
pub async fn withdraw_entry(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/entries/{id}/withdraw");
    let user_id = current.user.id;
    state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            own_rejected(&tx, &id, &user_id, "撤回")?;
            crate::db::moderation::delete_entry(&tx, &id)?;
            tx.commit()?;
            Ok(())
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
struct EntryResubmit {
    upload_id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

/// `POST /entries/{id}/resubmit`: a rejected entry with a new finished upload goes back to
/// `pending_review`. The Idempotency-Key is reserved for the whole request, as for a new entry.
pub async fn resubmit_entry(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    WriteRequest { headers, body }: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/entries/{id}/resubmit");
    let user_id = current.user.id;
    let request = idempotency::post_request(&headers, &user_id, &path, &body)?;
    with_reserved_key(&state, request, &path, |request| async {
        let body = resubmit(&state, &user_id, &id, &headers, &body, request).await?;
        Ok((
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response())
    })
    .await
}

async fn resubmit(
    state: &AppState,
    user_id: &str,
    id: &str,
    headers: &HeaderMap,
    body: &[u8],
    request: Option<idempotency::Request>,
) -> Result<Vec<u8>, Problem> {
    let input: EntryResubmit = crate::routes::topics::parse_body(headers, body)?;
    let (entry_id, me) = (id.to_string(), user_id.to_string());
    let challenge_id = state
        .db
        .run(move |conn| {
            own_rejected(conn, &entry_id, &me, "重新提交")?;
            let e = db::find_entry(conn, &entry_id)?.ok_or_else(Problem::internal)?;
            Ok(e.challenge_id)
        })
        .await?;
    let row = find_challenge(state, &challenge_id)
        .await?
        .ok_or_else(Problem::internal)?;
    let mut errors = FieldErrors::new();
    let title = input.title.map(|t| t.trim().to_string());
    if let Some(t) = &title {
        let n = t.chars().count();
        if n == 0 || n > 40 {
            errors.add("title", "标题须为1到40个字");
        } else if let Err(u) = crate::text::check(t, false) {
            errors.add("title", format!("标题{}", u.message()));
        }
    }
    let description = input.description.map(|d| d.trim().to_string());
    if let Some(d) = &description {
        if d.chars().count() > 500 {
            errors.add("description", "简介不能超过500个字");
        } else if let Err(u) = crate::text::check(d, true) {
            errors.add("description", format!("简介{}", u.message()));
        }
    }
    let (upload, held, container, duration) =
        checked_video(state, &row.challenge, &input.upload_id, user_id, errors).await?;
    let now = state.clock.now().timestamp();
    let (entry_id, me) = (id.to_string(), user_id.to_string());
    let done = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            own_rejected(&tx, &entry_id, &me, "重新提交")?;
            let used = tx
                .prepare_cached("SELECT 1 FROM entries WHERE upload_id = ?1")?
                .exists([&upload.id])?;
            if used {
                return Err(Problem::conflict("这个文件已经提交过作品了"));
            }
            crate::db::moderation::resubmit_entry(
                &tx,
                &entry_id,
                &upload.id,
                &container,
                duration,
                title.as_deref(),
                description.as_deref(),
                now,
            )?;
            let mut items = [db::find_entry(&tx, &entry_id)?.ok_or_else(Problem::internal)?];
            personalise(&tx, Some(&me), &mut items)?;
            let body = to_json(&items[0])?;
            if let Some(req) = &request {
                idempotency::store(&tx, req, 200, None, &body, now)?;
            }
            tx.commit()?;
            Ok(body)
        })
        .await;
    drop(held);
    done
}

/// `GET /media/entries/{id}.{ext}`: an uploaded entry's video, whole or one byte range. Until
/// approved it plays only with its `?k=` (the upload id, known to the author).
pub async fn media(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    req: Request,
) -> Result<Response, Problem> {
    let not_found = || Problem::not_found("没有这个视频");
    let (id, ext) = file.rsplit_once('.').ok_or_else(not_found)?;
    let container = Container::parse(ext).ok_or_else(not_found)?;
    let lookup = id.to_string();
    let (upload_id, stored, status) = state
        .db
        .run(move |conn| Ok(db::entry_media(conn, &lookup)?))
        .await?
        .ok_or_else(not_found)?;
    let approved = status == "approved";
    if stored != container.as_str() || (!approved && query.get("k") != Some(&upload_id)) {
        return Err(not_found());
    }
    let cache = if approved {
        "public, max-age=86400"
    } else {
        "private, no-store"
    };
    uploads::serve_file(&state, &upload_id, req, container.mime(), cache, not_found).await
}

/// Category colours for entry covers (white marks on them stay visible).
fn category_color(category: &str) -> &'static str {
    match category {
        "kids" => "#b45309",
        "teens" => "#1d4ed8",
        _ => "#0f766e",
    }
}

/// `GET /media/covers/entries/{id}.svg`: a generated cover in the category's colour with a play
/// button.
pub async fn entry_cover(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, Problem> {
    generated_svg(&state, &file, db::entry_category, |id, category| {
        with_play_button(cover_svg(id, category_color(&category)))
    })
    .await
}

/// `GET /media/covers/challenges/{id}.svg`: the challenge banner.
pub async fn banner(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, Problem> {
    let id = file
        .strip_suffix(".svg")
        .ok_or_else(|| Problem::not_found("没有这张图片"))?;
    find_challenge(&state, id)
        .await?
        .ok_or_else(|| Problem::not_found("没有这张图片"))?;
    Ok(svg_response(cover_svg(id, "#be123c")))
}
