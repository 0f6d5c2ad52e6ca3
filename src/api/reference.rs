use super::{client, ApiError};
use crate::models::{EventKind, Items, Province, Theme};

pub async fn fetch_themes() -> Result<Vec<Theme>, ApiError> {
    Ok(client::get::<Items<Theme>>("/themes").await?.items)
}

pub async fn fetch_event_kinds() -> Result<Vec<EventKind>, ApiError> {
    Ok(client::get::<Items<EventKind>>("/event-kinds").await?.items)
}

pub async fn fetch_regions() -> Result<Vec<Province>, ApiError> {
    Ok(client::get::<Items<Province>>("/regions").await?.items)
}
