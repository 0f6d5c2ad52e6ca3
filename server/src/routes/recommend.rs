//! 推荐 (issue 17): `/review/indicators/{units,activities}` (the scope's units and activities
//! with their figures side by side, sortable, computed at most once a minute per scope),
//! `/review/recommendations…` (a reviewing body marks 优秀组织单位 / 优秀活动 within its quota
//! until 2021-10-29 24:00 China time) and `/admin/recommendations` (all of them, JSON or CSV).
//! A reviewer's body is their first reviewer role (a province or a 全国学会); the admin's is the
//! whole country. Anything outside the body's scope is the 404 of an unknown id.
use super::QueryParams;
use crate::auth::CurrentUser;
use crate::db::activities::NamedRef;
use crate::db::feedback::average;
use crate::db::indicators::{self, ActivityRow, Scope, UnitFigures, UnitRow};
use crate::db::organisers::{self as org_db, UnitRef};
use crate::db::recommend::{self as db, Body, Recommendation, KINDS};
use crate::problem::{FieldErrors, Problem};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::TransactionBehavior;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

const REVIEW_PATH: &str = "/api/v1/review";

/// Recommendations close at 2021-10-30T00:00:00+08:00 (the notice's 10月29日 24:00), exclusive.
pub fn closes_at() -> DateTime<Utc> {
    crate::clock::cst()
        .with_ymd_and_hms(2021, 10, 30, 0, 0, 0)
        .single()
        .expect("a valid time")
        .with_timezone(&Utc)
}

/// How long a scope's indicator rows are reused.
const CACHE_SECONDS: i64 = 60;

type Taken<T> = (DateTime<Utc>, Arc<Vec<T>>);

/// The indicator rows of each scope, with when they were taken (server clock).
#[derive(Default)]
pub struct IndicatorCache {
    units: Mutex<HashMap<Scope, Taken<UnitRow>>>,
    activities: Mutex<HashMap<Scope, Taken<ActivityRow>>>,
}

fn fresh<T>(
    map: &Mutex<HashMap<Scope, Taken<T>>>,
    scope: &Scope,
    now: DateTime<Utc>,
) -> Option<Taken<T>> {
    let map = map.lock().unwrap_or_else(|e| e.into_inner());
    map.get(scope)
        .filter(|(at, _)| (now - *at).num_seconds() < CACHE_SECONDS && *at <= now)
        .map(|(at, rows)| (*at, rows.clone()))
}

fn keep<T>(map: &Mutex<HashMap<Scope, Taken<T>>>, scope: Scope, taken: Taken<T>) {
    map.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(scope, taken);
}

/// `scope`'s rows as taken within the minute, or computed now by `compute` and kept.
fn taken_or_compute<T>(
    map: &Mutex<HashMap<Scope, Taken<T>>>,
    scope: &Scope,
    now: DateTime<Utc>,
    compute: impl FnOnce() -> rusqlite::Result<Vec<T>>,
) -> rusqlite::Result<Taken<T>> {
    if let Some(taken) = fresh(map, scope, now) {
        return Ok(taken);
    }
    let taken = (now, Arc::new(compute()?));
    keep(map, scope.clone(), taken.clone());
    Ok(taken)
}

/// An indicator table's query: the sort key and order (whitelisted by `keys`), the cursor's tag
/// (`prefix` with the sort, so a cursor of another order is refused), the page size and where
/// the page starts; a 422 naming each bad parameter.
fn page_query<'a>(
    q: &QueryParams,
    keys: &[&'a str],
    prefix: &str,
    path: &str,
) -> Result<(&'a str, bool, String, usize, usize), Problem> {
    let mut errors = FieldErrors::new();
    let (sort, asc) = sort_params(q, keys, &mut errors);
    let tag = format!("{prefix}{sort}{}", u8::from(asc));
    let limit = q.limit(&mut errors);
    let cursor = q.cursor(&tag, 1, &mut errors);
    let (limit, cursor) = errors.finish((limit, cursor), path)?;
    let from = cursor.map_or(0, |k| k[0].max(0) as usize);
    Ok((sort, asc, tag, limit, from))
}

