use super::query::ApiPath;
use super::{client, ApiError};
use crate::format::fixed;
use crate::models::{EventKind, Items, LocatedCity, Province, Theme};

pub async fn fetch_themes() -> Result<Vec<Theme>, ApiError> {
    Ok(client::get::<Items<Theme>>("/themes").await?.items)
}

pub async fn fetch_event_kinds() -> Result<Vec<EventKind>, ApiError> {
    Ok(client::get::<Items<EventKind>>("/event-kinds").await?.items)
}

pub async fn fetch_regions() -> Result<Vec<Province>, ApiError> {
    Ok(client::get::<Items<Province>>("/regions").await?.items)
}

/// `GET /regions/locate`: the nearest city with a known centre to a position (404 when none is
/// within 150 km).
pub async fn locate_city(lat: f64, lng: f64) -> Result<LocatedCity, ApiError> {
    // Four decimals (about 10 m) is more than a city needs.
    let path = ApiPath::new("/regions/locate")
        .param("lat", fixed(lat, 4))
        .param("lng", fixed(lng, 4));
    client::get(&path.build()).await
}
