//! 点赞科技志愿: `GET /volunteers`, `GET /volunteers/leaderboard`, `GET /volunteers/{id}`,
//! `POST /volunteers/{id}/likes`, `GET /me/likes`, and the generated photos under
//! `/media/photos/`. "Today" is the China date (UTC+08:00) of the server clock.
use crate::auth::{CurrentUser, MaybeUser};
use crate::clock::{china_date, china_midnight};
use crate::db::reference;
use crate::db::volunteers::{self as db, ListQuery, MyVolunteerLike, Refused, Sort};
use crate::idempotency;
use crate::problem::{FieldErrors, Problem};
use crate::routes::media::generated_svg;
use crate::routes::{
    fnv1a, page_json, send_json, to_json, vary_authorization, QueryParams, WriteRequest,
};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;

const LIST_PATH: &str = "/api/v1/volunteers";
const LEADERBOARD_PATH: &str = "/api/v1/volunteers/leaderboard";

/// Whole seconds from `t` to the next 00:00 UTC+08:00 (at least 1).
pub fn seconds_to_china_midnight(t: DateTime<Utc>) -> i64 {
    let next = china_date(t) + chrono::Duration::days(1);
    let midnight = china_midnight(next).unwrap_or(t.timestamp() + 1);
    (midnight - t.timestamp()).max(1)
}

/// `province`: six digits naming a seeded province.
fn check_province(conn: &Connection, p: &str, errors: &mut FieldErrors) -> rusqlite::Result<()> {
    let known = p.len() == 6
        && p.bytes().all(|b| b.is_ascii_digit())
        && reference::province_exists(conn, p)?;
    if !known {
        errors.add("province", "没有这个省份");
    }
    Ok(())
}

/// A cursor continues only the list it came from: same order, keyword and filters.
fn cursor_tag(q: &ListQuery) -> String {
    let sort = match q.sort {
        Sort::Likes => 'l',
        Sort::Newest => 'n',
    };
    let filters = format!(
        "{}\u{1f}{}\u{1f}{}",
        q.q.as_deref().unwrap_or_default(),
        q.province.as_deref().unwrap_or_default(),
        q.kind.as_deref().unwrap_or_default()
    );
    format!("v{sort}{:08x}", fnv1a(filters.as_bytes()) as u32)
}

fn validate_list(conn: &Connection, q: &QueryParams) -> Result<ListQuery, Problem> {
    let mut errors = FieldErrors::new();
    let mut list = ListQuery {
        q: q.param("q"),
        ..ListQuery::default()
    };
    if list.q.as_ref().is_some_and(|v| v.chars().count() > 50) {
        errors.add("q", "关键词不能超过50个字");
    }
    list.province = q.param("province");
    if let Some(p) = &list.province {
        check_province(conn, p, &mut errors)?;
    }
    list.kind = q.param("kind");
    if list
        .kind
        .as_deref()
        .is_some_and(|k| !matches!(k, "person" | "team"))
    {
        errors.add("kind", "类型只能是 person 或 team");
    }
    list.sort = match q.param("sort").as_deref() {
        None | Some("likes") => Sort::Likes,
        Some("newest") => Sort::Newest,
        Some(_) => {
            errors.add("sort", "排序只能是 likes 或 newest");
            Sort::Likes
        }
    };
    list.limit = q.limit(&mut errors);
    list.after = q
        .cursor(&cursor_tag(&list), 2, &mut errors)
        .map(|key| [key[0], key[1]]);
    errors.finish(list, LIST_PATH)
}

/// `GET /volunteers`.
pub async fn list(
    State(state): State<AppState>,
    user: MaybeUser,
    query: QueryParams,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let today = china_date(state.clock.now()).to_string();
    let user_id = user.id();
    let body = state
        .db
        .run(move |conn| {
            let list = validate_list(conn, &query)?;
            let mut page = db::list(conn, &list)?;
            if let Some(user_id) = user_id {
                let liked = db::liked_on(conn, &user_id, &today)?;
                for v in &mut page.items {
                    v.liked_by_me_today = liked.contains(&v.id);
                }
            }
            page_json(page, &cursor_tag(&list))
        })
        .await?;
    Ok(vary_authorization(send_json(&headers, &body)))
}

