//! 反馈评价: `/activities/{id}/feedback…` (everyone reads the summary and the approved
//! comments; a logged-in user rates once the activity has started) and
//! `/organiser/activities/{id}/feedback` (the activity's organisers read every rating; anyone
//! else gets the 404 of an unknown id). The moderation queue is in `routes::moderation`.
use super::topics::{moderation_problem, muted, parse_body};
use super::{page_json, send_json, vary_authorization, QueryParams};
use crate::auth::{CurrentUser, MaybeUser};
use crate::db::feedback::{self as db, List, Rateable, MAX_COMMENT_CHARS};
use crate::db::organisers::time;
use crate::moderation;
use crate::problem::{FieldErrors, Problem};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::{Connection, TransactionBehavior};
use serde::Deserialize;
use serde_json::{json, Value};

const ACTIVITIES_PATH: &str = "/api/v1/activities";

fn no_activity() -> Problem {
    Problem::not_found("活动不存在或已下线")
}

fn rateable(conn: &Connection, id: &str) -> Result<Rateable, Problem> {
    db::rateable(conn, id)?.ok_or_else(no_activity)
}

/// `GET /activities/{id}/feedback`: personal with a token, so no cache keeps it.
pub async fn summary(
    State(state): State<AppState>,
    user: MaybeUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("{ACTIVITIES_PATH}/{id}/feedback");
    let user_id = user.id();
    let now = state.clock.now().timestamp();
    let summary = state
        .db
        .run(move |conn| {
            let activity = rateable(conn, &id)?;
            Ok(db::summary(conn, &id, activity, user_id.as_deref(), now)?)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    let mut res = vary_authorization(Json(summary).into_response());
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    Ok(res)
}

/// A rating's body as sent: read member by member, so an explicit `"comment": null` is told
/// apart from no comment (the contract's `comment` is a string when present).
struct FeedbackInput {
    stars: Value,
    comment: Option<Value>,
}

impl<'de> Deserialize<'de> for FeedbackInput {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut body = serde_json::Map::<String, Value>::deserialize(d)?;
        Ok(Self {
            stars: body.remove("stars").unwrap_or(Value::Null),
            comment: body.remove("comment"),
        })
    }
}

/// What a rating's body says once checked: the stars and the trimmed comment (`None`: none).
type Checked = Result<(i64, Option<String>), Problem>;

/// Checks a rating's body against the rules of posts (before anything is read).
fn check(input: &FeedbackInput, words: &moderation::BannedWords) -> Checked {
    let mut errors = FieldErrors::new();
    let stars = input
        .stars
        .as_i64()
        .or_else(|| {
            input
                .stars
                .as_f64()
                .filter(|f| f.fract() == 0.0)
                .map(|f| f as i64)
        })
        .filter(|s| (1..=5).contains(s));
    if stars.is_none() {
        errors.add("stars", "请选择1到5颗星");
    }
    let comment = match &input.comment {
        None => None,
        Some(Value::String(raw)) if raw.trim().is_empty() => None,
        Some(Value::String(raw)) => match moderation::check_text(raw, MAX_COMMENT_CHARS, words) {
            Ok(text) => Some(text),
            Err(refusal) if stars.is_some() => return Err(moderation_problem(&refusal, "comment")),
            Err(refusal) => {
                errors.add("comment", refusal.messages().1);
                None
            }
        },
        Some(_) => {
            errors.add("comment", "评价内容须为文字");
            None
        }
    };
    errors.finish((stars.unwrap_or(0), comment), "")
}

fn too_fast(wait_ms: i64) -> Problem {
    let secs = ((wait_ms + 999) / 1000).max(1);
    Problem::too_many(
        format!("评价太频繁了，请{secs}秒后再试"),
        u32::try_from(secs).unwrap_or(u32::MAX),
    )
}

fn not_yet_open(starts_at: i64) -> Problem {
    let at = chrono::DateTime::from_timestamp(starts_at, 0)
        .unwrap_or_default()
        .with_timezone(&crate::clock::cst());
    Problem::new(
        StatusCode::CONFLICT,
        "not-yet-open",
        "Not Yet Open",
        format!(
            "活动开始后才能评价（{}开始）",
            at.format("%-m月%-d日 %H:%M")
        ),
    )
    .with_member("opens_at", json!(time(starts_at)))
}

/// `PUT /activities/{id}/feedback/mine`: creates or replaces the caller's rating.
pub async fn put_mine(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let path = format!("{ACTIVITIES_PATH}/{id}/feedback/mine");
    let input: FeedbackInput = parse_body(&headers, &body).map_err(|p| p.with_instance(&path))?;
    let checked = check(&input, &state.banned_words.current());
    let now = state.clock.now();
    let per_minute = i64::from(state.config.feedback_per_minute);
    let user_id = current.user.id;
    let feedback = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let activity = rateable(&tx, &id)?;
            if activity.cancelled {
                return Err(Problem::conflict("活动已取消，不能评价"));
            }
            if !activity.open(now.timestamp()) {
                return Err(not_yet_open(activity.starts_at));
            }
            if let Some(until) = crate::db::moderation::muted_until(&tx, &user_id, now.timestamp())?
            {
                return Err(muted(until));
            }
            let (stars, comment) = checked?;
            let wait = db::write_wait_ms(&tx, &user_id, now.timestamp_millis(), per_minute)?;
            if wait > 0 {
                return Err(too_fast(wait));
            }
            let feedback = db::put(
                &tx,
                &id,
                &user_id,
                stars,
                comment.as_deref(),
                now.timestamp(),
                now.timestamp_millis(),
            )?;
            tx.commit()?;
            Ok(feedback)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(Json(feedback).into_response())
}

/// `DELETE /activities/{id}/feedback/mine`.
pub async fn delete_mine(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("{ACTIVITIES_PATH}/{id}/feedback/mine");
    let user_id = current.user.id;
    state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            rateable(&tx, &id)?;
            db::delete(&tx, &id, &user_id)?;
            tx.commit()?;
            Ok(())
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A page of an activity's approved comments (`public`) or of all its ratings, as JSON with its
/// ETag, after checking `allowed` in the same read.
async fn list_page(
    state: &AppState,
    q: &QueryParams,
    headers: &HeaderMap,
    path: &str,
    public: bool,
    id: String,
    allowed: impl FnOnce(&Connection, &str) -> Result<(), Problem> + Send + 'static,
) -> Result<Response, Problem> {
    fn list(public: bool, id: &str) -> List<'_> {
        if public {
            List::Approved(id)
        } else {
            List::All(id)
        }
    }
    let tag = list(public, &id).tag();
    let mut errors = FieldErrors::new();
    let (limit, cursor) = crate::routes::organisers::page_params(q, &tag, 2, &mut errors);
    let (limit, cursor) = errors.finish((limit, cursor), path)?;
    let body = state
        .db
        .run(move |conn| {
            allowed(conn, &id)?;
            let after = cursor.map(|k| [k[0], k[1]]);
            page_json(db::page(conn, list(public, &id), after, limit)?, &tag)
        })
        .await
        .map_err(|p| p.with_instance(path))?;
    Ok(send_json(headers, &body))
}

/// `GET /activities/{id}/feedback/comments`: approved comments, newest first.
pub async fn comments(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: QueryParams,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let path = format!("{ACTIVITIES_PATH}/{id}/feedback/comments");
    list_page(&state, &q, &headers, &path, true, id, |conn, id| {
        rateable(conn, id).map(|_| ())
    })
    .await
}

/// `GET /organiser/activities/{id}/feedback`: every rating, for the activity's unit only.
pub async fn organiser(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    q: QueryParams,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/organiser/activities/{id}/feedback");
    let user_id = current.user.id;
    let res = list_page(&state, &q, &headers, &path, false, id, move |conn, id| {
        if db::organises(conn, id, &user_id)? {
            Ok(())
        } else {
            Err(crate::routes::organisers::activity_not_found())
        }
    })
    .await?;
    Ok(vary_authorization(res))
}
