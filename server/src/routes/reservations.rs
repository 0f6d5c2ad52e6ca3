//! 预约报名 (issue 18): `GET /activities/{id}/availability`, `POST /activities/{id}/reservations`,
//! `GET /me/reservations`, `GET /me/reservations/{id}`, `POST /me/reservations/{id}/cancel`,
//! `GET /me/reservations/{id}/qr.svg`, and the organiser's
//! `GET`/`POST /organiser/activities/{id}/check-ins`. Every time-dependent answer uses the
//! server clock; every write is one `BEGIN IMMEDIATE` transaction (see `db::reservations`).
use crate::auth::{CurrentUser, MaybeUser};
use crate::clock::cst;
use crate::db::activities::Registration;
use crate::db::reservations::{self as db, Refused, Reservation};
use crate::problem::Problem;
use crate::routes::topics::{idempotent_write, Written};
use crate::routes::{send_json, to_json, vary_authorization, WriteRequest};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{TimeZone, Utc};
use rusqlite::TransactionBehavior;
use serde::{Deserialize, Serialize};
use serde_json::json;

const NO_ACTIVITY: &str = "活动不存在或已下线";
const NO_RESERVATION: &str = "预约不存在";

fn china_time(secs: i64, pattern: &str) -> String {
    Utc.timestamp_opt(secs, 0)
        .single()
        .unwrap_or_default()
        .with_timezone(&cst())
        .format(pattern)
        .to_string()
}

fn json_value<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// The problem each refusal is, as the contract's table names them.
fn refusal(refused: Refused) -> Problem {
    let window = |p: Problem, opens_at: Option<i64>, closes_at: i64| {
        p.with_member("opens_at", json!(opens_at.map(db::time)))
            .with_member("closes_at", json!(db::time(closes_at)))
    };
    match refused {
        Refused::NoSuchActivity => Problem::not_found(NO_ACTIVITY),
        Refused::NoSuchReservation => Problem::not_found(NO_RESERVATION),
        Refused::NotReservable(detail) => Problem::conflict(detail),
        Refused::BadPartySize => Problem::field("party_size", "每次预约1至3人"),
        Refused::NotYetOpen {
            opens_at,
            closes_at,
        } => window(
            Problem::new(
                StatusCode::CONFLICT,
                "not-yet-open",
                "Not Yet Open",
                format!(
                    "预约将于{}开始",
                    china_time(opens_at.unwrap_or(closes_at), "%-m月%-d日 %H:%M")
                ),
            ),
            opens_at,
            closes_at,
        ),
        Refused::Closed {
            opens_at,
            closes_at,
        } => window(
            Problem::new(
                StatusCode::CONFLICT,
                "window-closed",
                "Window Closed",
                "预约已截止",
            ),
            opens_at,
            closes_at,
        ),
        Refused::AlreadyReserved(existing) => Problem::new(
            StatusCode::CONFLICT,
            "already-reserved",
            "Already Reserved",
            "您已预约过该活动",
        )
        .with_member("reservation", json_value(&*existing)),
        Refused::Full { remaining } => Problem::new(
            StatusCode::CONFLICT,
            "full",
            "Full",
            if remaining == 0 {
                "名额已约满，可以加入候补".to_string()
            } else {
                format!("名额不足，仅剩{remaining}个名额，可以加入候补")
            },
        )
        .with_member("remaining", json!(remaining)),
        Refused::AlreadyStarted => Problem::new(
            StatusCode::CONFLICT,
            "already-started",
            "Already Started",
            "活动已开始，不能取消预约",
        ),
        Refused::CheckedIn => Problem::conflict("已签到的预约不能取消"),
        Refused::UnknownCode => Problem::field("code", "没有这个签到码"),
        Refused::CancelledCode => Problem::field("code", "该预约已取消，签到码无效"),
        Refused::AlreadyCheckedIn { at } => Problem::new(
            StatusCode::CONFLICT,
            "already-checked-in",
            "Already Checked In",
            format!("该签到码已于{}签到", china_time(at, "%H:%M")),
        )
        .with_member("checked_in_at", json!(db::time(at))),
    }
}

#[derive(Serialize)]
struct Availability {
    activity_id: String,
    registration: Option<Registration>,
    mine: Option<Reservation>,
}

/// `GET /activities/{id}/availability`: cheap to poll (ETag; 304 while nothing changed).
pub async fn availability(
    State(state): State<AppState>,
    user: MaybeUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/activities/{id}/availability");
    let now = state.clock.now().timestamp();
    let user_id = user.id();
    let body = state
        .db
        .run(move |conn| {
            let Some(places) = db::places(conn, &id)? else {
                return Ok(None);
            };
            let mine = match &user_id {
                Some(u) => db::active_of(conn, &id, u, now)?,
                None => None,
            };
            to_json(&Availability {
                activity_id: places.activity_id.clone(),
                registration: places.registration(now),
                mine,
            })
            .map(Some)
        })
        .await?
        .ok_or_else(|| Problem::not_found(NO_ACTIVITY).with_instance(&path))?;
    Ok(vary_authorization(send_json(&headers, &body)))
}

#[derive(Deserialize)]
struct ReservationCreate {
    /// Any JSON value: JSON Schema's integers include `2.0`, and anything else is a 422 naming
    /// `party_size` (checked after the activity, as the contract orders it).
    party_size: serde_json::Value,
    #[serde(default)]
    waitlist: bool,
}