/// `GET /volunteers/{id}`.
pub async fn detail(
    State(state): State<AppState>,
    user: MaybeUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("{LIST_PATH}/{id}");
    let today = china_date(state.clock.now()).to_string();
    let user_id = user.id();
    let found = state
        .db
        .run(move |conn| {
            let Some(mut v) = db::find(conn, &id)? else {
                return Ok(None);
            };
            if let Some(user_id) = user_id {
                v.liked_by_me_today = db::liked_on(conn, &user_id, &today)?.contains(&v.id);
            }
            Ok(Some(v))
        })
        .await?;
    let v = found.ok_or_else(|| Problem::not_found("志愿者不存在").with_instance(&path))?;
    Ok(vary_authorization(Json(v).into_response()))
}

#[derive(Serialize)]
struct LikeResult {
    like_count: i64,
    liked_today: bool,
    remaining_likes_today: i64,
}

enum Liked {
    Fresh(Vec<u8>),
    Replayed(idempotency::Stored),
}

/// `POST /volunteers/{id}/likes`: once per volunteer per China date, at most `--likes-per-day`
/// a day. The check, the like, the day's total, the all-time count and the idempotency record
/// are one `BEGIN IMMEDIATE` transaction, so concurrent likes count exactly.
pub async fn like(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    WriteRequest { headers, body }: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("{LIST_PATH}/{id}/likes");
    let request = idempotency::post_request(&headers, &current.user.id, &path, &body)?;
    let now = state.clock.now();
    let today = china_date(now).to_string();
    let daily_limit = i64::from(state.config.likes_per_day);
    let user_id = current.user.id;
    let instance = path.clone();
    let outcome = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let at = now.timestamp();
            if let Some(req) = &request {
                if let Some(stored) = idempotency::lookup(&tx, req, at)? {
                    return Ok(Liked::Replayed(stored));
                }
            }
            let counted = match db::like(&tx, &user_id, &id, &today, at, daily_limit)? {
                Ok(counted) => counted,
                Err(refused) => return Err(refusal(refused, now)),
            };
            let body = to_json(&LikeResult {
                like_count: counted.like_count,
                liked_today: true,
                remaining_likes_today: counted.remaining,
            })?;
            if let Some(req) = &request {
                idempotency::store(&tx, req, 200, None, &body, at)?;
            }
            tx.commit()?;
            Ok(Liked::Fresh(body))
        })
        .await
        .map_err(|p| p.with_instance(&instance))?;
    Ok(match outcome {
        Liked::Replayed(stored) => stored.into_response(),
        Liked::Fresh(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
    })
}

fn refusal(refused: Refused, now: DateTime<Utc>) -> Problem {
    match refused {
        Refused::NoSuchVolunteer => Problem::not_found("志愿者不存在"),
        Refused::AlreadyLikedToday => Problem::conflict("今天已经为TA点过赞了，明天再来吧"),
        Refused::DailyLimitReached => Problem::too_many(
            "今日点赞次数已用完，明天再来",
            u32::try_from(seconds_to_china_midnight(now)).unwrap_or(u32::MAX),
        ),
    }
}

#[derive(Serialize)]
struct Leaderboard {
    scope: &'static str,
    province_code: Option<String>,
    period: &'static str,
    starts_on: String,
    ends_on: String,
    items: Vec<db::LeaderboardEntry>,
    my_remaining_likes: Option<i64>,
}

/// `GET /volunteers/leaderboard`: likes in the current China day or the 7 China days ending
/// today, dense ranks, ties by id.
pub async fn leaderboard(
    State(state): State<AppState>,
    user: MaybeUser,
    query: QueryParams,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let today = china_date(state.clock.now());
    let daily_limit = i64::from(state.config.likes_per_day);
    let user_id = user.id();
    let body = state
        .db
        .run(move |conn| {
            let mut errors = FieldErrors::new();
            let scope = match query.param("scope").as_deref() {
                None | Some("all") => "all",
                Some("province") => "province",
                Some(_) => {
                    errors.add("scope", "范围只能是 all 或 province");
                    "all"
                }
            };
            let province = query.param("province");
            match &province {
                Some(p) => check_province(conn, p, &mut errors)?,
                None if scope == "province" => {
                    errors.add("province", "按省份排行时须指定省份");
                }
                None => {}
            }
            let (period, days) = match query.param("period").as_deref() {
                None | Some("week") => ("week", 7),
                Some("day") => ("day", 1),
                Some(_) => {
                    errors.add("period", "周期只能是 day 或 week");
                    ("week", 7)
                }
            };
            let limit = query.limit_up_to(100, 100, &mut errors);
            errors.finish((), LEADERBOARD_PATH)?;
            let province = province.filter(|_| scope == "province");
            let starts_on = (today - chrono::Duration::days(days - 1)).to_string();
            let ends_on = today.to_string();
            let items = db::leaderboard(conn, &starts_on, &ends_on, province.as_deref(), limit)?;
            let my_remaining_likes = match user_id {
                Some(id) => Some((daily_limit - db::likes_used(conn, &id, &ends_on)?).max(0)),
                None => None,
            };
            to_json(&Leaderboard {
                scope,
                province_code: province,
                period,
                starts_on,
                ends_on,
                items,
                my_remaining_likes,
            })
        })
        .await?;
    Ok(vary_authorization(send_json(&headers, &body)))
}

