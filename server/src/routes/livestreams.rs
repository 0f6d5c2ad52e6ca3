//! `GET /livestreams` (filtered, keyset-paged), `GET /livestreams/viewers` (the cheap batch
//! refresh), `GET /livestreams/{id}`, and the media they point at: covers and the sample clips
//! every stream plays, with byte ranges so browsers can play and seek.
use crate::clock::{china_midnight, cst};
use crate::db::livestreams::{self, ListQuery, Status};
use crate::db::reference;
use crate::problem::{FieldErrors, Problem};
use crate::routes::media::{cover_svg, generated_svg};
use crate::routes::{etag_of, page_json, send_json, QueryParams};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{Duration, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;

/// Most ids one viewer refresh may ask about.
pub const MAX_VIEWER_IDS: usize = 50;
/// Longest `ids` value accepted (the contract's `maxLength`): 50 ids with room to spare.
const MAX_VIEWER_IDS_LEN: usize = 4096;

#[derive(Serialize)]
struct ViewerCounts {
    items: Vec<livestreams::ViewerCount>,
    server_time: String,
}

/// A cursor continues only a list of the same status (the order depends on it).
fn cursor_tag(status: Option<Status>) -> &'static str {
    match status {
        None => "ls",
        Some(Status::Live) => "lsl",
        Some(Status::Upcoming) => "lsu",
        Some(Status::Replay) => "lsr",
    }
}

/// Turns the raw query into a [`ListQuery`], or a 422 naming every bad parameter.
fn validate(conn: &Connection, q: &QueryParams) -> Result<ListQuery, Problem> {
    let mut errors = FieldErrors::new();
    let get = |k: &str| q.param(k);
    let mut list = ListQuery::default();
    if let Some(s) = get("status") {
        list.status = Status::parse(&s);
        if list.status.is_none() {
            errors.add("status", "状态只能是 live、upcoming 或 replay");
        }
    }
    if let Some(d) = get("date") {
        match NaiveDate::parse_from_str(&d, "%Y-%m-%d") {
            Ok(day) => {
                list.date = china_midnight(day).zip(china_midnight(day + Duration::days(1)));
            }
            Err(_) => errors.add("date", "日期格式应为 YYYY-MM-DD"),
        }
    }
    list.theme = get("theme");
    if let Some(t) = &list.theme {
        if !reference::theme_exists(conn, t)? {
            errors.add("theme", "没有这个主题");
        }
    }
    list.limit = q.limit(&mut errors);
    list.after = q
        .cursor(cursor_tag(list.status), 2, &mut errors)
        .map(|key| (key[0], key[1]));
    errors.finish(list, "/api/v1/livestreams")
}

pub async fn list(
    State(state): State<AppState>,
    query: QueryParams,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let now = state.clock.now().timestamp();
    let body = state
        .db
        .run(move |conn| {
            let q = validate(conn, &query)?;
            let page = livestreams::list(conn, &q, now)?;
            page_json(page, cursor_tag(q.status))
        })
        .await?;
    Ok(send_json(&headers, &body))
}

pub async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<livestreams::LivestreamDetail>, Problem> {
    let path = format!("/api/v1/livestreams/{id}");
    let now = state.clock.now().timestamp();
    let found = state
        .db
        .run(move |conn| Ok(livestreams::find(conn, &id, now)?))
        .await?;
    found
        .map(Json)
        .ok_or_else(|| Problem::not_found("直播不存在或已下线").with_instance(&path))
}

