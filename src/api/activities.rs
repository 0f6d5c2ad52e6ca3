use super::{client, ApiError};
use crate::models::Activity;

/// Path segments are user-controlled (they come from the URL): encode them.
pub fn encode_segment(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

pub async fn fetch_activity(id: &str) -> Result<Activity, ApiError> {
    client::get(&format!("/activities/{}", encode_segment(id))).await
}
