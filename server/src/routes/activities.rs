//! `GET /activities/{id}` (and, in issue 4, the search).
use crate::clock::rfc3339_cst;
use crate::problem::Problem;
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use chrono::{TimeZone, Utc};
use rusqlite::{OptionalExtension, Row};
use serde_json::{json, Value};

/// Columns every activity query selects, in the order [`activity_json`] reads them.
pub const ACTIVITY_COLUMNS: &str = "a.id, a.title, a.summary, a.description, a.theme_id, t.name, a.event_kind_id, k.name,
    a.format, a.starts_at, a.ends_at, a.organizer_name, a.organizer_type, a.province_code, p.name, a.city_code, c.name,
    a.venue_name, a.venue_address, a.online_url, a.registration_required, a.capacity, a.registered, a.popularity";

pub const ACTIVITY_JOINS: &str = "activities a
    JOIN themes t ON t.id = a.theme_id
    JOIN event_kinds k ON k.id = a.event_kind_id
    LEFT JOIN provinces p ON p.code = a.province_code
    LEFT JOIN cities c ON c.code = a.city_code";

fn time(secs: i64) -> String {
    rfc3339_cst(Utc.timestamp_opt(secs, 0).single().unwrap_or_default())
}

/// One activity as JSON: the full detail, or the summary used in result lists.
pub fn activity_json(r: &Row<'_>, full: bool) -> rusqlite::Result<Value> {
    let id: String = r.get(0)?;
    let province_code: Option<String> = r.get(13)?;
    let region = match province_code {
        Some(code) => json!({
            "province_code": code, "province_name": r.get::<_, Option<String>>(14)?,
            "city_code": r.get::<_, Option<String>>(15)?, "city_name": r.get::<_, Option<String>>(16)?,
        }),
        None => Value::Null,
    };
    let venue = match (
        r.get::<_, Option<String>>(17)?,
        r.get::<_, Option<String>>(18)?,
    ) {
        (Some(name), Some(address)) => json!({ "name": name, "address": address }),
        _ => Value::Null,
    };
    let mut v = json!({
        "id": id,
        "title": r.get::<_, String>(1)?,
        "summary": r.get::<_, String>(2)?,
        "theme": { "id": r.get::<_, String>(4)?, "name": r.get::<_, String>(5)? },
        "event_kind": { "id": r.get::<_, String>(6)?, "name": r.get::<_, String>(7)? },
        "format": r.get::<_, String>(8)?,
        "starts_at": time(r.get(9)?),
        "ends_at": time(r.get(10)?),
        "organizer": { "name": r.get::<_, String>(11)?, "type": r.get::<_, String>(12)? },
        "region": region,
        "venue": venue,
        "cover_url": format!("/media/covers/{id}.svg"),
        "popularity": r.get::<_, i64>(23)?,
    });
    if full {
        let registration = if r.get::<_, bool>(20)? {
            json!({ "required": true, "capacity": r.get::<_, Option<i64>>(21)?, "registered": r.get::<_, i64>(22)? })
        } else {
            Value::Null
        };
        v["description"] = json!(r.get::<_, String>(3)?);
        v["online_url"] = json!(r.get::<_, Option<String>>(19)?);
        v["registration"] = registration;
    }
    Ok(v)
}

/// Looks up one activity's theme colour (for its cover) and whether it exists.
pub fn theme_color(conn: &rusqlite::Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT t.color FROM activities a JOIN themes t ON t.id = a.theme_id WHERE a.id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()
}

pub async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    let path = format!("/api/v1/activities/{id}");
    let found = state
        .db
        .run(move |conn| {
            let sql = format!("SELECT {ACTIVITY_COLUMNS} FROM {ACTIVITY_JOINS} WHERE a.id = ?1");
            Ok(conn
                .query_row(&sql, [&id], |r| activity_json(r, true))
                .optional()?)
        })
        .await?;
    found
        .map(Json)
        .ok_or_else(|| Problem::not_found("活动不存在或已下线").with_instance(&path))
}