/// The caller's reviewing body, or 403.
async fn body_of(
    state: &AppState,
    current: CurrentUser,
    path: &str,
) -> Result<(String, Body), Problem> {
    let user_id = current.user.id;
    let roles = {
        let id = user_id.clone();
        state
            .db
            .run(move |conn| Ok(org_db::roles(conn, &id)?))
            .await?
    };
    let body = if roles.admin {
        Body {
            scope: Scope::All,
            name: "中国科协".to_string(),
        }
    } else if let Some(s) = roles.review_scopes.first() {
        match s.kind.as_str() {
            "province" => Body {
                scope: Scope::Province(s.id.clone()),
                name: format!("{}科协", s.name),
            },
            _ => Body {
                scope: Scope::Society(s.id.clone()),
                name: s.name.clone(),
            },
        }
    } else {
        return Err(Problem::forbidden("您没有审核权限").with_instance(path));
    };
    Ok((user_id, body))
}

/// `sort` (one of `keys`, `default` when absent) and `order` (`desc` by default).
fn sort_params<'a>(q: &QueryParams, keys: &[&'a str], errors: &mut FieldErrors) -> (&'a str, bool) {
    let sort = match q.param("sort") {
        None => keys[0],
        Some(s) => match keys.iter().find(|k| **k == s) {
            Some(k) => k,
            None => {
                errors.add("sort", format!("sort 只能是 {}", keys.join("、")));
                keys[0]
            }
        },
    };
    let asc = match q.param("order").as_deref() {
        None | Some("desc") => false,
        Some("asc") => true,
        Some(_) => {
            errors.add("order", "order 只能是 asc 或 desc");
            false
        }
    };
    (sort, asc)
}

/// Orders `rows` by `key` (descending unless `asc`), ties by `seq` ascending, and cuts the page
/// at offset `from`: `(page, next offset)`.
fn sorted_page<T>(
    rows: &[T],
    key: impl Fn(&T) -> f64,
    seq: impl Fn(&T) -> i64,
    asc: bool,
    from: usize,
    limit: usize,
) -> (Vec<&T>, Option<usize>) {
    let mut order: Vec<&T> = rows.iter().collect();
    order.sort_by(|a, b| {
        let by_key = key(a).total_cmp(&key(b));
        let by_key = if asc { by_key } else { by_key.reverse() };
        by_key.then(seq(a).cmp(&seq(b)))
    });
    let page: Vec<&T> = order.into_iter().skip(from).take(limit).collect();
    let next = (from + page.len() < rows.len()).then_some(from + page.len());
    (page, next)
}

fn rating_key(sum: i64, n: i64) -> f64 {
    average(sum, n).unwrap_or(-1.0)
}

#[derive(Serialize)]
struct IndicatorPage<T> {
    items: Vec<T>,
    next_cursor: Option<String>,
    total: i64,
    taken_at: String,
}

#[derive(Serialize)]
pub struct UnitIndicators<'a> {
    unit: &'a UnitRef,
    province: &'a NamedRef,
    figures: &'a UnitFigures,
    rating: Option<f64>,
    ratings: i64,
    summary_status: &'a str,
    recommended: bool,
}

#[derive(Serialize)]
pub struct ActivityIndicators<'a> {
    activity: &'a NamedRef,
    unit: &'a UnitRef,
    participants_offline: Option<i64>,
    views_online: Option<i64>,
    rating: Option<f64>,
    ratings: i64,
    photos: i64,
    links: i64,
    recommended: bool,
}

const UNIT_SORTS: [&str; 9] = [
    "activities",
    "participants",
    "online_views",
    "livestreams",
    "volunteers",
    "themes",
    "online_activities",
    "challenge_entries",
    "rating",
];

const ACTIVITY_SORTS: [&str; 6] = [
    "participants",
    "online_views",
    "rating",
    "ratings",
    "photos",
    "links",
];

fn json_response<T: Serialize>(value: &T) -> Result<Response, Problem> {
    let body = super::to_json(value)?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "private, no-cache"),
        ],
        body,
    )
        .into_response())
}

