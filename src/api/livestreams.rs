use super::activities::encode_segment;
use super::query::ApiPath;
use super::{client, ApiError};
use crate::models::{LiveQuery, LivestreamDetail, LivestreamPage, ViewerCounts};

/// `GET /livestreams`: one page of the tab, after `cursor`.
pub async fn list_livestreams(
    query: &LiveQuery,
    cursor: Option<&str>,
    limit: u32,
) -> Result<LivestreamPage, ApiError> {
    let path = ApiPath::new("/livestreams")
        .query(&query.api_query())
        .opt("cursor", cursor)
        .param("limit", limit);
    client::get(&path.build()).await
}

pub async fn fetch_livestream(id: &str) -> Result<LivestreamDetail, ApiError> {
    client::get(&format!("/livestreams/{}", encode_segment(id))).await
}

/// `GET /livestreams/viewers` for up to 50 ids.
pub async fn fetch_viewers(ids: &[String]) -> Result<ViewerCounts, ApiError> {
    let path = ApiPath::new("/livestreams/viewers").param("ids", ids.join(","));
    client::get(&path.build()).await
}