pub async fn viewers(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, Problem> {
    // Distinct ids in order, stopping at the first one over the limit: linear in the URL, and
    // a long list costs no more than MAX_VIEWER_IDS + 1 ids.
    if query
        .get("ids")
        .is_some_and(|v| v.len() > MAX_VIEWER_IDS_LEN)
    {
        return Err(
            Problem::field("ids", "ids 须为 1 到 50 个以逗号分隔的直播 id")
                .with_instance("/api/v1/livestreams/viewers"),
        );
    }
    let mut ids: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for id in query
        .get("ids")
        .map(|v| v.split(',').map(str::trim).filter(|s| !s.is_empty()))
        .into_iter()
        .flatten()
    {
        if seen.insert(id) {
            ids.push(id.to_string());
            if ids.len() > MAX_VIEWER_IDS {
                break;
            }
        }
    }
    let well_formed = |id: &String| id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ids.is_empty() || ids.len() > MAX_VIEWER_IDS || !ids.iter().all(well_formed) {
        return Err(
            Problem::field("ids", "ids 须为 1 到 50 个以逗号分隔的直播 id")
                .with_instance("/api/v1/livestreams/viewers"),
        );
    }
    let now = state.clock.now();
    let secs = now.timestamp();
    let items = state
        .db
        .run(move |conn| Ok(livestreams::viewer_counts(conn, &ids, secs)?))
        .await?;
    let body = ViewerCounts {
        items,
        server_time: now
            .with_timezone(&cst())
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

/// `GET /media/covers/livestreams/{id}.svg`: the cover in the theme's colour, without a play
/// button: a stream that has not started cannot play, so the app draws ▶ only on cards that
/// can (live and replay).
pub async fn cover(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, Problem> {
    generated_svg(&state, &file, livestreams::theme_color, |id, color| {
        cover_svg(id, &color)
    })
    .await
}

/// The sample clips (server/media/README.md says how they were made).
const CLIP_BYTES: [(&str, &[u8]); 3] = [
    ("stream-a", include_bytes!("../../media/stream-a.mp4")),
    ("stream-b", include_bytes!("../../media/stream-b.mp4")),
    ("stream-c", include_bytes!("../../media/stream-c.mp4")),
];

/// `GET /media/streams/{id}.mp4` (the live stream) and `GET /media/videos/{id}.mp4` (its
/// replay): the stream's sample clip as `video/mp4`, whole or one byte range.
pub async fn video(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let Some(id) = file.strip_suffix(".mp4").map(str::to_string) else {
        return Err(Problem::not_found("没有这个视频"));
    };
    let clip = state
        .db
        .run(move |conn| Ok(livestreams::clip(conn, &id)?))
        .await?;
    let bytes = clip
        .and_then(|c| CLIP_BYTES.iter().find(|(name, _)| *name == c))
        .map(|(_, bytes)| *bytes)
        .ok_or_else(|| Problem::not_found("没有这个视频"))?;
    Ok(ranged(bytes, "video/mp4", &headers))
}

/// A static body with `Accept-Ranges: bytes`: a `Range: bytes=…` of one range gets a 206 with
/// `Content-Range`, an unsatisfiable one a 416; anything else (no range, several ranges, an
/// `If-Range` for another version) gets the whole body.
pub fn ranged(bytes: &'static [u8], content_type: &'static str, headers: &HeaderMap) -> Response {
    let etag = etag_of(bytes);
    let len = bytes.len() as u64;
    let if_range_ok = headers
        .get(header::IF_RANGE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.trim() == etag);
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .filter(|_| if_range_ok)
        .and_then(|v| parse_range(v, len));
    let common = |status: StatusCode| {
        let mut res = status.into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=86400"),
        );
        if let Ok(v) = HeaderValue::from_str(&etag) {
            h.insert(header::ETAG, v);
        }
        res
    };
    match range {
        None => {
            let mut res = common(StatusCode::OK);
            *res.body_mut() = axum::body::Body::from(bytes);
            res
        }
        Some(None) => {
            let mut res = common(StatusCode::RANGE_NOT_SATISFIABLE);
            res.headers_mut().insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes */{len}")).expect("ascii"),
            );
            res
        }
        Some(Some((start, end))) => {
            let mut res = common(StatusCode::PARTIAL_CONTENT);
            res.headers_mut().insert(
                header::CONTENT_RANGE,
                HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")).expect("ascii"),
            );
            *res.body_mut() = axum::body::Body::from(&bytes[start as usize..=end as usize]);
            res
        }
    }
}

/// `bytes=a-b`, `bytes=a-` or `bytes=-n` against a body of `len` bytes: `None` = ignore the
/// header (not one byte range), `Some(None)` = unsatisfiable, `Some(Some((first, last)))`.
fn parse_range(value: &str, len: u64) -> Option<Option<(u64, u64)>> {
    let spec = value.trim().strip_prefix("bytes=")?.trim();
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    let range = match (a.is_empty(), b.is_empty()) {
        (true, true) => return None,
        // The last n bytes.
        (true, false) => {
            let n: u64 = b.parse().ok()?;
            (n > 0 && len > 0).then(|| (len.saturating_sub(n), len - 1))
        }
        (false, _) => {
            let first: u64 = a.parse().ok()?;
            let last: u64 = if b.is_empty() {
                u64::MAX
            } else {
                b.parse().ok()?
            };
            if last < first {
                return None;
            }
            (first < len).then(|| (first, last.min(len - 1)))
        }
    };
    Some(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges() {
        assert_eq!(parse_range("bytes=0-99", 1000), Some(Some((0, 99))));
        assert_eq!(parse_range("bytes=900-", 1000), Some(Some((900, 999))));
        assert_eq!(parse_range("bytes=900-5000", 1000), Some(Some((900, 999))));
        assert_eq!(parse_range("bytes=-100", 1000), Some(Some((900, 999))));
        assert_eq!(parse_range("bytes=-5000", 1000), Some(Some((0, 999))));
        assert_eq!(parse_range("bytes=1000-", 1000), Some(None));
        assert_eq!(parse_range("bytes=-0", 1000), Some(None));
        assert_eq!(parse_range("bytes=0-1,5-6", 1000), None);
        assert_eq!(parse_range("bytes=5-1", 1000), None);
        assert_eq!(parse_range("items=0-1", 1000), None);
        assert_eq!(parse_range("bytes=x-1", 1000), None);
    }

    #[test]
    fn clips_are_small_mp4s() {
        for (name, bytes) in CLIP_BYTES {
            assert_eq!(&bytes[4..8], b"ftyp", "{name}");
            assert!(bytes.len() < 200 * 1024, "{name}: {} bytes", bytes.len());
        }
    }
}