/// What the two indicator tables (`/review/indicators/units`, `…/activities`) differ in; the
/// handler, its paging, sorting, once-a-minute cache and 推荐 marks are [`indicators`].
pub trait IndicatorTable: Sized + Send + Sync + 'static {
    /// The path's last segment and the recommendation kind.
    const KIND: &'static str;
    /// The cursor's tag.
    const TAG: &'static str;
    const SORTS: &'static [&'static str];
    type Item<'a>: Serialize;
    fn cache(cache: &IndicatorCache) -> &Mutex<HashMap<Scope, Taken<Self>>>;
    fn compute(conn: &rusqlite::Connection, scope: &Scope) -> rusqlite::Result<Vec<Self>>;
    /// The row's value in column `sort` (one of `SORTS`), for ordering.
    fn sort_key(&self, sort: &str) -> f64;
    fn seq(&self) -> i64;
    fn item<'a>(&'a self, recommended: &HashSet<String>) -> Self::Item<'a>;
}

impl IndicatorTable for UnitRow {
    const KIND: &'static str = "units";
    const TAG: &'static str = "iu";
    const SORTS: &'static [&'static str] = &UNIT_SORTS;
    type Item<'a> = UnitIndicators<'a>;
    fn cache(cache: &IndicatorCache) -> &Mutex<HashMap<Scope, Taken<Self>>> {
        &cache.units
    }
    fn compute(conn: &rusqlite::Connection, scope: &Scope) -> rusqlite::Result<Vec<Self>> {
        indicators::unit_rows(conn, scope)
    }
    fn sort_key(&self, sort: &str) -> f64 {
        let f = &self.figures;
        (match sort {
            "participants" => f.participants_offline,
            "online_views" => f.views_online,
            "livestreams" => f.livestreams,
            "volunteers" => f.volunteers,
            "themes" => f.themes.len() as i64,
            "online_activities" => f.online_activities,
            "challenge_entries" => f.challenge_entries,
            "rating" => return rating_key(self.rating_sum, self.ratings),
            _ => f.activities.published,
        }) as f64
    }
    fn seq(&self) -> i64 {
        self.seq
    }
    fn item<'a>(&'a self, recommended: &HashSet<String>) -> UnitIndicators<'a> {
        UnitIndicators {
            unit: &self.unit,
            province: &self.province,
            figures: &self.figures,
            rating: average(self.rating_sum, self.ratings),
            ratings: self.ratings,
            summary_status: &self.summary_status,
            recommended: recommended.contains(&self.unit.id),
        }
    }
}

impl IndicatorTable for ActivityRow {
    const KIND: &'static str = "activities";
    const TAG: &'static str = "ia";
    const SORTS: &'static [&'static str] = &ACTIVITY_SORTS;
    type Item<'a> = ActivityIndicators<'a>;
    fn cache(cache: &IndicatorCache) -> &Mutex<HashMap<Scope, Taken<Self>>> {
        &cache.activities
    }
    fn compute(conn: &rusqlite::Connection, scope: &Scope) -> rusqlite::Result<Vec<Self>> {
        indicators::activity_rows(conn, scope)
    }
    fn sort_key(&self, sort: &str) -> f64 {
        (match sort {
            "online_views" => self.views_online.unwrap_or(-1),
            "rating" => return rating_key(self.rating_sum, self.ratings),
            "ratings" => self.ratings,
            "photos" => self.photos,
            "links" => self.links,
            _ => self.participants_offline.unwrap_or(-1),
        }) as f64
    }
    fn seq(&self) -> i64 {
        self.seq
    }
    fn item<'a>(&'a self, recommended: &HashSet<String>) -> ActivityIndicators<'a> {
        ActivityIndicators {
            activity: &self.activity,
            unit: &self.unit,
            participants_offline: self.participants_offline,
            views_online: self.views_online,
            rating: average(self.rating_sum, self.ratings),
            ratings: self.ratings,
            photos: self.photos,
            links: self.links,
            recommended: recommended.contains(&self.activity.id),
        }
    }
}

