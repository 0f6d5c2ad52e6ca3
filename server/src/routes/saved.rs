//! 收藏 (issue 19): `PUT`/`DELETE /me/saved/{id}`, `GET /me/saved` and `GET /me/saved/ids`.
//! Public activity responses never carry whether the caller saved them; the app reads the
//! caller's ids once (`/me/saved/ids`) and marks cards from them.
use crate::auth::CurrentUser;
use crate::db::saved::{self as db, Refused};
use crate::problem::{FieldErrors, Problem};
use crate::routes::{page_json, send_json, to_json, vary_authorization, QueryParams};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::TransactionBehavior;
use serde_json::json;

const NO_ACTIVITY: &str = "活动不存在或已下线";
const LIST_PATH: &str = "/api/v1/me/saved";
/// The tag of `GET /me/saved` cursors (`[saved_at, seq]`).
const CURSOR_TAG: &str = "sv";

fn refusal(refused: Refused, limit: i64) -> Problem {
    match refused {
        Refused::NoSuchActivity => Problem::not_found(NO_ACTIVITY),
        Refused::Limit => Problem::new(
            StatusCode::CONFLICT,
            "saved-limit",
            "Saved Limit",
            format!("最多收藏{limit}个活动，请先取消一些收藏"),
        )
        .with_member("limit", json!(limit)),
    }
}

/// `PUT /me/saved/{id}`: idempotent (saving again keeps the first `saved_at`).
pub async fn save(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("{LIST_PATH}/{id}");
    let now = state.clock.now().timestamp();
    let limit = i64::from(state.config.saved_limit);
    let user_id = current.user.id;
    let saved = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let saved = db::save(&tx, &user_id, &id, now, limit)?.map_err(|r| refusal(r, limit))?;
            tx.commit()?;
            Ok(saved)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(Json(saved).into_response())
}

/// `DELETE /me/saved/{id}`: idempotent.
pub async fn unsave(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("{LIST_PATH}/{id}");
    let limit = i64::from(state.config.saved_limit);
    let user_id = current.user.id;
    let removed = state
        .db
        .run(move |conn| Ok(db::unsave(conn, &user_id, &id, limit)?))
        .await?
        .ok_or_else(|| Problem::not_found(NO_ACTIVITY).with_instance(&path))?;
    Ok(Json(removed).into_response())
}

/// `GET /me/saved`: the latest saved first, paginated.
pub async fn list(
    State(state): State<AppState>,
    current: CurrentUser,
    query: QueryParams,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let now = state.clock.now().timestamp();
    let user_id = current.user.id;
    let mut errors = FieldErrors::new();
    let limit = query.limit(&mut errors);
    let after = query
        .cursor(CURSOR_TAG, 2, &mut errors)
        .map(|k| [k[0], k[1]]);
    errors.finish((), LIST_PATH)?;
    let body = state
        .db
        .run(move |conn| page_json(db::page(conn, &user_id, after, limit, now)?, CURSOR_TAG))
        .await?;
    Ok(vary_authorization(send_json(&headers, &body)))
}

/// `GET /me/saved/ids`.
pub async fn ids(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let limit = state.config.saved_limit;
    let user_id = current.user.id;
    let body = state
        .db
        .run(move |conn| to_json(&json!({ "ids": db::ids(conn, &user_id)?, "limit": limit })))
        .await?;
    Ok(vary_authorization(send_json(&headers, &body)))
}
