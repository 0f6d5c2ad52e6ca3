//! 登记填报 for reviewers: `/review/…`. Anyone who is neither reviewer nor admin gets 403 on
//! every route here; a unit or activity outside the caller's scope (or a draft) is a 404, as an
//! unknown id. Approval publishes into the public table and refreshes the search index before
//! answering.
use super::organisers::{
    activity_not_found, history, page, page_params, refresh_public, unit_not_found,
    with_activity_etag,
};
use super::topics::idempotent_write;
use super::{to_json, QueryParams};
use crate::auth::CurrentUser;
use crate::db::organisers as db;
use crate::db::review::{self as review_db, ActivityFilter, Reviewer};
use crate::problem::{FieldErrors, Problem};
use crate::routes::WriteRequest;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::Value;

const REVIEW_PATH: &str = "/api/v1/review";

/// The caller as a reviewer, or 403.
pub(crate) async fn reviewer(
    state: &AppState,
    current: CurrentUser,
    path: &str,
) -> Result<Reviewer, Problem> {
    let user_id = current.user.id;
    let roles = {
        let id = user_id.clone();
        state.db.run(move |conn| Ok(db::roles(conn, &id)?)).await?
    };
    if !roles.reviewer {
        return Err(Problem::forbidden("您没有审核权限").with_instance(path));
    }
    Ok(Reviewer {
        user_id,
        admin: roles.admin,
    })
}

fn role(who: &Reviewer) -> &'static str {
    if who.admin {
        "admin"
    } else {
        "reviewer"
    }
}