/// `GET /review/indicators/units` and `GET /review/indicators/activities`.
pub async fn indicators<R: IndicatorTable>(
    State(state): State<AppState>,
    current: CurrentUser,
    q: QueryParams,
) -> Result<Response, Problem> {
    let path = format!("{REVIEW_PATH}/indicators/{}", R::KIND);
    let (_, body) = body_of(&state, current, &path).await?;
    let (sort, asc, tag, limit, from) = page_query(&q, R::SORTS, R::TAG, &path)?;
    let now = state.clock.now();
    let cache = state.indicators.clone();
    let (taken_at, rows, recommended) = state
        .db
        .run(move |conn| {
            let (at, rows) = taken_or_compute(R::cache(&cache), &body.scope, now, || {
                R::compute(conn, &body.scope)
            })?;
            Ok((at, rows, db::ids_of_body(conn, &body, R::KIND)?))
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    let (page, next) = sorted_page(&rows, |r| r.sort_key(sort), R::seq, asc, from, limit);
    let answer = IndicatorPage {
        items: page.into_iter().map(|r| r.item(&recommended)).collect(),
        next_cursor: next.map(|n| crate::pagination::encode_cursor(&tag, &[n as i64])),
        total: rows.len() as i64,
        taken_at: crate::clock::rfc3339_cst(taken_at),
    };
    json_response(&answer)
}

/// The quota of a scope holding `n`: `max(1, floor(n × percent / 100))`.
pub fn quota(n: i64, percent: u32) -> i64 {
    (n * i64::from(percent) / 100).max(1)
}

#[derive(Serialize)]
struct Quota {
    limit: i64,
    used: i64,
    items: Vec<Recommendation>,
}

#[derive(Serialize)]
struct RecommendationState {
    units: Quota,
    activities: Quota,
    closes_at: String,
    open: bool,
}

/// `GET /review/recommendations`.
pub async fn state_of(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Response, Problem> {
    let path = format!("{REVIEW_PATH}/recommendations");
    let (_, body) = body_of(&state, current, &path).await?;
    let percent = state.config.recommend_quota_percent;
    let open = state.clock.now() < closes_at();
    let answer = state
        .db
        .run(move |conn| {
            let (units, activities) = indicators::scope_sizes(conn, &body.scope)?;
            let quota_of = |kind: &str, n: i64| -> Result<Quota, Problem> {
                let items = db::of_body(conn, &body, kind)?;
                Ok(Quota {
                    limit: quota(n, percent),
                    used: items.len() as i64,
                    items,
                })
            };
            Ok(RecommendationState {
                units: quota_of("units", units)?,
                activities: quota_of("activities", activities)?,
                closes_at: crate::clock::rfc3339_cst(closes_at()),
                open,
            })
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    json_response(&answer)
}

fn not_found() -> Problem {
    Problem::not_found("不在您的推荐范围内，或不存在")
}

fn window_closed() -> Problem {
    Problem::new(
        StatusCode::CONFLICT,
        "window-closed",
        "Window Closed",
        "推荐时间为10月29日24:00前，现已截止",
    )
    .with_member("closes_at", crate::clock::rfc3339_cst(closes_at()).into())
}

#[derive(Deserialize)]
struct RecommendationInput {
    reason: serde_json::Value,
}

/// The trimmed reason, 1–200 characters.
fn check_reason(input: &RecommendationInput) -> Result<String, Problem> {
    let Some(reason) = input.reason.as_str() else {
        return Err(Problem::field("reason", "请填写推荐理由"));
    };
    let reason = reason.trim();
    match reason.chars().count() {
        0 => Err(Problem::field("reason", "请填写推荐理由")),
        n if n > 200 => Err(Problem::field("reason", "推荐理由最多200个字")),
        _ => Ok(reason.to_string()),
    }
}

fn in_scope(conn: &rusqlite::Connection, body: &Body, kind: &str, id: &str) -> Result<(), Problem> {
    let found = if kind == "units" {
        indicators::unit_in_scope(conn, &body.scope, id)?
    } else {
        indicators::activity_in_scope(conn, &body.scope, id)?
    };
    found.then_some(()).ok_or_else(not_found)
}

/// `PUT /review/recommendations/{kind}/{id}`.
pub async fn recommend(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((kind, id)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, Problem> {
    let path = format!("{REVIEW_PATH}/recommendations/{kind}/{id}");
    let (user_id, body) = body_of(&state, current, &path).await?;
    if !KINDS.contains(&kind.as_str()) {
        return Err(not_found().with_instance(&path));
    }
    let input: RecommendationInput =
        super::topics::parse_body(&headers, &bytes).map_err(|p| p.with_instance(&path))?;
    let reason = check_reason(&input).map_err(|p| p.with_instance(&path))?;
    let now = state.clock.now();
    let percent = state.config.recommend_quota_percent;
    let saved = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            in_scope(&tx, &body, &kind, &id)?;
            if now >= closes_at() {
                return Err(window_closed());
            }
            if !db::exists(&tx, &body, &kind, &id)? {
                let (units, activities) = indicators::scope_sizes(&tx, &body.scope)?;
                let n = if kind == "units" { units } else { activities };
                let limit = quota(n, percent);
                let used = db::used(&tx, &body, &kind)?;
                if used >= limit {
                    let what = if kind == "units" {
                        "优秀组织单位"
                    } else {
                        "优秀活动"
                    };
                    return Err(Problem::new(
                        StatusCode::CONFLICT,
                        "quota-exceeded",
                        "Quota Exceeded",
                        format!("{what}最多推荐{limit}个，已推荐{used}个"),
                    )
                    .with_member("limit", limit.into())
                    .with_member("used", used.into()));
                }
            }
            let saved = db::put(&tx, &body, &kind, &id, &reason, &user_id, now.timestamp())?;
            tx.commit()?;
            Ok(saved)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(Json(saved).into_response())
}

/// `DELETE /review/recommendations/{kind}/{id}`.
pub async fn unrecommend(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Response, Problem> {
    let path = format!("{REVIEW_PATH}/recommendations/{kind}/{id}");
    let (user_id, body) = body_of(&state, current, &path).await?;
    if !KINDS.contains(&kind.as_str()) {
        return Err(not_found().with_instance(&path));
    }
    let now = state.clock.now();
    state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            in_scope(&tx, &body, &kind, &id)?;
            if now >= closes_at() {
                return Err(window_closed());
            }
            db::delete(&tx, &body, &kind, &id, &user_id, now.timestamp())?;
            tx.commit()?;
            Ok(())
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /admin/recommendations`.
pub async fn export(
    State(state): State<AppState>,
    current: CurrentUser,
    q: QueryParams,
) -> Result<Response, Problem> {
    let path = "/api/v1/admin/recommendations";
    let user_id = current.user.id;
    let admin = state
        .db
        .run(move |conn| Ok(org_db::roles(conn, &user_id)?.admin))
        .await?;
    if !admin {
        return Err(Problem::forbidden("只有管理员可以查看全部推荐").with_instance(path));
    }
    let mut errors = FieldErrors::new();
    let csv = match q.param("format").as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => {
            errors.add("format", "format 只能是 json 或 csv");
            false
        }
    };
    let kind = q.param("kind");
    if kind.as_deref().is_some_and(|k| !KINDS.contains(&k)) {
        errors.add("kind", "kind 只能是 units 或 activities");
    }
    let province = q.param("province");
    if province
        .as_deref()
        .is_some_and(|p| p.len() != 6 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        errors.add("province", "province 须为六位行政区划代码");
    }
    errors.finish((), path)?;
    let items = state
        .db
        .run(move |conn| Ok(db::all(conn, kind.as_deref(), province.as_deref())?))
        .await
        .map_err(|p| p.with_instance(path))?;
    if csv {
        return Ok((
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"recommendations-2021.csv\"",
                ),
                (header::CACHE_CONTROL, "private, no-cache"),
            ],
            db::csv(&items),
        )
            .into_response());
    }
    json_response(&serde_json::json!({ "items": items }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quota_is_a_tenth_rounded_down_and_at_least_one() {
        assert_eq!(quota(0, 10), 1);
        assert_eq!(quota(9, 10), 1);
        assert_eq!(quota(10, 10), 1);
        assert_eq!(quota(29, 10), 2);
        assert_eq!(quota(230, 10), 23);
        assert_eq!(quota(7, 50), 3);
    }

    #[test]
    fn the_period_ends_at_the_start_of_october_30_china_time() {
        assert_eq!(
            crate::clock::rfc3339_cst(closes_at()),
            "2021-10-30T00:00:00+08:00"
        );
    }
}
