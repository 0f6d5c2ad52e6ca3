use super::activities::encode_segment;
use super::{client, ApiError};
use crate::models::{encode, LiveQuery, LivestreamDetail, LivestreamPage, ViewerCounts};

/// `GET /livestreams`: one page of the tab, after `cursor`.
pub async fn list_livestreams(
    query: &LiveQuery,
    cursor: Option<&str>,
    limit: u32,
) -> Result<LivestreamPage, ApiError> {
    let mut qs = query.api_query();
    if let Some(c) = cursor {
        qs.push_str(&format!("&cursor={}", encode(c)));
    }
    client::get(&format!("/livestreams?{qs}&limit={limit}")).await
}

pub async fn fetch_livestream(id: &str) -> Result<LivestreamDetail, ApiError> {
    client::get(&format!("/livestreams/{}", encode_segment(id))).await
}

/// `GET /livestreams/viewers` for up to 50 ids.
pub async fn fetch_viewers(ids: &[String]) -> Result<ViewerCounts, ApiError> {
    client::get(&format!(
        "/livestreams/viewers?ids={}",
        encode(&ids.join(","))
    ))
    .await
}