fn json_ok(body: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// `GET /review/summary`.
pub async fn summary(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Value>, Problem> {
    let path = format!("{REVIEW_PATH}/summary");
    let who = reviewer(&state, current, &path).await?;
    let (u, a) = state
        .db
        .run(move |conn| Ok(review_db::summary(conn, &who)?))
        .await?;
    Ok(Json(serde_json::json!({
        "units": { "pending": u[0], "approved": u[1], "returned": u[2] },
        "activities": { "submitted": a[0], "returned": a[1], "published": a[2], "cancelled": a[3] },
    })))
}

/// `GET /review/units`.
pub async fn units(
    State(state): State<AppState>,
    current: CurrentUser,
    q: QueryParams,
) -> Result<Response, Problem> {
    let path = format!("{REVIEW_PATH}/units");
    let who = reviewer(&state, current, &path).await?;
    let mut errors = FieldErrors::new();
    let status = q.param("status");
    if status
        .as_deref()
        .is_some_and(|s| !["pending", "approved", "returned"].contains(&s))
    {
        errors.add("status", "status 取值无效");
    }
    let tag = format!("ru{}", status.as_deref().unwrap_or(""));
    let (limit, cursor) = page_params(&q, &tag, 1, &mut errors);
    let (limit, cursor) = errors.finish((limit, cursor), &path)?;
    let body = state
        .db
        .run(move |conn| {
            let after = cursor.map(|k| k[0]);
            let (rows, total) = review_db::units(conn, &who, status.as_deref(), after, limit)?;
            page(rows, limit, total, &tag, |u| vec![u.seq], |u| Ok(u.clone()))
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(json_ok(body))
}

/// `GET /review/units/{id}`.
pub async fn unit(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<db::Unit>, Problem> {
    let path = format!("{REVIEW_PATH}/units/{id}");
    let who = reviewer(&state, current, &path).await?;
    let unit = state
        .db
        .run(move |conn| review_db::unit_in_scope(conn, &who, &id)?.ok_or_else(unit_not_found))
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(Json(unit))
}

/// `GET /review/units/{id}/history`.
pub async fn unit_history(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    let path = format!("{REVIEW_PATH}/units/{id}/history");
    let who = reviewer(&state, current, &path).await?;
    history(&state, "unit", id, &path, move |conn, id| {
        review_db::unit_in_scope(conn, &who, id)?
            .map(drop)
            .ok_or_else(unit_not_found)
    })
    .await
}

#[derive(Deserialize)]
pub struct Decision {
    decision: String,
    #[serde(default)]
    reason: Option<String>,
}

/// `approve` or `return` with a non-empty reason: `(to_status_kind, reason)`.
fn check_decision(decision: &str, reason: Option<&str>) -> Result<(bool, Option<String>), Problem> {
    if reason.is_some_and(|r| r.chars().count() > 500) {
        return Err(Problem::field("reason", "退回原因不能超过500个字"));
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    match decision {
        "approve" => Ok((true, reason.map(String::from))),
        "return" => match reason {
            Some(r) => Ok((false, Some(r.to_string()))),
            None => Err(Problem::field("reason", "退回时须填写原因")),
        },
        _ => Err(Problem::field(
            "decision",
            "decision 须为 approve 或 return",
        )),
    }
}

/// `POST /review/units/{id}/decision`.
pub async fn decide_unit(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    write: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("{REVIEW_PATH}/units/{id}/decision");
    let who = reviewer(&state, current, &path).await?;
    let (input, request): (Decision, _) = write.keyed_json(&who.user_id, &path)?;
    let (approve, reason) = check_decision(&input.decision, input.reason.as_deref())
        .map_err(|p| p.with_instance(&path))?;
    let now = state.clock.now().timestamp();
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        let unit = review_db::unit_in_scope(tx, &who, &id)?.ok_or_else(unit_not_found)?;
        if unit.status != "pending" {
            return Err(Problem::conflict("该单位不在待审核状态"));
        }
        let to = if approve { "approved" } else { "returned" };
        db::set_unit_status(
            tx,
            &db::Transition {
                id: &id,
                from: "pending",
                to,
                reason: reason.as_deref(),
                actor: (&who.user_id, role(&who)),
                now,
            },
        )?;
        let unit = db::find_unit(tx, &id)?.ok_or_else(Problem::internal)?;
        Ok((StatusCode::OK, None, to_json(&unit)?))
    })
    .await?;
    Ok(written.into_response())
}

/// `GET /review/activities`.
pub async fn activities(
    State(state): State<AppState>,
    current: CurrentUser,
    q: QueryParams,
) -> Result<Response, Problem> {
    let path = format!("{REVIEW_PATH}/activities");
    let who = reviewer(&state, current, &path).await?;
    let mut errors = FieldErrors::new();
    let status = q.param("status");
    if status
        .as_deref()
        .is_some_and(|s| !["submitted", "returned", "published", "cancelled"].contains(&s))
    {
        errors.add("status", "status 取值无效");
    }
    let day = |key: &str, errors: &mut FieldErrors| -> Option<chrono::NaiveDate> {
        let v = q.param(key)?;
        let d = chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .ok()
            .filter(|_| v.len() == 10);
        if d.is_none() {
            errors.add(key, format!("{key} 须为 YYYY-MM-DD 格式的日期"));
        }
        d
    };
    let from = day("from", &mut errors);
    let to = day("to", &mut errors);
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            errors.add("from", "开始日期不能晚于结束日期");
        }
    }
    let start_of = |d: chrono::NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp() - 8 * 3600)
            .unwrap_or_default()
    };
    let filter = ActivityFilter {
        status: status.clone(),
        theme: q.param("theme"),
        event_kind: q.param("event_kind"),
        from: from.map(start_of),
        until: to.map(|d| start_of(d) + 86_400),
    };
    let tag = format!(
        "ra{}",
        crate::routes::fnv1a(
            format!(
                "{:?}|{:?}|{:?}|{:?}|{:?}",
                filter.status, filter.theme, filter.event_kind, filter.from, filter.until
            )
            .as_bytes()
        ) % 1_000_000
    );
    let (limit, cursor) = page_params(&q, &tag, 2, &mut errors);
    let (limit, cursor) = errors.finish((limit, cursor), &path)?;
    let body = state
        .db
        .run(move |conn| {
            let after = cursor.map(|k| (k[0], k[1]));
            let (rows, total) = review_db::activities(conn, &who, &filter, after, limit)?;
            page(
                rows,
                limit,
                total,
                &tag,
                |d| vec![d.submitted_at.unwrap_or(0), d.seq],
                |d| Ok(db::view(conn, d)?),
            )
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(json_ok(body))
}

/// `GET /review/activities/{id}`.
pub async fn activity(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("{REVIEW_PATH}/activities/{id}");
    let who = reviewer(&state, current, &path).await?;
    let view = state
        .db
        .run(move |conn| {
            let d =
                review_db::activity_in_scope(conn, &who, &id)?.ok_or_else(activity_not_found)?;
            Ok(db::view(conn, &d)?)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(with_activity_etag(
        json_ok(to_json(&view)?),
        Some(view.version),
    ))
}

/// `GET /review/activities/{id}/history`.
pub async fn activity_history(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    let path = format!("{REVIEW_PATH}/activities/{id}/history");
    let who = reviewer(&state, current, &path).await?;
    history(&state, "activity", id, &path, move |conn, id| {
        review_db::activity_in_scope(conn, &who, id)?
            .map(drop)
            .ok_or_else(activity_not_found)
    })
    .await
}

/// Decides one submitted activity in scope: publishes it (the public row written) or returns
/// it. `Err` is why not (404, 409).
fn decide_one(
    tx: &Connection,
    who: &Reviewer,
    id: &str,
    approve: bool,
    reason: Option<&str>,
    now: i64,
) -> Result<db::Draft, Problem> {
    let d = review_db::activity_in_scope(tx, who, id)?.ok_or_else(activity_not_found)?;
    if d.status != "submitted" {
        return Err(Problem::conflict("该活动不在待审核状态"));
    }
    let to = if approve { "published" } else { "returned" };
    db::set_draft_status(
        tx,
        &db::Transition {
            id,
            from: "submitted",
            to,
            reason,
            actor: (&who.user_id, role(who)),
            now,
        },
    )?;
    let d = db::find_draft(tx, id)?.ok_or_else(Problem::internal)?;
    if approve {
        let kind = review_db::unit_kind(tx, &d.unit.id)?;
        review_db::publish(tx, &d, &kind)?;
    }
    Ok(d)
}

/// `POST /review/activities/{id}/decision`.
pub async fn decide_activity(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    write: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("{REVIEW_PATH}/activities/{id}/decision");
    let who = reviewer(&state, current, &path).await?;
    let (input, request): (Decision, _) = write.keyed_json(&who.user_id, &path)?;
    let (approve, reason) = check_decision(&input.decision, input.reason.as_deref())
        .map_err(|p| p.with_instance(&path))?;
    let now = state.clock.now().timestamp();
    let public_id = id.clone();
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        let d = decide_one(tx, &who, &id, approve, reason.as_deref(), now)?;
        Ok((StatusCode::OK, None, to_json(&db::view(tx, &d)?)?))
    })
    .await?;
    if approve {
        refresh_public(&state, vec![public_id]).await?;
    }
    Ok(written.into_response())
}

#[derive(Deserialize)]
pub struct BatchDecision {
    ids: Vec<String>,
    decision: String,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(serde::Serialize)]
struct Outcome {
    id: String,
    outcome: &'static str,
    status: Option<String>,
    detail: Option<String>,
}

/// `POST /review/activities/decisions`: each id on its own, in one transaction.
pub async fn decide_activities(
    State(state): State<AppState>,
    current: CurrentUser,
    write: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("{REVIEW_PATH}/activities/decisions");
    let who = reviewer(&state, current, &path).await?;
    let (input, request): (BatchDecision, _) = write.keyed_json(&who.user_id, &path)?;
    if input.ids.is_empty() || input.ids.len() > 50 {
        return Err(Problem::field("ids", "一次须选择1到50个活动").with_instance(&path));
    }
    let (approve, reason) = check_decision(&input.decision, input.reason.as_deref())
        .map_err(|p| p.with_instance(&path))?;
    let now = state.clock.now().timestamp();
    let ids = input.ids;
    let published = ids.clone();
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        let mut items = Vec::with_capacity(ids.len());
        let mut done = 0;
        for id in ids {
            let outcome = match decide_one(tx, &who, &id, approve, reason.as_deref(), now) {
                Ok(d) => {
                    done += 1;
                    Outcome {
                        id,
                        outcome: "done",
                        status: Some(d.status),
                        detail: None,
                    }
                }
                Err(p) if p.status == 404 || p.status == 409 => Outcome {
                    id,
                    outcome: if p.status == 404 {
                        "not-found"
                    } else {
                        "conflict"
                    },
                    status: None,
                    detail: Some(p.detail),
                },
                Err(p) => return Err(p),
            };
            items.push(outcome);
        }
        let body = to_json(&serde_json::json!({ "done": done, "items": items }))?;
        Ok((StatusCode::OK, None, body))
    })
    .await?;
    if approve {
        refresh_public(&state, published).await?;
    }
    Ok(written.into_response())
}
