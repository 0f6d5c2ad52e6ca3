//! Reference data (regions, themes, event kinds): read once at start, served with ETags.
use super::{etag_of, json_with_etag};
use crate::db::Db;
use crate::problem::Problem;
use crate::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{json, Value};

pub struct Cached {
    pub body: Vec<u8>,
    pub etag: String,
}

impl Cached {
    fn new(value: Value) -> Self {
        let body = serde_json::to_vec(&value).unwrap_or_default();
        Self {
            etag: etag_of(&body),
            body,
        }
    }
}

pub struct ReferenceCache {
    pub regions: Cached,
    pub themes: Cached,
    pub event_kinds: Cached,
}

impl ReferenceCache {
    pub async fn load(db: &Db) -> Result<Self, Problem> {
        db.run(|conn| {
            let mut themes = conn.prepare("SELECT id, name, description, color FROM themes ORDER BY sort")?;
            let themes: Vec<Value> = themes
                .query_map([], |r| {
                    Ok(json!({ "id": r.get::<_, String>(0)?, "name": r.get::<_, String>(1)?,
                                "description": r.get::<_, String>(2)?, "color": r.get::<_, String>(3)? }))
                })?
                .collect::<Result<_, _>>()?;
            let mut kinds = conn.prepare("SELECT id, name FROM event_kinds ORDER BY sort")?;
            let kinds: Vec<Value> = kinds
                .query_map([], |r| Ok(json!({ "id": r.get::<_, String>(0)?, "name": r.get::<_, String>(1)? })))?
                .collect::<Result<_, _>>()?;
            let mut cities = conn.prepare("SELECT code, name FROM cities WHERE province_code = ?1 ORDER BY sort")?;
            let mut provinces = conn.prepare("SELECT code, name, short_name FROM provinces ORDER BY sort")?;
            let rows: Vec<(String, String, String)> = provinces
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            let mut regions = Vec::with_capacity(rows.len());
            for (code, name, short_name) in rows {
                let list: Vec<Value> = cities
                    .query_map([&code], |r| Ok(json!({ "code": r.get::<_, String>(0)?, "name": r.get::<_, String>(1)? })))?
                    .collect::<Result<_, _>>()?;
                regions.push(json!({ "code": code, "name": name, "short_name": short_name, "cities": list }));
            }
            Ok(Self {
                regions: Cached::new(json!({ "items": regions })),
                themes: Cached::new(json!({ "items": themes })),
                event_kinds: Cached::new(json!({ "items": kinds })),
            })
        })
        .await
    }
}

pub async fn regions(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let c = &state.reference.regions;
    json_with_etag(&headers, &c.body, &c.etag)
}

pub async fn themes(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let c = &state.reference.themes;
    json_with_etag(&headers, &c.body, &c.etag)
}

pub async fn event_kinds(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let c = &state.reference.event_kinds;
    json_with_etag(&headers, &c.body, &c.etag)
}