/// A whole number of people, or 0 (which no activity accepts) for anything else.
fn whole_number(v: &serde_json::Value) -> i64 {
    v.as_i64()
        .or_else(|| {
            v.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e9)
                .map(|f| f as i64)
        })
        .unwrap_or(0)
}

/// `POST /activities/{id}/reservations`.
pub async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    write: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/activities/{id}/reservations");
    let user_id = current.user.id;
    let (input, request) = write.keyed_json::<ReservationCreate>(&user_id, &path)?;
    let now = state.clock.now().timestamp();
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        let party_size = whole_number(&input.party_size);
        let r =
            db::reserve(tx, &id, &user_id, party_size, input.waitlist, now)?.map_err(refusal)?;
        let location = format!("/api/v1/me/reservations/{}", r.id);
        Ok((StatusCode::CREATED, Some(location), to_json(&r)?))
    })
    .await?;
    Ok(written.into_response())
}

/// `GET /me/reservations`.
pub async fn mine(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let now = state.clock.now().timestamp();
    let user_id = current.user.id;
    let body = state
        .db
        .run(move |conn| to_json(&db::mine(conn, &user_id, now)?))
        .await?;
    Ok(vary_authorization(send_json(&headers, &body)))
}

/// `GET /me/reservations/{id}`.
pub async fn one(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/me/reservations/{id}");
    let now = state.clock.now().timestamp();
    let user_id = current.user.id;
    let found = state
        .db
        .run(move |conn| Ok(db::find_own(conn, &id, &user_id, now)?))
        .await?
        .ok_or_else(|| Problem::not_found(NO_RESERVATION).with_instance(&path))?;
    Ok(vary_authorization(Json(found).into_response()))
}

/// `POST /me/reservations/{id}/cancel`: naturally idempotent.
pub async fn cancel(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/me/reservations/{id}/cancel");
    let now = state.clock.now().timestamp();
    let user_id = current.user.id;
    let cancelled = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let r = db::cancel(&tx, &id, &user_id, now)?.map_err(refusal)?;
            tx.commit()?;
            Ok(r)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(Json(cancelled).into_response())
}

/// `GET /me/reservations/{id}/qr.svg`: the owner's check-in code as a QR code.
pub async fn qr(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/me/reservations/{id}/qr.svg");
    let now = state.clock.now().timestamp();
    let user_id = current.user.id;
    let code = state
        .db
        .run(move |conn| Ok(db::find_own(conn, &id, &user_id, now)?.and_then(|r| r.code)))
        .await?
        .ok_or_else(|| Problem::not_found(NO_RESERVATION).with_instance(&path))?;
    let svg = qr_svg(&code).ok_or_else(Problem::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        svg,
    )
        .into_response())
}

/// `text` as a QR code (error correction M) in SVG, with a 4-module quiet zone.
pub fn qr_svg(text: &str) -> Option<String> {
    use qrcodegen::{QrCode, QrCodeEcc};
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let border = 4;
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    let dim = size + 2 * border;
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {dim} {dim}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"签到二维码 {text}\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}

/// The activity `id` if `user_id` may check people in there, else the 404 that an unknown
/// activity is (nothing leaks about others' activities).
fn may_check_in(
    conn: &rusqlite::Connection,
    id: &str,
    user_id: &str,
    path: &str,
) -> Result<(), Problem> {
    if db::may_check_in(conn, id, user_id)? {
        Ok(())
    } else {
        Err(Problem::not_found(NO_ACTIVITY).with_instance(path))
    }
}

/// `GET /organiser/activities/{id}/check-ins`.
pub async fn check_in_summary(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/organiser/activities/{id}/check-ins");
    let now = state.clock.now().timestamp();
    let user_id = current.user.id;
    let summary = state
        .db
        .run(move |conn| {
            may_check_in(conn, &id, &user_id, &path)?;
            db::summary(conn, &id, now)?
                .ok_or_else(|| Problem::not_found(NO_ACTIVITY).with_instance(&path))
        })
        .await?;
    Ok(Json(summary).into_response())
}

#[derive(Deserialize)]
struct CheckInCreate {
    code: String,
}

#[derive(Serialize)]
struct CheckInResult {
    check_in: db::CheckIn,
    summary: db::CheckInSummary,
}

/// `POST /organiser/activities/{id}/check-ins`: marks a code used, once.
pub async fn check_in(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    write: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("/api/v1/organiser/activities/{id}/check-ins");
    let user_id = current.user.id;
    let (input, request) = write.keyed_json::<CheckInCreate>(&user_id, &path)?;
    let now = state.clock.now().timestamp();
    let instance = path.clone();
    let written: Written = idempotent_write(&state, request, now, &instance, move |tx| {
        may_check_in(tx, &id, &user_id, &path)?;
        let n = input.code.chars().count();
        if n == 0 || n > 32 || input.code.trim().is_empty() {
            return Err(Problem::field("code", "请输入签到码"));
        }
        let check_in = db::check_in(tx, &id, &input.code, now)?.map_err(refusal)?;
        let summary = db::summary(tx, &id, now)?.ok_or_else(Problem::internal)?;
        Ok((
            StatusCode::OK,
            None,
            to_json(&CheckInResult { check_in, summary })?,
        ))
    })
    .await?;
    Ok(written.into_response())
}
