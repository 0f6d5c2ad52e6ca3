use super::{client, ApiError};
use crate::models::{encode, Activity, ActivityPage, ActivityQuery};

/// Path segments are user-controlled (they come from the URL): encode them.
pub fn encode_segment(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

pub async fn fetch_activity(id: &str) -> Result<Activity, ApiError> {
    client::get(&format!("/activities/{}", encode_segment(id))).await
}

/// `GET /activities`: one page of results for the query, after `cursor`.
pub async fn search_activities(
    query: &ActivityQuery,
    cursor: Option<&str>,
    limit: u32,
) -> Result<ActivityPage, ApiError> {
    let mut qs = query.to_query_string();
    if let Some(c) = cursor {
        qs.push_str(if qs.is_empty() { "" } else { "&" });
        qs.push_str(&format!("cursor={}", encode(c)));
    }
    qs.push_str(if qs.is_empty() { "" } else { "&" });
    qs.push_str(&format!("limit={limit}"));
    client::get(&format!("/activities?{qs}")).await
}
