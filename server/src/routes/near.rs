//! `GET /regions/locate` and the `lat`/`lng` parameters that `GET /activities` and `GET /now`
//! share (issue 20, 附近).
use crate::db::near;
use crate::problem::{FieldErrors, Problem};
use crate::routes::QueryParams;
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;

fn coordinate(q: &QueryParams, key: &str, limit: f64, errors: &mut FieldErrors) -> Option<f64> {
    let raw = q.param(key)?;
    match raw.parse::<f64>() {
        Ok(v) if v.is_finite() && (-limit..=limit).contains(&v) => Some(v),
        _ => {
            errors.add(key, format!("{key} 必须是 -{limit} 到 {limit} 之间的数"));
            None
        }
    }
}

/// `lat` and `lng` (WGS 84), both or neither: one without the other names the missing one.
pub fn point(q: &QueryParams, errors: &mut FieldErrors) -> Option<(f64, f64)> {
    let lat = coordinate(q, "lat", 90.0, errors);
    let lng = coordinate(q, "lng", 180.0, errors);
    match (q.param("lat").is_some(), q.param("lng").is_some()) {
        (true, false) => errors.add("lng", "请同时提供 lat 和 lng"),
        (false, true) => errors.add("lat", "请同时提供 lat 和 lng"),
        _ => {}
    }
    lat.zip(lng)
}

pub async fn locate(
    State(state): State<AppState>,
    query: QueryParams,
) -> Result<Response, Problem> {
    let mut errors = FieldErrors::new();
    let at = point(&query, &mut errors);
    if query.param("lat").is_none() && query.param("lng").is_none() {
        errors.add("lat", "缺少 lat");
        errors.add("lng", "缺少 lng");
    }
    let at = errors.finish(at, "/api/v1/regions/locate")?;
    let Some(at) = at else {
        return Err(Problem::field("lat", "缺少 lat"));
    };
    let found = state
        .db
        .run(move |conn| Ok(near::locate(conn, at)?))
        .await?;
    match found {
        Some(city) => Ok(([(header::CACHE_CONTROL, "no-store")], Json(city)).into_response()),
        None => Err(Problem::not_found("附近没有可识别的城市，请手动选择城市")
            .with_instance("/api/v1/regions/locate")),
    }
}
