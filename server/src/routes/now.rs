//! `GET /now` (issue 20): what the home page shows — streams live now, what starts within the
//! next hours, today's activities near the visitor, the challenge's progress — in one cheap
//! request with an ETag. Built from the existing queries: the activity index (time window,
//! time status, distance) and the livestream and challenge queries.
use crate::clock::{china_date, china_midnight};
use crate::db::activities::{ActivitySummary, Region};
use crate::db::activity_search::{self, Search, Sort};
use crate::db::challenges;
use crate::db::livestreams::{self, Livestream};
use crate::db::near;
use crate::problem::{FieldErrors, Problem};
use crate::routes::{send_json, to_json, QueryParams};
use crate::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;

/// Items per list.
pub const MAX_ITEMS: usize = 10;
/// "Starting soon": within this many seconds (enough to reach the next session of the day:
/// at 10:00 the next activities start at 13:30).
pub const SOON_SECS: i64 = 6 * 3600;
/// "Near": within this many km of the reference point.
pub const NEAR_KM: f64 = 100.0;

#[derive(Serialize)]
struct NowChallenge {
    id: String,
    title: String,
    open: bool,
    starts_at: String,
    deadline: String,
    entry_count: i64,
}

#[derive(Serialize)]
struct Now {
    live: Vec<Livestream>,
    streams_soon: Vec<Livestream>,
    starting_soon: Vec<ActivitySummary>,
    today_near: Vec<ActivitySummary>,
    near: Option<Region>,
    challenge: Option<NowChallenge>,
}

pub async fn now(
    State(state): State<AppState>,
    query: QueryParams,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let index = state.activity_index.clone();
    let at = state.clock.now();
    let (now, today) = (at.timestamp(), china_date(at));
    let max_upload = state.config.max_upload_bytes as i64;
    let body = state
        .db
        .run(move |conn| {
            let mut errors = FieldErrors::new();
            let point = crate::routes::near::point(&query, &mut errors);
            let city = match query.param("city") {
                Some(code) => {
                    let region = near::city_region(conn, &code)?;
                    if region.is_none() {
                        errors.add("city", "没有这个城市");
                    }
                    region.map(|r| (code, r))
                }
                None => None,
            };
            errors.finish((), "/api/v1/now")?;

            let (mut live, mut streams_soon) =
                livestreams::live_and_soon(conn, now, now + SOON_SECS)?;
            live.sort_by_key(|s| std::cmp::Reverse(s.viewer_count.unwrap_or(0)));
            live.truncate(MAX_ITEMS);
            streams_soon.truncate(MAX_ITEMS);

            let soon = Search {
                from: Some(now + 1),
                until: Some(now + SOON_SECS),
                sort: Some(Sort::Start),
                limit: MAX_ITEMS,
                now,
                ..Search::default()
            };
            let mut starting_soon = activity_search::search(conn, &index, &soon)?.items;
            crate::db::reservations::fill_registrations(conn, &mut starting_soon, now)?;

            // Today's activities not ended, near the position (else the city's centre).
            let midnight = china_midnight(today).unwrap_or(now);
            let (near_region, from) = match (point, &city) {
                (Some(p), _) => (near::locate(conn, p)?.map(|l| l.region), Some(p)),
                (None, Some((code, region))) => {
                    (Some(region.clone()), near::city_centre(conn, code)?)
                }
                (None, None) => (None, None),
            };
            let today_search = Search {
                from: Some(midnight),
                until: Some(midnight + 86_400),
                time_status: Some([true, true, false]),
                limit: MAX_ITEMS,
                now,
                ..Search::default()
            };
            let mut today_near = match (from, &city) {
                (Some(p), _) => {
                    let s = Search {
                        sort: Some(Sort::Distance),
                        point: Some(p),
                        ..today_search
                    };
                    let mut items = activity_search::search(conn, &index, &s)?.items;
                    items.retain(|a| a.distance_km.flatten().is_some_and(|d| d <= NEAR_KM));
                    items
                }
                // A city without a known centre: its own activities of today, by start.
                (None, Some((code, _))) => {
                    let s = Search {
                        city: Some(code.clone()),
                        sort: Some(Sort::Start),
                        ..today_search
                    };
                    activity_search::search(conn, &index, &s)?.items
                }
                (None, None) => Vec::new(),
            };
            crate::db::reservations::fill_registrations(conn, &mut today_near, now)?;

            let challenge = challenges::list_challenges(conn, None, 1, now, max_upload)?
                .0
                .into_iter()
                .next()
                .map(|row| {
                    let c = row.challenge;
                    NowChallenge {
                        id: c.id,
                        title: c.title,
                        open: c.open,
                        starts_at: c.starts_at,
                        deadline: c.deadline,
                        entry_count: c.entry_count,
                    }
                });
            to_json(&Now {
                live,
                streams_soon,
                starting_soon,
                today_near,
                near: near_region,
                challenge,
            })
        })
        .await?;
    Ok(send_json(&headers, &body))
}
