//! 统计 (`api/openapi.yaml`, tag `stats`): the public figures, a reviewer's scope, and its CSV.
use super::client;
use super::ApiError;
use crate::models::Stats;

pub async fn fetch_stats() -> Result<Stats, ApiError> {
    client::get("/stats").await
}

pub async fn fetch_review_stats() -> Result<Stats, ApiError> {
    client::get("/review/stats").await
}

/// The scope's CSV, with the UTF-8 BOM Excel needs to read the Chinese (the browser's text
/// decoding drops the one the server sent).
pub async fn review_stats_csv() -> Result<String, ApiError> {
    let text = client::get_text("/review/stats?format=csv").await?;
    Ok(if text.starts_with('\u{FEFF}') {
        text
    } else {
        format!("\u{FEFF}{text}")
    })
}
