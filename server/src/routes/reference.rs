//! Reference data (regions, themes, event kinds): read once at start, served with ETags.
use super::{etag_of, json_with_etag};
use crate::db::{reference, Db};
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
            Ok(Self {
                regions: Cached::new(json!({ "items": reference::regions(conn)? })),
                themes: Cached::new(json!({ "items": reference::themes(conn)? })),
                event_kinds: Cached::new(json!({ "items": reference::event_kinds(conn)? })),
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
