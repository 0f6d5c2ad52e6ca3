//! `GET /activities`: validates the query (422 naming the field), runs the search and answers
//! with an ETag.
use crate::clock::china_midnight;
use crate::db::activities::{ActivitySummary, TimeStatus};
use crate::db::activity_search::{self, Facets, Search, Sort};
use crate::db::near as near_db;
use crate::db::reference;
use crate::pagination::encode_cursor;
use crate::problem::{FieldErrors, Problem};
use crate::routes::near;
use crate::routes::{send_json, to_json, QueryParams};
use crate::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

#[derive(Serialize)]
struct Page {
    items: Vec<ActivitySummary>,
    next_cursor: Option<String>,
    total: i64,
    facets: Facets,
}

fn sort_tag(s: &Search) -> String {
    // A cursor only continues the search it came from (same order and keyword; for distance,
    // the same reference point).
    let tag = match s.sort {
        Some(Sort::Start) => "s".to_string(),
        Some(Sort::Popular) => "p".to_string(),
        Some(Sort::Now) => "n".to_string(),
        Some(Sort::Distance) => {
            let (lat, lng) = s.point.unwrap_or_default();
            format!(
                "d{}_{}_",
                (lat * 1e5).round() as i64,
                (lng * 1e5).round() as i64
            )
        }
        _ => "r".to_string(),
    };
    format!("{tag}{}", s.q.as_deref().map_or(0, |q| q.chars().count()))
}

/// `time_status`: a comma-separated list of upcoming, ongoing, ended → which to keep.
fn time_statuses(raw: &str) -> Option<[bool; 3]> {
    let mut keep = [false; 3];
    for part in raw.split(',') {
        match TimeStatus::parse(part.trim())? {
            TimeStatus::Upcoming => keep[0] = true,
            TimeStatus::Ongoing => keep[1] = true,
            TimeStatus::Ended => keep[2] = true,
        }
    }
    Some(keep)
}

/// Turns the raw query into a [`Search`], or the list of what is wrong with it.
fn validate(conn: &Connection, q: &QueryParams, now: i64) -> Result<Search, Problem> {
    let mut errors = FieldErrors::new();
    let get = |k: &str| q.param(k);
    let mut s = Search {
        // Control characters (NUL, …) are not search text: each becomes a space, so they can't
        // reach the FTS5 query (where NUL ended the string early: a 500).
        q: get("q")
            .map(|v| v.replace(char::is_control, " ").trim().to_string())
            .filter(|v| !v.is_empty()),
        ..Search::default()
    };
    if s.q.as_ref().is_some_and(|v| v.chars().count() > 100) {
        errors.add("q", "关键词不能超过100个字");
    }
    s.theme = get("theme");
    if let Some(t) = &s.theme {
        if !reference::theme_exists(conn, t)? {
            errors.add("theme", "没有这个主题");
        }
    }
    s.event_kind = get("event_kind");
    if let Some(k) = &s.event_kind {
        if !reference::event_kind_exists(conn, k)? {
            errors.add("event_kind", "没有这个活动类别");
        }
    }
    s.province = get("province");
    if let Some(p) = &s.province {
        if !reference::province_exists(conn, p)? {
            errors.add("province", "没有这个省份");
        }
    }
    s.city = get("city");
    if let Some(c) = &s.city {
        if !reference::city_exists(conn, c, s.province.as_deref())? {
            errors.add("city", "没有这个城市，或它不在所选省份");
        }
    }
    s.format = get("format");
    if s.format
        .as_deref()
        .is_some_and(|f| !matches!(f, "online" | "offline" | "hybrid"))
    {
        errors.add("format", "形式只能是 online、offline 或 hybrid");
    }
    s.organizer_type = get("organizer_type");
    if s.organizer_type.as_deref().is_some_and(|o| {
        !matches!(
            o,
            "society"
                | "association"
                | "museum"
                | "university"
                | "enterprise"
                | "base"
                | "institute"
                | "government"
        )
    }) {
        errors.add("organizer_type", "没有这种主办方类型");
    }
    let date = |field: &str, errors: &mut FieldErrors| -> Option<NaiveDate> {
        let v = get(field)?;
        NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .map_err(|_| errors.add(field, "日期格式应为 YYYY-MM-DD"))
            .ok()
    };
    let from = date("from", &mut errors);
    let to = date("to", &mut errors);
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            errors.add("from", "开始日期不能晚于结束日期");
        }
    }
    s.from = from.and_then(china_midnight);
    s.until = to.and_then(|d| china_midnight(d + Duration::days(1)));
    s.sort = match get("sort").as_deref() {
        None | Some("relevance") => None,
        Some("start") => Some(Sort::Start),
        Some("popular") => Some(Sort::Popular),
        Some("now") => Some(Sort::Now),
        Some("distance") => Some(Sort::Distance),
        Some(_) => {
            errors.add(
                "sort",
                "排序只能是 relevance、start、popular、now 或 distance",
            );
            None
        }
    };
    s.now = now;
    if let Some(raw) = get("time_status") {
        s.time_status = time_statuses(&raw);
        if s.time_status.is_none() {
            errors.add(
                "time_status",
                "状态只能是 upcoming、ongoing、ended（可用逗号分隔多个）",
            );
        }
    }
    s.point = near::point(q, &mut errors);
    if let Some(code) = get("near") {
        match near_db::city_centre(conn, &code)? {
            Some(centre) => {
                if s.point.is_none() {
                    s.point = Some(centre);
                }
            }
            None => errors.add("near", "没有这个城市，或暂无它的位置信息"),
        }
    }
    let has_point_params = ["lat", "lng", "near"].iter().any(|k| get(k).is_some());
    if s.sort == Some(Sort::Distance) && !has_point_params {
        errors.add("sort", "按距离排序需要提供位置（lat 和 lng，或 near）");
    }
    s.limit = q.limit(&mut errors);
    s.after = q.cursor(&sort_tag(&s), s.key_len(), &mut errors);
    errors.finish(s, "/api/v1/activities")
}

pub async fn search_activities(
    State(state): State<AppState>,
    query: QueryParams,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let index = state.activity_index.clone();
    let now = state.clock.now().timestamp();
    let body = state
        .db
        .run(move |conn| {
            let s = validate(conn, &query, now)?;
            let mut found = activity_search::search(conn, &index, &s)?;
            crate::db::reservations::fill_registrations(conn, &mut found.items, now)?;
            let tag = sort_tag(&s);
            to_json(&Page {
                items: found.items,
                next_cursor: found.next.map(|k| encode_cursor(&tag, &k)),
                total: found.total,
                facets: found.facets,
            })
        })
        .await?;
    Ok(send_json(&headers, &body))
}
