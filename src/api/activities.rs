use super::query::ApiPath;
use super::{client, ApiError};
use crate::models::{Activity, ActivityPage, ActivityQuery};

/// Path segments are user-controlled (they come from the URL): encode them.
pub fn encode_segment(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// `GET /activities/{id}`, with the answer's JSON text, which the activity page hands to its
/// late pack `after` (活动回顾 reads `results` from it with a decoder of its own).
pub async fn fetch_activity_and_json(id: &str) -> Result<(Activity, String), ApiError> {
    client::get_with_text(&format!("/activities/{}", encode_segment(id))).await
}

/// `GET /activities`: one page of results for the query, after `cursor`.
pub async fn search_activities(
    query: &ActivityQuery,
    cursor: Option<&str>,
    limit: u32,
) -> Result<ActivityPage, ApiError> {
    let path = ApiPath::new("/activities")
        .query(&query.to_api_query_string())
        .opt("cursor", cursor)
        .param("limit", limit);
    client::get(&path.build()).await
}