#[derive(Serialize)]
pub struct MyLikesToday {
    date: String,
    daily_limit: i64,
    used: i64,
    remaining: i64,
    items: Vec<MyVolunteerLike>,
}

/// `GET /me/likes`: the volunteers I liked today, newest first, and what is left.
pub async fn my_likes(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<MyLikesToday>, Problem> {
    let date = china_date(state.clock.now()).to_string();
    let daily_limit = i64::from(state.config.likes_per_day);
    let user_id = current.user.id;
    let items = {
        let date = date.clone();
        state
            .db
            .run(move |conn| Ok(db::my_likes(conn, &user_id, &date)?))
            .await?
    };
    let used = items.len() as i64;
    Ok(Json(MyLikesToday {
        date,
        daily_limit,
        used,
        remaining: (daily_limit - used).max(0),
        items,
    }))
}

/// `GET /media/photos/{id}.svg`: a generated portrait.
pub async fn photo(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, Problem> {
    generated_svg(&state, &file, db::name_and_kind, |id, (name, kind)| {
        photo_svg(id, &name, &kind)
    })
    .await
}

/// Background colours that carry white text at WCAG AA.
const PHOTO_COLORS: &[&str] = &[
    "#1d4ed8", "#0f766e", "#b45309", "#7c3aed", "#be123c", "#15803d", "#0e7490", "#9d174d",
    "#4338ca", "#a16207",
];

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A square portrait: a person is a circle with their surname, a team a rounded square with the
/// first two characters of its name; the colour comes from the id's hash, so it never changes.
pub fn photo_svg(id: &str, name: &str, kind: &str) -> String {
    let hash = fnv1a(id.as_bytes());
    let color = PHOTO_COLORS[(hash % PHOTO_COLORS.len() as u64) as usize];
    let (shape, text, size) = if kind == "team" {
        (
            r##"<rect width="160" height="160" rx="28" fill="COLOR"/>"##,
            name.chars().take(2).collect::<String>(),
            52,
        )
    } else {
        (
            r##"<circle cx="80" cy="80" r="80" fill="COLOR"/>"##,
            name.chars().take(1).collect::<String>(),
            72,
        )
    };
    let shape = shape.replace("COLOR", color);
    let glint = 20 + (hash >> 8) % 100;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 160" width="160" height="160" role="img" aria-label="{label}">{shape}<circle cx="{glint}" cy="24" r="36" fill="#fff" fill-opacity=".12"/><text x="80" y="80" dy=".35em" text-anchor="middle" font-size="{size}" fill="#fff" font-family="system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif">{text}</text></svg>"##,
        label = xml_escape(name),
        text = xml_escape(&text),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn today_and_midnight_are_in_china_time() {
        let late = at("2021-09-13T23:59:59+08:00");
        assert_eq!(china_date(late).to_string(), "2021-09-13");
        assert_eq!(seconds_to_china_midnight(late), 1);
        let midnight = at("2021-09-14T00:00:00+08:00");
        assert_eq!(china_date(midnight).to_string(), "2021-09-14");
        assert_eq!(seconds_to_china_midnight(midnight), 86_400);
        // 16:00 UTC is already the next China day.
        assert_eq!(
            china_date(at("2021-09-13T16:00:00Z")).to_string(),
            "2021-09-14"
        );
        assert_eq!(
            seconds_to_china_midnight(at("2021-09-13T10:00:00+08:00")),
            50_400
        );
    }

    #[test]
    fn photos_escape_names_and_differ_by_kind() {
        let p = photo_svg("vol_0001", "<王>", "person");
        assert!(p.contains("&lt;") && p.contains("<circle cx=\"80\""));
        let t = photo_svg("vol_0002", "星火科普志愿服务队", "team");
        assert!(t.contains(">星火</text>") && t.contains("<rect"));
    }
}
